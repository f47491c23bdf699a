#!/usr/bin/env python3
"""Testing another implementation against a peelcert oracle (numpy only).

    python3 oracle_test.py PEELCERT INSTANCE.json

The "other implementation" here is a small numpy solver for the convex problem (C) of SPEC 2
(accelerated projected gradient on the nuclear-norm ball) — replace `my_solver` by a call to
your PyTorch / JAX code. The test asserts that its value lies in the certified interval and
its centered logits lie in the certified balls (up to the solver's own tolerance)."""
import json
import subprocess
import sys
from fractions import Fraction

import numpy as np


def load_targets(inst):
    V, N, t = inst["tokens"], inst["contexts"], inst["targets"]
    if isinstance(t, list):
        return np.array([[float(Fraction(x)) for x in row] for row in t])
    if "circulant" in t:
        q = [float(Fraction(x)) for x in t["circulant"]]
        return np.array([[q[(k - i) % V] for k in range(V)] for i in range(N)])
    if "onehot" in t:
        P = np.zeros((N, V))
        P[np.arange(N), t["onehot"]] = 1.0
        return P
    a = float(Fraction(t["exchangeable"]["diag"]))
    return np.full((N, V), (1 - a) / (V - 1)) + (a - (1 - a) / (V - 1)) * np.eye(V)


def objective(Z, P):
    """f(Z) = (1/N) sum_i [LSE(Z[:, i]) - <p_i, Z[:, i]>]; Z is V x N, P is N x V."""
    m = Z.max(axis=0)
    lse = m + np.log(np.exp(Z - m).sum(axis=0))
    return float(np.mean(lse - (P.T * Z).sum(axis=0)))


def gradient(Z, P):
    S = np.exp(Z - Z.max(axis=0))
    S /= S.sum(axis=0)
    return (S - P.T) / Z.shape[1]


def project_nuclear(Z, rho):
    U, s, Vt = np.linalg.svd(Z, full_matrices=False)
    if s.sum() <= rho:
        return Z
    u = np.sort(s)[::-1]
    css = np.cumsum(u) - rho
    k = np.nonzero(u - css / np.arange(1, len(u) + 1) > 0)[0][-1]
    s = np.maximum(s - css[k] / (k + 1), 0.0)
    return (U * s) @ Vt


def my_solver(P, rho, iterations=20000):
    N, V = P.shape
    Z = np.zeros((V, N))
    Y, t, step = Z.copy(), 1.0, float(N)     # the gradient is (1/N)-Lipschitz
    for _ in range(iterations):
        Znew = project_nuclear(Y - step * gradient(Y, P), rho)
        tnew = (1 + (1 + 4 * t * t) ** 0.5) / 2
        Y = Znew + (t - 1) / tnew * (Znew - Z)
        if objective(Y, P) > objective(Znew, P):   # adaptive restart
            Y, tnew = Znew.copy(), 1.0
        Z, t = Znew, tnew
    return objective(Z, P), Z - Z.mean(axis=0)


def oracle_logits(doc, V, N):
    L = doc["logits"]
    if L["form"] == "dense":
        Zo = np.array([[float(b["value"]) for b in row] for row in L["rows"]])
        R = np.array([[float(b["radius"]) for b in row] for row in L["rows"]])
    elif L["form"] == "circulant":
        c = [float(b["value"]) for b in L["first_column"]]
        r = [float(b["radius"]) for b in L["first_column"]]
        Zo = np.array([[c[(k - i) % V] for i in range(N)] for k in range(V)])
        R = np.array([[r[(k - i) % V] for i in range(N)] for k in range(V)])
    else:
        d, o = float(L["diagonal"]["value"]), float(L["off_diagonal"]["value"])
        Zo = np.full((V, N), o) + (d - o) * np.eye(V)
        R = np.full((V, N), max(float(L["diagonal"]["radius"]), float(L["off_diagonal"]["radius"])))
    return Zo, R


def main():
    peelcert, path = sys.argv[1], sys.argv[2]
    doc = json.loads(subprocess.run([peelcert, "oracle", path],
                                    capture_output=True, text=True, check=True).stdout)
    inst = doc["instance"]
    V, N = inst["tokens"], inst["contexts"]
    P = load_targets(inst)
    rho = float((Fraction(inst["E_W"]) * V * Fraction(inst["E_H"]) * N) ** 0.5)
    lo, hi = float(doc["value"]["lower"]), float(doc["value"]["upper"])
    value, Z = my_solver(P, rho)
    print(f"{path}: certified [{doc['value']['lower'][:16]}, {doc['value']['upper'][:16]}], "
          f"numpy solver {value:.12f}")
    assert lo - 1e-8 <= value <= hi + 1e-8, "the implementation's value is outside the certified interval"
    Zo, R = oracle_logits(doc, V, N)
    worst = float(np.max(np.abs(Z - Zo) - R))
    print(f"  logits: max(|Z - Z°| - radius) = {worst:.3g}")
    assert worst <= 1e-4, "the implementation's logits are outside the certified balls"
    print("  ok")


if __name__ == "__main__":
    main()
