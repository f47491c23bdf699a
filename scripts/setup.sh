#!/usr/bin/env bash
# peelcert setup: installs the Debian 12 packages, builds, and then either runs the
# main job on the bundled default instance (--demo) or the whole test suite (--test).
#
#   bash scripts/setup.sh --demo      install, build, certify + check proofs-data/days-of-week.json
#   bash scripts/setup.sh --test      install, build, run the tests (ctest), also under ASan+UBSan
#
# Options: --no-install (skip apt-get), --no-sanitize (with --test: skip the sanitizer build).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=build; install=1; sanitize=1
for arg in "$@"; do
  case "$arg" in
    --demo) mode=demo ;;
    --test) mode=test ;;
    --no-install) install=0 ;;
    --no-sanitize) sanitize=0 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

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
    ;;
esac
