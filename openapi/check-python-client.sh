#!/usr/bin/env bash
# Checks the Python clients generated from openapi.yaml, so a contract change that breaks them fails
# the build. Both must compile; each is then imported and used (exercise-python-client.py) by an
# interpreter that has the libraries it needs:
#   $1  generator `python`: pydantic 2 and urllib3 2, imported where python3 has them;
#   $2  generator `python-pydantic-v1`: pydantic 1 (what Debian 12 packages), imported by python3 or,
#       failing that, the OS's own /usr/bin/python3.
# CRMHUB_PYTHON_CLIENT_IMPORT=required (.ci/run sets it) makes a pydantic-1 client that no
# interpreter can import a failure instead of a skip.
set -euo pipefail
pydantic2_client="$1"
pydantic1_client="$2"
package=crmhub_client
exercise="$(dirname "$0")/exercise-python-client.py"
import_required=$([ "${CRMHUB_PYTHON_CLIENT_IMPORT:-}" = required ] && echo true || echo false)

if ! command -v python3 >/dev/null; then
  if $import_required; then
    echo "python client check: python3 is not installed" >&2
    exit 1
  fi
  echo "python client check skipped: python3 is not installed"
  exit 0
fi

for client_dir in "$pydantic2_client" "$pydantic1_client"; do
  if [ ! -d "$client_dir/$package" ]; then
    echo "python client check: $client_dir/$package was not generated" >&2
    exit 1
  fi
  python3 -m compileall -q "$client_dir/$package" || {
    echo "python client check: $client_dir does not compile (see above)" >&2
    exit 1
  }
done

# has_libraries PYTHON PYDANTIC_MAJOR: the interpreter has what that client's requirements name
has_libraries() {
  "$1" - "$2" <<'PY' 2>/dev/null
import sys
import dateutil, pydantic, typing_extensions, urllib3
pydantic_major = int(pydantic.VERSION.split(".")[0])
urllib3_major = int(urllib3.__version__.split(".")[0])
sys.exit(0 if pydantic_major == int(sys.argv[1]) and urllib3_major >= pydantic_major else 1)
PY
}

exercise_client() {
  "$1" "$exercise" "$2" || {
    echo "python client check: $2 does not import or work with $1 (see above)" >&2
    exit 1
  }
}

if has_libraries python3 2; then
  exercise_client python3 "$pydantic2_client"
else
  echo "python client (pydantic 2) import skipped: python3 lacks pydantic 2 or urllib3 2 (compiled only)"
fi

# python-pydantic-v1 7.25.0 writes @validator for a date-time with a pattern (RequestDateTime) but
# imports validator only for strings; add the import it forgot so the rest of the client is checked.
for model in "$pydantic1_client/$package"/models/*.py; do
  if grep -q '^    @validator(' "$model" && ! grep -qE '^from pydantic import .*\bvalidator\b' "$model"; then
    sed -i 's/^from __future__ import annotations$/&\nfrom pydantic import validator  # added by check-python-client.sh/' "$model"
    echo "python client (pydantic 1): added the import of validator the generator left out of $(basename "$model")"
  fi
done

pydantic1_python=
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && has_libraries "$candidate" 1; then
    pydantic1_python="$candidate"
    break
  fi
done
if [ -n "$pydantic1_python" ]; then
  exercise_client "$pydantic1_python" "$pydantic1_client"
elif $import_required; then
  echo "python client check: no python3 has pydantic 1, urllib3, dateutil and typing_extensions" \
    "(Debian: python3-pydantic python3-urllib3 python3-dateutil python3-typing-extensions)" >&2
  exit 1
else
  echo "python client (pydantic 1) import skipped: no python3 has pydantic 1 and urllib3 (compiled only)"
fi
