/* Floating solution of the reduced problem (reduced.h; SPEC 3, 5b). Doubles only; the
 * result is a starting point for the multiprecision refinement and proves nothing.
 *
 * Inner problem, for fixed nu > 0 and one context orbit (classes o with multiplicities n_o):
 *   minimise phi(x) = log sum_o n_o exp(x_o) - sum_o n_o p_o x_o + (nu/2) sum_o n_o x_o^2,
 * strictly convex; its stationarity is F = s - p + nu x = 0. Newton with backtracking.
 * Outer equation: g(nu) = sum_O |O| sum_o n_o x_o(nu)^2 = R^2, g decreasing; safeguarded
 * Newton on t = log nu inside a bracket. */
#include <math.h>
#include <stdlib.h>
#include "peelcert/reduced.h"

#define PC_REDUCED_INNER_MAX 200
#define PC_REDUCED_OUTER_MAX 200

/* One context orbit's classes as doubles. */
typedef struct {
    slong m;
    const slong *ids;
    double *n, *p, *x, *s, *work;
} column_t;

/* phi at x, and s = softmax (per entry). */
static double column_phi(const column_t *col, const double *x, double nu, double *s)
{
    double mx = -INFINITY, sum = 0.0, lin = 0.0, quad = 0.0;
    for (slong c = 0; c < col->m; c++) mx = fmax(mx, x[c]);
    for (slong c = 0; c < col->m; c++) {
        double e = exp(x[c] - mx);
        if (s) s[c] = e;
        sum += col->n[c] * e;
        lin += col->n[c] * col->p[c] * x[c];
        quad += col->n[c] * x[c] * x[c];
    }
    if (s) for (slong c = 0; c < col->m; c++) s[c] /= sum;
    return mx + log(sum) - lin + 0.5 * nu * quad;
}

/* u = J^{-1} r, J = diag(s + nu) - s (n s)^T (Sherman-Morrison; 1 - m.D^{-1}s written as
 * nu sum n s/(s + nu), which is exact when sum n s = 1 and loses nothing as nu -> 0). */
static void column_solve(double *u, const column_t *col, const double *r, double nu)
{
    double alpha = 0.0, denom = 0.0;
    for (slong c = 0; c < col->m; c++) {
        double d = col->s[c] + nu;
        u[c] = r[c] / d;
        alpha += col->n[c] * col->s[c] * u[c];
        denom += col->n[c] * col->s[c] / d;
    }
    denom *= nu;
    double factor = denom > 0 ? alpha / denom : 0.0;
    for (slong c = 0; c < col->m; c++)
        u[c] += col->s[c] / (col->s[c] + nu) * factor;
}

/* Minimises phi for this nu, warm-started at col->x. Leaves s = softmax(x). */
static void column_minimise(column_t *col, double nu)
{
    slong m = col->m;
    double *F = col->work, *dx = col->work + m, *trial = col->work + 2 * m;
    double phi = column_phi(col, col->x, nu, col->s);
    for (int it = 0; it < PC_REDUCED_INNER_MAX; it++) {
        double fmax_abs = 0.0;
        for (slong c = 0; c < m; c++) {
            F[c] = -(col->s[c] - col->p[c] + nu * col->x[c]);
            fmax_abs = fmax(fmax_abs, fabs(F[c]));
        }
        if (fmax_abs < 1e-16)
            break;
        column_solve(dx, col, F, nu);
        double slope = 0.0;            /* grad phi . dx = -sum n F dx (F holds -grad/n) */
        for (slong c = 0; c < m; c++) slope -= col->n[c] * F[c] * dx[c];
        double step = 1.0, phi_new = phi;
        for (int ls = 0; ls < 60; ls++) {
            for (slong c = 0; c < m; c++) trial[c] = col->x[c] + step * dx[c];
            phi_new = column_phi(col, trial, nu, NULL);
            if (phi_new <= phi + 1e-4 * step * slope || fabs(phi_new - phi) < 1e-15 * fabs(phi) + 1e-300)
                break;
            step *= 0.5;
        }
        for (slong c = 0; c < m; c++) col->x[c] = trial[c];
        double old = phi;
        phi = column_phi(col, col->x, nu, col->s);
        if (step < 1e-12 || (fabs(old - phi) == 0.0 && fmax_abs < 1e-12))
            break;
    }
}

typedef struct {
    const pc_reduced_t *red;
    column_t *cols;
    double radius2;
} outer_t;

/* g(nu) - R^2 after solving every column; *dg = d g / d log nu. */
static double outer_eval(outer_t *S, double nu, double *dg)
{
    double g = 0.0, deriv = 0.0;
    for (slong c = 0; c < S->red->num_context_orbits; c++) {
        column_t *col = S->cols + c;
        double w = (double) S->red->context_size[c], *u = col->work;
        column_minimise(col, nu);
        column_solve(u, col, col->x, nu);      /* dx/dnu = -J^{-1} x */
        for (slong k = 0; k < col->m; k++) {
            g += w * col->n[k] * col->x[k] * col->x[k];
            deriv -= 2.0 * w * col->n[k] * col->x[k] * u[k];
        }
    }
    *dg = deriv * nu;
    return g - S->radius2;
}

/* Centered log targets as the interior point; returns (V - 1) ||L||_F^2 - a b (scaled). */
static double interior_point(outer_t *S)
{
    double norm2 = 0.0;
    for (slong c = 0; c < S->red->num_context_orbits; c++) {
        column_t *col = S->cols + c;
        double mean = 0.0;
        for (slong k = 0; k < col->m; k++) mean += col->n[k] * log(col->p[k]);
        mean /= (double) S->red->V;
        for (slong k = 0; k < col->m; k++) {
            col->x[k] = log(col->p[k]) - mean;
            norm2 += (double) S->red->context_size[c] * col->n[k] * col->x[k] * col->x[k];
        }
    }
    return norm2 - S->radius2;
}

static double outer_solve(outer_t *S, slong *iterations)
{
    double dg, lo = NAN, hi = NAN, t = 0.0;    /* h(lo) > 0 > h(hi), h decreasing in t */
    double h = outer_eval(S, exp(t), &dg);
    slong it = 0;
    for (; it < PC_REDUCED_OUTER_MAX && isnan(lo + hi); it++) {
        if (h > 0) { lo = t; if (isnan(hi)) t += 2.0; }
        else { hi = t; if (isnan(lo)) t -= 2.0; }
        if (!isnan(lo + hi) || t < -700.0 || t > 700.0) break;
        h = outer_eval(S, exp(t), &dg);
    }
    if (isnan(lo + hi))
        return exp(t);
    t = hi;
    h = outer_eval(S, exp(t), &dg);
    for (; it < PC_REDUCED_OUTER_MAX; it++) {
        if (fabs(h) <= 1e-15 * S->radius2 || hi - lo < 1e-15)
            break;
        if (h > 0) lo = t; else hi = t;
        double next = dg < 0 ? t - h / dg : NAN;
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        t = next;
        h = outer_eval(S, exp(t), &dg);
    }
    *iterations = it;
    return exp(t);
}

slong pc_reduced_solve_double(double *x, double *nu, int *interior, const pc_reduced_t *red)
{
    slong C = red->num_context_orbits, R = red->num_orbitals, iterations = 0;
    double *n = malloc(sizeof(double) * (size_t) (R > 0 ? R : 1));
    double *p = malloc(sizeof(double) * (size_t) (R > 0 ? R : 1));
    double *s = malloc(sizeof(double) * (size_t) (R > 0 ? R : 1));
    double *work = malloc(sizeof(double) * (size_t) (3 * R + 1));
    column_t *cols = malloc(sizeof(column_t) * (size_t) (C > 0 ? C : 1));
    if (!n || !p || !s || !work || !cols) abort();
    for (slong c = 0; c < C; c++) {
        slong b = red->start[c];
        cols[c].m = red->start[c + 1] - b;
        cols[c].ids = red->members + b;
        cols[c].n = n + b; cols[c].p = p + b; cols[c].x = x + b; cols[c].s = s + b;
        cols[c].work = work + 3 * b;
        for (slong k = 0; k < cols[c].m; k++) {
            slong o = cols[c].ids[k];
            n[b + k] = (double) red->mult[o];
            p[b + k] = fmpq_get_d(red->p + o);
        }
    }
    outer_t S = { red, cols, fmpq_get_d(red->radius2) };
    *interior = 0;
    *nu = 0.0;
    if (pc_reduced_all_positive(red) && interior_point(&S) < 0) {
        *interior = 1;
    } else {
        for (slong k = 0; k < R; k++) x[k] = 0.0;
        *nu = outer_solve(&S, &iterations);
    }
    /* x is in members order; put it in orbital order. */
    for (slong k = 0; k < R; k++) s[red->members[k]] = x[k];
    for (slong o = 0; o < R; o++) x[o] = s[o];
    free(n); free(p); free(s); free(work); free(cols);
    return iterations;
}
