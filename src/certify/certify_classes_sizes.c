/* The one-hot form with several sizes (docs/classes.md "Several sizes"): S size classes of
 * context classes, the reduced problem in (K, delta) with K = D_g^(1/2) Mbar D_c^(1/2) (G x S)
 * and delta_s = sqrt(m_s) d_s; ||Z||_F^2 = ||K||_F^2 + sum (n_s - 1) delta_s^2 and ||Z||_* =
 * ||K||_* + sum (n_s - 1) |delta_s|. A floating FISTA with projection onto that ball (the
 * singular values of K and the |delta_s| counted n_s - 1 times, one common threshold) finds the
 * point; it is rounded to rationals and every bound proved in verify_classes_sizes.c. Nothing
 * here is trusted: the checker re-proves every claim. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include "paths.h"
#include "peelcert/verify.h"

typedef struct {
    slong S, G, u0, N;
    const slong *n, *m;
    double *gs, *cs;          /* [G] group sizes, [S] context counts n_t m_t */
    double rho;
} sizes_problem_t;

static slong mult(const sizes_problem_t *P, slong g, slong t)
{
    return g < P->S ? P->n[g] - (g == t) : P->u0;
}

/* Column values from (K, delta): x[t], Y[g S + t] */
static void float_values(double *x, double *Y, const sizes_problem_t *P, const double *K,
                         const double *delta)
{
    for (slong g = 0; g < P->G; g++)
        for (slong t = 0; t < P->S; t++)
            Y[g * P->S + t] = K[g * P->S + t] / sqrt(P->gs[g] * P->cs[t]);
    for (slong t = 0; t < P->S; t++) {
        double d = delta[t] / sqrt((double) P->m[t]);
        Y[t * P->S + t] -= d / P->n[t];
        x[t] = Y[t * P->S + t] + d;
    }
}

/* softmax per size class: po[t] (own), pr[g S + t] (one entry); returns f */
static double float_softmax(double *po, double *pr, const sizes_problem_t *P, const double *x,
                            const double *Y)
{
    double f = 0;
    for (slong t = 0; t < P->S; t++) {
        double mx = x[t], sum = 1;
        for (slong g = 0; g < P->G; g++)
            if (mult(P, g, t) > 0 && Y[g * P->S + t] > mx) mx = Y[g * P->S + t];
        sum = exp(x[t] - mx);
        for (slong g = 0; g < P->G; g++)
            if (mult(P, g, t) > 0) sum += mult(P, g, t) * exp(Y[g * P->S + t] - mx);
        po[t] = exp(x[t] - mx) / sum;
        for (slong g = 0; g < P->G; g++)
            pr[g * P->S + t] = mult(P, g, t) > 0 ? exp(Y[g * P->S + t] - mx) / sum : 0;
        f += P->cs[t] * (mx + log(sum) - x[t]);
    }
    return f / P->N;
}

/* f and its gradient in the Z metric (gK, gd; gd already divided by n_s - 1) */
static double float_grad(double *gK, double *gd, const sizes_problem_t *P, const double *K,
                         const double *delta, double *work)
{
    slong S = P->S, G = P->G;
    double *x = work, *Y = x + S, *po = Y + G * S, *pr = po + S;
    float_values(x, Y, P, K, delta);
    double f = float_softmax(po, pr, P, x, Y);
    for (slong t = 0; t < S; t++) {
        double w = P->cs[t] / P->N, gx = w * (po[t] - 1);
        for (slong g = 0; g < G; g++)
            gK[g * S + t] = w * mult(P, g, t) * pr[g * S + t];
        double gy = gK[t * S + t];
        gK[t * S + t] += gx;
        for (slong g = 0; g < G; g++)
            gK[g * S + t] /= sqrt(P->gs[g] * P->cs[t]);
        double gdt = gx * (1 - 1.0 / P->n[t]) - gy / P->n[t];
        gd[t] = P->n[t] >= 2 ? gdt / sqrt((double) P->m[t]) / (P->n[t] - 1) : 0;
    }
    return f;
}

static int svd(double *A, slong G, slong S, double *sv, double *U, double *VT)
{
    slong k = G < S ? G : S;
    double *superb = malloc(sizeof(double) * (size_t) (k + 1));
    int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'S', 'S', G, S, A, S, sv, U, k, VT, S, superb);
    free(superb);
    return info;
}

static int compare_desc(const void *a, const void *b)
{
    double x = ((const double *) a)[0], y = ((const double *) b)[0];
    return (x < y) - (x > y);
}

/* Projection onto ||K||_* + sum (n_s - 1) |delta_s| <= rho in the Z metric. */
static void float_project(double *K, double *delta, const sizes_problem_t *P, double *work)
{
    slong S = P->S, G = P->G, k = G < S ? G : S;
    double *A = work, *sv = A + G * S, *U = sv + k, *VT = U + G * k, *pairs = VT + k * S;
    memcpy(A, K, sizeof(double) * (size_t) (G * S));
    if (svd(A, G, S, sv, U, VT) != 0) return;
    slong np = 0;
    double total = 0;
    for (slong i = 0; i < k; i++) { pairs[2 * np] = sv[i]; pairs[2 * np++ + 1] = 1; total += sv[i]; }
    for (slong s = 0; s < S; s++)
        if (P->n[s] >= 2) {
            pairs[2 * np] = fabs(delta[s]); pairs[2 * np++ + 1] = P->n[s] - 1;
            total += (P->n[s] - 1) * fabs(delta[s]);
        }
    double lam = 0;
    if (total > P->rho) {
        qsort(pairs, (size_t) np, 2 * sizeof(double), compare_desc);
        double W = 0, C = 0;
        for (slong j = 0; j < np; j++) {
            W += pairs[2 * j + 1];
            C += pairs[2 * j + 1] * pairs[2 * j];
            double l = (C - P->rho) / W;
            if (j + 1 == np || pairs[2 * j + 2] <= l) { lam = l; break; }
        }
    }
    for (slong i = 0; i < k; i++) sv[i] = sv[i] > lam ? sv[i] - lam : 0;
    for (slong s = 0; s < S; s++) {
        double a = fabs(delta[s]) > lam ? fabs(delta[s]) - lam : 0;
        delta[s] = P->n[s] >= 2 ? copysign(a, delta[s]) : 0;
    }
    for (slong g = 0; g < G; g++)
        for (slong t = 0; t < S; t++) {
            double v = 0;
            for (slong i = 0; i < k; i++) v += U[g * k + i] * sv[i] * VT[i * S + t];
            K[g * S + t] = v;
        }
}

/* ||Q - P||_op of the softmax dual of (x, Y), and the float lower bound; returns f - LB. */
static double float_gap(const sizes_problem_t *P, const double *K, const double *delta,
                        double *work)
{
    slong S = P->S, G = P->G, k = G < S ? G : S;
    double *x = work, *Y = x + S, *po = Y + G * S, *pr = po + S, *KM = pr + G * S;
    double *sv = KM + G * S, *U = sv + k, *VT = U + G * k;
    float_values(x, Y, P, K, delta);
    double f = float_softmax(po, pr, P, x, Y), op = 0, H = 0;
    for (slong t = 0; t < S; t++) {
        double dm = po[t] - 1 - pr[t * S + t];
        if (P->n[t] >= 2 && sqrt((double) P->m[t]) * fabs(dm) > op) op = sqrt((double) P->m[t]) * fabs(dm);
        for (slong g = 0; g < G; g++)
            KM[g * S + t] = pr[g * S + t] * sqrt(P->gs[g] * P->cs[t]);
        KM[t * S + t] += dm / P->n[t] * sqrt(P->gs[t] * P->cs[t]);
        double h = po[t] > 0 ? -po[t] * log(po[t]) : 0;
        for (slong g = 0; g < G; g++)
            if (pr[g * S + t] > 0) h -= mult(P, g, t) * pr[g * S + t] * log(pr[g * S + t]);
        H += P->cs[t] * h;
    }
    if (svd(KM, G, S, sv, U, VT) == 0 && sv[0] > op) op = sv[0];
    return f - (H - P->rho * op) / P->N;
}

/* FISTA with function-value restart from 0; stops at a float gap below tol. */
static double float_solve(double *K, double *delta, const sizes_problem_t *P, double tol,
                          slong max_iter)
{
    slong S = P->S, G = P->G, nv = G * S + S;
    double *xk = calloc((size_t) nv, sizeof(double)), *yk = calloc((size_t) nv, sizeof(double));
    double *xn = calloc((size_t) nv, sizeof(double)), *gr = calloc((size_t) nv, sizeof(double));
    double *work = calloc((size_t) (8 * (G + 2) * (S + 2) + 8 * (G + S + 2)), sizeof(double));
    double step = 1.9 * P->N, tk = 1, fold = INFINITY, gap = INFINITY;
    for (slong it = 0; it < max_iter; it++) {
        float_grad(gr, gr + G * S, P, yk, yk + G * S, work);
        for (slong j = 0; j < nv; j++) xn[j] = yk[j] - step * gr[j];
        float_project(xn, xn + G * S, P, work);
        double fn = float_grad(gr, gr + G * S, P, xn, xn + G * S, work);
        if (fn > fold) {   /* restart the momentum */
            tk = 1;
            memcpy(yk, xk, sizeof(double) * (size_t) nv);
            fold = INFINITY;
            continue;
        }
        double tn = (1 + sqrt(1 + 4 * tk * tk)) / 2;
        for (slong j = 0; j < nv; j++) {
            yk[j] = xn[j] + (tk - 1) / tn * (xn[j] - xk[j]);
            xk[j] = xn[j];
        }
        tk = tn;
        fold = fn;
        if (it % 50 != 49) continue;
        if ((gap = float_gap(P, xk, xk + G * S, work)) < tol) break;
    }
    memcpy(K, xk, sizeof(double) * (size_t) (G * S));
    memcpy(delta, xk + G * S, sizeof(double) * (size_t) S);
    free(xk); free(yk); free(xn); free(gr); free(work);
    return gap;
}

static void fmpq_from_double(fmpq_t out, double v)
{
    arf_t a;
    arf_init(a);
    arf_set_d(a, v);
    arf_get_fmpq(out, a);
    arf_clear(a);
}

/* Exact primal: A = D_g^(-1/2) U Sigma^(1/2), B = Sigma^(1/2) V^T D_c^(-1/2), d = delta/sqrt(m),
 * A and d scaled by (1 - 2^-shrink). */
static void round_primal(pc_classes_sizes_t *sz, const sizes_problem_t *P, const double *K,
                         const double *delta, slong shrink)
{
    slong S = P->S, G = P->G, k = G < S ? G : S;
    double *A = malloc(sizeof(double) * (size_t) (G * S + k + G * k + k * S));
    double *sv = A + G * S, *U = sv + k, *VT = U + G * k;
    fmpq_t f, e;
    fmpq_init(f); fmpq_init(e);
    fmpq_one(f);
    fmpq_one(e);
    fmpq_div_2exp(e, e, shrink);
    fmpq_sub(f, f, e);
    memcpy(A, K, sizeof(double) * (size_t) (G * S));
    if (svd(A, G, S, sv, U, VT) != 0) memset(sv, 0, sizeof(double) * (size_t) k);
    for (slong g = 0; g < G; g++)
        for (slong i = 0; i < k; i++) {
            fmpq_from_double(fmpq_mat_entry(sz->A, g, i), U[g * k + i] * sqrt(sv[i] / P->gs[g]));
            fmpq_mul(fmpq_mat_entry(sz->A, g, i), fmpq_mat_entry(sz->A, g, i), f);
        }
    for (slong i = 0; i < k; i++)
        for (slong t = 0; t < S; t++)
            fmpq_from_double(fmpq_mat_entry(sz->B, i, t), VT[i * S + t] * sqrt(sv[i] / P->cs[t]));
    for (slong t = 0; t < S; t++) {
        fmpq_from_double(sz->d + t, P->n[t] >= 2 ? delta[t] / sqrt((double) P->m[t]) : 0);
        fmpq_mul(sz->d + t, sz->d + t, f);
    }
    fmpq_clear(f); fmpq_clear(e);
    free(A);
}

/* Dual: softmax of the exact primal (in double), the others as they are, q_own the exact rest;
 * s = the float ||Q - P||_op times (1 + 2^-margin), checked by pc_verify_sizes_opnorm. */
static void round_dual(pc_cert_t *cert, const sizes_problem_t *P, slong margin)
{
    pc_classes_sizes_t *sz = cert->sizes;
    slong S = P->S, G = P->G, k = G < S ? G : S;
    fmpq *x = _fmpq_vec_init(S);
    fmpq_mat_t Yq;
    fmpq_t e;
    double *xd = malloc(sizeof(double) * (size_t) (S + 2 * G * S + S + G * S + k + G * k + k * S));
    double *Y = xd + S, *pr = Y + G * S, *po = pr + G * S, *KM = po + S, *sv = KM + G * S;
    double *U = sv + k, *VT = U + G * k;
    fmpq_mat_init(Yq, G, S);
    fmpq_init(e);
    pc_sizes_values(x, Yq, sz);
    for (slong t = 0; t < S; t++) {
        xd[t] = fmpq_get_d(x + t);
        for (slong g = 0; g < G; g++) Y[g * S + t] = fmpq_get_d(fmpq_mat_entry(Yq, g, t));
    }
    float_softmax(po, pr, P, xd, Y);
    double op = 0;
    for (slong t = 0; t < S; t++) {
        fmpq_one(sz->q_own + t);
        for (slong g = 0; g < G; g++) {
            fmpq *dst = g < S ? fmpq_mat_entry(sz->q, g, t) : sz->q_un + t;
            fmpq_from_double(dst, mult(P, g, t) > 0 ? pr[g * S + t] : 0);
            fmpq_mul_si(e, dst, mult(P, g, t));
            fmpq_sub(sz->q_own + t, sz->q_own + t, e);
        }
        double qo = fmpq_get_d(sz->q_own + t), dm = qo - 1 - pr[t * S + t];
        if (P->n[t] >= 2 && sqrt((double) P->m[t]) * fabs(dm) > op) op = sqrt((double) P->m[t]) * fabs(dm);
        for (slong g = 0; g < G; g++)
            KM[g * S + t] = (mult(P, g, t) > 0 ? pr[g * S + t] : 0) * sqrt(P->gs[g] * P->cs[t]);
        KM[t * S + t] += dm / P->n[t] * sqrt(P->gs[t] * P->cs[t]);
    }
    if (svd(KM, G, S, sv, U, VT) == 0 && sv[0] > op) op = sv[0];
    fmpq_from_double(cert->opnorm_bound, op * (1 + ldexp(1.0, (int) -margin)) + ldexp(1.0, -1000));
    _fmpq_vec_clear(x, S);
    fmpq_mat_clear(Yq);
    fmpq_clear(e);
    free(xd);
}

pc_status_t pc_certify_classes_sizes(pc_cert_t *cert, pc_certify_report_t *rep,
                                     const pc_instance_t *inst, pc_classes_sizes_info_t *info,
                                     const pc_certify_options_t *opt, pc_msg_t *msg)
{
    slong S = info->S, G = S + (info->u0 > 0), k = G < S ? G : S;
    slong prec = 128;
    sizes_problem_t P = { S, G, info->u0, inst->contexts, info->n, info->m, NULL, NULL, 0 };
    P.gs = malloc(sizeof(double) * (size_t) (G + S));
    P.cs = P.gs + G;
    for (slong g = 0; g < G; g++) P.gs[g] = (double) (g < S ? info->n[g] : info->u0);
    for (slong t = 0; t < S; t++) P.cs[t] = (double) (info->n[t] * info->m[t]);
    arb_t rho;
    arb_init(rho);
    pc_verify_rho(rho, inst, 64);
    P.rho = arf_get_d(arb_midref(rho), ARF_RND_DOWN);
    arb_clear(rho);
    pc_classes_sizes_t *sz = flint_malloc(sizeof *sz);
    pc_classes_sizes_init(sz, info, k);
    memset(info, 0, sizeof *info);          /* sz owns n, m now */
    cert->sizes = sz;
    snprintf(rep->note, sizeof rep->note, "token and context classes (SPEC 10): one-hot targets, "
             "%ld context classes in %ld sizes, %ld untargeted tokens; the reduction to size "
             "classes (docs/classes.md) was certified", (long) cert->classes->v, (long) S,
             (long) sz->info.u0);
    double *K = calloc((size_t) (G * S + S), sizeof(double)), *delta = K + G * S;
    double tol = pow(10.0, (double) -rep->digits_target) / 20;
    if (tol < 1e-13) tol = 1e-13;
    /* FISTA can plateau for long stretches (docs/classes.md); the long budget is spent only
     * where no block form can take over (u v over the dense solver's limit) */
    int fallback = cert->classes->u * cert->classes->v <= PC_MAX_DENSE_ENTRIES;
    rep->float_gap = float_solve(K, delta, &P, tol, fallback ? 30000 : 400000);
    if (opt->progress)
        fprintf(stderr, "peelcert: one-hot size classes: S = %ld, float gap %.3g\n", (long) S,
                rep->float_gap);
    pc_status_t st = PC_NOT_PROVED;
    for (slong shrink = 44; shrink >= 12 && st != PC_OK; shrink -= 8) {
        round_primal(sz, &P, K, delta, shrink);
        st = pc_verify_sizes_budget(sz, inst, prec, msg);
    }
    for (slong margin = 40; margin >= 8 && st == PC_OK; margin -= 8) {
        round_dual(cert, &P, margin);
        if (pc_verify_sizes_dual_simplex(sz, msg) == PC_OK
            && pc_verify_sizes_opnorm(sz, cert->opnorm_bound, prec, msg) == PC_OK)
            break;
    }
    if (st == PC_OK)
        st = pc_verify_classes_sizes_cert(cert, inst, prec, msg);
    rep->rank = pc_sizes_rank_bound(sz);
    rep->d_below_rank = inst->dim < rep->rank;
    int gap_applies = !(rep->d_below_rank && opt->digits == 0);
    if (st == PC_OK && gap_applies
        && !pc_verify_gap_at_most(cert->upper, cert->lower, rep->digits_target, prec)) {
        arb_t gap;
        arb_init(gap);
        arb_sub(gap, cert->upper, cert->lower, prec);
        st = pc_fail(msg, PC_NOT_PROVED, "one-hot size classes: certified gap %.3g does not reach "
                     "1e-%ld (floating solve gap %.3g; no multiprecision refinement on this path)",
                     arf_get_d(arb_midref(gap), ARF_RND_UP), (long) rep->digits_target,
                     rep->float_gap);
        arb_clear(gap);
    }
    free(K);
    free(P.gs);
    cert->places = rep->digits_target + 10 > 20 ? rep->digits_target + 10 : 20;
    return st;
}
