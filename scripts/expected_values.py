#!/usr/bin/env python3
"""Writes proofs-data/expected.json: for every proofs-data instance whose optimum has a
closed form (SPEC 5b: exchangeable targets), the value to 60 digits, the regime and the
structure, computed here with Python's decimal module — independently of peelcert.
Instances without a closed form get the regime/structure the theory predicts, if any.

    python3 scripts/expected_values.py"""
import json, os, sys
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

def main():
    out = {}
    for name in sorted(os.listdir(ROOT)):
        if not name.endswith(".json") or name == "expected.json":
            continue
        inst = json.load(open(os.path.join(ROOT, name)))
        t = inst["targets"]
        if isinstance(t, dict) and "exchangeable" in t:
            out[name] = exchangeable_expectation(inst)
        elif isinstance(t, dict) and "circulant" in t:
            out[name] = {"structure": "circulant"}
        else:
            out[name] = {}
    with open(os.path.join(ROOT, "expected.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")

if __name__ == "__main__":
    main()
