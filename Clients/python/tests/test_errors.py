"""Failures of the tool become RiskShareError with its message and exit status; a missing binary is named."""

import pickle

import pytest

import riskshare


def test_unknown_key_in_set_raises_with_the_tools_message_and_status_2(riskshare_bin, baseline):
    with pytest.raises(riskshare.RiskShareError) as raised:
        riskshare.run(baseline, paths=100, set={"nonsense.key": 1}, binary=riskshare_bin)
    error = raised.value
    assert error.returncode == 2
    assert error.message == f"{baseline}: nonsense: is not a known key here; accepted keys: capital, currency, description, " \
                            "economy, include, name, portfolio, report, risk_sharing, simulation, sweep"
    assert error.stderr.startswith("error: ")
    assert error.command[:2] == (riskshare_bin, "run")
    assert str(error).startswith("riskshare run exited with status 2: ")


def test_wrong_value_type_in_set_names_the_key_path(riskshare_bin, baseline):
    with pytest.raises(riskshare.RiskShareError) as raised:
        riskshare.run(baseline, paths=100, set={"portfolio.segments[startup-credit].pd": "abc"}, binary=riskshare_bin)
    assert raised.value.returncode == 2
    assert 'portfolio.segments[0].pd = "abc": expected a number' in raised.value.message


def test_sweep_with_an_unknown_metric_raises(riskshare_bin, baseline):
    with pytest.raises(riskshare.RiskShareError) as raised:
        riskshare.sweep(baseline, vary={"simulation.seed": [1]}, metrics=["parties.nobody.loss.mean"], paths=100,
                        binary=riskshare_bin)
    assert raised.value.returncode == 2
    assert "parties.nobody.loss.mean" in raised.value.message


def test_error_survives_pickling_as_dask_sends_it():
    error = riskshare.RiskShareError("bad", 2, "error: bad\n", ("riskshare", "run", "x.yaml"))
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.returncode, copy.stderr, copy.command) == ("bad", 2, "error: bad\n", ("riskshare", "run", "x.yaml"))
    assert str(copy) == "riskshare run exited with status 2: bad"


def test_missing_binary_is_named(monkeypatch, baseline, tmp_path):
    monkeypatch.setenv("RISKSHARE_BIN", str(tmp_path / "riskshare"))
    with pytest.raises(riskshare.RiskShareNotFoundError, match="RISKSHARE_BIN=.* does not name an executable file"):
        riskshare.run(baseline)
    monkeypatch.delenv("RISKSHARE_BIN")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(riskshare.RiskShareNotFoundError, match="set RISKSHARE_BIN to its path or put it on PATH"):
        riskshare.run(baseline)
    with pytest.raises(riskshare.RiskShareNotFoundError, match="is not an executable file"):
        riskshare.run(baseline, binary=tmp_path / "riskshare")
