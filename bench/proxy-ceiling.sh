#!/usr/bin/env bash
# The proxy engines side by side, no spgate handlers: nginx proxy, Undertow's ProxyHandler
# (PlainUndertowProxy) and the hand-written XNIO forwarder (DirectXnioProxy), all to the same
# nginx static backend, rounds interleaved, medians.
#
#   bench/proxy-ceiling.sh     ROUNDS (5), DURATION (5s), PORT_BASE (18300), HEADER_BYTES (0)
#
# HEADER_BYTES > 0 adds one request header of that many bytes to every request (all rows); only
# then the nginx proxy gets 64 KiB header buffers (it refuses the header otherwise). Without it the
# proxy's configuration is bench/run.sh's: the 64 KiB buffers roughly halved nginx's rate here.
set -euo pipefail
ROUNDS=${ROUNDS:-5}; DURATION=${DURATION:-5s}; PORT_BASE=${PORT_BASE:-18300}
HEADER_BYTES=${HEADER_BYTES:-0}; WARMUP=${WARMUP:-10s}
BACKEND=$((PORT_BASE + 1)); NGINX=$((PORT_BASE + 2)); PLAIN=$((PORT_BASE + 4)); DIRECT=$((PORT_BASE + 5)); DIRECT2=$((PORT_BASE + 6))
HERE=$(cd "$(dirname "$0")" && pwd); JAR="$HERE/../sp-bench/target/benchmarks.jar"
WORK=$(mktemp -d /tmp/spgate-ceiling.XXXXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# shellcheck source=bench/nginx-conf.sh
. "$HERE/nginx-conf.sh"
nginx_backend_conf "$WORK/backend" "$BACKEND"
nginx_proxy_conf "$WORK/proxy" "$NGINX" "$BACKEND" \
  "$( ((HEADER_BYTES > 0)) && echo "client_header_buffer_size 64k; large_client_header_buffers 8 64k;")"
start_nginx "$WORK/backend" & PIDS+=($!)
start_nginx "$WORK/proxy" & PIDS+=($!); PID_nginx=$!
java -cp "$JAR" org.spgate.bench.PlainUndertowProxy $PLAIN "http://127.0.0.1:$BACKEND" > "$WORK/plain.log" 2>&1 & PIDS+=($!); PID_plain=$!
java -Ddirect.keepClientReads=true -cp "$JAR" org.spgate.bench.DirectXnioProxy $DIRECT2 "http://127.0.0.1:$BACKEND" > "$WORK/direct2.log" 2>&1 & PIDS+=($!); PID_direct2=$!
java -cp "$JAR" org.spgate.bench.DirectXnioProxy $DIRECT "http://127.0.0.1:$BACKEND" > "$WORK/direct.log" 2>&1 & PIDS+=($!); PID_direct=$!
for port in $BACKEND $NGINX $PLAIN $DIRECT $DIRECT2; do
  for _ in $(seq 1 500); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.02; done
done
HDR=()
if ((HEADER_BYTES > 0)); then
  HDR=(-H "X-Identity: $(head -c "$HEADER_BYTES" /dev/zero | tr '\0' 'a')")
fi
for port in $PLAIN $DIRECT $DIRECT2; do wrk -t2 -c32 -d"$WARMUP" "${HDR[@]}" "http://127.0.0.1:$port/" > /dev/null; done
# CPU ticks (utime + stime, 1/100 s) of a process and its children (nginx workers).
ticks() { local t=0 p; for p in $1 $(ps -o pid= --ppid "$1"); do
  t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo $t; }
# Prints "req/s non-2xx cpu-us-per-request" of one wrk run against port $1, process $2.
rps() { local t0 t1; t0=$(ticks "$2")
  wrk -t2 -c32 -d"$DURATION" "${HDR[@]}" "http://127.0.0.1:$1/" > "$WORK/last.wrk"; t1=$(ticks "$2")
  cat "$WORK/last.wrk" >> "$WORK/raw.txt"
  awk -v t=$((t1 - t0)) '/Requests\/sec/ { r = $2 } /Non-2xx/ { bad = $NF } / requests in / { n = $1 }
    END { printf "%s %d %.1f\n", r, bad + 0, t * 10000 / n }' "$WORK/last.wrk"; }
for r in $(seq 1 "$ROUNDS"); do
  for row in nginx:$NGINX plain:$PLAIN direct:$DIRECT direct2:$DIRECT2; do
    pidvar=PID_${row%%:*}; rps "${row#*:}" "${!pidvar}" >> "$WORK/${row%%:*}"
  done
  echo "round $r: load $(cut -d' ' -f1 /proc/loadavg) nginx $(tail -1 "$WORK/nginx") plain $(tail -1 "$WORK/plain") direct $(tail -1 "$WORK/direct") direct2 $(tail -1 "$WORK/direct2")" >&2
done
med() { awk -v c="${2:-1}" '{ print $c }' "$WORK/$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
N=$(med nginx); P=$(med plain); D=$(med direct); D2=$(med direct2)
echo "header bytes $HEADER_BYTES, $ROUNDS rounds of $DURATION, median req/s: nginx $N plain $P direct $D direct2 $D2"
awk -v n="$N" -v p="$P" -v d="$D" -v e="$D2" 'BEGIN { printf "plain/nginx %.2f  direct/nginx %.2f  direct2/nginx %.2f  direct/plain %.2f  direct2/plain %.2f\n", p/n, d/n, e/n, d/p, e/p }'
echo "median proxy CPU us/request: nginx $(med nginx 3) plain $(med plain 3) direct $(med direct 3) direct2 $(med direct2 3)"
for f in nginx plain direct direct2; do echo "$f: $(awk '{ printf "%s/%s ", $1, $3 }' "$WORK/$f")  non-2xx $(awk '{ s += $2 } END { print s }' "$WORK/$f")"; done
