#!/usr/bin/env bash
# libFuzzer campaigns on the harnesses of tests/fuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh                      build (clang, ASan + UBSan), 60 s per harness
#   scripts/fuzz.sh --seconds 20         a short run (what `scripts/setup.sh --test` does)
#   scripts/fuzz.sh --long               a long campaign: 3600 s per harness (--seconds overrides)
#   scripts/fuzz.sh --harness check      only fuzz_check (repeatable)
#
# Options: --build DIR (default build-fuzz), --no-build, --jobs J (libFuzzer -fork=J workers
# per harness, default 1), --report FILE (append the summary table in markdown), --timeout S
# (one input, wall clock, default 60: the harnesses run at nice 19, and on a loaded machine a
# 10 s limit reported starvation as timeouts; reproduce a timeout alone before believing it).
# The working corpus grows in DIR/fuzz-corpus/NAME (seeded from tests/fuzz/corpus/NAME, which
# tests/fuzz/make_corpus.py writes); a crash, leak, timeout (> --timeout on one input) or allocation
# over 1 GB leaves its input in DIR/fuzz-artifacts/NAME/ and makes the script exit 1 (artifacts
# left by earlier runs are listed, not counted as this run's). A crash
# input, once fixed, goes into tests/fuzz/corpus/NAME/ (and a regression test).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60; timeout=60; long=0; build=build-fuzz; do_build=1; jobs=1; report=""; harnesses=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    --long) long=1 ;;
    --timeout) timeout=$2; shift ;;
    --build) build=$2; shift ;;
    --no-build) do_build=0 ;;
    --jobs) jobs=$2; shift ;;
    --report) report=$2; shift ;;
    --harness) harnesses+=("$2"); shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
if [ "$long" = 1 ] && [ "$seconds" = 60 ]; then seconds=3600; fi
[ ${#harnesses[@]} -gt 0 ] || harnesses=(instance check npy targets claim textsame)

if ! command -v clang >/dev/null; then
  echo "fuzz.sh: clang not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
if [ "$do_build" = 1 ]; then
  CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPEELCERT_FUZZ=ON >/dev/null
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_all >/dev/null
fi

status=0
rows=()
for h in "${harnesses[@]}"; do
  bin="$build/tests/fuzz/fuzz_$h"
  [ -x "$bin" ] || { echo "fuzz.sh: $bin not built" >&2; exit 2; }
  dict=tests/fuzz/peelcert.dict; [ "$h" = npy ] && dict=tests/fuzz/npy.dict
  work="$build/fuzz-corpus/fuzz_$h"; art="$build/fuzz-artifacts/fuzz_$h"; log="$build/fuzz-fuzz_$h.log"
  mkdir -p "$work" "$art"
  old=$(ls "$art" | wc -l)   # artifacts of earlier runs: reported, not counted as this run's
  stamp="$build/fuzz-start-$h"; touch "$stamp"
  fork=(); [ "$jobs" -gt 1 ] && fork=(-fork="$jobs" -ignore_crashes=0)
  echo "== fuzz_$h: $seconds s"
  set +e
  # one BLAS thread: OpenBLAS's idle workers spin (sched_yield) and take the other core
  OPENBLAS_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 nice -n 19 "$bin" "${fork[@]}" \
    -max_total_time="$seconds" -dict="$dict" -max_len=65536 -timeout="$timeout" -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$art/" \
    "$work" "tests/fuzz/corpus/fuzz_$h" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{s += $2} END {print s + 0}')
  last=$(grep -E '(DONE|pulse|NEW|REDUCE|INITED) +cov:' "$log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last"); ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$last")
  files=$(ls "$work" | wc -l)
  found=$(find "$art" -type f -newer "$stamp" | wc -l)
  [ "$old" != 0 ] && echo "   ($old artifacts of earlier runs remain in $art)"
  verdict=ok
  if [ "$rc" != 0 ] || [ "$found" != 0 ]; then
    verdict="FOUND (exit $rc, $found artifacts in $art; log $log)"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5 || true
    status=1
  fi
  echo "   executions $execs, edges $cov, features $ft, corpus $files files: $verdict"
  rows+=("| fuzz_$h | $seconds | $execs | ${cov:-?} | ${ft:-?} | $files | $verdict |")
done

table="| harness | seconds | executions | edges (cov) | features | corpus | result |
|---|---|---|---|---|---|---|"
for r in "${rows[@]}"; do table+=$'\n'"$r"; done
echo "$table"
if [ -n "$report" ]; then printf '%s\n' "$table" >>"$report"; fi
exit $status
