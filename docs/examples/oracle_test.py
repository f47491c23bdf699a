"""Testing another implementation against peelcert oracles, with the Python package (pytest).

    python3 -m pytest docs/examples/oracle_test.py

The "other implementation" here is a small NumPy solver of the convex problem (C) of SPEC 2
(accelerated projected gradient on the nuclear-norm ball) — replace `my_solver` by your PyTorch /
JAX code. The test asserts that its value lies in the certified interval and its centered
logits in the certified balls (up to the solver's own tolerance), and that a deliberately wrong
implementation (targets shifted by one token) is caught. peelcert.audit then proves how far the
solver's own point is from optimal (its float64 logits taken exactly, no file written). Run in
CI by tests/oracle."""
import random
from fractions import Fraction

import numpy as np
import pytest

import peelcert


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
    return (U * np.maximum(s - css[k] / (k + 1), 0.0)) @ Vt


def my_solver(P, rho, iterations=3000):
    """The implementation under test: (optimal value, centered logits V x N)."""
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


def wrong_solver(P, rho):
    """A deliberately wrong implementation: it reads the targets shifted by one token."""
    return my_solver(np.roll(P, 1, axis=1), rho, iterations=1000)


def targets(inst):
    """The dense N x V targets of an instance, as doubles (for the solver under test)."""
    doc = inst.to_json()
    V, N, t = doc["tokens"], doc["contexts"], doc["targets"]
    if isinstance(t, list):
        return np.array([[float(Fraction(x)) for x in row] for row in t])
    if "circulant" in t:
        q = [float(Fraction(x)) for x in t["circulant"]]
        return np.array([[q[(k - i) % V] for k in range(V)] for i in range(N)])
    a = float(Fraction(t["exchangeable"]["diag"]))
    return np.full((N, V), (1 - a) / (V - 1)) + (a - (1 - a) / (V - 1)) * np.eye(V)


def random_dense(V, N, seed):
    """A random dense instance with exact rows (integers over their sum)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(N):
        w = [rng.randint(1, 9) for _ in range(V)]
        rows.append([Fraction(x, sum(w)) for x in w])
    return peelcert.Instance(targets=rows, E_W=Fraction(1, 2), E_H=Fraction(1, 2), name="random")


def instances():
    days = peelcert.Instance(targets={"circulant": ["1/20", "1/2", "1/5", "1/16", "1/16", "1/16", "1/16"]},
                             E_W=1, E_H=1, name="days-of-week")
    exch = peelcert.Instance(targets={"exchangeable": {"diag": Fraction(1, 2)}}, tokens=6, contexts=6,
                             E_W=Fraction(1, 2), E_H=Fraction(1, 2), name="exchangeable")
    return [days, random_dense(5, 4, 11), exch]


def agrees_with_oracle(solver, inst, tol=1e-6):
    """(ok, why): the solver's value in the certified interval and its logits in the balls."""
    o = peelcert.oracle(inst, digits=12)
    value, Z = solver(targets(inst), rho_of(inst))
    if not float(o.lower) - 1e-8 <= value <= float(o.upper) + 1e-8:
        return False, "value %.12g outside [%s, %s]" % (value, float(o.lower), float(o.upper))
    Zo, R = o.logits
    worst = float(np.max(np.abs(Z - Zo) - R))
    if worst > tol:
        return False, "logits outside the certified balls by %.3g" % worst
    return True, "value %.12g, logits within the balls (max excess %.3g)" % (value, worst)


@pytest.mark.parametrize("inst", instances(), ids=lambda i: i.name)
def test_implementation_matches_the_oracle(inst):
    ok, why = agrees_with_oracle(my_solver, inst)
    assert ok, why


@pytest.mark.parametrize("inst", instances()[:2], ids=lambda i: i.name)
def test_a_wrong_implementation_is_caught(inst):
    ok, why = agrees_with_oracle(wrong_solver, inst)
    assert not ok, "a wrong implementation passed the oracle test: " + why


def rho_of(inst):
    return float((inst.E_W * inst.tokens * inst.E_H * inst.contexts) ** 0.5)


@pytest.mark.parametrize("inst", instances()[:2], ids=lambda i: i.name)
def test_audit_proves_the_solver_near_optimal(inst):
    _, Z = my_solver(targets(inst), rho_of(inst))
    a = peelcert.audit(inst, Z=Z, eps=1e-6)            # the float64 logits, taken exactly
    assert a.verdict == "optimal-within" and a.exit_code == 0, a.message
    assert 0 <= a.suboptimality[0] <= a.suboptimality[1] <= Fraction(1, 10**6)


def test_audit_proves_the_wrong_solver_not_optimal():
    inst = instances()[0]
    _, Z = wrong_solver(targets(inst), rho_of(inst))
    a = peelcert.audit(inst, Z=Z)
    assert a.verdict == "not-optimal" and a.verified and a.suboptimality[0] > Fraction(1, 10), a.message
