/* The certify pipeline: instance -> floating candidate -> exact rounding ->
 * rigorous bounds -> certificate (SPEC 6, 7). Chooses the path from the
 * instance's structure: exchangeable closed form, cyclic Fourier path, or dense. */
#ifndef PEELCERT_CERTIFY_H
#define PEELCERT_CERTIFY_H

#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"

/* Which arithmetic proves the general path's bounds (certify --proof). AUTO: the binary64
 * proofs of SPEC 15 (kind lowrank) above PC_FLOAT_PROOF_AUTO_ENTRIES target entries when at most
 * PC_FLOAT_PROOF_AUTO_DIGITS digits are asked for, else as BALL;
 * BALL: always kind dense (refused above PC_MAX_DENSE_ENTRIES); FLOAT: kind lowrank on every
 * instance (the structured and classes paths are skipped, like --path dense). */
typedef enum { PC_PROOF_AUTO = 0, PC_PROOF_BALL, PC_PROOF_FLOAT } pc_proof_t;
#define PC_FLOAT_PROOF_AUTO_ENTRIES 250000L
#define PC_FLOAT_PROOF_AUTO_DIGITS 10
/* Sizes of kind lowrank (FORMAT.md; the checker refuses above them too). */
#define PC_LOWRANK_MAX_ENTRIES 16000000L
#define PC_LOWRANK_MAX_ORDER 8000L

typedef struct {
    slong digits;        /* required gap 10^-digits; 0: the path's default */
    int progress;        /* 1: progress lines on stderr */
    int want_structure;  /* 1: fill rep->circulant on the circulant path (then the caller
                            releases it with pc_certify_report_clear) */
    int force_dense;     /* 1: ignore the instance's structure and take the dense path (to
                            cross-check a structured path on the same instance) */
    int force_blocks;    /* 1: on the classes path, the block form even where a one-hot form
                            (onehot-symmetric, onehot-sizes) applies (twin and tamper tests) */
    pc_proof_t proof;    /* the general path's arithmetic (0: AUTO) */
} pc_certify_options_t;

/* What the circulant path found beyond the bounds (SPEC 5a, 4; issue 3 item 6). */
typedef struct {
    slong n;
    pc_abelian_t group;        /* Z_n, or Z_n1 x ... x Z_nk for group_circulant targets (SPEC 11):
                                  frequencies are then characters (representatives, abelian.h)
                                  and the Gram first rows are group-indexed (W W^T[i][j] =
                                  gram_W_first_row[j - i] in the group) */
    slong num_active;          /* active frequencies (1..n/2, increasing): of the refined
                                  point, or of a floating DFT of c in the interior regime */
    slong *active;
    slong embedding_dimension; /* 2 per active pair, 1 for an active n/2 */
    int regular_polygon;       /* binding and only +-1 active (n >= 3) */
    int krawczyk_tried, krawczyk_proved;
    double krawczyk_radius;    /* box half-width, rounded up; 0 if not proved */
    char krawczyk_note[PC_MSG_LEN];
    arb_ptr gram_W_first_row;  /* [n] encloses the first row of W W^T = sqrt(a/b) |C| for the
                                  certificate's exact c; NULL when not claimed (gram_note) */
    arb_ptr gram_H_first_row;  /* [n] first row of H^T H = (b/a) W W^T (circulants commute, so
                                  Z^T Z = Z Z^T); NULL exactly when gram_W_first_row is */
    char gram_note[PC_MSG_LEN];
    arb_ptr eigenvalues_W;     /* [num_active] sqrt(a/b) |c_hat_f| per active character f (the
                                  eigenvalues of W W^T, multiplicity = weight), enclosed; NULL
                                  exactly when gram_W_first_row is */
} pc_certify_circulant_info_t;

typedef struct {
    const char *path;    /* "dense", "lowrank", "circulant", "exchangeable", "group", "classes" */
    slong digits_target; /* the gap asked for (or the path's default) */
    double float_gap;    /* floating duality gap of the candidate (dense path) */
    slong iterations;    /* floating solver iterations */
    slong rank;          /* numerical rank of the centered optimum (-1 unknown) */
    int d_below_rank;    /* d < rank: (LP) may be strictly worse than (C) */
    char note[PC_MSG_LEN]; /* what the path wants the user to know */
    pc_certify_circulant_info_t *circulant; /* NULL unless opt->want_structure (circulant path) */
} pc_certify_report_t;

/* Frees what pc_certify put into rep (rep->circulant); safe on a zeroed report. */
void pc_certify_report_clear(pc_certify_report_t *rep);

/* Default gaps of each path when --digits is not given. */
#define PC_DENSE_DEFAULT_DIGITS 9
#define PC_EXCHANGEABLE_DEFAULT_DIGITS 50
#define PC_CIRCULANT_DEFAULT_DIGITS 30

/* Fills cert with proved bounds. PC_OK: bounds proved and the gap target met;
 * PC_NOT_PROVED: bounds (if any) are still valid but the target was not reached,
 * and msg says how far it got; PC_BAD_INPUT: the instance is outside what the
 * paths handle (e.g. too large for the dense path). */
pc_status_t pc_certify(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                       const pc_certify_options_t *opt, pc_msg_t *msg);

/* For a kind-group certificate in the binding regime: H^T H of its primal by orbital values
 * (issue 4: H^T H lies in the commutant of the context action), as JSON; NULL otherwise. */
json_t *pc_group_gram_H_json(const pc_cert_t *cert, const pc_instance_t *inst);

/* For a kind-group certificate with W W^T = u (I - J/V): the token-side isotypic components
 * (multiplicity, exact eigenvalue of W W^T, active) and the embedding dimension, as JSON
 * (docs/groups.md "certify --json: geometry"), balls at places decimals; NULL otherwise. */
json_t *pc_group_geometry_json(const pc_cert_t *cert, const pc_instance_t *inst, slong places);

/* The success message of a certify run (SPEC 4 wording when d is below the rank): overwrites msg
 * when st == PC_OK, leaves it alone otherwise. digits_given: --digits (0 when not given). */
void pc_certify_final_message(pc_msg_t *msg, pc_status_t st, const pc_certify_report_t *rep,
                              slong digits_given);

/* The `certify --json` object (SPEC 8 fields, path, digits, rank, circulant / etf details) of a
 * run that did not end in PC_BAD_INPUT; cert_path: the certificate file, or NULL (null in JSON).
 * The CLI and the Python package (src/api) both print this object. */
json_t *pc_certify_result_json(const pc_cert_t *cert, const pc_certify_report_t *rep,
                               const pc_instance_t *inst, const char *cert_path, pc_status_t st,
                               const char *message);

/* {"verified": false, "message": message}: the --json object of a run refused as bad input. */
json_t *pc_certify_error_json(const char *message);

#endif
