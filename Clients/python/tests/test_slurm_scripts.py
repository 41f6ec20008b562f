"""Clients/slurm/*.sbatch run as Slurm would run them (bash with the array variables set) give the single run's report."""

import json
import os
import pathlib
import subprocess

import pytest

import riskshare
from helpers import without_timing

SLURM = pathlib.Path(__file__).resolve().parents[2] / "slurm"


def array_task(riskshare_bin, index, count, *arguments, first=1, shards=None):
    environment = dict(os.environ, RISKSHARE_BIN=riskshare_bin, SLURM_ARRAY_TASK_ID=str(index),
                       SLURM_ARRAY_TASK_COUNT=str(count), SLURM_ARRAY_TASK_MIN=str(first),
                       SLURM_ARRAY_TASK_MAX=str(first + count - 1), SLURM_CPUS_PER_TASK="1")
    environment.pop("RISKSHARE_SHARDS", None)
    if shards is not None:
        environment["RISKSHARE_SHARDS"] = str(shards)
    return subprocess.run(["bash", str(SLURM / "run-shards.sbatch"), *arguments], env=environment,
                          capture_output=True, text=True)


def merge(riskshare_bin, parts, out):
    return subprocess.run(["bash", str(SLURM / "merge.sbatch"), str(parts), str(out)],
                          env=dict(os.environ, RISKSHARE_BIN=riskshare_bin), capture_output=True, text=True)


def test_array_of_run_shards_then_merge_equals_the_single_run(riskshare_bin, baseline, tmp_path):
    options = ["--paths", "600", "--seed", "4", "--set", "simulation.block_paths=200"]
    for k in (1, 2, 3):
        task = array_task(riskshare_bin, k, 3, "run", baseline, str(tmp_path / "parts"), *options)
        assert task.returncode == 0, task.stderr
    merged = merge(riskshare_bin, tmp_path / "parts", tmp_path / "report")
    assert merged.returncode == 0, merged.stderr
    single = riskshare.run(baseline, paths=600, seed=4, set={"simulation.block_paths": 200}, formats=["json"],
                           binary=riskshare_bin)
    assert without_timing(json.loads((tmp_path / "report" / "report.json").read_text())) == without_timing(single.json)


def test_array_of_sweep_shards_then_merge_equals_the_single_sweep(riskshare_bin, baseline, tmp_path):
    options = ["--vary", "simulation.seed=1,2,3", "--metric", "fiscal.cost.mean", "--paths", "200"]
    for k in (1, 2):
        task = array_task(riskshare_bin, k, 2, "sweep", baseline, str(tmp_path / "parts"), *options)
        assert task.returncode == 0, task.stderr
    merged = merge(riskshare_bin, tmp_path / "parts", tmp_path / "sweep.csv")
    assert merged.returncode == 0, merged.stderr
    single = subprocess.run([riskshare_bin, "sweep", baseline, *options], capture_output=True, text=True, check=True)
    assert (tmp_path / "sweep.csv").read_text() == single.stdout


@pytest.mark.parametrize("first", [0, 2])
def test_an_array_not_numbered_from_one_is_refused(riskshare_bin, baseline, tmp_path, first):
    task = array_task(riskshare_bin, first, 4, "run", baseline, str(tmp_path / "parts"), first=first)
    assert task.returncode == 2 and "must be numbered 1..N" in task.stderr
    assert not (tmp_path / "parts").exists()


def test_a_missing_shard_fails_the_merge_and_can_be_rerun_alone(riskshare_bin, baseline, tmp_path):
    parts, options = str(tmp_path / "parts"), ["--paths", "600", "--set", "simulation.block_paths=200"]
    for k in (1, 3):
        assert array_task(riskshare_bin, k, 3, "run", baseline, parts, *options).returncode == 0
    merged = merge(riskshare_bin, tmp_path / "parts", tmp_path / "report")
    assert merged.returncode == 2 and "shards not given: 2/3" in merged.stderr
    assert not (tmp_path / "report").exists()
    # sbatch --array=2 --export=ALL,RISKSHARE_SHARDS=3: an array of one task numbered 2.
    rerun = array_task(riskshare_bin, 2, 1, "run", baseline, parts, *options, first=2, shards=3)
    assert rerun.returncode == 0, rerun.stderr
    assert merge(riskshare_bin, tmp_path / "parts", tmp_path / "report").returncode == 0
    single = riskshare.run(baseline, paths=600, set={"simulation.block_paths": 200}, formats=["json"], binary=riskshare_bin)
    assert without_timing(json.loads((tmp_path / "report" / "report.json").read_text())) == without_timing(single.json)


@pytest.mark.parametrize("shards", ["0", "two", "1"])
def test_a_bad_shard_count_for_a_rerun_is_refused(riskshare_bin, baseline, tmp_path, shards):
    task = array_task(riskshare_bin, 2, 1, "run", baseline, str(tmp_path / "parts"), first=2, shards=shards)
    assert task.returncode == 2 and "RISKSHARE_SHARDS" in task.stderr


def test_a_merge_without_parts_is_refused(riskshare_bin, tmp_path):
    empty = merge(riskshare_bin, tmp_path / "nothing", tmp_path / "report")
    assert empty.returncode == 2 and "holds no shard folders" in empty.stderr
