#!/usr/bin/env bash
# Benchmark: webhook ingestion of `engine run`, requests per second with wrk on
# `POST /webhooks/cloud-api` (signed, one inbound text message per request, each with its
# own wamid, stored in the state's inbound_messages before the 200), against nginx
# answering a static 200 on the same machine, same wrk settings, in the same run.
# Target: at least 50% of nginx's rate. NOT a test, not part of CI.
#
#   bench/webhook.sh                                  # 3 runs of 10 s, 1 thread, 64 connections,
#                                                     # 200,000 distinct bodies (BODIES=...)
#   RUNS=5 DURATION=20s CONNECTIONS=128 bench/webhook.sh
#   ENGINE=/path/to/engine bench/webhook.sh           # skip the release build
#   PERF=1 bench/webhook.sh                           # perf profile of the engine in run 1
#
# The configuration is one cloud-api Sender (secrets as ${env:...}, baseURL on a local
# nginx standing in for the Graph API) and no flows or auto-replies: a message is
# stored, marked no-match and answered 200; nothing is sent.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out/webhook"
RUNS="${RUNS:-3}"
DURATION="${DURATION:-10s}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-64}"
BODIES="${BODIES:-200000}"
CONTACTS="${CONTACTS:-10000}"
PORT="${PORT:-18121}"
NGINX_PORT="${NGINX_PORT:-18122}"
PHONE_NUMBER_ID="204060801234567"
die() { echo "webhook.sh: $*" >&2; exit 1; }

if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null || ! command -v sqlite3 >/dev/null; then
    apt-get update -qq && apt-get install -y -qq nginx-light wrk sqlite3 >/dev/null || die "cannot install nginx, wrk and sqlite3"
fi
if [[ -z "${ENGINE:-}" ]]; then
    echo "== building engine (release)" >&2
    (cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-bench" --product engine >&2)
    ENGINE="$(cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-bench" --show-bin-path)/engine"
fi
[[ -x "$ENGINE" ]] || die "no engine binary at $ENGINE"

rm -rf "$OUT" && mkdir -p "$OUT/config"
ENGINE_PID=""
stop_engine() {
    [[ -n "$ENGINE_PID" ]] || return 0
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    wait "$ENGINE_PID" 2>/dev/null || true
    ENGINE_PID=""
}
trap 'stop_engine; kill "${NGINX_PID:-}" 2>/dev/null || true' EXIT

# One nginx: the Graph API fake the sender points at, and the peer wrk measures.
# shellcheck source=lib/nginx.sh
. "$BENCH/lib/nginx.sh"
start_json_nginx "$OUT/nginx" "$NGINX_PORT" \
    '{"messaging_product":"whatsapp","contacts":[{"input":"+15550100001","wa_id":"15550100001"}],"messages":[{"id":"wamid.BENCH"}]}' \
    || die "nginx does not answer on port $NGINX_PORT"

export BENCH_WA_TOKEN="bench-access-token"
export BENCH_WA_APP_SECRET="bench-app-secret"
export BENCH_WA_VERIFY_TOKEN="bench-verify-token"
cat > "$OUT/config/senders.yaml" <<YAML
kind: Sender
name: meta
transport: cloud-api
phone: "+15550001111"
phoneNumberId: "$PHONE_NUMBER_ID"
accessToken: \${env:BENCH_WA_TOKEN}
appSecret: \${env:BENCH_WA_APP_SECRET}
verifyToken: \${env:BENCH_WA_VERIFY_TOKEN}
baseURL: http://127.0.0.1:$NGINX_PORT
YAML

echo "== signing $BODIES webhook bodies" >&2
python3 "$BENCH/webhook_bodies.py" "$OUT/bodies.tsv" "$BODIES" "$CONTACTS" "$PHONE_NUMBER_ID" "$BENCH_WA_APP_SECRET"
IFS=$'\t' read -r FIRST_SIGNATURE FIRST_BODY < "$OUT/bodies.tsv"

# CPU time (user + system, in clock ticks) a process and its threads have used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# wrk with the same threads, connections and duration against every peer; writes wrk's
# report to OUTPUT and the CPU ticks PID used meanwhile to OUTPUT.cpu. Extra arguments
# replace the signed-body script (the /healthz row sends plain GETs).
measure() { # PID URL OUTPUT [wrk arguments...]
    local pid="$1" url="$2" output="$3" before
    shift 3
    before=$(cpu_ticks "$pid")
    if [[ $# -eq 0 ]]; then set -- -s "$BENCH/webhook.lua" "$url" -- "$OUT/bodies.tsv" "$THREADS"; else set -- "$@" "$url"; fi
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@" > "$output"
    echo $(($(cpu_ticks "$pid") - before)) > "$output.cpu"
}
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)
[[ -n "$NGINX_WORKER" ]] || die "no nginx worker process under $NGINX_PID"

for run in $(seq "$RUNS"); do
    measure "$NGINX_WORKER" "http://127.0.0.1:$NGINX_PORT/webhooks/cloud-api" "$OUT/nginx-$run.txt"

    rm -f "$OUT/state.db" "$OUT/state.db-wal" "$OUT/state.db-shm"
    "$ENGINE" run "$OUT/config" --listen "127.0.0.1:$PORT" --state "$OUT/state.db" --no-watch > "$OUT/engine-$run.log" 2>&1 &
    ENGINE_PID=$!
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.1; done
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" || { tail "$OUT/engine-$run.log" >&2; die "engine not ready on port $PORT"; }
    # One body by hand first: a bad signature or route would make every request fail fast.
    status=$(printf '%s' "$FIRST_BODY" | curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H "X-Hub-Signature-256: $FIRST_SIGNATURE" --data-binary @- "http://127.0.0.1:$PORT/webhooks/cloud-api")
    [[ "$status" == 200 ]] || die "a signed webhook got $status instead of 200"

    if [[ "${PERF:-0}" == 1 && "$run" == 1 ]]; then
        perf record -q -e cpu-clock -g -p "$ENGINE_PID" -o "$OUT/perf.data" -- sleep "${DURATION%s}" 2>/dev/null &
        PERF_PID=$!
    fi
    measure "$ENGINE_PID" "http://127.0.0.1:$PORT/webhooks/cloud-api" "$OUT/engine-$run.txt"
    if [[ -n "${PERF_PID:-}" ]]; then wait "$PERF_PID" || true; PERF_PID=""; fi
    # The HTTP server alone: the same wrk settings on GET /healthz, which does no work.
    measure "$ENGINE_PID" "http://127.0.0.1:$PORT/healthz" "$OUT/healthz-$run.txt" --latency
    stop_engine
    sqlite3 "$OUT/state.db" "SELECT count(*), count(processed_at) FROM inbound_messages" | tr '|' ' ' > "$OUT/stored-$run.txt"
    echo "run $run: nginx $(sed -n 's/^Requests\/sec: *//p' "$OUT/nginx-$run.txt")/s," \
        "engine $(sed -n 's/^Requests\/sec: *//p' "$OUT/engine-$run.txt")/s (GET /healthz $(sed -n 's/^Requests\/sec: *//p' "$OUT/healthz-$run.txt")/s)," \
        "stored $(cut -d' ' -f1 "$OUT/stored-$run.txt")" >&2
done

if [[ "${PERF:-0}" == 1 ]]; then
    perf report -i "$OUT/perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -v '^$' | head -60 > "$OUT/perf-top.txt" || true
    echo "perf profile of run 1: $OUT/perf.data (top symbols in $OUT/perf-top.txt)" >&2
fi

python3 - "$OUT" "$RUNS" "$BODIES" "$THREADS" "$CONNECTIONS" "$DURATION" "$(getconf CLK_TCK)" <<'PY'
import re, statistics, sys
out, runs, bodies, threads, connections, duration, hertz = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:8]
hertz = int(hertz)

def wrk(name, run):
    text = open(f"{out}/{name}-{run}.txt").read()
    number = lambda pattern: float(m.group(1)) if (m := re.search(pattern, text)) else 0.0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    requests = int(number(r"(\d+) requests in"))
    ticks = int(open(f"{out}/{name}-{run}.txt.cpu").read())
    return {
        "rate": number(r"Requests/sec:\s*([\d.]+)"),
        "requests": requests,
        "non2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket": sum(int(x) for x in errors.groups()) if errors else 0,
        # CPU the server used per answered request: what the rate costs on a shared machine.
        "cpu_us": ticks / hertz * 1e6 / max(requests, 1),
    }

rows = []
for run in range(1, runs + 1):
    stored, processed = (int(x) for x in open(f"{out}/stored-{run}.txt").read().split())
    rows.append({"run": run, "nginx": wrk("nginx", run), "engine": wrk("engine", run), "healthz": wrk("healthz", run),
                 "stored": stored, "processed": processed})
for row in rows:
    row["answered"] = row["engine"]["requests"] - row["engine"]["non2xx"]
    # The check request before wrk sends the first body, which wrk sends again: no extra message.
    row["distinct"] = min(row["engine"]["requests"], bodies)

median = statistics.median
def table(title, header, cells):
    print()
    print(title)
    print("| run | " + " | ".join(header) + " |")
    print("|---|" + "---:|" * len(header))
    for row in rows:
        print(f"| {row['run']} | " + " | ".join(format(value, ".2f" if isinstance(value, float) and value < 10 else ".0f")
                                         for value in cells(lambda peer, key, row=row: row[peer][key] if peer else row[key])) + " |")
    print("| median | " + " | ".join(format(value, ".2f" if isinstance(value, float) and value < 10 else ".0f")
                                   for value in cells(lambda peer, key: median([row[peer][key] if peer else row[key] for row in rows]))) + " |")

table(f"webhook ingestion: signed POST /webhooks/cloud-api, one text message each, wrk -t{threads} -c{connections} -d{duration}, "
      f"{runs} runs, {bodies} distinct bodies",
      ["nginx req/s", "engine req/s", "engine/nginx (target 0.50)", "engine non-2xx", "socket errors", "distinct sent", "messages stored"],
      lambda get: [get("nginx", "rate"), get("engine", "rate"), get("engine", "rate") / get("nginx", "rate"), get("engine", "non2xx"),
                   get("engine", "socket"), get(None, "distinct"), get(None, "stored")])
table("what a request costs: CPU (user + system) per request, same wrk settings; GET /healthz is the engine's HTTP server doing no work",
      ["nginx µs", "engine webhook µs", "engine GET /healthz µs", "engine GET /healthz req/s", "/healthz / nginx"],
      lambda get: [get("nginx", "cpu_us"), get("engine", "cpu_us"), get("healthz", "cpu_us"), get("healthz", "rate"),
                   get("healthz", "rate") / get("nginx", "rate")])
print()
ratio = median([r["engine"]["rate"] for r in rows]) / median([r["nginx"]["rate"] for r in rows])
print(f"engine/nginx (medians): {ratio:.2f}, target 0.50: {'met' if ratio >= 0.5 else 'NOT met'}")
# Every 2xx is a stored message: the engine answers 200 only after the insert commits.
# Requests cut off by wrk's end may be stored without wrk counting their answer, hence >=.
for row in rows:
    expected = min(row["answered"], bodies)
    if row["stored"] < expected or row["processed"] != row["stored"]:
        print(f"run {row['run']}: LOST: {row['stored']} stored ({row['processed']} processed) but {expected} distinct messages were answered 2xx")
PY
