#!/usr/bin/env bash
# Benchmark: inbound messages per second through the flow runner -- trigger matching among
# 10,000 keywords (1,000 flows x 10, exact/word/prefix), one interpreter step and the SQLite
# commit -- with a mix of new triggers, waits resumed and http nodes against nginx on
# loopback; and the latency at a steady 1,000 messages/s. Beside our figures, measured in
# the same run: SQLite alone doing the same number of transactions from C (the floor under
# the store) and matching + stepping in memory without the store (the ceiling above it).
# Targets: >= 20,000 messages/s, p99 < 5 ms. The latency is also measured at LOW_RATE, to
# tell the service time from the queueing of a runner that cannot keep up. NOT a test, not
# part of CI.
#
#   bench/flows.sh                                    # 200,000 messages, 3 runs, medians
#   MESSAGES=50000 RUNS=1 bench/flows.sh              # quicker
#   FLOWS_BENCH=/tmp/flows-bench-before bench/flows.sh # a copy of an earlier build, not rebuilt
#   CONTACTS=50000 CONCURRENCY=64 RATE=1000 LOW_RATE=500 STEADY_SECONDS=10 FLOWS=1000 KEYWORDS=10 bench/flows.sh
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$BENCH/out/flows"
MESSAGES="${MESSAGES:-200000}"
CONTACTS="${CONTACTS:-50000}"
CONCURRENCY="${CONCURRENCY:-64}"
FLOWS="${FLOWS:-1000}"
KEYWORDS="${KEYWORDS:-10}"
HTTP_EVERY="${HTTP_EVERY:-10}"
RATE="${RATE:-1000}"
LOW_RATE="${LOW_RATE:-500}"
STEADY_SECONDS="${STEADY_SECONDS:-10}"
LATENCY_CONTACTS="${LATENCY_CONTACTS:-5000}"
RUNS="${RUNS:-3}"
PORT="${PORT:-18090}"
die() { echo "flows.sh: $*" >&2; exit 1; }

if ! command -v nginx >/dev/null; then
    apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null || die "cannot install nginx"
fi
mkdir -p "$OUT"
rm -rf "$OUT"/work-*
# shellcheck source=lib/nginx.sh
. "$BENCH/lib/nginx.sh"
trap 'kill "${NGINX_PID:-}" 2>/dev/null || true; rm -rf "$OUT"/work-*' EXIT
start_json_nginx "$OUT" "$PORT" '{"status":"shipped","eta":"tomorrow"}' || die "nginx does not answer on port $PORT"
curl -sf -o /dev/null "http://127.0.0.1:$PORT/orders/1" || die "nginx does not answer on port $PORT"

if [ -n "${FLOWS_BENCH:-}" ]; then
    BIN="$FLOWS_BENCH" # a binary built before, to compare two builds in one sitting
else
    echo "== building the benchmark (release)" >&2
    swift build -c release --package-path "$BENCH/flows" >&2
    BIN="$(swift build -c release --package-path "$BENCH/flows" --show-bin-path)/flows-bench"
fi
COMMON=(--flows "$FLOWS" --keywords "$KEYWORDS" --http-every "$HTTP_EVERY" --url "http://127.0.0.1:$PORT")

RESULTS="$OUT/results.txt"
: > "$RESULTS"
measure() { # LABEL MODE RUN OPTIONS...: runs one measurement, appends its line to $RESULTS
    local label="$1" mode="$2" run="$3"; shift 3
    local line
    line="$("$BIN" "$mode" --work "$OUT/work-$label-$run" "${COMMON[@]}" "$@")" || die "$label run $run failed"
    echo "run $run: $line" >&2
    echo "label=$label $line" >> "$RESULTS"
}
for run in $(seq "$RUNS"); do
    measure throughput throughput "$run" --messages "$MESSAGES" --contacts "$CONTACTS" --concurrency "$CONCURRENCY"
    measure latency latency "$run" --rate "$RATE" --seconds "$STEADY_SECONDS" --contacts "$LATENCY_CONTACTS" --concurrency "$CONCURRENCY"
    measure latency-low latency "$run" --rate "$LOW_RATE" --seconds "$STEADY_SECONDS" --contacts "$LATENCY_CONTACTS" --concurrency "$CONCURRENCY"
    for mode in sqlite sqlite2 memory memory-json; do
        measure "$mode" "$mode" "$run" --messages "$MESSAGES" --contacts "$CONTACTS"
    done
done

python3 - "$RESULTS" "$FLOWS" "$KEYWORDS" "$CONTACTS" "$CONCURRENCY" "$MESSAGES" "$RATE" "$STEADY_SECONDS" "$RUNS" "$LOW_RATE" <<'PY'
import statistics, sys
path, flows, keywords, contacts, concurrency, messages, rate, steady, runs, low_rate = sys.argv[1:11]
rows = {}
for line in open(path):
    fields = dict(item.split("=", 1) for item in line.split())
    rows.setdefault(fields["label"], []).append(fields)
def values(label, key):
    return [float(r[key]) for r in rows.get(label, [])]
def median(label, key):
    xs = values(label, key)
    return statistics.median(xs) if xs else float("nan")
def stats(label, key):
    xs = values(label, key)
    return (min(xs), statistics.median(xs), max(xs)) if xs else (float("nan"),) * 3

throughput = stats("throughput", "rate")
print()
print("| inbound messages/s: %s flows x %s keywords, %s contacts, %s messages, %s runs | min | median | max |"
      % (flows, keywords, contacts, messages, runs))
print("|---|---:|---:|---:|")
def row(label, triple):
    print("| %s | %.0f | %.0f | %.0f |" % ((label,) + triple))
row("**engine**: FlowRunner.handle, %s in flight (SQLite WAL file, http nodes to nginx)" % concurrency, throughput)
row("limit: SQLite alone, 1 insert+update transaction per message (from C)", stats("sqlite", "rate"))
row("limit: SQLite alone, 2 transactions per message (the runner's shape)", stats("sqlite2", "rate"))
row("limit: TriggerIndex.route + Interpreter steps in memory, no store", stats("memory", "rate"))
row("limit: the same + JSON encode/decode of the state", stats("memory-json", "rate"))
print("| target | 20000 | | |")
last = rows["throughput"][-1]
total = float(last["started"]) + float(last["resumed"])
print()
print("mix (last run): %.0f%% started a flow, %.0f%% resumed a wait, %.1f%% made an HTTP call; unexpected dispositions %s, errors %s"
      % (100 * float(last["started"]) / total, 100 * float(last["resumed"]) / total, 100 * float(last["http"]) / total,
         last["unexpected"], last["errors"]))
print()
print("| latency, ms, %s s at a steady rate, median of %s runs | achieved/s | p50 | p99 | max | service p50 | service p99 |" % (steady, runs))
print("|---|---:|---:|---:|---:|---:|---:|")
for label, target in (("latency", rate), ("latency-low", low_rate)):
    if label not in rows:
        continue
    print("| **engine** at %s messages/s: scheduled instant -> handle returns | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |"
          % (target, median(label, "achieved"), median(label, "p50"), median(label, "p99"), median(label, "max"),
             median(label, "service_p50"), median(label, "service_p99")))
print("| target at %s messages/s | %s | | < 5 | | | |" % (rate, rate))
print()
print("service = from the call of handle to its return; scheduler lateness p99 %.3f ms; unexpected dispositions %s, errors %s (last run)"
      % (median("latency", "schedule_p99"), rows["latency"][-1]["unexpected"], rows["latency"][-1]["errors"]))
print("engine / SQLite 2-transaction floor (median): %.3f; throughput %s 20,000/s; p99 at %s/s %s 5 ms"
      % (throughput[1] / stats("sqlite2", "rate")[1], "meets" if throughput[1] >= 20000 else "MISSES", rate,
         "meets" if median("latency", "p99") < 5 else "MISSES"))
PY
