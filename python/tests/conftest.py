"""Test setup: the package from this tree (python/) unless PEELCERT_TEST_INSTALLED=1 (then the
installed one), the library from PEELCERT_LIBRARY (ctest sets it) or build/python/, and the
command line from PEELCERT (or build/peelcert) for the "same JSON as the CLI" tests."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.normpath(os.path.join(HERE, "..", ".."))
if os.environ.get("PEELCERT_TEST_INSTALLED") != "1":
    sys.path.insert(0, os.path.join(SOURCE, "python"))


@pytest.fixture(scope="session")
def source():
    return SOURCE


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("PEELCERT") or os.path.join(SOURCE, "build", "peelcert")
    if not os.path.exists(path):
        pytest.fail("the peelcert command is needed for the CLI comparisons: %s is missing" % path)
    return path
