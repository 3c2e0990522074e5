#!/usr/bin/env bash
# Soak: spgate under a mixed load for a long time, with faults injected, recording whether it
# stays flat. One slice after another (SLICE seconds each) runs three wrk streams side by side:
#   small  - proxied GETs with a small session (CONN_SMALL connections)
#   large  - proxied GETs with a session whose identity headers are 32 KiB (CONN_LARGE)
#   cycle  - logins (pre-minted SAML Responses POSTed to the ACS, 1 % deliberately invalid), a
#            page with the new session, logout; paced by CYCLE_PAUSE ms between requests
# and every RESTART_EVERY seconds the backend is stopped for 2 s and started again. After each
# slice: heap after a full GC, RSS, threads, file descriptors of the spgate JVM, and per stream
# the latency percentiles and responses by class, into one table (soak.tsv) and a plot (soak.png,
# when gnuplot is installed).
#
#   bench/soak.sh                 30 minutes
#   DURATION=300 bench/soak.sh    5 minutes
#   bench/soak.sh --ci            60 seconds, 10 s slices; exits 1 on an unexpected error or a
#                                 leak trend (never on timings)
#
# A response slower than 10 s counts as a socket error (unexpected); slower ones below that only
# show in the latency columns.
#
# Environment: DURATION (s, 1800), SLICE (s, 30), RESTART_EVERY (s, 180), CONN_SMALL (8),
# CONN_LARGE (2), CYCLE_CONN (2), CYCLE_PAUSE (ms, 40), PORT_BASE (19080), OUT (directory for
# soak.tsv, soak.png, logs; default a new /tmp directory), SPGATE_JAVA_OPTS (-Xmx512m),
# SKIP_BUILD=1 (use the jars already built).
set -euo pipefail

DURATION=${DURATION:-1800}
SLICE=${SLICE:-30}
RESTART_EVERY=${RESTART_EVERY:-180}
CI_MODE=0
if [[ "${1:-}" == "--ci" ]]; then
  CI_MODE=1; DURATION=${CI_DURATION:-60}; SLICE=10; RESTART_EVERY=30
fi
CONN_SMALL=${CONN_SMALL:-8}
CONN_LARGE=${CONN_LARGE:-2}
CYCLE_CONN=${CYCLE_CONN:-2}
CYCLE_PAUSE=${CYCLE_PAUSE:-40}
PORT_BASE=${PORT_BASE:-19080}
SPGATE_JAVA_OPTS=${SPGATE_JAVA_OPTS:--Xmx512m}
BACKEND_PORT=$((PORT_BASE + 1)); SPGATE_PORT=$((PORT_BASE + 3))
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_JAR="$REPO/sp-bench/target/benchmarks.jar"
SPGATE="http://127.0.0.1:$SPGATE_PORT"
OUT=${OUT:-$(mktemp -d /tmp/spgate-soak.XXXXXX)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd) # absolute: the generated configuration names files under it
WORK="$OUT/work"
mkdir -p "$WORK"

for tool in nginx wrk curl jcmd; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is needed" >&2; exit 2; }
done

cd "$REPO"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -ntp -pl sp-server,sp-bench -am package -DskipTests
fi

PIDS=()
BACKEND_PID=
cleanup() {
  [[ -n "$BACKEND_PID" ]] && kill "$BACKEND_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

helper() { java -cp "$BENCH_JAR" "org.spgate.bench.$1" "${@:2}"; }

# shellcheck source=bench/nginx-conf.sh
. "$HERE/nginx-conf.sh"
nginx_backend_conf "$WORK/backend" "$BACKEND_PORT"
start_backend() { start_nginx "$WORK/backend" > /dev/null 2>&1 & BACKEND_PID=$!; }
start_backend

helper BenchIdp --dir "$WORK/idp"
java -jar "$REPO/sp-server/target/spgate.jar" keygen --cn 127.0.0.1 --out-dir "$WORK/sp" >/dev/null
# All load comes from 127.0.0.1: the per-address login limit is lifted for it; everything else is
# spgate's defaults (timeouts, connection cap, backend health).
cat > "$WORK/spgate.yaml" <<CONF
listen: 127.0.0.1:$SPGATE_PORT
publicUrl: $SPGATE
entityId: $SPGATE/shibboleth
credentials:
  - {cert: $WORK/sp/sp-cert.pem, key: $WORK/sp/sp-key.pem}
idp: {metadata: [$WORK/idp/idp-metadata.xml]}
attributeMap: $REPO/attribute-maps/attribute-map.xml
cookie: {secure: false}
security: {allowUnsolicited: true, messageLifetime: 1h}
limits: {loginsPerMinutePerAddress: 1000000}
routes:
  - {path: /, backend: "http://127.0.0.1:$BACKEND_PORT", auth: required}
CONF

# Enough unique Responses for the whole run (a replayed one would be refused: unexpected), for
# each of the CYCLE_CONN connections (each takes its own share of the lines), with
# every 100th made invalid by changing one character of its signed content.
LOGINS=$(( (DURATION * 1000 / CYCLE_PAUSE / 3 + 1000) * CYCLE_CONN * 12 / 10 ))
helper LoginMint --idp "$WORK/idp" --entity-id "$SPGATE/shibboleth" \
  --acs "$SPGATE/Shibboleth.sso/SAML2/POST" --count "$LOGINS" --out "$WORK/acs-valid.txt"
awk 'NR % 100 == 50 { n = length($0); print "BAD " substr($0, 1, n - 40) (substr($0, n - 39, 1) == "A" ? "B" : "A") substr($0, n - 38); next } { print }' \
  "$WORK/acs-valid.txt" > "$WORK/acs.txt"

# shellcheck disable=SC2086
java $SPGATE_JAVA_OPTS -jar "$REPO/sp-server/target/spgate.jar" --config "$WORK/spgate.yaml" \
  > "$OUT/spgate.log" 2>&1 & SPGATE_PID=$!
PIDS+=($SPGATE_PID)
for _ in $(seq 1 3000); do
  curl -fs -o /dev/null "$SPGATE/Shibboleth.sso/Status" && break
  kill -0 "$SPGATE_PID" 2>/dev/null || { cat "$OUT/spgate.log" >&2; exit 1; }
  sleep 0.05
done
COOKIE_SMALL=$(helper LoginCookie --idp "$WORK/idp" --url "$SPGATE" --size small)
COOKIE_LARGE=$(helper LoginCookie --idp "$WORK/idp" --url "$SPGATE" --size 32k)

# One row per slice.
printf 't_s\theap_mb\trss_mb\tthreads\tfds\tsmall_rps\tsmall_p50_ms\tsmall_p99_ms\tlarge_rps\tlarge_p99_ms\tlogins\tcycle_p99_ms\tinjected_bad\tinjected_backend\tunexpected\trestart\n' \
  > "$OUT/soak.tsv"

ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
status_sum() { # file, awk condition on $2 (status) -> sum of counts
  awk -v cond="$2" '$1 == "STATUS" { s = $2; ok = 0
      if (cond == "ok") ok = (s == 200)
      if (cond == "backend") ok = (s == 502 || s == 503)
      if (cond == "other") ok = (s != 200 && s != 502 && s != 503)
      if (ok) n += $3 } END { print n + 0 }' "$1"
}
field() { awk -v k="$2" -v i="$3" '$1 == k { print $i; exit }' "$1"; }

USED=0
PREV_RESTART=0
START=$(date +%s)
NEXT_RESTART=$RESTART_EVERY
SLICES=$(( DURATION / SLICE ))
for slice in $(seq 1 "$SLICES"); do
  T0=$(( $(date +%s) - START ))
  wrk -t2 -c"$CONN_SMALL" -d"${SLICE}s" --timeout 10s --latency -s "$HERE/soak-count.lua" \
    -H "Cookie: $COOKIE_SMALL" "$SPGATE/app/small" > "$WORK/small-$slice.out" 2>&1 & W1=$!
  wrk -t1 -c"$CONN_LARGE" -d"${SLICE}s" --timeout 10s --latency -s "$HERE/soak-count.lua" \
    -H "Cookie: $COOKIE_LARGE" "$SPGATE/app/large" > "$WORK/large-$slice.out" 2>&1 & W2=$!
  wrk -t"$CYCLE_CONN" -c"$CYCLE_CONN" -d"${SLICE}s" --timeout 10s --latency -s "$HERE/soak-cycle.lua" \
    "$SPGATE/" -- "$WORK/acs.txt" "$CYCLE_CONN" "$CYCLE_PAUSE" "$USED" > "$WORK/cycle-$slice.out" 2>&1 & W3=$!
  RESTART=0
  END_OF_SLICE=$(( T0 + SLICE ))
  if (( NEXT_RESTART < END_OF_SLICE )); then
    sleep $(( NEXT_RESTART > T0 ? NEXT_RESTART - T0 : 0 ))
    kill "$BACKEND_PID"; wait "$BACKEND_PID" 2>/dev/null || true
    sleep 2
    start_backend
    RESTART=1
    NEXT_RESTART=$(( NEXT_RESTART + RESTART_EVERY ))
  fi
  wait $W1 $W2 $W3
  T=$(( $(date +%s) - START ))

  jcmd "$SPGATE_PID" GC.run > /dev/null
  HEAP_KB=$(jcmd "$SPGATE_PID" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print v; exit } }')
  RSS_KB=$(awk '/VmRSS/ { print $2 }' "/proc/$SPGATE_PID/status")
  THREADS=$(awk '/Threads/ { print $2 }' "/proc/$SPGATE_PID/status")
  FDS=$(ls "/proc/$SPGATE_PID/fd" | wc -l)

  SMALL_OK=$(status_sum "$WORK/small-$slice.out" ok); LARGE_OK=$(status_sum "$WORK/large-$slice.out" ok)
  BACKEND_ERR=$(( $(status_sum "$WORK/small-$slice.out" backend) + $(status_sum "$WORK/large-$slice.out" backend) ))
  OTHER=$(( $(status_sum "$WORK/small-$slice.out" other) + $(status_sum "$WORK/large-$slice.out" other) ))
  SOCKET=$(( $(field "$WORK/small-$slice.out" SOCKET 2) + $(field "$WORK/large-$slice.out" SOCKET 2) + $(field "$WORK/cycle-$slice.out" SOCKET 2) ))
  USED=$(field "$WORK/cycle-$slice.out" USED 2)
  read -r _ LOGINS_OK BAD _ _ CYCLE_UNEXPECTED REPLAYED < <(grep '^CYCLE' "$WORK/cycle-$slice.out")
  # 502/503 are expected only in a slice with a backend restart, or right after one (the back-off
  # may reach into the next slice).
  if (( RESTART == 0 && PREV_RESTART == 0 )); then OTHER=$(( OTHER + BACKEND_ERR )); BACKEND_ERR=0; fi
  PREV_RESTART=$RESTART
  UNEXPECTED=$(( OTHER + SOCKET + CYCLE_UNEXPECTED + REPLAYED ))
  if (( UNEXPECTED > 0 )); then
    echo "t=$T: unexpected: other statuses $OTHER, socket errors (incl. > 10 s) $SOCKET, login cycle $CYCLE_UNEXPECTED, replays $REPLAYED; raw: $WORK/*-$slice.out" \
      >> "$OUT/unexpected.txt"
  fi
  printf '%d\t%.1f\t%.1f\t%d\t%d\t%d\t%s\t%s\t%d\t%s\t%d\t%s\t%d\t%d\t%d\t%d\n' \
    "$T" "$(awk -v k="$HEAP_KB" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$RSS_KB" 'BEGIN { print k / 1024 }')" "$THREADS" "$FDS" \
    $(( SMALL_OK / SLICE )) "$(ms "$(field "$WORK/small-$slice.out" LATENCY_US 2)")" \
    "$(ms "$(field "$WORK/small-$slice.out" LATENCY_US 4)")" $(( LARGE_OK / SLICE )) \
    "$(ms "$(field "$WORK/large-$slice.out" LATENCY_US 4)")" "$LOGINS_OK" \
    "$(ms "$(field "$WORK/cycle-$slice.out" LATENCY_US 4)")" "$BAD" "$BACKEND_ERR" "$UNEXPECTED" "$RESTART" \
    >> "$OUT/soak.tsv"
  tail -1 "$OUT/soak.tsv"
done

column -t "$OUT/soak.tsv" > "$OUT/soak.txt"
cat "$OUT/soak.txt"
if command -v gnuplot >/dev/null; then
  gnuplot <<PLOT
set terminal png size 1100,700
set output "$OUT/soak.png"
set multiplot layout 2,1 title "spgate soak: ${DURATION} s, ${SLICE} s slices, backend restart every ${RESTART_EVERY} s"
set key outside right
set xlabel "time (s)"
set ylabel "MB / count"
plot "$OUT/soak.tsv" using 1:2 skip 1 with linespoints title "heap after GC (MB)", \
     "" using 1:3 skip 1 with linespoints title "RSS (MB)", \
     "" using 1:4 skip 1 with linespoints title "threads", \
     "" using 1:5 skip 1 with linespoints title "fds"
set ylabel "ms / count"
set logscale y
plot "$OUT/soak.tsv" using 1:(\$8+0.01) skip 1 with linespoints title "small GET p99 (ms)", \
     "" using 1:(\$10+0.01) skip 1 with linespoints title "32 KiB GET p99 (ms)", \
     "" using 1:(\$12+0.01) skip 1 with linespoints title "login cycle p99 (ms)", \
     "" using 1:(\$13 > 0 ? \$13 : 1/0) skip 1 with points pt 7 title "injected invalid logins (count)", \
     "" using 1:(\$14 > 0 ? \$14 : 1/0) skip 1 with impulses lw 3 title "injected 502/503 (backend restart; count)", \
     "" using 1:(\$15 > 0 ? \$15 : 1/0) skip 1 with impulses lw 3 title "unexpected errors (count)"
unset multiplot
PLOT
  echo "plot: $OUT/soak.png"
fi
echo "table: $OUT/soak.tsv"

# Verdict: unexpected errors, and a leak trend (heap after GC, threads, fds: the last third of
# the run against the first third, the first slice left out as warm-up). Never timings.
awk -F'\t' -v ci="$CI_MODE" '
  NR == 1 { next }
  { t[++n] = $1; heap[n] = $2; thr[n] = $4; fd[n] = $5; unexpected += $15
    # A slice in which a stream got nothing through is a broken harness or a broken spgate,
    # never a pass (a bad cookie once made every proxied request of a run fail to be sent).
    if ($6 == 0 || $9 == 0 || $11 == 0) idle++ }
  function median(a, from, to,   i, j, k, m, v) {
    m = 0; for (i = from; i <= to; i++) v[++m] = a[i]
    for (i = 2; i <= m; i++) { k = v[i]; for (j = i - 1; j >= 1 && v[j] > k; j--) v[j + 1] = v[j]; v[j + 1] = k }
    return v[int((m + 1) / 2)]
  }
  END {
    if (n < 4) { print "soak: too few slices for a trend"; exit 1 }
    third = int((n - 1) / 3); if (third < 1) third = 1
    h0 = median(heap, 2, 1 + third); h1 = median(heap, n - third + 1, n)
    t0 = median(thr, 2, 1 + third); t1 = median(thr, n - third + 1, n)
    f0 = median(fd, 2, 1 + third); f1 = median(fd, n - third + 1, n)
    printf "soak: unexpected errors %d; heap after GC %.1f -> %.1f MB, threads %d -> %d, fds %d -> %d\n", unexpected, h0, h1, t0, t1, f0, f1
    bad = 0
    if (unexpected > 0) { print "soak: FAIL: unexpected errors"; bad = 1 }
    if (idle > 0) { printf "soak: FAIL: %d slices with no successful small GET, large GET or login\n", idle; bad = 1 }
    if (h1 > h0 * 1.5 + 16) { print "soak: FAIL: heap after GC grows"; bad = 1 }
    if (t1 > t0 + 8) { print "soak: FAIL: threads grow"; bad = 1 }
    if (f1 > f0 + 64) { print "soak: FAIL: file descriptors grow"; bad = 1 }
    exit bad
  }' "$OUT/soak.tsv"
