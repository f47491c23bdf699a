# Command-line behaviour: --help everywhere, usage errors exit 2, progress on stderr only when
# stderr is a terminal, and an unreachable --digits exits 1 saying how far it got.
set -uo pipefail
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
cd "$PEELCERT_WORK"
days="$PEELCERT_SOURCE/proofs-data/days-of-week.json"

for cmd in certify check solve audit oracle plot gen; do
  out=$("$PEELCERT" $cmd --help 2>&1); rc=$?
  check "$cmd --help exits 0 with a usage line" '[ $rc = 0 ] && echo "$out" | grep -q "usage: peelcert"'
  "$PEELCERT" $cmd --no-such-option >/dev/null 2>err.txt; rc=$?
  check "$cmd with an unknown option exits 2 naming it" '[ $rc = 2 ] && grep -q -- "--no-such-option" err.txt'
done
"$PEELCERT" frobnicate >/dev/null 2>err.txt; rc=$?
check "unknown subcommand exits 2" '[ $rc = 2 ] && grep -qi "frobnicate" err.txt'
"$PEELCERT-check" --help >/dev/null 2>&1 || true

# progress: nothing on stderr when it is not a terminal ...
"$PEELCERT" certify "$days" --digits 60 -o days.cert.json >out.txt 2>err.txt; rc=$?
check "certify to 60 digits exits 0" '[ $rc = 0 ]'
check "no progress when stderr is not a terminal" '[ ! -s err.txt ]'
# ... and progress lines when it is (a pseudo-terminal from script(1))
if command -v script >/dev/null; then
  script -qec "\"$PEELCERT\" certify \"$days\" --digits 60 -o days2.cert.json" /dev/null >tty.txt 2>&1
  check "progress lines on a terminal" 'grep -q "cyclic:" tty.txt'
else
  echo "note: script(1) not available, terminal progress not tested"
fi

# an unreachable target: exit 1, and the message says how far it got (21 x 20 is above the
# V N <= 400 limit of the multiprecision refinement, so the floating path's ~1e-12 stands)
"$PEELCERT" gen random --tokens 21 --contexts 20 --seed 3 -o r.json
"$PEELCERT" certify r.json --digits 40 --json -o r.cert.json >r.out 2>r.err; rc=$?
check "dense --digits 40 exits 1" '[ $rc = 1 ]'
check "and says how far it got" 'grep -q "does not reach 1e-40" r.out'
check "the proved bounds are still written and check" '"$PEELCERT" check r.cert.json --instance r.json >/dev/null'
exit $fail
