"""peelcert.audit: a claimed optimum (W, H) or Z, as NumPy arrays or torch tensors, audited
against the certified optimum (docs/audit.md) by the C library, with no file written."""
import ctypes
import json
from decimal import Decimal
from fractions import Fraction
import numbers

from . import _native
from .api import _digits
from .errors import BadInput
from .exact import rational_text
from .instance import Instance
from .results import AuditResult


def _array(x, field):
    """x as a 2-D NumPy array: a tensor through .detach().cpu().numpy() (torch is never
    imported here), lists and nested sequences through numpy.asarray."""
    import numpy as np
    if hasattr(x, "detach") and hasattr(x, "cpu") and hasattr(x, "numpy"):
        try:
            x = x.detach().cpu().numpy()
        except (TypeError, RuntimeError) as e:   # e.g. bfloat16 has no NumPy dtype
            raise BadInput("%s: this tensor cannot be read as a NumPy array (%s); convert it "
                           "with .float() or .double() first" % (field, e)) from None
    if not isinstance(x, np.ndarray):
        try:
            x = np.asarray(x)
        except (TypeError, ValueError) as e:
            raise BadInput("%s: not an array of numbers (%s)" % (field, e)) from None
    if x.ndim != 2:
        raise BadInput("%s: expected a 2-D array, got shape %s" % (field, tuple(x.shape)))
    if x.shape[0] < 1 or x.shape[1] < 1:
        raise BadInput("%s: shape %s, needs at least one row and column" % (field, tuple(x.shape)))
    return x


def _matrix(x, field, keep):
    """The pc_api_matrix_t of x (api.h). float32/float64 are passed by pointer in native byte
    order, C order; integer and object arrays (Fraction, int, exact strings) as exact rational
    strings. Other dtypes raise BadInput naming the field. The buffers are appended to keep
    (they must outlive the call)."""
    import numpy as np
    a = _array(x, field)
    kind, size = a.dtype.kind, a.dtype.itemsize
    if kind == "f" and size in (4, 8):
        a = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("="))
        keep.append(a)
        code = _native.FLOAT32 if size == 4 else _native.FLOAT64
        return _native.Matrix(a.ctypes.data, a.shape[0], a.shape[1], code)
    if kind in "iu" or kind == "O":
        texts = [rational_text(v.item() if kind in "iu" else v, "%s[%d][%d]" % (field, i, j))
                 for (i, j), v in np.ndenumerate(a)]
        buf = (ctypes.c_char_p * len(texts))(*[t.encode("utf-8") for t in texts])
        keep.append(buf)
        return _native.Matrix(ctypes.cast(buf, ctypes.c_void_p), a.shape[0], a.shape[1],
                              _native.EXACT)
    raise BadInput("%s: dtype %s is not supported; give float32 or float64 (the rounding "
                   "allowance is that dtype's), integers, or an object array of Fraction/int/"
                   "exact strings" % (field, a.dtype))


def _eps_text(eps):
    """eps as the text the library reads exactly: Fraction/int/Decimal exactly; a float by its
    shortest repr (1e-06 is read as 10^-6, the decimal the user typed); a string as given."""
    if eps is None:
        return None
    if isinstance(eps, bool):
        raise BadInput("eps: %r is a bool, not a number" % (eps,))
    if isinstance(eps, str):
        return eps
    if isinstance(eps, float) or (isinstance(eps, numbers.Real)
                                  and not isinstance(eps, (numbers.Rational, Decimal))):
        f = float(eps)
        if not f > 0 or f == float("inf"):
            raise BadInput("eps: %r must be a positive finite number" % (eps,))
        return repr(f)
    return rational_text(eps, "eps")


def audit(inst, W=None, H=None, Z=None, eps=None, digits=None):
    """Audits a claimed optimum of inst (an Instance, a path or a SPEC 8 dict): the factors W
    (V x d) and H (d x N), or the logits Z (V x N), as NumPy arrays or torch tensors (float32 or
    float64: that dtype's rounding is what a budget excess is judged by; integer or object
    arrays of exact values: no allowance). eps: the suboptimality to prove (default 1e-6;
    Fraction, int, a string such as "1e-8", or a float read as its shortest decimal). digits:
    of the optimum's certificate, as for certify. Returns an AuditResult (verdict,
    suboptimality, json = `peelcert audit --json`). BadInput naming the field for a wrong shape,
    NaN/inf, an unsupported dtype, a claim wider than the instance's dim, or a bad eps."""
    inst = Instance.coerce(inst)
    if Z is not None and (W is not None or H is not None):
        raise BadInput("claim: give either W and H, or Z, not both")
    if Z is None and (W is None) != (H is None):
        raise BadInput("%s is given without %s: the factors need both"
                       % (("W", "H") if H is None else ("H", "W")))
    if Z is None and W is None:
        raise BadInput("claim: none given; give W and H, or Z")
    options = {}
    if _digits(digits) is not None:
        options["digits"] = digits
    text = _eps_text(eps)
    if text is not None:
        options["eps"] = text
    keep = []
    mats = [None if x is None else ctypes.pointer(_matrix(x, name, keep))
            for name, x in (("W", W), ("H", H), ("Z", Z))]
    env = _native.call("pc_api_audit", inst._text, json.dumps(options), *mats)
    return AuditResult(env["result"], env["exit"])
