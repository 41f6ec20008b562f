#!/usr/bin/env bash
# Installs what a fresh Debian machine with Swift lacks for RiskShare, and only that.
#   bash Scripts/install-dependencies.sh              GSL, to build and run riskshare
#   bash Scripts/install-dependencies.sh --for-tests  also Chromium and CJK fonts (the browser
#                                                     test of report.html) and the Python
#                                                     client's packages (pandas, dask, pytest)
set -euo pipefail

for_tests=0
case "${1:-}" in
    "") ;;
    --for-tests) for_tests=1 ;;
    *) echo "usage: $0 [--for-tests]" >&2; exit 2 ;;
esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
pkg-config --exists gsl 2>/dev/null || missing+=(libgsl-dev pkg-config)
if [ "$for_tests" = 1 ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
    command -v python3 >/dev/null 2>&1 || missing+=(python3 python3-pip)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$for_tests" = 1 ]; then
    if ! python3 -c "import pandas, dask, distributed, pytest" 2>/dev/null; then
        echo "installing Python packages: pandas dask distributed pytest" >&2
        python3 -m pip install -q pandas dask distributed pytest
    fi
fi
