"""certify and check from Python: exact Fractions around closed forms (SPEC 5b), the same JSON
and certificate bytes as the command line, tampered and malformed certificates rejected as
verified == False, bad arguments as BadInput."""
import json
import os
import subprocess
from decimal import Decimal, getcontext
from fractions import Fraction

import pytest

import peelcert


def exchangeable(n, alpha, **kw):
    return peelcert.Instance(targets={"exchangeable": {"diag": alpha}}, tokens=n, contexts=n,
                             E_W=kw.pop("E_W", 1), E_H=kw.pop("E_H", 1), **kw)


def spec5b_value():
    """SPEC 5b worked example n = 5, alpha = 3/5, E_W = E_H = 1: val = -3/4 + log(exp(5/4) + 4),
    to 60 digits with Decimal (independent of the C code)."""
    getcontext().prec = 70
    return Decimal(-3) / 4 + (Decimal(5) / 4).exp().__add__(4).ln()


def test_certify_spec5b_example_encloses_the_closed_form():
    r = peelcert.certify(exchangeable(5, Fraction(3, 5)))
    assert r.verified and r.exit_code == 0
    assert isinstance(r.lower, Fraction) and isinstance(r.upper, Fraction)
    val = Fraction(spec5b_value())                   # exact value of a 70-digit decimal
    assert r.lower <= val + Fraction(1, 10**65) and val - Fraction(1, 10**65) <= r.upper
    assert r.upper - r.lower <= Fraction(1, 10**50)
    assert str(spec5b_value()).startswith("1.26361458519405")
    assert (r.regime, r.structure, r.path) == ("binding", "simplex-etf", "exchangeable")
    assert "every bound proved" in r.message
    assert r.json["verified"] is True and r.json["certificate"] is None
    assert r.certificate.startswith(b"{") and r.certificate.endswith(b"}\n")


def test_certify_digits_and_dense_path():
    inst = exchangeable(4, Fraction(1, 2))
    r = peelcert.certify(inst, digits=8, path="dense")
    assert r.verified and r.path == "dense" and r.upper - r.lower <= Fraction(1, 10**8)
    s = peelcert.certify(inst)
    assert max(r.lower, s.lower) <= min(r.upper, s.upper)     # the two paths' intervals meet


@pytest.mark.parametrize("digits", [0, -1, 10001, True, 2.5, "9"])
def test_certify_bad_digits(digits):
    with pytest.raises(peelcert.BadInput, match="digits"):
        peelcert.certify(exchangeable(3, Fraction(1, 2)), digits=digits)


def test_certify_bad_arguments():
    with pytest.raises(peelcert.BadInput, match="path"):
        peelcert.certify(exchangeable(3, Fraction(1, 2)), path="fast")
    with pytest.raises(peelcert.BadInput, match="instance"):
        peelcert.certify(42)
    with pytest.raises(peelcert.BadInput, match="cannot read"):
        peelcert.certify("/nonexistent/instance.json")


def test_same_json_and_certificate_as_the_cli(tmp_path, source, cli):
    path = source + "/proofs-data/days-of-week.json"
    out = subprocess.run([cli, "certify", path, "--json", "-o", str(tmp_path / "c.json")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    cli_doc = json.loads(out.stdout)
    r = peelcert.certify(peelcert.Instance.load(path))
    assert cli_doc.pop("certificate") == str(tmp_path / "c.json")
    mine = dict(r.json)
    assert mine.pop("certificate") is None
    assert mine == cli_doc
    assert r.certificate == (tmp_path / "c.json").read_bytes()
    c = peelcert.check(tmp_path / "c.json", instance=path)
    out = subprocess.run([cli, "check", str(tmp_path / "c.json"), "--instance", path, "--json"],
                         capture_output=True, text=True)
    assert c.verified and out.returncode == 0
    doc = json.loads(out.stdout)
    for claim in doc["claims"]:       # the instance claim names the file on the command line
        if claim["name"] == "instance":
            claim["detail"] = None
    for claim in c.json["claims"]:
        if claim["name"] == "instance":
            claim["detail"] = None
    assert c.json == doc


def test_check_accepts_and_rejects():
    inst = exchangeable(5, Fraction(3, 5))
    r = peelcert.certify(inst)
    c = peelcert.check(r.certificate, inst)
    assert c.verified and c.exit_code == 0 and c.lower == r.lower and c.upper == r.upper
    assert all(claim["verified"] for claim in c.claims) and len(c.claims) >= 5
    assert peelcert.check(r).verified                          # a CertifyResult
    assert peelcert.check(bytearray(r.certificate)).verified
    # tampered: the claimed lower bound raised in its 16th digit
    doc = json.loads(r.certificate)
    lower = doc["claims"]["lower"]
    doc["claims"]["lower"] = lower[:16] + str((int(lower[16]) + 1) % 10) + lower[17:]
    bad = peelcert.check(json.dumps(doc).encode())
    assert not bad.verified and bad.exit_code == 1 and "lower" in bad.message
    # another instance
    other = peelcert.check(r.certificate, exchangeable(5, Fraction(2, 5)))
    assert not other.verified and "instance" in other.message


@pytest.mark.parametrize("data", [b"", b"{", b"\x00\x01\x02", b"[]", b'{"format": "nope"}',
                                  b'{"format": "peelcert-certificate/1", "kind": "dense"}',
                                  b'{"a": 1, "a": 2}', b"[" * 100000])
def test_check_malformed_is_verified_false_not_an_exception(data):
    c = peelcert.check(data)
    assert c.verified is False and c.exit_code == 2 and c.message


def test_check_argument_errors(tmp_path):
    with pytest.raises(peelcert.BadInput, match="cannot read"):
        peelcert.check(tmp_path / "missing.cert.json")
    with pytest.raises(peelcert.BadInput, match="certificate"):
        peelcert.check(12)
    with pytest.raises(peelcert.BadInput, match="instance"):
        peelcert.check(b"{}", instance=3.5)


def test_certify_results_in_circulant_and_dense_forms():
    circ = peelcert.Instance(targets={"circulant": ["1/2", "1/4", "0", "1/4"]}, E_W=1, E_H=1)
    r = peelcert.certify(circ)
    assert r.verified and r.path == "circulant" and r.lower <= r.upper
    assert peelcert.check(r.certificate, circ).verified
    dense = peelcert.Instance(targets=[["1/2", "1/3", "1/6"], ["1/5", "3/5", "1/5"]], E_W=1,
                              E_H=Fraction(1, 2))
    d = peelcert.certify(dense)
    assert d.verified and d.path == "dense" and d.upper - d.lower <= Fraction(1, 10**9)
    assert peelcert.check(d.certificate, dense).verified
