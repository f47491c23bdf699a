/* The objective of (C), its gradient and the floating duality gap (SPEC 2, 3). Doubles only.
 *
 * Accuracy: with m_i = max_k z_ik at k = a_i and t_i = sum_{k != a_i} exp(z_ik - m_i),
 *     LSE(z_i) - <p_i, z_i> = log1p(t_i) + sum_k p_ik (m_i - z_ik),
 *     q_i,a_i - p_i,a_i     = ((1 - p_i,a_i) - p_i,a_i t_i) / (1 + t_i),
 * a sum of nonnegative terms and a difference without cancellation. For one-hot targets with
 * large budgets f is tiny (1e-9 and below); these forms keep its relative accuracy. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "solver_internal.h"

typedef struct {
    double *mx, *rest, *lse;   /* m_i, t_i, LSE(z_i) */
    slong *arg;                /* a_i */
} column_stats_t;

static void column_stats_init(column_stats_t *cs, slong N)
{
    cs->mx = malloc(sizeof(double) * 3 * N);
    cs->rest = cs->mx + N;
    cs->lse = cs->rest + N;
    cs->arg = malloc(sizeof(slong) * N);
}

static void column_stats_clear(column_stats_t *cs)
{
    free(cs->mx);
    free(cs->arg);
}

/* Row by row, so that the inner loops are contiguous. */
static void column_stats(column_stats_t *cs, const double *Z, slong V, slong N)
{
    for (slong i = 0; i < N; i++) {
        cs->mx[i] = -INFINITY;
        cs->arg[i] = 0;
        cs->rest[i] = 0.0;
    }
    for (slong k = 0; k < V; k++) {
        const double *z = Z + k * N;
        for (slong i = 0; i < N; i++)
            if (z[i] > cs->mx[i]) {
                cs->mx[i] = z[i];
                cs->arg[i] = k;
            }
    }
    for (slong k = 0; k < V; k++) {
        const double *z = Z + k * N;
        for (slong i = 0; i < N; i++)
            if (k != cs->arg[i])
                cs->rest[i] += exp(z[i] - cs->mx[i]);
    }
    for (slong i = 0; i < N; i++)
        cs->lse[i] = cs->mx[i] + log1p(cs->rest[i]);
}

/* M = softmax(Z) - P^T (V x N), the maximal entry of each column without cancellation;
 * S = softmax(Z) too if S != NULL. */
static void softmax_minus_target(const pc_dense_problem_t *pb, const column_stats_t *cs,
                                 const double *Z, double *M, double *S)
{
    slong V = pb->V, N = pb->N;
    for (slong k = 0; k < V; k++)
        for (slong i = 0; i < N; i++) {
            double q = exp(Z[k * N + i] - cs->lse[i]);
            if (S != NULL)
                S[k * N + i] = q;
            M[k * N + i] = q - pb->PT[k * N + i];
        }
    for (slong i = 0; i < N; i++) {
        slong j = cs->arg[i] * N + i;
        double p = pb->PT[j], t = cs->rest[i];
        M[j] = ((1 - p) - p * t) / (1 + t);
        if (S != NULL)
            S[j] = 1 / (1 + t);
    }
}

/* sum_i [log1p(t_i) + sum_k w_ik (m_i - z_ik)] with weights Wt (V x N). */
static double shifted_sum(const column_stats_t *cs, const double *Z, const double *Wt, slong V,
                          slong N)
{
    double total = 0.0;
    for (slong i = 0; i < N; i++)
        total += log1p(cs->rest[i]);
    for (slong k = 0; k < V; k++)
        for (slong i = 0; i < N; i++)
            total += Wt[k * N + i] * (cs->mx[i] - Z[k * N + i]);
    return total;
}

double pc_dense_objective_parts(const pc_dense_problem_t *pb, const double *Z, double *G,
                                double *S, double *entropy)
{
    slong V = pb->V, N = pb->N;
    column_stats_t cs;
    column_stats_init(&cs, N);
    column_stats(&cs, Z, V, N);
    double f = shifted_sum(&cs, Z, pb->PT, V, N) / N;
    softmax_minus_target(pb, &cs, Z, G, S);
    *entropy = shifted_sum(&cs, Z, S, V, N);
    double invN = 1.0 / N;
    for (slong j = 0; j < V * N; j++)
        G[j] *= invN;
    column_stats_clear(&cs);
    return f;
}

void pc_dense_softmax(const pc_dense_problem_t *pb, const double *Z, double *S, double *lse)
{
    if (pb->token_weight != NULL) {
        pc_weighted_softmax(pb, Z, S, lse);
        return;
    }
    slong V = pb->V, N = pb->N;
    column_stats_t cs;
    column_stats_init(&cs, N);
    column_stats(&cs, Z, V, N);
    for (slong k = 0; k < V; k++)
        for (slong i = 0; i < N; i++)
            S[k * N + i] = exp(Z[k * N + i] - cs.lse[i]);
    for (slong i = 0; i < N; i++) {
        S[cs.arg[i] * N + i] = 1 / (1 + cs.rest[i]);
        lse[i] = cs.lse[i];
    }
    column_stats_clear(&cs);
}

double pc_dense_objective(const pc_dense_problem_t *pb, const double *Z, double *G)
{
    if (pb->token_weight != NULL)
        return pc_weighted_objective(pb, Z, G);
    slong V = pb->V, N = pb->N;
    column_stats_t cs;
    column_stats_init(&cs, N);
    column_stats(&cs, Z, V, N);
    double f = shifted_sum(&cs, Z, pb->PT, V, N) / N;
    if (G != NULL) {
        softmax_minus_target(pb, &cs, Z, G, NULL);
        double invN = 1.0 / N;
        for (slong j = 0; j < V * N; j++)
            G[j] *= invN;
    }
    column_stats_clear(&cs);
    return f;
}

void pc_dense_gap_parts(const pc_dense_problem_t *pb, const double *Z, double *M,
                        double *value, double *entropy)
{
    slong V = pb->V, N = pb->N;
    double *S = malloc(sizeof(double) * V * N);
    column_stats_t cs;
    column_stats_init(&cs, N);
    column_stats(&cs, Z, V, N);
    softmax_minus_target(pb, &cs, Z, M, S);
    /* H(q_i) = LSE(z_i) - <q_i, z_i> = log1p(t_i) + sum_k q_ik (m_i - z_ik) */
    *entropy = shifted_sum(&cs, Z, S, V, N);
    *value = shifted_sum(&cs, Z, pb->PT, V, N) / N;
    column_stats_clear(&cs);
    free(S);
}

int pc_dense_gap(const pc_dense_problem_t *pb, const double *Z, double *value, double *lower,
                 double *opnorm)
{
    if (pb->token_weight != NULL)
        return pc_weighted_gap(pb, Z, value, lower, opnorm);
    slong V = pb->V, N = pb->N, k = V < N ? V : N;
    double *M = malloc(sizeof(double) * (V * N + k));
    double *s = M + V * N, entropy, fvalue;
    pc_dense_gap_parts(pb, Z, M, &fvalue, &entropy);
    int info = pc_dense_svd(M, V, N, s, NULL, NULL);
    if (info == 0) {
        *value = fvalue;
        *opnorm = k > 0 ? s[0] : 0.0;
        *lower = (entropy - pb->rho * *opnorm) / N;
    }
    free(M);
    return info;
}
