#!/usr/bin/env python3
"""Learning curve of the hub's sentiment scorer (see bench/README.md, "sentiment learning curve").

Splits a labelled CSV (label,text) of real support messages in two halves with a fixed seed, lets
`crm-hub.jar sentiment --learn` learn from the first N rows of one half (the corrections) and
scores the other half; for every N also scores VADER's ground-truth sets with the same model.
Prints a table and one line of JSON. Nothing is written into the repo: the learned files go into
a temporary folder that is deleted at the end.
"""
import argparse, csv, json, math, os, random, subprocess, sys, tempfile, time

LABELS = ("negative", "neutral", "positive")


def label_of(mean, cut=0.05):
    return "positive" if mean >= cut else "negative" if mean <= -cut else "neutral"


def read_labelled(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = [(r["label"].strip().lower(), r["text"]) for r in csv.DictReader(f)]
    bad = [l for l, _ in rows if l not in LABELS]
    if bad:
        sys.exit(f"learning-curve: {path}: labels must be one of {LABELS}, found {bad[0]!r}")
    return rows


def read_ground_truth(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\r\n").split("\t", 2)
            if len(parts) == 3:
                rows.append((float(parts[1]), parts[2]))
    return rows


def one_line(text):
    return " ".join(text.split())


def score(jar, learn_file, texts):
    command = ["java", "-jar", jar, "sentiment"] + (["--learn", learn_file] if learn_file else [])
    started = time.monotonic()
    done = subprocess.run(command, input="".join(one_line(t) + "\n" for t in texts), capture_output=True,
                          text=True, encoding="utf-8", timeout=1800)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"learning-curve: {' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    out = [line.split("\t") for line in done.stdout.splitlines()]
    if len(out) != len(texts):
        sys.exit(f"learning-curve: {len(texts)} texts in, {len(out)} lines out")
    return [(float(c), l) for c, l in out], seconds


def f1(gold, predicted):
    scores, weights = [], []
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        weights.append(sum(1 for g in gold if g == label))
    return sum(scores) / 3, sum(s * w for s, w in zip(scores, weights)) / max(1, len(gold))


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return sxy / (sx * sy) if sx and sy else 0.0


def judge(gold, scored):
    predicted = [label for _, label in scored]
    accuracy = sum(1 for g, p in zip(gold, predicted) if g == p) / len(gold)
    complaints = [p for g, p in zip(gold, predicted) if g == "negative"]
    macro, weighted = f1(gold, predicted)
    return {
        "accuracy": accuracy,
        "complaintsCalledPositive": sum(1 for p in complaints if p == "positive") / max(1, len(complaints)),
        "macroF1": macro,
        "weightedF1": weighted,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jar", required=True)
    parser.add_argument("--labelled", required=True, help="label,text CSV of real support messages (read only)")
    parser.add_argument("--vader", default=None, help="folder with VADER's *_GroundTruth.txt sets")
    parser.add_argument("--steps", default="0,100,300,1000,3000")
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()

    rows = read_labelled(args.labelled)
    random.Random(args.seed).shuffle(rows)
    half = len(rows) // 2
    pool, held = rows[:half], rows[half:]
    steps = [int(s) for s in args.steps.split(",")]
    if max(steps) > len(pool):
        sys.exit(f"learning-curve: the learning half has only {len(pool)} rows")
    vader_sets = []
    if args.vader:
        for name in ("tweets", "amazonReviewSnippets", "movieReviewSnippets", "nytEditorialSnippets"):
            path = os.path.join(args.vader, f"{name}_GroundTruth.txt")
            if os.path.exists(path):
                vader_sets.append((name, read_ground_truth(path)))

    results = []
    with tempfile.TemporaryDirectory(prefix="crmhub-learning-") as tmp:
        for n in steps:
            learn_file = None
            if n > 0:
                learn_file = os.path.join(tmp, f"learn-{n}.csv")
                with open(learn_file, "w", encoding="utf-8", newline="") as f:
                    writer = csv.writer(f)
                    writer.writerow(["label", "text"])
                    writer.writerows(pool[:n])
            scored, seconds = score(args.jar, learn_file, [t for _, t in held])
            row = {"corrections": n, "held": judge([l for l, _ in held], scored), "seconds": seconds, "sets": {}}
            for name, data in vader_sets:
                scored_set, _ = score(args.jar, learn_file, [t for _, t in data])
                figures = judge([label_of(m) for m, _ in data], scored_set)
                figures["r"] = pearson([m for m, _ in data], [c for c, _ in scored_set])
                row["sets"][name] = figures
            results.append(row)
            held_figures = row["held"]
            print(f"corrections {n:5d}: held-back half ({len(held)}) accuracy {held_figures['accuracy']:.3f},"
                  f" complaints called positive {100 * held_figures['complaintsCalledPositive']:.1f} %,"
                  f" macro F1 {held_figures['macroF1']:.3f}, weighted F1 {held_figures['weightedF1']:.3f}"
                  f" ({seconds:.1f} s)", flush=True)
            for name, figures in row["sets"].items():
                print(f"    {name:22s} r {figures['r']:.3f}  accuracy {figures['accuracy']:.3f}"
                      f"  weighted F1 {figures['weightedF1']:.3f}", flush=True)
    print(json.dumps({"benchmark": "sentiment-learning-curve", "learningPool": len(pool), "heldBack": len(held),
                      "seed": args.seed, "results": results}))


if __name__ == "__main__":
    main()
