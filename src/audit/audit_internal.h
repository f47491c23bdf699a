/* Internal to src/audit: the checks audit.c combines into a verdict. */
#ifndef PEELCERT_AUDIT_INTERNAL_H
#define PEELCERT_AUDIT_INTERNAL_H

#include <arb_mat.h>
#include "peelcert/audit.h"

/* Exact sum of squares of the entries of A. */
void pc_audit_frobenius_squared(fmpq_t out, const fmpq_mat_t A);

/* Encloses ||Z||_* from all eigenvalues of the smaller Gram matrix; 0 if that fails or the
 * Gram matrix is larger than 400. */
int pc_audit_nuclear_norm(arb_t out, const fmpq_mat_t Z, slong prec);

/* Z claims: sets a->feasible / feasibility_known from proved nuclear-norm bounds. */
void pc_audit_nuclear(pc_audit_t *a, const pc_claim_t *c, const pc_instance_t *inst, slong prec);

/* KKT residuals at the factors (Z encloses W H), multipliers from stationarity. */
void pc_audit_kkt(pc_audit_t *a, const pc_claim_t *c, const arb_mat_t Z, const pc_instance_t *inst,
                  slong prec);

/* max |(Pi Z)[k][i] - mean over its diagonal class|, V = N. */
void pc_audit_circulant_deviation(arb_t out, const arb_mat_t Z, slong prec);

/* max |W W^T - u (I - J/V)|, u = a/(V-1). */
void pc_audit_etf_deviation(arb_t out, const fmpq_mat_t W, const pc_instance_t *inst, slong prec);

#endif
