/* The sweep driver (sweep.h): path choice, the exchangeable closed form, pieces and values. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "peelcert/numbers.h"
#include "sweep_internal.h"

void pc_sweep_cell_init(pc_sweep_cell_t *cell, slong num_active)
{
    fmpq_init(cell->lo);
    fmpq_init(cell->hi);
    fmpq_init(cell->param);
    fmpq_init(cell->param_lo);
    cell->kind = PC_SWEEP_CELL_REGULAR;
    cell->event = 0;
    cell->sigma = 1;
    cell->dim = 0;
    cell->x = NULL;
    cell->num_active = num_active;
    cell->active = malloc(sizeof(slong) * (size_t) FLINT_MAX(num_active, 1));
}

void pc_sweep_cell_clear(pc_sweep_cell_t *cell)
{
    fmpq_clear(cell->lo);
    fmpq_clear(cell->hi);
    fmpq_clear(cell->param);
    fmpq_clear(cell->param_lo);
    if (cell->x != NULL)
        _fmpq_vec_clear(cell->x, cell->dim);
    free(cell->active);
}

void pc_sweep_break_init(pc_sweep_break_t *b, slong num_base, slong dim)
{
    fmpq_init(b->lo);
    fmpq_init(b->hi);
    b->event = 0;
    b->sigma = 1;
    b->enters = 0;
    b->num_base = num_base;
    b->base = malloc(sizeof(slong) * (size_t) FLINT_MAX(num_base, 1));
    b->dim = dim;
    b->x = _fmpq_vec_init(dim);
}

void pc_sweep_break_clear(pc_sweep_break_t *b)
{
    fmpq_clear(b->lo);
    fmpq_clear(b->hi);
    free(b->base);
    _fmpq_vec_clear(b->x, b->dim);
}

void pc_sweep_init(pc_sweep_t *sw)
{
    memset(sw, 0, sizeof *sw);
    fmpq_init(sw->A);
    fmpq_init(sw->B);
    arb_init(sw->threshold);
}

void pc_sweep_clear(pc_sweep_t *sw)
{
    for (slong k = 0; k < sw->num_cells; k++)
        pc_sweep_cell_clear(sw->cells + k);
    free(sw->cells);
    for (slong k = 0; k < sw->num_breaks; k++)
        pc_sweep_break_clear(sw->breaks + k);
    free(sw->breaks);
    for (slong k = 0; k < sw->num_values; k++) {
        pc_sweep_value_t *v = sw->values + k;
        fmpq_clear(v->rho);
        arb_clear(v->lower);
        arb_clear(v->upper);
        if (v->c != NULL) _fmpq_vec_clear(v->c, sw->n);
        if (v->r != NULL) _fmpq_vec_clear(v->r, sw->n);
    }
    free(sw->values);
    if (sw->q != NULL)
        _fmpq_vec_clear(sw->q, sw->n);
    fmpq_clear(sw->A);
    fmpq_clear(sw->B);
    arb_clear(sw->threshold);
    memset(sw, 0, sizeof *sw);
}

static int same_active(const pc_sweep_cell_t *x, const pc_sweep_cell_t *y)
{
    return x->num_active == y->num_active
           && memcmp(x->active, y->active, sizeof(slong) * (size_t) x->num_active) == 0;
}

slong pc_sweep_pieces(pc_sweep_piece_t **out, const pc_sweep_t *sw)
{
    pc_sweep_piece_t *p = malloc(sizeof(pc_sweep_piece_t) * (size_t) (sw->num_cells + 2));
    slong count = 0;
    if (sw->kind == PC_SWEEP_EXCHANGEABLE) {
        /* binding below rho* (closed form, SPEC 5b): [A, min(B, lower end of rho*)] */
        fmpq_t t;
        fmpq_init(t);
        if (sw->has_threshold)
            pc_arb_get_rational_bound(t, sw->threshold, 1);
        if (!sw->has_threshold || fmpq_cmp(sw->A, t) < 0) {
            fmpq_init(p[0].from);
            fmpq_init(p[0].to);
            fmpq_set(p[0].from, sw->A);
            fmpq_set(p[0].to, sw->has_threshold && fmpq_cmp(t, sw->B) < 0 ? t : sw->B);
            p[0].first = p[0].last = -1;
            p[0].interior = 0;
            count = 1;
        }
        fmpq_clear(t);
    }
    for (slong k = 0; k < sw->num_cells; k++) {
        const pc_sweep_cell_t *cell = sw->cells + k;
        if (count > 0 && p[count - 1].first >= 0 && fmpq_equal(p[count - 1].to, cell->lo)
            && same_active(sw->cells + p[count - 1].last, cell)) {
            p[count - 1].last = k;
            fmpq_set(p[count - 1].to, cell->hi);
            continue;
        }
        fmpq_init(p[count].from);
        fmpq_init(p[count].to);
        p[count].first = p[count].last = k;
        p[count].interior = 0;
        fmpq_set(p[count].from, cell->lo);
        fmpq_set(p[count].to, cell->hi);
        count++;
    }
    /* the interior piece: above the proved threshold (upper end, rounded up to a rational) */
    if (sw->has_threshold && arb_is_finite(sw->threshold)) {
        fmpq_t t;
        fmpq_init(t);
        pc_arb_get_rational_bound(t, sw->threshold, 0);
        if (fmpq_cmp(t, sw->A) < 0)
            fmpq_set(t, sw->A);
        if (fmpq_cmp(t, sw->B) < 0) {
            fmpq_init(p[count].from);
            fmpq_init(p[count].to);
            p[count].first = p[count].last = -1;
            p[count].interior = 1;
            fmpq_set(p[count].from, t);
            fmpq_set(p[count].to, sw->B);
            count++;
        }
        fmpq_clear(t);
    }
    *out = p;
    return count;
}

void pc_sweep_pieces_clear(pc_sweep_piece_t *pieces, slong count)
{
    for (slong k = 0; k < count; k++) {
        fmpq_clear(pieces[k].from);
        fmpq_clear(pieces[k].to);
    }
    free(pieces);
}

/* ---- exchangeable (SPEC 5b): rho* = (n - 1) |log(alpha / beta)|, closed-form values ---- */

static void exchangeable_value(pc_sweep_value_t *v, const fmpq *alpha, slong n, const fmpq *rho,
                               slong prec)
{
    fmpq_t beta;
    arb_t x, t, a, b, lab;
    fmpq_init(beta);
    arb_init(x); arb_init(t); arb_init(a); arb_init(b); arb_init(lab);
    fmpq_set_si(beta, 1, 1);
    fmpq_sub(beta, beta, alpha);
    fmpq_div_fmpz(beta, beta, (fmpz_t){n - 1});
    arb_set_fmpq(a, alpha, prec);
    arb_set_fmpq(b, beta, prec);
    /* binding iff |log(alpha/beta)| >= rho/(n-1): x = clamp(log(alpha/beta), +-rho/(n-1)) */
    arb_set_fmpq(x, rho, prec);
    arb_div_si(x, x, n - 1, prec);
    int positive = fmpq_cmp(alpha, beta) > 0;
    int interior = 0;
    if (fmpq_sgn(beta) > 0 && fmpq_sgn(alpha) > 0) {
        arb_div(lab, a, b, prec);
        arb_log(lab, lab, prec);
        arb_abs(t, lab);
        interior = arb_lt(t, x);
    }
    if (interior)
        arb_set(x, lab);
    else if (!positive)
        arb_neg(x, x);
    /* val = -alpha x + log(exp(x) + n - 1) */
    arb_exp(t, x, prec);
    arb_add_si(t, t, n - 1, prec);
    arb_log(t, t, prec);
    arb_submul(t, a, x, prec);
    fmpq_set(v->rho, rho);
    arb_set(v->lower, t);
    arb_set(v->upper, t);
    fmpq_clear(beta);
    arb_clear(x); arb_clear(t); arb_clear(a); arb_clear(b); arb_clear(lab);
}

static void exchangeable_threshold(pc_sweep_t *sw, const fmpq_t alpha, slong prec)
{
    fmpq_t beta;
    fmpq_init(beta);
    fmpq_set_si(beta, 1, 1);
    fmpq_sub(beta, beta, alpha);
    fmpq_div_fmpz(beta, beta, (fmpz_t){sw->n - 1});
    sw->has_threshold = fmpq_sgn(alpha) > 0 && fmpq_sgn(beta) > 0;
    if (sw->has_threshold) {
        arb_t a, b;
        arb_init(a);
        arb_init(b);
        arb_set_fmpq(a, alpha, prec);
        arb_set_fmpq(b, beta, prec);
        arb_div(a, a, b, prec);
        arb_log(a, a, prec);
        arb_abs(sw->threshold, a);
        arb_mul_si(sw->threshold, sw->threshold, sw->n - 1, prec);
        arb_clear(a);
        arb_clear(b);
    }
    fmpq_clear(beta);
}

static pc_sweep_value_t *new_value(pc_sweep_t *sw)
{
    sw->values = realloc(sw->values, sizeof(pc_sweep_value_t) * (size_t) (sw->num_values + 1));
    pc_sweep_value_t *v = sw->values + sw->num_values++;
    fmpq_init(v->rho);
    arb_init(v->lower);
    arb_init(v->upper);
    v->c = v->r = NULL;
    return v;
}

/* Values at each piece's ends and midpoint (SPEC 13 item 1: a documented number of points). */
static void certify_values(pc_sweep_t *sw, const fmpq *alpha, slong prec)
{
    pc_sweep_piece_t *pieces;
    slong count = pc_sweep_pieces(&pieces, sw);
    fmpq_t mid;
    fmpq_init(mid);
    for (slong k = 0; k < count; k++) {
        fmpq_add(mid, pieces[k].from, pieces[k].to);
        fmpq_div_2exp(mid, mid, 1);
        const fmpq *points[3] = {pieces[k].from, mid, pieces[k].to};
        for (int j = 0; j < (pieces[k].interior ? 1 : 3); j++) {
            pc_sweep_value_t *v = new_value(sw);
            if (sw->kind == PC_SWEEP_EXCHANGEABLE)
                exchangeable_value(v, alpha, sw->n, points[j], prec);
            else
                pc_sweep_cyclic_value(v, sw, points[j], pieces[k].interior);
        }
    }
    fmpq_clear(mid);
    pc_sweep_pieces_clear(pieces, count);
}

/* Every gap between pieces (and at the ends) is at most 10^-digits wide. */
static pc_status_t check_gaps(const pc_sweep_t *sw, pc_msg_t *msg)
{
    pc_sweep_piece_t *pieces;
    slong count = pc_sweep_pieces(&pieces, sw);
    fmpq_t limit, gap;
    fmpq_init(limit);
    fmpq_init(gap);
    fmpq_set_si(limit, 1, 1);
    for (slong k = 0; k < sw->digits; k++)
        fmpq_div_fmpz(limit, limit, (fmpz_t){10});
    pc_status_t st = PC_OK;
    for (slong k = 0; k <= count && st == PC_OK; k++) {
        const fmpq *left = k == 0 ? sw->A : pieces[k - 1].to;
        const fmpq *right = k == count ? sw->B : pieces[k].from;
        fmpq_sub(gap, right, left);
        if (fmpq_cmp(gap, limit) > 0)
            st = pc_fail(msg, PC_NOT_PROVED, "sweep: rho in [%.17g, %.17g] (width %.3g) is not covered "
                         "by proved pieces: a breakpoint there is not enclosed to 1e-%ld",
                         fmpq_get_d(left), fmpq_get_d(right), fmpq_get_d(gap), (long) sw->digits);
    }
    fmpq_clear(limit);
    fmpq_clear(gap);
    pc_sweep_pieces_clear(pieces, count);
    return st;
}

pc_status_t pc_sweep_run(pc_sweep_t *sw, const pc_instance_t *inst, const fmpq_t A, const fmpq_t B,
                         slong digits, int progress, pc_msg_t *msg)
{
    clock_t t0 = clock();
    if (fmpq_sgn(A) <= 0 || fmpq_cmp(A, B) >= 0)
        return pc_fail(msg, PC_BAD_INPUT, "--rho A:B needs 0 < A < B");
    fmpq_set(sw->A, A);
    fmpq_set(sw->B, B);
    sw->digits = digits > 0 ? digits : PC_SWEEP_DEFAULT_DIGITS;
    slong prec = (slong) ceil(sw->digits * 3.33) + 96;
    pc_status_t st;
    if (inst->form == PC_TARGETS_EXCHANGEABLE) {
        sw->kind = PC_SWEEP_EXCHANGEABLE;
        sw->n = inst->tokens;
        exchangeable_threshold(sw, inst->alpha, prec);
        certify_values(sw, inst->alpha, prec);
        st = PC_OK;
    } else if (inst->tokens == inst->contexts && inst->tokens >= 2 && inst->form != PC_TARGETS_ONEHOT
               && pc_instance_is_circulant(inst, NULL)) {
        sw->kind = PC_SWEEP_CYCLIC;
        sw->n = inst->tokens;
        sw->q = _fmpq_vec_init(sw->n);
        pc_instance_is_circulant(inst, sw->q);
        st = pc_sweep_cyclic(sw, progress, msg);
        if (st == PC_OK)
            st = check_gaps(sw, msg);
        certify_values(sw, NULL, prec);
    } else {
        st = pc_fail(msg, PC_NOT_PROVED, "sweep: not supported on this path: only cyclic (circulant) "
                     "and exchangeable instances have a certified phase diagram (SPEC 13)");
    }
    sw->seconds = (double) (clock() - t0) / CLOCKS_PER_SEC;
    return st;
}
