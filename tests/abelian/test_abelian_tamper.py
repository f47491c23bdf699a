#!/usr/bin/env python3
"""Tampered certificates of kind circulant on a product group (FORMAT.md, primal.orders;
SPEC 11). The valid certificates (Z_2 x Z_3 with zero targets, Z_3 x Z_3 positive and binding,
Z_2^3) check; every tampering below must be rejected with the named claim failing (exit 1) or
refused as malformed (exit 2): the orders removed, reordered, replaced by the CRT-isomorphic
cyclic order or of the wrong product, c not centered, c scaled out of the budget, r moved, the
claimed bounds moved by 10^-30, structure "circulant" (the targets are not circulant in the
natural order), regime "interior", the instance's q permuted or its orders swapped."""
import sys
sys.dont_write_bytecode = True
import copy
import json
import os
import random
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from abelian_lib import Tally, CHECK, group_instance, random_q, write, certify, run, q_text

T = Tally()
rng = random.Random(7)


def decimal_shift(text, places, sign):
    """text (a decimal claim) moved by sign * 10^-places, as a decimal string."""
    v = Fraction(text) + sign * Fraction(1, 10 ** places)
    whole = v.numerator // v.denominator
    frac = v - whole
    digits = (frac * 10 ** (places + 5)).numerator // (frac * 10 ** (places + 5)).denominator
    return f"{whole}.{digits:0{places + 5}d}"


def tampered(base, label, edit, want, claim=None):
    cert = copy.deepcopy(base)
    edit(cert)
    path = write(f"tamper-{label}.cert.json", cert)
    rc, out, err = run([CHECK, path])
    ok = rc == want and (claim is None or f"claim {claim} rejected" in out)
    T.expect(ok, f"{label}: exit {rc} (want {want}{', claim ' + claim if claim else ''})"
             f"{'' if ok else ' ' + (out + err)[-300:]}")


def cases(name, orders, q, E):
    path = write(f"{name}.json", group_instance(orders, q, E_W=E, E_H=E))
    rc, doc, cpath = certify(path)
    if not T.expect(rc == 0, f"{name}: certified (rc {rc})"):
        return
    base = json.load(open(cpath))
    T.expect(run([CHECK, cpath])[0] == 0, f"{name}: the untouched certificate checks")
    T.expect(base["primal"].get("orders") == orders, f"{name}: primal.orders = {orders}")
    n = len(q)

    def set_orders(v):
        def f(c):
            if v is None:
                del c["primal"]["orders"]
            else:
                c["primal"]["orders"] = v
        return f
    tampered(base, f"{name} orders removed", set_orders(None), 1, "kind")
    if orders != orders[::-1]:
        tampered(base, f"{name} orders reversed", set_orders(orders[::-1]), 1, "kind")
    tampered(base, f"{name} orders cyclic", set_orders([n]), 1, "kind")
    tampered(base, f"{name} orders wrong product", set_orders(orders + [2]), 2)
    tampered(base, f"{name} orders not a list", set_orders("2x3"), 2)
    tampered(base, f"{name} order zero", set_orders([0] + orders[1:]), 2)

    def c_edit(c):
        c["primal"]["c"][0] = q_text(Fraction(c["primal"]["c"][0]) + Fraction(1, 1000))
    tampered(base, f"{name} c not centered", c_edit, 1, "primal_centered")

    def c_scale(c):
        c["primal"]["c"] = [q_text(2 * Fraction(v)) for v in c["primal"]["c"]]
    tampered(base, f"{name} c scaled by 2", c_scale, 1, "nuclear")

    def r_move(c):
        r = [Fraction(v) for v in c["dual"]["r"]]
        big = max(range(n), key=lambda m: r[m])
        small = min(range(n), key=lambda m: r[m])
        r[big] -= Fraction(1, 100)
        r[small] += Fraction(1, 100)
        c["dual"]["r"] = [q_text(v) for v in r]
    tampered(base, f"{name} r moved", r_move, 1, "lower")

    def lower_up(c):
        c["claims"]["lower"] = decimal_shift(c["claims"]["lower"], 30, +1)
    tampered(base, f"{name} lower + 1e-30", lower_up, 1, "lower")

    def upper_down(c):
        c["claims"]["upper"] = decimal_shift(c["claims"]["upper"], 30, -1)
    tampered(base, f"{name} upper - 1e-30", upper_down, 1, "upper")

    def structure(c):
        c["claims"]["structure"] = "circulant"
    tampered(base, f"{name} structure circulant", structure, 1, "structure")

    def regime(c):
        c["claims"]["regime"] = "interior"
    tampered(base, f"{name} regime interior", regime, 1, "regime")

    def q_perm(c):
        qq = c["instance"]["targets"]["group_circulant"]["q"]
        m = max(range(n), key=lambda k: Fraction(qq[k]))
        qq[m], qq[(m + 1) % n] = qq[(m + 1) % n], qq[m]
    tampered(base, f"{name} instance q permuted", q_perm, 1)

    if orders != orders[::-1]:
        def swap_instance_orders(c):
            c["instance"]["targets"]["group_circulant"]["orders"] = orders[::-1]
            c["primal"]["orders"] = orders[::-1]
        tampered(base, f"{name} group swapped in instance and primal", swap_instance_orders, 1)

    def q_sum(c):
        c["instance"]["targets"]["group_circulant"]["q"][0] = "2"
    tampered(base, f"{name} instance q not a distribution", q_sum, 2)


cases("Z2x3", [2, 3], random_q(6, rng, zeros=True), "1")
cases("Z3x3", [3, 3], random_q(9, rng), "1/8")
cases("Z2x2x2", [2, 2, 2], random_q(8, rng, zeros=True), "1")
T.finish()
