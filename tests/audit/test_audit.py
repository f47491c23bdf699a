"""peelcert audit: certified optima audit as optimal, perturbed claims as not optimal (with
f(claim) cross-checked by an independent float evaluation), one-ulp budget excess as
float rounding judged on the claim scaled onto the budgets, .npy claims written byte by byte, and malformed
claims refused with exit 2 naming the field."""
import json, math, os, struct, subprocess, sys
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, SOURCE, WORK, run  # noqa: E402


def path(name):
    return os.path.join(WORK, name)


def write_npy(name, rows):
    """A float64 little-endian C-order .npy file, version 1.0 (written by hand)."""
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }" % (len(rows), len(rows[0]))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path(name), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
        for row in rows:
            f.write(struct.pack("<%dd" % len(row), *row))
    return path(name)


def f_float(P, Z):
    """f(Z) = (1/N) sum_i [LSE(z_i) - <p_i, z_i>] in floating point (independent of peelcert)."""
    V, N = len(Z), len(Z[0])
    total = 0.0
    for i in range(N):
        col = [Z[k][i] for k in range(V)]
        m = max(col)
        total += m + math.log(sum(math.exp(z - m) for z in col)) - sum(P[i][k] * col[k] for k in range(V))
    return total / N


def matmul(A, B):
    return [[sum(A[i][t] * B[t][j] for t in range(len(B))) for j in range(len(B[0]))] for i in range(len(A))]


# 1. a certified optimum audited against itself: optimal within eps (exit 0), for three kinds
rc, _, err = run("gen", "random", "--tokens", "6", "--contexts", "5", "--seed", "4", "-o", path("r.json"))
with open(path("perm.json"), "w") as f:   # exchangeable after relabelling the contexts (a 5-cycle swap)
    json.dump({"format": "peelcert-instance/1", "tokens": 5, "contexts": 5, "E_W": "1", "E_H": "1",
               "targets": {"onehot": [1, 2, 0, 4, 3]}}, f)
for inst, name in ((path("r.json"), "dense"), (os.path.join(SOURCE, "proofs-data/days-of-week.json"), "circulant"),
                   (os.path.join(SOURCE, "proofs-data/exchangeable-binding.json"), "exchangeable"),
                   (path("perm.json"), "exchangeable relabelled")):
    cert = path(name + ".cert.json")
    rc, out, err = run("certify", inst, "-o", cert)
    rc, out, err = run("audit", inst, cert, "--eps", "1e-8", "--json")
    res = json.loads(out) if out.strip() else {}
    claim = res.get("claim", {})
    expect(rc == 0 and claim.get("verdict") == "optimal-within" and claim.get("feasible") is True,
           f"{name}: the certified optimum audits as optimal within 1e-8 (exit {rc}: {err.strip()[:150]})")
    if claim:
        expect(Fraction(claim["suboptimality_upper"]) <= Fraction(1, 10**8),
               f"{name}: suboptimality upper {claim['suboptimality_upper']} <= 1e-8")

# 2. a perturbed claim (W scaled by 0.8, feasible): not optimal, f(claim) cross-checked in floats
inst = json.load(open(path("r.json")))
P = [[float(Fraction(x)) for x in row] for row in inst["targets"]]
cert = json.load(open(path("dense.cert.json")))
W = [[0.8 * float(Fraction(x)) for x in row] for row in cert["primal"]["W"]]
H = [[float(Fraction(x)) for x in row] for row in cert["primal"]["H"]]
rc, out, err = run("audit", path("r.json"), "--W", write_npy("W.npy", W), "--H", write_npy("H.npy", H), "--json")
res = json.loads(out) if out.strip() else {}
claim = res.get("claim", {})
fz = f_float(P, matmul(W, H))
expect(rc == 1 and claim.get("verdict") == "not-optimal", f"scaled claim: not optimal (exit {rc}, {claim.get('verdict')})")
if claim:
    expect(Fraction(claim["value_lower"]) - Fraction(1, 10**9) <= Fraction(fz) <= Fraction(claim["value_upper"]) + Fraction(1, 10**9),
           f"scaled claim: float f(claim) = {fz:.12f} in [{claim['value_lower'][:16]}, {claim['value_upper'][:16]}]")
    sub = fz - float(Fraction(res["upper"]))
    expect(Fraction(claim["suboptimality_lower"]) > 0 and abs(float(Fraction(claim["suboptimality_lower"])) - sub) < 1e-8,
           f"scaled claim: suboptimality lower {claim['suboptimality_lower'][:12]} ~ float {sub:.3e} > 0")

# 3. one ulp over the budget: infeasible, and the scaled-back claim is reported
a = 6 * float(Fraction(inst["E_W"]))
W1 = [[float(Fraction(x)) for x in row] for row in cert["primal"]["W"]]
norm2 = sum(x * x for row in W1 for x in row)
s = math.sqrt(a / norm2)
W1 = [[x * s for x in row] for row in W1]
while sum(Fraction(x) ** 2 for row in W1 for x in row) <= Fraction(a):
    W1 = [[math.nextafter(x, math.copysign(math.inf, x)) for x in row] for row in W1]
rc, out, err = run("audit", path("r.json"), "--W", write_npy("W1.npy", W1), "--H", path("H.npy"), "--json")
res = json.loads(out) if out.strip() else {}
claim = res.get("claim", {})
expect(claim.get("verdict") != "infeasible" and claim.get("feasible") is False and claim.get("rounding_excess") is True
       and "scaled_suboptimality_upper" in claim,
       f"one ulp over the budget: float rounding, judged scaled onto the budgets (exit {rc}, {claim.get('verdict')})")
expect(res.get("verdict_about") == "claim scaled onto the budgets", "the verdict says it is about the scaled claim")

# 3b. the same claim as JSON: doubles (JSON reals) count as float64 and get its rounding
#     allowance; the same values as exact rationals ("p/q") are exact: one ulp over is infeasible
H1 = [[float(Fraction(x)) for x in row] for row in cert["primal"]["H"]]
for form, conv in (("reals", lambda x: x), ("rationals", lambda x: str(Fraction(x)))):
    with open(path(f"claim_{form}.json"), "w") as f:
        json.dump({"format": "peelcert-claim/1", "W": [[conv(x) for x in row] for row in W1],
                   "H": [[conv(x) for x in row] for row in H1]}, f)
    rc, out, err = run("audit", path("r.json"), path(f"claim_{form}.json"), "--json")
    c = json.loads(out).get("claim", {}) if out.strip() else {}
    if form == "reals":
        expect(c.get("dtype_W") == "float64" and c.get("rounding_excess") is True,
               f"JSON reals one ulp over: float64 rounding ({c.get('dtype_W')}, {c.get('verdict')})")
    else:
        expect(c.get("dtype_W") == "exact" and c.get("verdict") == "infeasible" and rc == 1,
               f"exact rationals one ulp over: infeasible ({c.get('dtype_W')}, {c.get('verdict')}, exit {rc})")

# 4. malformed claims: exit 2 naming the field
with open(path("trunc.npy"), "wb") as f:
    f.write(open(path("W.npy"), "rb").read()[:-8])
cases = [(["--W", path("trunc.npy"), "--H", path("H.npy")], "data"),
         (["--W", path("H.npy"), "--H", path("W.npy")], "W"),
         (["--Z", write_npy("Z.npy", [[0.0] * 5] * 5)], "Z")]
with open(path("bad.json"), "w") as f:
    json.dump({"format": "peelcert-claim/1", "W": [["1/0"]], "H": [["1"]]}, f)
cases.append(([path("bad.json")], "W[0][0]"))
for args, field in cases:
    rc, out, err = run("audit", path("r.json"), *args)
    expect(rc == 2 and field in err, f"malformed claim {args[-1].split('/')[-1]}: exit 2 naming {field} (exit {rc}: {err.strip()[:120]})")

finish()
