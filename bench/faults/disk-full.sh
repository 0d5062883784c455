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
# MODE=embedded (default): the application's embedded PostgreSQL keeps its data on the tmpfs.
# MODE=external: a Debian PostgreSQL cluster on loopback, created on the tmpfs, is the database.
# Needs root for the tmpfs mount. Loopback only; bounded by LOAD_S, FULL_S, AFTER_S and the client count.
source "$(dirname "$0")/../common.sh"
build_jar
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
[ "$(id -u)" = 0 ] || { echo "disk-full.sh mounts a tmpfs: run it as root"; exit 1; }
MODE=${MODE:-embedded}
DISK_MB=${DISK_MB:-400}
EXT_PORT=${EXT_PORT:-55434}
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
  [ -f "$DATA/ext/postmaster.pid" ] && { kill -INT "$(head -1 "$DATA/ext/postmaster.pid")" 2>/dev/null || true; sleep 1; }
  umount "$DATA" 2>/dev/null || umount -l "$DATA" 2>/dev/null || true
  rmdir "$DATA" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $LOGS"; else rm -rf "$LOGS"; fi
}
trap cleanup EXIT

if [ "$MODE" = external ]; then
  # a cluster of Debian's PostgreSQL whose data lives on the tmpfs; its log stays off the full disk
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGDATA_DIR="$DATA/ext"
  mkdir -p "$PGDATA_DIR" && chown postgres "$PGDATA_DIR" "$LOGS" && chmod 755 "$DATA"
  su postgres -s /bin/sh -c "$PG_BIN/initdb -D $PGDATA_DIR -E UTF8 --locale=C.UTF-8 -A trust -U postgres" >/dev/null
  PG_START="$PG_BIN/pg_ctl -D $PGDATA_DIR -l $LOGS/pg.log -w -o '-p $EXT_PORT -k $LOGS -c listen_addresses=127.0.0.1' start"
  su postgres -s /bin/sh -c "$PG_START" >/dev/null
  export XINGFU_DB_URL="jdbc:postgresql://127.0.0.1:$EXT_PORT/postgres" XINGFU_DB_USER=postgres
fi
start_app "$DATA" "$PORT" "$LOGS/app.log" --xingfu.demo.households=3000
TOKEN=$(wait_for_me "$PORT" jm.caizheng.101 240) || { tail -50 "$LOGS/app.log"; echo "start failed"; exit 1; }
if [ "$MODE" = external ]; then PGPORT=$EXT_PORT; PG_DIR="$DATA/ext"; else embedded_pg "$DATA"; PG_DIR="$DATA/pg"; fi
PSQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At)
echo "up ($MODE); the database takes $(du -sm "$PG_DIR" | cut -f1) MB of the ${DISK_MB} MB disk"

source "$(dirname "$0")/load.sh"
CALLS="$LOGS" TITLE="满盘压测" KEY_PREFIX=d
start_clients "$CLIENTS"
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
  PG_PID=$(head -1 "$PG_DIR/postmaster.pid" 2>/dev/null || echo 0)
  if ! kill -0 "$PG_PID" 2>/dev/null; then
    echo "PostgreSQL stopped for good while the disk was full: started again by the script"
    rm -f "$PG_DIR/postmaster.pid"
    if [ "$MODE" = external ]; then
      su postgres -s /bin/sh -c "$PG_START" >/dev/null 2>&1 &
    else
      (eval "exec unshare -U $(cat "$DATA/pg/postmaster.opts")" > "$LOGS/pg-again.log" 2>&1 &)
    fi
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
stop_clients
count_answers "$T_UP"
retry_calls
count_stored "$PGPORT"

echo; row "clients" "$CLIENTS"
print_counts
row "last failed call after PostgreSQL answered (ms)" "$RECOVERED_MS"
row "201s after PostgreSQL answered again" "$AFTER_OK"
grep -m3 "No space left\|could not extend\|PANIC" "$LOGS/app.log" | cut -c1-220 || true
FAILED=0
check_counts || FAILED=1
[ "$S503" -gt 0 ] || { echo "FAILED: no 503 while the disk was full"; FAILED=1; }
[ "$RECOVERED_MS" -le 10000 ] || { echo "FAILED: calls still failing 10 s after the database answered"; FAILED=1; }
[ "$AFTER_OK" -gt 0 ] || { echo "FAILED: no 201 after the space came back"; FAILED=1; }
[ "$FAILED" = 0 ] || exit 1
echo "disk full under load: OK"
