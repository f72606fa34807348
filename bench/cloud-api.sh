#!/usr/bin/env bash
# Benchmark: sends per second through the cloud-api transport (libcurl client) to nginx
# on loopback serving the Cloud API's success body, against wrk on the same endpoint,
# in the same run. Target: at least 50% of wrk's request rate. NOT a test.
#
#   bench/cloud-api.sh                       # 20,000 messages, concurrency 16
#   MESSAGES=50000 CONCURRENCY=32 bench/cloud-api.sh
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$BENCH/out/cloud-api"
MESSAGES="${MESSAGES:-20000}"
CONCURRENCY="${CONCURRENCY:-16}"
PORT="${PORT:-18089}"
die() { echo "cloud-api.sh: $*" >&2; exit 1; }

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq nginx-light wrk >/dev/null || die "cannot install nginx and wrk"
fi
# shellcheck source=lib/nginx.sh
. "$BENCH/lib/nginx.sh"
trap 'kill "${NGINX_PID:-}" 2>/dev/null || true' EXIT
start_json_nginx "$OUT" "$PORT" \
    '{"messaging_product":"whatsapp","contacts":[{"input":"+15550100001","wa_id":"15550100001"}],"messages":[{"id":"wamid.BENCH"}]}' \
    || die "nginx does not answer on port $PORT"

echo "== building the benchmark (release)" >&2
swift build -c release --package-path "$BENCH/transports" >&2
BIN="$(swift build -c release --package-path "$BENCH/transports" --show-bin-path)/cloud-api-bench"
URL="http://127.0.0.1:$PORT"

cat > "$OUT/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-token"
wrk.body = '{"messaging_product":"whatsapp","recipient_type":"individual","to":"+15550100001","type":"text","text":{"body":"Benchmark message","preview_url":false}}'
LUA

# The limit under the engine: libcurl's multi interface from C, one thread, no Swift.
CURL_BENCH="$OUT/curl_multi_bench"
cc -O2 -o "$CURL_BENCH" "$BENCH/curl-multi/curl_multi_bench.c" $(pkg-config --cflags --libs libcurl) || die "cannot build the C libcurl baseline"

ENGINE_RATES=(); ENGINE2_RATES=(); CURL_RATES=(); WRK_RATES=()
for run in 1 2 3; do
    ENGINE_RATES+=("$("$BIN" "$URL" "$MESSAGES" "$CONCURRENCY" 1 | sed -n 's/.*rate=\([0-9]*\).*/\1/p')")
    ENGINE2_RATES+=("$("$BIN" "$URL" "$MESSAGES" "$CONCURRENCY" 2 | sed -n 's/.*rate=\([0-9]*\).*/\1/p')")
    CURL_RATES+=("$("$CURL_BENCH" "$URL/v26.0/106540352242922/messages" "$MESSAGES" "$CONCURRENCY" | sed -n 's/.*rate=\([0-9]*\).*/\1/p')")
    WRK_RATES+=("$(wrk -t1 -c"$CONCURRENCY" -d5s -s "$OUT/post.lua" "$URL/v26.0/106540352242922/messages" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')")
    echo "run $run: engine ${ENGINE_RATES[-1]}/s (2 threads ${ENGINE2_RATES[-1]}/s), C libcurl ${CURL_RATES[-1]}/s, wrk ${WRK_RATES[-1]}/s" >&2
done
python3 - "${ENGINE_RATES[*]}" "${ENGINE2_RATES[*]}" "${CURL_RATES[*]}" "${WRK_RATES[*]}" "$CONCURRENCY" <<'PY'
import statistics, sys
engine, engine2, curl, wrk = ([float(x) for x in arg.split()] for arg in sys.argv[1:5])
row = lambda label, xs: print("| %s | %.0f | %.0f | %.0f |" % (label, min(xs), statistics.median(xs), max(xs)))
print()
print("| requests/s, concurrency %s, 3 runs | min | median | max |" % sys.argv[5])
print("|---|---:|---:|---:|")
row("engine cloud-api transport (libcurl, 1 thread)", engine)
row("engine cloud-api transport (libcurl, 2 threads)", engine2)
row("libcurl multi from C, 1 thread (the floor under us)", curl)
row("wrk, same endpoint and body", wrk)
print()
best = max(statistics.median(engine), statistics.median(engine2))
print("ratio engine/wrk (median, better of 1 and 2 threads): %.2f (target >= 0.50)" % (best / statistics.median(wrk)))
print("ratio C libcurl/wrk (median): %.2f" % (statistics.median(curl) / statistics.median(wrk)))
PY
