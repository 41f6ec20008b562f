#!/usr/bin/env bash
# The whole test suite, as CI runs it: house style, a warning-free build, the Swift tests, and
# the Python client's tests against the freshly built riskshare.
set -euo pipefail
cd "$(dirname "$0")/.."

bash Scripts/install-dependencies.sh --for-tests

echo "== swift format lint (Sources/)"
swift format lint --strict -r Sources

echo "== build (no warnings allowed in the project's own code)"
build_log=$(mktemp)
swift build --build-tests 2>&1 | tee "$build_log" | grep -E "error|Compiling|Build complete" | tail -3
if grep -E "^/.*/(Sources|Tests)/.*warning:" "$build_log"; then
    echo "the build has warnings (above)" >&2
    exit 1
fi
rm -f "$build_log"

echo "== swift test"
swift test --skip-build

echo "== Python client (pytest)"
bin_dir=$(swift build --show-bin-path)
python3 -m pip install -q -e "Clients/python[dask]"
set +e
RISKSHARE_BIN="$bin_dir/riskshare" python3 -m pytest -q Clients/python/tests
status=$?
set -e
if [ "$status" -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit "$status"
