"""Shared fixtures: the riskshare binary under test (RISKSHARE_BIN, required) and the bundled scenarios."""

import os
import pathlib

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
FAKES = pathlib.Path(__file__).resolve().parent / "fakes"


@pytest.fixture(scope="session")
def riskshare_bin():
    """The executable under test. A missing or unusable binary fails the test; it never skips it."""
    path = os.environ.get("RISKSHARE_BIN", "")
    if not path:
        pytest.fail("RISKSHARE_BIN is not set: build the tool (swift build) and set RISKSHARE_BIN=.build/debug/riskshare "
                    "(or .build/release/riskshare) to run the client tests", pytrace=False)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"RISKSHARE_BIN={path!r} is not an executable file", pytrace=False)
    return os.path.abspath(path)


@pytest.fixture(scope="session")
def baseline():
    """The bundled Shenzhen baseline (6,000 loans, 3 years): about 0.3 s per 1,000 paths on one thread."""
    path = REPOSITORY / "Scenarios" / "shenzhen-baseline.yaml"
    if not path.is_file():
        pytest.fail(f"bundled scenario {path} is missing", pytrace=False)
    return str(path)


@pytest.fixture
def fake_optimize(monkeypatch, tmp_path):
    """A stand-in executable for the `riskshare optimize --json` interface (see fakes/fake-riskshare-optimize).

    Returns (path, argv_log): the fake records its command line as JSON in argv_log.
    """
    fake = FAKES / "fake-riskshare-optimize"
    if not os.access(fake, os.X_OK):
        pytest.fail(f"{fake} is not executable", pytrace=False)
    log = tmp_path / "argv.json"
    monkeypatch.setenv("FAKE_RISKSHARE_ARGV_LOG", str(log))
    return str(fake), log

