"""group_circulant targets (SPEC 11) through the Python package: Instance from exact data (floats
refused naming the field), certify on the group path, check, and the oracle's group-circulant
matrices expanded to dense shape — compared with the dense matrices built here from the
certificate's exact first column, Z[k][i] = c[k - i] in Z_2 x Z_3."""
import json
from fractions import Fraction

import numpy as np
import pytest

import peelcert

Q = [Fraction(1, 2), Fraction(1, 4), Fraction(1, 8), Fraction(1, 16), Fraction(1, 32),
     Fraction(1, 32)]
ORDERS = [2, 3]


def group_sub(x, y):
    (xa, xb), (ya, yb) = divmod(x, 3), divmod(y, 3)
    return ((xa - ya) % 2) * 3 + (xb - yb) % 3


def instance():
    return peelcert.Instance(targets={"group_circulant": {"orders": ORDERS, "q": Q}}, E_W=1, E_H=1)


def test_instance_sizes_and_floats_refused():
    inst = instance()
    doc = inst.to_json()
    assert doc["tokens"] == doc["contexts"] == 6
    assert doc["targets"]["group_circulant"]["q"][2] == "1/8"
    with pytest.raises(peelcert.BadInput, match=r"targets\.group_circulant\.q\[0\]"):
        peelcert.Instance(targets={"group_circulant": {"orders": ORDERS, "q": [0.5] * 6}},
                          E_W=1, E_H=1)


def test_certify_check_and_dense_oracle():
    inst = instance()
    r = peelcert.certify(inst)
    assert r.verified and r.json["path"] == "group_circulant"
    assert r.structure == "group-invariant" and r.upper - r.lower <= Fraction(1, 10**30)
    assert peelcert.check(r.certificate).verified
    cert = json.loads(r.certificate)
    assert cert["primal"]["orders"] == ORDERS
    c = np.array([float(Fraction(x)) for x in cert["primal"]["c"]])
    Z = np.array([[c[group_sub(k, i)] for i in range(6)] for k in range(6)])
    o = peelcert.oracle(inst, digits=20)
    values, radii = o.logits
    assert values.shape == (6, 6) and np.all(np.abs(values - Z) <= radii + 1e-12)
    U, S, _ = np.linalg.svd(Z)
    gram = (U * S) @ U.T          # sqrt(a/b) = 1 here
    values, radii = o.gram_W
    assert np.max(np.abs(values - gram)) < 1e-9
