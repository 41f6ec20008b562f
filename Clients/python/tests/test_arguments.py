"""Python arguments are checked before anything is spawned, and written on the command line exactly."""

import math

import pytest

import riskshare
from riskshare import _options


@pytest.fixture
def no_binary(monkeypatch):
    """Points RISKSHARE_BIN at nothing: a call that got past its checks would raise RiskShareNotFoundError."""
    monkeypatch.setenv("RISKSHARE_BIN", "/nonexistent/riskshare")


@pytest.mark.parametrize("arguments, error, words", [
    (dict(paths=0), ValueError, "paths must be >= 1, got 0"),
    (dict(paths=1.5), TypeError, "paths must be an integer"),
    (dict(paths=True), TypeError, "paths must be an integer"),
    (dict(paths="100"), TypeError, "paths must be an integer"),
    (dict(seed=-1), ValueError, "seed must be in [0, 18446744073709551615], got -1"),
    (dict(seed=2**64), ValueError, "seed must be in [0, 18446744073709551615]"),
    (dict(threads=0), ValueError, "threads must be >= 1"),
    (dict(set=["simulation.paths=10"]), TypeError, "set must be a mapping"),
    (dict(set={"simulation.seed": None}), TypeError, "set['simulation.seed'] must be a bool, number, str, list or mapping"),
    (dict(set={"portfolio.segments[startup-credit].pd": math.nan}), ValueError, "must be a finite number"),
    (dict(set={"name": "two\nlines"}), ValueError, "must not contain a line break"),
    (dict(set={3: 1}), TypeError, "set keys must be scenario paths"),
    (dict(formats=["pdf"]), ValueError, "'pdf' is not one of json, csv, md, html"),
    (dict(formats=["csv"]), ValueError, "must include 'json'"),
    (dict(formats=3), TypeError, "formats must be a list"),
])
def test_run_refuses_bad_arguments_before_looking_for_the_binary(no_binary, baseline, arguments, error, words):
    with pytest.raises(error) as raised:
        riskshare.run(baseline, **arguments)
    assert words in str(raised.value)


def test_run_refuses_a_missing_scenario_or_a_non_path(no_binary, tmp_path):
    with pytest.raises(FileNotFoundError, match="is not an existing file"):
        riskshare.run(tmp_path / "absent.yaml")
    with pytest.raises(TypeError, match="scenario must be a path"):
        riskshare.run(42)


def test_run_refuses_an_out_folder_that_is_a_file(no_binary, baseline, tmp_path):
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    with pytest.raises(NotADirectoryError, match="exists and is not a folder"):
        riskshare.run(baseline, out=existing)


@pytest.mark.parametrize("arguments, error, words", [
    (dict(vary={"simulation.seed": []}), ValueError, "has no values"),
    (dict(vary={"simulation.seed": ["1,2"]}), ValueError, "contains a comma"),
    (dict(vary={"simulation.seed": 3}), TypeError, "must be a list of values"),
    (dict(vary={"simulation.seed": [[1, 2]]}), TypeError, "must be a bool, number or str"),
    (dict(vary=[("simulation.seed", [1])]), TypeError, "vary must be a mapping"),
    (dict(metrics=[1]), TypeError, "metrics items must be str"),
    (dict(zip="yes"), TypeError, "zip must be a bool"),
])
def test_sweep_refuses_bad_arguments_before_looking_for_the_binary(no_binary, baseline, arguments, error, words):
    with pytest.raises(error) as raised:
        riskshare.sweep(baseline, **arguments)
    assert words in str(raised.value)


def test_sweep_refuses_an_out_file_that_is_a_folder(no_binary, baseline, tmp_path):
    with pytest.raises(IsADirectoryError, match="is a folder"):
        riskshare.sweep(baseline, out=tmp_path)


@pytest.mark.parametrize("arguments, error, words", [
    (dict(vary={"a.b": (1, 1)}, minimize="m"), ValueError, "needs lo < hi"),
    (dict(vary={"a.b": (2, 1)}, minimize="m"), ValueError, "needs lo < hi"),
    (dict(vary={"a.b": ("0", "1")}, minimize="m"), TypeError, "bounds must be numbers"),
    (dict(vary={"a.b": (0, math.inf)}, minimize="m"), ValueError, "finite number"),
    (dict(vary={"a.b": "0:1:2"}, minimize="m"), ValueError, "must have the form 'LO:HI'"),
    (dict(vary={}, minimize="m"), TypeError, "non-empty mapping"),
    (dict(vary={"a.b": (0, 1)}, minimize=["m", "n"]), TypeError, "minimize must be one metric"),
    (dict(vary={"a.b": (0, 1)}, minimize="m", subject_to=[3]), TypeError, "subject_to items must be str"),
])
def test_optimize_refuses_bad_arguments_before_looking_for_the_binary(no_binary, baseline, arguments, error, words):
    with pytest.raises(error) as raised:
        riskshare.optimize(baseline, **arguments)
    assert words in str(raised.value)


def test_overrides_are_written_as_yaml_the_tool_reads_back_exactly():
    texts = _options.overrides({
        "a": True, "b": 3, "c": 0.1, "d": 1e8, "e": "startup", "f": [1, 2.5], "g": {"bank": 0.2},
        "risk_sharing.layers[type=compensation_pool].initial_balance": 2.5e8,
    })
    assert texts == ["a=true", "b=3", "c=0.1", "d=100000000.0", "e=startup", "f=[1, 2.5]", 'g={"bank": 0.2}',
                     "risk_sharing.layers[type=compensation_pool].initial_balance=250000000.0"]
    # Shortest round-trip decimals: the double the tool parses is the double given here.
    assert float(_options.value_text(0.1 + 0.2, "x", lists=False)) == 0.1 + 0.2


def test_vary_lists_ranges_and_optimize_bounds_become_single_options():
    assert _options.vary({"p": [0.5, 0.6], "q": "1:3:1", "r": ("a", True)}) == [
        "--vary", "p=0.5,0.6", "--vary", "q=1:3:1", "--vary", "r=a,true"]
    assert _options.bounds({"p": (0.1, 0.5), "q": "1e7:1e9"}) == ["--vary", "p=0.1:0.5", "--vary", "q=10000000.0:1000000000.0"]
    assert _options.formats("json, csv", default=()) == "json,csv"
