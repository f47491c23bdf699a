"""Helpers of the tests/abelian suite (not a test itself: no test_ prefix): group_circulant
instances on G = Z_n1 x ... x Z_nk (SPEC 11) built and expanded here independently of the
product (plain mixed-radix arithmetic, exact Fractions), the dense and CRT twins, and runners."""
import json
import os
import random
import subprocess
from fractions import Fraction

PEELCERT = os.environ.get("PEELCERT", "peelcert")
CHECK = os.environ.get("PEELCERT_CHECK", "peelcert-check")
SOURCE = os.environ.get("PEELCERT_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def expect(self, ok, what):
        self.passed += bool(ok)
        self.failed += not ok
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        return ok

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        raise SystemExit(1 if self.failed else 0)


def digits_of(x, orders):
    """Mixed-radix digits of flat index x, last order fastest."""
    out = []
    for m in reversed(orders):
        out.append(x % m)
        x //= m
    return out[::-1]


def flat(digits, orders):
    x = 0
    for d, m in zip(digits, orders):
        x = x * m + d % m
    return x


def sub(x, y, orders):
    """x - y in the group."""
    return flat([a - b for a, b in zip(digits_of(x, orders), digits_of(y, orders))], orders)


def q_text(v):
    v = Fraction(v)
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def random_q(n, rng, zeros=False):
    w = [rng.randint(0 if zeros else 1, 12) for _ in range(n)]
    if sum(w) == 0:
        w[0] = 1
    s = sum(w)
    return [Fraction(x, s) for x in w]


def group_instance(orders, q, E_W="1", E_H="1", name=None, dim=None):
    n = 1
    for m in orders:
        n *= m
    inst = {"format": "peelcert-instance/1", "tokens": n, "contexts": n, "E_W": E_W, "E_H": E_H,
            "targets": {"group_circulant": {"orders": list(orders), "q": [q_text(v) for v in q]}}}
    if name:
        inst["name"] = name
    if dim is not None:
        inst["dim"] = dim
    return inst


def dense_twin(inst):
    """The same instance with dense targets P[i][k] = q[k - i] (computed here)."""
    g = inst["targets"]["group_circulant"]
    orders, q = g["orders"], g["q"]
    n = len(q)
    out = dict(inst)
    out["targets"] = [[q[sub(k, i, orders)] for k in range(n)] for i in range(n)]
    return out


def crt_twin(inst):
    """For pairwise coprime orders: the circulant on Z_n with q_c[m] = q[(m mod n1, ...)]; the
    map m -> (m mod n_t)_t is a group isomorphism Z_n -> G, so the instances are relabellings."""
    g = inst["targets"]["group_circulant"]
    orders, q = g["orders"], g["q"]
    n = len(q)
    out = dict(inst)
    out["targets"] = {"circulant": [q[flat([m % o for o in orders], orders)] for m in range(n)]}
    return out


def write(name, obj):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
    return path


def run(argv, timeout=600):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def certify(path, extra=()):
    """(rc, --json object or None, cert path)."""
    cert = path.replace(".json", ".cert.json")
    rc, out, err = run([PEELCERT, "certify", path, "--json", "-o", cert] + list(extra))
    try:
        doc = json.loads(out)
    except ValueError:
        doc = None
    return rc, doc, cert


def interval(doc):
    return Fraction(doc["lower"]), Fraction(doc["upper"])


def intersect(a, b):
    return max(a[0], b[0]) <= min(a[1], b[1])
