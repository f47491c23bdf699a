# peelcert-test: slow
"""peelcert sweep breakpoints (SPEC 13, issue 13) against independent computations:
- the interior threshold rho_int = sum_j |l_hat_j| (l = centered log q) recomputed here with numpy;
- every frequency breakpoint [lo, hi] (width <= 1e-20) of the days of the week, the months and the
  hours (each sweep document also verified by peelcert check):
  peelcert certify at rho just below and just above (budgets E_W = E_H = rho / n) finds the active
  sets of the pieces on each side, and a bisection on rho with certify (the active set at the
  midpoint decides the side) keeps the enclosure inside its bracket at every step;
- the pieces cover [A, B] up to the breakpoint enclosures, each proved by cells that cover it."""
import json, os, subprocess, sys
from decimal import Decimal, getcontext
from fractions import Fraction
import numpy as np

getcontext().prec = 60
PEELCERT = os.environ.get("PEELCERT", "peelcert")
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())
SOURCE = os.environ.get("PEELCERT_SOURCE", ".")
fails, checks = [], 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what)
        print("FAIL:", what)


def run(*args):
    p = subprocess.run([PEELCERT] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def active_at(inst, rho, tag):
    """The active frequencies of peelcert certify at rho (its own solver and proof)."""
    e = str(Fraction(rho) / inst["tokens"])
    path = os.path.join(WORK, "bp_%s.json" % tag)
    with open(path, "w") as f:
        json.dump(dict(inst, E_W=e, E_H=e), f)
    rc, out, err = run("certify", path, "--json", "-o", os.path.join(WORK, "bp_%s.cert.json" % tag))
    doc = json.loads(out) if out else {}
    return rc, (doc.get("circulant") or {}).get("active_frequencies")


def rho_int(q):
    l = np.log(np.array([float(Fraction(x)) for x in q]))
    l -= l.mean()
    return float(np.abs(np.fft.fft(l)).sum())


for name, tag in (("days-of-week.json", "days"), ("cyclic-months-one-pair.json", "months"),
                  ("cyclic-hours-one-pair.json", "hours")):
    inst = json.load(open(os.path.join(SOURCE, "proofs-data", name)))
    q = inst["targets"]["circulant"]
    top = Fraction(rho_int(q) * 1.5).limit_denominator(1000)
    rc, out, err = run("sweep", os.path.join(SOURCE, "proofs-data", name), "--rho", "1/10:%s" % top,
                       "--digits", "20", "--json", "-o", os.path.join(WORK, "%s.sweep.json" % tag))
    doc = json.loads(out) if out else {}
    check(rc == 0 and doc.get("verified") is True, "%s: the sweep to 1.5 rho_int is proved (%s)" % (tag, err.strip()))
    th = doc.get("threshold") or {}
    check(abs(float(th.get("lower", "0")) - rho_int(q)) < 1e-9 * rho_int(q)
          and Decimal(th["upper"]) - Decimal(th["lower"]) <= Decimal("1e-20"),
          "%s: rho_int equals the numpy value and is enclosed to 1e-20" % tag)
    rc, out, err = run("check", os.path.join(WORK, "%s.sweep.json" % tag))
    check(rc == 0 and "VERIFIED" in out, "%s: peelcert check verifies the sweep (%s %s)" % (tag, out.strip(), err.strip()))
    pieces, bps = doc.get("pieces", []), doc.get("breakpoints", [])
    check(len(bps) == len(pieces) - 1 and len(bps) >= 3, "%s: one breakpoint between consecutive pieces" % tag)
    check(pieces and pieces[-1]["regime"] == "interior" and all(p["regime"] == "binding" for p in pieces[:-1]),
          "%s: binding pieces, then interior" % tag)
    # the pieces are covered by their cells (contiguous, same active set)
    cells = doc.get("cells", [])
    for p in pieces:
        if p["cells"] is None:
            continue
        a, b = p["cells"]
        cs = cells[a:b + 1]
        contiguous = all(Fraction(cs[i]["rho"][1]) == Fraction(cs[i + 1]["rho"][0]) for i in range(len(cs) - 1))
        check(contiguous and all(c["active"] == p["active"] for c in cs)
              and Fraction(cs[0]["rho"][0]) <= Decimal(p["rho_from"]) and Decimal(p["rho_to"]) <= Fraction(cs[-1]["rho"][1]),
              "%s: piece [%s, %s] covered by its cells" % (tag, p["rho_from"][:10], p["rho_to"][:10]))
    for k, bp in enumerate(bps):
        lo, hi = Fraction(Decimal(bp["rho_lower"])), Fraction(Decimal(bp["rho_upper"]))
        check(hi - lo <= Fraction(1, 10 ** 20), "%s: breakpoint %d enclosed to 1e-20" % (tag, k))
        if pieces[k + 1]["regime"] == "interior":
            continue
        left, right = pieces[k]["active"], pieces[k + 1]["active"]
        check(sorted(set(right) - set(left)) == bp.get("enters") and sorted(set(left) - set(right)) == bp.get("leaves"),
              "%s: breakpoint %d names what changes" % (tag, k))
        d = Fraction(1, 10 ** 5)
        rc1, a1 = active_at(inst, lo - d, "%s%d_lo" % (tag, k))
        rc2, a2 = active_at(inst, hi + d, "%s%d_hi" % (tag, k))
        check(rc1 == 0 and a1 == left, "%s: certify just below breakpoint %d finds %s (got %s)" % (tag, k, left, a1))
        check(rc2 == 0 and a2 == right, "%s: certify just above breakpoint %d finds %s (got %s)" % (tag, k, right, a2))
        # bisection with certify from a bracket of width 1e-2 down to 1e-4
        a, b = lo - Fraction(1, 300), hi + Fraction(1, 200)   # asymmetric: no midpoint at the breakpoint
        for step in range(6):
            m = (a + b) / 2
            _, am = active_at(inst, m, "%s%d_m" % (tag, k))
            if am == left:
                a = m
            elif am == right:
                b = m
            else:
                check(False, "%s: certify at %s finds neither side's active set (%s)" % (tag, float(m), am))
                break
            check(a <= lo and hi <= b, "%s: bisection step %d keeps breakpoint %d in [%s, %s]" % (tag, step, k, float(a), float(b)))

print("%d passed, %d failed" % (checks - len(fails), len(fails)))
sys.exit(1 if fails else 0)
