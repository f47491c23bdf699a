# peelcert-test: slow
"""certify's default arithmetic (--proof auto, certify.h PC_FLOAT_PROOF_AUTO_ENTRIES and
PC_FLOAT_PROOF_AUTO_DIGITS): above 250,000 target entries at <= 10 digits the general path
writes kind lowrank (binary64 proofs), which peelcert-check verifies; at or below the limit it
stays kind dense. Timing is for bench/, not here."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import CHECK, WORK, expect, run, finish

OUT = os.path.join(WORK, "lowrank_auto")
os.makedirs(OUT, exist_ok=True)


def gen_random(V, N, name):
    path = os.path.join(OUT, name + ".json")
    rc, _, err = run("gen", "random", "--tokens", V, "--contexts", N, "--seed", 3, "-o", path)
    expect(rc == 0, "gen random %d x %d (%s)" % (V, N, err.strip()[:80]))
    return path


def certify(path, name, *extra):
    cert = os.path.join(OUT, name + ".cert.json")
    rc, out, err = run("certify", path, "--json", "-o", cert, *extra)
    try:
        doc = json.loads(out)
    except ValueError:
        doc = {"message": (out + err).strip()[-160:]}
    return rc, doc, cert


# 510 x 500 = 255,000 entries: over the limit, so kind lowrank by default
big = gen_random(510, 500, "big")
rc, doc, cert = certify(big, "big")
expect(rc == 0 and doc.get("path") == "lowrank" and doc.get("proof") == "float",
       "510 x 500 (255,000 entries), default: path lowrank, proof float (rc %d, path %s: %s)"
       % (rc, doc.get("path"), doc.get("message", "")[:100]))
with open(cert) as f:
    expect(json.load(f).get("kind") == "lowrank", "510 x 500: the certificate is of kind lowrank")
rc, out, err = run(cert, exe=CHECK)
expect(rc == 0 and "verified: all" in out, "510 x 500: peelcert-check verifies it (rc %d)" % rc)

# 50 x 40 = 2,000 entries: below the limit, kind dense by default
small = gen_random(50, 40, "small")
rc, doc, cert = certify(small, "small")
expect(rc == 0 and doc.get("path") == "dense", "50 x 40, default: path dense (path %s)" % doc.get("path"))

finish()
