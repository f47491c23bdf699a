/* The commutant of a transitive token action and its eigenmatrix (SPEC 5, 11; issue 10
 * item 3; docs/groups.md "The commutant of the token action").
 *
 * The token orbitals (orbits of G on [V] x [V]) give 0/1 matrices A_0 = I, A_1, ..., A_{r-1}
 * spanning the commutant of the token action. A_i A_j = sum_l p_ij^l A_l with the
 * intersection numbers p_ij^l = #{w : (u, w) in i, (w, v) in j} for any (u, v) in l, counted
 * exactly. The algebra is commutative iff p_ij^l = p_ji^l for all i, j, l (the action is then
 * multiplicity-free); it then has r primitive idempotents E_k (ranks m_k) and characters
 * theta_k with A_j E_k = theta_k(A_j) E_k.
 *
 * The eigenmatrix is enclosed, never guessed: for a generic element A = sum_j t_j A_j
 * (small integers t_j), the r x r integer matrix L(A), L(A)[l][j] = sum_i t_i p_ij^l (left
 * multiplication by A in the basis A_j), has the eigenvalues theta_k(A), k = 0..r-1, each
 * once; when Arb proves them simple (acb_mat_eig_simple), the eigenvector v of theta_k(A) is
 * proportional to the coordinates of E_k, (E_k)_j = m_k conj(theta_k(A_j)) / (V n_j), so
 * theta_k(A_j) = n_j conj(v_j / v_0), and m_k = V / sum_j |theta_k(A_j)|^2 / n_j (from
 * ||E_k||_F^2 = tr E_k = m_k). m_k is an integer (a rank), so an enclosure that contains
 * exactly one integer proves it. With Z Z^T = sum_j c_j A_j (Z invariant), the eigenvalue of
 * Z Z^T on E_k is lambda_k = sum_j c_j theta_k(A_j) and ||Z||_* = sum_k m_k sqrt(lambda_k). */
#ifndef PEELCERT_COMMUTANT_H
#define PEELCERT_COMMUTANT_H

#include <flint.h>
#include <fmpz.h>
#include <fmpq.h>
#include <acb.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

/* Largest number of token orbitals handled (the eigenproblem is r x r, p_ij^l has r^3 entries). */
#define PC_COMMUTANT_MAX_ORBITALS 128

typedef struct {
    slong V;                    /* tokens */
    slong r;                    /* token orbitals; orbital 0 is the diagonal */
    slong *orbital;             /* [u V + v] = orbital of (u, v), numbered by smallest u V + v */
    slong *valency;             /* [j] = n_j = |orbital j| / V */
    slong *rep_u, *rep_v;       /* [j] = the first pair (u, v) of orbital j */
    slong *transpose;           /* [j] = orbital of (v, u) for (u, v) in j */
    fmpz *intersection;         /* p_ij^l at (l r + i) r + j; NULL until computed */
    int commutative;            /* p_ij^l = p_ji^l for all i, j, l (exact) */
    int symmetric;              /* every orbital is its own transpose (real characters) */
    slong *generic;             /* [j] = t_j of the generic element whose eigenvalues are simple */
    acb_ptr theta;              /* [k r + j] = theta_k(A_j), enclosed; k = 0 is the trivial character */
    slong *multiplicity;        /* [k] = m_k, proved */
    int eigen_proved;           /* theta and multiplicity hold proved values */
} pc_commutant_t;

void pc_commutant_init(pc_commutant_t *alg);
void pc_commutant_clear(pc_commutant_t *alg);

/* Token orbitals, valencies, transposes and intersection numbers of the token action of
 * inst (exact integers). PC_BAD_INPUT when there is no symmetry, V^2 exceeds the pair limit,
 * the action is not transitive on tokens, or r > PC_COMMUTANT_MAX_ORBITALS (the message says
 * which). Sets alg->commutative and alg->symmetric; PC_OK also for a non-commutative algebra. */
pc_status_t pc_commutant_algebra(pc_commutant_t *alg, const pc_instance_t *inst, pc_msg_t *msg);

/* The eigenmatrix of a commutative algebra at precision prec, proved: theta_k(A_j) enclosed
 * and m_k exact, with sum_k m_k = V checked; the trivial character (theta(A_j) = n_j, m = 1)
 * is put first, the others sorted by the midpoints of their theta (deterministic). Tries a
 * few deterministic generic elements; PC_NOT_PROVED (message: why) when the algebra is not
 * commutative or no generic element gives proved simple eigenvalues at prec. */
pc_status_t pc_commutant_eigen(pc_commutant_t *alg, slong prec, pc_msg_t *msg);

/* out[j] = c_j with X = Y Y^T = sum_j c_j A_j for an invariant V x N matrix Y given by its
 * orbital values y[orbital(k, i)] (orbital_of[k N + i], logit layout): c_j = sum_i
 * Y[u_j][i] Y[v_j][i], exact. The caller guarantees that Y is invariant. */
void pc_commutant_gram_coefficients(fmpq *out, const pc_commutant_t *alg, const fmpq *y,
                                    const slong *orbital_of, slong N);

/* lambda[k] encloses sum_j c_j theta_k(A_j) (the eigenvalue on E_k of sum_j c_j A_j); real
 * parts, valid when sum_j c_j A_j is symmetric. Requires eigen_proved. */
void pc_commutant_eigenvalues(arb_ptr lambda, const pc_commutant_t *alg, const fmpq *c,
                              slong prec);

/* Encloses ||Y||_* = sum_k m_k sqrt(lambda_k(Y Y^T)) from the coefficients c of Y Y^T. */
void pc_commutant_nuclear(arb_t out, const pc_commutant_t *alg, const fmpq *c, slong prec);

#endif
