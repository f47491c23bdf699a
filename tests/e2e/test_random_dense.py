#!/usr/bin/env python3
"""
import sys
sys.dont_write_bytecode = True   # keep the source tree clean of __pycache__Random dense instances (fixed seeds), one-hot targets and a circulant-form instance, end to
end: certify, check, and cross-check every certificate two more ways — in float (numpy when
available) from the certificate's own W, H, Q, and with the Decimal/Fraction reference checker
(refcheck.py). Certifying twice gives identical bytes (SPEC 7, deterministic)."""
import cmath
import math
import os
import random
from fractions import Fraction

from e2e_lib import (Tally, WORK, peelcert, peelcert_check, describe, write_json, instance, q,
                     singular_values)
import refcheck

T = Tally()
TOL = 1e-12
BUDGETS = ["1/2", "3", "0.75", "1", "2", "5/4"]


def random_rows(rng, N, V, zero_prob):
    rows = []
    for _ in range(N):
        while True:
            w = [0 if rng.random() < zero_prob else rng.randint(1, 9) for _ in range(V)]
            if sum(w):
                break
        s = sum(w)
        rows.append([q(Fraction(x, s)) for x in w])
    return rows


def float_lse(z):
    m = max(z)
    return m + math.log(sum(math.exp(v - m) for v in z))


def float_entropy(row):
    return -sum(p * math.log(p) for p in row if p > 0)


def cross_check_dense(name, cert, res):
    inst = refcheck.Inst(cert["instance"])
    V, N, d = inst.V, inst.N, inst.d
    P = inst.P()
    W = [[Fraction(x) for x in row] for row in cert["primal"]["W"]]
    H = [[Fraction(x) for x in row] for row in cert["primal"]["H"]]
    Q = [[Fraction(x) for x in row] for row in cert["dual"]["Q"]]
    s = Fraction(cert["dual"]["opnorm_bound"])
    lower, upper = Fraction(cert["claims"]["lower"]), Fraction(cert["claims"]["upper"])
    T.expect(len(W) == V and all(len(r) == d for r in W) and len(H) == d and all(len(r) == N for r in H)
             and len(Q) == N and all(len(r) == V for r in Q), f"{name}: shapes W {V}x{d}, H {d}x{N}, Q {N}x{V}")
    T.expect(sum(x * x for r in W for x in r) <= inst.a, f"{name}: ||W||_F^2 <= V E_W exactly")
    T.expect(sum(x * x for r in H for x in r) <= inst.b, f"{name}: ||H||_F^2 <= N E_H exactly")
    T.expect(all(sum(r) == 1 and min(r) >= 0 for r in Q), f"{name}: Q rows in the simplex exactly")
    Wf = [[float(x) for x in r] for r in W]
    Hf = [[float(x) for x in r] for r in H]
    f = 0.0
    for i in range(N):
        z = [sum(Wf[k][j] * Hf[j][i] for j in range(d)) for k in range(V)]
        f += float_lse(z) - sum(float(P[i][k]) * z[k] for k in range(V))
    f /= N
    T.expect(float(lower) - TOL <= f <= float(upper) + TOL,
             f"{name}: float f(WH) = {f:.15g} in [lower, upper] = [{float(lower):.15g}, {float(upper):.15g}]")
    M = [[float(Q[i][k] - P[i][k]) for k in range(V)] for i in range(N)]
    smax = singular_values(M)[0]
    T.expect(smax <= float(s) + TOL, f"{name}: float ||Q - P||_op = {smax:.15g} <= opnorm_bound {float(s):.15g}")
    rho = math.sqrt(float(inst.a) * float(inst.b))
    lb = (sum(float_entropy([float(x) for x in r]) for r in Q) - rho * smax) / N
    T.expect(lb >= float(lower) - TOL, f"{name}: float LB(Q) = {lb:.15g} >= lower")
    T.expect(lb <= float(upper) + TOL, f"{name}: float LB(Q) <= upper (weak duality)")


def cross_check_circulant(name, cert):
    inst = refcheck.Inst(cert["instance"])
    n = inst.V
    qrow = [float(inst.entry(0, k)) for k in range(n)]
    c = [Fraction(x) for x in cert["primal"]["c"]]
    r = [Fraction(x) for x in cert["dual"]["r"]]
    lower, upper = float(Fraction(cert["claims"]["lower"])), float(Fraction(cert["claims"]["upper"]))
    T.expect(sum(c) == 0 and sum(r) == 1 and min(r) >= 0, f"{name}: c centered, r in the simplex exactly")

    def dft(v):
        return [abs(sum(v[m] * cmath.exp(-2j * math.pi * j * m / n) for m in range(n))) for j in range(n)]
    cf = [float(x) for x in c]
    rho = math.sqrt(float(inst.a) * float(inst.b))
    T.expect(sum(dft(cf)) <= rho * (1 + TOL), f"{name}: float sum |c_hat| = {sum(dft(cf)):.15g} <= rho = {rho:.15g}")
    f = float_lse(cf) - sum(a * b for a, b in zip(qrow, cf))
    T.expect(lower - TOL <= f <= upper + TOL, f"{name}: float CE(q, c) = {f:.15g} in [lower, upper]")
    m = [float(a) - b for a, b in zip(r, qrow)]
    lb = float_entropy([float(x) for x in r]) - rho / n * max(dft(m))
    T.expect(lb >= lower - TOL, f"{name}: float LB(r) = {lb:.15g} >= lower")


def one(name, inst_obj, determinism=False, expect_regime=None, expect_d_below_rank=False):
    """A product output that breaks the script (missing key, bad number) is a failure, not a crash."""
    try:
        one_unguarded(name, inst_obj, determinism, expect_regime, expect_d_below_rank)
    except Exception as e:   # noqa: BLE001
        T.expect(False, f"{name}: the test raised {e!r}")


def one_unguarded(name, inst_obj, determinism, expect_regime, expect_d_below_rank=False):
    ipath = write_json(os.path.join(WORK, f"{name}.json"), inst_obj)
    cpath = os.path.join(WORK, f"{name}.cert.json")
    # --path dense: this test is about the dense path (symmetry discovery may find a reduced one)
    r = peelcert("certify", ipath, "-o", cpath, "--json", "--path", "dense")
    res = r.json()
    if not T.expect(r.rc == 0 and res is not None and res.get("verified") is True,
                    f"{name}: certify verified ({describe(r)})"):
        return
    lo, hi = Fraction(res["lower"]), Fraction(res["upper"])
    T.expect(bool(res.get("d_below_rank")) == expect_d_below_rank,
             f"{name}: d_below_rank is {res.get('d_below_rank')} (expected {expect_d_below_rank})")
    if res.get("d_below_rank"):
        # SPEC 4: d below the rank, (LP) is rank-constrained: the proved interval is
        # [lower bound of val(C), value of the best rank-d point]; it must say so.
        T.expect(lo < hi and "below" in res.get("note", ""),
                 f"{name}: d below rank {res.get('rank')} reported, interval width {float(hi - lo):.3g}")
    else:
        T.expect(hi - lo <= Fraction(1, 10**9), f"{name}: gap {float(hi - lo):.3g} <= 1e-9")
    c = peelcert_check(cpath, "--instance", ipath)
    T.expect(c.rc == 0, f"{name}: check --instance passes ({describe(c)})")
    text = open(cpath, "rb").read()
    cert = refcheck.loads(text)
    v = refcheck.check(cert)
    T.expect(v.status == "valid", f"{name}: reference checker accepts ({v}; undecided {v.undecided})")
    claims = cert["claims"]
    T.expect(Fraction(claims["lower"]) <= hi and lo <= Fraction(claims["upper"]),
             f"{name}: --json interval and the certificate's claims intersect")
    truth = refcheck.Inst(cert["instance"]).binding_truth()
    if expect_regime:
        T.expect(truth == (expect_regime == "binding"), f"{name}: the instance is {expect_regime} (reference)")
    if truth is not None:
        want = "binding" if truth else "interior"
        T.expect(res.get("regime") == want and claims["regime"] == want,
                 f"{name}: regime {res.get('regime')} / {claims['regime']} == {want}")
    if cert["kind"] == "dense":
        cross_check_dense(name, cert, res)
    elif cert["kind"] == "circulant":
        cross_check_circulant(name, cert)
    if determinism:
        cpath2 = os.path.join(WORK, f"{name}.again.cert.json")
        r2 = peelcert("certify", ipath, "-o", cpath2, "--path", "dense")
        T.expect(r2.rc == 0 and open(cpath2, "rb").read() == text,
                 f"{name}: certifying twice gives identical bytes ({describe(r2)})")


rng = random.Random(20240611)
for t in range(6):
    V, N = rng.randint(3, 8), rng.randint(3, 8)
    inst = instance(V, N, rng.choice(BUDGETS), rng.choice(BUDGETS), random_rows(rng, N, V, 0.3))
    one(f"random-{t}-{V}x{N}", inst, determinism=(t == 0))
for t in range(3):   # all-positive rows, large budgets: the interior regime
    V, N = rng.randint(3, 7), rng.randint(3, 7)
    inst = instance(V, N, "20", "30", random_rows(rng, N, V, 0.0))
    one(f"interior-{t}-{V}x{N}", inst, determinism=(t == 0), expect_regime="interior")
# all-positive rows, small budgets: binding without zeros (proved by lower > mean entropy)
one("positive-binding-4x5", instance(4, 5, "1/4", "1/2", random_rows(rng, 5, 4, 0.0)), expect_regime="binding")
# the rank-deficient case: d = 1 < min(V - 1, N)
one("lowdim-5x4-d1", instance(5, 4, "1", "1", random_rows(rng, 4, 5, 0.3), dim=1),
    expect_d_below_rank=True)
one("onehot-4x6", instance(4, 6, "1", "1", {"onehot": [0, 1, 2, 3, 0, 1]}), determinism=True,
    expect_regime="binding")
one("onehot-3x3-square", instance(3, 3, "2", "1/2", {"onehot": [2, 0, 1]}))
one("circulant-5", instance(5, 5, "1", "1", {"circulant": ["1/2", "1/4", "1/8", "1/16", "1/16"]}),
    determinism=True)
T.finish()
