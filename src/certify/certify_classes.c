/* The classes path (SPEC 10): exact token/context classes, the weighted reduced problem solved
 * in floating point on Y = D_T^(1/2) R D_C^(1/2), exact rounding to block factors A, B and a
 * block dual Q, and the bounds proved by verify_classes.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "paths.h"
#include "peelcert/numbers.h"
#include "peelcert/solver.h"
#include "peelcert/verify.h"

/* Denominator exponent of the dyadic block dual: Q[b][a] = m / 2^60 (the last entry of a row
 * absorbs the deficit / t_a, an exact rational). */
#define PC_CLASSES_DUAL_BITS 60

/* Multiplies A by (1 - 2^-40) until its weighted squared norm is <= budget. Exact. */
static void shrink_weighted(fmpq_mat_t A, const slong *w, int by_rows, const fmpq_t budget)
{
    fmpq_t sum, t, factor;
    fmpq_init(sum); fmpq_init(t); fmpq_init(factor);
    fmpq_one(factor);
    fmpq_div_2exp(t, factor, 40);
    fmpq_sub(factor, factor, t);
    for (;;) {
        fmpq_zero(sum);
        for (slong i = 0; i < fmpq_mat_nrows(A); i++)
            for (slong j = 0; j < fmpq_mat_ncols(A); j++) {
                fmpq_mul(t, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
                fmpq_mul_si(t, t, w[by_rows ? i : j]);
                fmpq_add(sum, sum, t);
            }
        if (fmpq_cmp(sum, budget) <= 0)
            break;
        fmpq_mat_scalar_mul_fmpq(A, A, factor);
    }
    fmpq_clear(sum); fmpq_clear(t); fmpq_clear(factor);
}

/* Row b of Q: floor(q 2^60) / 2^60, then the deficit 1 - sum_a t_a Q[b][a] (>= 0) divided by
 * t_a added to the entry a of largest t_a q: exactly sum_a t_a Q[b][a] = 1, Q >= 0. */
static void block_dual_row(fmpq_mat_t Q, slong b, const double *q, const pc_classes_t *cls)
{
    slong u = cls->u, largest = 0;
    fmpq_t deficit, t;
    fmpq_init(deficit); fmpq_init(t);
    fmpq_one(deficit);
    for (slong a = 0; a < u; a++) {
        fmpz_t m;
        fmpz_init(m);
        fmpz_set_d(m, q[a] > 0 ? floor(ldexp(q[a], PC_CLASSES_DUAL_BITS)) : 0.0);
        fmpq_set_fmpz_frac(fmpq_mat_entry(Q, b, a), m, (fmpz_t){1});
        fmpq_div_2exp(fmpq_mat_entry(Q, b, a), fmpq_mat_entry(Q, b, a), PC_CLASSES_DUAL_BITS);
        fmpq_mul_si(t, fmpq_mat_entry(Q, b, a), cls->token_size[a]);
        fmpq_sub(deficit, deficit, t);
        if (q[a] * cls->token_size[a] > q[largest] * cls->token_size[largest])
            largest = a;
        fmpz_clear(m);
    }
    fmpq_div_fmpz(t, deficit, (fmpz_t){cls->token_size[largest]});
    fmpq_add(fmpq_mat_entry(Q, b, largest), fmpq_mat_entry(Q, b, largest), t);
    if (fmpq_sgn(fmpq_mat_entry(Q, b, largest)) < 0)   /* cannot happen: the floors leave >= 0 */
        fmpq_zero(fmpq_mat_entry(Q, b, largest));
    fmpq_clear(deficit); fmpq_clear(t);
}

/* Exact A = W~ D_T^(-1/2), B = D_C^(-1/2) H~ (each double rounded, then shrunk into the exact
 * weighted budgets) and the block dual, into cert. */
static void round_block_candidate(pc_cert_t *cert, const pc_float_solution_t *sol,
                                  const pc_instance_t *inst)
{
    const pc_classes_t *cls = cert->classes;
    slong u = cls->u, v = cls->v, r = sol->d;
    fmpq_t a, b;
    fmpq_init(a); fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_cert_dense_alloc(cert, u, v, r);   /* W = A (u x r), H = B (r x v), Q (v x u) */
    for (slong i = 0; i < u; i++)
        for (slong j = 0; j < r; j++)
            pc_rational_set_double(fmpq_mat_entry(cert->W, i, j),
                                   sol->W[i * r + j] / sqrt((double) cls->token_size[i]));
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < v; i++)
            pc_rational_set_double(fmpq_mat_entry(cert->H, j, i),
                                   sol->H[j * v + i] / sqrt((double) cls->context_size[i]));
    shrink_weighted(cert->W, cls->token_size, 1, a);
    shrink_weighted(cert->H, cls->context_size, 0, b);
    for (slong i = 0; i < v; i++)
        block_dual_row(cert->Q, i, sol->Q + i * u, cls);
    cert->has_kkt = 0;
    fmpq_clear(a); fmpq_clear(b);
}

/* ||D_C^(1/2) (Q - P) D_T^(1/2)||_op <= s for s slightly above the floating norm. */
static pc_status_t prove_block_opnorm(pc_cert_t *cert, const fmpq *Pr, double opnorm,
                                      slong *prec, pc_msg_t *msg)
{
    pc_status_t st = PC_NOT_PROVED;
    for (double margin = 1e-12; margin < 1e-3; margin *= 100) {
        double s = opnorm * (1.0 + margin) + margin * 1e-3;
        pc_rational_set_double(cert->opnorm_bound, s);
        for (slong p = *prec; p <= 4 * *prec; p *= 4) {
            st = pc_verify_classes_opnorm(cert->Q, Pr, cert->opnorm_bound, cert->classes, p, msg);
            if (st == PC_OK) {
                *prec = p;
                return st;
            }
        }
    }
    return st;
}

/* The floating data of the reduced problem: block targets, class sizes. */
static void reduced_doubles(double *Pd, double *t, double *c, const fmpq *Pr,
                            const pc_classes_t *cls)
{
    for (slong j = 0; j < cls->u * cls->v; j++)
        Pd[j] = fmpq_get_d(Pr + j);
    for (slong a = 0; a < cls->u; a++)
        t[a] = (double) cls->token_size[a];
    for (slong b = 0; b < cls->v; b++)
        c[b] = (double) cls->context_size[b];
}

pc_status_t pc_certify_classes(pc_cert_t *cert, pc_certify_report_t *rep,
                               const pc_instance_t *inst, const pc_certify_options_t *opt,
                               pc_msg_t *msg)
{
    const pc_classes_t *cls = cert->classes;
    slong u = cls->u, v = cls->v;
    snprintf(rep->note, sizeof rep->note, "token and context classes (SPEC 10): %ld x %ld "
             "blocks for %ld tokens x %ld contexts; the weighted reduced problem was certified",
             (long) u, (long) v, (long) inst->tokens, (long) inst->contexts);
    if (u * v > PC_MAX_DENSE_ENTRIES)
        return pc_fail(msg, PC_BAD_INPUT, "token x context classes = %ld x %ld (from %ld x %ld): "
                       "too large for the dense path (limit %ld entries)", (long) u, (long) v,
                       (long) inst->tokens, (long) inst->contexts, (long) PC_MAX_DENSE_ENTRIES);
    fmpq *Pr = _fmpq_vec_init(u * v);
    pc_classes_block_targets(Pr, cls, inst);
    double *Pd = malloc(sizeof(double) * (size_t) (u * v + u + v));
    double *t = Pd + u * v, *c = t + u;
    reduced_doubles(Pd, t, c, Pr, cls);
    slong r = inst->dim < (u < v ? u : v) ? inst->dim : (u < v ? u : v);
    fmpq_t a, b;
    fmpq_init(a); fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_solve_options_t sopt;
    pc_solve_options_default(&sopt);
    sopt.progress = opt->progress;
    pc_float_solution_t sol;
    pc_float_solution_init(&sol);
    pc_status_t st = pc_solve_weighted(&sol, Pd, t, c, u, v, r, fmpq_get_d(a), fmpq_get_d(b),
                                       &sopt, msg);
    if (st == PC_OK) {
        rep->float_gap = sol.value - sol.lower;
        rep->iterations = sol.iterations;
        rep->rank = sol.rank;
        rep->d_below_rank = sol.d_below_rank;
        round_block_candidate(cert, &sol, inst);
        slong prec = 128;
        if (opt->progress)
            fprintf(stderr, "peelcert: proving the bounds of the %ld x %ld classes (ball "
                    "arithmetic)\n", (long) u, (long) v);
        if (sol.interior) {   /* SPEC 3: Q = P on every block, s = 0, the bound is the entropy */
            for (slong i = 0; i < v; i++)
                for (slong j = 0; j < u; j++)
                    fmpq_set(fmpq_mat_entry(cert->Q, i, j), Pr + i * u + j);
            fmpq_zero(cert->opnorm_bound);
            st = PC_OK;
        } else {
            st = prove_block_opnorm(cert, Pr, sol.opnorm, &prec, msg);
        }
        if (st == PC_OK)
            st = pc_verify_classes_cert(cert, inst, sol.interior, prec, msg);
        int gap_applies = !(sol.d_below_rank && opt->digits == 0);
        if (st == PC_OK && gap_applies
            && !pc_verify_gap_at_most(cert->upper, cert->lower, rep->digits_target, prec)) {
            double gap = arf_get_d(arb_midref(cert->upper), ARF_RND_UP)
                       - arf_get_d(arb_midref(cert->lower), ARF_RND_DOWN);
            st = pc_fail(msg, PC_NOT_PROVED, "classes path: certified gap %.3g does not reach "
                         "1e-%ld (the floating solver stops near 1e-12; its gap was %.3g; no "
                         "multiprecision refinement on this path yet)", gap,
                         (long) rep->digits_target, rep->float_gap);
        }
    }
    pc_float_solution_clear(&sol);
    fmpq_clear(a); fmpq_clear(b);
    free(Pd);
    _fmpq_vec_clear(Pr, u * v);
    cert->places = rep->digits_target + 10 > 20 ? rep->digits_target + 10 : 20;
    return st;
}
