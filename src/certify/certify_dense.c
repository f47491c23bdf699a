/* The dense path: floating solver -> exact W, H, Q -> proved bounds (SPEC 2, 3, 6). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <cblas.h>
#include "paths.h"
#include "dense_refine.h"
#include "peelcert/floatproof.h"
#include "peelcert/numbers.h"
#include "peelcert/solver.h"
#include "peelcert/verify.h"

/* Denominator exponent of the dyadic dual rows: Q[i][k] = m / 2^60. */
#define PC_DUAL_BITS 60

/* A[i][j] = exact value of the double a[i*cols + j]. */
static void rational_matrix_from_doubles(fmpq_mat_t A, const double *a)
{
    slong cols = fmpq_mat_ncols(A);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < cols; j++)
            pc_rational_set_double(fmpq_mat_entry(A, i, j), a[i * cols + j]);
}

/* Multiplies A by (1 - 2^-40) until sum A^2 <= budget holds exactly. Exact. */
static void shrink_into_budget(fmpq_mat_t A, const fmpq_t budget)
{
    fmpq_t sum, factor;
    fmpq_init(sum);
    fmpq_init(factor);
    fmpq_set_si(factor, 1, 1);
    fmpq_div_2exp(sum, factor, 40);
    fmpq_sub(factor, factor, sum);
    for (;;) {
        fmpq_zero(sum);
        for (slong i = 0; i < fmpq_mat_nrows(A); i++)
            for (slong j = 0; j < fmpq_mat_ncols(A); j++)
                fmpq_addmul(sum, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
        if (fmpq_cmp(sum, budget) <= 0)
            break;
        fmpq_mat_scalar_mul_fmpq(A, A, factor);
    }
    fmpq_clear(sum);
    fmpq_clear(factor);
}

/* Row i of Q: floor(q * 2^60) / 2^60, the deficit added to the largest entry, so
 * the row is exactly in the simplex (entries >= 0, sum exactly 1). */
static void dyadic_simplex_row(fmpq_mat_t Q, slong i, const double *q, slong V)
{
    fmpz_t one, sum, m;
    fmpz_init(one); fmpz_init(sum); fmpz_init(m);
    fmpz_one(one);
    fmpz_mul_2exp(one, one, PC_DUAL_BITS);
    fmpz *num = _fmpz_vec_init(V);
    slong largest = 0;
    for (slong k = 0; k < V; k++) {
        double v = q[k] > 0 ? floor(ldexp(q[k], PC_DUAL_BITS)) : 0.0;
        fmpz_set_d(num + k, v);
        fmpz_add(sum, sum, num + k);
        if (q[k] > q[largest])
            largest = k;
    }
    fmpz_sub(m, one, sum);
    fmpz_add(num + largest, num + largest, m);
    if (fmpz_sgn(num + largest) < 0)   /* cannot happen for a row summing to ~1 */
        fmpz_zero(num + largest);
    for (slong k = 0; k < V; k++) {
        fmpq_set_fmpz_frac(fmpq_mat_entry(Q, i, k), num + k, one);
    }
    _fmpz_vec_clear(num, V);
    fmpz_clear(one); fmpz_clear(sum); fmpz_clear(m);
}

/* Multipliers of the factored problem from stationarity (SPEC 6), floating, clamped >= 0:
 * <G, W H> + 2 lW ||W||^2 = 0 and the same for H. */
static void kkt_multipliers(double *lw, double *lh, const pc_float_solution_t *sol,
                            const double *P)
{
    slong V = sol->V, N = sol->N, d = sol->d;
    double *Z = malloc(sizeof(double) * V * N);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, d, 1.0, sol->W, d, sol->H, N,
                0.0, Z, N);
    double gz = 0.0, w2 = 0.0, h2 = 0.0;
    for (slong i = 0; i < N; i++) {
        double mx = -INFINITY, s = 0.0;
        for (slong k = 0; k < V; k++) mx = fmax(mx, Z[k * N + i]);
        for (slong k = 0; k < V; k++) s += exp(Z[k * N + i] - mx);
        for (slong k = 0; k < V; k++) {
            double g = (exp(Z[k * N + i] - mx) / s - P[i * V + k]) / (double) N;
            gz += g * Z[k * N + i];
        }
    }
    for (slong j = 0; j < V * d; j++) w2 += sol->W[j] * sol->W[j];
    for (slong j = 0; j < d * N; j++) h2 += sol->H[j] * sol->H[j];
    *lw = w2 > 0 ? fmax(0.0, -gz / (2 * w2)) : 0.0;
    *lh = h2 > 0 ? fmax(0.0, -gz / (2 * h2)) : 0.0;
    free(Z);
}

/* Exact rounding of the floating candidate into cert (SPEC 6 "exact rounding"). */
static void round_candidate(pc_cert_t *cert, const pc_float_solution_t *sol, const double *P,
                            const pc_instance_t *inst)
{
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_cert_dense_alloc(cert, sol->V, sol->N, sol->d);
    rational_matrix_from_doubles(cert->W, sol->W);
    rational_matrix_from_doubles(cert->H, sol->H);
    shrink_into_budget(cert->W, a);
    shrink_into_budget(cert->H, b);
    for (slong i = 0; i < sol->N; i++)
        dyadic_simplex_row(cert->Q, i, sol->Q + i * sol->V, sol->V);
    double lw, lh;
    kkt_multipliers(&lw, &lh, sol, P);
    cert->has_kkt = 1;
    pc_rational_set_double(cert->lambda_W, lw);
    pc_rational_set_double(cert->lambda_H, lh);
    fmpq_clear(a);
    fmpq_clear(b);
}

/* Sets s (binary64, rounded upward) with ||Q - P||_op <= s proved in binary64 (SPEC 15,
 * src/floatproof) and returns 1; 0 if not proved. A = fl(Q - P) entrywise (from the exact
 * difference), delta >= ||(Q - P) - A||_F enclosed in balls, s_A with ||A||_op <= s_A proved by
 * pc_floatproof_opnorm_bound: then ||Q - P||_op <= s_A + delta <= s. s also carries a second
 * delta and a relative 2^-36, so that a checker's own binary64 step (FORMAT.md "Kind dense" item
 * 4 (a): t = s - its delta, its own Cholesky criterion) can prove it too, instead of its exact
 * integer Gram matrix at 256 bits (2 to 10 times the work at V = N = 200 to 500). */
static int opnorm_binary64(double *s, const fmpq_mat_t Q, const pc_instance_t *inst)
{
    slong V = inst->tokens, N = inst->contexts;
    double *A = malloc(sizeof(double) * (size_t) (N * V));
    fmpq_t e;
    arb_t d2, t, a;
    arf_t hi;
    int ok = A != NULL;
    fmpq_init(e); arb_init(d2); arb_init(t); arb_init(a); arf_init(hi);
    for (slong i = 0; i < N && ok; i++)
        for (slong k = 0; k < V; k++) {
            pc_instance_target(e, inst, i, k);
            fmpq_sub(e, fmpq_mat_entry(Q, i, k), e);
            double x = fmpq_get_d(e);
            if (!isfinite(x)) { ok = 0; break; }
            A[i + k * N] = x;   /* column-major, leading dimension N */
            arb_set_fmpq(t, e, 128);
            arb_set_d(a, x);    /* exact */
            arb_sub(t, t, a, 128);
            arb_addmul(d2, t, t, 64);
        }
    double sA = INFINITY;
    if (ok) ok = pc_floatproof_opnorm_bound(&sA, A, N, V, N);
    if (ok) {
        arb_sqrtpos(d2, d2, 64);
        arb_mul_2exp_si(d2, d2, 1);                          /* 2 delta */
        arb_set_d(t, sA);
        arb_mul_2exp_si(a, t, -36);
        arb_add(t, t, a, 64);
        arb_add(t, t, d2, 64);                               /* s_A (1 + 2^-36) + 2 delta */
        arb_get_ubound_arf(hi, t, 64);
        *s = arf_get_d(hi, ARF_RND_UP);
        ok = isfinite(*s);
    }
    fmpq_clear(e); arb_clear(d2); arb_clear(t); arb_clear(a); arf_clear(hi);
    free(A);
    return ok;
}

/* Proves ||Q - P||_op <= s. With --proof auto and at most PC_FLOAT_PROOF_AUTO_DIGITS digits
 * asked for: first in binary64 (opnorm_binary64), kept when its s costs the lower bound at most
 * 1e-3 of the gap asked for (rho (s - s_ball) / N, s_ball the ball path's first candidate
 * below; a choice, not a proof). Otherwise s slightly above the floating norm, the margin
 * widened until the ball Cholesky succeeds. */
static pc_status_t prove_opnorm(pc_cert_t *cert, const pc_instance_t *inst, double opnorm,
                                slong digits, int binary64_allowed, slong *prec, pc_msg_t *msg)
{
    pc_status_t st = PC_NOT_PROVED;
    int exact = 0;
    double s64;
    cert->opnorm_binary64 = 0;
    if (binary64_allowed && opnorm > 0.0 && digits <= PC_FLOAT_PROOF_AUTO_DIGITS
        && opnorm_binary64(&s64, cert->Q, inst)) {
        double rho = sqrt(fmpq_get_d(inst->E_W) * fmpq_get_d(inst->E_H)
                          * (double) inst->tokens * (double) inst->contexts);
        double cost = rho * (s64 - (opnorm * (1.0 + 1e-12) + 1e-15)) / (double) inst->contexts;
        if (cost <= 1e-3 * pow(10.0, -(double) digits)) {
            pc_rational_set_double(cert->opnorm_bound, s64);
            cert->opnorm_binary64 = 1;
            return PC_OK;
        }
    }
    if (opnorm == 0.0) {
        fmpq_zero(cert->opnorm_bound);
        st = pc_verify_opnorm_bound(cert->Q, cert->opnorm_bound, inst, *prec, msg);
        exact = st == PC_OK;
    }
    /* A tight margin leaves s^2 I - M^T M with a cluster of tiny eigenvalues (one per active
     * singular value); ball Cholesky then needs more precision before it needs more margin. */
    for (double margin = 1e-12; !exact && margin < 1e-3; margin *= 100) {
        double s = opnorm * (1.0 + margin) + margin * 1e-3;
        pc_rational_set_double(cert->opnorm_bound, s);
        for (slong p = *prec; p <= 4 * *prec; p *= 4) {
            st = pc_verify_opnorm_bound(cert->Q, cert->opnorm_bound, inst, p, msg);
            if (st == PC_OK) {
                *prec = p;              /* the later proofs run at this precision */
                return st;
            }
        }
    }
    return st;
}

pc_status_t pc_certify_dense(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                             const pc_certify_options_t *opt, pc_msg_t *msg)
{
    double *P = pc_instance_targets_double(inst);
    if (P == NULL)
        return pc_fail(msg, PC_BAD_INPUT,
                       "tokens x contexts = %ld x %ld: too large for the dense path (limit %ld entries)",
                       (long) inst->tokens, (long) inst->contexts, (long) PC_MAX_DENSE_ENTRIES);
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_solve_options_t sopt;
    pc_solve_options_default(&sopt);
    sopt.progress = opt->progress;
    pc_float_solution_t sol;
    pc_float_solution_init(&sol);
    pc_status_t st = pc_solve_dense(&sol, P, inst->tokens, inst->contexts, inst->dim,
                                    fmpq_get_d(a), fmpq_get_d(b), &sopt, msg);
    if (st == PC_OK) {
        rep->float_gap = sol.value - sol.lower;
        rep->iterations = sol.iterations;
        rep->rank = sol.rank;
        rep->d_below_rank = sol.d_below_rank;
        round_candidate(cert, &sol, P, inst);
        slong prec = 128;
        if (opt->progress)
            fprintf(stderr, "peelcert: proving the bounds (ball arithmetic, %ld bits; ||Q - P||_op "
                    "in binary64 where that suffices)\n", (long) prec);
        st = prove_opnorm(cert, inst, sol.opnorm, rep->digits_target, opt->proof == PC_PROOF_AUTO,
                          &prec, msg);
        if (st == PC_OK)   /* prove_opnorm proved the bound on these Q, s: not repeated */
            st = pc_verify_dense_cert_opnorm_proved(cert, inst, sol.interior, prec, msg);
        /* d below the rank: (LP) is rank-constrained and the gap measures val(LP) - val(C),
         * not the solver's accuracy (SPEC 4). Without --digits the proved bounds are the
         * answer; with --digits the target still applies. */
        int gap_applies = !(sol.d_below_rank && opt->digits == 0);
        if (st == PC_OK && gap_applies
            && !pc_verify_gap_at_most(cert->upper, cert->lower, rep->digits_target, prec)) {
            double float_gap = arf_get_d(arb_midref(cert->upper), ARF_RND_UP) -
                               arf_get_d(arb_midref(cert->lower), ARF_RND_DOWN);
            pc_msg_t why;
            why.text[0] = '\0';
            /* small binding instances: multiprecision refinement (dense_refine.h) */
            if (inst->tokens * inst->contexts <= PC_DENSE_REFINE_MAX_ENTRIES && !sol.d_below_rank
                && pc_dense_refine(cert, inst, &sol, P, rep->digits_target, opt->progress,
                                   &why) == PC_OK)
                st = PC_OK;
            else
                st = pc_fail(msg, PC_NOT_PROVED,
                             "dense path: certified gap %.3g does not reach 1e-%ld (the floating "
                             "solver stops near 1e-12; its gap was %.3g)%s%.300s",
                             float_gap, (long) rep->digits_target, rep->float_gap,
                             why.text[0] ? "; " : "", why.text);
        }
        if (sol.d_below_rank)
            snprintf(rep->note, sizeof rep->note,
                     "d = %ld is below the numerical rank %ld of the optimum of (C): the upper "
                     "bound is for the truncated factorisation and (LP) may be strictly worse than (C); "
                     "the interval is [val(C) lower bound, value of the best rank-%ld point found]",
                     (long) inst->dim, (long) sol.rank, (long) inst->dim);
    }
    pc_float_solution_clear(&sol);
    fmpq_clear(a);
    fmpq_clear(b);
    free(P);
    cert->places = rep->digits_target + 10 > 20 ? rep->digits_target + 10 : 20;
    return st;
}
