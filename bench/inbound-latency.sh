#!/usr/bin/env bash
# Benchmark: inbound-to-outbound latency of `engine run`, from a message POSTed to
# /simulator/inbound to the flow's answer row in the outbox, at a steady 1,000 messages
# per second. p50/p95/p99 come from the engine's own timestamps in the state database
# (outbox.created_at - inbound_messages.received_at), next to end-to-end figures from the
# driver's clock. NOT a test, not part of CI.
#
#   bench/inbound-latency.sh                     # 3 runs of 10 s at 1,000/s, 1 s warm-up, 16 senders
#   RATE=2000 SECONDS_PER_RUN=20 RUNS=5 bench/inbound-latency.sh
#   SENDERS=1 bench/inbound-latency.sh           # every answer through one sender (a backlog grows)
#   ENGINE=/path/to/engine bench/inbound-latency.sh   # skip the release build
#
# The configuration: SENDERS simulator senders (sending is free) and one flow that
# answers the keyword "hi"; each message comes from a new contact. A sender sends at most
# 80 messages a second (the Cloud API's default throughput, which the simulator shares),
# so the messages are spread over 16 senders by default (62.5 a second each) and that cap
# is not what limits sending. Answers the dispatcher has not sent yet stay queued; the
# table shows how many, and how long SIGTERM took to stop the engine with them there.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out/inbound-latency"
VENV="$BENCH/out/venv"
RUNS="${RUNS:-3}"
RATE="${RATE:-1000}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
WARMUP="${WARMUP:-1}"
SENDERS="${SENDERS:-16}"
PORT="${PORT:-18131}"
die() { echo "inbound-latency.sh: $*" >&2; exit 1; }

command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; } || die "cannot install sqlite3"
if ! "$VENV/bin/python" -c 'import aiohttp' 2>/dev/null; then
    echo "== installing aiohttp into $VENV" >&2
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q aiohttp >&2 || die "cannot install aiohttp into $VENV"
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
trap stop_engine EXIT

NAMES=()
for index in $(seq "$SENDERS"); do
    NAMES+=("sim-$index")
    printf 'kind: Sender\nname: sim-%d\ntransport: simulator\nphone: "+1555020%04d"\n' "$index" "$index"
    printf 'quota: { perMinute: 1000000, perHour: 10000000, perDay: 100000000 }\n---\n'
done > "$OUT/config/senders.yaml"
SENDER_LIST=$(IFS=,; echo "${NAMES[*]}")
cat > "$OUT/config/flow.yaml" <<YAML
kind: Flow
name: answer
senders: [$SENDER_LIST]
triggers: [{ keywords: [hi] }]
start: greet
nodes:
  greet: { send: "Hello <<contact.name>>!", next: end }
YAML

for run in $(seq "$RUNS"); do
    rm -f "$OUT/state.db" "$OUT/state.db-wal" "$OUT/state.db-shm"
    "$ENGINE" run "$OUT/config" --listen "127.0.0.1:$PORT" --state "$OUT/state.db" --no-watch > "$OUT/engine-$run.log" 2>&1 &
    ENGINE_PID=$!
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.1; done
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz" || { tail "$OUT/engine-$run.log" >&2; die "engine not ready on port $PORT"; }
    "$VENV/bin/python" "$BENCH/inbound_latency.py" "http://127.0.0.1:$PORT/simulator/inbound" "$OUT/state.db" \
        "$RATE" "$SECONDS_PER_RUN" "$WARMUP" "$SENDER_LIST" "$OUT/run-$run.json"
    # A graceful stop should take well under a second: only sends in flight finish.
    queued=$(sqlite3 "$OUT/state.db" "SELECT count(*) FROM outbox WHERE state = 'queued'")
    stop_started=$(date +%s%N)
    stop_engine
    echo "$queued $(( ($(date +%s%N) - stop_started) / 1000000 ))" > "$OUT/stop-$run.txt"
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); e = sorted(r["engine_ms"]); queued, stop = open(sys.argv[3]).read().split()
print("run %s: %d messages, %.0f/s achieved, engine p50 %.0f ms p99 %.0f ms, %d errors, %d unanswered, %s queued at SIGTERM, stopped in %s ms"
      % (sys.argv[2], r["messages"], r["achieved_rate"], e[len(e) // 2] if e else -1, e[int(len(e) * 0.99)] if e else -1,
         r["errors"], r["unanswered"], queued, stop))
' "$OUT/run-$run.json" "$run" "$OUT/stop-$run.txt" >&2
done

python3 - "$OUT" "$RUNS" "$RATE" "$SECONDS_PER_RUN" "$WARMUP" "$SENDERS" <<'PY'
import json, statistics, sys
out, runs, rate, seconds, warmup, senders = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
results = [json.load(open(f"{out}/run-{run}.json")) for run in range(1, runs + 1)]
stops = [open(f"{out}/stop-{run}.txt").read().split() for run in range(1, runs + 1)]

def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")

median = statistics.median
print()
print(f"inbound -> answer enqueued: POST /simulator/inbound at {rate}/s for {seconds} s over {senders} simulator sender(s), "
      f"keyword flow answering each; first {warmup} s not counted; {runs} runs, medians across runs")
print("| latency (ms) | p50 | p95 | p99 | max |")
print("|---|---:|---:|---:|---:|")
for key, label in (("engine_ms", "engine: outbox.created_at - inbound_messages.received_at (1 ms resolution)"),
                   ("end_to_end_ms", "end to end: outbox.created_at - POST due time"),
                   ("http_ms", "HTTP 202 (message and answer committed) - POST due time"),
                   ("driver_lag_ms", "driver lag: POST began - POST due (the driver's own delay)")):
    cells = [median([percentile(r[key], p) for r in results]) for p in (50, 95, 99, 100)]
    print(f"| {label} | " + " | ".join(f"{c:.1f}" for c in cells) + " |")
print()
print("| run | offered/s | achieved/s | counted | errors | unanswered | answers sent by the end | queued at SIGTERM | SIGTERM to exit (ms) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for run, (r, (queued, stop)) in enumerate(zip(results, stops), 1):
    print(f"| {run} | {r['offered_rate']:.0f} | {r['achieved_rate']:.0f} | {r['counted']} | {r['errors']} | {r['unanswered']} "
          f"| {r['answers_sent']} | {queued} | {stop} |")
PY
