"""A second, independent checker of certificates/FORMAT.md, in Python (not a test itself).

It shares nothing with peelcert-check: exact parts with fractions.Fraction, transcendental
parts with decimal.Decimal at precision 80, and truths that FORMAT.md proves only through
sufficient conditions (regime, structure) decided from the mathematics of SPEC 3-5 instead
(closed form for exchangeable targets, nuclear norm of the centered log-targets otherwise).

check(obj) returns a Verdict: .status is "malformed", "invalid" or "valid"; .reasons says why;
.undecided lists comparisons that fell within EPS of their threshold (then either verdict of
the product is acceptable). It is lenient where FORMAT.md leaves room (non-canonical rationals,
exact decimals, unknown keys), so "malformed"/"invalid" here means that no reading of the format
makes the certificate acceptable.
"""
from decimal import Decimal
from fractions import Fraction
import json

from e2e_lib import (D, Malformed, entropy, lse, parse_rational, parse_decimal_claim,
                     dft_abs, singular_values, sym_eigvals, exchangeable_closed_form)

EPS = Decimal("1e-60")
MAX_REF_ENTRIES = 20000   # the reference builds dense matrices only for small instances


class Undecidable(Exception):
    pass


class Verdict:
    def __init__(self):
        self.status = "valid"
        self.reasons = []
        self.undecided = []

    def fail(self, why):
        self.status = "invalid"
        self.reasons.append(why)

    def require(self, cond, why):
        if not cond:
            self.fail(why)

    def le(self, x, y, claim, strict=False):
        """require x <= y (x < y if strict); within EPS it is undecided."""
        if x < y - EPS:
            return
        if x > y + EPS or (strict and x >= y and x - y > EPS):
            self.fail(f"{claim}: {str(x)[:30]} > {str(y)[:30]}")
        else:
            self.undecided.append(claim)

    def __repr__(self):
        return f"{self.status}: {'; '.join(self.reasons)[:300]}"


def malformed_verdict(why):
    v = Verdict()
    v.status = "malformed"
    v.reasons.append(why)
    return v


# --------------------------------------------------------------------------- reading

def _no_duplicates(pairs):
    seen = {}
    for k, val in pairs:
        if k in seen:
            raise Malformed(f"duplicate key {k!r}")
        seen[k] = val
    return seen


def _no_constant(name):
    raise Malformed(f"non-JSON constant {name}")


def loads(text):
    """Strict JSON: no duplicate keys, no NaN/Infinity, no trailing data."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise Malformed("not UTF-8")
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:
        raise Malformed(f"not JSON: {e}")


def _int(v, field, lo=1, hi=10**9):
    if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
        raise Malformed(f"{field}: not an integer in [{lo}, {hi}]")
    return v


def _obj(v, field):
    if not isinstance(v, dict):
        raise Malformed(f"{field}: not an object")
    return v


def _list(v, field, length=None):
    if not isinstance(v, list):
        raise Malformed(f"{field}: not an array")
    if length is not None and len(v) != length:
        raise Malformed(f"{field}: length {len(v)} != {length}")
    return v


def _matrix(v, field, rows, cols):
    _list(v, field, rows)
    return [[parse_rational(x, f"{field}[{i}][{j}]") for j, x in enumerate(_list(r, f"{field}[{i}]", cols))]
            for i, r in enumerate(v)]


class Inst:
    """A validated instance (SPEC 8)."""

    def __init__(self, obj, field="instance"):
        _obj(obj, field)
        if obj.get("format") != "peelcert-instance/1":
            raise Malformed(f"{field}.format")
        self.V = _int(obj.get("tokens"), f"{field}.tokens")
        self.N = _int(obj.get("contexts"), f"{field}.contexts")
        if "dim" in obj:
            self.d = _int(obj["dim"], f"{field}.dim")
        else:
            self.d = max(1, min(self.V - 1, self.N))
        self.E_W = parse_rational(obj.get("E_W"), f"{field}.E_W")
        self.E_H = parse_rational(obj.get("E_H"), f"{field}.E_H")
        if self.E_W <= 0 or self.E_H <= 0:
            raise Malformed(f"{field}.E_W/E_H not positive")
        self.a = self.V * self.E_W
        self.b = self.N * self.E_H
        self.rho = (D(self.a) * D(self.b)).sqrt()
        t = obj.get("targets")
        self.form = None
        self._P = None
        V, N = self.V, self.N
        if isinstance(t, list):
            self.form = "dense"
            if V * N > MAX_REF_ENTRIES:
                raise Undecidable("dense instance too big for the reference")
            self._P = _matrix(t, f"{field}.targets", N, V)
        elif isinstance(t, dict) and len(t) == 1 and "circulant" in t:
            self.form = "circulant"
            if V != N:
                raise Malformed(f"{field}.targets: circulant needs tokens == contexts")
            self.qrow = [parse_rational(x, f"{field}.targets.circulant")
                         for x in _list(t["circulant"], f"{field}.targets.circulant", V)]
            self._check_row(self.qrow, f"{field}.targets.circulant")
        elif isinstance(t, dict) and len(t) == 1 and "exchangeable" in t:
            self.form = "exchangeable"
            e = _obj(t["exchangeable"], f"{field}.targets.exchangeable")
            if V != N or V < 2:
                raise Malformed(f"{field}.targets: exchangeable needs tokens == contexts >= 2")
            self.alpha = parse_rational(e.get("diag"), f"{field}.targets.exchangeable.diag")
            if not 0 <= self.alpha <= 1:
                raise Malformed(f"{field}.targets.exchangeable.diag out of [0, 1]")
            self.beta = (1 - self.alpha) / (V - 1)
        elif isinstance(t, dict) and len(t) == 1 and "onehot" in t:
            self.form = "onehot"
            self.onehot = [_int(x, f"{field}.targets.onehot", 0, V - 1)
                           for x in _list(t["onehot"], f"{field}.targets.onehot", N)]
        else:
            raise Malformed(f"{field}.targets: unknown form")
        if self._P is not None:
            for i, row in enumerate(self._P):
                self._check_row(row, f"{field}.targets[{i}]")
        self.symmetry = None
        if "symmetry" in obj:
            self._read_symmetry(obj["symmetry"], f"{field}.symmetry")

    @staticmethod
    def _check_row(row, field):
        if any(x < 0 for x in row) or sum(row) != 1:
            raise Malformed(f"{field}: not a probability row")

    def _read_symmetry(self, s, field):
        _obj(s, field)
        toks = _list(s.get("tokens", []), f"{field}.tokens")
        ctxs = _list(s.get("contexts", []), f"{field}.contexts")
        if len(toks) != len(ctxs):
            raise Malformed(f"{field}: generator counts differ")
        gens = []
        for g, (sg, tg) in enumerate(zip(toks, ctxs)):
            sg = [_int(x, f"{field}.tokens[{g}]", 0, self.V - 1) for x in _list(sg, f"{field}.tokens[{g}]", self.V)]
            tg = [_int(x, f"{field}.contexts[{g}]", 0, self.N - 1) for x in _list(tg, f"{field}.contexts[{g}]", self.N)]
            if len(set(sg)) != self.V or len(set(tg)) != self.N:
                raise Malformed(f"{field}: generator {g} not a permutation")
            gens.append((sg, tg))
        if self.V * self.N <= MAX_REF_ENTRIES:
            P = self.P()
            for sg, tg in gens:
                for i in range(self.N):
                    for k in range(self.V):
                        if P[tg[i]][sg[k]] != P[i][k]:
                            raise Malformed(f"{field}: targets not invariant")
        else:
            raise Undecidable("symmetry check too big for the reference")
        self.symmetry = gens

    # ---- derived data
    def entry(self, i, k):
        if self.form == "dense":
            return self._P[i][k]
        if self.form == "circulant":
            return self.qrow[(k - i) % self.V]
        if self.form == "exchangeable":
            return self.alpha if i == k else self.beta
        return Fraction(1 if self.onehot[i] == k else 0)

    def P(self):
        if self._P is None:
            if self.V * self.N > MAX_REF_ENTRIES:
                raise Undecidable("instance too big to expand in the reference")
            self._P = [[self.entry(i, k) for k in range(self.V)] for i in range(self.N)]
        return self._P

    def has_zero(self):
        if self.form == "exchangeable":
            return self.alpha == 0 or self.beta == 0
        if self.form == "onehot":
            return self.V > 1
        if self.form == "circulant":
            return any(x == 0 for x in self.qrow)
        return any(x == 0 for row in self._P for x in row)

    def is_circulant(self):
        if self.V != self.N:
            return False
        if self.form in ("circulant", "exchangeable"):
            return True
        P = self.P()
        return all(P[i][k] == P[0][(k - i) % self.V] for i in range(self.N) for k in range(self.V))

    def is_exchangeable_matrix(self):
        if self.form == "exchangeable":
            return True
        return self.relabelling() is not None

    def relabelling(self):
        """(alpha, pi) with P[i][k] = alpha iff k = pi(i), else (1 - alpha)/(n - 1), pi a
        permutation (exchangeable after relabelling the contexts), or None."""
        if self.V != self.N or self.V < 2:
            return None
        n, P = self.V, self.P()
        for k0 in range(n):
            alpha = P[0][k0]
            beta = (1 - alpha) / (n - 1)
            if alpha == beta:
                ok = all(x == beta for row in P for x in row)
                return (alpha, list(range(n))) if ok else None
            pi = []
            for row in P:
                where = [k for k in range(n) if row[k] == alpha]
                if len(where) != 1 or any(row[k] != beta for k in range(n) if k != where[0]):
                    break
                pi.append(where[0])
            if len(pi) == n and len(set(pi)) == n:
                return alpha, pi
        return None

    def two_transitive_symmetry(self):
        if not self.symmetry or self.V < 2:
            return False
        V = self.V
        parent = list(range(V * V))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x
        for sg, _ in self.symmetry:
            for u in range(V):
                for w in range(V):
                    a, b = find(u * V + w), find(sg[u] * V + sg[w])
                    if a != b:
                        parent[a] = b
        return len({find(x) for x in range(V * V)}) == 2

    def mean_entropy(self):
        if self.form == "exchangeable":
            a, b = D(self.alpha), D(self.beta)
            return -(a * a.ln() if self.alpha else Decimal(0)) - ((1 - a) * b.ln() if self.beta else Decimal(0))
        if self.form == "circulant":
            return entropy(self.qrow)
        P = self.P()
        return sum((entropy(r) for r in P), Decimal(0)) / self.N

    def binding_truth(self):
        """True / False / None (undecided): is the budget binding at the optimum of (C)?"""
        if self.has_zero():
            return True
        if self.form == "exchangeable":
            ratio = abs((D(self.alpha) / D(self.beta)).ln())
            cap = self.rho / (self.V - 1)
            if abs(ratio - cap) <= EPS:
                return None
            return ratio >= cap
        nuc = self.log_target_nuclear()
        if nuc is None:
            return None
        return nuc >= self.rho

    def log_target_nuclear(self):
        """||Pi log P^T||_* (Decimal), or None when too close to rho to decide in float."""
        if self.is_circulant():
            q = [self.entry(0, k) for k in range(self.V)]
            logs = [D(x).ln() for x in q]
            mean = sum(logs, Decimal(0)) / len(logs)
            nuc = sum(dft_abs([x - mean for x in logs]), Decimal(0))
            if abs(nuc - self.rho) <= EPS:
                return None
            return nuc
        P = self.P()
        L = []
        for k in range(self.V):
            L.append([0.0] * self.N)
        for i in range(self.N):
            logs = [float(D(x).ln()) for x in P[i]]
            mean = sum(logs) / len(logs)
            for k in range(self.V):
                L[k][i] = logs[k] - mean
        nuc = sum(singular_values(L))
        rho = float(self.rho)
        if abs(nuc - rho) <= 1e-8 * max(1.0, rho):
            return None
        return Decimal(nuc)


# --------------------------------------------------------------------------- checking

REGIMES = ("binding", "interior", "undetermined")
STRUCTURES = ("none", "circulant", "simplex-etf", "group-invariant")


def check_text(text):
    try:
        obj = loads(text)
    except Malformed as e:
        return malformed_verdict(str(e))
    return check(obj)


def check(obj):
    v = Verdict()
    try:
        return _check(obj, v)
    except Malformed as e:
        return malformed_verdict(str(e))
    except (Undecidable, ArithmeticError) as e:
        # out of the reference's reach (size, or a Decimal overflow on absurd numbers):
        # keep a definite failure found so far, else leave the verdict to the product
        v.undecided.append(f"reference gave up: {e!r}")
        return v


def _check(obj, v):
    _obj(obj, "top level")
    if obj.get("format") != "peelcert-certificate/1":
        raise Malformed("format")
    kind = obj.get("kind")
    if kind not in ("dense", "circulant", "exchangeable"):
        raise Malformed("kind")
    inst = Inst(obj.get("instance"))
    claims = _obj(obj.get("claims"), "claims")
    primal = _obj(obj.get("primal"), "primal")
    dual = _obj(obj.get("dual"), "dual")
    lower = parse_decimal_claim(claims.get("lower"), "claims.lower")
    upper = parse_decimal_claim(claims.get("upper"), "claims.upper")
    upper_is_lp = claims.get("upper_is_lp")
    if not isinstance(upper_is_lp, bool):
        raise Malformed("claims.upper_is_lp")
    regime = claims.get("regime")
    structure = claims.get("structure")
    if regime not in REGIMES:
        raise Malformed("claims.regime")
    if structure not in STRUCTURES:
        raise Malformed("claims.structure")
    gram = claims.get("gram")
    if gram is not None:
        _obj(gram, "claims.gram")
        gram = {k: parse_rational(v, f"claims.gram.{k}") for k, v in gram.items() if k in ("W", "H")}
    kkt = claims.get("kkt")
    if kkt is not None and kind == "dense":
        _obj(kkt, "claims.kkt")
        kkt = {"lambda_W": parse_rational(kkt.get("lambda_W"), "claims.kkt.lambda_W"),
               "lambda_H": parse_rational(kkt.get("lambda_H"), "claims.kkt.lambda_H"),
               "residual_W": parse_decimal_claim(kkt.get("residual_W"), "claims.kkt.residual_W"),
               "residual_H": parse_decimal_claim(kkt.get("residual_H"), "claims.kkt.residual_H")}
    if kind == "exchangeable":
        _check_exchangeable(v, inst, primal, dual, lower, upper, upper_is_lp)
    elif kind == "circulant":
        _check_circulant(v, inst, primal, dual, lower, upper, upper_is_lp)
    else:
        _check_dense(v, inst, primal, dual, lower, upper, kkt)
    _check_regime(v, inst, regime, lower)
    _check_structure(v, inst, structure, gram)
    v.require(lower <= upper or v.status != "valid", "lower > upper")
    return v


def _check_exchangeable(v, inst, primal, dual, lower, upper, upper_is_lp):
    n = inst.V
    if "context_permutation" in primal:
        # FORMAT.md: exchangeable after relabelling the contexts by pi
        pi = primal["context_permutation"]
        if inst.V != inst.N or not isinstance(pi, list) or len(pi) != n or \
                any(type(x) is not int for x in pi) or sorted(pi) != list(range(n)):
            raise Malformed("primal.context_permutation: not a permutation of 0..n-1")
        if inst.form == "exchangeable":
            v.fail("context_permutation with targets in exchangeable form")
            return
        alpha = inst.entry(0, pi[0])
        beta = (1 - alpha) / (n - 1)
        if not all(inst.entry(i, k) == (alpha if k == pi[i] else beta) for i in range(n) for k in range(n)):
            v.fail("context_permutation: P is not alpha at pi(i), beta elsewhere")
            return
    elif inst.form != "exchangeable":
        v.fail("kind exchangeable needs exchangeable targets")
        return
    else:
        alpha = inst.alpha
    x = parse_rational(primal.get("x"), "primal.x")
    r = parse_rational(dual.get("r"), "dual.r")
    if x * x * (n - 1) ** 2 > inst.a * inst.b:
        v.fail("nuclear: |x| (n-1) > rho")
        return
    xd = D(x)
    f = (xd.exp() + (n - 1)).ln() - D(alpha) * xd
    v.le(f, D(upper), "upper")
    if not 0 <= r <= 1:
        v.fail("dual_simplex: r out of [0, 1]")
        return
    t = (1 - r) / (n - 1)
    rd, td = D(r), D(t)
    ent = -(rd * rd.ln() if r else Decimal(0)) - ((1 - rd) * td.ln() if r != 1 else Decimal(0))
    lb = ent - inst.rho * D(abs(r - alpha)) / (n - 1)
    v.le(D(lower), lb, "lower")
    if upper_is_lp:
        v.require(inst.d >= n - 1 or x == 0, "upper_is_lp with d < n-1 and x != 0")
    # two ways: the closed form of SPEC 5b must agree with whatever verified
    if v.status == "valid":
        val, _, _, _ = exchangeable_closed_form(n, alpha, inst.E_W, inst.E_H)
        v.le(D(lower), val, "closed form >= lower")
        v.le(val, D(upper), "closed form <= upper")


def _check_circulant(v, inst, primal, dual, lower, upper, upper_is_lp):
    n = inst.V
    if inst.V != inst.N or not inst.is_circulant():
        v.fail("kind circulant needs circulant targets")
        return
    if n > 200:
        raise Undecidable("circulant too big for the reference DFT")
    c = [parse_rational(x, "primal.c") for x in _list(primal.get("c"), "primal.c", n)]
    r = [parse_rational(x, "dual.r") for x in _list(dual.get("r"), "dual.r", n)]
    qrow = [inst.entry(0, k) for k in range(n)]
    v.require(sum(c) == 0, "primal_centered")
    v.le(sum(dft_abs(c), Decimal(0)), inst.rho, "nuclear", strict=True)
    if v.status != "valid":
        return
    cd = [D(x) for x in c]
    f = lse(cd) - sum((D(qk) * ck for qk, ck in zip(qrow, cd)), Decimal(0))
    v.le(f, D(upper), "upper")
    if any(x < 0 for x in r) or sum(r) != 1:
        v.fail("dual_simplex")
        return
    m = [rk - qk for rk, qk in zip(r, qrow)]
    lb = entropy(r) - inst.rho / n * max(dft_abs(m))
    v.le(D(lower), lb, "lower")
    if upper_is_lp:
        v.require(inst.d >= n - 1 or all(x == 0 for x in c), "upper_is_lp with d < n-1")


def _frob(A):
    return sum((x * x for row in A for x in row), Decimal(0)).sqrt()


def _pd_exact(A):
    """True iff the symmetric Fraction matrix A is positive definite (exact LDL^T)."""
    A = [row[:] for row in A]
    n = len(A)
    for k in range(n):
        if A[k][k] <= 0:
            return False
        for i in range(k + 1, n):
            f = A[i][k] / A[k][k]
            if f:
                for j in range(k + 1, n):
                    A[i][j] -= f * A[k][j]
    return True


def _check_dense(v, inst, primal, dual, lower, upper, kkt):
    V, N, d = inst.V, inst.N, inst.d
    W = _matrix(primal.get("W"), "primal.W", V, d)
    H = _matrix(primal.get("H"), "primal.H", d, N)
    Q = _matrix(dual.get("Q"), "dual.Q", N, V)
    s = parse_rational(dual.get("opnorm_bound"), "dual.opnorm_bound")
    P = inst.P()
    v.require(sum(x * x for row in W for x in row) <= inst.a, "budget_W")
    v.require(sum(x * x for row in H for x in row) <= inst.b, "budget_H")
    if v.status != "valid":
        return
    Z = [[sum(W[k][j] * H[j][i] for j in range(d)) for i in range(N)] for k in range(V)]
    Zd = [[D(x) for x in row] for row in Z]
    f = Decimal(0)
    for i in range(N):
        col = [Zd[k][i] for k in range(V)]
        f += lse(col) - sum((D(P[i][k]) * col[k] for k in range(V)), Decimal(0))
    f /= N
    v.le(f, D(upper), "upper")
    if any(x < 0 for row in Q for x in row) or any(sum(row) != 1 for row in Q):
        v.fail("dual_simplex")
        return
    if s < 0:
        v.fail("opnorm_bound negative")
        return
    M = [[Q[i][k] - P[i][k] for k in range(V)] for i in range(N)]
    if s == 0:
        v.require(all(x == 0 for row in M for x in row), "opnorm: s = 0 but Q != P")
    else:
        G = ([[sum(M[i][k] * M[i][l] for i in range(N)) for l in range(V)] for k in range(V)]
             if V <= N else
             [[sum(M[i][k] * M[j][k] for k in range(V)) for j in range(N)] for i in range(N)])
        A = [[(s * s if a == b else 0) - G[a][b] for b in range(len(G))] for a in range(len(G))]
        if not _pd_exact(A):
            lam = min(sym_eigvals([[float(x) for x in row] for row in A]))
            if lam < -1e-9 * max(1.0, float(s * s)):
                v.fail(f"opnorm: ||Q - P||_op > opnorm_bound (min eigenvalue {lam:.3g})")
            else:
                v.undecided.append("opnorm (singular)")
    ent = sum((entropy(row) for row in Q), Decimal(0))
    lb = (ent - inst.rho * D(s)) / N
    v.le(D(lower), lb, "lower")
    if kkt is not None:
        if kkt["lambda_W"] < 0 or kkt["lambda_H"] < 0:
            v.fail("kkt: negative lambda")
            return
        S = [[Decimal(0)] * N for _ in range(V)]
        for i in range(N):
            col = [Zd[k][i] for k in range(V)]
            m = lse(col)
            for k in range(V):
                S[k][i] = (col[k] - m).exp()
        G = [[(S[k][i] - D(P[i][k])) / N for i in range(N)] for k in range(V)]
        Wd = [[D(x) for x in row] for row in W]
        Hd = [[D(x) for x in row] for row in H]
        lw, lh = D(kkt["lambda_W"]), D(kkt["lambda_H"])
        RW = [[sum((G[k][i] * Hd[j][i] for i in range(N)), Decimal(0)) + 2 * lw * Wd[k][j]
               for j in range(d)] for k in range(V)]
        RH = [[sum((Wd[k][j] * G[k][i] for k in range(V)), Decimal(0)) + 2 * lh * Hd[j][i]
               for i in range(N)] for j in range(d)]
        v.le(_frob(RW), D(kkt["residual_W"]), "kkt residual_W")
        v.le(_frob(RH), D(kkt["residual_H"]), "kkt residual_H")


def _check_regime(v, inst, regime, lower):
    if regime == "undetermined":
        return
    truth = inst.binding_truth()
    if truth is None and regime == "binding" and D(lower) > inst.mean_entropy() + EPS \
            and v.status == "valid":
        truth = True   # a verified lower above the entropy proves binding (FORMAT.md)
    if truth is None:
        v.undecided.append("regime")
    elif truth != (regime == "binding"):
        v.fail(f"regime {regime} is false")


def _check_structure(v, inst, structure, gram):
    if structure == "circulant":
        v.require(inst.is_circulant(), "structure circulant: targets not circulant")
    if structure == "group-invariant":
        # SPEC 5: invariance is checked when the instance is read; the group must be nontrivial
        moves = any(sg[k] != k for sg, _ in (inst.symmetry or []) for k in range(inst.V)) or \
            any(tg[i] != i for _, tg in (inst.symmetry or []) for i in range(inst.N))
        v.require(moves, "structure group-invariant: no generator other than the identity")
    if structure == "simplex-etf" and gram is None:
        v.fail("structure simplex-etf without claims.gram")
    if gram is None:
        return
    # the gram claim (SPEC 5b): W W^T = a/(V-1) (I - J/V) at every optimum
    V = inst.V
    if "W" not in gram:
        v.fail("claims.gram.W missing")
        return
    truth = inst.binding_truth()
    if truth is None:
        v.undecided.append("gram (regime)")
    elif not truth:
        v.fail("gram claimed in the interior regime")
    v.require(V >= 2 and inst.d >= min(V - 1, inst.N), "gram: d below min(V-1, N)")
    v.require(V >= 2 and gram["W"] == inst.a / (V - 1), "gram.W != a/(V-1)")
    symmetric = inst.is_exchangeable_matrix() or inst.two_transitive_symmetry()
    v.require(symmetric, "gram claimed without exchangeable targets or a 2-transitive symmetry")
    if inst.form == "exchangeable" or "H" in gram:
        v.require(inst.is_exchangeable_matrix() and gram.get("H") == inst.b / (inst.N - 1),
                  "gram.H != b/(n-1)")
