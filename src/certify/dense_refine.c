/* Multiprecision refinement of the dense path for small instances (SPEC 3, 4, 6).
 *
 * In the binding regime with d >= r = rank(Z°), the optimum of (C) factors as W H with
 * W (V x r), H (r x N) solving the KKT system of the factored problem (SPEC 4, 6):
 *
 *     F1 = G H^T + 2 lW W = 0,   F2 = W^T G + 2 lH H = 0,   ||W||_F^2 = a,   ||H||_F^2 = b,
 *
 * G = (softmax(W H) - P^T)/N. The O(r) gauge (W K, -K H), K antisymmetric, is removed by the
 * extra equations antisym(W^T dW - dH H^T) = 0, and the consistent overdetermined linear system
 * is solved by least squares. Newton steps are computed in double (LAPACK) from a residual
 * evaluated in Arb at the working precision (defect correction): each step gains roughly
 * -log10(cond * 1e-16) digits once the quadratic phase is over.
 *
 * Nothing here proves anything: the refined point is rounded to exact rationals and every
 * bound comes from the verify module (verify.h), exactly as on the floating path. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <cblas.h>
#include "dense_refine.h"
#include "peelcert/verify.h"

typedef struct {
    slong V, N, r, m, g;   /* m unknowns, g gauge equations */
} refine_dims_t;

/* Offsets in the unknown vector: W (V x r row-major), H (r x N row-major), lW, lH. */
#define OFF_H(D) ((D)->V * (D)->r)
#define OFF_LW(D) ((D)->V * (D)->r + (D)->r * (D)->N)
#define OFF_LH(D) (OFF_LW(D) + 1)

/* Starting point from the floating optimum: balanced rank-r factorisation of sol->Z (SPEC 2)
 * and the multipliers from <G, Z> + 2 lW ||W||^2 = 0. Returns 0 on success. */
static int refine_start(double *x, const refine_dims_t *D, const pc_float_solution_t *sol,
                        const double *P, double a, double b)
{
    slong V = D->V, N = D->N, r = D->r, k = V < N ? V : N;
    double *A = malloc(sizeof(double) * V * N), *s = malloc(sizeof(double) * k);
    double *U = malloc(sizeof(double) * V * k), *VT = malloc(sizeof(double) * k * N);
    double *sup = malloc(sizeof(double) * k);
    memcpy(A, sol->Z, sizeof(double) * V * N);
    int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'S', 'S', V, N, A, N, s, U, k, VT, N, sup);
    if (info == 0) {
        double cw = pow(a / b, 0.25), ch = pow(b / a, 0.25);
        for (slong i = 0; i < V; i++)
            for (slong j = 0; j < r; j++)
                x[i * r + j] = cw * U[i * k + j] * sqrt(s[j]);
        for (slong j = 0; j < r; j++)
            for (slong i = 0; i < N; i++)
                x[OFF_H(D) + j * N + i] = ch * sqrt(s[j]) * VT[j * N + i];
        double gz = 0.0;
        for (slong i = 0; i < N; i++) {
            double mx = -INFINITY, sum = 0.0;
            for (slong t = 0; t < V; t++) mx = fmax(mx, sol->Z[t * N + i]);
            for (slong t = 0; t < V; t++) sum += exp(sol->Z[t * N + i] - mx);
            for (slong t = 0; t < V; t++)
                gz += (exp(sol->Z[t * N + i] - mx) / sum - P[i * V + t]) / N * sol->Z[t * N + i];
        }
        x[OFF_LW(D)] = -gz / (2 * a);
        x[OFF_LH(D)] = -gz / (2 * b);
    }
    free(A); free(s); free(U); free(VT); free(sup);
    return info;
}

/* F(x) in Arb at prec (the radii are ignored by the caller: only midpoints drive Newton). */
static void refine_residual(arb_ptr F, arb_srcptr x, const arb_mat_t PT, const refine_dims_t *D,
                            const fmpq_t a, const fmpq_t b, slong prec)
{
    slong V = D->V, N = D->N, r = D->r;
    arb_mat_t W, H, Z, HT, WT, F1, F2;
    arb_mat_init(W, V, r); arb_mat_init(H, r, N); arb_mat_init(Z, V, N);
    arb_mat_init(HT, N, r); arb_mat_init(WT, r, V); arb_mat_init(F1, V, r); arb_mat_init(F2, r, N);
    for (slong i = 0; i < V; i++)
        for (slong j = 0; j < r; j++)
            arb_set(arb_mat_entry(W, i, j), x + i * r + j);
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < N; i++)
            arb_set(arb_mat_entry(H, j, i), x + OFF_H(D) + j * N + i);
    arb_mat_mul(Z, W, H, prec);
    arb_t sum, t;
    arb_init(sum); arb_init(t);
    for (slong i = 0; i < N; i++) {           /* Z <- G = (softmax(Z) - P^T)/N, per column */
        arb_zero(sum);
        for (slong k = 0; k < V; k++) {
            arb_exp(arb_mat_entry(Z, k, i), arb_mat_entry(Z, k, i), prec);
            arb_add(sum, sum, arb_mat_entry(Z, k, i), prec);
        }
        for (slong k = 0; k < V; k++) {
            arb_div(arb_mat_entry(Z, k, i), arb_mat_entry(Z, k, i), sum, prec);
            arb_sub(arb_mat_entry(Z, k, i), arb_mat_entry(Z, k, i), arb_mat_entry(PT, k, i), prec);
            arb_div_si(arb_mat_entry(Z, k, i), arb_mat_entry(Z, k, i), N, prec);
        }
    }
    arb_mat_transpose(HT, H);
    arb_mat_transpose(WT, W);
    arb_mat_mul(F1, Z, HT, prec);
    arb_mat_mul(F2, WT, Z, prec);
    arb_mul_2exp_si(t, x + OFF_LW(D), 1);
    for (slong i = 0; i < V; i++)
        for (slong j = 0; j < r; j++)
            arb_addmul(F + i * r + j, t, arb_mat_entry(W, i, j), prec),
            arb_add(F + i * r + j, F + i * r + j, arb_mat_entry(F1, i, j), prec);
    arb_mul_2exp_si(t, x + OFF_LH(D), 1);
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < N; i++)
            arb_addmul(F + OFF_H(D) + j * N + i, t, arb_mat_entry(H, j, i), prec),
            arb_add(F + OFF_H(D) + j * N + i, F + OFF_H(D) + j * N + i, arb_mat_entry(F2, j, i), prec);
    arb_dot(F + OFF_LW(D), NULL, 0, x, 1, x, 1, V * r, prec);
    arb_set_fmpq(t, a, prec);
    arb_sub(F + OFF_LW(D), F + OFF_LW(D), t, prec);
    arb_dot(F + OFF_LH(D), NULL, 0, x + OFF_H(D), 1, x + OFF_H(D), 1, r * N, prec);
    arb_set_fmpq(t, b, prec);
    arb_sub(F + OFF_LH(D), F + OFF_LH(D), t, prec);
    arb_clear(sum); arb_clear(t);
    arb_mat_clear(W); arb_mat_clear(H); arb_mat_clear(Z); arb_mat_clear(HT); arb_mat_clear(WT);
    arb_mat_clear(F1); arb_mat_clear(F2);
}

/* Row-major (m + g) x m Jacobian in double at x: the KKT rows, then the gauge rows. */
static void refine_jacobian(double *J, const double *x, const double *PT, const refine_dims_t *D)
{
    slong V = D->V, N = D->N, r = D->r, m = D->m;
    const double *W = x, *H = x + OFF_H(D);
    double lW = x[OFF_LW(D)], lH = x[OFF_LH(D)];
    double *S = malloc(sizeof(double) * V * N), *G = malloc(sizeof(double) * V * N);
    double *dZ = malloc(sizeof(double) * V * N), *dx = calloc(m, sizeof(double));
    double *dF = malloc(sizeof(double) * m), *A = malloc(sizeof(double) * r * r);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, W, r, H, N, 0.0, S, N);
    for (slong i = 0; i < N; i++) {
        double mx = -INFINITY, sum = 0.0;
        for (slong k = 0; k < V; k++) mx = fmax(mx, S[k * N + i]);
        for (slong k = 0; k < V; k++) sum += (S[k * N + i] = exp(S[k * N + i] - mx));
        for (slong k = 0; k < V; k++) {
            S[k * N + i] /= sum;
            G[k * N + i] = (S[k * N + i] - PT[k * N + i]) / N;
        }
    }
    for (slong c = 0; c < m; c++) {
        dx[c] = 1.0;
        const double *dW = dx, *dH = dx + OFF_H(D);
        /* dZ = dW H + W dH; dG = (diag(s) - s s^T) dZ / N, column by column (into dZ) */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, dW, r, H, N, 0.0, dZ, N);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, W, r, dH, N, 1.0, dZ, N);
        for (slong i = 0; i < N; i++) {
            double sd = 0.0;
            for (slong k = 0; k < V; k++) sd += S[k * N + i] * dZ[k * N + i];
            for (slong k = 0; k < V; k++) dZ[k * N + i] = S[k * N + i] * (dZ[k * N + i] - sd) / N;
        }
        /* dF1 = dG H^T + G dH^T + 2 dlW W + 2 lW dW */
        for (slong j = 0; j < V * r; j++)
            dF[j] = 2 * dx[OFF_LW(D)] * W[j] + 2 * lW * dW[j];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0, dZ, N, H, N, 1.0, dF, r);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0, G, N, dH, N, 1.0, dF, r);
        /* dF2 = dW^T G + W^T dG + 2 dlH H + 2 lH dH */
        double *dF2 = dF + OFF_H(D);
        for (slong j = 0; j < r * N; j++)
            dF2[j] = 2 * dx[OFF_LH(D)] * H[j] + 2 * lH * dH[j];
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, 1.0, dW, r, G, N, 1.0, dF2, N);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, 1.0, W, r, dZ, N, 1.0, dF2, N);
        dF[OFF_LW(D)] = 2 * cblas_ddot(V * r, W, 1, dW, 1);
        dF[OFF_LH(D)] = 2 * cblas_ddot(r * N, H, 1, dH, 1);
        /* gauge: A = W^T dW - dH H^T, rows antisym(A)[p][q] = 0 for p < q */
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, r, V, 1.0, W, r, dW, r, 0.0, A, r);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r, r, N, -1.0, dH, N, H, N, 1.0, A, r);
        for (slong row = 0; row < m; row++)
            J[row * m + c] = dF[row];
        slong row = m;
        for (slong p = 0; p < r; p++)
            for (slong q = p + 1; q < r; q++)
                J[(row++) * m + c] = A[p * r + q] - A[q * r + p];
        dx[c] = 0.0;
    }
    free(S); free(G); free(dZ); free(dx); free(dF); free(A);
}

/* max |mid(F_j)| as a double (rounded up). */
static double residual_max(arb_srcptr F, slong m)
{
    double out = 0.0;
    for (slong j = 0; j < m; j++)
        out = fmax(out, fabs(arf_get_d(arb_midref(F + j), ARF_RND_UP)));
    return out;
}

/* Defect-corrected Newton iteration; x (arb midpoints, radius 0) is refined in place.
 * Returns the last residual max-norm (the caller compares it with its tolerance). */
static double refine_newton(arb_ptr x, const refine_dims_t *D, const double *PTd,
                            const arb_mat_t PT, const fmpq_t a, const fmpq_t b, double tol,
                            slong prec, slong *steps)
{
    slong m = D->m, rows = D->m + D->g;
    arb_ptr F = _arb_vec_init(m);
    double *xd = malloc(sizeof(double) * m), *J = malloc(sizeof(double) * rows * m);
    double *rhs = malloc(sizeof(double) * rows);
    double res = INFINITY, best = INFINITY;
    slong stalled = 0;
    arf_t step;
    arf_init(step);
    for (*steps = 0; *steps < 60; (*steps)++) {
        _arb_vec_zero(F, m);
        refine_residual(F, x, PT, D, a, b, prec);
        res = residual_max(F, m);
        if (res <= tol || !isfinite(res))
            break;
        stalled = res < 0.5 * best ? 0 : stalled + 1;
        best = fmin(best, res);
        if (stalled >= 4)
            break;
        for (slong j = 0; j < m; j++) {
            xd[j] = arf_get_d(arb_midref(x + j), ARF_RND_NEAR);
            rhs[j] = -arf_get_d(arb_midref(F + j), ARF_RND_NEAR);
        }
        for (slong j = m; j < rows; j++)
            rhs[j] = 0.0;
        refine_jacobian(J, xd, PTd, D);
        if (LAPACKE_dgels(LAPACK_ROW_MAJOR, 'N', rows, m, 1, J, m, rhs, 1) != 0)
            break;
        for (slong j = 0; j < m; j++) {   /* midpoints only: x + dx rounded to prec */
            arf_set_d(step, rhs[j]);
            arf_add(arb_midref(x + j), arb_midref(x + j), step, prec, ARF_RND_NEAR);
            mag_zero(arb_radref(x + j));
        }
    }
    arf_clear(step);
    _arb_vec_clear(F, m);
    free(xd); free(J); free(rhs);
    return res;
}

/* A <- t A with t = 1 - 2^-k, k decreasing from about -log2(excess), until sum A^2 <= budget
 * holds exactly. The shrink is of the order of the excess, not a fixed 2^-40. */
static void refine_shrink_into_budget(fmpq_mat_t A, const fmpq_t budget)
{
    fmpq_t sum, t;
    fmpq_init(sum); fmpq_init(t);
    for (;;) {
        fmpq_zero(sum);
        for (slong i = 0; i < fmpq_mat_nrows(A); i++)
            for (slong j = 0; j < fmpq_mat_ncols(A); j++)
                fmpq_addmul(sum, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
        if (fmpq_cmp(sum, budget) <= 0)
            break;
        fmpq_div(t, budget, sum);          /* t < 1: the relative excess is 1 - t */
        fmpq_sub_si(t, t, 1);
        fmpq_neg(t, t);
        double excess = fmpq_get_d(t);
        slong k = excess > 0 ? (slong) floor(-log2(excess)) - 1 : 1000;
        if (k < 1) k = 1;
        fmpq_one(t);
        fmpq_div_2exp(sum, t, k);
        fmpq_sub(t, t, sum);
        fmpq_mat_scalar_mul_fmpq(A, A, t);
    }
    fmpq_clear(sum); fmpq_clear(t);
}

/* Row i of Q from the enclosure S of softmax column i: floor(mid * 2^bits) / 2^bits, the
 * deficit added to the largest entry, so the row lies exactly in the simplex. */
static void refine_dual_row(fmpq_mat_t Q, slong i, const arb_mat_t S, slong bits)
{
    slong V = fmpq_mat_ncols(Q), largest = 0;
    fmpz_t one, m;
    fmpz_init(one); fmpz_init(m);
    fmpz_one(one);
    fmpz_mul_2exp(one, one, bits);
    fmpz *num = _fmpz_vec_init(V);
    arf_t t;
    arf_init(t);
    fmpz_set(m, one);
    for (slong k = 0; k < V; k++) {
        arf_mul_2exp_si(t, arb_midref(arb_mat_entry(S, k, i)), bits);
        arf_get_fmpz(num + k, t, ARF_RND_FLOOR);
        if (fmpz_sgn(num + k) < 0) fmpz_zero(num + k);
        fmpz_sub(m, m, num + k);
        if (fmpz_cmp(num + k, num + largest) > 0) largest = k;
    }
    fmpz_add(num + largest, num + largest, m);
    if (fmpz_sgn(num + largest) < 0)   /* cannot happen for a row summing to ~1 */
        fmpz_zero(num + largest);
    for (slong k = 0; k < V; k++)
        fmpq_set_fmpz_frac(fmpq_mat_entry(Q, i, k), num + k, one);
    _fmpz_vec_clear(num, V);
    arf_clear(t);
    fmpz_clear(one); fmpz_clear(m);
}

/* Exact W, H (padded to d columns), Q, multipliers from the refined x; then s proved and every
 * dense check run at prec. Returns the status of the proofs (tmp holds the bounds). */
static pc_status_t refine_certificate(pc_cert_t *tmp, arb_srcptr x, const refine_dims_t *D,
                                      const pc_instance_t *inst, int interior, slong digits,
                                      slong prec, pc_msg_t *msg)
{
    slong V = D->V, N = D->N, r = D->r, d = inst->dim;
    fmpq_t a, b;
    fmpq_init(a); fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_cert_dense_alloc(tmp, V, N, d);
    for (slong i = 0; i < V; i++)
        for (slong j = 0; j < r; j++)
            arf_get_fmpq(fmpq_mat_entry(tmp->W, i, j), arb_midref(x + i * r + j));
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < N; i++)
            arf_get_fmpq(fmpq_mat_entry(tmp->H, j, i), arb_midref(x + OFF_H(D) + j * N + i));
    refine_shrink_into_budget(tmp->W, a);
    refine_shrink_into_budget(tmp->H, b);
    slong bits = (slong) ceil(3.33 * (digits + 8));
    if (interior) {   /* Q = P exactly, s = 0 (SPEC 3) */
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++)
                pc_instance_target(fmpq_mat_entry(tmp->Q, i, k), inst, i, k);
        fmpq_zero(tmp->opnorm_bound);
        tmp->has_kkt = 0;
        fmpq_clear(a); fmpq_clear(b);
        return pc_verify_dense_cert(tmp, inst, 1, 2 * prec, msg);
    }
    /* Q = softmax(W H)^T of the exact factors, rounded at 2^-bits */
    arb_mat_t S;
    arb_t obj, sum;
    arb_mat_init(S, V, N);
    arb_init(obj); arb_init(sum);
    pc_verify_dense_objective(obj, S, tmp->W, tmp->H, inst, prec);
    for (slong i = 0; i < N; i++) {
        arb_zero(sum);
        for (slong k = 0; k < V; k++) {
            arb_exp(arb_mat_entry(S, k, i), arb_mat_entry(S, k, i), prec);
            arb_add(sum, sum, arb_mat_entry(S, k, i), prec);
        }
        for (slong k = 0; k < V; k++)
            arb_div(arb_mat_entry(S, k, i), arb_mat_entry(S, k, i), sum, prec);
        refine_dual_row(tmp->Q, i, S, bits);
    }
    tmp->has_kkt = 1;
    arf_get_fmpq(tmp->lambda_W, arb_midref(x + OFF_LW(D)));
    arf_get_fmpq(tmp->lambda_H, arb_midref(x + OFF_LH(D)));
    if (fmpq_sgn(tmp->lambda_W) < 0) fmpq_zero(tmp->lambda_W);
    if (fmpq_sgn(tmp->lambda_H) < 0) fmpq_zero(tmp->lambda_H);
    /* s = 2 N sqrt(lW lH) (the active singular value of Q - P at the KKT point, SPEC 4)
     * times (1 + margin), rounded up; the ball Cholesky decides. */
    pc_status_t st = PC_NOT_PROVED;
    arb_t s, eps;
    arf_t u;
    arb_init(s); arb_init(eps); arf_init(u);
    for (slong extra = 5; extra >= 1 && st != PC_OK; extra -= 2) {
        arb_mul(s, x + OFF_LW(D), x + OFF_LH(D), prec);
        arb_sqrtpos(s, s, prec);
        arb_mul_si(s, s, 2 * N, prec);
        arb_set_ui(eps, 10);
        arb_pow_ui(eps, eps, (ulong) (digits + extra), prec);
        arb_inv(eps, eps, prec);
        arb_add_ui(eps, eps, 1, prec);
        arb_mul(s, s, eps, prec);
        arb_get_ubound_arf(u, s, prec);
        arf_set_round(u, u, bits, ARF_RND_UP);
        arf_get_fmpq(tmp->opnorm_bound, u);
        for (slong p = prec; p <= 4 * prec && st != PC_OK; p *= 2)
            st = pc_verify_opnorm_bound(tmp->Q, tmp->opnorm_bound, inst, p, msg);
    }
    if (st == PC_OK)   /* the opnorm bound of tmp was just proved: not repeated */
        st = pc_verify_dense_cert_opnorm_proved(tmp, inst, 0, 2 * prec, msg);
    arb_clear(s); arb_clear(eps); arf_clear(u);
    arb_mat_clear(S);
    arb_clear(obj); arb_clear(sum);
    fmpq_clear(a); fmpq_clear(b);
    return st;
}

/* Moves the dense data and the proved enclosures of src into dst (both initialised). */
static void refine_take(pc_cert_t *dst, pc_cert_t *src)
{
    fmpq_mat_swap(dst->W, src->W);
    fmpq_mat_swap(dst->H, src->H);
    fmpq_mat_swap(dst->Q, src->Q);
    fmpq_swap(dst->opnorm_bound, src->opnorm_bound);
    dst->opnorm_binary64 = 0;   /* the refinement proves s with balls */
    fmpq_swap(dst->lambda_W, src->lambda_W);
    fmpq_swap(dst->lambda_H, src->lambda_H);
    arb_swap(dst->residual_W, src->residual_W);
    arb_swap(dst->residual_H, src->residual_H);
    arb_swap(dst->upper, src->upper);
    arb_swap(dst->lower, src->lower);
    dst->has_kkt = src->has_kkt;
    dst->regime = src->regime;
    dst->structure = src->structure;
    dst->upper_is_lp = src->upper_is_lp;
}

/* Interior regime (SPEC 3): Z° = Pi log P^T =: L, Q = P, s = 0. From the floating balanced
 * factors W0, H0 (rank r = rank L): W1 = L H0^T (H0 H0^T)^-1 has range(W1) = range(L), so
 * H1 = (W1^T W1)^-1 W1^T L gives W1 H1 = L up to the working precision (midpoint solves).
 * Returns 0 on success (x receives W1, H1; the multipliers are 0). */
static int refine_interior(arb_ptr x, const refine_dims_t *D, const pc_instance_t *inst,
                           slong prec)
{
    slong V = D->V, N = D->N, r = D->r;
    arb_mat_t L, W, H, HT, WT, A, B;
    arb_mat_init(L, V, N); arb_mat_init(W, V, r); arb_mat_init(H, r, N);
    arb_mat_init(HT, N, r); arb_mat_init(WT, r, V); arb_mat_init(A, r, r); arb_mat_init(B, r, V);
    pc_verify_centered_log(L, inst, prec);
    arb_mat_get_mid(L, L);
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < N; i++)
            arb_set(arb_mat_entry(H, j, i), x + OFF_H(D) + j * N + i);
    arb_mat_transpose(HT, H);
    arb_mat_mul(A, H, HT, prec);                     /* H0 H0^T */
    arb_mat_t LT;
    arb_mat_init(LT, N, V);
    arb_mat_transpose(LT, L);
    arb_mat_mul(B, H, LT, prec);                     /* H0 L^T */
    int ok = arb_mat_approx_solve(WT, A, B, prec);   /* W1^T */
    if (ok) {
        arb_mat_transpose(W, WT);
        arb_mat_mul(A, WT, W, prec);                 /* W1^T W1 */
        arb_mat_t C;
        arb_mat_init(C, r, N);
        arb_mat_mul(C, WT, L, prec);
        ok = arb_mat_approx_solve(H, A, C, prec);
        arb_mat_clear(C);
    }
    if (ok) {
        for (slong i = 0; i < V; i++)
            for (slong j = 0; j < r; j++)
                arb_set(x + i * r + j, arb_mat_entry(W, i, j));
        for (slong j = 0; j < r; j++)
            for (slong i = 0; i < N; i++)
                arb_set(x + OFF_H(D) + j * N + i, arb_mat_entry(H, j, i));
        for (slong j = 0; j < D->m; j++)
            mag_zero(arb_radref(x + j));
        arb_zero(x + OFF_LW(D));
        arb_zero(x + OFF_LH(D));
    }
    arb_mat_clear(LT);
    arb_mat_clear(L); arb_mat_clear(W); arb_mat_clear(H); arb_mat_clear(HT); arb_mat_clear(WT);
    arb_mat_clear(A); arb_mat_clear(B);
    return ok ? 0 : 1;
}

pc_status_t pc_dense_refine(pc_cert_t *cert, const pc_instance_t *inst,
                            const pc_float_solution_t *sol, const double *P, slong digits,
                            int progress, pc_msg_t *msg)
{
    refine_dims_t D;
    D.V = inst->tokens;
    D.N = inst->contexts;
    D.r = sol->rank;
    if (D.r < 1 || D.r > inst->dim)
        return pc_fail(msg, PC_NOT_PROVED, "refinement applies only when d >= rank (rank %ld, "
                       "d %ld)", (long) sol->rank, (long) inst->dim);
    D.m = D.r * (D.V + D.N) + 2;
    D.g = D.r * (D.r - 1) / 2;
    slong V = D.V, N = D.N, prec = (slong) ceil(3.33 * (digits + 10)) + 64;
    fmpq_t a, b, p;
    fmpq_init(a); fmpq_init(b); fmpq_init(p);
    pc_instance_budgets(a, b, inst);
    double *x0 = malloc(sizeof(double) * D.m), *PTd = malloc(sizeof(double) * V * N);
    arb_mat_t PT;
    arb_mat_init(PT, V, N);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++) {
            pc_instance_target(p, inst, i, k);
            arb_set_fmpq(arb_mat_entry(PT, k, i), p, prec);
            PTd[k * N + i] = P[i * V + k];
        }
    pc_status_t st;
    if (refine_start(x0, &D, sol, P, fmpq_get_d(a), fmpq_get_d(b)) != 0) {
        st = pc_fail(msg, PC_NOT_PROVED, "refinement: LAPACK SVD failed");
    } else {
        arb_ptr x = _arb_vec_init(D.m);
        for (slong j = 0; j < D.m; j++)
            arb_set_d(x + j, x0[j]);
        double tol = pow(10.0, -(double) (digits + 8));
        slong steps = 0;
        if (progress)
            fprintf(stderr, "peelcert: multiprecision refinement (rank %ld, %ld unknowns, %ld bits)\n",
                    (long) D.r, (long) D.m, (long) prec);
        double res = 0.0;
        if (!sol->interior)
            res = refine_newton(x, &D, PTd, PT, a, b, tol, prec, &steps);
        else if (refine_interior(x, &D, inst, prec) != 0)
            res = INFINITY;
        if (progress)
            fprintf(stderr, "peelcert: refinement: KKT residual %.3g after %ld steps\n", res,
                    (long) steps);
        pc_cert_t tmp;
        pc_cert_init(&tmp, PC_CERT_DENSE);
        st = refine_certificate(&tmp, x, &D, inst, sol->interior, digits, prec, msg);
        if (st == PC_OK && !pc_verify_gap_at_most(tmp.upper, tmp.lower, digits, 2 * prec)) {
            arb_t gap;
            arb_init(gap);
            arb_sub(gap, tmp.upper, tmp.lower, 2 * prec);
            st = pc_fail(msg, PC_NOT_PROVED, "refinement reached a certified gap of %.3g "
                         "(KKT residual %.3g after %ld Newton steps at %ld bits, rank %ld)",
                         arf_get_d(arb_midref(gap), ARF_RND_UP), res, (long) steps,
                         (long) prec, (long) D.r);
            arb_clear(gap);
        } else if (st != PC_OK) {
            pc_msg_t why = *msg;
            st = pc_fail(msg, st, "refinement (KKT residual %.3g after %ld Newton steps, rank "
                         "%ld) not proved: %.300s", res, (long) steps, (long) D.r, why.text);
        }
        if (st == PC_OK)
            refine_take(cert, &tmp);
        pc_cert_clear(&tmp);
        _arb_vec_clear(x, D.m);
    }
    free(x0); free(PTd);
    arb_mat_clear(PT);
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(p);
    return st;
}
