"""Result objects: exact Fraction bounds, the --json document, NumPy balls for oracles."""
import math
from fractions import Fraction


def _fraction(text):
    return None if text is None else Fraction(text)


def _bound(text):
    """A bound printed by the library: a Fraction, or float infinity for "inf"/"-inf" (an
    unbounded end), None when absent."""
    if text is None:
        return None
    if text in ("inf", "-inf"):
        return float(text)
    return Fraction(text)


class _Result:
    """What the certify, check and audit commands print with --json share: json (the document),
    exit_code (what the command would return), verified, lower and upper (Fractions enclosing
    val(C), None if absent), regime, structure, message."""

    def __init__(self, doc, exit_code):
        self.json = doc
        self.exit_code = exit_code
        self.verified = bool(doc.get("verified"))
        self.lower = _fraction(doc.get("lower"))
        self.upper = _fraction(doc.get("upper"))
        self.regime = doc.get("regime")
        self.structure = doc.get("structure")
        self.message = doc.get("message", "")


class CertifyResult(_Result):
    """What `peelcert certify --json` prints, with the bounds as exact Fractions.

    verified: every bound proved and the digits target met (exit 0). lower, upper: the outward
    rounded decimals as exact Fractions; val(C) lies in [lower, upper] (also val(LP) when
    json["upper_is_lp"]). certificate: the bytes of the certificate file (for peelcert.check or
    `peelcert check`). exit_code: what the command would return (0 or 1)."""

    def __init__(self, doc, certificate, exit_code):
        super().__init__(doc, exit_code)
        self.certificate = certificate
        self.path = doc.get("path")

    def __repr__(self):
        return "<peelcert certify: %s [%s, %s] %s %s: %s>" % (
            "verified" if self.verified else "NOT verified", self.json.get("lower"),
            self.json.get("upper"), self.regime, self.structure, self.message)


class CheckResult(_Result):
    """What `peelcert-check --json` prints. verified False is a rejection (a claim that failed,
    or a certificate that could not be read: message says which); lower/upper are None then
    if the certificate had none."""

    def __init__(self, doc, certificate, exit_code):
        super().__init__(doc, exit_code)
        self.certificate = certificate
        self.claims = doc.get("claims", [])

    def __repr__(self):
        return "<peelcert check: %s>" % self.message


class AuditResult(_Result):
    """What `peelcert audit --json` prints (docs/audit.md), with the proved numbers as Fractions.

    verdict: "optimal-within", "not-optimal" or "infeasible" (a proved statement when verified).
    suboptimality: (lower, upper), the proved interval of f(claim) - val(LP at the claim's d),
    about the claim scaled exactly onto the budgets when rounding_excess (verdict_about says
    which). verified: every number is a proved enclosure, the verdict is proved and the optimum
    was certified to the digits asked; it does not say the claim is good (that is the verdict;
    exit_code 0 only for a proved optimal-within eps). lower, upper: val(C). value: (lower,
    upper) of f(claim). excess: {"W": ..., "H": ...} the signed relative budget excesses
    (||W||^2/(V E_W) - 1, rounded up to 20 digits; negative: inside) and rounding_bound the
    allowance of each factor's dtype, for factor claims ({} for Z). d, rank, d_below_rank: the
    claim's inner dimension, the rank of the optimum, and whether d < rank (val(C) is then only
    a lower bound). claim: the document's "claim" object. An unbounded end is float infinity."""

    def __init__(self, doc, exit_code):
        super().__init__(doc, exit_code)
        claim = doc.get("claim") or {}
        self.claim = claim
        self.verdict = doc.get("verdict")
        self.verdict_about = doc.get("verdict_about")
        self.suboptimality = (_bound(doc.get("suboptimality_lower")),
                              _bound(doc.get("suboptimality_upper")))
        self.eps = _fraction(doc.get("eps"))
        self.rounding_excess = bool(doc.get("rounding_excess"))
        self.d_below_rank = bool(doc.get("d_below_rank"))
        self.feasible = claim.get("feasible")
        self.value = (_bound(claim.get("value_lower")), _bound(claim.get("value_upper")))
        self.excess = {f: _bound(claim["budget_excess_" + f]) for f in "WH"
                       if "budget_excess_" + f in claim}
        self.rounding_bound = {f: _bound(claim["rounding_bound_" + f]) for f in "WHZ"
                               if "rounding_bound_" + f in claim}
        self.d = claim.get("d")
        self.rank = claim.get("rank")

    def __repr__(self):
        return "<peelcert audit: %s>" % self.message


# Largest dense expansion (entries) of an oracle matrix; beyond it the entry is None with a note.
MAX_EXPANDED = 10_000_000


def _ball(ball):
    """(value, radius) as doubles with radius >= |true - value|: the decimal value is rounded
    to the nearest double and that rounding is added to the radius, rounded up."""
    v_text, r_text = ball["value"], ball["radius"]
    v = float(v_text)
    err = abs(Fraction(v_text) - Fraction(v)) + Fraction(r_text)
    r = float(err)
    if Fraction(r) < err:
        r = math.nextafter(r, math.inf)
    return v, r


def _expand(entry, rows, cols, np):
    """(values, radii) float64 arrays rows x cols of an oracle matrix, or (None, why)."""
    if rows * cols > MAX_EXPANDED:
        return None, "%d x %d entries: above this package's limit of %d for a dense array; the " \
                     "structured form is in o.json" % (rows, cols, MAX_EXPANDED)
    form = entry.get("form")
    if form == "dense":
        balls = [[_ball(b) for b in row] for row in entry["rows"]]
        arr = np.array(balls, dtype=np.float64).reshape(rows, cols, 2)
        return (arr[..., 0].copy(), arr[..., 1].copy()), None
    if form == "circulant":
        column = np.array([_ball(b) for b in entry["first_column"]], dtype=np.float64)
        n = len(column)
        index = (np.arange(rows)[:, None] - np.arange(cols)[None, :]) % n
        return (column[index, 0], column[index, 1]), None
    if form == "group_circulant":
        # SPEC 11: entry [k][i] = first_column[k - i] in Z_n1 x ... x Z_nk (mixed radix,
        # last order fastest)
        column = np.array([_ball(b) for b in entry["first_column"]], dtype=np.float64)
        orders = tuple(int(o) for o in entry["orders"])
        k = np.array(np.unravel_index(np.arange(rows), orders))
        i = np.array(np.unravel_index(np.arange(cols), orders))
        diff = (k[:, :, None] - i[:, None, :]) % np.array(orders)[:, None, None]
        index = np.ravel_multi_index(tuple(diff), orders)
        return (column[index, 0], column[index, 1]), None
    if form == "diagonal/off-diagonal":
        d, o = _ball(entry["diagonal"]), _ball(entry["off_diagonal"])
        eye = np.eye(rows, cols, dtype=bool)
        return (np.where(eye, d[0], o[0]), np.where(eye, d[1], o[1])), None
    if form == "orbital":
        values = np.array([_ball(b) for b in entry["values"]], dtype=np.float64).reshape(-1, 2)
        index = np.array(entry["orbital"], dtype=np.int64).reshape(rows, cols)
        return (values[index, 0], values[index, 1]), None
    return None, "form %r is not expanded by this version of the package; it is in o.json" % form


class OracleResult:
    """The oracle document (docs/oracle.md) with its balls as NumPy arrays.

    lower, upper: Fractions enclosing the optimal value. logits (V x N, the centered optimal
    logits), gram_W (V x V), gram_H (N x N): each a pair (values, radii) of float64 arrays with
    |true - value| <= radius entrywise (the decimal-to-double rounding is added to the radius),
    or None with notes[key] saying why. json: the document as `peelcert oracle` prints it."""

    def __init__(self, doc, exit_code, message=None):
        import numpy as np
        self.json = doc
        self.exit_code = exit_code
        self.verified = bool(doc.get("verified"))
        value = doc.get("value", {})
        self.lower = _fraction(value.get("lower"))
        self.upper = _fraction(value.get("upper"))
        self.regime = doc.get("regime")
        self.structure = doc.get("structure")
        self.notes = {}
        self.message = doc.get("message") or message or ""
        if not self.verified and self.message:
            self.notes["verified"] = self.message
        V, N = doc["instance"]["tokens"], doc["instance"]["contexts"]
        for key, rows, cols in (("logits", V, N), ("gram_W", V, V), ("gram_H", N, N)):
            entry = doc.get(key)
            pair = None
            if isinstance(entry, dict) and "form" in entry:
                pair, why = _expand(entry, rows, cols, np)
                if pair is None:
                    self.notes[key] = why
            else:
                notes = doc.get("notes") if isinstance(doc.get("notes"), dict) else {}
                self.notes[key] = notes.get(key) or doc.get(key + "_note") or (
                    doc.get("gram_note") if key.startswith("gram") else None) or \
                    "not in the oracle document"
            setattr(self, key, pair)

    def __repr__(self):
        return "<peelcert oracle: [%s, %s] %s %s>" % (
            self.json.get("value", {}).get("lower"), self.json.get("value", {}).get("upper"),
            self.regime, self.structure)
