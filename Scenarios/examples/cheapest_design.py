#!/usr/bin/env python3
"""Cheapest risk-sharing design meeting a target, from a RiskShare sweep.

Runs `riskshare sweep` on a sweep file (its `sweep:` section says what varies and which
metrics to report), reads the CSV, keeps the designs that meet every target, and prints the
one with the lowest cost. Standard library only.

Default: the guarantee share x pool size study, cost = expected fiscal cost, targets on the
bank's 99% loss and the pool's exhaustion probability:

    python3 Scenarios/examples/cheapest_design.py

Any sweep works; the cost may be a metric or a varied parameter (e.g. the pool size):

    python3 Scenarios/examples/cheapest_design.py \
        --sweep Scenarios/sweeps/guarantee-share-x-pool.yaml \
        --cost 'risk_sharing.layers[type=compensation_pool].initial_balance' \
        --target 'pools.pool.p_exhausted <= 0.01' --target 'parties.bank.loss.quantiles.0.99 <= 2.5e9'

A target is only counted as met with a margin of `--sigmas` standard errors (default 0), so
Monte Carlo noise can be allowed for. Exit status: 0 when a design meets the targets, 1 when
none does, 2 on bad input (the message from riskshare is passed through).
"""

import argparse
import csv
import io
import operator
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RELATIONS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt}


def find_riskshare(explicit):
    """The riskshare executable: --riskshare, $RISKSHARE, PATH, or a build folder."""
    if explicit:
        return explicit
    if os.environ.get("RISKSHARE"):
        return os.environ["RISKSHARE"]
    on_path = shutil.which("riskshare")
    if on_path:
        return on_path
    for build in (".build/release", ".build/debug", ".build-sw/debug"):
        candidate = os.path.join(ROOT, build, "riskshare")
        if os.access(candidate, os.X_OK):
            return candidate
    sys.exit("error: riskshare not found; build it (swift build -c release) or pass --riskshare PATH")


def parse_target(text):
    match = re.fullmatch(r"\s*(\S+)\s*(<=|>=|<|>)\s*(\S+)\s*", text)
    if not match:
        sys.exit(f"error: --target {text!r} must look like 'METRIC <= VALUE'")
    metric, relation, value = match.groups()
    try:
        return metric, relation, float(value)
    except ValueError:
        sys.exit(f"error: --target {text!r}: {value!r} is not a number")


def run_sweep(args):
    command = [find_riskshare(args.riskshare), "sweep", args.sweep]
    if args.paths:
        command += ["--paths", str(args.paths)]
    for vary in args.vary:
        command += ["--vary", vary]
    # Ask for every metric the targets and the cost need, on top of none in the file: the
    # command line replaces the file's metrics, so list them all.
    metrics = [t[0] for t in args.targets]
    if args.cost not in metrics and not args.cost_is_parameter:
        metrics.append(args.cost)
    for metric in metrics:
        command += ["--metric", metric]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit(result.returncode if result.returncode == 2 else 3)
    return list(csv.DictReader(io.StringIO(result.stdout)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweep", default=os.path.join(ROOT, "Scenarios", "sweeps", "guarantee-share-x-pool.yaml"))
    parser.add_argument("--cost", default="fiscal.cost.mean", help="metric or varied parameter to minimise")
    parser.add_argument("--target", action="append", default=[], help="'METRIC <= VALUE' (repeatable)")
    parser.add_argument("--vary", action="append", default=[], help="PATH=VALUES, replacing the file's sweep.vary")
    parser.add_argument("--paths", type=int, help="paths per design (default: the scenario's)")
    parser.add_argument("--sigmas", type=float, default=0.0, help="margin in standard errors for a target to count as met")
    parser.add_argument("--riskshare", help="path to the riskshare executable")
    args = parser.parse_args()
    if not args.target:
        args.target = ["parties.bank.loss.quantiles.0.99 <= 2.5e9", "pools.pool.p_exhausted <= 0.05"]
    args.targets = [parse_target(t) for t in args.target]
    # A cost that names a scenario path (brackets, or a known top-level section) is a varied column.
    args.cost_is_parameter = args.cost.split(".")[0].split("[")[0] in {
        "risk_sharing", "portfolio", "simulation", "economy", "report"}

    rows = run_sweep(args)
    if not rows:
        sys.exit("error: the sweep produced no rows")
    if args.cost not in rows[0]:
        sys.exit(f"error: cost column {args.cost!r} is not in the sweep output (columns: {', '.join(rows[0])})")
    varied = [c for c in rows[0] if c != "variant" and not c.endswith(".stderr") and not c.endswith(".diff")
              and c not in {t[0] for t in args.targets} and c != args.cost]

    def meets(row):
        for metric, relation, value in args.targets:
            x = float(row[metric])
            se = float(row.get(metric + ".stderr") or 0)
            # Demand the margin in the direction that makes the target harder to meet.
            shifted = x + args.sigmas * se if relation in ("<=", "<") else x - args.sigmas * se
            if not RELATIONS[relation](shifted, value):
                return False
        return True

    feasible = [r for r in rows if meets(r)]
    print(f"{len(rows)} designs swept, {len(feasible)} meet: " + "; ".join(f"{m} {r} {v:g}" for m, r, v in args.targets))
    if not feasible:
        for metric, _, _ in args.targets:
            values = [float(r[metric]) for r in rows]
            print(f"  {metric}: from {min(values):.6g} to {max(values):.6g} over the sweep")
        return 1
    best = min(feasible, key=lambda r: float(r[args.cost]))
    print(f"cheapest design (variant {best['variant']}), {args.cost} = {float(best[args.cost]):.6g}:")
    for column in varied:
        print(f"  {column} = {best[column]}")
    for metric, _, _ in args.targets:
        se = best.get(metric + ".stderr")
        print(f"  {metric} = {float(best[metric]):.6g}" + (f" (s.e. {float(se):.3g})" if se else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
