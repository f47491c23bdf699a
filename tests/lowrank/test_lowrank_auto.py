# peelcert-test: slow
"""certify's default arithmetic (--proof auto, certify.h PC_FLOAT_PROOF_AUTO_ENTRIES and
PC_FLOAT_PROOF_AUTO_DIGITS): above 250,000 target entries at <= 10 digits the general path
writes kind lowrank (binary64 proofs), which peelcert-check verifies; at or below the limit it
stays kind dense; a weak class reduction that stays above the limit takes the float proof of the
full instance. Timing is for bench/, not here."""
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

# A weak class reduction that stays large: a bigram of Vim's options manual with 700 words
# (701 x 700 entries, 701 x 699 blocks) takes the binary64 proof of the full instance, and says so.
text = "/usr/share/vim/vim90/doc/options.txt"
if not os.path.exists(text):   # the text of bench/bench_scale.py; any text with a weak reduction does
    text = os.path.join(OUT, "words.txt")
    with open(text, "w") as f:
        f.write(" ".join("w%d" % ((i * 7919) % 997) for i in range(40000)) + "\n")
bigram = os.path.join(OUT, "bigram.json")
rc, _, err = run("gen", "bigram", "--text", text, "--vocab", 700, "-o", bigram)
expect(rc == 0, "gen bigram --vocab 700 (%s)" % err.strip()[:80])
with open(bigram) as f:
    inst = json.load(f)
rows = inst["targets"]["sparse"]
distinct_rows = len(set(tuple((k, p) for k, p in r) for r in rows))
entries = inst["tokens"] * inst["contexts"]
rc, doc, cert = certify(bigram, "bigram")
if distinct_rows < inst["contexts"] and 4 * distinct_rows * inst["tokens"] > entries:
    expect(rc == 0 and doc.get("path") == "lowrank" and "classes" in doc.get("note", ""),
           "bigram %d x %d (%d distinct contexts): the full instance's float proof, noted "
           "(rc %d, path %s, note %s)" % (inst["tokens"], inst["contexts"], distinct_rows, rc,
                                          doc.get("path"), doc.get("note", "")[:120]))
else:
    expect(rc == 0, "bigram: certified (no weak reduction in this text: %d distinct contexts)"
           % distinct_rows)
rc, out, err = run(cert, exe=CHECK)
expect(rc == 0 and "verified: all" in out, "bigram: peelcert-check verifies it (rc %d)" % rc)

finish()
