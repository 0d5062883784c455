# Shared by the bench/faults/ scripts (sourced after ../common.sh): clients filing requests with their own
# Idempotency-Keys through a fault, the retry of every call without a 201, and the counts in the database.
# Set before use: BASE, TOKEN, CALLS (a folder for the clients' lines), TITLE (the title prefix of this run's
# requests, followed by a space and the key) and KEY_PREFIX.

fault_body() { # KEY -> the request's JSON (the key in the title, so stored rows can be counted per key)
  printf '{"category":"PROPERTY_REPAIR","title":"%s %s","description":"楼道灯不亮，晚上看不见台阶","urgency":"GENERAL"}' "$TITLE" "$1"
}

fault_client() { # N: files requests until $CALLS/stop appears; writes "key status retry-after id end_ms" lines
  # no errexit and no pipelines here: under common.sh's `set -eo pipefail` a SIGPIPE in `echo | head` could end a
  # client between its call and its line, leaving a stored request no client recorded
  set +e +o pipefail
  local n=$1 i=0 key out last body code ra id backoff=0.2
  while [ ! -f "$CALLS/stop" ]; do
    i=$((i + 1)); key="$KEY_PREFIX$n-$i"
    out=$(curl -s -m 20 -w '\n%{http_code} %header{retry-after}' -X POST "$BASE/api/v1/requests" \
      -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
      -d "$(fault_body "$key")" 2>/dev/null) || out=$'\n000 -'
    last=${out##*$'\n'}; body=${out%$'\n'*}
    code=${last%% *}; ra=${last#* }
    id=0; [[ $body =~ \"id\":([0-9]+) ]] && id=${BASH_REMATCH[1]}
    [ "$code" = 503 ] && [ ! -f "$CALLS/sample.503" ] && printf '%s\n' "$body" > "$CALLS/sample.503"
    [ "$code" = 500 ] && printf '%s\n' "$body" >> "$CALLS/sample.500"
    echo "$key ${code:-000} ${ra:--} $id $(( ${EPOCHREALTIME/./} / 1000 ))" >> "$CALLS/client.$n"
    # as real clients do: no pause after a success, a short one after an answer that was not, and a growing one
    # (up to 2 s) while nothing answers at all, so a server that is starting is not starved by the clients
    case "$code" in
      201) backoff=0.2 ;;
      000) sleep "$backoff"; backoff=$(awk -v b="$backoff" 'BEGIN {b *= 2; print (b > 2 ? 2 : b)}') ;;
      *) sleep 0.2 ;;
    esac
  done
}

start_clients() { # COUNT
  CLIENT_PIDS=()
  local n
  for n in $(seq 1 "$1"); do fault_client "$n" & CLIENT_PIDS+=($!); done
  # the clients stand for phones elsewhere: on this 2-core machine they yield to the application they measure
  renice -n 19 -p "${CLIENT_PIDS[@]}" >/dev/null 2>&1 || true
}

stop_clients() { # then merges the lines into $CALLS/calls, by the time each call ended
  touch "$CALLS/stop"
  sleep 1
  wait "${CLIENT_PIDS[@]}" 2>/dev/null || true
  cat "$CALLS"/client.* | sort -k5n > "$CALLS/calls"
}

count_answers() { # [T_UP ms]: the answers, and how they went after the database (or the application) came back
  local up=${1:-0}
  calls_where() { awk "$1" "$CALLS/calls" | wc -l; }
  ACKED=$(calls_where '$2 == 201')
  S503=$(calls_where '$2 == 503')
  S503_NO_RA=$(calls_where '$2 == 503 && $3 == "-"')
  S5XX=$(calls_where '$2 >= 500 && $2 != 503')
  UNANSWERED=$(calls_where '$2 == "000"')
  OTHER=$(calls_where '$2 != 201 && $2 != 503 && $2 != "000" && $2 < 500')
  # recovered when the last call that failed has ended
  local last_fail; last_fail=$(awk -v up="$up" '$5 >= up && $2 != 201 {t = $5} END {printf "%d\n", t}' "$CALLS/calls")
  FIRST_OK_MS=$(( $(awk -v up="$up" '$5 >= up && $2 == 201 {print $5; exit}' "$CALLS/calls" | grep . || echo "$up") - up ))
  RECOVERED_MS=$(( last_fail > up ? last_fail - up : 0 ))
  AFTER_OK=$(awk -v up="$up" '$5 >= up && $2 == 201' "$CALLS/calls" | wc -l)
}

retry_calls() { # every call without a 201, and a tenth of the acknowledged ones, again with the same key and body
  RETRIED_OK=0; CHANGED=0
  local key code ra id t out rcode rid
  while read -r key code ra id t; do
    out=$(curl -s -m 20 -w '\n%{http_code}' -X POST "$BASE/api/v1/requests" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$(fault_body "$key")") || out=$'\n000'
    # no pipes: `echo | head` under pipefail ended the whole script with SIGPIPE (exit 141) before its summary
    rcode=${out##*$'\n'}; rid=""
    [[ ${out%$'\n'*} =~ \"id\":([0-9]+) ]] && rid=${BASH_REMATCH[1]}
    if [ "$code" = 201 ] && [ "$rid" != "$id" ]; then CHANGED=$((CHANGED + 1)); echo "retry of $key answered $rcode id $rid, first $id"; fi
    [ "$rcode" = 201 ] && RETRIED_OK=$((RETRIED_OK + 1))
  done < <(awk '$2 != 201' "$CALLS/calls"; awk '$2 == 201' "$CALLS/calls" | awk 'NR % 10 == 1')
}

count_stored() { # PGPORT: stored, duplicated, lost, partial and orphaned requests of this run
  local psql=(psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -At) like="$TITLE %"
  STORED=$("${psql[@]}" -c "select count(*) from req_request where title like '$like'")
  DUPLICATED=$("${psql[@]}" -c "select count(*) from (select title from req_request where title like '$like' group by title having count(*) > 1) d")
  PARTIAL=$("${psql[@]}" -c "select count(*) from req_request r where title like '$like' and (not exists (select 1 from req_event e where e.request_id = r.id) or not exists (select 1 from req_idempotency i where i.request_id = r.id))")
  UNSEALED=$("${psql[@]}" -c "select count(*) from aud_entry where hash is null")
  awk '$2 == 201 {print $4}' "$CALLS/calls" | sort -u > "$CALLS/acked.ids"
  "${psql[@]}" -c "select id from req_request where title like '$like'" | sort -u > "$CALLS/stored.ids"
  LOST=$(comm -23 "$CALLS/acked.ids" "$CALLS/stored.ids" | wc -l)
  awk '{print $1}' "$CALLS/calls" | sort -u > "$CALLS/keys"
  "${psql[@]}" -c "select substr(title, length('$TITLE') + 2) from req_request where title like '$like'" | sort -u > "$CALLS/stored.keys"
  ORPHANS=$(comm -13 "$CALLS/keys" "$CALLS/stored.keys" | tr '\n' ' ')
}

row() { printf '%-52s %s\n' "$1" "$2"; }

print_counts() { # the figures every fault script reports
  row "calls made" "$(wc -l < "$CALLS/calls")"
  row "acknowledged (201)" "$ACKED"
  row "answered 503" "$S503"
  row "503 without Retry-After" "$S503_NO_RA"
  row "500 or another 5xx" "$S5XX"
  row "no answer within 20 s" "$UNANSWERED"
  row "other answers" "$OTHER"
  row "retries answered 201 after the recovery" "$RETRIED_OK"
  row "retries of acknowledged keys with another id" "$CHANGED"
  row "stored (distinct requests of this run)" "$STORED"
  row "duplicated (a key stored twice)" "$DUPLICATED"
  row "partial (no timeline entry or idempotency record)" "$PARTIAL"
  row "lost (acknowledged, not stored)" "$LOST"
  row "audit entries left unsealed" "$UNSEALED"
  row "stored for a key no client recorded" "${ORPHANS:-none}"
  [ -f "$CALLS/sample.503" ] && echo "a 503 body: $(cat "$CALLS/sample.503")"
  [ -f "$CALLS/sample.500" ] && { echo "500 bodies:"; head -3 "$CALLS/sample.500"; }
  return 0
}

check_counts() { # fails the script on a loss, a duplicate, a partial request, a changed answer or a 500
  local failed=0
  [ "$S5XX" = 0 ] || { echo "FAILED: a 5xx other than 503"; failed=1; }
  [ "$S503_NO_RA" = 0 ] || { echo "FAILED: a 503 without Retry-After"; failed=1; }
  if [ -f "$CALLS/sample.503" ] && ! grep -q '"status":503' "$CALLS/sample.503"; then echo "FAILED: the 503 is not problem+json"; failed=1; fi
  [ "$LOST" = 0 ] && [ "$DUPLICATED" = 0 ] && [ "$CHANGED" = 0 ] && [ "$PARTIAL" = 0 ] || { echo "FAILED: lost, duplicated or partial"; failed=1; }
  [ "$UNSEALED" = 0 ] || { echo "FAILED: audit entries not sealed after the recovery"; failed=1; }
  return $failed
}
