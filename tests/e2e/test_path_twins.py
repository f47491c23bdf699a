"""Each structured path against the general dense path on the same instance (--path dense):
both certificates pass the checker and the two certified intervals intersect (they enclose the
same val(C)); the structured interval is the narrower one."""
import json, os, subprocess, sys
from fractions import Fraction

PEELCERT = os.environ["PEELCERT"]
SOURCE = os.environ["PEELCERT_SOURCE"]
WORK = os.environ.get("PEELCERT_WORK", ".")
passed = failed = 0


def expect(ok, what):
    global passed, failed
    passed += bool(ok); failed += not ok
    print(("ok   " if ok else "FAIL ") + what, flush=True)


def certify(inst, path, tag):
    cert = os.path.join(WORK, f"{tag}-{path}.cert.json")
    p = subprocess.run([PEELCERT, "certify", inst, "--path", path, "--json", "-o", cert],
                       capture_output=True, text=True, timeout=600)
    res = json.loads(p.stdout) if p.stdout.strip() else {}
    c = subprocess.run([PEELCERT, "check", cert, "--instance", inst], capture_output=True, text=True)
    return p.returncode, res, c.returncode


for name, want in (("group-AGL1-7-pairs", "group"), ("group-S5-same", "group"), ("group-PSL2-5-pairs", "group"),
                   ("cyclic-days-two-pairs", "circulant"), ("cyclic-months-one-pair", "circulant"),
                   ("exchangeable-binding", "exchangeable")):
    inst = os.path.join(SOURCE, "proofs-data", name + ".json")
    rc_a, a, ck_a = certify(inst, "auto", name)
    rc_d, d, ck_d = certify(inst, "dense", name)
    expect(rc_a == 0 and a.get("path") == want and ck_a == 0, f"{name}: auto path is {a.get('path')}, checked ({rc_a}, {ck_a})")
    expect(rc_d == 0 and d.get("path") == "dense" and ck_d == 0, f"{name}: dense path certified and checked ({rc_d}, {ck_d})")
    if a and d:
        la, ua, ld, ud = (Fraction(x) for x in (a["lower"], a["upper"], d["lower"], d["upper"]))
        expect(max(la, ld) <= min(ua, ud), f"{name}: intervals intersect ([{a['lower'][:18]}, {a['upper'][:18]}] vs [{d['lower'][:18]}, {d['upper'][:18]}])")
        expect(ua - la <= ud - ld, f"{name}: the structured interval is the narrower ({float(ua - la):.1e} <= {float(ud - ld):.1e})")
        expect(a["regime"] == d["regime"] or "undetermined" in (a["regime"], d["regime"]),
               f"{name}: same regime ({a['regime']}, {d['regime']})")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
