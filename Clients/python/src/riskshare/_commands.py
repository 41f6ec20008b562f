"""run, sweep and optimize: one function per command of the tool."""

import json
import os
import tempfile

from . import _options
from ._cli import RiskShareError, find_binary, invoke
from .optimum import OptimizeResult
from .report import Report, read_sweep_csv


def run(scenario, *, set=None, paths=None, seed=None, threads=None, out=None, formats=None, binary=None):
    """Simulates a scenario with ``riskshare run`` and returns its ``Report``.

    Parameters:
        scenario: the scenario file (YAML or JSON), str or os.PathLike; it must exist.
        set: scenario values to override, ``{path: value}``, e.g.
            ``{"portfolio.segments[startup-credit].pd": 0.1}``; each becomes ``--set PATH=VALUE``
            (bool -> true/false, float -> shortest round-trip decimal, str verbatim and read as
            YAML by the tool, list/dict -> JSON).
        paths: number of Monte Carlo paths (>= 1); default the scenario's ``simulation.paths``.
        seed: master seed in [0, 2**64 - 1]; default the scenario's ``simulation.seed``.
        threads: worker threads (>= 1); default all cores. Results do not depend on it.
        out: folder for the report files, which stay there; default a temporary folder, removed
            before returning (the report is then held in memory, ``Report.directory`` is None).
        formats: report files to write, a list or comma-separated text from json, csv, md, html;
            must include json. Default: json and csv in a temporary folder, all four with ``out``.
        binary: the riskshare executable; default ``RISKSHARE_BIN`` or ``riskshare`` on PATH.

    Raises:
        RiskShareError: the tool refused the input or failed (message and exit status attached).
        TypeError, ValueError, FileNotFoundError: an argument is wrong; nothing was run.
    """
    path = _options.scenario_path(scenario)
    out = _options.output_path("out", out, directory=True)
    format_text = _options.formats(formats, default=("json", "csv") if out is None else _options.FORMATS)
    options = _options.common(set=set, paths=paths, seed=seed, threads=threads)
    executable = find_binary(binary)

    def run_into(directory):
        summary = invoke([executable, "run", path, *options, "--out", directory, "--format", format_text])
        return Report.from_directory(directory, summary=summary, with_csv="csv" in format_text.split(","))

    if out is not None:
        return run_into(out)
    with tempfile.TemporaryDirectory(prefix="riskshare-run-") as temporary:
        return run_into(os.path.join(temporary, "report")).detached()


def sweep(scenario, *, vary=None, metrics=None, zip=False, set=None, paths=None, seed=None, threads=None, out=None,
          html=None, binary=None):
    """Runs a grid of variants with ``riskshare sweep`` and returns one DataFrame row per variant.

    Parameters:
        scenario: the scenario file; its ``sweep:`` section supplies ``vary`` and ``metrics``
            when they are not given here.
        vary: ``{path: [v1, v2, ...]}`` or ``{path: "start:stop:step"}``; one ``--vary`` each
            (replacing the file's). Values are written as for ``run``'s ``set``; none may contain
            a comma.
        metrics: JSON paths into report.json, e.g. ``"parties.bank.loss.quantiles.0.99"``
            (replacing the file's).
        zip: read the ``vary`` lists side by side instead of forming the full grid.
        set, paths, seed, threads, binary: as for ``run``; ``set`` applies to every variant.
        out: also keep the CSV at this file path.
        html: also write the tool's self-contained HTML chart page to this file path.

    Returns:
        A DataFrame with columns ``variant`` (1-based position in the full grid), one per varied
        path, and per metric its value and ``<metric>.stderr`` (NaN when the report has no
        standard error for it), then per metric ``<metric>.diff`` (its difference from the
        baseline variant, the first) and ``<metric>.diff.stderr`` (the standard error of that
        paired difference, NaN when not computed); numbers are the exact doubles the tool computed.
        ``attrs["axes"]`` and ``attrs["metrics"]`` name the columns.
    """
    path = _options.scenario_path(scenario)
    arguments = sweep_arguments(vary=vary, metrics=metrics, zip=zip, set=set, paths=paths, seed=seed)
    if threads is not None:
        arguments += ["--threads", str(_options.integer("threads", threads, minimum=1))]
    out = _options.output_path("out", out, directory=False)
    html = _options.output_path("html", html, directory=False)
    if html is not None:
        arguments += ["--html", html]
    executable = find_binary(binary)
    with tempfile.TemporaryDirectory(prefix="riskshare-sweep-") as temporary:
        table = out if out is not None else os.path.join(temporary, "sweep.csv")
        invoke([executable, "sweep", path, *arguments, "--out", table])
        with open(table, encoding="utf-8") as handle:
            return read_sweep_csv(handle.read())


def sweep_arguments(vary, metrics, zip, set, paths, seed):
    """The options of ``riskshare sweep`` shared by ``sweep`` and the sharded sweep."""
    if not isinstance(zip, bool):
        raise TypeError(f"zip must be a bool, got {type(zip).__name__}")
    arguments = _options.vary(vary)
    for metric in _options.texts("metrics", metrics):
        arguments += ["--metric", metric]
    if zip:
        arguments.append("--zip")
    return arguments + _options.common(set=set, paths=paths, seed=seed)


def optimize(scenario, *, vary, minimize, subject_to=None, set=None, paths=None, seed=None, threads=None, binary=None):
    """Finds the best design with ``riskshare optimize ... --json`` and returns an ``OptimizeResult``.

    Parameters:
        scenario: the scenario file.
        vary: the parameters searched, ``{path: (lo, hi)}`` (or ``{path: "LO:HI"}``), finite
            bounds with lo < hi; each becomes ``--vary PATH=LO:HI``.
        minimize: the metric to minimise, a JSON path into report.json.
        subject_to: constraints ``"METRIC <= VALUE"`` (one text or a list); each becomes
            ``--subject-to``.
        set, paths, seed, threads, binary: as for ``run``.

    Raises:
        RiskShareError: the tool failed, or its ``--json`` output lacks a documented field.
    """
    path = _options.scenario_path(scenario)
    arguments = _options.bounds(vary)
    objective = _options.texts("minimize", minimize)
    if not isinstance(minimize, str) or len(objective) != 1:
        raise TypeError(f"minimize must be one metric (a str), got {minimize!r}")
    arguments += ["--minimize", minimize]
    for constraint in _options.texts("subject_to", subject_to):
        arguments += ["--subject-to", constraint]
    arguments += _options.common(set=set, paths=paths, seed=seed, threads=threads)
    command = [find_binary(binary), "optimize", path, *arguments, "--json"]
    output = invoke(command)
    try:
        document = json.loads(output)
    except json.JSONDecodeError as error:
        raise RiskShareError(f"--json printed text that is not JSON ({error}): {output[:200]!r}", None, "", command) from None
    return OptimizeResult.from_json(document, command)
