#!/usr/bin/env bash
# Several nodes (issue 11): two application nodes behind nginx (Debian's package) on one Debian PostgreSQL, all on
# loopback. Under load, node A is killed (kill -9) and started again. Checks:
#   - page users stay signed in: their sessions live in PostgreSQL (Spring Session JDBC), so node B serves them;
#     not one page answer is the sign-in redirect, and every page client is served by both nodes;
#   - no acknowledged request is lost or stored twice: 24 API clients file requests with Idempotency-Keys through
#     nginx, every call without a 201 is retried with its key afterwards;
#   - errors are limited to requests in flight on node A when it died: nginx sends the others to node B (a refused
#     connection is retried there, a GET also after a reset); only POSTs already sent to A can fail, so at most one
#     per API client, and only in the second after the kill;
#   - node A takes its share again once it is back, and is back within twice its own idle start (issue 24: it took
#     170 s when a restarting node republished every incomplete event publication of both nodes; the load clients,
#     which stand for phones elsewhere, yield the CPU to the nodes and page users read a page a second);
#   - uploaded files are shared: both nodes keep them in S3Proxy (an S3-compatible server, from Maven Central) with
#     xingfu.files.store=s3, and a photo stored through node A is served by node B to a session made on node A.
# Bounded by LOAD_S, DOWN_S, AFTER_S and the client counts.
source "$(dirname "$0")/../common.sh"
build_jar
PORT_A=${PORT_A:-18091}
PORT_B=${PORT_B:-18092}
PORT_LB=${PORT_LB:-18090}
PG_PORT=${PG_PORT:-55435}
S3_PORT=${S3_PORT:-18093}
CLIENTS=${CLIENTS:-24}
LOAD_S=${LOAD_S:-10}
DOWN_S=${DOWN_S:-2}
AFTER_S=${AFTER_S:-12}
USERS=(jm.caizheng.101 jm.xinmin.101 wg.nongchang.1 sq.nongchang ld.caizheng.1 wy.guoxin zy.001 bm.zhujian)

need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v psql >/dev/null || need+=(postgresql-client)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  # the packages' own services are not started (they would listen on all interfaces): nginx runs below with
  # this script's configuration, on loopback
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

DATA=$(mktemp -d /tmp/xingfu-cluster.XXXXXX)
chmod 755 "$DATA"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { su postgres -s /bin/sh -c "$*"; }
cleanup() {
  touch "$DATA/stop" 2>/dev/null || true
  [ -n "${A_PID:-}" ] && kill "$A_PID" 2>/dev/null
  [ -n "${B_PID:-}" ] && kill "$B_PID" 2>/dev/null
  [ -n "${S3_PID:-}" ] && kill "$S3_PID" 2>/dev/null
  [ -f "$DATA/nginx.pid" ] && kill "$(cat "$DATA/nginx.pid")" 2>/dev/null
  wait 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl -D $DATA/pg -m immediate stop" >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT

# the shared database
mkdir -p "$DATA/pg" "$DATA/pgrun" && chown postgres "$DATA/pg" "$DATA/pgrun"
as_pg "$PG_BIN/initdb -D $DATA/pg -E UTF8 --locale=C.UTF-8 -A trust -U postgres" >/dev/null
as_pg "$PG_BIN/pg_ctl -D $DATA/pg -l $DATA/pgrun/pg.log -w -o '-p $PG_PORT -k $DATA/pgrun -c listen_addresses=127.0.0.1 -c max_connections=100' start" >/dev/null
export XINGFU_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" XINGFU_DB_USER=postgres
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -At)

# the shared object store for uploaded files
S3PROXY_JAR=${S3PROXY_JAR:-$ROOT/target/s3proxy/s3proxy.jar}
if [ ! -f "$S3PROXY_JAR" ]; then
  (cd "$ROOT" && ./mvnw -q -B dependency:copy -Dartifact=org.gaul:s3proxy:2.6.0:jar:jar-with-dependencies \
    -DoutputDirectory="$DATA/s3proxy-jar") && S3PROXY_JAR=$(ls "$DATA"/s3proxy-jar/*.jar)
fi
mkdir -p "$DATA/blobs"
cat > "$DATA/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=xingfu
s3proxy.credential=xingfu-bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DATA/blobs
CONF
java -Xmx128m -jar "$S3PROXY_JAR" --properties "$DATA/s3proxy.conf" > "$DATA/s3proxy.log" 2>&1 &
S3_PID=$!
until curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; do kill -0 "$S3_PID" 2>/dev/null || { cat "$DATA/s3proxy.log"; exit 1; }; sleep 0.2; done
# the nodes share the audit chain's key and anchors (docs/operations.md: copy the key to every node)
S3_ARGS=(--xingfu.audit.dir="$DATA/audit" --xingfu.files.store=s3 --xingfu.files.s3.endpoint="http://127.0.0.1:$S3_PORT" --xingfu.files.s3.bucket=xingfu
  --xingfu.files.s3.access-key=xingfu --xingfu.files.s3.secret-key=xingfu-bench-secret --xingfu.files.s3.path-style=true)

# node A migrates the schema and loads the demo city; node B joins the same database
T0=$(now_ms)
start_app "$DATA/a" "$PORT_A" "$DATA/a.log" --xingfu.demo.households=3000 "${S3_ARGS[@]}"; A_PID=$APP_PID
wait_for_me "$PORT_A" jm.caizheng.101 300 >/dev/null || { tail -40 "$DATA/a.log"; echo "node A did not start"; exit 1; }
A_FIRST_MS=$(( $(now_ms) - T0 ))
echo "node A up with the demo city in $A_FIRST_MS ms (its idle start: the baseline of its return, as issue 24 puts it)"
T0=$(now_ms)
start_app "$DATA/b" "$PORT_B" "$DATA/b.log" --xingfu.demo.enabled=false "${S3_ARGS[@]}"; B_PID=$APP_PID
wait_for_me "$PORT_B" jm.caizheng.101 300 >/dev/null || { tail -40 "$DATA/b.log"; echo "node B did not start"; exit 1; }
IDLE_START_MS=$(( $(now_ms) - T0 ))
echo "node B up in $IDLE_START_MS ms (a node's start on the schema made, without load or demo)"

# a photo stored through node A, opened on node B with a page session made on node A
A_TOKEN=$(token "$PORT_A" jm.caizheng.101)
PHOTO_REQ=$(curl -s -X POST "http://127.0.0.1:$PORT_A/api/v1/requests" -H "Authorization: Bearer $A_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"category":"PROPERTY_REPAIR","title":"集群照片","description":"楼道墙皮脱落","urgency":"GENERAL"}' | sed -n 's/^{"id":\([0-9]*\).*/\1/p')
# a 2x2 PNG
printf 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4EaABRAwQCgAljgUBqTNxyAAAAABJRU5ErkJggg==' | base64 -d > "$DATA/photo.png"
PHOTO_ID=$(curl -s -X POST "http://127.0.0.1:$PORT_A/api/v1/requests/$PHOTO_REQ/photos" -H "Authorization: Bearer $A_TOKEN" \
  -F "photos=@$DATA/photo.png;type=image/png" | sed -n 's/.*"photoIds":\[\([0-9]*\).*/\1/p')
CSRF=$(curl -s -c "$DATA/jar.photo" -b "$DATA/jar.photo" "http://127.0.0.1:$PORT_A/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$DATA/jar.photo" -c "$DATA/jar.photo" --data-urlencode "username=jm.caizheng.101" \
  --data-urlencode "password=Xingfu@2026" --data-urlencode "_csrf=$CSRF" "http://127.0.0.1:$PORT_A/login"
PHOTO_ON_B=$(curl -s -o "$DATA/photo-from-b" -w '%{http_code} %{content_type}' -b "$DATA/jar.photo" "http://127.0.0.1:$PORT_B/requests/photos/$PHOTO_ID")
PHOTO_OBJECTS=$(find "$DATA/blobs/xingfu" -type f | wc -l)
echo "photo $PHOTO_ID of request $PHOTO_REQ, stored through node A ($PHOTO_OBJECTS object in the store), from node B: $PHOTO_ON_B, $(stat -c %s "$DATA/photo-from-b") bytes"

# nginx in front of both, round robin; a node that refuses a connection is skipped for 3 s
mkdir -p "$DATA/nginx-tmp" && chmod 777 "$DATA/nginx-tmp"
cat > "$DATA/nginx.conf" <<CONF
worker_processes 1;
pid $DATA/nginx.pid;
error_log $DATA/nginx-error.log warn;
events { worker_connections 1024; }
http {
  log_format node '\$msec \$status \$request_method \$upstream_addr "\$upstream_status"';
  access_log $DATA/nginx-access.log node;
  client_body_temp_path $DATA/nginx-tmp/body;
  proxy_temp_path $DATA/nginx-tmp/proxy;
  fastcgi_temp_path $DATA/nginx-tmp/fastcgi;
  uwsgi_temp_path $DATA/nginx-tmp/uwsgi;
  scgi_temp_path $DATA/nginx-tmp/scgi;
  upstream xingfu {
    server 127.0.0.1:$PORT_A max_fails=1 fail_timeout=3s;
    server 127.0.0.1:$PORT_B max_fails=1 fail_timeout=3s;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$PORT_LB;
    client_max_body_size 70m;
    location / {
      proxy_pass http://xingfu;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout;
      add_header X-Xingfu-Node \$upstream_addr always;
    }
  }
}
CONF
nginx -c "$DATA/nginx.conf" -p "$DATA" -g 'daemon on;'
BASE="http://127.0.0.1:$PORT_LB"
TOKEN=$(wait_for_me "$PORT_LB" jm.caizheng.101 30) || { cat "$DATA/nginx-error.log"; echo "nginx did not answer"; exit 1; }

# page users: each signs in through nginx (the sign-in page from one node, the form perhaps to the other) and
# then opens pages; each answer is "client status signed-out node end_ms"
page_client() {
  set +e +o pipefail
  local n=$1 user=$2 jar="$DATA/jar.$1" csrf out code loc node
  csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  out=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$jar" -c "$jar" --data-urlencode "username=$user" \
    --data-urlencode "password=Xingfu@2026" --data-urlencode "_csrf=$csrf" "$BASE/login")
  case "$out" in *login*|000*) echo "page client $n could not sign in as $user: $out" >&2; return 1;; esac
  while [ ! -f "$DATA/stop" ]; do
    out=$(curl -s -o /dev/null -m 20 -b "$jar" -c "$jar" -w '%{http_code} %{redirect_url} %header{x-xingfu-node}' "$BASE/notifications" 2>/dev/null) || true
    code=${out%% *}; out=${out#* }; loc=${out%% *}; node=${out#* }
    echo "$n ${code:-000} $([[ $loc == */login* ]] && echo 1 || echo 0) ${node:--} $(( ${EPOCHREALTIME/./} / 1000 ))" >> "$DATA/page.$n"
    sleep 1  # a person reads a page a moment before opening the next
  done
}

source "$(dirname "$0")/../faults/load.sh"
CALLS="$DATA/api" TITLE="集群压测" KEY_PREFIX=c
mkdir -p "$CALLS"
PAGE_PIDS=()
for i in "${!USERS[@]}"; do page_client "$i" "${USERS[$i]}" & PAGE_PIDS+=($!); done
renice -n 19 -p "${PAGE_PIDS[@]}" >/dev/null 2>&1 || true
start_clients "$CLIENTS"
sleep "$LOAD_S"

T_KILL=$(now_ms)
kill -9 "$A_PID"; wait "$A_PID" 2>/dev/null || true
echo "node A killed after ${LOAD_S}s of load ($CLIENTS API clients, ${#USERS[@]} page users)"
sleep "$DOWN_S"
start_app "$DATA/a" "$PORT_A" "$DATA/a-again.log" --xingfu.demo.enabled=false "${S3_ARGS[@]}"; A_PID=$APP_PID
wait_for_me "$PORT_A" jm.caizheng.101 300 >/dev/null || { tail -40 "$DATA/a-again.log"; echo "node A did not start again"; exit 1; }
T_BACK=$(now_ms)
RETURN_MS=$(( T_BACK - T_KILL - DOWN_S * 1000 ))
echo "node A serving again $(( T_BACK - T_KILL )) ms after the kill, $RETURN_MS ms after its start under load"
echo "A's return under load / its idle start: $(awk -v a="$RETURN_MS" -v b="$A_FIRST_MS" 'BEGIN {printf "%.2f", a / b}'); / B's idle start without migrations or demo: $(awk -v a="$RETURN_MS" -v b="$IDLE_START_MS" 'BEGIN {printf "%.2f", a / b}')"
sleep "$AFTER_S"
touch "$DATA/stop" "$CALLS/stop"
wait "${PAGE_PIDS[@]}" 2>/dev/null || true
stop_clients
cat "$DATA"/page.* | sort -k5n > "$DATA/pages"
count_answers "$T_KILL"
retry_calls
count_stored "$PG_PORT"

# the figures
in_window() { awk -v a="$1" -v b="$2" "\$5 >= a && \$5 < b $3" "$4" | wc -l; }
API_CALLS=$(wc -l < "$CALLS/calls")
API_FAILED=$(awk '$2 != 201' "$CALLS/calls" | wc -l)
API_FAILED_LATE=$(awk -v k="$T_KILL" '$2 != 201 && ($5 < k || $5 > k + 1000)' "$CALLS/calls" | wc -l)
PAGES=$(wc -l < "$DATA/pages")
PAGES_OK=$(awk '$2 == 200' "$DATA/pages" | wc -l)
SIGNED_OUT=$(awk '$3 == 1' "$DATA/pages" | wc -l)
PAGES_FAILED=$(awk '$2 != 200' "$DATA/pages" | wc -l)
by_node() { # FROM TO PORT: answers (API and pages) nginx took from that node in the window
  awk -v a="$1" -v b="$2" -v p=":$3" '$1 * 1000 >= a && $1 * 1000 < b && index($4, p) {n++} END {print n + 0}' "$DATA/nginx-access.log"
}
FIRST=$(awk 'NR == 1 {printf "%d\n", $1 * 1000}' "$DATA/nginx-access.log")
END=$(now_ms)
PAGE_CLIENTS_ON_BOTH=0
for i in "${!USERS[@]}"; do
  if grep -q ":$PORT_A" "$DATA/page.$i" && grep -q ":$PORT_B" "$DATA/page.$i"; then PAGE_CLIENTS_ON_BOTH=$((PAGE_CLIENTS_ON_BOTH + 1)); fi
done

echo
row "nodes" "2 behind nginx $(nginx -v 2>&1 | sed 's/.*\///'), PostgreSQL $("${PSQL[@]}" -c 'show server_version')"
row "API calls (file a request, Idempotency-Key)" "$API_CALLS"
row "  acknowledged (201)" "$ACKED"
row "  not acknowledged" "$API_FAILED ($S5XX 5xx, $UNANSWERED unanswered, $OTHER other)"
row "  of those outside the second after the kill" "$API_FAILED_LATE"
row "  retries answered 201 afterwards" "$RETRIED_OK"
row "  stored / duplicated / lost / partial" "$STORED / $DUPLICATED / $LOST / $PARTIAL"
row "page requests by signed-in users" "$PAGES"
row "  answered 200" "$PAGES_OK"
row "  sent to sign in (session lost)" "$SIGNED_OUT"
row "  other answers" "$PAGES_FAILED"
row "page users served by both nodes" "$PAGE_CLIENTS_ON_BOTH of ${#USERS[@]}"
row "answers by A / B before the kill" "$(by_node "$FIRST" "$T_KILL" "$PORT_A") / $(by_node "$FIRST" "$T_KILL" "$PORT_B")"
row "answers by A / B while A was down" "$(by_node "$T_KILL" "$T_BACK" "$PORT_A") / $(by_node "$T_KILL" "$T_BACK" "$PORT_B")"
row "answers by A / B after A came back" "$(by_node "$T_BACK" "$END" "$PORT_A") / $(by_node "$T_BACK" "$END" "$PORT_B")"
row "nginx answers 502/504" "$(awk '$2 == 502 || $2 == 504' "$DATA/nginx-access.log" | wc -l)"
row "audit entries left unsealed" "$UNSEALED"
row "photo stored through A, read from B" "$PHOTO_ON_B"
row "idle start of A / of B / return of A under load (ms)" "$A_FIRST_MS / $IDLE_START_MS / $RETURN_MS"

FAILED=0
[ "$SIGNED_OUT" = 0 ] || { echo "FAILED: page users were sent to sign in again"; FAILED=1; }
[ "$PAGES_FAILED" = 0 ] || { echo "FAILED: page requests failed"; awk '$2 != 200' "$DATA/pages" | head -5; FAILED=1; }
[ "$LOST" = 0 ] && [ "$DUPLICATED" = 0 ] && [ "$CHANGED" = 0 ] && [ "$PARTIAL" = 0 ] || { echo "FAILED: lost, duplicated or partial"; FAILED=1; }
[ "$API_FAILED_LATE" = 0 ] || { echo "FAILED: API calls failed outside the second after the kill"; awk -v k="$T_KILL" '$2 != 201 && ($5 < k || $5 > k + 1000)' "$CALLS/calls" | head -5; FAILED=1; }
[ "$API_FAILED" -le "$CLIENTS" ] || { echo "FAILED: more failures than requests in flight"; FAILED=1; }
[ "$PAGE_CLIENTS_ON_BOTH" = "${#USERS[@]}" ] || { echo "FAILED: not every page user was served by both nodes"; FAILED=1; }
[ "$(by_node "$T_BACK" "$END" "$PORT_A")" -gt 0 ] || { echo "FAILED: node A took no requests after its return"; FAILED=1; }
[ "$UNSEALED" = 0 ] || { echo "FAILED: audit entries not sealed"; FAILED=1; }
[[ $PHOTO_ON_B == "200 image/"* ]] && [ "$PHOTO_OBJECTS" -ge 1 ] || { echo "FAILED: the photo stored through A was not served by B from the object store"; FAILED=1; }
[ "$RETURN_MS" -le $(( 2 * A_FIRST_MS )) ] || { echo "FAILED: node A's return under load took more than twice its idle start"; FAILED=1; }
[ "$FAILED" = 0 ] || exit 1
echo "Two nodes, one killed and restarted under load: OK"
