"""riskshare.optimize: against a FAKE of the `optimize --json` interface, and against the real command once it exists.

The fake (fakes/fake-riskshare-optimize) simulates nothing; it proves the wrapper builds the
documented command line and reads the documented JSON. The real test (marked `optimize_command`)
runs the binary's `optimize` and fails if the binary has none.
"""

import json
import subprocess

import pytest

import riskshare
from helpers import metric

POOL_RATIO = "risk_sharing.layers[type=compensation_pool].ratio"


def test_command_line_follows_the_documented_interface(fake_optimize, baseline):
    fake, log = fake_optimize
    result = riskshare.optimize(
        baseline, vary={POOL_RATIO: (0.1, 0.5), "risk_sharing.layers[0].per_loan_cap": "1e6:5e7"},
        minimize="fiscal.cost.mean", subject_to=["parties.bank.loss.quantiles.0.99 <= 5e9", "pools.pool.p_exhausted <= 0.01"],
        set={"simulation.block_paths": 500}, paths=2000, seed=5, threads=1, binary=fake)
    assert json.loads(log.read_text()) == [
        "optimize", baseline,
        "--vary", f"{POOL_RATIO}=0.1:0.5", "--vary", "risk_sharing.layers[0].per_loan_cap=1000000.0:50000000.0",
        "--minimize", "fiscal.cost.mean",
        "--subject-to", "parties.bank.loss.quantiles.0.99 <= 5e9", "--subject-to", "pools.pool.p_exhausted <= 0.01",
        "--set", "simulation.block_paths=500", "--paths", "2000", "--seed", "5", "--threads", "1", "--json"]
    # The fake's optimum is the midpoint of each range and its objective their sum.
    assert result.optimum == {POOL_RATIO: 0.3, "risk_sharing.layers[0].per_loan_cap": 25500000.0}
    assert result.objective == riskshare.Objective("fiscal.cost.mean", 0.3 + 25500000.0, 0.5)
    assert result.constraints == [
        riskshare.Constraint("parties.bank.loss.quantiles.0.99", 5e9, 0.25, 5e9, True),
        riskshare.Constraint("pools.pool.p_exhausted", 0.01, None, 0.01, False)]
    assert result.active_constraints == result.constraints[:1]
    assert result.evaluations == 17
    assert result.json["evaluations"] == 17


def test_tool_error_carries_message_and_status(fake_optimize, baseline):
    fake, _ = fake_optimize
    with pytest.raises(riskshare.RiskShareError) as raised:
        riskshare.optimize(baseline, vary={POOL_RATIO: (0.1, 0.5)}, minimize="no.such.metric", binary=fake)
    assert raised.value.returncode == 2
    assert raised.value.message == f"{baseline}: --minimize no.such.metric: report.json has no such value"


@pytest.mark.parametrize("mode, words", [("no-objective", "lacks 'objective'"), ("not-json", "is not JSON")])
def test_output_that_breaks_the_interface_is_an_error(fake_optimize, baseline, monkeypatch, mode, words):
    fake, _ = fake_optimize
    monkeypatch.setenv("FAKE_RISKSHARE_OUTPUT", mode)
    with pytest.raises(riskshare.RiskShareError, match=words) as raised:
        riskshare.optimize(baseline, vary={POOL_RATIO: (0.1, 0.5)}, minimize="fiscal.cost.mean", binary=fake)
    assert raised.value.returncode is None


def test_document_checks_name_the_bad_field():
    good = {"optimum": {"p": 1}, "objective": {"metric": "m", "value": 1, "stderr": None}, "constraints": [], "evaluations": 3}
    assert riskshare.OptimizeResult.from_json(good).objective.stderr is None
    for broken, words in [
        ({**good, "optimum": {}}, "empty or non-object 'optimum'"),
        ({**good, "objective": {"metric": "m", "value": "1"}}, "objective.value = '1', expected a number"),
        ({**good, "constraints": [{"metric": "m", "value": 1, "limit": 1, "active": "yes"}]}, "constraints[0].active"),
        ({**good, "evaluations": True}, "expected a count or a list"),
    ]:
        with pytest.raises(riskshare.RiskShareError, match=words.replace("[", r"\[").replace("]", r"\]")):
            riskshare.OptimizeResult.from_json(broken)


@pytest.mark.optimize_command
def test_real_optimize_reports_values_a_run_at_the_optimum_reproduces(riskshare_bin, baseline):
    # Without the subcommand, `optimize --help` prints the root's help (exit 0): look for its options.
    probe = subprocess.run([riskshare_bin, "optimize", "--help"], capture_output=True, text=True)
    assert "--minimize" in probe.stdout, f"{riskshare_bin} has no `optimize` command (its `optimize --help` does not mention --minimize)"
    # A bank-loss limit met at a pool ratio of 0.3: ratios in [0.1, 0.5] search around it.
    reference = riskshare.run(baseline, paths=2000, seed=9, formats=["json"], binary=riskshare_bin).json
    limit = metric(reference, "parties.bank.loss.mean")
    result = riskshare.optimize(baseline, vary={POOL_RATIO: (0.1, 0.5)}, minimize="fiscal.cost.mean",
                                subject_to=[f"parties.bank.loss.mean <= {limit!r}"], paths=2000, seed=9, binary=riskshare_bin)
    assert list(result.optimum) == [POOL_RATIO]
    assert 0.1 <= result.optimum[POOL_RATIO] <= 0.5
    assert result.objective.metric == "fiscal.cost.mean"
    assert [(c.metric, c.limit) for c in result.constraints] == [("parties.bank.loss.mean", limit)]
    assert (isinstance(result.evaluations, int) and result.evaluations >= 1) or len(result.evaluations) >= 1
    # Common random numbers: the same seed and paths at the reported optimum give the reported values.
    at_optimum = riskshare.run(baseline, paths=2000, seed=9, set=result.optimum, formats=["json"], binary=riskshare_bin).json
    assert result.objective.value == pytest.approx(metric(at_optimum, "fiscal.cost.mean"), rel=1e-9)
    assert result.objective.stderr == pytest.approx(at_optimum["fiscal"]["cost"]["stderr"], rel=1e-9)
    constraint = result.constraints[0]
    assert constraint.value == pytest.approx(metric(at_optimum, "parties.bank.loss.mean"), rel=1e-9)
    assert constraint.active or constraint.value <= limit
