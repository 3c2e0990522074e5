#!/usr/bin/env bash
# spgate side by side with nginx and the direct backend, on 127.0.0.1, in one run.
#
#   bench/run.sh            3 interleaved rounds of 10 s per measurement
#   bench/run.sh --quick    1 round of 3 s (smoke run)
#
# Environment: ROUNDS, DURATION (wrk -d), THREADS (wrk -t, 2), CONNECTIONS (wrk -c, 32),
# ACS_COUNT (pre-minted responses per ACS round), WARMUP (wrk -d of the JIT warm-up of spgate), SPGATE_JAVA_OPTS (JVM flags of spgate),
# PORT_BASE (18080: backend +1, nginx proxy +2, spgate +3, plain Undertow proxy +4, nginx proxy for 32 KiB headers +5,
# WebSocket echo backend +6, nginx WebSocket proxy +7, spgate with metrics on +8 and its metrics listener +9, nginx auth_request to spgate +10, second static backend of row (k) +11, nginx TLS proxy of row (m) +12, spgate TLS listener of row (m) +13), WS_SIZE (128: bytes per WebSocket message), SKIP_BUILD=1,
# STARTUP_RUNS (5: interleaved starts per start-up variant of row f), JAVA25 (a JDK >= 25 for the
# launcher's AOT-cache variant; default /usr/lib/jvm/temurin-25-jdk-amd64 when present).
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
ACS_COUNT=${ACS_COUNT:-40000}
WARMUP=${WARMUP:-15s}
if [[ "${1:-}" == "--quick" ]]; then
  ROUNDS=1; DURATION=3s; ACS_COUNT=${ACS_COUNT_QUICK:-6000}; WARMUP=${WARMUP_QUICK:-5s}
fi
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SPGATE_JAVA_OPTS=${SPGATE_JAVA_OPTS:-}
PORT_BASE=${PORT_BASE:-18080}
BACKEND_PORT=$((PORT_BASE + 1)); PROXY_PORT=$((PORT_BASE + 2)); SPGATE_PORT=$((PORT_BASE + 3))
PROXY32K_PORT=$((PORT_BASE + 5))
WS_BACKEND_PORT=$((PORT_BASE + 6)); WS_PROXY_PORT=$((PORT_BASE + 7)); WS_SIZE=${WS_SIZE:-128}
AUTHREQ_PORT=$((PORT_BASE + 10))
BACKEND2_PORT=$((PORT_BASE + 11))
TLS_PROXY_PORT=$((PORT_BASE + 12)); SPGATE_TLS_PORT=$((PORT_BASE + 13))
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_JAR="$REPO/sp-bench/target/benchmarks.jar"
SPGATE="http://127.0.0.1:$SPGATE_PORT"

need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  apt-get update -qq && apt-get install -y -q "${need[@]}" >/dev/null
fi

cd "$REPO"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B install -DskipTests
fi

WORK=$(mktemp -d /tmp/spgate-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

helper() { java -cp "$BENCH_JAR" "org.spgate.bench.$1" "${@:2}"; }

# --- backend and nginx proxy -------------------------------------------------------------------
# shellcheck source=bench/nginx-conf.sh
. "$HERE/nginx-conf.sh"
nginx_backend_conf "$WORK/backend" "$BACKEND_PORT"
nginx_proxy_conf "$WORK/proxy" "$PROXY_PORT" "$BACKEND_PORT"
# (b-ii) needs header buffers that hold a 32 KiB line; the large case has its own proxy so that
# row (b) keeps nginx's defaults.
nginx_proxy_conf "$WORK/proxy32k" "$PROXY32K_PORT" "$BACKEND_PORT" "large_client_header_buffers 8 64k;"
start_nginx "$WORK/backend" & PIDS+=($!)
start_nginx "$WORK/proxy" & PIDS+=($!)
start_nginx "$WORK/proxy32k" & PIDS+=($!)
# (g) WebSockets: an echo backend (Undertow's WebSocket implementation) and nginx proxying to it.
java -cp "$BENCH_JAR" org.spgate.bench.WsEchoBackend "$WS_BACKEND_PORT" > "$WORK/ws-backend.log" 2>&1 & PIDS+=($!)
nginx_ws_proxy_conf "$WORK/wsproxy" "$WS_PROXY_PORT" "$WS_BACKEND_PORT"
start_nginx "$WORK/wsproxy" & PIDS+=($!); NGINX_WS_PID=$!
# (h) forward-auth: nginx asks spgate (auth_request) and proxies to the backend itself.
nginx_authreq_conf "$WORK/authreq" "$AUTHREQ_PORT" "$BACKEND_PORT" "$SPGATE_PORT"
start_nginx "$WORK/authreq" & PIDS+=($!)
# (k) a route with two backends in turn: the same static nginx backend a second time, on its port.
nginx_backend_conf "$WORK/backend2" "$BACKEND2_PORT"
start_nginx "$WORK/backend2" & PIDS+=($!)

# --- IdP key and SP keys (generated for this run) and spgate, configured as in production -------
helper BenchIdp --dir "$WORK/idp"
java -jar "$REPO/sp-server/target/spgate.jar" keygen --cn 127.0.0.1 --out-dir "$WORK/sp" >/dev/null
# Row (cert): a client CA and a client certificate, passed the way HAProxy does (base64 DER).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench CA" \
  -keyout "$WORK/client-ca-key.pem" -out "$WORK/client-ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/O=Example/CN=user0" \
  -keyout "$WORK/client-key.pem" -out "$WORK/client.csr" 2>/dev/null
openssl x509 -req -in "$WORK/client.csr" -CA "$WORK/client-ca.pem" -CAkey "$WORK/client-ca-key.pem" \
  -CAcreateserial -days 2 -out "$WORK/client.pem" 2>/dev/null
CLIENT_CERT_B64=$(openssl x509 -in "$WORK/client.pem" -outform DER | base64 -w0)
# Row (m): one server certificate (EC P-256) for nginx's and spgate's TLS listeners.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/tls-key.pem" -out "$WORK/tls-cert.pem" 2>/dev/null
nginx_tls_proxy_conf "$WORK/tlsproxy" "$TLS_PROXY_PORT" "$BACKEND_PORT" "$WORK/tls-cert.pem" "$WORK/tls-key.pem"
start_nginx "$WORK/tlsproxy" & PIDS+=($!)
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
proxy: {trustedProxies: [127.0.0.1]}   # nginx of row (h) calls the forward-auth endpoint
access:
  rules:
    # Three clauses the bench user (eppn and mail user0@example.org) meets: row (c-iii).
    threeClauses:
      all:
        - {attribute: mail, emailDomains: [example.org]}
        - {attribute: eppn, regex: '[a-z0-9]+@example[.]org'}
        - not: {attribute: entitlement, values: ["urn:mace:example.org:blocked"]}
headers:
  profiles:
    # Row (c-vi): two attributes under a prefix (one renamed), no Shib-* session headers.
    twoAttributes: {attributes: [eppn, mail], prefix: X-User-, names: {mail: Email}, sessionHeaders: false}
clientCert:
  ca: $WORK/client-ca.pem
  fromProxy: {header: X-SSL-Client-Cert, format: base64-der}   # row (cert): wrk from 127.0.0.1
routes:
  - {path: /cert, backend: "http://127.0.0.1:$BACKEND_PORT", clientCert: required, identity: certificate, stripPrefix: true}
  - {path: /ws, backend: "http://127.0.0.1:$WS_BACKEND_PORT", auth: required, upgrade: [websocket]}
  - {path: /ruled, backend: "http://127.0.0.1:$BACKEND_PORT", access: threeClauses, stripPrefix: true}
  # Row (c-v): the 32 KiB member header cut to gunicorn's per-header limit on every request.
  - {path: /budget, backend: "http://127.0.0.1:$BACKEND_PORT", stripPrefix: true, headers: {maxHeaderSize: 8190, onOverflow: truncate}}
  # Row (c-vi): as /, with the header profile twoAttributes.
  - {path: /profiled, backend: "http://127.0.0.1:$BACKEND_PORT", stripPrefix: true, headers: {profile: twoAttributes}}
  # Row (k): as /, over two backends in turn (one connection pool each).
  - {path: /two, backends: ["http://127.0.0.1:$BACKEND_PORT", "http://127.0.0.1:$BACKEND2_PORT"], stripPrefix: true}
  - {path: /, backend: "http://127.0.0.1:$BACKEND_PORT", auth: required}
CONF
# --- (f) start-up: launch to the first /Shibboleth.sso/Status 200, variants interleaved ---------
# Prints the milliseconds from launching "$@" to the first 200; stops the process.
startup_ms() {
  local start_ns pid
  start_ns=$(date +%s%N)
  "$@" > "$WORK/startup.log" 2>&1 & pid=$!
  for _ in $(seq 1 3000); do
    if curl -fs -o /dev/null "$SPGATE/Shibboleth.sso/Status"; then break; fi
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/startup.log" >&2; exit 1; }
    sleep 0.01
  done
  echo $(( ($(date +%s%N) - start_ns) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export SPGATE_CDS_DIR="$WORK/cds" SPGATE_JAVA_OPTS
STARTUP_RUNS=${STARTUP_RUNS:-5}
# The launcher's first start includes its one training run (creating the archive).
FIRST_MS=$(JAVA_HOME= startup_ms "$REPO/bin/spgate" --config "$WORK/spgate.yaml")
if [[ -x "$JAVA25/bin/java" ]]; then
  FIRST25_MS=$(JAVA_HOME="$JAVA25" startup_ms "$REPO/bin/spgate" --config "$WORK/spgate.yaml")
fi
for _ in $(seq 1 "$STARTUP_RUNS"); do
  # shellcheck disable=SC2086
  startup_ms java $SPGATE_JAVA_OPTS -jar "$REPO/sp-server/target/spgate.jar" \
    --config "$WORK/spgate.yaml" >> "$WORK/f_plain.results"
  JAVA_HOME= startup_ms "$REPO/bin/spgate" --config "$WORK/spgate.yaml" >> "$WORK/f_launcher.results"
  if [[ -x "$JAVA25/bin/java" ]]; then
    JAVA_HOME="$JAVA25" startup_ms "$REPO/bin/spgate" --config "$WORK/spgate.yaml" \
      >> "$WORK/f_launcher25.results"
  fi
done

# spgate for the throughput rows, started the way an operator runs it: through the launcher.
# The launcher execs java: $! is the JVM's pid.
JAVA_HOME= "$REPO/bin/spgate" --config "$WORK/spgate.yaml" > "$WORK/spgate.log" 2>&1 & SPGATE_PID=$!
PIDS+=($SPGATE_PID)
for _ in $(seq 1 3000); do
  if curl -fs -o /dev/null "$SPGATE/Shibboleth.sso/Status"; then break; fi
  kill -0 "$SPGATE_PID" 2>/dev/null || { cat "$WORK/spgate.log"; exit 1; }
  sleep 0.01
done
# Row (c-iv): a second spgate, the same configuration with metrics on (metrics.listen).
SPGATE_M_PORT=$((PORT_BASE + 8)); SPGATE_M="http://127.0.0.1:$SPGATE_M_PORT"
sed -e "s|127.0.0.1:$SPGATE_PORT|127.0.0.1:$SPGATE_M_PORT|g" "$WORK/spgate.yaml" > "$WORK/spgate-metrics.yaml"
printf 'metrics: {listen: "127.0.0.1:%s"}\n' $((PORT_BASE + 9)) >> "$WORK/spgate-metrics.yaml"
JAVA_HOME= "$REPO/bin/spgate" --config "$WORK/spgate-metrics.yaml" > "$WORK/spgate-metrics.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 3000); do curl -fs -o /dev/null "$SPGATE_M/Shibboleth.sso/Status" && break; sleep 0.01; done
# Row (m): a third spgate, the same configuration on a TLS listener, measured on an auth: none
# route (the listener and the proxy path, no session), against nginx terminating TLS.
SPGATE_TLS="https://127.0.0.1:$SPGATE_TLS_PORT"
sed -e "s|http://127.0.0.1:$SPGATE_PORT|$SPGATE_TLS|g" -e "s|127.0.0.1:$SPGATE_PORT|127.0.0.1:$SPGATE_TLS_PORT|g" \
  "$WORK/spgate.yaml" > "$WORK/spgate-tls.yaml"
printf '  - {path: /open, backend: "http://127.0.0.1:%s", auth: none, stripPrefix: true}\n' "$BACKEND_PORT" >> "$WORK/spgate-tls.yaml"
printf 'tls: {cert: %s, key: %s}\n' "$WORK/tls-cert.pem" "$WORK/tls-key.pem" >> "$WORK/spgate-tls.yaml"
JAVA_HOME= "$REPO/bin/spgate" --config "$WORK/spgate-tls.yaml" > "$WORK/spgate-tls.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 3000); do curl -fsk -o /dev/null "$SPGATE_TLS/Shibboleth.sso/Status" && break; sleep 0.01; done
curl -fsk -o /dev/null "$SPGATE_TLS/open/" || { cat "$WORK/spgate-tls.log"; exit 1; }
# Undertow's proxy handler alone (spgate's settings, none of its handlers): the ceiling of (c).
UNDERTOW_PORT=$((PORT_BASE + 4))
# java directly, not through helper(): $! must be the JVM's pid for the exit trap to stop it.
java -cp "$BENCH_JAR" org.spgate.bench.PlainUndertowProxy "$UNDERTOW_PORT" \
  "http://127.0.0.1:$BACKEND_PORT" > "$WORK/undertow.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 500); do curl -fs -o /dev/null "http://127.0.0.1:$UNDERTOW_PORT/" && break; sleep 0.02; done
for port in $BACKEND_PORT $PROXY_PORT $PROXY32K_PORT; do
  for _ in $(seq 1 500); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.01; done
done
# The WebSocket backend answers plain requests with 404; a connection is enough.
for _ in $(seq 1 500); do curl -s -o /dev/null "http://127.0.0.1:$WS_BACKEND_PORT/" && break; sleep 0.02; done

COOKIE_SMALL=$(helper LoginCookie --idp "$WORK/idp" --url "$SPGATE" --size small)
COOKIE_BIG=$(helper LoginCookie --idp "$WORK/idp" --url "$SPGATE" --size 32k)
COOKIE_M=$(helper LoginCookie --idp "$WORK/idp" --url "$SPGATE_M" --size small)
curl -fs -o /dev/null -H "Cookie: $COOKIE_BIG" "$SPGATE/"

for r in warm $(seq 1 "$ROUNDS"); do
  helper LoginMint --idp "$WORK/idp" --entity-id "$SPGATE/shibboleth" \
    --acs "$SPGATE/Shibboleth.sso/SAML2/POST" \
    --count "$([[ $r == warm ]] && echo $((ACS_COUNT / 4)) || echo "$ACS_COUNT")" --out "$WORK/acs-$r.txt"
done

# --- measurements --------------------------------------------------------------------------
# Prints "req/s p50_ms p99_ms bad" of one wrk output.
parse() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                     if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    / requests in / { n = $1; secs = $4; sub(/s,$/, "", secs) }
    END { printf "%s %.3f %.3f %d %.1f\n", rps, p50, p99, bad + 0, (n - bad) / secs }' "$1"
}

# (g) WebSocket echo: messages/s of WsLoad (CONNECTIONS sockets, each a ping-pong of WS_SIZE bytes),
# and the CPU time the proxy's processes used per message (user + system, from /proc; a figure
# that contention for the cores moves less than the rate).
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
ws_run() { # name, round, ws:// URL, cookie or "", pids of the proxy (none for the direct row)
  local name=$1 url=$3 cookie=$4; shift 4
  local t0 out t1
  t0=$(cpu_ticks "$@")
  out=$(helper WsLoad --url "$url" --connections "$CONNECTIONS" --seconds "${DURATION%s}" --size "$WS_SIZE" \
    ${cookie:+--cookie "$cookie"})
  t1=$(cpu_ticks "$@")
  echo "$out" | awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
    '{ printf "%s %.1f\n", $2, d * 1e6 / hz / $4 }' >> "$WORK/$name.results"
}

run() { # name, wrk args...
  local name=$1 round=$2; shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" > "$WORK/$name-$round.wrk" 2>&1
  parse "$WORK/$name-$round.wrk" >> "$WORK/$name.results"
}

# The JIT compiles spgate's hot paths in the first seconds; nginx needs no warm-up.
echo "warm-up $WARMUP" >&2
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "http://127.0.0.1:$UNDERTOW_PORT/" > "$WORK/warm-undertow.wrk"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $COOKIE_SMALL" "$SPGATE/" > "$WORK/warm-small.wrk"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $COOKIE_BIG" "$SPGATE/" > "$WORK/warm-32k.wrk"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Cookie: $COOKIE_M" "$SPGATE_M/" > "$WORK/warm-metrics.wrk"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$SPGATE_TLS/open/" > "$WORK/warm-tls.wrk"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/post4k.lua" -H "Cookie: $COOKIE_SMALL" "$SPGATE/" \
  > "$WORK/warm-post.wrk"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/acs.lua" "$SPGATE/" -- "$WORK/acs-warm.txt" \
  "$THREADS" > "$WORK/warm-acs.wrk"
helper WsLoad --url "ws://127.0.0.1:$SPGATE_PORT/ws" --connections "$CONNECTIONS" --seconds "${WARMUP%s}" \
  --size "$WS_SIZE" --cookie "$COOKIE_SMALL" > "$WORK/warm-ws.txt"

for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS" >&2
  run a_backend "$r" "http://127.0.0.1:$BACKEND_PORT/"
  run b_nginx "$r" "http://127.0.0.1:$PROXY_PORT/"
  run b3_nginx32k "$r" -s "$HERE/headers32k.lua" "http://127.0.0.1:$PROXY32K_PORT/"
  run b2_undertow "$r" "http://127.0.0.1:$UNDERTOW_PORT/"
  run c1_spgate "$r" -H "Cookie: $COOKIE_SMALL" "$SPGATE/"
  run c2_spgate32k "$r" -H "Cookie: $COOKIE_BIG" "$SPGATE/"
  run c4_spgate_metrics "$r" -H "Cookie: $COOKIE_M" "$SPGATE_M/"
  run p_nginx "$r" -s "$HERE/post4k.lua" "http://127.0.0.1:$PROXY_PORT/"
  run p2_undertow "$r" -s "$HERE/post4k.lua" "http://127.0.0.1:$UNDERTOW_PORT/"
  run p_spgate "$r" -s "$HERE/post4k.lua" -H "Cookie: $COOKIE_SMALL" "$SPGATE/"
  run c3_spgate_rule "$r" -H "Cookie: $COOKIE_SMALL" "$SPGATE/ruled/"
  run c5_spgate_truncate "$r" -H "Cookie: $COOKIE_BIG" "$SPGATE/budget/"
  run c6_spgate_profile "$r" -H "Cookie: $COOKIE_SMALL" "$SPGATE/profiled/"
  run k_spgate_two "$r" -H "Cookie: $COOKIE_SMALL" "$SPGATE/two/"
  run h_authreq "$r" -H "Cookie: $COOKIE_SMALL" "http://127.0.0.1:$AUTHREQ_PORT/"
  run cert_proxied "$r" -H "X-SSL-Client-Cert: $CLIENT_CERT_B64" "$SPGATE/cert/"
  run m_nginx_tls "$r" "https://127.0.0.1:$TLS_PROXY_PORT/"
  run m_spgate_tls "$r" "$SPGATE_TLS/open/"
  run d_acs "$r" -s "$HERE/acs.lua" "$SPGATE/" -- "$WORK/acs-$r.txt" "$THREADS"
  ws_run g1_ws_backend "$r" "ws://127.0.0.1:$WS_BACKEND_PORT/ws" ""
  # shellcheck disable=SC2046
  ws_run g2_ws_nginx "$r" "ws://127.0.0.1:$WS_PROXY_PORT/ws" "" $(pgrep -P "$NGINX_WS_PID")
  ws_run g3_ws_spgate "$r" "ws://127.0.0.1:$SPGATE_PORT/ws" "$COOKIE_SMALL" "$SPGATE_PID"
done

VMHWM_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$SPGATE_PID/status")
SESSIONS_IN_SPGATE=$(curl -fs "$SPGATE/Shibboleth.sso/Status" | tr -d '\n' | grep -o '"sessions"[^,}]*' || true)
MEMORY=$(helper SessionMemory --sessions 100000 --attributes 10)
METADATA=$(java -Xmx128m -cp "$BENCH_JAR" org.spgate.bench.MetadataAggregateLoad --entities 5000 --idpEvery 4 | grep "^entities=")
LOGOUT=$(helper LogoutRequestLoad --seconds "${DURATION%s}" | grep "^rsa2048")
# (l) an MDQ miss: one signed entity document checked and read, the CPU paid once per entity
# (answers are then remembered until cacheDuration / validUntil).
MDQ_ENTITY=$(java -Xmx128m -cp "$BENCH_JAR" org.spgate.bench.MetadataAggregateLoad --entities 1 --idpEvery 1 --runs 51 | grep "^entities=")

median() { # column of a results file
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
total() { awk '{ s += $4 } END { print s + 0 }' "$1"; }

echo
echo "spgate benchmark $(date -u +%Y-%m-%dT%H:%MZ), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores,"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS round(s), medians"
echo
# ok/s: responses that were 2xx/3xx per second; differs from req/s only when an ACS round ran
# out of fresh Responses (raise ACS_COUNT) and spgate rejected the replays.
printf '%-40s %12s %10s %10s %12s %10s\n' "row" "req/s" "p50 ms" "p99 ms" "non-2xx/3xx" "ok/s"
for row in a_backend:"(a) backend direct (nginx static)" b_nginx:"(b) nginx reverse proxy" \
    b3_nginx32k:"(b-ii) nginx proxy, 32 KiB request header" b2_undertow:"(b2) Undertow ProxyHandler alone" \
    c1_spgate:"(c-i) spgate, small-header session" c2_spgate32k:"(c-ii) spgate, 32 KiB identity headers" \
    p_nginx:"(p) nginx proxy, POST 4 KiB body" p2_undertow:"(p2) Undertow ProxyHandler, POST 4 KiB" \
    p_spgate:"(p-i) spgate, POST 4 KiB, session" \
    c3_spgate_rule:"(c-iii) as (c-i), route with a 3-clause rule" \
    c5_spgate_truncate:"(c-v) as (c-ii), truncated to 8190/header" \
    c6_spgate_profile:"(c-vi) as (c-i), route with a 2-attribute header profile" \
    k_spgate_two:"(k) as (c-i), route with two backends" \
    h_authreq:"(h) nginx auth_request -> spgate, session" \
    cert_proxied:"(cert) spgate, proxied client cert as user" \
    m_nginx_tls:"(m) nginx terminating TLS, proxy" m_spgate_tls:"(m-i) spgate TLS listener, proxy" \
    c4_spgate_metrics:"(c-iv) as (c-i), metrics on" \
    d_acs:"(d) spgate ACS logins (unique POSTs)"; do
  f="$WORK/${row%%:*}.results"
  printf '%-40s %12.0f %10.3f %10.3f %12d %10.0f\n' "${row#*:}" "$(median "$f" 1)" "$(median "$f" 2)" \
    "$(median "$f" 3)" "$(total "$f")" "$(median "$f" 5)"
done
A=$(median "$WORK/a_backend.results" 1); B=$(median "$WORK/b_nginx.results" 1)
B2=$(median "$WORK/b2_undertow.results" 1); B3=$(median "$WORK/b3_nginx32k.results" 1)
C1=$(median "$WORK/c1_spgate.results" 1); C2=$(median "$WORK/c2_spgate32k.results" 1)
P=$(median "$WORK/p_nginx.results" 1); P2=$(median "$WORK/p2_undertow.results" 1)
PI=$(median "$WORK/p_spgate.results" 1)
echo
awk -v a="$A" -v b="$B" -v b2="$B2" -v b3="$B3" -v c1="$C1" -v c2="$C2" 'BEGIN {
  printf "ratios: c-i/b %.2f   c-i/a %.2f   c-ii/b %.2f   c-ii/b-ii %.2f   c-ii/a %.2f   b2/b %.2f   c-i/b2 %.2f\n",
    c1/b, c1/a, c2/b, c2/b3, c2/a, b2/b, c1/b2 }'
awk -v p="$P" -v p2="$P2" -v pi="$PI" 'BEGIN {
  printf "POST 4 KiB: p-i/p %.2f   p-i/p2 %.2f   p2/p %.2f\n", pi/p, pi/p2, p2/p }'
C3=$(median "$WORK/c3_spgate_rule.results" 1)
awk -v c1="$C1" -v c3="$C3" 'BEGIN { printf "access rule: c-iii/c-i %.3f\n", c3/c1 }'
H=$(median "$WORK/h_authreq.results" 1)
awk -v h="$H" -v b="$B" -v c1="$C1" 'BEGIN { printf "forward-auth: h/b %.2f   h/c-i %.2f\n", h/b, h/c1 }'
C5=$(median "$WORK/c5_spgate_truncate.results" 1)
awk -v c2="$C2" -v c5="$C5" 'BEGIN { printf "header budget, truncate: c-v/c-ii %.3f\n", c5/c2 }'
C6=$(median "$WORK/c6_spgate_profile.results" 1)
awk -v c1="$C1" -v c6="$C6" 'BEGIN { printf "header profile: c-vi/c-i %.3f\n", c6/c1 }'
K=$(median "$WORK/k_spgate_two.results" 1)
awk -v c1="$C1" -v k="$K" 'BEGIN { printf "two backends in turn: k/c-i %.3f\n", k/c1 }'
M=$(median "$WORK/m_nginx_tls.results" 1); MI=$(median "$WORK/m_spgate_tls.results" 1)
awk -v m="$M" -v mi="$MI" 'BEGIN { printf "TLS listener, keep-alive: m-i/m %.2f\n", mi/m }'
C4=$(median "$WORK/c4_spgate_metrics.results" 1)
awk -v c1="$C1" -v c4="$C4" 'BEGIN { printf "metrics on: c-iv/c-i %.3f\n", c4/c1 }'
echo "(e) memory: $MEMORY"
awk -v m="$MEMORY" 'BEGIN { split(m, f, /[ =]/); for (i in f) if (f[i] == "bytes_per_session") n = f[i+1];
  printf "    heap per session: %.2f KiB (10 attributes, after GC)\n", n / 1024 }'
echo "    spgate peak RSS (VmHWM) after the run: $((VMHWM_KB / 1024)) MiB ${SESSIONS_IN_SPGATE}"
runs() { tr '\n' ' ' < "$1" | sed 's/ $//'; }
echo "(f) start-up, launch to the first /Shibboleth.sso/Status 200 (SP credentials configured),"
echo "    median of $STARTUP_RUNS interleaved starts (each run's ms in brackets):"
row_f() { printf '    %-44s %6s ms [%s]\n' "$1" "$(median "$2" 1)" "$(runs "$2")"; }
row_f "java -jar spgate.jar" "$WORK/f_plain.results"
row_f "bin/spgate, $(java -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/Java \1/p'), class-data archive" \
  "$WORK/f_launcher.results"
if [[ -f "$WORK/f_launcher25.results" ]]; then
  row_f "bin/spgate, $("$JAVA25/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/Java \1/p'), AOT cache" \
    "$WORK/f_launcher25.results"
fi
echo "    bin/spgate's first start, its training run included: ${FIRST_MS} ms${FIRST25_MS:+ (JDK 25: ${FIRST25_MS} ms)}"
echo "(g) WebSocket echo, $CONNECTIONS sockets, $WS_SIZE-byte text messages (medians of $ROUNDS):"
G1=$(median "$WORK/g1_ws_backend.results" 1); G2=$(median "$WORK/g2_ws_nginx.results" 1)
G3=$(median "$WORK/g3_ws_spgate.results" 1)
printf '    %-44s %12s %22s\n' "" "messages/s" "proxy CPU us/message"
printf '    %-44s %12.0f %22s\n' "backend direct (Undertow WebSocket echo)" "$G1" "-" \
  "nginx WebSocket proxy" "$G2" "$(median "$WORK/g2_ws_nginx.results" 2)" \
  "spgate, session, upgrade: [websocket]" "$G3" "$(median "$WORK/g3_ws_spgate.results" 2)"
awk -v g1="$G1" -v g2="$G2" -v g3="$G3" 'BEGIN { printf "    ratios: spgate/nginx %.2f   spgate/direct %.2f\n", g3/g2, g3/g1 }'
echo "(i) signed federation aggregate (generated: 5,000 entities, 1 in 4 an IdP), check + read as a refresh, -Xmx128m:"
echo "    $METADATA"
echo "(j) SP-initiated Single Logout start, one thread: LogoutRequest built, signed in the query, pending logout recorded:"
echo "    $LOGOUT"
echo "(l) one signed MDQ entity answer (an IdP, as the responder signs it), check + read, once per entity:"
echo "    $MDQ_ENTITY"
echo "raw wrk outputs: $WORK"
