/* Instances of the layer-peeled program (SPEC 1, 8).
 *
 * Structured target forms stay structured: a circulant is its first row, an
 * exchangeable matrix its diagonal value, one-hot targets a list of token
 * indices. A dense N x V matrix exists only for the dense form; other code
 * reads entries through pc_instance_target. All numbers are exact (fmpq). */
#ifndef PEELCERT_INSTANCE_H
#define PEELCERT_INSTANCE_H

#include <flint.h>
#include <fmpq.h>
#include <jansson.h>
#include "peelcert/status.h"
#include "peelcert/abelian.h"

/* Documented size limits (README, "Limits"). */
#define PC_MAX_SIZE 1000000000L         /* tokens, contexts, dim */
#define PC_MAX_LISTED 10000000L         /* entries of a circulant row or one-hot list */
#define PC_MAX_DENSE_ENTRIES 4000000L   /* N * V for dense targets */
#define PC_MAX_NUMBER_DIGITS 10000      /* characters in one rational */
#define PC_MAX_SPARSE_ENTRIES 10000000L /* listed [token, p] pairs of sparse targets, all rows */

typedef enum {
    PC_TARGETS_DENSE = 0,
    PC_TARGETS_CIRCULANT = 1,
    PC_TARGETS_EXCHANGEABLE = 2,
    PC_TARGETS_ONEHOT = 3,
    PC_TARGETS_SPARSE = 4,
    PC_TARGETS_GROUP_CIRCULANT = 5
} pc_targets_form_t;

typedef struct {
    char *name;                 /* NULL when absent */
    slong tokens;               /* V */
    slong contexts;             /* N */
    slong dim;                  /* d (default min(V-1, N), at least 1) */
    int dim_given;              /* 1 if the file gave "dim" */
    fmpq_t E_W, E_H;            /* budgets, > 0 */
    pc_targets_form_t form;
    fmpq *dense;                /* DENSE: N*V entries, row-major P[i*V + k] */
    fmpq *circulant;            /* CIRCULANT: q[0..n-1], P[i][k] = q[(k-i) mod n];
                                   GROUP_CIRCULANT: q on the group, P[i][k] = q[k - i] in group */
    pc_abelian_t group;         /* GROUP_CIRCULANT: Z_n1 x ... x Z_nk, indices in mixed radix
                                   (last order fastest, SPEC 11); |group| = V = N */
    fmpq_t alpha;               /* EXCHANGEABLE: diagonal value */
    slong *onehot;              /* ONEHOT: t[0..N-1], P[i][t_i] = 1 */
    slong *sparse_start;        /* SPARSE: row i lists entries sparse_start[i] .. [i + 1] (N + 1) */
    slong *sparse_index;        /* SPARSE: token of each listed entry, increasing within a row */
    fmpq *sparse_value;         /* SPARSE: the entry, > 0; unlisted entries are 0 (SPEC 10) */
    slong num_generators;       /* symmetry: generator g acts on tokens and contexts together */
    slong **token_generators;   /* [g][k] = image of token k, 0-based */
    slong **context_generators; /* [g][i] = image of context i */
    char **token_names;         /* NULL or V names */
    char **context_names;       /* NULL or N names */
} pc_instance_t;

void pc_instance_init(pc_instance_t *inst);
void pc_instance_clear(pc_instance_t *inst);

/* Reads and validates an instance (SPEC 8). On PC_BAD_INPUT the message names
 * the field (as a JSON path such as "targets[3][2]"), the value and the reason.
 * Validation is exact: rows sum to exactly 1, entries >= 0, generators are
 * permutations and the targets are invariant under them. */
pc_status_t pc_instance_read_file(pc_instance_t *inst, const char *path, pc_msg_t *msg);
pc_status_t pc_instance_from_json(pc_instance_t *inst, json_t *root, pc_msg_t *msg);

/* Attaches symmetry generators (copied) to an instance that has none, validated exactly as the
 * reader validates a "symmetry" field: permutations, and the targets invariant under each
 * (P[tau(i)][sigma(k)] = P[i][k]). PC_BAD_INPUT with the message of the reader (inst unchanged)
 * if a generator fails or the instance already has a symmetry. */
pc_status_t pc_instance_set_symmetry(pc_instance_t *inst, const slong *const *token_gens,
                                     const slong *const *context_gens, slong num_generators,
                                     pc_msg_t *msg);

/* The canonical JSON form (lowest-terms rationals as strings, fixed key order):
 * deterministic, and read back by pc_instance_from_json to an equal instance. */
json_t *pc_instance_to_json(const pc_instance_t *inst);

/* P[i][k], exact. Sparse targets: a binary search in row i. */
void pc_instance_target(fmpq_t out, const pc_instance_t *inst, slong i, slong k);

/* a = V E_W and b = N E_H, exact. */
void pc_instance_budgets(fmpq_t a, fmpq_t b, const pc_instance_t *inst);

/* 1 if some P[i][k] == 0 (then the budget binds, SPEC 3). */
int pc_instance_has_zero_target(const pc_instance_t *inst);

/* 1 if P[i][k] = q[(k - i) mod n] for some q (exact); fills q (length V) when q != NULL. */
int pc_instance_is_circulant(const pc_instance_t *inst, fmpq *q);

/* Number of listed entries of sparse targets (0 for the other forms). */
slong pc_instance_sparse_entries(const pc_instance_t *inst);

/* Dense P as doubles (N*V, row-major), rounded to nearest; for the floating solver only.
 * Returns NULL when N*V exceeds PC_MAX_DENSE_ENTRIES. Caller frees. */
double *pc_instance_targets_double(const pc_instance_t *inst);

/* The same with another limit on N*V (NULL above max_entries or out of memory). */
double *pc_instance_targets_double_upto(const pc_instance_t *inst, slong max_entries);

#endif
