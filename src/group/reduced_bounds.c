/* Exact rounding of a reduced point and the rigorous enclosures of its bounds
 * (reduced.h; FORMAT.md kind "group"). fmpq for the data, Arb balls for the bounds. */
#include "peelcert/reduced.h"
#include "peelcert/verify.h"

/* The midpoint of x rounded to prec bits, as an exact dyadic. */
static void dyadic_from_mid(fmpq_t out, const arb_t x, slong prec)
{
    arf_t m;
    arf_init(m);
    arf_set_round(m, arb_midref(x), prec, ARF_RND_NEAR);
    arf_get_fmpq(out, m);
    arf_clear(m);
}

/* (V - 1) sum_o |o| z[o]^2, exact. */
static void nuclear_square(fmpq_t out, const fmpq *z, const pc_reduced_t *red)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(out);
    for (slong o = 0; o < red->num_orbitals; o++) {
        fmpq_mul(t, z + o, z + o);
        fmpq_mul_fmpz(t, t, (fmpz_t){red->orbital_size[o]});
        fmpq_add(out, out, t);
    }
    fmpq_mul_fmpz(out, out, (fmpz_t){red->V - 1});
    fmpq_clear(t);
}

/* Sum of column c of the matrix whose entries are v[orbital] (mult-weighted), exact. */
static void column_sum(fmpq_t out, const fmpq *v, const pc_reduced_t *red, slong c)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(out);
    for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
        slong o = red->members[k];
        fmpq_mul_fmpz(t, v + o, (fmpz_t){red->mult[o]});
        fmpq_add(out, out, t);
    }
    fmpq_clear(t);
}

int pc_reduced_primal_feasible(const fmpq *z, const pc_reduced_t *red)
{
    fmpq_t t, ab;
    int ok = 1;
    fmpq_init(t); fmpq_init(ab);
    for (slong c = 0; ok && c < red->num_context_orbits; c++) {
        column_sum(t, z, red, c);
        ok = fmpq_is_zero(t);
    }
    fmpq_mul(ab, red->a, red->b);
    nuclear_square(t, z, red);
    ok = ok && fmpq_cmp(t, ab) <= 0;
    fmpq_clear(t); fmpq_clear(ab);
    return ok;
}

int pc_reduced_dual_feasible(const fmpq *q, const pc_reduced_t *red)
{
    fmpq_t t;
    int ok = 1;
    fmpq_init(t);
    for (slong o = 0; ok && o < red->num_orbitals; o++)
        ok = fmpq_sgn(q + o) >= 0;
    for (slong c = 0; ok && c < red->num_context_orbits; c++) {
        column_sum(t, q, red, c);
        ok = fmpq_is_one(t);
    }
    fmpq_clear(t);
    return ok;
}

void pc_reduced_round_primal(fmpq *z, arb_srcptr x, const pc_reduced_t *red, slong prec)
{
    slong R = red->num_orbitals;
    fmpq_t t, ab, ratio, factor;
    arb_t root;
    arf_t low;
    fmpq_init(t); fmpq_init(ab); fmpq_init(ratio); fmpq_init(factor);
    arb_init(root); arf_init(low);
    for (slong o = 0; o < R; o++)
        dyadic_from_mid(z + o, x + o, prec);
    /* Exact centering: shift each column by minus its mean. */
    for (slong c = 0; c < red->num_context_orbits; c++) {
        column_sum(t, z, red, c);
        fmpq_div_fmpz(t, t, (fmpz_t){red->V});
        for (slong k = red->start[c]; k < red->start[c + 1]; k++)
            fmpq_sub(z + red->members[k], z + red->members[k], t);
    }
    /* Exact feasibility: scale by a dyadic just below sqrt(ab / norm) until it holds. */
    fmpq_mul(ab, red->a, red->b);
    for (slong shrink = prec - 8; shrink > 4; shrink -= 8) {
        nuclear_square(t, z, red);
        if (fmpq_cmp(t, ab) <= 0)
            break;
        fmpq_div(ratio, ab, t);
        arb_set_fmpq(root, ratio, prec);
        arb_sqrt(root, root, prec);
        arb_get_lbound_arf(low, root, prec);
        {
            arf_t cut;                                  /* low (1 - 2^-shrink), rounded down */
            arf_init(cut);
            arf_mul_2exp_si(cut, low, -shrink);
            arf_sub(low, low, cut, prec, ARF_RND_DOWN);
            arf_clear(cut);
        }
        arf_get_fmpq(factor, low);
        if (fmpq_sgn(factor) <= 0)
            fmpq_zero(factor);
        for (slong o = 0; o < R; o++)
            fmpq_mul(z + o, z + o, factor);
    }
    nuclear_square(t, z, red);
    if (fmpq_cmp(t, ab) > 0)          /* cannot happen; Z = 0 is always feasible */
        for (slong o = 0; o < R; o++)
            fmpq_zero(z + o);
    fmpq_clear(t); fmpq_clear(ab); fmpq_clear(ratio); fmpq_clear(factor);
    arb_clear(root); arf_clear(low);
}

/* s = softmax of column c of z, enclosed (per entry). */
static void column_softmax_exact(arb_ptr s, const fmpq *z, const pc_reduced_t *red, slong c,
                                 slong prec)
{
    arb_t sum;
    arb_init(sum);
    for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
        slong o = red->members[k];
        arb_set_fmpq(s + o, z + o, prec);
        arb_exp(s + o, s + o, prec);
        arb_addmul_si(sum, s + o, red->mult[o], prec);
    }
    for (slong k = red->start[c]; k < red->start[c + 1]; k++)
        arb_div(s + red->members[k], s + red->members[k], sum, prec);
    arb_clear(sum);
}

void pc_reduced_round_dual(fmpq *q, const fmpq *z, const pc_reduced_t *red, slong prec)
{
    slong R = red->num_orbitals;
    arb_ptr s = _arb_vec_init(R);
    fmpq_t rest, t;
    fmpq_init(rest); fmpq_init(t);
    for (slong c = 0; c < red->num_context_orbits; c++) {
        column_softmax_exact(s, z, red, c, prec);
        slong largest = red->members[red->start[c]];
        for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
            slong o = red->members[k];
            dyadic_from_mid(q + o, s + o, prec);
            if (fmpq_sgn(q + o) < 0)
                fmpq_zero(q + o);
            if (fmpq_cmp(q + o, q + largest) > 0)
                largest = o;
        }
        fmpq_zero(q + largest);
        column_sum(rest, q, red, c);
        fmpq_one(t);
        fmpq_sub(t, t, rest);
        fmpq_div_fmpz(q + largest, t, (fmpz_t){red->mult[largest]});
        if (fmpq_sgn(q + largest) < 0)      /* cannot happen near a softmax; Q = P is valid */
            for (slong k = red->start[c]; k < red->start[c + 1]; k++)
                fmpq_set(q + red->members[k], red->p + red->members[k]);
    }
    _arb_vec_clear(s, R);
    fmpq_clear(rest); fmpq_clear(t);
}

void pc_reduced_objective(arb_t out, const fmpq *z, const pc_reduced_t *red, slong prec)
{
    arb_t sum, col, t, p;
    arb_init(sum); arb_init(col); arb_init(t); arb_init(p);
    arb_zero(out);
    for (slong c = 0; c < red->num_context_orbits; c++) {
        arb_zero(sum);
        arb_zero(col);
        for (slong k = red->start[c]; k < red->start[c + 1]; k++) {
            slong o = red->members[k];
            arb_set_fmpq(t, z + o, prec);
            arb_set_fmpq(p, red->p + o, prec);
            arb_mul_si(p, p, red->mult[o], prec);
            arb_submul(col, p, t, prec);                  /* - <p, z> */
            arb_exp(t, t, prec);
            arb_addmul_si(sum, t, red->mult[o], prec);
        }
        arb_log(sum, sum, prec);
        arb_add(col, col, sum, prec);
        arb_addmul_si(out, col, red->context_size[c], prec);
    }
    arb_div_si(out, out, red->N, prec);
    arb_clear(sum); arb_clear(col); arb_clear(t); arb_clear(p);
}

/* sum_o |o| (-v[o] log v[o]), enclosed (v in [0, 1]). */
static void weighted_entropy(arb_t out, const fmpq *v, const pc_reduced_t *red, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_zero(out);
    for (slong o = 0; o < red->num_orbitals; o++) {
        pc_verify_entropy_term(t, v + o, prec);
        arb_addmul_si(out, t, red->orbital_size[o], prec);
    }
    arb_clear(t);
}

void pc_reduced_dual_bound(arb_t out, const fmpq *q, const pc_reduced_t *red, slong prec)
{
    fmpq_t m2, t;
    arb_t penalty;
    fmpq_init(m2); fmpq_init(t);
    arb_init(penalty);
    weighted_entropy(out, q, red, prec);
    /* rho ||Q - P||_op = sqrt(a b ||Q - P||_F^2 / (V - 1)), one exact rational under the root. */
    for (slong o = 0; o < red->num_orbitals; o++) {
        fmpq_sub(t, q + o, red->p + o);
        fmpq_mul(t, t, t);
        fmpq_mul_fmpz(t, t, (fmpz_t){red->orbital_size[o]});
        fmpq_add(m2, m2, t);
    }
    fmpq_mul(m2, m2, red->radius2);
    arb_set_fmpq(penalty, m2, prec);
    arb_sqrt(penalty, penalty, prec);
    arb_sub(out, out, penalty, prec);
    arb_div_si(out, out, red->N, prec);
    fmpq_clear(m2); fmpq_clear(t);
    arb_clear(penalty);
}

void pc_reduced_mean_entropy(arb_t out, const pc_reduced_t *red, slong prec)
{
    weighted_entropy(out, red->p, red, prec);
    arb_div_si(out, out, red->N, prec);
}

int pc_reduced_interior_compare(const pc_reduced_t *red, slong prec)
{
    slong R = red->num_orbitals;
    arb_ptr L = _arb_vec_init(R);
    arb_t norm, ab, t;
    fmpq_t abq;
    int result = 0;
    arb_init(norm); arb_init(ab); arb_init(t); fmpq_init(abq);
    /* Centered logs, enclosed (not midpoints): the comparison is a proof. */
    pc_reduced_centered_log_enclosure(L, red, prec);
    for (slong o = 0; o < R; o++) {
        arb_sqr(t, L + o, prec);
        arb_addmul_si(norm, t, red->orbital_size[o], prec);
    }
    arb_mul_si(norm, norm, red->V - 1, prec);
    fmpq_mul(abq, red->a, red->b);
    arb_set_fmpq(ab, abq, prec);
    if (arb_lt(norm, ab)) result = -1;
    else if (arb_gt(norm, ab)) result = 1;
    _arb_vec_clear(L, R);
    arb_clear(norm); arb_clear(ab); arb_clear(t); fmpq_clear(abq);
    return result;
}
