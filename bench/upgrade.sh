#!/usr/bin/env bash
# Issue 24, part 5: a data folder made by an earlier build starts on this one with its data intact.
# Builds REF (default: the commit before HEAD) in a worktree of its own, starts its jar on a fresh data folder with the
# demo city, writes a record through the API, stops it cleanly, then starts this build's jar on the same folder and
# reads the record back; stops it and verifies the audit chain with --xingfu.audit.verify.
#   bash bench/upgrade.sh [REF]
source "$(dirname "$0")/common.sh"
REF=${1:-HEAD~1}
build_jar
PORT=${PORT:-18091}
WORK=$(mktemp -d /tmp/xingfu-upgrade.XXXXXX)
DATA="$WORK/data"
cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null || true
  (cd "$ROOT" && git worktree remove --force "$WORK/old" >/dev/null 2>&1) || true
  if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

OLD_COMMIT=$(cd "$ROOT" && git rev-parse --short "$REF")
echo "building $REF ($OLD_COMMIT)"
(cd "$ROOT" && git worktree add --detach "$WORK/old" "$REF" >/dev/null 2>&1)
(cd "$WORK/old" && ./mvnw -q -B -DskipTests package >"$WORK/old-build.log" 2>&1) \
  || { tail -30 "$WORK/old-build.log"; echo "the build of $REF failed"; exit 1; }
OLD_JAR="$WORK/old/target/xingfu.jar"

# the earlier build, on a fresh folder, with the demo city (XINGFU_DEMO_ENABLED from start_app: builds before
# issue 24 load it by default anyway)
JAR_SAVED=$JAR; JAR=$OLD_JAR
start_app "$DATA" "$PORT" "$WORK/old.log" --xingfu.demo.households=3000
JAR=$JAR_SAVED
TOKEN=$(wait_for_me "$PORT" sq.nongchang 240) || { tail -40 "$WORK/old.log"; echo "$REF did not start"; exit 1; }
NODE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/me" | sed -n 's/.*"nodeId":\([0-9]*\).*/\1/p')
NAME="升级前小区$(date +%s)"
CREATED=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/api/v1/org/nodes" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"parentId\":$NODE,\"type\":\"COMPOUND\",\"name\":\"$NAME\"}")
[ "$CREATED" = 201 ] || { echo "create on $REF answered $CREATED"; exit 1; }
RESIDENT=$(wait_for_me "$PORT" jm.caizheng.101 30)
FILED=$(curl -s -X POST "http://127.0.0.1:$PORT/api/v1/requests" -H "Authorization: Bearer $RESIDENT" \
  -H 'Content-Type: application/json' -H "Idempotency-Key: upgrade-$(date +%s%N)" \
  -d "{\"category\":\"PROPERTY_REPAIR\",\"title\":\"$NAME 的诉求\",\"description\":\"升级前提交\",\"urgency\":\"GENERAL\"}" \
  | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
[ -n "$FILED" ] || { echo "filing a request on $REF failed"; exit 1; }
REQUESTS_BEFORE=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/requests?size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
echo "$REF: wrote $NAME, stopped"

# this build on the same folder
T0=$(now_ms)
start_app "$DATA" "$PORT" "$WORK/new.log" --xingfu.demo.households=3000
TOKEN=$(wait_for_me "$PORT" sq.nongchang 240) || { tail -60 "$WORK/new.log"; echo "this build did not start on the folder of $REF"; exit 1; }
echo "this build up on the folder of $REF in $(( $(now_ms) - T0 )) ms"
CHILDREN=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/org/nodes/$NODE/children?size=200")
echo "$CHILDREN" | grep -q "$NAME" || { echo "the record written by $REF is gone"; exit 1; }
REQUESTS_AFTER=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/requests?size=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
[ "$REQUESTS_BEFORE" = "$REQUESTS_AFTER" ] || { echo "requests before $REQUESTS_BEFORE, after $REQUESTS_AFTER"; exit 1; }
RESIDENT=$(wait_for_me "$PORT" jm.caizheng.101 30)
curl -s -H "Authorization: Bearer $RESIDENT" "http://127.0.0.1:$PORT/api/v1/requests/$FILED" | grep -q "$NAME 的诉求" \
  || { echo "the request $FILED filed on $REF is gone"; exit 1; }
grep -q "now requires passwords" "$WORK/new.log" && echo "the embedded database of $REF was locked down with passwords"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
[ -f "$DATA/pg/xingfu-credentials.properties" ] || { echo "no credentials file after the upgrade"; exit 1; }
grep -q trust "$DATA/pg/pg_hba.conf" && { echo "pg_hba.conf still trusts after the upgrade"; exit 1; }
XINGFU_DATA_DIR="$DATA" java -Xmx256m -jar "$JAR" --xingfu.audit.verify > "$WORK/verify.log" 2>&1 \
  || { cat "$WORK/verify.log"; echo "the audit chain does not verify after the upgrade"; exit 1; }
grep "Audit chain" "$WORK/verify.log"
echo "upgrade from $REF ($OLD_COMMIT): OK (the compound, request $FILED and the $REQUESTS_AFTER requests of the community are there, the chain verifies)"
