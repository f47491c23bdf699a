"""peelcert.oracle: the oracle document as NumPy balls (values, radii) in dense shape, the same
document as `peelcert oracle`, closed forms inside the balls."""
import json
import math
import subprocess
from fractions import Fraction

import numpy as np
import pytest

import peelcert


def test_exchangeable_oracle_matches_the_closed_form():
    n = 5
    inst = peelcert.Instance(targets={"exchangeable": {"diag": Fraction(3, 5)}}, tokens=n,
                             contexts=n, E_W=1, E_H=1)
    o = peelcert.oracle(inst, digits=30)
    assert o.verified and o.lower <= o.upper and o.upper - o.lower <= Fraction(1, 10**30)
    val = -0.75 + math.log(math.exp(1.25) + 4)
    assert float(o.lower) - 1e-15 <= val <= float(o.upper) + 1e-15
    values, radii = o.logits
    assert values.shape == radii.shape == (n, n) and values.dtype == np.float64
    # SPEC 5b: Z° = x (I - J/n) with ||Z°||_* = x (n - 1) = rho = n: x = n/(n-1)
    x = n / (n - 1)
    expected = x * (np.eye(n) - 1.0 / n)
    assert np.all(np.abs(values - expected) <= radii + 1e-15)
    assert np.all(radii < 1e-12)
    for key, shape in (("gram_W", (n, n)), ("gram_H", (n, n))):
        pair = getattr(o, key)
        assert pair is not None and pair[0].shape == shape, o.notes
    # W W^T = u (I - J/V), u = V E_W/(V-1)
    assert np.allclose(o.gram_W[0], n / (n - 1) * (np.eye(n) - 1.0 / n), atol=1e-12)


def test_circulant_and_dense_oracles(source):
    days = peelcert.Instance.load(source + "/proofs-data/days-of-week.json")
    o = peelcert.oracle(days, digits=12)
    values, radii = o.logits
    assert values.shape == (7, 7) and np.all(radii > 0)
    assert np.allclose(values.sum(axis=0), 0, atol=1e-9)          # centered columns
    assert np.allclose(values[1:, 1:], values[:-1, :-1])          # circulant
    for key in ("gram_W", "gram_H"):
        assert getattr(o, key) is not None or o.notes[key]         # given, or said why not
    dense = peelcert.Instance(targets=[["1/2", "1/3", "1/6"], ["1/5", "3/5", "1/5"]], E_W=1, E_H=1)
    d = peelcert.oracle(dense, digits=None)
    assert d.logits[0].shape == (3, 2)
    assert d.regime == "interior" and d.gram_W is None and "interior" in d.notes["gram_W"]


def test_same_document_as_the_cli(source, cli):
    path = source + "/proofs-data/days-of-week.json"
    out = subprocess.run([cli, "oracle", path, "--digits", "12"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    o = peelcert.oracle(peelcert.Instance.load(path), digits=12)
    assert o.json == json.loads(out.stdout)


def test_radii_cover_the_decimal_to_double_rounding():
    from peelcert.results import _ball
    v, r = _ball({"value": "0.1", "radius": "0"})
    assert v == 0.1 and r > 0 and Fraction(r) >= abs(Fraction("0.1") - Fraction(v))
    v, r = _ball({"value": "0.5", "radius": "1e-30"})
    assert v == 0.5 and Fraction(r) >= Fraction(1, 10**30)


def test_oracle_bad_input():
    with pytest.raises(peelcert.BadInput, match="digits"):
        peelcert.oracle(peelcert.Instance(targets={"circulant": [1, 0]}, E_W=1, E_H=1), digits=0)
