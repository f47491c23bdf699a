"""Claim kkt of kind dense, binary64 first step (src/check/check_float_kkt.c, SPEC 15 "KKT
residuals"; certificates/FORMAT.md "Kind dense" item 6).

The true residuals ||G H^T + 2 lambda_W W||_F and ||W^T G + 2 lambda_H H||_F are computed here
independently with Python's decimal at 60 digits (Z = W H exactly in Fractions, exp correctly
rounded), so every comparison below is against a value known to ~1e-45 relative.
(c) a certificate from peelcert certify verifies kkt by the binary64 step (its detail says so),
    its residuals are true upper bounds with the documented cushion (<= 5/4 of the true value,
    plus rounding);
(a) a claimed residual slightly below the true one is rejected (by the ball fallback);
(b) a claimed residual between the naive floating norm (the float step without its rounding
    bounds, test hook PEELCERT_CHECK_FLOAT_NAIVE=1, which prints it) and the true one (just below
    the true one) is accepted by the hook (so the hook is a real mutant) and rejected by the real
    checker. (Dropping only the gamma term is not caught here: the remaining radius |H| Gr,
    Gr >= 2u|G~|, still covers the actual product error on these inputs; the gamma term itself
    lives in chk_float_product_enclosure, whose removal tests/lowrank/test_check_float_product.c
    catches.)
(c') an H entry that is not a binary64 value sends kkt to the ball path, which verifies it."""
import copy
import json
import os
import re
import sys
from decimal import Decimal, getcontext
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import CHECK, WORK, expect, run, run_cmd, finish

OUT = os.path.join(WORK, "check_kkt_float")
os.makedirs(OUT, exist_ok=True)
getcontext().prec = 60


def dec(q):
    return Decimal(q.numerator) / Decimal(q.denominator)


def true_residuals(inst, cert):
    """(||G H^T + 2 l_W W||_F, ||W^T G + 2 l_H H||_F) at 60 digits."""
    V, N = int(inst["tokens"]), int(inst["contexts"])
    P = [[Fraction(x) for x in row] for row in inst["targets"]]   # N rows of V
    W = [[Fraction(x) for x in row] for row in cert["primal"]["W"]]   # V x d
    H = [[Fraction(x) for x in row] for row in cert["primal"]["H"]]   # d x N
    d = len(H)
    kkt = cert["claims"]["kkt"]
    lw, lh = Fraction(kkt["lambda_W"]), Fraction(kkt["lambda_H"])
    Wd = [[dec(x) for x in row] for row in W]
    Hd = [[dec(x) for x in row] for row in H]
    G = []   # G^T: N rows of V
    for i in range(N):
        z = [dec(sum(W[k][a] * H[a][i] for a in range(d))) for k in range(V)]
        m = max(z)
        e = [(x - m).exp() for x in z]
        S = sum(e)
        G.append([(e[k] / S - dec(P[i][k])) / N for k in range(V)])
    lw2, lh2 = 2 * dec(lw), 2 * dec(lh)
    sw = sum((sum(Hd[a][i] * G[i][k] for i in range(N)) + lw2 * Wd[k][a]) ** 2
             for a in range(d) for k in range(V))
    sh = sum((sum(G[i][k] * Wd[k][a] for k in range(V)) + lh2 * Hd[a][i]) ** 2
             for i in range(N) for a in range(d))
    return sw.sqrt(), sh.sqrt()


def check(doc, name, naive=False):
    path = os.path.join(OUT, name + ".cert.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    env = ["env", "PEELCERT_CHECK_FLOAT_NAIVE=1"] if naive else ["env", "-u", "PEELCERT_CHECK_FLOAT_NAIVE"]
    rc, out, err = run_cmd(env + [CHECK, path, "--json"])
    claims = {c["name"]: c for c in json.loads(out)["claims"]} if out.strip() else {}
    return rc, claims.get("kkt", {"verified": None, "detail": err.strip()})


def sci(x):
    """A decimal text of the Decimal x (the claim format: a decimal number)."""
    return format(x, "f")


found_b = 0
for seed in (3, 4, 5, 6, 7, 8):
    name = "s%d" % seed
    inst_path = os.path.join(OUT, name + ".json")
    cert_path = os.path.join(OUT, name + ".cert.json")
    rc, _, err = run("gen", "random", "--tokens", 24, "--contexts", 24, "--seed", seed, "-o", inst_path)
    expect(rc == 0, "%s: gen (%s)" % (name, err.strip()[-80:]))
    rc, out, err = run("certify", inst_path, "-o", cert_path)
    expect(rc == 0, "%s: certify (%s)" % (name, (out + err).strip()[-80:]))
    with open(inst_path) as f:
        inst = json.load(f)
    with open(cert_path) as f:
        cert = json.load(f)
    kkt = cert["claims"].get("kkt")
    if not expect(kkt is not None, "%s: the dense certificate has claim kkt" % name):
        continue
    tw, th = true_residuals(inst, cert)
    cw, ch = Decimal(kkt["residual_W"]), Decimal(kkt["residual_H"])
    expect(tw <= cw <= tw * Decimal("1.2500001") and th <= ch <= th * Decimal("1.2500001"),
           "%s: residuals %s, %s are true bounds with the 5/4 cushion (true %.6e, %.6e)"
           % (name, kkt["residual_W"], kkt["residual_H"], tw, th))
    rc, k = check(cert, name + "-genuine")
    if seed == 3:   # (c) once is enough
        expect(rc == 0 and k["verified"] is True and "binary64 products" in k["detail"],
               "%s: kkt verified by the binary64 step (%s)" % (name, k["detail"][-80:]))
        # (a) just below the true value: rejected
        for field, t in (("residual_W", tw), ("residual_H", th)):
            doc = copy.deepcopy(cert)
            doc["claims"]["kkt"][field] = sci(t * (1 - Decimal("1e-9")))
            rc, k = check(doc, name + "-below-" + field)
            expect(rc == 1 and k["verified"] is False and "binary64 step did not prove" in k["detail"],
                   "%s: %s 1e-9 below the true value rejected (%s)" % (name, field, k["detail"][-90:]))
        # (c') a non-binary64 H entry (changes the residual by ~1e-40): the ball path verifies
        doc = copy.deepcopy(cert)
        h = Fraction(doc["primal"]["H"][0][0]) + Fraction(1, 3 * 2 ** 140)
        doc["primal"]["H"][0][0] = "%d/%d" % (h.numerator, h.denominator)
        rc, k = check(doc, name + "-not-binary64")
        expect(k["verified"] is True and "binary64 step did not apply" in k["detail"],
               "%s: H[0][0] not binary64: kkt verified by the ball path (%s)" % (name, k["detail"][-80:]))
    # (b) between the naive floating norm and the true one
    doc = copy.deepcopy(cert)
    doc["claims"]["kkt"]["residual_W"] = doc["claims"]["kkt"]["residual_H"] = "0"
    rc, k = check(doc, name + "-naive-probe", naive=True)
    m = re.search(r"upper ends ([0-9.e+-]+), ([0-9.e+-]+)", k["detail"])
    if not expect(m is not None, "%s: the hook reports the naive upper ends (%s)" % (name, k["detail"][-80:])):
        continue
    for field, t, naive_text in (("residual_W", tw, m.group(1)), ("residual_H", th, m.group(2))):
        nv = Decimal(naive_text)
        if not nv < t * (1 - Decimal("1e-12")):
            continue
        c = t - (t - nv) / 10 ** 6   # naive < c < true, just below true (exactly known)
        expect(nv < c < t, "%s: %s claim %s between the naive %s and the true %.20e"
               % (name, field, sci(c), naive_text, t))
        doc = copy.deepcopy(cert)
        doc["claims"]["kkt"][field] = sci(c)
        rc, k = check(doc, name + "-between-naive", naive=True)
        expect(k["verified"] is True, "%s: %s between naive and true: the naive hook accepts it "
               "(the test would catch a missing rounding bound)" % (name, field))
        rc, k = check(doc, name + "-between")
        expect(rc == 1 and k["verified"] is False,
               "%s: %s between naive and true: rejected (%s)" % (name, field, k["detail"][-90:]))
        found_b += 1
    if found_b >= 2:
        break
expect(found_b >= 1, "some seed has a naive floating norm below the true residual (%d found)" % found_b)
finish()
