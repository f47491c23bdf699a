/* Instance storage and exact queries (instance.h). */
#include <stdlib.h>
#include <string.h>
#include "peelcert/instance.h"

void pc_instance_init(pc_instance_t *inst)
{
    memset(inst, 0, sizeof *inst);
    fmpq_init(inst->E_W);
    fmpq_init(inst->E_H);
    fmpq_init(inst->alpha);
}

static void free_generators(slong **gens, slong count)
{
    if (gens == NULL) return;
    for (slong g = 0; g < count; g++)
        free(gens[g]);
    free(gens);
}

static void free_names(char **names, slong count)
{
    if (names == NULL) return;
    for (slong k = 0; k < count; k++)
        free(names[k]);
    free(names);
}

void pc_instance_clear(pc_instance_t *inst)
{
    free(inst->name);
    if (inst->dense != NULL) _fmpq_vec_clear(inst->dense, inst->contexts * inst->tokens);
    if (inst->circulant != NULL) _fmpq_vec_clear(inst->circulant, inst->tokens);
    free(inst->onehot);
    if (inst->sparse_value != NULL) _fmpq_vec_clear(inst->sparse_value, pc_instance_sparse_entries(inst));
    free(inst->sparse_start);
    free(inst->sparse_index);
    free_generators(inst->token_generators, inst->num_generators);
    free_generators(inst->context_generators, inst->num_generators);
    free_names(inst->token_names, inst->tokens);
    free_names(inst->context_names, inst->contexts);
    fmpq_clear(inst->E_W);
    fmpq_clear(inst->E_H);
    fmpq_clear(inst->alpha);
    memset(inst, 0, sizeof *inst);
}

slong pc_instance_sparse_entries(const pc_instance_t *inst)
{
    if (inst->form != PC_TARGETS_SPARSE || inst->sparse_start == NULL) return 0;
    return inst->sparse_start[inst->contexts];
}

/* Position of token k in sparse row i, or -1 when it is not listed (binary search). */
static slong sparse_find(const pc_instance_t *inst, slong i, slong k)
{
    slong lo = inst->sparse_start[i], hi = inst->sparse_start[i + 1];
    while (lo < hi) {
        slong mid = lo + (hi - lo) / 2;
        if (inst->sparse_index[mid] < k) lo = mid + 1;
        else hi = mid;
    }
    return lo < inst->sparse_start[i + 1] && inst->sparse_index[lo] == k ? lo : -1;
}

void pc_instance_target(fmpq_t out, const pc_instance_t *inst, slong i, slong k)
{
    slong V = inst->tokens;
    switch (inst->form) {
    case PC_TARGETS_DENSE:
        fmpq_set(out, inst->dense + i * V + k);
        break;
    case PC_TARGETS_CIRCULANT:
        fmpq_set(out, inst->circulant + ((k - i) % V + V) % V);
        break;
    case PC_TARGETS_GROUP_CIRCULANT:
        fmpq_set(out, inst->circulant + pc_abelian_sub(&inst->group, k, i));
        break;
    case PC_TARGETS_EXCHANGEABLE:
        if (i == k) {
            fmpq_set(out, inst->alpha);
        } else {                         /* beta = (1 - alpha) / (n - 1) */
            fmpq_one(out);
            fmpq_sub(out, out, inst->alpha);
            fmpq_div_fmpz(out, out, (fmpz_t){V - 1});
        }
        break;
    case PC_TARGETS_ONEHOT:
        if (inst->onehot[i] == k) fmpq_one(out);
        else fmpq_zero(out);
        break;
    case PC_TARGETS_SPARSE: {
        slong m = sparse_find(inst, i, k);
        if (m >= 0) fmpq_set(out, inst->sparse_value + m);
        else fmpq_zero(out);
        break;
    }
    }
}

void pc_instance_budgets(fmpq_t a, fmpq_t b, const pc_instance_t *inst)
{
    fmpq_mul_si(a, inst->E_W, inst->tokens);
    fmpq_mul_si(b, inst->E_H, inst->contexts);
}

/* 1 if some entry of the length-n vector is zero. */
static int vector_has_zero(const fmpq *v, slong n)
{
    for (slong m = 0; m < n; m++)
        if (fmpq_is_zero(v + m)) return 1;
    return 0;
}

int pc_instance_has_zero_target(const pc_instance_t *inst)
{
    switch (inst->form) {
    case PC_TARGETS_DENSE:
        return vector_has_zero(inst->dense, inst->tokens * inst->contexts);
    case PC_TARGETS_CIRCULANT:
    case PC_TARGETS_GROUP_CIRCULANT:
        return vector_has_zero(inst->circulant, inst->tokens);
    case PC_TARGETS_EXCHANGEABLE: {
        fmpq_t one;
        fmpq_init(one);
        fmpq_one(one);
        int zero = fmpq_is_zero(inst->alpha) || (fmpq_equal(inst->alpha, one) && inst->tokens >= 2);
        fmpq_clear(one);
        return zero;
    }
    case PC_TARGETS_ONEHOT:
        return inst->tokens >= 2;
    case PC_TARGETS_SPARSE:          /* listed entries are > 0: a zero is an unlisted token */
        for (slong i = 0; i < inst->contexts; i++)
            if (inst->sparse_start[i + 1] - inst->sparse_start[i] < inst->tokens) return 1;
        return 0;
    }
    return 0;
}

/* The group of group_circulant targets has at most one factor of order > 1. */
static int group_is_cyclic(const pc_instance_t *inst)
{
    pc_abelian_t T;
    pc_abelian_trim(&T, &inst->group);
    return pc_abelian_is_cyclic(&T);
}

int pc_instance_is_circulant(const pc_instance_t *inst, fmpq *q)
{
    slong n = inst->tokens;
    if (inst->contexts != n) return 0;
    if (inst->form == PC_TARGETS_ONEHOT && n > PC_MAX_LISTED) return 0;
    if (inst->form == PC_TARGETS_EXCHANGEABLE && n > PC_MAX_LISTED) return 0;
    int circulant = 1;
    fmpq_t x, y;
    fmpq_init(x);
    fmpq_init(y);
    if (inst->form == PC_TARGETS_ONEHOT) {         /* circulant iff t_i = t_0 + i (mod n) */
        for (slong i = 1; i < n && circulant; i++)
            circulant = inst->onehot[i] == (inst->onehot[0] + i) % n;
    } else if (inst->form == PC_TARGETS_SPARSE) {  /* row i is row 0 shifted by i */
        slong count = inst->sparse_start[1] - inst->sparse_start[0];
        for (slong i = 1; i < n && circulant; i++) {
            circulant = inst->sparse_start[i + 1] - inst->sparse_start[i] == count;
            for (slong m = inst->sparse_start[i]; m < inst->sparse_start[i + 1] && circulant; m++) {
                pc_instance_target(y, inst, 0, ((inst->sparse_index[m] - i) % n + n) % n);
                circulant = fmpq_equal(inst->sparse_value + m, y);
            }
        }
    } else if (inst->form == PC_TARGETS_GROUP_CIRCULANT && group_is_cyclic(inst)) {
        /* one factor of order > 1: the flat indices are those of Z_n, circulant as given */
    } else if (inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        /* q[k - i] (group) = q[(k - i) mod n] for all i, k; constant q is circulant at once */
        for (slong m = 1; m < n && circulant; m++)
            circulant = fmpq_equal(inst->circulant + m, inst->circulant);
        if (!circulant) {
            circulant = 1;
            for (slong i = 1; i < n && circulant; i++)
                for (slong k = 0; k < n && circulant; k++)
                    circulant = fmpq_equal(inst->circulant + pc_abelian_sub(&inst->group, k, i),
                                           inst->circulant + ((k - i) % n + n) % n);
        }
    } else if (inst->form == PC_TARGETS_DENSE) {
        for (slong i = 1; i < n && circulant; i++)
            for (slong k = 0; k < n && circulant; k++) {
                pc_instance_target(x, inst, i, k);
                pc_instance_target(y, inst, 0, ((k - i) % n + n) % n);
                circulant = fmpq_equal(x, y);
            }
    }
    if (circulant && q != NULL)
        for (slong k = 0; k < n; k++)
            pc_instance_target(q + k, inst, 0, k);
    fmpq_clear(x);
    fmpq_clear(y);
    return circulant;
}

double *pc_instance_targets_double(const pc_instance_t *inst)
{
    return pc_instance_targets_double_upto(inst, PC_MAX_DENSE_ENTRIES);
}

double *pc_instance_targets_double_upto(const pc_instance_t *inst, slong max_entries)
{
    slong N = inst->contexts, V = inst->tokens;
    if (V > max_entries / N) return NULL;
    double *P = malloc((size_t) (N * V) * sizeof *P);
    if (P == NULL) return NULL;
    if (inst->form == PC_TARGETS_SPARSE) {      /* scatter the listed entries */
        for (slong m = 0; m < N * V; m++) P[m] = 0.0;
        for (slong i = 0; i < N; i++)
            for (slong m = inst->sparse_start[i]; m < inst->sparse_start[i + 1]; m++)
                P[i * V + inst->sparse_index[m]] = fmpq_get_d(inst->sparse_value + m);
        return P;
    }
    fmpq_t x;
    fmpq_init(x);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++) {
            pc_instance_target(x, inst, i, k);
            P[i * V + k] = fmpq_get_d(x);
        }
    fmpq_clear(x);
    return P;
}
