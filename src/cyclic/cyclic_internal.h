/* Small helpers shared by the files of src/cyclic (not part of the public API). */
#ifndef PEELCERT_CYCLIC_INTERNAL_H
#define PEELCERT_CYCLIC_INTERNAL_H

#include <arb.h>
#include <fmpq.h>
#include <acb.h>
#include <acb_dft.h>
#include <arb_mat.h>
#include "peelcert/abelian.h"

/* Encloses sum_m v_m. */
static inline void cyclic_vec_sum(arb_t out, arb_srcptr v, slong n, slong prec)
{
    arb_zero(out);
    for (slong m = 0; m < n; m++)
        arb_add(out, out, v + m, prec);
}

static inline void cyclic_fmpq_vec_set(fmpq *out, const fmpq *in, slong n)
{
    for (slong m = 0; m < n; m++)
        fmpq_set(out + m, in + m);
}

/* ---- the active-set KKT system of SPEC 5a (cyclic_refine.c), shared by the
 * Newton refinement and the Krawczyk test (cyclic_krawczyk.c) ---- */

typedef struct {
    pc_abelian_t G;       /* the group (k = 1: the cyclic path) */
    slong n, prec;        /* n = |G| */
    int balls;            /* 0: the point c is rounded to midpoints (Newton, finds);
                             1: c, s, shat are enclosures over a box of z (Krawczyk, proves) */
    slong k;              /* active frequencies (characters) */
    slong *freq;          /* [k] representatives, increasing (abelian.h) */
    slong p;              /* real unknowns besides nu */
    slong *pf, *pt, *pa;  /* per unknown: frequency, type (0 re, 1 im), active index */
    pc_abelian_dft_t dft; /* the rigorous DFT on G */
    acb_ptr qhat;         /* DFT of q (enclosure) */
    acb_ptr z;            /* [k] active coefficients */
    arb_t nu;
    acb_ptr spec, tmp;    /* [n] work */
    arb_ptr c, s;         /* [n] current point and its softmax */
    acb_ptr shat;         /* [n] DFT of s */
} cyclic_kkt_t;

/* Plans the DFT on G at prec and encloses q_hat; no active set yet (k = 0). */
void cyclic_kkt_init(cyclic_kkt_t *R, const fmpq *q, const pc_abelian_t *G, slong prec);
void cyclic_kkt_clear(cyclic_kkt_t *R);

/* Unknown layout (p, pf, pt, pa) from R->k, R->freq. */
void cyclic_kkt_layout(cyclic_kkt_t *R);

/* c = inverse DFT of the sparse spectrum z (R->freq), s = softmax(c), shat = DFT(s).
 * With R->balls set these enclose the values for every z in the balls. */
void cyclic_kkt_point(cyclic_kkt_t *R, acb_srcptr z);

/* u = z / |z| (pair) or the sign of the midpoint of Re z (Nyquist: valid over a ball
 * only when Re z is proved nonzero); abs = |z| (enclosures). */
void cyclic_kkt_unit(acb_t u, arb_t abs, const acb_t z, int nyquist, slong prec);

/* F (length p + 1): stationarity rows, then sum w_f |z_f| - rho; cyclic_kkt_point
 * must have been called with z. Inclusion-monotone in z, nu (enclosures). */
void cyclic_kkt_residual(arb_ptr F, cyclic_kkt_t *R, acb_srcptr z, const arb_t nu,
                         const arb_t rho);

/* The softmax part of the stationarity Jacobian: e = d (row r of s_hat) / d (unknown k), i.e.
 * (w_k / n) a_r^T (diag s - s s^T) a_k from R->shat (enclosures over a box with balls). */
void cyclic_kkt_dshat(arb_t e, const cyclic_kkt_t *R, slong r, slong k);

/* The (p + 1) x (p + 1) Jacobian of F at (z, nu), after cyclic_kkt_point(R, z);
 * with balls it encloses the Jacobian over the box (pair coefficients must
 * exclude 0, Nyquist real parts must have a constant sign). */
void cyclic_kkt_jacobian(arb_mat_t J, cyclic_kkt_t *R, acb_srcptr z, const arb_t nu);

#endif
