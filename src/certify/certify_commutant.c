/* The commutant path of pc_certify (docs/groups.md "The commutant of the token action";
 * FORMAT.md kind group, commutant reduction): a symmetry whose token action has a commutative
 * commutant with real characters (multiplicity-free, every token orbital self-paired) is
 * certified through the reduced problem of commutant.h: FISTA, Newton at doubling precision,
 * exact rounding, bounds proved with the enclosed eigenmatrix. */
#include <stdio.h>
#include <stdlib.h>
#include "paths.h"
#include "peelcert/commutant.h"
#include "peelcert/verify.h"

#define PC_COMMUTANT_EXTRA_PLACES 10
#define PC_COMMUTANT_MAX_PREC 8192
/* r R^2 entries of the projections T_k are held (in Arb) during the refinement. */
#define PC_COMMUTANT_MAX_PROJECTION_ENTRIES 4000000

int pc_certify_commutant_applies(const pc_instance_t *inst, pc_msg_t *why)
{
    pc_commutant_t alg;
    pc_reduced_t red;
    int ok = 0;
    if (inst->num_generators == 0 || inst->tokens < 3) return 0;
    if (inst->dim < inst->tokens - 1) {       /* (LP) = (C) needs d >= rank(Z°) <= V - 1 */
        pc_fail(why, PC_NOT_PROVED, "d = %ld < V - 1: the commutant path is taken only when d "
                "is at least the largest possible rank", (long) inst->dim);
        return 0;
    }
    pc_commutant_init(&alg);
    if (pc_commutant_algebra(&alg, inst, why) == PC_OK) {
        if (!alg.commutative)
            pc_fail(why, PC_NOT_PROVED, "the commutant of the token action is not commutative "
                    "(an irreducible constituent has multiplicity > 1)");
        else if (!alg.symmetric)
            pc_fail(why, PC_NOT_PROVED, "the token commutant is commutative but has non-real "
                    "characters (a token orbital is not self-paired); not reduced yet");
        else if (pc_commutant_eigen(&alg, 128, why) == PC_OK
                 && pc_reduced_init(&red, inst, why) == PC_OK) {
            ok = alg.r * red.num_orbitals * red.num_orbitals <= PC_COMMUTANT_MAX_PROJECTION_ENTRIES;
            if (!ok)
                pc_fail(why, PC_NOT_PROVED, "%ld orbitals on token-context pairs: over the "
                        "commutant path's limit", (long) red.num_orbitals);
            pc_reduced_clear(&red);
        }
    }
    pc_commutant_clear(&alg);
    return ok;
}

static void commutant_note(pc_certify_report_t *rep, const pc_commutant_t *alg,
                           const pc_reduced_t *red, const int *active, double mu)
{
    int len = snprintf(rep->note, sizeof rep->note, "commutative token commutant: reduced "
                       "problem with %ld orbitals, %ld characters; active (multiplicities):",
                       (long) red->num_orbitals, (long) alg->r);
    for (slong k = 1; k < alg->r && len > 0 && (size_t) len < sizeof rep->note; k++)
        if (active[k])
            len += snprintf(rep->note + len, sizeof rep->note - (size_t) len, " %ld",
                            (long) alg->multiplicity[k]);
    if (len > 0 && (size_t) len < sizeof rep->note)
        snprintf(rep->note + len, sizeof rep->note - (size_t) len, "; multiplier mu = %.6g", mu);
}

static pc_status_t commutant_prove(pc_cert_t *cert, pc_certify_report_t *rep,
                                   const pc_commutant_problem_t *P, const pc_instance_t *inst,
                                   slong digits, const pc_certify_options_t *opt, pc_msg_t *msg)
{
    const pc_reduced_t *red = P->red;
    slong R = red->num_orbitals, r = P->alg->r;
    double *xd = malloc(sizeof(double) * (size_t) R), mud;
    int *active = malloc(sizeof(int) * (size_t) r), interior, reached = 0;
    if (!xd || !active) abort();
    rep->iterations = pc_commutant_solve_double(xd, &mud, active, &interior, P);
    arb_ptr x = _arb_vec_init(R);
    arb_t mu;
    arb_init(mu);
    for (slong o = 0; o < R; o++) arb_set_d(x + o, xd[o]);
    arb_set_d(mu, mud);
    slong prec = 64 + (slong) (3.33 * (double) digits), have = 32;
    for (; prec <= PC_COMMUTANT_MAX_PREC; prec *= 2) {
        if (opt->progress)
            fprintf(stderr, "peelcert: commutant path, refining and proving at %ld bits\n", (long) prec);
        if (interior) pc_reduced_centered_log(x, red, prec + 32);
        else {
            for (slong p = have * 2; p < prec; p *= 2) pc_commutant_refine(x, mu, active, P, 2, p + 32);
            pc_commutant_refine(x, mu, active, P, 2, prec + 64);
            have = prec;
        }
        pc_commutant_bounds(cert->upper, cert->lower, cert->z_orb, cert->q_orb, x, P, prec);
        if (interior)
            for (slong o = 0; o < R; o++) fmpq_set(cert->q_orb + o, red->p + o);
        if (interior) pc_reduced_mean_entropy(cert->lower, red, prec);
        if (pc_verify_gap_at_most(cert->upper, cert->lower, digits, prec)) { reached = 1; break; }
    }
    if (!reached) prec /= 2;
    arb_t entropy;
    arb_init(entropy);
    pc_reduced_mean_entropy(entropy, red, prec);
    cert->regime = !pc_reduced_all_positive(red) || arb_gt(cert->lower, entropy)
                   ? PC_REGIME_BINDING : PC_REGIME_UNDETERMINED;
    arb_clear(entropy);
    commutant_note(rep, P->alg, red, active, interior ? 0.0 : arf_get_d(arb_midref(mu), ARF_RND_NEAR));
    _arb_vec_clear(x, R);
    arb_clear(mu);
    free(xd); free(active);
    (void) inst;
    if (!reached)
        return pc_fail(msg, PC_NOT_PROVED, "commutant path: gap <= 1e-%ld not reached at the "
                       "precision ceiling (%d bits); the written bounds are proved",
                       (long) digits, PC_COMMUTANT_MAX_PREC);
    return PC_OK;
}

pc_status_t pc_certify_commutant(pc_cert_t *cert, pc_certify_report_t *rep,
                                 const pc_instance_t *inst, const pc_certify_options_t *opt,
                                 pc_msg_t *msg)
{
    slong digits = opt->digits > 0 ? opt->digits : PC_GROUP_DEFAULT_DIGITS;
    slong eig_prec = 4 * (64 + (slong) (3.33 * (double) digits)) + 128;
    pc_reduced_t red;
    pc_commutant_t alg;
    pc_commutant_problem_t P;
    pc_commutant_init(&alg);
    pc_status_t st = pc_reduced_init(&red, inst, msg);
    if (st == PC_OK) st = pc_commutant_algebra(&alg, inst, msg);
    if (st == PC_OK) st = pc_commutant_eigen(&alg, eig_prec, msg);
    if (st == PC_OK) st = pc_commutant_problem_init(&P, &red, &alg, inst, msg);
    if (st == PC_OK) {
        pc_cert_group_alloc(cert, red.num_orbitals);
        cert->kind = PC_CERT_GROUP;
        cert->num_characters = alg.r;
        cert->commutant_generic = malloc(sizeof(slong) * (size_t) alg.r);
        if (!cert->commutant_generic) abort();
        for (slong j = 0; j < alg.r; j++) cert->commutant_generic[j] = alg.generic[j];
        st = commutant_prove(cert, rep, &P, inst, digits, opt, msg);
        int zero = 1;
        for (slong o = 0; o < red.num_orbitals; o++) zero = zero && fmpq_is_zero(cert->z_orb + o);
        cert->upper_is_lp = inst->dim >= red.V - 1 || zero;
        cert->places = digits + PC_COMMUTANT_EXTRA_PLACES;
        rep->rank = -1;        /* not claimed: the rank is the sum of the active multiplicities */
        rep->d_below_rank = 0;
        pc_commutant_problem_clear(&P);
    }
    pc_commutant_clear(&alg);
    pc_reduced_clear(&red);
    return st;
}
