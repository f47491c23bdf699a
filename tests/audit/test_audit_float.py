"""peelcert audit on what float code produces (issue 8 items 1, 2): projected-Adam claims on
the months circulant instance in float64 and float32, the certified optimum rounded to
float32, a claim over its budget by float rounding only, one 1% over, claims wider than
`dim`, and one below the rank. The truth is computed independently here: f at the claim (or
at the claim scaled exactly onto the budgets) with Python's decimal module at 60 digits, from
the exact values of the floats, minus val from `peelcert certify`."""
import json, os, re, subprocess, sys
from decimal import Decimal, getcontext
from fractions import Fraction

try:
    import numpy as np
except ImportError:  # the first python3 on PATH may lack numpy; Debian's has it (setup.sh)
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

getcontext().prec = 60
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audit_truth import dec, exact_sq, f_decimal  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, WORK, run  # noqa: E402


def path(name):
    return os.path.join(WORK, name)


def load(name):
    inst = json.load(open(name))
    q = [Fraction(x) for x in inst["targets"]["circulant"]]
    n = len(q)
    P = [[q[(k - i) % n] for k in range(n)] for i in range(n)]
    return inst, P


def adam(P, d, a, b, dtype, steps, seed=0, lr=0.05):
    """Projected Adam on (LP) in the given dtype: the kind of claim a user brings."""
    Pt = np.array([[float(x) for x in row] for row in P]).T
    V, N = Pt.shape
    rng = np.random.default_rng(seed)
    W = (rng.standard_normal((V, d)) * 0.1).astype(dtype)
    H = (rng.standard_normal((d, N)) * 0.1).astype(dtype)
    state = [np.zeros_like(W), np.zeros_like(W), np.zeros_like(H), np.zeros_like(H)]
    for t in range(1, steps + 1):
        Z = W @ H
        S = np.exp(Z - Z.max(0)); S /= S.sum(0)
        G = ((S - Pt) / N).astype(dtype)
        for X, g, m, v in ((W, G @ H.T, state[0], state[1]), (H, W.T @ G, state[2], state[3])):
            m[:] = 0.9 * m + 0.1 * g
            v[:] = 0.999 * v + 0.001 * g * g
            X -= (lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-12)).astype(dtype)
        for X, budget in ((W, a), (H, b)):
            norm = np.sqrt((X * X).sum(dtype=dtype))
            if norm * norm > budget:
                X *= dtype(np.sqrt(budget) / norm)
    return W, H


def onto(X, budget, over):
    """X scaled in floats onto the budget, then nudged by ulps until it is just over (over=True)
    or just inside (over=False) the budget, exactly."""
    X = (X * (np.sqrt(budget / float(exact_sq(X))))).astype(X.dtype)
    flat = X.ravel()
    k = 0
    while (exact_sq(X) > budget) != over:
        x = flat[k % flat.size]
        target = np.copysign(X.dtype.type(np.inf), x) if over else X.dtype.type(0)
        flat[k % flat.size] = np.nextafter(x, target)
        k += 1
    return X


def audit(inst_path, W, H, tag, *extra):
    np.save(path(f"W_{tag}.npy"), W)
    np.save(path(f"H_{tag}.npy"), H)
    rc, out, err = run("audit", inst_path, "--W", path(f"W_{tag}.npy"), "--H", path(f"H_{tag}.npy"), "--json", *extra)
    return rc, (json.loads(out) if out.strip() else {}), err


def consistent(res, rc, what):
    """verified and verdict never contradict (docs/audit.md): verified means every number and
    the verdict are proved; optimal-within EPS is exit 0 with upper <= eps; not-optimal has a
    positive lower end; infeasible has an excess beyond its rounding bound."""
    v, c = res.get("verdict"), res.get("claim", {})
    if "suboptimality_lower" not in res:
        return expect(False, f"{what}: no verdict interval in the output")
    lo, hi = Fraction(res["suboptimality_lower"]), Fraction(res["suboptimality_upper"])
    ok = res.get("verdict") == c.get("verdict") and lo <= hi
    if v == "optimal-within":
        ok = ok and (rc == 0) == (hi <= Fraction(res["eps"]))
    elif v == "not-optimal":
        ok = ok and rc == 1 and lo > 0
    elif v == "infeasible":
        ok = ok and rc == 1 and not c.get("rounding_excess") and (any(
            Fraction(c[f"budget_excess_{f}"]) > Fraction(c[f"rounding_bound_{f}"]) for f in "WH" if f"budget_excess_{f}" in c)
            or Fraction(c.get("nuclear_excess_lower", "0")) > Fraction(c.get("rounding_bound_Z", "0")))
    else:
        ok = False
    if res.get("verified") and c.get("rounding_excess"):
        ok = ok and res.get("verdict_about") == "claim scaled onto the budgets"
    expect(ok, f"{what}: verdict {v}, verified {res.get('verified')}, exit {rc} are consistent")


def excess_ok(c, X, budget, f, what):
    """The reported relative excess is the exact one (to its 20 printed digits), signed."""
    exact = exact_sq(X) / budget - 1
    rep = Fraction(c.get(f"budget_excess_{f}", "nan") if c else 0)
    close = abs(rep - exact) <= abs(exact) * Fraction(1, 10**15)
    expect(close and c.get(f"inside_{f}") == (exact <= 0),
           f"{what}: budget_excess_{f} = {c.get(f'budget_excess_{f}')} is the exact {float(exact):.6e}"
           f" ({'inside' if exact <= 0 else 'over'})")


months = path("months.json")
rc, _, err = run("gen", "cyclic", "--n", "12", "-o", months)
inst, P = load(months)
V = N = 12
d = inst["dim"]
a, b = V * Fraction(inst["E_W"]), N * Fraction(inst["E_H"])
rc, out, err = run("certify", months, "--json", "-o", path("months.cert.json"))
opt = json.loads(out)
val_lo, val_hi = Fraction(opt["lower"]), Fraction(opt["upper"])
rank = opt.get("rank")
expect(rc == 0 and rank is not None and rank > 2, f"months certified (rank {rank})")


def contains_truth(res, truth, what):
    """[suboptimality_lower, suboptimality_upper] contains truth - val (val in [val_lo, val_hi])."""
    if "suboptimality_lower" not in res:
        return expect(False, f"{what}: no suboptimality interval in the output")
    lo, hi = Fraction(res["suboptimality_lower"]), Fraction(res["suboptimality_upper"])
    t_lo, t_hi = Fraction(truth) - val_hi, Fraction(truth) - val_lo
    slack = Fraction(1, 10**40)             # the decimal evaluation's own error
    expect(lo <= t_hi + slack and t_lo - slack <= hi and hi - lo < Fraction(1, 10**12),
           f"{what}: certified [{float(lo):.6e}, {float(hi):.6e}] contains the truth {float(t_lo):.12e}")


# 1. float64 projected Adam, then W over its budget by float rounding and H inside (the
#    issue's reproduction: it printed "relative 0" / "-1.11e-16" and "infeasible")
W, H = adam(P, d, float(a), float(b), np.float64, 300)
W = onto(W, a, over=True)
H = onto(H, b, over=False)
rc, res, err = audit(months, W, H, "f64")
c = res.get("claim", {})
excess_ok(c, W, a, "W", "float64 Adam")
excess_ok(c, H, b, "H", "float64 Adam")
expect(res.get("verdict") == "not-optimal" and c.get("rounding_excess") is True and res.get("verified") is True,
       f"float64 Adam over by rounding: not-optimal about the scaled claim, rounding_excess (got {res.get('verdict')}: {res.get('message')})")
if res:
    s = (dec(a) / dec(exact_sq(W))).sqrt()
    contains_truth(res, f_decimal(P, W, H, s), "float64 Adam scaled onto the budgets")
    consistent(res, rc, "float64 Adam")
rc, out, err = run("audit", months, "--W", path("W_f64.npy"), "--H", path("H_f64.npy"), "--eps", "1e-6")
first = out.splitlines()[0] if out else ""
expect(re.fullmatch(r"not-optimal: f\(claim scaled onto the budgets\) - val in \[\d\.\d\de-\d+, \d\.\d\de-\d+\]", first) is not None,
       f"human output: first line is the verdict in compact notation ({first!r})")
expect(re.search(r"\d{13,}", out) is None and "0.0000000" not in out,
       f"human output has no long digit strings ({re.findall(r'[0-9.]{14,}', out)[:2]})")

# 2. float32 projected Adam (inside, or over by float32 rounding): never "infeasible"
W32, H32 = adam(P, d, float(a), float(b), np.float32, 300)
W32 = onto(W32, a, over=True)
rc, res, err = audit(months, W32, H32, "f32")
c = res.get("claim", {})
expect(res.get("verdict") == "not-optimal" and c.get("dtype_W") == "float32" and c.get("rounding_excess") is True,
       f"float32 Adam over by rounding: not-optimal, not infeasible (got {res.get('verdict')}: {res.get('message')})")
excess_ok(c, W32, a, "W", "float32 Adam")
if res:
    sw, sh = exact_sq(W32), exact_sq(H32)
    s = (min(Decimal(1), dec(a) / dec(sw)) * min(Decimal(1), dec(b) / dec(sh))).sqrt()
    contains_truth(res, f_decimal(P, W32, H32, s), "float32 Adam scaled onto the budgets")
    consistent(res, rc, "float32 Adam")

# 3. the certified optimum factored in floats and rounded to float32, pushed just over the
#    budget: about 1e-15 from optimal after scaling, so optimal within 1e-12 (exit 0)
cert = json.load(open(path("months.cert.json")))
cq = [float(Fraction(x)) for x in cert["primal"]["c"]]
Z0 = np.array([[cq[(k - i) % 12] for i in range(12)] for k in range(12)])
U, S, Vt = np.linalg.svd(Z0)
ratio = float(a / b) ** 0.25
Wo = (ratio * U[:, :d] * np.sqrt(S[:d])).astype(np.float32)
Ho = ((np.sqrt(S[:d])[:, None] * Vt[:d]) / ratio).astype(np.float32)
Wo = onto(Wo, a, over=True)
Ho = onto(Ho, b, over=True)
rc, res, err = audit(months, Wo, Ho, "opt32", "--eps", "1e-12")
hi = Fraction(res.get("suboptimality_upper", "1"))
expect(rc == 0 and res.get("verdict") == "optimal-within" and res.get("claim", {}).get("rounding_excess") is True
       and hi < Fraction(1, 10**12),
       f"float32 optimum over by rounding: optimal-within 1e-12, exit 0 (got {res.get('verdict')}, exit {rc}, upper {float(hi):.2e})")
if res:
    s = (dec(a) / dec(exact_sq(Wo))).sqrt() * (dec(b) / dec(exact_sq(Ho))).sqrt()
    contains_truth(res, f_decimal(P, Wo, Ho, s), "float32 optimum scaled")
    consistent(res, rc, "float32 optimum")

# 3b. a Z claim: the certified optimum's logits in float64 scaled in floats onto the nuclear
#     ball and pushed 1e-15 (relative) over it: float rounding, judged scaled exactly onto the
#     ball; 1% over is infeasible, with its excess reported
rho = float(a * b) ** 0.5
Zf = Z0 * (rho / np.linalg.svd(Z0, compute_uv=False).sum()) * (1 + 1e-15)
for Zc, tag, over in ((Zf, "Z 1e-15 over", False), (Zf * 1.01, "Z 1% over", True)):
    np.save(path("Z.npy"), Zc)
    rc, out, err = run("audit", months, "--Z", path("Z.npy"), "--json", "--eps", "1e-9")
    res = json.loads(out) if out.strip() else {}
    c = res.get("claim", {})
    exl, exu = Fraction(c.get("nuclear_excess_lower", "-1")), Fraction(c.get("nuclear_excess_upper", "-1"))
    # the truth is 1e-2 or 1e-15 up to the float scaling's own rounding (a few 1e-16); the
    # enclosure's width comes from the square roots of the zero eigenvalues of Z^T Z
    lo_w, hi_w = (Fraction(99, 10**4), Fraction(101, 10**4)) if over else (Fraction(5, 10**16), Fraction(2, 10**15))
    expect(lo_w <= exl <= exu <= hi_w and exu - exl < Fraction(1, 10**16),
           f"{tag}: nuclear-norm excess enclosed [{float(exl):.4e}, {float(exu):.4e}]")
    if over:
        expect(rc == 1 and res.get("verdict") == "infeasible" and c.get("rounding_excess") is False,
               f"{tag}: infeasible (got {res.get('verdict')}: {res.get('message')})")
    else:
        expect(rc == 0 and res.get("verdict") == "optimal-within" and c.get("rounding_excess") is True
               and res.get("verdict_about") == "claim scaled onto the budgets",
               f"{tag}: optimal-within 1e-9 about Z scaled onto the ball (got {res.get('verdict')}, exit {rc}: {res.get('message')})")
    if res:
        consistent(res, rc, tag)

# 4. 1% over the budget: infeasible (proved: verified, exit 1), for either dtype
for X, tag in ((W, "f64"), (W32, "f32")):
    W1 = (X * np.sqrt(1.01)).astype(X.dtype)
    rc, res, err = audit(months, W1, H if tag == "f64" else H32, "over1_" + tag)
    c = res.get("claim", {})
    expect(rc == 1 and res.get("verdict") == "infeasible" and c.get("rounding_excess") is False,
           f"{tag}: 1% over the budget is infeasible (got {res.get('verdict')}: {res.get('message')})")
    excess_ok(c, W1, a, "W", f"{tag} 1% over")
    if res:
        consistent(res, rc, f"{tag} 1% over")

# 5. a wider claim than dim is refused, naming both numbers
W13 = np.hstack([W, np.zeros((12, 13 - d))])
H13 = np.vstack([H, np.zeros((13 - d, 12))])
np.save(path("W13.npy"), W13); np.save(path("H13.npy"), H13)
rc, out, err = run("audit", months, "--W", path("W13.npy"), "--H", path("H13.npy"))
expect(rc == 2 and "13" in err and str(d) in err and "dim" in err,
       f"13 columns on a dim {d} instance: exit 2 naming both ({rc}: {err.strip()[:140]})")

# 6. d = 2 below the rank: audited against val(C) as a lower bound, said plainly,
#    "d_below_rank": true. On a dim-2 instance the certificate's own rank-2 point bounds
#    val(LP) at d = 2 from above (SPEC 12); on the dim-11 instance nothing does, so the lower
#    end is 0 and "not optimal" is not claimed.
inst2 = dict(inst, dim=2)
json.dump(inst2, open(path("months-d2.json"), "w"))
W2, H2 = adam(P, 2, float(a), float(b), np.float64, 400)
truth = Fraction(f_decimal(P, W2, H2))
for inst_path, tag in ((path("months-d2.json"), "dim 2"), (months, "dim 11")):
    rc, res, err = audit(inst_path, W2, H2, "d2" + tag[-1])
    c = res.get("claim", {})
    expect(res.get("d_below_rank") is True and c.get("d") == 2 and c.get("rank") == rank,
           f"{tag}: d = 2 < rank {rank}: d_below_rank true ({res.get('d_below_rank')}, d {c.get('d')}, rank {c.get('rank')})")
    if not res:
        continue
    lo, hi = Fraction(res.get("suboptimality_lower", -1)), Fraction(res.get("suboptimality_upper", 0))
    expect(hi >= truth - val_hi and hi - (truth - val_lo) < Fraction(1, 10**15),
           f"{tag}: the upper end is f - lower(val(C)) = {float(truth - val_lo):.6e} ({float(hi):.6e})")
    if "lp_upper" in c:
        lp = Fraction(c["lp_upper"])
        expect(tag == "dim 2" and abs(lo - max(0, truth - lp)) < Fraction(1, 10**15),
               f"{tag}: the lower end is f - the certificate's rank-2 value ({float(lo):.3e})")
    else:
        expect(tag == "dim 11" and lo == 0 and res.get("verdict") == "optimal-within" and rc == 1,
               f"{tag}: no upper bound on val(LP) at d = 2: lower end 0, not-optimal not claimed ({float(lo)}, exit {rc})")
    consistent(res, rc, f"{tag}: d < rank")
    rc, out, err = run("audit", inst_path, "--W", path("W_d2" + tag[-1] + ".npy"), "--H", path("H_d2" + tag[-1] + ".npy"))
    expect("d < rank" in out and "lower bound" in out and "val(LP, d = 2)" in out.splitlines()[0],
           f"{tag}: human output says d < rank plainly ({out.splitlines()[0] if out else ''!r})")

finish()
