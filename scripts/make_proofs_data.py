#!/usr/bin/env python3
"""Writes the generated proofs-data instances (deterministic) and then expected.json.

    python3 scripts/make_proofs_data.py [path/to/peelcert]

Cyclic families (issue 3): days of the week (n = 7), months (12), hours (24) with a soft
next-token distribution: 1/2 on the next item, 1/4 on the one after, and a floor of noise
1/(4n) on every item; budgets E_W = E_H = E chosen so that one, two and three pairs of
frequencies are active, plus an interior case (large E).
Permutation-group families (issue 4), made with `peelcert gen group` (invariant by
construction): S_n and A_n on themselves, AGL(1,p) and PSL(2,q) with ordered-pair contexts,
and a dihedral control that is not 2-transitive (so no simplex ETF may be claimed).
General groups (issue 10): scripts/group_families.py."""
import json, os, subprocess, sys
from fractions import Fraction as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "proofs-data")
PEELCERT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "peelcert")

CYCLIC = {
    "days": (7, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
             [("one-pair", "1/5"), ("two-pairs", "1"), ("three-pairs", "2"), ("interior", "8")]),
    "months": (12, ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
               [("one-pair", "1/10"), ("two-pairs", "1/2"), ("three-pairs", "1"), ("interior", "8")]),
    "hours": (24, [f"{h:02d}h" for h in range(24)],
              [("one-pair", "1/100"), ("two-pairs", "1/10"), ("three-pairs", "1/5"), ("interior", "16")]),
}

GROUPS = [  # file stem, gen group arguments
    ("group-S5-same", ["--group", "symmetric", "--n", "5", "--E_W", "1/100", "--E_H", "1/100"]),
    ("group-A6-same", ["--group", "alternating", "--n", "6", "--E_W", "1/100", "--E_H", "1/100"]),
    ("group-AGL1-5-pairs", ["--group", "agl1", "--n", "5", "--contexts-kind", "pairs", "--targets", "next"]),
    ("group-AGL1-7-pairs", ["--group", "agl1", "--n", "7", "--contexts-kind", "pairs", "--targets", "next"]),
    ("group-AGL1-11-pairs", ["--group", "agl1", "--n", "11", "--contexts-kind", "pairs", "--targets", "next"]),
    ("group-PSL2-5-pairs", ["--group", "psl2", "--n", "5", "--contexts-kind", "pairs", "--targets", "next"]),
    ("group-dihedral-6-control", ["--group", "dihedral", "--n", "6", "--E_W", "1/100", "--E_H", "1/100"]),
]

# Abelian regular actions (issue 10 item 2, SPEC 11), made with `peelcert gen group_circulant`:
# days x hours on Z_7 x Z_24 with q(d, h) = q_days(d) q_hours(h), the targets of
# cyclic-days-two-pairs and cyclic-hours-two-pairs (CRT: Z_7 x Z_24 = Z_168, so its value is also
# that of a relabelled circulant, the twin of scripts/expected_values.py); Z_12 x Z_12 with random
# weights (not cyclic); Z_2^6 with independent biased bits (q = product of Bernoulli(theta_t)).
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def cyclic_q(n):
    return [F(1, 4 * n) + (F(1, 2) if m == 1 else 0) + (F(1, 4) if m == 2 else 0) for m in range(n)]


ABELIAN = [  # file stem, gen group_circulant arguments, token names or None
    ("days-x-hours", ["--orders", "7,24", "--q-factors",
                      ",".join(map(str, cyclic_q(7))) + ";" + ",".join(map(str, cyclic_q(24))),
                      "--E_W", "4", "--E_H", "4"],
     [f"{d} {h:02d}h" for d in DAYS for h in range(24)]),
    ("z12-x-z12", ["--orders", "12,12", "--seed", "12", "--E_W", "1/4", "--E_H", "1/4"], None),
    ("z2-6", ["--orders", "2,2,2,2,2,2", "--q-factors",
              "9/10,1/10;7/8,1/8;5/6,1/6;4/5,1/5;3/4,1/4;2/3,1/3", "--E_W", "1/4", "--E_H", "1/4"],
     None),
]


def abelian_instances():
    for stem, args, names in ABELIAN:
        path = os.path.join(DATA, stem + ".json")
        subprocess.run([PEELCERT, "gen", "group_circulant"] + args + ["--name", stem, "-o", path],
                       check=True)
        if names is not None:
            inst = json.load(open(path))
            inst["token_names"] = inst["context_names"] = names
            with open(path, "w") as f:
                json.dump(inst, f, indent=1)
                f.write("\n")


def cyclic_instance(name, n, labels, E):
    q = cyclic_q(n)
    return {"format": "peelcert-instance/1", "name": name, "tokens": n, "contexts": n,
            "E_W": E, "E_H": E, "targets": {"circulant": [str(x) for x in q]},
            "token_names": labels, "context_names": labels}


def main():
    for family, (n, labels, budgets) in CYCLIC.items():
        for tag, E in budgets:
            name = f"cyclic-{family}-{tag}"
            with open(os.path.join(DATA, name + ".json"), "w") as f:
                json.dump(cyclic_instance(name, n, labels, E), f, indent=1)
                f.write("\n")
    for stem, args in GROUPS:
        subprocess.run([PEELCERT, "gen", "group"] + args + ["--seed", "2", "--name", stem,
                        "-o", os.path.join(DATA, stem + ".json")], check=True)
    abelian_instances()
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import group_families                 # issue 10: suits x ranks, D_12 on pairs, regular S_4
    group_families.write_instances(DATA)
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "expected_values.py"), PEELCERT],
                   check=True)


if __name__ == "__main__":
    main()
