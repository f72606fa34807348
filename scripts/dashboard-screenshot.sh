#!/usr/bin/env bash
# Screenshots the dashboard in headless Chromium (Debian's `chromium`, installed when
# missing) and checks the pictures are real pages, not blank or error screens.
#
# It shoots the golden pages of Tests/DashboardTests/Snapshots, which `swift test` proves
# are exactly what the Dashboard module renders for its fixture models (a busy engine with
# a configuration error, and a new engine). Run the tests first unless --skip-tests.
#
# Usage: scripts/dashboard-screenshot.sh [--skip-tests] [OUTPUT_DIRECTORY]
#   OUTPUT_DIRECTORY defaults to bench/out/dashboard (ignored by git).
set -euo pipefail

cd "$(dirname "$0")/.."
run_tests=yes
if [[ "${1:-}" == "--skip-tests" ]]; then
    run_tests=no
    shift
fi
out="${1:-bench/out/dashboard}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if [[ "$run_tests" == yes ]]; then
    echo "checking the golden pages are current: swift test --filter DashboardTests"
    swift test --filter DashboardTests >"$out/tests.log" 2>&1 || {
        tail -n 40 "$out/tests.log"
        echo "dashboard tests failed (log: $out/tests.log)" >&2
        exit 1
    }
fi

browser="$(command -v chromium || true)"
if [[ -z "$browser" ]]; then
    echo "installing chromium"
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
    browser="$(command -v chromium)"
fi

# NAME  MINIMUM_BYTES: a blank 1280x1600 page compresses to a few kilobytes.
pages=("dashboard 60000" "empty 20000")
status=0
for entry in "${pages[@]}"; do
    read -r name minimum <<<"$entry"
    page="$PWD/Tests/DashboardTests/Snapshots/$name.html"
    png="$out/$name.png"
    rm -f "$png"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$out/.chromium-profile" --window-size=1280,1600 \
        --screenshot="$png" "file://$page" >"$out/$name.chromium.log" 2>&1 || true
    if [[ ! -s "$png" ]]; then
        echo "FAIL $name: no screenshot (log: $out/$name.chromium.log)" >&2
        status=1
        continue
    fi
    size=$(stat -c %s "$png")
    signature=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
    if [[ "$signature" != "89504e470d0a1a0a" ]]; then
        echo "FAIL $name: $png is not a PNG" >&2
        status=1
    elif ((size < minimum)); then
        echo "FAIL $name: $png is $size bytes, below $minimum: a blank or broken page?" >&2
        status=1
    else
        echo "ok   $name: $png ($size bytes)"
    fi
done
rm -rf "$out/.chromium-profile"
exit $status
