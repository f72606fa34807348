#!/usr/bin/env bash
# Benchmark: Manifest's own CSVReader against CSV.swift (yaslab/CSV.swift 2.5.2), the
# package the project uses unless its reader is measurably faster. The nested package
# bench/csv-reader depends on the root package by path; it is NOT part of the main
# package, its tests or CI.
#
# Usage, from anywhere:
#
#   bench/csv-reader.sh                  # 1,000,000 rows (~42 MB, built in memory), 5 runs each
#   RUNS=9 ROWS=200000 bench/csv-reader.sh
#
# Progress goes to stderr; the markdown table to stdout.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
PACKAGE="bench/csv-reader"

echo "== building $PACKAGE (release)" >&2
(cd "$ROOT" && swift build -c release --package-path "$PACKAGE" >&2)
BIN="$(cd "$ROOT" && swift build -c release --package-path "$PACKAGE" --show-bin-path)/csv-reader-bench"
[[ -x "$BIN" ]] || { echo "csv-reader.sh: no binary at $BIN" >&2; exit 1; }

"$BIN"
