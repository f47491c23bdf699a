/* Kind exchangeable with primal.context_permutation (FORMAT.md): the targets become
 * alpha I + beta (J - I) after relabelling the contexts by pi. The reader checks that pi is a
 * permutation (else malformed, exit 2); the claim context_permutation checks, from the
 * instance alone and exactly, that P[i][k] = alpha if k = pi(i) else beta, with
 * alpha = P[0][pi(0)] and beta = (1 - alpha)/(n - 1). */
#include <stdio.h>
#include <stdlib.h>
#include "check_internal.h"

int pcc_relabel_read(pcc_cert_t *C, const json_t *primal, pcc_error_t *err)
{
    const json_t *v = json_object_get(primal, "context_permutation");
    pcc_instance_t *I = &C->inst;
    char path[64];
    if (v == NULL) return 0;
    if (I->V != I->N || I->V < 2)
        return pcc_fail(err, "primal.context_permutation: needs tokens = contexts >= 2 (V = %ld, N = %ld)",
                        I->V, I->N);
    if (pcc_json_array(v, "primal.context_permutation", I->N, err)) return 1;
    C->context_perm = malloc(sizeof(slong) * (size_t) I->N);
    char *seen = calloc((size_t) I->N, 1);
    for (slong i = 0; i < I->N; i++) {
        snprintf(path, sizeof path, "primal.context_permutation[%ld]", i);
        if (pcc_json_size(C->context_perm + i, json_array_get(v, (size_t) i), path, 0, I->N - 1, err)) {
            free(seen);
            return 1;
        }
        if (seen[C->context_perm[i]]) {
            free(seen);
            return pcc_fail(err, "%s: %ld repeats an earlier image: not a permutation", path,
                            C->context_perm[i]);
        }
        seen[C->context_perm[i]] = 1;
    }
    free(seen);
    return 0;
}

/* First (i, k) where P[i][k] differs from the relabelled exchangeable value, or -1. */
static slong first_mismatch(const pcc_instance_t *I, const slong *pi, const fmpq_t alpha,
                            const fmpq_t beta, slong *bad_k)
{
    slong n = I->V;
    fmpq_t p;
    fmpq_init(p);
    slong bad = -1;
    if (I->form == PCC_ONEHOT) {             /* P[i][k] = 1 iff k = t_i */
        for (slong i = 0; i < n && bad < 0; i++)
            if (I->onehot[i] != pi[i]) { bad = i; *bad_k = pi[i]; }
        if (bad < 0 && !fmpq_is_one(alpha)) { bad = 0; *bad_k = pi[0]; }
    } else if (I->form == PCC_CIRCULANT) {   /* row i is q shifted by i: check q and pi */
        slong m0 = pi[0];
        for (slong m = 0; m < n && bad < 0; m++)
            if (!fmpq_equal(I->q + m, m == m0 ? alpha : beta)) { bad = 0; *bad_k = m; }
        for (slong i = 0; i < n && bad < 0; i++)
            if (pi[i] != (i + m0) % n) { bad = i; *bad_k = pi[i]; }
        if (bad >= 0 && fmpq_equal(alpha, beta)) bad = -1;   /* uniform: any pi relabels */
    } else if (I->form == PCC_GROUP_CIRCULANT) {   /* row i is q shifted by i in the group */
        slong m0 = pi[0];
        for (slong m = 0; m < n && bad < 0; m++)
            if (!fmpq_equal(I->q + m, m == m0 ? alpha : beta)) { bad = 0; *bad_k = m; }
        for (slong i = 0; i < n && bad < 0; i++)   /* pi(i) - i = m0 in the group */
            if (pcc_abelian_sub(&I->group, pi[i], i) != m0) { bad = i; *bad_k = pi[i]; }
        if (bad >= 0 && fmpq_equal(alpha, beta)) bad = -1;   /* uniform: any pi relabels */
    } else {                                  /* dense, sparse: entry by entry */
        for (slong i = 0; i < n && bad < 0; i++)
            for (slong k = 0; k < n && bad < 0; k++) {
                pcc_instance_entry(p, I, i, k);
                if (!fmpq_equal(p, k == pi[i] ? alpha : beta)) { bad = i; *bad_k = k; }
            }
    }
    fmpq_clear(p);
    return bad;
}

int pcc_claim_relabelling(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    pcc_instance_t *I = &C->inst;
    slong n = I->V, k = 0;
    (void) prec;
    if (I->form == PCC_EXCHANGEABLE) {
        snprintf(detail, len, "the targets are already in exchangeable form: no relabelling is claimed with them");
        return PCC_REJECTED;
    }
    if ((I->form == PCC_DENSE || I->form == PCC_SPARSE) && (double) n * (double) n > 16e6) {
        snprintf(detail, len, "not checked: n^2 = %.3g target entries exceed the checker's bound 1.6e7",
                 (double) n * (double) n);
        return PCC_REJECTED;
    }
    pcc_instance_entry(I->alpha, I, 0, C->context_perm[0]);
    fmpq_one(I->beta);
    fmpq_sub(I->beta, I->beta, I->alpha);
    pcc_fmpq_div_si(I->beta, I->beta, n - 1);
    slong bad = first_mismatch(I, C->context_perm, I->alpha, I->beta, &k);
    char a[96], b[96], p[96];
    pcc_fmpq_text(a, sizeof a, I->alpha);
    pcc_fmpq_text(b, sizeof b, I->beta);
    if (bad >= 0) {
        fmpq_t x;
        fmpq_init(x);
        pcc_instance_entry(x, I, bad, k);
        pcc_fmpq_text(p, sizeof p, x);
        fmpq_clear(x);
        snprintf(detail, len, "P[%ld][%ld] = %s, but the relabelling says %s (pi(%ld) = %ld, "
                 "alpha = %s, beta = %s)", bad, k, p, k == C->context_perm[bad] ? "alpha" : "beta",
                 bad, C->context_perm[bad], a, b);
        return PCC_REJECTED;
    }
    I->relabelled = 1;
    snprintf(detail, len, "P[i][k] = alpha if k = pi(i) else beta for every i, k (exact), "
             "alpha = %s, beta = %s", a, b);
    return PCC_VERIFIED;
}
