#!/usr/bin/env python3
"""`peelcert certify --json` on the circulant path (issue 3 items 4 and 6), computed two ways.

For days-of-week and the binding proofs-data cyclic-* instances: the Krawczyk test proves the
exact KKT point with a tiny box; the "circulant" object's active frequencies equal those of an
independent plain-Python DFT of the certificate's exact first column (|c_hat_j| clearly nonzero);
first_column matches the certificate; gram_W_first_row matches sqrt(a/b) (1/n) sum_j |c_hat_j|
cos(2 pi j m / n) computed here, its entry 0 is the trace identity a/n, and its DFT (the
eigenvalues of the circulant W W^T) is >= 0 and equals sqrt(a/b) |c_hat_j|. The interior instance
claims no Gram row. Tamper: a frequency moved between the active and inactive sets of the
certificate's c (an inactive coefficient made nonzero, with or without rescaling to stay
feasible; an active pair removed) is rejected by peelcert-check."""
import cmath
import json
import math
import os
import sys
import subprocess
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, CHECK, DATA, PEELCERT, SOURCE, WORK, run_cmd as run  # noqa: E402


def dft(x):
    """Plain O(n^2) DFT: x_hat_j = sum_m x_m exp(-2 pi i j m / n)."""
    n = len(x)
    return [sum(x[m] * cmath.exp(-2j * math.pi * j * m / n) for m in range(n)) for j in range(n)]


def active_set(c):
    """Frequencies 1..n/2 where |c_hat_j| is clearly nonzero (relative 1e-8)."""
    h = [abs(v) for v in dft(c)]
    top = max(h[1:]) if len(h) > 1 else 0.0
    return [j for j in range(1, len(c) // 2 + 1) if h[j] > 1e-8 * top], h


def certify(name, digits=50):
    inst = os.path.join(DATA, name + ".json")
    cert = os.path.join(WORK, name + ".cert.json")
    rc, out, err = run([PEELCERT, "certify", inst, "-o", cert, "--json", "--digits", str(digits)])
    return rc, (json.loads(out) if out.strip() else {}), inst, cert


def check(cert_doc, inst, tag):
    path = os.path.join(WORK, tag + ".cert.json")
    with open(path, "w") as f:
        json.dump(cert_doc, f)
    rc, out, err = run([CHECK, path, "--instance", inst])
    return rc, out + err


def rational_text(x):
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def centered(c):
    """Exactly centered rational vector (the residue moved to entry 0)."""
    c = list(c)
    c[0] -= sum(c)
    return c


BINDING = ["days-of-week"] + [f"cyclic-{u}-{k}" for u in ("days", "months", "hours")
                              for k in ("one-pair", "two-pairs", "three-pairs")]

for name in BINDING:
    rc, res, inst, cert_path = certify(name)
    expect(rc == 0 and res.get("verified"), f"{name}: certified at 50 digits")
    circ = res.get("circulant")
    expect(circ is not None, f"{name}: --json has a 'circulant' object")
    if rc != 0 or circ is None:
        continue
    instance = json.load(open(inst))
    n = instance["tokens"]
    a = n * Fraction(instance["E_W"])
    b = n * Fraction(instance["E_H"])
    cert = json.load(open(cert_path))
    c_exact = [Fraction(t) for t in cert["primal"]["c"]]
    c = [float(v) for v in c_exact]

    k = circ["krawczyk"]
    expect(k["proved"] is True and 0 < float(k["box_radius"]) < 1e-40,
           f"{name}: Krawczyk proves the exact KKT point (box radius {k['box_radius']})")

    act, mags = active_set(c)
    expect(circ["active_frequencies"] == act,
           f"{name}: active frequencies {circ['active_frequencies']} == plain DFT {act}")
    dim = sum(1 if 2 * j == n else 2 for j in act)
    expect(circ["embedding_dimension"] == dim, f"{name}: embedding dimension {dim}")
    expect(circ["regular_polygon"] == (act == [1]), f"{name}: regular_polygon iff only +-1 active")
    expect(len(circ["first_column"]) == n
           and all(abs(float(s) - v) < 1e-17 + 1e-17 * abs(v) for s, v in zip(circ["first_column"], c)),
           f"{name}: first_column is the certificate's c")

    g = circ.get("gram_W_first_row")
    expect(g is not None and len(g) == n, f"{name}: gram_W_first_row present (binding, d >= rank)")
    if g is None:
        continue
    g = [float(s) for s in g]
    s = math.sqrt(a / b)
    ref = [s / n * sum(mags[j] * math.cos(2 * math.pi * j * m / n) for j in range(n)) for m in range(n)]
    expect(max(abs(x - y) for x, y in zip(g, ref)) < 1e-12, f"{name}: Gram row == independent float sum")
    trace = s * sum(mags) / n
    expect(abs(g[0] - trace) < 1e-12 and abs(g[0] - float(a) / n) < 1e-12,
           f"{name}: gram_W[0] = sqrt(a/b) sum |c_hat| / n = a/n = {float(a) / n:.6g}")
    eig = [v.real for v in dft(g)]
    expect(min(eig) > -1e-12 and all(abs(e - s * mags[j]) < 1e-12 for j, e in enumerate(eig)),
           f"{name}: W W^T is PSD with eigenvalues sqrt(a/b) |c_hat_j|")
    expect(all(abs(x) <= g[0] + 1e-15 for x in g), f"{name}: |gram_W[m]| <= gram_W[0]")
    gh = [float(x) for x in circ.get("gram_H_first_row", [])]
    ref_h = [math.sqrt(b / a) / n * sum(mags[j] * math.cos(2 * math.pi * j * m / n) for j in range(n))
             for m in range(n)]
    expect(len(gh) == n and max(abs(x - y) for x, y in zip(gh, ref_h)) < 1e-12
           and abs(gh[0] - float(b) / n) < 1e-12,
           f"{name}: gram_H_first_row == sqrt(b/a) (1/n) sum |c_hat_j| cos(...), gram_H[0] = b/n")

    # ---- tamper: move a frequency between the active and inactive sets ----
    rc, out = check(cert, inst, name + "-untouched")
    expect(rc == 0, f"{name}: untouched certificate accepted")
    inactive = [j for j in range(1, n // 2 + 1) if j not in act]
    if inactive:
        f = inactive[0]
        eps = Fraction(1, 1000)
        bump = [eps * Fraction(math.cos(2 * math.pi * f * m / n)) for m in range(n)]
        moved = json.loads(json.dumps(cert))
        moved["primal"]["c"] = [rational_text(v) for v in centered([x + y for x, y in zip(c_exact, bump)])]
        rc, out = check(moved, inst, name + "-inactive-on")
        expect(rc == 1, f"{name}: inactive frequency {f} made nonzero: rejected (rc {rc})")
        # the same, scaled back inside the budget: feasible, but the upper claim must fail
        nuc = sum(abs(v) for v in dft([float(x + y) for x, y in zip(c_exact, bump)]))
        scale = Fraction(float(a * b) ** 0.5 / nuc * (1 - 1e-9))
        scaled = json.loads(json.dumps(cert))
        scaled["primal"]["c"] = [rational_text(v) for v in
                                 centered([(x + y) * scale for x, y in zip(c_exact, bump)])]
        rc, out = check(scaled, inst, name + "-inactive-on-scaled")
        expect(rc == 1 and "upper" in out, f"{name}: ... rescaled to stay feasible: upper rejected")
    f = act[0]
    hat = dft(c)
    drop = [Fraction((2 if 2 * f != n else 1) / n * (hat[f] * cmath.exp(2j * math.pi * f * m / n)).real)
            for m in range(n)]
    off = json.loads(json.dumps(cert))
    off["primal"]["c"] = [rational_text(v) for v in centered([x - y for x, y in zip(c_exact, drop)])]
    rc, out = check(off, inst, name + "-active-off")
    expect(rc == 1 and "upper" in out, f"{name}: active frequency {f} removed: upper rejected (rc {rc})")

# the interior regime: no Gram row is claimed (W W^T is not determined), and no Krawczyk test
rc, res, inst, cert_path = certify("cyclic-hours-interior", 30)
circ = res.get("circulant", {})
expect(rc == 0 and circ and "gram_W_first_row" not in circ and circ.get("gram_note"),
       "cyclic-hours-interior: no gram_W_first_row, with a gram_note")
expect(circ.get("krawczyk", {}).get("proved") is False and circ.get("regular_polygon") is False,
       "cyclic-hours-interior: krawczyk not proved (not tried), not a polygon")

# a regular polygon: one-pair instances have only +-1 active
rc, res, inst, cert_path = certify("cyclic-days-one-pair", 30)
circ = res.get("circulant", {})
expect(circ.get("active_frequencies") == [1] and circ.get("regular_polygon") is True,
       "cyclic-days-one-pair: only +-1 active, regular_polygon true")

# the dense path has no circulant object
rc, out, err = run([PEELCERT, "certify", os.path.join(DATA, "group-dihedral-6-control.json"),
                    "-o", os.path.join(WORK, "dense.cert.json"), "--json"])
expect(out.strip() == "" or "circulant" not in json.loads(out) or json.loads(out).get("path") == "circulant",
       "non-circulant paths: no 'circulant' object")

finish()
