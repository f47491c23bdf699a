#!/usr/bin/env python3
"""What `certify --json` says about the geometry on a product group (SPEC 11, issue 10 item 4),
recomputed here with numpy from the certificate's exact first column c: the active characters
(representatives f <= -f of the characters with |c_hat_f| clearly nonzero, from numpy.fft.fftn),
the Gram first row (W W^T = sqrt(a/b) (Z Z^T)^(1/2) by a dense eigendecomposition of the
expanded Z[k][i] = c[k - i], read at row 0), the eigenvalues of W W^T per active character with
their multiplicities (against the dense spectrum), the embedding dimension (their sum), and the
trace identity trace W W^T = a (binding); `peelcert plot` draws Z as group-circulant. The oracle's logits and Gram matrices in dense shape
(group_circulant form, expanded by the Python package's rule) must match the same dense matrices."""
import sys
sys.dont_write_bytecode = True
import json
import os
import random
from fractions import Fraction
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from abelian_lib import Tally, PEELCERT, group_instance, random_q, write, certify, run, sub, flat, digits_of

T = Tally()
rng = random.Random(11)


def package_expand():
    """python/peelcert/results.py's _expand, loaded from its file alone (importing the package
    would load the C library, which the sanitizer build cannot preload into python)."""
    import importlib.util
    path = os.path.join(os.environ.get("PEELCERT_SOURCE", "."), "python", "peelcert", "results.py")
    spec = importlib.util.spec_from_file_location("peelcert_results_only", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._expand


def dense_Z(c, orders):
    n = len(c)
    return np.array([[c[sub(k, i, orders)] for i in range(n)] for k in range(n)])


def abs_left(Z):
    """(Z Z^T)^(1/2) = U S U^T from the SVD (no square root of rounding noise) and S."""
    U, S, _ = np.linalg.svd(Z)
    return (U * S) @ U.T, S


def case(name, orders, q, E_W, E_H):
    n = len(q)
    path = write(f"{name}.json", group_instance(orders, q, E_W=E_W, E_H=E_H))
    rc, doc, cpath = certify(path)
    if not T.expect(rc == 0 and doc and doc["regime"] == "binding", f"{name}: certified binding"):
        return
    info = doc["circulant"]
    cert = json.load(open(cpath))
    c = np.array([float(Fraction(v)) for v in cert["primal"]["c"]])
    a, b = Fraction(E_W) * n, Fraction(E_H) * n
    T.expect(info["orders"] == orders, f"{name}: orders {info['orders']}")
    chat = np.fft.fftn(c.reshape(orders)).reshape(-1)
    mags = np.abs(chat)
    top = mags[1:].max()
    want = [f for f in range(1, n) if mags[f] > 1e-8 * top
            and f <= flat([-d for d in digits_of(f, orders)], orders)]
    got = [flat(t, orders) for t in info["active_characters"]]
    T.expect(got == want and info["active_frequencies"] == want,
             f"{name}: active characters {info['active_characters']} (numpy: "
             f"{[digits_of(f, orders) for f in want]})")
    Z = dense_Z(c, orders)
    root, S = abs_left(Z)
    scale = float(np.sqrt(float(a / b)))
    G = scale * root
    row = np.array([float(v) for v in info["gram_W_first_row"]])
    T.expect(np.max(np.abs(G[0] - row)) < 1e-8, f"{name}: gram_W_first_row = row 0 of sqrt(a/b) "
             f"(Z Z^T)^(1/2), by SVD (max diff {np.max(np.abs(G[0] - row)):.2e})")
    full = np.array([[row[sub(j, i, orders)] for j in range(n)] for i in range(n)])
    T.expect(np.max(np.abs(G - full)) < 1e-8, f"{name}: the whole W W^T is group-circulant with "
             "that row")
    T.expect(abs(row[0] * n - float(a)) < 1e-12, f"{name}: trace W W^T = a ({row[0] * n:.15g})")
    eig = []
    for e in info["eigenvalues"]:
        eig += [float(e["eigenvalue_W"])] * e["multiplicity"]
    dense_eig = scale * S      # decreasing
    T.expect(len(eig) == info["embedding_dimension"] == doc["rank"]
             and np.allclose(sorted(eig)[::-1], dense_eig[:len(eig)], atol=1e-9)
             and np.sum(dense_eig > 1e-8 * dense_eig[0]) == len(eig),
             f"{name}: eigenvalues per character x multiplicity = the nonzero spectrum of W W^T "
             f"({len(eig)} of them)")
    # the plot draws Z as group-circulant, not as a cyclic circulant
    svg = cpath.replace(".cert.json", ".svg")
    rc, out, err = run([PEELCERT, "plot", cpath, "-o", svg])
    text = open(svg).read() if rc == 0 else ""
    T.expect(rc == 0 and "c[k - i] in the group" in text and "c[(k - i) mod n]" not in text,
             f"{name}: peelcert plot draws the group-circulant Z (rc {rc})")
    # the oracle, expanded to dense shape by the Python package's rule
    rc, out, err = run([PEELCERT, "oracle", path, "--digits", "20"])
    odoc = json.loads(out) if rc == 0 else None
    if T.expect(odoc is not None, f"{name}: oracle runs (rc {rc})"):
        _expand = package_expand()
        (vals, rads), why = _expand(odoc["gram_W"], n, n, np)
        T.expect(odoc["gram_W"]["form"] == "group_circulant" and np.max(np.abs(vals - G)) < 1e-8,
                 f"{name}: oracle gram_W in dense shape = W W^T (form {odoc['gram_W']['form']})")
        (zv, zr), why = _expand(odoc["logits"], n, n, np)
        T.expect(np.max(np.abs(zv - Z)) < 1e-6 + float(np.max(zr)),
                 f"{name}: oracle logits in dense shape = Z[k][i] = c[k - i]")


case("Z3x4", [3, 4], random_q(12, rng, zeros=True), "1", "1")
case("Z2x2x2", [2, 2, 2], random_q(8, rng, zeros=True), "2", "1/2")
case("Z3x3", [3, 3], random_q(9, rng), "1/8", "1/8")
case("Z4x4", [4, 4], random_q(16, rng, zeros=True), "1", "1")
T.finish()
