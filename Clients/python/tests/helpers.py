"""Helpers for reading reports in the tests."""


def without_timing(report_json):
    """report.json without run.threads and run.elapsed_seconds, the only fields that depend on how it ran."""
    copy = dict(report_json)
    copy["run"] = {k: v for k, v in report_json["run"].items() if k not in ("threads", "elapsed_seconds")}
    return copy


def metric(report_json, path):
    """The value at a metric path such as `parties.bank.loss.quantiles.0.99` (keys may contain dots).

    A probability object {p, stderr} gives p.
    """
    node, rest = report_json, path
    while rest:
        keys = [k for k in node if rest == k or rest.startswith(k + ".")]
        if not keys:
            raise KeyError(f"{path!r}: no key for {rest!r}")
        k = max(keys, key=len)
        node, rest = node[k], rest[len(k) + 1:]
    return node["p"] if isinstance(node, dict) and "p" in node else node
