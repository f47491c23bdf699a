# peelcert-test: slow
"""The n = 13 leave-and-return instances of proofs-data (SPEC 5a: "a pair active at rho = 63,
inactive at 66, active at 70"; issue 13), cyclic-13-leave-F.json with F the frequency that leaves:
- independently of the sweep: peelcert certify at a = b = rho for rho = 63, 66, 70 (budgets
  E_W = E_H = rho / 13), the active set read from the certificate's own circulant primal c
  (|c_hat_j| by a numpy DFT of the exact rationals): F is active at 63 and 70, inactive at 66;
- the sweep over [1/10, 40] (every frequency joins there: the breakpoints where frequencies enter,
  some right after another) is proved, peelcert check verifies it (values included), and each
  breakpoint is cross-checked by certify just below and just above it (the certificates' active
  sets are the pieces' on each side).
The whole range 0 < rho <= 1.5 rho_int of all three is test_sweep_leave13_full.py (it imports
cross_check from here)."""
import json, os, sys
from fractions import Fraction
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import SOURCE, WORK, run, expect, finish  # noqa: E402

N = 13


def active_at(inst, rho, tag):
    """Frequencies j in 1..6 with |c_hat_j| > 1e-9 in the circulant primal of the certificate at
    a = b = rho, or None if certify or its checker failed."""
    e = str(Fraction(rho) / N)
    path = os.path.join(WORK, "l13_%s.json" % tag)
    cert = os.path.join(WORK, "l13_%s.cert.json" % tag)
    with open(path, "w") as f:
        json.dump(dict(inst, E_W=e, E_H=e), f)
    rc, out, err = run("certify", path, "-o", cert, "--json")
    rc2, _, _ = run("check", cert, "--instance", path)
    if rc != 0 or rc2 != 0:
        expect(False, f"{tag}: certify at rho = {float(rho):.6g} and check exit 0 (got {rc}, {rc2}: {err[-200:]})")
        return None
    c = np.array([float(Fraction(x)) for x in json.load(open(cert))["primal"]["c"]])
    mags = np.abs(np.fft.fft(c))[1:N // 2 + 1]
    return [j + 1 for j in range(N // 2) if mags[j] > 1e-9]


def check_instance(leaving):
    name = f"cyclic-13-leave-{leaving}.json"
    inst = json.load(open(os.path.join(SOURCE, "proofs-data", name)))
    tag = f"f{leaving}"
    sets = [active_at(inst, r, f"{tag}_{r}") for r in (63, 66, 70)]
    if None not in sets:
        expect(leaving in sets[0] and leaving not in sets[1] and leaving in sets[2],
               f"{name}: frequency {leaving} active at 63, inactive at 66, active at 70 ({sets})")
        expect(sets[0] == sets[2] == list(range(1, 7)) and sets[1] == [j for j in range(1, 7) if j != leaving],
               f"{name}: only frequency {leaving} changes ({sets})")

    out = os.path.join(WORK, f"l13_{tag}.sweep.json")
    rc, o, e = run("sweep", os.path.join(SOURCE, "proofs-data", name), "--rho", "1/10:40", "-o", out)
    if not expect(rc == 0, f"{name}: the sweep over [1/10, 40] is proved (exit {rc}: {(o + e)[-300:]})"):
        return
    doc = json.load(open(out))
    rc, o, e = run("check", out)
    expect(rc == 0 and "VERIFIED" in o, f"{name}: peelcert check verifies the sweep ({o} {e})")
    pieces, bps = doc["pieces"], doc["breakpoints"]
    expect(len(bps) >= 3 and pieces[-1]["active"] == list(range(1, 7)),
           f"{name}: frequencies enter until all six are active ({[p['active'] for p in pieces]})")
    cross_check(inst, doc, name, tag)


def cross_check(inst, doc, name, tag):
    """Every frequency breakpoint: certify just below and just above gives the pieces' sets."""
    pieces, bps = doc["pieces"], doc["breakpoints"]
    for k, b in enumerate(bps):
        if b["event"].startswith("binding -> interior"):
            continue
        lo, hi = Fraction(b["rho_lower"]), Fraction(b["rho_upper"])
        width = min(Fraction(pieces[k]["rho_to"]) - Fraction(pieces[k]["rho_from"]),
                    Fraction(pieces[k + 1]["rho_to"]) - Fraction(pieces[k + 1]["rho_from"]))
        d = min(Fraction(1, 10**4), width / 4)
        below = active_at(inst, lo - d, f"{tag}_b{k}_lo")
        above = active_at(inst, hi + d, f"{tag}_b{k}_hi")
        expect(below == pieces[k]["active"] and above == pieces[k + 1]["active"],
               f"{name}: breakpoint {k} at {float(lo):.12g}: certify gives {below} below, {above} "
               f"above; the pieces {pieces[k]['active']}, {pieces[k + 1]['active']}")


def main():
    for leaving in (1, 3, 5):
        check_instance(leaving)

    finish()


if __name__ == "__main__":
    main()
