/* Targets that are exchangeable after a relabelling of the contexts (issue 8 item 4):
 * P[i][k] = alpha if k = pi(i) else beta = (1 - alpha)/(n - 1), pi a permutation. Permuting
 * the contexts (columns of Z, rows of P and Q) changes neither f nor ||.||_* nor ||Q - P||_op,
 * so the closed form of SPEC 5b applies to the relabelled instance, and the certificate's x and
 * r are those of `alpha I + beta (J - I)` with the columns of Z and the rows of Q permuted by pi
 * (FORMAT.md kind exchangeable, context_permutation). Everything here is exact. */
#include <stdlib.h>
#include <string.h>
#include "peelcert/exchangeable.h"

/* Row i of P into row (n entries), exact. */
static void target_row(fmpq *row, const pc_instance_t *inst, slong i)
{
    for (slong k = 0; k < inst->tokens; k++)
        pc_instance_target(row + k, inst, i, k);
}

/* 1 iff every entry of row except position k0 equals row[k1], k1 != k0 (n >= 2). */
static int others_equal(const fmpq *row, slong n, slong k0)
{
    slong k1 = k0 == 0 ? 1 : 0;
    for (slong k = 0; k < n; k++)
        if (k != k0 && !fmpq_equal(row + k, row + k1)) return 0;
    return 1;
}

/* With alpha != beta given, finds pi from the rows: row i must have alpha at one position
 * and beta elsewhere, the positions distinct. */
static int match_rows(slong *perm, const pc_instance_t *inst, const fmpq_t alpha,
                      const fmpq_t beta, fmpq *row)
{
    slong n = inst->tokens;
    char *used = calloc((size_t) n, 1);
    int ok = 1;
    for (slong i = 0; i < n && ok; i++) {
        target_row(row, inst, i);
        perm[i] = -1;
        for (slong k = 0; k < n && ok; k++) {
            if (fmpq_equal(row + k, alpha) && perm[i] < 0 && !used[k]) {
                perm[i] = k;
                used[k] = 1;
            } else if (!fmpq_equal(row + k, beta)) {
                ok = 0;
            }
        }
        ok = ok && perm[i] >= 0;
    }
    free(used);
    return ok;
}

/* The general case through the rows of P (dense and sparse forms), O(n^2). */
static int find_by_rows(slong *perm, fmpq_t alpha, const pc_instance_t *inst)
{
    slong n = inst->tokens;
    fmpq *row = _fmpq_vec_init(n);
    fmpq_t beta;
    fmpq_init(beta);
    int found = 0;
    target_row(row, inst, 0);
    /* row 0 fixes (alpha, pi(0)): a position whose complement is constant (one position for
     * n >= 3 unless the row is uniform; either position for n = 2) */
    for (slong k0 = 0; k0 < n && !found; k0++) {
        if (!others_equal(row, n, k0)) continue;
        fmpq_set(alpha, row + k0);
        fmpq_one(beta);
        fmpq_sub(beta, beta, alpha);
        fmpq_div_fmpz(beta, beta, (fmpz_t){n - 1});
        if (fmpq_equal(alpha, beta)) {
            /* uniform row 0: the instance must be uniform; pi = identity */
            found = 1;
            for (slong i = 0; i < n && found; i++) {
                target_row(row, inst, i);
                for (slong k = 0; k < n && found; k++)
                    found = fmpq_equal(row + k, beta);
                perm[i] = i;
            }
            break;
        }
        fmpq *work = _fmpq_vec_init(n);
        found = match_rows(perm, inst, alpha, beta, work);
        _fmpq_vec_clear(work, n);
        target_row(row, inst, 0);
    }
    _fmpq_vec_clear(row, n);
    fmpq_clear(beta);
    return found;
}

int pc_exchangeable_find_relabelling(slong *perm, fmpq_t alpha, const pc_instance_t *inst)
{
    slong n = inst->tokens;
    if (inst->contexts != n || n < 2 || inst->form == PC_TARGETS_EXCHANGEABLE)
        return 0;
    if (inst->form == PC_TARGETS_ONEHOT) {
        /* P[i][k] = 1 iff k = t_i: alpha = 1, beta = 0, pi = t if t is a permutation */
        char *used = calloc((size_t) n, 1);
        int ok = 1;
        for (slong i = 0; i < n && ok; i++) {
            ok = !used[inst->onehot[i]];
            used[inst->onehot[i]] = 1;
            perm[i] = inst->onehot[i];
        }
        free(used);
        fmpq_one(alpha);
        return ok;
    }
    if (inst->form == PC_TARGETS_CIRCULANT || inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        /* P[i][k] = q[k - i] (mod n, or in the group): q has alpha at m0 and beta elsewhere,
           pi(i) = i + m0 */
        pc_abelian_t G;
        if (inst->form == PC_TARGETS_CIRCULANT) pc_abelian_set_cyclic(&G, n);
        else G = inst->group;
        for (slong m0 = 0; m0 < n; m0++) {
            if (!others_equal(inst->circulant, n, m0)) continue;
            fmpq_set(alpha, inst->circulant + m0);
            for (slong i = 0; i < n; i++)
                perm[i] = pc_abelian_add(&G, i, m0);
            return 1;
        }
        return 0;
    }
    if ((double) n * (double) n > (double) PC_MAX_DENSE_ENTRIES)
        return 0;
    return find_by_rows(perm, alpha, inst);
}

pc_status_t pc_exchangeable_certify_relabelled(pc_cert_t *cert, const pc_instance_t *inst,
                                               slong *perm, const fmpq_t alpha, slong digits,
                                               pc_msg_t *msg)
{
    /* the relabelled instance alpha I + beta (J - I): same sizes, budgets and d */
    pc_instance_t relabelled;
    pc_instance_init(&relabelled);
    relabelled.tokens = inst->tokens;
    relabelled.contexts = inst->contexts;
    relabelled.dim = inst->dim;
    relabelled.dim_given = inst->dim_given;
    fmpq_set(relabelled.E_W, inst->E_W);
    fmpq_set(relabelled.E_H, inst->E_H);
    relabelled.form = PC_TARGETS_EXCHANGEABLE;
    fmpq_set(relabelled.alpha, alpha);
    pc_status_t st = pc_exchangeable_certify(cert, &relabelled, digits, msg);
    pc_instance_clear(&relabelled);
    cert->n = inst->tokens;
    cert->context_permutation = perm;
    return st;
}
