/* Exchangeable targets P = alpha I + beta (J - I) in closed form (SPEC 5b).
 * Nothing of size n is ever allocated: n may be 10^9. */
#ifndef PEELCERT_EXCHANGEABLE_H
#define PEELCERT_EXCHANGEABLE_H

#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"

/* Fills cert (kind exchangeable): exact rational x (Z = x (I - J/n), budget proved
 * exactly) and r (Q = r I + t (J - I)), the proved enclosures of f(Z) and LB(Q),
 * the proved regime, and in the binding regime with d >= n - 1 the exact simplex-ETF
 * Gram constants a/(n-1), b/(n-1). Doubles the precision until upper - lower
 * <= 10^-digits is proved; PC_NOT_PROVED (message says how far it got) at the
 * ceiling. */
pc_status_t pc_exchangeable_certify(pc_cert_t *cert, const pc_instance_t *inst, slong digits,
                                    pc_msg_t *msg);

/* 1 iff V = N = n >= 2, the targets are not in exchangeable form, and
 * P[i][k] = alpha if k = perm[i] else (1 - alpha)/(n - 1) for a permutation perm: fills perm
 * (n entries) and alpha. Exact. One-hot: t a permutation; circulant: q has one value that
 * differs from all the others (equal); dense and sparse: row by row, O(n^2), only when
 * n^2 <= PC_MAX_DENSE_ENTRIES (else 0: not searched). */
int pc_exchangeable_find_relabelling(slong *perm, fmpq_t alpha, const pc_instance_t *inst);

/* pc_exchangeable_certify for the relabelled instance alpha I + beta (J - I) (same sizes,
 * budgets, d); cert takes ownership of perm (malloc'd, n entries) as its context_permutation.
 * The proved bounds, regime and Grams are those of inst (the relabelling changes none). */
pc_status_t pc_exchangeable_certify_relabelled(pc_cert_t *cert, const pc_instance_t *inst,
                                               slong *perm, const fmpq_t alpha, slong digits,
                                               pc_msg_t *msg);

/* Encloses f(x (I - J/n)) = log(exp(x) + n - 1) - alpha x. */
void pc_exchangeable_objective(arb_t out, const fmpq_t x, slong n, const fmpq_t alpha, slong prec);

/* Encloses LB(r I + t (J - I)) = -r log r - (1-r) log t - rho |r - alpha| / (n - 1). */
void pc_exchangeable_dual_bound(arb_t out, const fmpq_t r, slong n, const fmpq_t alpha,
                                const arb_t rho, slong prec);

/* Exact simplex-ETF factorisations of the binding exchangeable optimum (SPEC 5b),
 *   Z° = sigma rho/(n-1) (I - J/n),  W W^T = (a/(n-1)) (I - J/n),  H^T H = (b/(n-1)) (I - J/n):
 *   d = n:     W = sqrt(a/(n-1)) (I - J/n),  H = sigma sqrt(b/(n-1)) (I - J/n);
 *   d = n - 1: W = sqrt(a/(n-1)) U,          H = sigma sqrt(b/(n-1)) U^T, with U the Helmert
 *              basis of 1^perp: column j (1 <= j <= n-1) is v_j / sqrt(j (j+1)),
 *              v_j = (1, ..., 1, -j, 0, ..., 0) (j ones).
 * Entries lie in Q(sqrt(a/(n-1)), sqrt(b/(n-1)), sqrt(j (j+1)) : j < n). Every identity
 * reduces to rational ones: (I - J/n)^2 = I - J/n, U^T U = I and U U^T = I - J/n; then
 * W W^T, H^T H, W H = Z° and both budgets (with equality) follow exactly. */
#define PC_ETF_MAX_VERIFY 2000

/* Proves U^T U = I and U U^T = I - J/n exactly (fmpq, O(n^2)) for n <= PC_ETF_MAX_VERIFY;
 * returns 1 if proved, 0 if n is larger (not attempted) or (impossible) an identity fails. */
int pc_etf_verify_helmert(slong n);

/* The factorisations as JSON for a certified binding exchangeable optimum (sigma = sign of
 * the certificate's x), with "verified_exactly"; NULL when not applicable (other kinds,
 * interior regime, n < 2). */
json_t *pc_etf_factorisation_json(const pc_cert_t *cert, const pc_instance_t *inst);

#endif
