#!/usr/bin/env bash
# Benchmark for plan and apply on the large generated configuration (1,000 flows,
# 500 senders, 100 campaigns with 1,000,000 contacts):
#   - the first `engine apply` (importing every contact) against the sqlite3 command
#     line importing the same CSV files into a comparable table (same primary key);
#   - a no-change `engine plan` against `engine validate`.
# Both pairs run in the same invocation, alternating. NOT a test; never part of CI.
#
#   bench/apply.sh            # 3 runs of each
#   RUNS=5 bench/apply.sh
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
OUT="$BENCH/out"
CONFIG="$OUT/config"
RUNS="${RUNS:-3}"
SCRATCH="$ROOT/.build-bench"
# The generated Settings reference this secret; plan and apply resolve secrets.
export ENGINE_API_TOKEN="${ENGINE_API_TOKEN:-bench-token}"

die() { echo "apply.sh: $*" >&2; exit 1; }
now() { date +%s%N; }
seconds() { local ns=$(($2 - $1)); printf '%d.%03d\n' $((ns / 1000000000)) $(((ns / 1000000) % 1000)); }

command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; } || die "cannot install sqlite3"
[[ -d "$CONFIG" ]] || bash "$BENCH/validate.sh" >/dev/null 2>&1 || true
[[ -d "$CONFIG" ]] || die "no generated configuration at $CONFIG (run bench/validate.sh first)"

echo "== building engine (release)" >&2
(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product engine >&2)
ENGINE="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/engine"

CSV_FILES=("$CONFIG"/contacts/*.csv)
ROWS=$(( $(cat "${CSV_FILES[@]}" | wc -l) - ${#CSV_FILES[@]} ))

run_apply() {
    local db="$OUT/apply-state.db" start end
    rm -f "$db" "$db-wal" "$db-shm"
    start=$(now)
    "$ENGINE" apply --auto-approve --state "$db" "$CONFIG" > "$OUT/apply.log" 2>&1 || { tail -20 "$OUT/apply.log" >&2; die "engine apply failed"; }
    end=$(now)
    seconds "$start" "$end"
}

run_sqlite() {
    # The peer imports into the engine's own schema (dumped from a state the engine
    # made), so both sides write the same table, constraints and indexes.
    local db="$OUT/sqlite-import.db" script="$OUT/import.sql" start end
    rm -f "$db" "$db-wal" "$db-shm"
    {
        echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        sqlite3 "$OUT/schema-source.db" .schema | grep -v '^CREATE TABLE sqlite_sequence'
        echo "CREATE TEMP TABLE staging(phone TEXT, name TEXT, city TEXT, plan TEXT);"
        echo "BEGIN;"
        for file in "${CSV_FILES[@]}"; do
            name="$(basename "$file" .csv)"
            echo "DELETE FROM staging;"
            echo ".import --csv --skip 1 '$file' staging"
            echo "INSERT OR IGNORE INTO campaign_contacts (campaign, phone, name, variables, status, updated_at)"
            echo "  SELECT '$name', phone, name, json_object('city', city, 'plan', plan), 'pending', '2026-11-25 00:00:00.000' FROM staging;"
        done
        echo "COMMIT;"
    } > "$script"
    start=$(now)
    sqlite3 "$db" < "$script" > /dev/null
    end=$(now)
    seconds "$start" "$end"
}

run_plan() {
    local start end
    start=$(now)
    "$ENGINE" plan --detailed-exitcode --state "$OUT/apply-state.db" "$CONFIG" > "$OUT/plan.log" 2>&1 || { tail -20 "$OUT/plan.log" >&2; die "the no-change plan found changes or failed"; }
    end=$(now)
    seconds "$start" "$end"
}

run_validate() {
    local start end
    start=$(now)
    "$ENGINE" validate "$CONFIG" > /dev/null 2>&1 || die "validate failed"
    end=$(now)
    seconds "$start" "$end"
}

# An empty state made by the engine, for the peer's schema.
rm -f "$OUT/schema-source.db"*
mkdir -p "$OUT/empty-config"
"$ENGINE" apply --auto-approve --state "$OUT/schema-source.db" "$OUT/empty-config" > /dev/null 2>&1 || true
[[ -f "$OUT/schema-source.db" ]] || die "could not create an empty state for the schema"

APPLY=(); SQLITE=(); PLAN=(); VALIDATE=()
for ((i = 1; i <= RUNS; i++)); do
    APPLY+=("$(run_apply)"); SQLITE+=("$(run_sqlite)")
    VALIDATE+=("$(run_validate)"); PLAN+=("$(run_plan)")
    echo "run $i/$RUNS: apply ${APPLY[-1]} s, sqlite3 ${SQLITE[-1]} s, plan ${PLAN[-1]} s, validate ${VALIDATE[-1]} s" >&2
done

python3 - "$ROWS" "${APPLY[*]}" "${SQLITE[*]}" "${PLAN[*]}" "${VALIDATE[*]}" "$(sqlite3 --version | cut -d' ' -f1)" <<'PY'
import statistics, sys
rows = int(sys.argv[1])
apply_, sqlite, plan, validate = ([float(x) for x in arg.split()] for arg in sys.argv[2:6])
version = sys.argv[6]
med = statistics.median
print()
print("input: %d contacts in 100 CSV files; sqlite3 %s" % (rows, version))
print()
print("| %d runs each, wall seconds | min | median | rows/s (median) |" % len(apply_))
print("|---|---:|---:|---:|")
print("| engine apply, first (all checks + import) | %.3f | %.3f | %d |" % (min(apply_), med(apply_), rows / med(apply_)))
print("| sqlite3 CLI .import into the engine's schema | %.3f | %.3f | %d |" % (min(sqlite), med(sqlite), rows / med(sqlite)))
print("| engine plan, no changes | %.3f | %.3f | |" % (min(plan), med(plan)))
print("| engine validate | %.3f | %.3f | |" % (min(validate), med(validate)))
print()
print("import rate engine/sqlite3 (median): %.2f (target >= 0.50)" % (med(sqlite) / med(apply_)))
print("no-change plan / validate (median): %.2f (target <= 1.50)" % (med(plan) / med(validate)))
PY
