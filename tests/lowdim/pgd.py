"""Projected gradient descent for (LP) at the instance's d, in NumPy (issue 11): the
baseline that peelcert's factored solver must never lose to. Not a test by itself."""
import json
import os
import subprocess
from fractions import Fraction

import numpy as np


def targets(inst):
    """P (N x V floats) from an instance document (dense or circulant form)."""
    t = inst["targets"]
    if isinstance(t, dict) and "circulant" in t:
        q = [float(Fraction(x)) for x in t["circulant"]]
        n = len(q)
        return np.array([[q[(k - i) % n] for k in range(n)] for i in range(n)])
    return np.array([[float(Fraction(x)) for x in row] for row in t])


def objective(P, W, H):
    """f(W H) for a batch: W (s, V, d), H (s, d, N); returns values (s,) and gradients."""
    Z = W @ H
    m = Z.max(axis=1, keepdims=True)
    E = np.exp(Z - m)
    S = E.sum(axis=1, keepdims=True)
    N = P.shape[0]
    f = (m[:, 0, :] + np.log(S[:, 0, :]) - np.einsum("ik,ski->si", P, Z)).mean(axis=1)
    G = (E / S - P.T[None]) / N
    return f, G @ np.swapaxes(H, 1, 2), np.swapaxes(W, 1, 2) @ G


def project(X, budget):
    norm2 = (X ** 2).sum(axis=(1, 2), keepdims=True)
    return X * np.minimum(1.0, np.sqrt(budget / norm2))


def pgd_best(inst, starts=20, iterations=2500, seed=11):
    """Best f over `starts` runs of projected gradient descent from random starts."""
    P = targets(inst)
    N, V = P.shape
    d = inst["dim"]
    a = V * float(Fraction(inst["E_W"]))
    b = N * float(Fraction(inst["E_H"]))
    rng = np.random.default_rng(seed)
    W = project(rng.standard_normal((starts, V, d)), a)
    H = project(rng.standard_normal((starts, d, N)), b)
    step = 0.5 * N / max(a, b)
    best = np.inf
    for _ in range(iterations):
        f, gW, gH = objective(P, W, H)
        best = min(best, f.min())
        W = project(W - step * gW, a)
        H = project(H - step * gH, b)
    f, _, _ = objective(P, W, H)
    return float(min(best, f.min()))


def certify_lp(path, work):
    """peelcert certify --json on path; returns the document."""
    out = os.path.join(work, os.path.basename(path) + ".cert.json")
    run = subprocess.run([os.environ["PEELCERT"], "certify", path, "--json", "-o", out],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr + run.stdout
    return json.loads(run.stdout), out


def with_dim(src, d, work):
    inst = json.load(open(src))
    inst["dim"] = d
    path = os.path.join(work, "%s-d%d.json" % (os.path.basename(src)[:-5], d))
    json.dump(inst, open(path, "w"))
    return path, inst
