#!/usr/bin/env python3
"""Claim opnorm of kind dense, step 1b (check_opnorm.c): the exact integer Gram matrix of the
fixed-point rounding F = floor(2^L M), M = Q - P, then a ball Cholesky. A bound s a few parts in
10^15 above ||Q - P||_op (too close for the binary64 criterion, step 1) must be verified by step
1b; the same margin below must be rejected (step 1b only proves: the old steps reject)."""
import sys
sys.dont_write_bytecode = True
import os
import random
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert_check, describe, write_json, instance, trivial_dense_cert, q

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
T.finish()
