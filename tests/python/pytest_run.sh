# Runs pytest under Debian's /usr/bin/python3 on the given files/folders with the package of this
# tree (python/) and the library ctest built (PEELCERT_LIBRARY). Sourced by the test_*.sh here
# and in tests/oracle. pytest's exit 5 (no tests collected) is a failure, as is any other.
# In the sanitizer build the library is ASan-instrumented: the ASan runtime is preloaded into
# the interpreter and leak detection is off (CPython itself keeps memory until exit; the C API's
# leaks are checked by tests/api/test_api.c).
pc_pytest() {
  local PY=/usr/bin/python3
  $PY -c "import numpy, pytest" || { echo "FAIL: $PY needs python3-numpy and python3-pytest (scripts/setup.sh)"; return 1; }
  [ -n "${PEELCERT_LIBRARY:-}" ] && [ -f "$PEELCERT_LIBRARY" ] || { echo "FAIL: PEELCERT_LIBRARY='${PEELCERT_LIBRARY:-}' is not the built libpeelcert.so"; return 1; }
  local preload="" asan_options="${ASAN_OPTIONS:-}"
  if [ "${PEELCERT_SANITIZED:-0}" = 1 ]; then
    preload=$(ldd "$PEELCERT_LIBRARY" | awk '/libasan|libubsan/ {print $3}' | tr '\n' ' ')
    asan_options="detect_leaks=0"
  fi
  local rc=0
  (cd "$PEELCERT_WORK" && PYTHONPATH="$PEELCERT_SOURCE/python" LD_PRELOAD="$preload" ASAN_OPTIONS="$asan_options" \
     PYTHONDONTWRITEBYTECODE=1 $PY -m pytest -q -p no:cacheprovider "$@") || rc=$?
  if [ "$rc" = 5 ]; then echo "FAIL: pytest collected no tests in $*"; return 1; fi
  return "$rc"
}
