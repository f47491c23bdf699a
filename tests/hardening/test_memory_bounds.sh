#!/bin/bash
# Issue 12: the inputs that once allocated before validating (8 GB asked for by a 400-byte
# certificate, 166 MB by a 130-byte instance) are refused under a 200 MB address-space limit.
# ASan reserves terabytes of address space, so the limit is applied only to a plain build.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$PEELCERT_WORK"
fail=0
check() {   # expected-exit message command...
    local want=$1 msg=$2; shift 2
    local out rc
    out=$( (ulimit -v 200000; OPENBLAS_NUM_THREADS=1 timeout 120 "$@") 2>&1 ); rc=$?
    if [ "$rc" = "$want" ] && grep -qF -- "$msg" <<<"$out"; then echo "ok   $*"
    else echo "FAIL $* -> exit $rc: ${out:0:300}"; fail=1; fi
}
if ldd "$PEELCERT_CHECK" | grep -q libasan; then
    echo "sanitizer build: no address-space limit (ASan reserves it); nothing to check"
    exit 0
fi
/usr/bin/python3 - "$HERE" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import hostile
for name, obj in (("sym.cert.json", hostile.symmetry_huge_degree()),
                  ("circ.cert.json", hostile.circulant_short_cert()),
                  ("circ.json", hostile.circulant_short_instance()),
                  ("rows.json", hostile.dense_short_rows_instance()),
                  ("gcirc.json", hostile.group_circulant_short_instance()),
                  ("gcirc.cert.json", {"format": "peelcert-certificate/1", "kind": "circulant",
                                       "instance": hostile.group_circulant_short_instance()})):
    open(name, "w").write(hostile.dump(obj))
PY
check 2 "has 1 entries, expected 1000000000" "$PEELCERT_CHECK" sym.cert.json
check 2 "has 1 entries, expected 10000000" "$PEELCERT_CHECK" circ.cert.json
check 2 "has 1 entries, expected 10000000" "$PEELCERT" certify circ.json -o unused.json
check 2 "has 0 entries, expected 2000" "$PEELCERT" certify rows.json -o unused.json
check 2 "q: has 1 entries, expected 10000000" "$PEELCERT" certify gcirc.json -o unused.json
check 2 "q: has 1 entries, expected 10000000" "$PEELCERT_CHECK" gcirc.cert.json
exit $fail
