"""Below the rank, what oracle and plot say (issue 11 item 4, SPEC 12): on months at d = 2
the oracle carries the certified best rank-2 point (exact W, H) with its local-minimum status
and the same upper bound as certify; the plot of the certificate and of the oracle draws that
rank-2 point (captioned as that point) and never captions the rank-6 Gram of (C) as
holding "with d >= rank"."""
import json
import os
import re
import subprocess
from fractions import Fraction

import numpy as np

PEELCERT = os.environ["PEELCERT"]
SRC = os.environ["PEELCERT_SOURCE"]
WORK = os.environ.get("PEELCERT_WORK", ".")


def run(*args):
    r = subprocess.run([PEELCERT, *args], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r.stdout


inst = json.load(open(os.path.join(SRC, "proofs-data", "cyclic-months-three-pairs.json")))
inst["dim"] = 2
path = os.path.join(WORK, "months-d2-downstream.json")
json.dump(inst, open(path, "w"))
cert_path = os.path.join(WORK, "months-d2-downstream.cert.json")
oracle_path = os.path.join(WORK, "months-d2-downstream.oracle.json")
doc = json.loads(run("certify", path, "--json", "-o", cert_path))
assert doc["d_below_rank"] and doc["rank"] == 6, doc
run("oracle", path, "--digits", "10", "-o", oracle_path)
oracle = json.load(open(oracle_path))

# the oracle's lp object: the exact point, feasible, with certify's claims
lp = oracle["lp"]
assert lp["local_minimum"] == doc["lp"]["local_minimum"] == "proved", lp
assert lp["upper"] == doc["lp"]["upper"], (lp["upper"], doc["lp"]["upper"])
W = [[Fraction(x) for x in row] for row in lp["W"]]
H = [[Fraction(x) for x in row] for row in lp["H"]]
assert len(W) == 12 and all(len(r) == 2 for r in W) and len(H) == 2 and all(len(r) == 12 for r in H)
assert sum(x * x for r in W for x in r) <= 12 * Fraction(inst["E_W"])
assert sum(x * x for r in H for x in r) <= 12 * Fraction(inst["E_H"])
# the bound is the value of that point: f(W H) computed here in doubles is just below it
Wf, Hf = np.array(W, dtype=float), np.array(H, dtype=float)
P = np.array([[float(Fraction(inst["targets"]["circulant"][(k - i) % 12])) for k in range(12)]
              for i in range(12)])
Z = Wf @ Hf
logits = Z.T                        # row i: the logits of context i
m = logits.max(axis=1, keepdims=True)
lse = (m[:, 0] + np.log(np.exp(logits - m).sum(axis=1)))
f = float(np.mean(lse - (P * logits).sum(axis=1)))
assert f <= float(lp["upper"]) + 1e-12 and f > float(lp["upper"]) - 1e-9, (f, lp["upper"])


def gram_panels(svg):
    """The captions of a plot of the months d = 2 document."""
    text = open(svg).read()
    assert "d &gt;= rank" not in text and "d >= rank" not in text, "a rank-6 Gram captioned d >= rank"
    assert re.search(r"rank-2 point of \(LP\)", text), "the Z panel is not captioned as the rank-2 point"
    assert "W W^T of that rank-2 point" in text and "H^T H of that rank-2 point" in text
    return text


for source in (cert_path, oracle_path):
    svg = source + ".svg"
    run("plot", source, "-o", svg)
    gram_panels(svg)

print("ok: oracle lp point and plots of the rank-2 point")
