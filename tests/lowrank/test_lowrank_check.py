"""peelcert-check on kind lowrank (FORMAT.md "Kind `lowrank`", SPEC 15; issue 9 items 4, 5).

Genuine certificates verify, and their numbers agree with an independent NumPy computation
(f(W H), ||Q - P||_op, LB(Q)) from the decoded factors. Tampered claims (upper, lower, opnorm_bound
below the true norm, factors over budget, upper_is_lp, regime interior) are rejected (exit 1)
naming the claim. Malformed certificates exit 2 naming the field. A closed form (W = H = 0 on
one-hot targets all equal to token 0: Q - P = 1 (u - e_0)^T, ||Q - P||_op = sqrt(N (V - 1)/V))
is verified just above the norm and rejected just below it. Size and memory limits hold."""
import base64
import copy
import json
import math
import os
import struct
import sys
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import CHECK, WORK, expect, run, finish

OUT = os.path.join(WORK, "lowrank_check")
os.makedirs(OUT, exist_ok=True)


def gen(family, *args, name):
    path = os.path.join(OUT, name + ".json")
    rc, _, err = run("gen", family, *args, "-o", path)
    expect(rc == 0, "gen %s %s (%s)" % (family, " ".join(map(str, args)), err.strip()[:80]))
    return path


def certify_float(instance, name):
    cert = os.path.join(OUT, name + ".cert.json")
    rc, out, err = run("certify", instance, "--proof", "float", "-o", cert)
    expect(rc == 0, "%s: certify --proof float (%s)" % (name, (out + err).strip()[-120:]))
    with open(cert) as f:
        return json.load(f)


def check_doc(doc, name, *extra):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f)
    rc, out, err = run(path, "--json", *extra, exe=CHECK)
    try:
        rep = json.loads(out)
    except ValueError:
        rep = {"message": (out + err).strip()}
    return rc, rep, out + err


def claim(rep, name):
    for c in rep.get("claims", []):
        if c["name"] == name:
            return c
    return {"verified": None, "detail": ""}


def encode(M):
    return base64.b64encode(struct.pack("<%dd" % M.size, *M.ravel(order="C"))).decode()


def decode(text, rows, cols):
    raw = base64.b64decode(text, validate=True)
    return np.array(struct.unpack("<%dd" % (rows * cols), raw)).reshape(rows, cols)


def targets(inst):
    V, N = inst["tokens"], inst["contexts"]
    t = inst["targets"]
    P = np.zeros((N, V))
    if isinstance(t, list):
        for i, row in enumerate(t):
            P[i] = [float(Fraction(x)) for x in row]
    elif "onehot" in t:
        for i, k in enumerate(t["onehot"]):
            P[i, k] = 1.0
    else:
        for i, row in enumerate(t["sparse"]):
            for k, p in row:
                P[i, k] = float(Fraction(p))
    return P


def numpy_bounds(doc):
    """f(W H), ||Q - P||_op and sum_i H(q_i) in float64 (an independent, non-rigorous twin)."""
    inst = doc["instance"]
    V, N, r = inst["tokens"], inst["contexts"], doc["primal"]["rank"]
    W = decode(doc["primal"]["W"], V, r)
    H = decode(doc["primal"]["H"], r, N)
    Z = (W @ H).T                                     # row i = logits of context i
    m = Z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(Z - m).sum(axis=1, keepdims=True))).ravel()
    P = targets(inst)
    f = float(np.mean(lse - (P * Z).sum(axis=1)))
    Q = np.exp(Z - lse[:, None])
    entropy = float(np.sum(lse - (Q * Z).sum(axis=1)))
    norm = float(np.linalg.norm(Q - P, 2))
    return f, norm, entropy


def rho(inst):
    return math.sqrt(inst["tokens"] * float(Fraction(inst["E_W"])) * inst["contexts"]
                     * float(Fraction(inst["E_H"])))


# ---- genuine certificates: verified, and the numbers agree with NumPy
docs = {}
for name, family, args in (("square", "random", ("--tokens", 30, "--contexts", 30, "--seed", 1)),
                           ("wide", "random", ("--tokens", 18, "--contexts", 35, "--seed", 2)),
                           ("low", "random", ("--tokens", 20, "--contexts", 15, "--dim", 2,
                                              "--seed", 5)),
                           ("onehot", "onehot", ("--tokens", 40, "--contexts", 30, "--seed", 4))):
    doc = certify_float(gen(family, *args, name=name), name + "-float")
    docs[name] = doc
    rc, rep, text = check_doc(doc, name + "-genuine")
    expect(rc == 0 and rep.get("verified") is True and rep.get("kind") == "lowrank",
           "%s: peelcert-check verifies the lowrank certificate (%s)" % (name, rep.get("message", text)[:160]))
    names = [c["name"] for c in rep.get("claims", [])]
    expect(names[:5] == ["budget_W", "budget_H", "upper", "opnorm", "lower"],
           "%s: claims in the FORMAT.md order (%s)" % (name, names[:5]))
    f, norm, entropy = numpy_bounds(doc)
    up, lo, s = Fraction(doc["claims"]["upper"]), Fraction(doc["claims"]["lower"]), \
        Fraction(doc["dual"]["opnorm_bound"])
    lb = (entropy - rho(doc["instance"]) * float(s)) / doc["instance"]["contexts"]
    expect(f <= float(up) + 1e-12 and float(up) - f < 1e-9,
           "%s: NumPy f(W H) = %.15f just below upper %.15f" % (name, f, float(up)))
    expect(norm <= float(s) * (1 + 1e-12) and float(s) - norm < 1e-6 * max(norm, 1e-3),
           "%s: NumPy ||Q - P||_op = %.15g just below s = %.15g" % (name, norm, float(s)))
    expect(float(lo) <= lb + 1e-12 and lb - float(lo) < 1e-9,
           "%s: NumPy LB(Q) = %.15f just above lower %.15f" % (name, lb, float(lo)))

base = docs["square"]
f, norm, entropy = numpy_bounds(base)


def tampered(change, what, want_claim, name):
    doc = copy.deepcopy(base)
    change(doc)
    rc, rep, text = check_doc(doc, "tamper-" + name)
    c = claim(rep, want_claim)
    expect(rc == 1 and c["verified"] is False and want_claim in rep.get("message", ""),
           "%s: exit 1, claim %s rejected (rc %d: %s)" % (what, want_claim, rc,
                                                         rep.get("message", text)[:160]))


def set_claim(key, value):
    def change(doc):
        doc["claims"][key] = value
    return change


tampered(set_claim("upper", "%.12f" % (f - 1e-6)), "upper 1e-6 below f(W H)", "upper", "upper")
tampered(set_claim("lower", "%.12f" % (float(Fraction(base["claims"]["upper"])) + 1e-6)),
         "lower above the upper bound", "lower", "lower")
for rel in (1e-6, 1e-13):
    s_bad = Fraction(norm * (1 - rel))
    tampered(lambda d, s_bad=s_bad: d["dual"].__setitem__("opnorm_bound", str(s_bad)),
             "opnorm_bound = (1 - %g) ||Q - P||_op (a false bound)" % rel, "opnorm",
             "opnorm-%g" % rel)


def scale_factor(key, rows, cols, factor):
    def change(doc):
        M = decode(doc["primal"][key], rows, cols) * factor
        doc["primal"][key] = encode(M)
    return change


V, N, r = base["instance"]["tokens"], base["instance"]["contexts"], base["primal"]["rank"]
tampered(scale_factor("W", V, r, 1 + 1e-9), "W scaled by 1 + 1e-9 (over the budget)", "budget_W", "W-scaled")
tampered(scale_factor("H", r, N, 1 + 1e-9), "H scaled by 1 + 1e-9 (over the budget)", "budget_H", "H-scaled")


def big_entry(doc):
    W = decode(doc["primal"]["W"], V, r)
    W[3, 0] += 5.0
    doc["primal"]["W"] = encode(W)


tampered(big_entry, "W[3][0] + 5", "budget_W", "W-entry")


def lp_claim(doc):
    doc["instance"]["dim"] = r - 1
    doc["claims"]["upper_is_lp"] = True


tampered(lp_claim, "upper_is_lp with d = r - 1", "upper_is_lp", "lp")
tampered(set_claim("regime", "interior"), "regime interior (not checked for lowrank)", "regime",
         "interior")
doc = copy.deepcopy(base)
doc["claims"]["regime"] = "interior"
rc, rep, _ = check_doc(doc, "interior-detail")
expect("not checked for kind lowrank" in claim(rep, "regime")["detail"],
       "regime interior: the detail says it is not checked for kind lowrank")


# The test hook of check_float.c (no error terms, accepts false bounds) must never verify a
# lowrank opnorm: under it the claim is not attempted.
import subprocess
hooked = os.path.join(OUT, "square-genuine.json")
p = subprocess.run([CHECK, hooked, "--json"], capture_output=True, text=True,
                   env=dict(os.environ, PEELCERT_CHECK_FLOAT_NAIVE="1"))
try:
    hrep = json.loads(p.stdout)
except ValueError:
    hrep = {}
expect(p.returncode == 1 and claim(hrep, "opnorm")["verified"] is False
       and "PEELCERT_CHECK_FLOAT_NAIVE" in claim(hrep, "opnorm")["detail"],
       "PEELCERT_CHECK_FLOAT_NAIVE=1: opnorm not attempted, exit 1 (rc %d)" % p.returncode)


# ---- malformed: exit 2 naming the field
def malformed(change, what, field):
    doc = copy.deepcopy(base)
    change(doc)
    rc, rep, text = check_doc(doc, "bad-" + field.replace(".", "_").replace("[", "_").replace("]", ""))
    msg = rep.get("message", text)
    expect(rc == 2 and field in msg, "%s: exit 2 naming %s (rc %d: %s)" % (what, field, rc, msg[:140]))


def setp(section, key, value):
    def change(doc):
        if value is None:
            del doc[section][key]
        else:
            doc[section][key] = value
    return change


W0 = decode(base["primal"]["W"], V, r)
Wnan = W0.copy()
Wnan[2, 1] = float("nan")
Hinf = decode(base["primal"]["H"], r, N)
Hinf[0, 4] = float("inf")
good_w = base["primal"]["W"]
malformed(setp("primal", "rank", 0), "rank 0", "primal.rank")
malformed(setp("primal", "rank", 31), "rank 31 > min(V, N)", "primal.rank")
malformed(setp("primal", "rank", "3"), "rank as a string", "primal.rank")
malformed(setp("primal", "W", "*" + good_w[1:]), "W with a character outside base64", "primal.W")
malformed(setp("primal", "W", good_w[:-4]), "W 3 bytes short", "primal.W")
malformed(setp("primal", "W", good_w + "AAAA"), "W 3 bytes long", "primal.W")
malformed(setp("primal", "W", 12), "W a number", "primal.W")
malformed(setp("primal", "W", encode(Wnan)), "W with a NaN", "primal.W[2][1]")
malformed(setp("primal", "H", encode(Hinf)), "H with an infinity", "primal.H[0][4]")
malformed(setp("primal", "extra", 1), "unknown primal field", "primal.extra")
malformed(setp("dual", "rule", "uniform"), "rule uniform", "dual.rule")
malformed(setp("dual", "rule", None), "rule missing", "dual.rule")
malformed(setp("dual", "opnorm_bound", "-1"), "opnorm_bound < 0", "dual.opnorm_bound")
malformed(setp("dual", "opnorm_bound", None), "opnorm_bound missing", "dual.opnorm_bound")
malformed(setp("dual", "Q", [[0]]), "a stored Q", "dual.Q")
malformed(setp("claims", "proof", None), "claims.proof missing", "claims.proof")
malformed(setp("claims", "proof", "ball"), "claims.proof ball", "claims.proof")

# A dense certificate may omit proof or say "ball", never "float".
dense = os.path.join(OUT, "dense.cert.json")
rc, _, _ = run("certify", gen("random", "--tokens", 6, "--contexts", 5, "--seed", 7, name="small"),
               "--path", "dense", "-o", dense)
with open(dense) as fh:
    ddoc = json.load(fh)
ddoc["claims"]["proof"] = "ball"
rc, rep, _ = check_doc(ddoc, "dense-ball")
expect(rc == 0, "kind dense with claims.proof ball verifies (rc %d)" % rc)
ddoc["claims"]["proof"] = "float"
rc, rep, text = check_doc(ddoc, "dense-float")
expect(rc == 2 and "claims.proof" in rep.get("message", text), "kind dense with proof float: exit 2")


# ---- closed form: W = H = 0, one-hot targets all on token 0
def zero_cert(V, N, s, lower, upper):
    inst = {"format": "peelcert-instance/1", "tokens": V, "contexts": N, "dim": 1, "E_W": "1",
            "E_H": "1", "targets": {"onehot": [0] * N}}
    return {"format": "peelcert-certificate/1", "kind": "lowrank", "instance": inst,
            "claims": {"lower": lower, "upper": upper, "upper_is_lp": True, "regime": "binding",
                       "structure": "none", "proof": "float"},
            "primal": {"rank": 1, "W": encode(np.zeros((V, 1))), "H": encode(np.zeros((1, N)))},
            "dual": {"rule": "softmax", "opnorm_bound": s}}


Vz, Nz = 60, 50
exact_norm = math.sqrt(Nz * (Vz - 1) / Vz)
logV = math.log(Vz)
for rel, want in ((1e-12, 0), (-1e-12, 1)):
    s = Fraction(exact_norm * (1 + rel))
    lb = logV - math.sqrt(Vz * Nz) * float(s) / Nz
    doc = zero_cert(Vz, Nz, str(s), "%.12f" % (lb - 1e-11), "%.12f" % (logV + 1e-11))
    rc, rep, text = check_doc(doc, "zero-%g" % rel)
    expect(rc == want and claim(rep, "opnorm")["verified"] is (want == 0),
           "W = H = 0, one-hot on token 0: s = (1 %+g) sqrt(N (V-1)/V) %s (rc %d: %s)"
           % (rel, "verified" if want == 0 else "rejected", rc, rep.get("message", text)[:140]))
doc = zero_cert(Vz, Nz, str(Fraction(exact_norm * (1 + 1e-12))), "0", "%.12f" % (logV - 1e-9))
rc, rep, _ = check_doc(doc, "zero-upper")
expect(rc == 1 and claim(rep, "upper")["verified"] is False,
       "W = H = 0: upper 1e-9 below log V rejected")

# ---- sizes and memory
big = zero_cert(5000, 4000, "100", "0", "9")
rc, rep, text = check_doc(big, "big")
expect(rc == 2 and "over the limit" in rep.get("message", text),
       "V N = 2e7 > 1.6e7: exit 2, over the limit of kind lowrank (%s)" % rep.get("message", text)[:120])
mem = zero_cert(4000, 4000, "100", "0", "9")
rc, rep, text = check_doc(mem, "memory", "--max-memory", "100")
expect(rc == 1 and "not attempted" in claim(rep, "upper")["detail"]
       and "not attempted" in claim(rep, "opnorm")["detail"],
       "4000 x 4000 with --max-memory 100: the pass is not attempted, exit 1 (%s)"
       % rep.get("message", text)[:120])

finish()
