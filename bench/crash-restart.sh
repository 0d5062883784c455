#!/usr/bin/env bash
# Starts `java -jar target/xingfu.jar` on a fresh data folder (migrations + demo city), writes a record,
# kills the JVM with -9 (the embedded PostgreSQL survives it), starts again on the same folder and checks that
# the platform comes up and the acknowledged record is still there.
source "$(dirname "$0")/common.sh"
build_jar
DATA=$(mktemp -d /tmp/xingfu-crash.XXXXXX)
PORT=${PORT:-18081}
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

start_app "$DATA" "$PORT" "$DATA/first.log"
TOKEN=$(wait_for_me "$PORT" sq.nongchang 180) || { tail -50 "$DATA/first.log"; echo "first start failed"; exit 1; }
NODE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me" | sed -n 's/.*"nodeId":\([0-9]*\).*/\1/p')
CREATED=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/v1/org/nodes" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"parentId\":$NODE,\"type\":\"COMPOUND\",\"name\":\"断电测试小区\"}")
[ "$CREATED" = 201 ] || { echo "create answered $CREATED"; exit 1; }
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
echo "killed -9; postmaster left behind: $(head -1 "$DATA/pg/postmaster.pid" 2>/dev/null || echo none)"

T0=$(now_ms)
start_app "$DATA" "$PORT" "$DATA/second.log"
TOKEN=$(wait_for_me "$PORT" sq.nongchang 180) || { tail -50 "$DATA/second.log"; echo "restart after kill -9 failed"; exit 1; }
echo "restarted after kill -9 in $(( $(now_ms) - T0 )) ms"
CHILDREN=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/org/nodes/$NODE/children?size=200")
echo "$CHILDREN" | grep -q '断电测试小区' || { echo "the record acknowledged before the crash is gone"; exit 1; }
echo "crash-restart: OK (record acknowledged before kill -9 survived)"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
APP_PID=
# a clean stop leaves no postmaster behind
sleep 1
if [ -f "$DATA/pg/postmaster.pid" ]; then echo "postmaster.pid left after a clean stop"; exit 1; fi
rm -rf "$DATA"
