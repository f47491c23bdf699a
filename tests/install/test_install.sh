# Installs peelcert into a scratch prefix and builds docs/examples/certify_value.c against the
# installed library twice: with find_package(peelcert) and with pkg-config. Each build must run
# and print a proved interval that contains the closed-form value of the SPEC 5b example.
set -euo pipefail
if [ "${PEELCERT_SANITIZED:-0}" = 1 ]; then
  echo "skipped in the sanitizer build (the installed library is instrumented)"; exit 0
fi
build=$(dirname "$PEELCERT")
prefix="$PEELCERT_WORK/prefix"
rm -rf "$prefix" "$PEELCERT_WORK/example"
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/peelcert" && test -x "$prefix/bin/peelcert-check"
test -f "$prefix/include/peelcert/certify.h"
cmake -S "$PEELCERT_SOURCE/docs/examples" -B "$PEELCERT_WORK/example" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$PEELCERT_WORK/example" >/dev/null
inst="$PEELCERT_SOURCE/proofs-data/exchangeable-binding.json"
out=$("$PEELCERT_WORK/example/certify_value" "$inst" 20)
echo "find_package build: $out"
# SPEC 5b: n = 5, alpha = 3/5, E_W = E_H = 1: val = -3/4 + log(exp(5/4) + 4) = 1.26361458519405...
case "$out" in *"[1.2636145851940534268"*", 1.2636145851940534268"*"proved"*) ;; *) echo "FAIL: unexpected output"; exit 1 ;; esac
PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig" \
  cc -std=gnu11 -o "$PEELCERT_WORK/example/pc_example" "$PEELCERT_SOURCE/docs/examples/certify_value.c" \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig" pkg-config --cflags --libs peelcert)
out2=$("$PEELCERT_WORK/example/pc_example" "$inst" 20)
echo "pkg-config build: $out2"
[ "$out" = "$out2" ] || { echo "FAIL: the two builds disagree"; exit 1; }
echo "install test passed"
