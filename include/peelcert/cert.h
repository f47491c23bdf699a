/* Certificates (certificates/FORMAT.md): the exact primal and dual points of one
 * path, the enclosures proved from them, and the deterministic writer.
 *
 * A pc_cert_t holds exact data (fmpq) and the ball enclosures that the verify
 * module proved from that data. The writer turns enclosures into outward-rounded
 * decimal claims, so every written claim is implied by a proved enclosure. */
#ifndef PEELCERT_CERT_H
#define PEELCERT_CERT_H

#include <flint.h>
#include <fmpq.h>
#include <fmpq_mat.h>
#include <arb.h>
#include <jansson.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/lowdim.h"
#include "peelcert/classes.h"

typedef enum { PC_CERT_DENSE, PC_CERT_CIRCULANT, PC_CERT_EXCHANGEABLE, PC_CERT_GROUP,
               PC_CERT_CLASSES, PC_CERT_LOWRANK } pc_cert_kind_t;
typedef enum { PC_REGIME_UNDETERMINED, PC_REGIME_BINDING, PC_REGIME_INTERIOR } pc_regime_t;
typedef enum { PC_STRUCTURE_NONE, PC_STRUCTURE_CIRCULANT, PC_STRUCTURE_SIMPLEX_ETF,
               PC_STRUCTURE_GROUP_INVARIANT } pc_structure_t;

/* Kind classes, symmetric one-hot form (docs/classes.md, FORMAT.md): v context classes of
 * size m, each targeting its own token, k untargeted tokens; Z takes the values x (target),
 * y (another targeted token), w (untargeted), and Q the values q_target, q_other, q_untargeted. */
typedef struct {
    slong m, k;
    fmpq_t x, y, w;
    fmpq_t q_target, q_other, q_untargeted;
} pc_classes_symmetric_t;

/* Kind classes, one-hot form with several sizes (reduction "onehot-sizes", docs/classes.md,
 * FORMAT.md): the size structure info (S size classes, G = S + (u0 > 0) token groups); the
 * primal is d[s] = x_s - y_ss and the block means Mbar = A B (A: G x r, B: r x S); the dual is
 * q_own[t], q[s][t] (token of size class s, not the target, context of size class t) and
 * q_un[t] (untargeted token, context of size class t). */
typedef struct {
    pc_classes_sizes_info_t info;
    slong G;
    fmpq *d;                 /* [S] */
    fmpq_mat_t A, B;         /* G x r, r x S */
    fmpq *q_own, *q_un;      /* [S] */
    fmpq_mat_t q;            /* S x S */
} pc_classes_sizes_t;

typedef struct {
    pc_cert_kind_t kind;
    /* kind dense; kind classes (SPEC 10, FORMAT.md): W = A (u x r), H = B (r x v) the block
     * factors of Z = E_T A B E_C^T, Q (v x u) the block dual, with the classes below */
    fmpq_mat_t W, H, Q;          /* V x d, d x N, N x V */
    pc_classes_t *classes;       /* kind classes: owned (freed by pc_cert_clear); else NULL */
    pc_classes_symmetric_t *symmetric; /* kind classes, symmetric one-hot form: owned; else NULL
                                    (then W, H, Q hold the block form) */
    pc_classes_sizes_t *sizes;   /* kind classes, several sizes: owned; else NULL */
    fmpq_t opnorm_bound;         /* s with ||Q - P||_op <= s proved */
    int opnorm_binary64;         /* kind dense: s was proved in binary64 (SPEC 15), not by balls */
    int has_kkt;
    fmpq_t lambda_W, lambda_H;   /* multipliers of the factored problem, >= 0 */
    arb_t residual_W, residual_H;/* enclosures of the KKT residual norms (SPEC 6) */
    /* kind circulant */
    slong n;
    fmpq *c, *r;                 /* first column of Z, first row of Q (length n) */
    pc_abelian_t group;          /* the group they are indexed by (SPEC 11): Z_n (k = 1, the
                                    default; "orders" not written) or Z_n1 x ... x Z_nk, with
                                    Z[k][i] = c[k - i], Q[i][k] = r[k - i] in the group */
    /* kind exchangeable */
    fmpq_t x, r_diag;            /* Z = x (I - J/n); Q = r I + (1-r)/(n-1) (J - I) */
    int has_gram;
    fmpq_t gram_W, gram_H;       /* W W^T = gram_W (I - J/n), H^T H = gram_H (I - J/n) */
    slong *context_permutation;  /* kind exchangeable, targets exchangeable after relabelling the
                                    contexts (issue 8 item 4): NULL, or pi (n entries) with
                                    P[i][k] = alpha iff k = pi(i); then Z[k][i] = x (delta(k, pi(i))
                                    - 1/n) and Q[i][k] = r iff k = pi(i) (FORMAT.md) */
    /* kind group: one value per orbital (FORMAT.md numbering) */
    slong num_orbitals;
    fmpq *z_orb, *q_orb;         /* Z[k][i] = z_orb[orbital(k, i)], Q[i][k] = q_orb[orbital(k, i)] */
    slong num_characters;        /* kind group, commutant reduction: r token orbitals, else 0 */
    slong *commutant_generic;    /* ... and the generic element's t_j (r entries, owned), else NULL */
    /* kind lowrank (FORMAT.md, SPEC 15): binary64 factors taken as exact values, row-major as
     * written (W: V x lr_rank, H: lr_rank x N; owned, malloc); the dual is softmax(W H), not
     * stored; opnorm_bound holds the proved s (a binary64 value, exactly) */
    slong lr_rank;
    double *lr_W, *lr_H;
    /* proved enclosures */
    arb_t upper;                 /* encloses f(primal) >= val(C) */
    arb_t lower;                 /* encloses LB(dual) <= val(C) */
    pc_regime_t regime;          /* only a proved regime is other than UNDETERMINED */
    pc_structure_t structure;    /* only a proved structure is other than NONE */
    int upper_is_lp;             /* the primal factors with d columns: val(LP) <= upper too */
    slong places;                /* decimal places of the written claims */
    /* below the rank (SPEC 12, FORMAT.md "lp"): the factored (LP) point at d and its claims;
     * NULL unless d < rank(Z°); owned by the certificate (freed by pc_cert_clear) */
    pc_lowdim_result_t *lp;
} pc_cert_t;

void pc_cert_init(pc_cert_t *cert, pc_cert_kind_t kind);
void pc_cert_clear(pc_cert_t *cert);

/* sz takes over info (freed by pc_classes_sizes_clear); all entries 0, A, B with r columns/rows. */
void pc_classes_sizes_init(pc_classes_sizes_t *sz, const pc_classes_sizes_info_t *info, slong r);
void pc_classes_sizes_clear(pc_classes_sizes_t *sz);

/* Allocates the exact data of each kind (entries zero); circulant_alloc sets group = Z_n. */
void pc_cert_dense_alloc(pc_cert_t *cert, slong V, slong N, slong d);
void pc_cert_circulant_alloc(pc_cert_t *cert, slong n);
void pc_cert_group_alloc(pc_cert_t *cert, slong num_orbitals);

const char *pc_regime_name(pc_regime_t regime);
const char *pc_structure_name(pc_structure_t structure);

/* Claimed decimals: lower rounded down, upper rounded up from the enclosures. Caller frees. */
char *pc_cert_lower_text(const pc_cert_t *cert);
char *pc_cert_upper_text(const pc_cert_t *cert);

/* The certificate as JSON (FORMAT.md), deterministic. */
json_t *pc_cert_to_json(const pc_cert_t *cert, const pc_instance_t *inst);

/* The certificate file's bytes (pc_cert_to_json, indented, one final newline): exactly what
 * pc_cert_write writes. NULL only if out of memory. Caller frees. */
char *pc_cert_to_text(const pc_cert_t *cert, const pc_instance_t *inst);

/* Writes the certificate to path ("-" for stdout), deterministic bytes. */
pc_status_t pc_cert_write(const pc_cert_t *cert, const pc_instance_t *inst, const char *path,
                          pc_msg_t *msg);

#endif
