"""certify --json "geometry" of the group paths (docs/groups.md "certify --json: geometry"): on
suits x ranks, D_12 on pairs (commutant reduction) and S_5 (2-transitive, simplex ETF) the token
multiplicities sum to V, sum_k m_k lambda_k(W W^T) encloses a = V E_W (the trace in the binding
regime), each enclosure contains numpy's eigenvalue of sqrt(a/b) (Z Z^T)^(1/2) for the
certificate's own expanded primal Z (and the dense twin's W W^T to its accuracy), and the
active set is the numerically nonzero eigenvalues (undecided only where numpy finds ~0); the
oracle carries the same components at 30 digits and plot captions them."""
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


for name in ("group-suits-ranks", "group-dihedral-12-pairs", "group-S5-same"):
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
    # plot captions W W^T with the same per-component spectrum and activity
    svg = os.path.join(WORK, name + ".geometry.svg")
    p = subprocess.run([PEELCERT, "plot", inst_path, "-o", svg], capture_output=True, text=True)
    text = open(svg).read() if p.returncode == 0 else ""
    want = ["Spectrum per", "(%s)" % comps[-1]["active"]] + (
        ["(undecided)"] if any(c["active"] == "undecided" for c in comps) else [])
    expect(all(w in text for w in want) and ("undecided" in text) == ("(undecided)" in want),
           name + ": plot captions the per-component spectrum truthfully")
finish()
