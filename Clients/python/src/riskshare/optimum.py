"""The result of ``riskshare optimize --json``."""

import numbers
from dataclasses import dataclass, field

from ._cli import RiskShareError


@dataclass(frozen=True)
class Objective:
    """The minimised metric at the optimum: its value and Monte Carlo standard error (None if unknown)."""

    metric: str
    value: float
    stderr: "float | None"


@dataclass(frozen=True)
class Constraint:
    """One ``--subject-to`` constraint at the optimum.

    ``limit`` is the constraint's bound, ``value`` and ``stderr`` the metric's estimate there, and
    ``active`` whether the constraint binds (as the tool decides it).
    """

    metric: str
    value: float
    stderr: "float | None"
    limit: float
    active: bool


@dataclass(frozen=True)
class OptimizeResult:
    """What ``riskshare optimize --json`` reported.

    Attributes:
        optimum: the best values found, ``{path: value}``.
        objective: the minimised metric there.
        constraints: every constraint, in the order given.
        evaluations: the evaluations the tool reported, as it printed them (a count, or a list).
        json: the whole printed document.
        command: the command line that produced it.
    """

    optimum: dict
    objective: Objective
    constraints: list
    evaluations: object
    json: dict = field(repr=False)
    command: tuple = field(repr=False, default=())

    @property
    def active_constraints(self):
        """The constraints that bind at the optimum."""
        return [c for c in self.constraints if c.active]

    @classmethod
    def from_json(cls, document, command=()):
        """Checks the document against the documented interface; RiskShareError on any gap."""

        def fail(what):
            raise RiskShareError(f"--json output {what}", None, "", command)

        def number(value, where, optional=False):
            if value is None and optional:
                return None
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                fail(f"has {where} = {value!r}, expected a number")
            return float(value)

        def text(value, where):
            if not isinstance(value, str):
                fail(f"has {where} = {value!r}, expected text")
            return value

        if not isinstance(document, dict):
            fail("is not a JSON object")
        for name in ("optimum", "objective", "constraints", "evaluations"):
            if name not in document:
                fail(f"lacks {name!r} (has {', '.join(document) or 'nothing'})")
        if not isinstance(document["optimum"], dict) or not document["optimum"]:
            fail("has an empty or non-object 'optimum'")
        optimum = {text(k, "an optimum key"): number(v, f"optimum[{k!r}]") for k, v in document["optimum"].items()}
        o = document["objective"]
        if not isinstance(o, dict):
            fail("has a non-object 'objective'")
        objective = Objective(text(o.get("metric"), "objective.metric"), number(o.get("value"), "objective.value"),
                              number(o.get("stderr"), "objective.stderr", optional=True))
        if not isinstance(document["constraints"], list):
            fail("has a non-list 'constraints'")
        constraints = []
        for i, c in enumerate(document["constraints"]):
            if not isinstance(c, dict):
                fail(f"has constraints[{i}] = {c!r}, expected an object")
            if not isinstance(c.get("active"), bool):
                fail(f"has constraints[{i}].active = {c.get('active')!r}, expected true or false")
            constraints.append(Constraint(
                text(c.get("metric"), f"constraints[{i}].metric"), number(c.get("value"), f"constraints[{i}].value"),
                number(c.get("stderr"), f"constraints[{i}].stderr", optional=True),
                number(c.get("limit"), f"constraints[{i}].limit"), c["active"]))
        evaluations = document["evaluations"]
        if isinstance(evaluations, bool) or not isinstance(evaluations, (numbers.Integral, list)):
            fail(f"has evaluations = {evaluations!r}, expected a count or a list")
        return cls(optimum, objective, constraints, evaluations, document, tuple(command))
