#!/usr/bin/env python3
"""Issue 12, the cases found by reading the code: each hostile certificate or instance is
answered by exit 1 or 2 with a message naming the claim or field, never an abort, and the
checker's work is bounded (FORMAT.md, "Bounded work"). Time and memory are measured by
bench/bench_hardening.py, not here; test_memory_bounds.sh runs the allocation cases under a
memory limit."""
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, HERE)
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe  # noqa: E402
import hostile  # noqa: E402

T = Tally()


def write(name, obj):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(hostile.dump(obj) + "\n")
    return path


def claim(report, name):
    for c in report.get("claims", []):
        if c["name"] == name:
            return c
    return None


# claims.gram with N = 1: FLINT's fmpq_div_fmpz aborted (exit 134); now claim gram is rejected
path = write("gram_one_context.cert.json", hostile.gram_one_context())
r = peelcert_check(path, "--json")
rep = r.json() or {}
g = claim(rep, "gram")
T.expect(r.rc == 1 and g is not None and not g["verified"] and "a/(V - 1)" in g["detail"],
         f"gram with contexts = 1 is rejected, not an abort ({describe(r)})")
r2 = peelcert("check", path)
T.expect(r2.rc == 1 and "claim gram rejected" in r2.text, f"peelcert check agrees ({describe(r2)})")

# the same with gram.W right (a/(V - 1) = 2): the claim still fails on the regime, no abort
cert = hostile.gram_one_context()
cert["claims"]["gram"] = {"W": 2}
r = peelcert_check(write("gram_one_context_w2.cert.json", cert), "--json")
g = claim(r.json() or {}, "gram")
T.expect(r.rc == 1 and g is not None and "2-transitive" in g["detail"],
         f"gram with contexts = 1 and W = a/(V - 1): not proved, no abort ({describe(r)})")

# opnorm_bound = ||P||_op exactly: neither provable nor refutable. Tried once, at the ceiling
# of the claim (FORMAT.md "Bounded work": 128 bits for these short numbers), not at 4096
m = 60
r = peelcert_check(write("opnorm_tight.cert.json", hostile.opnorm_tight(m)), "--json")
op = claim(r.json() or {}, "opnorm")
T.expect(r.rc == 1 and op is not None and not op["verified"]
         and "precision ceiling" in op["detail"] and "at 128 bits" in op["detail"],
         f"tight opnorm stops at its precision ceiling ({describe(r)})")

# a bound slightly above the norm is proved; one slightly below is refuted (the same data).
# Each stage of the claim (check_opnorm.c) decides one: 10^-6 above in binary64 (check_float.c),
# 10^-25 above only by the ball Cholesky (binary64 cannot see the margin); 10^-6 below by the
# test vector, 10^-25 below by the vector or a negative pivot
bound_e25 = f"{10**25 + 1}/{10**25}"
for bound, verdict, word in (("1000001/1000000", True, "proved in binary64"),
                             (bound_e25, True, "ball Cholesky succeeded"),
                             ("999999/1000000", False, "some x has ||M x|| > s ||x||"),
                             (f"{10**25 - 1}/{10**25}", False, "||Q - P||_op >")):
    cert = hostile.opnorm_tight(m)
    cert["dual"]["opnorm_bound"] = bound
    r = peelcert_check(write(f"opnorm_{verdict}.cert.json", cert), "--json")
    op = claim(r.json() or {}, "opnorm")
    T.expect(op is not None and op["verified"] == verdict and word in op["detail"],
             f"opnorm_bound {bound} for ||P||_op = 1: {'verified' if verdict else 'refuted'} "
             f"({op['detail'][:120] if op else describe(r)})")

# the binary64 stage takes off the rounding of Q - P: entries 1/3 (never exact in binary64) and
# a bound above the norm by less than that rounding's effect is not proved in binary64 (then the
# ball Cholesky decides); m = 3 rows (1/3, 1/3, 1/3) have ||P||_op = 1
cert = hostile.opnorm_tight(3)
cert["instance"]["targets"] = {"exchangeable": {"diag": "1/3"}}
cert["dual"]["opnorm_bound"] = f"{10**30 + 1}/{10**30}"
r = peelcert_check(write("opnorm_third.cert.json", cert), "--json")
op = claim(r.json() or {}, "opnorm")
T.expect(op is not None and op["verified"] and "ball Cholesky succeeded" in op["detail"],
         f"1/3 entries, margin 1e-30: proved by the ball Cholesky, not in binary64 "
         f"({op['detail'][:120] if op else describe(r)})")
cert["dual"]["opnorm_bound"] = f"{10**30 - 1}/{10**30}"
r = peelcert_check(write("opnorm_third_false.cert.json", cert), "--json")
op = claim(r.json() or {}, "opnorm")
T.expect(op is not None and not op["verified"], f"1/3 entries, 1e-30 below: not verified "
         f"({op['detail'][:120] if op else describe(r)})")

# --max-memory: an attempt estimated over the limit is not made (the claim is not decided,
# exit 1), a file whose parsed JSON would exceed it is refused (exit 2), a bad value is a usage
# error (exit 2); the default (4096 MB) lets the same certificate be checked
big = write("opnorm_250.cert.json", hostile.opnorm_tight(250))
r = peelcert_check(big, "--json", "--max-memory", "16")
op = claim(r.json() or {}, "opnorm")
T.expect(r.rc == 1 and op is not None and "not attempted" in op["detail"]
         and "over --max-memory 16 MB" in op["detail"], f"--max-memory 16: opnorm not attempted ({describe(r)})")
r = peelcert_check(big, "--json")
op = claim(r.json() or {}, "opnorm")
T.expect(op is not None and "not attempted" not in op["detail"], f"default limit: opnorm attempted ({describe(r)})")
huge = write("opnorm_1100.cert.json", hostile.opnorm_tight(1100))
r = peelcert_check(huge, "--max-memory", "16")
T.expect(r.rc == 2 and "over --max-memory 16 MB" in r.text and "reading it needs" in r.text,
         f"a file too big for --max-memory: exit 2 ({describe(r)})")
for bad in ("0", "x", "12"):
    r = peelcert_check(big, "--max-memory", bad)
    T.expect(r.rc == 2 and "--max-memory" in r.text, f"--max-memory {bad}: usage error ({describe(r)})")
r = peelcert("check", big, "--max-memory", "16")
T.expect(r.rc == 1 and "not attempted" in r.text, f"peelcert check --max-memory ({describe(r)})")

# lengths are checked before anything is allocated (exit 2, the field named)
cases = [
    ("symmetry_huge_degree.cert.json", hostile.symmetry_huge_degree(),
     "instance.symmetry.tokens[0]: has 1 entries, expected 1000000000"),
    ("circulant_short.cert.json", hostile.circulant_short_cert(),
     "instance.targets.circulant: has 1 entries, expected 10000000"),
]
for name, obj, message in cases:
    r = peelcert_check(write(name, obj))
    T.expect(r.rc == 2 and message in r.text, f"{name}: exit 2, '{message}' ({describe(r)})")

inst_cases = [
    ("circulant_short.json", hostile.circulant_short_instance(),
     "targets.circulant: has 1 entries, expected 10000000"),
    ("dense_short_rows.json", hostile.dense_short_rows_instance(),
     "targets[0]: has 0 entries, expected 2000"),
    ("group_circulant_short.json", hostile.group_circulant_short_instance(),
     "targets.group_circulant.q: has 1 entries, expected 10000000"),
]
for name, obj, message in inst_cases:
    path = write(name, obj)
    r = peelcert("certify", path, "-o", os.path.join(WORK, "unused.cert.json"))
    T.expect(r.rc == 2 and message in r.text, f"certify {name}: exit 2 ({describe(r)})")
    cert = {"format": "peelcert-certificate/1", "kind": "dense", "instance": obj}
    r = peelcert_check(write("cert_" + name, cert))
    T.expect(r.rc == 2 and message in r.text, f"checker on {name}: exit 2 ({describe(r)})")

# rows of rationals with 3000-digit denominators, summed by a tree: exact either way (the time
# of the old running sums is in bench/bench_hardening.py)
row = hostile.big_denominator_row(20, 3000)
n = len(row)
inst = {"format": "peelcert-instance/1", "tokens": n, "contexts": 1, "dim": 1, "E_W": "1",
        "E_H": "1", "targets": [row]}
cert = {"format": "peelcert-certificate/1", "kind": "dense", "instance": inst,
        "claims": {"lower": "0", "upper": "100", "upper_is_lp": True, "regime": "undetermined",
                   "structure": "none"},
        "primal": {"W": [["0"]] * n, "H": [["0"]]}, "dual": {"Q": [row], "opnorm_bound": "0"}}
r = peelcert_check(write("bigden.cert.json", cert), "--json")
ds = claim(r.json() or {}, "dual_simplex")
T.expect(ds is not None and ds["verified"], f"big-denominator rows sum to 1 exactly ({describe(r)})")
bad = json.loads(json.dumps(cert))
num, den = row[3].split("/")
bad["dual"]["Q"][0][3] = f"{int(num) + 1}/{den}"
r = peelcert_check(write("bigden_bad.cert.json", bad), "--json")
ds = claim(r.json() or {}, "dual_simplex")
T.expect(ds is not None and not ds["verified"] and "Q[0]" in ds["detail"],
         f"one numerator off by one: dual_simplex rejected ({describe(r)})")
bad = json.loads(json.dumps(cert))
bad["instance"]["targets"][0][5] = bad["dual"]["Q"][0][3]
r = peelcert_check(write("bigden_bad_inst.cert.json", bad))
T.expect(r.rc == 2 and "instance.targets[0]: row sums to" in r.text,
         f"instance row off: exit 2 naming the row ({describe(r)})")

T.finish()
