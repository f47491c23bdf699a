"""Kind dense, claim opnorm proved by certify in binary64 (src/certify/certify_dense.c
opnorm_binary64; FORMAT.md "Kind dense" item 4).

With --proof auto and at most 10 digits, certify proves ||Q - P||_op <= s in binary64 (A = fl(Q -
P), delta >= ||(Q - P) - A||_F in balls, s = s_A (1 + 2^-36) + 2 delta rounded up), so that the
checker's own binary64 step proves it too. Checked here:
(a) --json says "opnorm_proof": "binary64", the certificate verifies, and the checker's opnorm
    detail is its binary64 step (not the integer Gram matrix or the ball Cholesky);
(b) s is tight: s (1 - 1e-9) is rejected by the checker (the cushion is far below 1e-9);
(c) --proof ball, and --digits 12, keep the ball proof ("opnorm_proof": "ball") and verify;
(d) the certified gap stays within the digits asked for."""
import copy
import json
import os
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import WORK, expect, run, finish

OUT = os.path.join(WORK, "dense_opnorm_binary64")
os.makedirs(OUT, exist_ok=True)


def certify(inst, cert, *extra):
    rc, out, err = run("certify", inst, "-o", cert, "--json", *extra)
    try:
        return rc, json.loads(out)
    except ValueError:
        return rc, {"stderr": err}


def opnorm_line(cert, inst):
    rc, out, _ = run("check", cert, "--instance", inst)
    lines = [l for l in out.splitlines() if l.startswith("claim opnorm")]
    return rc, lines[0] if lines else ""


for V, N, seed in [(120, 80, 2), (60, 150, 4), (200, 200, 1)]:
    tag = f"V={V} N={N}"
    inst = os.path.join(OUT, f"r{V}x{N}.json")
    cert = os.path.join(OUT, f"r{V}x{N}.cert.json")
    expect(run("gen", "random", "--tokens", V, "--contexts", N, "--seed", seed, "-o", inst)[0] == 0,
           f"{tag}: gen")
    rc, rep = certify(inst, cert)
    expect(rc == 0 and rep.get("path") == "dense" and rep.get("opnorm_proof") == "binary64",
           f"{tag}: certify (auto, 9 digits) proves opnorm in binary64 ({rep.get('opnorm_proof')})")
    gap = Fraction(rep["upper"]) - Fraction(rep["lower"])
    expect(gap <= Fraction(1, 10 ** 9), f"{tag}: certified gap {float(gap):.3g} <= 1e-9")
    rc, line = opnorm_line(cert, inst)
    expect(rc == 0 and "proved in binary64" in line,
           f"{tag}: the checker verifies s by its binary64 step ({line[:90]})")

    with open(cert) as f:
        c = json.load(f)
    s = Fraction(c["dual"]["opnorm_bound"])
    t = copy.deepcopy(c)
    t["dual"]["opnorm_bound"] = str(s * (1 - Fraction(1, 10 ** 9)))
    bad = os.path.join(OUT, f"r{V}x{N}.tight.cert.json")
    with open(bad, "w") as f:
        json.dump(t, f)
    rc, line = opnorm_line(bad, inst)
    expect(rc == 1 and "claim opnorm rejected" in line,
           f"{tag}: s (1 - 1e-9) is below ||Q - P||_op: rejected ({line[:90]})")

    if V * N > 20000:
        continue
    rc, rep = certify(inst, os.path.join(OUT, f"r{V}x{N}.ball.cert.json"), "--proof", "ball")
    expect(rc == 0 and rep.get("opnorm_proof") == "ball",
           f"{tag}: --proof ball keeps the ball proof of s ({rep.get('opnorm_proof')})")
    rc, line = opnorm_line(os.path.join(OUT, f"r{V}x{N}.ball.cert.json"), inst)
    expect(rc == 0, f"{tag}: the --proof ball certificate verifies")

# (c) more digits than binary64 can carry: the ball proof (a small instance, refined if needed)
inst = os.path.join(OUT, "r20.json")
cert = os.path.join(OUT, "r20.cert.json")
run("gen", "random", "--tokens", 20, "--contexts", 20, "--seed", 7, "-o", inst)
rc, rep = certify(inst, cert, "--digits", "12")
expect(rc == 0 and rep.get("opnorm_proof") == "ball",
       f"V=N=20, --digits 12: the ball proof of s ({rep.get('opnorm_proof')})")
expect(run("check", cert, "--instance", inst)[0] == 0, "V=N=20, --digits 12: verifies")

finish()
