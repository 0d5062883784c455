#!/usr/bin/env bash
# Lighthouse (issue 10): performance and accessibility of the four pages residents use most, measured the way
# Lighthouse measures a phone (Moto G power profile, simulated slow 4G, 4x CPU slowdown): the resident's home page
# and the request form (signed in), a notice board and a community's wish wall (as anyone opening a QR code).
# Budgets: performance >= 90, accessibility >= 95. PROFILE=3g simulates a 3G line instead. Lighthouse comes from
# the npm registry into bench/.lighthouse the first time (LH_VERSION); Chromium is Debian's. Loopback only; one
# run per page (RUNS=3 takes the median).
source "$(dirname "$0")/common.sh"
build_jar
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }
command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
LH_VERSION=${LH_VERSION:-13.5.0}
LH_DIR="$ROOT/bench/.lighthouse"
LH="$LH_DIR/node_modules/.bin/lighthouse"
if [ ! -x "$LH" ] || ! "$LH" --version 2>/dev/null | grep -qx "$LH_VERSION"; then
  npm install --prefix "$LH_DIR" --no-audit --no-fund --loglevel=error "lighthouse@$LH_VERSION" >/dev/null
fi
PORT=${PORT:-18091}
RUNS=${RUNS:-1}
# PROFILE=3g: Lighthouse's simulation with a 3G line instead of its default slow 4G (300 ms round trips, 700 kbit/s)
THROTTLE=()
[ "${PROFILE:-}" = 3g ] && THROTTLE=(--throttling.rttMs=300 --throttling.throughputKbps=700 --throttling.cpuSlowdownMultiplier=4)
DATA=$(mktemp -d /tmp/xingfu-lighthouse.XXXXXX)
cleanup() { [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null; wait 2>/dev/null || true; if [ -n "${KEEP:-}" ]; then echo "kept $DATA"; else rm -rf "$DATA"; fi; }
trap cleanup EXIT
BASE="http://127.0.0.1:$PORT"

start_app "$DATA" "$PORT" "$DATA/app.log" --xingfu.demo.households=3000
STAFF=$(wait_for_me "$PORT" sq.nongchang 240) || { tail -50 "$DATA/app.log"; echo "start failed"; exit 1; }
embedded_pg "$DATA"
sql() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -At -c "$1"; }
COMPOUND=$(sql "select id from org_node where name = '财政小区'")
COMMUNITY=$(sql "select parent_id from org_node where id = $COMPOUND")
# a notice board of the compound, as staff put one up, with a notice on it
BOARD=$(curl -s -X POST "$BASE/api/v1/boards" -H "Authorization: Bearer $STAFF" -H 'Content-Type: application/json' \
  -d "{\"compoundId\":$COMPOUND,\"name\":\"1号楼公示栏\",\"place\":\"1号楼东侧单元门旁\"}" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
curl -s -o /dev/null -X POST "$BASE/api/v1/notices" -H "Authorization: Bearer $STAFF" -H 'Content-Type: application/json' \
  -d "{\"nodeId\":$COMPOUND,\"scope\":\"PUBLIC\",\"type\":\"RESIDENTS\",\"title\":\"周三上午停水\",\"body\":\"管道维修，周三8:00至12:00停水，请提前储水。\",\"endsAt\":\"$(date -u -d '+5 days' +%Y-%m-%dT%H:%M:%SZ)\"}"
# a resident's page session, signed in through the form
COOKIES="$DATA/cookies"
CSRF=$(curl -s -c "$COOKIES" "$BASE/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -o /dev/null -b "$COOKIES" -c "$COOKIES" --data-urlencode "username=jm.caizheng.101" \
  --data-urlencode "password=Xingfu@2026" --data-urlencode "_csrf=$CSRF" "$BASE/login"
SESSION=$(awk '$6 == "SESSION" {print $7}' "$COOKIES")
[ -n "$SESSION" ] || { echo "could not sign in"; exit 1; }

score() { node -e "const r=require('$1'); console.log(Math.round(r.categories['$2'].score*100))"; }
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
FAILED=0
printf '%-34s %12s %14s\n' "page" "performance" "accessibility"
for page in "resident home|/|signed" "request form|/requests/new|signed" "notice board (QR)|/boards/$BOARD|" "wish wall|/wall/$COMMUNITY|"; do
  IFS='|' read -r name path signed <<<"$page"
  perf="" acc=""
  for run in $(seq 1 "$RUNS"); do
    headers="{}"
    [ -n "$signed" ] && headers="{\"Cookie\":\"SESSION=$SESSION\"}"
    CHROME_PATH=$(command -v chromium) "$LH" "$BASE$path" --quiet --output=json --output-path="$DATA/lh.json" \
      --only-categories=performance,accessibility --extra-headers="$headers" "${THROTTLE[@]}" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$DATA/lh.err" \
      || { tail -5 "$DATA/lh.err"; exit 1; }
    final=$(node -e "console.log(require('$DATA/lh.json').finalDisplayedUrl)")
    [ "$final" = "$BASE$path" ] || { echo "  $name: Lighthouse ended on $final, not $BASE$path"; exit 1; }
    perf="$perf $(score "$DATA/lh.json" performance)"
    acc="$acc $(score "$DATA/lh.json" accessibility)"
  done
  p=$(echo $perf | median); a=$(echo $acc | median)
  printf '%-34s %12s %14s   (%s KB sent)\n' "$name ($path)" "$p" "$a" "$(node -e "const r=require('$DATA/lh.json'); console.log(Math.round(r.audits['total-byte-weight'].numericValue/1024))")"
  [ "$p" -ge 90 ] || { echo "  FAILED: performance under 90 (runs:$perf)"; FAILED=1; }
  [ "$a" -ge 95 ] || { echo "  FAILED: accessibility under 95"; node -e "const r=require('$DATA/lh.json'); for (const a of Object.values(r.audits)) if (a.score === 0 && r.categories.accessibility.auditRefs.some(x => x.id === a.id)) console.log('   -', a.id, a.title)"; FAILED=1; }
done
[ "$FAILED" = 0 ] && echo "Lighthouse budgets: OK"
exit "$FAILED"
