"""The commutant path end to end (docs/groups.md; FORMAT.md kind group, commutant reduction):
suits x ranks and D_12 on ordered pairs certify to 30 digits on path group with structure
group-invariant, the independent checker verifies them, the interval contains the value of
expected.json and meets the dense twin's; tampered certificates are refused: generic element
(exit 2, names primal.commutant_generic), a generator (exit 2), an orbital value of Z (exit 1,
names a claim), a dual value (exit 1); the regular S_4 (non-commutative) falls back to the dense
path with a note saying why."""
import copy, json, os, subprocess, sys
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, CHECK, SOURCE, WORK  # noqa: E402

expected = json.load(open(os.path.join(SOURCE, "proofs-data", "expected.json")))


def certify(inst_path, cert_path, *extra):
    p = subprocess.run([PEELCERT, "certify", inst_path, "--json", "-o", cert_path, *extra],
                       capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else {})


def expect_d(ok, what, detail):
    expect(ok, what if ok else what + ": " + str(detail)[:600])


def check(cert, tag):
    path = os.path.join(WORK, "commutant-" + tag + ".json")
    with open(path, "w") as f:
        json.dump(cert, f)
    p = subprocess.run([CHECK, path], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


for name in ("group-suits-ranks", "group-dihedral-12-pairs"):
    inst_path = os.path.join(SOURCE, "proofs-data", name + ".json")
    cert_path = os.path.join(WORK, name + ".commutant.cert.json")
    rc, res = certify(inst_path, cert_path, "--digits", "30")
    expect_d(rc == 0 and res.get("path") == "group" and res.get("structure") == "group-invariant"
           and res.get("regime") == "binding", name + ": path group, group-invariant, binding", res)
    lo, hi = Fraction(res["lower"]), Fraction(res["upper"])
    exp = expected[name + ".json"]
    tol = Fraction(exp.get("tolerance", "1e-50"))
    val = Fraction(exp["value"])
    expect_d(hi - lo <= Fraction(1, 10 ** 30), name + ": gap <= 1e-30", (lo, hi))
    expect_d(lo - tol <= val <= hi + tol, name + ": the interval contains the independent value",
           (lo, hi, val))
    cert = json.load(open(cert_path))
    expect("commutant_generic" in cert["primal"], name + ": the certificate names its generic element")
    rc, out = check(cert, name + "-ok")
    expect_d(rc == 0, name + ": checker verifies", out)
    # dense twin
    rc, dense = certify(inst_path, os.path.join(WORK, name + ".dense.cert.json"), "--path", "dense")
    expect_d(rc in (0, 1) and Fraction(dense["lower"]) <= hi and lo <= Fraction(dense["upper"]),
           name + ": the dense twin's interval meets the reduced one", (dense.get("lower"), dense.get("upper")))
    # tampering
    bad = copy.deepcopy(cert)
    bad["primal"]["commutant_generic"] = [0] * len(cert["primal"]["commutant_generic"])
    rc, out = check(bad, name + "-generic")
    expect_d(rc == 2 and "commutant_generic" in out, name + ": zero generic element refused (exit 2)", out)
    bad = copy.deepcopy(cert)
    bad["primal"]["commutant_generic"] = bad["primal"]["commutant_generic"][:-1]
    rc, out = check(bad, name + "-generic-short")
    expect_d(rc == 2 and "commutant_generic" in out, name + ": short generic element refused", out)
    bad = copy.deepcopy(cert)
    bad["primal"]["commutant_generic"] = [1] * len(cert["primal"]["commutant_generic"])
    rc, out = check(bad, name + "-generic-ones")
    # A = sum_j A_j = J: eigenvalues V and 0 (r - 1 times), not simple: no decomposition proved
    expect_d(rc == 2 and "commutant_generic" in out, name + ": non-separating generic element refused", out)
    bad = copy.deepcopy(cert)
    bad["primal"]["z"] = bad["primal"]["z"] + ["0"]
    rc, out = check(bad, name + "-z-orbitals")
    expect_d(rc == 2 and "primal.z" in out, name + ": z with one orbital too many refused (exit 2)", out)
    bad = copy.deepcopy(cert)
    g = bad["instance"]["symmetry"]["tokens"][0]
    g[0], g[1] = g[1], g[0]
    rc, out = check(bad, name + "-generator")
    expect_d(rc == 2, name + ": tampered generator refused (exit 2)", out)
    bad = copy.deepcopy(cert)
    z = bad["primal"]["z"]
    j = max(range(len(z)), key=lambda o: abs(Fraction(z[o])))
    z[j] = str(Fraction(z[j]) * Fraction(1025, 1024))
    rc, out = check(bad, name + "-z")
    expect_d(rc == 1 and ("nuclear" in out or "primal_centered" in out), name + ": tampered z refused, claim named", out)
    bad = copy.deepcopy(cert)
    q = bad["dual"]["q"]
    q[0] = str(Fraction(q[0]) + Fraction(1, 1000))
    rc, out = check(bad, name + "-q")
    expect_d(rc == 1 and "dual_simplex" in out, name + ": tampered q refused", out)
    bad = copy.deepcopy(cert)
    bad["claims"]["lower"] = str(round(float(Fraction(res["lower"])) + 1e-6, 12))
    rc, out = check(bad, name + "-lower")
    expect_d(rc == 1 and "lower" in out, name + ": raised lower claim refused", out)

rc, res = certify(os.path.join(SOURCE, "proofs-data", "group-regular-S4.json"),
                  os.path.join(WORK, "regular-S4.cert.json"))
expect_d(res.get("path") == "dense" and "not commutative" in res.get("note", ""),
       "regular S_4: dense fallback with the reason", res.get("note"))
finish()
