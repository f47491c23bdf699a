/* The commutant-reduced problem (commutant.h; docs/groups.md): projections T_k, the floating
 * FISTA solve, Newton refinement on the KKT system, exact rounding and rigorous bounds.
 *
 * KKT of min f(x) s.t. h(x) = sum_k w_k ||T_k x||_D <= rho (w_k = sqrt(m_k)), active set S:
 *   F = P_S g + mu sum_{k in S} w_k y_k / n_k + (I - P_S) x = 0,   sum_{k in S} w_k n_k = rho,
 * with g[o] = (s_o - p_o) / N the D-gradient of f, y_k = T_k x, n_k = ||y_k||_D, P_S =
 * sum_{k in S} T_k. The second block pins x to the active components; the system is
 * nonsingular at a KKT point (f is strictly convex on centered directions). */
#include <math.h>
#include <stdlib.h>
#include <arb_mat.h>
#include "peelcert/commutant.h"
#include "peelcert/group.h"
#include "peelcert/verify.h"

#define PC_COMMUTANT_FISTA_MAX 200000

pc_status_t pc_commutant_problem_init(pc_commutant_problem_t *P, const pc_reduced_t *red,
                                      const pc_commutant_t *alg, const pc_instance_t *inst,
                                      pc_msg_t *msg)
{
    slong V = red->V, N = red->N, R = red->num_orbitals;
    pc_group_orbits_t orb;
    P->red = red;
    P->alg = alg;
    P->orbital_of = NULL;
    P->rep_token = NULL;
    if (!alg->eigen_proved || !alg->symmetric)
        return pc_fail(msg, PC_NOT_PROVED, "the commutant reduction needs a proved eigenmatrix "
                       "with real characters (every token orbital self-paired)");
    pc_group_orbits_init(&orb);
    pc_status_t st = pc_group_instance_orbitals(&orb, inst, msg);
    if (st != PC_OK) { pc_group_orbits_clear(&orb); return st; }
    P->orbital_of = malloc(sizeof(slong) * (size_t) (V * N));
    P->rep_token = malloc(sizeof(slong) * (size_t) (R > 0 ? R : 1));
    if (!P->orbital_of || !P->rep_token) abort();
    for (slong m = 0; m < V * N; m++) P->orbital_of[m] = orb.orbit_id[m];
    for (slong c = 0; c < red->num_context_orbits; c++) {
        slong i = red->context_rep[c];
        for (slong k = V - 1; k >= 0; k--) P->rep_token[P->orbital_of[k * N + i]] = k;
    }
    pc_group_orbits_clear(&orb);
    return PC_OK;
}

void pc_commutant_problem_clear(pc_commutant_problem_t *P)
{
    free(P->orbital_of);
    free(P->rep_token);
    P->orbital_of = P->rep_token = NULL;
}

/* The column (context orbit) representative of orbital o. */
static slong rep_context(const pc_commutant_problem_t *P, slong o)
{
    return P->red->context_rep[P->red->context_of[o]];
}

void pc_commutant_projections(arb_ptr T, const pc_commutant_problem_t *P, slong prec)
{
    const pc_commutant_t *alg = P->alg;
    slong r = alg->r, R = P->red->num_orbitals, V = alg->V, N = P->red->N;
    arb_ptr e = _arb_vec_init(r * r);          /* e[k r + j] = (E_k)_j = m_k theta / (V n_j) */
    for (slong k = 0; k < r; k++)
        for (slong j = 0; j < r; j++) {
            arb_mul_si(e + k * r + j, acb_realref(alg->theta + k * r + j), alg->multiplicity[k], prec);
            arb_div_si(e + k * r + j, e + k * r + j, V * alg->valency[j], prec);
        }
    _arb_vec_zero(T, r * R * R);
    for (slong o = 0; o < R; o++) {
        slong u = P->rep_token[o], i = rep_context(P, o);
        for (slong w = 0; w < V; w++) {
            slong o2 = P->orbital_of[w * N + i], j = alg->orbital[u * V + w];
            for (slong k = 0; k < r; k++)
                arb_add(T + (k * R + o) * R + o2, T + (k * R + o) * R + o2, e + k * r + j, prec);
        }
    }
    _arb_vec_clear(e, r * r);
}

/* ---- floating solve ---- */

typedef struct {
    const pc_commutant_problem_t *P;
    slong R, r;
    double *T, *w, *D, *p, *mult, rho;
} fista_t;

/* y = T_k x; returns ||y||_D. */
static double fista_component(double *y, const fista_t *F, slong k, const double *x)
{
    double n2 = 0.0;
    for (slong o = 0; o < F->R; o++) {
        double s = 0.0;
        for (slong o2 = 0; o2 < F->R; o2++) s += F->T[(k * F->R + o) * F->R + o2] * x[o2];
        y[o] = s;
        n2 += F->D[o] * s * s;
    }
    return sqrt(n2);
}

/* Projection onto {sum_k w_k ||T_k x||_D <= rho, T_0 x = 0} (D-metric). */
static void fista_project(double *x, const fista_t *F, double *work)
{
    slong R = F->R, r = F->r;
    double *y = work, *n = work + r * R, theta = 0.0;
    for (slong k = 1; k < r; k++) n[k] = fista_component(y + k * R, F, k, x);
    double budget = 0.0;
    for (slong k = 1; k < r; k++) budget += F->w[k] * n[k];
    if (budget > F->rho) {           /* theta solving sum w max(n - theta w, 0) = rho */
        double lo = 0.0, hi = 0.0;
        for (slong k = 1; k < r; k++) hi = fmax(hi, n[k] / F->w[k]);
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi), s = 0.0;
            for (slong k = 1; k < r; k++) s += F->w[k] * fmax(n[k] - mid * F->w[k], 0.0);
            if (s > F->rho) lo = mid; else hi = mid;
        }
        theta = hi;
    }
    for (slong o = 0; o < R; o++) x[o] = 0.0;
    for (slong k = 1; k < r; k++) {
        double t = n[k] > 0 ? fmax(n[k] - theta * F->w[k], 0.0) / n[k] : 0.0;
        for (slong o = 0; o < R; o++) x[o] += t * y[k * R + o];
    }
}

/* g = (s - p) / N per orbital (s the per-entry softmax of each representative column). */
static void fista_gradient(double *g, const fista_t *F, const double *x)
{
    const pc_reduced_t *red = F->P->red;
    for (slong c = 0; c < red->num_context_orbits; c++) {
        double mx = -INFINITY, sum = 0.0;
        for (slong t = red->start[c]; t < red->start[c + 1]; t++) mx = fmax(mx, x[red->members[t]]);
        for (slong t = red->start[c]; t < red->start[c + 1]; t++) {
            slong o = red->members[t];
            g[o] = exp(x[o] - mx);
            sum += F->mult[o] * g[o];
        }
        for (slong t = red->start[c]; t < red->start[c + 1]; t++) {
            slong o = red->members[t];
            g[o] = (g[o] / sum - F->p[o]) / (double) red->N;
        }
    }
}

static slong fista_run(double *x, fista_t *F)
{
    slong R = F->R, it;
    double *y = calloc((size_t) (4 * R + F->r * R + F->r + 4), sizeof(double));
    double *prev = y + R, *g = y + 2 * R, *v = y + 3 * R, *work = y + 4 * R, t = 1.0;
    double step = 2.0 * (double) F->P->red->N;   /* 1/L: Hessian of f <= 1/(2N) in Frobenius */
    if (!y) abort();
    for (slong o = 0; o < R; o++) y[o] = prev[o] = x[o];
    for (it = 0; it < PC_COMMUTANT_FISTA_MAX; it++) {
        fista_gradient(g, F, y);
        for (slong o = 0; o < R; o++) v[o] = y[o] - step * g[o];
        fista_project(v, F, work);
        double change = 0.0, size = 1e-300;
        for (slong o = 0; o < R; o++) {
            change += F->D[o] * (v[o] - x[o]) * (v[o] - x[o]);
            size += F->D[o] * v[o] * v[o];
        }
        double tn = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t));
        for (slong o = 0; o < R; o++) {
            prev[o] = x[o];
            x[o] = v[o];
            y[o] = x[o] + (t - 1.0) / tn * (x[o] - prev[o]);
        }
        t = tn;
        if (change < 1e-26 * size && it > 10) break;
    }
    free(y);
    return it;
}

slong pc_commutant_solve_double(double *x, double *mu, int *active, int *interior,
                                const pc_commutant_problem_t *P)
{
    const pc_reduced_t *red = P->red;
    slong R = red->num_orbitals, r = P->alg->r, iterations = 0;
    arb_ptr T = _arb_vec_init(r * R * R), L = _arb_vec_init(R);
    fista_t F = { P, R, r, NULL, NULL, NULL, NULL, NULL, 0.0 };
    F.T = malloc(sizeof(double) * (size_t) (r * R * R));
    F.w = malloc(sizeof(double) * (size_t) r);
    F.D = malloc(sizeof(double) * (size_t) R);
    F.p = malloc(sizeof(double) * (size_t) R);
    F.mult = malloc(sizeof(double) * (size_t) R);
    double *y = malloc(sizeof(double) * (size_t) R), *g = malloc(sizeof(double) * (size_t) R);
    if (!F.T || !F.w || !F.D || !F.p || !F.mult || !y || !g) abort();
    pc_commutant_projections(T, P, 128);
    for (slong m = 0; m < r * R * R; m++) F.T[m] = arf_get_d(arb_midref(T + m), ARF_RND_NEAR);
    for (slong k = 0; k < r; k++) F.w[k] = sqrt((double) P->alg->multiplicity[k]);
    for (slong o = 0; o < R; o++) {
        F.D[o] = (double) red->orbital_size[o];
        F.p[o] = fmpq_get_d(red->p + o);
        F.mult[o] = (double) red->mult[o];
    }
    F.rho = sqrt(fmpq_get_d(red->a) * fmpq_get_d(red->b));
    *interior = 0;
    *mu = 0.0;
    double normL = INFINITY;
    if (pc_reduced_all_positive(red)) {
        pc_reduced_centered_log(L, red, 128);
        for (slong o = 0; o < R; o++) x[o] = arf_get_d(arb_midref(L + o), ARF_RND_NEAR);
        normL = 0.0;
        for (slong k = 1; k < r; k++) normL += F.w[k] * fista_component(y, &F, k, x);
    }
    if (normL < F.rho) {
        *interior = 1;
        for (slong k = 0; k < r; k++) active[k] = 0;
    } else {
        for (slong o = 0; o < R; o++) x[o] = 0.0;
        iterations = fista_run(x, &F);
        /* mu from the active components: T_k g = -mu w_k y_k / n_k, so mu = ||T_k g||_D / w_k */
        fista_gradient(g, &F, x);
        double best = 0.0;
        active[0] = 0;
        for (slong k = 1; k < r; k++) {
            double n = fista_component(y, &F, k, x);
            active[k] = n > 1e-7 * F.rho;
            if (active[k] && n > best) {
                best = n;
                *mu = fista_component(y, &F, k, g) / F.w[k];
            }
        }
    }
    _arb_vec_clear(T, r * R * R);
    _arb_vec_clear(L, R);
    free(F.T); free(F.w); free(F.D); free(F.p); free(F.mult); free(y); free(g);
    return iterations;
}

/* ---- Newton refinement (midpoints; proves nothing) ---- */

void pc_commutant_softmax(arb_ptr s, arb_ptr g, const pc_reduced_t *red, arb_srcptr x, slong prec)
{
    arb_t sum, t;
    arb_init(sum); arb_init(t);
    for (slong c = 0; c < red->num_context_orbits; c++) {
        arb_zero(sum);
        for (slong m = red->start[c]; m < red->start[c + 1]; m++) {
            slong o = red->members[m];
            arb_exp(s + o, x + o, prec);
            arb_addmul_si(sum, s + o, red->mult[o], prec);
        }
        for (slong m = red->start[c]; m < red->start[c + 1]; m++) {
            slong o = red->members[m];
            arb_div(s + o, s + o, sum, prec);
            arb_set_fmpq(t, red->p + o, prec);
            arb_sub(g + o, s + o, t, prec);
            arb_div_si(g + o, g + o, red->N, prec);
        }
    }
    arb_clear(sum); arb_clear(t);
}

void pc_commutant_kkt_system(arb_mat_t J, arb_mat_t rhs, arb_srcptr x, const arb_t mu,
                             const int *active, const pc_commutant_problem_t *P, arb_srcptr T,
                             slong prec)
{
    const pc_reduced_t *red = P->red;
    slong R = red->num_orbitals, r = P->alg->r;
    arb_ptr s = _arb_vec_init(R), g = _arb_vec_init(R), y = _arb_vec_init(R), PS = _arb_vec_init(R * R);
    arb_t n, t, wk, G, rho;
    arb_init(n); arb_init(t); arb_init(wk); arb_init(G); arb_init(rho);
    pc_commutant_softmax(s, g, red, x, prec);
    arb_mat_zero(J);
    arb_mat_zero(rhs);
    for (slong k = 1; k < r; k++)
        if (active[k]) _arb_vec_add(PS, PS, T + k * R * R, R * R, prec);
    arb_set_fmpq(rho, red->a, prec);
    arb_set_fmpq(t, red->b, prec);
    arb_mul(rho, rho, t, prec);
    arb_sqrt(rho, rho, prec);
    arb_neg(G, rho);
    /* P_S Jg + I - P_S, and F = P_S g + x - P_S x. Jg is block diagonal by context orbit,
     * Jg[a][b] = (delta_ab s_a - s_a s_b mult_b) / N, so with u[c] = sum_{a in c} PS[o][a] s_a:
     * (P_S Jg)[o][b] = (PS[o][b] s_b - s_b mult_b u[c(b)]) / N, O(R^2) instead of O(R^3)
     * (the same function of x, so its ball evaluation still encloses it over a box). */
    arb_ptr u = _arb_vec_init(red->num_context_orbits);
    for (slong o = 0; o < R; o++) {
        const arb_struct *row = PS + o * R;
        _arb_vec_zero(u, red->num_context_orbits);
        for (slong a = 0; a < R; a++) {
            arb_addmul(arb_mat_entry(rhs, o, 0), row + a, g + a, prec);
            arb_submul(arb_mat_entry(rhs, o, 0), row + a, x + a, prec);
            arb_sub(arb_mat_entry(J, o, a), arb_mat_entry(J, o, a), row + a, prec);
            arb_addmul(u + red->context_of[a], row + a, s + a, prec);
        }
        for (slong b = 0; b < R; b++) {
            arb_mul_si(t, u + red->context_of[b], red->mult[b], prec);
            arb_sub(t, row + b, t, prec);
            arb_mul(t, t, s + b, prec);
            arb_div_si(t, t, red->N, prec);
            arb_add(arb_mat_entry(J, o, b), arb_mat_entry(J, o, b), t, prec);
        }
        arb_add(arb_mat_entry(rhs, o, 0), arb_mat_entry(rhs, o, 0), x + o, prec);
        arb_add_si(arb_mat_entry(J, o, o), arb_mat_entry(J, o, o), 1, prec);
    }
    _arb_vec_clear(u, red->num_context_orbits);
    arb_ptr dy = _arb_vec_init(R);
    arb_t wm, n2;
    arb_init(wm); arb_init(n2);
    for (slong k = 1; k < r; k++) {
        if (!active[k]) continue;
        arb_srcptr Tk = T + k * R * R;
        arb_zero(n);
        for (slong o = 0; o < R; o++) {
            arb_dot(y + o, NULL, 0, Tk + o * R, 1, x, 1, R, prec);
            arb_sqr(t, y + o, prec);
            arb_addmul_si(n, t, red->orbital_size[o], prec);
        }
        arb_set(n2, n);
        arb_sqrt(n, n, prec);
        arb_set_si(wk, P->alg->multiplicity[k]);
        arb_sqrt(wk, wk, prec);
        arb_addmul(G, wk, n, prec);
        arb_div(wk, wk, n, prec);                  /* w_k / n_k */
        arb_mul(wm, wk, mu, prec);
        for (slong o2 = 0; o2 < R; o2++) {         /* (D y)[o2] / n^2 */
            arb_mul_si(dy + o2, y + o2, red->orbital_size[o2], prec);
            arb_div(dy + o2, dy + o2, n2, prec);
        }
        for (slong o = 0; o < R; o++) {
            arb_mul(t, wk, y + o, prec);
            arb_addmul(arb_mat_entry(rhs, o, 0), t, mu, prec);
            arb_add(arb_mat_entry(J, o, R), arb_mat_entry(J, o, R), t, prec);
            arb_mul_si(t, t, red->orbital_size[o], prec);
            arb_add(arb_mat_entry(J, R, o), arb_mat_entry(J, R, o), t, prec);
            for (slong o2 = 0; o2 < R; o2++) {     /* mu w/n (T_k - y (D y)^T / n^2) */
                arb_mul(t, y + o, dy + o2, prec);
                arb_sub(t, Tk + o * R + o2, t, prec);
                arb_addmul(arb_mat_entry(J, o, o2), t, wm, prec);
            }
        }
    }
    _arb_vec_clear(dy, R);
    arb_clear(wm); arb_clear(n2);
    arb_set(arb_mat_entry(rhs, R, 0), G);
    arb_mat_neg(rhs, rhs);
    _arb_vec_clear(s, R); _arb_vec_clear(g, R); _arb_vec_clear(y, R); _arb_vec_clear(PS, R * R);
    arb_clear(n); arb_clear(t); arb_clear(wk); arb_clear(G); arb_clear(rho);
}

void pc_commutant_refine(arb_ptr x, arb_t mu, const int *active, const pc_commutant_problem_t *P,
                         slong steps, slong prec)
{
    slong R = P->red->num_orbitals, r = P->alg->r;
    arb_ptr T = _arb_vec_init(r * R * R);
    arb_mat_t J, rhs, dx;
    arb_mat_init(J, R + 1, R + 1); arb_mat_init(rhs, R + 1, 1); arb_mat_init(dx, R + 1, 1);
    pc_commutant_projections(T, P, prec);
    for (slong step = 0; step < steps; step++) {
        pc_commutant_kkt_system(J, rhs, x, mu, active, P, T, prec);
        if (!arb_mat_approx_solve(dx, J, rhs, prec)) break;
        for (slong o = 0; o < R; o++) {
            arb_add(x + o, x + o, arb_mat_entry(dx, o, 0), prec);
            arb_get_mid_arb(x + o, x + o);
        }
        arb_add(mu, mu, arb_mat_entry(dx, R, 0), prec);
        arb_get_mid_arb(mu, mu);
    }
    _arb_vec_clear(T, r * R * R);
    arb_mat_clear(J); arb_mat_clear(rhs); arb_mat_clear(dx);
}

/* ---- exact rounding and rigorous bounds ---- */

static void commutant_rho(arb_t rho, const pc_reduced_t *red, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_fmpq(rho, red->a, prec);
    arb_set_fmpq(t, red->b, prec);
    arb_mul(rho, rho, t, prec);
    arb_sqrt(rho, rho, prec);
    arb_clear(t);
}

/* Encloses ||Z||_* for Z[k][i] = z[orbital(k, i)] (exact Gram coefficients, proved eigenmatrix). */
static void commutant_nuclear_of(arb_t out, const fmpq *z, const pc_commutant_problem_t *P, slong prec)
{
    fmpq *c = _fmpq_vec_init(P->alg->r);
    pc_commutant_gram_coefficients(c, P->alg, z, P->orbital_of, P->red->N);
    pc_commutant_nuclear(out, P->alg, c, prec);
    _fmpq_vec_clear(c, P->alg->r);
}

static void commutant_round_primal(fmpq *z, arb_srcptr x, const pc_commutant_problem_t *P, slong prec)
{
    const pc_reduced_t *red = P->red;
    slong R = red->num_orbitals, nprec = 2 * prec + 64;   /* sqrt of tiny lambda_k: double it */
    fmpq_t t, factor;
    arb_t nuc, rho, ratio;
    arf_t low, cut;
    fmpq_init(t); fmpq_init(factor);
    arb_init(nuc); arb_init(rho); arb_init(ratio); arf_init(low); arf_init(cut);
    for (slong o = 0; o < R; o++) {
        arf_set_round(low, arb_midref(x + o), prec, ARF_RND_NEAR);
        arf_get_fmpq(z + o, low);
    }
    for (slong c = 0; c < red->num_context_orbits; c++) {   /* exact centering */
        fmpq_zero(t);
        for (slong m = red->start[c]; m < red->start[c + 1]; m++) {
            slong o = red->members[m];
            fmpq_mul_fmpz(factor, z + o, (fmpz_t){red->mult[o]});
            fmpq_add(t, t, factor);
        }
        fmpq_div_fmpz(t, t, (fmpz_t){red->V});
        for (slong m = red->start[c]; m < red->start[c + 1]; m++)
            fmpq_sub(z + red->members[m], z + red->members[m], t);
    }
    commutant_rho(rho, red, nprec);
    for (slong shrink = prec - 8; shrink > 4; shrink -= 8) {
        commutant_nuclear_of(nuc, z, P, nprec);
        if (arb_lt(nuc, rho)) break;
        arb_div(ratio, rho, nuc, nprec);
        arb_get_lbound_arf(low, ratio, nprec);
        arf_mul_2exp_si(cut, low, -shrink);
        arf_sub(low, low, cut, prec, ARF_RND_DOWN);
        arf_get_fmpq(factor, low);
        if (fmpq_sgn(factor) <= 0) fmpq_zero(factor);
        for (slong o = 0; o < R; o++) fmpq_mul(z + o, z + o, factor);
    }
    commutant_nuclear_of(nuc, z, P, nprec);
    if (!arb_lt(nuc, rho))               /* Z = 0 is always feasible */
        for (slong o = 0; o < R; o++) fmpq_zero(z + o);
    fmpq_clear(t); fmpq_clear(factor);
    arb_clear(nuc); arb_clear(rho); arb_clear(ratio); arf_clear(low); arf_clear(cut);
}

/* LB(Q) = (1/N) [sum_o |o| H-term(q_o) - rho sqrt(max_k lambda_k(M^T M))], M = Q - P. */
static void commutant_dual_bound(arb_t out, const fmpq *q, const pc_commutant_problem_t *P, slong prec)
{
    const pc_reduced_t *red = P->red;
    slong R = red->num_orbitals, r = P->alg->r;
    fmpq *m = _fmpq_vec_init(R), *c = _fmpq_vec_init(r);
    arb_ptr lambda = _arb_vec_init(r);
    arb_t t, s, rho;
    arb_init(t); arb_init(s); arb_init(rho);
    arb_zero(out);
    for (slong o = 0; o < R; o++) {
        pc_verify_entropy_term(t, q + o, prec);
        arb_addmul_si(out, t, red->orbital_size[o], prec);
        fmpq_sub(m + o, q + o, red->p + o);        /* Y = M^T in logit layout: Y Y^T = M^T M */
    }
    pc_commutant_gram_coefficients(c, P->alg, m, P->orbital_of, red->N);
    pc_commutant_eigenvalues(lambda, P->alg, c, prec);
    arb_zero(s);
    for (slong k = 0; k < r; k++) arb_max(s, s, lambda + k, prec);
    arb_sqrtpos(s, s, prec);
    commutant_rho(rho, red, prec);
    arb_submul(out, rho, s, prec);
    arb_div_si(out, out, red->N, prec);
    _fmpq_vec_clear(m, R); _fmpq_vec_clear(c, r); _arb_vec_clear(lambda, r);
    arb_clear(t); arb_clear(s); arb_clear(rho);
}

void pc_commutant_bounds(arb_t upper, arb_t lower, fmpq *z, fmpq *q, arb_srcptr x,
                         const pc_commutant_problem_t *P, slong prec)
{
    commutant_round_primal(z, x, P, prec);
    pc_reduced_round_dual(q, z, P->red, prec);
    pc_reduced_objective(upper, z, P->red, prec);
    commutant_dual_bound(lower, q, P, prec);
}
