/* The group path of pc_certify (SPEC 5, 5b; FORMAT.md kind "group"): an instance whose
 * symmetry acts 2-transitively on the tokens is certified through the reduced problem of
 * reduced.h — floating solve, multiprecision Newton refinement at doubling precision,
 * exact rounding to invariant primal z and dual q (one rational per orbital), and
 * enclosures of f(Z) and LB(Q) whose norms are exact rationals. Nothing of size V x N
 * is built beyond the orbital numbering. */
#include <stdio.h>
#include <stdlib.h>
#include "paths.h"
#include "peelcert/reduced.h"
#include "peelcert/verify.h"

/* Extra decimal places of the written claims beyond the digits asked for. */
#define PC_GROUP_EXTRA_PLACES 10
/* Precision ceiling of the refinement (bits). */
#define PC_GROUP_MAX_PREC 32768
/* Newton steps per precision level of the refinement. */
#define PC_GROUP_STEPS_PER_LEVEL 2

/* Brings the binding KKT point x, nu from *have bits to prec bits of accuracy: a few
 * Newton steps at each precision 2^j * 64 on the way (quadratic convergence). */
static void refine_to(arb_ptr x, arb_t nu, const pc_reduced_t *red, slong *have, slong prec)
{
    slong p = *have < 64 ? 64 : *have;
    while (p < prec) {
        p = 2 * p < prec ? 2 * p : prec;
        pc_reduced_refine_binding(x, nu, red, PC_GROUP_STEPS_PER_LEVEL, p + 32);
    }
    pc_reduced_refine_binding(x, nu, red, 1, prec + 32);
    *have = prec;
}

/* Rounds the current point into cert and encloses its bounds at prec. */
static void bound_at(pc_cert_t *cert, arb_srcptr x, int interior, const pc_reduced_t *red,
                     slong prec)
{
    pc_reduced_round_primal(cert->z_orb, x, red, prec);
    if (interior)
        for (slong o = 0; o < red->num_orbitals; o++)   /* Q = P: LB = mean entropy */
            fmpq_set(cert->q_orb + o, red->p + o);
    else
        pc_reduced_round_dual(cert->q_orb, cert->z_orb, red, prec);
    pc_reduced_objective(cert->upper, cert->z_orb, red, prec);
    pc_reduced_dual_bound(cert->lower, cert->q_orb, red, prec);
}

/* FORMAT.md "Regime claims" for kind group, proved. */
static pc_regime_t group_regime(const pc_cert_t *cert, const pc_reduced_t *red, int compare,
                                slong prec)
{
    int positive = pc_reduced_all_positive(red);
    if (positive && compare < 0)
        return PC_REGIME_INTERIOR;
    if (!positive || compare > 0)
        return PC_REGIME_BINDING;
    arb_t entropy;
    arb_init(entropy);
    pc_reduced_mean_entropy(entropy, red, prec);
    int binding = arb_gt(cert->lower, entropy);
    arb_clear(entropy);
    return binding ? PC_REGIME_BINDING : PC_REGIME_UNDETERMINED;
}

static void group_note(pc_certify_report_t *rep, const pc_reduced_t *red, const pc_cert_t *cert,
                       const pc_instance_t *inst, double nu)
{
    int len = snprintf(rep->note, sizeof rep->note,
                       "2-transitive token symmetry: reduced problem with %ld orbitals on "
                       "%ld context orbit%s (SPEC 5b)", (long) red->num_orbitals,
                       (long) red->num_context_orbits, red->num_context_orbits == 1 ? "" : "s");
    if (len < 0 || (size_t) len >= sizeof rep->note)
        return;
    if (cert->regime == PC_REGIME_INTERIOR)
        len += snprintf(rep->note + len, sizeof rep->note - (size_t) len,
                        "; interior: Z is the centered log of P^T, no Gram structure is claimed");
    else if (nu > 0)
        len += snprintf(rep->note + len, sizeof rep->note - (size_t) len,
                        "; multiplier nu = %.6g", nu);
    if (len > 0 && (size_t) len < sizeof rep->note && rep->d_below_rank)
        snprintf(rep->note + len, sizeof rep->note - (size_t) len,
                 "; d = %ld is below the rank %ld of the optimum: the interval is for (C), "
                 "(LP) may be strictly worse (SPEC 4)", (long) inst->dim, (long) rep->rank);
}

pc_status_t pc_certify_group(pc_cert_t *cert, pc_certify_report_t *rep,
                             const pc_instance_t *inst, const pc_certify_options_t *opt,
                             pc_msg_t *msg)
{
    slong digits = opt->digits > 0 ? opt->digits : PC_GROUP_DEFAULT_DIGITS;
    pc_reduced_t red;
    pc_status_t st = pc_reduced_init(&red, inst, msg);
    if (st != PC_OK) {
        pc_reduced_clear(&red);
        return st;
    }
    slong R = red.num_orbitals, have = 53, prec;
    double *xd = malloc(sizeof(double) * (size_t) (R > 0 ? R : 1)), nud = 0.0;
    int interior_float = 0, reached = 0;
    if (xd == NULL) abort();
    if (opt->progress)
        fprintf(stderr, "peelcert: group path, %ld orbitals, %ld context orbits\n",
                (long) R, (long) red.num_context_orbits);
    rep->iterations = pc_reduced_solve_double(xd, &nud, &interior_float, &red);

    prec = 64 + (slong) (3.33 * (double) digits) + 2 * FLINT_BIT_COUNT((ulong) (red.V * red.N));
    /* The regime test from the instance alone decides which point to refine. */
    int compare = pc_reduced_all_positive(&red) ? pc_reduced_interior_compare(&red, prec) : 1;
    int interior = compare < 0;
    arb_ptr x = _arb_vec_init(R);
    arb_t nu;
    arb_init(nu);
    for (slong o = 0; o < R; o++)
        arb_set_d(x + o, xd[o]);
    /* Undecided at the boundary: the floating point is the centered log, nu ~ 0. */
    arb_set_d(nu, nud > 0 ? nud : 1e-30);

    pc_cert_group_alloc(cert, R);
    cert->kind = PC_CERT_GROUP;
    for (; prec <= PC_GROUP_MAX_PREC; prec *= 2) {
        if (opt->progress)
            fprintf(stderr, "peelcert: refining and proving at %ld bits\n", (long) prec);
        if (interior)
            pc_reduced_centered_log(x, &red, prec + 32);
        else
            refine_to(x, nu, &red, &have, prec);
        bound_at(cert, x, interior, &red, prec);
        if (pc_verify_gap_at_most(cert->upper, cert->lower, digits, prec)) {
            reached = 1;
            break;
        }
    }
    if (!reached)
        prec /= 2;

    cert->regime = group_regime(cert, &red, compare, prec);
    int zero_primal = 1;
    for (slong o = 0; o < R; o++)
        zero_primal = zero_primal && fmpq_is_zero(cert->z_orb + o);
    cert->upper_is_lp = inst->dim >= red.V - 1 || zero_primal;
    cert->places = digits + PC_GROUP_EXTRA_PLACES;
    /* Z Z^T = c (I - J/V) for an invariant centered Z: rank V - 1 unless Z = 0 (FORMAT.md). */
    rep->rank = zero_primal ? 0 : red.V - 1;
    rep->d_below_rank = inst->dim < rep->rank;
    group_note(rep, &red, cert, inst, interior ? 0.0 : arf_get_d(arb_midref(nu), ARF_RND_NEAR));
    if (!reached)
        st = pc_fail(msg, PC_NOT_PROVED, "group path: gap <= 1e-%ld not reached at the "
                     "precision ceiling (%d bits); the written bounds are proved",
                     (long) digits, PC_GROUP_MAX_PREC);
    _arb_vec_clear(x, R);
    arb_clear(nu);
    free(xd);
    pc_reduced_clear(&red);
    return st;
}
