#!/usr/bin/env python3
"""Every proofs-data instance certifies and its certificate passes the independent checker;
where proofs-data/expected.json gives an independently computed value (closed forms), the
certified interval must contain it, and the regime/structure must be the predicted ones.
Every committed certificate under certificates/ passes the checker against its instance."""
import json, os, subprocess, sys
from fractions import Fraction
from decimal import Decimal
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, DATA, PEELCERT, SOURCE, WORK, run  # noqa: E402


expected = json.load(open(os.path.join(DATA, "expected.json")))
for name in sorted(expected):
    inst = os.path.join(DATA, name)
    cert = os.path.join(WORK, name.replace(".json", ".cert.json"))
    # issue 3: every cyclic instance certifies to 50 digits
    digits = ["--digits", "50"] if name.startswith(("cyclic-", "days-")) else []
    rc, out, err = run(["certify", inst, "-o", cert, "--json"] + digits)
    expect(rc == 0, f"{name}: certify exits 0 (got {rc}: {err.strip()[:200]})")
    if rc != 0:
        continue
    res = json.loads(out)
    exp = expected[name]
    lo, hi = Fraction(res["lower"]), Fraction(res["upper"])
    if "value" in exp:
        v = Fraction(Decimal(exp["value"]))
        # a float reference (general groups, issue 10) states its own tolerance
        margin = max(Fraction(1, 10**55), Fraction(Decimal(exp.get("tolerance", "0"))))
        expect(lo <= v + margin and v - margin <= hi,
               f"{name}: closed form {exp['value'][:20]}... in [{res['lower'][:22]}, {res['upper'][:22]}]")
    for key in ("regime", "structure"):
        if key in exp:
            expect(res[key] == exp[key], f"{name}: {key} {res[key]} == expected {exp[key]}")
    rc, out, err = run(["check", cert, "--instance", inst])
    expect(rc == 0, f"{name}: checker accepts the certificate (got {rc}: {(out + err).strip()[-200:]})")

certdir = os.path.join(SOURCE, "certificates")
for name in sorted(os.listdir(certdir)):
    if not name.endswith(".cert.json"):
        continue
    inst = os.path.join(DATA, name.replace(".cert.json", ".json"))
    rc, out, err = run(["check", os.path.join(certdir, name), "--instance", inst])
    expect(rc == 0, f"committed {name}: checker accepts it against {os.path.basename(inst)} (got {rc})")

finish()
