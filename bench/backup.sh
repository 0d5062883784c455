#!/usr/bin/env bash
# Issue 24, part 5: how long a backup and a restore of the embedded database take at city scale, and the start time
# and memory of a production start.
#   1. the demo city at HOUSEHOLDS (360,000) with REQUESTS past requests, on a fresh folder (or DATA=<folder> again);
#   2. a backup while the server runs (--xingfu.backup through its PostgreSQL), timed, with the size of the folder;
#   3. a restore of it into an empty folder (--xingfu.restore), timed, and the start there (WAL replay), timed;
#   4. a production start (no demo) on an empty folder: time to the first answer of /actuator/health, RSS.
# Baseline in the same run: copying the data folder's files with cp (what any file copy of it costs on this disk).
source "$(dirname "$0")/common.sh"
row() { printf '%-52s %s\n' "$1" "$2"; }
build_jar
HOUSEHOLDS=${HOUSEHOLDS:-360000}
REQUESTS=${REQUESTS:-1000000}
PORT=${PORT:-18095}
DATA=${DATA:-/tmp/xingfu-bench-backup}
WORK=$(mktemp -d /tmp/xingfu-backup.XXXXXX)
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -p "$DATA"

T0=$(now_ms)
start_app "$DATA" "$PORT" "$DATA/backup-bench.log" --xingfu.demo.households="$HOUSEHOLDS" --xingfu.demo.requests="$REQUESTS"
wait_for_me "$PORT" sq.nongchang 3600 >/dev/null || { tail -40 "$DATA/backup-bench.log"; echo "the city did not start"; exit 1; }
# the server answers while the demo's past requests are still being generated: wait for them
until grep -q "Demo city generated in" "$DATA/backup-bench.log" || ! grep -q "Generating the demo city" "$DATA/backup-bench.log"; do
  kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$DATA/backup-bench.log"; echo "the server died"; exit 1; }
  sleep 2
done
echo "city of $HOUSEHOLDS households up in $(( $(now_ms) - T0 )) ms; data folder $(du -sh "$DATA/pg" | cut -f1)"

T0=$(now_ms)
cp -r "$DATA/pg" "$WORK/copy" 2>/dev/null || true
COPY_MS=$(( $(now_ms) - T0 )); rm -rf "$WORK/copy"

T0=$(now_ms)
XINGFU_DATA_DIR="$DATA" java -Xmx256m -jar "$JAR" --xingfu.backup > "$WORK/backup.out" 2>&1 || { cat "$WORK/backup.out"; exit 1; }
BACKUP_MS=$(( $(now_ms) - T0 ))
FILE=$(sed -n 's/^backup: \([^ ]*\) .*/\1/p' "$WORK/backup.out")
echo "backup while serving: $BACKUP_MS ms (the command's own start included), $(du -h "$FILE" | cut -f1); $(cat "$WORK/backup.out")"
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

T0=$(now_ms)
XINGFU_DATA_DIR="$WORK/restored" java -Xmx256m -jar "$JAR" --xingfu.restore="$FILE" > "$WORK/restore.out" 2>&1 || { cat "$WORK/restore.out"; exit 1; }
RESTORE_MS=$(( $(now_ms) - T0 ))
mkdir -p "$WORK/restored/audit" && cp "$DATA/audit/audit-chain.key" "$WORK/restored/audit/"
T0=$(now_ms)
XINGFU_DEMO_ENABLED=false start_app "$WORK/restored" "$PORT" "$WORK/restored.log"
wait_for_me "$PORT" sq.nongchang 3600 >/dev/null || { tail -40 "$WORK/restored.log"; echo "the restored folder did not start"; exit 1; }
RESTORED_START_MS=$(( $(now_ms) - T0 ))
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=

# a production start: an empty folder, no demo; then again on the folder it made
production_start() { # LOG -> PROD_MS, PROD_RSS, PG_RSS
  local t0; t0=$(now_ms)
  XINGFU_DEMO_ENABLED=false start_app "$WORK/production" "$PORT" "$1"
  until curl -s -o /dev/null -m 2 "http://127.0.0.1:$PORT/actuator/health/readiness"; do sleep 0.1; done
  PROD_MS=$(( $(now_ms) - t0 ))
  sleep 5
  PROD_RSS=$(( $(rss_kb "$APP_PID") / 1024 )); PG_RSS=$(( $(postgres_rss_kb "$WORK/production") / 1024 ))
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}
production_start "$WORK/production.log"
PROD_FIRST_MS=$PROD_MS; PROD_RSS_FIRST=$PROD_RSS; PG_RSS_FIRST=$PG_RSS
production_start "$WORK/production2.log"
grep -q "No account exists yet" "$WORK/production.log" || { echo "the production start did not say how to make the first administrator"; exit 1; }

echo
row "households / past requests" "$HOUSEHOLDS / $REQUESTS"
row "data folder (pg)" "$(du -sh "$DATA/pg" | cut -f1)"
row "baseline: cp of the data folder (ms)" "$COPY_MS"
row "backup while serving (ms), file" "$BACKUP_MS, $(du -h "$FILE" | cut -f1)"
row "restore into an empty folder (ms)" "$RESTORE_MS"
row "start on the restored folder (ms)" "$RESTORED_START_MS"
row "production start, empty folder: first / again (ms)" "$PROD_FIRST_MS / $PROD_MS"
row "production start RSS, JVM / PostgreSQL (MB)" "$PROD_RSS_FIRST / $PG_RSS_FIRST, again $PROD_RSS / $PG_RSS"
