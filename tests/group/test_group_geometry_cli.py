"""certify --json "geometry" of the group paths (docs/groups.md "certify --json: geometry"): on
suits x ranks, D_12 on pairs (commutant reduction) and S_5 (2-transitive, simplex ETF) the token
multiplicities sum to V, sum_k m_k lambda_k(W W^T) encloses a = V E_W (the trace in the binding
regime), each enclosure contains numpy's eigenvalue of sqrt(a/b) (Z Z^T)^(1/2) for the
certificate's own expanded primal Z (and the dense twin's W W^T to its accuracy), and the
active set is the numerically nonzero eigenvalues (undecided only where numpy finds ~0); the
oracle carries the same components at 30 digits and plot captions them.

On the commutant path the values are those of the optimum (a proved Krawczyk box of the
reduced KKT system): suits x ranks has no undecided component (the product module, m = 36,
is proved exactly 0; embedding dimension 15); the context components' dimensions m_k b_k are
recomputed here from a numerical isotypic decomposition (eigenvectors of a generic token
orbital combination, then the rank of {E_k Z : Z invariant}), and their H^T H eigenvalues,
the orbital values of Z°, W W^T, H^T H are compared with numpy on the certificate's primal and
with the dense twin; the component order does not depend on --digits; the oracle's gram_W and
gram_H are the same balls' values."""
# peelcert-test: slow
import json, os, subprocess, sys
from fractions import Fraction
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, SOURCE, WORK  # noqa: E402


def certify(inst_path, cert_path, *extra):
    p = subprocess.run([PEELCERT, "certify", inst_path, "--json", "-o", cert_path, *extra],
                       capture_output=True, text=True)
    return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else {})


def orbital_ids(inst):
    """Orbits of G on [V] x [N], numbered by their smallest k N + i (FORMAT.md kind group)."""
    V, N = inst["tokens"], inst["contexts"]
    sym = inst["symmetry"]
    parent = list(range(V * N))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for s, t in zip(sym["tokens"], sym["contexts"]):
        for k in range(V):
            for i in range(N):
                a, b = find(k * N + i), find(s[k] * N + t[i])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    ids, out = {}, []
    for m in range(V * N):
        out.append(ids.setdefault(find(m), len(ids)))
    return np.array(out)


def ball(b):
    return Fraction(b["value"]), Fraction(b["radius"])


def token_orbitals(inst):
    """Orbits of the token action on [V] x [V], numbered by smallest u V + v."""
    V = inst["tokens"]
    parent = list(range(V * V))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for s in inst["symmetry"]["tokens"]:
        for u in range(V):
            for v in range(V):
                a, b = find(u * V + v), find(s[u] * V + s[v])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    ids, out = {}, []
    for m in range(V * V):
        out.append(ids.setdefault(find(m), len(ids)))
    return np.array(out).reshape(V, V)


def isotypic(inst, ids):
    """Numerically: the token isotypic projectors E_k (eigenspaces of a generic combination of
    the token orbital matrices) and, per E_k, b_k = rank of {E_k Z : Z invariant} (Z over the
    orbital indicator basis). Returns [(m_k, b_k, E_k)]."""
    T = token_orbitals(inst)
    r = T.max() + 1
    rng = np.random.default_rng(7)
    A = sum(rng.normal() * (T == j) for j in range(r))
    A = (A + A.T) / 2
    w, U = np.linalg.eigh(A)
    groups, start = [], 0
    for i in range(1, len(w) + 1):
        if i == len(w) or w[i] - w[i - 1] > 1e-6:
            groups.append(U[:, start:i])
            start = i
    V, N = inst["tokens"], inst["contexts"]
    basis = [(ids == o).astype(float) for o in range(ids.max() + 1)]
    out = []
    for G in groups:
        E = G @ G.T
        M = np.array([(E @ B).ravel() for B in basis])
        out.append((G.shape[1], int(np.linalg.matrix_rank(M, tol=1e-8)), E))
    return out


for name in ("group-suits-ranks", "group-dihedral-12-pairs", "group-S5-same", "group-AGL1-7-pairs"):
    inst_path = os.path.join(SOURCE, "proofs-data", name + ".json")
    cert_path = os.path.join(WORK, name + ".geometry.cert.json")
    rc, res = certify(inst_path, cert_path)
    geo = res.get("geometry") or res.get("etf", {}).get("geometry")
    expect(rc == 0 and geo is not None and "token_components" in geo,
           name + ": certify --json reports the geometry")
    if geo is None or "token_components" not in geo:
        continue
    cert = json.load(open(cert_path))
    inst = cert["instance"]
    V, N = inst["tokens"], inst["contexts"]
    a = V * Fraction(inst["E_W"])
    b = N * Fraction(inst["E_H"])
    comps = geo["token_components"]
    expect(sum(c["multiplicity"] for c in comps) == V, name + ": multiplicities sum to V")
    mid = sum(c["multiplicity"] * ball(c["eigenvalue_WWt"])[0] for c in comps)
    rad = sum(c["multiplicity"] * ball(c["eigenvalue_WWt"])[1] for c in comps)
    # the certificate's primal is feasible and nearly binding: trace within the gap of a
    expect(abs(mid - a) <= rad + Fraction(1, 10 ** 8), name + ": sum m_k lambda_k encloses a = V E_W "
           + str(float(mid - a)))
    # the certificate's own expanded primal
    z = [float(Fraction(x)) for x in cert["primal"]["z"]]
    Z = np.array(z)[orbital_ids(inst)].reshape(V, N)
    ev = np.sort(np.sqrt(np.clip(np.linalg.eigvalsh(Z @ Z.T), 0, None)) * float(a / b) ** 0.5)
    # predicted spectrum: each component's eigenvalue repeated m_k times
    pred = sorted((float(ball(c["eigenvalue_WWt"])[0]), float(ball(c["eigenvalue_WWt"])[1]))
                  for c in comps for _ in range(c["multiplicity"]))
    # compared as eigenvalues of (b/a) (W W^T)^2 = Z Z^T: numpy's sqrt of a rounding-level
    # eigenvalue (1e-16) would be 1e-8, far from an exact 0
    evz = np.sort(np.linalg.eigvalsh(Z @ Z.T))
    s2 = float(b / a)
    ok = all(abs(e - s2 * p * p) <= s2 * (2 * p * r + r * r) + 1e-8 for e, (p, r) in zip(evz, pred))
    expect(ok, name + ": enclosures contain numpy's eigenvalues of the expanded primal "
           + str(max(abs(e - s2 * p * p) for e, (p, _) in zip(evz, pred))))
    for c in comps:
        p, r = ball(c["eigenvalue_WWt"])
        if c["active"] == "yes":
            ok = p - r > 0
        elif c["active"] == "no":
            ok = p == 0 and r == 0
        else:
            ok = c["active"] == "undecided" and abs(p) <= r + Fraction(1, 10 ** 8)
        expect(ok, name + ": component %d active=%s is consistent with its enclosure" % (c["component"], c["active"]))
    nonzero = sum(1 for e in evz if e > 1e-8)
    active = sum(c["multiplicity"] for c in comps if c["active"] == "yes")
    expect(active == nonzero, name + ": active multiplicities = numerically nonzero eigenvalues")
    if all(c["active"] != "undecided" for c in comps):
        expect(geo.get("embedding_dimension") == active, name + ": embedding dimension = active sum")
    else:
        expect("embedding_dimension" not in geo, name + ": no embedding dimension while undecided")
    if res.get("path") == "group":
        expect(geo.get("values_at") == "optimum" and geo.get("kkt", {}).get("proved") is True,
               name + ": values at the optimum, KKT proved")
        expect(all(c["active"] in ("yes", "no") for c in comps), name + ": no component undecided")
        if name == "group-suits-ranks":
            act = {c["multiplicity"]: c["active"] for c in comps}
            expect(act == {1: "no", 3: "yes", 12: "yes", 36: "no"} and geo.get("embedding_dimension") == 15,
                   name + ": suit and rank modules active, product module proved 0, dimension 15")
        # context side, recomputed numerically
        iso = isotypic(inst, orbital_ids(inst).reshape(V, N))
        cc = [c for c in geo.get("context_components", []) if c["component"] != "other"]
        other = [c for c in geo.get("context_components", []) if c["component"] == "other"]
        mine = sorted((m, b) for m, b, _ in iso)
        theirs = sorted((comps[c["component"]]["multiplicity"], c["constituent_multiplicity"]) for c in cc)
        expect(mine == theirs and all(c["dimension"] == comps[c["component"]]["multiplicity"] * c["constituent_multiplicity"] for c in cc)
               and sum(c["dimension"] for c in geo["context_components"]) == N
               and all(ball(c["eigenvalue_HtH"]) == (0, 0) for c in other),
               name + ": context components (m_k, b_k) = numpy's %s" % mine)
        U, sv, Vt = np.linalg.svd(Z, full_matrices=False)
        HtH = float(b / a) ** 0.5 * (Vt.T * sv) @ Vt
        WWt = float(a / b) ** 0.5 * (U * sv) @ U.T
        evH = np.sort(np.linalg.eigvalsh(HtH))[::-1]
        predH = sorted((float(ball(c["eigenvalue_HtH"])[0]) for c in cc for _ in range(c["eigenvalue_multiplicity"])), reverse=True)
        errH = max([abs(e - p) for e, p in zip(evH, predH)] + [abs(e) for e in evH[len(predH):]])
        expect(errH < 1e-10, name + ": H^T H spectrum per context component agrees with numpy (%.2e)" % errH)
        # which context component carries each eigenvalue: H^T H restricted to F_k
        ok = True
        for c in cc:
            m_k = comps[c["component"]]["multiplicity"]
            match = [E for m, bk, E in iso if m == m_k and bk == c["constituent_multiplicity"]]
            # F_k = span of Z^T E_k (context side): compare traces of H^T H on it
            tr = []
            for E in match:     # the range of Z^T E_k Z (rank m_k when active), H^T H's trace on it
                w, Q = np.linalg.eigh(Z.T @ E @ Z)
                Q = Q[:, w > 1e-8 * max(w.max(), 1e-300)] if w.max() > 1e-8 else Q[:, :0]
                tr.append((Q.shape[1], np.trace(Q.T @ HtH @ Q)))
            want = (c["eigenvalue_multiplicity"], c["eigenvalue_multiplicity"] * float(ball(c["eigenvalue_HtH"])[0]))
            ok = ok and any(q == want[0] and abs(t - want[1]) < 1e-8 for q, t in tr)
        expect(ok, name + ": each active context component carries its eigenvalue m_k times")
        ov = geo["orbital_values"]
        errs = [max(abs(float(ball(v)[0]) - float(x)) for v, x in zip(ov["logits"], z))]
        errs.append(max(abs(float(ball(e["value"])[0]) - WWt[e["pair"][0], e["pair"][1]]) for e in ov["gram_W"]))
        errs.append(max(abs(float(ball(e["value"])[0]) - HtH[e["pair"][0], e["pair"][1]]) for e in ov["gram_H"]))
        expect(max(errs) < 1e-10 and sum(e["size"] for e in ov["gram_H"]) == N * N
               and sum(e["valency"] for e in ov["gram_W"]) == V,
               name + ": orbital values of Z°, W W^T, H^T H agree with numpy %s" % errs)
        # the order of the components does not depend on --digits
        rc20, res20 = certify(inst_path, os.path.join(WORK, name + ".geometry20.json"), "--digits", "20")
        g20 = (res20.get("geometry") or res20.get("etf", {}).get("geometry") or {}).get("token_components", [])
        expect(rc20 == 0 and [c["multiplicity"] for c in g20] == [c["multiplicity"] for c in comps]
               and all(abs(ball(x["eigenvalue_WWt"])[0] - ball(y["eigenvalue_WWt"])[0]) < Fraction(1, 10 ** 15)
                       for x, y in zip(g20, comps)),
               name + ": the same component order at --digits 20")
    # dense twin (9 digits): W W^T's eigenvalues within the twin's accuracy
    rc, dense = certify(inst_path, os.path.join(WORK, name + ".geometry.dense.json"), "--path", "dense")
    W = np.array([[float(Fraction(x)) for x in row] for row in json.load(open(
        os.path.join(WORK, name + ".geometry.dense.json")))["primal"]["W"]])
    evd = np.sort(np.linalg.eigvalsh(W @ W.T))
    err = max(abs(e - p) for e, (p, _) in zip(evd, pred))
    expect(err <= 1e-4, name + ": the dense twin's W W^T spectrum agrees (%.2e)" % err)
    # the oracle carries the same components, balls at its --digits
    opath = os.path.join(WORK, name + ".geometry.oracle.json")
    p = subprocess.run([PEELCERT, "oracle", inst_path, "--digits", "30", "-o", opath],
                       capture_output=True, text=True)
    og = json.load(open(opath)).get("geometry", {}) if p.returncode == 0 else {}
    oc = og.get("token_components", [])
    # (the oracle certifies afresh to its own digits: another exact primal, so the eigenvalues
    # agree to the certificates' accuracy, not to the balls' radii)
    # (component numbers follow pc_commutant_eigen's order at the precision used: compare sorted)
    key = lambda c: (c["multiplicity"], ball(c["eigenvalue_WWt"])[0])
    oc, cc = sorted(oc, key=key), sorted(comps, key=key)
    same = len(oc) == len(cc) and all(
        o["multiplicity"] == c["multiplicity"]
        and abs(ball(o["eigenvalue_WWt"])[0] - ball(c["eigenvalue_WWt"])[0]) <= Fraction(1, 10 ** 8)
        and ball(o["eigenvalue_WWt"])[1] <= Fraction(1, 10 ** 30) for o, c in zip(oc, cc))
    expect(same, name + ": the oracle's geometry agrees, radii <= 1e-30")
    if geo.get("values_at") == "optimum" and "orbital_values" in geo:
        od = json.load(open(opath)) if p.returncode == 0 else {}
        gw, gh = od.get("gram_W", {}), od.get("gram_H", {})
        # gram_W: orbital form at the optimum, or the exact simplex ETF (2-transitive)
        ok = gw.get("form") in ("orbital", "diagonal/off-diagonal") and gh.get("form") == "orbital"
        if ok:
            for key, mat in (("gram_W", gw), ("gram_H", gh)):
                for e in geo["orbital_values"][key]:
                    i, j = e["pair"]
                    if mat["form"] == "orbital":
                        v = mat["values"][mat["orbital"][i][j]]
                    else:
                        v = mat["diagonal"] if i == j else mat["off_diagonal"]
                    ok = ok and abs(ball(v)[0] - ball(e["value"])[0]) < Fraction(1, 10 ** 18) \
                        and ball(v)[1] <= Fraction(1, 10 ** 30)
        expect(ok, name + ": the oracle's gram_W / gram_H (orbital form) are the optimum's values")
        # and the dense twin's Grams agree to its accuracy
        dW = W @ W.T
        err = max(abs(dW[e["pair"][0], e["pair"][1]] - float(ball(e["value"])[0])) for e in geo["orbital_values"]["gram_W"])
        expect(err < 1e-4, name + ": the dense twin's W W^T agrees per token orbital (%.2e)" % err)
    # plot captions W W^T with the same per-component spectrum and activity
    svg = os.path.join(WORK, name + ".geometry.svg")
    p = subprocess.run([PEELCERT, "plot", inst_path, "-o", svg], capture_output=True, text=True)
    text = open(svg).read() if p.returncode == 0 else ""
    want = ["Spectrum per", "(%s)" % comps[-1]["active"]] + (
        ["(undecided)"] if any(c["active"] == "undecided" for c in comps) else [])
    expect(all(w in text for w in want) and ("undecided" in text) == ("(undecided)" in want),
           name + ": plot captions the per-component spectrum truthfully")
    # the spectrum panel: one W W^T bar per component, also when plotting the certificate file
    # and the oracle document; H^T H bars only with context components (values at the optimum)
    import re
    nH = len(comps) if "context_components" in geo else 0
    for what, src in (("instance", inst_path), ("certificate file", cert_path), ("oracle", opath)):
        svg = os.path.join(WORK, name + ".spectrum.svg")
        p = subprocess.run([PEELCERT, "plot", src, "-o", svg], capture_output=True, text=True)
        text = open(svg).read() if p.returncode == 0 else ""
        titles = re.findall(r"<title>component (\d+), m = (\d+): W W\^T eigenvalue", text)
        expect('id="spectrum"' in text and [int(m) for _, m in titles] == [c["multiplicity"] for c in comps]
               and text.count('class="bar-H"') == nH
               and ("Spectrum per isotypic component (%s)" % geo["values_at"]) in text,
               name + ": plot of the %s has the spectrum panel (%d components)" % (what, len(comps)))
finish()
