/* Floating Newton polish and second-order check of a point of (LP) on the spheres
 * (lowdim_internal.h). Doubles from the midpoints of the Arb KKT system; proves nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>
#include "lowdim_internal.h"

#define PC_LOWDIM_FLOAT_PREC 64

typedef struct {
    arb_mat_t PT, W0, H0;
    arb_t a, b;
} float_kkt_t;

static void float_kkt_init(float_kkt_t *k, const pc_lowdim_problem_t *pb, const double *W,
                           const double *H)
{
    slong V = pb->V, N = pb->N, d = pb->d;
    arb_mat_init(k->PT, V, N);
    arb_mat_init(k->W0, V, d);
    arb_mat_init(k->H0, d, N);
    arb_init(k->a);
    arb_init(k->b);
    for (slong j = 0; j < V * N; j++)
        arb_set_d(arb_mat_entry(k->PT, j / N, j % N), pb->PT[j]);
    for (slong j = 0; j < V * d; j++)
        arb_set_d(arb_mat_entry(k->W0, j / d, j % d), W[j]);
    for (slong j = 0; j < d * N; j++)
        arb_set_d(arb_mat_entry(k->H0, j / N, j % N), H[j]);
    arb_set_d(k->a, pb->a);
    arb_set_d(k->b, pb->b);
}

static void float_kkt_clear(float_kkt_t *k)
{
    arb_mat_clear(k->PT);
    arb_mat_clear(k->W0);
    arb_mat_clear(k->H0);
    arb_clear(k->a);
    arb_clear(k->b);
}

/* Multipliers from stationarity: <G, W H> + 2 lW a = 0 and the same with b. */
static void multipliers(double *lW, double *lH, const pc_lowdim_problem_t *pb, const double *W,
                        const double *H)
{
    slong nw = pb->V * pb->d, nh = pb->d * pb->N;
    double *gW = malloc(sizeof(double) * (size_t) (nw + nh)), *gH = gW + nw;
    pc_lowdim_objective(pb, W, H, gW, gH);
    double gz = cblas_ddot(nw, gW, 1, W, 1);
    *lW = -gz / (2 * cblas_ddot(nw, W, 1, W, 1));
    *lH = -gz / (2 * cblas_ddot(nh, H, 1, H, 1));
    free(gW);
}

static double residual_norm(arb_srcptr F, slong n)
{
    double s = 0.0;
    for (slong j = 0; j < n; j++) {
        double x = arf_get_d(arb_midref(F + j), ARF_RND_NEAR);
        s += x * x;
    }
    return sqrt(s);
}

void pc_lowdim_newton_polish(pc_lowdim_point_t *pt, const pc_lowdim_problem_t *pb,
                             slong max_steps, int interior)
{
    slong V = pb->V, N = pb->N, d = pb->d, nw = V * d, nh = d * N;
    slong n = pc_lowdim_system_size(V, N, d, interior);
    if (interior)
        pt->lambda_W = pt->lambda_H = 0.0;
    else
        multipliers(&pt->lambda_W, &pt->lambda_H, pb, pt->W, pt->H);
    float_kkt_t k;
    float_kkt_init(&k, pb, pt->W, pt->H);
    arb_ptr u = _arb_vec_init(n), F = _arb_vec_init(n);
    arb_mat_t J;
    arb_mat_init(J, n, n);
    double *Jd = malloc(sizeof(double) * (size_t) (n * n + 2 * n));
    double *rhs = Jd + n * n, *x = rhs + n;
    lapack_int *piv = malloc(sizeof(lapack_int) * (size_t) n);
    pc_lowdim_pack_double(u, pt->W, pt->H, pt->lambda_W, pt->lambda_H, V, N, d, interior);
    pc_lowdim_kkt_residual(F, u, k.W0, k.H0, k.PT, k.a, k.b, PC_LOWDIM_FLOAT_PREC, interior);
    double res = residual_norm(F, n);
    for (slong step = 0; step < max_steps && res > 0; step++) {
        pc_lowdim_kkt_jacobian(J, u, k.W0, k.H0, k.PT, PC_LOWDIM_FLOAT_PREC, 0, interior);
        for (slong r = 0; r < n; r++) {
            for (slong c = 0; c < n; c++)
                Jd[r * n + c] = arf_get_d(arb_midref(arb_mat_entry(J, r, c)), ARF_RND_NEAR);
            rhs[r] = -arf_get_d(arb_midref(F + r), ARF_RND_NEAR);
        }
        if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, 1, Jd, n, piv, rhs, 1) != 0)
            break;
        for (slong j = 0; j < n; j++)
            x[j] = arf_get_d(arb_midref(u + j), ARF_RND_NEAR) + rhs[j];
        arb_ptr un = _arb_vec_init(n), Fn = _arb_vec_init(n);
        for (slong j = 0; j < n; j++)
            arb_set_d(un + j, x[j]);
        pc_lowdim_kkt_residual(Fn, un, k.W0, k.H0, k.PT, k.a, k.b, PC_LOWDIM_FLOAT_PREC, interior);
        double rn = residual_norm(Fn, n);
        int better = rn < res;
        if (better) {
            _arb_vec_swap(u, un, n);
            _arb_vec_swap(F, Fn, n);
            res = rn;
        }
        _arb_vec_clear(un, n);
        _arb_vec_clear(Fn, n);
        if (!better)
            break;
    }
    for (slong j = 0; j < nw; j++)
        pt->W[j] = arf_get_d(arb_midref(u + j), ARF_RND_NEAR);
    for (slong j = 0; j < nh; j++)
        pt->H[j] = arf_get_d(arb_midref(u + nw + j), ARF_RND_NEAR);
    if (!interior) {
        pt->lambda_W = arf_get_d(arb_midref(u + nw + nh), ARF_RND_NEAR);
        pt->lambda_H = arf_get_d(arb_midref(u + nw + nh + 1), ARF_RND_NEAR);
    }
    pt->grad_norm = res;
    pt->value = pc_lowdim_objective(pb, pt->W, pt->H, NULL, NULL);
    free(piv);
    free(Jd);
    arb_mat_clear(J);
    _arb_vec_clear(u, n);
    _arb_vec_clear(F, n);
    float_kkt_clear(&k);
}

/* Smallest eigenvalue (and its unit eigenvector when vec != NULL) of the symmetric
 * row-major n x n matrix S (destroyed). Returns NAN on a LAPACK failure. */
static double smallest_eigenvalue(double *S, slong n, double *vec)
{
    lapack_int found = 0;
    double abstol = 0.0;
    double *w = malloc(sizeof(double) * (size_t) n);   /* dsyevr writes up to n values */
    double *z = malloc(sizeof(double) * (size_t) n);
    lapack_int *support = malloc(sizeof(lapack_int) * 2);
    lapack_int info = LAPACKE_dsyevr(LAPACK_ROW_MAJOR, vec ? 'V' : 'N', 'I', 'U', n, S, n, 0.0,
                                     0.0, 1, 1, abstol, &found, w, z, 1, support);
    double out = info == 0 && found == 1 ? w[0] : NAN;
    if (vec != NULL && info == 0)
        memcpy(vec, z, sizeof(double) * (size_t) n);
    free(z);
    free(w);
    free(support);
    return out;
}

int pc_lowdim_second_order(pc_lowdim_point_t *pt, const pc_lowdim_problem_t *pb,
                           double *direction, int interior)
{
    slong V = pb->V, N = pb->N, d = pb->d, nw = V * d, nh = d * N, nx = nw + nh;
    slong m = (interior ? 0 : 2) + pc_lowdim_generators(d, interior);
    slong n = pc_lowdim_system_size(V, N, d, interior);
    float_kkt_t k;
    float_kkt_init(&k, pb, pt->W, pt->H);
    arb_ptr u = _arb_vec_init(n);
    arb_mat_t Hl, A;
    arb_mat_init(Hl, nx, nx);
    arb_mat_init(A, m, nx);
    pc_lowdim_pack_double(u, pt->W, pt->H, pt->lambda_W, pt->lambda_H, V, N, d, interior);
    pc_lowdim_kkt_jacobian(Hl, u, k.W0, k.H0, k.PT, PC_LOWDIM_FLOAT_PREC, 1, interior);
    pc_lowdim_constraint_rows(A, u, k.W0, k.H0, V, N, d, PC_LOWDIM_FLOAT_PREC, interior);
    double *H = malloc(sizeof(double) * (size_t) (2 * nx * nx + m * nx));
    double *S = H + nx * nx, *Ad = S + nx * nx, scale = 0.0;
    for (slong j = 0; j < nx * nx; j++) {
        H[j] = arf_get_d(arb_midref(arb_mat_entry(Hl, j / nx, j % nx)), ARF_RND_NEAR);
        scale += H[j] * H[j];
    }
    scale = sqrt(scale);
    for (slong r = 0; r < m; r++) {
        double norm = 0.0;
        for (slong j = 0; j < nx; j++) {
            Ad[r * nx + j] = arf_get_d(arb_midref(arb_mat_entry(A, r, j)), ARF_RND_NEAR);
            norm += Ad[r * nx + j] * Ad[r * nx + j];
        }
        norm = norm > 0 ? 1.0 / sqrt(norm) : 0.0;
        cblas_dscal(nx, norm, Ad + r * nx, 1);
    }
    int negative = 1;
    double c = 0.0, lmin = NAN;
    for (int attempt = 0; attempt < 4 && negative; attempt++) {
        c = ldexp(1.0, 2 * attempt) * (scale + 1e-300);
        c = ldexp(1.0, (int) ceil(log2(c)));   /* a power of two: exact in the certificate */
        memcpy(S, H, sizeof(double) * (size_t) (nx * nx));
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, nx, m, c, Ad, nx, 1.0, S, nx);
        lmin = smallest_eigenvalue(S, nx, direction);   /* at the final c when positive */
        negative = !(lmin > 0);
    }
    if (negative && direction != NULL) {   /* recompute the direction at the first c */
        c = ldexp(1.0, (int) ceil(log2(scale + 1e-300)));
        memcpy(S, H, sizeof(double) * (size_t) (nx * nx));
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, nx, m, c, Ad, nx, 1.0, S, nx);
        lmin = smallest_eigenvalue(S, nx, direction);
    }
    pt->min_curvature = lmin;
    pt->penalty = c;
    free(H);
    arb_mat_clear(Hl);
    arb_mat_clear(A);
    _arb_vec_clear(u, n);
    float_kkt_clear(&k);
    return negative;
}

/* Thin QR of the rows x d row-major A: A = Q R, Q rows x d (in A), R d x d upper (in R).
 * Returns 0 on success. */
static int thin_qr(double *A, double *R, slong rows, slong d)
{
    double *tau = malloc(sizeof(double) * (size_t) d);
    int info = (int) LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, rows, d, A, d, tau);
    if (info == 0) {
        for (slong i = 0; i < d; i++)
            for (slong j = 0; j < d; j++)
                R[i * d + j] = j >= i ? A[i * d + j] : 0.0;
        info = (int) LAPACKE_dorgqr(LAPACK_ROW_MAJOR, rows, d, d, A, d, tau);
    }
    free(tau);
    return info;
}

void pc_lowdim_rebalance(double *W, double *H, const pc_lowdim_problem_t *pb)
{
    slong V = pb->V, N = pb->N, d = pb->d;
    if (V < d || N < d)
        return;
    double *Qw = malloc(sizeof(double) * (size_t) (V * d)), *Qh = malloc(sizeof(double) * (size_t) (N * d));
    double *Rw = malloc(sizeof(double) * (size_t) (5 * d * d + d));
    double *Rh = Rw + d * d, *M = Rh + d * d, *U = M + d * d, *Vt = U + d * d, *S = Vt + d * d;
    for (slong p = 0; p < d; p++) {            /* Pi W: the same f, a smaller norm */
        double mean = 0.0;
        for (slong k = 0; k < V; k++)
            mean += W[k * d + p];
        mean /= (double) V;
        for (slong k = 0; k < V; k++)
            Qw[k * d + p] = W[k * d + p] - mean;
    }
    for (slong p = 0; p < d; p++)               /* H^T, N x d */
        for (slong i = 0; i < N; i++)
            Qh[i * d + p] = H[p * N + i];
    int ok = thin_qr(Qw, Rw, V, d) == 0 && thin_qr(Qh, Rh, N, d) == 0;
    if (ok) {
        /* Z = Qw (Rw Rh^T) Qh^T, M = Rw Rh^T = U S Vt */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, d, d, d, 1.0, Rw, d, Rh, d, 0.0, M, d);
        double *superb = malloc(sizeof(double) * (size_t) (d > 1 ? d - 1 : 1));
        ok = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'A', 'A', d, d, M, d, S, U, d, Vt, d, superb) == 0;
        free(superb);
    }
    if (ok) {
        double c = pow(pb->a / pb->b, 0.25);
        for (slong p = 0; p < d; p++) {         /* U sqrt(S) c and sqrt(S) Vt / c */
            double root = sqrt(S[p] > 0 ? S[p] : 0.0);
            for (slong q = 0; q < d; q++) {
                U[q * d + p] *= root * c;
                Vt[p * d + q] *= root / c;
            }
        }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, d, d, 1.0, Qw, d, U, d, 0.0, W, d);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, d, N, d, 1.0, Vt, d, Qh, d, 0.0, H, N);
    }
    free(Qw);
    free(Qh);
    free(Rw);
}
