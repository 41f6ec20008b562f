"""riskshare.run against the real binary: the Report holds exactly what the tool wrote."""

import json
import os
import subprocess
import tempfile

import pandas as pd
import pytest

import riskshare
from helpers import metric, without_timing

PATHS, SEED = 600, 7


@pytest.fixture(scope="module")
def report(riskshare_bin, baseline):
    return riskshare.run(baseline, paths=PATHS, seed=SEED, threads=1, binary=riskshare_bin)


def test_report_json_is_the_tools_report_for_the_same_command(report, riskshare_bin, baseline, tmp_path):
    subprocess.run([riskshare_bin, "run", baseline, "--paths", str(PATHS), "--seed", str(SEED), "--threads", "1",
                    "--out", str(tmp_path), "--format", "json"], check=True, capture_output=True)
    direct = json.loads((tmp_path / "report.json").read_text())
    assert without_timing(report.json) == without_timing(direct)
    assert report.json["run"]["paths"] == PATHS and report.json["run"]["seed"] == SEED
    assert "report:" in report.summary and report.directory is None


def test_binary_is_found_through_RISKSHARE_BIN(riskshare_bin, baseline, monkeypatch):
    monkeypatch.setenv("RISKSHARE_BIN", riskshare_bin)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert riskshare.find_binary() == riskshare_bin
    assert riskshare.run(baseline, paths=200, seed=1).json["run"]["paths"] == 200


def test_temporary_folder_is_removed(riskshare_bin, baseline, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    riskshare.run(baseline, paths=200, binary=riskshare_bin)
    with pytest.raises(riskshare.RiskShareError):
        riskshare.run(baseline, paths=200, set={"nonsense": 1}, binary=riskshare_bin)
    assert os.listdir(tmp_path) == []


def stat_rows(report_json, section_rows, stat):
    """(statistic, level) -> (value, stderr) expected in report.csv for one STAT of report.json."""
    expected = {("mean", ""): (stat["mean"], stat["stderr"]), ("sd", ""): (stat["sd"], None),
                ("min", ""): (stat["min"], None), ("max", ""): (stat["max"], None)}
    for level, x in stat["quantiles"].items():
        expected[("quantile", level)] = (x, None)
        expected[("expected_shortfall", level)] = (stat["expected_shortfall"][level], stat["expected_shortfall_stderr"][level])
        expected[("tail_paths", level)] = (stat["tail_paths"][level], None)
    for threshold, p in stat.get("exceedance", {}).items():
        expected[("exceedance", threshold)] = (p, stat["exceedance_stderr"][threshold])
    return expected


def assert_stat(table, stat):
    """Every number of a report.json STAT appears in the table's rows, bit for bit."""
    rows = {(r.statistic, r.level): (r.value, r.stderr) for r in table.itertuples()}
    expected = stat_rows(None, table, stat)
    assert set(rows) == set(expected)
    for key, (value, stderr) in expected.items():
        assert rows[key][0] == value, key
        if stderr is None:
            assert pd.isna(rows[key][1]), key
        else:
            assert rows[key][1] == stderr, key
    # The 95% interval of each quantile comes with its row.
    for level, (lo, hi) in stat["quantile_ci95"].items():
        row = table[(table.statistic == "quantile") & (table.level == level)].iloc[0]
        assert (row.ci95_lower, row.ci95_upper) == (lo, hi)


def test_party_table_holds_each_partys_loss_statistics_exactly(report):
    party = report.table("party")
    assert set(party.section) == {"party"}
    for name, entry in report.json["parties"].items():
        rows = party[(party.name == name) & (party.quantity == "loss") & party.year.isna()]
        assert_stat(rows, entry["loss"])


def test_gross_table_holds_whole_horizon_and_yearly_statistics_exactly(report):
    gross = report.table("gross")
    assert_stat(gross[(gross.quantity == "loss") & gross.year.isna()], report.json["gross_loss"])
    for year in report.json["years"]:
        rows = gross[(gross.quantity == "npl_ratio") & (gross.year == year["year"])]
        assert_stat(rows, year["npl_ratio"])


def test_tidy_columns_have_the_documented_types(report):
    tidy = report.tidy
    assert list(tidy.columns) == ["section", "name", "quantity", "year", "statistic", "level", "value", "stderr",
                                  "ci95_lower", "ci95_upper"]
    assert str(tidy.year.dtype) == "Int64"
    for column in ("value", "stderr", "ci95_lower", "ci95_upper"):
        assert tidy[column].dtype == float
    # Text cells stay text: a level is the report.json key, a whole-book row has an empty name.
    assert set(report.table("gross").name) == {""}
    assert "0.99" in set(tidy.level)
    assert report.sections == ["portfolio", "gross", "party", "pool", "cap", "tolerance", "fiscal", "capital_regulatory",
                               "capital_economic", "contributions"]


def test_unknown_section_names_the_sections_there_are(report):
    with pytest.raises(KeyError, match="no section 'parties'; it has portfolio, gross, party"):
        report.table("parties")


def test_out_keeps_every_format_and_formats_limit_the_files(riskshare_bin, baseline, tmp_path):
    kept = riskshare.run(baseline, paths=200, out=tmp_path / "all", binary=riskshare_bin)
    assert sorted(os.listdir(tmp_path / "all")) == ["report.csv", "report.html", "report.json", "report.md"]
    assert kept.directory == str(tmp_path / "all")
    only_json = riskshare.run(baseline, paths=200, formats=["json"], out=tmp_path / "json", binary=riskshare_bin)
    assert os.listdir(tmp_path / "json") == ["report.json"]
    with pytest.raises(ValueError, match="no report.csv"):
        only_json.table("party")
    # A report.csv left by an earlier run in the same folder is not taken for this run's.
    again = riskshare.run(baseline, paths=100, formats="json", out=tmp_path / "all", binary=riskshare_bin)
    assert again.json["run"]["paths"] == 100
    with pytest.raises(ValueError, match="no report.csv"):
        again.table("party")


def test_overrides_reach_the_simulation(riskshare_bin, baseline):
    pool = "risk_sharing.layers[type=compensation_pool].initial_balance"
    normal = riskshare.run(baseline, paths=400, seed=3, binary=riskshare_bin)
    tiny = riskshare.run(baseline, paths=400, seed=3, set={pool: 1.0, "simulation.block_paths": 100}, binary=riskshare_bin)
    assert tiny.json["run"]["block_paths"] == 100
    # A one-yuan pool with 100m top-ups a year runs dry on practically every path; a 300m one never does.
    assert metric(normal.json, "pools.pool.p_exhausted") == 0
    assert metric(tiny.json, "pools.pool.p_exhausted") > 0.9
