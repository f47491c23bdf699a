# The install a user gets from scripts/setup.sh (issue 8: "after setup the binaries are not on
# PATH"): `cmake --install` into a scratch prefix must give bin/peelcert (what PATH finds in
# /usr/local/bin) and the Python package with its own libpeelcert.so in
# lib/python3.X/dist-packages, the directory that Debian's /usr/bin/python3 searches for the
# /usr/local prefix. The installed package, run from outside the tree and without
# PEELCERT_LIBRARY, must load its own library and pass the package's test suite.
set -euo pipefail
if [ "${PEELCERT_SANITIZED:-0}" = 1 ]; then
  echo "skipped in the sanitizer build (the installed library is instrumented)"; exit 0
fi
PY=/usr/bin/python3
build=$(dirname "$PEELCERT")
prefix="$PEELCERT_WORK/prefix"
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
PATH="$prefix/bin:/usr/bin:/bin" peelcert --help | grep -q "usage: peelcert" \
  || { echo "FAIL: peelcert --help from PATH"; exit 1; }
ver=$($PY -c 'import sys; print("%d.%d" % sys.version_info[:2])')
site="$prefix/lib/python$ver/dist-packages"
test -f "$site/peelcert/__init__.py" || { echo "FAIL: no package in $site"; exit 1; }
test -f "$site/peelcert/libpeelcert.so" || { echo "FAIL: no libpeelcert.so in $site/peelcert"; exit 1; }
$PY -c "import sys; sys.exit(0 if '/usr/local/lib/python$ver/dist-packages' in sys.path else 1)" \
  || { echo "FAIL: /usr/local/lib/python$ver/dist-packages is not on $PY's path"; exit 1; }
cd "$PEELCERT_WORK"
loaded=$(env -u PEELCERT_LIBRARY PYTHONPATH="$site" $PY -c '
import peelcert, peelcert._native as n
from fractions import Fraction
r = peelcert.certify(peelcert.Instance(targets={"exchangeable": {"diag": Fraction(3, 5)}},
                                       tokens=5, contexts=5, E_W=1, E_H=1))
assert r.verified and r.lower < Fraction("1.263614585194054") and r.upper > Fraction("1.263614585194053")
print(n.LIBRARY_PATH)')
case "$loaded" in "$site/peelcert/libpeelcert.so") ;; *) echo "FAIL: loaded '$loaded'"; exit 1 ;; esac
echo "installed package loads $loaded"
env -u PEELCERT_LIBRARY PYTHONPATH="$site" PEELCERT_TEST_INSTALLED=1 PYTHONDONTWRITEBYTECODE=1 \
  $PY -m pytest -q -p no:cacheprovider "$PEELCERT_SOURCE/python/tests"
