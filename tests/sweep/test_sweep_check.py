"""peelcert check re-verifies sweep documents (issue 13; check_sweep.c): the days, days-one-pair
(and, outside the sanitizer build, months) sweeps from peelcert sweep pass; tampered documents
(a shifted breakpoint enclosure, a frequency removed from an active set, a cell widened over the
next breakpoint, a gap in the cover, a changed centre, a changed threshold) exit 1 naming the
cell / breakpoint; malformed ones (missing field, wrong type, huge length) exit 2."""
import copy, json, os, sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import SOURCE, WORK, run  # noqa: E402
SANITIZED = bool(os.environ.get("PEELCERT_SANITIZED"))
fails, checks = [], 0

def check(cond, what):
    global checks
    checks += 1
    if not cond:
        fails.append(what); print("FAIL:", what)

def sweep(instance, rho, name):
    out = os.path.join(WORK, name)
    rc, o, e = run("sweep", os.path.join(SOURCE, "proofs-data", instance), "--rho", rho, "-o", out)
    check(rc == 0, f"sweep {instance} exit {rc}: {e[-300:]}")
    with open(out) as f:
        return out, json.load(f)

def checked(doc, name):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        json.dump(doc, f)
    rc, o, e = run("check", path, "--json")
    try:
        rep = json.loads(o)
    except ValueError:
        rep = {"message": e}
    return rc, rep.get("message", "")

def expect(doc, name, code, *words):
    rc, msg = checked(doc, name)
    check(rc == code, f"{name}: exit {rc}, expected {code} ({msg})")
    for w in words:
        check(w in msg, f"{name}: message lacks {w!r}: {msg}")

def fr(s):
    return Fraction(s)

# ---- positives
docs = [("days-of-week.json", "1/10:20"), ("cyclic-days-one-pair.json", "1/10:20"),
        ("exchangeable-binding.json", "1/10:20")]
if not SANITIZED:
    docs.append(("cyclic-months-one-pair.json", "1/10:40"))
for inst, rho in docs:
    path, doc = sweep(inst, rho, "sc_" + inst)
    rc, o, e = run("check", path)
    check(rc == 0 and "VERIFIED" in o, f"check of the {inst} sweep: exit {rc} {o} {e}")

path, days = sweep("days-of-week.json", "1/10:20", "sc_days.json")
cells, bps = days["cells"], days["breakpoints"]
b0 = bps[0]
i_behind = next(i for i, c in enumerate(cells) if c["rho"][1] == b0["zero"]["rho"][0])

# ---- tampered: exit 1, the claim named
d = copy.deepcopy(days)
d["breakpoints"][0]["rho_lower"] = "1.384899650138033159979700"
d["breakpoints"][0]["rho_upper"] = "1.384899650138033159979710"
expect(d, "sc_t_bpdec.json", 1, "breakpoints[0]")

d = copy.deepcopy(days)
z = d["breakpoints"][0]["zero"]
delta = Fraction(1, 10**6)
lo, hi = fr(z["rho"][0]) + delta, fr(z["rho"][1]) + delta
for c in d["cells"]:
    if c["rho"][1] == z["rho"][0]: c["rho"][1] = str(lo)
    if c["rho"][0] == z["rho"][1]: c["rho"][0] = str(hi)
z["rho"] = [str(lo), str(hi)]
expect(d, "sc_t_bpshift.json", 1, "breakpoints[0]")

d = copy.deepcopy(days)
k = next(i for i, c in enumerate(d["cells"]) if c["kind"] == "regular" and c["active"] == [1, 2, 3])
c = d["cells"][k]
c["active"] = [1, 2]
c["x"] = c["x"][:4] + c["x"][6:]       # t_3, theta_3 dropped
expect(d, "sc_t_active.json", 1, f"cells[{k}]")

d = copy.deepcopy(days)
d["cells"][i_behind]["rho"][1] = str(fr(b0["zero"]["rho"][1]) + Fraction(1, 1000))
expect(d, "sc_t_widen.json", 1, "cells[")

d = copy.deepcopy(days)
k = next(i for i, c in enumerate(d["cells"]) if c["kind"] == "regular" and i > 40)
del d["cells"][k]
expect(d, "sc_t_gap.json", 1, "cover", f"cells[{k - 1}]")

d = copy.deepcopy(days)
k = next(i for i, c in enumerate(d["cells"]) if c["kind"] == "regular" and i > 10)
d["cells"][k]["x"][0] = str(fr(d["cells"][k]["x"][0]) * 3)   # a centre far from the zero
expect(d, "sc_t_centre.json", 1, f"cells[{k}]")

d = copy.deepcopy(days)
d["pieces"][1]["rank"] = 3
expect(d, "sc_t_rank.json", 1, "pieces[1]")

d = copy.deepcopy(days)
d["threshold"]["lower"] = "13.2"
d["threshold"]["upper"] = "13.3"
expect(d, "sc_t_threshold.json", 1, "threshold")

d = copy.deepcopy(days)
d["breakpoints"][0]["enters"] = [3]
expect(d, "sc_t_enters.json", 1, "breakpoints[0]")

d = copy.deepcopy(days)   # another instance: the document's cells are not its proofs
d["instance"]["targets"]["circulant"][0] = "3/50"
d["instance"]["targets"]["circulant"][2] = "19/100"
expect(d, "sc_t_instance.json", 1, "cells[0]")

# ---- malformed: exit 2, the field named
d = copy.deepcopy(days); del d["cells"][3]["kind"]
expect(d, "sc_m_missing.json", 2, "cells[3]", "kind")
d = copy.deepcopy(days); d["digits"] = "20"
expect(d, "sc_m_type.json", 2, "digits")
d = copy.deepcopy(days); d["cells"][0]["x"] = ["1"] * 200000
expect(d, "sc_m_huge.json", 2, "cells[0].x")
d = copy.deepcopy(days); d["cells"][0]["active"] = list(range(1, 5000))
expect(d, "sc_m_active.json", 2, "cells[0].active")
d = copy.deepcopy(days); d["breakpoints"][1]["zero"]["x"] = "oops"
expect(d, "sc_m_zero.json", 2, "breakpoints[1].zero.x")
d = copy.deepcopy(days); d["cells"][2]["rho"] = ["3", "1"]
expect(d, "sc_m_order.json", 2, "cells[2].rho")

print(f"{checks} checks, {len(fails)} failures")
sys.exit(1 if fails else 0)
