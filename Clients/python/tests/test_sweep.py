"""riskshare.sweep against the real binary: one row per variant, each equal to a separate run."""

import os

import pytest

import riskshare
from helpers import metric

POOL = "risk_sharing.layers[type=compensation_pool].initial_balance"
METRICS = ["fiscal.cost.mean", "pools.pool.p_exhausted", "parties.bank.loss.quantiles.0.99"]


@pytest.fixture(scope="module")
def grid(riskshare_bin, baseline):
    return riskshare.sweep(baseline, vary={POOL: [1.0, 3e8], "simulation.seed": [1, 2]}, metrics=METRICS, paths=300,
                           binary=riskshare_bin)


def test_grid_has_one_row_per_variant_in_grid_order(grid):
    assert list(grid.columns) == (["variant", POOL, "simulation.seed"] + [c for m in METRICS for c in (m, m + ".stderr")]
                                  + [c for m in METRICS for c in (m + ".diff", m + ".diff.stderr")])
    assert grid.attrs == {"axes": [POOL, "simulation.seed"], "metrics": METRICS}
    assert list(grid.variant) == [1, 2, 3, 4]
    assert list(zip(grid[POOL], grid["simulation.seed"])) == [(1.0, 1), (1.0, 2), (3e8, 1), (3e8, 2)]


def test_each_row_equals_a_separate_run_of_that_variant(grid, riskshare_bin, baseline):
    # Common random numbers: variant (pool, seed) is simulated exactly as `run --set pool --seed seed`.
    for row in grid.to_dict("records"):
        single = riskshare.run(baseline, paths=300, seed=int(row["simulation.seed"]), set={POOL: row[POOL]},
                               formats=["json"], binary=riskshare_bin).json
        for m in METRICS:
            assert row[m] == metric(single, m), (row["variant"], m)
        assert row["fiscal.cost.mean.stderr"] == single["fiscal"]["cost"]["stderr"]
        assert row["pools.pool.p_exhausted.stderr"] == single["pools"]["pool"]["p_exhausted"]["stderr"]
        # Differences are taken from the first variant.
        first = grid.iloc[0]
        assert row["fiscal.cost.mean.diff"] == row["fiscal.cost.mean"] - first["fiscal.cost.mean"]
        # A quantile's standard error in a sweep is the half-width of its 95% interval over 1.959964.
        lo, hi = single["parties"]["bank"]["loss"]["quantile_ci95"]["0.99"]
        assert row["parties.bank.loss.quantiles.0.99.stderr"] == (hi - lo) / 2 / 1.959964


def test_zip_pairs_the_lists_and_ranges_expand(riskshare_bin, baseline):
    zipped = riskshare.sweep(baseline, vary={POOL: [1.0, 3e8], "simulation.seed": [1, 2]}, zip=True,
                             metrics="fiscal.cost.mean", paths=200, binary=riskshare_bin)
    assert list(zip(zipped[POOL], zipped["simulation.seed"])) == [(1.0, 1), (3e8, 2)]
    ranged = riskshare.sweep(baseline, vary={POOL: "1e8:3e8:1e8"}, metrics=["fiscal.cost.mean"], paths=200,
                             binary=riskshare_bin)
    assert list(ranged[POOL]) == [1e8, 2e8, 3e8]


def test_out_and_html_files_are_kept(riskshare_bin, baseline, tmp_path):
    table = riskshare.sweep(baseline, vary={"simulation.seed": [1, 2]}, metrics=["fiscal.cost.mean"], paths=200,
                            out=tmp_path / "s.csv", html=tmp_path / "s.html", binary=riskshare_bin)
    assert (tmp_path / "s.csv").read_text().startswith("variant,simulation.seed,fiscal.cost.mean,fiscal.cost.mean.stderr,fiscal.cost.mean.diff,fiscal.cost.mean.diff.stderr\n")
    assert "<svg" in (tmp_path / "s.html").read_text()
    assert len(table) == 2 and sorted(os.listdir(tmp_path)) == ["s.csv", "s.html"]
