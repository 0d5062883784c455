#!/usr/bin/env bash
# Foundation benchmark: time from launch to the first authenticated API call on an existing data folder, then a
# 30 s wrk run against GET /api/v1/me (after a 10 s warm-up), with the JVM's and the database's RSS after it.
# Baseline in the same run: the same wrk load against /actuator/health/liveness (no auth, no database), so the
# figures can be read as a ratio on a shared, noisy machine.
# Targets (issue 2): first call within 10 s; JVM RSS at most 400 MB under the load.
source "$(dirname "$0")/common.sh"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
build_jar
DATA=${BENCH_DATA:-$(mktemp -d /tmp/xingfu-bench.XXXXXX)}
PORT=${PORT:-18082}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-16}
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

if [ ! -d "$DATA/pg" ]; then
  echo "== first start: migrations and demo city into $DATA"
  T0=$(now_ms)
  start_app "$DATA" "$PORT" "$DATA/first.log"
  wait_for_me "$PORT" admin 300 >/dev/null || { tail -40 "$DATA/first.log"; exit 1; }
  echo "first start incl. demo city: $(( $(now_ms) - T0 )) ms"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
fi

echo "== start on the existing data folder"
T0=$(now_ms)
start_app "$DATA" "$PORT" "$DATA/bench.log"
TOKEN=$(wait_for_me "$PORT" sq.nongchang 120) || { tail -40 "$DATA/bench.log"; exit 1; }
FIRST_CALL=$(( $(now_ms) - T0 ))

run_wrk() { # URL [header] -> prints "rps p99_ms errors"
  local out
  if [ -n "${2:-}" ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$2" "$1"); else out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1"); fi
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$rps $p99 ${errors:-none}"
}

ME="http://127.0.0.1:$PORT/api/v1/me"
AUTH="Authorization: Bearer $TOKEN"
echo "== warm-up 10 s"
DURATION=10s run_wrk "$ME" "$AUTH" >/dev/null
echo "== baseline: /actuator/health/liveness, $CONNECTIONS connections, $DURATION"
read -r BASE_RPS BASE_P99 BASE_ERR <<<"$(run_wrk "http://127.0.0.1:$PORT/actuator/health/liveness")"
echo "== GET /api/v1/me with a bearer token, $CONNECTIONS connections, $DURATION"
read -r ME_RPS ME_P99 ME_ERR <<<"$(run_wrk "$ME" "$AUTH")"
JVM_RSS=$(( $(rss_kb "$APP_PID") / 1024 ))
PG_RSS=$(( $(postgres_rss_kb "$DATA") / 1024 ))

printf '\n%-44s %s\n' "first authenticated call after launch" "${FIRST_CALL} ms (target <= 10000)"
printf '%-44s %s\n' "baseline liveness req/s, p99" "$BASE_RPS, ${BASE_P99} ms ($BASE_ERR)"
printf '%-44s %s\n' "GET /api/v1/me req/s, p99" "$ME_RPS, ${ME_P99} ms ($ME_ERR)"
printf '%-44s %s\n' "ratio me / baseline" "$(awk -v a="$ME_RPS" -v b="$BASE_RPS" 'BEGIN {printf "%.2f", a/b}')"
printf '%-44s %s\n' "JVM RSS after the load" "${JVM_RSS} MB (target <= 400)"
printf '%-44s %s\n' "PostgreSQL RSS (postmaster + backends)" "${PG_RSS} MB"
