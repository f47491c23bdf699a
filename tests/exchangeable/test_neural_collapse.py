#!/usr/bin/env python3
"""Issue 8 item 4: neural-collapse targets recognised.

Reproduction (failed before): one-hot targets where context i predicts token (i+1) mod n took
the dense path (gap 1e-9) and reported `circulant` only. Now targets that become exchangeable
after relabelling the contexts (one-hot permutations, a circulant q with one distinguished
value, alpha I + beta (J - I) with permuted rows) are certified by the closed form of SPEC 5b
with structure simplex-etf; the certificate states the relabelling (primal.context_permutation)
and the checker verifies it from the instance; a tampered relabelling is rejected (exit 1 for a
permutation that does not relabel, exit 2 for one that is not a permutation, FORMAT.md)."""
import json
import os
import random
import subprocess
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 90
PEELCERT = os.environ.get("PEELCERT", "peelcert")
CHECK = os.environ.get("PEELCERT_CHECK", "peelcert-check")
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())
failed = 0


def expect(ok, what):
    global failed
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    failed += 0 if ok else 1
    return ok


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=WORK)
    return p.returncode, p.stdout, p.stderr


def write(name, obj):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        json.dump(obj, f)
    return path


def instance(n, targets, E="1"):
    return {"format": "peelcert-instance/1", "tokens": n, "contexts": n, "E_W": E, "E_H": E,
            "targets": targets}


def closed_form(n, alpha, E):
    """SPEC 5b: x* = clamp(log(alpha/beta), +-rho/(n-1)), val = -alpha x* + log(exp(x*) + n - 1)."""
    alpha, E = Fraction(alpha), Fraction(E)
    beta = (1 - alpha) / (n - 1)
    rho = Decimal(n) * Decimal(E.numerator) / Decimal(E.denominator)
    bound = rho / (n - 1)
    if beta == 0:
        x = bound
    else:
        L = (Decimal(alpha.numerator) / alpha.denominator / (Decimal(beta.numerator) / beta.denominator)).ln()
        x = max(-bound, min(bound, L))
    a = Decimal(alpha.numerator) / alpha.denominator
    return -a * x + (x.exp() + n - 1).ln(), x


def certify(path, digits, name):
    cert = os.path.join(WORK, name + ".cert.json")
    rc, out, err = run([PEELCERT, "certify", path, "--digits", str(digits), "--json", "-o", cert])
    return rc, (json.loads(out) if out.strip() else {}), cert


def check_case(name, inst, perm, n, alpha, E, digits=50, circulant=False, regime="binding"):
    path = write(name + ".json", inst)
    rc, rep, cert = certify(path, digits, name)
    if not expect(rc == 0 and rep.get("verified"), f"{name}: certify --digits {digits} verified"):
        print(rep)
        return None
    expect(rep["path"] == "exchangeable", f"{name}: path exchangeable (was dense before), got {rep['path']}")
    want_structure = "simplex-etf" if regime == "binding" else "none"
    expect(rep["structure"] == want_structure and rep["regime"] == regime,
           f"{name}: structure {rep['structure']}, regime {rep['regime']}")
    val, _ = closed_form(n, alpha, E)
    lo, hi = Decimal(rep["lower"]), Decimal(rep["upper"])
    expect(lo <= val <= hi and hi - lo <= Decimal(10) ** -digits,
           f"{name}: closed form of SPEC 5b {str(val)[:22]}... in [lower, upper], gap <= 1e-{digits}")
    expect(("circulant" in rep) == circulant, f"{name}: --json circulant information {'present' if circulant else 'absent'}")
    doc = json.load(open(cert))
    expect(doc["kind"] == "exchangeable" and doc["primal"].get("context_permutation") == perm,
           f"{name}: certificate states the relabelling {perm}")
    rc, out, err = run([CHECK, cert])
    expect(rc == 0 and "claim context_permutation verified" in out, f"{name}: checker verifies it (exit {rc})")
    rc, out, err = run([CHECK, cert, "--instance", path])
    expect(rc == 0, f"{name}: checker with --instance (exit {rc})")
    return doc, cert, path


# the reproduction: one-hot, context i -> token (i+1) mod n
n = 5
perm = [(i + 1) % n for i in range(n)]
res = check_case("onehot-shift", instance(n, {"onehot": perm}), perm, n, 1, 1, circulant=True)
rc, out, _ = run([PEELCERT, "certify", write("onehot-shift.json", instance(n, {"onehot": perm})), "--json"])
rep = json.loads(out)
expect(rep["circulant"]["active_frequencies"] == [1, 2], "onehot-shift: circulant info: frequencies 1, 2 active")
nc, _ = closed_form(n, 1, 1)
expect(abs(nc - (1 + (n - 1) * (Decimal(-5) / 4).exp()).ln()) < Decimal(10) ** -80,
       "onehot-shift: value log(1 + (n-1) exp(-rho/(n-1))) (neural collapse, SPEC 5b)")

# the same targets in circulant form, q = e_1
check_case("circulant-e1", instance(n, {"circulant": ["0", "1", "0", "0", "0"]}), perm, n, 1, 1, circulant=True)
# a circulant q with one distinguished value: 3/5 at position 2, 1/10 elsewhere
check_case("circulant-distinguished", instance(n, {"circulant": ["1/10", "1/10", "3/5", "1/10", "1/10"]}),
           [(i + 2) % n for i in range(n)], n, "3/5", 1, circulant=True)
# alpha I + beta (J - I) with permuted rows, the SPEC 5b worked example (n = 5, alpha = 3/5)
rng = random.Random(8)
p = list(range(n))
while p == sorted(p) or all(p[i] == (p[0] + i) % n for i in range(n)):
    rng.shuffle(p)
rows = [["3/5" if k == p[i] else "1/10" for k in range(n)] for i in range(n)]
res = check_case("dense-permuted", instance(n, rows), p, n, "3/5", 1, circulant=False)
# a random one-hot permutation at n = 7
n7 = 7
p7 = list(range(n7))
rng.shuffle(p7)
check_case("onehot-random", instance(n7, {"onehot": p7}, "1/2"), p7, n7, 1, "1/2",
           circulant=all(p7[i] == (p7[0] + i) % n7 for i in range(n7)))
# interior: alpha = 3/10 on n = 4, large budgets (log(alpha/beta) (n-1) < rho)
rows4 = [["3/10" if k == (3 - i) else "7/30" for k in range(4)] for i in range(4)]
check_case("dense-permuted-interior", instance(4, rows4, "10"), [3, 2, 1, 0], 4, "3/10", 10,
           circulant=False, regime="interior")

# not a permutation: a general path, not the closed form (the classes path since SPEC 10:
# contexts 0 and 1 are twins, token 4 is untargeted)
path = write("onehot-not-perm.json", instance(5, {"onehot": [0, 0, 1, 2, 3]}))
rc, out, _ = run([PEELCERT, "certify", path, "--json", "-o", os.path.join(WORK, "np.cert.json")])
expect(json.loads(out)["path"] in ("dense", "classes"), "onehot [0,0,1,2,3] (not a permutation): a general path")

# tampering with the relabelling
if res is not None:
    doc, cert, path = res
    def tampered(name, change, want_rc, want_text):
        d = json.loads(json.dumps(doc))
        change(d)
        t = write(name + ".cert.json", d)
        rc, out, err = run([CHECK, t])
        expect(rc == want_rc and want_text in out + err,
               f"tamper {name}: exit {rc} (want {want_rc}), says '{want_text}'")
    def swap(d):
        q = d["primal"]["context_permutation"]
        q[0], q[1] = q[1], q[0]
    tampered("perm-swapped", swap, 1, "context_permutation rejected")
    tampered("perm-repeated", lambda d: d["primal"]["context_permutation"].__setitem__(0, d["primal"]["context_permutation"][1]), 2, "not a permutation")
    tampered("perm-out-of-range", lambda d: d["primal"]["context_permutation"].__setitem__(0, 5), 2, "context_permutation[0]")
    tampered("perm-short", lambda d: d["primal"]["context_permutation"].pop(), 2, "context_permutation")
    tampered("perm-removed", lambda d: d["primal"].pop("context_permutation"), 1, "exchangeable form")
    tampered("perm-string", lambda d: d["primal"]["context_permutation"].__setitem__(2, "1"), 2, "context_permutation[2]")

# the oracle of the one-hot shift: Z°[k][i] = x* (delta(k, i+1) - 1/n), x* = rho/(n-1) = 5/4
rc, out, err = run([PEELCERT, "oracle", write("onehot-shift.json", instance(5, {"onehot": perm})), "--digits", "30"])
d = json.loads(out)
rows = d["logits"]["rows"]
worst = max(abs(Decimal(rows[k][i]["value"]) - (Decimal(5) / 4) * ((1 if k == perm[i] else 0) - Decimal(1) / 5))
            - Decimal(rows[k][i]["radius"]) for k in range(5) for i in range(5))
expect(rc == 0 and d["structure"] == "simplex-etf" and worst <= 0,
       "oracle onehot-shift: logits x* (delta(k, pi(i)) - 1/n) within their radii, simplex-etf")
expect(d["gram_W"]["form"] == "diagonal/off-diagonal" and Decimal(d["gram_W"]["diagonal"]["value"]) == 1,
       "oracle onehot-shift: W W^T = (5/4)(I - J/5): diagonal 1")

# the picture of a relabelled certificate draws Z° with its columns permuted (not x (I - J/n))
shift_cert = os.path.join(WORK, "onehot-shift.cert.json")
rc, out, err = run([PEELCERT, "plot", shift_cert, "-o", os.path.join(WORK, "onehot-shift.svg")])
svg = open(os.path.join(WORK, "onehot-shift.svg")).read() if rc == 0 else ""
expect(rc == 0 and "columns permuted" in svg, f"plot of the relabelled certificate says the columns are permuted (exit {rc})")

print("all passed" if not failed else f"{failed} failed")
sys.exit(1 if failed else 0)
