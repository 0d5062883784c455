#!/usr/bin/env bash
# Fault harness (issue 9): the database's disk fills up under load. The application and its embedded PostgreSQL
# keep their data on a tmpfs of DISK_MB; while 32 clients file requests with Idempotency-Keys, a filler file takes
# every free byte for FULL_S seconds and is then removed. Checks:
#   - while the disk is full every call is a 201 (a write that still fitted) or a 503 with Retry-After, never a
#     500;
#   - after the space is back the application recovers by itself (PostgreSQL restarts after a failed WAL write;
#     if it gave up, the script starts it again and says so);
#   - every call without a 201 is retried with its key: every request acknowledged exists once, and no request is
#     partial (each has its "submitted" timeline entry and its idempotency record).
# Needs root for the tmpfs mount. Loopback only; bounded by LOAD_S, FULL_S, AFTER_S and the client count.
source "$(dirname "$0")/../common.sh"
build_jar
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
[ "$(id -u)" = 0 ] || { echo "disk-full.sh mounts a tmpfs: run it as root"; exit 1; }
DISK_MB=${DISK_MB:-400}
PORT=${PORT:-18088}
CLIENTS=${CLIENTS:-32}
LOAD_S=${LOAD_S:-5}
FULL_S=${FULL_S:-5}
AFTER_S=${AFTER_S:-15}
BASE="http://127.0.0.1:$PORT"
DATA=$(mktemp -d /tmp/xingfu-diskfull.XXXXXX)   # the tmpfs: the database and uploads
LOGS=$(mktemp -d /tmp/xingfu-diskfull-logs.XXXXXX)
mount -t tmpfs -o size="${DISK_MB}m" tmpfs "$DATA"
cleanup() {
  touch "$LOGS/stop" 2>/dev/null || true
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null || true
  [ -f "$DATA/pg/postmaster.pid" ] && { kill -INT "$(head -1 "$DATA/pg/postmaster.pid")" 2>/dev/null || true; sleep 1; }
  umount "$DATA" 2>/dev/null || umount -l "$DATA" 2>/dev/null || true
  rmdir "$DATA" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $LOGS"; else rm -rf "$LOGS"; fi
}
trap cleanup EXIT

start_app "$DATA" "$PORT" "$LOGS/app.log" --xingfu.demo.households=3000
TOKEN=$(wait_for_me "$PORT" jm.caizheng.101 240) || { tail -50 "$LOGS/app.log"; echo "start failed"; exit 1; }
PGPORT=$(sed -n 4p "$DATA/pg/postmaster.pid")
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
echo "up; the database takes $(du -sm "$DATA/pg" | cut -f1) MB of the ${DISK_MB} MB disk"

body() {
  printf '{"category":"PROPERTY_REPAIR","title":"满盘压测 %s","description":"楼道灯不亮，晚上看不见台阶","urgency":"GENERAL"}' "$1"
}
client() { # N: "key status retry-after id end_ms" lines
  local n=$1 i=0 key out code ra id
  while [ ! -f "$LOGS/stop" ]; do
    i=$((i + 1)); key="d$n-$i"
    out=$(curl -s -m 20 -w '\n%{http_code} %header{retry-after}' -X POST "$BASE/api/v1/requests" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
      -d "$(body "$key")" 2>/dev/null) || out=$'\n000 -'
    read -r code ra <<< "$(echo "$out" | tail -1)"
    id=$(echo "$out" | head -1 | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
    [ "$code" = 503 ] && [ ! -f "$LOGS/sample.503" ] && echo "$out" | head -1 > "$LOGS/sample.503"
    [ "$code" = 500 ] && echo "$out" | head -1 >> "$LOGS/sample.500"
    echo "$key $code ${ra:--} ${id:-0} $(( ${EPOCHREALTIME/./} / 1000 ))" >> "$LOGS/client.$n"
    case "$code" in 201) ;; *) sleep 0.2 ;; esac
  done
}
CLIENT_PIDS=()
for n in $(seq 1 "$CLIENTS"); do client "$n" & CLIENT_PIDS+=($!); done
sleep "$LOAD_S"
T_FULL=$(now_ms)
dd if=/dev/zero of="$DATA/filler" bs=1M 2>/dev/null || true
echo "disk full after ${LOAD_S}s of load ($(df -m --output=avail "$DATA" | tail -1 | tr -d ' ') MB left)"
sleep "$FULL_S"
rm -f "$DATA/filler"
T_FREE=$(now_ms)
echo "space back after $(( T_FREE - T_FULL )) ms"
# PostgreSQL restarts itself after a PANIC on a failed WAL write; if its startup failed for want of space the
# postmaster is gone, and an operator would start it again: so does this script, and it says so
sleep 3
if ! "${PSQL[@]}" -c 'select 1' >/dev/null 2>&1; then
  PG_PID=$(head -1 "$DATA/pg/postmaster.pid" 2>/dev/null || echo 0)
  if ! kill -0 "$PG_PID" 2>/dev/null; then
    echo "PostgreSQL stopped for good while the disk was full: started again by the script"
    rm -f "$DATA/pg/postmaster.pid"
    (eval "exec unshare -U $(cat "$DATA/pg/postmaster.opts")" > "$LOGS/pg-again.log" 2>&1 &)
  fi
fi
T_WAIT=$(( $(date +%s) + 60 ))
until "${PSQL[@]}" -c 'select 1' >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$T_WAIT" ] || { echo "PostgreSQL did not come back"; exit 1; }
  sleep 0.2
done
T_UP=$(now_ms)
echo "PostgreSQL answering $(( T_UP - T_FREE )) ms after the space came back"
sleep "$AFTER_S"
touch "$LOGS/stop"
sleep 1
wait "${CLIENT_PIDS[@]}" 2>/dev/null || true

cat "$LOGS"/client.* | sort -k5n > "$LOGS/calls"
count() { awk "$1" "$LOGS/calls" | wc -l; }
ACKED=$(count '$2 == 201')
S503=$(count '$2 == 503')
S503_NO_RA=$(count '$2 == 503 && $3 == "-"')
S5XX=$(count '$2 >= 500 && $2 != 503')
UNANSWERED=$(count '$2 == "000"')
OTHER=$(count '$2 != 201 && $2 != 503 && $2 != "000" && $2 < 500')
LAST_FAIL=$(awk -v up="$T_UP" '$5 >= up && $2 != 201 {t = $5} END {printf "%d\n", t}' "$LOGS/calls")
RECOVERED_MS=$(( LAST_FAIL > T_UP ? LAST_FAIL - T_UP : 0 ))
AFTER_OK=$(awk -v up="$T_UP" '$5 >= up && $2 == 201' "$LOGS/calls" | wc -l)

RETRIED_OK=0; CHANGED=0
while read -r key code ra id t; do
  out=$(curl -s -m 20 -w '\n%{http_code}' -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$(body "$key")")
  rcode=$(echo "$out" | tail -1); rid=$(echo "$out" | head -1 | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -1)
  if [ "$code" = 201 ] && [ "$rid" != "$id" ]; then CHANGED=$((CHANGED + 1)); fi
  [ "$rcode" = 201 ] && RETRIED_OK=$((RETRIED_OK + 1))
done < <(awk '$2 != 201' "$LOGS/calls"; awk '$2 == 201' "$LOGS/calls" | awk 'NR % 10 == 1')

STORED=$("${PSQL[@]}" -c "select count(*) from req_request where title like '满盘压测 %'")
DUPLICATED=$("${PSQL[@]}" -c "select count(*) from (select title from req_request where title like '满盘压测 %' group by title having count(*) > 1) d")
PARTIAL=$("${PSQL[@]}" -c "select count(*) from req_request r where title like '满盘压测 %' and (not exists (select 1 from req_event e where e.request_id = r.id) or not exists (select 1 from req_idempotency i where i.request_id = r.id))")
# the audit entries written during the outage are sealed into the hash chain once the disk has room (every second)
UNSEALED=$("${PSQL[@]}" -c "select count(*) from aud_entry where hash is null")
awk '$2 == 201 {print $4}' "$LOGS/calls" | sort -u > "$LOGS/acked.ids"
"${PSQL[@]}" -c "select id from req_request where title like '满盘压测 %'" | sort -u > "$LOGS/stored.ids"
LOST=$(comm -23 "$LOGS/acked.ids" "$LOGS/stored.ids" | wc -l)
awk '{print $1}' "$LOGS/calls" | sort -u > "$LOGS/keys"
"${PSQL[@]}" -c "select substr(title, 6) from req_request where title like '满盘压测 %'" | sort -u > "$LOGS/stored.keys"
ORPHANS=$(comm -13 "$LOGS/keys" "$LOGS/stored.keys" | tr '\n' ' ')

printf '\n%-52s %s\n' "calls made by $CLIENTS clients" "$(wc -l < "$LOGS/calls")"
printf '%-52s %s\n' "acknowledged (201)" "$ACKED"
printf '%-52s %s\n' "answered 503" "$S503"
printf '%-52s %s\n' "503 without Retry-After" "$S503_NO_RA"
printf '%-52s %s\n' "500 or another 5xx" "$S5XX"
printf '%-52s %s\n' "no answer within 20 s" "$UNANSWERED"
printf '%-52s %s\n' "other answers" "$OTHER"
printf '%-52s %s\n' "last failed call after PostgreSQL answered (ms)" "$RECOVERED_MS"
printf '%-52s %s\n' "201s after PostgreSQL answered again" "$AFTER_OK"
printf '%-52s %s\n' "retries answered 201 after the recovery" "$RETRIED_OK"
printf '%-52s %s\n' "retries of acknowledged keys with another id" "$CHANGED"
printf '%-52s %s\n' "stored (distinct requests of this run)" "$STORED"
printf '%-52s %s\n' "duplicated (a key stored twice)" "$DUPLICATED"
printf '%-52s %s\n' "partial (no timeline entry or idempotency record)" "$PARTIAL"
printf '%-52s %s\n' "lost (acknowledged, not stored)" "$LOST"
printf '%-52s %s\n' "audit entries left unsealed" "$UNSEALED"
printf '%-52s %s\n' "stored for a key no client recorded" "${ORPHANS:-none}"
[ -f "$LOGS/sample.503" ] && echo "a 503 body: $(cat "$LOGS/sample.503")"
[ -f "$LOGS/sample.500" ] && { echo "500 bodies:"; head -3 "$LOGS/sample.500"; }
grep -m3 "No space left\|could not extend\|PANIC" "$LOGS/app.log" | cut -c1-220 || true
FAILED=0
[ "$S5XX" = 0 ] || { echo "FAILED: a 5xx other than 503"; FAILED=1; }
[ "$S503" -gt 0 ] || { echo "FAILED: no 503 while the disk was full"; FAILED=1; }
[ "$S503_NO_RA" = 0 ] || { echo "FAILED: a 503 without Retry-After"; FAILED=1; }
[ "$RECOVERED_MS" -le 10000 ] || { echo "FAILED: calls still failing 10 s after the database answered"; FAILED=1; }
[ "$AFTER_OK" -gt 0 ] || { echo "FAILED: no 201 after the space came back"; FAILED=1; }
[ "$LOST" = 0 ] && [ "$DUPLICATED" = 0 ] && [ "$CHANGED" = 0 ] && [ "$PARTIAL" = 0 ] || { echo "FAILED: lost, duplicated or partial"; FAILED=1; }
[ "$UNSEALED" = 0 ] || { echo "FAILED: audit entries not sealed after the recovery"; FAILED=1; }
[ "$FAILED" = 0 ] || exit 1
echo "disk full under load: OK"
