"""Checks Python arguments and turns them into command-line options, before anything is spawned.

Type errors raise ``TypeError``, bad values ``ValueError``, missing files ``FileNotFoundError``;
each message names the argument, the value and what is allowed.
"""

import json
import math
import numbers
import os
from collections.abc import Iterable, Mapping

FORMATS = ("json", "csv", "md", "html")
SEED_LIMIT = 2**64


def scenario_path(scenario, must_exist=True):
    """The scenario file as a string; with ``must_exist``, it must be an existing file here."""
    path = _path("scenario", scenario)
    if must_exist and not os.path.isfile(path):
        raise FileNotFoundError(f"scenario {path!r} is not an existing file")
    return path


def output_path(name, value, directory):
    """An output location (None passes through); it must not be an existing item of the other kind."""
    if value is None:
        return None
    path = _path(name, value)
    if directory and os.path.exists(path) and not os.path.isdir(path):
        raise NotADirectoryError(f"{name}={path!r} exists and is not a folder")
    if not directory and os.path.isdir(path):
        raise IsADirectoryError(f"{name}={path!r} is a folder; give a file name")
    return path


def _path(name, value):
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or os.PathLike), got {type(value).__name__}")
    path = os.fspath(value)
    if not isinstance(path, str) or not path:
        raise ValueError(f"{name} must be a non-empty text path, got {path!r}")
    return path


def common(set=None, paths=None, seed=None, threads=None):
    """``--set``, ``--paths``, ``--seed`` and ``--threads`` options shared by run, sweep and optimize."""
    args = []
    for override in overrides(set):
        args += ["--set", override]
    if paths is not None:
        args += ["--paths", str(integer("paths", paths, minimum=1))]
    if seed is not None:
        args += ["--seed", str(integer("seed", seed, minimum=0, limit=SEED_LIMIT))]
    if threads is not None:
        args += ["--threads", str(integer("threads", threads, minimum=1))]
    return args


def integer(name, value, minimum, limit=None):
    """An integer (not a bool) with ``minimum <= value < limit``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < minimum or (limit is not None and value >= limit):
        allowed = f">= {minimum}" if limit is None else f"in [{minimum}, {limit - 1}]"
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return value


def overrides(set):
    """``PATH=VALUE`` texts from a mapping of scenario paths to values (None gives none)."""
    if set is None:
        return []
    if not isinstance(set, Mapping):
        raise TypeError(f"set must be a mapping of scenario paths to values, got {type(set).__name__}")
    return [f"{key(k, 'set')}={value_text(v, f'set[{k!r}]', lists=True)}" for k, v in set.items()]


def key(path, argument):
    """A scenario path such as ``portfolio.segments[startup-credit].pd``."""
    if not isinstance(path, str):
        raise TypeError(f"{argument} keys must be scenario paths (str), got {type(path).__name__} {path!r}")
    if not path.strip() or "\n" in path:
        raise ValueError(f"{argument} key {path!r} is not a scenario path")
    return path


def value_text(value, argument, lists):
    """How a value is written on the command line, where the tool reads it as YAML.

    bool -> ``true``/``false``; int -> decimal; float -> shortest round-trip decimal (finite
    only); str -> verbatim (so ``"0.5"`` is read as a number and ``"[1, 2]"`` as a list); with
    ``lists``, lists, tuples and mappings -> JSON, which YAML reads as the same value.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        if not math.isfinite(x):
            raise ValueError(f"{argument} must be a finite number, got {x!r}")
        return repr(x)
    if isinstance(value, str):
        if "\n" in value or "\r" in value:
            raise ValueError(f"{argument} must not contain a line break, got {value!r}")
        return value
    if lists and isinstance(value, (list, tuple, Mapping)):
        try:
            return json.dumps(value, allow_nan=False, separators=(", ", ": "))
        except (TypeError, ValueError) as error:
            raise ValueError(f"{argument} = {value!r} cannot be written as YAML: {error}") from None
    allowed = "a bool, number, str, list or mapping" if lists else "a bool, number or str"
    raise TypeError(f"{argument} must be {allowed}, got {type(value).__name__} {value!r}")


def formats(value, default):
    """``--format`` text from a comma-separated string or a list of names; json is required."""
    if value is None:
        value = default
    if isinstance(value, str):
        names = [part.strip() for part in value.split(",")]
    elif isinstance(value, Iterable):
        names = list(value)
    else:
        raise TypeError(f"formats must be a list of names from {FORMATS}, got {type(value).__name__}")
    for name in names:
        if name not in FORMATS:
            raise ValueError(f"formats: {name!r} is not one of {', '.join(FORMATS)}")
    if "json" not in names:
        raise ValueError(f"formats={names!r} must include 'json': the Report is read from report.json")
    return ",".join(dict.fromkeys(names))


def vary(value):
    """``--vary`` options for a sweep: ``{path: [v1, v2, ...]}`` or ``{path: "start:stop:step"}``."""
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise TypeError(f"vary must be a mapping of scenario paths to lists of values, got {type(value).__name__}")
    args = []
    for path, values in value.items():
        key(path, "vary")
        if isinstance(values, str):
            if not values.strip():
                raise ValueError(f"vary[{path!r}] is empty")
            spec = value_text(values, f"vary[{path!r}]", lists=False)
        elif isinstance(values, Iterable) and not isinstance(values, Mapping):
            texts = [value_text(v, f"vary[{path!r}] item", lists=False) for v in values]
            if not texts:
                raise ValueError(f"vary[{path!r}] has no values")
            for text in texts:
                if "," in text:
                    raise ValueError(f"vary[{path!r}] item {text!r} contains a comma, which separates values")
            spec = ",".join(texts)
        else:
            raise TypeError(f"vary[{path!r}] must be a list of values or a 'start:stop:step' text, "
                            f"got {type(values).__name__}")
        args += ["--vary", f"{path}={spec}"]
    return args


def texts(name, value):
    """A list of strings from one string or an iterable of strings (None gives none)."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable):
        raise TypeError(f"{name} must be a str or a list of str, got {type(value).__name__}")
    items = list(items)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} items must be str, got {type(item).__name__} {item!r}")
        if not item.strip() or "\n" in item:
            raise ValueError(f"{name} item {item!r} is empty or has a line break")
    return items


def bounds(value):
    """``--vary PATH=LO:HI`` options for optimize: ``{path: (lo, hi)}`` with finite lo < hi, or ``"LO:HI"``."""
    if not isinstance(value, Mapping) or not value:
        raise TypeError("vary must be a non-empty mapping of scenario paths to (lo, hi) bounds")
    args = []
    for path, pair in value.items():
        key(path, "vary")
        if isinstance(pair, str):
            parts = pair.split(":")
            if len(parts) != 2:
                raise ValueError(f"vary[{path!r}] = {pair!r} must have the form 'LO:HI'")
            try:
                pair = (float(parts[0]), float(parts[1]))
            except ValueError:
                raise ValueError(f"vary[{path!r}] = {value[path]!r}: LO and HI must be numbers") from None
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"vary[{path!r}] must be a (lo, hi) pair, got {pair!r}")
        if any(isinstance(x, bool) or not isinstance(x, numbers.Real) for x in pair):
            raise TypeError(f"vary[{path!r}] bounds must be numbers, got {pair!r}")
        lo, hi = (value_text(x, f"vary[{path!r}] bound", lists=False) for x in pair)
        if not float(pair[0]) < float(pair[1]):
            raise ValueError(f"vary[{path!r}] needs lo < hi, got {pair!r}")
        args += ["--vary", f"{path}={lo}:{hi}"]
    return args
