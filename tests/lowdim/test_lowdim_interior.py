"""The interior local-minimum proof (SPEC 12, docs/below-rank.md "Local optimality", interior):
on days at d = 2 the budgets do not bind, and the minimum is isolated only modulo the gauge
(W, H) -> (W A + 1 t^T, A^-1 H). certify proves it (gauge "GL(d)" in the certificate, no
multipliers), the checker re-proves it, and every tampering is rejected or refused: a
shrunk box, a moved centre, zero penalties, the spheres gauge without multipliers, a short
penalty vector, a point scaled out of the budgets."""
import copy
import json
import os
import subprocess
from fractions import Fraction

PEELCERT = os.environ["PEELCERT"]
CHECK = os.environ["PEELCERT_CHECK"]
SRC = os.environ["PEELCERT_SOURCE"]
WORK = os.environ.get("PEELCERT_WORK", ".")

inst = json.load(open(os.path.join(SRC, "proofs-data", "cyclic-days-three-pairs.json")))
inst["dim"] = 2
path = os.path.join(WORK, "days-d2-interior.json")
json.dump(inst, open(path, "w"))
cert_path = os.path.join(WORK, "days-d2-interior.cert.json")
run = subprocess.run([PEELCERT, "certify", path, "--json", "-o", cert_path], capture_output=True,
                     text=True, timeout=300)
assert run.returncode == 0, run.stdout + run.stderr
doc = json.loads(run.stdout)
assert doc["lp"]["local_minimum"] == "proved", doc["lp"]
assert "GL(d)" in doc["lp"]["local_minimum_note"], doc["lp"]
cert = json.load(open(cert_path))
local = cert["lp"]["local_minimum"]
assert local["gauge"] == "GL(d)" and "lambda_W" not in local, local
assert len(local["penalties"]) == 2 * 2 + 2, local     # d^2 + d generators
# strictly inside both budgets (what makes the interior argument apply)
a, b = 7 * Fraction(inst["E_W"]), 7 * Fraction(inst["E_H"])
assert sum(Fraction(x) ** 2 for r in cert["lp"]["W"] for x in r) < a
assert sum(Fraction(x) ** 2 for r in cert["lp"]["H"] for x in r) < b


def check(c, name):
    p = os.path.join(WORK, "days-d2-" + name + ".cert.json")
    json.dump(c, open(p, "w"))
    r = subprocess.run([CHECK, p, "--json"], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout + r.stderr


rc, out = check(cert, "original")
assert rc == 0, out
names = {c["name"]: c["verified"] for c in json.loads(out)["claims"]}
assert names.get("lp_local_minimum") is True, names


def rejected(mutate, name, claim, code=1):
    c = copy.deepcopy(cert)
    mutate(c)
    rc, out = check(c, name)
    assert rc == code, "%s: exit %d, expected %d\n%s" % (name, rc, code, out)
    assert claim in out, "%s: %s not named\n%s" % (name, claim, out)


def move_centre(c):
    w = c["lp"]["W"]
    w[0][0] = str(Fraction(w[0][0]) * Fraction(999, 1000))


def to_spheres(c):       # the spheres system needs multipliers: refused
    del c["lp"]["local_minimum"]["gauge"]


def scale_out(c):        # W scaled by 3: outside the budget
    c["lp"]["W"] = [[str(3 * Fraction(x)) for x in row] for row in c["lp"]["W"]]


rejected(lambda c: c["lp"]["local_minimum"].update(radius="1/%d" % 2 ** 200), "radius", "lp_local_minimum")
rejected(move_centre, "centre", "lp_local_minimum")
rejected(lambda c: c["lp"]["local_minimum"].update(penalties=["0"] * 6), "penalties", "lp_local_minimum")
rejected(to_spheres, "spheres", "lambda_W", 2)
rejected(lambda c: c["lp"]["local_minimum"].update(penalties=["1"] * 4), "short", "penalties", 2)
rejected(lambda c: c["lp"]["local_minimum"].update(gauge="SO(3)"), "gauge", "gauge", 2)
rejected(lambda c: c["lp"]["local_minimum"].update(lambda_W="1"), "extra", "lambda_W", 2)
rejected(scale_out, "budget", "lp_budget")
print("ok")
