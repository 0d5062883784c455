#!/usr/bin/env bash
# Province scale (issue 11, part 6): the staff queue and the city dashboard on requests partitioned by month (V49)
# against the same on one unpartitioned table, in one run, on one data set.
#
# The data set (made on the first run into $BENCH_DATA; the requests take the longest):
#   - $HOUSEHOLDS households of the demo city's generator (360,000 by default; see below);
#   - $REQUESTS past requests over a year (10,000,000 by default), 85% closed, 5% rejected, 10% still open and filed
#     within the last $OPEN_DAYS days (30), without timelines (three or four rows a case, not what is measured).
# Phase A runs the application on the partitioned table. Phase B copies the requests into one plain table with the
# same indexes and a primary key on id (the schema before V49), puts it in the partitioned table's place, and runs the
# same calls; the partitioned table is put back at the end. Each phase, after a warm-up:
#   - baseline: GET /api/v1/me, median of 20 calls;
#   - the staff queue of open cases, 20 a page, 4 clients for 15 s (wrk), as a community's staff and as the city's
#     administrator: p50 / p95 / p99;
#   - a case page by id (GET /api/v1/requests/{id}), 4 clients for 10 s: the price of a lookup by id across months;
#   - the city dashboard (GET /api/v1/dashboard/nodes/{city}), median and max of 10 calls, and the server's mean
#     time from its own http.server.requests timer.
# The escalation job is paused (the history leaves overdue cases it would climb all through the run).
# HOUSEHOLDS: the demo city's generator writes households with their people, owners and grants; 10 million would
# take hours on a 2-core machine, and the queue and the dashboard read the requests by area path, not the households.
# Loopback only; bounded by durations and call counts.
source "$(dirname "$0")/../common.sh"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
build_jar
DATA=${BENCH_DATA:-/tmp/xingfu-province}
PORT=${PORT:-18087}
HOUSEHOLDS=${HOUSEHOLDS:-360000}
REQUESTS=${REQUESTS:-10000000}
OPEN_DAYS=${OPEN_DAYS:-30}
mkdir -p "$DATA"
LOG="$DATA/bench-province.log"
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

start() {
  start_app "$DATA" "$PORT" "$LOG" --xingfu.demo.households="$HOUSEHOLDS" --xingfu.demo.requests="$REQUESTS" \
    --xingfu.demo.requests-open-days="$OPEN_DAYS" --xingfu.demo.requests-timeline=false \
    --xingfu.request.escalation-delay=2h
  RESIDENT=$(wait_for_me "$PORT" jm.caizheng.101 14400) || { tail -40 "$LOG"; exit 1; }
  until grep -q "past requests in" "$LOG" 2>/dev/null || [ "$(grep -c 'Generating' "$LOG")" = 0 ]; do sleep 5; done
  embedded_pg "$DATA"
  PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
}
stop() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=; }
BASE="http://127.0.0.1:$PORT"
server() { # -> "sum count" of http_server_requests for the dashboard URI
  curl -s "$BASE/actuator/prometheus" | awk '/^http_server_requests_seconds_(sum|count).*uri="\/api\/v1\/dashboard\/nodes\/\{id\}"/ {
    if ($1 ~ /_sum/) s += $2; else c += $2 } END {printf "%f %d\n", s, c}'
}
wrk_p() { # TOKEN URL DURATION -> "p50 p95 p99 rps" (ms), failing on errors
  local r; r=$(TOKEN=$1 wrk -t2 -c4 -d"$3" -s "$ROOT/bench/get.lua" "$2" | awk '/^RESULT/ {sub(/^RESULT /, ""); print}')
  case "$r" in *"errors=0 non2xx=0"*) ;; *) echo "wrk on $2: $r" >&2; exit 1;; esac
  echo "$r" | sed 's/[a-z0-9]*=//g' | awk '{print $2, $3, $4, $1}'
}

# measure NAME: one phase's figures into the array FIG_<NAME>
measure() {
  local name=$1 staff admin city case_id i me q_staff q_city page before after times
  staff=$(token "$PORT" sq.nongchang); admin=$(token "$PORT" admin)
  city=$("${PSQL[@]}" -c "select id from org_node where type = 'CITY'")
  case_id=$("${PSQL[@]}" -c "select max(id) from req_request where submitted_at < now() - interval '200 days'")
  # the daily tallies rolled up to yesterday, as after a city's first night
  until [ "$("${PSQL[@]}" -c "select rolled_until >= current_date - 1 from req_rates_rollup")" = t ]; do sleep 5; done
  for i in $(seq 1 5); do
    ms "$RESIDENT" "$BASE/api/v1/me" >/dev/null
    ms "$admin" "$BASE/api/v1/dashboard/nodes/$city" >/dev/null
    ms "$staff" "$BASE/api/v1/requests?status=OPEN&size=20" >/dev/null
    ms "$admin" "$BASE/api/v1/requests?status=OPEN&size=20" >/dev/null
    ms "$admin" "$BASE/api/v1/requests/$case_id" >/dev/null
  done
  me=$(for i in $(seq 1 20); do ms "$RESIDENT" "$BASE/api/v1/me"; done | median)
  q_staff=$(wrk_p "$staff" "$BASE/api/v1/requests?status=OPEN&size=20" 15s)
  q_city=$(wrk_p "$admin" "$BASE/api/v1/requests?status=OPEN&size=20" 15s)
  page=$(wrk_p "$admin" "$BASE/api/v1/requests/$case_id" 10s)
  before=$(server)
  times=$(for i in $(seq 1 10); do ms "$admin" "$BASE/api/v1/dashboard/nodes/$city"; done)
  after=$(server)
  local dash_med dash_max dash_server
  dash_med=$(printf '%s\n' $times | median); dash_max=$(printf '%s\n' $times | maxof)
  dash_server=$(echo "$before $after" | awk '{printf "%.1f", ($3 - $1) / ($4 - $2) * 1000}')
  eval "FIG_$name=(\"$me\" \"$q_staff\" \"$q_city\" \"$page\" \"$dash_med\" \"$dash_max\" \"$dash_server\")"
}

SWAP="alter table req_request rename to req_request_parted; alter table req_request_flat rename to req_request;"
UNSWAP="alter table req_request rename to req_request_flat; alter table req_request_parted rename to req_request;"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
row() { # LABEL INDEX FIELD(1-based in "p50 p95 p99 rps", 0 = whole value): phase A against phase B
  local a b
  a=$(eval "echo \${FIG_A[$2]}"); b=$(eval "echo \${FIG_B[$2]}")
  if [ "$3" != 0 ]; then a=$(echo "$a" | awk -v f="$3" '{print $f}'); b=$(echo "$b" | awk -v f="$3" '{print $f}'); fi
  printf '%-52s %10s %12s %8s\n' "$1" "$a" "$b" "$(ratio "$a" "$b")"
}
report() { # A_LABEL B_LABEL: the table of figures, phase A against phase B
  printf '\n%-52s %10s %12s %8s\n' "figure (ms)" "$1" "$2" ratio
  row "baseline GET /api/v1/me, median" 0 0
  row "staff queue, community (农场社区), p50" 1 1
  row "staff queue, community (农场社区), p95" 1 2
  row "staff queue, city administrator, p50" 2 1
  row "staff queue, city administrator, p95" 2 2
  row "a case page by id (200 days old), p50" 3 1
  row "a case page by id (200 days old), p95" 3 2
  row "city dashboard, median (client)" 4 0
  row "city dashboard, max (client)" 5 0
  row "city dashboard, server mean" 6 0
}
# bench/province/keys.sh takes the data set and the functions above, and runs its own phases
[ "${PROVINCE_LIB:-}" = 1 ] && return 0

echo "== phase A: requests partitioned by month (first run: generating the data set, which takes a while)"
start
if [ "$("${PSQL[@]}" -c "select to_regclass('req_request_parted') is not null")" = t ]; then
  echo "an earlier run stopped in phase B: the partitioned table goes back first"
  "${PSQL[@]}" -c "begin; $UNSWAP commit;" >/dev/null
  stop; start
fi
echo "data set: $("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD'") households, $("${PSQL[@]}" -c "select count(*) from req_request") requests ($("${PSQL[@]}" -c "select count(*) from req_request where status in ('SUBMITTED', 'ACCEPTED', 'IN_PROGRESS')") open) in $("${PSQL[@]}" -c "select count(*) from pg_inherits where inhparent = 'req_request'::regclass") partitions, $("${PSQL[@]}" -c "select pg_size_pretty(sum(pg_total_relation_size(inhrelid))) from pg_inherits where inhparent = 'req_request'::regclass")"
"${PSQL[@]}" -c "vacuum analyze req_request" >/dev/null
measure A

echo "== phase B: the same requests in one unpartitioned table"
if [ "$("${PSQL[@]}" -c "select to_regclass('req_request_flat') is null")" = t ]; then
  echo "copying the requests into req_request_flat (first run only)"
  "${PSQL[@]}" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
set maintenance_work_mem = '1GB';
create table req_request_flat (like req_request including defaults including constraints);
insert into req_request_flat select * from req_request;
alter table req_request_flat add primary key (id);
do $$
declare d text;
begin
  for d in select indexdef from pg_indexes where tablename = 'req_request' and indexname not in
             (select conname from pg_constraint where conrelid = 'req_request'::regclass and contype = 'p') loop
    execute regexp_replace(d, 'INDEX (\S+) ON (ONLY )?public\.req_request ', 'INDEX \1_flat ON public.req_request_flat ');
  end loop;
end $$;
vacuum analyze req_request_flat;
SQL
fi
# the plain table takes the partitioned one's name; the application starts again on fresh connections
"${PSQL[@]}" -c "begin; $SWAP commit;" >/dev/null
stop; start
trap '"${PSQL[@]}" -c "begin; $UNSWAP commit;" >/dev/null 2>&1 || true; cleanup' EXIT
echo "requests now in a table of kind $("${PSQL[@]}" -c "select relkind from pg_class where relname = 'req_request'") (r: plain), $("${PSQL[@]}" -c "select count(*) from req_request") rows, $("${PSQL[@]}" -c "select count(*) from pg_indexes where tablename = 'req_request'") indexes"
measure B
"${PSQL[@]}" -c "begin; $UNSWAP commit;" >/dev/null
trap cleanup EXIT
stop

report partitioned unpartitioned
