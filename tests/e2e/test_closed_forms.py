#!/usr/bin/env python3
"""
import sys
sys.dont_write_bytecode = True   # keep the source tree clean of __pycache__End to end, two ways: the exchangeable closed form of SPEC 5b, computed here with decimal
(precision 80), against `peelcert certify` on the exchangeable form AND on its dense twin; both
certificates pass the checker against the exchangeable instance file (same instance, different
form: FORMAT.md, --instance) and are rejected against a slightly different instance."""
import os
import time
from decimal import Decimal
from fractions import Fraction

from e2e_lib import (Tally, WORK, peelcert, peelcert_check, describe, write_json, short,
                     exchangeable_instance, exchangeable_dense_rows, instance, q,
                     exchangeable_closed_form)
import refcheck

T = Tally()
MARGIN = Fraction(1, 10**70)   # the closed form is computed to ~79 digits


def contains(res, val):
    lo, hi = Fraction(res["lower"]), Fraction(res["upper"])
    v = Fraction(val)
    return lo <= v + MARGIN and v - MARGIN <= hi, lo, hi


def certify_json(inst_path, cert_path, *extra):
    r = peelcert("certify", inst_path, "-o", cert_path, "--json", *extra)
    return r, r.json()


# name, n, alpha, E_W, E_H, expected regime
CASES = [
    ("binding", 5, Fraction(3, 5), 1, 1, "binding"),
    ("interior", 4, Fraction(2, 5), 4, 4, "interior"),
    ("alpha-below-beta", 6, Fraction(1, 20), 1, 1, "binding"),
    ("onehot", 7, Fraction(1), 1, 1, "binding"),
    ("alpha-zero", 4, Fraction(0), 1, 1, "binding"),
    ("budgets-differ", 5, Fraction(7, 10), "1/2", "3", "binding"),
]

# The worked example of SPEC 5b, to the digits printed there.
val5, x5, b5, rho5 = exchangeable_closed_form(5, Fraction(3, 5), 1, 1)
T.expect(str(val5).startswith("1.26361458519405") and x5 == Decimal(5) / 4 and b5 and rho5 == 5,
         f"SPEC 5b worked example: val {str(val5)[:20]}, x* {x5}, binding {b5}, rho {rho5}")

def one_case(name, n, alpha, E_W, E_H, regime):
    val, xstar, binding, rho = exchangeable_closed_form(n, alpha, E_W, E_H)
    beta = (1 - alpha) / (n - 1)
    # the regime is predicted independently: |log(alpha/beta)| against rho/(n-1)
    T.expect(binding == (regime == "binding"),
             f"{name}: closed form says {'binding' if binding else 'interior'} (x* = {str(xstar)[:12]})")
    if name == "interior":
        ent = -(Decimal(alpha.numerator) / alpha.denominator) * (Decimal(alpha.numerator) / alpha.denominator).ln() \
              - (Decimal((1 - alpha).numerator) / (1 - alpha).denominator) * (Decimal(beta.numerator) / beta.denominator).ln()
        T.expect(abs(val - ent) < Decimal("1e-70"), f"{name}: interior value equals the row entropy")
    if name == "onehot":
        nc = (1 + (n - 1) * (-rho / (n - 1)).exp()).ln()
        T.expect(abs(val - nc) < Decimal("1e-70"), f"{name}: value equals log(1 + (n-1) exp(-rho/(n-1)))")

    ex_path = write_json(os.path.join(WORK, f"cf-{name}.json"),
                         exchangeable_instance(n, alpha, E_W, E_H, name=f"cf-{name}"))
    dn_path = write_json(os.path.join(WORK, f"cf-{name}-dense.json"),
                         instance(n, n, E_W, E_H, exchangeable_dense_rows(n, alpha)))
    ex_cert = os.path.join(WORK, f"cf-{name}.cert.json")
    dn_cert = os.path.join(WORK, f"cf-{name}-dense.cert.json")

    # (a) the exchangeable form, 40 digits
    r, res = certify_json(ex_path, ex_cert, "--digits", 40)
    ok = T.expect(r.rc == 0 and res is not None and res.get("verified") is True,
                  f"{name}: certify --digits 40 verified ({describe(r)})")
    if ok:
        inside, lo, hi = contains(res, val)
        T.expect(inside, f"{name}: closed form {str(val)[:24]} in [{res['lower'][:26]}, {res['upper'][:26]}]")
        T.expect(hi - lo <= Fraction(1, 10**40), f"{name}: gap {float(hi - lo):.3g} <= 1e-40")
        T.expect(res.get("regime") == regime, f"{name}: regime {res.get('regime')} == {regime}")
        want = "simplex-etf" if regime == "binding" else None
        if want:
            T.expect(res.get("structure") == want, f"{name}: structure {res.get('structure')} == {want}")
        else:
            T.expect(res.get("structure") != "simplex-etf",
                     f"{name}: interior claims no Gram structure (structure {res.get('structure')})")
        T.expect(isinstance(res.get("message"), str), f"{name}: --json has a message")
        # the second, Python checker agrees with the certificate
        v = refcheck.check_text(open(ex_cert, "rb").read())
        T.expect(v.status == "valid", f"{name}: reference checker accepts the certificate ({v})")

    # (b) the dense twin on the dense path, default digits and default dim (auto would take
    # the exchangeable closed form again: the rows are alpha I + beta (J - I), issue 8 item 4)
    r2, res2 = certify_json(dn_path, dn_cert, "--path", "dense")
    ok2 = T.expect(r2.rc == 0 and res2 is not None and res2.get("verified") is True,
                   f"{name}/dense: certify verified ({describe(r2)})")
    if ok2:
        inside, lo, hi = contains(res2, val)
        T.expect(inside, f"{name}/dense: closed form in [{res2['lower'][:20]}, {res2['upper'][:20]}]")
        T.expect(hi - lo <= Fraction(1, 10**9), f"{name}/dense: gap {float(hi - lo):.3g} <= 1e-9")
        if ok:
            T.expect(max(lo, Fraction(res["lower"])) <= min(hi, Fraction(res["upper"])),
                     f"{name}: exchangeable and dense intervals intersect")
        v = refcheck.check_text(open(dn_cert, "rb").read())
        T.expect(v.status == "valid", f"{name}/dense: reference checker accepts ({v})")

    # (c) the checker, against the instance file and against its twin form
    if ok:
        c = peelcert("check", ex_cert, "--instance", ex_path, "--json")
        T.expect(c.rc == 0 and (c.json() or {}).get("verified") is True,
                 f"{name}: check --instance exchangeable file ({describe(c)})")
        c = peelcert_check(ex_cert, "--instance", dn_path)
        T.expect(c.rc == 0, f"{name}: exchangeable certificate vs dense twin file ({describe(c)})")
    if ok2:
        c = peelcert_check(dn_cert, "--instance", dn_path)
        T.expect(c.rc == 0, f"{name}/dense: check --instance dense file ({describe(c)})")
        c = peelcert_check(dn_cert, "--instance", ex_path)
        T.expect(c.rc == 0, f"{name}/dense: dense certificate vs exchangeable form file ({describe(c)})")
    # different instances: alpha moved by 1/1000, E_W doubled, E_H changed, dim changed
    new_alpha = alpha - Fraction(1, 1000) if alpha > 0 else alpha + Fraction(1, 1000)
    others = {
        "alpha": exchangeable_instance(n, new_alpha, E_W, E_H),
        "E_W": exchangeable_instance(n, alpha, Fraction(E_W) * 2, E_H),
        "E_H": exchangeable_instance(n, alpha, E_W, Fraction(E_H) + Fraction(1, 1000)),
        "dim": exchangeable_instance(n, alpha, E_W, E_H, dim=n),
    }
    for field, other in others.items():
        path = write_json(os.path.join(WORK, f"cf-{name}-other-{field}.json"), other)
        for label, cert, good in (("", ex_cert, ok), ("/dense", dn_cert, ok2)):
            if not good:
                continue
            c = peelcert_check(cert, "--instance", path)
            T.expect(c.rc == 1, f"{name}{label}: check against an instance with another {field} exits 1 ({describe(c)})")
            names = {"alpha": ("targets", "P[", "diag")}.get(field, (field,))
            T.expect(any(x in c.text for x in names),
                     f"{name}{label}: the mismatch message names one of {names} ({short(c.text, 120)})")


def guarded(label, fn, *args):
    """A product output that breaks the script (missing key, bad number) is a failure, not a crash."""
    try:
        fn(*args)
    except Exception as e:   # noqa: BLE001 -- report and go on
        T.expect(False, f"{label}: the test raised {e!r}")


for case in CASES:
    guarded(case[0], one_case, *case)

def tail_cases():
    # d below the rank: the exchangeable binding case with dim 2 (< n - 1 = 4) still bounds val(C),
    # but may claim no Gram structure and no (LP) upper bound (SPEC 4)
    val, _, _, _ = exchangeable_closed_form(5, Fraction(3, 5), 1, 1)
    p = write_json(os.path.join(WORK, "cf-lowdim.json"), exchangeable_instance(5, Fraction(3, 5), dim=2))
    r, res = certify_json(p, os.path.join(WORK, "cf-lowdim.cert.json"), "--digits", 30)
    if T.expect(r.rc == 0 and res is not None, f"lowdim: certify exits 0 ({describe(r)})"):
        T.expect(contains(res, val)[0], f"lowdim: val(C) in [{res['lower'][:20]}, {res['upper'][:20]}]")
        T.expect(res.get("structure") != "simplex-etf", f"lowdim: no simplex-etf claim with d = 2 < n - 1 (got {res.get('structure')})")
        cert = open(os.path.join(WORK, "cf-lowdim.cert.json")).read()
        v = refcheck.check_text(cert)
        T.expect(v.status == "valid", f"lowdim: reference checker accepts ({v})")
        c = peelcert_check(os.path.join(WORK, "cf-lowdim.cert.json"), "--instance", p)
        T.expect(c.rc == 0, f"lowdim: check passes ({describe(c)})")

    # --digits beyond reach is refused with exit 1, not a false claim (SPEC 8)
    r, res = certify_json(os.path.join(WORK, "cf-binding-dense.json"), os.path.join(WORK, "cf-unreachable.cert.json"), "--path", "dense",
                          "--digits", 200)
    T.expect(r.rc in (0, 1) and not r.crashed(), f"dense --digits 200: exit 0 or 1 ({describe(r)})")
    if r.rc == 1 and res is not None:
        T.expect(res.get("verified") is False, "dense --digits 200: verified false when the digits are not reached")
    elif r.rc == 0 and res is not None:
        T.expect(Fraction(res["upper"]) - Fraction(res["lower"]) <= Fraction(1, 10**200),
                 "dense --digits 200: exit 0 only with the gap reached")

    # huge: n = 10^9, structure kept (STYLE 8), 50 digits
    n = 10**9
    alpha = Fraction(1, 2)
    val, xstar, binding, rho = exchangeable_closed_form(n, alpha, 1, 1)
    p = write_json(os.path.join(WORK, "cf-billion.json"), exchangeable_instance(n, alpha))
    cp = os.path.join(WORK, "cf-billion.cert.json")
    t0 = time.monotonic()
    r, res = certify_json(p, cp, "--digits", 50)
    secs = time.monotonic() - t0
    if T.expect(r.rc == 0 and res is not None and res.get("verified") is True,
                f"billion: certify --digits 50 verified in {secs:.2f} s ({describe(r)})"):
        inside, lo, hi = contains(res, val)
        T.expect(inside, f"billion: closed form {str(val)[:24]} in [{res['lower'][:26]}, {res['upper'][:26]}]")
        T.expect(hi - lo <= Fraction(1, 10**50), f"billion: gap {float(hi - lo):.3g} <= 1e-50")
        T.expect(res.get("regime") == "binding" and res.get("structure") == "simplex-etf",
                 f"billion: binding, simplex-etf (got {res.get('regime')}, {res.get('structure')})")
        # a generous bound: an O(n) or dense path would take minutes or run out of memory
        T.expect(secs < 20, f"billion: certify takes {secs:.2f} s (structured path, not dense)")
        t0 = time.monotonic()
        c = peelcert_check(cp, "--instance", p)
        secs = time.monotonic() - t0
        T.expect(c.rc == 0 and secs < 20, f"billion: check passes in {secs:.2f} s ({describe(c)})")
        v = refcheck.check_text(open(cp, "rb").read())
        T.expect(v.status == "valid", f"billion: reference checker accepts ({v})")



guarded("lowdim/digits/billion", tail_cases)
T.finish()
