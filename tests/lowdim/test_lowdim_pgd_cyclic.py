# peelcert-test: slow
"""Issue 11 targets on days, months, hours (proofs-data/cyclic-*-three-pairs, rank 6) at
d = 2, 3, 4: the certified (LP) upper bound is at most the best of 20 projected-gradient
runs (NumPy, fixed seed) + 1e-12, it is above val(C)'s certified lower bound, and the
local minimum is proved on all nine (hours at d = 3 at 256 bits: its curvature is below
double precision, docs/below-rank.md)."""
import os
import sys
from fractions import Fraction

try:
    import numpy  # noqa: F401
except ImportError:  # ctest's python3 may lack numpy: Debian's has it (scripts/setup.sh)
    if sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgd  # noqa: E402

SRC = os.environ["PEELCERT_SOURCE"]
WORK = os.environ.get("PEELCERT_WORK", ".")

# none left (docs/below-rank.md): days at d = 2 is interior (proved with the GL(d) gauge),
# hours at d = 3 has a curvature below double precision (proved at 256 bits)
EXPECT_NOT_PROVED = set()

failures = []
for family in ("days", "months", "hours"):
    src = os.path.join(SRC, "proofs-data", "cyclic-%s-three-pairs.json" % family)
    for d in (2, 3, 4):
        path, inst = pgd.with_dim(src, d, WORK)
        doc, _ = pgd.certify_lp(path, WORK)
        assert doc["d_below_rank"] is True, (family, d, doc)
        lp = doc["lp"]
        upper = Fraction(lp["upper"])
        baseline = pgd.pgd_best(inst)
        print("%s d=%d  lp.upper %s  pgd %.15f  local_minimum %s  symmetry_broken %s"
              % (family, d, lp["upper"], baseline, lp["local_minimum"], lp["symmetry_broken"]))
        if not float(upper) <= baseline + 1e-12:
            failures.append("%s d=%d: upper %s > pgd %.17g" % (family, d, lp["upper"], baseline))
        if not upper >= Fraction(doc["lower"]):
            failures.append("%s d=%d: upper below the val(C) lower bound" % (family, d))
        proved = lp["local_minimum"] == "proved"
        if proved != ((family, d) not in EXPECT_NOT_PROVED):
            failures.append("%s d=%d: local_minimum %s (%s)" % (family, d, lp["local_minimum"],
                                                              lp["local_minimum_note"]))
        if (family, d) in EXPECT_NOT_PROVED and "order t^4" not in lp["local_minimum_note"]:
            failures.append("%s d=%d: the note does not give the growth order: %s"
                            % (family, d, lp["local_minimum_note"]))
        if proved and not Fraction(lp["box_radius"]) > 0:
            failures.append("%s d=%d: proved without a box" % (family, d))
        if lp["symmetry_broken"] is True:
            # proved: strictly below every circulant point of rank <= d
            assert Fraction(lp["symmetric_lower"]) > upper, (family, d, lp)
assert not failures, "\n".join(failures)
print("ok")
