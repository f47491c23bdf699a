#!/usr/bin/env python3
"""Token and context classes (SPEC 10): the classes path against the dense path (--path dense)
on the same small instances (both certificates pass the checker, the intervals intersect, and
both contain a value computed here independently where one exists), and the path choice.

Closed forms, computed here without the product:
- an exchangeable instance whose contexts are each repeated m times (dense form, with a trivial
  given symmetry so that discovery does not take the group path): Z = R E_C^T has
  ||Z||_* = sqrt(m) ||R||_* and rho' = sqrt(m) rho, f is the same average, so the value is
  SPEC 5b's for (n, alpha, E_W, E_H) unchanged;
- one-hot targets t_i = i (i < n) with k more tokens that no context targets (V = n + k, N = n;
  with each context repeated m times the value is the same, as rho / sqrt(m) is unchanged):
  by the symmetry S_n x S_k the optimum takes three values, x (target), y (another targeted
  token), w (untargeted); with d1 = x - y, d2 = x - w, ||Z||_* = (n-1)|d1| +
  sqrt(k/(n+k)) |n d2 - (n-1) d1| after the best column shift, and
  val = min log(1 + (n-1) e^-d1 + k e^-d2) on that ball: a 1-D convex problem (d2 from the
  active constraint), solved by golden section in 80-digit decimals."""
import json
import os
import random
import sys
from decimal import Decimal
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import (Tally, WORK, peelcert, peelcert_check, describe, write_json, instance, D,
                     exchangeable_closed_form, exchangeable_dense_rows, q)

T = Tally()


def path(name):
    return os.path.join(WORK, name)


def certify(inst_path, tag, *extra):
    cert = path(tag + ".cert.json")
    r = peelcert("certify", inst_path, "--json", "-o", cert, *extra, timeout=600)
    c = peelcert_check(cert, "--instance", inst_path)
    return r, r.json() or {}, c


def onehot_untargeted_value(n, k, E_W, E_H):
    """val(C) of one-hot t_i = i, V = n + k, N = n (module docstring), 80 digits."""
    rho = (D(Fraction((n + k) * Fraction(E_W))) * D(Fraction(n * Fraction(E_H)))).sqrt()
    gamma = (D(n + k) / D(k)).sqrt()

    def f(d1):
        d2 = ((n - 1) * d1 + (rho - (n - 1) * d1) * gamma) / n
        return (1 + (n - 1) * (-d1).exp() + k * (-d2).exp()).ln()

    if n == 1:   # no other targeted token: d1 plays no part
        return f(D(0))
    lo, hi = D(0), rho / (n - 1)
    g = (D(5).sqrt() - 1) / 2
    for _ in range(400):
        a, b = hi - g * (hi - lo), lo + g * (hi - lo)
        if f(a) < f(b):
            hi = b
        else:
            lo = a
    return f((lo + hi) / 2)


def contains(res, value, slack=Decimal("1e-30")):
    return D(Fraction(res["lower"])) - slack <= value <= D(Fraction(res["upper"])) + slack


def twin(tag, inst, closed=None, want_classes=None):
    """auto (expected: classes path) vs --path dense on the same instance."""
    ip = write_json(path(tag + ".json"), inst)
    ra, a, ca = certify(ip, tag + "-auto")
    rd, d, cd = certify(ip, tag + "-dense", "--path", "dense")
    T.expect(ra.rc == 0 and a.get("path") == "classes" and ca.rc == 0,
             f"{tag}: auto takes the classes path, verified and checked ({describe(ra)}; check {ca.rc})")
    if want_classes is not None:
        T.expect(a.get("classes") == want_classes,
                 f"{tag}: --json classes {a.get('classes')} == {want_classes}")
    T.expect(rd.rc == 0 and d.get("path") == "dense" and cd.rc == 0,
             f"{tag}: the dense path certifies and checks ({describe(rd)}; check {cd.rc})")
    if a.get("lower") and d.get("lower"):
        la, ua, ld, ud = (Fraction(x) for x in (a["lower"], a["upper"], d["lower"], d["upper"]))
        T.expect(max(la, ld) <= min(ua, ud),
                 f"{tag}: intervals intersect [{a['lower'][:16]}, {a['upper'][:16]}] vs "
                 f"[{d['lower'][:16]}, {d['upper'][:16]}]")
        T.expect(a.get("regime") == d.get("regime"), f"{tag}: same regime ({a.get('regime')}, {d.get('regime')})")
        if closed is not None:
            T.expect(contains(a, closed) and contains(d, closed),
                     f"{tag}: both intervals contain the independent value {str(closed)[:20]}")
    return a


# ------------------------------------------------------------ exchangeable, contexts repeated
for n, alpha, m, E_W, E_H in ((4, Fraction(3, 5), 2, 1, 1), (5, Fraction(3, 5), 3, 1, 1),
                              (3, Fraction(1, 2), 2, Fraction(1, 2), 2)):
    rows = exchangeable_dense_rows(n, alpha)
    dense = [rows[i // m] for i in range(n * m)]
    inst = instance(n, n * m, E_W, E_H, dense)
    ident = [list(range(n)), list(range(n * m))]
    inst["symmetry"] = {"tokens": [ident[0]], "contexts": [ident[1]]}   # no discovery, no group path
    val = exchangeable_closed_form(n, alpha, E_W, E_H)[0]
    twin(f"exch{n}-x{m}", inst, val, {"tokens": n, "contexts": n, "reduction": "blocks"})

# ------------------------------------------------------------ one-hot with untargeted tokens
# (the symmetric reduction: equal context classes; dense and sparse forms of the same targets too)
for n, k, m, E_W, E_H in ((3, 4, 1, 1, 1), (4, 5, 1, 2, 1), (5, 2, 1, 1, Fraction(3, 2)),
                          (3, 3, 2, 1, 1), (2, 5, 3, Fraction(1, 2), 1), (1, 4, 2, 1, 1)):
    targets = [i % n for i in range(n * m)]
    val = onehot_untargeted_value(n, k, E_W, E_H)
    for form in ("onehot", "sparse", "dense"):
        if form == "onehot":
            tg = {"onehot": targets}
        elif form == "sparse":
            tg = {"sparse": [[[t, "1"]] for t in targets]}
        else:
            tg = [["1" if kk == t else "0" for kk in range(n + k)] for t in targets]
        inst = instance(n + k, n * m, E_W, E_H, tg)
        if form == "dense":
            inst["symmetry"] = {"tokens": [list(range(n + k))], "contexts": [list(range(n * m))]}
        a = twin(f"onehot{n}+{k}x{m}-{form}", inst, val,
                 {"tokens": n + 1, "contexts": n, "reduction": "onehot-symmetric"})
        T.expect(a.get("digits") == 30 and (not a.get("lower") or Fraction(a["upper"]) - Fraction(a["lower"]) <= Fraction(1, 10**30)),
                 f"onehot{n}+{k}x{m}-{form}: the symmetric form closes to 1e-30 by default")
# one-hot with unequal context classes: the size-class form (docs/classes.md "Several sizes")
inst = instance(7, 5, 1, 1, {"onehot": [0, 0, 1, 2, 0]})
twin("onehot-unequal", inst, None, {"tokens": 4, "contexts": 3, "reduction": "onehot-sizes"})

# ------------------------------------------------------------ random twins without a closed form
rng = random.Random(9)
for trial in range(3):   # sparse targets with planted duplicate tokens and contexts
    V0, N0 = 4, 3
    base = []
    for i in range(N0):
        w = [rng.randint(0, 3) for _ in range(V0)]
        w[rng.randrange(V0)] += 1
        base.append([Fraction(x, sum(w)) for x in w])
    col_of = [k % V0 for k in range(V0)] + [rng.randrange(V0) for _ in range(3)]   # 7 tokens
    row_of = list(range(N0)) + [rng.randrange(N0) for _ in range(3)]              # 6 contexts
    mult = [col_of.count(c) for c in range(V0)]
    rows = []
    for i in row_of:   # duplicated columns share the mass of their original column
        rows.append([[k, q(base[i][c] / mult[c])] for k, c in enumerate(col_of) if base[i][c] != 0])
    inst = instance(len(col_of), len(row_of), 1, 1, {"sparse": rows})
    twin(f"sparse-random{trial}", inst)
for trial in range(2):   # dense positive targets (all entries > 0), duplicated rows only
    N0, V = 3, 4
    base = []
    for i in range(N0):
        w = [rng.randint(1, 9) for _ in range(V)]
        base.append([q(Fraction(x, sum(w))) for x in w])
    inst = instance(V, 6, 1, Fraction(1, 4), [base[i % N0] for i in range(6)])
    inst["symmetry"] = {"tokens": [list(range(V))], "contexts": [list(range(6))]}
    twin(f"dense-positive{trial}", inst)

# interior regime on the block form: all targets positive, large budgets; both paths prove it
rows = exchangeable_dense_rows(4, Fraction(3, 10))
inst = instance(4, 8, 10, 10, [rows[i // 2] for i in range(8)])
inst["symmetry"] = {"tokens": [list(range(4))], "contexts": [list(range(8))]}
a = twin("interior-blocks", inst, exchangeable_closed_form(4, Fraction(3, 10), 10, 10)[0])
T.expect(a.get("regime") == "interior", f"interior-blocks: the classes path proves interior ({a.get('regime')})")

# oracle and plot: kind classes has no logit enclosures, so both use the dense twin
ip = write_json(path("oh-oracle.json"), instance(6, 4, 1, 1, {"onehot": [0, 1, 0, 2]}))
r = peelcert("oracle", ip, "--digits", "12")
doc = r.json() or {}
T.expect(r.rc == 0 and isinstance(doc.get("logits"), dict),
         f"oracle of a one-hot instance with twins lists the logits ({describe(r)})")
r = peelcert("plot", ip, "-o", path("oh.svg"))
T.expect(r.rc == 0 and open(path("oh.svg")).read().lstrip().startswith("<"),
         f"plot of a one-hot instance with twins draws it ({describe(r)})")

# ------------------------------------------------------------ the path choice
# no class shrinks the problem: the dense path, no "classes" in --json
ip = write_json(path("distinct.json"), instance(3, 3, 1, 1, [["1/2", "1/4", "1/4"], ["1/5", "3/5", "1/5"], ["1/7", "2/7", "4/7"]]))
r, res, c = certify(ip, "distinct")
T.expect(r.rc == 0 and res.get("path") == "dense" and "classes" not in res,
         f"distinct rows and columns: dense path without a classes field ({describe(r)})")
# structured paths keep priority: a cyclic instance stays circulant
ip = write_json(path("cyc.json"), instance(5, 5, 1, 1, {"circulant": ["1/2", "1/8", "1/8", "1/8", "1/8"]}))
r, res, c = certify(ip, "cyc")
T.expect(r.rc == 0 and res.get("path") in ("circulant", "exchangeable") and "classes" not in res,
         f"circulant targets keep their structured path ({res.get('path')})")
# more digits than the floating reduced solve reaches: small, so the dense path's refinement
# takes over and says so (block form: unequal context classes)
ip = write_json(path("oh-digits.json"), instance(7, 4, 1, 1, {"onehot": [0, 1, 2, 0]}))
r, res, c = certify(ip, "oh-digits", "--digits", "25")
T.expect(r.rc == 0 and res.get("path") == "dense" and "classes path" in res.get("note", "") and c.rc == 0,
         f"--digits 25 on a small one-hot instance: dense refinement after the classes path ({describe(r)})")
rb, resb, cb = certify(ip, "oh-digits-blocks")
if res.get("lower") and resb.get("lower"):
    T.expect(max(Fraction(res["lower"]), Fraction(resb["lower"])) <= min(Fraction(res["upper"]), Fraction(resb["upper"])),
             "... and its interval meets the 9-digit classes interval")
# the symmetric form reaches 60 digits and contains the independent value
ip = write_json(path("oh-sym60.json"), instance(7, 3, 1, 1, {"onehot": [0, 1, 2]}))
r, res, c = certify(ip, "oh-sym60", "--digits", "60")
T.expect(r.rc == 0 and res.get("path") == "classes" and c.rc == 0 and contains(res, onehot_untargeted_value(3, 4, 1, 1), Decimal("1e-70")),
         f"--digits 60, symmetric form: verified, checked, contains the independent value ({describe(r)})")
# a one-hot instance refused by the dense path before classes: V = 50257, N = 200, 50 targets
targets = [i % 50 for i in range(200)]
ip = write_json(path("gpt2-small.json"), instance(50257, 200, 1, 1, {"onehot": targets}))
r, res, c = certify(ip, "gpt2-small")
T.expect(r.rc == 0 and res.get("classes", {}).get("tokens") == 51 and res["classes"].get("contexts") == 50 and c.rc == 0,
         f"one-hot V = 50257, N = 200: classes 51 x 50, verified and checked ({describe(r)})")

# the block form on the same kind of instance (unequal class sizes: 49 targets x 4, one x 4 + 1)
targets = [i % 50 for i in range(200)] + [7]
ip = write_json(path("gpt2-blocks.json"), instance(50257, 201, 1, 1, {"onehot": targets}))
r, res, c = certify(ip, "gpt2-blocks")
T.expect(r.rc == 0 and res.get("classes") == {"tokens": 51, "contexts": 50, "reduction": "blocks"} and c.rc == 0,
         f"one-hot V = 50257, N = 201, unequal classes: block form verified and checked ({describe(r)})")

T.finish()
