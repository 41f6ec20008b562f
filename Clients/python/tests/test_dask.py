"""riskshare.dask on a real LocalCluster with two worker processes: sharded results equal the single-machine ones."""

import os

import pytest


import riskshare
from helpers import without_timing

try:
    import riskshare.dask as rdask
    from distributed import Client, LocalCluster
except ImportError as error:  # the [dask] extra is part of the tested installation
    raise ImportError(f"the Dask tests need `pip install ./Clients/python[dask]`: {error}") from error

pytestmark = pytest.mark.dask

# 1,400 paths in blocks of 200: 7 blocks, so 3 shards are uneven (2, 2, 3 blocks).
PATHS, SEED, BLOCKS = 1400, 11, {"simulation.block_paths": 200}


@pytest.fixture(scope="module")
def client(riskshare_bin):
    os.environ["RISKSHARE_BIN"] = riskshare_bin  # worker processes inherit it
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def single(riskshare_bin, baseline):
    return riskshare.run(baseline, paths=PATHS, seed=SEED, set=BLOCKS, binary=riskshare_bin)


def test_sharded_run_equals_the_single_machine_run(client, single, baseline, tmp_path):
    merged = rdask.run_sharded(baseline, shards=3, client=client, out=tmp_path / "merged", paths=PATHS, seed=SEED, set=BLOCKS)
    assert without_timing(merged.json) == without_timing(single.json)
    assert merged.json["run"]["threads"] == 1
    assert merged.tidy.equals(single.tidy)
    assert sorted(os.listdir(tmp_path / "merged")) == ["report.csv", "report.html", "report.json", "report.md"]


def test_more_shards_than_blocks_leaves_some_empty_and_still_merges_exactly(client, single, baseline):
    merged = rdask.run_sharded(baseline, shards=10, client=client, paths=PATHS, seed=SEED, set=BLOCKS)
    assert merged.directory is None
    assert without_timing(merged.json) == without_timing(single.json)


def test_sharded_sweep_equals_the_single_machine_sweep(client, riskshare_bin, baseline, tmp_path):
    arguments = dict(vary={"risk_sharing.layers[type=compensation_pool].initial_balance": [1.0, 3e8],
                           "simulation.seed": [1, 2]},
                     metrics=["fiscal.cost.mean", "pools.pool.p_exhausted"], paths=200)
    expected = riskshare.sweep(baseline, binary=riskshare_bin, **arguments)
    sharded = rdask.sweep_sharded(baseline, shards=3, client=client, out=tmp_path / "sweep.csv", **arguments)
    assert sharded.equals(expected) and sharded.attrs == expected.attrs
    assert (tmp_path / "sweep.csv").is_file()


def test_a_failing_shard_raises_the_tools_error_on_the_client(client, baseline):
    with pytest.raises(riskshare.RiskShareError) as raised:
        rdask.run_sharded(baseline, shards=2, client=client, paths=200, set={"nonsense": 1})
    assert raised.value.returncode == 2
    assert "nonsense: is not a known key here" in raised.value.message


def test_arguments_are_checked_before_submitting(client, baseline):
    with pytest.raises(ValueError, match="shards must be >= 1"):
        rdask.run_sharded(baseline, shards=0, client=client)
    with pytest.raises(TypeError, match="client must be a distributed.Client"):
        rdask.run_sharded(baseline, shards=2, client="tcp://scheduler:8786")
