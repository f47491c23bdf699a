/* Multiprecision refinement of the reduced KKT point (reduced.h; SPEC 3, 5b).
 *
 * Newton on the bordered system of the binding regime, unknowns (x, nu):
 *   F_O = softmax(x_O) - p_O + nu x_O = 0   (every context orbit O),
 *   G   = sum_O |O| sum_o n_o x_o^2 - R^2 = 0.
 * The Jacobian is block diagonal J_O = diag(s + nu) - s (n s)^T plus a border; with
 * a_O = -J_O^{-1} F_O and b_O = J_O^{-1} x_O, the step is dx_O = a_O - dnu b_O and
 * dnu = (G + 2 sum |O| n x.a) / (2 sum |O| n x.b). Work on midpoints: nothing here is
 * proved, the certificate's bounds are proved from the rounded point afterwards. */
#include "peelcert/reduced.h"

/* u = J^{-1} r for one column (Sherman-Morrison, as in reduced_float.c). */
static void column_solve(arb_ptr u, const pc_reduced_t *red, slong c, arb_srcptr s,
                         arb_srcptr r, const arb_t nu, arb_ptr d, slong prec)
{
    arb_t alpha, denom, t;
    arb_init(alpha); arb_init(denom); arb_init(t);
    for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
        slong o = red->members[k];
        arb_add(d + o, s + o, nu, prec);
        arb_div(u + o, r + o, d + o, prec);
        arb_mul(t, s + o, u + o, prec);
        arb_addmul_si(alpha, t, red->mult[o], prec);
        arb_div(t, s + o, d + o, prec);
        arb_addmul_si(denom, t, red->mult[o], prec);
    }
    arb_mul(denom, denom, nu, prec);
    arb_div(alpha, alpha, denom, prec);
    for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
        slong o = red->members[k];
        arb_div(t, s + o, d + o, prec);
        arb_addmul(u + o, t, alpha, prec);
    }
    arb_clear(alpha); arb_clear(denom); arb_clear(t);
}

/* s = softmax of column c of x (per entry: exp(x_o) / sum n exp(x)). */
static void column_softmax(arb_ptr s, const pc_reduced_t *red, slong c, arb_srcptr x, slong prec)
{
    arb_t sum, mx;
    arb_init(sum); arb_init(mx);
    slong b = red->start[c];
    arb_set(mx, x + red->members[b]);
    for (slong k = b; k < red->start[c + 1]; k++)
        if (arf_cmp(arb_midref(x + red->members[k]), arb_midref(mx)) > 0)
            arb_set(mx, x + red->members[k]);
    for (slong k = b; k < red->start[c + 1]; k++) {
        slong o = red->members[k];
        arb_sub(s + o, x + o, mx, prec);
        arb_exp(s + o, s + o, prec);
        arb_addmul_si(sum, s + o, red->mult[o], prec);
    }
    for (slong k = b; k < red->start[c + 1]; k++)
        arb_div(s + red->members[k], s + red->members[k], sum, prec);
    arb_clear(sum); arb_clear(mx);
}

void pc_reduced_refine_binding(arb_ptr x, arb_t nu, const pc_reduced_t *red, slong steps,
                               slong prec)
{
    slong R = red->num_orbitals;
    arb_ptr s = _arb_vec_init(R), F = _arb_vec_init(R), A = _arb_vec_init(R),
            B = _arb_vec_init(R), d = _arb_vec_init(R);
    arb_t G, num, den, t, w;
    arb_init(G); arb_init(num); arb_init(den); arb_init(t); arb_init(w);
    for (slong step = 0; step < steps; step++) {
        arb_set_fmpq(G, red->radius2, prec);
        arb_neg(G, G);
        arb_zero(num);
        arb_zero(den);
        for (slong c = 0; c < red->num_context_orbits; c++) {
            column_softmax(s, red, c, x, prec);
            for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
                slong o = red->members[k];
                arb_set_fmpq(t, red->p + o, prec);
                arb_sub(F + o, t, s + o, prec);          /* -F = p - s - nu x */
                arb_submul(F + o, nu, x + o, prec);
            }
            column_solve(A, red, c, s, F, nu, d, prec);
            column_solve(B, red, c, s, x, nu, d, prec);
            for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
                slong o = red->members[k];
                arb_mul_si(w, x + o, red->mult[o] * red->context_size[c], prec);
                arb_addmul(G, w, x + o, prec);
                arb_addmul(num, w, A + o, prec);
                arb_addmul(den, w, B + o, prec);
            }
        }
        /* dnu = (G + 2 num) / (2 den) */
        arb_mul_2exp_si(num, num, 1);
        arb_add(num, num, G, prec);
        arb_mul_2exp_si(den, den, 1);
        arb_div(t, num, den, prec);
        for (slong o = 0; o < R; o++) {
            arb_add(x + o, x + o, A + o, prec);
            arb_submul(x + o, t, B + o, prec);
            arb_get_mid_arb(x + o, x + o);
        }
        arb_add(nu, nu, t, prec);
        arb_get_mid_arb(nu, nu);
    }
    _arb_vec_clear(s, R); _arb_vec_clear(F, R); _arb_vec_clear(A, R);
    _arb_vec_clear(B, R); _arb_vec_clear(d, R);
    arb_clear(G); arb_clear(num); arb_clear(den); arb_clear(t); arb_clear(w);
}

void pc_reduced_centered_log_enclosure(arb_ptr x, const pc_reduced_t *red, slong prec)
{
    arb_t mean;
    arb_init(mean);
    for (slong c = 0; c < red->num_context_orbits; c++) {
        arb_zero(mean);
        for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
            slong o = red->members[k];
            arb_set_fmpq(x + o, red->p + o, prec);
            arb_log(x + o, x + o, prec);
            arb_addmul_si(mean, x + o, red->mult[o], prec);
        }
        arb_div_si(mean, mean, red->V, prec);
        for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
            slong o = red->members[k];
            arb_sub(x + o, x + o, mean, prec);
        }
    }
    arb_clear(mean);
}

void pc_reduced_centered_log(arb_ptr x, const pc_reduced_t *red, slong prec)
{
    pc_reduced_centered_log_enclosure(x, red, prec);
    for (slong o = 0; o < red->num_orbitals; o++)
        arb_get_mid_arb(x + o, x + o);
}
