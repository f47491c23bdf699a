/* Token and context classes (SPEC 10): tokens with identical target columns P[:, k], contexts
 * with identical rows P[i, :], found exactly.
 *
 * Classes are numbered canonically: class 0 holds token 0 (context 0), and a new class number
 * is given to each token (context) whose column (row) differs from those of every smaller index,
 * in increasing order of its first member. The independent checker recomputes exactly this
 * numbering from the instance (certificates/FORMAT.md, kind classes).
 *
 * Cost: O(nnz log nnz) for nnz listed (nonzero) entries, plus O(V + N); dense V x N targets are
 * never built for one-hot or sparse instances. Equality is exact (fmpq_equal); a 64-bit hash
 * only orders the candidates, a collision costs time, never a wrong class. */
#ifndef PEELCERT_CLASSES_H
#define PEELCERT_CLASSES_H

#include <flint.h>
#include <fmpq.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

typedef struct {
    slong V, N;           /* tokens, contexts of the instance */
    slong u, v;           /* number of token classes, context classes */
    slong *token_class;   /* [V] canonical class of token k */
    slong *context_class; /* [N] canonical class of context i */
    slong *token_size;    /* [u] t_a */
    slong *context_size;  /* [v] c_b */
    slong *token_rep;     /* [u] smallest token of class a */
    slong *context_rep;   /* [v] smallest context of class b */
} pc_classes_t;

void pc_classes_init(pc_classes_t *cls);
void pc_classes_clear(pc_classes_t *cls);

/* Finds the classes of inst (dense, one-hot or sparse targets). PC_OK and cls filled;
 * PC_BAD_INPUT for the circulant and exchangeable forms (their own paths apply; cls empty). */
pc_status_t pc_classes_find(pc_classes_t *cls, const pc_instance_t *inst, pc_msg_t *msg);

/* 1 if the reduction shrinks the problem: u v < V N. */
int pc_classes_reduce(const pc_classes_t *cls);

/* Pr (v x u, row-major, initialised fmpq entries): Pr[b u + a] = p(b, a), the common value of
 * P on the block C_b x T_a (exact). Cost O(v u + nnz of the representative rows). */
void pc_classes_block_targets(fmpq *Pr, const pc_classes_t *cls, const pc_instance_t *inst);

/* 1 if the instance is one-hot in every row (any target form) and every context class has the
 * same size: then the targeted tokens are singleton classes, one per context class, and the
 * k = V - v untargeted tokens (if any) form the last class; *m = the common context class size,
 * *k = V - v. The symmetric reduction of docs/classes.md applies. 0 otherwise. */
int pc_classes_onehot_symmetric(slong *m, slong *k, const pc_classes_t *cls,
                                const pc_instance_t *inst);

/* The size structure of one-hot targets (docs/classes.md "Several sizes"): the context classes
 * grouped by their size. Size class s = 0..S-1 has n[s] context classes of m[s] contexts each
 * (m strictly increasing), each targeting its own token; u0 = V - v tokens are untargeted. */
typedef struct {
    slong S, u0;
    slong *n, *m;     /* [S] */
} pc_classes_sizes_info_t;

/* 1 if every row of inst is a point mass: info filled (free with pc_classes_sizes_info_clear).
 * 0 otherwise (info empty). Cost O(V + N) after pc_classes_find. */
int pc_classes_onehot_sizes(pc_classes_sizes_info_t *info, const pc_classes_t *cls,
                            const pc_instance_t *inst);
void pc_classes_sizes_info_clear(pc_classes_sizes_info_t *info);

#endif
