/* Exact token and context classes (classes.h, SPEC 10). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/classes.h"

/* The nonzero entries of P by rows and by columns: row i lists (row_index[m], row_value[m]) for
 * m in row_start[i] .. row_start[i + 1], tokens increasing; column k likewise, contexts
 * increasing. Values point into the instance (or at `one` for one-hot targets). */
typedef struct {
    slong nnz;
    slong *row_start, *row_index, *col_start, *col_index;
    const fmpq **row_value, **col_value;
    fmpq_t one;
} pattern_t;

static void pattern_clear(pattern_t *pt)
{
    free(pt->row_start); free(pt->row_index); free(pt->col_start); free(pt->col_index);
    free(pt->row_value); free(pt->col_value);
    fmpq_clear(pt->one);
}

/* Fills the rows from the instance (dense: nonzero entries; one-hot: P[i][t_i] = 1). */
static void pattern_rows(pattern_t *pt, const pc_instance_t *inst)
{
    slong V = inst->tokens, N = inst->contexts, nnz = 0;
    if (inst->form == PC_TARGETS_SPARSE)
        nnz = inst->sparse_start[N];
    else if (inst->form == PC_TARGETS_ONEHOT)
        nnz = N;
    else
        for (slong j = 0; j < N * V; j++)
            nnz += !fmpq_is_zero(inst->dense + j);
    pt->nnz = nnz;
    pt->row_start = malloc(sizeof(slong) * (size_t) (N + 1));
    pt->row_index = malloc(sizeof(slong) * (size_t) (nnz + 1));
    pt->row_value = malloc(sizeof(fmpq *) * (size_t) (nnz + 1));
    slong m = 0;
    for (slong i = 0; i < N; i++) {
        pt->row_start[i] = m;
        if (inst->form == PC_TARGETS_SPARSE) {
            for (slong e = inst->sparse_start[i]; e < inst->sparse_start[i + 1]; e++, m++) {
                pt->row_index[m] = inst->sparse_index[e];
                pt->row_value[m] = inst->sparse_value + e;
            }
        } else if (inst->form == PC_TARGETS_ONEHOT) {
            pt->row_index[m] = inst->onehot[i];
            pt->row_value[m++] = pt->one;
        } else {
            for (slong k = 0; k < V; k++)
                if (!fmpq_is_zero(inst->dense + i * V + k)) {
                    pt->row_index[m] = k;
                    pt->row_value[m++] = inst->dense + i * V + k;
                }
        }
    }
    pt->row_start[N] = m;
}

/* The columns, by a counting sort of the rows (stable: contexts increase within a column). */
static void pattern_columns(pattern_t *pt, slong V, slong N)
{
    pt->col_start = calloc((size_t) (V + 1), sizeof(slong));
    pt->col_index = malloc(sizeof(slong) * (size_t) (pt->nnz + 1));
    pt->col_value = malloc(sizeof(fmpq *) * (size_t) (pt->nnz + 1));
    for (slong m = 0; m < pt->nnz; m++)
        pt->col_start[pt->row_index[m] + 1]++;
    for (slong k = 0; k < V; k++)
        pt->col_start[k + 1] += pt->col_start[k];
    slong *fill = malloc(sizeof(slong) * (size_t) (V + 1));
    memcpy(fill, pt->col_start, sizeof(slong) * (size_t) (V + 1));
    for (slong i = 0; i < N; i++)
        for (slong m = pt->row_start[i]; m < pt->row_start[i + 1]; m++) {
            slong at = fill[pt->row_index[m]]++;
            pt->col_index[at] = i;
            pt->col_value[at] = pt->row_value[m];
        }
    free(fill);
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* A hash of the list (index[m], value[m]) for m in [lo, hi): equal lists, equal hashes. */
static uint64_t list_hash(const slong *index, const fmpq *const *value, slong lo, slong hi)
{
    const ulong prime = 18446744073709551557UL;   /* 2^64 - 59 */
    uint64_t h = mix64((uint64_t) (hi - lo) + 0x9e3779b97f4a7c15ULL);
    for (slong m = lo; m < hi; m++) {
        uint64_t num = fmpz_fdiv_ui(fmpq_numref(value[m]), prime);
        uint64_t den = fmpz_fdiv_ui(fmpq_denref(value[m]), prime);
        h = mix64(h ^ mix64((uint64_t) index[m] * 0x9e3779b97f4a7c15ULL ^ num ^ mix64(den)));
    }
    return h;
}

static int lists_equal(const slong *start, const slong *index, const fmpq *const *value,
                       slong x, slong y)
{
    slong lx = start[x + 1] - start[x];
    if (lx != start[y + 1] - start[y])
        return 0;
    for (slong m = 0; m < lx; m++)
        if (index[start[x] + m] != index[start[y] + m]
            || !fmpq_equal(value[start[x] + m], value[start[y] + m]))
            return 0;
    return 1;
}

typedef struct { uint64_t hash; slong item; } keyed_t;

static int keyed_cmp(const void *p, const void *q)
{
    const keyed_t *a = p, *b = q;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return (a->item > b->item) - (a->item < b->item);
}

/* Canonical classes of n lists (classes.h numbering): cls[x] for x < n; returns their number.
 * Sorting by (hash, index) puts equal lists in one run, members increasing; within a run,
 * exact comparison with the first member of each group splits the (rare) collisions. */
static slong list_classes(slong *cls, const slong *start, const slong *index,
                          const fmpq *const *value, slong n)
{
    keyed_t *key = malloc(sizeof(keyed_t) * (size_t) (n + 1));
    slong *leader = malloc(sizeof(slong) * (size_t) (n + 1));   /* group -> first member */
    for (slong x = 0; x < n; x++) {
        key[x].hash = list_hash(index, value, start[x], start[x + 1]);
        key[x].item = x;
    }
    qsort(key, (size_t) n, sizeof(keyed_t), keyed_cmp);
    for (slong lo = 0, hi; lo < n; lo = hi) {
        for (hi = lo; hi < n && key[hi].hash == key[lo].hash; hi++) {}
        slong groups = 0;
        for (slong j = lo; j < hi; j++) {
            slong x = key[j].item, g = 0;
            while (g < groups && !lists_equal(start, index, value, leader[lo + g], x)) g++;
            if (g == groups) leader[lo + groups++] = x;
            cls[x] = leader[lo + g];          /* provisional: the first member */
        }
    }
    slong count = 0;                          /* canonical numbers by first member */
    for (slong x = 0; x < n; x++)
        leader[x] = -1;
    for (slong x = 0; x < n; x++) {
        slong first = cls[x];
        if (leader[first] < 0) leader[first] = count++;
        cls[x] = leader[first];
    }
    free(key);
    free(leader);
    return count;
}

void pc_classes_init(pc_classes_t *cls)
{
    memset(cls, 0, sizeof *cls);
}

void pc_classes_clear(pc_classes_t *cls)
{
    free(cls->token_class); free(cls->context_class); free(cls->token_size);
    free(cls->context_size); free(cls->token_rep); free(cls->context_rep);
    memset(cls, 0, sizeof *cls);
}

/* sizes and representatives from a class map */
static void class_sizes(slong **size, slong **rep, const slong *cls, slong n, slong count)
{
    *size = calloc((size_t) (count + 1), sizeof(slong));
    *rep = malloc(sizeof(slong) * (size_t) (count + 1));
    for (slong x = n - 1; x >= 0; x--) {
        (*size)[cls[x]]++;
        (*rep)[cls[x]] = x;
    }
}

pc_status_t pc_classes_find(pc_classes_t *cls, const pc_instance_t *inst, pc_msg_t *msg)
{
    pc_classes_clear(cls);
    if (inst->form != PC_TARGETS_DENSE && inst->form != PC_TARGETS_ONEHOT
        && inst->form != PC_TARGETS_SPARSE)
        return pc_fail(msg, PC_BAD_INPUT, "classes: only dense, one-hot and sparse targets are "
                       "reduced (circulant and exchangeable forms have their own paths)");
    slong V = inst->tokens, N = inst->contexts;
    pattern_t pt;
    memset(&pt, 0, sizeof pt);
    fmpq_init(pt.one);
    fmpq_one(pt.one);
    pattern_rows(&pt, inst);
    pattern_columns(&pt, V, N);
    cls->V = V;
    cls->N = N;
    cls->token_class = malloc(sizeof(slong) * (size_t) V);
    cls->context_class = malloc(sizeof(slong) * (size_t) N);
    cls->u = list_classes(cls->token_class, pt.col_start, pt.col_index, pt.col_value, V);
    cls->v = list_classes(cls->context_class, pt.row_start, pt.row_index, pt.row_value, N);
    class_sizes(&cls->token_size, &cls->token_rep, cls->token_class, V, cls->u);
    class_sizes(&cls->context_size, &cls->context_rep, cls->context_class, N, cls->v);
    pattern_clear(&pt);
    return PC_OK;
}

int pc_classes_reduce(const pc_classes_t *cls)
{
    return cls->u * cls->v < cls->V * cls->N;
}

void pc_classes_block_targets(fmpq *Pr, const pc_classes_t *cls, const pc_instance_t *inst)
{
    slong u = cls->u, V = inst->tokens;
    for (slong b = 0; b < cls->v; b++) {
        slong i = cls->context_rep[b];
        fmpq *row = Pr + b * u;
        for (slong a = 0; a < u; a++)
            fmpq_zero(row + a);
        if (inst->form == PC_TARGETS_SPARSE) {
            for (slong e = inst->sparse_start[i]; e < inst->sparse_start[i + 1]; e++)
                fmpq_set(row + cls->token_class[inst->sparse_index[e]], inst->sparse_value + e);
        } else if (inst->form == PC_TARGETS_ONEHOT) {
            fmpq_one(row + cls->token_class[inst->onehot[i]]);
        } else {
            for (slong a = 0; a < u; a++)
                fmpq_set(row + a, inst->dense + i * V + cls->token_rep[a]);
        }
    }
}

/* Row i is a point mass: its single nonzero entry is 1. */
static int row_is_point_mass(const pc_instance_t *inst, slong i)
{
    if (inst->form == PC_TARGETS_ONEHOT)
        return 1;
    if (inst->form == PC_TARGETS_SPARSE)
        return inst->sparse_start[i + 1] - inst->sparse_start[i] == 1;   /* rows sum to 1 */
    slong nonzero = 0;
    for (slong k = 0; k < inst->tokens; k++)
        nonzero += !fmpq_is_zero(inst->dense + i * inst->tokens + k);
    return nonzero == 1;
}

int pc_classes_onehot_symmetric(slong *m, slong *k, const pc_classes_t *cls,
                                const pc_instance_t *inst)
{
    if (cls->v < 1 || cls->N != inst->contexts)
        return 0;
    for (slong b = 0; b < cls->v; b++)
        if (cls->context_size[b] != cls->context_size[0])
            return 0;
    for (slong b = 0; b < cls->v; b++)
        if (!row_is_point_mass(inst, cls->context_rep[b]))
            return 0;
    /* distinct point-mass rows target distinct tokens, each a singleton class (its column is the
     * indicator of one context class); the other tokens have zero columns: one class */
    *m = cls->context_size[0];
    *k = inst->tokens - cls->v;
    return cls->u == cls->v + (*k > 0);
}

static int compare_slong(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    return (a > b) - (a < b);
}

int pc_classes_onehot_sizes(pc_classes_sizes_info_t *info, const pc_classes_t *cls,
                            const pc_instance_t *inst)
{
    memset(info, 0, sizeof *info);
    if (cls->v < 1 || cls->N != inst->contexts)
        return 0;
    for (slong b = 0; b < cls->v; b++)
        if (!row_is_point_mass(inst, cls->context_rep[b]))
            return 0;
    slong u0 = inst->tokens - cls->v;
    if (cls->u != cls->v + (u0 > 0))   /* cannot happen for point-mass rows (see above) */
        return 0;
    slong *sorted = flint_malloc(sizeof(slong) * (size_t) cls->v);
    memcpy(sorted, cls->context_size, sizeof(slong) * (size_t) cls->v);
    qsort(sorted, (size_t) cls->v, sizeof(slong), compare_slong);
    info->n = flint_malloc(sizeof(slong) * (size_t) cls->v);
    info->m = flint_malloc(sizeof(slong) * (size_t) cls->v);
    for (slong b = 0; b < cls->v; b++) {
        if (b == 0 || sorted[b] != sorted[b - 1]) {
            info->m[info->S] = sorted[b];
            info->n[info->S++] = 0;
        }
        info->n[info->S - 1]++;
    }
    info->u0 = u0;
    flint_free(sorted);
    return 1;
}

void pc_classes_sizes_info_clear(pc_classes_sizes_info_t *info)
{
    flint_free(info->n);
    flint_free(info->m);
    memset(info, 0, sizeof *info);
}
