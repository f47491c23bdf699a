/* The circulant path of pc_certify (SPEC 5a; FORMAT.md kind circulant): a cyclic
 * instance (circulant form, or dense and exactly circulant) is reduced to its first
 * row q and certified by the Fourier path of src/cyclic. Everything written into
 * the certificate is exact data (c, r) or an enclosure proved from it; nothing of
 * size n^2 is built. group_circulant targets (SPEC 11) take the same path on their group
 * G = Z_n1 x ... x Z_nk (frequencies become characters; the cyclic case is k = 1). */
#include <stdio.h>
#include <string.h>
#include "paths.h"
#include "peelcert/cyclic.h"

/* Extra decimal places of the written claims beyond the digits asked for. */
#define PC_CIRCULANT_EXTRA_PLACES 10


/* Numerical rank of the circulant with first column c: the number of nonzero
 * Fourier coefficients, conjugate pairs counting 2. Uses the refined active set
 * when there is one, otherwise a floating DFT of c (relative threshold 1e-9).
 * A report, not a proved claim. If active is non-NULL (room for n/2 + 1), the
 * frequencies are written there and their number into *num_active. */
static slong circulant_rank(const pc_cyclic_result_t *res, const pc_abelian_t *G, slong *active,
                            slong *num_active)
{
    slong rank = 0, k, *work, n = G->n;
    double *cd;
    if (num_active != NULL) *num_active = 0;
    if (res->num_active > 0 && res->regime != PC_CYCLIC_INTERIOR) {
        for (k = 0; k < res->num_active; k++) {
            rank += pc_abelian_weight(G, res->active[k]);
            if (active != NULL) active[k] = res->active[k];
        }
        if (num_active != NULL) *num_active = res->num_active;
        return rank;
    }
    if (n < 2 || res->c == NULL)
        return 0;
    cd = flint_malloc(sizeof(double) * n);
    work = active != NULL ? active : flint_malloc(sizeof(slong) * n);
    for (slong m = 0; m < n; m++)
        cd[m] = fmpq_get_d(res->c + m);
    k = pc_abelian_active_double(work, cd, G, 1e-9);
    for (slong a = 0; a < k; a++)
        rank += pc_abelian_weight(G, work[a]);
    if (num_active != NULL) *num_active = k;
    flint_free(cd);
    if (work != active) flint_free(work);
    return rank;
}

void pc_certify_report_clear(pc_certify_report_t *rep)
{
    pc_certify_circulant_info_t *info = rep->circulant;
    if (info == NULL)
        return;
    flint_free(info->active);
    if (info->gram_W_first_row != NULL)
        _arb_vec_clear(info->gram_W_first_row, info->n);
    if (info->gram_H_first_row != NULL)
        _arb_vec_clear(info->gram_H_first_row, info->n);
    if (info->eigenvalues_W != NULL)
        _arb_vec_clear(info->eigenvalues_W, FLINT_MAX(info->num_active, 1));
    flint_free(info);
    rep->circulant = NULL;
}

/* rep->circulant (issue 3 item 6): active set, embedding dimension, Krawczyk result,
 * and the first row of W W^T, claimed only in the proved binding regime with
 * d >= rank (otherwise the factorisation, hence W W^T, is not unique). */
static void circulant_structure(pc_certify_report_t *rep, const pc_cert_t *cert,
                                const pc_cyclic_result_t *res, const pc_instance_t *inst,
                                const fmpq_t a, const fmpq_t b, const pc_abelian_t *G,
                                slong prec)
{
    slong n = G->n;
    pc_certify_circulant_info_t *info = flint_calloc(1, sizeof *info);
    info->n = n;
    info->group = *G;
    info->active = flint_malloc(sizeof(slong) * n);
    info->embedding_dimension = circulant_rank(res, G, info->active, &info->num_active);
    info->regular_polygon = pc_abelian_is_cyclic(G) && res->regime == PC_CYCLIC_BINDING
                            && info->num_active == 1 && info->active[0] == 1 && n >= 3;
    info->krawczyk_tried = res->krawczyk_tried;
    info->krawczyk_proved = res->krawczyk_proved;
    info->krawczyk_radius = res->krawczyk_radius;
    snprintf(info->krawczyk_note, sizeof info->krawczyk_note, "%s", res->krawczyk_note);
    if (cert->regime != PC_REGIME_BINDING)
        snprintf(info->gram_note, sizeof info->gram_note, "regime not proved binding: W W^T "
                 "is not determined by Z (SPEC 4), not claimed");
    else if (inst->dim < info->embedding_dimension)
        snprintf(info->gram_note, sizeof info->gram_note, "d = %ld is below the rank %ld: "
                 "the balanced factorisation is not available, not claimed", (long) inst->dim,
                 (long) info->embedding_dimension);
    else {
        /* one DFT of c and one inverse for both rows and the eigenvalues */
        info->gram_W_first_row = _arb_vec_init(n);
        info->gram_H_first_row = _arb_vec_init(n);
        info->eigenvalues_W = _arb_vec_init(FLINT_MAX(info->num_active, 1));
        pc_abelian_gram_rows(info->gram_W_first_row, info->gram_H_first_row, info->eigenvalues_W,
                             info->active, info->num_active, cert->c, G, a, b, prec);
        if (pc_abelian_is_cyclic(G))
            snprintf(info->gram_note, sizeof info->gram_note, "first row of W W^T = sqrt(a/b) "
                     "(Z Z^T)^(1/2) for the certificate's c (circulant, eigenvalues "
                     "sqrt(a/b) |c_hat_j|), enclosed by a rigorous DFT");
        else
            snprintf(info->gram_note, sizeof info->gram_note, "first row of W W^T = sqrt(a/b) "
                     "(Z Z^T)^(1/2) for the certificate's c, group-indexed: W W^T[i][j] = "
                     "row[j - i] in the group (group-circulant, eigenvalue sqrt(a/b) |c_hat_f| "
                     "per character f), enclosed by a rigorous DFT (acb_dft_prod)");
    }
    rep->circulant = info;
}

/* The always-provable fallback when no refined candidate was proved: c = 0
 * (feasible, f = log n) and r = q (LB = H(q)). Fills cert->c, r, upper, lower. */
static void circulant_trivial(pc_cert_t *cert, const fmpq *q, slong n, slong prec)
{
    for (slong m = 0; m < n; m++) {
        fmpq_zero(cert->c + m);
        fmpq_set(cert->r + m, q + m);
    }
    pc_cyclic_cross_entropy(cert->upper, q, cert->c, n, prec);
    pc_cyclic_entropy(cert->lower, q, n, prec);
}

/* A short description of the active frequencies (numerical, from the refinement). */
static void circulant_note(pc_certify_report_t *rep, const pc_cyclic_result_t *res,
                           const pc_instance_t *inst, const pc_abelian_t *G)
{
    char *p = rep->note, *end = rep->note + sizeof rep->note, name[160];
    const char *what = pc_abelian_is_cyclic(G) ? "circulant optimum (SPEC 5a)" : name;
    slong n = G->n;
    int len;
    if (!pc_abelian_is_cyclic(G)) {
        size_t used = (size_t) snprintf(name, sizeof name, "group-circulant optimum on Z_%ld",
                                        (long) G->orders[0]);
        for (slong t = 1; t < G->k && used < sizeof name; t++)
            used += (size_t) snprintf(name + used, sizeof name - used, " x Z_%ld",
                                      (long) G->orders[t]);
        if (used < sizeof name)
            snprintf(name + used, sizeof name - used, " (SPEC 11)");
    }
    if (res->regime == PC_CYCLIC_INTERIOR || res->num_active == 0) {
        snprintf(rep->note, sizeof rep->note,
                 "%s%s; numerical rank %ld", what,
                 res->regime == PC_CYCLIC_INTERIOR ? ", interior: Z is the centered log of P^T" : "",
                 (long) rep->rank);
        return;
    }
    len = snprintf(p, (size_t) (end - p), "%s; active %s", what,
                   pc_abelian_is_cyclic(G) ? "frequencies" : "characters");
    p += len;
    for (slong k = 0; k < res->num_active && p + 24 < end; k++) {
        if (k == 8 && res->num_active > 9) {
            len = snprintf(p, (size_t) (end - p), " ... (%ld in all)", (long) res->num_active);
            p += len;
            break;
        }
        char f[128];
        pc_abelian_format(f, sizeof f, G, res->active[k]);
        len = snprintf(p, (size_t) (end - p), "%s %s", k == 0 ? "" : ",", f);
        p += len;
    }
    if (p < end)
        p += snprintf(p, (size_t) (end - p), "; embedding dimension needed: %ld", (long) rep->rank);
    if (p < end && pc_abelian_is_cyclic(G) && res->num_active == 1 && res->active[0] == 1
        && n >= 3)
        p += snprintf(p, (size_t) (end - p), "; only +-1 active: the output vectors form a "
                      "regular %ld-gon in a plane", (long) n);
    if (p < end && res->krawczyk_proved)
        p += snprintf(p, (size_t) (end - p), "; exact KKT point proved unique within %.2g "
                      "(Krawczyk)", res->krawczyk_radius);
    if (p < end && rep->d_below_rank)
        snprintf(p, (size_t) (end - p), "; d = %ld is below it: (LP) may be strictly worse "
                 "than (C)", (long) inst->dim);
}

/* The first row q of a cyclic or group-circulant instance and its group G, exact; 0 if the
 * instance is neither. */
static int circulant_first_row(fmpq *q, pc_abelian_t *G, const pc_instance_t *inst)
{
    slong n = inst->tokens;
    if (inst->tokens != inst->contexts)
        return 0;
    pc_abelian_set_cyclic(G, n);
    if (inst->form == PC_TARGETS_GROUP_CIRCULANT)
        pc_abelian_trim(G, &inst->group);   /* Z_n x Z_1 is the cyclic path */
    if (inst->form == PC_TARGETS_CIRCULANT || inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        for (slong m = 0; m < n; m++)
            fmpq_set(q + m, inst->circulant + m);
        return 1;
    }
    /* dense, one-hot, sparse (issue 8 item 4: one-hot shifts are circulant): checked exactly */
    return pc_instance_is_circulant(inst, q);
}

/* Fills cert (kind circulant) and rep. PC_OK: the gap target 10^-digits is proved;
 * PC_NOT_PROVED: the bounds in cert are still proved (possibly the trivial ones,
 * c = 0 and r = q) and msg says how far it got; PC_BAD_INPUT: not a cyclic instance. */
pc_status_t pc_certify_circulant(pc_cert_t *cert, pc_certify_report_t *rep,
                                 const pc_instance_t *inst, const pc_certify_options_t *opt,
                                 pc_msg_t *msg)
{
    slong n = inst->tokens, digits = opt->digits > 0 ? opt->digits : PC_CIRCULANT_DEFAULT_DIGITS;
    fmpq *q;
    fmpq_t a, b;
    pc_cyclic_result_t res;
    pc_cyclic_options_t copt;
    pc_abelian_t G;
    pc_status_t st;
    int zero_primal = 1;

    q = _fmpq_vec_init(n);
    if (!circulant_first_row(q, &G, inst)) {
        _fmpq_vec_clear(q, n);
        return pc_fail(msg, PC_BAD_INPUT, "targets: not circulant (P[i][k] = P[0][(k - i) mod n] "
                       "fails, or tokens != contexts): the circulant path does not apply");
    }
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    memset(&copt, 0, sizeof copt);
    copt.digits = digits;
    copt.progress = opt->progress;
    pc_cyclic_result_init(&res);
    st = pc_abelian_certify(&res, q, &G, a, b, &copt, msg);

    cert->kind = PC_CERT_CIRCULANT;
    pc_cert_circulant_alloc(cert, n);
    cert->group = G;
    if (st != PC_BAD_INPUT) {
        if (res.c != NULL) {
            for (slong m = 0; m < n; m++) {
                fmpq_set(cert->c + m, res.c + m);
                fmpq_set(cert->r + m, res.r + m);
            }
            arb_set(cert->upper, res.upper);
            arb_set(cert->lower, res.lower);
        } else {
            circulant_trivial(cert, q, n, 128);
        }
        cert->regime = res.regime == PC_CYCLIC_BINDING ? PC_REGIME_BINDING
                     : res.regime == PC_CYCLIC_INTERIOR ? PC_REGIME_INTERIOR
                     : PC_REGIME_UNDETERMINED;
        if (res.c == NULL && pc_instance_has_zero_target(inst))
            cert->regime = PC_REGIME_BINDING;   /* SPEC 3: proved by the zero entry */
        /* FORMAT.md "circulant": the optimum is circulant, from the instance alone; on a
         * product group it is invariant under the translations of G (SPEC 5, 11) */
        cert->structure = pc_abelian_is_cyclic(&G) ? PC_STRUCTURE_CIRCULANT
                                                   : PC_STRUCTURE_GROUP_INVARIANT;
        for (slong m = 0; m < n; m++)
            zero_primal = zero_primal && fmpq_is_zero(cert->c + m);
        cert->upper_is_lp = inst->dim >= n - 1 || zero_primal;
        cert->places = digits + PC_CIRCULANT_EXTRA_PLACES;

        rep->float_gap = res.float_gap;
        rep->iterations = res.iterations;
        rep->rank = circulant_rank(&res, &G, NULL, NULL);
        rep->d_below_rank = inst->dim < rep->rank;
        circulant_note(rep, &res, inst, &G);
        if (opt->want_structure)
            circulant_structure(rep, cert, &res, inst, a, b, &G, 64 + 4 * cert->places);
    }
    pc_cyclic_result_clear(&res);
    _fmpq_vec_clear(q, n);
    fmpq_clear(a);
    fmpq_clear(b);
    return st;
}
