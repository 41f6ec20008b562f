"""The result of a run: report.json as a dict and report.csv as pandas tables."""

import io
import json
import math
import os

import pandas as pd

# report.csv columns that hold numbers; every other column holds text.
_NUMBER_COLUMNS = ("value", "stderr", "ci95_lower", "ci95_upper")
_INTEGER_COLUMNS = ("year",)


class Report:
    """One run's report, read from the files the tool wrote.

    Attributes:
        json: report.json as a dict (numbers as the tool wrote them).
        directory: the folder the files are in, or None when the run wrote to a temporary folder
            that has been removed (the report is then held in memory only).
        summary: the text summary the tool printed (empty when read with ``from_directory``).
    """

    def __init__(self, json_document, csv_text=None, directory=None, summary=""):
        self.json = json_document
        self._csv_text = csv_text
        self.directory = directory
        self.summary = summary
        self._tidy = None

    @classmethod
    def from_directory(cls, directory, summary="", with_csv=True):
        """Reads ``report.json`` (required) and, with ``with_csv``, ``report.csv`` if present, from a report folder.

        A run that did not write report.csv passes ``with_csv=False``, so an older report.csv
        left in the folder is never taken for this run's.
        """
        directory = os.fspath(directory)
        json_path = os.path.join(directory, "report.json")
        if not os.path.isfile(json_path):
            raise FileNotFoundError(f"{directory!r} has no report.json")
        with open(json_path, encoding="utf-8") as handle:
            document = json.load(handle)
        csv_path = os.path.join(directory, "report.csv")
        csv_text = None
        if with_csv and os.path.isfile(csv_path):
            with open(csv_path, encoding="utf-8") as handle:
                csv_text = handle.read()
        return cls(document, csv_text, directory, summary)

    def detached(self):
        """The same report with ``directory`` set to None (its folder is about to be removed)."""
        return Report(self.json, self._csv_text, None, self.summary)

    @property
    def tidy(self):
        """All of report.csv as one DataFrame, one row per (section, name, quantity, year, statistic, level).

        Text columns (section, name, quantity, statistic, level) keep the tool's text exactly,
        with "" for empty cells, so ``level`` matches the keys of report.json (``"0.99"``);
        ``year`` is a nullable integer (missing for whole-horizon rows); value, stderr, ci95_lower
        and ci95_upper are floats, NaN when empty, read back to the exact double the tool wrote.
        """
        if self._tidy is None:
            if self._csv_text is None:
                raise ValueError("this report has no report.csv: the run's formats did not include 'csv' "
                                 "(or the method writes report.json only, as semi_analytic does)")
            self._tidy = read_tidy_csv(self._csv_text)
        return self._tidy.copy()

    @property
    def sections(self):
        """The sections of report.csv, in report order (e.g. portfolio, gross, party, pool, ...)."""
        return list(dict.fromkeys(self.tidy["section"]))

    def table(self, section):
        """The rows of report.csv for one section (``"party"``, ``"gross"``, ``"pool"``, ...).

        Raises KeyError, listing the sections there are, when ``section`` is not one of them.
        """
        if not isinstance(section, str):
            raise TypeError(f"section must be a str, got {type(section).__name__}")
        tidy = self.tidy
        if section not in set(tidy["section"]):
            raise KeyError(f"report.csv has no section {section!r}; it has {', '.join(self.sections)}")
        return tidy[tidy["section"] == section].reset_index(drop=True)

    def __repr__(self):
        name = self.json.get("scenario", {}).get("name", "?")
        paths = self.json.get("run", {}).get("paths", "?")
        where = self.directory if self.directory is not None else "in memory"
        return f"<riskshare.Report {name}: {paths} paths, {where}>"


def read_tidy_csv(text):
    """report.csv text as a DataFrame with the column types described in ``Report.tidy``."""
    frame = _read_text_cells(text)
    for column in frame.columns:
        if column in _NUMBER_COLUMNS:
            frame[column] = _floats(frame[column])
        elif column in _INTEGER_COLUMNS:
            frame[column] = pd.array([None if cell == "" else int(cell) for cell in frame[column]], dtype="Int64")
    return frame


def read_sweep_csv(text):
    """Sweep CSV text as a DataFrame: variant, the varied paths, each metric and ``<metric>.stderr``,
    then each metric's difference from the baseline variant, ``<metric>.diff``, and the standard
    error of that paired difference, ``<metric>.diff.stderr``.

    Metric columns are floats (NaN when empty); a varied path's column is integers when every
    cell is an integer, floats when every cell is a number, text otherwise. Numbers are the exact
    doubles the tool wrote. ``attrs["axes"]`` lists the varied paths and ``attrs["metrics"]``
    the metrics.
    """
    frame = _read_text_cells(text)
    columns = list(frame.columns)
    metrics = [c for c in columns if c + ".stderr" in columns and not (c.endswith(".diff") and c[:-5] in columns)]
    numeric = {c for m in metrics for c in (m, m + ".stderr", m + ".diff", m + ".diff.stderr")}
    axes = [c for c in columns if c != "variant" and c not in numeric]
    frame["variant"] = frame["variant"].map(int).astype("int64")
    for column in columns:
        if column in numeric:
            frame[column] = _floats(frame[column])
        elif column in axes:
            frame[column] = _typed(frame[column])
    frame.attrs["axes"] = axes
    frame.attrs["metrics"] = metrics
    return frame


def _read_text_cells(text):
    """Every cell as the text the tool wrote ("" when empty); numbers are converted by the callers."""
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)


def _floats(cells):
    """Python's float() is correctly rounded, so each cell becomes exactly the double the tool printed."""
    return pd.Series([math.nan if cell == "" else float(cell) for cell in cells], index=cells.index, dtype="float64")


def _typed(cells):
    """A varied parameter's column: integers, else floats, else the text as written."""
    try:
        return pd.Series([int(cell) for cell in cells], index=cells.index, dtype="int64")
    except ValueError:
        pass
    try:
        return _floats(cells) if all(cell != "" for cell in cells) else cells
    except ValueError:
        return cells
