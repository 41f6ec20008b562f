"""Python client for RiskShare, the sci-tech loan risk-sharing simulator.

Drives the ``riskshare`` command-line tool (found through ``RISKSHARE_BIN`` or on ``PATH``):

    import riskshare
    report = riskshare.run("Scenarios/shenzhen-baseline.yaml", paths=20000, seed=1)
    report.json["parties"]["bank"]["loss"]["mean"]
    report.table("party")                       # pandas DataFrame from report.csv
    riskshare.sweep("s.yaml", vary={"simulation.seed": [1, 2]}, metrics=["fiscal.cost.mean"])

``riskshare.dask`` (install ``riskshare[dask]``) runs shards of a run or sweep on a Dask cluster.
"""

from ._cli import RiskShareError, RiskShareNotFoundError, find_binary
from ._commands import optimize, run, sweep
from .optimum import Constraint, Objective, OptimizeResult
from .report import Report

__version__ = "0.1.0"

__all__ = [
    "Constraint", "Objective", "OptimizeResult", "Report", "RiskShareError", "RiskShareNotFoundError",
    "find_binary", "optimize", "run", "sweep",
]
