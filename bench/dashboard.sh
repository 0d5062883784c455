#!/usr/bin/env bash
# Dashboards at city scale (issue 8). On the data set of bench/requests.sh (360,000 households, 1,000,000 past
# requests; generated on the first run into $BENCH_DATA, which takes several minutes) plus a running city-wide
# campaign whose target is every resident (about 755,000 people, made by this script when none runs), measures in
# one run, after a warm-up of 5 calls each:
#   - the baseline: GET /api/v1/me, median of 20 calls;
#   - the city dashboard (GET /api/v1/dashboard/nodes/{city}: every module's figures for the city and its 7
#     streets, and 12 months of trend), median and max of 10 calls;
#   - a street dashboard (河北街道) and a compound dashboard (财政小区), the same;
#   - the server time of each, from the app's own http.server.requests timer (Prometheus), so the client's
#     curl and loopback are left out;
# and prints each as a ratio to the baseline. Target: <= 200 ms server time for the city and the compound.
# The overdue escalation job is paused (see start_app below); the campaign tallies and the rates roll-up run as in
# production. Loopback only; bounded by the call counts.
source "$(dirname "$0")/common.sh"
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
build_jar
DATA=${BENCH_DATA:-/tmp/xingfu-city}
PORT=${PORT:-18085}
CALLS=${CALLS:-10}
mkdir -p "$DATA"
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# the generated history leaves ~100,000 cases long overdue; the escalation job would climb 500 of them a minute (a
# transaction, an event and an audit line each) all through the run, a backlog no running city has: paused here
start_app "$DATA" "$PORT" "$DATA/bench-dashboard.log" --xingfu.demo.households=360000 --xingfu.demo.requests=1000000 \
  --xingfu.request.escalation-delay=2h

RESIDENT=$(wait_for_me "$PORT" jm.caizheng.101 2400) || { tail -40 "$DATA/bench-dashboard.log"; exit 1; }
until grep -q "Generated\|past requests in" "$DATA/bench-dashboard.log" 2>/dev/null || [ "$(grep -c 'Generating' "$DATA/bench-dashboard.log")" = 0 ]; do sleep 2; done
ADMIN=$(token "$PORT" admin)
SECRETARY=$(token "$PORT" sj.caizheng)
BASE="http://127.0.0.1:$PORT"
embedded_pg "$DATA"
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
# the daily tallies must be rolled up to yesterday, as they are in production after the first night
until [ "$("${PSQL[@]}" -c "select rolled_until >= current_date - 1 from req_rates_rollup")" = t ]; do sleep 2; done
CITY=$("${PSQL[@]}" -c "select id from org_node where type = 'CITY'")
STREET=$("${PSQL[@]}" -c "select id from org_node where name = '河北街道'")
COMPOUND=$("${PSQL[@]}" -c "select id from org_node where name = '财政小区'")
if [ "$("${PSQL[@]}" -c "select count(*) from cmp_campaign where name = '全市反诈App注册（压测）' and ends_at > now() + interval '1 hour'")" = 0 ]; then
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' "$BASE/api/v1/campaigns" \
    -d "{\"name\":\"全市反诈App注册（压测）\",\"kind\":\"APP_REGISTRATION\",\"nodeIds\":[$CITY],\"startsAt\":\"$(date -u -d '-1 hour' +%FT%TZ)\",\"endsAt\":\"$(date -u -d '+30 day' +%FT%TZ)\",\"fields\":[]}"
  # a third of the city registered
  "${PSQL[@]}" -c "update cmp_target set status = 'DONE', recorded_by = 'bench', recorded_at = now() where campaign_id = (select max(id) from cmp_campaign) and subject_id % 3 = 0" >/dev/null
  "${PSQL[@]}" -c "vacuum analyze cmp_target" >/dev/null
fi
echo "data set: $("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD'") households, $("${PSQL[@]}" -c "select count(*) from req_request") requests, $("${PSQL[@]}" -c "select count(*) from cmp_target t join cmp_campaign c on c.id = t.campaign_id where c.starts_at <= now() and c.ends_at > now()") campaign targets running"

# server time: the Prometheus timer's sum and count for the dashboard URI, before and after the timed calls
server() { # -> "sum count" of http_server_requests for /api/v1/dashboard/nodes/{id}
  curl -s "$BASE/actuator/prometheus" | awk '/^http_server_requests_seconds_(sum|count).*uri="\/api\/v1\/dashboard\/nodes\/\{id\}"/ {
    if ($1 ~ /_sum/) s += $2; else c += $2 } END {printf "%f %d\n", s, c}'
}

for i in $(seq 1 5); do
  ms "$RESIDENT" "$BASE/api/v1/me" >/dev/null
  ms "$ADMIN" "$BASE/api/v1/dashboard/nodes/$CITY" >/dev/null
  ms "$ADMIN" "$BASE/api/v1/dashboard/nodes/$STREET" >/dev/null
  ms "$SECRETARY" "$BASE/api/v1/dashboard/nodes/$COMPOUND" >/dev/null
done
ME=$(for i in $(seq 1 20); do ms "$RESIDENT" "$BASE/api/v1/me"; done | median)
measure() { # TOKEN NODE -> "median max server_ms"
  local before after times
  before=$(server)
  times=$(for i in $(seq 1 "$CALLS"); do ms "$1" "$BASE/api/v1/dashboard/nodes/$2"; done)
  after=$(server)
  echo "$(printf '%s\n' $times | median) $(printf '%s\n' $times | maxof) $(echo "$before $after" | awk '{printf "%.1f", ($3 - $1) / ($4 - $2) * 1000}')"
}
read -r CM CX CS <<<"$(measure "$ADMIN" "$CITY")"
read -r SM SX SS <<<"$(measure "$ADMIN" "$STREET")"
read -r PM PX PS <<<"$(measure "$SECRETARY" "$COMPOUND")"
ratio() { awk -v a="$1" -v b="$ME" 'BEGIN {printf "%.1f", a / b}'; }
printf '\n%-46s %s\n' "baseline GET /api/v1/me, median" "$ME ms"
printf '%-46s %s\n' "city dashboard, median / max (client)" "$CM / $CX ms (x$(ratio "$CM") baseline); server mean $CS ms"
printf '%-46s %s\n' "street dashboard (河北街道), median / max" "$SM / $SX ms (x$(ratio "$SM") baseline); server mean $SS ms"
printf '%-46s %s\n' "compound dashboard (财政小区), median / max" "$PM / $PX ms (x$(ratio "$PM") baseline); server mean $PS ms"
awk -v c="$CS" -v p="$PS" 'BEGIN { if (c > 200 || p > 200) { print "over the 200 ms target"; exit 1 } else print "within the 200 ms target (server time)" }'
