/* Breakpoints of the cyclic sweep (sweep_internal.h, pc_sweep_event; SPEC 13; cyclic.h
 * "breakpoints"): where a march of regular cells stalls, the event ahead is predicted from two
 * refined points (finds), then proved: the breakpoint as the zero of the event system at
 * t = m = 0 in a box whose rho side is narrower than 10^-digits, and each side by one event cell
 * (the parameter in [0, P]) that reaches from the breakpoint to the regular cells. Both side
 * boxes must contain the breakpoint box, so both curves start at the same zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <acb_dft.h>
#include "peelcert/cyclic.h"
#include "peelcert/numbers.h"
#include "sweep_internal.h"

#define EVENT_TRIES 16   /* halvings of a chain step (8 was too few beyond the leaving breakpoint of cyclic-13-leave-1) */

static void event_copy(pc_cyclic_event_t *dst, const pc_cyclic_event_t *src)
{
    pc_cyclic_event_init(dst, src->n, src->base, src->num_base, src->event, src->sigma);
    _arb_vec_set(dst->x, src->x, src->dim);
}

/* phi[0] = nu; phi[j] = |z_j| (j active) or nu - |g_hat_j| (j inactive), j = 1..n/2, at the
 * point (c, nu) with the active set (doubles: they only predict). */
static void event_distances(double *phi, arb_srcptr c, const arb_t nu, const slong *active,
                            slong num_active, const fmpq *q, slong n, slong prec)
{
    acb_ptr x = _acb_vec_init(n), ch = _acb_vec_init(n), sh = _acb_vec_init(n), qh = _acb_vec_init(n);
    arb_t t, sum, shift;
    arb_init(t);
    arb_init(sum);
    arb_init(shift);
    for (slong m = 0; m < n; m++)
        arb_get_mid_arb(acb_realref(x + m), c + m);
    acb_dft(ch, x, n, prec);
    arb_set(shift, acb_realref(x));
    for (slong m = 0; m < n; m++) {
        arb_sub(t, acb_realref(x + m), shift, prec);
        arb_exp(acb_realref(x + m), t, prec);
        arb_add(sum, sum, acb_realref(x + m), prec);
    }
    for (slong m = 0; m < n; m++)
        arb_div(acb_realref(x + m), acb_realref(x + m), sum, prec);
    acb_dft(sh, x, n, prec);
    for (slong m = 0; m < n; m++) {
        acb_zero(x + m);
        arb_set_fmpq(acb_realref(x + m), q + m, prec);
    }
    acb_dft(qh, x, n, prec);
    phi[0] = arf_get_d(arb_midref(nu), ARF_RND_NEAR);
    for (slong j = 1, a = 0; j <= n / 2; j++) {
        if (a < num_active && active[a] == j) {
            acb_abs(t, ch + j, prec);
            a++;
            phi[j] = arf_get_d(arb_midref(t), ARF_RND_NEAR);
        } else {
            acb_sub(sh + j, sh + j, qh + j, prec);
            acb_abs(t, sh + j, prec);
            phi[j] = phi[0] - arf_get_d(arb_midref(t), ARF_RND_NEAR);
        }
    }
    arb_clear(t);
    arb_clear(sum);
    arb_clear(shift);
    _acb_vec_clear(x, n); _acb_vec_clear(ch, n); _acb_vec_clear(sh, n); _acb_vec_clear(qh, n);
}

/* The events ahead of x_stop: the quantities of event_distances falling to zero, by linear
 * extrapolation from x_stop and a point behind it (inside the proved cells), nearest first:
 * up to max candidates into cand (frequencies; 0: nu, the interior threshold). Returns their
 * number. */
static slong event_predict(slong *cand, slong max, pc_sweep_cover_t *S, const fmpq_t x_stop,
                           int interior_ahead)
{
    slong n = S->n, best = -1, count = 0;
    double *dist = malloc(sizeof(double) * (size_t) (n / 2 + 1));
    double *phi1 = malloc(sizeof(double) * (size_t) (n / 2 + 1));
    double *phi2 = malloc(sizeof(double) * (size_t) (n / 2 + 1));
    event_distances(phi1, S->c, S->nu, S->active, S->num_active, S->q, n, S->prec);
    /* the point behind: the last cell's width behind x_stop (a copy of S refined there) */
    pc_sweep_cover_t B = *S;
    fmpq_t x2, w;
    fmpq_init(x2);
    fmpq_init(w);
    const pc_sweep_cell_t *last = S->sw->num_cells > 0 ? S->sw->cells + S->sw->num_cells - 1 : NULL;
    if (last != NULL) fmpq_sub(w, last->hi, last->lo); else fmpq_mul_2exp(w, S->stall, 4);
    fmpq_sub(x2, x_stop, w);
    B.c = _arb_vec_init(n);
    arb_init(B.nu);
    B.active = malloc(sizeof(slong) * (size_t) (n / 2 + 1));
    _arb_vec_set(B.c, S->c, n);
    arb_set(B.nu, S->nu);
    memcpy(B.active, S->active, sizeof(slong) * (size_t) (n / 2 + 1));
    double bestd = INFINITY, dx = fmpq_get_d(w);
    if (pc_sweep_refine_at(&B, x2, 0) && B.num_active == S->num_active) {
        event_distances(phi2, B.c, B.nu, B.active, B.num_active, S->q, n, S->prec);
        for (slong j = 0; j <= n / 2; j++) {
            dist[j] = INFINITY;
            if ((j > 0 || interior_ahead) && phi1[j] > 0 && phi2[j] > phi1[j])
                dist[j] = phi1[j] * dx / (phi2[j] - phi1[j]);
        }
        /* selection of the nearest, one at a time */
        while (count < max) {
            slong k = -1;
            for (slong j = 0; j <= n / 2; j++)
                if (dist[j] < INFINITY && (k < 0 || dist[j] < dist[k]))
                    k = j;
            if (k < 0)
                break;
            if (count == 0) { best = k; bestd = dist[k]; }
            cand[count++] = k;
            dist[k] = INFINITY;
        }
    }
    if (S->progress)
        fprintf(stderr, "sweep: stalled at rho = %.17g; event ahead: %s %ld in about %.3g\n",
                fmpq_get_d(x_stop), best == 0 ? "interior threshold" : "frequency", (long) best, bestd);
    _arb_vec_clear(B.c, n);
    arb_clear(B.nu);
    free(B.active);
    fmpq_clear(x2);
    fmpq_clear(w);
    free(phi1);
    free(phi2);
    free(dist);
    return count;
}

/* The ball [lo, hi] (rounded outward). */
static void param_ball(arb_t ball, const fmpq_t lo, const fmpq_t hi, slong prec)
{
    pc_sweep_rho_interval(ball, lo, hi, prec);
}

/* Newton from start at the parameter value [lo, hi]'s midpoint into out (a copy), then the
 * Krawczyk test over [lo, hi] into box (box_init'ed here; the caller clears both). */
static int event_box(pc_cyclic_event_box_t *box, pc_cyclic_event_t *out,
                     const pc_cyclic_event_t *start, pc_cyclic_event_side_t side, const fmpq_t lo,
                     const fmpq_t hi, pc_sweep_cover_t *S, pc_msg_t *msg)
{
    pc_cyclic_event_box_init(box, start->dim);
    arb_t p;
    fmpq_t mid;
    arb_init(p);
    fmpq_init(mid);
    fmpq_add(mid, lo, hi);
    fmpq_div_2exp(mid, mid, 1);
    arb_set_fmpq(p, mid, S->prec);
    event_copy(out, start);
    int ok = pc_cyclic_event_newton(out, side, p, S->q, S->prec, msg) == PC_OK;
    if (ok) {
        param_ball(p, lo, hi, S->prec);
        ok = pc_cyclic_event_krawczyk(box, out, side, p, S->q, S->prec, msg) == PC_OK;
    }
    arb_clear(p);
    fmpq_clear(mid);
    return ok;
}

/* inner lies in the box of B at the parameter value p (exact). */
static int box_contains_at(const pc_cyclic_event_box_t *B, const fmpq_t p, arb_srcptr inner,
                           slong prec)
{
    arb_t pb;
    arb_ptr at = _arb_vec_init(B->dim);
    arb_init(pb);
    arb_set_fmpq(pb, p, prec);
    pc_cyclic_event_box_at(at, B, pb, prec);
    int ok = 1;
    for (slong i = 0; i < B->dim && ok; i++)
        ok = arb_contains(at + i, inner + i);
    arb_clear(pb);
    _arb_vec_clear(at, B->dim);
    return ok;
}

static void exact_centre(fmpq *x, const pc_cyclic_event_t *ev)
{
    for (slong i = 0; i < ev->dim; i++)
        arf_get_fmpq(x + i, arb_midref(ev->x + i));
}

static pc_sweep_cell_kind_t cell_kind(pc_cyclic_event_side_t side)
{
    switch (side) {
    case PC_CYCLIC_EVENT_COEFFICIENT: return PC_SWEEP_CELL_COEFFICIENT;
    case PC_CYCLIC_EVENT_MARGIN: return PC_SWEEP_CELL_MARGIN;
    case PC_CYCLIC_EVENT_NU: return PC_SWEEP_CELL_INTERIOR;
    default: return PC_SWEEP_CELL_REGULAR;
    }
}

/* Appends the cell [lo, hi] (S's active set) proved over [plo, phi] around centre. */
void pc_sweep_append_event_cell(pc_sweep_cover_t *S, const fmpq_t lo, const fmpq_t hi,
                              pc_cyclic_event_side_t side, const pc_cyclic_event_t *centre,
                              const fmpq_t plo, const fmpq_t phi)
{
    pc_sweep_cell_t *cell = pc_sweep_append_cell(S, lo, hi);
    cell->kind = cell_kind(side);
    cell->event = centre->event;
    cell->sigma = centre->sigma;
    fmpq_set(cell->param_lo, plo);
    fmpq_set(cell->param, phi);
    cell->dim = centre->dim;
    cell->x = _fmpq_vec_init(centre->dim);
    exact_centre(cell->x, centre);
}

/* Chains event cells on side outward from the breakpoint (parameter 0, its point bp_ev and box
 * bp_box): cell k over [Q_k, Q_k+1] around the Newton point at its midpoint, its end proved by
 * a point Krawczyk at Q_k+1 (box E_k+1). E_k lies in box k and in box k + 1, so both hold the
 * same zero at Q_k and the cells glue into one continuous curve from rho*: every rho between
 * rho* and rho(Q_K) has the side's active set. dir < 0 (behind the breakpoint, rho decreasing):
 * until rho(Q) <= goal (the last cell cut at goal); dir > 0: until rho(Q) >= goal or a step
 * fails after halvings. The step doubles after a success, halves after a failure. Cells cover
 * [., edge] (dir < 0) or [edge, .] (dir > 0); *reached: where the chain ends (S holds the point
 * there when dir > 0). Returns the number of cells (0: not proved). */
static slong side_chain(pc_sweep_cover_t *S, const pc_cyclic_event_t *bp_ev, arb_srcptr bp_box,
                        pc_cyclic_event_side_t side, int dir, const fmpq_t edge, const fmpq_t goal,
                        const fmpq_t step0, fmpq_t reached, pc_msg_t *msg)
{
    slong dim = bp_ev->dim, cells = 0, fails = 0;
    pc_cyclic_event_t last, centre, end;
    pc_cyclic_event_box_t box, ebox;
    arb_ptr prev = _arb_vec_init(dim);
    fmpq_t Qk, Qn, step, rk, rn;
    fmpq_init(Qk); fmpq_init(Qn); fmpq_init(step); fmpq_init(rk); fmpq_init(rn);
    event_copy(&last, bp_ev);
    _arb_vec_set(prev, bp_box, dim);
    fmpq_set(step, step0);
    fmpq_set(rk, edge);
    int done = 0;
    while (!done && cells < 64 && fails <= EVENT_TRIES) {
        fmpq_add(Qn, Qk, step);
        int ok = event_box(&box, &centre, &last, side, Qk, Qn, S, msg), have_end = 0;
        if (ok) {
            have_end = 1;
            ok = event_box(&ebox, &end, &centre, side, Qn, Qn, S, msg)
                 && box_contains_at(&box, Qk, prev, S->prec)
                 && box_contains_at(&box, Qn, ebox.hull, S->prec);
            if (ok) {
                pc_arb_get_rational_bound(rn, ebox.hull + dim - 1, dir > 0);
                ok = dir > 0 ? fmpq_cmp(rn, rk) > 0 : fmpq_cmp(rn, rk) < 0;
            }
        }
        pc_cyclic_event_box_clear(&box);
        if (!ok) {
            if (have_end) {
                pc_cyclic_event_clear(&end);
                pc_cyclic_event_box_clear(&ebox);
            }
            pc_cyclic_event_clear(&centre);
            fmpq_div_2exp(step, step, 1);
            fails++;
            continue;
        }
        done = dir > 0 ? fmpq_cmp(rn, goal) >= 0 : fmpq_cmp(rn, goal) <= 0;
        if (dir > 0 && cells > 0 && !done) {
            /* crawling: a cell narrower than the march's stall width beyond the first means
             * another event ahead (its margin or coefficient closes); left to the march and
             * the predictor, which enclose it, instead of cells shrinking towards it */
            fmpq_t w;
            fmpq_init(w);
            fmpq_sub(w, rn, rk);
            done = fmpq_cmp(w, S->stall) < 0;
            fmpq_clear(w);
        }
        if (dir > 0)
            pc_sweep_append_event_cell(S, rk, rn, side, &centre, Qk, Qn);
        else
            pc_sweep_append_event_cell(S, done ? goal : rn, rk, side, &centre, Qk, Qn);
        pc_cyclic_event_clear(&centre);
        pc_cyclic_event_clear(&last);
        last = end;
        _arb_vec_set(prev, ebox.hull, dim);
        pc_cyclic_event_box_clear(&ebox);
        fmpq_set(Qk, Qn);
        fmpq_set(rk, rn);
        fmpq_mul_2exp(step, step, 1);
        fails = 0;
        cells++;
    }
    if (cells > 0) {
        fmpq_set(reached, rk);
        if (dir > 0) {
            arb_t p;
            arb_init(p);
            arb_set_fmpq(p, Qk, S->prec);
            pc_cyclic_event_regular(S->c, S->nu, &last, side, p, S->q, S->prec);
            arb_clear(p);
        }
    } else if (msg->text[0] == 0) {
        pc_fail(msg, PC_NOT_PROVED, "sweep: the side of the event of frequency %ld at rho = %.17g "
                "not proved", (long) bp_ev->event, fmpq_get_d(edge));
    }
    if (S->progress)
        fprintf(stderr, "sweep:   %ld event cells %s, to rho = %.17g\n", (long) cells,
                dir > 0 ? "beyond" : "behind", fmpq_get_d(rk));
    pc_cyclic_event_clear(&last);
    _arb_vec_clear(prev, dim);
    fmpq_clear(Qk); fmpq_clear(Qn); fmpq_clear(step); fmpq_clear(rk); fmpq_clear(rn);
    return cells;
}

static void record_break(pc_sweep_cover_t *S, const pc_cyclic_event_t *bp, arb_srcptr box,
                         int enters)
{
    pc_sweep_t *sw = S->sw;
    sw->breaks = realloc(sw->breaks, sizeof(pc_sweep_break_t) * (size_t) (sw->num_breaks + 1));
    pc_sweep_break_t *b = sw->breaks + sw->num_breaks++;
    pc_sweep_break_init(b, bp->num_base, bp->dim);
    pc_arb_get_rational_bound(b->lo, box + bp->dim - 1, 1);
    pc_arb_get_rational_bound(b->hi, box + bp->dim - 1, 0);
    b->event = bp->event;
    b->sigma = bp->sigma;
    b->enters = enters;
    memcpy(b->base, bp->base, sizeof(slong) * (size_t) bp->num_base);
    exact_centre(b->x, bp);
}

/* The zero at parameter 0 from the point at_stop (loaded at x_stop): Newton into bp, a point
 * Krawczyk into box. */
static int event_zero(arb_ptr box, pc_cyclic_event_t *bp, const pc_cyclic_event_t *at_stop,
                      pc_cyclic_event_side_t side, pc_sweep_cover_t *S, pc_msg_t *msg)
{
    fmpq_t zero;
    pc_cyclic_event_box_t B;
    fmpq_init(zero);
    int ok = event_box(&B, bp, at_stop, side, zero, zero, S, msg);
    if (ok)
        _arb_vec_set(box, B.hull, bp->dim);
    pc_cyclic_event_box_clear(&B);
    fmpq_clear(zero);
    return ok;
}

/* If the chain behind a breakpoint stopped at reached > x_stop, regular cells (the same active
 * set) fill [x_stop, reached]. */
static int behind_gap(pc_sweep_cover_t *S, const fmpq_t x_stop, const fmpq_t reached, pc_msg_t *msg)
{
    if (fmpq_cmp(reached, x_stop) <= 0)
        return 1;
    fmpq_t x, h;
    fmpq_init(x);
    fmpq_init(h);
    fmpq_set(x, x_stop);
    fmpq_sub(h, reached, x_stop);
    fmpq_div_2exp(h, h, 2);
    int ok = pc_sweep_march(S, x, reached, +1, h);
    if (!ok)
        pc_fail(msg, PC_NOT_PROVED, "sweep: rho in [%.17g, %.17g] not covered (the side of a "
                "breakpoint and the regular cells do not meet)", fmpq_get_d(x), fmpq_get_d(reached));
    if (S->progress)
        fprintf(stderr, "sweep:   regular cells behind, to rho = %.17g%s\n", fmpq_get_d(x),
                ok ? "" : " (stalled)");
    fmpq_clear(x);
    fmpq_clear(h);
    return ok;
}

/* The first parameter step behind: 1.1 times the parameter at x_stop (exact). */
static void step_behind(fmpq_t step, const arb_t param_stop)
{
    arf_get_fmpq(step, arb_midref(param_stop));
    fmpq_mul_fmpz(step, step, (fmpz_t){11});
    fmpq_div_fmpz(step, step, (fmpz_t){10});
}

/* The interior threshold ahead (every frequency active): the interior event system with nu the
 * parameter; its zero at nu = 0 is the interior optimum (c = centered log q, rho = rho_int: the
 * only zero there), and the chain behind reaches x_stop. The cells cover [x_stop, top]. */
static int interior_side(pc_sweep_cover_t *S, const fmpq_t x_stop, const fmpq_t top, pc_msg_t *msg)
{
    slong n = S->n;
    if (S->num_active != n / 2)
        return pc_fail(msg, PC_NOT_PROVED, "sweep: below the interior threshold only %ld of %ld "
                       "frequencies are active (a zero coefficient of log q): not supported",
                       (long) S->num_active, (long) (n / 2)) == PC_OK;
    pc_cyclic_event_t ev, bp;
    arb_t rho, nu0;
    fmpq_t step, reached;
    arb_init(rho); arb_init(nu0);
    fmpq_init(step); fmpq_init(reached);
    pc_cyclic_event_init(&ev, n, S->active, S->num_active, 0, 1);
    arb_set_fmpq(rho, x_stop, S->prec);
    pc_cyclic_event_load(&ev, nu0, S->c, S->nu, rho, PC_CYCLIC_EVENT_NU, S->q, S->prec);
    arb_ptr box = _arb_vec_init(ev.dim);
    int ok = event_zero(box, &bp, &ev, PC_CYCLIC_EVENT_NU, S, msg);
    if (ok) {
        ok = arb_overlaps(box + ev.dim - 1, S->sw->threshold);
        step_behind(step, nu0);
        ok = ok && side_chain(S, &bp, box, PC_CYCLIC_EVENT_NU, -1, top, x_stop, step,
                              reached, msg) > 0;
        ok = ok && behind_gap(S, x_stop, reached, msg);
    }
    pc_cyclic_event_clear(&bp);
    pc_cyclic_event_clear(&ev);
    _arb_vec_clear(box, ev.dim);
    arb_clear(rho); arb_clear(nu0);
    fmpq_clear(step); fmpq_clear(reached);
    return ok;
}

/* A frequency event at j ahead of x_stop: S' = the active set without j; the side behind is
 * the coefficient side if j is active there (it leaves), the margin side if not (it enters). */
static int frequency_event(pc_sweep_cover_t *S, fmpq_t restart, const fmpq_t x_stop, slong j,
                           const fmpq_t top, pc_msg_t *msg)
{
    slong n = S->n, nb = 0;
    int leaving = 0;
    slong *base = malloc(sizeof(slong) * (size_t) (n / 2 + 1));
    for (slong a = 0; a < S->num_active; a++) {
        if (S->active[a] == j) leaving = 1;
        else base[nb++] = S->active[a];
    }
    pc_cyclic_event_side_t behind = leaving ? PC_CYCLIC_EVENT_COEFFICIENT : PC_CYCLIC_EVENT_MARGIN;
    pc_cyclic_event_side_t beyond = leaving ? PC_CYCLIC_EVENT_MARGIN : PC_CYCLIC_EVENT_COEFFICIENT;
    pc_cyclic_event_t at_stop, bp;
    arb_t rho, param;
    fmpq_t width, limit, step, reached, goal;
    arb_init(rho); arb_init(param);
    fmpq_init(width); fmpq_init(limit); fmpq_init(step); fmpq_init(reached); fmpq_init(goal);
    pc_cyclic_event_init(&at_stop, n, base, nb, j, 1);
    arb_set_fmpq(rho, x_stop, S->prec);
    pc_cyclic_event_load(&at_stop, param, S->c, S->nu, rho, behind, S->q, S->prec);
    arb_ptr box = _arb_vec_init(at_stop.dim);
    int ok = event_zero(box, &bp, &at_stop, behind, S, msg);
    pc_sweep_break_t *b = NULL;
    if (ok) {
        record_break(S, &bp, box, !leaving);
        b = S->sw->breaks + S->sw->num_breaks - 1;
        fmpq_sub(width, b->hi, b->lo);
        fmpq_mul_2exp(limit, S->min_width, 2);
        ok = fmpq_cmp(width, limit) <= 0 && fmpq_cmp(b->lo, x_stop) > 0 && fmpq_cmp(b->hi, top) < 0;
        if (!ok)
            pc_fail(msg, PC_NOT_PROVED, "sweep: the breakpoint of frequency %ld near rho = %.17g "
                    "is enclosed only to width %.3g (or outside the range)", (long) j,
                    fmpq_get_d(b->lo), fmpq_get_d(width));
        if (S->progress)
            fprintf(stderr, "sweep: frequency %ld %s at rho in [%.20g, %.20g]\n", (long) j,
                    leaving ? "leaves" : "enters", fmpq_get_d(b->lo), fmpq_get_d(b->hi));
    }
    if (ok) {
        step_behind(step, param);
        ok = side_chain(S, &bp, box, behind, -1, b->lo, x_stop, step, reached, msg) > 0;
        ok = ok && behind_gap(S, x_stop, reached, msg);
    }
    if (ok) {
        /* beyond: j active (it enters) or not (it leaves) */
        if (leaving) {
            S->num_active = nb;
            memcpy(S->active, base, sizeof(slong) * (size_t) nb);
        } else {
            slong a = S->num_active;
            for (; a > 0 && S->active[a - 1] > j; a--)
                S->active[a] = S->active[a - 1];
            S->active[a] = j;
            S->num_active++;
        }
        /* the first step: the parameter of the side behind times the distance ratio that puts
         * rho(step) about 32 stall steps beyond (from the slope of the side behind) */
        double behind_d = fmpq_get_d(b->lo) - fmpq_get_d(x_stop);
        double want = 32 * fmpq_get_d(S->stall);
        arf_get_fmpq(step, arb_midref(param));
        if (behind_d > 0)
            fmpq_mul(step, step, (pc_rational_set_double(limit, want / behind_d), limit));
        fmpq_sub(goal, top, b->hi);
        fmpq_div_2exp(goal, goal, 6);
        fmpq_add(goal, goal, b->hi);
        if (fmpq_cmp(goal, top) > 0)
            fmpq_set(goal, top);
        ok = side_chain(S, &bp, box, beyond, +1, b->hi, goal, step, restart, msg) > 0;
        S->have_point = ok;
    }
    _arb_vec_clear(box, at_stop.dim);
    pc_cyclic_event_clear(&bp);
    pc_cyclic_event_clear(&at_stop);
    arb_clear(rho); arb_clear(param);
    fmpq_clear(width); fmpq_clear(limit); fmpq_clear(step); fmpq_clear(reached); fmpq_clear(goal);
    free(base);
    return ok;
}

/* Undoes the cells and breakpoints appended since (cells, breaks) and restores S's point. */
static void event_rollback(pc_sweep_cover_t *S, slong cells, slong breaks, arb_srcptr c,
                           const arb_t nu, const slong *active, slong num_active)
{
    pc_sweep_t *sw = S->sw;
    while (sw->num_cells > cells)
        pc_sweep_cell_clear(sw->cells + --sw->num_cells);
    while (sw->num_breaks > breaks)
        pc_sweep_break_clear(sw->breaks + --sw->num_breaks);
    _arb_vec_set(S->c, c, S->n);
    arb_set(S->nu, nu);
    memcpy(S->active, active, sizeof(slong) * (size_t) num_active);
    S->num_active = num_active;
    S->have_point = 1;
}

int pc_sweep_event(pc_sweep_cover_t *S, fmpq_t restart, const fmpq_t x_stop, const fmpq_t top,
                   pc_msg_t *msg)
{
    slong n = S->n, cand[3], count = 0;
    msg->text[0] = 0;
    int interior_ahead = S->sw->has_threshold && fmpq_cmp(top, S->sw->B) < 0;
    if (S->have_point)
        count = event_predict(cand, 3, S, x_stop, interior_ahead);
    if (count == 0)
        return pc_fail(msg, PC_NOT_PROVED, "sweep: the march stalled at rho = %.17g and no event "
                       "ahead was found", fmpq_get_d(x_stop)) == PC_OK;
    /* the nearest predicted event first; if its sides cannot be proved (another event comes
     * first: the prediction is linear), the next */
    arb_ptr c = _arb_vec_init(n);
    arb_t nu;
    slong *active = malloc(sizeof(slong) * (size_t) (n / 2 + 1)), num_active = S->num_active;
    slong cells = S->sw->num_cells, breaks = S->sw->num_breaks;
    arb_init(nu);
    _arb_vec_set(c, S->c, n);
    arb_set(nu, S->nu);
    memcpy(active, S->active, sizeof(slong) * (size_t) num_active);
    int ok = 0;
    pc_msg_t first = {{0}};
    for (slong k = 0; k < count && !ok; k++) {
        if (k > 0) {
            event_rollback(S, cells, breaks, c, nu, active, num_active);
            if (S->progress)
                fprintf(stderr, "sweep:   not proved (%s); trying %s %ld\n", msg->text,
                        cand[k] == 0 ? "the interior threshold" : "frequency", (long) cand[k]);
            if (k == 1)
                first = *msg;
            msg->text[0] = 0;
        }
        if (cand[k] == 0) {
            fmpq_set(restart, top);
            ok = interior_side(S, x_stop, top, msg);
        } else {
            ok = frequency_event(S, restart, x_stop, cand[k], top, msg);
        }
    }
    if (!ok && count > 1)
        pc_fail(msg, PC_NOT_PROVED, "sweep: stalled at rho = %.17g; the nearest predicted event "
                "(frequency %ld) not proved: %s", fmpq_get_d(x_stop), (long) cand[0], first.text);
    _arb_vec_clear(c, n);
    arb_clear(nu);
    free(active);
    return ok;
}
