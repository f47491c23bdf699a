"""Shared by the script tests tests/AREA/test_*.py: the paths tests/CMakeLists.txt passes in
the environment, one counter of checks, and the command runner. A test starts with

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    from pctest import PEELCERT, CHECK, SOURCE, WORK, DATA, expect, run, finish

and ends with finish(), which prints the counts and exits 1 if any check failed."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PEELCERT = os.environ.get("PEELCERT", "peelcert")
CHECK = os.environ.get("PEELCERT_CHECK", "peelcert-check")
SOURCE = os.environ.get("PEELCERT_SOURCE", os.path.normpath(os.path.join(HERE, "..")))
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())
DATA = os.path.join(SOURCE, "proofs-data")

_counts = {"passed": 0, "failed": 0}


def expect(ok, what):
    """Records one check and prints 'ok   what' or 'FAIL what'; returns whether it held."""
    ok = bool(ok)
    _counts["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    return ok


def failures():
    return _counts["failed"]


def run(*args, exe=None, cwd=None, timeout=None):
    """Runs exe (default: peelcert) with args (numbers are converted; one list or tuple is taken
    as the whole argument list); returns (exit status, stdout, stderr)."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    return run_cmd([exe or PEELCERT] + [str(a) for a in args], cwd=cwd, timeout=timeout)


def run_cmd(cmd, cwd=None, timeout=None):
    """Runs the full command list cmd; returns (exit status, stdout, stderr)."""
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def finish():
    """Prints the counts; exits 1 if any check failed, else 0."""
    print(f"{_counts['passed']} passed, {_counts['failed']} failed", flush=True)
    sys.exit(1 if _counts["failed"] else 0)
