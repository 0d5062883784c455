#!/usr/bin/env bash
# The city in every key (V54, issue 11 part 4) at province scale: the same calls as province.sh, on its data set,
# before and after the upgrade, in one run. Phase A runs OLD_JAR, a build from before V54, on a data set still at
# V53 or earlier; phase B starts the current build, which migrates the data set to V54 (the time Flyway took for V54
# is printed), and measures again. The upgrade is one-way: a second run needs a data set at V53 again.
#   OLD_JAR=/tmp/xingfu-v53.jar BENCH_JAR=target/xingfu.jar bash bench/province/keys.sh
# Loopback only; bounded by durations and call counts.
PROVINCE_LIB=1 source "$(dirname "$0")/province.sh"
: "${OLD_JAR:?OLD_JAR: a jar built before V54, for example from commit b219941}"
NEW_JAR=$JAR

version() { "${PSQL[@]}" -c "select max(version::int) from flyway_schema_history where success"; }

echo "== phase A: $OLD_JAR, before the city keys"
JAR=$OLD_JAR start
[ "$(version)" -lt 54 ] || { echo "the data set in $DATA is at V$(version) already: this comparison needs one at V53" >&2; exit 1; }
echo "data set at V$(version): $("${PSQL[@]}" -c "select count(*) from req_request") requests, $("${PSQL[@]}" -c "select count(*) from org_node where type = 'HOUSEHOLD'") households, $("${PSQL[@]}" -c "select count(*) from org_person") people"
"${PSQL[@]}" -c "vacuum analyze" >/dev/null
measure A
stop

echo "== phase B: $NEW_JAR, which migrates the data set to V54"
started=$(now_ms)
JAR=$NEW_JAR start
echo "up after $(( ($(now_ms) - started) / 1000 )) s; Flyway's time for V54: $("${PSQL[@]}" -c "select execution_time from flyway_schema_history where version = '54'") ms"
echo "keys: req_request $("${PSQL[@]}" -c "select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'req_request'::regclass and contype = 'p'")"
"${PSQL[@]}" -c "vacuum analyze" >/dev/null
measure B
stop

report "before" "keyed"
