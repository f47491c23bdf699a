# The Python package's pytest suite (python/tests): Instance, certify, check, oracle, audit,
# exact conversions and hostile input, through the C library (libpeelcert.so).
set -euo pipefail
. "$PEELCERT_SOURCE/tests/python/pytest_run.sh"
pc_pytest "$PEELCERT_SOURCE/python/tests"
