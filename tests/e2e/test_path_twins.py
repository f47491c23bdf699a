"""Each structured path against the general dense path on the same instance (--path dense):
both certificates pass the checker and the two certified intervals intersect (they enclose the
same val(C)); the structured interval is the narrower one."""
import json, os, subprocess, sys
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, SOURCE, WORK  # noqa: E402


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

# issue 4: a dense 2-transitive instance (V N = 294 <= 400) and its reduced twin give the same
# certified interval to 30 digits (the dense path refines in multiprecision there)
inst = os.path.join(SOURCE, "proofs-data", "group-AGL1-7-pairs.json")
res = {}
for path in ("auto", "dense"):
    cert = os.path.join(WORK, f"twin30-{path}.cert.json")
    p = subprocess.run([PEELCERT, "certify", inst, "--path", path, "--digits", "30", "--json", "-o", cert],
                       capture_output=True, text=True, timeout=600)
    res[path] = json.loads(p.stdout) if p.stdout.strip() else {}
    expect(p.returncode == 0 and res[path].get("verified") is True, f"AGL(1,7) pairs, --path {path}, 30 digits: verified")
if res["auto"] and res["dense"]:
    la, ld = Fraction(res["auto"]["lower"]), Fraction(res["dense"]["lower"])
    ua, ud = Fraction(res["auto"]["upper"]), Fraction(res["dense"]["upper"])
    expect(abs(la - ld) <= Fraction(1, 10**30) and abs(ua - ud) <= Fraction(1, 10**30),
           f"AGL(1,7) pairs: group and dense intervals agree to 1e-30 ({res['auto']['lower'][:34]} / {res['dense']['lower'][:34]})")

finish()
