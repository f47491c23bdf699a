#!/usr/bin/env python3
"""Certificates of kind "group" (certificates/FORMAT.md, "Kind group"), made by hand.

The orbitals are computed here independently (a plain union-find in Python), the claims' true
values over every column and every entry (no context-orbit shortcut) with Fractions and 80-digit
Decimals. Valid certificates must be accepted (exit 0); each tampered one must be rejected with
the named claim failing (exit 1) or refused as malformed (exit 2)."""
import sys
sys.dont_write_bytecode = True   # keep the source tree clean of __pycache__
import copy
import json
import os
from decimal import Decimal, ROUND_CEILING, ROUND_FLOOR
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import (Tally, WORK, peelcert, peelcert_check, describe, write_json, q, D, entropy,
                     lse)

T = Tally()
F = Fraction


# --------------------------------------------------------------------------- model

def orbitals(V, N, sigmas, taus):
    """orbital(k, i) at k N + i, numbered by first appearance, and R."""
    parent = list(range(V * N))

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x
    for s, t in zip(sigmas, taus):
        for k in range(V):
            for i in range(N):
                a, b = root(k * N + i), root(s[k] * N + t[i])
                if a != b:
                    parent[a] = b
    label, orb = {}, []
    for m in range(V * N):
        orb.append(label.setdefault(root(m), len(label)))
    return orb, len(label)


def s4_instance(blocks, E_W=1, E_H=1, dim=None, gens="s4"):
    """V = 4 tokens, N = 4 * len(blocks) contexts; block b is exchangeable with diag blocks[b];
    generators act the same way on tokens and on each block of contexts."""
    V, N = 4, 4 * len(blocks)
    perms = {"s4": [[1, 0, 2, 3], [1, 2, 3, 0]], "c4": [[1, 2, 3, 0]]}[gens]
    rows = []
    for alpha in blocks:
        beta = (1 - F(alpha)) / 3
        rows += [[q(alpha if i == k else beta) for k in range(4)] for i in range(4)]
    inst = {"format": "peelcert-instance/1", "tokens": V, "contexts": N}
    if dim is not None:
        inst["dim"] = dim
    inst.update({"E_W": q(E_W), "E_H": q(E_H), "targets": rows,
                 "symmetry": {"tokens": perms,
                              "contexts": [[4 * b + p[i] for b in range(len(blocks)) for i in range(4)]
                                           for p in perms]}})
    return inst


def truth(inst, z, qv):
    """(f(Z), LB, ||Z||_*^2, mean entropy, ||L||_*^2) over every entry, Z, Q from orbitals."""
    V, N = inst["tokens"], inst["contexts"]
    P = [[F(x) for x in row] for row in inst["targets"]]
    sym = inst["symmetry"]
    orb, R = orbitals(V, N, sym["tokens"], sym["contexts"])
    Z = [[z[orb[k * N + i]] for i in range(N)] for k in range(V)]
    Q = [[qv[orb[k * N + i]] for k in range(V)] for i in range(N)]
    f = sum(lse([D(Z[k][i]) for k in range(V)]) - sum(D(P[i][k] * Z[k][i]) for k in range(V))
            for i in range(N)) / N
    fro = sum((Q[i][k] - P[i][k]) ** 2 for i in range(N) for k in range(V))
    ab = F(V) * F(inst["E_W"]) * N * F(inst["E_H"])
    rho = D(ab).sqrt()
    lb = (sum(entropy(row) for row in Q) - rho * (D(fro) / (V - 1)).sqrt()) / N
    nuc2 = (V - 1) * sum(Z[k][i] ** 2 for k in range(V) for i in range(N))
    mean_h = sum(entropy(row) for row in P) / N
    l2 = Decimal(0)
    for row in P:
        if min(row) > 0:
            logs = [D(p).ln() for p in row]
            m = sum(logs) / V
            l2 += sum((x - m) ** 2 for x in logs)
    return f, lb, nuc2, mean_h, (V - 1) * l2, R, ab


def dec(x, up):
    return str(x.quantize(Decimal("1e-12"), rounding=ROUND_CEILING if up else ROUND_FLOOR))


def cert(inst, z, qv, regime="undetermined", upper_is_lp=False, structure="none", gram=None):
    f, lb, *_ = truth(inst, z, qv)
    claims = {"lower": dec(lb, False), "upper": dec(f, True), "upper_is_lp": upper_is_lp,
              "regime": regime, "structure": structure}
    if gram is not None:
        claims["gram"] = {"W": q(gram)}
    return {"format": "peelcert-certificate/1", "kind": "group", "instance": inst, "claims": claims,
            "primal": {"z": [q(x) for x in z]}, "dual": {"q": [q(x) for x in qv]}}


def check(name, c, rc, rejected=None, message=None):
    """Runs peelcert-check; expects exit rc and, for rc 1, that claim `rejected` failed."""
    path = write_json(os.path.join(WORK, f"group-{name}.cert.json"), c)
    r = peelcert_check(path, "--json")
    ok = r.rc == rc
    obj = r.json() or {}
    if ok and rejected:
        failed = [cl["name"] for cl in obj.get("claims", []) if not cl["verified"]]
        ok = rejected in failed
    if ok and message:
        ok = message in obj.get("message", "")
    T.expect(ok, f"{name}: exit {rc}{' with claim ' + rejected + ' rejected' if rejected else ''}"
                 f"{' naming ' + message if message else ''} ({describe(r)})")
    return obj


# --------------------------------------------------------------------------- S_4, one block

x = F(11, 10)                      # near log 3, the interior optimum
z1 = [x * 3 / 4, -x / 4]           # Z = x (I - J/4): orbital 0 diagonal, 1 off-diagonal
q1 = [F(1, 2), F(1, 6)]            # Q = P
inst1 = s4_instance([F(1, 2)])
f, lb, nuc2, mean_h, l2, R, ab = truth(inst1, z1, q1)
T.expect(R == 2 and nuc2 <= ab and l2 < ab, f"S4: R = 2 orbitals, nuclear and interior hold ({R})")
base = cert(inst1, z1, q1, regime="interior")
obj = check("s4-valid", base, 0)
T.expect([c["name"] for c in obj.get("claims", [])][:5]
         == ["primal_centered", "nuclear", "upper", "dual_simplex", "lower"], "S4: the claims of kind group")
check("s4-binding-false", dict(base, claims=dict(base["claims"], regime="binding")), 1, "regime")
check("s4-lp-dim3", cert(s4_instance([F(1, 2)], dim=3), z1, q1, upper_is_lp=True), 0)
check("s4-lp-dim2", cert(s4_instance([F(1, 2)], dim=2), z1, q1, upper_is_lp=True), 1, "upper_is_lp")
check("s4-lp-dim2-zero", cert(s4_instance([F(1, 2)], dim=2), [0, 0], q1, upper_is_lp=True), 0)

c = copy.deepcopy(base)
c["primal"]["z"][1] = q(z1[1] + F(1, 100))
check("s4-not-centered", c, 1, "primal_centered")
c = cert(inst1, [F(2) * 3 / 4, F(-2) / 4], q1)          # 9 x^2 = 36 > a b = 16
check("s4-nuclear", c, 1, "nuclear")
check("s4-nuclear-edge", cert(inst1, [F(4, 3) * 3 / 4, F(-4, 3) / 4], q1), 0)   # 9 x^2 = 16
c = copy.deepcopy(base)
c["claims"]["upper"] = dec(f - Decimal("1e-9"), False)
check("s4-upper-lowered", c, 1, "upper")
c = copy.deepcopy(base)
c["claims"]["lower"] = dec(lb + Decimal("1e-9"), True)
check("s4-lower-raised", c, 1, "lower")
c = copy.deepcopy(base)
c["dual"]["q"] = [q(F(-1, 10)), q(F(11, 30))]           # rows sum to 1, one entry negative
check("s4-q-negative", c, 1, "dual_simplex")
c = copy.deepcopy(base)
c["dual"]["q"] = [q(F(1, 2)), q(F(1, 5))]
check("s4-q-rowsum", c, 1, "dual_simplex")
c = copy.deepcopy(base)
c["primal"]["z"].append("0")
check("s4-z-length", c, 2, message="primal.z")
c = copy.deepcopy(base)
c["dual"]["q"] = c["dual"]["q"][:1]
check("s4-q-length", c, 2, message="dual.q")
c = copy.deepcopy(base)
c["instance"] = s4_instance([F(1, 2)], gens="c4")      # cyclic: not 2-transitive
check("s4-not-2-transitive", c, 2, message="2-transitively")
c = copy.deepcopy(base)
del c["instance"]["symmetry"]
check("s4-no-symmetry", c, 2, message="instance.symmetry")

# binding from the instance: a = 1, rho = 2 < ||L||_* = 3 log 3; simplex-etf with gram W = a/3
inst2 = s4_instance([F(1, 2)], E_W=F(1, 4))
*_, l2b, _, ab2 = truth(inst2, [0, 0], q1)
T.expect(l2b > ab2, "S4 binding: (V - 1) ||L||_F^2 > a b")
z2 = [F(1, 2), F(-1, 6)]                                 # x = 2/3: 9 x^2 = 4 = a b
base2 = cert(inst2, z2, [F(2, 5), F(1, 5)], regime="binding", structure="simplex-etf", gram=F(1, 3))
check("s4-binding", base2, 0)
c = copy.deepcopy(base2)
c["claims"]["lower"] = "0"                                # binding now from the instance alone
obj = check("s4-binding-from-instance", c, 0)
T.expect(any(cl["name"] == "regime" and "||L||_*^2" in cl["detail"] for cl in obj.get("claims", [])),
         "S4 binding from the instance: regime proved by (V - 1) ||L||_F^2 > a b")
check("s4-binding-interior", dict(base2, claims=dict(base2["claims"], regime="interior")), 1, "regime")
check("s4-gram-wrong", dict(base2, claims=dict(base2["claims"], gram={"W": "1/2"})), 1, "gram")

# two context orbits with different targets: the weighting by orbit size
inst3 = s4_instance([F(1, 2), F(1, 3)])
z3 = [F(3, 4), F(-1, 4), F(1, 2), F(-1, 6)]
q3 = [F(1, 2), F(1, 6), F(2, 5), F(1, 5)]
*_, R3, _ = truth(inst3, z3, q3)
T.expect(R3 == 4, f"S4 x 2 blocks: R = 4 orbitals ({R3})")
base3 = cert(inst3, z3, q3, regime="interior")
check("s4x2-valid", base3, 0)
c = copy.deepcopy(base3)
c["primal"]["z"] = [q(v) for v in [F(3, 4), F(-1, 4), F(3, 4), F(-1, 4)]]   # still centered
check("s4x2-upper-other-z", c, 1, "upper")

# --------------------------------------------------------------------------- AGL(1, 5), pairs

ipath = os.path.join(WORK, "group-agl1-5.json")
r = peelcert("gen", "group", "--group", "agl1", "--n", "5", "--contexts-kind", "pairs",
             "--targets", "next", "-o", ipath)
if T.expect(r.rc == 0, f"gen agl1 5 pairs ({describe(r)})"):
    inst4 = json.load(open(ipath))
    V, N = inst4["tokens"], inst4["contexts"]
    orb, R4 = orbitals(V, N, inst4["symmetry"]["tokens"], inst4["symmetry"]["contexts"])
    T.expect((V, N, R4) == (5, 20, 5), f"AGL(1,5) pairs: V = 5, N = 20, R = 5 ({V}, {N}, {R4})")
    p = [None] * R4
    for k in range(V):
        for i in range(N):
            p[orb[k * N + i]] = F(inst4["targets"][i][k])
    check("agl-z0-qP", cert(inst4, [0] * R4, p, upper_is_lp=True), 0)
    z4 = [(v - F(1, V)) * 2 for v in p]                 # centered: rows of P sum to 1
    base4 = cert(inst4, z4, p)
    check("agl-valid", base4, 0)
    c = copy.deepcopy(base4)
    c["claims"]["upper"] = dec(truth(inst4, z4, p)[0] - Decimal("1e-9"), False)
    check("agl-upper-lowered", c, 1, "upper")
    c = copy.deepcopy(base4)
    c["primal"]["z"][0] = q(z4[0] + 1)
    check("agl-not-centered", c, 1, "primal_centered")
    c = copy.deepcopy(base4)
    c["dual"]["q"] = [q(v) for v in p[1:] + p[:1]]      # rows still sum to 1, but Q != P
    check("agl-q-rotated", c, 1, "lower")
    c = copy.deepcopy(base4)
    c["primal"]["z"] = c["primal"]["z"][:-1]
    check("agl-z-length", c, 2, message="primal.z")

# --------------------------------------------------------------------------- two ways

def project(dense):
    """The dense certificate's Z = W H and Q averaged over the orbitals (the Reynolds operator:
    f is convex and invariant, norms do not grow), Z then centered: a group certificate of the
    same claims, which the exact group norms must still prove."""
    inst = dense["instance"]
    V, N = inst["tokens"], inst["contexts"]
    orb, R = orbitals(V, N, inst["symmetry"]["tokens"], inst["symmetry"]["contexts"])
    W = [[F(v) for v in row] for row in dense["primal"]["W"]]
    H = [[F(v) for v in row] for row in dense["primal"]["H"]]
    zs, qs, cnt = [F(0)] * R, [F(0)] * R, [0] * R
    for k in range(V):
        for i in range(N):
            o = orb[k * N + i]
            cnt[o] += 1
            zs[o] += sum(W[k][j] * H[j][i] for j in range(len(H)))
            qs[o] += F(dense["dual"]["Q"][i][k])
    zs = [v / n for v, n in zip(zs, cnt)]
    mean = sum(zs[orb[k * N]] for k in range(V)) / V   # every column holds every orbital once
    claims = {k: v for k, v in dense["claims"].items() if k != "kkt"}
    return {"format": dense["format"], "kind": "group", "instance": inst, "claims": claims,
            "primal": {"z": [q(v - mean) for v in zs]}, "dual": {"q": [q(v / n) for v, n in zip(qs, cnt)]}}


cpath = os.path.join(WORK, "group-agl1-5.cert.json")
r = peelcert("certify", os.path.join(os.environ.get("PEELCERT_SOURCE", ""), "proofs-data",
                                     "group-AGL1-5-pairs.json"), "-o", cpath)
if T.expect(r.rc == 0, f"certify group-AGL1-5-pairs ({describe(r)})"):
    produced = json.load(open(cpath))
    if produced["kind"] == "dense":
        check("agl-projected", project(produced), 0)
    else:
        check("agl-certified", produced, 0)

T.finish()
