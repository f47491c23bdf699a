/* The floating search for (LP) at the instance's d (lowdim.h). Doubles only; nothing here
 * is proved.
 *
 * On the product of the spheres ||W||^2 = a, ||H||^2 = b (the binding case), written as
 * W = sqrt(a) U / ||U||, H = sqrt(b) K / ||K|| with (U, K) free, so that L-BFGS runs
 * unconstrained; then a Newton polish of the KKT system (lowdim_kkt.c) and a second-order
 * check (lowdim_second_order.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "lowdim_internal.h"

#define PC_LOWDIM_MEMORY 20
#define PC_LOWDIM_ESCAPES 3

void pc_lowdim_options_default(pc_lowdim_options_t *opt)
{
    opt->random_starts = 40;
    opt->seed = 20261202UL;
    opt->max_iterations = 3000;
}

void pc_lowdim_point_init(pc_lowdim_point_t *pt, slong V, slong N, slong d)
{
    memset(pt, 0, sizeof *pt);
    pt->V = V;
    pt->N = N;
    pt->d = d;
    pt->W = calloc((size_t) (V * d), sizeof(double));
    pt->H = calloc((size_t) (d * N), sizeof(double));
    pt->value = INFINITY;
    pt->best_start = -1;
}

void pc_lowdim_point_clear(pc_lowdim_point_t *pt)
{
    free(pt->W);
    free(pt->H);
    pt->W = pt->H = NULL;
}

double pc_lowdim_objective(const pc_lowdim_problem_t *pb, const double *W, const double *H,
                           double *gW, double *gH)
{
    slong V = pb->V, N = pb->N, d = pb->d;
    double *Z = malloc(sizeof(double) * (size_t) (V * N));
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, d, 1.0, W, d, H, N, 0.0, Z, N);
    double f = 0.0;
    for (slong i = 0; i < N; i++) {
        double mx = -INFINITY, s = 0.0, pz = 0.0;
        for (slong k = 0; k < V; k++)
            mx = fmax(mx, Z[k * N + i]);
        for (slong k = 0; k < V; k++) {
            s += exp(Z[k * N + i] - mx);
            pz += pb->PT[k * N + i] * Z[k * N + i];
        }
        f += mx + log(s) - pz;
        if (gW != NULL)
            for (slong k = 0; k < V; k++)   /* Z becomes G = (softmax - P^T)/N */
                Z[k * N + i] = (exp(Z[k * N + i] - mx) / s - pb->PT[k * N + i]) / (double) N;
    }
    if (gW != NULL) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, d, N, 1.0, Z, N, H, N, 0.0, gW, d);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, d, N, V, 1.0, W, d, Z, N, 0.0, gH, N);
    }
    free(Z);
    return f / (double) N;
}

/* The sphere parametrisation: x = (U, K) -> (W, H); value and gradient in x. */
typedef struct {
    const pc_lowdim_problem_t *pb;
    slong nw, nh;
    double *W, *H, *gW, *gH;
} sphere_map_t;

static double sphere_eval(sphere_map_t *m, const double *x, double *g)
{
    slong nw = m->nw, nh = m->nh;
    double nu = cblas_dnrm2(nw, x, 1), nk = cblas_dnrm2(nh, x + nw, 1);
    double su = sqrt(m->pb->a) / nu, sk = sqrt(m->pb->b) / nk;
    for (slong j = 0; j < nw; j++)
        m->W[j] = su * x[j];
    for (slong j = 0; j < nh; j++)
        m->H[j] = sk * x[nw + j];
    double f = pc_lowdim_objective(m->pb, m->W, m->H, m->gW, m->gH);
    /* d W / d U = su (I - u u^T), u = U / ||U||: project out the radial part */
    double rw = cblas_ddot(nw, m->gW, 1, x, 1) / (nu * nu);
    double rh = cblas_ddot(nh, m->gH, 1, x + nw, 1) / (nk * nk);
    for (slong j = 0; j < nw; j++)
        g[j] = su * (m->gW[j] - rw * x[j]);
    for (slong j = 0; j < nh; j++)
        g[nw + j] = sk * (m->gH[j] - rh * x[nw + j]);
    return f;
}

/* L-BFGS with backtracking (Armijo) on the sphere map, x updated in place. */
static void lbfgs_spheres(sphere_map_t *m, double *x, slong max_iter)
{
    slong nx = m->nw + m->nh;
    double *buf = malloc(sizeof(double) * (size_t) (nx * (4 + 2 * PC_LOWDIM_MEMORY)));
    double *g = buf, *dir = g + nx, *xn = dir + nx, *gn = xn + nx;
    double *S = gn + nx, *Y = S + nx * PC_LOWDIM_MEMORY, rhos[PC_LOWDIM_MEMORY], alpha[PC_LOWDIM_MEMORY];
    slong count = 0, head = 0;
    double f = sphere_eval(m, x, g), gamma = 1.0;
    double scale = cblas_dnrm2(nx, x, 1);
    for (slong it = 0; it < max_iter; it++) {
        double gnorm = cblas_dnrm2(nx, g, 1);
        if (!(gnorm > 1e-14 * scale))
            break;
        memcpy(dir, g, sizeof(double) * (size_t) nx);
        for (slong j = 0; j < count; j++) {
            slong s = (head - 1 - j + PC_LOWDIM_MEMORY) % PC_LOWDIM_MEMORY;
            alpha[s] = rhos[s] * cblas_ddot(nx, S + s * nx, 1, dir, 1);
            cblas_daxpy(nx, -alpha[s], Y + s * nx, 1, dir, 1);
        }
        double g0 = count > 0 ? gamma : 1e-2 * scale / gnorm;
        cblas_dscal(nx, g0, dir, 1);
        for (slong j = count - 1; j >= 0; j--) {
            slong s = (head - 1 - j + PC_LOWDIM_MEMORY) % PC_LOWDIM_MEMORY;
            double beta = rhos[s] * cblas_ddot(nx, Y + s * nx, 1, dir, 1);
            cblas_daxpy(nx, alpha[s] - beta, S + s * nx, 1, dir, 1);
        }
        cblas_dscal(nx, -1.0, dir, 1);
        double slope = cblas_ddot(nx, g, 1, dir, 1);
        if (!(slope < 0)) {
            count = 0;
            continue;
        }
        double t = 1.0, fn = f;
        int ok = 0;
        for (int tries = 0; tries < 50; tries++, t *= 0.5) {
            for (slong j = 0; j < nx; j++)
                xn[j] = x[j] + t * dir[j];
            fn = sphere_eval(m, xn, gn);
            if (fn <= f + 1e-4 * t * slope
                || (fn <= f + 1e-15 * fabs(f) && fabs(cblas_ddot(nx, gn, 1, dir, 1)) <= 0.9 * fabs(slope))) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            if (count == 0)
                break;
            count = 0;
            continue;
        }
        double *sv = S + head * nx, *yv = Y + head * nx;
        for (slong j = 0; j < nx; j++) {
            sv[j] = xn[j] - x[j];
            yv[j] = gn[j] - g[j];
        }
        double sy = cblas_ddot(nx, sv, 1, yv, 1), yy = cblas_ddot(nx, yv, 1, yv, 1);
        if (sy > 1e-16 * sqrt(cblas_ddot(nx, sv, 1, sv, 1) * yy)) {
            rhos[head] = 1.0 / sy;
            gamma = sy / yy;
            head = (head + 1) % PC_LOWDIM_MEMORY;
            if (count < PC_LOWDIM_MEMORY)
                count++;
        }
        memcpy(x, xn, sizeof(double) * (size_t) nx);
        memcpy(g, gn, sizeof(double) * (size_t) nx);
        /* renormalise (the map is scale-free in U and K) so that x stays well scaled */
        double nu = cblas_dnrm2(m->nw, x, 1), nk = cblas_dnrm2(m->nh, x + m->nw, 1);
        if (nu > 4 * sqrt(m->pb->a) || nu < 0.25 * sqrt(m->pb->a)
            || nk > 4 * sqrt(m->pb->b) || nk < 0.25 * sqrt(m->pb->b)) {
            cblas_dscal(m->nw, sqrt(m->pb->a) / nu, x, 1);
            cblas_dscal(m->nh, sqrt(m->pb->b) / nk, x + m->nw, 1);
            count = 0;
            f = sphere_eval(m, x, g);
        } else {
            f = fn;
        }
    }
    free(buf);
}

void pc_lowdim_local_search(pc_lowdim_point_t *pt, const pc_lowdim_problem_t *pb,
                            const double *W, const double *H, slong max_iterations, int finish)
{
    slong V = pb->V, N = pb->N, d = pb->d, nw = V * d, nh = d * N;
    double *x = malloc(sizeof(double) * (size_t) (2 * (nw + nh)));
    double *gW = x + nw + nh, *gH = gW + nw;
    sphere_map_t m = { pb, nw, nh, pt->W, pt->H, gW, gH };
    memcpy(x, W, sizeof(double) * (size_t) nw);
    memcpy(x + nw, H, sizeof(double) * (size_t) nh);
    for (int escape = 0; escape <= PC_LOWDIM_ESCAPES; escape++) {
        lbfgs_spheres(&m, x, max_iterations);
        sphere_eval(&m, x, x + nw + nh);   /* pt->W, pt->H = the point on the spheres */
        if (!finish)
            break;
        pc_lowdim_newton_polish(pt, pb, 6, 0);
        double *direction = malloc(sizeof(double) * (size_t) (nw + nh));
        int negative = pc_lowdim_second_order(pt, pb, direction, 0);
        if (!negative || escape == PC_LOWDIM_ESCAPES) {
            free(direction);
            break;
        }
        /* a saddle: step along the negative-curvature direction and search again */
        double step = 1e-2 * sqrt(pb->a + pb->b);
        for (slong j = 0; j < nw + nh; j++)
            x[j] = (j < nw ? pt->W[j] : pt->H[j - nw]) + step * direction[j];
        free(direction);
    }
    pt->value = pc_lowdim_objective(pb, pt->W, pt->H, NULL, NULL);
    free(x);
}

/* splitmix64 and Box-Muller: a fixed, portable stream of normal variates. */
static double next_normal(unsigned long long *state)
{
    double u[2];
    for (int j = 0; j < 2; j++) {
        unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        u[j] = ((double) (z >> 11) + 0.5) / 9007199254740992.0;
    }
    return sqrt(-2.0 * log(u[0])) * cos(2.0 * M_PI * u[1]);
}

static void keep_if_better(pc_lowdim_point_t *best, const pc_lowdim_point_t *cand, slong start)
{
    if (!(cand->value < best->value))
        return;
    slong nw = best->V * best->d, nh = best->d * best->N;
    memcpy(best->W, cand->W, sizeof(double) * (size_t) nw);
    memcpy(best->H, cand->H, sizeof(double) * (size_t) nh);
    best->lambda_W = cand->lambda_W;
    best->lambda_H = cand->lambda_H;
    best->value = cand->value;
    best->grad_norm = cand->grad_norm;
    best->min_curvature = cand->min_curvature;
    best->penalty = cand->penalty;
    best->best_start = start;
}

void pc_lowdim_search(pc_lowdim_point_t *best, const pc_lowdim_problem_t *pb,
                      const pc_lowdim_options_t *opt, double *const *seed_W,
                      double *const *seed_H, slong num_seeds)
{
    slong V = pb->V, N = pb->N, d = pb->d, nw = V * d, nh = d * N;
    unsigned long long state = opt->seed;
    pc_lowdim_point_t cand;
    pc_lowdim_point_init(&cand, V, N, d);
    double *W = malloc(sizeof(double) * (size_t) (nw + nh)), *H = W + nw;
    best->value = INFINITY;
    for (slong s = 0; s < num_seeds; s++) {
        pc_lowdim_local_search(&cand, pb, seed_W[s], seed_H[s], opt->max_iterations, 0);
        keep_if_better(best, &cand, -1 - s);
    }
    for (slong s = 0; s < opt->random_starts; s++) {
        for (slong j = 0; j < nw + nh; j++)
            W[j] = next_normal(&state);
        pc_lowdim_local_search(&cand, pb, W, H, opt->max_iterations, 0);
        keep_if_better(best, &cand, s);
    }
    /* the best end point: Newton polish, second-order check, escapes from saddles */
    pc_lowdim_local_search(&cand, pb, best->W, best->H, opt->max_iterations, 1);
    slong which = best->best_start;
    best->value = INFINITY;
    keep_if_better(best, &cand, which);
    best->starts = num_seeds + opt->random_starts;
    free(W);
    pc_lowdim_point_clear(&cand);
}
