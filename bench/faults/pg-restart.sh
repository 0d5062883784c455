#!/usr/bin/env bash
# Fault harness (issue 9): PostgreSQL restarted under load. 32 clients file requests with Idempotency-Keys while
# the database is stopped (fast shutdown, as a restart or a failover does), kept down DOWN_S seconds and started
# again. Checks:
#   - while it is down the application answers 503 with Retry-After and a problem+json body, never a 500;
#   - it recovers by itself: every call that ends more than RECOVER_LIMIT_S seconds after PostgreSQL accepts
#     connections again is answered 201;
#   - after the recovery every call that got no 201 is retried with its key and body, and every request
#     acknowledged with a 201 exists exactly once.
# MODE=embedded (default): the application's own embedded PostgreSQL is restarted under it.
# MODE=external: a Debian PostgreSQL cluster on loopback, created in a temporary folder, is the database.
# Loopback only; bounded by LOAD_S, DOWN_S, AFTER_S and the client count.
source "$(dirname "$0")/../common.sh"
build_jar
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
MODE=${MODE:-embedded}
DATA=$(mktemp -d /tmp/xingfu-pgrestart.XXXXXX)
chmod 755 "$DATA"
PORT=${PORT:-18087}
CLIENTS=${CLIENTS:-32}
LOAD_S=${LOAD_S:-6}
DOWN_S=${DOWN_S:-3}
AFTER_S=${AFTER_S:-15}
RECOVER_LIMIT_S=${RECOVER_LIMIT_S:-10}
BASE="http://127.0.0.1:$PORT"
EXT_PORT=${EXT_PORT:-55433}

as_pg() { if [ "$MODE" = external ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() {
  touch "$DATA/stop" 2>/dev/null || true # stops the clients
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null || true
  if [ "$MODE" = external ] && [ -n "${PG_BIN:-}" ]; then as_pg "$PG_BIN/pg_ctl -D $DATA/ext -m immediate stop" >/dev/null 2>&1 || true; fi
  # the embedded server started again by this script is not the application's child: stop it by its pid file
  if [ "$MODE" = embedded ] && [ -f "$DATA/pg/postmaster.pid" ]; then kill -INT "$(head -1 "$DATA/pg/postmaster.pid")" 2>/dev/null || true; sleep 1; fi
  if [ -n "${KEEP:-}" ]; then echo "kept $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT

if [ "$MODE" = external ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGDATA_DIR="$DATA/ext"
  PG_RUN="$DATA/run" # sockets and logs, written by the postgres user
  mkdir -p "$PGDATA_DIR" "$PG_RUN" && chown postgres "$PGDATA_DIR" "$PG_RUN"
  as_pg "$PG_BIN/initdb -D $PGDATA_DIR -E UTF8 --locale=C.UTF-8 -A trust -U postgres" >/dev/null
  PG_OPTS="-p $EXT_PORT -k $PG_RUN -c listen_addresses=127.0.0.1"
  as_pg "$PG_BIN/pg_ctl -D $PGDATA_DIR -l $PG_RUN/pg.log -w -o '$PG_OPTS' start" >/dev/null
  PGPORT=$EXT_PORT
  export XINGFU_DB_URL="jdbc:postgresql://127.0.0.1:$EXT_PORT/postgres" XINGFU_DB_USER=postgres
fi

start_app "$DATA" "$PORT" "$DATA/app.log" --xingfu.demo.households=3000
TOKEN=$(wait_for_me "$PORT" jm.caizheng.101 240) || { tail -50 "$DATA/app.log"; echo "start failed"; exit 1; }
if [ "$MODE" = embedded ]; then
  PGDATA_DIR="$DATA/pg"
  embedded_pg "$DATA"
fi
# stop_pg / start_pg: a fast shutdown (what a restart or a failover does to the sessions), and a start with the
# options the server had. The embedded server was started by the application with zonky's binaries under
# `unshare -U` (PostgreSQL refuses root): it is stopped by SIGINT, the fast shutdown signal, and started again the
# same way from postmaster.opts.
stop_pg() {
  if [ "$MODE" = external ]; then as_pg "$PG_BIN/pg_ctl -D $PGDATA_DIR -m fast -w stop" >/dev/null; return; fi
  local pid; pid=$(head -1 "$PGDATA_DIR/postmaster.pid")
  kill -INT "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}
start_pg() {
  if [ "$MODE" = external ]; then as_pg "$PG_BIN/pg_ctl -D $PGDATA_DIR -l $PG_RUN/pg-again.log -w -o '$PG_OPTS' start" >/dev/null; return; fi
  local unshare=(); [ "$(id -u)" = 0 ] && unshare=(unshare -U)
  (eval "exec ${unshare[*]} $(cat "$PGDATA_DIR/postmaster.opts")" > "$DATA/pg-again.log" 2>&1 &)
  local deadline=$(( $(date +%s) + 60 ))
  until psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "PostgreSQL did not start again:"; tail -20 "$DATA/pg-again.log"; exit 1; }
    sleep 0.05
  done
}

source "$(dirname "$0")/load.sh"
CALLS="$DATA" TITLE="重启压测" KEY_PREFIX=r
start_clients "$CLIENTS"
sleep "$LOAD_S"
T_STOP=$(now_ms)
stop_pg
echo "PostgreSQL ($MODE) stopped after ${LOAD_S}s of load by $CLIENTS clients, in $(( $(now_ms) - T_STOP )) ms"
sleep "$DOWN_S"
start_pg
T_UP=$(now_ms)
echo "PostgreSQL accepting connections again $(( T_UP - T_STOP )) ms after the stop began"
sleep "$AFTER_S"
stop_clients
count_answers "$T_UP"
retry_calls
count_stored "$PGPORT"

echo; row "PostgreSQL" "$MODE, $CLIENTS clients"
print_counts
row "first 201 after PostgreSQL's return (ms)" "$FIRST_OK_MS"
row "last failed call after PostgreSQL's return (ms)" "$RECOVERED_MS"
row "201s after PostgreSQL's return" "$AFTER_OK"
grep -c "Database unavailable" "$DATA/app.log" | sed 's/^/warnings logged for the outage: /'
FAILED=0
check_counts || FAILED=1
[ "$S503" -gt 0 ] || { echo "FAILED: no 503 seen while the database was down"; FAILED=1; }
[ "$RECOVERED_MS" -le $(( RECOVER_LIMIT_S * 1000 )) ] || { echo "FAILED: not recovered within ${RECOVER_LIMIT_S}s"; FAILED=1; }
[ "$AFTER_OK" -gt 0 ] || { echo "FAILED: no 201 after the restart"; FAILED=1; }
[ "$FAILED" = 0 ] || exit 1
echo "PostgreSQL restart under load ($MODE): OK"
