"""Exact numbers in, float data refused: the conversions of the package.

peelcert computes with exact rationals, so a float is never taken silently: it usually stands for
a decimal it is not equal to (0.1 is 3602879701896397/36028797018963968). Give Fraction, int or
exact strings ("1/10", "0.1", "3"); or convert floats on purpose with `exact(x)` (the exact
binary value of each float, as Fraction) or `Fraction(x).limit_denominator(...)` for a nearby
simple rational."""
import numbers
from decimal import Decimal
from fractions import Fraction

from .errors import BadInput

_FLOAT_HINT = ("float data is refused because a float is not the decimal it prints as; give "
               "Fraction, int or an exact string such as '1/10', or convert explicitly with "
               "peelcert.exact(x) (the exact binary value) or Fraction(x).limit_denominator(N)")


def _numpy():
    try:
        import numpy
        return numpy
    except ImportError:          # numpy is optional for exact data
        return None


def _is_float(x):
    np = _numpy()
    if isinstance(x, float) or (np is not None and isinstance(x, np.floating)):
        return True
    return isinstance(x, numbers.Real) and not isinstance(x, (numbers.Rational, Decimal))


def exact(x):
    """The exact value of x: a float (Python, NumPy float16/32/64) becomes the Fraction it is
    exactly; arrays and nested lists become the same shape of Fractions (an ndarray becomes an
    object ndarray); a tensor (has .detach) is taken through .detach().cpu().numpy(). Fraction,
    int and strings are returned unchanged. NaN and infinities raise BadInput."""
    np = _numpy()
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    if np is not None and isinstance(x, np.ndarray):
        if x.dtype.kind == "c":
            raise BadInput("exact: complex values have no exact rational value")
        out = np.empty(x.shape, dtype=object)
        for index, value in np.ndenumerate(x):
            out[index] = exact(value.item() if hasattr(value, "item") else value)
        return out
    if isinstance(x, (list, tuple)):
        return [exact(v) for v in x]
    if isinstance(x, bool):
        raise BadInput("exact: %r is a bool, not a number" % (x,))
    if _is_float(x):
        f = float(x)
        if f != f or f in (float("inf"), float("-inf")):
            raise BadInput("exact: %r is not finite" % (x,))
        return Fraction(f)
    return x


def rational_text(x, field):
    """The exact text of one rational for an instance or claim file ("p/q", "p" or the exact
    string given); BadInput naming `field` for floats, bools, NaN and other types."""
    np = _numpy()
    if np is not None and isinstance(x, np.generic):
        if isinstance(x, np.integer):
            return str(int(x))
        if isinstance(x, np.bool_):
            raise BadInput("%s: %r is a bool, not a number" % (field, x))
        if isinstance(x, np.floating):
            raise BadInput("%s: %r is a %s; %s" % (field, x.item(), x.dtype.name, _FLOAT_HINT))
        if x.dtype == object:
            x = x.item()
    if isinstance(x, bool):
        raise BadInput("%s: %r is a bool, not a number" % (field, x))
    if isinstance(x, int):
        return str(x)
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, numbers.Rational):
        return str(Fraction(x.numerator, x.denominator))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise BadInput("%s: %s is not finite" % (field, x))
        return str(Fraction(x))
    if isinstance(x, str):
        return x                 # the C reader decides whether it is an exact rational
    if _is_float(x):
        raise BadInput("%s: %r is a float; %s" % (field, x, _FLOAT_HINT))
    raise BadInput("%s: %r (%s) is not a number: give Fraction, int or an exact string"
                   % (field, x, type(x).__name__))


def index_value(x, field):
    """An integer index or size (tokens, one-hot entries, generator images): int or NumPy
    integer, or a string of digits is left to the C reader; BadInput naming `field` otherwise."""
    np = _numpy()
    if isinstance(x, bool) or (np is not None and isinstance(x, np.bool_)):
        raise BadInput("%s: %r is a bool, not an integer" % (field, x))
    if isinstance(x, int):
        return x
    if np is not None and isinstance(x, np.integer):
        return int(x)
    if isinstance(x, Fraction) and x.denominator == 1:
        return int(x)
    if _is_float(x):
        raise BadInput("%s: %r is a float; an integer is needed" % (field, x))
    raise BadInput("%s: %r (%s) is not an integer" % (field, x, type(x).__name__))


def sequence(x, field):
    """x as a Python list (list, tuple, 1-D or 2-D ndarray, tensor refused with advice)."""
    np = _numpy()
    if np is not None and isinstance(x, np.ndarray):
        if x.dtype.kind == "f":
            raise BadInput("%s: a %s array; %s" % (field, x.dtype.name, _FLOAT_HINT))
        return list(x)
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        raise BadInput("%s: a tensor of targets is float data; %s" % (field, _FLOAT_HINT))
    if isinstance(x, (list, tuple)):
        return list(x)
    raise BadInput("%s: expected a list, got %s" % (field, type(x).__name__))


def plain(x, field):
    """A JSON-ready copy of nested data for a form this package passes through unchanged to the
    C reader (e.g. {"sparse": ...}): Fraction -> "p/q", ints stay ints, strings and None stay,
    floats refused naming the field."""
    np = _numpy()
    if isinstance(x, dict):
        return {str(k): plain(v, "%s.%s" % (field, k)) for k, v in x.items()}
    if isinstance(x, (list, tuple)) or (np is not None and isinstance(x, np.ndarray)):
        if np is not None and isinstance(x, np.ndarray) and x.dtype.kind == "f":
            raise BadInput("%s: a %s array; %s" % (field, x.dtype.name, _FLOAT_HINT))
        return [plain(v, "%s[%d]" % (field, i)) for i, v in enumerate(x)]
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, bool) or (np is not None and isinstance(x, np.bool_)):
        return bool(x)
    if isinstance(x, int) or (np is not None and isinstance(x, np.integer)):
        return int(x)
    return rational_text(x, field)
