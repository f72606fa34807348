#!/usr/bin/env bash
# Benchmark: hot-reload latency of `engine run` on the large generated configuration
# (1,000 flows, 500 senders, 100 campaigns, 1,000,000 contacts): one flow file saved
# (temporary file renamed over it), until the daemon logs that the new revision serves.
# Beside it, measured in the same run: `engine validate` of the whole directory, which
# is what every reload would cost without the parse cache, and the target.
# Target: p95 <= 100 ms. NOT a test, not part of CI.
#
#   bench/reload.sh                 # 40 edits
#   EDITS=100 bench/reload.sh
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out/reload"
CONFIG="$BENCH/out/config"
EDITS="${EDITS:-40}"
PORT="${PORT:-18097}"
SCRATCH="$ROOT/.build-bench"
export ENGINE_API_TOKEN="${ENGINE_API_TOKEN:-bench-token}"
export SHOP_TOKEN="${SHOP_TOKEN:-bench-shop-token}"
die() { echo "reload.sh: $*" >&2; exit 1; }

[[ -d "$CONFIG" ]] || bash "$BENCH/validate.sh" >/dev/null 2>&1 || true
[[ -d "$CONFIG" ]] || die "no generated configuration at $CONFIG (run bench/validate.sh first)"
echo "== building engine (release)" >&2
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product engine >&2)
ENGINE="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/engine"

rm -rf "$OUT" && mkdir -p "$OUT"
cp -r "$CONFIG" "$OUT/config"
echo "== first apply of the configuration (imports the contacts)" >&2
"$ENGINE" apply --auto-approve --state "$OUT/state.db" "$OUT/config" > "$OUT/apply.log" 2>&1 || { tail -20 "$OUT/apply.log" >&2; die "apply failed"; }

echo "== $EDITS edits" >&2
python3 "$BENCH/reload.py" "$ENGINE" "$OUT/config" "$OUT/state.db" "$PORT" "$EDITS" > "$OUT/latencies.txt"

validate_ms() {
    local start end
    start=$(date +%s%N)
    "$ENGINE" validate "$OUT/config" > /dev/null 2>&1 || die "validate failed"
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
V1=$(validate_ms); V2=$(validate_ms); V3=$(validate_ms)
VALIDATE=$(printf '%s\n' "$V1" "$V2" "$V3" | sort -n | sed -n 2p)

python3 - "$OUT/latencies.txt" "$VALIDATE" <<'PY'
import sys
values = sorted(float(line) for line in open(sys.argv[1]) if line.strip())
validate = float(sys.argv[2])
def pct(p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
print(f"reload latency, one flow file saved -> new revision serving ({len(values)} edits)")
print(f"{'':32}{'p50':>10}{'p95':>10}{'max':>10}")
print(f"{'engine run reload':32}{pct(50):>8.1f}ms{pct(95):>8.1f}ms{values[-1]:>8.1f}ms")
print(f"{'engine validate (no cache)':32}{validate:>8.0f}ms")
print(f"{'target':32}{'':>10}{100:>8.0f}ms")
print(f"p95 / target: {pct(95) / 100:.2f} ({'met' if pct(95) <= 100 else 'NOT met'})")
PY
