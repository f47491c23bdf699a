/* Bounds of a low-rank certificate (SPEC 3 and 15): W, H binary64 (exact), Z = W H exactly,
 * Q = softmax(Z) columnwise. Z enclosed from fl(W H) with the a-priori dgemm error bound
 * gamma_r/(1 - gamma_r) fl(|W||H|) + 2^-999 (SPEC 15, lemma 1 for each entry), f and the
 * entropies by Arb in one pass over the V N entries, ||Q - P||_op <= s~ + ||E||_F with s~
 * proved for the binary64 matrix M~ = mid(Q) - p~ and E = (Q - P) - M~ bounded entrywise. */
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <cblas.h>
#include "floatproof_internal.h"
#include "peelcert/verify.h"

void pc_floatproof_bounds_init(pc_floatproof_bounds_t *out)
{
    arb_init(out->upper);
    arb_init(out->lower);
    arb_init(out->entropy_sum);
    arb_init(out->rho);
    arb_init(out->norm_W2);
    arb_init(out->norm_H2);
    out->opnorm_bound = INFINITY;
    out->opnorm_float = INFINITY;
    out->error_frobenius = INFINITY;
}

void pc_floatproof_bounds_clear(pc_floatproof_bounds_t *out)
{
    arb_clear(out->upper);
    arb_clear(out->lower);
    arb_clear(out->entropy_sum);
    arb_clear(out->rho);
    arb_clear(out->norm_W2);
    arb_clear(out->norm_H2);
}

/* out = sum x_i^2 exactly (arf arithmetic without rounding); 0 if an entry is not finite. */
static int lr_sum_squares(arb_t out, const double *x, slong n)
{
    arf_t s, t;
    arf_init(s);
    arf_init(t);
    int ok = 1;
    for (slong i = 0; i < n && ok; i++) {
        if (!isfinite(x[i]))
            ok = 0;
        arf_set_d(t, x[i]);
        arf_mul(t, t, t, ARF_PREC_EXACT, ARF_RND_DOWN);
        arf_add(s, s, t, ARF_PREC_EXACT, ARF_RND_DOWN);
    }
    arb_set_arf(out, s);
    arf_clear(s);
    arf_clear(t);
    return ok;
}

/* PC_OK iff ||X||_F^2 <= budget exactly; the message names the budget and the numbers. */
static pc_status_t lr_budget(arb_t norm2, const double *X, slong n, const fmpq_t budget,
                             const char *name, pc_msg_t *msg)
{
    if (!lr_sum_squares(norm2, X, n))
        return pc_fail(msg, PC_BAD_INPUT, "%s: an entry is not finite", name);
    fmpz_t man, ex;
    fmpq_t v;
    fmpz_init(man);
    fmpz_init(ex);
    fmpq_init(v);
    arf_get_fmpz_2exp(man, ex, arb_midref(norm2));
    fmpz_set(fmpq_numref(v), man);
    fmpz_one(fmpq_denref(v));
    if (fmpz_sgn(ex) >= 0)
        fmpq_mul_2exp(v, v, fmpz_get_ui(ex));
    else {
        fmpz_neg(ex, ex);
        fmpq_div_2exp(v, v, fmpz_get_ui(ex));
    }
    int ok = fmpq_cmp(v, budget) <= 0;
    double shown = fmpq_get_d(v), lim = fmpq_get_d(budget);
    fmpz_clear(man);
    fmpz_clear(ex);
    fmpq_clear(v);
    if (!ok)
        return pc_fail(msg, PC_NOT_PROVED, "budget E_%s: ||%s||_F^2 = %.17g exceeds %s = %.17g",
                       name, name, shown, name[0] == 'W' ? "a = V E_W" : "b = N E_H", lim);
    return PC_OK;
}

/* Column i of P^T (p_i, V entries) as exact balls (radius 0 unless the rational is not dyadic:
 * enclosed at prec) and nearest-ish binary64 values. */
static void lr_target_column(arb_ptr p, double *pd, const pc_instance_t *inst, slong i,
                             slong prec, fmpq_t tmp)
{
    slong V = inst->tokens;
    if (inst->form == PC_TARGETS_ONEHOT || inst->form == PC_TARGETS_SPARSE) {
        for (slong k = 0; k < V; k++) {
            arb_zero(p + k);
            pd[k] = 0.0;
        }
        if (inst->form == PC_TARGETS_ONEHOT) {
            arb_one(p + inst->onehot[i]);
            pd[inst->onehot[i]] = 1.0;
            return;
        }
        for (slong m = inst->sparse_start[i]; m < inst->sparse_start[i + 1]; m++) {
            arb_set_fmpq(p + inst->sparse_index[m], inst->sparse_value + m, prec);
            pd[inst->sparse_index[m]] = fmpq_get_d(inst->sparse_value + m);
        }
        return;
    }
    for (slong k = 0; k < V; k++) {
        pc_instance_target(tmp, inst, i, k);
        arb_set_fmpq(p + k, tmp, prec);
        pd[k] = fmpq_get_d(tmp);
    }
}

/* x +/- d for a binary64 d: d set exactly as a ball, then the Arb operation. */
static void lr_add_double(arb_t out, const arb_t x, double d, int sign, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_d(t, d);
    if (sign > 0)
        arb_add(out, x, t, prec);
    else
        arb_sub(out, x, t, prec);
    arb_clear(t);
}

/* One column: z balls from fl(z) and the radius column; adds LSE - <p, z> to fsum and
 * H(q) = LSE - <q, z> to hsum; writes M~ column (mid(q) - p~) over rad; adds |E|^2 to esq. */
static void lr_column(arb_t fsum, arb_t hsum, mag_t esq, double *mcol, const double *zcol,
                      double *radcol, arb_srcptr p, const double *pd, slong V, const mag_t c1,
                      const mag_t c2, arb_ptr z, arb_ptr e, slong prec)
{
    arb_t sum, lse, t, u;
    mag_t m;
    arb_init(sum); arb_init(lse); arb_init(t); arb_init(u);
    mag_init(m);
    double zmax = zcol[0];
    for (slong k = 0; k < V; k++) {
        if (zcol[k] > zmax)
            zmax = zcol[k];
        arb_set_d(z + k, zcol[k]);
        mag_set_d(m, radcol[k]);
        mag_mul(m, m, c1);
        mag_add(m, m, c2);
        arb_add_error_mag(z + k, m);
    }
    for (slong k = 0; k < V; k++) {
        lr_add_double(t, z + k, zmax, -1, prec);      /* exact shift by a binary64 constant */
        arb_exp(e + k, t, prec);
        arb_add(sum, sum, e + k, prec);
    }
    arb_log(lse, sum, prec);
    lr_add_double(lse, lse, zmax, 1, prec);
    arb_add(fsum, fsum, lse, prec);
    arb_add(hsum, hsum, lse, prec);
    for (slong k = 0; k < V; k++) {
        arb_div(e + k, e + k, sum, prec);     /* q_k */
        arb_mul(t, e + k, z + k, prec);
        arb_sub(hsum, hsum, t, prec);
        if (!arb_is_zero(p + k)) {
            arb_mul(t, p + k, z + k, prec);
            arb_sub(fsum, fsum, t, prec);
        }
        double md = arf_get_d(arb_midref(e + k), ARF_RND_NEAR) - pd[k];
        mcol[k] = md;
        arb_sub(u, e + k, p + k, prec);       /* q - p, enclosed */
        lr_add_double(u, u, md, -1, prec);            /* E = (q - p) - M~ */
        arb_get_mag(m, u);
        mag_addmul(esq, m, m);
    }
    arb_clear(sum); arb_clear(lse); arb_clear(t); arb_clear(u);
    mag_clear(m);
}

/* Encloses f, sum H(q_i), fills M~ (V x N, over rad) and returns ||E||_F^2 bound in esq. */
static int lr_pass(pc_floatproof_bounds_t *out, mag_t esq, double *Z, double *R,
                   const pc_instance_t *inst, slong r, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    mag_t c1, c2;
    mag_init(c1);
    mag_init(c2);
    double g = pc_floatproof_gamma((double) r);
    if (!isfinite(g))
        return 0;
    mag_set_d(c1, nextafter(g / pc_floatproof_sub_down(1.0, g), INFINITY));
    mag_set_d(c2, 0x1p-999);   /* dominates 2 r eta (1 + ...) for r < 2^40 */
    arb_ptr z = _arb_vec_init(V), e = _arb_vec_init(V), p = _arb_vec_init(V);
    double *pd = malloc(sizeof(double) * (size_t) V);
    fmpq_t tmp;
    fmpq_init(tmp);
    arb_t fsum;
    arb_init(fsum);
    arb_zero(out->entropy_sum);
    mag_zero(esq);
    for (slong i = 0; i < N; i++) {
        lr_target_column(p, pd, inst, i, prec, tmp);
        lr_column(fsum, out->entropy_sum, esq, R + i * V, Z + i * V, R + i * V, p, pd, V, c1, c2,
                  z, e, prec);
    }
    arb_div_si(out->upper, fsum, N, prec);
    arb_clear(fsum);
    fmpq_clear(tmp);
    free(pd);
    _arb_vec_clear(z, V);
    _arb_vec_clear(e, V);
    _arb_vec_clear(p, V);
    mag_clear(c1);
    mag_clear(c2);
    return arb_is_finite(out->upper) && arb_is_finite(out->entropy_sum);
}

static double *lr_abs_copy(const double *X, slong n)
{
    double *A = malloc(sizeof(double) * (size_t) n);
    for (slong i = 0; A != NULL && i < n; i++)
        A[i] = fabs(X[i]);
    return A;
}

/* Z = fl(W H) and R = fl(|W| |H|) (V x N each); NULL pair on allocation failure. */
static int lr_products(double **Z, double **R, const double *W, const double *H, slong V,
                       slong N, slong r)
{
    *Z = malloc(sizeof(double) * (size_t) V * (size_t) N);
    *R = malloc(sizeof(double) * (size_t) V * (size_t) N);
    double *Wa = lr_abs_copy(W, V * r), *Ha = lr_abs_copy(H, r * N);
    int ok = *Z && *R && Wa && Ha;
    if (ok) {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int) V, (int) N, (int) r, 1.0, W,
                    (int) V, H, (int) r, 0.0, *Z, (int) V);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int) V, (int) N, (int) r, 1.0,
                    Wa, (int) V, Ha, (int) r, 0.0, *R, (int) V);
    }
    free(Wa);
    free(Ha);
    return ok;
}

pc_status_t pc_floatproof_lowrank_bounds(pc_floatproof_bounds_t *out, const pc_instance_t *inst,
                                         const double *W, const double *H, slong r, slong prec,
                                         pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    if (prec <= 0)
        prec = 64;
    if (fegetround() != FE_TONEAREST)
        return pc_fail(msg, PC_NOT_PROVED, "floating-point proof: rounding mode is not "
                       "round-to-nearest");
    if (r < 1 || (double) r >= 0x1p40 || V < 1 || N < 1)
        return pc_fail(msg, PC_BAD_INPUT, "lowrank: rank r = %ld must be >= 1", (long) r);
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_status_t st = lr_budget(out->norm_W2, W, V * r, a, "W", msg);
    if (st == PC_OK)
        st = lr_budget(out->norm_H2, H, r * N, b, "H", msg);
    fmpq_clear(a);
    fmpq_clear(b);
    if (st != PC_OK)
        return st;
    double *Z, *R;
    if (!lr_products(&Z, &R, W, H, V, N, r)) {
        free(Z);
        free(R);
        return pc_fail(msg, PC_NOT_PROVED, "lowrank: out of memory for V x N = %ld x %ld",
                       (long) V, (long) N);
    }
    mag_t esq;
    mag_init(esq);
    int ok = lr_pass(out, esq, Z, R, inst, r, prec);
    free(Z);
    double s_float;
    if (ok)
        ok = pc_floatproof_opnorm_bound(&s_float, R, V, N, V);
    free(R);
    if (!ok) {
        mag_clear(esq);
        return pc_fail(msg, PC_NOT_PROVED, "opnorm_bound: ||Q - P||_op could not be bounded "
                       "in binary64 (overflow or a failed Cholesky)");
    }
    arb_t s, t;
    arb_init(s);
    arb_init(t);
    mag_sqrt(esq, esq);
    out->error_frobenius = mag_get_d(esq);        /* upper bound (mag rounds up) */
    out->opnorm_float = s_float;
    out->opnorm_bound = pc_floatproof_add_up(s_float, out->error_frobenius);
    arb_set_d(s, out->opnorm_bound);
    pc_verify_rho(out->rho, inst, prec);
    arb_mul(t, out->rho, s, prec);
    arb_sub(t, out->entropy_sum, t, prec);
    arb_div_si(out->lower, t, N, prec);
    arb_clear(s);
    arb_clear(t);
    mag_clear(esq);
    if (!arb_is_finite(out->lower))
        return pc_fail(msg, PC_NOT_PROVED, "lower: the enclosure is not finite");
    return PC_OK;
}
