/* Claims of kind "group" (FORMAT.md, "Kind group"): invariant primal and dual, one number per
 * orbital of the group on token-context pairs. Both norms the bounds need are exact rationals
 * (the commutant of a 2-transitive token action is span{I, J}, SPEC 5b).
 *
 * Every sum over the columns (contexts) is taken over one column per context orbit, weighted
 * by the orbit's size. This is exact, not a sampling: for a generator g, column tau_g(i) of Z
 * (and row tau_g(i) of Q, P) is column i permuted by sigma_g, because orbital(sigma_g(k),
 * tau_g(i)) = orbital(k, i) and the targets are invariant (checked with the instance), so
 * column sums, row sums, entropies, cross-entropies and squared norms agree along an orbit. */
#include <stdio.h>
#include <stdlib.h>
#include "check_internal.h"

static uint32_t root_of(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
}

/* The image of x under generator g: a context (pairs = 0) or a pair m = k N + i (pairs = 1). */
static slong image(const pcc_instance_t *I, slong g, slong x, int pairs)
{
    const slong *tg = I->tau + g * I->N;
    if (!pairs) return tg[x];
    return I->sigma[g * I->V + x / I->N] * I->N + tg[x % I->N];
}

/* Union-find over the generators on n points; writes cls[x], the class of x numbered by first
 * appearance in the scan x = 0, 1, ..., n - 1, and returns the number of classes. */
static slong orbit_classes(uint32_t *cls, const pcc_instance_t *I, slong n, int pairs)
{
    uint32_t *parent = malloc(sizeof(uint32_t) * (size_t) n);
    slong count = 0;
    for (slong x = 0; x < n; x++) { parent[x] = (uint32_t) x; cls[x] = UINT32_MAX; }
    for (slong g = 0; g < I->ngens; g++)
        for (slong x = 0; x < n; x++) {
            uint32_t r1 = root_of(parent, (uint32_t) x);
            uint32_t r2 = root_of(parent, (uint32_t) image(I, g, x, pairs));
            if (r1 != r2) parent[r1] = r2;
        }
    for (slong x = 0; x < n; x++) {   /* cls[y] is always UINT32_MAX or the class of y */
        uint32_t r = root_of(parent, (uint32_t) x);
        if (cls[r] == UINT32_MAX) cls[r] = (uint32_t) count++;
        cls[x] = cls[r];
    }
    free(parent);
    return count;
}

void pcc_group_clear(pcc_cert_t *C)
{
    if (C->z) _fmpq_vec_clear(C->z, C->R);
    if (C->qo) _fmpq_vec_clear(C->qo, C->R);
    free(C->orbital); free(C->orbital_size); free(C->context_rep); free(C->context_size);
    pcc_commutant_clear(C);
}

/* Requires a 2-transitive token symmetry, computes the orbitals and the context orbits, and
 * reads primal.z and dual.q (R entries each). Returns 0, or 1 with err filled (exit 2). */
int pcc_group_read(pcc_cert_t *C, const json_t *primal, const json_t *dual, pcc_error_t *err)
{
    const pcc_instance_t *I = &C->inst;
    const json_t *z = json_object_get(primal, "z"), *q = json_object_get(dual, "q");
    slong V = I->V, N = I->N;
    uint32_t *ctx;
    char why[160];
    const json_t *generic = json_object_get(primal, "commutant_generic");
    if (generic == NULL && !pcc_instance_two_transitive(I, why, sizeof why))
        return pcc_fail(err, "instance.symmetry: kind group needs generators acting 2-transitively "
                        "on the tokens: %s", why);
    if (V * N > PCC_MAX_ORBITAL_PAIRS)
        return pcc_fail(err, "instance: V N = %ld token-context pairs, over the limit %ld of the "
                        "orbital computation", V * N, PCC_MAX_ORBITAL_PAIRS);
    C->orbital = malloc(sizeof(uint32_t) * (size_t) (V * N));
    C->R = orbit_classes(C->orbital, I, V * N, 1);
    C->orbital_size = calloc((size_t) C->R, sizeof(slong));
    for (slong m = 0; m < V * N; m++) C->orbital_size[C->orbital[m]]++;
    ctx = malloc(sizeof(uint32_t) * (size_t) N);
    C->ncontext_orbits = orbit_classes(ctx, I, N, 0);
    C->context_rep = malloc(sizeof(slong) * (size_t) C->ncontext_orbits);
    C->context_size = calloc((size_t) C->ncontext_orbits, sizeof(slong));
    for (slong i = N - 1; i >= 0; i--) {
        C->context_rep[ctx[i]] = i;
        C->context_size[ctx[i]]++;
    }
    free(ctx);
    C->z = _fmpq_vec_init(C->R);
    C->qo = _fmpq_vec_init(C->R);
    if (generic != NULL && pcc_commutant_read(C, generic, err)) return 1;
    if (pcc_json_array(z, "primal.z", -1, err) || pcc_json_array(q, "dual.q", -1, err)) return 1;
    for (int side = 0; side < 2; side++)
        if ((slong) json_array_size(side ? q : z) != C->R)
            return pcc_fail(err, "%s: has %zu entries, but the group has R = %ld orbitals on "
                            "token-context pairs", side ? "dual.q" : "primal.z",
                            json_array_size(side ? q : z), C->R);
    return pcc_json_rational_vector(C->z, z, "primal.z", C->R, err)
        || pcc_json_rational_vector(C->qo, q, "dual.q", C->R, err);
}

static const fmpq *at(const pcc_cert_t *C, const fmpq *v, slong k, slong i)
{
    return v + C->orbital[k * C->inst.N + i];
}

/* 1 only if sum_k v[orbital(k, i)] = c exactly: a column sum of Z (v = z) or a row sum of Q
 * (v = q); text gets the sum. */
static int line_sum_is(const pcc_cert_t *C, const fmpq *v, slong i, slong c, char *text,
                       size_t len)
{
    fmpq *line = _fmpq_vec_init(C->inst.V);   /* gathered, then a tree sum (near-linear) */
    for (slong k = 0; k < C->inst.V; k++) fmpq_set(line + k, at(C, v, k, i));
    int equal = pcc_fmpq_sum_is(line, C->inst.V, c, text, len);
    _fmpq_vec_clear(line, C->inst.V);
    return equal;
}

/* line = 0: every column of Z sums to 0; line = 1: every row of Q sums to 1 (exact). */
static int lines_sum_to(pcc_cert_t *C, int line, char *detail, size_t len)
{
    char t[96];
    int out = PCC_VERIFIED;
    for (slong c = 0; c < C->ncontext_orbits && out == PCC_VERIFIED; c++) {
        if (line_sum_is(C, line ? C->qo : C->z, C->context_rep[c], line, t, sizeof t)) continue;
        snprintf(detail, len, "%s %ld of %s sums to %s, not %d", line ? "row" : "column",
                 C->context_rep[c], line ? "Q" : "Z", t, line);
        out = PCC_REJECTED;
    }
    if (out == PCC_VERIFIED)
        snprintf(detail, len, "every %s sums to %d (exact; one line per context orbit, %ld context orbits)",
                 line ? "row of Q" : "column of Z", line, C->ncontext_orbits);
    return out;
}

static int claim_primal_centered(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    (void) prec;
    return lines_sum_to(C, 0, detail, len);
}

/* ||Z||_*^2 = (V - 1) ||Z||_F^2 <= a b, exactly, with ||Z||_F^2 = sum_o |o| z[o]^2. */
static int claim_nuclear(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    fmpq_t l, r, t;
    char ls[96], rs[96];
    int ok;
    (void) prec;
    fmpq_init(l); fmpq_init(r); fmpq_init(t);
    for (slong o = 0; o < C->R; o++) {
        fmpq_mul(t, C->z + o, C->z + o);
        fmpq_mul_si(t, t, C->orbital_size[o]);
        fmpq_add(l, l, t);
    }
    fmpq_mul_si(l, l, C->inst.V - 1);
    fmpq_mul(r, C->inst.a, C->inst.b);
    ok = fmpq_cmp(l, r) <= 0;
    pcc_fmpq_text(ls, sizeof ls, l);
    pcc_fmpq_text(rs, sizeof rs, r);
    snprintf(detail, len, "(V - 1) sum_o |o| z[o]^2 = %s %s a b = %s (exact)", ls,
             ok ? "<=" : "is not <=", rs);
    fmpq_clear(l); fmpq_clear(r); fmpq_clear(t);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* Commutant reduction: ||Z||_* = sum_k m_k sqrt(lambda_k(Z Z^T)) < rho, proved with the exact
 * Gram coefficients of Z Z^T and the recomputed eigenmatrix, at 2 prec + 64 bits (an inactive
 * component's lambda_k is tiny and enters through its square root). */
static int claim_nuclear_commutant(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong r = C->tr, p2 = 2 * prec + 64;
    arb_ptr y = _arb_vec_init(C->R), c = _arb_vec_init(r);
    arb_t nuc, top, rho;
    char ns[128], rs[128];
    int out;
    arb_init(nuc); arb_init(top); arb_init(rho);
    for (slong o = 0; o < C->R; o++) arb_set_fmpq(y + o, C->z + o, p2);
    pcc_commutant_gram(c, C, y, p2);
    pcc_rho(rho, &C->inst, p2);
    if (!pcc_commutant_nuclear(nuc, top, C, c, p2)) {
        snprintf(detail, len, "the eigenmatrix of the commutant is not proved at %ld bits", p2);
        out = PCC_UNDECIDED;
    } else {
        out = arb_lt(nuc, rho) ? PCC_VERIFIED : arb_ge(nuc, rho) ? PCC_REJECTED : PCC_UNDECIDED;
        pcc_arb_text(ns, sizeof ns, nuc);
        pcc_arb_text(rs, sizeof rs, rho);
        snprintf(detail, len, "||Z||_* = sum_k m_k sqrt(lambda_k(Z Z^T)) = %s %s rho = %s "
                 "(%ld characters of the commutant)", ns,
                 out == PCC_VERIFIED ? "<" : out == PCC_REJECTED ? "is not <" : "is not proved <",
                 rs, r);
    }
    _arb_vec_clear(y, C->R); _arb_vec_clear(c, r);
    arb_clear(nuc); arb_clear(top); arb_clear(rho);
    return out;
}

/* f(Z) = (1/N) sum_i [LSE(z_i) - <p_i, z_i>], one column per context orbit times its size. */
static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V;
    arb_ptr col = _arb_vec_init(V);
    arb_t f, t, p;
    fmpq_t e;
    int out;
    arb_init(f); arb_init(t); arb_init(p); fmpq_init(e);
    for (slong c = 0; c < C->ncontext_orbits; c++) {
        slong i = C->context_rep[c];
        for (slong k = 0; k < V; k++) arb_set_fmpq(col + k, at(C, C->z, k, i), prec);
        pcc_lse(t, col, V, prec);
        for (slong k = 0; k < V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            arb_set_fmpq(p, e, prec);
            arb_submul(t, p, col + k, prec);
        }
        arb_addmul_si(f, t, C->context_size[c], prec);
    }
    arb_div_si(f, f, C->inst.N, prec);
    out = pcc_claim_bound(f, C->upper, C->upper_text, 1, "f(Z)", prec, detail, len);
    _arb_vec_clear(col, V); arb_clear(f); arb_clear(t); arb_clear(p); fmpq_clear(e);
    return out;
}

static slong negative_q(const pcc_cert_t *C)   /* index + 1 of the first q[o] < 0, else 0 */
{
    for (slong o = 0; o < C->R; o++)
        if (fmpq_sgn(C->qo + o) < 0) return o + 1;
    return 0;
}

static int claim_dual_simplex(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong bad = negative_q(C);
    char t[96];
    (void) prec;
    if (bad) {
        pcc_fmpq_text(t, sizeof t, C->qo + bad - 1);
        snprintf(detail, len, "q[%ld] = %s is negative", bad - 1, t);
        return PCC_REJECTED;
    }
    return lines_sum_to(C, 1, detail, len);
}

/* Commutant reduction: ||Q - P||_op = sqrt(max_k lambda_k(M^T M)), M^T M = Y Y^T for the
 * invariant Y = M^T (Y[k][i] = q[orbital(k, i)] - P[i][k]), Gram coefficients exact. */
static int commutant_opnorm(arb_t out, const pcc_cert_t *C, slong prec)
{
    slong r = C->tr;
    arb_ptr y = _arb_vec_init(C->R), c = _arb_vec_init(r);
    arb_t nuc;
    fmpq_t e;
    arb_init(nuc); fmpq_init(e);
    for (slong cc = 0; cc < C->ncontext_orbits; cc++) {
        slong i = C->context_rep[cc];
        for (slong k = 0; k < C->inst.V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            fmpq_sub(e, C->qo + C->orbital[k * C->inst.N + i], e);
            arb_set_fmpq(y + C->orbital[k * C->inst.N + i], e, prec);
        }
    }
    pcc_commutant_gram(c, C, y, prec);
    int ok = pcc_commutant_nuclear(nuc, out, C, c, prec);
    arb_sqrtpos(out, out, prec);
    _arb_vec_clear(y, C->R); _arb_vec_clear(c, r);
    arb_clear(nuc); fmpq_clear(e);
    return ok;
}

/* LB = (1/N) [sum_i H(q_i) - rho sqrt(||M||_F^2 / (V - 1))], M = Q - P, ||M||_F^2 exact. */
static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, R = C->R;
    arb_ptr h = _arb_vec_init(R);
    arb_t lb, t, rho;
    fmpq_t F, s, e;
    int out;
    if (negative_q(C)) {
        snprintf(detail, len, "needs q >= 0");
        _arb_vec_clear(h, R);
        return PCC_REJECTED;
    }
    arb_init(lb); arb_init(t); arb_init(rho); fmpq_init(F); fmpq_init(s); fmpq_init(e);
    for (slong o = 0; o < R; o++) pcc_xlogx(h + o, C->qo + o, prec);
    for (slong c = 0; c < C->ncontext_orbits; c++) {
        slong i = C->context_rep[c];
        fmpq_zero(s);
        arb_zero(t);
        for (slong k = 0; k < V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            fmpq_sub(e, at(C, C->qo, k, i), e);
            fmpq_addmul(s, e, e);
            arb_add(t, t, h + C->orbital[k * C->inst.N + i], prec);
        }
        fmpq_mul_si(s, s, C->context_size[c]);
        fmpq_add(F, F, s);
        arb_submul_si(lb, t, C->context_size[c], prec);   /* - |orbit| sum_k q log q */
    }
    pcc_fmpq_div_si(F, F, V - 1);
    arb_set_fmpq(t, F, prec);
    arb_sqrt(t, t, prec);   /* ||Q - P||_op, exactly sqrt(||M||_F^2 / (V - 1)) */
    if (C->commutant && !commutant_opnorm(t, C, prec)) {
        snprintf(detail, len, "the eigenmatrix of the commutant is not proved at %ld bits", prec);
        _arb_vec_clear(h, R); arb_clear(lb); arb_clear(t); arb_clear(rho);
        fmpq_clear(F); fmpq_clear(s); fmpq_clear(e);
        return PCC_UNDECIDED;
    }
    pcc_rho(rho, &C->inst, prec);
    arb_submul(lb, rho, t, prec);
    arb_div_si(lb, lb, C->inst.N, prec);
    out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "(sum_i H(q_i) - rho ||Q - P||_op)/N",
                          prec, detail, len);
    _arb_vec_clear(h, R); arb_clear(lb); arb_clear(t); arb_clear(rho);
    fmpq_clear(F); fmpq_clear(s); fmpq_clear(e);
    return out;
}

/* Regime from the instance (FORMAT.md, "Kind group"): L = Pi log(P^T) is invariant and
 * centered, so ||L||_*^2 = (V - 1) ||L||_F^2. binding = 0 proves it < rho^2 = a b (interior),
 * binding = 1 proves it > a b. Every target entry must be positive (else REJECTED). */
int pcc_group_log_nuclear(pcc_cert_t *C, int binding, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V;
    arb_ptr lg = _arb_vec_init(V);
    arb_t x, t;
    fmpq_t ab;
    char xs[128], abs_[96];
    int out;
    if (pcc_instance_has_zero(&C->inst)) {
        snprintf(detail, len, "some target entry is 0, so log P is undefined");
        _arb_vec_clear(lg, V);
        return PCC_REJECTED;
    }
    arb_init(x); arb_init(t); fmpq_init(ab);
    if (C->commutant) {     /* ||L||_* = sum_k m_k sqrt(lambda_k(L L^T)), L invariant */
        arb_ptr y = _arb_vec_init(C->R), c = _arb_vec_init(C->tr);
        arb_t top, rho;
        arb_init(top); arb_init(rho);
        for (slong cc = 0; cc < C->ncontext_orbits; cc++) {
            pcc_centered_log_row(lg, &C->inst, C->context_rep[cc], prec);
            for (slong k = 0; k < V; k++)
                arb_set(y + C->orbital[k * C->inst.N + C->context_rep[cc]], lg + k);
        }
        pcc_commutant_gram(c, C, y, prec);
        int ok = pcc_commutant_nuclear(x, top, C, c, prec);
        pcc_rho(rho, &C->inst, prec);
        out = !ok ? PCC_UNDECIDED : binding ? (arb_gt(x, rho) ? PCC_VERIFIED : PCC_UNDECIDED)
              : (arb_lt(x, rho) ? PCC_VERIFIED : arb_ge(x, rho) ? PCC_REJECTED : PCC_UNDECIDED);
        pcc_arb_text(xs, sizeof xs, x);
        snprintf(detail, len, "||L||_* = sum_k m_k sqrt(lambda_k(L L^T)) = %s %s%s rho",
                 xs, out == PCC_VERIFIED ? "" : "is not proved ", binding ? ">" : "<");
        _arb_vec_clear(y, C->R); _arb_vec_clear(c, C->tr);
        arb_clear(top); arb_clear(rho);
        _arb_vec_clear(lg, V); arb_clear(x); arb_clear(t); fmpq_clear(ab);
        return out;
    }
    for (slong c = 0; c < C->ncontext_orbits; c++) {
        pcc_centered_log_row(lg, &C->inst, C->context_rep[c], prec);
        for (slong k = 0; k < V; k++) {
            arb_sqr(t, lg + k, prec);
            arb_addmul_si(x, t, C->context_size[c], prec);
        }
    }
    arb_mul_si(x, x, V - 1, prec);
    fmpq_mul(ab, C->inst.a, C->inst.b);
    out = binding ? -pcc_prove_le(x, ab, prec) : pcc_prove_lt(x, ab, prec);
    pcc_arb_text(xs, sizeof xs, x);
    pcc_fmpq_text(abs_, sizeof abs_, ab);
    snprintf(detail, len, "||L||_*^2 = (V - 1) ||L||_F^2 = %s %s%s rho^2 = a b = %s", xs,
             out == PCC_VERIFIED ? "" : out == PCC_REJECTED ? "is not " : "is not proved ",
             binding ? ">" : "<", abs_);
    _arb_vec_clear(lg, V); arb_clear(x); arb_clear(t);
    fmpq_clear(ab);
    return out;
}

void pcc_check_group(pcc_report_t *R, pcc_cert_t *C)
{
    pcc_run_claim(R, C, "primal_centered", claim_primal_centered);
    pcc_run_claim(R, C, "nuclear", C->commutant ? claim_nuclear_commutant : claim_nuclear);
    pcc_run_claim(R, C, "upper", claim_upper);
    int ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && ok;
}
