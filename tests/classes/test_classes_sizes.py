#!/usr/bin/env python3
"""One-hot targets whose context classes have several sizes (reduction "onehot-sizes",
docs/classes.md "Several sizes", FORMAT.md): twins against the dense path and the block form on
the same small instances (all verified and checked, the intervals intersect), all tokens
targeted (u0 = 0), tampered reduced data rejected naming the claim (exit 1), malformed data
refused naming the field (exit 2), deterministic bytes."""
import copy
import json
import os
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe, write_json, instance, q

T = Tally()


def path(name):
    return os.path.join(WORK, name)


def certify(ip, tag, *extra):
    cp = path(tag + ".cert.json")
    r = peelcert("certify", ip, "--json", "-o", cp, *extra, timeout=600)
    c = peelcert_check(cp, "--instance", ip)
    return r, r.json() or {}, c, cp


def interval(res):
    return Fraction(res["lower"]), Fraction(res["upper"])


def twins(tag, inst, sizes):
    ip = write_json(path(tag + ".json"), inst)
    r, res, c, cp = certify(ip, tag)
    T.expect(r.rc == 0 and c.rc == 0 and res.get("classes", {}).get("reduction") == "onehot-sizes",
             f"{tag}: onehot-sizes verified and checked ({describe(r)}; {describe(c)})")
    cert = json.load(open(cp))
    T.expect(cert["classes"].get("sizes") == sizes, f"{tag}: sizes {cert['classes'].get('sizes')} == {sizes}")
    T.expect("onehot_sizes verified" in c.text, f"{tag}: the checker re-establishes the sizes")
    lo, hi = interval(res) if r.rc == 0 else (Fraction(0), Fraction(-1))
    for other in ("dense", "blocks"):
        r2, res2, c2, _ = certify(ip, tag + "-" + other, "--path", other)
        ok = r2.rc == 0 and c2.rc == 0
        lo2, hi2 = interval(res2) if ok else (Fraction(1), Fraction(0))
        T.expect(ok and max(lo, lo2) <= min(hi, hi2),
                 f"{tag}: --path {other} verified, checked, intervals intersect "
                 f"([{res.get('lower')}, {res.get('upper')}] vs [{res2.get('lower')}, {res2.get('upper')}]; {describe(r2)})")
    return cp, ip


# V = 30, N = 40: sizes 1 (x11), 2 (x8), 3 (x3), 4 (x1); 7 untargeted tokens
targets, tok = [], 0
for n, m in ((11, 1), (8, 2), (3, 3), (1, 4)):
    for _ in range(n):
        targets += [tok] * m
        tok += 1
order = [(7 * i) % 40 for i in range(40)]          # mix the contexts (7 is prime to 40)
targets = [targets[order[i]] for i in range(40)]
cp, ip = twins("sizes4", instance(30, 40, 1, 1, {"onehot": targets}), [[11, 1], [8, 2], [3, 3], [1, 4]])
good = json.load(open(cp))

# every token targeted (u0 = 0): tokens 2..5 once, token 0 three times, token 1 four times
twins("sizes-u0", instance(6, 11, 1, 1, {"onehot": [0, 1, 2, 3, 4, 5, 0, 0, 1, 1, 1]}),
      [[4, 1], [1, 3], [1, 4]])
# a small dim below nothing: d = 2, sparse form with point-mass rows
twins("sizes-sparse", instance(8, 7, 2, 1, {"sparse": [[[k, "1"]] for k in [0, 1, 1, 2, 2, 3, 3]]}, dim=7),
      [[1, 1], [3, 2]])


def check_tampered(tag, mutate, want_rc, needle):
    cert = copy.deepcopy(good)
    mutate(cert)
    tp = write_json(path(tag + ".cert.json"), cert)
    c = peelcert_check(tp, "--instance", ip)
    T.expect(c.rc == want_rc and needle in c.text, f"{tag}: exit {want_rc} naming '{needle}' ({describe(c)})")


def setter(keys, value):
    def mutate(cert):
        o = cert
        for k in keys[:-1]:
            o = o[k]
        if value is KeyError:
            del o[keys[-1]]
        else:
            o[keys[-1]] = value(o[keys[-1]]) if callable(value) else value
    return mutate


bigger = lambda x: q(Fraction(x) * Fraction(11, 10) + Fraction(1, 10))
check_tampered("d-changed", setter(["primal", "d", 1], bigger), 1, "nuclear_norm")
check_tampered("A-entry", setter(["primal", "A", 0, 0], bigger), 1, "nuclear_norm")
check_tampered("q-row-sum", setter(["dual", "q_other", 0, 1], lambda x: q(Fraction(x) + Fraction(1, 1000))), 1, "dual_simplex")
check_tampered("s-halved", setter(["dual", "opnorm_bound"], lambda x: q(Fraction(x) / 2)), 1, "opnorm")
check_tampered("sizes-swapped", setter(["classes", "sizes"], lambda x: [x[1], x[0]] + x[2:]), 1, "onehot_sizes")
check_tampered("sizes-wrong-count", setter(["classes", "sizes", 0], [10, 1]), 1, "onehot_sizes")
check_tampered("untargeted-wrong", setter(["classes", "untargeted"], 6), 1, "onehot_sizes")
check_tampered("lower-raised", setter(["claims", "lower"], lambda x: "%.20f" % (float(Fraction(good["claims"]["upper"])) + 1e-6)), 1, "lower")
check_tampered("sizes-missing", setter(["classes", "sizes"], KeyError), 2, "classes.sizes")
check_tampered("sizes-not-pair", setter(["classes", "sizes", 0], [11]), 2, "classes.sizes[0]")
check_tampered("d-short", setter(["primal", "d"], lambda x: x[:-1]), 2, "primal.d")
check_tampered("q-other-shape", setter(["dual", "q_other"], lambda x: x[:-1]), 2, "dual.q_other")
check_tampered("untargeted-negative", setter(["classes", "untargeted"], -1), 2, "classes.untargeted")

# deterministic bytes (STYLE 12)
again = path("sizes4-again.cert.json")
r = peelcert("certify", ip, "-o", again)
T.expect(r.rc == 0 and open(again, "rb").read() == open(cp, "rb").read(), "sizes4: certifying again writes the same bytes")

T.finish()
