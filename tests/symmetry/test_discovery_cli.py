#!/usr/bin/env python3
"""Symmetry discovery end to end (SPEC 11, docs/groups.md).

Every proofs-data instance with a `symmetry` field, with that field removed: `certify --json`
reports a discovered group whose order is a multiple of the given group's (computed by brute
force over all token permutations when V <= 7: the order of the full target group, counted
independently), with the same orbit counts; the certificate carries the generators and passes the
checker against the stripped instance. A random instance has the trivial group and its
certificate no symmetry. A tampered generator in a certificate is refused; a `group-invariant`
claim without a nontrivial symmetry is rejected. A symmetry that is neither 2-transitive nor
cyclic falls back to the dense path with a note and claims `group-invariant`."""
import itertools, json, os, subprocess, sys
from collections import Counter
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, DATA, PEELCERT, SOURCE, WORK, run  # noqa: E402


def brute_force_order(P):
    """|{(sigma, tau): P[tau i][sigma k] = P[i][k]}| by enumerating sigma in S_V; for each, the
    number of tau is the number of row bijections matching the permuted rows."""
    N, V = len(P), len(P[0])
    rows = Counter(tuple(r) for r in P)
    fact = [1]
    for m in range(1, N + 1):
        fact.append(fact[-1] * m)
    total = 0
    for sigma in itertools.permutations(range(V)):
        # row i of the permuted matrix: (P[i][sigma^-1(k')])_k' must be some row tau(i)
        inv = [0] * V
        for k, s in enumerate(sigma):
            inv[s] = k
        moved = Counter(tuple(r[inv[k]] for k in range(V)) for r in P)
        if moved == rows:
            ways = 1
            for c in rows.values():
                ways *= fact[c]
            total += ways
    return total


def orbit_count(gens, n):
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for g in gens:
        for x in range(n):
            a, b = root(x), root(g[x])
            if a != b:
                parent[a] = b
    return len({root(x) for x in range(n)})


def dense_P(inst):
    return [[Fraction(x) for x in row] for row in inst["targets"]]


for name in sorted(os.listdir(DATA)):
    if not name.endswith(".json") or name == "expected.json":
        continue
    inst = json.load(open(os.path.join(DATA, name)))
    if "symmetry" not in inst or not isinstance(inst["targets"], list):
        continue
    V, N = inst["tokens"], inst["contexts"]
    rc, out, _ = run(["certify", os.path.join(DATA, name), "--json", "-o", os.path.join(WORK, "given.cert.json")])
    given = json.loads(out).get("group", {})
    expect(rc == 0 and given.get("discovered") is False and given.get("order") is not None,
           f"{name}: the given group is reported (order {given.get('order')})")
    stripped = dict(inst)
    del stripped["symmetry"]
    spath = os.path.join(WORK, name.replace(".json", ".stripped.json"))
    json.dump(stripped, open(spath, "w"))
    cpath = os.path.join(WORK, name.replace(".json", ".stripped.cert.json"))
    rc, out, err = run(["symmetry", spath, "--json"])
    g = json.loads(out) if out else {}
    expect(rc == 0 and g.get("discovered") is True and g.get("searched") is True,
           f"{name} without symmetry: peelcert symmetry finds a group (exit {rc})")
    if rc != 0 or not g.get("order"):
        continue
    order = int(g["order"])
    expect(order % int(given["order"]) == 0, f"{name}: given order {given['order']} divides discovered {order}")
    expect(g["token_orbits"] == given["token_orbits"] and g["context_orbits"] == given["context_orbits"],
           f"{name}: same orbit counts ({g['token_orbits']}, {g['context_orbits']})")
    expect(orbit_count(g["generators"]["tokens"], V) == g["token_orbits"]
           and orbit_count(g["generators"]["contexts"], N) == g["context_orbits"],
           f"{name}: the reported orbit counts are those of the reported generators")
    if V <= 7:
        bf = brute_force_order(dense_P(inst))
        expect(bf == order, f"{name}: brute-force order {bf} == discovered {order}")
    rc, out, err = run(["certify", spath, "--json", "-o", cpath])
    res = json.loads(out) if out else {}
    expect(rc == 0, f"{name} without symmetry: certify exits 0 ({rc})")
    if res.get("path") == "exchangeable":
        # exchangeable after relabelling: the closed form, no search (docs/groups.md)
        expect("group" not in res, f"{name}: exchangeable closed form, no group searched")
        continue
    expect(res.get("group", {}).get("order") == g["order"], f"{name}: certify reports the same group")
    expect(res.get("structure") in ("simplex-etf", "circulant", "group-invariant"),
           f"{name}: structure {res.get('structure')}")
    cert = json.load(open(cpath))
    expect("symmetry" in cert["instance"], f"{name}: the certificate stores the generators")
    rc, out, err = run(["check", cpath, "--instance", spath])
    expect(rc == 0, f"{name}: the checker accepts it against the stripped instance (exit {rc})")
    # tamper: a generator that is not a symmetry (swap two images of the first token generator)
    t = json.loads(json.dumps(cert))
    gen = t["instance"]["symmetry"]["tokens"][0]
    a = next(k for k in range(V) if gen[k] != k) if any(gen[k] != k for k in range(V)) else 0
    b = (a + 1) % V
    gen[a], gen[b] = gen[b], gen[a]
    tpath = os.path.join(WORK, "tampered.cert.json")
    json.dump(t, open(tpath, "w"))
    rc, out, err = run(["check", tpath])
    broke = rc != 0
    expect(broke, f"{name}: a tampered generator is refused (exit {rc})")

# a random instance: trivial group, nothing attached
rpath = os.path.join(WORK, "random.json")
subprocess.run([PEELCERT, "gen", "random", "--tokens", "6", "--contexts", "5", "--seed", "3", "-o", rpath], check=True)
rc, out, _ = run(["certify", rpath, "--json", "-o", os.path.join(WORK, "random.cert.json")])
res = json.loads(out)
g = res.get("group", {})
P = dense_P(json.load(open(rpath)))
expect(brute_force_order(P) == 1, "random 6x5: brute force finds the trivial group")
expect(rc == 0 and g.get("order") == "1" and g["generators"]["tokens"] == [] and g["discovered"] is True,
       f"random 6x5: discovered group is trivial ({g.get('order')})")
cert = json.load(open(os.path.join(WORK, "random.cert.json")))
expect("symmetry" not in cert["instance"] and res["structure"] == "none",
       "random 6x5: no symmetry in the certificate, structure none")
# a group-invariant claim without a symmetry is rejected
cert["claims"]["structure"] = "group-invariant"
json.dump(cert, open(os.path.join(WORK, "claimed.cert.json"), "w"))
rc, out, _ = run(["check", os.path.join(WORK, "claimed.cert.json")])
expect(rc == 1 and "group-invariant" in out, f"random 6x5: group-invariant without symmetry rejected (exit {rc})")

# dihedral D_5 on pairs: neither 2-transitive nor circulant -> dense, group-invariant, a note
dpath = os.path.join(WORK, "dihedral.json")
subprocess.run([PEELCERT, "gen", "group", "--group", "dihedral", "--n", "5", "--contexts-kind", "pairs",
                "-o", dpath], check=True)
d = json.load(open(dpath))
del d["symmetry"]
json.dump(d, open(dpath, "w"))
rc, out, _ = run(["certify", dpath, "--json", "-o", os.path.join(WORK, "dihedral.cert.json")])
res = json.loads(out)
expect(rc == 0 and res["path"] == "dense" and res["structure"] == "group-invariant",
       f"dihedral 5 pairs: dense path, group-invariant (got {res.get('path')}, {res.get('structure')})")
expect("no reduced path" in res.get("note", ""), "dihedral 5 pairs: the note says why the dense path is used")
expect(int(res["group"]["order"]) % 10 == 0, f"dihedral 5 pairs: order {res['group']['order']} is a multiple of 10")
rc, out, _ = run(["check", os.path.join(WORK, "dihedral.cert.json"), "--instance", dpath])
expect(rc == 0, f"dihedral 5 pairs: checker accepts (exit {rc})")
# determinism: the same bytes twice
rc, _, _ = run(["certify", dpath, "-o", os.path.join(WORK, "dihedral2.cert.json")])
expect(open(os.path.join(WORK, "dihedral.cert.json"), "rb").read() == open(os.path.join(WORK, "dihedral2.cert.json"), "rb").read(),
       "dihedral 5 pairs: certifying twice gives the same bytes")

finish()
