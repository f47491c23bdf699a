#!/usr/bin/env python3
"""Benchmark of symmetry discovery (issue 10 item 1, docs/groups.md): `peelcert symmetry --json`
on dense instances with a hidden product symmetry (P[t(i)][s(k)] = q[k - i] over Z_a x Z_b,
random relabellings s, t of tokens and contexts, generic q), and on a random instance (trivial
group). Then the commutant reduction (docs/groups.md): `peelcert certify INSTANCE --json` and
`peelcert-check CERT` on suits x ranks and D_12 on pairs (proofs-data), with --path dense twins
(timed too), best of --repeat runs (default 3): wall / CPU, certified gap, structure, the
geometry at the optimum (KKT box radius, embedding dimension, active multiplicities). Prints
markdown tables; --write updates the "groups" section of bench/RESULTS.md.

usage: bench/bench_groups.py [--peelcert PATH] [--write] [--quick] [--repeat R]"""
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


def commutant_rows(peelcert, tmp, repeat):
    check = os.path.join(os.path.dirname(peelcert), "peelcert-check")
    rows = []
    for label, name in (("suits x ranks (S_4 x S_13, V = N = 52)", "group-suits-ranks"),
                        ("D_12 on ordered pairs (V = 12, N = 132)", "group-dihedral-12-pairs")):
        inst = os.path.join(HERE, "..", "proofs-data", name + ".json")
        for extra in ([], ["--path", "dense"]):
            cert = os.path.join(tmp, name + ".cert.json")
            wall, cpu, p = results.timed([peelcert, "certify", inst, "--json", "-o", cert] + extra,
                                 1 if extra else repeat)
            res = json.loads(p.stdout)
            cwall, ccpu, c = results.timed([check, cert], 1 if extra else repeat)
            gap = float(Fraction(res["upper"]) - Fraction(res["lower"]))
            geo = res.get("geometry") or {}
            comps = geo.get("token_components", [])
            act = "+".join(str(x["multiplicity"]) for x in comps if x["active"] == "yes") or "-"
            kkt = geo.get("kkt", {})
            rows.append([label + (" --path dense" if extra else ""), res["path"],
                         f"{wall:.2f} ({cpu:.2f})", f"{cwall:.2f} ({ccpu:.2f}), exit {c.returncode}",
                         f"{gap:.1e}", res["structure"],
                         kkt.get("box_radius", "-") if kkt.get("proved") else "-",
                         str(geo.get("embedding_dimension", res.get("rank", "-"))), act])
    return rows


def main():
    args = sys.argv[1:]
    peelcert = os.path.join(HERE, "..", "build", "peelcert")
    if "--peelcert" in args:
        peelcert = args[args.index("--peelcert") + 1]
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
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
        crows = commutant_rows(peelcert, tmp, repeat)
    header = ["instance", "V x N", "order found", "generators", "orbits (tok / ctx)",
              "search CPU s (sort + graph + Traces + Schreier-Sims)", "wall s (incl. reading JSON)"]
    cheader = ["instance", "path", "certify wall s (CPU s)", "check wall s (CPU s)", "certified gap",
               "structure", "KKT box radius", "embedding dim", "active multiplicities"]
    text = (f"Machine: {results.machine()}\n\nCommand: `bench/bench_groups.py` "
            f"(`peelcert symmetry INSTANCE --json`)\n\n" + results.markdown_table(header, rows)
            + "\n\nCommutant reduction (`peelcert certify INSTANCE --json`, then `peelcert-check CERT`; "
            f"best of {repeat} runs, one for the dense twins; the geometry at the optimum is "
            "computed inside certify --json):\n\n" + results.markdown_table(cheader, crows))
    print(text)
    if "--write" in args:
        results.update_section("groups", text)


if __name__ == "__main__":
    main()
