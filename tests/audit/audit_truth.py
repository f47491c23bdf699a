"""The truth an audit is checked against, computed independently of peelcert: f of a float claim
(W, H) from the exact values of its floats, with Python's decimal module (shared by
tests/audit/test_audit_float.py and python/tests/test_audit.py)."""
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

DIGITS = 60


def dec(q):
    """A Fraction as a Decimal (rounded to the context's precision)."""
    return Decimal(q.numerator) / Decimal(q.denominator)


def exact_sq(X):
    """||X||_F^2 exactly, from the exact values of the floats."""
    return sum(Fraction(float(x)) ** 2 for x in np.asarray(X, dtype=np.float64).ravel())


def f_decimal(P, W, H, scale=Decimal(1), digits=DIGITS):
    """f(scale * W H) = (1/N) sum_i [logsumexp(z_i) - <P_i, z_i>] (z_i the i-th column of the
    V x N logits; P is N x V, Fractions) at `digits` digits, from the exact values of the floats."""
    with localcontext() as ctx:
        ctx.prec = digits
        Wq = [[Fraction(float(x)) for x in row] for row in np.asarray(W, dtype=np.float64)]
        Hq = [[Fraction(float(x)) for x in row] for row in np.asarray(H, dtype=np.float64)]
        V, d, N = len(Wq), len(Hq), len(Hq[0])
        total = Decimal(0)
        for i in range(N):
            z = [scale * dec(sum(Wq[k][t] * Hq[t][i] for t in range(d))) for k in range(V)]
            m = max(z)
            total += m + sum((x - m).exp() for x in z).ln() - sum(dec(P[i][k]) * z[k] for k in range(V))
        return total / N
