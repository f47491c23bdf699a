#!/usr/bin/env bash
# peelcert setup: installs the Debian 12 packages, builds, and then either runs the
# main job on the bundled default instance (--demo) or the whole test suite (--test).
#
#   bash scripts/setup.sh --demo      install, build, certify + check proofs-data/days-of-week.json
#   bash scripts/setup.sh --test      install, build, run the tests (ctest), also under ASan+UBSan,
#                                     then a short libFuzzer run of each harness (scripts/fuzz.sh)
#
# Options: --no-install (skip apt-get), --no-sanitize (with --test: skip the sanitizer build),
# --no-fuzz (with --test: skip the fuzz run), --fuzz-seconds S (per harness, default 20),
# --prefix DIR (install into DIR instead of /usr/local), --no-system-install (build only).
#
# After the build, `cmake --install build --prefix /usr/local` puts `peelcert` and
# `peelcert-check` on PATH (/usr/local/bin) and the Python package with its libpeelcert.so into
# /usr/local/lib/python3.X/dist-packages, so that `/usr/bin/python3 -c 'import peelcert'` works.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=build; install=1; sanitize=1; fuzz=1; fuzz_seconds=20; want_fuzz_seconds=0; prefix=/usr/local; system_install=1; want_prefix=0
for arg in "$@"; do
  if [ "$want_prefix" = 1 ]; then prefix=$arg; want_prefix=0; continue; fi
  if [ "$want_fuzz_seconds" = 1 ]; then fuzz_seconds=$arg; want_fuzz_seconds=0; continue; fi
  case "$arg" in
    --prefix) want_prefix=1 ;;
    --prefix=*) prefix=${arg#--prefix=} ;;
    --no-system-install) system_install=0 ;;
    --demo) mode=demo ;;
    --test) mode=test ;;
    --no-install) install=0 ;;
    --no-sanitize) sanitize=0 ;;
    --no-fuzz) fuzz=0 ;;
    --fuzz-seconds) want_fuzz_seconds=1 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done
[ "$want_prefix" = 0 ] || { echo "setup.sh: --prefix needs a directory" >&2; exit 2; }

PACKAGES="build-essential cmake pkg-config libgmp-dev libmpfr-dev libflint-dev libflint-arb-dev
  libjansson-dev liblapacke-dev libopenblas-dev libfftw3-dev libnauty2-dev python3 python3-numpy
  python3-pytest librsvg2-bin clang libclang-rt-14-dev"

if [ "$install" = 1 ]; then
  missing=$(for p in $PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    echo "setup: installing:" $missing
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"

if [ "$system_install" = 1 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || [ -w "$prefix" ] || SUDO=sudo
  $SUDO cmake --install build --prefix "$prefix" >/dev/null
  echo "setup: installed peelcert, peelcert-check and the Python package under $prefix"
  if [ "$prefix" = /usr/local ]; then
    command -v peelcert >/dev/null || echo "setup: note: /usr/local/bin is not on PATH here"
    (cd / && /usr/bin/python3 -c 'import peelcert') \
      || { echo "setup: FAIL: /usr/bin/python3 cannot import peelcert after the install" >&2; exit 1; }
  fi
fi

case "$mode" in
  demo)
    inst=proofs-data/days-of-week.json
    echo "== peelcert certify $inst"
    ./build/peelcert certify "$inst" -o build/days-of-week.cert.json
    echo "== peelcert check build/days-of-week.cert.json --instance $inst"
    ./build/peelcert check build/days-of-week.cert.json --instance "$inst"
    ;;
  test)
    (cd build && ctest --output-on-failure -j "$jobs")
    if [ "$sanitize" = 1 ]; then
      echo "== the same tests under AddressSanitizer + UBSan"
      cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DPEELCERT_SANITIZE=ON >/dev/null
      cmake --build build-sanitize -j "$jobs"
      (cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 PEELCERT_SANITIZED=1 \
         ctest --output-on-failure -j "$jobs" -L sanitize)
    fi
    if [ "$fuzz" = 1 ]; then
      echo "== libFuzzer: $fuzz_seconds s per harness (docs/fuzzing.md; --no-fuzz skips)"
      bash scripts/fuzz.sh --seconds "$fuzz_seconds"
    fi
    ;;
esac
