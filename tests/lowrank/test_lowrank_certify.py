"""certify --proof float (kind lowrank, SPEC 15; issue 9 items 4 and 5): the producer side.

Twins: the binary64 proof and the exact/ball proof of the same instance give intersecting
intervals; where a closed form or a 30-digit structured certificate exists (exchangeable, cyclic
days), the float interval contains it. The certificate's factors decode to exactly 8 V r bytes
whose exact squares respect the budgets; peelcert-check verifies every one of them. Bad options
are refused (exit 2)."""
import base64
import json
import os
import struct
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import PEELCERT, CHECK, DATA, WORK, expect, run, finish

OUT = os.path.join(WORK, "lowrank_certify")
os.makedirs(OUT, exist_ok=True)


def certify(instance, *extra, name="c"):
    cert = os.path.join(OUT, name + ".cert.json")
    rc, out, err = run("certify", instance, "--json", "-o", cert, *extra)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = {}
    return rc, doc, cert, err


def interval(doc):
    return Fraction(doc["lower"]), Fraction(doc["upper"])


def gen(family, *args, name):
    path = os.path.join(OUT, name + ".json")
    rc, _, err = run("gen", family, *args, "-o", path)
    expect(rc == 0, "gen %s %s (%s)" % (family, " ".join(map(str, args)), err.strip()[:80]))
    return path


def decode_factor(text, count):
    raw = base64.b64decode(text, validate=True)
    if len(raw) != 8 * count:
        return None
    return struct.unpack("<%dd" % count, raw)


def check_factors(cert_path, what):
    with open(cert_path) as f:
        cert = json.load(f)
    inst = cert["instance"]
    V, N = inst["tokens"], inst["contexts"]
    r = cert["primal"]["rank"]
    expect(cert["kind"] == "lowrank" and cert["claims"].get("proof") == "float"
           and cert["dual"].get("rule") == "softmax", what + ": kind lowrank, proof float, rule softmax")
    expect(1 <= r <= min(V, N), what + ": 1 <= rank %d <= min(V, N)" % r)
    W = decode_factor(cert["primal"]["W"], V * r)
    H = decode_factor(cert["primal"]["H"], r * N)
    expect(W is not None and H is not None, what + ": W, H decode to 8 V r and 8 r N bytes")
    if W is None or H is None:
        return cert
    a = V * Fraction(inst["E_W"])
    b = N * Fraction(inst["E_H"])
    expect(sum(Fraction(x) ** 2 for x in W) <= a, what + ": ||W||_F^2 <= a exactly")
    expect(sum(Fraction(x) ** 2 for x in H) <= b, what + ": ||H||_F^2 <= b exactly")
    expect(cert["claims"]["upper_is_lp"] == (r <= inst["dim"]), what + ": upper_is_lp iff r <= d")
    return cert


# Twins on random dense instances (V != N included): float and ball intervals intersect.
for seed, (V, N) in ((1, (30, 20)), (2, (25, 25)), (3, (16, 40))):
    inst = gen("random", "--tokens", V, "--contexts", N, "--seed", seed, name="r%d" % seed)
    rc, fl, cert, err = certify(inst, "--proof", "float", name="r%d-float" % seed)
    expect(rc == 0 and fl.get("verified") is True and fl.get("path") == "lowrank"
           and fl.get("proof") == "float", "random %dx%d seed %d: --proof float verified (%s)"
           % (V, N, seed, fl.get("message", err)[:120]))
    if rc != 0:
        continue
    check_factors(cert, "random seed %d" % seed)
    rc2, bl, _, _ = certify(inst, "--proof", "ball", name="r%d-ball" % seed)
    expect(rc2 == 0 and bl.get("path") == "dense" and bl.get("proof") == "ball",
           "random seed %d: --proof ball takes the dense path" % seed)
    lf, uf = interval(fl)
    lb, ub = interval(bl)
    expect(max(lf, lb) <= min(uf, ub), "random seed %d: float [%s, %s] meets ball [%s, %s]"
           % (seed, fl["lower"][:16], fl["upper"][:16], bl["lower"][:16], bl["upper"][:16]))
    expect(uf - lf <= Fraction(1, 10 ** 9), "random seed %d: float gap <= 1e-9" % seed)

# Closed forms: the exchangeable value (50 digits) and the cyclic days (30 digits) lie inside
# the float interval.
for name, instance in (("exchangeable", gen("exchangeable", "--n", 9, "--alpha", "1/3", name="ex9")),
                       ("days", os.path.join(DATA, "days-of-week.json"))):
    rc, exact, _, _ = certify(instance, name=name + "-exact")
    rc2, fl, cert, _ = certify(instance, "--proof", "float", name=name + "-float")
    expect(rc == 0 and rc2 == 0, "%s: both certified (%s)" % (name, fl.get("message", "")[:100]))
    if rc == 0 and rc2 == 0:
        le, ue = interval(exact)
        lf, uf = interval(fl)
        expect(exact["path"] != "lowrank" and fl["path"] == "lowrank", name + ": two different paths")
        expect(lf <= le and ue <= uf, "%s: the %s interval [%s, %s] lies in the float one [%s, %s]"
               % (name, exact["path"], exact["lower"][:18], exact["upper"][:18], fl["lower"][:18],
                  fl["upper"][:18]))
        check_factors(cert, name)

# Other target forms: one-hot and sparse (bigram) targets, against the default path.
onehot = gen("onehot", "--tokens", 40, "--contexts", 30, "--seed", 4, name="onehot")
text = os.path.join(OUT, "text.txt")
with open(text, "w") as f:
    f.write(("the cat sat on the mat and the dog sat on the log while the cat ran " * 3) + "\n")
bigram = gen("bigram", "--text", text, "--vocab", 8, name="bigram")
for name, instance in (("onehot", onehot), ("bigram", bigram)):
    rc, ref, _, _ = certify(instance, name=name + "-default")
    rc2, fl, cert, _ = certify(instance, "--proof", "float", name=name + "-float")
    expect(rc2 == 0 and fl.get("path") == "lowrank", "%s: --proof float verified (%s)"
           % (name, fl.get("message", "")[:120]))
    if rc == 0 and rc2 == 0:
        lr, ur = interval(ref)
        lf, uf = interval(fl)
        expect(max(lf, lr) <= min(uf, ur), "%s: float interval meets the %s path's" % (name, ref["path"]))
        check_factors(cert, name)

# Below the rank: d = 2 on a rank > 2 instance. The float upper is of a rank-2 point.
low = gen("random", "--tokens", 20, "--contexts", 15, "--dim", 2, "--seed", 5, name="low")
rc, fl, cert, _ = certify(low, "--proof", "float", name="low-float")
expect(rc == 0 and fl.get("d_below_rank") is True and fl.get("upper_is_lp") is True
       and fl.get("certificate_rank", 99) <= 2, "d = 2: d_below_rank, a rank <= 2 point, "
       "upper_is_lp (%s)" % fl.get("message", "")[:100])

# The independent checker verifies every certificate --proof float wrote (kind lowrank).
written = sorted(n for n in os.listdir(OUT) if n.endswith("-float.cert.json"))
expect(len(written) >= 7, "%d float certificates written" % len(written))
for n in written:
    rc, out, err = run(os.path.join(OUT, n), exe=CHECK)
    expect(rc == 0 and "verified: all" in out, "peelcert-check verifies %s (rc %d: %s)"
           % (n, rc, (out + err).strip().splitlines()[-1][:140] if (out + err).strip() else ""))

# Bad options: exit 2 with a message naming the option.
rc, out, err = run("certify", onehot, "--proof", "double")
expect(rc == 2 and "--proof" in err, "--proof double: exit 2 naming --proof")
rc, out, err = run("certify", onehot, "--proof")
expect(rc == 2 and "--proof" in err, "--proof without a value: exit 2")

finish()
