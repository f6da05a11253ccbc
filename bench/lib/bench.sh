# Shell helpers shared by bench/ingest/run, bench/scale/run and bench/inbox/run. Source it after
# setting bench_name (the prefix of error messages, e.g. bench/ingest/run) and tmp (the run's
# temporary folder). Bash only; nothing here starts a process that it does not also wait for or report.
# shellcheck shell=bash disable=SC2154 # bench_name and tmp come from the script that sources this

: "${STOP_SECONDS:=20}"
: "${AUTOCANNON_VERSION:=8.0.0}"
# the hub is started as the README starts it (the flag lets HotSpot compile the JSON Schema
# validator's one huge method; without it every request body is validated by the interpreter)
HUB_JVM_FLAGS=(-XX:-DontCompileHugeMethods)

whole_number() { # name value max
  if [[ ! $2 =~ ^[0-9]+$ ]] || ((10#$2 > $3)); then
    echo "$bench_name: $1 must be a whole number from 0 to $3, got '$2'" >&2
    exit 2
  fi
}

# stop one process we started: SIGTERM, bounded wait, then SIGKILL
# shellcheck disable=SC2317 # called from EXIT traps
stop_pid() { # pid name
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_SECONDS * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$bench_name: $2 (pid $pid) ignored SIGTERM for ${STOP_SECONDS} s, killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}

free_port() {
  node -e 'const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

secret() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

show_log() { # file title
  echo "--- last lines of the $2 log ---" >&2
  tail -n 40 "$1" >&2 || true
}

# installs the pinned autocannon into $tmp/npm (never into the repo); exits 1 if npm fails
install_autocannon() {
  echo "installing autocannon@$AUTOCANNON_VERSION into a temporary folder"
  if ! npm install --prefix "$tmp/npm" --no-save --no-audit --no-fund --ignore-scripts \
    "autocannon@$AUTOCANNON_VERSION" >"$tmp/npm.log" 2>&1; then
    show_log "$tmp/npm.log" npm
    exit 1
  fi
}

# waits until the hub answers /health/ready; exits 1 if it dies or is not ready in time
wait_hub_ready() { # pid port log seconds name
  local i
  for ((i = 0; i < $4 * 2; i++)); do
    if ! kill -0 "$1" 2>/dev/null; then
      echo "$bench_name: the $5 exited during start-up" >&2
      show_log "$3" "$5"
      exit 1
    fi
    if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$2/health/ready"; then
      return 0
    fi
    sleep 0.5
  done
  echo "$bench_name: the $5 was not ready within $4 s" >&2
  show_log "$3" "$5"
  exit 1
}

# waits until redis-server logs that it accepts connections; exits 1 if it dies or is not ready in time
wait_redis_ready() { # pid log seconds
  local i
  for ((i = 0; i < $3 * 4; i++)); do
    if ! kill -0 "$1" 2>/dev/null; then
      echo "$bench_name: redis-server exited during start-up" >&2
      show_log "$2" redis-server
      exit 1
    fi
    if grep -qs 'Ready to accept connections' "$2"; then
      return 0
    fi
    sleep 0.25
  done
  echo "$bench_name: redis-server was not ready within $3 s" >&2
  show_log "$2" redis-server
  exit 1
}

# "hub/target/crm-hub.jar" or "NAME.jar (CRMHUB_JAR)", the repo's revision, and the Java version
describe_build() { # jar root
  local jar_name revision
  if [[ -z ${CRMHUB_JAR:-} ]]; then jar_name=hub/target/crm-hub.jar; else jar_name="$(basename "$1") (CRMHUB_JAR)"; fi
  revision=$(git -C "$2" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n $(git -C "$2" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    revision="$revision with uncommitted changes"
  fi
  echo "measuring $jar_name, repo at $revision, $(java -version 2>&1 | head -n 1)"
}

# prints the WARN/ERROR lines count of a hub log and the first few, on stderr
report_log_problems() { # log name
  local problems
  problems=$(grep -cE ' (WARN|ERROR) ' "$1" || true)
  if ((problems > 0)); then
    echo "$2 log: $problems WARN/ERROR lines; the first ones:" >&2
    grep -E ' (WARN|ERROR) ' "$1" | head -n 5 >&2 || true
  fi
}
