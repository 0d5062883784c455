#!/usr/bin/env bash
# The city in every key (V54, issue 11 part 4) at province scale: the same calls as province.sh, on its data set,
# with an older build and the current one, in one run. Phase A runs OLD_JAR; phase B starts the current build,
# which migrates the data set if it is behind (the time Flyway took for V54 is printed when it ran), and measures
# again. With OLD_JAR from before V54 and a data set at V53 this is the upgrade's before and after; the upgrade is
# one-way. With OLD_JAR from after V54 it compares two builds on the keyed schema (an older build starts on a newer
# schema: Flyway ignores migrations it does not know).
#   OLD_JAR=/tmp/xingfu-v53.jar BENCH_JAR=target/xingfu.jar bash bench/province/keys.sh
# Loopback only; bounded by durations and call counts.
PROVINCE_LIB=1 source "$(dirname "$0")/province.sh"
: "${OLD_JAR:?OLD_JAR: a jar built before V54, for example from commit b219941}"
NEW_JAR=$JAR

# write NAME: filing requests (the timeline line and the city of each row with it), 16 clients for 15 s, into the
# array WRITE_<NAME> as "p50 p95 p99 rps"
write() {
  local r
  r=$(TOKEN=$RESIDENT wrk -t2 -c16 -d15s -s "$ROOT/bench/create-request.lua" "$BASE/api/v1/requests" \
    | awk '/^RESULT/ {sub(/^RESULT /, ""); print}')
  case "$r" in *"errors=0 non2xx=0"*) ;; *) echo "wrk filing requests: $r" >&2; exit 1;; esac
  eval "WRITE_$1=\"$(echo "$r" | sed 's/[a-z0-9]*=//g' | awk '{print $2, $3, $4, $1}')\""
}

version() { "${PSQL[@]}" -c "select max(version::int) from flyway_schema_history where success"; }

echo "== phase A: $OLD_JAR"
JAR=$OLD_JAR start
echo "data set at V$(version): $("${PSQL[@]}" -c "select count(*) from req_request") requests, $("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD'") households, $("${PSQL[@]}" -c "select count(*) from org_person") people"
"${PSQL[@]}" -c "vacuum analyze" >/dev/null
measure A
write A
before=$(version)
stop

echo "== phase B: $NEW_JAR"
started=$(now_ms)
JAR=$NEW_JAR start
echo "up after $(( ($(now_ms) - started) / 1000 )) s at V$(version); Flyway's time for V54: $("${PSQL[@]}" -c "select execution_time from flyway_schema_history where version = '54'") ms"
echo "migrations applied by the current build (Flyway's ms): $("${PSQL[@]}" -c "select coalesce(string_agg('V' || version || ' ' || execution_time, ', ' order by version::int), 'none') from flyway_schema_history where success and version::int > $before")"
echo "keys: req_request $("${PSQL[@]}" -c "select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'req_request'::regclass and contype = 'p'")"
"${PSQL[@]}" -c "vacuum analyze" >/dev/null
measure B
write B
stop

report "old build" "current"
for f in "1 p50" "2 p95" "3 p99"; do
  set -- $f
  a=$(echo "$WRITE_A" | awk -v f="$1" '{print $f}'); b=$(echo "$WRITE_B" | awk -v f="$1" '{print $f}')
  printf '%-52s %10s %12s %8s\n' "filing a request, 16 clients, $2" "$a" "$b" "$(ratio "$a" "$b")"
done
a=$(echo "$WRITE_A" | awk '{print $4}'); b=$(echo "$WRITE_B" | awk '{print $4}')
printf '%-52s %10s %12s %8s\n' "filing a request, 16 clients, per second" "$a" "$b" "$(ratio "$a" "$b")"
