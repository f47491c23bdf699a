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

typedef struct {
    int has_factors;            /* 1: W (V x d) and H (d x N); 0: Z (V x N) */
    fmpq_mat_t W, H, Z;
} pc_claim_t;

void pc_claim_init(pc_claim_t *claim);
void pc_claim_clear(pc_claim_t *claim);

/* Reads a JSON claim {"format": "peelcert-claim/1", "W": [[..]], "H": [[..]]} or {"Z": ...}.
 * Strings are exact rationals; JSON numbers are taken as the double they denote. */
pc_status_t pc_claim_read_json(pc_claim_t *claim, const char *path, pc_msg_t *msg);

/* Checks the claim's shapes against the instance (V, N). */
pc_status_t pc_claim_check_shape(const pc_claim_t *claim, const pc_instance_t *inst, pc_msg_t *msg);

typedef enum { PC_VERDICT_OPTIMAL_WITHIN, PC_VERDICT_NOT_OPTIMAL, PC_VERDICT_INFEASIBLE } pc_verdict_t;

typedef struct {
    int feasible;               /* budgets proved to hold (factors) / nuclear norm proved <= rho (Z) */
    int feasibility_known;      /* 0 for a Z claim whose nuclear norm could not be decided */
    double excess_W, excess_H;  /* relative excess ||W||^2/a - 1, ||H||^2/b - 1 (informational) */
    arb_t value;                /* encloses f(claim) */
    arb_t sub_lower, sub_upper; /* f(claim) - val is in [sub_lower, sub_upper] (val of the optimum) */
    int has_scaled;             /* infeasible factors: the claim scaled back onto the budgets */
    arb_t scaled_sub_lower, scaled_sub_upper;
    int has_kkt;
    arb_t kkt_W, kkt_H;         /* KKT residual norms at the claim (factors only) */
    arb_t circulant_deviation;  /* max |Pi Z - its circulant average| (V = N), upper end meaningful */
    int has_circulant_deviation;
    arb_t etf_deviation;        /* max |W W^T - u (I - J/V)| when the optimum is a simplex ETF */
    int has_etf_deviation;
    pc_verdict_t verdict;
    arb_t verdict_amount;       /* eps for optimal-within, delta for not-optimal */
} pc_audit_t;

void pc_audit_init(pc_audit_t *audit);
void pc_audit_clear(pc_audit_t *audit);

/* Audits claim against the certified optimum opt (its lower/upper enclose the optimal value).
 * eps: the suboptimality asked for. Fills every field; PC_OK unless the claim is malformed. */
pc_status_t pc_audit_run(pc_audit_t *audit, const pc_claim_t *claim, const pc_instance_t *inst,
                         const pc_cert_t *opt, const fmpq_t eps, slong prec, pc_msg_t *msg);

#endif
