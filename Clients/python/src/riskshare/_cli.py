"""Finding the riskshare executable, running it, and turning its failures into exceptions."""

import os
import shutil
import subprocess

ENVIRONMENT_VARIABLE = "RISKSHARE_BIN"


class RiskShareError(Exception):
    """The riskshare tool failed.

    Attributes:
        message: the tool's own message (its ``error: ...`` line without the prefix), or what
            went wrong with its output.
        returncode: the tool's exit status (2 for bad input, 1 for a failed check, 130/143 when
            interrupted; negative when killed by a signal), or None when the tool exited with 0
            but its output did not follow the documented interface.
        stderr: everything the tool wrote to standard error.
        command: the command line that was run, as a tuple of strings.
    """

    def __init__(self, message, returncode=None, stderr="", command=()):
        # Every attribute goes through Exception.args so the error pickles (Dask sends worker
        # errors back to the client this way).
        super().__init__(message, returncode, stderr, tuple(command))
        self.message = message
        self.returncode = returncode
        self.stderr = stderr
        self.command = tuple(command)

    def __str__(self):
        what = " ".join(self.command[1:2]) or "command"
        if self.returncode is None:
            return f"riskshare {what}: {self.message}"
        return f"riskshare {what} exited with status {self.returncode}: {self.message}"


class RiskShareNotFoundError(FileNotFoundError):
    """No riskshare executable where one was asked for or looked for."""


def find_binary(binary=None):
    """The path of the riskshare executable.

    Looks, in order, at ``binary`` (a path), the environment variable ``RISKSHARE_BIN`` (a path,
    or a command name looked up on ``PATH``) and ``riskshare`` on ``PATH``. Raises
    ``RiskShareNotFoundError`` naming what was tried when none is an executable file.
    """
    if binary is not None:
        if not isinstance(binary, (str, os.PathLike)):
            raise TypeError(f"binary must be a path (str or os.PathLike), got {type(binary).__name__}")
        path = os.fspath(binary)
        if not _is_executable(path):
            raise RiskShareNotFoundError(f"riskshare executable {path!r} (binary=) is not an executable file")
        return path
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "")
    if configured:
        path = configured if os.sep in configured else shutil.which(configured)
        if path is None or not _is_executable(path):
            raise RiskShareNotFoundError(
                f"{ENVIRONMENT_VARIABLE}={configured!r} does not name an executable file"
                + ("" if os.sep in configured else " on PATH"))
        return path
    path = shutil.which("riskshare")
    if path is None:
        raise RiskShareNotFoundError(
            f"riskshare executable not found: set {ENVIRONMENT_VARIABLE} to its path or put it on PATH "
            "(`swift build -c release` builds .build/release/riskshare)")
    return path


def _is_executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def invoke(command):
    """Runs ``command`` (a list whose first item is the executable) and returns its standard output.

    Standard input is closed; standard error is captured, so no progress bar is drawn. A non-zero
    exit status raises ``RiskShareError`` carrying the tool's message and status.
    """
    completed = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, errors="replace")
    if completed.returncode != 0:
        raise RiskShareError(_message(completed.stderr, completed.returncode), completed.returncode,
                             completed.stderr, command)
    return completed.stdout


def _message(stderr, returncode):
    """The tool's message: its first ``error:`` line (prefix removed), else its first non-empty line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("error:"):
            return line[len("error:"):].strip()
    if lines:
        return lines[0]
    if returncode < 0:
        return f"killed by signal {-returncode}"
    if returncode in (130, 143):
        return "interrupted; nothing was written"
    return "failed without a message on standard error"
