/* Types shared by the files of the independent checker (layout in check.h). */
#ifndef PEELCERT_CHECK_INTERNAL_H
#define PEELCERT_CHECK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include <fmpq.h>
#include <fmpq_mat.h>
#include <arb.h>
#include <arb_mat.h>
#include <acb.h>

#define PCC_MAX_SIZE 1000000000L        /* tokens, contexts, dim */
#define PCC_MAX_LIST 10000000L          /* circulant and one-hot lists */
#define PCC_MAX_SPARSE 10000000L        /* listed entries of sparse targets, all rows */
#define PCC_MAX_DENSE 4000000L          /* N x V of dense targets */
#define PCC_MAX_NUMBER_CHARS 10000      /* one number string */
#define PCC_MAX_TWO_TRANSITIVE 4096     /* V for the union-find on ordered token pairs */
#define PCC_MAX_BRUTE_CIRCULANT 4096    /* n for checking a non-affine symmetry of a circulant */
#define PCC_MAX_ORBITAL_PAIRS 16000000L  /* V N for the union-find on token-context pairs */
#define PCC_LOWRANK_MAX_ENTRIES 16000000L  /* V N of kind lowrank (FORMAT.md) */
#define PCC_LOWRANK_MAX_ORDER 8000L        /* min(V, N) of kind lowrank: the Cholesky order */

/* A failure to read: the message names the field (JSON path) and the offending value. */
typedef struct { char text[768]; } pcc_error_t;

int pcc_fail(pcc_error_t *err, const char *fmt, ...);   /* fills err, returns 1 */

/* ---- strict number readers (check_numbers.c); each returns 0 on success, 1 with err filled */
int pcc_parse_rational_text(fmpq_t out, const char *s, size_t len, int allow_fraction);
int pcc_json_rational(fmpq_t out, const json_t *v, const char *path, pcc_error_t *err);
int pcc_json_decimal(fmpq_t out, const json_t *v, const char *path, pcc_error_t *err);
int pcc_json_size(slong *out, const json_t *v, const char *path, slong lo, slong hi,
                  pcc_error_t *err);
int pcc_json_array(const json_t *v, const char *path, slong length, pcc_error_t *err);
int pcc_json_rational_vector(fmpq *out, const json_t *v, const char *path, slong length,
                             pcc_error_t *err);
/* A rows x cols array of arrays of exact rationals into M (re-initialised to that size): the
 * shape is checked before anything is allocated. */
int pcc_json_sized_rational_matrix(fmpq_mat_t M, const json_t *v, const char *path, slong rows,
                                   slong cols, pcc_error_t *err);
int pcc_json_rational_matrix(fmpq_mat_t out, const json_t *v, const char *path,
                             pcc_error_t *err);
const char *pcc_json_type_name(const json_t *v);
/* Every key of obj is one of the NULL-terminated list `known`; else 1 with err "PATH.KEY: unknown
 * WHAT" (what: "claim", "field", ...). */
int pcc_json_known_keys(const json_t *obj, const char *const *known, const char *path,
                        const char *what, pcc_error_t *err);
void pcc_fmpq_div_si(fmpq_t out, const fmpq_t x, slong m);   /* out = x / m, m != 0 */
/* 1 only if sum_m v[m] = c exactly; text (may be NULL) gets the sum. Balanced tree, no gcd on
 * large operands: O(M(S) log n) for S input bits. */
int pcc_fmpq_sum_is(const fmpq *v, slong n, slong c, char *text, size_t len);
void pcc_fmpq_sum_squares(fmpq_t out, const fmpq *v, slong n);   /* sum v^2 exactly */
void pcc_fmpq_mat_sum_squares(fmpq_t out, const fmpq_mat_t A);  /* ||A||_F^2 exactly */
void pcc_fmpq_text(char *buf, size_t len, const fmpq_t x);   /* exact if short, else ~approx */
void pcc_arb_text(char *buf, size_t len, const arb_t x);     /* "[mid +/- rad]" */

/* ---- finite abelian groups Z_n1 x ... x Z_nk, flat mixed-radix indices (check_abelian.c) */
#define PCC_MAX_FACTORS 32
typedef struct {
    slong k, orders[PCC_MAX_FACTORS], n;
} pcc_abelian_t;

/* ---- the instance (check_instance.c) */
typedef enum { PCC_DENSE, PCC_CIRCULANT, PCC_EXCHANGEABLE, PCC_ONEHOT, PCC_SPARSE,
               PCC_GROUP_CIRCULANT } pcc_form_t;

typedef struct {
    slong V, N, d;
    fmpq_t E_W, E_H, a, b;      /* a = V E_W, b = N E_H */
    pcc_form_t form;
    fmpq *P;                    /* dense: N x V, row-major */
    fmpq *q;                    /* circulant: first row, n entries; group_circulant: q on group */
    pcc_abelian_t group;          /* group_circulant: P[i][k] = q[k - i] in the group (SPEC 11) */
    fmpq_t alpha, beta;         /* exchangeable */
    slong *onehot;              /* one-hot: N indices */
    slong *sp_start, *sp_index; /* sparse: row i lists sp_start[i] .. sp_start[i + 1] (N + 1) */
    fmpq *sp_value;             /* sparse: listed entries (> 0), tokens increasing per row */
    int relabelled;             /* exchangeable after relabelling the contexts (alpha, beta set;
                                   claim context_permutation verified, check_relabel.c) */
    slong ngens;                /* symmetry generators: sigma on tokens, tau on contexts */
    slong *sigma, *tau;         /* ngens x V and ngens x N */
} pcc_instance_t;

void pcc_instance_init(pcc_instance_t *I);
void pcc_instance_clear(pcc_instance_t *I);
int pcc_instance_read(pcc_instance_t *I, const json_t *obj, const char *path, pcc_error_t *err);
void pcc_instance_entry(fmpq_t out, const pcc_instance_t *I, slong i, slong k);
int pcc_instance_has_zero(const pcc_instance_t *I);
int pcc_instance_is_circulant(const pcc_instance_t *I);
slong pcc_instance_nontrivial_generator(const pcc_instance_t *I);  /* first g != id, or -1 */
int pcc_instance_two_transitive(const pcc_instance_t *I, char *why, size_t len);
int pcc_instance_compare(const pcc_instance_t *A, const pcc_instance_t *B, char *msg, size_t len);
void pcc_rho(arb_t rho, const pcc_instance_t *I, slong prec);

slong pcc_abelian_sub(const pcc_abelian_t *G, slong x, slong y);   /* x - y in G */
slong pcc_abelian_neg(const pcc_abelian_t *G, slong x);            /* -x in G */
void pcc_abelian_cyclic(pcc_abelian_t *G, slong n);                /* G = Z_n */
int pcc_abelian_equal(const pcc_abelian_t *A, const pcc_abelian_t *B);
/* Reads orders (1..PCC_MAX_FACTORS integers >= 1 with product n); 0, or 1 with err. */
int pcc_abelian_read(pcc_abelian_t *G, const json_t *v, const char *path, slong n, pcc_error_t *err);
/* w_f = sum_m v_m conj(chi_f(m)), rigorous (pcc_fft for k = 1, acb_dft_prod); w, v not aliased. */
void pcc_abelian_dft(acb_ptr w, acb_srcptr v, const pcc_abelian_t *G, slong prec);
/* Encloses w_k = sum_j v_j exp(-2 pi i j k / n) for every k < n (acb_dft's convention), by a
 * mixed-radix ball FFT (check_fft.c; acb_dft for a prime factor > 31); w, v not aliased. */
void pcc_fft(acb_ptr w, acb_srcptr v, slong n, slong prec);
/* 1 iff V = N = |G| and P[i][k] = P[0][k - i] in G (exact); else 0 with why filled. */
int pcc_instance_is_group_circulant(const pcc_instance_t *I, const pcc_abelian_t *G, char *why,
                                    size_t len);

/* ---- the certificate (check_cert.c) */
typedef enum { PCC_KIND_DENSE, PCC_KIND_CIRCULANT, PCC_KIND_EXCHANGEABLE, PCC_KIND_GROUP,
               PCC_KIND_CLASSES, PCC_KIND_LOWRANK } pcc_kind_t;

typedef struct {
    pcc_instance_t inst;
    pcc_kind_t kind;
    char *lower_text, *upper_text;       /* the claimed decimals as written */
    fmpq_t lower, upper;
    int upper_is_lp;
    char regime[16], structure[24];
    int has_kkt, has_gram, has_gram_H;
    fmpq_t lambda_W, lambda_H, residual_W, residual_H, gram_W, gram_H;
    fmpq_mat_t W, H, Q;                  /* dense */
    fmpq_t s;                            /* dense opnorm_bound */
    fmpq *c, *r;                         /* circulant: n each */
    fmpq_t x, r1;                        /* exchangeable primal x and dual r */
    slong n;                             /* circulant / exchangeable size */
    pcc_abelian_t group;                   /* circulant: primal.orders, or Z_n when absent */
    slong *context_perm;                 /* exchangeable: NULL or pi (n entries), check_relabel.c */
    slong R;                             /* group: number of orbitals */
    fmpq *z, *qo;                        /* group: primal and dual, one number per orbital */
    uint32_t *orbital;                   /* group: orbital(k, i) at k N + i */
    slong *orbital_size;                 /* group: |o|, R entries */
    slong ncontext_orbits;               /* group: orbits of the group on contexts */
    slong *context_rep, *context_size;   /* group: first context of each orbit, its size */
    int commutant;                       /* group: primal.commutant_generic present (check_commutant.c) */
    slong tr;                            /* commutant: token orbitals r */
    slong *torbital, *tvalency, *trep_u, *trep_v, *generic; /* commutant: orbital of (u, v) at u V + v, n_j, first pairs, t_j */
    fmpz *pijl;                          /* commutant: p_ij^l at (l r + i) r + j */
    slong cu, cv, cr;                    /* classes: token classes, context classes, columns of A */
    slong *tclass, *cclass;              /* classes: the certificate's maps (V and N entries) */
    slong *tsize, *csize, *trep, *crep;  /* classes: sizes and first members from those maps */
    fmpq *Pr;                            /* classes: block targets P[crep_b][trep_a] (v x u) */
    int classes_verified;                /* classes: the maps are the recomputed canonical ones */
    int symmetric;                       /* classes: reduction "onehot-symmetric" (check_classes_sym.c) */
    int symmetric_verified;              /* ... and its conditions hold (one-hot rows, equal sizes) */
    slong sm, sk;                        /* symmetric: context class size, untargeted tokens */
    fmpq_t sx, sy, sw, qt, qother, qu;   /* symmetric: primal x, y, w; dual q_target, q_other, q_untargeted */
    int sizes;                           /* classes: reduction "onehot-sizes" (check_classes_sizes.c) */
    int sizes_verified;                  /* ... and the size structure is the instance's */
    slong zS, zG, zu0;                   /* sizes: size classes, token groups, untargeted tokens */
    slong *zn, *zm;                      /* sizes: [S] claimed n_s, m_s; A, B in W, H; q_other in Q */
    fmpq *zd, *zqo, *zqu;                /* sizes: [S] primal d, dual q_own, q_untargeted */
    slong lr_rank;                       /* lowrank: r */
    double *lr_W, *lr_H;                 /* lowrank: V x r and r x N, column-major, exact binary64 */
    struct pcc_lowrank_pass *lr_pass;    /* lowrank: the one pass over Z (check_float_lowrank.c) */
    int lr_opnorm_ok;                    /* lowrank: claim opnorm verified */
    /* set while checking */
    slong prec, prec_max;
    double max_bytes;                    /* --max-memory: no attempt estimated above it */
    int lower_verified;
    fmpq_t sum_W2, sum_H2;               /* exact squared Frobenius norms (dense) */
    arb_ptr c_abs, m_abs;                /* circulant: |c_hat_j|, |(r - q)_hat_j| at dft_prec */
    slong dft_prec;
    struct pcc_lp *lp;                   /* the optional "lp" block (check_lp.c), NULL if absent */
    struct pcc_opnorm *opnorm;           /* dense: what claim opnorm found once, or NULL */
    struct pcc_dense_keep *keep;         /* dense: Z^T and what claim upper found, shared by
                                            upper, kkt and regime (check_dense.c), or NULL */
} pcc_cert_t;

void pcc_cert_init(pcc_cert_t *C);
void pcc_cert_clear(pcc_cert_t *C);
/* check_lowrank.c: a rows x cols binary64 factor from strict base64 (FORMAT.md kind lowrank),
 * column-major in *out (malloc'd); 1 with err naming the field or entry when malformed. */
int pcc_lowrank_read_factor(double **out, const json_t *v, const char *path, slong rows,
                            slong cols, pcc_error_t *err);
/* Kind lowrank (FORMAT.md, check_lowrank.c): reader (sizes, rank, factors, rule, s; exact
 * budgets), claims (check_float_lowrank.c), memory estimate of the pass, release. */
int pcc_lowrank_read(pcc_cert_t *C, const json_t *primal, const json_t *dual, pcc_error_t *err);
double pcc_lowrank_memory(const pcc_cert_t *C);
void pcc_lowrank_clear(pcc_cert_t *C);
int pcc_cert_read(pcc_cert_t *C, const json_t *root, pcc_error_t *err);

/* ---- kind exchangeable with a context relabelling (check_relabel.c) */
int pcc_relabel_read(pcc_cert_t *C, const json_t *primal, pcc_error_t *err);

/* ---- the report of the claims */
#define PCC_MAX_CLAIMS 24
typedef struct {
    char name[24];
    int verified;
    char detail[640];
} pcc_claim_t;

typedef struct {
    pcc_claim_t claims[PCC_MAX_CLAIMS];
    int n;
} pcc_report_t;

/* Outcome of one attempt at a claim at some precision. */
/* PCC_STUCK: not decided, and the claim's own enclosures or its precision ceiling say that a
 * higher precision is not to be tried (FORMAT.md, "Bounded work"). */
enum { PCC_STUCK = -2, PCC_REJECTED = -1, PCC_UNDECIDED = 0, PCC_VERIFIED = 1 };
typedef int (*pcc_claim_fn)(pcc_cert_t *C, slong prec, char *detail, size_t len);

/* Claim context_permutation: P[i][k] = alpha iff k = pi(i), else beta (exact); sets
 * inst.alpha, inst.beta and inst.relabelled when verified. */
int pcc_claim_relabelling(pcc_cert_t *C, slong prec, char *detail, size_t len);

slong pcc_fmpq_bits(const fmpq_t x);                       /* numerator + denominator bits */
slong pcc_fmpq_vec_max_bits(const fmpq *v, slong n);
slong pcc_prec_ceiling(const pcc_cert_t *C, slong bits, slong size);   /* FORMAT.md "Bounded work" */
double pcc_claim_memory(const pcc_cert_t *C, const char *claim, slong prec);  /* check_memory.c */
/* check_arena.c: jansson's allocations in one arena while pcc_main reads (never the library) */
void pcc_arena_begin(void);
void pcc_arena_end(void);     /* restores jansson's allocator and releases every tree at once */
void pcc_json_release(json_t *tree);   /* json_decref, or nothing inside the arena */
/* check_textsame.c: a member's span in accepted JSON text; canonical JSON text (in place) */
int pcc_json_text_member(const char *t, size_t n, const char *key, size_t *start, size_t *end);
size_t pcc_json_text_canon(char *s, size_t n);
int pcc_json_text_canon_equals(const char *s, size_t n, const char *c, size_t m);
int pcc_report_add(pcc_report_t *R, const char *name, int verified, const char *fmt, ...);
int pcc_run_claim(pcc_report_t *R, pcc_cert_t *C, const char *name, pcc_claim_fn fn);
int pcc_prove_le(const arb_t x, const fmpq_t y, slong prec);   /* 1 x <= y, -1 x > y, 0 open */
int pcc_prove_ge(const arb_t x, const fmpq_t y, slong prec);   /* 1 x >= y, -1 x < y, 0 open */
int pcc_prove_lt(const arb_t x, const fmpq_t y, slong prec);   /* 1 x < y, -1 x >= y, 0 open */
void pcc_xlogx(arb_t out, const fmpq_t p, slong prec);          /* p log p, 0 log 0 = 0 */
void pcc_mean_entropy(arb_t out, const pcc_instance_t *I, slong prec);
void pcc_centered_log_row(arb_ptr out, const pcc_instance_t *I, slong i, slong prec); /* log p_i - mean, P > 0 */
void pcc_lse(arb_t out, arb_srcptr z, slong n, slong prec);      /* encloses log sum exp(z_k) */
/* Decides x <= claim (upper) or x >= claim (lower) and writes the detail (check.c). */
int pcc_claim_bound(const arb_t x, const fmpq_t claim, const char *claim_text, int upper,
                    const char *what, slong prec, char *detail, size_t len);

/* ---- two-way row parallelism (check_parallel.c): fn(ctx, 0, 0, n/2), then fn(ctx, 1, n/2, n),
 * the second on its own thread when `ns` (an estimate of the loop's nanoseconds on one core,
 * from the per-operation costs below) is worth one, the machine has two cores and
 * PEELCERT_CHECK_THREADS is not 1. The split never depends on these, so the results are
 * the same bytes either way; fn writes only its rows and its part's accumulators, calls no
 * jansson, and never calls pcc_rows_parallel itself. */
typedef void (*pcc_rows_fn)(void *ctx, int part, slong lo, slong hi);
void pcc_rows_parallel(slong n, double ns, pcc_rows_fn fn, void *ctx);
/* Rough costs of one operation at 128 bits (bench machine, bench/RESULTS.md), in ns: an exp or
 * a log, an fmpq conversion or subtraction, one multiply-add of arb_mat_mul, one rational read
 * from its text. They only decide whether a thread is used. */
#define PCC_NS_ELEMENTARY 300.0
#define PCC_NS_CONVERT 150.0
#define PCC_NS_MULADD 5.0
#define PCC_NS_PARSE 250.0      /* one rational read from its JSON string */

/* ---- the claims per kind */
void pcc_check_dense(pcc_report_t *R, pcc_cert_t *C);
/* Claim kkt's binary64 step (check_float_kkt.c): 1 iff both residual claims are proved from
 * the ball enclosure Gt of G^T (N x V), W and H being binary64 values; then detail says so. */
int pcc_dense_kkt_float(const pcc_cert_t *C, const arb_mat_t Gt, char *detail, size_t len);
void pcc_dense_clear(pcc_cert_t *C);     /* frees C->keep (check_dense.c) */
double pcc_dense_kept_bytes(const pcc_cert_t *C, const char *claim, slong prec);
void pcc_check_circulant(pcc_report_t *R, pcc_cert_t *C);
void pcc_check_exchangeable(pcc_report_t *R, pcc_cert_t *C);
void pcc_check_group(pcc_report_t *R, pcc_cert_t *C);
void pcc_check_common(pcc_report_t *R, pcc_cert_t *C);
/* Kind classes (FORMAT.md, check_classes.c): reader (maps, A, B, Q, s), claims, release. */
int pcc_classes_read(pcc_cert_t *C, const json_t *root, const json_t *primal, const json_t *dual,
                     pcc_error_t *err);
void pcc_check_classes(pcc_report_t *R, pcc_cert_t *C);
void pcc_check_lowrank(pcc_report_t *R, pcc_cert_t *C);   /* kind lowrank, check_float_lowrank.c */
void pcc_classes_clear(pcc_cert_t *C);
int pcc_claim_classes(pcc_cert_t *C, slong prec, char *detail, size_t len);
int pcc_classes_interior(pcc_cert_t *C, slong prec, char *detail, size_t len);
int pcc_symmetric_read(pcc_cert_t *C, const json_t *primal, const json_t *dual, pcc_error_t *err);
void pcc_check_classes_symmetric(pcc_report_t *R, pcc_cert_t *C);
slong pcc_symmetric_rank(const pcc_cert_t *C);
int pcc_sizes_read(pcc_cert_t *C, const json_t *cl, const json_t *primal, const json_t *dual,
                   pcc_error_t *err);
void pcc_check_classes_sizes(pcc_report_t *R, pcc_cert_t *C);
slong pcc_sizes_rank_bound(const pcc_cert_t *C);
void pcc_sizes_clear(pcc_cert_t *C);
/* Below the rank (FORMAT.md "lp" block, check_lp.c): reader, claims, release. */
int pcc_lp_read(pcc_cert_t *C, const json_t *root, pcc_error_t *err);
void pcc_check_lp(pcc_report_t *R, pcc_cert_t *C);
void pcc_lp_clear(pcc_cert_t *C);
void pcc_lp_summary(char *out, size_t len, const pcc_cert_t *C);   /* "; val(LP) at d <= ..." */
int pcc_group_read(pcc_cert_t *C, const json_t *primal, const json_t *dual, pcc_error_t *err);
void pcc_group_clear(pcc_cert_t *C);
int pcc_group_log_nuclear(pcc_cert_t *C, int binding, slong prec, char *detail, size_t len);
/* check_commutant.c: the commutant of the token action, recomputed (FORMAT.md kind group,
 * "Commutant reduction"). read: 0, or 1 with err (exit 2). eigen: 1 iff theta (r x r) and the
 * multiplicities are proved at prec. nuclear/top: ||Y||_* and max_k lambda_k(Y Y^T) from the
 * enclosed Gram coefficients c_j of Y Y^T = sum_j c_j A_j. */
int pcc_commutant_read(pcc_cert_t *C, const json_t *generic, pcc_error_t *err);
void pcc_commutant_clear(pcc_cert_t *C);
int pcc_commutant_eigen(acb_ptr theta, slong *mult, const pcc_cert_t *C, slong prec);
void pcc_commutant_gram(arb_ptr c, const pcc_cert_t *C, arb_srcptr y, slong prec);
int pcc_commutant_nuclear(arb_t out, arb_t top, const pcc_cert_t *C, arb_srcptr c, slong prec);
int pcc_claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len);  /* check_opnorm.c */
slong pcc_opnorm_ceiling(const pcc_cert_t *C);
/* In-place ball Cholesky of the symmetric L: -1 if every pivot is proved > 0, else the first
 * pivot not proved positive, *pivot_sign -1 if it is proved < 0 (L not PSD), 0 (check_opnorm.c). */
slong pcc_ball_cholesky(arb_mat_t L, slong prec, int *pivot_sign);
void pcc_opnorm_clear(pcc_cert_t *C);   /* frees C->opnorm (check_opnorm.c) */
int pcc_dense_interior(pcc_cert_t *C, slong prec, char *detail, size_t len);
int pcc_circulant_interior(pcc_cert_t *C, slong prec, char *detail, size_t len);
int pcc_exchangeable_interior(pcc_cert_t *C, slong prec, char *detail, size_t len);
int pcc_structured_binding(pcc_cert_t *C, slong prec, char *detail, size_t len);  /* ||L||_* > rho */

#endif
