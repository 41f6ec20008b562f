"""Sharded runs and sweeps on a Dask cluster (install with ``pip install riskshare[dask]``).

Each shard ``K/N`` is one Dask task that runs ``riskshare run --shard K/N --threads 1`` (or
``riskshare sweep --shard K/N``) in a temporary folder on a worker and returns the bytes of the
partial result it wrote. The client writes them to a local folder as they arrive and runs
``riskshare merge``; the merged report.json equals the single-machine run's apart from
``run.threads`` and ``run.elapsed_seconds``.

What the workers need: the ``riskshare`` executable (``RISKSHARE_BIN`` or ``PATH`` on the worker,
or ``binary=`` valid on every machine) and the scenario file with its includes and loan tapes
at the same absolute path (a shared filesystem, or the same container image). Nothing else is
shared: partial results come back through Dask. The client needs the executable too (to merge)
and, for scenarios with loan tapes, the tapes at the same path.
"""

import os
import shutil
import tempfile
import uuid

try:
    import distributed
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError("riskshare.dask needs dask.distributed: pip install 'riskshare[dask]'") from error

from . import _options
from ._cli import find_binary, invoke
from ._commands import sweep_arguments
from .report import Report, read_sweep_csv

__all__ = ["run_sharded", "sweep_sharded"]

_RUN_PARTIAL_FILES = ("partial.json", "paths.bin")
_SWEEP_PARTIAL_FILES = ("sweep-partial.json",)


def run_sharded(scenario, shards, client=None, out=None, *, set=None, paths=None, seed=None, binary=None, retries=0):
    """Runs a scenario as ``shards`` Dask tasks and merges them into one ``Report``.

    Parameters:
        scenario: the scenario file. A relative path is made absolute on the client, and that
            absolute path must name the same file on every worker.
        shards: number of shards N >= 1; shard K runs blocks ⌊(K-1)·B/N⌋ ..< ⌊K·B/N⌋ of the B
            path blocks (a shard may be empty when N > B).
        client: a ``distributed.Client``; default the current one (``distributed.get_client()``).
        out: folder for the merged report (report.json, .csv, .md, .html), which stays there;
            default a temporary folder removed before returning (``Report.directory`` is None).
        set, paths, seed: as for ``riskshare.run``.
        binary: the executable, valid on the workers and on the client; default each machine's
            ``RISKSHARE_BIN`` or ``riskshare`` on PATH.
        retries: Dask retries per task (a shard is deterministic, so a retry gives the same result).

    Each shard's partial result is about 8 bytes × paths/N × (result columns + 1) and is held in
    the client's memory one shard at a time while it is written to a local temporary folder.

    Raises:
        RiskShareError: a shard or the merge failed (the first failure; the other tasks are cancelled).
    """
    path = _absolute_scenario(scenario)
    count = _options.integer("shards", shards, minimum=1)
    out = _options.output_path("out", out, directory=True)
    arguments = _options.common(set=set, paths=paths, seed=seed)
    binary = _binary_argument(binary)
    client = _client(client)
    retries = _options.integer("retries", retries, minimum=0)

    def merge(executable, parts, temporary):
        directory = out if out is not None else os.path.join(temporary, "merged")
        summary = invoke([executable, "merge", *parts, "--out", directory])
        report = Report.from_directory(directory, summary=summary)
        return report if out is not None else report.detached()

    return _sharded(client, count, _run_shard, ("run", path, arguments, binary), _RUN_PARTIAL_FILES, merge, binary, retries)


def sweep_sharded(scenario, shards, client=None, out=None, *, vary=None, metrics=None, zip=False, set=None, paths=None,
                  seed=None, binary=None, retries=0):
    """Runs a sweep's variants as ``shards`` Dask tasks and merges them into one DataFrame.

    Parameters are those of ``riskshare.sweep`` (``out`` keeps the merged CSV at a file path)
    and of ``run_sharded``. Shard K runs variants ⌊(K-1)·V/N⌋ ..< ⌊K·V/N⌋ of the V variants with
    one thread. The result equals ``riskshare.sweep`` with the same arguments, row for row.
    """
    path = _absolute_scenario(scenario)
    count = _options.integer("shards", shards, minimum=1)
    out = _options.output_path("out", out, directory=False)
    arguments = sweep_arguments(vary=vary, metrics=metrics, zip=zip, set=set, paths=paths, seed=seed)
    binary = _binary_argument(binary)
    client = _client(client)
    retries = _options.integer("retries", retries, minimum=0)

    def merge(executable, parts, temporary):
        table = out if out is not None else os.path.join(temporary, "sweep.csv")
        invoke([executable, "merge", *parts, "--out", table])
        with open(table, encoding="utf-8") as handle:
            return read_sweep_csv(handle.read())

    return _sharded(client, count, _run_shard, ("sweep", path, arguments, binary), _SWEEP_PARTIAL_FILES, merge, binary,
                    retries)


def _run_shard(command, scenario, arguments, binary, index, count, expected_files):
    """The Dask task: runs one shard on the worker and returns the partial result's files as bytes."""
    executable = find_binary(binary)
    directory = tempfile.mkdtemp(prefix=f"riskshare-shard-{index}-of-{count}-")
    try:
        part = os.path.join(directory, "part")
        invoke([executable, command, scenario, "--shard", f"{index}/{count}", "--out", part, "--threads", "1", *arguments])
        files = {}
        for name in expected_files:
            with open(os.path.join(part, name), "rb") as handle:
                files[name] = handle.read()
        return files
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _sharded(client, count, task, task_arguments, expected_files, merge, binary, retries):
    """Submits the N shard tasks, writes each partial result locally as it arrives, then merges."""
    executable = find_binary(binary)  # on the client, for the merge: fail before submitting anything
    command = task_arguments[0]
    tag = uuid.uuid4().hex[:12]
    futures = [
        client.submit(task, *task_arguments, index, count, expected_files, pure=False, retries=retries,
                      key=f"riskshare-{command}-shard-{index}-of-{count}-{tag}")
        for index in range(1, count + 1)
    ]
    try:
        with tempfile.TemporaryDirectory(prefix=f"riskshare-{command}-shards-") as temporary:
            parts = {}
            order = {future.key: index for index, future in enumerate(futures, start=1)}
            for future in distributed.as_completed(futures):
                files = future.result()
                index = order[future.key]
                part = os.path.join(temporary, f"part_{index}")
                os.mkdir(part)
                for name in expected_files:
                    with open(os.path.join(part, name), "wb") as handle:
                        handle.write(files[name])
                del files
                future.release()
                parts[index] = part
            return merge(executable, [parts[k] for k in sorted(parts)], temporary)
    except BaseException:
        client.cancel(futures)
        raise


def _absolute_scenario(scenario):
    return os.path.abspath(_options.scenario_path(scenario, must_exist=False))


def _binary_argument(binary):
    if binary is None:
        return None
    if not isinstance(binary, (str, os.PathLike)):
        raise TypeError(f"binary must be a path (str or os.PathLike), got {type(binary).__name__}")
    return os.fspath(binary)


def _client(client):
    if client is None:
        return distributed.get_client()
    if not (hasattr(client, "submit") and hasattr(client, "cancel")):
        raise TypeError(f"client must be a distributed.Client, got {type(client).__name__}")
    return client
