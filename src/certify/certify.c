/* Path selection for pc_certify (certify.h). */
#include <stdlib.h>
#include <string.h>
#include "paths.h"
#include "dense_refine.h"
#include "peelcert/exchangeable.h"
#include "peelcert/group.h"
#include "peelcert/lowdim.h"

static void report_init(pc_certify_report_t *rep, const char *path, slong digits)
{
    memset(rep, 0, sizeof *rep);
    rep->path = path;
    rep->digits_target = digits;
    rep->rank = -1;
}

/* SPEC 5b: when the instance's symmetry generators act 2-transitively on the tokens, the
 * regime is proved binding and d >= min(V - 1, N) >= rank(Z°), every optimal W has
 * W W^T = u (I - J/V) with u = a/(V - 1) exactly (the commutant of a 2-transitive action is
 * span{I, J}; W^T 1 = 0 because Z° is centered; trace W W^T = a). Claimed only then. */
static void claim_simplex_etf(pc_cert_t *cert, const pc_instance_t *inst)
{
    slong V = inst->tokens, N = inst->contexts;
    if (cert->kind == PC_CERT_EXCHANGEABLE || cert->regime != PC_REGIME_BINDING || V < 2
        || inst->num_generators == 0 || inst->dim < (V - 1 < N ? V - 1 : N))
        return;
    int two_transitive = 0;
    pc_msg_t ignored;
    if (pc_group_is_two_transitive_on_tokens(&two_transitive, inst, &ignored) != PC_OK
        || !two_transitive)
        return;
    fmpq_t b;
    fmpq_init(b);
    pc_instance_budgets(cert->gram_W, b, inst);
    fmpq_div_fmpz(cert->gram_W, cert->gram_W, (fmpz_t){V - 1});
    fmpq_clear(b);
    cert->has_gram = 1;
    cert->structure = PC_STRUCTURE_SIMPLEX_ETF;
}

/* SPEC 5: an instance invariant under its symmetry generators (checked exactly by the reader)
 * has a G-invariant centered optimum Z°. Claimed when no stronger structure is proved and some
 * generator is not the identity (FORMAT.md, "Structure claims"). */
static void claim_group_invariant(pc_cert_t *cert, const pc_instance_t *inst)
{
    if (cert->structure != PC_STRUCTURE_NONE) return;
    for (slong g = 0; g < inst->num_generators; g++) {
        int moves = 0;
        for (slong k = 0; k < inst->tokens && !moves; k++)
            moves = inst->token_generators[g][k] != k;
        for (slong i = 0; i < inst->contexts && !moves; i++)
            moves = inst->context_generators[g][i] != i;
        if (moves) {
            cert->structure = PC_STRUCTURE_GROUP_INVARIANT;
            return;
        }
    }
}

/* Appends to rep->note why a symmetry did not give a reduced path. */
static void note_dense_fallback(pc_certify_report_t *rep, const pc_instance_t *inst,
                                const char *why)
{
    if (inst->num_generators == 0) return;
    size_t used = strlen(rep->note);
    snprintf(rep->note + used, sizeof rep->note - used, "%sthe symmetry group is neither "
             "2-transitive on the tokens nor a cyclic shift of circulant targets, and the "
             "commutant reduction does not apply (%.200s); no reduced path covers it yet "
             "(issue 10 item 3), so the dense path is used and only the "
             "G-invariance of the optimum is claimed (SPEC 5)", used ? "; " : "",
             why[0] ? why : "no reason recorded");
}

/* SPEC 10: after the structured paths, before the dense one. Finds the exact token and context
 * classes (dense, one-hot, sparse targets); if they shrink the problem (u v < V N), makes cert of
 * kind classes owning them and returns 1. */
static int take_classes(pc_cert_t *cert, const pc_instance_t *inst)
{
    if (inst->form != PC_TARGETS_DENSE && inst->form != PC_TARGETS_ONEHOT
        && inst->form != PC_TARGETS_SPARSE)
        return 0;
    pc_classes_t *cls = flint_malloc(sizeof *cls);
    pc_classes_init(cls);
    pc_msg_t ignored;
    if (pc_classes_find(cls, inst, &ignored) == PC_OK && pc_classes_reduce(cls)) {
        cert->kind = PC_CERT_CLASSES;
        cert->classes = cls;
        return 1;
    }
    pc_classes_clear(cls);
    flint_free(cls);
    return 0;
}

/* certify --proof (auto): the binary64 proofs of SPEC 15 (kind lowrank, which peelcert-check
 * verifies) above PC_FLOAT_PROOF_AUTO_ENTRIES target entries when at most
 * PC_FLOAT_PROOF_AUTO_DIGITS digits are asked for (binary64 enclosures reach ~12 digits of the
 * value); ball arithmetic (kind dense) otherwise. */
static int float_proof_wanted(const pc_instance_t *inst, const pc_certify_options_t *opt)
{
    if (opt->proof != PC_PROOF_AUTO) return opt->proof == PC_PROOF_FLOAT;
    double entries = (double) inst->tokens * (double) inst->contexts;
    slong digits = opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS;
    return entries > (double) PC_FLOAT_PROOF_AUTO_ENTRIES && digits <= PC_FLOAT_PROOF_AUTO_DIGITS;
}

/* The classes path's block form proves u v blocks in ball arithmetic; when the reduction is
 * weak (it keeps more than a quarter of the V N entries) and what remains is large (u v above
 * PC_FLOAT_PROOF_AUTO_ENTRIES), the binary64 proof of the full instance (kind lowrank) is the
 * faster route wherever auto would take it (<= PC_FLOAT_PROOF_AUTO_DIGITS digits) and the
 * instance fits kind lowrank. A bigram of 2000 words: 1960 x 1900 blocks of 2001 x 2000. */
static int classes_weak_for_float(const pc_classes_t *cls, const pc_instance_t *inst,
                                  const pc_certify_options_t *opt)
{
    double blocks = (double) cls->u * (double) cls->v;
    double entries = (double) inst->tokens * (double) inst->contexts;
    slong m = inst->tokens < inst->contexts ? inst->tokens : inst->contexts;
    return opt->proof == PC_PROOF_AUTO && !opt->force_blocks && float_proof_wanted(inst, opt)
        && blocks > (double) PC_FLOAT_PROOF_AUTO_ENTRIES && 4.0 * blocks > entries
        && entries <= (double) PC_LOWRANK_MAX_ENTRIES && m <= PC_LOWRANK_MAX_ORDER;
}

/* The general path: kind lowrank (binary64 proofs) or kind dense (exact and ball). */
static pc_status_t certify_general(pc_cert_t *cert, pc_certify_report_t *rep,
                                   const pc_instance_t *inst, const pc_certify_options_t *opt,
                                   pc_msg_t *msg, int float_proof)
{
    report_init(rep, float_proof ? "lowrank" : "dense",
                opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS);
    cert->kind = float_proof ? PC_CERT_LOWRANK : PC_CERT_DENSE;
    return float_proof ? pc_certify_lowrank(cert, rep, inst, opt, msg)
                       : pc_certify_dense(cert, rep, inst, opt, msg);
}

static pc_status_t certify_by_path(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                       const pc_certify_options_t *opt, pc_msg_t *msg)
{
    if (opt->proof == PC_PROOF_FLOAT)
        return certify_general(cert, rep, inst, opt, msg, 1);
    if (opt->force_dense) {
        report_init(rep, "dense", opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS);
        cert->kind = PC_CERT_DENSE;
        return pc_certify_dense(cert, rep, inst, opt, msg);
    }
    if (inst->form == PC_TARGETS_EXCHANGEABLE) {
        report_init(rep, "exchangeable", opt->digits > 0 ? opt->digits : PC_EXCHANGEABLE_DEFAULT_DIGITS);
        cert->kind = PC_CERT_EXCHANGEABLE;
        rep->rank = inst->tokens - 1;
        return pc_exchangeable_certify(cert, inst, rep->digits_target, msg);
    }
    if (inst->num_generators > 0) {
        /* SPEC 5b: a 2-transitive token symmetry makes the reduced problem exact (FORMAT.md
         * kind group). Undecided (too many token pairs) falls through to the other paths. */
        int two_transitive = 0;
        pc_msg_t ignored;
        if (pc_group_is_two_transitive_on_tokens(&two_transitive, inst, &ignored) == PC_OK
            && two_transitive) {
            report_init(rep, "group", opt->digits > 0 ? opt->digits : PC_GROUP_DEFAULT_DIGITS);
            cert->kind = PC_CERT_GROUP;
            return pc_certify_group(cert, rep, inst, opt, msg);
        }
    }
    if (inst->tokens == inst->contexts && inst->tokens >= 2 && inst->tokens <= PC_MAX_LISTED) {
        /* issue 8 item 4: exchangeable after relabelling the contexts (one-hot permutations,
         * alpha I + beta (J - I) up to a context permutation, circulant q with one distinguished
         * value): the closed form of SPEC 5b. Before the cyclic path (simplex ETF is the
         * stronger structure; --json still reports the circulant data), after the group path
         * (a given 2-transitive symmetry already yields the simplex ETF there). */
        slong *perm = malloc(sizeof(slong) * (size_t) inst->tokens);
        fmpq_t alpha;
        fmpq_init(alpha);
        if (pc_exchangeable_find_relabelling(perm, alpha, inst)) {
            report_init(rep, "exchangeable", opt->digits > 0 ? opt->digits : PC_EXCHANGEABLE_DEFAULT_DIGITS);
            cert->kind = PC_CERT_EXCHANGEABLE;
            rep->rank = inst->tokens - 1;
            pc_status_t st = pc_exchangeable_certify_relabelled(cert, inst, perm, alpha,
                                                                rep->digits_target, msg);
            fmpq_clear(alpha);
            return st;
        }
        free(perm);
        fmpq_clear(alpha);
    }
    if (inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        /* SPEC 11: the Fourier path on the group (before the O(n^2) circulant test) */
        pc_abelian_t trimmed;
        pc_abelian_trim(&trimmed, &inst->group);
        report_init(rep, pc_abelian_is_cyclic(&trimmed) ? "circulant" : "group_circulant",
                    opt->digits > 0 ? opt->digits : PC_CIRCULANT_DEFAULT_DIGITS);
        cert->kind = PC_CERT_CIRCULANT;
        return pc_certify_circulant(cert, rep, inst, opt, msg);
    }
    if (inst->tokens == inst->contexts && pc_instance_is_circulant(inst, NULL)) {
        report_init(rep, "circulant", opt->digits > 0 ? opt->digits : PC_CIRCULANT_DEFAULT_DIGITS);
        cert->kind = PC_CERT_CIRCULANT;
        return pc_certify_circulant(cert, rep, inst, opt, msg);
    }
    pc_msg_t commutant_why = {{0}};
    if (inst->num_generators > 0 && pc_certify_commutant_applies(inst, &commutant_why)) {
        /* docs/groups.md: a commutative token commutant (multiplicity-free action) */
        report_init(rep, "group", opt->digits > 0 ? opt->digits : PC_GROUP_DEFAULT_DIGITS);
        cert->kind = PC_CERT_GROUP;
        return pc_certify_commutant(cert, rep, inst, opt, msg);
    }
    if (take_classes(cert, inst)) {
        slong m, k;
        if (!opt->force_blocks && pc_classes_onehot_symmetric(&m, &k, cert->classes, inst)) {
            report_init(rep, "classes", opt->digits > 0 ? opt->digits : PC_GROUP_DEFAULT_DIGITS);
            return pc_certify_classes_symmetric(cert, rep, inst, m, k, opt, msg);
        }
        pc_classes_sizes_info_t info;
        char sizes_note[PC_MSG_LEN] = "";
        if (!opt->force_blocks && pc_classes_onehot_sizes(&info, cert->classes, inst)) {
            if (info.S <= PC_SIZES_MAX) {
                report_init(rep, "classes", opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS);
                pc_status_t st = pc_certify_classes_sizes(cert, rep, inst, &info, opt, msg);
                pc_classes_sizes_info_clear(&info);
                if (st != PC_NOT_PROVED || cert->classes->u * cert->classes->v > PC_MAX_DENSE_ENTRIES)
                    return st;
                /* the floating size-class solve missed the gap: the block form (and, on small
                 * instances, the dense refinement after it) still may reach it */
                snprintf(sizes_note, sizeof sizes_note, "%.400s", msg->text);
                pc_cert_clear(cert);
                pc_cert_init(cert, PC_CERT_CLASSES);
                take_classes(cert, inst);
            } else {
                pc_classes_sizes_info_clear(&info);
            }
        }
        if (classes_weak_for_float(cert->classes, inst, opt)) {
            slong u = cert->classes->u, v = cert->classes->v;
            pc_cert_clear(cert);
            pc_cert_init(cert, PC_CERT_DENSE);
            pc_status_t st = certify_general(cert, rep, inst, opt, msg, 1);
            size_t used = strlen(rep->note);
            snprintf(rep->note + used, sizeof rep->note - used, "%sthe token and context classes "
                     "(%ld x %ld blocks) keep more than a quarter of the entries: the binary64 "
                     "proof of the full instance was used", used ? "; " : "", (long) u, (long) v);
            return st;
        }
        report_init(rep, "classes", opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS);
        pc_status_t st = pc_certify_classes(cert, rep, inst, opt, msg);
        if (sizes_note[0] != '\0' && st == PC_OK) {
            size_t used = strlen(rep->note);
            snprintf(rep->note + used, sizeof rep->note - used, "%sthe size-class reduction did "
                     "not reach the gap (%.300s); the block form was used", used ? "; " : "",
                     sizes_note);
        }
        if (st != PC_NOT_PROVED || inst->tokens * inst->contexts > PC_DENSE_REFINE_MAX_ENTRIES)
            return st;
        /* a gap the floating reduced solve cannot reach: small instances still have the dense
         * path's multiprecision refinement (dense_refine.h) */
        pc_cert_clear(cert);
        pc_cert_init(cert, PC_CERT_DENSE);
        report_init(rep, "dense", opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS);
        snprintf(rep->note, sizeof rep->note, "the classes path (SPEC 10) did not reach the gap "
                 "(%.300s); the dense path with multiprecision refinement was used", msg->text);
        return pc_certify_dense(cert, rep, inst, opt, msg);
    }
    pc_status_t st = certify_general(cert, rep, inst, opt, msg, float_proof_wanted(inst, opt));
    note_dense_fallback(rep, inst, commutant_why.text);
    return st;
}

/* SPEC 4, 12: d < rank(Z°), so (LP) is rank-constrained. The factored solver at d gives a
 * certified upper bound on val(LP) and, when proved, a local minimum (lowdim.h); the
 * path's own bounds stay those of val(C). A failure here leaves cert->lp NULL and says so
 * in the note; it never changes the proved bounds of (C). */
static void certify_below_rank(pc_cert_t *cert, pc_certify_report_t *rep,
                               const pc_instance_t *inst, const pc_certify_options_t *opt)
{
    pc_lowdim_result_t *lp = flint_malloc(sizeof *lp);
    pc_lowdim_result_init(lp);
    pc_msg_t why = {{0}};
    if (pc_lowdim_certify(lp, inst, 128, opt->progress, &why) == PC_OK) {
        cert->lp = lp;
        return;
    }
    pc_lowdim_result_clear(lp);
    flint_free(lp);
    size_t used = strlen(rep->note);
    snprintf(rep->note + used, sizeof rep->note - used, "%sno (LP) search at d: %s",
             used ? "; " : "", why.text);
}

pc_status_t pc_certify(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                       const pc_certify_options_t *opt, pc_msg_t *msg)
{
    pc_status_t st = certify_by_path(cert, rep, inst, opt, msg);
    if (st != PC_BAD_INPUT) {
        claim_simplex_etf(cert, inst);
        claim_group_invariant(cert, inst);
    }
    if (st != PC_BAD_INPUT && rep->d_below_rank && cert->kind != PC_CERT_CLASSES
        && cert->kind != PC_CERT_LOWRANK)
        certify_below_rank(cert, rep, inst, opt);
    else if (st != PC_BAD_INPUT && rep->d_below_rank) {
        size_t used = strlen(rep->note);
        snprintf(rep->note + used, sizeof rep->note - used, "%sd = %ld is below the numerical "
                 "rank %ld of the %s optimum: the upper bound is for the truncated "
                 "factorisation; no (LP) search at d on the %s path", used ? "; " : "",
                 (long) inst->dim, (long) rep->rank,
                 cert->kind == PC_CERT_CLASSES ? "reduced" : "floating", rep->path);
    }
    return st;
}
