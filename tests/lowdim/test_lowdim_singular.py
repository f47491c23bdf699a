"""Issue 11, the case whose curvature is below double precision: hours
(proofs-data/cyclic-hours-three-pairs) at d = 3. In doubles the projected Hessian at the best
point is singular (a near-flat curve of near-minimisers, docs/below-rank.md); certify walks
along it to the minimum of f on it, refines the KKT point at 256 bits and proves the local
minimum there. The certificate must say "proved" with a tiny box, a positive proved curvature
lower bound and the precision, the checker must verify it at that precision, and every
tampering (box shrunk, point moved, the precision or the curvature bound changed) must fail.
When the escalation gives up (a test hook), nothing about a local minimum may be claimed."""
import copy
import json
import os
import subprocess
import sys
from fractions import Fraction

try:
    import numpy  # noqa: F401  (pgd needs it)
except ImportError:  # ctest's python3 may lack numpy: Debian's has it (scripts/setup.sh)
    if sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgd  # noqa: E402

CHECK = os.environ["PEELCERT_CHECK"]
SRC = os.environ["PEELCERT_SOURCE"]
WORK = os.environ.get("PEELCERT_WORK", ".")

src = os.path.join(SRC, "proofs-data", "cyclic-hours-three-pairs.json")
path, _ = pgd.with_dim(src, 3, WORK)
doc, cert_path = pgd.certify_lp(path, WORK)
lp = doc["lp"]
note = lp["local_minimum_note"]
print(note)
assert lp["local_minimum"] == "proved", lp
radius = Fraction(lp["box_radius"])
assert 0 < radius < Fraction(1, 10 ** 30), lp                 # far below double precision
assert lp["proof_precision"] >= 256, lp
curvature = float(lp["curvature_lower"])
assert 0 < curvature < 1e-12, lp                               # positive, below binary64
assert Fraction(lp["upper"]) >= Fraction(doc["lower"]), lp
assert "singular in doubles" in note and "near-flat curve" in note, note

cert = json.load(open(cert_path))
local = cert["lp"]["local_minimum"]
assert local["precision"] == lp["proof_precision"], local
assert Fraction(local["curvature_lower"]) > 0, local
exact = Fraction(local["radius"])                # box_radius: rounded up, 4 digits
assert exact <= radius <= exact * Fraction(1001, 1000), (local, lp)


def check(c, name):
    p = os.path.join(WORK, "hours-d3-" + name + ".cert.json")
    json.dump(c, open(p, "w"))
    r = subprocess.run([CHECK, p, "--json"], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


rc, out = check(cert, "original")
assert rc == 0, out
names = {c["name"]: c["verified"] for c in json.loads(out)["claims"]}
assert names.get("lp_local_minimum") is True, names


def fails(mutate, name, claim="lp_local_minimum", code=1):
    c = copy.deepcopy(cert)
    mutate(c)
    rc, out = check(c, name)
    assert rc == code, "%s: exit %d, expected %d\n%s" % (name, rc, code, out)
    assert claim in out, "%s: claim %s not named\n%s" % (name, claim, out)


def shrink_radius(c):    # below the distance to the exact KKT point (~2^-256 / curvature)
    c["lp"]["local_minimum"]["radius"] = "1/%d" % (2 ** 230)


def grow_radius(c):      # above the curvature: the Jacobian over the box is not regular
    c["lp"]["local_minimum"]["radius"] = "1/%d" % (2 ** 40)


def move_centre(c):      # one entry moved by 1e-30 relative: no KKT point in the box
    w = c["lp"]["W"]
    w[0][0] = str(Fraction(w[0][0]) * (1 - Fraction(1, 10 ** 30)))


def raise_curvature(c):  # a curvature bound 2^10 times the proved one
    c["lp"]["local_minimum"]["curvature_lower"] = str(Fraction(local["curvature_lower"]) * 1024)


def drop_precision(c):   # binary64-like approximate inverses cannot see this curvature
    del c["lp"]["local_minimum"]["precision"]


fails(shrink_radius, "radius")
fails(grow_radius, "big-radius")
fails(move_centre, "centre")
fails(raise_curvature, "curvature")
fails(drop_precision, "precision")
fails(lambda c: c["lp"]["local_minimum"].update(precision=10 ** 6), "huge-precision",
      "lp.local_minimum.precision", 2)
fails(lambda c: c["lp"]["local_minimum"].update(curvature_lower="-1"), "negative-curvature",
      "lp.local_minimum.curvature_lower", 2)


# The escalation's failure path (no instance reaches it on its own): the test hook
# PEELCERT_TEST_FLAT_MAX_STEPS=1 makes the walk give up after one step. Then nothing about a
# local minimum may be claimed (no lp.local_minimum in the certificate, "not proved" with the
# reason), and the rest of the certificate still verifies.
env = dict(os.environ, PEELCERT_TEST_FLAT_MAX_STEPS="1")
given_up = os.path.join(WORK, "hours-d3-given-up.cert.json")
run = subprocess.run([os.environ["PEELCERT"], "certify", path, "--json", "-o", given_up],
                     capture_output=True, text=True, timeout=120, env=env)
assert run.returncode == 0, run.stderr + run.stdout
lp_up = json.loads(run.stdout)["lp"]
assert lp_up["local_minimum"] == "not proved" and lp_up["box_radius"] is None, lp_up
assert "f still decreases after 1 steps" in lp_up["local_minimum_note"], lp_up["local_minimum_note"]
cert_up = json.load(open(given_up))
assert "local_minimum" not in cert_up["lp"], cert_up["lp"].keys()
rc, out = check(cert_up, "given-up")
assert rc == 0, out
names = {c["name"]: c["verified"] for c in json.loads(out)["claims"]}
assert "lp_local_minimum" not in names and all(names.values()), names
print("ok")
