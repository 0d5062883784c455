#!/usr/bin/env bash
# What page sessions in PostgreSQL (Spring Session JDBC, issue 11) cost a signed-in page: GET /notifications/badge (the unread count every open page asks for each minute) with a
# session cookie under wrk, on the jar as it ships, and again on the same data with Tomcat's in-memory sessions
# (Spring Session's JDBC auto-configuration excluded). Each run has its own baseline in the same JVM: GET /api/v1/me
# with a bearer token (no session). Also the inbox page itself, whose rendering outweighs the session. Report: req/s
# and p99, and the ratios.
source "$(dirname "$0")/common.sh"
build_jar
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
PORT=${PORT:-18096}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-20s}
DATA=${DATA:-$(mktemp -d /tmp/xingfu-sessions.XXXXXX)}
BASE="http://127.0.0.1:$PORT"
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$DATA"; }
trap cleanup EXIT

run_wrk() { # URL header -> "rps p99_ms errors"
  local out rps p99 errors
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$2" "$1")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$rps $p99 ${errors:-none}"
}

measure() { # NAME COOKIE_NAME [app args...]
  local name=$1 cookie=$2; shift 2
  start_app "$DATA" "$PORT" "$DATA/$name.log" --xingfu.demo.households=3000 "$@"
  local token jar csrf session
  token=$(wait_for_me "$PORT" sq.nongchang 300) || { tail -40 "$DATA/$name.log"; exit 1; }
  jar="$DATA/jar.$name"
  csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "username=sq.nongchang" \
    --data-urlencode "password=Xingfu@2026" --data-urlencode "_csrf=$csrf" "$BASE/login"
  session=$(awk -v c="$cookie" '$6 == c {print $7}' "$jar")
  [ -n "$session" ] || { echo "no $cookie cookie after signing in"; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie=$session" "$BASE/notifications/badge")" = 200 ] \
    || { echo "the page did not answer 200 with the session"; exit 1; }
  DURATION=10s run_wrk "$BASE/notifications/badge" "Cookie: $cookie=$session" >/dev/null
  DURATION=10s run_wrk "$BASE/api/v1/me" "Authorization: Bearer $token" >/dev/null
  read -r ME_RPS ME_P99 ME_ERR <<<"$(run_wrk "$BASE/api/v1/me" "Authorization: Bearer $token")"
  read -r PAGE_RPS PAGE_P99 PAGE_ERR <<<"$(run_wrk "$BASE/notifications/badge" "Cookie: $cookie=$session")"
  read -r INBOX_RPS INBOX_P99 INBOX_ERR <<<"$(run_wrk "$BASE/notifications" "Cookie: $cookie=$session")"
  printf '%-34s %-26s %-26s %-22s %s\n' "$name" "$PAGE_RPS req/s, p99 $PAGE_P99 ms" "$INBOX_RPS req/s, p99 $INBOX_P99 ms" \
    "$ME_RPS req/s, p99 $ME_P99 ms" "$(awk -v a="$PAGE_RPS" -v b="$ME_RPS" 'BEGIN {printf "%.3f", a/b}')"
  [ "$PAGE_ERR" = none ] && [ "$INBOX_ERR" = none ] && [ "$ME_ERR" = none ] \
    || echo "  errors: badge $PAGE_ERR, inbox $INBOX_ERR, me $ME_ERR"
  eval "${name//[^a-z]/_}_INBOX=$INBOX_RPS"
  eval "${name//[^a-z]/_}_RATIO=$(awk -v a="$PAGE_RPS" -v b="$ME_RPS" 'BEGIN {printf "%.3f", a/b}')"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}

printf '%-34s %-26s %-26s %-22s %s\n' "sessions" "GET /notifications/badge" "GET /notifications (inbox)" "GET /api/v1/me" "badge/me"
measure "postgresql (as shipped)" SESSION
measure "tomcat memory (one node only)" JSESSIONID \
  --spring.autoconfigure.exclude=org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration
echo "inbox page with sessions in PostgreSQL against in memory: $(awk -v a="$postgresql__as_shipped__INBOX" -v b="$tomcat_memory__one_node_only__INBOX" 'BEGIN {printf "%.2f", a/b}')"
echo "badge/me with sessions in PostgreSQL against in memory: $(awk -v a="$postgresql__as_shipped__RATIO" -v b="$tomcat_memory__one_node_only__RATIO" 'BEGIN {printf "%.2f", a/b}')"
