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

start_app "$DATA" "$PORT" "$DATA/first.log" --xingfu.demo.households=3000
TOKEN=$(wait_for_me "$PORT" jm.caizheng.101 240) || { tail -50 "$DATA/first.log"; echo "first start failed"; exit 1; }

body() { # KEY -> the request's JSON (the key in the title, so stored rows can be counted per key)
  printf '{"category":"PROPERTY_REPAIR","title":"断电压测 %s","description":"楼道灯不亮，晚上看不见台阶","urgency":"GENERAL"}' "$1"
}
client() { # N: files requests until the stop file appears; writes "key status id" lines
  local n=$1 i=0 key out code id
  while [ ! -f "$DATA/stop" ]; do
    i=$((i + 1)); key="c$n-$i"
    out=$(curl -s -m 10 -w '\n%{http_code}' -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$(body "$key")" 2>/dev/null) || out=$'\n000'
    code=$(echo "$out" | tail -1)
    id=$(echo "$out" | head -1 | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
    echo "$key $code ${id:-0}" >> "$DATA/client.$n"
    [ "$code" = 000 ] && sleep 0.2
  done
}
CLIENT_PIDS=()
for n in $(seq 1 "$CLIENTS"); do client "$n" & CLIENT_PIDS+=($!); done
sleep "$LOAD_S"
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
KILLED_AT=$(now_ms)
echo "killed -9 after ${LOAD_S}s of load by $CLIENTS clients"
sleep 2
T0=$(now_ms)
start_app "$DATA" "$PORT" "$DATA/second.log" --xingfu.demo.households=3000
wait_for_me "$PORT" jm.caizheng.101 240 >/dev/null || { tail -50 "$DATA/second.log"; echo "restart failed"; exit 1; }
echo "up again $(( $(now_ms) - T0 )) ms after the restart began ($(( $(now_ms) - KILLED_AT )) ms after the kill)"
touch "$DATA/stop"
sleep 1
wait "${CLIENT_PIDS[@]}" 2>/dev/null || true

cat "$DATA"/client.* > "$DATA/calls"
ACKED=$(awk '$2 == 201' "$DATA/calls" | wc -l)
UNANSWERED=$(awk '$2 == 000' "$DATA/calls" | wc -l)
OTHER=$(awk '$2 != 201 && $2 != 000' "$DATA/calls" | wc -l)
# the clients that got no answer retry with the same key and body; so do some that got a 201
RETRIED_OK=0; CHANGED=0
while read -r key code id; do
  out=$(curl -s -m 10 -w '\n%{http_code}' -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$(body "$key")")
  rcode=$(echo "$out" | tail -1); rid=$(echo "$out" | head -1 | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
  if [ "$code" = 201 ] && [ "$rid" != "$id" ]; then CHANGED=$((CHANGED + 1)); echo "retry of $key answered $rcode id $rid, first $id"; fi
  [ "$rcode" = 201 ] && RETRIED_OK=$((RETRIED_OK + 1))
done < <(awk '$2 == 000' "$DATA/calls"; awk '$2 == 201' "$DATA/calls" | awk 'NR % 10 == 1')

PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
STORED=$("${PSQL[@]}" -c "select count(*) from req_request where title like '断电压测 %'")
DUPLICATED=$("${PSQL[@]}" -c "select count(*) from (select title from req_request where title like '断电压测 %' group by title having count(*) > 1) d")
awk '$2 == 201 {print $3}' "$DATA/calls" | sort -u > "$DATA/acked.ids"
"${PSQL[@]}" -c "select id from req_request where title like '断电压测 %'" | sort -u > "$DATA/stored.ids"
LOST=$(comm -23 "$DATA/acked.ids" "$DATA/stored.ids" | wc -l)
awk '{print $1}' "$DATA/calls" | sort -u > "$DATA/keys"
"${PSQL[@]}" -c "select substr(title, 6) from req_request where title like '断电压测 %'" | sort -u > "$DATA/stored.keys"
ORPHANS=$(comm -13 "$DATA/keys" "$DATA/stored.keys" | tr '\n' ' ')
printf '\n%-44s %s\n' "calls made by $CLIENTS clients" "$(wc -l < "$DATA/calls")"
printf '%-44s %s\n' "acknowledged (201) before or after the kill" "$ACKED"
printf '%-44s %s\n' "no answer (in flight or during the outage)" "$UNANSWERED"
printf '%-44s %s\n' "other answers" "$OTHER"
printf '%-44s %s\n' "retries answered 201 after the restart" "$RETRIED_OK"
printf '%-44s %s\n' "retries of acknowledged keys with another id" "$CHANGED"
printf '%-44s %s\n' "stored (distinct requests of this run)" "$STORED"
printf '%-44s %s\n' "duplicated (a key stored twice)" "$DUPLICATED"
printf '%-44s %s\n' "lost (acknowledged, not stored)" "$LOST"
printf '%-44s %s\n' "stored for a key no client recorded" "${ORPHANS:-none}"
[ "$LOST" = 0 ] && [ "$DUPLICATED" = 0 ] && [ "$CHANGED" = 0 ] || { echo "FAILED"; exit 1; }
echo "kill -9 under load: OK"
