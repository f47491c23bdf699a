#!/usr/bin/env python3
"""Benchmark of symmetry discovery (issue 10 item 1, docs/groups.md): `peelcert symmetry --json`
on dense instances with a hidden product symmetry (P[t(i)][s(k)] = q[k - i] over Z_a x Z_b,
random relabellings s, t of tokens and contexts, generic q), and on a random instance (trivial
group). Prints a markdown table; --write updates the "groups" section of bench/RESULTS.md.

usage: bench/bench_groups.py [--peelcert PATH] [--write] [--quick]"""
import json, os, random, subprocess, sys, tempfile, time
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import results  # noqa: E402


def hidden_product(a, b, seed):
    rnd = random.Random(seed)
    n = a * b
    w = [rnd.randint(1, 1000) for _ in range(n)]
    S = sum(w)
    q = [str(Fraction(x, S)) for x in w]
    s = list(range(n)); rnd.shuffle(s)
    t = list(range(n)); rnd.shuffle(t)
    P = [[None] * n for _ in range(n)]
    for i in range(n):
        ia, ib = divmod(i, b)
        for k in range(n):
            ka, kb = divmod(k, b)
            P[t[i]][s[k]] = q[((ka - ia) % a) * b + (kb - ib) % b]
    return {"format": "peelcert-instance/1", "name": f"hidden-Z{a}xZ{b}", "tokens": n,
            "contexts": n, "E_W": "1", "E_H": "1", "targets": P}


def random_instance(n, seed):
    rnd = random.Random(seed)
    P = []
    for _ in range(n):
        w = [rnd.randint(1, 10**6) for _ in range(n)]
        S = sum(w)
        P.append([str(Fraction(x, S)) for x in w])
    return {"format": "peelcert-instance/1", "name": f"random-{n}", "tokens": n, "contexts": n,
            "E_W": "1", "E_H": "1", "targets": P}


def main():
    args = sys.argv[1:]
    peelcert = os.path.join(HERE, "..", "build", "peelcert")
    if "--peelcert" in args:
        peelcert = args[args.index("--peelcert") + 1]
    cases = [("days x hours, Z_7 x Z_24 hidden", hidden_product(7, 24, 1)),
             ("Z_25 x Z_40 hidden (V = N = 1000)", hidden_product(25, 40, 1)),
             ("random 300 x 300", random_instance(300, 2))]
    if "--quick" in args:
        cases = cases[:1] + cases[2:]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, inst in cases:
            path = os.path.join(tmp, "inst.json")
            json.dump(inst, open(path, "w"))
            t0 = time.monotonic()
            p = subprocess.run([peelcert, "symmetry", path, "--json"], capture_output=True, text=True)
            wall = time.monotonic() - t0
            g = json.loads(p.stdout)
            rows.append([label, f"{inst['tokens']} x {inst['contexts']}", g["order"],
                         str(len(g["generators"]["tokens"])), f"{g['token_orbits']} / {g['context_orbits']}",
                         g.get("search_seconds", "-"), f"{wall:.2f}"])
    header = ["instance", "V x N", "order found", "generators", "orbits (tok / ctx)",
              "search CPU s (sort + graph + Traces + Schreier-Sims)", "wall s (incl. reading JSON)"]
    text = (f"Machine: {results.machine()}\n\nCommand: `bench/bench_groups.py` "
            f"(`peelcert symmetry INSTANCE --json`)\n\n" + results.markdown_table(header, rows))
    print(text)
    if "--write" in args:
        results.update_section("groups", text)


if __name__ == "__main__":
    main()
