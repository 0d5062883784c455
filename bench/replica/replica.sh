#!/usr/bin/env bash
# Read replica (issue 11): Debian's PostgreSQL as a primary and a streaming replica (pg_basebackup -R) on loopback,
# the application on the primary with xingfu.replica.url pointing at the replica. Checks:
#   - dashboards and exports read from the replica (its pg_stat_activity shows the xingfu-replica pool at work; the
#     primary has no connection of that pool);
#   - a resident reads their own request at once after filing it (the primary: never the replica for that);
#   - the replica's delay: how long until a new request is seen there;
#   - the replica stopped: dashboards answer 503 with Retry-After, filing requests goes on.
# Bounded: a few dozen calls.
source "$(dirname "$0")/../common.sh"
build_jar
PORT=${PORT:-18095}
P1=${P1:-55436}
P2=${P2:-55437}
command -v psql >/dev/null && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client >/dev/null; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DATA=$(mktemp -d /tmp/xingfu-replica.XXXXXX)
chmod 755 "$DATA"
as_pg() { su postgres -s /bin/sh -c "$*"; }
cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl -D $DATA/replica -m immediate stop" >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl -D $DATA/primary -m immediate stop" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
mkdir -p "$DATA/run" && chown postgres "$DATA" "$DATA/run"
as_pg "$PG_BIN/initdb -D $DATA/primary -E UTF8 --locale=C.UTF-8 -A trust -U postgres" >/dev/null
as_pg "$PG_BIN/pg_ctl -D $DATA/primary -l $DATA/run/primary.log -w -o '-p $P1 -k $DATA/run -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4' start" >/dev/null
as_pg "$PG_BIN/pg_basebackup -h 127.0.0.1 -p $P1 -U postgres -D $DATA/replica -R -X stream" >/dev/null
as_pg "$PG_BIN/pg_ctl -D $DATA/replica -l $DATA/run/replica.log -w -o '-p $P2 -k $DATA/run -c listen_addresses=127.0.0.1 -c hot_standby=on' start" >/dev/null
on() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -At -c "$2"; }
[ "$(on "$P2" 'select pg_is_in_recovery()')" = t ] || { echo "the replica is not in recovery"; exit 1; }
echo "primary on $P1, streaming replica on $P2 ($(on "$P1" 'select count(*) from pg_stat_replication') sender)"

export XINGFU_DB_URL="jdbc:postgresql://127.0.0.1:$P1/postgres" XINGFU_DB_USER=postgres
start_app "$DATA" "$PORT" "$DATA/app.log" --xingfu.demo.households=3000 \
  --xingfu.replica.url="jdbc:postgresql://127.0.0.1:$P2/postgres" --xingfu.replica.username=postgres
RESIDENT=$(wait_for_me "$PORT" jm.caizheng.101 300) || { tail -40 "$DATA/app.log"; echo "start failed"; exit 1; }
BASE="http://127.0.0.1:$PORT"
ADMIN=$(token "$PORT" admin)
STAFF=$(token "$PORT" sq.nongchang)
CITY=$(on "$P1" "select id from org_node where type = 'CITY' order by id limit 1")
FAILED=0

# 1. the resident's own request, read back at once: the primary
OWN_OK=0
for i in $(seq 1 20); do
  id=$(curl -s -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $RESIDENT" -H 'Content-Type: application/json' \
    -d "{\"category\":\"PROPERTY_REPAIR\",\"title\":\"副本测试 $i\",\"description\":\"楼道灯不亮\",\"urgency\":\"GENERAL\"}" | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $RESIDENT" "$BASE/api/v1/requests/$id")" = 200 ] && OWN_OK=$((OWN_OK + 1))
done

# 2. the replica's delay for a new request
T0=$(now_ms)
curl -s -o /dev/null -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $RESIDENT" -H 'Content-Type: application/json' \
  -d '{"category":"PROPERTY_REPAIR","title":"副本延迟","description":"电梯异响","urgency":"GENERAL"}'
T1=$(now_ms)
until [ "$(on "$P2" "select count(*) from req_request where title = '副本延迟'")" = 1 ]; do
  [ $(( $(now_ms) - T1 )) -lt 10000 ] || { echo "FAILED: the replica did not see the request within 10 s"; FAILED=1; break; }
  sleep 0.005
done
LAG_MS=$(( $(now_ms) - T1 ))

# 3. dashboards and an export through the replica
T_DASH=$(on "$P2" "select clock_timestamp()")
DASH_MS=()
for i in 1 2 3 4 5; do
  t=$(now_ms)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/dashboard/nodes/$CITY")
  DASH_MS+=($(( $(now_ms) - t )))
  [ "$code" = 200 ] || { echo "FAILED: city dashboard answered $code"; FAILED=1; }
done
PAGE_JAR="$DATA/jar"
CSRF=$(curl -s -c "$PAGE_JAR" -b "$PAGE_JAR" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$PAGE_JAR" -c "$PAGE_JAR" --data-urlencode "username=sq.nongchang" \
  --data-urlencode "password=Xingfu@2026" --data-urlencode "_csrf=$CSRF" "$BASE/login"
EXPORT=$(curl -s -o "$DATA/queue.xlsx" -w '%{http_code}' -b "$PAGE_JAR" "$BASE/admin/requests/export.xlsx?status=ALL")
REPLICA_USED=$(on "$P2" "select count(*) from pg_stat_activity where application_name = 'xingfu-replica' and state_change >= '$T_DASH'")
REPLICA_CONNS=$(on "$P2" "select count(*) from pg_stat_activity where application_name = 'xingfu-replica'")
PRIMARY_REPLICA_CONNS=$(on "$P1" "select count(*) from pg_stat_activity where application_name = 'xingfu-replica'")

# 4. the replica stopped: dashboards refuse with 503, requests are still filed
as_pg "$PG_BIN/pg_ctl -D $DATA/replica -m fast -w stop" >/dev/null
DOWN_DASH=$(curl -s -D "$DATA/down.h" -o "$DATA/down.body" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/dashboard/nodes/$CITY")
DOWN_RA=$(awk 'tolower($1) == "retry-after:" {print $2}' "$DATA/down.h" | tr -d '\r')
DOWN_FILE=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $RESIDENT" \
  -H 'Content-Type: application/json' -d '{"category":"PROPERTY_REPAIR","title":"副本停机时","description":"门禁坏了","urgency":"GENERAL"}')

row() { printf '%-58s %s\n' "$1" "$2"; }
echo
row "PostgreSQL" "$(on "$P1" 'show server_version'), primary and streaming replica"
row "own request read back at once (of 20)" "$OWN_OK"
row "a new request seen on the replica after (ms)" "$LAG_MS"
row "city dashboard through the replica (ms, 5 calls)" "${DASH_MS[*]}"
row "request queue export (staff page)" "$EXPORT, $(stat -c %s "$DATA/queue.xlsx") bytes"
row "replica pool connections on the replica / used since" "$REPLICA_CONNS / $REPLICA_USED"
row "replica pool connections on the primary" "$PRIMARY_REPLICA_CONNS"
row "replica stopped: dashboard answer, Retry-After" "$DOWN_DASH, ${DOWN_RA:-none}"
row "replica stopped: filing a request" "$DOWN_FILE"
[ "$OWN_OK" = 20 ] || { echo "FAILED: a resident did not read their own request"; FAILED=1; }
[ "$EXPORT" = 200 ] || { echo "FAILED: the export answered $EXPORT"; FAILED=1; }
[ "$REPLICA_USED" -gt 0 ] || { echo "FAILED: the replica pool was not used by the dashboards and the export"; FAILED=1; }
[ "$PRIMARY_REPLICA_CONNS" = 0 ] || { echo "FAILED: the replica pool is connected to the primary"; FAILED=1; }
[ "$DOWN_DASH" = 503 ] && [ -n "$DOWN_RA" ] || { echo "FAILED: with the replica down the dashboard answered $DOWN_DASH"; head -c 300 "$DATA/down.body"; FAILED=1; }
[ "$DOWN_FILE" = 201 ] || { echo "FAILED: with the replica down filing a request answered $DOWN_FILE"; FAILED=1; }
grep -q "read from the replica pool" "$DATA/app.log" || { echo "FAILED: the application did not report the replica"; FAILED=1; }
[ "$FAILED" = 0 ] || exit 1
echo "Read replica: OK"
