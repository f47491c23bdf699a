"""peelcert.audit on what ML code produces (issue 8, SPEC 9): float64 and float32 projected-
gradient claims on a circulant instance are not-optimal with a certified interval containing
the truth (f computed here with Decimal from the exact values of the floats, minus val from
peelcert.certify), a 1% over-budget claim is infeasible, the optimum rebuilt from the oracle is
optimal-within, tensors are taken directly, the document equals `peelcert audit --json` on the
same .npy files, and hostile input is BadInput naming the field."""
import json
import os
import subprocess
import sys
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest

import peelcert

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "audit"))
from audit_truth import DIGITS, dec, exact_sq, f_decimal  # noqa: E402  (f independently, Decimal)


@pytest.fixture(scope="module")
def days(source):
    return peelcert.Instance.load(os.path.join(source, "proofs-data", "days-of-week.json"))


@pytest.fixture(scope="module")
def val(days):
    r = peelcert.certify(days)
    assert r.verified
    return r.lower, r.upper


def targets(inst):
    """P (N x V) as Fractions from the circulant form: P[i][k] = q[(k - i) mod n]."""
    q = [Fraction(x) for x in inst.to_json()["targets"]["circulant"]]
    n = len(q)
    return [[q[(k - i) % n] for k in range(n)] for i in range(n)]


def budgets(inst):
    doc = inst.to_json()
    return doc["tokens"] * Fraction(doc["E_W"]), doc["contexts"] * Fraction(doc["E_H"])


def truth(inst, W, H):
    """f at the point the verdict is about: the claim, each factor over its budget scaled
    exactly onto it (docs/audit.md), as a Decimal."""
    a, b = budgets(inst)
    with localcontext() as ctx:
        ctx.prec = DIGITS
        scale = Decimal(1)
        for X, budget in ((W, a), (H, b)):
            sq = exact_sq(X)
            if sq > budget:
                scale *= (dec(budget) / dec(sq)).sqrt()
    return f_decimal(targets(inst), W, H, scale)


def projected_gradient(inst, dtype, steps, seed=0, lr=0.5, momentum=0.9):
    """Projected heavy-ball gradient descent on (LP) in dtype, each factor projected onto its
    budget ball by float scaling (which lands on it only up to rounding)."""
    a, b = (float(x) for x in budgets(inst))
    Pt = np.array([[float(x) for x in row] for row in targets(inst)], dtype=dtype).T
    V, N = Pt.shape
    d = inst.to_json()["dim"]
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((V, d)).astype(dtype) * dtype(0.1)
    H = rng.standard_normal((d, N)).astype(dtype) * dtype(0.1)
    vW, vH = np.zeros_like(W), np.zeros_like(H)
    for _ in range(steps):
        Z = W @ H
        S = np.exp(Z - Z.max(axis=0))
        G = (S / S.sum(axis=0) - Pt) / dtype(N)
        vW = dtype(momentum) * vW - dtype(lr) * (G @ H.T)
        vH = dtype(momentum) * vH - dtype(lr) * (W.T @ G)
        W, H = W + vW, H + vH
        for X, budget in ((W, a), (H, b)):
            norm = np.sqrt((X * X).sum(dtype=dtype))
            if norm * norm > budget:
                X *= dtype(np.sqrt(budget)) / norm
    return W.astype(dtype), H.astype(dtype)


def just_over(X, budget):
    """X with entries nudged up by ulps until ||X||^2 exceeds budget exactly (by rounding only):
    what float projection gives about half the time, made certain here."""
    X = X.copy()
    flat = X.ravel()
    k = 0
    while exact_sq(X) <= budget:
        i = k % flat.size
        flat[i] = np.nextafter(flat[i], np.copysign(X.dtype.type(np.inf), flat[i]))
        k += 1
    return X


def contains(res, t, val):
    """res.suboptimality contains t - val for val in [val_lo, val_hi], and is tight."""
    lo, hi = res.suboptimality
    t = Fraction(t)
    slack = Fraction(1, 10 ** (DIGITS - 10))
    return lo <= t - val[0] + slack and t - val[1] - slack <= hi and hi - lo < Fraction(1, 10**12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_projected_gradient_claim_is_not_optimal(days, val, dtype):
    W, H = projected_gradient(days, dtype, 60)
    W = just_over(W, budgets(days)[0])
    res = peelcert.audit(days, W=W, H=H)
    assert res.verdict == "not-optimal" and res.verified and res.exit_code == 1, res.message
    assert res.claim["dtype_W"] == np.dtype(dtype).name
    assert res.rounding_excess and res.verdict_about == "claim scaled onto the budgets"
    lo, hi = res.suboptimality
    assert isinstance(lo, Fraction) and isinstance(hi, Fraction) and 0 < lo <= hi
    assert contains(res, truth(days, W, H), val), (res.suboptimality, truth(days, W, H), val)
    # the excesses are the exact signed ones (to the 20 digits printed, rounded up)
    a, b = budgets(days)
    for f, X, budget in (("W", W, a), ("H", H, b)):
        exact = exact_sq(X) / budget - 1
        assert exact <= res.excess[f] <= exact + abs(exact) * Fraction(1, 10**18) + Fraction(1, 10**300)
        assert res.claim["inside_" + f] == (exact <= 0)
        assert res.excess[f] <= res.rounding_bound[f]
    assert res.excess["W"] > 0


def test_float32_rounding_allowance_is_float32s(days):
    W, H = projected_gradient(days, np.float64, 5)
    r64 = peelcert.audit(days, W=W, H=H)
    r32 = peelcert.audit(days, W=W.astype(np.float32), H=H.astype(np.float32))
    entries = W.size
    assert r64.rounding_bound["W"] >= 4 * Fraction(1, 2**52) * int(entries ** 0.5)
    assert r32.rounding_bound["W"] / r64.rounding_bound["W"] > 2**28      # 2^29 ulp ratio, rounded


def test_one_percent_over_budget_is_infeasible(days):
    W, H = projected_gradient(days, np.float64, 60)
    a, _ = budgets(days)
    W = W * np.sqrt(1.01 * float(a) / float(exact_sq(W)))
    res = peelcert.audit(days, W=W, H=H)
    assert res.verdict == "infeasible" and res.verified and res.exit_code == 1
    assert not res.rounding_excess and res.feasible is False
    assert abs(res.excess["W"] - Fraction(1, 100)) < Fraction(1, 10**10)
    assert res.excess["W"] > res.rounding_bound["W"]


def optimum_factors(inst, digits=30):
    """W, H of an optimum rebuilt in float64 from the oracle's centered logits Z (SVD, the
    singular values split so that ||W||^2 = a and ||H||^2 = b when ||Z||_* = sqrt(ab))."""
    o = peelcert.oracle(inst, digits=digits)
    assert o.verified and o.regime == "binding"
    Z = o.logits[0]
    a, b = (float(x) for x in budgets(inst))
    U, s, Vt = np.linalg.svd(Z)
    d = inst.to_json()["dim"]
    c = (a / b) ** 0.25
    W = U[:, :d] * np.sqrt(s[:d]) * c
    H = (np.sqrt(s[:d])[:, None] * Vt[:d]) / c
    return W, H, Z


def test_claim_at_the_optimum_is_optimal_within(days, val):
    W, H, Z = optimum_factors(days)
    res = peelcert.audit(days, W=W, H=H, eps=Fraction(1, 10**9))
    assert res.verdict == "optimal-within" and res.verified and res.exit_code == 0, res.message
    lo, hi = res.suboptimality
    assert 0 <= lo <= hi <= Fraction(1, 10**9) and res.eps == Fraction(1, 10**9)
    assert contains(res, truth(days, W, H), val)
    z = peelcert.audit(days, Z=Z, eps="1e-9")
    assert z.verdict == "optimal-within" and z.exit_code == 0, z.message
    assert z.excess == {} and z.d is None
    tight = peelcert.audit(days, W=W, H=H, eps="1e-300")   # the float64 rounding is not that good
    lo, hi = tight.suboptimality
    assert tight.exit_code == 1 and ((tight.verdict == "not-optimal" and lo > 0)
                                     or (tight.verdict == "optimal-within" and hi > Fraction(1, 10**300)))


def test_exact_claims_have_no_allowance(days):
    W, H, _ = optimum_factors(days)
    res = peelcert.audit(days, W=peelcert.exact(W), H=peelcert.exact(H), eps=Fraction(1, 10**9))
    assert res.claim["dtype_W"] == "exact" and res.rounding_bound["W"] == 0
    assert res.verdict in ("optimal-within", "infeasible")       # over by any amount: infeasible
    assert (res.verdict == "infeasible") == (res.excess["W"] > 0 or res.excess["H"] > 0)
    ints = peelcert.audit(days, W=np.zeros((7, 6), dtype=np.int64), H=np.zeros((6, 7), dtype=np.int32))
    assert ints.verdict == "not-optimal" and ints.claim["dtype_W"] == "exact"   # Z = 0: f = log 7


class FakeTensor:
    """What peelcert.audit uses of a torch tensor: .detach().cpu().numpy() (torch need not be
    installed for this path to be tested)."""

    def __init__(self, array):
        self.array, self.calls = array, []

    def detach(self):
        self.calls.append("detach")
        return self

    def cpu(self):
        self.calls.append("cpu")
        return self

    def numpy(self):
        self.calls.append("numpy")
        return self.array


def test_tensor_like_objects(days):
    W, H = projected_gradient(days, np.float32, 20)
    tW, tH = FakeTensor(W), FakeTensor(H)
    res = peelcert.audit(days, W=tW, H=tH)
    assert tW.calls == ["detach", "cpu", "numpy"] and res.json == peelcert.audit(days, W=W, H=H).json


def test_torch_tensors(days):
    torch = pytest.importorskip("torch")
    W, H = projected_gradient(days, np.float32, 20)
    tW = torch.tensor(W, requires_grad=True)
    res = peelcert.audit(days, W=tW, H=torch.tensor(H))
    assert res.json == peelcert.audit(days, W=W, H=H).json
    assert res.claim["dtype_W"] == "float32"
    with pytest.raises(peelcert.BadInput, match="W"):
        peelcert.audit(days, W=torch.tensor(W, dtype=torch.bfloat16), H=torch.tensor(H))


def run_cli(cli, *args):
    out = subprocess.run([cli] + [str(a) for a in args], capture_output=True, text=True, timeout=600)
    return out.returncode, out.stdout, out.stderr


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_same_document_as_the_cli(days, source, cli, tmp_path, dtype):
    W, H = projected_gradient(days, dtype, 40)
    np.save(tmp_path / "W.npy", W)
    np.save(tmp_path / "H.npy", H)
    path = os.path.join(source, "proofs-data", "days-of-week.json")
    rc, out, err = run_cli(cli, "audit", path, "--W", tmp_path / "W.npy", "--H", tmp_path / "H.npy",
                           "--eps", "1e-8", "--json")
    cli_doc = json.loads(out)
    # two ways: the arrays in memory, and the arrays read back from the very files the CLI read
    for w, h in ((W, H), (np.load(tmp_path / "W.npy"), np.load(tmp_path / "H.npy"))):
        res = peelcert.audit(days, W=w, H=h, eps="1e-8")
        assert res.json == cli_doc and res.exit_code == rc
    # Fortran order and a non-native byte order are the same claim
    res = peelcert.audit(days, W=np.asfortranarray(W), H=H.astype(H.dtype.newbyteorder(">")), eps="1e-8")
    assert res.json == cli_doc
    rc, out, err = run_cli(cli, "audit", path, "--Z", tmp_path / "W.npy", "--json")
    with pytest.raises(peelcert.BadInput) as e:
        peelcert.audit(days, Z=W)
    assert rc == 2 and json.loads(out)["message"] in str(e.value)


@pytest.mark.parametrize("claim, field", [
    (dict(W=np.zeros((6, 6)), H=np.zeros((6, 7))), "W: 6 rows"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 5))), "H: 5 columns"),
    (dict(W=np.zeros((7, 5)), H=np.zeros((6, 7))), "inner dimensions differ"),
    (dict(W=np.zeros((7, 7)), H=np.zeros((7, 7))), "exceeds the instance's dim 6"),
    (dict(W=np.zeros(42), H=np.zeros((6, 7))), "W: expected a 2-D array"),
    (dict(W=np.zeros((7, 0)), H=np.zeros((0, 7))), "W: shape"),
    (dict(Z=np.zeros((7, 6))), "Z: shape 7 x 6"),
    (dict(W=np.zeros((7, 6)), H=np.full((6, 7), np.nan)), "H[0][0]: nan is not a finite"),
    (dict(W=np.zeros((7, 6), np.float32), H=np.where(np.eye(6, 7) > 0, np.float32(np.inf), np.float32(0))),
     "H[0][0]: inf"),
    (dict(W=np.zeros((7, 6), dtype=np.float16), H=np.zeros((6, 7))), "W: dtype float16"),
    (dict(W=np.zeros((7, 6), dtype=complex), H=np.zeros((6, 7))), "W: dtype complex128"),
    (dict(W=np.zeros((7, 6), dtype=bool), H=np.zeros((6, 7))), "W: dtype bool"),
    (dict(W=np.full((7, 6), "x"), H=np.zeros((6, 7))), "W: dtype <U1"),
    (dict(W=np.full((7, 6), "1/0", dtype=object), H=np.zeros((6, 7))), "W[0][0]"),
    (dict(W=np.full((7, 6), 0.5, dtype=object), H=np.zeros((6, 7))), "W[0][0]: 0.5 is a float"),
    (dict(W=[[1, 2], [3]], H=np.zeros((6, 7))), "W"),
    (dict(W=np.zeros((7, 6))), "W is given without H"),
    (dict(H=np.zeros((6, 7))), "H is given without W"),
    (dict(), "none given"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 7)), Z=np.zeros((7, 7))), "not both"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 7)), eps=0), "eps"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 7)), eps="1e-x"), "eps: '1e-x'"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 7)), eps=float("nan")), "eps"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 7)), eps=True), "eps"),
    (dict(W=np.zeros((7, 6)), H=np.zeros((6, 7)), digits=0), "digits"),
])
def test_bad_input_names_the_field(days, claim, field):
    with pytest.raises(peelcert.BadInput) as e:
        peelcert.audit(days, **claim)
    assert field in str(e.value)
    assert isinstance(e.value, ValueError)


def test_bad_instance_is_bad_input():
    with pytest.raises(peelcert.BadInput, match="E_W"):
        peelcert.audit({"format": "peelcert-instance/1", "tokens": 2, "contexts": 2, "targets": {"circulant": ["1/2", "1/2"]},
                        "E_W": "-1", "E_H": "1"}, W=np.zeros((2, 1)), H=np.zeros((1, 2)))
