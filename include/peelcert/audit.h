/* Auditing a claimed optimum (W, H) or Z against a certified optimum (SPEC 3, 6).
 *
 * The claim's numbers are taken exactly as given (doubles from .npy files are exact
 * rationals); every reported bound is an enclosure, every verdict is proved. */
#ifndef PEELCERT_AUDIT_H
#define PEELCERT_AUDIT_H

#include <fmpq_mat.h>
#include <arb.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"
#include "peelcert/certify.h"
#include <jansson.h>

/* Where the claim's numbers came from: their rounding is what a budget excess is judged by. */
typedef enum { PC_DTYPE_EXACT, PC_DTYPE_FLOAT32, PC_DTYPE_FLOAT64 } pc_dtype_t;

typedef struct {
    int has_factors;            /* 1: W (V x d) and H (d x N); 0: Z (V x N) */
    fmpq_mat_t W, H, Z;
    pc_dtype_t dtype_W, dtype_H, dtype_Z;  /* PC_DTYPE_EXACT unless read from floats */
} pc_claim_t;

void pc_claim_init(pc_claim_t *claim);
void pc_claim_clear(pc_claim_t *claim);

/* "exact", "float32", "float64". */
const char *pc_dtype_name(pc_dtype_t dtype);

/* Reads a JSON claim {"format": "peelcert-claim/1", "W": [[..]], "H": [[..]]} or {"Z": ...}.
 * Strings are exact rationals; JSON numbers are taken as the double they denote (then the
 * matrix's dtype is float64). */
pc_status_t pc_claim_read_json(pc_claim_t *claim, const char *path, pc_msg_t *msg);

/* Checks the claim's shapes against the instance (V, N) and its inner dimension against the
 * instance's dim: a claim with more columns than dim is refused (PC_BAD_INPUT naming both). */
pc_status_t pc_claim_check_shape(const pc_claim_t *claim, const pc_instance_t *inst, pc_msg_t *msg);

/* The budget excess a factor of this dtype may show from rounding alone (docs/audit.md):
 * 4 ulp(1) sqrt(entries) for float32/float64 (ulp(1) = 2^-23, 2^-52), 0 when exact. */
void pc_audit_rounding_bound(fmpq_t out, pc_dtype_t dtype, slong entries);

typedef enum { PC_VERDICT_OPTIMAL_WITHIN, PC_VERDICT_NOT_OPTIMAL, PC_VERDICT_INFEASIBLE } pc_verdict_t;

typedef struct {
    fmpq_t eps;                 /* the suboptimality asked for */
    int feasible;               /* budgets proved to hold (factors) / nuclear norm proved <= rho (Z) */
    int feasibility_known;      /* 0 for a Z claim whose nuclear norm could not be decided */
    int has_excess;             /* factors: the exact relative budget excesses below */
    fmpq_t excess_W, excess_H;  /* ||W||^2/a - 1, ||H||^2/b - 1, exact (negative: inside) */
    fmpq_t bound_W, bound_H;    /* pc_audit_rounding_bound of each factor */
    pc_dtype_t dtype_W, dtype_H;
    int has_nuclear_excess;     /* an infeasible float Z claim: ||Z||_* / rho - 1 enclosed */
    arb_t nuclear_excess;
    fmpq_t bound_Z;             /* pc_audit_rounding_bound of the Z claim */
    pc_dtype_t dtype_Z;
    int rounding_excess;        /* infeasible, but every excess <= its rounding bound: the
                                   verdict is about the claim scaled onto the budgets */
    arb_t value;                /* encloses f(claim) */
    arb_t sub_lower, sub_upper; /* f(claim) - val(C) in [lower end of sub_lower, upper end of sub_upper] */
    int has_scaled;             /* infeasible factors: the claim scaled exactly onto the budgets */
    arb_t scaled_value, scaled_sub_lower, scaled_sub_upper;
    slong dim;                  /* inner dimension of the claim (factors), -1 for Z */
    slong rank;                 /* rank of the optimum of (C) as the path found it, -1 unknown */
    int d_below_rank;           /* dim < rank: val(C) is only a lower bound at this d */
    int lp_upper_known;         /* an upper bound on val(LP) at the claim's d is proved */
    int has_lp_upper;           /* d < rank: it is the certificate's own rank-d point (opt->lp) */
    arb_t lp_upper;             /* then encloses f at that point >= val(LP at d) */
    arb_t verdict_lower, verdict_upper; /* the interval the verdict is about: f(claim or scaled
                                           claim) - val(LP at the claim's d) */
    int has_kkt;
    arb_t kkt_W, kkt_H;         /* KKT residual norms at the claim (factors only) */
    arb_t circulant_deviation;  /* max |Pi Z - its circulant average| (V = N), upper end meaningful */
    int has_circulant_deviation;
    arb_t etf_deviation;        /* max |W W^T - u (I - J/V)| when the optimum is a simplex ETF */
    int has_etf_deviation;
    pc_verdict_t verdict;
    arb_t verdict_amount;       /* eps or the proved upper bound for optimal-within, delta for not-optimal */
    int verdict_proved;         /* the verdict is a proved statement (0: feasibility undecided) */
} pc_audit_t;

void pc_audit_init(pc_audit_t *audit);
void pc_audit_clear(pc_audit_t *audit);

/* Audits claim against the certified optimum opt (its lower/upper enclose val(C)); rep is the
 * path's report (rank), or NULL. eps: the suboptimality asked for. Fills every field; PC_OK
 * unless the claim is malformed (shape, dim: PC_BAD_INPUT with the message). */
pc_status_t pc_audit_run(pc_audit_t *audit, const pc_claim_t *claim, const pc_instance_t *inst,
                         const pc_cert_t *opt, const pc_certify_report_t *rep, const fmpq_t eps,
                         slong prec, pc_msg_t *msg);

/* 0 if optimal within eps is proved (feasible claim, or rounding excess only), else 1. */
int pc_audit_exit_code(const pc_audit_t *audit);

/* The one-line verdict with the proved numbers in compact scientific notation, outward
 * ("not-optimal: f(claim) - val in [6.70e-3, 6.71e-3]"). eps_text: EPS as the user gave it
 * (NULL: from audit->eps). Caller frees. */
char *pc_audit_verdict_line(const pc_audit_t *audit, const char *eps_text);

/* The human report (first line: the verdict line). Caller frees. */
char *pc_audit_text(const pc_audit_t *audit, const pc_cert_t *opt, const char *eps_text);

/* The --json document (docs/audit.md): SPEC 8 fields for the optimum, the verdict, and
 * "claim": {...} with full digits. opt_status: what pc_certify returned. New reference. */
json_t *pc_audit_json(const pc_audit_t *audit, const pc_cert_t *opt, pc_status_t opt_status,
                      const char *eps_text);

/* The whole audit in one call (for the CLI and src/api): certifies inst (digits as for
 * certify, 0: the path's default), audits claim against it, and returns the --json document;
 * *exit_code gets 0/1 as the CLI exits. NULL with PC_BAD_INPUT in *status and the message on
 * bad input (shape, dim, instance outside the paths). text (if not NULL) receives the human
 * report (caller frees). */
json_t *pc_audit_document(const pc_instance_t *inst, const pc_claim_t *claim, const fmpq_t eps,
                          const char *eps_text, slong digits, int progress, int *exit_code,
                          char **text, pc_status_t *status, pc_msg_t *msg);

#endif
