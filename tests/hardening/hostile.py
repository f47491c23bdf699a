"""Hostile inputs of issue 12, built from parameters (never stored as big files): each is a
small file that once crashed a reader or made the checker's work explode. Used by
tests/hardening/test_*.py, bench/bench_hardening.py and tests/fuzz/make_corpus.py."""
import json
import sys


def _inst(tokens, contexts, targets, dim=None, **extra):
    inst = {"format": "peelcert-instance/1", "tokens": tokens, "contexts": contexts}
    if dim is not None:
        inst["dim"] = dim
    inst.update({"E_W": "1", "E_H": "1", "targets": targets})
    inst.update(extra)
    return inst


def _claims(**extra):
    c = {"lower": "0", "upper": "1", "upper_is_lp": False, "regime": "undetermined",
         "structure": "none"}
    c.update(extra)
    return c


def gram_one_context():
    """claims.gram with contexts = 1: the checker divided b by N - 1 = 0 (FLINT abort)."""
    return {"format": "peelcert-certificate/1", "kind": "exchangeable",
            "instance": _inst(2, 1, [[1, 0]]),
            "claims": _claims(gram={"W": 1}), "primal": {"x": 0}, "dual": {"r": 0}}


def opnorm_tight(m):
    """Dense m x m exchangeable instance, W, H = 0, Q = 0, opnorm_bound 1 = ||P||_op exactly:
    neither provable nor refutable; it was retried at every precision up to 4096 bits."""
    return {"format": "peelcert-certificate/1", "kind": "dense",
            "instance": _inst(m, m, {"exchangeable": {"diag": "1/2"}}, dim=1),
            "claims": _claims(upper="100"),
            "primal": {"W": [[0]] * m, "H": [[0] * m]},
            "dual": {"Q": [[0] * m] * m, "opnorm_bound": "1"}}


def symmetry_huge_degree(n=10**9):
    """A 400-byte certificate whose symmetry generators claim degree 10^9 (the reader
    allocated 8 (generators x V + 1) bytes before checking a length)."""
    inst = _inst(n, n, {"exchangeable": {"diag": "1/2"}},
                 symmetry={"tokens": [[0]], "contexts": [[0]]})
    return {"format": "peelcert-certificate/1", "kind": "exchangeable", "instance": inst,
            "claims": _claims(), "primal": {"x": 0}, "dual": {"r": "1/2"}}


def circulant_short_instance(n=10**7):
    """A 130-byte circulant instance with tokens = 10^7 and one entry (166 MB were allocated
    before its length was refused)."""
    return _inst(n, n, {"circulant": [1]})


def group_circulant_short_instance(n=10**7):
    """group_circulant targets on Z_10 x Z_(n/10) with one entry in q (the same allocation
    before the length was checked, in the form added for SPEC 11)."""
    return _inst(n, n, {"group_circulant": {"orders": [10, n // 10], "q": [1]}})


def dense_short_rows_instance(n=2000):
    """Dense targets whose rows are empty: N x V fmpq were allocated before a row's length was
    looked at."""
    return _inst(n, n, [[] for _ in range(n)])


def circulant_short_cert(n=10**7):
    return {"format": "peelcert-certificate/1", "kind": "circulant",
            "instance": circulant_short_instance(n), "claims": _claims(),
            "primal": {"c": [0]}, "dual": {"r": [1]}}


def big_denominator_row(pairs, digits):
    """2 pairs positive rationals with digits-digit denominators summing to exactly 1, ordered
    so that a running sum carries the product of all denominators (quadratic in the row's size):
    x_j = 1/(2 c) + 1/D_j first, then y_j = 1/(2 c) - 1/D_j, c = pairs, D_j = 10^digits + 2j + 1."""
    from fractions import Fraction
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    half = Fraction(1, 2 * pairs)
    ds = [10 ** digits + 2 * j + 1 for j in range(pairs)]
    parts = [half + Fraction(1, d) for d in ds] + [half - Fraction(1, d) for d in ds]
    return [f"{p.numerator}/{p.denominator}" for p in parts]


def dump(obj):
    return json.dumps(obj, separators=(",", ":"))
