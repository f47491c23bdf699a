/* Rigorous verification (SPEC 6): proves bounds from exact primal and dual points.
 *
 * Every function here returns PC_OK only if what it claims is proved with all
 * rounding errors enclosed (exact fmpq arithmetic or Arb balls). PC_NOT_PROVED
 * means "could not prove at this precision", never "false". Doubles never enter. */
#ifndef PEELCERT_VERIFY_H
#define PEELCERT_VERIFY_H

#include <arb.h>
#include <arb_mat.h>
#include <fmpq_mat.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"

/* rho = sqrt(a b), enclosed. */
void pc_verify_rho(arb_t rho, const pc_instance_t *inst, slong prec);

/* Encloses -x log x for an exact x in [0, 1] (0 log 0 = 0). */
void pc_verify_entropy_term(arb_t out, const fmpq_t x, slong prec);

/* Encloses (1/N) sum_i H(p_i), the mean target entropy. */
void pc_verify_mean_entropy(arb_t out, const pc_instance_t *inst, slong prec);

/* Returns PC_OK iff sum W^2 <= a and sum H^2 <= b exactly; the message names the budget. */
pc_status_t pc_verify_dense_budgets(const fmpq_mat_t W, const fmpq_mat_t H,
                                    const pc_instance_t *inst, pc_msg_t *msg);

/* Encloses f(W H) (SPEC 1) for dense targets; Z (V x N) receives an enclosure of W H. */
void pc_verify_dense_objective(arb_t out, arb_mat_t Z, const fmpq_mat_t W, const fmpq_mat_t H,
                               const pc_instance_t *inst, slong prec);

/* Encloses f(Z) (SPEC 1) for logits given as balls (V x N): every point of the box. */
void pc_verify_logits_objective(arb_t out, const arb_mat_t Z, const pc_instance_t *inst, slong prec);

/* PC_OK iff every row of Q is non-negative and sums to exactly 1. */
pc_status_t pc_verify_dual_simplex(const fmpq_mat_t Q, pc_msg_t *msg);

/* PC_OK only if ||Q - P||_op <= s is proved (ball Cholesky of s^2 I - M^T M). */
pc_status_t pc_verify_opnorm_bound(const fmpq_mat_t Q, const fmpq_t s, const pc_instance_t *inst,
                                   slong prec, pc_msg_t *msg);

/* Encloses LB(Q) = (1/N)[ sum_i H(q_i) - rho s ]. */
void pc_verify_dual_bound(arb_t out, const fmpq_mat_t Q, const fmpq_t s,
                          const pc_instance_t *inst, slong prec);

/* G = (softmax(Z) - P^T)/N (V x N), enclosed; softmax per column. */
void pc_verify_dense_gradient(arb_mat_t G, const arb_mat_t Z, const pc_instance_t *inst, slong prec);

/* Encloses the KKT residuals ||G H^T + 2 lW W||_F, ||W^T G + 2 lH H||_F with
 * G = (softmax(Z) - P^T)/N, Z the enclosure of W H from pc_verify_dense_objective. */
void pc_verify_dense_kkt(arb_t res_W, arb_t res_H, const arb_mat_t Z, const fmpq_mat_t W,
                         const fmpq_mat_t H, const fmpq_t lambda_W, const fmpq_t lambda_H,
                         const pc_instance_t *inst, slong prec);

/* L (V x N, initialised) encloses Pi log P^T: column i is log p_i minus its mean. All
 * targets must be positive. */
void pc_verify_centered_log(arb_mat_t L, const pc_instance_t *inst, slong prec);

/* Proves the interior regime for dense targets: all P > 0 and
 * ||W||_F ||H||_F + sqrt(min(V,N)) ||Pi log P^T - W H||_F < rho. Returns 1 iff proved. */
int pc_verify_dense_interior(const arb_mat_t Z, const fmpq_mat_t W, const fmpq_mat_t H,
                             const pc_instance_t *inst, slong prec);

/* 1 iff upper - lower <= 10^-digits is proved. */
int pc_verify_gap_at_most(const arb_t upper, const arb_t lower, slong digits, slong prec);

/* Binding is proved if some target is 0 or lower > mean entropy. Returns 1 iff proved. */
int pc_verify_binding(const arb_t lower, const pc_instance_t *inst, slong prec);

/* Runs every dense check on cert (kind dense) and fills cert->upper, lower, regime,
 * residuals. PC_OK iff the bounds are proved. */
pc_status_t pc_verify_dense_cert(pc_cert_t *cert, const pc_instance_t *inst, int try_interior,
                                 slong prec, pc_msg_t *msg);
/* The same when the caller has just proved ||cert->Q - P||_op <= cert->opnorm_bound
 * (pc_verify_opnorm_bound returned PC_OK on these exact data): that Cholesky is not repeated. */
pc_status_t pc_verify_dense_cert_opnorm_proved(pc_cert_t *cert, const pc_instance_t *inst,
                                               int try_interior, slong prec, pc_msg_t *msg);

/* ---- kind classes (SPEC 10, FORMAT.md): block factors A (u x r), B (r x v), block dual Q
 * (v x u), block targets Pr (v x u, pc_classes_block_targets), class sizes t_a, c_b. */

/* PC_OK iff sum_a t_a ||A_a||^2 <= a and sum_b c_b ||B^b||^2 <= b exactly (the Frobenius
 * norms of W = E_T A and H = B E_C^T). */
pc_status_t pc_verify_classes_budgets(const fmpq_mat_t A, const fmpq_mat_t B,
                                      const pc_classes_t *cls, const pc_instance_t *inst,
                                      pc_msg_t *msg);

/* Encloses f(E_T A B E_C^T) = (1/N) sum_b c_b [log sum_a t_a exp(R_ab) - sum_a t_a p(b,a) R_ab],
 * R = A B. */
void pc_verify_classes_objective(arb_t out, const fmpq_mat_t A, const fmpq_mat_t B,
                                 const fmpq *Pr, const pc_classes_t *cls, slong prec);

/* PC_OK iff Q >= 0 and sum_a t_a Q[b][a] = 1 exactly for every b (the expanded dual is in the
 * simplex). */
pc_status_t pc_verify_classes_dual_simplex(const fmpq_mat_t Q, const pc_classes_t *cls,
                                           pc_msg_t *msg);

/* PC_OK only if ||D_C^(1/2) (Q - Pr) D_T^(1/2)||_op <= s is proved: s^2 D_T^-1 - M^T D_C M
 * (or s^2 D_C^-1 - M D_T M^T, the smaller) positive definite by ball Cholesky, M = Q - Pr.
 * That operator norm equals ||Q_expanded - P||_op (SPEC 10). */
pc_status_t pc_verify_classes_opnorm(const fmpq_mat_t Q, const fmpq *Pr, const fmpq_t s,
                                     const pc_classes_t *cls, slong prec, pc_msg_t *msg);

/* Encloses LB = (1/N) [sum_b c_b sum_a t_a (-Q log Q) - rho s]. */
void pc_verify_classes_dual_bound(arb_t out, const fmpq_mat_t Q, const fmpq_t s,
                                  const pc_classes_t *cls, const pc_instance_t *inst, slong prec);

/* 1 iff the interior regime is proved for the block primal: every target > 0 and
 * ||L||_* <= ||W||_F ||H||_F + sqrt(min(u, v)) ||D_T^(1/2) (L~ - A B) D_C^(1/2)||_F < rho, with
 * L~_ab = log p(b, a) - (1/V) sum_a' t_a' log p(b, a') the block values of L = Pi log P^T. */
int pc_verify_classes_interior(const fmpq_mat_t A, const fmpq_mat_t B, const fmpq *Pr,
                               const pc_classes_t *cls, const pc_instance_t *inst, slong prec);

/* Runs every classes check on cert (kind classes, cert->classes set) and fills cert->upper,
 * lower, regime (binding when proved, else interior when try_interior and proved), upper_is_lp.
 * PC_OK iff the bounds are proved. */
pc_status_t pc_verify_classes_cert(pc_cert_t *cert, const pc_instance_t *inst, int try_interior,
                                   slong prec, pc_msg_t *msg);

/* ---- kind classes, symmetric one-hot form (docs/classes.md): v context classes of size m,
 * k untargeted tokens, Z with values x, y, w, Q with q_target, q_other, q_untargeted. The
 * singular values of such a V x N matrix are sqrt(m) |x - y| (v - 1 times) and
 * sqrt(m) sqrt((x + (v-1) y)^2 + v k w^2) (once), the rest 0. */

/* PC_OK iff ||Z||_* <= rho is proved exactly (rational squares, no rounding). */
pc_status_t pc_verify_symmetric_budget(const pc_classes_symmetric_t *sy, slong v,
                                       const pc_instance_t *inst, pc_msg_t *msg);

/* PC_OK iff the q values are >= 0 and q_target + (v-1) q_other + k q_untargeted = 1 exactly. */
pc_status_t pc_verify_symmetric_dual_simplex(const pc_classes_symmetric_t *sy, slong v,
                                             pc_msg_t *msg);

/* PC_OK iff s >= ||Q - P||_op is proved exactly (s^2 against each squared singular value). */
pc_status_t pc_verify_symmetric_opnorm(const pc_classes_symmetric_t *sy, slong v, const fmpq_t s,
                                       pc_msg_t *msg);

/* Encloses f(Z) = log(1 + (v-1) exp(y - x) + k exp(w - x)) (every context alike). */
void pc_verify_symmetric_objective(arb_t out, const pc_classes_symmetric_t *sy, slong v,
                                   slong prec);

/* Encloses LB = H(q) - rho s / N, H(q) = -[q_t log q_t + (v-1) q_o log q_o + k q_u log q_u]. */
void pc_verify_symmetric_dual_bound(arb_t out, const pc_classes_symmetric_t *sy, slong v,
                                    const fmpq_t s, const pc_instance_t *inst, slong prec);

/* rank of Z: (v - 1) [x != y] + [x + (v-1) y != 0 or k w != 0]. */
slong pc_symmetric_rank(const pc_classes_symmetric_t *sy, slong v);

/* Every check of the symmetric form; fills cert->upper, lower, regime, upper_is_lp. */
pc_status_t pc_verify_classes_symmetric_cert(pc_cert_t *cert, const pc_instance_t *inst,
                                             slong prec, pc_msg_t *msg);

/* ---- kind classes, one-hot form with several sizes (verify_classes_sizes.c, docs/classes.md) */
/* x[t] = x_t, Y (G x S) = y_st (rows s < S) and w_t (row S), exact from d, A, B. */
void pc_sizes_values(fmpq *x, fmpq_mat_t Y, const pc_classes_sizes_t *sz);
/* sum_s (n_s-1) sqrt(m_s) |d_s| + ||E_g A||_F ||B E_c^T||_F <= rho, proved in Arb. */
pc_status_t pc_verify_sizes_budget(const pc_classes_sizes_t *sz, const pc_instance_t *inst,
                                   slong prec, pc_msg_t *msg);
void pc_verify_sizes_objective(arb_t out, const pc_classes_sizes_t *sz, slong N, slong prec);
pc_status_t pc_verify_sizes_dual_simplex(const pc_classes_sizes_t *sz, pc_msg_t *msg);
/* ||Q - P||_op <= s: perp parts exactly, the mean part by ball Cholesky (size S). */
pc_status_t pc_verify_sizes_opnorm(const pc_classes_sizes_t *sz, const fmpq_t s, slong prec,
                                   pc_msg_t *msg);
void pc_verify_sizes_dual_bound(arb_t out, const pc_classes_sizes_t *sz, const fmpq_t s,
                                const pc_instance_t *inst, slong prec);
/* r + sum over d_s != 0 of (n_s - 1) >= rank(Z) */
slong pc_sizes_rank_bound(const pc_classes_sizes_t *sz);
pc_status_t pc_verify_classes_sizes_cert(pc_cert_t *cert, const pc_instance_t *inst, slong prec,
                                         pc_msg_t *msg);

#endif
