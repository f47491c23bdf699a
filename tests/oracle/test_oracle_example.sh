# The worked example of docs/oracle.md: docs/examples/oracle_test.py, a pytest test that checks
# a small NumPy implementation against peelcert oracles (circulant, dense, exchangeable) through
# the Python package, and catches a deliberately wrong implementation.
set -euo pipefail
. "$PEELCERT_SOURCE/tests/python/pytest_run.sh"
pc_pytest "$PEELCERT_SOURCE/docs/examples/oracle_test.py"
