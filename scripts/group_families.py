#!/usr/bin/env python3
"""The proofs-data instances of issue 10 items 5 for general (non-abelian, non-2-transitive)
groups, and their expected values computed independently of peelcert.

    python3 scripts/group_families.py          (writes the instances; expected_values.py
                                                 then adds their entries to expected.json)

Families (each invariant by construction; the `symmetry` field holds generators):
- suits-ranks: S_4 x S_13 on the 52 cards (tokens = contexts = cards, the same action);
  P[i][k] depends only on the orbital of (i, k): same card / same suit / same rank / neither.
  Expected value: the reduced problem in the 3 nontrivial eigenvalues of the Bose-Mesner
  algebra of K_4 x K_13 (explicit 2 x 2 tensor eigenmatrix), solved by Newton on its KKT
  system in Python's decimal module (90 digits), independently of peelcert.
- dihedral-12-pairs: D_12 (order 24) on the 12 hours of a clock; contexts = ordered pairs
  (a, b), a != b ("the last two hours seen"); the next hour continues the step (2b - a) with
  probability 1/2, repeats b with 1/5, else 3/10 spread by cyclic distance to b.
- regular-S4: S_4 acting on itself by left multiplication (24 tokens = contexts),
  P[i][k] = q[i^-1 k] with 24 distinct q values: the regular representation has irreducibles
  of multiplicity 2 and 3, so the commutant C[S_4] is non-commutative.
Expected values of the last two: a float64 primal-dual solve (projected gradient on the
nuclear-norm ball, stopped on a duality gap below 1e-11), recorded with tolerance 1e-8."""
import itertools, json, math, os, sys
from decimal import Decimal, getcontext
from fractions import Fraction as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "proofs-data")

SUITS, RANKS = 4, 13
SUITS_RANKS_P = (F(1, 4), F(1, 32), F(1, 24), F(1, 144))  # same card, same suit, same rank, neither
SUITS_RANKS_E = "1/2"


def _inst(name, V, N, E, rows, sym, **extra):
    d = {"format": "peelcert-instance/1", "name": name, "tokens": V, "contexts": N,
         "E_W": E, "E_H": E, "targets": [[str(x) for x in r] for r in rows], "symmetry": sym}
    d.update(extra)
    return d


def suits_ranks():
    """Card c = s * 13 + r. Generators of S_4 x S_13: a transposition and a cycle per factor."""
    card = lambda s, r: s * RANKS + r
    def orbital(i, k):
        si, ri, sk, rk = i // RANKS, i % RANKS, k // RANKS, k % RANKS
        return 0 if i == k else 1 if si == sk else 2 if ri == rk else 3
    n = SUITS * RANKS
    rows = [[SUITS_RANKS_P[orbital(i, k)] for k in range(n)] for i in range(n)]
    gens = []
    for perm_s, perm_r in (((1, 0, 2, 3), None), ((1, 2, 3, 0), None),
                           (None, (1, 0) + tuple(range(2, RANKS))),
                           (None, tuple(range(1, RANKS)) + (0,))):
        ps = perm_s or tuple(range(SUITS))
        pr = perm_r or tuple(range(RANKS))
        gens.append([card(ps[c // RANKS], pr[c % RANKS]) for c in range(n)])
    names = [f"{'A23456789TJQK'[c % RANKS]}{'SHDC'[c // RANKS]}" for c in range(n)]
    return _inst("suits-ranks", n, n, SUITS_RANKS_E, rows, {"tokens": gens, "contexts": gens},
                 token_names=names, context_names=names)


def dihedral_pairs(n=12):
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b]
    index = {p: j for j, p in enumerate(pairs)}
    dist = lambda x, y: min((x - y) % n, (y - x) % n)
    rows = []
    for a, b in pairs:
        cont = (2 * b - a) % n
        rest = [k for k in range(n) if k not in (b, cont)]
        w = {k: 7 - dist(k, b) for k in rest}
        total = sum(w.values())
        row = [F(0)] * n
        row[cont], row[b] = F(1, 2), F(1, 5)
        for k in rest:
            row[k] = F(3, 10) * w[k] / total
        rows.append(row)
    rot, refl = [(x + 1) % n for x in range(n)], [(-x) % n for x in range(n)]
    on_pairs = lambda g: [index[(g[a], g[b])] for a, b in pairs]
    names = [f"{h:02d}h" for h in range(n)]
    return _inst(f"dihedral-{n}-pairs", n, len(pairs), "1/10", rows,
                 {"tokens": [rot, refl], "contexts": [on_pairs(rot), on_pairs(refl)]},
                 token_names=names, context_names=[f"{names[a]}>{names[b]}" for a, b in pairs])


def regular_s4():
    elems = sorted(itertools.permutations(range(4)))
    index = {g: j for j, g in enumerate(elems)}
    mul = lambda g, h: tuple(g[h[x]] for x in range(4))          # (g h)(x) = g(h(x))
    inv = lambda g: tuple(sorted(range(4), key=lambda x: g[x]))
    m = len(elems)
    q = [F(j + 1, m * (m + 1) // 2) for j in range(m)]            # 24 distinct values
    rows = [[q[index[mul(inv(i), k)]] for k in elems] for i in elems]
    gens = [[index[mul(g, x)] for x in elems] for g in ((1, 0, 2, 3), (1, 2, 3, 0))]
    return _inst("regular-S4", m, m, "1/10", rows, {"tokens": gens, "contexts": gens})


FAMILIES = {  # file name: (builder, group order from the construction)
    "group-suits-ranks.json": (suits_ranks, math.factorial(SUITS) * math.factorial(RANKS)),
    "group-dihedral-12-pairs.json": (dihedral_pairs, 24),
    "group-regular-S4.json": (regular_s4, 24),
}


def write_instances(data=DATA):
    for name, (build, _) in FAMILIES.items():
        with open(os.path.join(data, name), "w") as f:
            json.dump(build(), f)
            f.write("\n")


if __name__ == "__main__":
    write_instances()


# ---------------------------------------------------------------- independent expected values

def float_reference(inst, gap_target=1e-11, max_iter=200000):
    """val(C) in float64 by accelerated projected gradient on the ball ||Z||_* <= rho (SVD,
    singular values projected onto the l1 ball), with the duality gap of SPEC 3 at
    Q = softmax(Z)^T as the stopping rule. Returns (value, gap): val(C) lies in
    [value - gap, value] up to float64 rounding (a few ulps of the terms)."""
    import numpy as np
    P = np.array([[float(F(x)) for x in r] for r in inst["targets"]])       # N x V
    N, V = P.shape
    rho = math.sqrt(float(F(inst["E_W"]) * V * F(inst["E_H"]) * N))
    def f(Z):
        m = Z.max(axis=0)
        lse = m + np.log(np.exp(Z - m).sum(axis=0))
        return float((lse - (P.T * Z).sum(axis=0)).sum() / N)
    def softmax(Z):
        E = np.exp(Z - Z.max(axis=0))
        return E / E.sum(axis=0)
    def project(Z):
        U, s, Vt = np.linalg.svd(Z, full_matrices=False)
        if s.sum() > rho:
            u = np.sort(s)[::-1]
            c = np.cumsum(u) - rho
            j = np.nonzero(u - c / np.arange(1, len(u) + 1) > 0)[0][-1]
            s = np.maximum(s - c[j] / (j + 1), 0)
        return (U * s) @ Vt
    def lower(Z):
        Q = softmax(Z).T
        with np.errstate(divide="ignore", invalid="ignore"):
            H = -np.where(Q > 0, Q * np.log(Q), 0).sum()
        return float((H - rho * np.linalg.norm(Q - P, 2)) / N)
    Z = Y = np.zeros((V, N))
    t, step = 1.0, 2.0 * N
    for it in range(max_iter):
        Zn = project(Y - step * (softmax(Y) - P.T) / N)
        tn = (1 + math.sqrt(1 + 4 * t * t)) / 2
        Y, Z, t = Zn + (t - 1) / tn * (Zn - Z), Zn, tn
        if it % 50 == 0:
            up, lo = f(Z), lower(Z)
            if up - lo < gap_target:
                return up, up - lo
    raise RuntimeError(f"{inst['name']}: no duality gap below {gap_target}")


def _dec(q):
    q = F(q)
    return Decimal(q.numerator) / Decimal(q.denominator)


def _solve(A, b):
    """Gaussian elimination with partial pivoting in Decimal (small dense systems)."""
    n = len(b)
    M = [list(A[i]) + [b[i]] for i in range(n)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[p] = M[p], M[c]
        for r in range(c + 1, n):
            f = M[r][c] / M[c][c]
            M[r] = [M[r][j] - f * M[c][j] for j in range(n + 1)]
    x = [Decimal(0)] * n
    for r in reversed(range(n)):
        x[r] = (M[r][n] - sum(M[r][j] * x[j] for j in range(r + 1, n))) / M[r][r]
    return x


def suits_ranks_reference(inst, prec=90):
    """The reduced problem of the product scheme K_S x K_R, independently of peelcert.
    Orbital (u, v): u = [suits differ], v = [ranks differ], valency (S-1)^u (R-1)^v. On the
    eigenspace (e, f) (e, f = 0 trivial, 1 the standard module; multiplicity (S-1)^e (R-1)^f)
    an invariant Z = sum z_uv A_uv has eigenvalue lam_ef = sum_uv E_S[e][u] E_R[f][v] z_uv with
    E_n = [[1, n-1], [1, -1]], and E_n^-1 = E_n / n. Z is symmetric, so ||Z||_* = sum m |lam|;
    centering is lam_00 = 0; f(Z) is the CE of one column (the action is transitive). KKT of
    the binding problem with every lam active: dg/dlam_k = -mu m_k sign(lam_k),
    sum m_k |lam_k| = rho; Newton in Decimal from the float solution. Returns (value, lam)."""
    getcontext().prec = prec
    S, R = SUITS, RANKS
    orb = [(0, 0), (0, 1), (1, 0), (1, 1)]
    val = [Decimal((S - 1) ** u * (R - 1) ** v) for u, v in orb]
    mult = [Decimal((S - 1) ** e * (R - 1) ** f) for e, f in orb]
    E = lambda n, a, b: Decimal(1) if b == 0 else Decimal(n - 1) if a == 0 else Decimal(-1)  # E_n[a][b]
    # z_uv = sum_ef Einv[uv][ef] lam_ef with Einv = (E_S / S) x (E_R / R); E[e][u] row e col u
    Einv = [[E(S, u, e) * E(R, v, f) / (S * R) for (e, f) in orb] for (u, v) in orb]
    p = [_dec(x) for x in SUITS_RANKS_P]
    rho = (_dec(F(inst["E_W"]) * inst["tokens"]) * _dec(F(inst["E_H"]) * inst["contexts"])).sqrt()
    def z_of(lam):
        full = [Decimal(0)] + lam
        return [sum(Einv[j][k] * full[k] for k in range(4)) for j in range(4)]
    def g_parts(lam):
        z = z_of(lam)
        w = [val[j] * z[j].exp() for j in range(4)]
        tot = sum(w)
        s = [wj / tot for wj in w]                               # softmax mass per orbital
        g = tot.ln() - sum(val[j] * p[j] * z[j] for j in range(4))
        gz = [s[j] - val[j] * p[j] for j in range(4)]            # dg/dz_j
        Hz = [[(s[i] if i == j else 0) - s[i] * s[j] for j in range(4)] for i in range(4)]
        L = [[Einv[j][k + 1] for k in range(3)] for j in range(4)]  # dz/dlam
        grad = [sum(gz[j] * L[j][k] for j in range(4)) for k in range(3)]
        hess = [[sum(L[i][a] * Hz[i][j] * L[j][b] for i in range(4) for j in range(4))
                 for b in range(3)] for a in range(3)]
        return g, grad, hess
    up, _ = float_reference(inst)
    lam = _float_reduced(inst, Einv, val, mult, p, rho)
    act = [k for k in range(3) if abs(lam[k]) > 1e-9]            # active modules (float finds)
    sgn = {k: Decimal(1) if lam[k] > 0 else Decimal(-1) for k in act}
    x = [Decimal(repr(v)) if k in act else Decimal(0) for k, v in enumerate(lam)]
    _, grad, _ = g_parts(x)
    mu = -grad[act[0]] / (mult[act[0] + 1] * sgn[act[0]])
    for _ in range(60):
        _, grad, hess = g_parts(x)
        res = [grad[k] + mu * mult[k + 1] * sgn[k] for k in act]
        res.append(sum(mult[k + 1] * sgn[k] * x[k] for k in act) - rho)
        J = [[hess[k][l] for l in act] + [mult[k + 1] * sgn[k]] for k in act]
        J.append([mult[k + 1] * sgn[k] for k in act] + [Decimal(0)])
        dx = _solve(J, [-v for v in res])
        for j, k in enumerate(act):
            x[k] += dx[j]
        mu += dx[-1]
        if max(abs(v) for v in dx) < Decimal(10) ** (-(prec - 10)):
            break
    g, grad, _ = g_parts(x)
    # the point is the optimum iff KKT holds: signs kept, mu > 0, inactive |grad_k| <= mu m_k
    assert mu > 0 and all(x[k] * sgn[k] > 0 for k in act), "KKT signs"
    assert all(abs(grad[k]) < mu * mult[k + 1] for k in range(3) if k not in act), "KKT inactive"
    assert abs(float(g) - up) < 1e-8, (float(g), up)
    return g, x


def _float_reduced(inst, Einv, val, mult, p, rho):
    """The reduced problem in float: projected gradient on the weighted l1 ball in lam."""
    import numpy as np
    Ei = np.array([[float(v) for v in r] for r in Einv])[:, 1:]
    nv, m, pp, r = (np.array([float(v) for v in a]) for a in (val, mult[1:], p, [rho]))
    lam = np.zeros(3)
    def grad(lam):
        z = Ei @ lam
        w = nv * np.exp(z - z.max())
        return Ei.T @ (w / w.sum() - nv * pp)
    def project(y):          # onto sum m |x| <= rho: soft-threshold by m * t, bisection on t
        if (m * np.abs(y)).sum() <= r[0]:
            return y
        lo, hi = 0.0, float(np.max(np.abs(y) / m))
        for _ in range(200):
            t = (lo + hi) / 2
            x = np.sign(y) * np.maximum(np.abs(y) - m * t, 0)
            lo, hi = (t, hi) if (m * np.abs(x)).sum() > r[0] else (lo, t)
        return np.sign(y) * np.maximum(np.abs(y) - m * hi, 0)
    for _ in range(20000):
        lam = project(lam - 0.5 * grad(lam))
    return list(lam)


def expectation(name, inst):
    """The expected.json entry of a family instance: value (60 digits where the reduced
    Decimal solve gives it, else the float reference with its tolerance), regime (binding: the
    centered log P^T has nuclear norm > rho, so the budget binds), structure (SPEC 5: the
    optimum is G-invariant; no stronger name is claimed for these groups) and the group order
    the construction gives (discovery must find exactly this group)."""
    import numpy as np
    P = np.array([[float(F(x)) for x in r] for r in inst["targets"]])
    N, V = P.shape
    rho = math.sqrt(float(F(inst["E_W"]) * V * F(inst["E_H"]) * N))
    with np.errstate(divide="ignore"):
        L = np.log(P).T
    binding = not np.isfinite(L).all() or \
        np.linalg.svd(L - L.mean(axis=0), compute_uv=False).sum() > rho * (1 + 1e-6)
    out = {"regime": "binding" if binding else "interior", "structure": "group-invariant",
           "group_order": str(FAMILIES[name][1])}
    if name == "group-suits-ranks.json":
        value, _ = suits_ranks_reference(inst)
        out["value"] = f"{value:.60f}"
    else:
        value, gap = float_reference(inst)
        assert 0 <= gap + 1e-14 and gap < 1e-10
        out["value"], out["tolerance"] = f"{value:.15f}", "1e-8"
    return out
