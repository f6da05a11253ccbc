#!/usr/bin/env bash
# Checks that the Python client generated from openapi.yaml is valid Python: it must compile, and
# import when the interpreter has the libraries the generator requires (pydantic 2, urllib3 2, ...;
# Debian 12 ships older ones, so CI may only compile). A contract that breaks the client fails the build.
set -euo pipefail
client_dir="$1"
package=crmhub_client

if ! command -v python3 >/dev/null; then
  echo "python client check skipped: python3 is not installed"
  exit 0
fi
if [ ! -d "$client_dir/$package" ]; then
  echo "python client check: $client_dir/$package was not generated" >&2
  exit 1
fi

python3 -m compileall -q "$client_dir/$package" || {
  echo "python client check: the generated client does not compile (see above)" >&2
  exit 1
}

if python3 - <<'PY'
import sys
try:
    import pydantic, urllib3, dateutil, typing_extensions
except ImportError:
    sys.exit(1)
sys.exit(0 if int(pydantic.VERSION.split(".")[0]) >= 2 and int(urllib3.__version__.split(".")[0]) >= 2 else 1)
PY
then
  (cd "$client_dir" && python3 -c "import $package; import $package.api; print('python client imports:', len([n for n in dir($package) if n.endswith('Api')]), 'API classes')") || {
    echo "python client check: the generated client does not import (see above)" >&2
    exit 1
  }
else
  echo "python client import skipped: needs pydantic 2 and urllib3 2 (compiled only)"
fi
