#!/usr/bin/env bash
# Times a sweep of 16 scheme variants of the Shenzhen baseline (Scenarios/sweeps/baseline-schemes.yaml)
# against one run of the baseline at the same path count and thread count, with hyperfine, and
# prints the ratio of their mean wall times (README, Performance). Build in release first:
#   swift build -c release && bash Scripts/bench-replay.sh [PATHS] [THREADS]
# RISKSHARE_BIN selects another binary (e.g. an older build, for a before/after comparison);
# RUNS sets hyperfine's runs per command (default 5).
set -euo pipefail
bin=${RISKSHARE_BIN:-.build/release/riskshare}
paths=${1:-20000}
threads=${2:-2}
runs=${RUNS:-5}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
hyperfine --warmup 1 --runs "$runs" --export-json "$scratch/times.json" \
    -n run "$bin run Scenarios/shenzhen-baseline.yaml --paths $paths --threads $threads --format json --out $scratch/run" \
    -n sweep "$bin sweep Scenarios/sweeps/baseline-schemes.yaml --paths $paths --threads $threads --out $scratch/sweep.csv"
python3 - "$scratch/times.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
run, sweep = results["run"], results["sweep"]
print(f"run {run['mean']:.2f} s ± {run['stddev']:.2f}, sweep of 16 variants {sweep['mean']:.2f} s ± {sweep['stddev']:.2f}: "
      f"the sweep costs {sweep['mean'] / run['mean']:.2f} runs")
PY
