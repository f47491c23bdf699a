#!/usr/bin/env python3
"""`peelcert gen bigram --text FILE --vocab K` (README "gen bigram"): the instance equals the one
computed here independently from the documented tokenisation (ASCII letter/digit/apostrophe
runs, lowercased; K most frequent words, ties in byte order, plus <other>; contexts = vocabulary
words with a next word, by rank; exact empirical next-word distributions), is deterministic,
certifies and checks; bad options are refused with exit 2."""
import json
import os
import random
import re
import sys
from collections import Counter
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe

T = Tally()


def expected(text, K):
    words = [w.lower() for w in re.findall(rb"[A-Za-z0-9']+", text)]
    words = [w.decode() for w in words]
    counts = Counter(words)
    vocab = sorted(counts, key=lambda w: (-counts[w], w.encode()))[:K]
    rank = {w: r for r, w in enumerate(vocab)}
    K = len(vocab)
    follow = {}
    for a, b in zip(words, words[1:]):
        if a in rank:
            follow.setdefault(rank[a], Counter())[rank.get(b, K)] += 1
    ctx = sorted(follow)
    rows = []
    for r in ctx:
        tot = sum(follow[r].values())
        rows.append([[k, str(Fraction(c, tot))] for k, c in sorted(follow[r].items())])
    return {"tokens": K + 1, "contexts": len(ctx), "token_names": vocab + ["<other>"],
            "context_names": [vocab[r] for r in ctx], "targets": {"sparse": rows}}


random.seed(3)
lexicon = ["the", "The", "cat", "sat", "on", "mat", "dog's", "DOG", "ran", "42", "a", "b", "c",
           "x'y", "zeta", "Zeta"]
parts = []
for _ in range(400):
    parts.append(random.choice(lexicon))
    parts.append(random.choice([" ", "  ", ", ", ".\n", "; ", " -- ", "\t", " \xe9\xe8 "]))
text = "".join(parts).encode("latin-1")
src = os.path.join(WORK, "text.txt")
with open(src, "wb") as f:
    f.write(text)

for K in (1, 3, 5, 50):
    out = os.path.join(WORK, f"bigram{K}.json")
    r = peelcert("gen", "bigram", "--text", src, "--vocab", K, "-o", out)
    if not T.expect(r.rc == 0, f"gen bigram --vocab {K} ({describe(r)})"):
        continue
    got = json.load(open(out))
    exp = expected(text, K)
    for key, value in exp.items():
        T.expect(got.get(key) == value, f"K = {K}: {key} as computed independently"
                 + ("" if got.get(key) == value else f": got {str(got.get(key))[:200]}, expected {str(value)[:200]}"))
    r2 = peelcert("gen", "bigram", "--text", src, "--vocab", K)
    T.expect(r2.rc == 0 and json.loads(r2.out) == got, f"K = {K}: deterministic (stdout = -o file)")
    if K == 5:
        cert = os.path.join(WORK, "bigram5.cert")
        rc = peelcert("certify", out, "-o", cert, "--json")
        T.expect(rc.rc == 0 and rc.json()["verified"], f"the K = 5 bigram instance certifies ({describe(rc)})")
        rk = peelcert_check(cert, "--instance", out)
        T.expect(rk.rc == 0, f"and its certificate checks against it ({describe(rk)})")

empty = os.path.join(WORK, "empty.txt")
with open(empty, "w") as f:
    f.write(" ... !!! \n")
for args, field in ((["--text", empty, "--vocab", 3], "--text"),
                    (["--text", os.path.join(WORK, "missing.txt"), "--vocab", 3], "--text"),
                    (["--text", src], "--vocab"),
                    (["--text", src, "--vocab", 0], "--vocab"),
                    (["--vocab", 4], "--text")):
    r = peelcert("gen", "bigram", *args)
    T.expect(r.rc == 2 and field in r.err, f"gen bigram {' '.join(map(str, args))[-40:]} refused naming {field} ({describe(r)})")

T.finish()
