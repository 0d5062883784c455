#!/usr/bin/env bash
# Fault harness (issue 9): kill -9 of the application while 32 clients file requests with Idempotency-Keys.
# Starts the jar on a fresh data folder (a small demo city), runs 32 clients that each file requests one after the
# other with a key of their own, kills the JVM with -9 after LOAD_S seconds, keeps the clients running through the
# outage (their calls fail), starts the application again on the same folder, and then:
#   - retries every call that got no answer, and a sample of those that got a 201, with the same key and body;
#   - checks in the database that every request acknowledged with a 201 exists, exactly once, and that no key
#     produced two requests.
# Prints acknowledged, stored, duplicated and lost; fails when anything acknowledged is lost or duplicated, or a
# retry of an acknowledged key answers with another request. Loopback only; bounded by LOAD_S and the client count.
source "$(dirname "$0")/../common.sh"
build_jar
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
DATA=$(mktemp -d /tmp/xingfu-faults.XXXXXX)
PORT=${PORT:-18086}
CLIENTS=${CLIENTS:-32}
LOAD_S=${LOAD_S:-8}
BASE="http://127.0.0.1:$PORT"
cleanup() {
  touch "$DATA/stop" 2>/dev/null || true
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

T0=$(now_ms)
start_app "$DATA" "$PORT" "$DATA/first.log" --xingfu.demo.households=3000
TOKEN=$(wait_for_me "$PORT" jm.caizheng.101 240) || { tail -50 "$DATA/first.log"; echo "first start failed"; exit 1; }
FIRST_MS=$(( $(now_ms) - T0 ))
echo "first start (migrations and the demo city) in $FIRST_MS ms"

source "$(dirname "$0")/load.sh"
CALLS="$DATA" TITLE="断电压测" KEY_PREFIX=c
start_clients "$CLIENTS"
sleep "$LOAD_S"
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
KILLED_AT=$(now_ms)
echo "killed -9 after ${LOAD_S}s of load by $CLIENTS clients"
sleep 2
T0=$(now_ms)
start_app "$DATA" "$PORT" "$DATA/second.log" --xingfu.demo.households=3000
wait_for_me "$PORT" jm.caizheng.101 240 >/dev/null || { tail -50 "$DATA/second.log"; echo "restart failed"; exit 1; }
RESTART_MS=$(( $(now_ms) - T0 ))
echo "up again $RESTART_MS ms after the restart began ($(( $(now_ms) - KILLED_AT )) ms after the kill), under the load of $CLIENTS clients"
echo "restart under load / first start: $(awk -v a="$RESTART_MS" -v b="$FIRST_MS" 'BEGIN {printf "%.2f", a / b}')"
stop_clients
count_answers
retry_calls
embedded_pg "$DATA"
count_stored "$PGPORT"

echo; row "clients" "$CLIENTS"
row "first start / restart under load (ms)" "$FIRST_MS / $RESTART_MS"
print_counts
check_counts || { echo "FAILED"; exit 1; }
echo "kill -9 under load: OK"
