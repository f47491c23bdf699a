/* The checker of sweep documents (format "peelcert-sweep/1", certificates/FORMAT.md "Sweeps",
 * docs/sweep.md): the parametric Krawczyk test of the polar KKT system of a cyclic instance
 * (check_sweep_krawczyk.c, the checker's own code and arithmetic) and the document's claims
 * (check_sweep.c: cells, chains, gluing, cover, thresholds, pieces). */
#ifndef PEELCERT_CHECK_SWEEP_H
#define PEELCERT_CHECK_SWEEP_H

#include <jansson.h>
#include <acb_dft.h>
#include "check_internal.h"

/* What the parameter p of a cell is (FORMAT.md "Sweeps", cells[].kind). */
typedef enum { PCC_SW_RHO, PCC_SW_COEFFICIENT, PCC_SW_MARGIN, PCC_SW_NU } pcc_sw_role_t;

/* The polar KKT system of S' u {j} (S' = base, j = event, 0 if none) with parameter role.
 * Unknowns (dim): per frequency of S' t_f then theta_f (Nyquist: t_f only), nu (unless NU),
 * theta_j (a pair event), rho (unless RHO). Rows: Re, Im of g_hat_f + k_f e_f per frequency of
 * S' u {j} (Nyquist: Re only), k_f = nu, or nu - m for f = j; then sum_f w_f t_f - rho. */
typedef struct {
    slong n, prec, k, p, dim, jpos, col_nu, col_rho;
    int sigma, balls;
    pcc_sw_role_t role;
    slong *freq, *pf, *pt, *pa, *row_re, *row_im, *col_t, *col_theta;
    acb_dft_pre_t pre;
    acb_ptr qhat, spec, tmp, shat, z;
    arb_ptr cosv, sinv;      /* cos, sin of 2 pi j / n, j < n (sys_point's direct sums) */
    arb_ptr c, s;
} pcc_sw_sys_t;

/* A proved box: for every p in [p_lo, p_hi] exactly one zero in centre + tangent (p - p_centre)
 * + [-radius, radius] (radius: exact, nonnegative); hull encloses the union of these boxes;
 * image encloses the zero (the Krawczyk image, tighter than the box). */
typedef struct {
    slong dim;
    arb_ptr centre, tangent, hull, image;
    mag_struct *radius;
    arb_t p_centre;
} pcc_sw_box_t;

/* base: num_base increasing frequencies in 1..n/2; event 0 or a frequency not in base. */
void pcc_sw_sys_init(pcc_sw_sys_t *S, slong n, const slong *base, slong num_base, slong event,
                     int sigma, pcc_sw_role_t role, const fmpq *q, slong prec);
void pcc_sw_sys_clear(pcc_sw_sys_t *S);
void pcc_sw_box_init(pcc_sw_box_t *B, slong dim);
void pcc_sw_box_clear(pcc_sw_box_t *B);

/* Returns 1 only if, for every p in param, the box around the exact centre xc holds exactly one
 * zero, every t_f > 0 (f in S'), nu > 0 and 2 nu > m (unless nu is the parameter), and
 * |g_hat_k| < nu for every inactive k (neither in S' nor j) — the cell's claim (docs/sweep.md).
 * 0: not proved (why and *worst, a frequency or -1, say what failed). */
int pcc_sw_krawczyk(pcc_sw_box_t *out, pcc_sw_sys_t *S, arb_srcptr xc, const arb_t param,
                    const char **why, slong *worst);

/* Newton at the exact parameter value p from x (midpoints, updated). Finds only; returns 1 if
 * it converged. */
/* Test hook (tests/sweep/test_sweep_jacobian.c): at the exact point x and parameter value p,
 * enclosures of F, J, dF/dp (gp), s_hat (n) and the gradient of s_hat_k (grad, grad_p). */
void pcc_sw_eval(arb_ptr F, arb_mat_t J, arb_ptr gp, acb_ptr shat, acb_ptr grad, acb_t grad_p,
                 slong k, pcc_sw_sys_t *S, arb_srcptr x, const arb_t p);

int pcc_sw_newton(arb_ptr x, pcc_sw_sys_t *S, const arb_t p);

/* out = centre + tangent (p - p_centre) (the box's centre at p; ball). */
void pcc_sw_box_centre_at(arb_ptr out, const pcc_sw_box_t *B, const arb_t p, slong prec);

/* 1 only if the set inner (balls) lies inside B's box at the exact parameter value p. */
int pcc_sw_box_contains_at(const pcc_sw_box_t *B, const arb_t p, arb_srcptr inner, slong prec);

/* Checks a sweep document (root: its JSON); returns 0 (every claim verified), 1 (a claim
 * rejected or not proved: msg names it and the number) or 2 (malformed: msg names the field). */
int pcc_sweep_check(const json_t *root, char *msg, size_t len);

/* Re-verifies root's values (check_sweep_values.c): each {rho, lower, upper, c, r} as a
 * certificate of kind circulant at a = b = rho; one without c and r by its closed form (cyclic:
 * H(q), with rho >= thr = rho_int proved; exchangeable: SPEC 5b); ("-inf", "inf") claims nothing.
 * Returns 0 (all verified; *checked = how many claimed something), 1 (msg names values[k], the
 * claim and the number) or 2 (malformed: msg names the field). */
int pcc_sweep_check_values(const json_t *root, int cyclic, const arb_t thr, int has_thr, slong prec,
                           slong *checked, char *msg, size_t len);

#endif
