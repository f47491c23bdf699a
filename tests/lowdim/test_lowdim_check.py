"""The checker's "lp" claims (FORMAT.md "Below the rank"): a below-the-rank certificate of
months at d = 2 verifies (lp_budget, lp_upper, lp_local_minimum), and every tampering with
the local-optimality box, the point or the bound is rejected (exit 1) or refused (exit 2)."""
import copy
import json
import os
import subprocess
from fractions import Fraction

PEELCERT = os.environ["PEELCERT"]
CHECK = os.environ["PEELCERT_CHECK"]
SRC = os.environ["PEELCERT_SOURCE"]
WORK = os.environ.get("PEELCERT_WORK", ".")

inst = json.load(open(os.path.join(SRC, "proofs-data", "cyclic-months-three-pairs.json")))
inst["dim"] = 2
path = os.path.join(WORK, "months-d2.json")
json.dump(inst, open(path, "w"))
cert_path = os.path.join(WORK, "months-d2.cert.json")
run = subprocess.run([PEELCERT, "certify", path, "--json", "-o", cert_path], capture_output=True,
                     text=True, timeout=120)
assert run.returncode == 0, run.stdout + run.stderr
doc = json.loads(run.stdout)
assert doc["lp"]["local_minimum"] == "proved", doc["lp"]
cert = json.load(open(cert_path))
assert "local_minimum" in cert["lp"], "the certificate carries the proved box"


def check(c, name):
    p = os.path.join(WORK, name + ".cert.json")
    json.dump(c, open(p, "w"))
    r = subprocess.run([CHECK, p, "--json"], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


rc, out = check(cert, "original")
assert rc == 0, out
verdict = json.loads(out)
names = {c["name"]: c["verified"] for c in verdict["claims"]}
assert all(names.get(k) for k in ("lp_budget", "lp_upper", "lp_local_minimum")), names


def rejected(mutate, name, claim, code=1):
    c = copy.deepcopy(cert)
    mutate(c)
    rc, out = check(c, name)
    assert rc == code, "%s: exit %d, expected %d\n%s" % (name, rc, code, out)
    if claim:
        assert claim in out, "%s: claim %s not named\n%s" % (name, claim, out)


def shrink_radius(c):    # a box far too small for the distance to the exact KKT point
    c["lp"]["local_minimum"]["radius"] = "1/%d" % (2 ** 200)


def double_lambda(c):
    c["lp"]["local_minimum"]["lambda_W"] = str(2 * Fraction(c["lp"]["local_minimum"]["lambda_W"]))


def move_centre(c):      # the box moved by 1e-3 in one entry: no KKT point inside
    w = c["lp"]["W"]
    w[0][0] = str(Fraction(w[0][0]) * Fraction(999, 1000))


def zero_penalties(c):   # without the penalties the Hessian is not positive definite
    c["lp"]["local_minimum"]["penalties"] = ["0"] * len(c["lp"]["local_minimum"]["penalties"])


def lower_upper(c):
    from decimal import Decimal
    c["lp"]["upper"] = str(Decimal(c["lp"]["upper"]) - Decimal("1e-12"))


def blow_budget(c):
    c["lp"]["W"] = [[str(2 * Fraction(x)) for x in row] for row in c["lp"]["W"]]


rejected(shrink_radius, "radius", "lp_local_minimum")
rejected(double_lambda, "lambda", "lp_local_minimum")
rejected(move_centre, "centre", "lp_local_minimum")
rejected(zero_penalties, "penalties", "lp_local_minimum")
rejected(lower_upper, "upper", "lp_upper")
rejected(blow_budget, "budget", "lp_budget")
rejected(lambda c: c["lp"]["local_minimum"].update(penalties=["1"]), "short", "penalties", 2)
rejected(lambda c: c["lp"]["local_minimum"].update(radius="-1"), "negative", "radius", 2)
rejected(lambda c: c["lp"].update(W=c["lp"]["W"][:-1]), "rows", "lp.W", 2)
rejected(lambda c: c["lp"].update(extra=1), "unknown", "lp.extra", 2)
print("ok")
