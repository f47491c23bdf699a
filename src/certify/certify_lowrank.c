/* The general path with binary64 proofs (SPEC 15, FORMAT.md kind lowrank): floating solver ->
 * rank-r factors W, H (binary64, exact values) -> bounds proved by pc_floatproof_lowrank_bounds
 * (dual softmax(W H), never stored) -> certificate. Nothing here is multiprecision beyond the
 * Arb enclosures of the floatproof pass. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "paths.h"
#include "peelcert/floatproof.h"
#include "peelcert/numbers.h"
#include "peelcert/solver.h"
#include "peelcert/verify.h"

#define PC_LOWRANK_PREC 64

/* The number of leading columns of the solver's factors (W: V x d, H: d x N, row-major) that
 * hold a nonzero entry: the columns after them are exactly zero (the projection zeroes them),
 * so dropping them leaves W H unchanged. At least 1. */
static slong used_columns(const pc_float_solution_t *sol)
{
    slong r = 0;
    for (slong j = 0; j < sol->d; j++) {
        int nonzero = 0;
        for (slong k = 0; k < sol->V && !nonzero; k++)
            nonzero = sol->W[k * sol->d + j] != 0.0;
        for (slong i = 0; i < sol->N && !nonzero; i++)
            nonzero = sol->H[j * sol->N + i] != 0.0;
        if (nonzero)
            r = j + 1;
    }
    return r > 0 ? r : 1;
}

/* The first r columns of the factors into cert (row-major, FORMAT.md) and column-major copies
 * for floatproof (W ld V, H ld r); scale multiplies every entry (rounded: the budgets are
 * checked exactly afterwards, never assumed). */
static int take_factors(pc_cert_t *cert, double **Wc, double **Hc, const pc_float_solution_t *sol,
                        slong r, double scale)
{
    slong V = sol->V, N = sol->N, d = sol->d;
    free(cert->lr_W);
    free(cert->lr_H);
    cert->lr_rank = r;
    cert->lr_W = malloc(sizeof(double) * (size_t) (V * r));
    cert->lr_H = malloc(sizeof(double) * (size_t) (r * N));
    *Wc = malloc(sizeof(double) * (size_t) (V * r));
    *Hc = malloc(sizeof(double) * (size_t) (r * N));
    if (!cert->lr_W || !cert->lr_H || !*Wc || !*Hc)
        return 0;
    for (slong k = 0; k < V; k++)
        for (slong j = 0; j < r; j++) {
            double w = scale * sol->W[k * d + j];
            cert->lr_W[k * r + j] = w;
            (*Wc)[j * V + k] = w;
        }
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < N; i++) {
            double h = scale * sol->H[j * N + i];
            cert->lr_H[j * N + i] = h;
            (*Hc)[i * r + j] = h;
        }
    return 1;
}

/* Proves the bounds of the factors (shrunk by 1 - 2^-40 per try while a budget fails: the
 * solver keeps them inside up to rounding) and fills cert's claims. */
static pc_status_t prove_factors(pc_cert_t *cert, pc_floatproof_bounds_t *bounds,
                                 const pc_instance_t *inst, const pc_float_solution_t *sol,
                                 slong r, pc_msg_t *msg)
{
    pc_status_t st = PC_NOT_PROVED;
    double scale = 1.0;
    for (int attempt = 0; attempt < 4; attempt++, scale *= 1.0 - 0x1p-40) {
        double *Wc = NULL, *Hc = NULL;
        if (!take_factors(cert, &Wc, &Hc, sol, r, scale)) {
            free(Wc);
            free(Hc);
            return pc_fail(msg, PC_NOT_PROVED, "lowrank: out of memory for the factors");
        }
        st = pc_floatproof_lowrank_bounds(bounds, inst, Wc, Hc, r, PC_LOWRANK_PREC, msg);
        free(Wc);
        free(Hc);
        if (st != PC_NOT_PROVED || strncmp(msg->text, "budget E_", 9) != 0)
            break;
    }
    if (st != PC_OK)
        return st;
    arb_set(cert->upper, bounds->upper);
    arb_set(cert->lower, bounds->lower);
    pc_rational_set_double(cert->opnorm_bound, bounds->opnorm_bound);
    cert->upper_is_lp = r <= inst->dim;
    if (pc_verify_binding(cert->lower, inst, 128))
        cert->regime = PC_REGIME_BINDING;
    return PC_OK;
}

/* The floating candidate: the dense solver where the targets fit its limit, else the
 * low-rank one (docs/scale.md). */
static pc_status_t solve_candidate(pc_float_solution_t *sol, const pc_instance_t *inst,
                                   const double *P, int progress, pc_msg_t *msg)
{
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_solve_options_t sopt;
    pc_solve_options_default(&sopt);
    sopt.progress = progress;
    /* the proof adds ~1e-12 relative to s (SPEC 15): a floating gap of 1e-10 leaves the default
     * 1e-9 reachable and saves the solver's last tenth of iterations at scale */
    if (sopt.gap_tol < 1e-10)
        sopt.gap_tol = 1e-10;
    slong V = inst->tokens, N = inst->contexts;
    pc_status_t st = V * N <= PC_MAX_DENSE_ENTRIES
        ? pc_solve_dense(sol, P, V, N, inst->dim, fmpq_get_d(a), fmpq_get_d(b), &sopt, msg)
        : pc_solve_lowrank(sol, P, V, N, inst->dim, fmpq_get_d(a), fmpq_get_d(b), &sopt, msg);
    fmpq_clear(a);
    fmpq_clear(b);
    return st;
}

pc_status_t pc_certify_lowrank(pc_cert_t *cert, pc_certify_report_t *rep,
                               const pc_instance_t *inst, const pc_certify_options_t *opt,
                               pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    cert->places = rep->digits_target + 10 > 20 ? rep->digits_target + 10 : 20;
    if (V > PC_LOWRANK_MAX_ENTRIES / N || (V < N ? V : N) > PC_LOWRANK_MAX_ORDER)
        return pc_fail(msg, PC_BAD_INPUT, "tokens x contexts = %ld x %ld: too large for the "
                       "floating-point proof path (limits: %ld entries, min(V, N) <= %ld)",
                       (long) V, (long) N, (long) PC_LOWRANK_MAX_ENTRIES,
                       (long) PC_LOWRANK_MAX_ORDER);
    double *P = pc_instance_targets_double_upto(inst, PC_LOWRANK_MAX_ENTRIES);
    if (P == NULL)
        return pc_fail(msg, PC_NOT_PROVED, "lowrank: out of memory for %ld x %ld targets",
                       (long) N, (long) V);
    pc_float_solution_t sol;
    pc_float_solution_init(&sol);
    pc_status_t st = solve_candidate(&sol, inst, P, opt->progress, msg);
    free(P);
    if (st == PC_OK) {
        rep->float_gap = sol.value - sol.lower;
        rep->iterations = sol.iterations;
        rep->rank = sol.rank;
        rep->d_below_rank = sol.d_below_rank;
        slong r = used_columns(&sol);
        if (opt->progress)
            fprintf(stderr, "peelcert: proving the bounds in binary64 (SPEC 15), rank %ld\n",
                    (long) r);
        pc_floatproof_bounds_t bounds;
        pc_floatproof_bounds_init(&bounds);
        st = prove_factors(cert, &bounds, inst, &sol, r, msg);
        int gap_applies = !(sol.d_below_rank && opt->digits == 0);
        if (st == PC_OK && gap_applies
            && !pc_verify_gap_at_most(cert->upper, cert->lower, rep->digits_target, 128)) {
            arb_t gap;
            arb_init(gap);
            arb_sub(gap, cert->upper, cert->lower, 128);
            st = pc_fail(msg, PC_NOT_PROVED, "lowrank path: certified gap %.3g does not reach "
                         "1e-%ld (floating gap of the candidate %.3g; proved ||Q - P||_op <= "
                         "%.17g, of which %.3g is the entrywise error of Q)",
                         arf_get_d(arb_midref(gap), ARF_RND_UP), (long) rep->digits_target,
                         rep->float_gap, bounds.opnorm_bound, bounds.error_frobenius);
            arb_clear(gap);
        }
        pc_floatproof_bounds_clear(&bounds);
    }
    pc_float_solution_clear(&sol);
    return st;
}
