#!/usr/bin/env python3
"""Claim opnorm of kind dense, step 1b (check_opnorm.c): the exact integer Gram matrix of the
fixed-point rounding F = floor(2^L M), M = Q - P, then a ball Cholesky. A bound s a few parts in
10^15 above ||Q - P||_op (too close for the binary64 criterion, step 1) must be verified by step
1b; the same margin below must be rejected (step 1b only proves: the old steps reject).

Guarding delta: a bound s proved (exactly, here in Python) to lie strictly between ||2^-L F||_op
and ||Q - P||_op is false, so it must be rejected; a step 1b that dropped delta (t = s) would
accept it. The proofs here: ||M||_op^2 >= the exact Rayleigh quotient ||M x||^2 / ||x||^2 > s^2,
and s^2 4^L I - F^T F positive definite by exact rational elimination."""
import sys
sys.dont_write_bytecode = True
import math
import os
import random
import re
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert_check, describe, write_json, instance, trivial_dense_cert, q
import refcheck  # noqa: E402  (_pd_exact: exact positive definiteness)

T = Tally()
rng = random.Random(9)
n = 24
P = []
for i in range(n):   # rows with different denominators: the lcm of M is too long for fmpz
    w = [rng.randint(1, 20) for _ in range(n)]
    P.append([Fraction(x, sum(w)) for x in w])
Q = []
for i in range(n):   # Q = P + a dyadic perturbation summing to 0 along each row, Q >= 0
    while True:
        d = [Fraction(rng.randint(-2**35, 2**35), 2**48) for _ in range(n - 1)]
        d.append(-sum(d))
        row = [p + e for p, e in zip(P[i], d)]
        if min(row) >= 0:
            break
    Q.append(row)
assert all(x >= 0 for row in Q for x in row) and all(sum(row) == 1 for row in Q)
inst = instance(n, n, 1, 1, [[q(x) for x in row] for row in P], dim=n)
sigma = np.linalg.svd(np.array([[float(a - b) for a, b in zip(r, s)] for r, s in zip(Q, P)]),
                      compute_uv=False)[0]
L_RE = re.compile(r"L = (-?[0-9]+), delta")


def opnorm_claim(s, tag):
    cert = trivial_dense_cert(inst)
    cert["dual"]["Q"] = [[q(x) for x in row] for row in Q]
    cert["dual"]["opnorm_bound"] = q(s)
    path = os.path.join(WORK, f"opnorm-fixed-{tag}.cert.json")
    write_json(path, cert)
    r = peelcert_check(path, "--json")
    obj = r.json() or {}
    claim = [c for c in obj.get("claims", []) if c.get("name") == "opnorm"]
    return r, (claim[0] if claim else None)


for rel, want in ((Fraction(4, 10**15), True), (Fraction(-4, 10**15), False)):
    s = Fraction(sigma) * (1 + rel)
    r, c = opnorm_claim(s, "true" if want else "false")
    if not T.expect(c is not None and not r.crashed(), f"opnorm claim reported ({describe(r)})"):
        continue
    if want:
        T.expect(c["verified"] and "exact integer Gram" in c["detail"],
                 f"s = sigma (1 + 4e-15): verified by step 1b ({c['detail'][:200]})")
    else:
        T.expect(not c["verified"], f"s = sigma (1 - 4e-15): rejected ({c['detail'][:200]})")


# --------------------------------------------------------------------------- delta is needed

def rayleigh_sq(A, x):
    """||A x||^2 / ||x||^2, exactly (A and x rational): a lower bound on ||A||_op^2."""
    y = [sum(a * b for a, b in zip(row, x)) for row in A]
    return sum(v * v for v in y) / sum(v * v for v in x)


def top_vector(A):
    """A float right singular vector for the largest singular value, as exact rationals."""
    _, _, vt = np.linalg.svd(np.array([[float(x) for x in row] for row in A]))
    return [Fraction(float(v)) for v in vt[0]]


def between_bound(M, L):
    """A rational s with ||2^-L F||_op < s < ||M||_op, both proved exactly, F = floor(2^L M);
    None when the rounding happens to lower the norm by too little (or raise it)."""
    F = [[(x.numerator << L) // x.denominator if L >= 0 else x.numerator // (x.denominator << -L)
          for x in row] for row in M]
    low_M = rayleigh_sq(M, top_vector(M))                       # <= ||M||_op^2
    Fs = [[Fraction(x, 2 ** L) if L >= 0 else Fraction(x * 2 ** -L) for x in row] for row in F]
    est_F = rayleigh_sq(Fs, top_vector(Fs))                     # ~ ||2^-L F||_op^2 (from below)
    if not est_F < low_M:
        return None
    mid = (est_F + low_M) / 2
    K = 400
    s = Fraction(math.isqrt(int(mid * 2 ** (2 * K))), 2 ** K)   # s^2 <= mid
    if not s * s < low_M:
        return None
    n = len(F[0])
    G = [[sum(F[i][a] * F[i][b] for i in range(len(F))) for b in range(n)] for a in range(n)]
    c = s * s * Fraction(4) ** L
    A = [[(c if a == b else 0) - G[a][b] for b in range(n)] for a in range(n)]
    return s if refcheck._pd_exact(A) else None


def steer_rounding(M, L):
    """M moved by less than 2^-L per entry (row sums still 0) so that R = M - 2^-L floor(2^L M)
    is near 2^-L where u_i v_k > 0 and near 0 elsewhere (u, v the top singular pair): then
    ||M||_op exceeds ||2^-L F||_op by about 2^-L u^T 1_+ v, room for a bound in between."""
    u, _, vt = np.linalg.svd(np.array([[float(x) for x in row] for row in M]))
    out = []
    for i, row in enumerate(M):
        new = []
        for k, x in enumerate(row[:-1]):
            f = (x.numerator * 2 ** L) // x.denominator
            r = Fraction(99, 100) if u[i, 0] * vt[0, k] > 0 else Fraction(1, 100)
            new.append((f + r) / 2 ** L)
        new.append(-sum(new))
        out.append(new)
    return out


r, c = opnorm_claim(Fraction(sigma) * (1 + Fraction(4, 10**15)), "L")
m = L_RE.search(c["detail"]) if c else None
if T.expect(m is not None, f"step 1b reports its L ({describe(r)})"):
    L = int(m.group(1))
    M = steer_rounding([[a - b for a, b in zip(rq, rp)] for rq, rp in zip(Q, P)], L)
    Q = [[a + b for a, b in zip(rp, rm)] for rp, rm in zip(P, M)]
    assert all(x >= 0 for row in Q for x in row) and all(sum(row) == 1 for row in Q)
    r, c = opnorm_claim(Fraction(sigma) * (1 + Fraction(4, 10**15)), "L-steered")
    m = L_RE.search(c["detail"]) if c else None
    T.expect(m is not None and int(m.group(1)) == L, "the steered M has the same L")
    s = between_bound(M, L)
    if T.expect(s is not None, "a bound s with ||2^-L F||_op < s < ||Q - P||_op exists (exact)"):
        r, c = opnorm_claim(s, "between")
        T.expect(c is not None and not r.crashed() and not c["verified"],
                 f"s between ||2^-L F|| and ||Q - P|| (false; accepted if delta were dropped): "
                 f"rejected ({(c or {}).get('detail', describe(r))[:200]})")
T.finish()
