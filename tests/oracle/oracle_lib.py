"""Helpers of the oracle tests (not a test itself: no test_ prefix).

Reads peelcert-oracle/2 documents independently of the product: every matrix form of
docs/oracle.md expanded to dense lists of (Decimal value, Decimal radius), the instance's
targets as exact Fractions, and high-precision references with decimal.Decimal."""
import json
import os
import subprocess
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 120

PEELCERT = os.environ.get("PEELCERT", "peelcert")
PEELCERT_CHECK = os.environ.get("PEELCERT_CHECK", "peelcert-check")
SOURCE = os.environ.get("PEELCERT_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())

failed = 0


def expect(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failed += 1
    return ok


def finish():
    print("all passed" if not failed else f"{failed} failed", flush=True)
    sys.exit(1 if failed else 0)


def run(*args):
    p = subprocess.run([PEELCERT, *args], capture_output=True, text=True, cwd=WORK)
    return p.returncode, p.stdout, p.stderr


def oracle(inst, *opts):
    rc, out, err = run("oracle", inst, *opts)
    doc = json.loads(out) if out.strip() else None
    return rc, doc, err


def dec(x):
    return Decimal(x)


def ball(b):
    return Decimal(b["value"]), Decimal(b["radius"])


def balls(obj):
    """Every ball in a JSON value (skipping the instance)."""
    if isinstance(obj, dict):
        if "value" in obj and "radius" in obj and isinstance(obj["value"], str):
            yield obj
            return
        for k, v in obj.items():
            if k != "instance":
                yield from balls(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from balls(v)


def expand(m, rows, cols):
    """A matrix form of docs/oracle.md as rows x cols (value, radius) pairs."""
    f = m["form"]
    if f == "dense":
        return [[ball(b) for b in r] for r in m["rows"]]
    if f == "circulant":
        c = [ball(b) for b in m["first_column"]]
        n = len(c)
        return [[c[(k - i) % n] for i in range(cols)] for k in range(rows)]
    if f == "diagonal/off-diagonal":
        d, o = ball(m["diagonal"]), ball(m["off_diagonal"])
        return [[d if k == i else o for i in range(cols)] for k in range(rows)]
    if f == "orbital":
        vals = [ball(b) for b in m["values"]]
        return [[vals[o] for o in r] for r in m["orbital"]]
    raise ValueError("unknown form " + f)


def targets(inst):
    """P (N x V) as Fractions from a canonical instance."""
    V, N, t = inst["tokens"], inst["contexts"], inst["targets"]
    if isinstance(t, list):
        return [[Fraction(x) for x in row] for row in t]
    if "circulant" in t:
        q = [Fraction(x) for x in t["circulant"]]
        return [[q[(k - i) % V] for k in range(V)] for i in range(N)]
    if "onehot" in t:
        return [[Fraction(1 if k == t["onehot"][i] else 0) for k in range(V)] for i in range(N)]
    a = Fraction(t["exchangeable"]["diag"])
    b = (1 - a) / (V - 1)
    return [[a if k == i else b for k in range(V)] for i in range(N)]


def budgets(inst):
    V, N = inst["tokens"], inst["contexts"]
    return V * Fraction(inst["E_W"]), N * Fraction(inst["E_H"])


def fdec(x):
    return Decimal(x.numerator) / Decimal(x.denominator)


def centered_log(inst):
    """Pi log P^T (V x N) in Decimal: column i is log p_i minus its mean."""
    P = targets(inst)
    V = inst["tokens"]
    Z = [[None] * len(P) for _ in range(V)]
    for i, row in enumerate(P):
        logs = [fdec(p).ln() for p in row]
        mean = sum(logs) / V
        for k in range(V):
            Z[k][i] = logs[k] - mean
    return Z
