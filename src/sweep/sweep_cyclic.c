/* The cyclic sweep (sweep.h, SPEC 5a, 13): cover [A, B] by Krawczyk cells with rho as an
 * interval, marching with step doubling and halving; where a march stalls (a breakpoint ahead:
 * cells would have to shrink towards it) the breakpoint itself is enclosed and its sides proved
 * by the event system (sweep_event.c); the interior threshold in closed form. Floats and Newton
 * only find; every cell kept is proved for every rho in [lo, hi]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <acb_dft.h>
#include "peelcert/cyclic.h"
#include "peelcert/numbers.h"
#include "sweep_internal.h"

/* rho in [lo, hi] as a ball (exact endpoints, widened outward). */
void pc_sweep_rho_interval(arb_t rho, const fmpq_t lo, const fmpq_t hi, slong prec)
{
    arb_t a, b;
    arb_init(a);
    arb_init(b);
    arb_set_fmpq(a, lo, prec);
    arb_set_fmpq(b, hi, prec);
    arb_union(rho, a, b, prec);
    arb_clear(a);
    arb_clear(b);
}

/* A floating start at rho (double), then the active set of the floating point. */
static void float_start(pc_sweep_cover_t *S, double rho)
{
    double *qd = malloc(sizeof(double) * (size_t) S->n), *cd = malloc(sizeof(double) * (size_t) S->n);
    pc_cyclic_float_info_t info;
    for (slong m = 0; m < S->n; m++)
        qd[m] = fmpq_get_d(S->q + m);
    pc_cyclic_solve_double(cd, &info, qd, S->n, rho, 1e-13, 100000);
    S->num_active = pc_cyclic_active_double(S->active, cd, S->n, 1e-9);
    for (slong m = 0; m < S->n; m++)
        arb_set_d(S->c + m, cd[m]);
    arb_set_d(S->nu, info.nu > 0 ? info.nu : 1e-3);
    free(qd);
    free(cd);
}

/* Newton at the point rho (from the warm start, else from a floating start). */
int pc_sweep_refine_at(pc_sweep_cover_t *S, const fmpq_t rho_point, int allow_float)
{
    arb_t rho;
    pc_msg_t msg;
    arb_init(rho);
    arb_set_fmpq(rho, rho_point, S->prec + 64);
    int ok = 0;
    for (int attempt = 0; attempt < 2 && !ok; attempt++) {
        if (attempt == 1 && !allow_float)
            break;
        if (!S->have_point || attempt == 1)
            float_start(S, fmpq_get_d(rho_point));
        ok = S->num_active > 0
             && pc_cyclic_refine(S->c, S->nu, S->active, &S->num_active, S->q, S->n, rho, S->prec,
                                 &msg) == PC_OK;
    }
    S->have_point = ok;
    arb_clear(rho);
    return ok;
}

pc_sweep_cell_t *pc_sweep_append_cell(pc_sweep_cover_t *S, const fmpq_t lo, const fmpq_t hi)
{
    pc_sweep_t *sw = S->sw;
    sw->cells = realloc(sw->cells, sizeof(pc_sweep_cell_t) * (size_t) (sw->num_cells + 1));
    pc_sweep_cell_t *cell = sw->cells + sw->num_cells++;
    pc_sweep_cell_init(cell, S->num_active);
    fmpq_set(cell->lo, lo);
    fmpq_set(cell->hi, hi);
    memcpy(cell->active, S->active, sizeof(slong) * (size_t) S->num_active);
    return cell;
}

/* Drops the predictor (after a change of the active set or a failed Newton). */
static void polar_drop(pc_sweep_cover_t *S)
{
    if (S->have_polar) {
        pc_cyclic_event_clear(&S->polar);
        pc_cyclic_event_box_clear(&S->pbox);
        S->have_polar = 0;
    }
}

/* The starting point of a cell's Newton at rho = mid, in polar form: the last proved cell's
 * curve x(p) = centre + tangent (p - p_centre) at mid (same active set), else the Cartesian
 * Newton (pc_sweep_refine_at) at mid. Finds only. */
static int cell_start(pc_cyclic_event_t *ev, pc_sweep_cover_t *S, const fmpq_t mid, int allow_float)
{
    arb_t rho, param;
    arb_init(rho);
    arb_init(param);
    arb_set_fmpq(rho, mid, S->prec);
    int ok = 1;
    if (S->have_polar && (S->polar.num_base != S->num_active
                          || memcmp(S->polar.base, S->active, sizeof(slong) * (size_t) S->num_active)))
        polar_drop(S);
    pc_cyclic_event_init(ev, S->n, S->active, S->num_active, 0, 1);
    if (S->have_polar) {
        ev->sigma = S->polar.sigma;
        pc_cyclic_event_box_at(ev->x, &S->pbox, rho, S->cell_prec);
        for (slong i = 0; i < ev->dim; i++)
            arb_get_mid_arb(ev->x + i, ev->x + i);
    } else {
        ok = pc_sweep_refine_at(S, mid, allow_float);
        if (ok)
            pc_cyclic_event_load(ev, param, S->c, S->nu, rho, PC_CYCLIC_EVENT_RHO, S->q, S->prec);
    }
    pc_msg_t msg;
    ok = ok && pc_cyclic_event_newton(ev, PC_CYCLIC_EVENT_RHO, rho, S->q, S->cell_prec, &msg) == PC_OK;
    arb_clear(rho);
    arb_clear(param);
    return ok;
}

/* One cell [lo, hi]: Newton at the midpoint (from the predictor; a floating start if allowed),
 * then the parametric Krawczyk test with rho over [lo, hi]. Appends the cell and returns 1 if
 * proved; the proved cell becomes the predictor and S's point (c, nu) its centre. */
static int try_cell(pc_sweep_cover_t *S, const fmpq_t lo, const fmpq_t hi, int allow_float)
{
    if (S->sw->attempts >= PC_SWEEP_MAX_CELLS)
        return 0;
    S->sw->attempts++;
    fmpq_t mid;
    fmpq_init(mid);
    fmpq_add(mid, lo, hi);
    fmpq_div_2exp(mid, mid, 1);
    int proved = 0;
    pc_cyclic_event_t ev;
    if (!cell_start(&ev, S, mid, allow_float)) {
        polar_drop(S);
    } else {
        arb_t rho;
        pc_msg_t msg;
        pc_cyclic_event_box_t box;
        arb_init(rho);
        pc_cyclic_event_box_init(&box, ev.dim);
        pc_sweep_rho_interval(rho, lo, hi, S->cell_prec + 64);
        if (pc_cyclic_event_krawczyk(&box, &ev, PC_CYCLIC_EVENT_RHO, rho, S->q, S->cell_prec, &msg) == PC_OK) {
            pc_sweep_append_event_cell(S, lo, hi, PC_CYCLIC_EVENT_RHO, &ev, lo, hi);
            proved = 1;
            arb_set_fmpq(rho, mid, S->prec);
            pc_cyclic_event_regular(S->c, S->nu, &ev, PC_CYCLIC_EVENT_RHO, rho, S->q, S->prec);
            S->have_point = 1;
            polar_drop(S);
            S->polar = ev;
            S->pbox = box;
            S->have_polar = 1;
        }
        if (!proved)
            pc_cyclic_event_box_clear(&box);
        arb_clear(rho);
    }
    if (!proved)
        pc_cyclic_event_clear(&ev);
    fmpq_clear(mid);
    return proved;
}

/* Swaps the cells appended since first into increasing rho (a backward march appends them
 * from right to left). */
static void reverse_cells(pc_sweep_t *sw, slong first)
{
    for (slong i = first, j = sw->num_cells - 1; i < j; i++, j--) {
        pc_sweep_cell_t t = sw->cells[i];
        sw->cells[i] = sw->cells[j];
        sw->cells[j] = t;
    }
}

/* Marches from x towards target (forward if dir > 0) with proved cells, the step doubling after
 * a success and halving after a failure (continuation: each Newton starts from the last point),
 * until target is reached or the step falls below S->stall. x is updated to where it stopped;
 * returns 1 if target was reached. */
int pc_sweep_march(pc_sweep_cover_t *S, fmpq_t x, const fmpq_t target, int dir, fmpq_t h)
{
    fmpq_t y, lo, hi, room;
    fmpq_init(y); fmpq_init(lo); fmpq_init(hi); fmpq_init(room);
    slong first = S->sw->num_cells;
    int reached = 0;
    while (S->sw->attempts < PC_SWEEP_MAX_CELLS) {
        fmpq_sub(room, target, x);
        if (dir < 0)
            fmpq_neg(room, room);
        if (fmpq_sgn(room) <= 0) { reached = 1; break; }
        if (fmpq_cmp(h, room) > 0)
            fmpq_set(h, room);
        if (dir > 0) fmpq_add(y, x, h); else fmpq_sub(y, x, h);
        fmpq_set(lo, dir > 0 ? x : y);
        fmpq_set(hi, dir > 0 ? y : x);
        if (try_cell(S, lo, hi, 0)) {
            fmpq_set(x, y);
            /* grow by 1.3, less when the Krawczyk image filled more of the box (its ratio
             * max |K_i| / r_i rises with the width: near 1 the next wider cell fails), kept a
             * short dyadic; thresholds by the attempts of cyclic-13-leave-5: 5348 with
             * (0.75, 0.88; 1.5, 1.25), 4723 (0.6, 0.8; 1.4, 1.2), 4593 with these (hours 620 ->
             * 548, leave-1 1550 -> 1319, leave-3 1980 -> 1685) */
            double ratio = S->have_polar ? S->pbox.ratio : 0;
            double grow = ratio < 0.5 ? 1.3 : ratio < 0.75 ? 1.15 : 1.05;
            pc_rational_set_double(h, ldexp(floor(ldexp(grow * fmpq_get_d(h), 24 - ilogb(fmpq_get_d(h)))),
                                            ilogb(fmpq_get_d(h)) - 24));
        } else {
            fmpq_div_2exp(h, h, 1);
            /* stalled: below S->stall, or below 2^-16 of rho (cells that small mean an event
             * ahead, which the event system resolves faster than shrinking cells; not 2^-12:
             * where the optimum is ill-conditioned, nu and the least curvature of the softmax
             * small, cells of 1e-4 rho are needed away from any event, cyclic-13-leave-*, hours
             * near rho 94) */
            fmpq_mul_2exp(room, h, 16);
            if (fmpq_cmp(h, S->stall) < 0 || fmpq_cmp(room, x) < 0)
                break;
        }
    }
    if (dir < 0)
        reverse_cells(S->sw, first);
    fmpq_clear(y); fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(room);
    return reached;
}

/* Covers [A, top] by forward marches; where a march stalls, the event ahead is enclosed and
 * its sides proved (pc_sweep_event), and the march resumes beyond it. Returns 0 with msg if a
 * stall could not be resolved or the attempt budget ran out. */
static int cover(pc_sweep_cover_t *S, const fmpq_t A, const fmpq_t top, pc_msg_t *msg)
{
    fmpq_t x, h, restart;
    fmpq_init(x); fmpq_init(h); fmpq_init(restart);
    fmpq_set(x, A);
    fmpq_sub(h, top, A);
    fmpq_div_2exp(h, h, 6);
    S->have_point = 0;
    int ok = pc_sweep_refine_at(S, x, 1);
    if (!ok)
        pc_fail(msg, PC_NOT_PROVED, "sweep: Newton did not converge at rho = %.17g", fmpq_get_d(x));
    while (ok) {
        if (pc_sweep_march(S, x, top, +1, h))
            break;
        if (S->sw->attempts >= PC_SWEEP_MAX_CELLS) {
            ok = 0;
            pc_fail(msg, PC_NOT_PROVED, "sweep: %d Krawczyk attempts (PC_SWEEP_MAX_CELLS) did not "
                    "cover [A, B]; stopped at rho = %.17g", PC_SWEEP_MAX_CELLS, fmpq_get_d(x));
            break;
        }
        /* the stall point: the end of the last proved cell, S's point there */
        pc_sweep_refine_at(S, x, 0);
        if (!pc_sweep_event(S, restart, x, top, msg)) {
            ok = 0;
            break;
        }
        if (fmpq_cmp(restart, top) >= 0)
            break;
        fmpq_sub(h, restart, S->sw->breaks[S->sw->num_breaks - 1].hi);
        fmpq_set(x, restart);
    }
    fmpq_clear(x); fmpq_clear(h); fmpq_clear(restart);
    return ok;
}

/* Cells in increasing rho (the sides of a breakpoint are proved outward from it). */
static int cell_order(const void *x, const void *y)
{
    return fmpq_cmp(((const pc_sweep_cell_t *) x)->lo, ((const pc_sweep_cell_t *) y)->lo);
}

/* rho_int = sum_j |l_hat_j|, l = centered log q (SPEC 13 item 2; FORMAT.md regime claims). */
static void interior_threshold(arb_t out, const fmpq *q, slong n, slong prec)
{
    arb_ptr l = _arb_vec_init(n);
    arb_t mean;
    arb_init(mean);
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(l + m, q + m, prec);
        arb_log(l + m, l + m, prec);
        arb_add(mean, mean, l + m, prec);
    }
    arb_div_si(mean, mean, n, prec);
    for (slong m = 0; m < n; m++)
        arb_sub(l + m, l + m, mean, prec);
    pc_cyclic_nuclear_norm_arb(out, l, n, prec);
    arb_clear(mean);
    _arb_vec_clear(l, n);
}

pc_status_t pc_sweep_cyclic(pc_sweep_t *sw, int progress, pc_msg_t *msg)
{
    slong n = sw->n, digit_bits = (slong) ceil(sw->digits * 3.3219280948873623);
    pc_sweep_cover_t S;
    memset(&S, 0, sizeof S);
    S.q = sw->q;
    S.n = n;
    S.prec = digit_bits + 2 * FLINT_BIT_COUNT(n) + 96;
    /* one limb for the regular cells: their radii are >= 2^-44 (the floor of
     * pc_cyclic_event_krawczyk), their rho intervals rational; 120 bits cost twice the time
     * for the same cells (the breakpoints and their chains keep S.prec) */
    S.cell_prec = 64;
    S.c = _arb_vec_init(n);
    arb_init(S.nu);
    S.active = malloc(sizeof(slong) * (size_t) (n / 2 + 1));
    S.sw = sw;
    S.progress = progress;
    fmpq_init(S.min_width);
    fmpq_init(S.stall);
    fmpq_set_si(S.min_width, 1, 4);
    for (slong k = 0; k < sw->digits; k++)
        fmpq_div_fmpz(S.min_width, S.min_width, (fmpz_t){10});

    sw->has_threshold = 1;
    for (slong m = 0; m < n; m++)
        sw->has_threshold = sw->has_threshold && fmpq_sgn(sw->q + m) > 0;
    fmpq_t top;
    fmpq_init(top);
    fmpq_set(top, sw->B);
    if (sw->has_threshold) {
        interior_threshold(sw->threshold, sw->q, n, S.prec + 64);
        fmpq_t t;
        fmpq_init(t);
        pc_arb_get_rational_bound(t, sw->threshold, 1);
        if (fmpq_cmp(t, top) < 0)
            fmpq_set(top, t);
        fmpq_clear(t);
    }
    pc_status_t st = PC_OK;
    /* a march gives up at steps below 2^-18 of the range: there the event is enclosed instead */
    fmpq_sub(S.stall, top, sw->A);
    fmpq_div_2exp(S.stall, S.stall, 18);
    if (fmpq_cmp(S.stall, S.min_width) < 0)
        fmpq_set(S.stall, S.min_width);
    if (fmpq_cmp(sw->A, top) < 0 && !cover(&S, sw->A, top, msg))
        st = PC_NOT_PROVED;
    qsort(sw->cells, (size_t) sw->num_cells, sizeof(pc_sweep_cell_t), cell_order);
    if (progress)
        fprintf(stderr, "sweep: %ld cells proved in %ld attempts (%.2f s)\n", (long) sw->num_cells,
                (long) sw->attempts, (double) clock() / CLOCKS_PER_SEC);
    fmpq_clear(top);
    polar_drop(&S);
    fmpq_clear(S.min_width);
    fmpq_clear(S.stall);
    _arb_vec_clear(S.c, n);
    arb_clear(S.nu);
    free(S.active);
    return st;
}

/* A certified value at the exact rho: binding side by a circulant certificate at a = b = rho
 * (rho = sqrt(a b) exactly), interior side H(q). */
void pc_sweep_cyclic_value(pc_sweep_value_t *v, const pc_sweep_t *sw, const fmpq_t rho, int interior)
{
    slong prec = (slong) ceil(sw->digits * 3.33) + 96;
    fmpq_set(v->rho, rho);
    if (interior) {
        pc_cyclic_entropy(v->lower, sw->q, sw->n, prec);
        arb_set(v->upper, v->lower);
        return;
    }
    pc_cyclic_result_t res;
    pc_cyclic_options_t opt = {sw->digits + 5, 0, 0};
    pc_msg_t msg;
    pc_cyclic_result_init(&res);
    pc_cyclic_certify(&res, sw->q, sw->n, rho, rho, &opt, &msg);
    if (res.c != NULL) {
        v->c = _fmpq_vec_init(sw->n);
        v->r = _fmpq_vec_init(sw->n);
        for (slong m = 0; m < sw->n; m++) {
            fmpq_set(v->c + m, res.c + m);
            fmpq_set(v->r + m, res.r + m);
        }
        arb_set(v->lower, res.lower);
        arb_set(v->upper, res.upper);
    } else {
        arb_indeterminate(v->lower);
        arb_indeterminate(v->upper);
    }
    pc_cyclic_result_clear(&res);
}
