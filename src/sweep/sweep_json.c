/* The sweep document (sweep.h; certificates/FORMAT.md "Sweeps"): SPEC 13's breakpoints and
 * pieces, then what the checker re-verifies: the exact cells and the value certificates. */
#include <stdlib.h>
#include <string.h>
#include "peelcert/numbers.h"
#include "sweep_internal.h"

static const char *const CELL_KINDS[] = {"regular", "coefficient", "margin", "interior"};

static json_t *decimal(const fmpq_t x, slong places, int lower)
{
    char *s = pc_rational_decimal_outward(x, places, lower);
    json_t *out = json_string(s);
    free(s);
    return out;
}

static json_t *ball_decimal(const arb_t x, slong places, int lower)
{
    char *s = pc_arb_decimal_outward(x, places, lower);
    json_t *out = json_string(s);
    free(s);
    return out;
}

static json_t *active_json(const slong *active, slong k)
{
    json_t *a = json_array();
    for (slong i = 0; i < k; i++)
        json_array_append_new(a, json_integer(active[i]));
    return a;
}

/* The active set of a piece: its cells' set; an exchangeable or interior piece has every
 * frequency whose coefficient is nonzero (listed only where the path knows them: "all"). */
static json_t *piece_active(const pc_sweep_t *sw, const pc_sweep_piece_t *p)
{
    if (p->first >= 0)
        return active_json(sw->cells[p->first].active, sw->cells[p->first].num_active);
    return json_string(sw->kind == PC_SWEEP_EXCHANGEABLE ? "all" : "interior: centered log q");
}

/* enters = right \ left, leaves = left \ right (frequency lists). */
static void event_sets(json_t *bp, const pc_sweep_cell_t *left, const pc_sweep_cell_t *right)
{
    json_t *enters = json_array(), *leaves = json_array();
    for (int side = 0; side < 2; side++) {
        const pc_sweep_cell_t *x = side ? left : right, *y = side ? right : left;
        for (slong i = 0; i < x->num_active; i++) {
            int found = 0;
            for (slong j = 0; j < y->num_active; j++)
                found = found || y->active[j] == x->active[i];
            if (!found)
                json_array_append_new(side ? leaves : enters, json_integer(x->active[i]));
        }
    }
    char text[160];
    size_t ne = json_array_size(enters), nl = json_array_size(leaves);
    if (ne + nl == 0)
        snprintf(text, sizeof text, "no change of the active set (a coefficient through zero, or "
                 "the Krawczyk test not proved here)");
    else
        snprintf(text, sizeof text, "%s%s%s", ne ? "frequencies enter" : "",
                 ne && nl ? "; " : "", nl ? "frequencies leave" : "");
    json_object_set_new(bp, "event", json_string(text));
    json_object_set_new(bp, "enters", enters);
    json_object_set_new(bp, "leaves", leaves);
}

static json_t *breakpoints_json(const pc_sweep_t *sw, const pc_sweep_piece_t *p, slong count)
{
    json_t *list = json_array();
    slong places = sw->digits + 4;
    for (slong k = 0; k + 1 < count; k++) {
        json_t *bp = json_object();
        json_object_set_new(bp, "rho_lower", decimal(p[k].to, places, 1));
        json_object_set_new(bp, "rho_upper", decimal(p[k + 1].from, places, 0));
        if (p[k + 1].interior)
            json_object_set_new(bp, "event", json_string("binding -> interior (the budget stops binding)"));
        else if (p[k].first >= 0 && p[k + 1].first >= 0)
            event_sets(bp, sw->cells + p[k].last, sw->cells + p[k + 1].first);
        for (slong b = 0; b < sw->num_breaks; b++) {
            const pc_sweep_break_t *e = sw->breaks + b;
            if (!fmpq_equal(e->lo, p[k].to) || !fmpq_equal(e->hi, p[k + 1].from))
                continue;
            /* the zero of the event system at t = m = 0 (cyclic.h) that encloses rho* */
            json_t *z = json_object();
            json_object_set_new(z, "frequency", json_integer(e->event));
            json_object_set_new(z, "base", active_json(e->base, e->num_base));
            json_object_set_new(z, "sigma", json_integer(e->sigma));
            json_object_set_new(z, "x", pc_rational_vector_json(e->x, e->dim));
            json_object_set_new(z, "rho", json_pack("[o, o]", pc_rational_json(e->lo), pc_rational_json(e->hi)));
            json_object_set_new(bp, "zero", z);
        }
        json_array_append_new(list, bp);
    }
    return list;
}

static json_t *pieces_json(const pc_sweep_t *sw, const pc_sweep_piece_t *p, slong count)
{
    json_t *list = json_array();
    slong places = sw->digits + 4;
    for (slong k = 0; k < count; k++) {
        json_t *o = json_object();
        /* rounded inward: the claim holds on the whole decimal interval */
        json_object_set_new(o, "rho_from", decimal(p[k].from, places, 0));
        json_object_set_new(o, "rho_to", decimal(p[k].to, places, 1));
        json_object_set_new(o, "active", piece_active(sw, p + k));
        json_object_set_new(o, "regime", json_string(p[k].interior ? "interior" : "binding"));
        if (sw->kind == PC_SWEEP_EXCHANGEABLE || p[k].interior)
            json_object_set_new(o, "rank", json_integer(sw->n - 1));
        else {
            slong rank = 0;
            for (slong i = 0; i < sw->cells[p[k].first].num_active; i++)
                rank += 2 * sw->cells[p[k].first].active[i] == sw->n ? 1 : 2;
            json_object_set_new(o, "rank", json_integer(rank));
        }
        json_object_set_new(o, "cells", p[k].first >= 0
                            ? json_pack("[I, I]", (json_int_t) p[k].first, (json_int_t) p[k].last)
                            : json_null());
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *values_json(const pc_sweep_t *sw)
{
    json_t *list = json_array();
    slong places = sw->digits + 4;
    for (slong k = 0; k < sw->num_values; k++) {
        const pc_sweep_value_t *v = sw->values + k;
        json_t *o = json_object();
        json_object_set_new(o, "rho", pc_rational_json(v->rho));
        json_object_set_new(o, "lower", ball_decimal(v->lower, places, 1));
        json_object_set_new(o, "upper", ball_decimal(v->upper, places, 0));
        if (v->c != NULL) {
            json_object_set_new(o, "c", pc_rational_vector_json(v->c, sw->n));
            json_object_set_new(o, "r", pc_rational_vector_json(v->r, sw->n));
        }
        json_array_append_new(list, o);
    }
    return list;
}

static json_t *cells_json(const pc_sweep_t *sw)
{
    json_t *list = json_array();
    for (slong k = 0; k < sw->num_cells; k++) {
        const pc_sweep_cell_t *c = sw->cells + k;
        json_t *o = json_object();
        json_object_set_new(o, "rho", json_pack("[o, o]", pc_rational_json(c->lo), pc_rational_json(c->hi)));
        json_object_set_new(o, "active", active_json(c->active, c->num_active));
        json_object_set_new(o, "kind", json_string(CELL_KINDS[c->kind]));
        json_object_set_new(o, "event", json_integer(c->event));
        json_object_set_new(o, "sigma", json_integer(c->sigma));
        json_object_set_new(o, "param", json_pack("[o, o]", pc_rational_json(c->param_lo),
                                                  pc_rational_json(c->param)));
        json_object_set_new(o, "x", pc_rational_vector_json(c->x, c->dim));
        json_array_append_new(list, o);
    }
    return list;
}

json_t *pc_sweep_to_json(const pc_sweep_t *sw, const pc_instance_t *inst)
{
    pc_sweep_piece_t *pieces;
    slong count = pc_sweep_pieces(&pieces, sw);
    json_t *o = json_object();
    json_object_set_new(o, "format", json_string("peelcert-sweep/1"));
    json_object_set_new(o, "kind", json_string(sw->kind == PC_SWEEP_CYCLIC ? "cyclic" : "exchangeable"));
    json_object_set_new(o, "instance", pc_instance_to_json(inst));
    json_object_set_new(o, "rho", json_pack("{s:o, s:o}", "from", pc_rational_json(sw->A), "to",
                                            pc_rational_json(sw->B)));
    json_object_set_new(o, "digits", json_integer(sw->digits));
    if (sw->has_threshold) {
        json_t *t = json_object();
        json_object_set_new(t, "name", json_string(sw->kind == PC_SWEEP_CYCLIC
                            ? "rho_int = ||Pi log P^T||_* (interior threshold)"
                            : "rho* = (n - 1) |log(alpha / beta)|"));
        json_object_set_new(t, "lower", ball_decimal(sw->threshold, sw->digits + 4, 1));
        json_object_set_new(t, "upper", ball_decimal(sw->threshold, sw->digits + 4, 0));
        json_object_set_new(o, "threshold", t);
    } else {
        json_object_set_new(o, "threshold", json_null());
    }
    json_object_set_new(o, "breakpoints", breakpoints_json(sw, pieces, count));
    json_object_set_new(o, "pieces", pieces_json(sw, pieces, count));
    json_object_set_new(o, "values", values_json(sw));
    json_object_set_new(o, "cells", cells_json(sw));
    pc_sweep_pieces_clear(pieces, count);
    return o;
}
