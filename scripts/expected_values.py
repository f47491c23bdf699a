#!/usr/bin/env python3
"""Writes proofs-data/expected.json: for every proofs-data instance whose optimum has a
closed form (SPEC 5b: exchangeable targets), the value to 60 digits, the regime and the
structure, computed here with Python's decimal module — independently of peelcert.
Instances without a closed form get the regime/structure the theory predicts, if any.
group_circulant instances on pairwise coprime orders (SPEC 11; Z_7 x Z_24 = Z_168) get the value
of their CRT twin, the circulant relabelled by m -> (m mod n_t)_t, certified to 60 digits by
peelcert's *cyclic* path (a different path and group arithmetic than the one under test, not an
independent program; the binary is the first argument, default build/peelcert).
The n = 13 leave-and-return instances (cyclic-13-leave-F, SPEC 5a, issue 13) get the breakpoints
of their phase diagram over 0 < rho <= 1.5 rho_int found without peelcert sweep: peelcert
certify at a = b = rho on a grid of step 1/2 from 1/10, the active set read from each
certificate's circulant c (|c_hat_j| > 1e-9, numpy DFT of the exact rationals), every change
bisected to a bracket of width <= 1e-4 (within ~5e-6 of a breakpoint certify can take
minutes: such points are moved); and rho_int = ||Pi log P^T||_* in decimal.

    python3 scripts/expected_values.py [path/to/peelcert]"""
import json, os, subprocess, sys, tempfile
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 90
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "proofs-data")

def dec(q):
    q = Fraction(q)
    return Decimal(q.numerator) / Decimal(q.denominator)

def exchangeable_expectation(inst):
    """SPEC 5b: x* = clamp(log(alpha/beta), +-rho/(n-1)), val = -alpha x* + log(exp(x*) + n - 1)."""
    n = inst["tokens"]
    alpha = Fraction(inst["targets"]["exchangeable"]["diag"])
    beta = (1 - alpha) / (n - 1)
    a, b = n * Fraction(inst["E_W"]), n * Fraction(inst["E_H"])
    bound = (dec(a) * dec(b)).sqrt() / (n - 1)
    if beta == 0:
        x, binding = bound, True
    elif alpha == 0:
        x, binding = -bound, True
    else:
        L = (dec(alpha) / dec(beta)).ln()
        binding = abs(L) >= bound
        x = L if not binding else (bound if L > 0 else -bound)
    val = -dec(alpha) * x + (x.exp() + (n - 1)).ln()
    dim = inst.get("dim", min(n - 1, n))
    return {"value": f"{val:.60f}", "regime": "binding" if binding else "interior",
            "structure": "simplex-etf" if binding and dim >= n - 1 else "none"}

def entropy(row):
    return -sum(dec(p) * dec(p).ln() for p in map(Fraction, row) if p != 0)

def centered_log_nuclear_float(rows):
    """||Pi log P^T||_* in floating point (numpy SVD), or None without numpy. Used only to
    predict the regime where the margin to rho is large (> 1e-6 relative)."""
    try:
        import numpy as np
    except ImportError:
        return None
    P = np.array([[float(Fraction(x)) for x in r] for r in rows])
    if (P <= 0).any():
        return float("inf")
    L = np.log(P).T
    L = L - L.mean(axis=0)
    return float(np.linalg.svd(L, compute_uv=False).sum())

def group_sub(x, y, orders):
    """x - y in Z_n1 x ... x Z_nk, flat mixed-radix indices (last order fastest)."""
    out, scale = 0, 1
    for m in reversed(orders):
        out += ((x % m - y % m) % m) * scale
        scale *= m
        x //= m
        y //= m
    return out

def dense_rows(inst):
    t = inst["targets"]
    n = inst["tokens"]
    if isinstance(t, dict) and "group_circulant" in t:
        g = t["group_circulant"]
        return [[g["q"][group_sub(k, i, g["orders"])] for k in range(n)] for i in range(n)]
    if isinstance(t, dict) and "circulant" in t:
        q = t["circulant"]
        return [[q[(k - i) % n] for k in range(n)] for i in range(inst["contexts"])]
    return t

def two_transitive(gens, V):
    """Union-find over ordered pairs: exactly two orbits (diagonal and the rest)."""
    parent = list(range(V * V))
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for g in gens:
        for u in range(V):
            for v in range(V):
                a, b = find(u * V + v), find(g[u] * V + g[v])
                if a != b:
                    parent[a] = b
    return V >= 2 and len({find(x) for x in range(V * V)}) == 2

def general_expectation(inst):
    """Regime from ||Pi log P^T||_* vs rho (float, with a margin); interior value = mean
    target entropy; structure from the theory: simplex-etf for a 2-transitive token symmetry
    in the binding regime with d >= min(V-1, N), else circulant for circulant targets."""
    V, N = inst["tokens"], inst["contexts"]
    rows = dense_rows(inst)
    rho = float((Fraction(inst["E_W"]) * V * Fraction(inst["E_H"]) * N) ** 0.5)
    nuc = centered_log_nuclear_float(rows)
    out = {}
    circulant = V == N and all(rows[i][k] == rows[0][(k - i) % V] for i in range(N) for k in range(V))
    if nuc is None or abs(nuc - rho) < 1e-6 * rho:
        return {"structure": "circulant"} if circulant else {}
    binding = nuc >= rho
    out["regime"] = "binding" if binding else "interior"
    if not binding:
        mean = sum(entropy(r) for r in rows) / N
        out["value"] = f"{mean:.60f}"
    dim = inst.get("dim", max(1, min(V - 1, N)))
    gens = inst.get("symmetry", {}).get("tokens", [])
    group = inst["targets"].get("group_circulant") if isinstance(inst["targets"], dict) else None
    if binding and dim >= min(V - 1, N) and gens and two_transitive(gens, V):
        out["structure"] = "simplex-etf"
    elif group is not None and len(group["orders"]) > 1:
        out["structure"] = "group-invariant"      # SPEC 11a
    elif circulant:
        out["structure"] = "circulant"
    elif binding or not gens:
        out["structure"] = "none"
    return out

def coprime(orders):
    from math import gcd
    return all(gcd(a, b) == 1 for i, a in enumerate(orders) for b in orders[i + 1:])

def crt_twin_value(inst, peelcert):
    """The value of the CRT circulant twin by peelcert's cyclic path at 60 digits (midpoint)."""
    g = inst["targets"]["group_circulant"]
    orders, q, n = g["orders"], g["q"], inst["tokens"]
    def flat(m):
        x = 0
        for o in orders:
            x = x * o + m % o
        return x
    twin = {k: v for k, v in inst.items() if k not in ("token_names", "context_names")}
    twin["targets"] = {"circulant": [q[flat(m)] for m in range(n)]}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "twin.json")
        with open(path, "w") as f:
            json.dump(twin, f)
        res = subprocess.run([peelcert, "certify", path, "--digits", "60", "--json", "-o",
                              os.path.join(tmp, "twin.cert.json")], capture_output=True,
                             text=True, check=True)
    doc = json.loads(res.stdout)
    assert doc["path"] == "circulant" and doc["verified"], doc
    mid = (Fraction(doc["lower"]) + Fraction(doc["upper"])) / 2
    return f"{dec(mid):.60f}"

def certify_active(inst, rho, peelcert, tmp):
    """Frequencies j in 1..n/2 with |c_hat_j| > 1e-9 in the certificate at a = b = rho, or
    'interior' (peelcert certify's regime)."""
    import numpy as np
    n = inst["tokens"]
    e = str(Fraction(rho) / n)
    path, cert = os.path.join(tmp, "bp.json"), os.path.join(tmp, "bp.cert.json")
    with open(path, "w") as f:
        json.dump(dict(inst, E_W=e, E_H=e), f)
    try:
        r = subprocess.run([peelcert, "certify", path, "-o", cert, "--json", "--digits", "20"],
                           capture_output=True, text=True, timeout=5)
    except subprocess.TimeoutExpired:
        return None        # right at a breakpoint certify can be slow: the caller moves the point
    assert r.returncode == 0, r.stderr
    if json.loads(r.stdout)["regime"] == "interior":
        return "interior"
    c = np.array([float(Fraction(x)) for x in json.load(open(cert))["primal"]["c"]])
    mags = np.abs(np.fft.fft(c))[1:n // 2 + 1]
    return tuple(j + 1 for j in range(n // 2) if mags[j] > 1e-9)

def sweep_breakpoints(inst, peelcert):
    """The frequency breakpoints in (0, 1.5 rho_int] by certify on a grid and bisection."""
    n = inst["tokens"]
    q = [dec(x) for x in inst["targets"]["circulant"]]
    logs = [x.ln() for x in q]
    mean = sum(logs) / n
    l = [float(x - mean) for x in logs]
    import numpy as np
    rho_int = float(np.abs(np.fft.fft(l)).sum())
    top = Fraction(3, 2) * Fraction(rho_int)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        act = lambda r: certify_active(inst, r, peelcert, tmp)

        def split(a, sa, b, sb):
            if sa == sb:
                return
            if b - a <= Fraction(1, 10**4):
                assert sa != "interior" and sb != "interior" and len(set(sa) ^ set(sb)) == 1, (a, sa, sb)
                j = (set(sa) ^ set(sb)).pop()
                out.append({"rho": [f"{dec(a):.12f}", f"{dec(b):.12f}"],
                            "enters" if j in sb else "leaves": [j]})
                return
            m = (a + b) / 2
            sm = act(m)
            for k in range(1, 4):
                if sm is not None:
                    break
                m = a + (b - a) * Fraction(2 * k + 1, 8 * k)      # 3/8, 5/16, 7/24 of the way
                sm = act(m)
            assert sm is not None, (a, b)
            split(a, sa, m, sm)
            split(m, sm, b, sb)

        a = Fraction(1, 10)
        sa = act(a)
        while a < top:
            b = min(a + Fraction(1, 2), Fraction(int(top * 10**6), 10**6))
            sb = act(b)
            if sb == "interior":        # the binding -> interior threshold is rho_int
                break
            split(a, sa, b, sb)
            a, sa = b, sb
    return {"rho_int": f"{rho_int:.12f}", "top": f"{float(top):.6f}", "breakpoints": out}

def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import group_families
    peelcert = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "build", "peelcert")
    out = {}
    for name in sorted(os.listdir(ROOT)):
        if not name.endswith(".json") or name == "expected.json":
            continue
        inst = json.load(open(os.path.join(ROOT, name)))
        t = inst["targets"]
        if name in group_families.FAMILIES:
            out[name] = group_families.expectation(name, inst)
        elif isinstance(t, dict) and "exchangeable" in t:
            out[name] = exchangeable_expectation(inst)
        elif isinstance(t, dict) and "onehot" in t:
            out[name] = {}
        elif isinstance(t, dict) and "group_circulant" in t:
            out[name] = general_expectation(inst)
            if coprime(t["group_circulant"]["orders"]) and out[name].get("regime") == "binding":
                out[name]["value"] = crt_twin_value(inst, peelcert)
        else:
            out[name] = general_expectation(inst)
            if name.startswith("cyclic-13-leave-"):
                out[name]["sweep"] = sweep_breakpoints(inst, peelcert)
            rows = dense_rows(inst)
            n = inst["tokens"]
            if n == inst["contexts"] and n >= 2 and all(
                    Fraction(rows[i][k]) == Fraction(rows[0][0] if i == k else rows[0][1])
                    for i in range(n) for k in range(n)):
                twin = dict(inst, targets={"exchangeable": {"diag": rows[0][0]}})
                out[name]["value"] = exchangeable_expectation(twin)["value"]
    with open(os.path.join(ROOT, "expected.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")

if __name__ == "__main__":
    main()
