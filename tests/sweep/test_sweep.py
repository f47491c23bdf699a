"""peelcert sweep (SPEC 13, issue 13; partial): the exchangeable threshold rho* and closed-form
values to 50 digits (SPEC 5b, computed here independently with Decimal); a cyclic piece below the
first breakpoint proved with its active set, its values cross-checked against peelcert certify of
the same instance with the budgets set to give that rho; unsupported paths exit 1; bad --rho 2."""
import json, os, subprocess, sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 80
PEELCERT = os.environ.get("PEELCERT", "peelcert")
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())
SOURCE = os.environ.get("PEELCERT_SOURCE", ".")
fails, checks = [], 0

def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what); print("FAIL:", what)

def run(*args):
    p = subprocess.run([PEELCERT] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def write(name, doc):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        json.dump(doc, f)
    return path

def D(x):
    return Decimal(Fraction(x).numerator) / Decimal(Fraction(x).denominator)

# ---- exchangeable: rho* = (n - 1) |log(alpha / beta)|, values in closed form ----
n, alpha = 5, Fraction(3, 5)
beta = (1 - alpha) / (n - 1)
ex = write("ex.json", {"format": "peelcert-instance/1", "tokens": n, "contexts": n, "E_W": "1", "E_H": "1",
                       "targets": {"exchangeable": {"diag": "3/5"}}})
rc, out, err = run("sweep", ex, "--rho", "1:20", "--digits", "50", "--json", "-o", os.path.join(WORK, "ex.sweep.json"))
doc = json.loads(out) if out else {}
rho_star = (n - 1) * (D(alpha) / D(beta)).ln()
bp = doc.get("breakpoints", [])
check(rc == 0 and doc.get("verified") is True, "exchangeable sweep verified (%s)" % err)
check(len(bp) == 1 and Decimal(bp[0]["rho_lower"]) <= rho_star <= Decimal(bp[0]["rho_upper"])
      and Decimal(bp[0]["rho_upper"]) - Decimal(bp[0]["rho_lower"]) <= Decimal("1e-50"),
      "rho* enclosed to 50 digits and equal to the closed form")
check([p["regime"] for p in doc.get("pieces", [])] == ["binding", "interior"], "binding, then interior")
def exch_value(rho):
    x = min(D(rho) / (n - 1), (D(alpha) / D(beta)).ln())
    return -D(alpha) * x + (x.exp() + n - 1).ln()
values = doc.get("values", [])
check(len(values) == 4, "values at the ends and middle of the binding piece, one on the interior piece (constant there)")
for v in values:
    val = exch_value(Fraction(v["rho"]))
    check(Decimal(v["lower"]) <= val <= Decimal(v["upper"]) and Decimal(v["upper"]) - Decimal(v["lower"]) < Decimal("1e-45"),
          "exchangeable value at rho = %s equals the closed form" % v["rho"])
# the SPEC 5b worked example: rho = 5 gives val = -3/4 + log(exp(5/4) + 4)
rc, out, err = run("sweep", ex, "--rho", "5:6", "--json", "-o", os.path.join(WORK, "ex2.sweep.json"))
v5 = [v for v in json.loads(out)["values"] if Fraction(v["rho"]) == 5]
worked = Decimal(-3) / 4 + (Decimal(5 / 4).exp() + 4).ln()
check(len(v5) == 1 and Decimal(v5[0]["lower"]) <= worked <= Decimal(v5[0]["upper"]), "SPEC 5b worked example")

# ---- cyclic: days of the week below its first breakpoint (about rho = 1.38) ----
days = os.path.join(SOURCE, "proofs-data", "days-of-week.json")
rc, out, err = run("sweep", days, "--rho", "1/10:13/10", "--digits", "20", "--json", "-o", os.path.join(WORK, "d.sweep.json"))
doc = json.loads(out) if out else {}
pieces = doc.get("pieces", [])
check(rc == 0 and len(pieces) == 1 and pieces[0]["active"] == [1] and pieces[0]["regime"] == "binding",
      "days, rho in [0.1, 1.3]: one proved piece with frequency 1 active (%s)" % err.strip())
inst = json.load(open(days))
for v in doc.get("values", []):
    rho = Fraction(v["rho"])
    # rho = sqrt(V E_W N E_H) with E_W = E_H = rho / n
    e = str(rho / inst["tokens"])
    p = write("days_rho.json", dict(inst, E_W=e, E_H=e))
    rc2, out2, err2 = run("certify", p, "--json", "-o", os.path.join(WORK, "days_rho.cert.json"))
    r = json.loads(out2) if out2 else {}
    check(rc2 == 0 and Fraction(r["lower"]) <= Fraction(v["upper"]) and Fraction(v["lower"]) <= Fraction(r["upper"]),
          "days value at rho = %s agrees with peelcert certify (intervals intersect)" % v["rho"])
th = doc.get("threshold") or {}
check(Decimal(th.get("upper", "0")) - Decimal(th.get("lower", "1")) <= Decimal("1e-20"), "interior threshold enclosed")

# ---- cyclic: the whole days of the week (breakpoints enclosed by the event system; this runs
# under the sanitizers too; test_sweep_breakpoints.py compares them with certify) ----
rc, out, err = run("sweep", days, "--rho", "1/10:20", "--digits", "20", "--json", "-o", os.path.join(WORK, "dall.sweep.json"))
doc = json.loads(out) if out else {}
bps = doc.get("breakpoints", [])
check(rc == 0 and doc.get("verified") is True, "days, rho in [0.1, 20]: proved (%s)" % err.strip())
check([b.get("enters") for b in bps[:2]] == [[2], [3]] and len(bps) == 3 and "interior" in bps[2].get("event", ""),
      "days: frequency 2 enters, then 3, then the interior threshold")
check(all(Decimal(b["rho_upper"]) - Decimal(b["rho_lower"]) <= Decimal("1e-20") for b in bps),
      "days: every breakpoint enclosed to 1e-20")
check(all(b.get("zero", {}).get("frequency") == f for b, f in zip(bps, (2, 3))),
      "days: the frequency breakpoints carry the event system's zero")

# ---- unsupported and bad input ----
rc, _, _ = run("gen", "random", "--tokens", "4", "--contexts", "3", "--seed", "2", "-o", os.path.join(WORK, "r.json"))
rc, out, err = run("sweep", os.path.join(WORK, "r.json"), "--rho", "1:2")
check(rc == 1 and "not supported on this path" in err, "a dense instance: not supported, exit 1")
for bad in ("3:1", "abc", "0:2", "1:"):
    rc, _, err = run("sweep", ex, "--rho", bad)
    check(rc == 2 and "--rho" in err, "--rho %s refused with exit 2" % bad)
rc, _, err = run("sweep", ex)
check(rc == 2 and "--rho" in err, "missing --rho refused")

print("%d passed, %d failed" % (checks - len(fails), len(fails)))
sys.exit(1 if fails else 0)
