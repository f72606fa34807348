#!/usr/bin/env bash
# Benchmark: `engine validate` (release build, all checks) against Python parsing the
# same files (PyYAML's C loader + csv, parse only), in the same run, alternating the two.
#
# NOT a test and never part of CI. Usage, from anywhere:
#
#   bench/validate.sh                 # 5 runs of each side
#   RUNS=9 bench/validate.sh
#   GEN_ARGS="--flows 20 --senders 10 --campaigns 3 --contacts 3000" bench/validate.sh
#
# The configuration is generated once into bench/out/config (git-ignored) and reused
# while GEN_ARGS and the generator are unchanged. Delete bench/out to force a new one.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out"
CONFIG="$OUT/config"
RUNS="${RUNS:-5}"
PYTHON="${PYTHON:-python3}"
GEN_ARGS="${GEN_ARGS:---flows 1000 --nodes 20 --senders 500 --campaigns 100 --contacts 1000000 --seed 1}"
SCRATCH="$ROOT/.build-bench"

die() { echo "validate.sh: $*" >&2; exit 1; }
now() { date +%s%N; }
# Nanoseconds between two `now` stamps, as seconds with three decimals (no bc needed).
seconds() { local ns=$(($2 - $1)); printf '%d.%03d\n' $((ns / 1000000000)) $(((ns / 1000000) % 1000)); }
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"

# --- 1. PyYAML with libyaml --------------------------------------------------------
has_cyaml() { "$PYTHON" -c 'import yaml; yaml.CSafeLoader' >/dev/null 2>&1; }
if ! has_cyaml; then
    echo "== PyYAML's CSafeLoader is missing; installing" >&2
    "$PYTHON" -m pip install --quiet pyyaml >&2 || true
    if ! has_cyaml && command -v apt-get >/dev/null; then
        apt-get install -y python3-yaml >&2 || true
    fi
    has_cyaml || die "$PYTHON cannot import yaml.CSafeLoader (PyYAML built with libyaml); install it and retry"
fi
PYYAML_VERSION="$("$PYTHON" -c 'import yaml; print(yaml.__version__)')"
# Time the interpreter itself, not a launcher such as a pyenv shim (a shell script).
PYTHON="$("$PYTHON" -c 'import sys; print(sys.executable)')"

# --- 2. Release build, separate scratch path ---------------------------------------
echo "== building engine (release, scratch path $SCRATCH)" >&2
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product engine >&2)
ENGINE="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/engine"
[[ -x "$ENGINE" ]] || die "no engine binary at $ENGINE"

# --- 3. Input, generated once -------------------------------------------------------
STAMP="$GEN_ARGS $(sha256sum "$BENCH/generate_config.py" | cut -c1-16)"
if [[ ! -f "$OUT/generated" || "$(cat "$OUT/generated")" != "$STAMP" ]]; then
    echo "== generating $CONFIG ($GEN_ARGS)" >&2
    rm -rf "$OUT"
    mkdir -p "$OUT"
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    "$PYTHON" "$BENCH/generate_config.py" "$CONFIG" $GEN_ARGS >&2
    end=$(date +%s%N)
    echo "generator: $(seconds "$start" "$end") s" > "$OUT/generator-time"
    echo "$STAMP" > "$OUT/generated"
fi
cat "$OUT/generator-time" >&2

# --- 4. Runs, alternating -----------------------------------------------------------
run_engine() {
    local start end rc=0
    start=$(now)
    "$ENGINE" validate "$CONFIG" > "$OUT/engine.log" 2>&1 || rc=$?
    end=$(now)
    if [[ $rc -ne 0 ]]; then
        tail -n 40 "$OUT/engine.log" >&2
        die "engine validate exited $rc on the generated configuration (full output: $OUT/engine.log)"
    fi
    seconds "$start" "$end"
}
run_python() {
    local start end
    start=$(now)
    "$PYTHON" "$BENCH/python_parse.py" "$CONFIG" > "$OUT/python.log" 2>&1 \
        || { cat "$OUT/python.log" >&2; die "python_parse.py failed"; }
    end=$(now)
    seconds "$start" "$end"
}

echo "== warm-up (page cache), not counted" >&2
run_engine >/dev/null
run_python >/dev/null
ENGINE_TIMES=()
PYTHON_TIMES=()
PYTHON_INNER=()
for ((i = 1; i <= RUNS; i++)); do
    if ((i % 2)); then
        ENGINE_TIMES+=("$(run_engine)"); PYTHON_TIMES+=("$(run_python)")
    else
        PYTHON_TIMES+=("$(run_python)"); ENGINE_TIMES+=("$(run_engine)")
    fi
    PYTHON_INNER+=("$(sed -n 's/^elapsed_seconds=//p' "$OUT/python.log")")
    echo "run $i/$RUNS: engine ${ENGINE_TIMES[-1]} s, python ${PYTHON_TIMES[-1]} s" >&2
done

# --- 5. Report ------------------------------------------------------------------------
"$PYTHON" - "$CONFIG" "$OUT/python.log" "$OUT/engine.log" "$PYYAML_VERSION" \
    "${ENGINE_TIMES[*]}" "${PYTHON_TIMES[*]}" "${PYTHON_INNER[*]}" <<'EOF'
import os, statistics, sys
config, python_log, engine_log, pyyaml, engine, python, inner = sys.argv[1:]
engine = [float(x) for x in engine.split()]
python = [float(x) for x in python.split()]
inner = [float(x) for x in inner.split()]
counts = dict(field.split("=") for line in open(python_log) for field in line.split() if "=" in field)
mb = lambda n: int(n) / 1e6
print()
print("input: %s" % config)
print("  YAML %.1f MB in %s files (%s documents); CSV %.1f MB in %s files (%s rows)"
      % (mb(counts["yaml_bytes"]), counts["yaml_files"], counts["yaml_documents"],
         mb(counts["csv_bytes"]), counts["csv_files"], counts["csv_rows"]))
print("  PyYAML %s (libyaml); engine: %s" % (pyyaml, open(engine_log).read().strip().splitlines()[-1]))
print()
print("| %d runs each, wall seconds | min | median | max |" % len(engine))
print("|---|---:|---:|---:|")
for label, times in (("engine validate (all checks)", engine),
                     ("PyYAML CSafeLoader + csv (parse only)", python)):
    print("| %s | %.3f | %.3f | %.3f |" % (label, min(times), statistics.median(times), max(times)))
print()
print("python process includes interpreter start-up; its parse loop alone: median %.3f s" % statistics.median(inner))
print("ratio engine/python (median): %.2f (target <= 0.50)" % (statistics.median(engine) / statistics.median(python)))
EOF
