"""certify, check, oracle, audit: the commands of SPEC 8 as Python functions (SPEC 9)."""
import json
import os

from . import _native
from .errors import BadInput
from .instance import Instance
from .results import CertifyResult, CheckResult, OracleResult


def _digits(digits, field="digits"):
    if digits is None:
        return None
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise BadInput("%s: expected an integer from 1 to 10000, got %r" % (field, digits))
    return digits


def certify(inst, digits=None, path="auto", proof="auto"):
    """Certifies the optimum of inst (an Instance, a path or a SPEC 8 dict): the C library's
    certify, returning a CertifyResult (verified, lower, upper as Fractions, regime, structure,
    message, json, certificate bytes). digits: the certified gap asked for (10^-digits), else
    the path's default; path "dense" forces the dense path; proof "float" the binary64 proofs
    of SPEC 15 (certificate kind lowrank), "ball" exact and ball arithmetic, "auto" (default)
    float above 250000 target entries. BadInput for invalid input."""
    inst = Instance.coerce(inst)
    options = {"path": path, "proof": proof}
    if _digits(digits) is not None:
        options["digits"] = digits
    env = _native.call("pc_api_certify", inst._text, json.dumps(options))
    text = env.get("certificate")
    return CertifyResult(env["result"], text.encode("utf-8") if text is not None else None,
                         env["exit"])


def _certificate_bytes(certificate):
    if isinstance(certificate, (bytes, bytearray, memoryview)):
        return bytes(certificate)
    if isinstance(certificate, (str, os.PathLike)):
        path = os.fspath(certificate)
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as e:
            raise BadInput("certificate: cannot read '%s': %s" % (path, e)) from None
    if isinstance(certificate, CertifyResult):
        if certificate.certificate is None:
            raise BadInput("certificate: this certify result has no certificate")
        return certificate.certificate
    raise BadInput("certificate: expected bytes or a path, got %s" % type(certificate).__name__)


def check(certificate, instance=None):
    """Runs the independent checker on a certificate (bytes, a path, or a CertifyResult) and,
    if instance is given, requires that the certificate is about exactly that instance. Returns
    a CheckResult; a rejected or malformed certificate is verified == False (never an
    exception). BadInput only for an argument that is not a certificate at all (wrong type,
    unreadable path) or an invalid instance."""
    data = _certificate_bytes(certificate)
    inst_text = None
    if instance is not None:
        inst_text = Instance.coerce(instance)._text.encode("utf-8")
    env = _native.call_raw("pc_api_check", data, len(data), inst_text)
    return CheckResult(env["result"], data, env["exit"])


def oracle(inst, digits=30):
    """The certified test oracle of inst (docs/oracle.md) as an OracleResult: lower, upper
    (Fractions), logits, gram_W, gram_H as (values, radii) float64 arrays or None with notes.
    digits: the gap asked of the certificate (None: the path's default); when it cannot be
    reached the oracle is still returned with verified False and the radii of the gap reached."""
    inst = Instance.coerce(inst)
    options = {}
    if _digits(digits) is not None:
        options["digits"] = digits
    env = _native.call("pc_api_oracle", inst._text, json.dumps(options))
    return OracleResult(env["result"], env["exit"], env.get("message"))
