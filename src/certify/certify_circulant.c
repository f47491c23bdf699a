/* The circulant path of pc_certify (SPEC 5a; FORMAT.md kind circulant): a cyclic
 * instance (circulant form, or dense and exactly circulant) is reduced to its first
 * row q and certified by the Fourier path of src/cyclic. Everything written into
 * the certificate is exact data (c, r) or an enclosure proved from it; nothing of
 * size n^2 is built. */
#include <stdio.h>
#include <string.h>
#include "paths.h"
#include "peelcert/cyclic.h"

/* Extra decimal places of the written claims beyond the digits asked for. */
#define PC_CIRCULANT_EXTRA_PLACES 10

/* Budget weight of frequency j in 1..n/2: 2 for a conjugate pair, 1 for Nyquist. */
static slong circulant_weight(slong j, slong n)
{
    return 2 * j == n ? 1 : 2;
}

/* Numerical rank of the circulant with first column c: the number of nonzero
 * Fourier coefficients, conjugate pairs counting 2. Uses the refined active set
 * when there is one, otherwise a floating DFT of c (relative threshold 1e-9).
 * A report, not a proved claim. If active is non-NULL (room for n/2 + 1), the
 * frequencies are written there and their number into *num_active. */
static slong circulant_rank(const pc_cyclic_result_t *res, slong n, slong *active,
                            slong *num_active)
{
    slong rank = 0, k, *work;
    double *cd;
    if (num_active != NULL) *num_active = 0;
    if (res->num_active > 0 && res->regime != PC_CYCLIC_INTERIOR) {
        for (k = 0; k < res->num_active; k++) {
            rank += circulant_weight(res->active[k], n);
            if (active != NULL) active[k] = res->active[k];
        }
        if (num_active != NULL) *num_active = res->num_active;
        return rank;
    }
    if (n < 2 || res->c == NULL)
        return 0;
    cd = flint_malloc(sizeof(double) * n);
    work = active != NULL ? active : flint_malloc(sizeof(slong) * (n / 2 + 1));
    for (slong m = 0; m < n; m++)
        cd[m] = fmpq_get_d(res->c + m);
    k = pc_cyclic_active_double(work, cd, n, 1e-9);
    for (slong a = 0; a < k; a++)
        rank += circulant_weight(work[a], n);
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
    flint_free(info);
    rep->circulant = NULL;
}

/* rep->circulant (issue 3 item 6): active set, embedding dimension, Krawczyk result,
 * and the first row of W W^T, claimed only in the proved binding regime with
 * d >= rank (otherwise the factorisation, hence W W^T, is not unique). */
static void circulant_structure(pc_certify_report_t *rep, const pc_cert_t *cert,
                                const pc_cyclic_result_t *res, const pc_instance_t *inst,
                                const fmpq_t a, const fmpq_t b, slong n, slong prec)
{
    pc_certify_circulant_info_t *info = flint_calloc(1, sizeof *info);
    info->n = n;
    info->active = flint_malloc(sizeof(slong) * (n / 2 + 1));
    info->embedding_dimension = circulant_rank(res, n, info->active, &info->num_active);
    info->regular_polygon = res->regime == PC_CYCLIC_BINDING && info->num_active == 1
                            && info->active[0] == 1 && n >= 3;
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
        info->gram_W_first_row = _arb_vec_init(n);
        pc_cyclic_gram_first_row(info->gram_W_first_row, cert->c, n, a, b, prec);
        info->gram_H_first_row = _arb_vec_init(n);
        pc_cyclic_gram_first_row(info->gram_H_first_row, cert->c, n, b, a, prec);
        snprintf(info->gram_note, sizeof info->gram_note, "first row of W W^T = sqrt(a/b) "
                 "(Z Z^T)^(1/2) for the certificate's c (circulant, eigenvalues "
                 "sqrt(a/b) |c_hat_j|), enclosed by a rigorous DFT");
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
                           const pc_instance_t *inst, slong n)
{
    char *p = rep->note, *end = rep->note + sizeof rep->note;
    int len;
    if (res->regime == PC_CYCLIC_INTERIOR || res->num_active == 0) {
        snprintf(rep->note, sizeof rep->note,
                 "circulant optimum (SPEC 5a)%s; numerical rank %ld",
                 res->regime == PC_CYCLIC_INTERIOR ? ", interior: Z is the centered log of P^T" : "",
                 (long) rep->rank);
        return;
    }
    len = snprintf(p, (size_t) (end - p), "circulant optimum (SPEC 5a); active frequencies");
    p += len;
    for (slong k = 0; k < res->num_active && p + 24 < end; k++) {
        if (k == 8 && res->num_active > 9) {
            len = snprintf(p, (size_t) (end - p), " ... (%ld in all)", (long) res->num_active);
            p += len;
            break;
        }
        len = snprintf(p, (size_t) (end - p), "%s %ld", k == 0 ? "" : ",", (long) res->active[k]);
        p += len;
    }
    if (p < end)
        p += snprintf(p, (size_t) (end - p), "; embedding dimension needed: %ld", (long) rep->rank);
    if (p < end && res->num_active == 1 && res->active[0] == 1 && n >= 3)
        p += snprintf(p, (size_t) (end - p), "; only +-1 active: the output vectors form a "
                      "regular %ld-gon in a plane", (long) n);
    if (p < end && res->krawczyk_proved)
        p += snprintf(p, (size_t) (end - p), "; exact KKT point proved unique within %.2g "
                      "(Krawczyk)", res->krawczyk_radius);
    if (p < end && rep->d_below_rank)
        snprintf(p, (size_t) (end - p), "; d = %ld is below it: (LP) may be strictly worse "
                 "than (C)", (long) inst->dim);
}

/* The first row q of a cyclic instance, exact; 0 if the instance is not cyclic. */
static int circulant_first_row(fmpq *q, const pc_instance_t *inst)
{
    slong n = inst->tokens;
    if (inst->tokens != inst->contexts)
        return 0;
    if (inst->form == PC_TARGETS_CIRCULANT) {
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
    pc_status_t st;
    int zero_primal = 1;

    q = _fmpq_vec_init(n);
    if (!circulant_first_row(q, inst)) {
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
    st = pc_cyclic_certify(&res, q, n, a, b, &copt, msg);

    cert->kind = PC_CERT_CIRCULANT;
    pc_cert_circulant_alloc(cert, n);
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
        /* FORMAT.md "circulant": the optimum is circulant, from the instance alone. */
        cert->structure = PC_STRUCTURE_CIRCULANT;
        for (slong m = 0; m < n; m++)
            zero_primal = zero_primal && fmpq_is_zero(cert->c + m);
        cert->upper_is_lp = inst->dim >= n - 1 || zero_primal;
        cert->places = digits + PC_CIRCULANT_EXTRA_PLACES;

        rep->float_gap = res.float_gap;
        rep->iterations = res.iterations;
        rep->rank = circulant_rank(&res, n, NULL, NULL);
        rep->d_below_rank = inst->dim < rep->rank;
        circulant_note(rep, &res, inst, n);
        if (opt->want_structure)
            circulant_structure(rep, cert, &res, inst, a, b, n, 64 + 4 * cert->places);
    }
    pc_cyclic_result_clear(&res);
    _fmpq_vec_clear(q, n);
    fmpq_clear(a);
    fmpq_clear(b);
    return st;
}
