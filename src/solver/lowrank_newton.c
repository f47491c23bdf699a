/* Riemannian trust-region Newton for the binding regime of (C) at a fixed working rank r
 * (issue 9: the first-order stages of solve_lowrank.c crawl on sparse targets with many
 * zeros, where the spectrum of softmax(Z) - P^T is dense below its top cluster).
 *
 * Unknowns x = (W, H), W V x r, H r x N (the layout of solve_lowrank.c), on the sphere
 * ||W||_F^2 + ||H||_F^2 = 2 rho: every point has ||W H||_* <= rho (SPEC 2), and the optimum
 * Z° = U S V^T is reached at W = U S^(1/2), H = S^(1/2) V^T. The objective F(x) = f(W H) is
 * smooth; its Riemannian gradient and Hessian on the sphere are
 *     grad F = g - (<g, x> / |x|^2) x,     Hess F [v] = P_x(D^2 F(x) [v]) - (<g, x> / |x|^2) v,
 * with g = (G H^T, W^T G), G = grad f(Z), and D^2 F [(dW, dH)] = (D H^T + G dH^T,
 * W^T D + dW^T G), D = the Hessian of f applied to dZ = dW H + W dH (column by column,
 * (q o dz - q <q, dz>) / N). One Hessian product costs six V x N x r products and one pass
 * over the entries; no exponential. Steps come from Steihaug-Toint truncated conjugate
 * gradients inside a trust region, the retraction is x -> sqrt(2 rho) x / |x|.
 *
 * The O(r) gauge (W R, R^T H) is a null direction of the Hessian at the optimum; the
 * gradient is orthogonal to it, so CG never needs it. Zero columns beyond rank(Z°) have
 * positive curvature when complementarity is strict (mu > sigma_j(G) off the top cluster)
 * and vanish quadratically. Doubles only; nothing here is proved (SPEC 15 proves). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "solver_internal.h"

#define PC_NT_MAX_CG 300         /* conjugate-gradient steps per Newton step */
#define PC_NT_DELTA_MAX 0.02     /* the trust region's largest radius, relative to |x| */
#define PC_NT_STALL 4            /* Newton steps without the best gap halving before a stop */

typedef struct {
    const pc_dense_problem_t *pb;
    slong V, N, r, nx;
    double *Z, *S, *G, *dZ;      /* V x N each: W H, softmax, gradient, scratch */
    /* Single-precision copies for the Hessian products (an inexact Newton method: the
     * gradient, the steps and the gap stay in double, so the iterates converge to the
     * double-precision optimum; a Hessian relative error ~1e-6 only perturbs CG): */
    float *Sf, *Gf, *Df, *dZf;   /* V x N each: softmax, gradient, Hessian action, dZ */
    float *xf, *vf, *hvf;        /* nx each: (W, H), the direction, the product */
    double *colsum;              /* N: <q_i, dz_i> */
    double *minv;                /* nx: the inverse Jacobi preconditioner at x */
    pc_solve_clock_t *clk;       /* progress: a line every 0.5 s, also inside CG */
    slong step;                  /* the Newton step, f and the last gap, for those lines */
    double f, gap;
    double entropy;              /* sum_i H(q_i) at the last newton_eval */
} newton_t;

/* minv = 1 / the diagonal of D^2 F(x) + mu without the G cross terms and the projection:
 * for W_kj, sum_i H_ji^2 q_ki (1 - q_ki) / N + mu; for H_ji, sum_k W_kj^2 q_ki (1 - q_ki) / N
 * + mu. The column scales s_j of balanced factors make the Hessian's diagonal vary like the
 * singular values of Z; this evens them out. Uses D and dZ as scratch. */
static void newton_preconditioner(newton_t *nt, const double *x, double mu)
{
    slong V = nt->V, N = nt->N, r = nt->r;
    float *A = nt->Df, *sq = nt->vf, *out = nt->hvf;
    double inv = 1.0 / (double) N;
    for (slong j = 0; j < V * N; j++)
        A[j] = (float) (nt->S[j] * (1 - nt->S[j]) * inv);
    for (slong j = 0; j < nt->nx; j++)
        sq[j] = (float) (x[j] * x[j]);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0f, A, N, sq + V * r, N,
                0.0f, out, r);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, 1.0f, sq, r, A, N, 0.0f,
                out + V * r, N);
    for (slong j = 0; j < nt->nx; j++)
        nt->minv[j] = 1.0 / ((double) out[j] + fabs(mu));
}

/* z = the tangent projection of minv o res. */
static void newton_precondition(const newton_t *nt, const double *x, const double *res,
                                double *z)
{
    for (slong j = 0; j < nt->nx; j++)
        z[j] = nt->minv[j] * res[j];
    double xx = cblas_ddot(nt->nx, x, 1, x, 1), zx = cblas_ddot(nt->nx, z, 1, x, 1);
    cblas_daxpy(nt->nx, -zx / xx, x, 1, z, 1);
}

/* F(x), S = softmax(W H), G = grad f, g = Riemannian gradient on the sphere; *mu receives
 * -<g_E, x> / |x|^2 (the multiplier of the sphere: Hess = P D^2 F + mu I on the tangent). */
static double newton_eval(newton_t *nt, const double *x, double *g, double *mu)
{
    slong V = nt->V, N = nt->N, r = nt->r;
    const double *W = x, *H = x + V * r;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, W, r, H, N, 0.0, nt->Z,
                N);
    double f = pc_dense_objective_parts(nt->pb, nt->Z, nt->G, nt->S, &nt->entropy);
    for (slong j = 0; j < V * N; j++) {
        nt->Sf[j] = (float) nt->S[j];
        nt->Gf[j] = (float) nt->G[j];
    }
    for (slong j = 0; j < nt->nx; j++)
        nt->xf[j] = (float) x[j];
    if (g != NULL) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0, nt->G, N, H, N, 0.0,
                    g, r);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, 1.0, W, r, nt->G, N, 0.0,
                    g + V * r, N);
        double xx = cblas_ddot(nt->nx, x, 1, x, 1), gx = cblas_ddot(nt->nx, g, 1, x, 1);
        *mu = -gx / xx;
        cblas_daxpy(nt->nx, *mu, x, 1, g, 1);
    }
    return f;
}

/* hv = Hess F(x) [v] for a tangent v (hv tangent too): the six products in single precision
 * from the copies newton_eval made at x, the projection and mu v in double. */
static void newton_hessvec(newton_t *nt, const double *x, double mu, const double *v,
                           double *hv)
{
    slong V = nt->V, N = nt->N, r = nt->r;
    const float *W = nt->xf, *H = nt->xf + V * r, *dW = nt->vf, *dH = nt->vf + V * r;
    float *dZ = nt->dZf, *D = nt->Df;
    for (slong j = 0; j < nt->nx; j++)
        nt->vf[j] = (float) v[j];
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0f, dW, r, H, N, 0.0f, dZ,
                N);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0f, W, r, dH, N, 1.0f, dZ,
                N);
    memset(nt->colsum, 0, sizeof(double) * N);
    for (slong k = 0; k < V; k++) {
        const float *s = nt->Sf + k * N, *dz = dZ + k * N;
        for (slong i = 0; i < N; i++)
            nt->colsum[i] += (double) s[i] * dz[i];
    }
    double inv = 1.0 / (double) N;
    for (slong k = 0; k < V; k++) {
        const float *s = nt->Sf + k * N, *dz = dZ + k * N;
        float *d = D + k * N;
        for (slong i = 0; i < N; i++)
            d[i] = (float) (s[i] * (dz[i] - nt->colsum[i]) * inv);
    }
    float *out = nt->hvf;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0f, D, N, H, N, 0.0f, out, r);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0f, nt->Gf, N, dH, N, 1.0f,
                out, r);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, 1.0f, W, r, D, N, 0.0f,
                out + V * r, N);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, 1.0f, dW, r, nt->Gf, N, 1.0f,
                out + V * r, N);
    for (slong j = 0; j < nt->nx; j++)
        hv[j] = (double) out[j];
    double xx = cblas_ddot(nt->nx, x, 1, x, 1), hx = cblas_ddot(nt->nx, hv, 1, x, 1);
    cblas_daxpy(nt->nx, -hx / xx, x, 1, hv, 1);
    cblas_daxpy(nt->nx, mu, v, 1, hv, 1);
}

/* tau >= 0 with |v + tau d| = delta. */
static double to_boundary(const double *v, const double *d, slong n, double delta)
{
    double dd = cblas_ddot(n, d, 1, d, 1), vd = cblas_ddot(n, v, 1, d, 1);
    double vv = cblas_ddot(n, v, 1, v, 1);
    double disc = vd * vd + dd * (delta * delta - vv);
    return dd > 0 ? (-vd + sqrt(fmax(disc, 0.0))) / dd : 0.0;
}

/* Steihaug-Toint CG for min <g, v> + <v, Hess v> / 2, |v| <= delta, preconditioned by
 * newton_precondition. Returns the model decrease -m(v); *cg the steps taken. buf: 5 nx. */
static double newton_tcg(newton_t *nt, const double *x, double mu, const double *g,
                         double delta, double forcing, double *v, double *buf, slong *cg)
{
    slong n = nt->nx;
    double *res = buf, *d = res + n, *Hd = d + n, *Hv = Hd + n, *z = Hv + n;
    memset(v, 0, sizeof(double) * n);
    memset(Hv, 0, sizeof(double) * n);
    memcpy(res, g, sizeof(double) * n);
    newton_precondition(nt, x, res, z);
    for (slong j = 0; j < n; j++)
        d[j] = -z[j];
    double rz = cblas_ddot(n, res, 1, z, 1), tol = cblas_dnrm2(n, res, 1) * forcing;
    slong it;
    for (it = 0; it < PC_NT_MAX_CG; it++) {
        newton_hessvec(nt, x, mu, d, Hd);
        pc_solve_clock_report(nt->clk, "newton", nt->step, nt->f, nt->gap, nt->r, 0);
        double kappa = cblas_ddot(n, d, 1, Hd, 1);
        double alpha = rz / kappa;
        if (!(kappa > 0)) {
            double tau = to_boundary(v, d, n, delta);
            cblas_daxpy(n, tau, d, 1, v, 1);
            cblas_daxpy(n, tau, Hd, 1, Hv, 1);
            it++;
            break;
        }
        double vv_next = 0.0;
        for (slong j = 0; j < n; j++) {
            double t = v[j] + alpha * d[j];
            vv_next += t * t;
        }
        if (sqrt(vv_next) >= delta) {
            double tau = to_boundary(v, d, n, delta);
            cblas_daxpy(n, tau, d, 1, v, 1);
            cblas_daxpy(n, tau, Hd, 1, Hv, 1);
            it++;
            break;
        }
        cblas_daxpy(n, alpha, d, 1, v, 1);
        cblas_daxpy(n, alpha, Hd, 1, Hv, 1);
        cblas_daxpy(n, alpha, Hd, 1, res, 1);
        if (cblas_dnrm2(n, res, 1) <= tol) {
            it++;
            break;
        }
        newton_precondition(nt, x, res, z);
        double rz_new = cblas_ddot(n, res, 1, z, 1), beta = rz_new / rz;
        rz = rz_new;
        for (slong j = 0; j < n; j++)
            d[j] = -z[j] + beta * d[j];
    }
    *cg = it;
    return -(cblas_ddot(n, g, 1, v, 1) + 0.5 * cblas_ddot(n, v, 1, Hv, 1));
}

/* Floating gap of the plain problem at the point of the last newton_eval (value f there) with
 * the warm block (Xb, Ub, sig, b): softmax - P^T = N G and the entropy come from that eval. */
static int newton_gap(newton_t *nt, double f, double *Xb, double *Ub, double *sig, slong b,
                      double *value, double *gap)
{
    slong VN = nt->V * nt->N;
    for (slong j = 0; j < VN; j++)
        nt->dZ[j] = nt->G[j] * (double) nt->N;
    int info = pc_lowrank_block_top(sig, Ub, Xb, nt->dZ, nt->V, nt->N, b, 3);
    *value = f;
    *gap = f - (nt->entropy - nt->pb->rho * sig[0]) / (double) nt->N;
    return info;
}

int pc_lowrank_newton(const pc_dense_problem_t *pb, double *x, slong r, double *Xb, double *Ub,
                      double *sig, slong b, slong max_steps, double gap_tol, double *gap,
                      slong *steps, pc_solve_clock_t *clk)
{
    slong V = pb->V, N = pb->N;
    newton_t nt;
    memset(&nt, 0, sizeof nt);
    nt.pb = pb;
    nt.V = V;
    nt.N = N;
    nt.r = r;
    nt.nx = (V + N) * r;
    nt.clk = clk;
    nt.Z = malloc(sizeof(double) * (4 * V * N + N));
    nt.S = nt.Z + V * N;
    nt.G = nt.S + V * N;
    nt.dZ = nt.G + V * N;
    nt.colsum = nt.dZ + V * N;
    nt.Sf = malloc(sizeof(float) * (4 * V * N + 3 * nt.nx));
    nt.Gf = nt.Sf + V * N;
    nt.Df = nt.Gf + V * N;
    nt.dZf = nt.Df + V * N;
    nt.xf = nt.dZf + V * N;
    nt.vf = nt.xf + nt.nx;
    nt.hvf = nt.vf + nt.nx;
    slong n = nt.nx;
    double *vec = malloc(sizeof(double) * 11 * n);
    double *g = vec, *v = g + n, *xn = v + n, *gn = xn + n, *xbest = gn + n, *buf = xbest + n;
    nt.minv = buf + 5 * n;
    double radius = sqrt(2 * pb->rho);
    cblas_dscal(n, radius / cblas_dnrm2(n, x, 1), x, 1);
    memcpy(xbest, x, sizeof(double) * n);
    double mu, mun, f = newton_eval(&nt, x, g, &mu), value, cur, best = INFINITY;
    int info = newton_gap(&nt, f, Xb, Ub, sig, b, &value, &cur);   /* touches dZ only */
    best = cur;
    double delta = PC_NT_DELTA_MAX * radius, g0 = cblas_dnrm2(n, g, 1);
    slong it, since = 0;
    for (it = 0; it < max_steps && info == 0 && best > gap_tol && since < PC_NT_STALL; it++) {
        double gnorm = cblas_dnrm2(n, g, 1);
        double forcing = fmin(0.1, pow(gnorm / fmax(g0, 1e-300), 0.25));
        slong cg = 0;
        newton_preconditioner(&nt, x, mu);
        nt.step = it + 1;
        nt.f = f;
        nt.gap = best;
        double pred = newton_tcg(&nt, x, mu, g, delta, forcing, v, buf, &cg);
        double vnorm = cblas_dnrm2(n, v, 1);
        for (slong j = 0; j < n; j++)
            xn[j] = x[j] + v[j];
        cblas_dscal(n, radius / cblas_dnrm2(n, xn, 1), xn, 1);
        double fn = newton_eval(&nt, xn, gn, &mun);
        double noise = 1e-13 * fabs(f);
        double actual = f - fn;
        double ratio = pred > noise ? actual / pred : (fn <= f + noise ? 1.0 : -1.0);
        if (ratio < 0.25)
            delta = 0.25 * vnorm;
        else if (ratio > 0.75 && vnorm >= 0.99 * delta)
            delta = fmin(2 * delta, PC_NT_DELTA_MAX * radius);
        if (ratio > 0.05) {
            memcpy(x, xn, sizeof(double) * n);
            memcpy(g, gn, sizeof(double) * n);
            f = fn;
            mu = mun;
            info = newton_gap(&nt, f, Xb, Ub, sig, b, &value, &cur);
            pc_solve_clock_report(clk, "newton", it + 1, value, cur, r, 1);
            if (cur < 0.5 * best)
                since = 0;
            else
                since++;
            if (cur < best) {
                best = cur;
                memcpy(xbest, x, sizeof(double) * n);
            }
        } else {
            since++;
            newton_eval(&nt, x, g, &mu);   /* restore S and G at x */
        }
    }
    memcpy(x, xbest, sizeof(double) * n);
    *gap = best;
    *steps = it;
    free(vec);
    free(nt.Z);
    free(nt.Sf);
    return info;
}
