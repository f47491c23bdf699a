#!/usr/bin/env python3
"""Sparse targets (SPEC 10): malformed rows are refused with exit 2 naming targets.sparse[i][j]
(by certify and by the checker reading a certificate); the canonical form round-trips; a sparse
instance and its dense and one-hot twins certify to intersecting intervals; --instance works
across forms; tampering with a certificate's sparse instance is caught."""
import copy
import json
import os
import random
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe, write_json, instance

T = Tally()


def path(name):
    return os.path.join(WORK, name)


def sparse_of(rows):
    """Dense rows of Fractions -> sparse form."""
    return {"sparse": [[[k, str(p)] for k, p in enumerate(row) if p != 0] for row in rows]}


def dense_of(rows):
    return [[str(p) for p in row] for row in rows]


def base(rows=None, **over):
    rows = rows or [[[0, "1/2"], [2, "1/2"]], [[1, "1/3"], [3, "2/3"]], [[3, "1"]]]
    obj = instance(4, 3, "1", "1", {"sparse": rows})
    obj.update(over)
    return obj


# ---------------------------------------------------------------- malformed instances
BAD = [
    ("not an array", base(targets={"sparse": "x"}), "targets.sparse"),
    ("too few rows", base(rows=[[[0, "1"]], [[1, "1"]]]), "targets.sparse"),
    ("row not an array", base(rows=[[[0, "1"]], {"0": "1"}, [[1, "1"]]]), "targets.sparse[1]"),
    ("empty row", base(rows=[[[0, "1"]], [], [[1, "1"]]]), "targets.sparse[1]"),
    ("pair too long", base(rows=[[[0, "1", 3]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][0]"),
    ("pair not an array", base(rows=[[[0, "1"]], ["1"], [[1, "1"]]]), "targets.sparse[1][0]"),
    ("index a string", base(rows=[[["0", "1"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][0][0]"),
    ("index a float", base(rows=[[[0.0, "1"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][0][0]"),
    ("index negative", base(rows=[[[-1, "1"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][0][0]"),
    ("index = V", base(rows=[[[4, "1"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][0][0]"),
    ("index repeated", base(rows=[[[1, "1/2"], [1, "1/2"]], [[1, "1"]], [[1, "1"]]]),
     "targets.sparse[0][1][0]"),
    ("index decreasing", base(rows=[[[2, "1/2"], [1, "1/2"]], [[1, "1"]], [[1, "1"]]]),
     "targets.sparse[0][1][0]"),
    ("value zero", base(rows=[[[0, "1"], [1, "0"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][1][1]"),
    ("value negative", base(rows=[[[0, "3/2"], [1, "-1/2"]], [[1, "1"]], [[1, "1"]]]),
     "targets.sparse[0][1][1]"),
    ("value a float", base(rows=[[[0, 0.5], [1, "1/2"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0][0][1]"),
    ("value not a number", base(rows=[[[0, "half"], [1, "1/2"]], [[1, "1"]], [[1, "1"]]]),
     "targets.sparse[0][0][1]"),
    ("row sum below 1", base(rows=[[[0, "1/2"], [1, "1/3"]], [[1, "1"]], [[1, "1"]]]), "targets.sparse[0]"),
    ("row sum above 1", base(rows=[[[1, "1"]], [[1, "1"]], [[0, "1/2"], [3, "2/3"]]]), "targets.sparse[2]"),
    ("two forms", base(targets={"sparse": [[[0, "1"]]] * 3, "onehot": [0, 0, 0]}), "targets"),
    ("symmetry not held", base(rows=[[[0, "1"]], [[1, "1"]], [[1, "1"]]],
                               symmetry={"tokens": [[1, 0, 2, 3]], "contexts": [[0, 1, 2]]}),
     "symmetry"),
]
for name, obj, field in BAD:
    p = write_json(path("bad.json"), obj)
    for cmd in (["certify", p, "-o", path("bad.cert")], ["solve", p]):
        r = peelcert(*cmd)
        T.expect(r.rc == 2 and field in r.err and len(r.err) < 2000,
                 f"{cmd[0]} refuses {name} naming {field} ({describe(r)})")

# ---------------------------------------------------------------- twins and round trip
random.seed(9)
V, N = 6, 5
rows = []
for i in range(N):
    support = sorted(random.sample(range(V), random.randint(1, V - 1)))
    w = [random.randint(1, 7) for _ in support]
    row = [Fraction(0)] * V
    for k, x in zip(support, w):
        row[k] = Fraction(x, sum(w))
    rows.append(row)
sp = write_json(path("twin-sparse.json"), instance(V, N, "1", "2", sparse_of(rows)))
de = write_json(path("twin-dense.json"), instance(V, N, "1", "2", dense_of(rows)))
rs = peelcert("certify", sp, "-o", path("twin-sparse.cert"), "--json")
rd = peelcert("certify", de, "-o", path("twin-dense.cert"), "--json")
T.expect(rs.rc == 0 and rd.rc == 0, f"both twins certify ({describe(rs)}; {describe(rd)})")
if rs.rc == 0 and rd.rc == 0:
    js, jd = rs.json(), rd.json()
    lo = max(Fraction(js["lower"]), Fraction(jd["lower"]))
    hi = min(Fraction(js["upper"]), Fraction(jd["upper"]))
    T.expect(lo <= hi, f"sparse and dense intervals intersect ({js['lower']}..{js['upper']} vs "
             f"{jd['lower']}..{jd['upper']})")
    cert = json.load(open(path("twin-sparse.cert")))
    T.expect(cert["instance"]["targets"] == sparse_of(rows),
             "the certificate carries the sparse targets in canonical form")
    again = write_json(path("roundtrip.json"), cert["instance"])
    r2 = peelcert("certify", again, "-o", path("roundtrip.cert"))
    T.expect(r2.rc == 0 and open(path("roundtrip.cert")).read() == open(path("twin-sparse.cert")).read(),
             f"the canonical instance reads back to the same certificate bytes ({describe(r2)})")
    for cert_file, other in (("twin-sparse.cert", de), ("twin-dense.cert", sp)):
        r = peelcert_check(path(cert_file), "--instance", other)
        T.expect(r.rc == 0, f"check {cert_file} --instance {os.path.basename(other)} ({describe(r)})")
    changed = [row[:] for row in rows]
    k = next(k for k in range(V) if changed[2][k] == 0)
    j = next(k for k in range(V) if changed[2][k] != 0)
    changed[2][k], changed[2][j] = changed[2][j], Fraction(0)
    other = write_json(path("twin-changed.json"), instance(V, N, "1", "2", sparse_of(changed)))
    r = peelcert_check(path("twin-dense.cert"), "--instance", other)
    T.expect(r.rc == 1 and "P[2]" in r.text, f"a moved sparse entry is a different instance ({describe(r)})")
    r = peelcert_check(path("twin-sparse.cert"), "--instance",
                       write_json(path("twin-changed-dense.json"), instance(V, N, "1", "2", dense_of(changed))))
    T.expect(r.rc == 1 and "P[2]" in r.text, f"... also against the dense form ({describe(r)})")

    # tampering with the certificate's own sparse instance
    def tampered(mutate, name):
        c = copy.deepcopy(cert)
        mutate(c["instance"]["targets"]["sparse"])
        return peelcert_check(write_json(path(f"tamper-{name}.cert"), c))
    r = tampered(lambda s: s[1][0].__setitem__(1, "0"), "zero")
    T.expect(r.rc == 2 and "sparse[1][0][1]" in r.text, f"checker refuses a zero entry ({describe(r)})")
    r = tampered(lambda s: s[0].reverse() if len(s[0]) > 1 else s[0].append([s[0][0][0], "0"]), "order")
    T.expect(r.rc == 2 and "sparse[0][" in r.text, f"checker refuses unsorted tokens ({describe(r)})")
    r = tampered(lambda s: s[3].__setitem__(0, [s[3][0][0], "7/3"]), "sum")
    T.expect(r.rc == 2 and "sparse[3]" in r.text, f"checker refuses a row not summing to 1 ({describe(r)})")
    r = tampered(lambda s: s[4][0].__setitem__(0, V), "index")
    T.expect(r.rc == 2 and "sparse[4][0][0]" in r.text, f"checker refuses an index out of range ({describe(r)})")

    def swap_support(s):   # a valid but different instance: the proved bounds no longer hold
        s[0] = [[k, p] for k, p in zip([x for x in range(V) if x not in [e[0] for e in s[0]]][:1], ["1"])]
    r = tampered(swap_support, "support")
    T.expect(r.rc == 1, f"checker rejects the certificate of a changed (valid) instance ({describe(r)})")

# ---------------------------------------------------------------- one-hot twin
onehot = [3, 0, 3, 1]
oh = write_json(path("oh.json"), instance(5, 4, "1", "1", {"onehot": onehot}))
so = write_json(path("oh-sparse.json"), instance(5, 4, "1", "1", {"sparse": [[[t, "1"]] for t in onehot]}))
r1 = peelcert("certify", oh, "-o", path("oh.cert"), "--json")
r2 = peelcert("certify", so, "-o", path("oh-sparse.cert"), "--json")
T.expect(r1.rc == 0 and r2.rc == 0, f"one-hot and its sparse twin certify ({describe(r1)}; {describe(r2)})")
if r1.rc == 0 and r2.rc == 0:
    a, b = r1.json(), r2.json()
    T.expect(max(Fraction(a["lower"]), Fraction(b["lower"])) <= min(Fraction(a["upper"]), Fraction(b["upper"])),
             "one-hot and sparse intervals intersect")
    r = peelcert_check(path("oh-sparse.cert"), "--instance", oh)
    T.expect(r.rc == 0, f"--instance one-hot against a sparse certificate ({describe(r)})")
    r = peelcert_check(path("oh.cert"), "--instance", so)
    T.expect(r.rc == 0, f"--instance sparse against a one-hot certificate ({describe(r)})")

T.finish()
