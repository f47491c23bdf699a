"""certify --json on the group path: the etf object (u = a/(V-1), orbitals, H^T H by orbital
values) cross-checked by an independent computation from the certificate (own union-find,
float arithmetic): trace identity, row values and multiplicities."""
import json, math, os, subprocess, sys
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, SOURCE, WORK  # noqa: E402


def orbitals(inst):
    V, N = inst["tokens"], inst["contexts"]
    parent = list(range(V * N))
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for s, t in zip(inst["symmetry"]["tokens"], inst["symmetry"]["contexts"]):
        for k in range(V):
            for i in range(N):
                a, b = find(k * N + i), find(s[k] * N + t[i])
                if a != b:
                    parent[a] = b
    ids, out = {}, []
    for m in range(V * N):
        out.append(ids.setdefault(find(m), len(ids)))
    return out


for name in ("group-AGL1-5-pairs", "group-PSL2-5-pairs", "group-S5-same"):
    inst_path = os.path.join(SOURCE, "proofs-data", name + ".json")
    cert_path = os.path.join(WORK, name + ".cert.json")
    p = subprocess.run([PEELCERT, "certify", inst_path, "--json", "-o", cert_path], capture_output=True, text=True)
    res = json.loads(p.stdout)
    cert = json.load(open(cert_path))
    inst = cert["instance"]
    V, N = inst["tokens"], inst["contexts"]
    a, b = V * Fraction(inst["E_W"]), N * Fraction(inst["E_H"])
    etf = res.get("etf", {})
    expect(p.returncode == 0 and res["path"] == "group" and res["structure"] == "simplex-etf",
           f"{name}: group path, simplex-etf (exit {p.returncode})")
    expect(Fraction(etf.get("u", "0")) == a / (V - 1), f"{name}: u = a/(V-1) = {a / (V - 1)}")
    orb = orbitals(inst)
    expect(etf.get("orbitals") == len(set(orb)) == len(cert["primal"]["z"]),
           f"{name}: {etf.get('orbitals')} orbitals (independent union-find: {len(set(orb))})")
    z = [float(Fraction(x)) for x in cert["primal"]["z"]]
    Z = [[z[orb[k * N + i]] for i in range(N)] for k in range(V)]
    c = sum(x * x for row in Z for x in row) / (V - 1)
    scale = math.sqrt(float(b) / (float(a) * c))
    rows = etf.get("gram_H", {}).get("rows", [])
    expect(len(rows) >= 1, f"{name}: gram_H rows present ({len(rows)})")
    for r in rows:
        i0 = r["context"]
        ref = sorted(scale * sum(Z[k][i0] * Z[k][i] for k in range(V)) for i in range(N))
        got = []
        for v in r.get("values", []):
            got += [float(v["value"])] * v["count"]
        expect(len(got) == N and max(abs(x - y) for x, y in zip(sorted(got), ref)) < 1e-12,
               f"{name}: row of context {i0}: {len(r.get('values', []))} orbital values match an independent Z^T Z")
        diag = scale * sum(Z[k][i0] ** 2 for k in range(V))
        if r["orbit_size"] == N:
            expect(abs(diag - float(b) / N) < 1e-12, f"{name}: (H^T H)[i][i] = b/N (trace b over one orbit)")

finish()
