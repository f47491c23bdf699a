"""Shared helpers of the end-to-end and tamper suites (not a test itself: no test_ prefix).

Everything here is computed independently of the product: exact rationals with
fractions.Fraction, high-precision reals with decimal.Decimal (closed forms, a second
reference checker of certificates/FORMAT.md), and float linear algebra (numpy when the
interpreter has it, else a small Jacobi eigenvalue routine) for the cross-checks.
"""
import json
import os
import re
import subprocess
import sys
import time
from decimal import Decimal, getcontext, localcontext
from fractions import Fraction

getcontext().prec = 80

try:
    import numpy
except ImportError:  # ctest may run a python3 without numpy: fall back to pure Python
    numpy = None

PEELCERT = os.environ.get("PEELCERT", "peelcert")
PEELCERT_CHECK = os.environ.get("PEELCERT_CHECK", "peelcert-check")
SOURCE = os.environ.get("PEELCERT_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())


# --------------------------------------------------------------------------- reporting

class Tally:
    """One line per case; `N passed, M failed` at the end."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def expect(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        return ok

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(1 if self.failed else 0)


def short(text, n=240):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n] + "..."


# --------------------------------------------------------------------------- running

class Run:
    def __init__(self, rc, out, err, seconds):
        self.rc, self.out, self.err, self.seconds = rc, out, err, seconds

    @property
    def text(self):
        return self.out + "\n" + self.err

    def crashed(self):
        return self.rc not in (0, 1, 2)

    def json(self):
        """The one JSON object printed with --json, or None."""
        try:
            obj = json.loads(self.out)
        except ValueError:
            return None
        return obj if isinstance(obj, dict) else None


def run(argv, timeout=120):
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Run(-999, "", f"TIMEOUT after {timeout} s", time.monotonic() - t0)
    return Run(p.returncode, p.stdout.decode("utf-8", "replace"),
               p.stderr.decode("utf-8", "replace"), time.monotonic() - t0)


def peelcert(*args, timeout=120):
    return run([PEELCERT] + [str(a) for a in args], timeout=timeout)


def peelcert_check(*args, timeout=120):
    return run([PEELCERT_CHECK] + [str(a) for a in args], timeout=timeout)


def describe(r):
    return f"exit {r.rc}: {short(r.text)}"


# --------------------------------------------------------------------------- instances

def q(x):
    """Canonical rational string of a Fraction (or int)."""
    return str(Fraction(x))


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    return path


def instance(tokens, contexts, E_W, E_H, targets, dim=None, name=None):
    obj = {"format": "peelcert-instance/1"}
    if name:
        obj["name"] = name
    obj["tokens"] = tokens
    obj["contexts"] = contexts
    if dim is not None:
        obj["dim"] = dim
    obj["E_W"] = E_W if isinstance(E_W, str) else q(E_W)
    obj["E_H"] = E_H if isinstance(E_H, str) else q(E_H)
    obj["targets"] = targets
    return obj


def exchangeable_instance(n, alpha, E_W=1, E_H=1, dim=None, name=None):
    return instance(n, n, E_W, E_H, {"exchangeable": {"diag": q(alpha)}}, dim, name)


def exchangeable_dense_rows(n, alpha):
    alpha = Fraction(alpha)
    beta = (1 - alpha) / (n - 1)
    return [[q(alpha if i == k else beta) for k in range(n)] for i in range(n)]


# --------------------------------------------------------------------------- numbers

RATIONAL_RE = re.compile(r"^-?[0-9]+(/[0-9]+)?$")
EXACT_DECIMAL_RE = re.compile(r"^-?[0-9]+\.[0-9]+$")
DECIMAL_CLAIM_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class Malformed(Exception):
    pass


def parse_rational(v, field, allow_decimal=True):
    """A JSON value -> Fraction under the (lenient) rules of FORMAT.md / SPEC 8, or Malformed."""
    if isinstance(v, bool):
        raise Malformed(f"{field}: boolean")
    if isinstance(v, int):
        return Fraction(v)
    if not isinstance(v, str):
        raise Malformed(f"{field}: not a string")
    if len(v) > 10000:
        raise Malformed(f"{field}: longer than 10000 characters")
    if RATIONAL_RE.match(v):
        num, _, den = v.partition("/")
        if den and int(den) == 0:
            raise Malformed(f"{field}: zero denominator")
        return Fraction(int(num), int(den) if den else 1)
    if allow_decimal and EXACT_DECIMAL_RE.match(v):
        return Fraction(Decimal(v))
    raise Malformed(f"{field}: not a rational: {v[:40]!r}")


def parse_decimal_claim(v, field):
    if not isinstance(v, str) or not DECIMAL_CLAIM_RE.match(v) or len(v) > 10000:
        raise Malformed(f"{field}: not a decimal string")
    return Fraction(Decimal(v))


def D(x):
    """Fraction -> Decimal (relative error ~1e-80)."""
    x = Fraction(x)
    return Decimal(x.numerator) / Decimal(x.denominator)


def xlogx(x):
    x = D(x) if not isinstance(x, Decimal) else x
    return Decimal(0) if x == 0 else x * x.ln()


def entropy(row):
    return -sum((xlogx(p) for p in row), Decimal(0))


def lse(z):
    m = max(z)
    return m + sum(((v - m).exp() for v in z), Decimal(0)).ln()


# --------------------------------------------------------------------------- closed form (SPEC 5b)

def exchangeable_closed_form(n, alpha, E_W, E_H):
    """(val, x*, binding, rho) of the exchangeable instance, with decimal precision 80.
    binding iff |log(alpha/beta)| >= rho/(n-1)."""
    alpha, E_W, E_H = Fraction(alpha), Fraction(E_W), Fraction(E_H)
    beta = (1 - alpha) / (n - 1)
    rho = (D(n * E_W) * D(n * E_H)).sqrt()
    cap = rho / (n - 1)
    if alpha == 0:
        ratio = None  # -inf
        binding = True
        x = -cap
    elif beta == 0:
        binding = True
        x = cap
    else:
        ratio = (D(alpha) / D(beta)).ln()
        binding = abs(ratio) >= cap
        x = max(-cap, min(cap, ratio))
    val = -D(alpha) * x + (x.exp() + (n - 1)).ln()
    return val, x, binding, rho


# --------------------------------------------------------------------------- float linear algebra

def sym_eigvals(A):
    """Eigenvalues of a symmetric float matrix (list of lists)."""
    n = len(A)
    if n == 0:
        return []
    if numpy is not None:
        return sorted(float(v) for v in numpy.linalg.eigvalsh(numpy.array(A, dtype=float)))
    a = [[float(v) for v in row] for row in A]
    for _sweep in range(100):
        off = sum(a[i][j] ** 2 for i in range(n) for j in range(n) if i != j)
        if off < 1e-30 * max(1.0, sum(a[i][i] ** 2 for i in range(n))):
            break
        for p in range(n):
            for r in range(p + 1, n):
                if abs(a[p][r]) < 1e-300:
                    continue
                theta = (a[r][r] - a[p][p]) / (2 * a[p][r])
                t = (1.0 if theta >= 0 else -1.0) / (abs(theta) + (theta * theta + 1) ** 0.5)
                c = 1 / (t * t + 1) ** 0.5
                s = t * c
                for k in range(n):
                    akp, akr = a[k][p], a[k][r]
                    a[k][p], a[k][r] = c * akp - s * akr, s * akp + c * akr
                for k in range(n):
                    apk, ark = a[p][k], a[r][k]
                    a[p][k], a[r][k] = c * apk - s * ark, s * apk + c * ark
    return sorted(a[i][i] for i in range(n))


def matmul_f(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))]
            for i in range(len(A))]


def transpose(A):
    return [list(r) for r in zip(*A)]


def singular_values(A):
    """Float singular values of a (float) matrix, descending."""
    if numpy is not None:
        return [float(v) for v in numpy.linalg.svd(numpy.array(A, dtype=float), compute_uv=False)]
    At = transpose(A)
    G = matmul_f(At, A) if len(At) <= len(A) else matmul_f(A, At)
    return sorted((max(v, 0.0) ** 0.5 for v in sym_eigvals(G)), reverse=True)


# --------------------------------------------------------------------------- DFT in Decimal

_PI = None


def _atan_inv(k):
    """atan(1/k) by its series."""
    x = Decimal(1) / k
    x2 = x * x
    total, term, n, sign = Decimal(0), x, 1, 1
    eps = Decimal(10) ** (-(getcontext().prec + 5))
    while abs(term) > eps:
        total += sign * term / n
        term *= x2
        n += 2
        sign = -sign
    return total


def pi():
    global _PI
    if _PI is None:
        _PI = 16 * _atan_inv(5) - 4 * _atan_inv(239)  # Machin
    return _PI


def cos_sin(theta):
    """cos and sin of a Decimal angle, by Taylor series after reduction to [-pi, pi]."""
    two_pi = 2 * pi()
    theta = theta - two_pi * (theta / two_pi).to_integral_value()
    if theta > pi():
        theta -= two_pi
    c, s = Decimal(0), Decimal(0)
    term = Decimal(1)
    eps = Decimal(10) ** (-(getcontext().prec + 5))
    k = 0
    while True:
        if k % 4 == 0:
            c += term
        elif k % 4 == 1:
            s += term
        elif k % 4 == 2:
            c -= term
        else:
            s -= term
        k += 1
        term = term * theta / k
        if abs(term) < eps and k > 4:
            break
    return c, s


def dft_abs(v):
    """|v_hat_j| for j = 0..n-1, v_hat_j = sum_m v_m exp(-2 pi i j m / n)  (Decimal)."""
    n = len(v)
    vd = [x if isinstance(x, Decimal) else D(x) for x in v]
    out = []
    for j in range(n):
        re_, im_ = Decimal(0), Decimal(0)
        for m in range(n):
            c, s = cos_sin(2 * pi() * ((j * m) % n) / n)
            re_ += vd[m] * c
            im_ -= vd[m] * s
        out.append((re_ * re_ + im_ * im_).sqrt())
    return out


# --------------------------------------------------------------------------- handcrafted certificates
# Trivially valid certificates built without the product (FORMAT.md): the primal Z = 0
# (feasible for every budget, f(0) = log V) and the dual Q = P (opnorm 0, LB = mean entropy).
# They exercise the checker on inputs that its author's solver never produced.

def dec_floor(x, places=30):
    from decimal import ROUND_FLOOR
    return format((x - Decimal("1e-60")).quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR), "f")


def dec_ceil(x, places=30):
    from decimal import ROUND_CEILING
    return format((x + Decimal("1e-60")).quantize(Decimal(1).scaleb(-places), rounding=ROUND_CEILING), "f")


def _cert(kind, inst, lower, upper, regime, structure, primal, dual, upper_is_lp=True, gram=None):
    claims = {"lower": lower, "upper": upper, "upper_is_lp": upper_is_lp,
              "regime": regime, "structure": structure}
    if gram:
        claims["gram"] = gram
    return {"format": "peelcert-certificate/1", "kind": kind, "instance": inst, "claims": claims,
            "primal": primal, "dual": dual, "producer": {"name": "handcrafted by tests/e2e"}}


def trivial_dense_cert(inst_obj):
    """inst_obj must carry an explicit dim."""
    import refcheck
    I = refcheck.Inst(inst_obj)
    P = I.P()
    V, N, d = I.V, I.N, I.d
    lower = sum((entropy(r) for r in P), Decimal(0)) / N
    upper = Decimal(V).ln()
    return _cert("dense", inst_obj, dec_floor(lower), dec_ceil(upper),
                 "binding" if I.has_zero() else "undetermined", "none",
                 {"W": [["0"] * d for _ in range(V)], "H": [["0"] * N for _ in range(d)]},
                 {"Q": [[q(x) for x in row] for row in P], "opnorm_bound": "0"})


def trivial_circulant_cert(inst_obj):
    import refcheck
    I = refcheck.Inst(inst_obj)
    n = I.V
    qrow = [I.entry(0, k) for k in range(n)]
    return _cert("circulant", inst_obj, dec_floor(entropy(qrow)), dec_ceil(Decimal(n).ln()),
                 "binding" if I.has_zero() else "undetermined", "circulant",
                 {"c": ["0"] * n}, {"r": [q(x) for x in qrow]})


def trivial_exchangeable_cert(inst_obj):
    import refcheck
    I = refcheck.Inst(inst_obj)
    return _cert("exchangeable", inst_obj, dec_floor(I.mean_entropy()), dec_ceil(Decimal(I.V).ln()),
                 "binding" if I.has_zero() else "undetermined", "none",
                 {"x": "0"}, {"r": q(I.alpha)})
