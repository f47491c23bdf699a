/* The "lp" block of a certificate (FORMAT.md "Below the rank"): a rank-d point of (LP), its
 * value, and optionally a box that holds a local minimum. Read here, checked here; nothing of
 * the producer is used. The argument for lp_local_minimum is in docs/below-rank.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arb_mat.h>
#include "check_internal.h"

#define PCC_LP_MAX_UNKNOWNS 1200   /* n of the KKT system: dense n x n ball matrices */

struct pcc_lp {
    fmpq_mat_t W, H;                /* V x d, d x N */
    fmpq_t upper;
    char *upper_text;
    int has_local;
    int interior;                   /* gauge "GL(d)": budgets strictly inside, no multipliers */
    fmpq_t lambda_W, lambda_H, radius;
    fmpq_t curvature_lower;         /* mu >= 0: Hess L + sum c_r a_r a_r^T - mu I > 0 claimed */
    slong precision;                /* bits the producer proved at (0: not recorded) */
    fmpq *penalties;                /* 2 + d(d-1)/2 (spheres, O(d)) or d^2 + d (interior) */
    slong num_penalties;
    int has_symmetric;
    fmpq_mat_t sW, sH;
    fmpq_t s_upper;
    char *s_upper_text;
};

void pcc_lp_clear(pcc_cert_t *C)
{
    struct pcc_lp *L = C->lp;
    if (L == NULL) return;
    fmpq_mat_clear(L->W); fmpq_mat_clear(L->H); fmpq_mat_clear(L->sW); fmpq_mat_clear(L->sH);
    fmpq_clear(L->upper); fmpq_clear(L->s_upper);
    fmpq_clear(L->lambda_W); fmpq_clear(L->lambda_H); fmpq_clear(L->radius);
    fmpq_clear(L->curvature_lower);
    if (L->penalties) _fmpq_vec_clear(L->penalties, L->num_penalties);
    free(L->upper_text); free(L->s_upper_text);
    free(L);
    C->lp = NULL;
}

static int known_keys(const json_t *obj, const char *const *known, const char *path, pcc_error_t *err)
{
    return pcc_json_known_keys(obj, known, path, "field", err);
}

int pcc_lp_read(pcc_cert_t *C, const json_t *root, pcc_error_t *err)
{
    static const char *const keys[] = {"W", "H", "upper", "local_minimum", "symmetric", NULL};
    static const char *const local_keys[] = {"lambda_W", "lambda_H", "radius", "penalties", "gauge",
                                             "precision", "curvature_lower", NULL};
    static const char *const interior_keys[] = {"gauge", "radius", "penalties", "precision",
                                                "curvature_lower", NULL};
    static const char *const sym_keys[] = {"W", "H", "upper", NULL};
    const json_t *lp = json_object_get(root, "lp"), *v;
    if (lp == NULL) return 0;
    if (!json_is_object(lp)) return pcc_fail(err, "lp: expected an object, got %s", pcc_json_type_name(lp));
    slong V = C->inst.V, N = C->inst.N, d = C->inst.d, m = 2 + d * (d - 1) / 2;
    struct pcc_lp *L = calloc(1, sizeof *L);
    C->lp = L;
    fmpq_mat_init(L->W, 0, 0); fmpq_mat_init(L->H, 0, 0); fmpq_mat_init(L->sW, 0, 0); fmpq_mat_init(L->sH, 0, 0);
    fmpq_init(L->upper); fmpq_init(L->s_upper);
    fmpq_init(L->lambda_W); fmpq_init(L->lambda_H); fmpq_init(L->radius);
    fmpq_init(L->curvature_lower);
    if (known_keys(lp, keys, "lp", err)
        || pcc_json_sized_rational_matrix(L->W, json_object_get(lp, "W"), "lp.W", V, d, err)
        || pcc_json_sized_rational_matrix(L->H, json_object_get(lp, "H"), "lp.H", d, N, err)
        || pcc_json_decimal(L->upper, json_object_get(lp, "upper"), "lp.upper", err))
        return 1;
    L->upper_text = strdup(json_string_value(json_object_get(lp, "upper")));
    if ((v = json_object_get(lp, "local_minimum")) != NULL) {
        L->has_local = 1;
        if (!json_is_object(v)) return pcc_fail(err, "lp.local_minimum: expected an object");
        const json_t *gauge = json_object_get(v, "gauge");
        if (gauge != NULL && !(json_is_string(gauge) && (!strcmp(json_string_value(gauge), "O(d)")
                                                         || !strcmp(json_string_value(gauge), "GL(d)"))))
            return pcc_fail(err, "lp.local_minimum.gauge: expected \"O(d)\" or \"GL(d)\"");
        L->interior = gauge != NULL && !strcmp(json_string_value(gauge), "GL(d)");
        if (L->interior)
            m = d * d + d;
        if ((V + N) * d + m > PCC_LP_MAX_UNKNOWNS)
            return pcc_fail(err, "lp.local_minimum: (V + N) d + %ld = %ld unknowns exceed "
                            "this checker's limit %d", (long) m, (long) ((V + N) * d + m), PCC_LP_MAX_UNKNOWNS);
        L->num_penalties = m;
        L->penalties = _fmpq_vec_init(m);
        if (known_keys(v, L->interior ? interior_keys : local_keys, "lp.local_minimum", err)
            || (!L->interior
                && (pcc_json_rational(L->lambda_W, json_object_get(v, "lambda_W"), "lp.local_minimum.lambda_W", err)
                    || pcc_json_rational(L->lambda_H, json_object_get(v, "lambda_H"), "lp.local_minimum.lambda_H", err)))
            || pcc_json_rational(L->radius, json_object_get(v, "radius"), "lp.local_minimum.radius", err)
            || pcc_json_array(json_object_get(v, "penalties"), "lp.local_minimum.penalties", m, err)
            || pcc_json_rational_vector(L->penalties, json_object_get(v, "penalties"),
                                        "lp.local_minimum.penalties", m, err))
            return 1;
        if (fmpq_sgn(L->radius) <= 0)
            return pcc_fail(err, "lp.local_minimum.radius: must be > 0");
        const json_t *x;
        if ((x = json_object_get(v, "precision")) != NULL
            && pcc_json_size(&L->precision, x, "lp.local_minimum.precision", 64, 4096, err))
            return 1;
        if ((x = json_object_get(v, "curvature_lower")) != NULL) {
            if (pcc_json_rational(L->curvature_lower, x, "lp.local_minimum.curvature_lower", err))
                return 1;
            if (fmpq_sgn(L->curvature_lower) < 0)
                return pcc_fail(err, "lp.local_minimum.curvature_lower: must be >= 0");
        }
        for (slong r = 0; r < m; r++)
            if (fmpq_sgn(L->penalties + r) < 0)
                return pcc_fail(err, "lp.local_minimum.penalties[%ld]: must be >= 0", (long) r);
    }
    if ((v = json_object_get(lp, "symmetric")) != NULL) {
        L->has_symmetric = 1;
        if (!json_is_object(v)) return pcc_fail(err, "lp.symmetric: expected an object");
        if (known_keys(v, sym_keys, "lp.symmetric", err)
            || pcc_json_sized_rational_matrix(L->sW, json_object_get(v, "W"), "lp.symmetric.W", V, d, err)
            || pcc_json_sized_rational_matrix(L->sH, json_object_get(v, "H"), "lp.symmetric.H", d, N, err)
            || pcc_json_decimal(L->s_upper, json_object_get(v, "upper"), "lp.symmetric.upper", err))
            return 1;
        L->s_upper_text = strdup(json_string_value(json_object_get(v, "upper")));
    }
    return 0;
}

/* ---- lp_budget, lp_upper ---- */

static int budgets_hold(const pcc_cert_t *C, const fmpq_mat_t W, const fmpq_mat_t H, char *detail,
                        size_t len)
{
    fmpq_t sw, sh;
    fmpq_init(sw); fmpq_init(sh);
    pcc_fmpq_mat_sum_squares(sw, W);
    pcc_fmpq_mat_sum_squares(sh, H);
    char a[96], b[96];
    pcc_fmpq_text(a, sizeof a, sw);
    pcc_fmpq_text(b, sizeof b, sh);
    int ok = fmpq_cmp(sw, C->inst.a) <= 0 && fmpq_cmp(sh, C->inst.b) <= 0;
    snprintf(detail, len, "||W||_F^2 = %s <= V E_W and ||H||_F^2 = %s <= N E_H: %s (exact)", a, b,
             ok ? "both hold" : "violated");
    fmpq_clear(sw); fmpq_clear(sh);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* f(W H) = (1/N) sum_i [LSE(z_i) - <p_i, z_i>], enclosed. */
static void enclose_f(arb_t f, const pcc_cert_t *C, const fmpq_mat_t W, const fmpq_mat_t H, slong prec)
{
    slong V = C->inst.V, N = C->inst.N, d = C->inst.d;
    arb_mat_t Wb, Hb, Z;
    arb_ptr col = _arb_vec_init(V);
    arb_t t, p;
    fmpq_t e;
    arb_mat_init(Wb, V, d); arb_mat_init(Hb, d, N); arb_mat_init(Z, V, N);
    arb_init(t); arb_init(p); fmpq_init(e);
    arb_mat_set_fmpq_mat(Wb, W, prec);
    arb_mat_set_fmpq_mat(Hb, H, prec);
    arb_mat_mul(Z, Wb, Hb, prec);
    arb_zero(f);
    for (slong i = 0; i < N; i++) {
        for (slong k = 0; k < V; k++) arb_set(col + k, arb_mat_entry(Z, k, i));
        pcc_lse(t, col, V, prec);
        arb_add(f, f, t, prec);
        for (slong k = 0; k < V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            arb_set_fmpq(p, e, prec);
            arb_submul(f, p, arb_mat_entry(Z, k, i), prec);
        }
    }
    arb_div_si(f, f, N, prec);
    arb_mat_clear(Wb); arb_mat_clear(Hb); arb_mat_clear(Z);
    _arb_vec_clear(col, V);
    arb_clear(t); arb_clear(p); fmpq_clear(e);
}

static int claim_lp_budget(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return budgets_hold(C, C->lp->W, C->lp->H, detail, len);
}

static int claim_lp_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t f;
    arb_init(f);
    enclose_f(f, C, C->lp->W, C->lp->H, prec);
    int out = pcc_claim_bound(f, C->lp->upper, C->lp->upper_text, 1, "f(W H) of the rank-d point",
                              prec, detail, len);
    arb_clear(f);
    return out;
}

static int claim_lp_symmetric_budget(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return budgets_hold(C, C->lp->sW, C->lp->sH, detail, len);
}

static int claim_lp_symmetric_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t f;
    arb_init(f);
    enclose_f(f, C, C->lp->sW, C->lp->sH, prec);
    int out = pcc_claim_bound(f, C->lp->s_upper, C->lp->s_upper_text, 1,
                              "f(W H) of the symmetric candidate", prec, detail, len);
    arb_clear(f);
    return out;
}

/* ---- lp_local_minimum ---- */

/* The box: u = (W, H, lW, lH, mu) as balls (interior: u = (W, H, mu)); the slice data W0, H0
 * exact (the centre). s: sphere rows (2, or 0 in the interior); m: gauge generators,
 * E_pq = e_p e_q^T - e_q e_p^T for p < q (O(d)), or in the interior E_pq = e_p e_q^T for all
 * p, q (GL(d)) followed by the d translations W -> W + 1 e_q^T (which leave W H's softmax,
 * hence f, unchanged). */
typedef struct {
    slong V, N, d, s, m, nx, n;
    int interior;
    arb_mat_t W0, H0, PT;
    arb_t a, b;
} lp_system_t;

/* T_e for E_pq: the W part (W0 E_pq)[k][r] and the H part -(E_pq H0)[r][i]. */
static void tangent_W(arb_t out, const arb_mat_t W, slong k, slong r, slong p, slong q, int full)
{
    if (p < 0) arb_set_si(out, r == q);      /* translation W -> W + 1 e_q^T */
    else if (r == q) arb_set(out, arb_mat_entry(W, k, p));
    else if (r == p && !full) arb_neg(out, arb_mat_entry(W, k, q));
    else arb_zero(out);
}

static void tangent_H(arb_t out, const arb_mat_t H, slong r, slong i, slong p, slong q, int full)
{
    if (p < 0) arb_zero(out);
    else if (r == p) arb_neg(out, arb_mat_entry(H, q, i));
    else if (r == q && !full) arb_set(out, arb_mat_entry(H, p, i));
    else arb_zero(out);
}

/* Row e of the gauge constraints (generator e in the order of lp_system_t), as a vector over
 * the nx primal unknowns, from (W, H). */
static void tangent_row(arb_ptr row, const arb_mat_t W, const arb_mat_t H, slong e,
                        const lp_system_t *S)
{
    slong p = 0, q = 0;
    if (S->interior) {                        /* E_pq = e_p e_q^T, then translations */
        p = e < S->d * S->d ? e / S->d : -1;
        q = e < S->d * S->d ? e % S->d : e - S->d * S->d;
    } else {
        for (slong c = 0; ; p++) {            /* the e-th pair p < q, lexicographic */
            if (e < c + S->d - p - 1) { q = p + 1 + (e - c); break; }
            c += S->d - p - 1;
        }
    }
    for (slong k = 0; k < S->V; k++)
        for (slong r = 0; r < S->d; r++) tangent_W(row + k * S->d + r, W, k, r, p, q, S->interior);
    for (slong r = 0; r < S->d; r++)
        for (slong i = 0; i < S->N; i++)
            tangent_H(row + S->V * S->d + r * S->N + i, H, r, i, p, q, S->interior);
}

static void split(arb_mat_t W, arb_mat_t H, arb_srcptr u, const lp_system_t *S)
{
    for (slong k = 0; k < S->V; k++)
        for (slong r = 0; r < S->d; r++) arb_set(arb_mat_entry(W, k, r), u + k * S->d + r);
    for (slong r = 0; r < S->d; r++)
        for (slong i = 0; i < S->N; i++) arb_set(arb_mat_entry(H, r, i), u + S->V * S->d + r * S->N + i);
}

/* Sm = softmax of the columns of W H (V x N) over the box. */
static void softmax_columns(arb_mat_t Sm, const arb_mat_t W, const arb_mat_t H, const lp_system_t *S,
                            slong prec)
{
    arb_mat_t Z;
    arb_ptr col = _arb_vec_init(S->V);
    arb_t lse, t;
    arb_mat_init(Z, S->V, S->N); arb_init(lse); arb_init(t);
    arb_mat_mul(Z, W, H, prec);
    for (slong i = 0; i < S->N; i++) {
        for (slong k = 0; k < S->V; k++) arb_set(col + k, arb_mat_entry(Z, k, i));
        pcc_lse(lse, col, S->V, prec);
        for (slong k = 0; k < S->V; k++) {
            arb_sub(t, col + k, lse, prec);
            arb_exp(arb_mat_entry(Sm, k, i), t, prec);
        }
    }
    arb_mat_clear(Z); _arb_vec_clear(col, S->V); arb_clear(lse); arb_clear(t);
}

/* G = (softmax(W H) - P^T) / N over the box. */
static void gradient_Z(arb_mat_t G, arb_mat_t Sm, const arb_mat_t W, const arb_mat_t H,
                       const lp_system_t *S, slong prec)
{
    softmax_columns(Sm, W, H, S, prec);
    arb_mat_sub(G, Sm, S->PT, prec);
    arb_mat_scalar_div_si(G, G, S->N, prec);
}

/* F(u): stationarity of L = f + lW (||W||^2 - a) + lH (||H||^2 - b) + sum mu_e <T_e, x - x0>
 * in (W, H), then the two spheres, then the gauge slice (T_e from the centre W0, H0). */
static void residual(arb_ptr F, arb_srcptr u, const lp_system_t *S, slong prec)
{
    slong V = S->V, N = S->N, d = S->d, nx = S->nx;
    arb_srcptr lW = u + nx, lH = u + nx + 1, mu = u + nx + S->s;
    arb_mat_t W, H, Sm, G;
    arb_ptr row = _arb_vec_init(nx);
    arb_t t;
    arb_mat_init(W, V, d); arb_mat_init(H, d, N); arb_mat_init(Sm, V, N); arb_mat_init(G, V, N);
    arb_init(t);
    split(W, H, u, S);
    gradient_Z(G, Sm, W, H, S, prec);
    _arb_vec_zero(F, S->n);
    for (slong k = 0; k < V; k++)            /* d f / d W[k][r] = sum_i G[k][i] H[r][i] */
        for (slong r = 0; r < d; r++) {
            for (slong i = 0; i < N; i++)
                arb_addmul(F + k * d + r, arb_mat_entry(G, k, i), arb_mat_entry(H, r, i), prec);
            if (S->interior) continue;
            arb_mul(t, lW, arb_mat_entry(W, k, r), prec);
            arb_mul_2exp_si(t, t, 1);
            arb_add(F + k * d + r, F + k * d + r, t, prec);
        }
    for (slong r = 0; r < d; r++)            /* d f / d H[r][i] = sum_k W[k][r] G[k][i] */
        for (slong i = 0; i < N; i++) {
            arb_ptr out = F + V * d + r * N + i;
            for (slong k = 0; k < V; k++)
                arb_addmul(out, arb_mat_entry(W, k, r), arb_mat_entry(G, k, i), prec);
            if (S->interior) continue;
            arb_mul(t, lH, arb_mat_entry(H, r, i), prec);
            arb_mul_2exp_si(t, t, 1);
            arb_add(out, out, t, prec);
        }
    if (!S->interior) {
        arb_neg(F + nx, S->a);
        arb_neg(F + nx + 1, S->b);
        for (slong j = 0; j < V * d; j++) arb_addmul(F + nx, u + j, u + j, prec);
        for (slong j = V * d; j < nx; j++) arb_addmul(F + nx + 1, u + j, u + j, prec);
    }
    for (slong e = 0; e < S->m; e++) {
        tangent_row(row, S->W0, S->H0, e, S);
        for (slong j = 0; j < nx; j++) {
            arb_addmul(F + j, mu + e, row + j, prec);     /* + mu_e T_e */
            arb_sub(t, u + j, j < V * d ? arb_mat_entry(S->W0, j / d, j % d)
                                        : arb_mat_entry(S->H0, (j - V * d) / N, (j - V * d) % N), prec);
            arb_addmul(F + nx + S->s + e, row + j, t, prec);  /* <T_e, x - x0> */
        }
    }
    arb_mat_clear(W); arb_mat_clear(H); arb_mat_clear(Sm); arb_mat_clear(G); arb_clear(t);
    _arb_vec_clear(row, nx);
}

/* A_i[k][l] = (s_ki [k = l] - s_ki s_li) / N: the Hessian of f in column i of Z. */
static void column_hessian(arb_t out, const arb_mat_t Sm, slong i, slong k, slong l, slong N, slong prec)
{
    arb_mul(out, arb_mat_entry(Sm, k, i), arb_mat_entry(Sm, l, i), prec);
    arb_neg(out, out);
    if (k == l) arb_add(out, out, arb_mat_entry(Sm, k, i), prec);
    arb_div_si(out, out, N, prec);
}

/* J (n x n, or nx x nx with primal_only) over the box u: Hessian of L in (W, H), bordered by
 * the constraint rows 2 W, 2 H and T_e. */
static void jacobian(arb_mat_t J, arb_srcptr u, const lp_system_t *S, int primal_only, slong prec)
{
    slong V = S->V, N = S->N, d = S->d, nx = S->nx, wd = V * d;
    arb_srcptr lW = u + nx, lH = u + nx + 1;   /* read only on the spheres (s = 2) */
    arb_mat_t W, H, Sm, G, AW;               /* AW[i*V + k][q] = (A_i W)[k][q] */
    arb_t t, x;
    arb_mat_init(W, V, d); arb_mat_init(H, d, N); arb_mat_init(Sm, V, N); arb_mat_init(G, V, N);
    arb_mat_init(AW, N * V, d); arb_init(t); arb_init(x);
    split(W, H, u, S);
    gradient_Z(G, Sm, W, H, S, prec);
    arb_mat_zero(J);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++)
            for (slong l = 0; l < V; l++) {
                column_hessian(x, Sm, i, k, l, N, prec);
                for (slong q = 0; q < d; q++)
                    arb_addmul(arb_mat_entry(AW, i * V + k, q), x, arb_mat_entry(W, l, q), prec);
                for (slong p = 0; p < d; p++)          /* WW */
                    for (slong q = 0; q < d; q++) {
                        arb_mul(t, arb_mat_entry(H, p, i), arb_mat_entry(H, q, i), prec);
                        arb_addmul(arb_mat_entry(J, k * d + p, l * d + q), t, x, prec);
                    }
            }
    for (slong k = 0; k < V; k++)                     /* WH and HW */
        for (slong p = 0; p < d; p++)
            for (slong q = 0; q < d; q++)
                for (slong i = 0; i < N; i++) {
                    arb_ptr out = arb_mat_entry(J, k * d + p, wd + q * N + i);
                    arb_mul(out, arb_mat_entry(AW, i * V + k, q), arb_mat_entry(H, p, i), prec);
                    if (p == q) arb_add(out, out, arb_mat_entry(G, k, i), prec);
                    arb_set(arb_mat_entry(J, wd + q * N + i, k * d + p), out);
                }
    for (slong i = 0; i < N; i++)                     /* HH: W^T A_i W, block diagonal in i */
        for (slong p = 0; p < d; p++)
            for (slong q = 0; q < d; q++)
                for (slong k = 0; k < V; k++)
                    arb_addmul(arb_mat_entry(J, wd + p * N + i, wd + q * N + i),
                               arb_mat_entry(W, k, p), arb_mat_entry(AW, i * V + k, q), prec);
    if (!S->interior) {
        arb_mul_2exp_si(t, lW, 1);
        for (slong j = 0; j < wd; j++) arb_add(arb_mat_entry(J, j, j), arb_mat_entry(J, j, j), t, prec);
        arb_mul_2exp_si(t, lH, 1);
        for (slong j = wd; j < nx; j++) arb_add(arb_mat_entry(J, j, j), arb_mat_entry(J, j, j), t, prec);
    }
    if (!primal_only) {
        arb_ptr row = _arb_vec_init(nx);
        for (slong j = 0; j < nx && !S->interior; j++) {
            arb_mul_2exp_si(arb_mat_entry(J, nx, j), u + j, 1);
            if (j >= wd) {
                arb_mul_2exp_si(arb_mat_entry(J, nx + 1, j), u + j, 1);
                arb_zero(arb_mat_entry(J, nx, j));
            }
        }
        for (slong e = 0; e < S->m; e++) {
            tangent_row(row, S->W0, S->H0, e, S);
            for (slong j = 0; j < nx; j++) arb_set(arb_mat_entry(J, nx + S->s + e, j), row + j);
        }
        for (slong r = nx; r < S->n; r++)
            for (slong j = 0; j < nx; j++) arb_set(arb_mat_entry(J, j, r), arb_mat_entry(J, r, j));
        _arb_vec_clear(row, nx);
    }
    arb_mat_clear(W); arb_mat_clear(H); arb_mat_clear(Sm); arb_mat_clear(G); arb_mat_clear(AW);
    arb_clear(t); arb_clear(x);
}

/* 1 only if every symmetric matrix in the enclosure S is positive definite: congruence by an
 * exact lower-triangular X with nonzero diagonal (an approximate inverse Cholesky factor),
 * then ball Cholesky of X S X^T. */
static int positive_definite(const arb_mat_t S, slong approx_prec, slong prec)
{
    slong n = arb_mat_nrows(S);
    arb_mat_t M, L, X, Xt, T, I;
    arb_mat_init(M, n, n); arb_mat_init(L, n, n); arb_mat_init(X, n, n); arb_mat_init(Xt, n, n);
    arb_mat_init(T, n, n); arb_mat_init(I, n, n);
    arb_mat_get_mid(M, S);
    int ok = arb_mat_cho(L, M, approx_prec);
    if (ok) {
        arb_mat_get_mid(L, L);
        arb_mat_one(I);
        arb_mat_approx_solve_tril(X, L, I, 0, approx_prec);
        arb_mat_get_mid(X, X);
        for (slong i = 0; i < n && ok; i++) {
            for (slong j = i + 1; j < n; j++) arb_zero(arb_mat_entry(X, i, j));
            ok = !arb_is_zero(arb_mat_entry(X, i, i)) && arb_is_exact(arb_mat_entry(X, i, i));
        }
    }
    if (ok) {
        arb_mat_transpose(Xt, X);
        arb_mat_mul(T, X, S, prec);
        arb_mat_mul(M, T, Xt, prec);
        ok = arb_mat_cho(L, M, prec);
    }
    arb_mat_clear(M); arb_mat_clear(L); arb_mat_clear(X); arb_mat_clear(Xt); arb_mat_clear(T);
    arb_mat_clear(I);
    return ok;
}

static void system_init(lp_system_t *S, const pcc_cert_t *C, slong prec)
{
    const struct pcc_lp *L = C->lp;
    fmpq_t p;
    S->V = C->inst.V; S->N = C->inst.N; S->d = C->inst.d;
    S->interior = L->interior;
    S->s = L->interior ? 0 : 2;
    S->m = L->interior ? S->d * S->d + S->d : S->d * (S->d - 1) / 2;
    S->nx = (S->V + S->N) * S->d;
    S->n = S->nx + S->s + S->m;
    arb_mat_init(S->W0, S->V, S->d); arb_mat_init(S->H0, S->d, S->N); arb_mat_init(S->PT, S->V, S->N);
    arb_init(S->a); arb_init(S->b); fmpq_init(p);
    arb_mat_set_fmpq_mat(S->W0, L->W, prec);
    arb_mat_set_fmpq_mat(S->H0, L->H, prec);
    for (slong i = 0; i < S->N; i++)
        for (slong k = 0; k < S->V; k++) {
            pcc_instance_entry(p, &C->inst, i, k);
            arb_set_fmpq(arb_mat_entry(S->PT, k, i), p, prec);
        }
    arb_set_fmpq(S->a, C->inst.a, prec);
    arb_set_fmpq(S->b, C->inst.b, prec);
    fmpq_clear(p);
}

static void system_clear(lp_system_t *S)
{
    arb_mat_clear(S->W0); arb_mat_clear(S->H0); arb_mat_clear(S->PT); arb_clear(S->a); arb_clear(S->b);
}

/* Bits of the largest number of the lp block's local minimum and of the targets. */
static slong local_bits(const pcc_cert_t *C)
{
    const struct pcc_lp *L = C->lp;
    slong bits = FLINT_MAX(pcc_fmpq_bits(L->lambda_W), pcc_fmpq_bits(L->lambda_H));
    fmpq_t e;
    bits = FLINT_MAX(bits, pcc_fmpq_bits(L->radius));
    bits = FLINT_MAX(bits, pcc_fmpq_vec_max_bits(L->penalties, L->num_penalties));
    if (fmpq_mat_nrows(L->W) * fmpq_mat_ncols(L->W) > 0)
        bits = FLINT_MAX(bits, pcc_fmpq_vec_max_bits(L->W->entries, fmpq_mat_nrows(L->W) * fmpq_mat_ncols(L->W)));
    if (fmpq_mat_nrows(L->H) * fmpq_mat_ncols(L->H) > 0)
        bits = FLINT_MAX(bits, pcc_fmpq_vec_max_bits(L->H->entries, fmpq_mat_nrows(L->H) * fmpq_mat_ncols(L->H)));
    fmpq_init(e);
    for (slong i = 0; i < C->inst.N; i++)
        for (slong k = 0; k < C->inst.V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            bits = FLINT_MAX(bits, pcc_fmpq_bits(e));
        }
    fmpq_clear(e);
    return bits;
}

static int local_minimum_at(pcc_cert_t *C, slong prec, char *detail, size_t len);

/* The claim with bounded work (FORMAT.md "Bounded work"): undecided at the precision ceiling
 * of its numbers, or undecided for a reason that does not depend on the precision, is final. */
static int claim_lp_local_minimum(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong unknowns = (C->inst.V + C->inst.N) * C->inst.d + C->lp->num_penalties;
    slong ceiling = pcc_prec_ceiling(C, local_bits(C), unknowns);
    if (C->lp->precision > 0 && ceiling > 2 * C->lp->precision)
        ceiling = 2 * C->lp->precision;   /* a recorded precision: it and twice it */
    int out;
    if (C->lp->precision > prec) {   /* proved at more bits: attempts below them are skipped */
        snprintf(detail, len, "not attempted below the recorded precision of %ld bits",
                 (long) C->lp->precision);
        out = PCC_UNDECIDED;
    } else {
        out = local_minimum_at(C, prec, detail, len);
    }
    if (out == PCC_UNDECIDED && 2 * prec > ceiling) {
        size_t used = strlen(detail);
        snprintf(detail + used, len - used, ", at the precision ceiling of this claim (FORMAT.md, "
                 "\"Bounded work\")");
        out = PCC_STUCK;
    }
    return out;
}

/* (a) Krawczyk, (b) multipliers > 0 (interior: both budgets strictly inside over the box),
 * (c) slice transversal, (d) Finsler matrix > 0. */
static int local_minimum_at(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    const struct pcc_lp *L = C->lp;
    lp_system_t S;
    system_init(&S, C, prec);
    slong n = S.n, nx = S.nx, m = S.m;
    arb_ptr y = _arb_vec_init(n), X = _arb_vec_init(n), Fy = _arb_vec_init(n);
    arb_mat_t J, Y, Cm, v, w, delta;
    arb_t r, t;
    arb_mat_init(J, n, n); arb_mat_init(Y, n, n); arb_mat_init(Cm, n, n);
    arb_mat_init(v, n, 1); arb_mat_init(w, n, 1); arb_mat_init(delta, n, 1);
    arb_init(r); arb_init(t);
    char rad[96];
    pcc_fmpq_text(rad, sizeof rad, L->radius);
    int out = PCC_REJECTED;
    /* approximate inverses: binary64-like 64 bits, or the working precision when the
     * certificate records one (a curvature below double precision, docs/below-rank.md) */
    slong approx_prec = L->precision > 0 ? prec : 64;
    for (slong j = 0; j < nx; j++)
        arb_set(y + j, j < S.V * S.d ? arb_mat_entry(S.W0, j / S.d, j % S.d)
                                     : arb_mat_entry(S.H0, (j - S.V * S.d) / S.N, (j - S.V * S.d) % S.N));
    if (!S.interior) {
        arb_set_fmpq(y + nx, L->lambda_W, prec);
        arb_set_fmpq(y + nx + 1, L->lambda_H, prec);
    }
    arb_set_fmpq(r, L->radius, prec);
    for (slong j = 0; j < n; j++) {
        arb_set(X + j, y + j);
        arb_add_error(X + j, r);
    }
    /* (a) K(X) - y = -Y F(y) + (I - Y J(X)) [-r, r]^n strictly inside [-r, r]^n */
    residual(Fy, y, &S, prec);
    jacobian(J, y, &S, 0, prec);
    arb_mat_get_mid(Cm, J);
    if (!arb_mat_approx_inv(Y, Cm, approx_prec)) {
        snprintf(detail, len, "the KKT Jacobian at the centre is singular to %ld bits (the "
                 "approximate inverse does not depend on the precision: not retried)",
                 (long) approx_prec);
        out = PCC_STUCK;
        goto done;
    }
    arb_mat_get_mid(Y, Y);
    jacobian(J, X, &S, 0, prec);
    arb_mat_mul(Cm, Y, J, prec);
    arb_mat_neg(Cm, Cm);
    for (slong j = 0; j < n; j++) {
        arb_add_si(arb_mat_entry(Cm, j, j), arb_mat_entry(Cm, j, j), 1, prec);
        arb_set(arb_mat_entry(v, j, 0), Fy + j);
        arb_zero(arb_mat_entry(delta, j, 0));
        arb_add_error(arb_mat_entry(delta, j, 0), r);
    }
    arb_mat_mul(w, Y, v, prec);
    arb_mat_neg(w, w);
    arb_mat_mul(v, Cm, delta, prec);
    arb_mat_add(w, w, v, prec);
    for (slong j = 0; j < n; j++) {
        arb_abs(t, arb_mat_entry(w, j, 0));
        if (!arb_lt(t, r)) {
            char got[96];
            pcc_arb_text(got, sizeof got, t);
            snprintf(detail, len, "Krawczyk: |K(X) - y| in unknown %ld is %s, not < radius %s: no "
                     "KKT point is proved in the box", (long) j, got, rad);
            out = arb_gt(t, r) ? PCC_REJECTED : PCC_UNDECIDED;
            goto done;
        }
    }
    /* (b) */
    if (S.interior) {
        arb_t sw, sh;
        arb_init(sw); arb_init(sh);
        for (slong j = 0; j < nx; j++) arb_addmul(j < S.V * S.d ? sw : sh, X + j, X + j, prec);
        int inside = arb_lt(sw, S.a) && arb_lt(sh, S.b);
        arb_clear(sw); arb_clear(sh);
        if (!inside) {
            snprintf(detail, len, "interior gauge: ||W||^2 < a and ||H||^2 < b are not proved over "
                     "the box of radius %s (a budget may bind)", rad);
            goto done;
        }
    } else if (!arb_is_positive(X + nx) || !arb_is_positive(X + nx + 1)) {
        snprintf(detail, len, "lambda_W or lambda_H is not > 0 over the box of radius %s", rad);
        goto done;
    }
    /* (c) the symmetric part of M_ef = <T_e(x0), T_f(x)> positive definite over the box */
    if (m > 0) {
        arb_mat_t M, Mt, Wx, Hx, R0, Rx;
        arb_mat_init(M, m, m); arb_mat_init(Mt, m, m); arb_mat_init(Wx, S.V, S.d); arb_mat_init(Hx, S.d, S.N);
        arb_mat_init(R0, m, nx); arb_mat_init(Rx, m, nx);
        split(Wx, Hx, X, &S);
        for (slong e = 0; e < m; e++) {
            tangent_row(R0->rows[e], S.W0, S.H0, e, &S);
            tangent_row(Rx->rows[e], Wx, Hx, e, &S);
        }
        arb_mat_t Rxt;
        arb_mat_init(Rxt, nx, m);
        arb_mat_transpose(Rxt, Rx);
        arb_mat_mul(M, R0, Rxt, prec);
        arb_mat_transpose(Mt, M);
        arb_mat_add(M, M, Mt, prec);
        int ok = arb_mat_cho(Mt, M, prec);
        arb_mat_clear(M); arb_mat_clear(Mt); arb_mat_clear(Wx); arb_mat_clear(Hx);
        arb_mat_clear(R0); arb_mat_clear(Rx); arb_mat_clear(Rxt);
        if (!ok) {
            snprintf(detail, len, "the gauge slice is not proved transversal to the %s orbit "
                     "over the box of radius %s", S.interior ? "GL(d)" : "O(d)", rad);
            out = PCC_UNDECIDED;
            goto done;
        }
    }
    /* (d) Hess L(X) + sum_r c_r a_r a_r^T positive definite over the box */
    {
        slong rows = S.s + m;
        arb_mat_t Hs, A, At, Ac, P;
        arb_mat_init(Hs, nx, nx); arb_mat_init(A, rows, nx); arb_mat_init(At, nx, rows);
        arb_mat_init(Ac, rows, nx); arb_mat_init(P, nx, nx);
        jacobian(Hs, X, &S, 1, prec);
        arb_mat_t Wx, Hx;
        arb_mat_init(Wx, S.V, S.d); arb_mat_init(Hx, S.d, S.N);
        split(Wx, Hx, X, &S);
        for (slong j = 0; j < nx && !S.interior; j++) {
            if (j < S.V * S.d) arb_mul_2exp_si(arb_mat_entry(A, 0, j), X + j, 1);
            else arb_mul_2exp_si(arb_mat_entry(A, 1, j), X + j, 1);
        }
        for (slong e = 0; e < m; e++)
            tangent_row(A->rows[S.s + e], S.W0, S.H0, e, &S);
        for (slong rr = 0; rr < rows; rr++) {
            arb_set_fmpq(t, L->penalties + rr, prec);
            for (slong j = 0; j < nx; j++)
                arb_mul(arb_mat_entry(Ac, rr, j), arb_mat_entry(A, rr, j), t, prec);
        }
        arb_mat_transpose(At, A);
        arb_mat_mul(P, At, Ac, prec);
        arb_mat_add(Hs, Hs, P, prec);
        for (slong i = 0; i < nx; i++)     /* the exact matrix is symmetric */
            for (slong j = i + 1; j < nx; j++) {
                arb_union(arb_mat_entry(Hs, i, j), arb_mat_entry(Hs, i, j), arb_mat_entry(Hs, j, i), prec);
                arb_set(arb_mat_entry(Hs, j, i), arb_mat_entry(Hs, i, j));
            }
        if (fmpq_sgn(L->curvature_lower) > 0) {     /* - mu I */
            arb_set_fmpq(t, L->curvature_lower, prec);
            for (slong i = 0; i < nx; i++)
                arb_sub(arb_mat_entry(Hs, i, i), arb_mat_entry(Hs, i, i), t, prec);
        }
        int ok = positive_definite(Hs, approx_prec, prec);
        arb_mat_clear(Hs); arb_mat_clear(A); arb_mat_clear(At); arb_mat_clear(Ac); arb_mat_clear(P);
        arb_mat_clear(Wx); arb_mat_clear(Hx);
        if (!ok) {
            snprintf(detail, len, "second-order condition: Hess L + sum c_r a_r a_r^T - "
                     "curvature_lower I is not proved positive definite over the box of radius %s", rad);
            out = PCC_UNDECIDED;
            goto done;
        }
    }
    char mu[96] = "";
    if (fmpq_sgn(L->curvature_lower) > 0) {
        char num[64];
        pcc_fmpq_text(num, sizeof num, L->curvature_lower);
        snprintf(mu, sizeof mu, ", curvature >= %s", num);
    }
    snprintf(detail, len, "a local minimum of (LP) at d = %ld lies in the box of radius %s around "
             "lp.W, lp.H (Krawczyk on the %ld-unknown KKT system at %ld bits, %s, slice "
             "transversal to the %s orbit, second-order condition by ball Cholesky%s)", (long) S.d,
             rad, (long) n, (long) prec, S.interior ? "both budgets strictly inside" : "multipliers > 0",
             S.interior ? "GL(d)" : "O(d)", mu);
    out = PCC_VERIFIED;
done:
    _arb_vec_clear(y, n); _arb_vec_clear(X, n); _arb_vec_clear(Fy, n);
    arb_mat_clear(J); arb_mat_clear(Y); arb_mat_clear(Cm);
    arb_mat_clear(v); arb_mat_clear(w); arb_mat_clear(delta);
    arb_clear(r); arb_clear(t);
    system_clear(&S);
    return out;
}

void pcc_check_lp(pcc_report_t *R, pcc_cert_t *C)
{
    if (C->lp == NULL) return;
    pcc_run_claim(R, C, "lp_budget", claim_lp_budget);
    pcc_run_claim(R, C, "lp_upper", claim_lp_upper);
    if (C->lp->has_symmetric) {
        pcc_run_claim(R, C, "lp_symmetric_budget", claim_lp_symmetric_budget);
        pcc_run_claim(R, C, "lp_symmetric_upper", claim_lp_symmetric_upper);
    }
    if (C->lp->has_local)
        pcc_run_claim(R, C, "lp_local_minimum", claim_lp_local_minimum);
}

void pcc_lp_summary(char *out, size_t len, const pcc_cert_t *C)
{
    snprintf(out, len, "; val(C) <= val(LP) at d = %ld <= %.120s%s", (long) C->inst.d,
             C->lp->upper_text, C->lp->has_local ? ", and a local minimum of (LP) lies in the box" : "");
}
