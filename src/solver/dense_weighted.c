/* The weighted problem of token and context classes (SPEC 10) in the coordinates of the
 * nuclear-norm ball, Y = D_T^(1/2) R D_C^(1/2) (u x v), for the floating solver. Doubles only.
 *
 * With z'_ab = R_ab + log t_a, pi_ab = t_a p(b, a) (a distribution over classes) and
 * sigma_b = softmax(z'_b), each context class contributes c_b times
 *     log sum_a t_a exp(R_ab) - sum_a t_a p(b, a) R_ab = CE(pi_b, z'_b) + sum_a pi_ab log t_a,
 * so the accurate forms of dense_objective.c apply to z' (m_b = max z'_b at a_b,
 * rest_b = sum_{a != a_b} exp(z'_ab - m_b)). The gradient is
 *     dF/dY_ab = (c_b / N) (sigma_ab - pi_ab) / sqrt(t_a c_b),
 * the dual q(b, a) = sigma_ab / t_a, its entropy H_t(q_b) = -sum_a t_a q log q
 * = H(sigma_b) + sum_a sigma_ab log t_a, and ||D_C^(1/2) (Q - P) D_T^(1/2)||_op = N ||grad||_op. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "solver_internal.h"

typedef struct {
    double *zp;                /* u x v: z' */
    double *mx, *rest, *lse;   /* per column */
    slong *arg;
} weighted_stats_t;

static void weighted_stats(weighted_stats_t *ws, const pc_dense_problem_t *pb, const double *Y)
{
    slong u = pb->V, v = pb->N;
    ws->zp = malloc(sizeof(double) * (size_t) (u * v + 3 * v));
    ws->mx = ws->zp + u * v;
    ws->rest = ws->mx + v;
    ws->lse = ws->rest + v;
    ws->arg = malloc(sizeof(slong) * (size_t) v);
    for (slong b = 0; b < v; b++) {
        ws->mx[b] = -INFINITY;
        ws->arg[b] = 0;
        ws->rest[b] = 0.0;
    }
    for (slong a = 0; a < u; a++) {
        double st = sqrt(pb->token_weight[a]), lt = log(pb->token_weight[a]);
        for (slong b = 0; b < v; b++) {
            double z = Y[a * v + b] / (st * sqrt(pb->context_weight[b])) + lt;
            ws->zp[a * v + b] = z;
            if (z > ws->mx[b]) {
                ws->mx[b] = z;
                ws->arg[b] = a;
            }
        }
    }
    for (slong a = 0; a < u; a++)
        for (slong b = 0; b < v; b++)
            if (a != ws->arg[b])
                ws->rest[b] += exp(ws->zp[a * v + b] - ws->mx[b]);
    for (slong b = 0; b < v; b++)
        ws->lse[b] = ws->mx[b] + log1p(ws->rest[b]);
}

static void weighted_stats_clear(weighted_stats_t *ws)
{
    free(ws->zp);
    free(ws->arg);
}

/* sigma_ab (S != NULL) and sigma_ab - pi_ab (D != NULL), the maximal entry without cancellation */
static void weighted_sigma(const pc_dense_problem_t *pb, const weighted_stats_t *ws, double *S,
                           double *D)
{
    slong u = pb->V, v = pb->N;
    for (slong a = 0; a < u; a++)
        for (slong b = 0; b < v; b++) {
            double s = exp(ws->zp[a * v + b] - ws->lse[b]);
            if (ws->arg[b] == a) s = 1 / (1 + ws->rest[b]);
            if (S != NULL) S[a * v + b] = s;
            if (D != NULL) {
                double pi = pb->token_weight[a] * pb->PT[a * v + b];
                D[a * v + b] = ws->arg[b] == a
                    ? ((1 - pi) - pi * ws->rest[b]) / (1 + ws->rest[b]) : s - pi;
            }
        }
}

/* sum_b c_b [log1p(rest_b) + sum_a w_ab (m_b - z'_ab + log t_a)], w = pi (then f N) or sigma
 * (then sum_b c_b H_t(q_b)). */
static double weighted_sum(const pc_dense_problem_t *pb, const weighted_stats_t *ws,
                           const double *S)
{
    slong u = pb->V, v = pb->N;
    double *col = calloc((size_t) v, sizeof(double)), total = 0.0;
    for (slong a = 0; a < u; a++) {
        double lt = log(pb->token_weight[a]);
        for (slong b = 0; b < v; b++) {
            double w = S != NULL ? S[a * v + b] : pb->token_weight[a] * pb->PT[a * v + b];
            if (w != 0.0)
                col[b] += w * (ws->mx[b] - ws->zp[a * v + b] + lt);
        }
    }
    for (slong b = 0; b < v; b++)
        total += pb->context_weight[b] * (log1p(ws->rest[b]) + col[b]);
    free(col);
    return total;
}

double pc_weighted_objective(const pc_dense_problem_t *pb, const double *Y, double *G)
{
    slong u = pb->V, v = pb->N;
    weighted_stats_t ws;
    weighted_stats(&ws, pb, Y);
    double f = weighted_sum(pb, &ws, NULL) / pb->contexts;
    if (G != NULL) {
        weighted_sigma(pb, &ws, NULL, G);
        for (slong a = 0; a < u; a++)
            for (slong b = 0; b < v; b++)
                G[a * v + b] *= sqrt(pb->context_weight[b] / pb->token_weight[a]) / pb->contexts;
    }
    weighted_stats_clear(&ws);
    return f;
}

void pc_weighted_softmax(const pc_dense_problem_t *pb, const double *Y, double *S, double *lse)
{
    slong u = pb->V, v = pb->N;
    weighted_stats_t ws;
    weighted_stats(&ws, pb, Y);
    weighted_sigma(pb, &ws, S, NULL);
    for (slong a = 0; a < u; a++)
        for (slong b = 0; b < v; b++)
            S[a * v + b] /= pb->token_weight[a];
    for (slong b = 0; b < v; b++)
        lse[b] = ws.lse[b];
    weighted_stats_clear(&ws);
}

int pc_weighted_gap(const pc_dense_problem_t *pb, const double *Y, double *value, double *lower,
                    double *opnorm)
{
    slong u = pb->V, v = pb->N, k = u < v ? u : v;
    double *M = malloc(sizeof(double) * (size_t) (2 * u * v + k));
    double *S = M + u * v, *s = S + u * v;
    weighted_stats_t ws;
    weighted_stats(&ws, pb, Y);
    weighted_sigma(pb, &ws, S, M);
    double entropy = weighted_sum(pb, &ws, S), fsum = weighted_sum(pb, &ws, NULL);
    weighted_stats_clear(&ws);
    for (slong a = 0; a < u; a++)   /* M = D_C^(1/2) (Q - P) D_T^(1/2), transposed */
        for (slong b = 0; b < v; b++)
            M[a * v + b] *= sqrt(pb->context_weight[b] / pb->token_weight[a]);
    int info = pc_dense_svd(M, u, v, s, NULL, NULL);
    if (info == 0) {
        *value = fsum / pb->contexts;
        *opnorm = k > 0 ? s[0] : 0.0;
        *lower = (entropy - pb->rho * *opnorm) / pb->contexts;
    }
    free(M);
    return info;
}

void pc_dense_center(const pc_dense_problem_t *pb, double *Z)
{
    slong V = pb->V, N = pb->N;
    if (pb->token_weight == NULL) {
        pc_center_columns(Z, V, N);
        return;
    }
    double *dot = calloc((size_t) N, sizeof(double)), total = 0.0;
    for (slong a = 0; a < V; a++) {
        double st = sqrt(pb->token_weight[a]);
        total += pb->token_weight[a];
        for (slong b = 0; b < N; b++)
            dot[b] += st * Z[a * N + b];
    }
    for (slong a = 0; a < V; a++) {
        double st = sqrt(pb->token_weight[a]);
        for (slong b = 0; b < N; b++)
            Z[a * N + b] -= st * dot[b] / total;
    }
    free(dot);
}
