# Shared helpers of the bench/ scripts (sourced).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64; do
  if [ -z "${JAVA_HOME:-}" ] && [ -x "$candidate/bin/java" ]; then export JAVA_HOME="$candidate"; fi
done
export PATH="$JAVA_HOME/bin:$PATH"
# BENCH_JAR runs a copy, so a build during a long run does not replace the jar under the running app
JAR="${BENCH_JAR:-$ROOT/target/xingfu.jar}"

build_jar() {
  [ -z "${BENCH_JAR:-}" ] || return 0
  if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
  fi
}

now_ms() { date +%s%3N; }

# start_app DATA_DIR PORT LOG [extra args...]: starts java -jar in the background, sets APP_PID
start_app() {
  local data="$1" port="$2" log="$3"; shift 3
  # shellcheck disable=SC2086
  # the load generators run on loopback and sign in many accounts: their address is exempt from the rate limits
  # the benchmarks run on the demo city (java -jar alone starts a clean installation since issue 24)
  XINGFU_DEMO_ENABLED="${XINGFU_DEMO_ENABLED-true}" \
  XINGFU_RATE_LIMIT_EXEMPT="${XINGFU_RATE_LIMIT_EXEMPT-127.0.0.1}" XINGFU_DATA_DIR="$data" java ${JAVA_OPTS--Xmx256m -XX:+UseSerialGC} -jar "$JAR" --server.port="$port" "$@" >"$log" 2>&1 &
  APP_PID=$!
}

# token PORT USER: prints a bearer token, or nothing while the app is not up yet
token() {
  curl -s -m 5 -X POST "http://127.0.0.1:$1/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"Xingfu@2026\"}" 2>/dev/null \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# wait_for_me PORT USER TIMEOUT_S: waits until an authenticated GET /api/v1/me answers 200; prints the token
wait_for_me() {
  local port="$1" user="$2" deadline=$(( $(date +%s) + $3 )) t
  while [ "$(date +%s)" -lt "$deadline" ]; do
    t=$(token "$port" "$user")
    if [ -n "$t" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H "Authorization: Bearer $t" "http://127.0.0.1:$port/api/v1/me")" = 200 ]; then
      echo "$t"; return 0
    fi
    sleep 0.1
  done
  return 1
}

# embedded_pg DATA_DIR: PGPORT of the embedded PostgreSQL of that data folder, and its superuser's password in
# PGPASSWORD for psql and pgbench (issue 24: it asks for one; the passwords are in the data folder, owner-only)
embedded_pg() {
  PGPORT=$(sed -n 4p "$1/pg/postmaster.pid"); export PGPORT
  PGPASSWORD=$(sed -n 's/^postgres=//p' "$1/pg/xingfu-credentials.properties"); export PGPASSWORD
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# postgres_rss_kb DATA_DIR: RSS of the postmaster of that data folder and its children
postgres_rss_kb() {
  local pid; pid=$(head -1 "$1/pg/postmaster.pid" 2>/dev/null || true)
  [ -n "$pid" ] || { echo 0; return; }
  local total=0 p
  for p in $pid $(pgrep -P "$pid" || true); do total=$(( total + $(rss_kb "$p") )); done
  echo "$total"
}

ms() { # TOKEN URL -> milliseconds of one GET, failing on a non-200
  local out; out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $1" "$2")
  [ "${out%% *}" = 200 ] || { echo "GET $2 answered ${out%% *}" >&2; exit 1; }
  awk -v t="${out#* }" 'BEGIN {printf "%.1f\n", t * 1000}'
}
median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
maxof() { sort -n | tail -1; }
