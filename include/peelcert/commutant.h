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
#include <arb_mat.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/reduced.h"

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
    acb_ptr generic_value;      /* [k] = theta_k(A) for the generic element A, enclosed (simple) */
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
 * and m_k exact, with sum_k m_k = V checked. Order (docs/groups.md): the trivial character
 * (theta(A_j) = n_j, m = 1) first, the others by increasing m_k, then by decreasing
 * Re theta_k(A) for the generic element A (proved comparisons of disjoint enclosures; the
 * order is the same at every precision for the same generic element). Tries a few
 * deterministic generic elements; PC_NOT_PROVED (message: why) when the algebra is not
 * commutative or no generic element gives proved simple eigenvalues at prec. */
pc_status_t pc_commutant_eigen(pc_commutant_t *alg, slong prec, pc_msg_t *msg);

/* The same with the one generic element t, e.g. a certificate's
 * primal.commutant_generic: PC_NOT_PROVED when its eigenvalues are not proved simple. */
pc_status_t pc_commutant_eigen_with(pc_commutant_t *alg, const slong *t, slong prec,
                                    pc_msg_t *msg);

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

/* ---- The commutant-reduced problem (commutant_reduced.c; docs/groups.md) ----
 * Invariant Z given by its orbital values x (orbitals of G on [V] x [N], the numbering of
 * reduced.h). E_k Z is invariant; in orbital coordinates it is T_k x with
 * T_k[o][o'] = sum_{w : orbital(w, i_o) = o'} (E_k)[u_o][w], (u_o, i_o) a pair of o in the
 * representative column. In the D = diag(|o|) inner product (= Frobenius on Z) the T_k are
 * orthogonal projections, and ||Z||_* = sum_k sqrt(m_k) ||T_k x||_D (within E_k every nonzero
 * singular value of Z equals sqrt(lambda_k), m_k times). Requires a symmetric algebra (real
 * characters). Only pc_commutant_solve_double uses doubles; nothing before the bounds is a
 * proof. */

typedef struct {
    const pc_reduced_t *red;
    const pc_commutant_t *alg;
    slong *orbital_of;          /* [k N + i] = orbital of (k, i) */
    slong *rep_token;           /* [o] = u_o */
} pc_commutant_problem_t;

pc_status_t pc_commutant_problem_init(pc_commutant_problem_t *P, const pc_reduced_t *red,
                                      const pc_commutant_t *alg, const pc_instance_t *inst,
                                      pc_msg_t *msg);
void pc_commutant_problem_clear(pc_commutant_problem_t *P);

/* T[(k R + o) R + o'] = T_k[o][o'] enclosed (r R^2 entries, from the enclosed theta). */
void pc_commutant_projections(arb_ptr T, const pc_commutant_problem_t *P, slong prec);

/* Floating solve (FISTA with the exact projection onto the weighted group-lasso ball):
 * x (R orbital values, centered), mu (the multiplier, 0 when interior), active[k] = 1 for
 * the components with ||T_k x||_D > 1e-7 rho. *interior = 1 when the centered log targets
 * are feasible. Returns the iterations. Best effort; proves nothing. */
slong pc_commutant_solve_double(double *x, double *mu, int *active, int *interior,
                                const pc_commutant_problem_t *P);

/* Newton on the KKT system of the binding regime with active set `active` (docs/groups.md),
 * on midpoints at prec; x and mu updated in place. Proves nothing. */
void pc_commutant_refine(arb_ptr x, arb_t mu, const int *active, const pc_commutant_problem_t *P,
                         slong steps, slong prec);

/* Rounds x to an exactly invariant primal z with ||Z||_* < rho proved (dyadics, centered,
 * scaled below the budget), the dual q = rounded softmax in the simplex, and encloses
 * upper >= f(Z) and lower <= LB(Q) with ||Q - P||_op^2 = max_k lambda_k(M^T M). Rigorous. */
void pc_commutant_bounds(arb_t upper, arb_t lower, fmpq *z, fmpq *q, arb_srcptr x,
                         const pc_commutant_problem_t *P, slong prec);

/* s[o] = the softmax entry of orbital o in its representative column (multiplicities
 * counted), g = (s - p)/N, the D-gradient of f; balls, valid for every point of a box x. */
void pc_commutant_softmax(arb_ptr s, arb_ptr g, const pc_reduced_t *red, arb_srcptr x, slong prec);

/* The KKT map (F, G) of the binding regime with active set `active` (top of
 * commutant_reduced.c): J ((R + 1) x (R + 1)) encloses its Jacobian and rhs encloses
 * -(F, G), for every point of the box (x, mu) when x, mu are balls; T from
 * pc_commutant_projections at prec. */
void pc_commutant_kkt_system(arb_mat_t J, arb_mat_t rhs, arb_srcptr x, const arb_t mu,
                             const int *active, const pc_commutant_problem_t *P, arb_srcptr T,
                             slong prec);

/* ---- The optimum itself (commutant_kkt.c; docs/groups.md "geometry") ----
 * A Krawczyk (interval Newton) proof that the KKT system of the active set S has exactly one
 * zero (x*, mu*) in a box, with mu* > 0, ||T_k x*||_D > 0 on S, x* = P_S x* (every other
 * component exactly 0) and ||T_k g(x*)||_D < mu* sqrt(m_k) for every k >= 1 outside S
 * (proved over the box): x* is then a KKT point of the convex reduced problem, hence the
 * orbital values of the unique centered optimum Z° (SPEC 2, 5), and S is exactly its set of
 * active components. */
typedef struct {
    slong R, r;
    int proved;                 /* the enclosures below are proved */
    int *active;                /* [k] = 1 for k in S */
    arb_ptr x;                  /* [R] encloses the orbital values of Z° */
    arb_t mu;                   /* encloses mu* */
    arb_ptr norm;               /* [k] encloses ||T_k x*||_D = sqrt(m_k lambda_k(Z° Z°^T));
                                   exactly 0 outside S */
    double radius;              /* the Krawczyk box's radius (every coordinate) */
} pc_commutant_optimum_t;

void pc_commutant_optimum_init(pc_commutant_optimum_t *opt);
void pc_commutant_optimum_clear(pc_commutant_optimum_t *opt);

/* From a near-optimal invariant primal z (orbital values, e.g. a certificate's): the active
 * set {k >= 1 : ||T_k z||_D > 2^-40 rho}, Newton at prec, then the Krawczyk test and the
 * proofs above at prec. PC_OK with opt->proved = 1 only when all is proved; PC_NOT_PROVED
 * with a message saying which step failed otherwise (opt->proved = 0; nothing is claimed). */
pc_status_t pc_commutant_optimum(pc_commutant_optimum_t *opt, const pc_commutant_problem_t *P,
                                 const fmpq *z, slong prec, pc_msg_t *msg);

/* out[k] = trace T_k = the multiplicity b_k of the k-th constituent in the context
 * permutation representation (dim Hom_G(R^N, E_k R^V)), an integer proved by its enclosure
 * (sum_k b_k = R checked). 0 if not proved. */
int pc_commutant_context_multiplicities(slong *out, const pc_commutant_problem_t *P, slong prec);

#endif
