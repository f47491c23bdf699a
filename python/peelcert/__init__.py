"""peelcert: certified optima of the layer-peeled model, from Python (SPEC 9).

    import peelcert
    from fractions import Fraction
    inst = peelcert.Instance(targets={"exchangeable": {"diag": Fraction(3, 5)}}, tokens=5,
                             contexts=5, E_W=1, E_H=1)
    r = peelcert.certify(inst)          # r.verified, r.lower <= val <= r.upper (Fractions)
    c = peelcert.check(r.certificate)   # the independent checker: c.verified
    o = peelcert.oracle(inst)           # certified logits / Grams as NumPy (values, radii)
    a = peelcert.audit(inst, W=W, H=H)  # NumPy arrays or torch tensors: a.verdict

The work is done by the C library (libpeelcert.so, include/peelcert/api.h) through ctypes; the
result documents are exactly those the command line prints with --json. Exact data only: floats
are refused with BadInput naming the field (convert with peelcert.exact); audit takes float
claims as they are (each float is the exact rational it denotes)."""
from .errors import BadInput, InternalError
from .exact import exact
from .instance import Instance
from .api import certify, check, oracle
from .results import AuditResult, CertifyResult, CheckResult, OracleResult
from .audit import audit

__version__ = "0.1.0"
__all__ = ["BadInput", "InternalError", "Instance", "certify", "check", "oracle", "audit",
           "exact", "AuditResult", "CertifyResult", "CheckResult", "OracleResult"]
