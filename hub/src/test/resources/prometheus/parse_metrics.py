"""Parses a Prometheus text exposition with the Prometheus Python client's own parser and prints
its families as JSON, so Java tests check /metrics with a parser they did not write.
Reads the exposition from the file named by the first argument; malformed input fails (exit 1)."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

with open(sys.argv[1], encoding="utf-8") as exposition:
    text = exposition.read()

families = []
for family in text_string_to_metric_families(text):
    families.append({
        "name": family.name,
        "type": family.type,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
    })
print(json.dumps({"families": families}))
