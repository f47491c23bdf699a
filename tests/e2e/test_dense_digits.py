#!/usr/bin/env python3
"""Multiprecision refinement of the dense path (issue 4 item 3): small dense instances
(V N <= 400) certify to 30 and 50 digits, the independent checker accepts each certificate
against its instance file, and the interval sits inside the default 9-digit interval (two
precisions, one value). A larger instance asked for 30 digits still exits 1 and says how far it
got (SPEC 8, --digits)."""
import os
import sys
from fractions import Fraction

sys.dont_write_bytecode = True   # keep the source tree clean of __pycache__
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe, short

T = Tally()


def gen(name, *args):
    path = os.path.join(WORK, f"dense_digits_{name}.json")
    r = peelcert("gen", "random", *args, "-o", path)
    T.expect(r.rc == 0, f"{name}: gen random {' '.join(args)} ({describe(r)})")
    return path


def certify(name, inst, digits):
    cert = os.path.join(WORK, f"dense_digits_{name}_{digits or 'default'}.cert.json")
    extra = ["--digits", str(digits)] if digits else []
    r = peelcert("certify", inst, "-o", cert, "--json", *extra)
    return r, r.json(), cert


def case(name, inst, digits_list=(30,)):
    r9, res9, _ = certify(name, inst, 0)
    if not T.expect(r9.rc == 0 and res9 is not None, f"{name}: default certify ({describe(r9)})"):
        return
    lo9, hi9 = Fraction(res9["lower"]), Fraction(res9["upper"])
    for digits in digits_list:
        r, res, cert = certify(name, inst, digits)
        if not T.expect(r.rc == 0 and res is not None and res.get("verified") is True,
                        f"{name}: certify --digits {digits} exits 0 ({describe(r)})"):
            continue
        lo, hi = Fraction(res["lower"]), Fraction(res["upper"])
        T.expect(hi - lo <= Fraction(1, 10**digits),
                 f"{name}: upper - lower = {float(hi - lo):.3g} <= 1e-{digits}")
        T.expect(lo9 <= hi and lo <= hi9,
                 f"{name}: the {digits}-digit interval meets the default one [{res9['lower']}, {res9['upper']}]")
        T.expect(res9["regime"] == res["regime"],
                 f"{name}: same regime at 9 and {digits} digits ({res['regime']})")
        c = peelcert_check(cert, "--instance", inst, "--json")
        cj = c.json()
        T.expect(c.rc == 0 and cj is not None and cj.get("verified") is True,
                 f"{name}: checker accepts the {digits}-digit certificate with --instance ({describe(c)})")
        if cj is not None:
            T.expect(Fraction(cj["lower"]) == lo and Fraction(cj["upper"]) == hi,
                     f"{name}: checker reports the same {digits}-digit claims")


# binding (random weights 1..20 with the default budgets)
for seed in (1, 2, 3):
    case(f"5x4-s{seed}", gen(f"5x4-s{seed}", "--tokens", "5", "--contexts", "4", "--seed", str(seed)))
case("5x4-zeros", gen("5x4-zeros", "--tokens", "5", "--contexts", "4", "--zeros", "--seed", "7"))
case("20x20", gen("20x20", "--tokens", "20", "--contexts", "20", "--seed", "5"), (30, 50))
# dim above the rank: the refined rank-r factors are padded with zero columns
case("6x6-dim6", gen("6x6-dim6", "--tokens", "6", "--contexts", "6", "--dim", "6", "--seed", "4"))
# interior regime (large budgets): Q = P, W H refined to centered log P^T
case("3x20-interior", gen("3x20-interior", "--tokens", "3", "--contexts", "20", "--seed", "1"), (30, 50))
case("4x3-interior", gen("4x3-interior", "--tokens", "4", "--contexts", "3", "--E_W", "20",
                          "--E_H", "20", "--seed", "2"))

# over the refinement limit: exit 1 and a message saying how far it got
big = gen("21x20", "--tokens", "21", "--contexts", "20", "--seed", "1")
r, res, _ = certify("21x20", big, 30)
T.expect(r.rc == 1 and res is not None and res.get("verified") is False,
         f"21x20 --digits 30: exit 1, not verified ({describe(r)})")
if res is not None:
    msg = res.get("message", "")
    T.expect("does not reach 1e-30" in msg and "certified gap" in msg,
             f"21x20 --digits 30: message says how far it got ({short(msg)})")

T.finish()
