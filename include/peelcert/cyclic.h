/* The cyclic-symmetry path (SPEC 5a): circulant instances N = V = n,
 * P[i][k] = q[(k - i) mod n], reduced to the n-variable problem
 *
 *     minimise CE(q, c) = LSE(c) - <q, c>   over real c, sum c = 0,
 *     subject to sum_{j=0}^{n-1} |c_hat_j| <= rho = sqrt(a b),
 *
 * with c_hat_j = sum_m c_m exp(-2 pi i j m / n). Certificates of kind
 * "circulant" (certificates/FORMAT.md): an exact primal c and an exact dual r.
 *
 * Frequencies are named by j in 1..floor(n/2): j < n/2 stands for the conjugate
 * pair (j, n - j) (weight 2 in the budget), j = n/2 (n even) for the real
 * Nyquist coefficient (weight 1). Nothing of size n^2 is ever built; memory is
 * O(n) and each evaluation O(n log n) (FFTW in the floating solver, acb_dft in
 * the refinement and the proofs).
 *
 * The same path runs on any G = Z_n1 x ... x Z_nk acting regularly (SPEC 11, abelian.h):
 * the pc_abelian_* functions take the group, the pc_cyclic_* ones are their k = 1 case
 * (G = Z_n), and frequencies become characters named by representatives (abelian.h). */
#ifndef PEELCERT_CYCLIC_H
#define PEELCERT_CYCLIC_H

#include <flint.h>
#include <fmpq.h>
#include <arb.h>
#include <acb.h>
#include <arb_mat.h>
#include "peelcert/status.h"
#include "peelcert/abelian.h"

/* ---- floating solver (double, FFTW; finds, proves nothing) ---- */

typedef struct {
    slong iterations;    /* accelerated projected-gradient iterations */
    int interior;        /* 1: centered log q is (numerically) strictly feasible */
    double value;        /* CE(q, c) */
    double gap;          /* floating duality gap with the dual softmax(c) */
    double nu;           /* n mu = max_j |s_hat_j - q_hat_j| (KKT scale) */
} pc_cyclic_float_info_t;

/* Writes into c (length n, sum ~ 0, sum |c_hat| <= rho up to rounding) an
 * approximate minimiser: interior optimum (centered log q) when it is feasible,
 * otherwise FISTA with adaptive restart on the Fourier-magnitude l1 ball,
 * stopped when the floating gap is <= tol, when it has not halved in 1000
 * iterations (the rounding noise of double), or after max_iter iterations.
 * Deterministic (FFTW_ESTIMATE plans). */
void pc_cyclic_solve_double(double *c, pc_cyclic_float_info_t *info, const double *q, slong n,
                            double rho, double tol, slong max_iter);
void pc_abelian_solve_double(double *c, pc_cyclic_float_info_t *info, const double *q,
                             const pc_abelian_t *G, double rho, double tol, slong max_iter);

/* Frequencies j in 1..n/2 with |c_hat_j| > rel_tol * max |c_hat|, increasing;
 * returns their number. active has room for n/2 + 1 entries. */
slong pc_cyclic_active_double(slong *active, const double *c, slong n, double rel_tol);
/* On G: the representatives (abelian.h) of the characters with |c_hat_f| > rel_tol max,
 * increasing; active has room for n entries. */
slong pc_abelian_active_double(slong *active, const double *c, const pc_abelian_t *G,
                               double rel_tol);

/* ---- multiprecision refinement (Arb midpoints; finds, proves nothing) ---- */

/* Newton's method on the active-set KKT system (unknowns: the active Fourier
 * coefficients of c and nu = n mu; equations: s_hat_j - q_hat_j + nu u_j = 0 on
 * active j, u_j = c_hat_j / |c_hat_j|, and sum |c_hat_j| = rho), started from c
 * (length n, read as midpoints) and the active set (*active, *num_active: frequencies
 * in 1..n/2, increasing; room for n/2 + 1 entries), both updated in place. The
 * active set is re-identified when a KKT sign check fails: an inactive j with
 * |s_hat_j - q_hat_j| > nu joins, an active coefficient that shrinks to 0 leaves.
 * On return c holds the refined point (midpoints, exact zero radius) and nu its
 * multiplier. PC_OK: KKT residual at the noise level of prec with a consistent
 * active set; PC_NOT_PROVED: not converged (c holds the best point found). Costs
 * O(n log n + p^2) per iteration plus a dense p x p solve, p = number of real
 * unknowns; refuses (PC_NOT_PROVED) when p > PC_CYCLIC_MAX_NEWTON. */
#define PC_CYCLIC_MAX_NEWTON 600
pc_status_t pc_cyclic_refine(arb_ptr c, arb_t nu, slong *active, slong *num_active,
                             const fmpq *q, slong n, const arb_t rho, slong prec, pc_msg_t *msg);
/* On G: active holds representatives (room for n entries); real characters play the part
 * of the Nyquist frequency (one real unknown, weight 1). */
pc_status_t pc_abelian_refine(arb_ptr c, arb_t nu, slong *active, slong *num_active,
                              const fmpq *q, const pc_abelian_t *G, const arb_t rho, slong prec,
                              pc_msg_t *msg);

/* ---- rigorous KKT (Arb; proves) ---- */

/* Krawczyk test (cyclic_krawczyk.c) around the refined point c (midpoints read),
 * nu, with the active set (frequencies in 1..n/2, increasing): PC_OK only if it is
 * proved that the active-set KKT system (as in pc_cyclic_refine) has exactly one
 * zero in the box of half-width *radius (max norm over the real unknowns Re/Im c_hat_f
 * and nu = n mu), with every active coefficient nonzero, nu > 0 and
 * |s_hat_j - q_hat_j| < nu on every inactive j over the whole box, for every rho in
 * its enclosure; then that zero is the optimum and the active set is exact.
 * *radius is an upper bound (double, rounded up). PC_NOT_PROVED (not "false"):
 * msg says which step failed. Refuses more than PC_CYCLIC_MAX_NEWTON unknowns.
 * Costs O(n log n) per box evaluation plus O(p^3) for the p x p matrix products. */
pc_status_t pc_cyclic_krawczyk(double *radius, arb_srcptr c, const arb_t nu, const slong *active,
                               slong num_active, const fmpq *q, slong n, const arb_t rho,
                               slong prec, pc_msg_t *msg);
pc_status_t pc_abelian_krawczyk(double *radius, arb_srcptr c, const arb_t nu, const slong *active,
                                slong num_active, const fmpq *q, const pc_abelian_t *G,
                                const arb_t rho, slong prec, pc_msg_t *msg);

/* The same test with one radius per real unknown (a box instead of a cube; the sweep's rho
 * intervals near breakpoints need it, cyclic_krawczyk_scaled.c). On PC_OK radii (p + 1 balls,
 * unknowns in the layout order, nu last) hold the half-widths proved. */
pc_status_t pc_cyclic_krawczyk_box(arb_ptr radii, arb_srcptr c, const arb_t nu, const slong *active,
                                   slong num_active, const fmpq *q, slong n, const arb_t rho,
                                   slong prec, pc_msg_t *msg);

/* ---- breakpoints of the phase diagram (SPEC 13; cyclic_event.c, docs/sweep.md) ----
 *
 * A frequency j (1..n/2) enters or leaves the active set S = S' u {j} at a breakpoint rho*:
 * on the S' side its margin nu - |g_hat_j| (g = softmax(c) - q, nu = n mu) falls to 0, on the S
 * side its coefficient z_j falls to 0. Both sides and the breakpoint are zeros of one smooth
 * system in the unknowns x = (z_f for f in S' (Re, Im; Nyquist Re), nu, theta (j a pair), rho):
 *     g_hat_f + nu z_f / |z_f| = 0   (f in S'),      g_hat_j + (nu - m) e_j = 0,
 *     sum_{f in S'} w_f |z_f| + w_j t = rho,
 * with c the inverse DFT of (z_f; z_j = t e_j), e_j = e^{i theta} (Nyquist: a fixed sign sigma)
 * and two parameters t, m >= 0:
 *   t = m = 0:               the breakpoint itself (|g_hat_j| = nu with z_j = 0);
 *   m = 0, t > 0 (COEFFICIENT side):  the KKT point of S at rho (z_j = t e_j != 0);
 *   t = 0, 0 < m < 2 nu (MARGIN side): the KKT point of S' at rho (|g_hat_j| = |nu - m| < nu).
 * Interior mode (event = 0): unknowns (z_f for f in S, rho), parameter nu >= 0, rows
 * g_hat_f + nu u_f = 0 and sum w_f |z_f| = rho: nu = 0 is the interior optimum (rho = rho_int),
 * nu > 0 a binding KKT point with active set S.
 * A Krawczyk test with the parameter an interval [0, P] proves a unique zero in a box for each
 * parameter value, so (implicit function theorem) a continuous curve P -> rho(P): every rho
 * between rho(0) and rho(P) has the proved active set, with no cell shrinking near rho(0). */
typedef enum {
    PC_CYCLIC_EVENT_COEFFICIENT,   /* parameter t = |z_j| (event mode) */
    PC_CYCLIC_EVENT_MARGIN,        /* parameter m = nu - |g_hat_j| (event mode) */
    PC_CYCLIC_EVENT_NU,            /* parameter nu (event = 0: the interior side) */
    PC_CYCLIC_EVENT_RHO            /* parameter rho (event = 0: a regular cell) */
} pc_cyclic_event_side_t;

typedef struct {
    slong n;
    slong num_base, *base;   /* S' (event mode) or S (interior mode), increasing */
    slong event;             /* j, or 0: interior mode */
    int sigma;               /* Nyquist event: the sign of z_j on the S side (+1 / -1) */
    slong dim;               /* number of unknowns */
    arb_ptr x;               /* [dim] the point: S' unknowns (layout order), nu, theta, rho */
} pc_cyclic_event_t;

void pc_cyclic_event_init(pc_cyclic_event_t *ev, slong n, const slong *base, slong num_base,
                          slong event, int sigma);
void pc_cyclic_event_clear(pc_cyclic_event_t *ev);

/* Loads ev->x (midpoints) from a KKT point (c, nu) at rho: the coefficients of S' from the DFT
 * of c; theta (or sigma) from z_j (COEFFICIENT side: j active at the point) or from -g_hat_j
 * (MARGIN side); *param = |z_j|, nu - |g_hat_j| or (interior) nu at the point. Finds only. */
void pc_cyclic_event_load(pc_cyclic_event_t *ev, arb_t param, arb_srcptr c, const arb_t nu,
                          const arb_t rho, pc_cyclic_event_side_t side, const fmpq *q, slong prec);

/* Newton on the system at the parameter value mid(param) from ev->x (updated). Finds only;
 * PC_OK when the step is at the noise level of prec. */
pc_status_t pc_cyclic_event_newton(pc_cyclic_event_t *ev, pc_cyclic_event_side_t side,
                                   const arb_t param, const fmpq *q, slong prec, pc_msg_t *msg);

/* What a parametric Krawczyk test proves (pc_cyclic_event_krawczyk): for every parameter value
 * p in the ball, exactly one zero of the system in the box
 *     X(p) = centre + tangent (p - p_centre) + radius        (radius: balls 0 +- r_i),
 * all of them inside hull. */
typedef struct {
    slong dim;
    arb_ptr hull, centre, tangent, radius;
    arb_t p_centre;
    double ratio;     /* max_i |K_i| / r_i of the test that passed (a hint for the step, no proof) */
} pc_cyclic_event_box_t;

void pc_cyclic_event_box_init(pc_cyclic_event_box_t *B, slong dim);
void pc_cyclic_event_box_clear(pc_cyclic_event_box_t *B);

/* Encloses X(p) (a superset of the box at every parameter value in the ball p). */
void pc_cyclic_event_box_at(arb_ptr out, const pc_cyclic_event_box_t *B, const arb_t p, slong prec);

/* Parametric Krawczyk around the centre mid(ev->x) (at the parameter mid(param)), with the
 * tangent v = -Y dF/dp, for every parameter value in the ball param: with Y the inverse of the
 * midpoint Jacobian, d = p - p_centre, x(p) = centre + v d and hull H = centre + v [d] + [r],
 *     K = x(p) - Y (F_c + (J(H) v + dF/dp(H)) [d]) + (I - Y J(H)) [r]  inside  x(p) + int [r]
 * (the residual along the curve by the mean value theorem: second order in the width). PC_OK
 * only if that holds, every t_f of S' and nu, 2 nu - m are positive over H, and
 * |g_hat_k| < nu along the curve on every frequency k outside S' u {j} (a mean-value form that
 * keeps the correlation of g_k and nu); out then holds the boxes (box_init'ed with ev->dim). */
pc_status_t pc_cyclic_event_krawczyk(pc_cyclic_event_box_t *out, const pc_cyclic_event_t *ev,
                                     pc_cyclic_event_side_t side, const arb_t param,
                                     const fmpq *q, slong prec, pc_msg_t *msg);

/* The KKT point of ev->x at the parameter value as a regular point: c (n, midpoints) and nu. */
/* Test hook (tests/sweep/test_sweep_jacobian.c): at the exact point ev->x and parameter value
 * param, enclosures of the residual F (dim), the Jacobian J (dim x dim), dF/dp (gp, dim), s_hat
 * (n) and the gradient of s_hat_k (grad: dim; grad_p: d / dp). */
void pc_cyclic_event_eval(arb_ptr F, arb_mat_t J, arb_ptr gp, acb_ptr shat, acb_ptr grad,
                          acb_t grad_p, slong k, const pc_cyclic_event_t *ev,
                          pc_cyclic_event_side_t role, const arb_t param, const fmpq *q, slong prec);

void pc_cyclic_event_regular(arb_ptr c, arb_t nu, const pc_cyclic_event_t *ev,
                             pc_cyclic_event_side_t side, const arb_t param, const fmpq *q,
                             slong prec);

/* ---- exact rounding ---- */

/* c_exact = dyadic rounding of c at 2^-bits, made exactly centered (the rounding
 * residue is spread one unit per entry), then scaled exactly by (1 - 2^-shrink_bits).
 * Does not prove feasibility: see pc_cyclic_nuclear_norm. */
void pc_cyclic_round_primal(fmpq *c_exact, arb_srcptr c, slong n, slong bits, slong shrink_bits);

/* r = softmax(c) enclosed at prec, rounded to dyadics at 2^-bits, entries >= 0,
 * the residue to make sum r = 1 exact put on the largest entry. Exact: r >= 0,
 * sum r = 1 always hold on return. */
void pc_cyclic_round_dual(fmpq *r, const fmpq *c, slong n, slong bits, slong prec);

/* ---- rigorous enclosures (Arb, acb_dft) ---- */

/* Encloses rho = sqrt(a b). */
void pc_cyclic_rho(arb_t rho, const fmpq_t a, const fmpq_t b, slong prec);

/* Encloses CE(q, c) = LSE(c) - <q, c> (= f(Z) for the circulant Z, FORMAT.md). */
void pc_cyclic_cross_entropy(arb_t out, const fmpq *q, const fmpq *c, slong n, slong prec);

/* Encloses H(r) = -sum r_m log r_m (0 log 0 = 0); r >= 0 required. */
void pc_cyclic_entropy(arb_t out, const fmpq *r, slong n, slong prec);

/* Encloses sum_{j=0}^{n-1} |v_hat_j| (the nuclear norm of the real circulant with
 * first column v) by a rigorous DFT. */
void pc_cyclic_nuclear_norm(arb_t out, const fmpq *v, slong n, slong prec);
void pc_cyclic_nuclear_norm_arb(arb_t out, arb_srcptr v, slong n, slong prec);
void pc_abelian_nuclear_norm(arb_t out, const fmpq *v, const pc_abelian_t *G, slong prec);
void pc_abelian_nuclear_norm_arb(arb_t out, arb_srcptr v, const pc_abelian_t *G, slong prec);

/* Encloses max_j |(r - q)_hat_j| (the operator norm of the circulant Q - P). */
void pc_cyclic_dual_opnorm(arb_t out, const fmpq *r, const fmpq *q, slong n, slong prec);
void pc_abelian_dual_opnorm(arb_t out, const fmpq *r, const fmpq *q, const pc_abelian_t *G,
                            slong prec);

/* Encloses LB = H(r) - (rho / n) max_j |(r - q)_hat_j| (FORMAT.md, kind circulant). */
void pc_cyclic_dual_bound(arb_t out, const fmpq *r, const fmpq *q, slong n, const arb_t rho,
                          slong prec);
void pc_abelian_dual_bound(arb_t out, const fmpq *r, const fmpq *q, const pc_abelian_t *G,
                           const arb_t rho, slong prec);

/* Encloses the first row of W W^T = sqrt(a/b) (Z Z^T)^(1/2) for the circulant Z with
 * first column c (SPEC 4, 5a: eigenvalues sqrt(a/b) |c_hat_j|):
 * out[m] = sqrt(a/b) (1/n) sum_j |c_hat_j| cos(2 pi j m / n), rigorous DFTs (acb_dft).
 * Swap a and b for H^T H. out[0] = sqrt(a/b) sum |c_hat_j| / n (trace / n). */
void pc_cyclic_gram_first_row(arb_ptr out, const fmpq *c, slong n, const fmpq_t a,
                              const fmpq_t b, slong prec);
/* On G: out[m] = sqrt(a/b) (1/n) sum_f |c_hat_f| chi_f(m), W W^T[i][j] = out[j - i]. */
void pc_abelian_gram_first_row(arb_ptr out, const fmpq *c, const pc_abelian_t *G,
                               const fmpq_t a, const fmpq_t b, slong prec);
/* All of the structure from one DFT of c and one inverse: gram_W[m] = sqrt(a/b) (1/n)
 * sum_f |c_hat_f| chi_f(m), gram_H the same with sqrt(b/a) (H^T H = (b/a) W W^T), and
 * eig_W[k] = sqrt(a/b) |c_hat_f| for f = active[k] (the eigenvalue of W W^T on character f).
 * Any of gram_W, gram_H, eig_W may be NULL (then not computed). */
void pc_abelian_gram_rows(arb_ptr gram_W, arb_ptr gram_H, arb_ptr eig_W, const slong *active,
                          slong num_active, const fmpq *c, const pc_abelian_t *G,
                          const fmpq_t a, const fmpq_t b, slong prec);

/* ---- the driver ---- */

typedef enum {
    PC_CYCLIC_UNDETERMINED = 0,
    PC_CYCLIC_BINDING = 1,
    PC_CYCLIC_INTERIOR = 2
} pc_cyclic_regime_t;

typedef struct {
    slong digits;      /* required certified gap 10^-digits (> 0) */
    slong max_prec;    /* precision ceiling in bits (0: 8192) */
    int progress;      /* 1: progress lines on stderr */
} pc_cyclic_options_t;

typedef struct {
    slong n;
    pc_abelian_t group;      /* the group certified on (k = 1: cyclic) */
    fmpq *c;                 /* exact primal first column: sum c = 0, sum |c_hat| < rho proved */
    fmpq *r;                 /* exact dual first row: r >= 0, sum r = 1 */
    arb_t upper;             /* encloses CE(q, c) >= val(C) */
    arb_t lower;             /* encloses LB(r) <= val(C) */
    arb_t nuclear;           /* encloses sum |c_hat_j| (upper end < lower end of rho) */
    pc_cyclic_regime_t regime;   /* only a proved regime is other than UNDETERMINED */
    slong num_active;        /* active frequencies (representatives) of the refined point */
    slong *active;
    double gap;              /* upper end of upper minus lower end of lower, rounded up */
    slong digits_reached;    /* largest D with gap <= 10^-D (proved), 0 if none */
    slong prec;              /* working precision of the last attempt */
    int float_interior;      /* the floating solver found centered log q strictly feasible */
    double float_gap;        /* floating duality gap of the floating candidate */
    slong iterations;        /* floating solver iterations */
    double seconds_float, seconds_refine, seconds_verify;
    int krawczyk_tried;      /* the Krawczyk test ran (binding, p <= PC_CYCLIC_MAX_NEWTON) */
    int krawczyk_proved;     /* pc_cyclic_krawczyk returned PC_OK for num_active, active */
    double krawczyk_radius;  /* its box half-width (upper bound), 0 if not proved */
    char krawczyk_note[PC_MSG_LEN];  /* why it was not proved or not tried ("" if proved) */
    double seconds_krawczyk;
} pc_cyclic_result_t;

void pc_cyclic_result_init(pc_cyclic_result_t *res);
void pc_cyclic_result_clear(pc_cyclic_result_t *res);

/* Certifies the circulant instance with first row q (exact, q >= 0, sum 1) and
 * budgets a = n E_W, b = n E_H. On PC_OK: res->c, res->r are exact and feasible,
 * res->upper, res->lower are proved enclosures with gap <= 10^-digits, and the
 * regime is the one proved (FORMAT.md "Regime claims"). PC_NOT_PROVED: the
 * precision ceiling was hit; if res->c is non-NULL its bounds are still proved
 * (digits_reached says how far it got) and msg says so. PC_BAD_INPUT: n < 1 or
 * q not a distribution. */
pc_status_t pc_cyclic_certify(pc_cyclic_result_t *res, const fmpq *q, slong n, const fmpq_t a,
                              const fmpq_t b, const pc_cyclic_options_t *opt, pc_msg_t *msg);

/* The same on G (q group-indexed, P[i][k] = q[k - i], a = n E_W, b = n E_H; SPEC 11):
 * pc_cyclic_certify is its case G = Z_n. */
pc_status_t pc_abelian_certify(pc_cyclic_result_t *res, const fmpq *q, const pc_abelian_t *G,
                               const fmpq_t a, const fmpq_t b, const pc_cyclic_options_t *opt,
                               pc_msg_t *msg);

#endif
