#!/usr/bin/env bash
# Maintenance fund, property coverage and renovation totals at city scale (issue 6). On a data set of 360,000
# households (generated on the first run into $BENCH_DATA; no past requests needed), measures in one run:
#   - the baseline: GET /api/v1/me, median of 20 calls;
#   - the property coverage of the whole city with its 7 streets (GET /api/v1/property/coverage): the first call,
#     which reads every household, and the median and max of 10 later calls (compound areas cached 5 minutes);
#   - the renovation totals of the city (GET /api/v1/renovation/totals), median of 10 calls;
#   - an emergency application over every building of 财政小区 taken from filing to acceptance, ROUNDS times:
#     the acceptance (apportionment to every household, the shares, the ledger and the post-use notice) timed
#     alone, and the GET of all shares;
# and prints each as a ratio to the baseline. Loopback only; bounded by ROUNDS and the 10-call loops.
source "$(dirname "$0")/common.sh"
build_jar
DATA=${BENCH_DATA:-/tmp/xingfu-fund}
PORT=${PORT:-18084}
ROUNDS=${ROUNDS:-5}
mkdir -p "$DATA"
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

start_app "$DATA" "$PORT" "$DATA/bench-fund.log" --xingfu.demo.households=360000
PROPERTY=$(wait_for_me "$PORT" wy.guoxin 1800) || { tail -40 "$DATA/bench-fund.log"; exit 1; }
COMMUNITY=$(token "$PORT" sq.nongchang)
STREET=$(token "$PORT" jd.hebei)
ADMIN=$(token "$PORT" admin)
BASE="http://127.0.0.1:$PORT"
embedded_pg "$DATA"
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
echo "data set: $("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD'") households"
CITY=$("${PSQL[@]}" -c "select id from org_node where type = 'CITY'")
COMPOUND=$("${PSQL[@]}" -c "select id from org_node where name = '财政小区'")
BUILDINGS=$("${PSQL[@]}" -c "select string_agg(id::text, ',' order by id) from org_node where parent_id = $COMPOUND")
HOUSEHOLDS=$("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD' and path like (select path from org_node where id = $COMPOUND) || '%'")
echo "财政小区: $(echo "$BUILDINGS" | tr ',' '\n' | wc -l) buildings, $HOUSEHOLDS households"

post() { # TOKEN PATH JSON -> body, failing on a 4xx/5xx
  local body code
  body=$(curl -s -w '\n%{http_code}' -X POST -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3" "$BASE$2")
  code=$(echo "$body" | tail -1)
  [ "$code" -lt 400 ] || { echo "POST $2 answered $code: $(echo "$body" | head -1)" >&2; exit 1; }
  echo "$body" | head -1
}

# the first coverage call reads every household of the city; later ones find the compound areas in the cache
COLD=$(ms "$ADMIN" "$BASE/api/v1/property/coverage?nodeId=$CITY")
# warm-up: the JIT and the caches, on the same calls
for i in $(seq 1 10); do ms "$PROPERTY" "$BASE/api/v1/me" >/dev/null; ms "$ADMIN" "$BASE/api/v1/property/coverage?nodeId=$CITY" >/dev/null; done

ME=$(for i in $(seq 1 20); do ms "$PROPERTY" "$BASE/api/v1/me"; done | median)
COV=$(for i in $(seq 1 10); do ms "$ADMIN" "$BASE/api/v1/property/coverage?nodeId=$CITY"; done)
REN=$(for i in $(seq 1 10); do ms "$ADMIN" "$BASE/api/v1/renovation/totals?nodeId=$CITY"; done | median)

COMPLETE=()
SHARES=()
for r in $(seq 1 "$ROUNDS"); do
  ID=$(post "$PROPERTY" /api/v1/fund/applications "{\"compoundId\":$COMPOUND,\"hazard\":\"WATER_SUPPLY\",\"buildingIds\":[$BUILDINGS],\"scope\":\"二次供水泵房水泵损坏（压测）\",\"plan\":\"更换水泵\",\"budgetCents\":5000000,\"contractor\":\"压测供水设备公司\"}" \
    | sed -n 's/.*"application":{"id":\([0-9]*\).*/\1/p')
  post "$COMMUNITY" "/api/v1/fund/applications/$ID/confirm" '{}' >/dev/null
  post "$STREET" "/api/v1/fund/applications/$ID/approve" '{}' >/dev/null
  START=$(date +%s%N)
  post "$PROPERTY" "/api/v1/fund/applications/$ID/complete" "{\"actualCostCents\":$(( 4000000 + r * 1237 ))}" >/dev/null
  COMPLETE+=("$(awk -v s="$START" -v e="$(date +%s%N)" 'BEGIN {printf "%.1f", (e - s) / 1e6}')")
  SHARES+=("$(ms "$PROPERTY" "$BASE/api/v1/fund/applications/$ID/shares")")
  SUM=$("${PSQL[@]}" -c "select sum(share_cents) = $(( 4000000 + r * 1237 )) and count(*) = $HOUSEHOLDS from fund_share where application_id = $ID")
  [ "$SUM" = t ] || { echo "round $r: the shares of application $ID do not add up to the cost over $HOUSEHOLDS households" >&2; exit 1; }
done

ratio() { awk -v a="$1" -v b="$ME" 'BEGIN {printf "%.1f", a / b}'; }
COVM=$(printf '%s\n' $COV | median); COVX=$(printf '%s\n' $COV | maxof)
CM=$(printf '%s\n' "${COMPLETE[@]}" | median); CX=$(printf '%s\n' "${COMPLETE[@]}" | maxof)
SM=$(printf '%s\n' "${SHARES[@]}" | median)
printf '\n%-52s %s\n' "baseline GET /api/v1/me, median" "$ME ms"
printf '%-52s %s\n' "city property coverage, first call (cold cache)" "$COLD ms (x$(ratio "$COLD") baseline)"
printf '%-52s %s\n' "city property coverage (7 streets), median / max" "$COVM / $COVX ms (x$(ratio "$COVM") baseline)"
printf '%-52s %s\n' "city renovation totals, median" "$REN ms (x$(ratio "$REN") baseline)"
printf '%-52s %s\n' "acceptance over $HOUSEHOLDS households, median / max" "$CM / $CX ms over $ROUNDS rounds (x$(ratio "$CM") baseline)"
printf '%-52s %s\n' "GET all $HOUSEHOLDS shares, median" "$SM ms (x$(ratio "$SM") baseline)"
echo "every round: the shares add up to the cost over every household (checked in the database)"
