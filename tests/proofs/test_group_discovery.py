#!/usr/bin/env python3
"""Issue 10 item 5: every proofs-data instance with a `group_order` in expected.json (groups
built by scripts/group_families.py: S_4 x S_13 on cards, D_12 on ordered pairs, S_4 regular)
has its group found again from the targets alone. With the `symmetry` field removed,
`peelcert symmetry` finds a group of exactly the order the construction gives (not a
subgroup, not a larger one), certify discovers it, claims the expected structure (not
"none"), its interval contains the independent value, and the checker accepts the
certificate (so it re-verified the discovered generators exactly). Tamper: a discovered
generator replaced by a non-symmetry makes the checker refuse."""
import json, os, subprocess, sys, tempfile
from decimal import Decimal
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, DATA, PEELCERT, SOURCE, run  # noqa: E402


expected = json.load(open(os.path.join(DATA, "expected.json")))
families = sorted(n for n, e in expected.items() if "group_order" in e)
expect(len(families) >= 3, f"at least three general-group instances ({families})")
work = tempfile.mkdtemp()
for name in families:
    exp = expected[name]
    inst = json.load(open(os.path.join(DATA, name)))
    given = inst.pop("symmetry")
    bare = os.path.join(work, name)
    json.dump(inst, open(bare, "w"))
    rc, out, err = run(["symmetry", bare, "--json"])
    expect(rc == 0, f"{name}: symmetry exits 0 (got {rc}: {err.strip()[:200]})")
    if rc != 0:
        continue
    group = json.loads(out)
    expect(group["order"] == exp["group_order"],
           f"{name}: discovered order {group['order']} == {exp['group_order']}")
    # the given generators generate a group of the same order (Schreier-Sims on them)
    with_sym = os.path.join(DATA, name)
    rc, out, err = run(["symmetry", with_sym, "--json"])
    expect(rc == 0 and json.loads(out)["order"] == exp["group_order"],
           f"{name}: the stored generators give order {exp['group_order']}")
    cert = os.path.join(work, name.replace(".json", ".cert.json"))
    rc, out, err = run(["certify", bare, "-o", cert, "--json"])
    expect(rc == 0, f"{name}: certify without symmetry exits 0 (got {rc}: {err.strip()[:200]})")
    if rc != 0:
        continue
    res = json.loads(out)
    expect(res["group"]["discovered"] is True and res["group"]["order"] == exp["group_order"],
           f"{name}: certify discovered the group of order {res['group']['order']}")
    expect(res["structure"] == exp["structure"] != "none",
           f"{name}: structure {res['structure']} == {exp['structure']}")
    expect(res["regime"] == exp["regime"], f"{name}: regime {res['regime']}")
    v = Fraction(Decimal(exp["value"]))
    tol = max(Fraction(1, 10**55), Fraction(Decimal(exp.get("tolerance", "0"))))
    expect(Fraction(res["lower"]) <= v + tol and v - tol <= Fraction(res["upper"]),
           f"{name}: independent value {exp['value'][:18]} in [{res['lower'][:20]}, {res['upper'][:20]}]")
    rc, out, err = run(["check", cert, "--instance", bare])
    expect(rc == 0, f"{name}: checker accepts the discovered-group certificate (got {rc})")
    # tamper: a transposition of two tokens that are not symmetric images of each other
    c = json.load(open(cert))
    gens = c["instance"]["symmetry"]["tokens"] if "instance" in c else None
    if gens:
        g = list(range(len(gens[0])))
        g[0], g[1] = g[1], g[0]
        c["instance"]["symmetry"]["tokens"][0] = g
        bad = cert + ".bad"
        json.dump(c, open(bad, "w"))
        rc, out, err = run(["check", bad])
        expect(rc != 0, f"{name}: checker refuses a tampered generator (got {rc}: {(out + err).strip()[-120:]})")
    else:
        expect(False, f"{name}: certificate stores the instance's symmetry generators")

finish()
