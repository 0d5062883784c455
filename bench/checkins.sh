#!/usr/bin/env bash
# Campaign check-ins at city scale (issue 7): on the city data set (360,000 households, generated on the first run
# into $BENCH_DATA), a citywide campaign is created over the whole city (its target fixed from the register: about
# a million people; the time it takes is reported), then 64 scanners (wrk, 2 threads) check people in for
# $DURATION after a warm-up, a new person each time. Baseline in the same run: GET /api/v1/me at 64 connections.
# Target: >= 500 check-ins/s with p99 <= 100 ms, no errors. Loopback only; bounded by $DURATION.
source "$(dirname "$0")/common.sh"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
build_jar
DATA=${BENCH_DATA:-/tmp/xingfu-city}
PORT=${PORT:-18085}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-20s}
mkdir -p "$DATA"
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

start_app "$DATA" "$PORT" "$DATA/bench-checkins.log" --xingfu.demo.households=360000
ADMIN=$(wait_for_me "$PORT" admin 1800) || { tail -40 "$DATA/bench-checkins.log"; exit 1; }
BASE="http://127.0.0.1:$PORT"
embedded_pg "$DATA"
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
CITY=$("${PSQL[@]}" -c "select id from org_node where type = 'CITY'")
echo "data set: $("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD'") households, $("${PSQL[@]}" -c "select count(distinct person_id) from org_residency") people with a home"

START=$(now_ms)
BODY=$(curl -s -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$BASE/api/v1/campaigns" -d "{\"name\":\"全市筛查（压测）\",\"kind\":\"SCREENING\",\"nodeIds\":[$CITY],\"startsAt\":\"$(date -u -d '-1 hour' +%FT%TZ)\",\"endsAt\":\"$(date -u -d '+1 day' +%FT%TZ)\",\"fields\":[{\"code\":\"temperature\",\"label\":\"体温\",\"type\":\"NUMBER\",\"min\":35,\"max\":42,\"required\":true}]}")
CREATE_MS=$(( $(now_ms) - START ))
CAMPAIGN=$(echo "$BODY" | sed -n 's/.*"campaign":{"id":\([0-9]*\).*/\1/p')
[ -n "$CAMPAIGN" ] || { echo "campaign not created: $BODY" >&2; exit 1; }
POPULATION=$(echo "$BODY" | sed -n 's/.*"population":\([0-9]*\).*/\1/p')
SITE=$(curl -s -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$BASE/api/v1/campaigns/$CAMPAIGN/sites" -d "{\"name\":\"市体育馆\",\"nodeId\":$CITY}" | sed -n 's/.*"sites":\[{"id":\([0-9]*\).*/\1/p')
"${PSQL[@]}" -c "select subject_id from cmp_target where campaign_id = $CAMPAIGN order by random()" > "$DATA/people.txt"
echo "campaign $CAMPAIGN: $POPULATION people targeted in ${CREATE_MS} ms; site $SITE"

run() { wrk "$@" | awk '/^RESULT/ {sub(/^RESULT /, ""); print}'; }
echo "== warm-up $WARMUP, 64 scanners"
TOKEN=$ADMIN PEOPLE="$DATA/people.txt" CAMPAIGN=$CAMPAIGN SITE=$SITE OFFSET=0 run -t2 -c64 -d"$WARMUP" -s bench/checkin.lua "$BASE" >/dev/null
echo "== baseline GET /api/v1/me, 64 connections, $DURATION"
ME=$(TOKEN=$ADMIN run -t2 -c64 -d"$DURATION" -s bench/get.lua "$BASE/api/v1/me"); echo "$ME"
echo "== check-ins, 64 scanners, $DURATION"
BEFORE=$("${PSQL[@]}" -c "select count(*) from cmp_checkin where campaign_id = $CAMPAIGN")
# the measured run starts past everyone the warm-up checked in: every request is a first check-in (201)
CHECK=$(TOKEN=$ADMIN PEOPLE="$DATA/people.txt" CAMPAIGN=$CAMPAIGN SITE=$SITE OFFSET=$(( BEFORE + 1000 )) run -t2 -c64 -d"$DURATION" -s bench/checkin.lua "$BASE"); echo "$CHECK"
STORED=$("${PSQL[@]}" -c "select count(*) from cmp_checkin where campaign_id = $CAMPAIGN")
DONE=$("${PSQL[@]}" -c "select count(*) from cmp_target where campaign_id = $CAMPAIGN and status = 'DONE'")
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }
printf '\n%-44s %s\n' "citywide target fixed" "$POPULATION people in $CREATE_MS ms"
printf '%-44s %s\n' "baseline GET /api/v1/me, 64 connections" "$ME"
printf '%-44s %s\n' "check-ins, 64 scanners" "$CHECK"
printf '%-44s %s\n' "ratio check-ins / baseline" "$(awk -v a="$(field "$CHECK" rps)" -v b="$(field "$ME" rps)" 'BEGIN {printf "%.2f", a/b}')"
printf '%-44s %s\n' "stored in the measured run" "$(( STORED - BEFORE )) new check-ins ($(awk -v r="$(field "$CHECK" rps)" -v d="${DURATION%s}" 'BEGIN {printf "%.0f", r * d}') requests)"
printf '%-44s %s\n' "stored check-ins = targets marked done" "$STORED = $DONE"
