/* Claim opnorm of kind "dense" (FORMAT.md, "Kind dense" item 4 and "Bounded work"):
 * ||Q - P||_op <= s, proved by a ball Cholesky factorisation of s^2 I - G (G = M^T M or M M^T,
 * M = Q - P, whichever is smaller), refuted by an exact-in-ball test vector.
 *
 * Bounded work: the claim is tried at precisions C->prec, 2 C->prec, ... up to a ceiling that
 * depends on the bit sizes of the numbers that state it (pcc_opnorm_ceiling), and a failed
 * attempt is not retried when its own enclosures show that more precision cannot change the
 * outcome (a pivot proved <= 0: s^2 I - G is then not positive definite whatever the precision). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <arb_mat.h>
#include "check_internal.h"

#define OPNORM_POWER_STEPS 300

/* Bits of the largest number among s, the entries of Q and of P (the claim's own size). */
static slong claim_bits(const pcc_cert_t *C)
{
    slong bits = pcc_fmpq_bits(C->s), b;
    fmpq_t e;
    fmpq_init(e);
    if (fmpq_mat_nrows(C->Q) > 0 && fmpq_mat_ncols(C->Q) > 0)
        bits = FLINT_MAX(bits, pcc_fmpq_vec_max_bits(C->Q->entries, C->inst.N * C->inst.V));
    for (slong i = 0; i < C->inst.N; i++)
        for (slong k = 0; k < C->inst.V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            if ((b = pcc_fmpq_bits(e)) > bits) bits = b;
        }
    fmpq_clear(e);
    return bits;
}

/* The precision ceiling of the claim: pcc_prec_ceiling for its numbers and m = min(V, N). */
slong pcc_opnorm_ceiling(const pcc_cert_t *C)
{
    return pcc_prec_ceiling(C, claim_bits(C), C->inst.V <= C->inst.N ? C->inst.V : C->inst.N);
}

/* x approximates a top right singular vector of M (power iteration on M^T M in double, from
 * the exact entries rounded to double). Finds, never proves; O(steps N V). */
static void power_vector(double *x, const fmpq_mat_t M)
{
    slong N = fmpq_mat_nrows(M), V = fmpq_mat_ncols(M);
    double *Md = malloc(sizeof(double) * (size_t) (N * V)), *y = malloc(sizeof(double) * (size_t) N);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++) Md[i * V + k] = fmpq_get_d(fmpq_mat_entry(M, i, k));
    for (slong k = 0; k < V; k++) x[k] = 1.0 + 0.5 * sin((double) k + 1.0);
    double last = 0;
    for (int it = 0; it < OPNORM_POWER_STEPS; it++) {
        double norm = 0, ray = 0;
        for (slong i = 0; i < N; i++) {
            y[i] = 0;
            for (slong k = 0; k < V; k++) y[i] += Md[i * V + k] * x[k];
            ray += y[i] * y[i];
        }
        for (slong k = 0; k < V; k++) x[k] = 0;
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++) x[k] += Md[i * V + k] * y[i];
        for (slong k = 0; k < V; k++) norm += x[k] * x[k];
        if (!(norm > 0) || !isfinite(norm)) break;
        for (slong k = 0; k < V; k++) x[k] /= sqrt(norm);
        if (it > 10 && fabs(ray - last) <= 1e-15 * ray) break;   /* the Rayleigh quotient settled */
        last = ray;
    }
    free(Md); free(y);
}

/* 1 only if ||M x||^2 > s^2 ||x||^2 is proved for the exact dyadic x (so ||M||_op > s).
 * O(N V) ball operations. */
static int refuted(const arb_mat_t A, const double *x, const arb_t s2, slong prec)
{
    slong N = arb_mat_nrows(A), V = arb_mat_ncols(A);
    arb_ptr xs = _arb_vec_init(V);
    arb_t y, q;
    arb_init(y); arb_init(q);
    for (slong k = 0; k < V; k++) arb_set_d(xs + k, x[k]);   /* exact */
    arb_dot(q, NULL, 0, xs, 1, xs, 1, V, prec);
    arb_mul(q, q, s2, prec);
    arb_neg(q, q);                                            /* q = -s^2 ||x||^2 */
    for (slong i = 0; i < N; i++) {
        arb_dot(y, NULL, 0, A->rows[i], 1, xs, 1, V, prec);
        arb_addmul(q, y, y, prec);
    }
    int out = arb_is_positive(q);
    arb_clear(y); arb_clear(q); _arb_vec_clear(xs, V);
    return out;
}

/* In-place ball Cholesky of the symmetric L (lower triangle used). Returns -1 if it succeeded
 * (every pivot proved > 0), else the index j of the first pivot not proved positive, with
 * *pivot_sign -1 if that pivot is proved < 0 (then L is not positive semidefinite), 0 if its
 * ball contains 0. */
slong pcc_ball_cholesky(arb_mat_t L, slong prec, int *pivot_sign)
{
    slong m = arb_mat_nrows(L);
    for (slong j = 0; j < m; j++) {
        arb_ptr d = arb_mat_entry(L, j, j);
        arb_dot(d, d, 1, L->rows[j], 1, L->rows[j], 1, j, prec);
        if (!arb_is_positive(d)) {
            *pivot_sign = arb_is_negative(d) ? -1 : 0;
            return j;
        }
        arb_sqrtpos(d, d, prec);
        for (slong i = j + 1; i < m; i++) {
            arb_ptr e = arb_mat_entry(L, i, j);
            arb_set(e, arb_mat_entry(L, j, i));   /* symmetric: the upper entry is the original */
            arb_dot(e, e, 1, L->rows[i], 1, L->rows[j], 1, j, prec);
            arb_div(e, e, d, prec);
        }
    }
    return -1;
}

/* M = Q - P exactly; returns 1 iff M = 0. */
static int difference(fmpq_mat_t M, const pcc_cert_t *C)
{
    int zero = 1;
    for (slong i = 0; i < C->inst.N; i++)
        for (slong k = 0; k < C->inst.V; k++) {
            fmpq *e = fmpq_mat_entry(M, i, k);
            pcc_instance_entry(e, &C->inst, i, k);
            fmpq_sub(e, fmpq_mat_entry(C->Q, i, k), e);
            zero &= fmpq_is_zero(e);
        }
    return zero;
}

/* ||Q - P||_op <= s (see the head of this file); s = 0 needs Q = P exactly. */
int pcc_claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N, m = V <= N ? V : N, ceiling = pcc_opnorm_ceiling(C);
    fmpq_mat_t M;
    char s[96];
    int out, equal, pivot_sign = 0;
    pcc_fmpq_text(s, sizeof s, C->s);
    if (fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "opnorm_bound %s is negative", s);
        return PCC_REJECTED;
    }
    fmpq_mat_init(M, N, V);
    equal = difference(M, C);
    if (fmpq_is_zero(C->s) || equal) {
        fmpq_mat_clear(M);
        snprintf(detail, len, equal ? "Q = P exactly, so ||Q - P||_op = 0 <= %s"
                 : "opnorm_bound is 0 but Q != P", s);
        return equal ? PCC_VERIFIED : PCC_REJECTED;
    }
    arb_mat_t A, At, L;
    arb_t s2;
    arb_mat_init(A, N, V); arb_mat_init(At, V, N); arb_mat_init(L, m, m); arb_init(s2);
    arb_mat_set_fmpq_mat(A, M, prec);
    arb_mat_transpose(At, A);
    if (V <= N) arb_mat_mul(L, At, A, prec); else arb_mat_mul(L, A, At, prec);
    arb_set_fmpq(s2, C->s, prec);
    arb_mul(s2, s2, s2, prec);
    arb_mat_neg(L, L);
    for (slong a = 0; a < m; a++) arb_add(arb_mat_entry(L, a, a), arb_mat_entry(L, a, a), s2, prec);
    slong fail = pcc_ball_cholesky(L, prec, &pivot_sign);
    if (fail < 0) {
        out = PCC_VERIFIED;
        snprintf(detail, len, "s^2 I - M^T M (%ld x %ld, M = Q - P, s = %s) is positive definite: "
                 "ball Cholesky succeeded", m, m, s);
    } else if (pivot_sign < 0) {   /* a leading minor of s^2 I - G is < 0: ||M||_op > s */
        out = PCC_REJECTED;
        snprintf(detail, len, "||Q - P||_op > %s: pivot %ld of the ball Cholesky of s^2 I - M^T M "
                 "is proved negative", s, fail);
    } else {
        if (C->opnorm_x == NULL) {   /* found once, in double, reused at every precision */
            C->opnorm_x = malloc(sizeof(double) * (size_t) V);
            power_vector(C->opnorm_x, M);
        }
        if (refuted(A, C->opnorm_x, s2, prec)) {
            out = PCC_REJECTED;
            snprintf(detail, len, "||Q - P||_op > %s: some x has ||M x|| > s ||x|| (ball arithmetic)", s);
        } else {
            out = 2 * prec <= ceiling ? PCC_UNDECIDED : PCC_STUCK;
            snprintf(detail, len, "ball Cholesky of s^2 I - M^T M (%ld x %ld, s = %s) failed at pivot "
                     "%ld (its ball contains 0)%s", m, m, s, fail, out == PCC_STUCK ? ", at the "
                     "precision ceiling of this claim (FORMAT.md, \"Bounded work\")" : "");
        }
    }
    arb_mat_clear(A); arb_mat_clear(At); arb_mat_clear(L); arb_clear(s2);
    fmpq_mat_clear(M);
    return out;
}
