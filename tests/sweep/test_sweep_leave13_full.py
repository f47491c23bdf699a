# peelcert-test: slow
"""The whole phase diagram 0 < rho <= 1.5 rho_int of the n = 13 leave-and-return instances
cyclic-13-leave-F of proofs-data, F = 1, 3, 5 the frequency that leaves (issue 13):
- peelcert sweep over [1/10, B], B <= 1.5 rho_int, proves every piece and breakpoint at 20 digits
  (exit 0), the frequency leaving and coming back as two breakpoints, the last one the interior
  threshold;
- peelcert check verifies the document (cells, chains, breakpoints, values);
- every frequency breakpoint agrees with proofs-data/expected.json, found without peelcert sweep
  (scripts/expected_values.py: certify on a grid, bisection to 1e-4): the same events in the same
  order, each 20-digit enclosure inside its bracket (widened by 1e-9 for its 12 decimals), and
  rho_int likewise;
- and certify just below and just above each breakpoint gives the pieces' active sets."""
import json, os, sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import SOURCE, WORK, DATA, run, expect, finish  # noqa: E402
from test_sweep_leave13 import cross_check  # noqa: E402

expected = json.load(open(os.path.join(DATA, "expected.json")))
# B: 123.8 <= 1.5 * 82.5570, 128.6 <= 1.5 * 85.7897, 188.76 <= 1.5 * 125.8455
TOPS = {1: "619/5", 3: "643/5", 5: "4719/25"}


def full_sweep(leaving):
    name = f"cyclic-13-leave-{leaving}.json"
    inst = json.load(open(os.path.join(DATA, name)))
    exp = expected[name]["sweep"]
    top = Fraction(TOPS[leaving])
    expect(top <= Fraction(3, 2) * Fraction(exp["rho_int"]) and top > Fraction(exp["top"]) - 1,
           f"{name}: B = {float(top)} <= 1.5 rho_int ({exp['top']})")
    out = os.path.join(WORK, f"l13full_{leaving}.sweep.json")
    rc, o, e = run("sweep", os.path.join(DATA, name), "--rho", "1/10:" + TOPS[leaving], "-o", out)
    if not expect(rc == 0, f"{name}: the sweep over [1/10, {float(top)}] is proved (exit {rc}: {(o + e)[-300:]})"):
        return
    doc = json.load(open(out))
    bps = doc["breakpoints"]
    freq = [b for b in bps if not b["event"].startswith("binding -> interior")]
    expect(bps[-1]["event"].startswith("binding -> interior") and doc["pieces"][-1]["regime"] == "interior",
           f"{name}: the last breakpoint is the interior threshold")
    expect(abs(Fraction(doc["threshold"]["lower"]) - Fraction(exp["rho_int"])) < Fraction(1, 10**9),
           f"{name}: rho_int {doc['threshold']['lower'][:16]} = {exp['rho_int']} (numpy, from the decimal logs)")
    # the same events, in order, each enclosure (<= 1e-20 wide) inside its bisection bracket
    got = [("enters", b["enters"]) if b["enters"] else ("leaves", b["leaves"]) for b in freq]
    want = [("enters" if "enters" in b else "leaves", b.get("enters", b.get("leaves"))) for b in exp["breakpoints"]]
    expect(got == want, f"{name}: the events {got} are those found by certify and bisection {want}")
    tol = Fraction(1, 10**9)
    for b, w in zip(freq, exp["breakpoints"]):
        blo, bhi = Fraction(b["rho_lower"]), Fraction(b["rho_upper"])
        wlo, whi = Fraction(w["rho"][0]) - tol, Fraction(w["rho"][1]) + tol
        expect(bhi - blo <= Fraction(1, 10**20) and wlo <= blo and bhi <= whi,
               f"{name}: {b['event']} at {b['rho_lower'][:24]} (width {float(bhi - blo):.1e}) "
               f"in the bisection bracket [{w['rho'][0]}, {w['rho'][1]}]")
    leaves = [b for b in freq if b.get("leaves") == [leaving]]
    back = [b for b in freq if b.get("enters") == [leaving] and Fraction(b["rho_lower"]) > 60]
    expect(len(leaves) == 1 and len(back) == 1 and 63 < float(leaves[0]["rho_lower"]) < 66
           and 66 < float(back[0]["rho_lower"]) < 70,
           f"{name}: frequency {leaving} leaves after 63 and returns before 70")
    rc, o, e = run("check", out)
    expect(rc == 0 and "VERIFIED" in o, f"{name}: peelcert check verifies the whole sweep ({o[-300:]} {e[-300:]})")
    kinds = {c["kind"] for c in doc["cells"]}
    expect({"coefficient", "margin", "interior"} <= kinds, f"{name}: event cells of every kind ({kinds})")
    cross_check(inst, doc, name, f"full{leaving}")


for leaving in (1, 3, 5):
    full_sweep(leaving)
finish()
