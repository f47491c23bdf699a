/* The checker of sweep documents ("peelcert-sweep/1"; certificates/FORMAT.md "Sweeps",
 * docs/sweep.md). Reads the document strictly (exit 2 naming the field), then re-establishes:
 *   - every cell: the parametric Krawczyk test of its polar KKT system (check_sweep_krawczyk.c);
 *   - every chain of event cells (one per side of a breakpoint, and the interior chain): its
 *     start at parameter 0 (the breakpoint's zero box inside the first cell's box; the interior
 *     chain starts at nu = 0, where the only zero is the interior optimum, rho = rho_int), the
 *     gluing of consecutive cells (a point box at their common parameter inside both), and that
 *     the cells' rho intervals lie within what the continuous curve passes;
 *   - the cover of [A, B] by the cells' rho intervals and the breakpoint enclosures;
 *   - the thresholds from their closed forms (rho_int = ||Pi log P^T||_*, exchangeable rho*);
 *   - the pieces and breakpoints as summarised (active sets, ranks, enters / leaves, decimals).
 *   - the values: each a circulant certificate at a = b = rho, or a closed form
 *     (check_sweep_values.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_sweep.h"

#define SW_MAX_N 1024
#define SW_MAX_CELLS 200000
#define SW_MAX_DIGITS 1000

typedef struct {
    fmpq_t lo, hi, plo, phi;
    slong *active, na, event, dim;
    int sigma, chained;
    pcc_sw_role_t role;
    fmpq *x;
    pcc_sw_box_t box;
} sw_cell_t;

typedef struct {
    fmpq_t dlo, dhi, zlo, zhi;
    int has_zero, threshold;
    slong freq, nb, dim, n_enters, n_leaves;
    slong *base, *enters, *leaves;
    int sigma;
    fmpq *x;
} sw_break_t;

typedef struct {
    pcc_instance_t I;
    fmpq *q;
    slong n, digits, prec, nc, nbk;
    fmpq_t A, B, width;          /* width = 10^-digits */
    int cyclic, has_thr;
    arb_t thr;                   /* rho_int (cyclic) or rho* (exchangeable) */
    sw_cell_t *cells;
    sw_break_t *br;
} sw_doc_t;

static int sw_reject(char *msg, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int sw_reject(char *msg, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, len, fmt, ap);
    va_end(ap);
    return 1;
}

static double sw_d(const fmpq_t x) { return fmpq_get_d(x); }

/* ---------------------------------------------------------------- reading */

/* sub = "path.key", the location named in error messages. Paths are built by this file from
 * a bounded nesting (a few dozen characters); a longer one would only shorten a message. */
static void sub_key(char *sub, size_t n, const char *path, const char *key)
{
    if (snprintf(sub, n, "%s.%s", path, key) >= (int) n && n > 4) strcpy(sub + n - 4, "...");
}

static const json_t *get(const json_t *obj, const char *key, const char *path, pcc_error_t *err)
{
    const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (v == NULL) pcc_fail(err, "%s: missing field \"%s\"", path, key);
    return v;
}

/* An increasing list of frequencies in [lo, n/2] (at most n/2 of them) into *out (malloc'd). */
static int read_freqs(slong **out, slong *num, const json_t *v, const char *path, slong lo,
                      slong n, pcc_error_t *err)
{
    char sub[256];
    *out = NULL;
    if (!json_is_array(v)) return pcc_fail(err, "%s: expected an array, got %s", path, pcc_json_type_name(v));
    *num = (slong) json_array_size(v);
    if (*num > n / 2) return pcc_fail(err, "%s: %ld frequencies, more than n/2 = %ld", path, (long) *num, (long) (n / 2));
    *out = malloc(sizeof(slong) * (size_t) (*num + 1));
    for (slong i = 0; i < *num; i++) {
        snprintf(sub, sizeof sub, "%s[%ld]", path, (long) i);
        if (pcc_json_size(*out + i, json_array_get(v, (size_t) i), sub, lo, n / 2, err)) return 1;
        if (i > 0 && (*out)[i] <= (*out)[i - 1]) return pcc_fail(err, "%s: not increasing", sub);
    }
    return 0;
}

static int read_pair(fmpq_t lo, fmpq_t hi, const json_t *v, const char *path, pcc_error_t *err)
{
    char sub[256];
    if (pcc_json_array(v, path, 2, err)) return 1;
    snprintf(sub, sizeof sub, "%s[0]", path);
    if (pcc_json_rational(lo, json_array_get(v, 0), sub, err)) return 1;
    snprintf(sub, sizeof sub, "%s[1]", path);
    if (pcc_json_rational(hi, json_array_get(v, 1), sub, err)) return 1;
    if (fmpq_cmp(lo, hi) > 0) return pcc_fail(err, "%s: lower end above the upper end", path);
    return 0;
}

static int contains(const slong *v, slong len, slong x)
{
    for (slong i = 0; i < len; i++) if (v[i] == x) return 1;
    return 0;
}

/* The number of unknowns of the polar system of base u {event} (check_sweep.h). */
static slong sys_dim(slong n, const slong *base, slong nb, slong event, pcc_sw_role_t role)
{
    slong d = 0;
    for (slong a = 0; a < nb; a++) d += 2 * base[a] == n ? 1 : 2;
    if (event == 0) return d + 1;
    (void) role;
    return d + (2 * event == n ? 2 : 3);
}

/* The base set S' of a cell: active without the event (coefficient) or active. */
static void cell_base(slong *base, slong *nb, const sw_cell_t *c)
{
    *nb = 0;
    for (slong a = 0; a < c->na; a++)
        if (!(c->role == PCC_SW_COEFFICIENT && c->active[a] == c->event)) base[(*nb)++] = c->active[a];
}

static int read_cell(sw_cell_t *c, const json_t *v, const char *path, slong n, pcc_error_t *err)
{
    char sub[256];
    const json_t *f;
    sub_key(sub, sizeof sub, path, "rho");
    if (!(f = get(v, "rho", path, err)) || read_pair(c->lo, c->hi, f, sub, err)) return 1;
    sub_key(sub, sizeof sub, path, "param");
    if (!(f = get(v, "param", path, err)) || read_pair(c->plo, c->phi, f, sub, err)) return 1;
    sub_key(sub, sizeof sub, path, "active");
    if (!(f = get(v, "active", path, err)) || read_freqs(&c->active, &c->na, f, sub, 1, n, err)) return 1;
    if (c->na == 0) return pcc_fail(err, "%s: empty active set", sub);
    if (!(f = get(v, "kind", path, err))) return 1;
    const char *k = json_is_string(f) ? json_string_value(f) : "";
    if (strcmp(k, "regular") == 0) c->role = PCC_SW_RHO;
    else if (strcmp(k, "coefficient") == 0) c->role = PCC_SW_COEFFICIENT;
    else if (strcmp(k, "margin") == 0) c->role = PCC_SW_MARGIN;
    else if (strcmp(k, "interior") == 0) c->role = PCC_SW_NU;
    else return pcc_fail(err, "%s.kind: expected \"regular\", \"coefficient\", \"margin\" or \"interior\"", path);
    sub_key(sub, sizeof sub, path, "event");
    if (!(f = get(v, "event", path, err)) || pcc_json_size(&c->event, f, sub, 0, n / 2, err)) return 1;
    int needs_event = c->role == PCC_SW_COEFFICIENT || c->role == PCC_SW_MARGIN;
    if ((c->event != 0) != needs_event)
        return pcc_fail(err, "%s: %ld (a %s cell %s an event frequency)", sub, (long) c->event, k,
                        needs_event ? "needs" : "has no");
    if (c->role == PCC_SW_COEFFICIENT && !contains(c->active, c->na, c->event))
        return pcc_fail(err, "%s: %ld is not in the active set of a coefficient cell", sub, (long) c->event);
    if (c->role == PCC_SW_MARGIN && contains(c->active, c->na, c->event))
        return pcc_fail(err, "%s: %ld is in the active set of a margin cell", sub, (long) c->event);
    slong sg;
    sub_key(sub, sizeof sub, path, "sigma");
    if (!(f = get(v, "sigma", path, err)) || pcc_json_size(&sg, f, sub, -1, 1, err)) return 1;
    if (sg == 0) return pcc_fail(err, "%s: 0, expected 1 or -1", sub);
    c->sigma = (int) sg;
    slong *base = malloc(sizeof(slong) * (size_t) (c->na + 1)), nb;
    cell_base(base, &nb, c);
    c->dim = sys_dim(n, base, nb, c->event, c->role);
    free(base);
    sub_key(sub, sizeof sub, path, "x");
    if (!(f = get(v, "x", path, err)) || pcc_json_array(f, sub, c->dim, err)) return 1;
    c->x = _fmpq_vec_init(c->dim);
    return pcc_json_rational_vector(c->x, f, sub, c->dim, err);
}

static int read_zero(sw_break_t *b, const json_t *z, const char *path, slong n, pcc_error_t *err)
{
    char sub[256];
    const json_t *f;
    slong sg;
    b->has_zero = 1;
    sub_key(sub, sizeof sub, path, "frequency");
    if (!(f = get(z, "frequency", path, err)) || pcc_json_size(&b->freq, f, sub, 1, n / 2, err)) return 1;
    sub_key(sub, sizeof sub, path, "base");
    if (!(f = get(z, "base", path, err)) || read_freqs(&b->base, &b->nb, f, sub, 1, n, err)) return 1;
    if (contains(b->base, b->nb, b->freq)) return pcc_fail(err, "%s: contains the frequency %ld", sub, (long) b->freq);
    sub_key(sub, sizeof sub, path, "sigma");
    if (!(f = get(z, "sigma", path, err)) || pcc_json_size(&sg, f, sub, -1, 1, err)) return 1;
    if (sg == 0) return pcc_fail(err, "%s: 0, expected 1 or -1", sub);
    b->sigma = (int) sg;
    sub_key(sub, sizeof sub, path, "rho");
    if (!(f = get(z, "rho", path, err)) || read_pair(b->zlo, b->zhi, f, sub, err)) return 1;
    b->dim = sys_dim(n, b->base, b->nb, b->freq, PCC_SW_COEFFICIENT);
    sub_key(sub, sizeof sub, path, "x");
    if (!(f = get(z, "x", path, err)) || pcc_json_array(f, sub, b->dim, err)) return 1;
    b->x = _fmpq_vec_init(b->dim);
    return pcc_json_rational_vector(b->x, f, sub, b->dim, err);
}

static int read_break(sw_break_t *b, const json_t *v, const char *path, slong n, pcc_error_t *err)
{
    char sub[256];
    const json_t *f;
    sub_key(sub, sizeof sub, path, "rho_lower");
    if (!(f = get(v, "rho_lower", path, err)) || pcc_json_decimal(b->dlo, f, sub, err)) return 1;
    sub_key(sub, sizeof sub, path, "rho_upper");
    if (!(f = get(v, "rho_upper", path, err)) || pcc_json_decimal(b->dhi, f, sub, err)) return 1;
    if (fmpq_cmp(b->dlo, b->dhi) > 0) return pcc_fail(err, "%s: rho_lower above rho_upper", path);
    if (!(f = get(v, "event", path, err)) || !json_is_string(f))
        return pcc_fail(err, "%s.event: expected a string", path);
    b->threshold = strncmp(json_string_value(f), "binding -> interior", 19) == 0;
    if (n > 0 && !b->threshold) {
        sub_key(sub, sizeof sub, path, "enters");
        if (!(f = get(v, "enters", path, err)) || read_freqs(&b->enters, &b->n_enters, f, sub, 1, n, err)) return 1;
        sub_key(sub, sizeof sub, path, "leaves");
        if (!(f = get(v, "leaves", path, err)) || read_freqs(&b->leaves, &b->n_leaves, f, sub, 1, n, err)) return 1;
        sub_key(sub, sizeof sub, path, "zero");
        if (!(f = get(v, "zero", path, err)) || read_zero(b, f, sub, n, err)) return 1;
    }
    return 0;
}

static void doc_init(sw_doc_t *D)
{
    memset(D, 0, sizeof *D);
    pcc_instance_init(&D->I);
    fmpq_init(D->A); fmpq_init(D->B); fmpq_init(D->width);
    arb_init(D->thr);
}

static void doc_clear(sw_doc_t *D)
{
    for (slong i = 0; i < D->nc; i++) {
        sw_cell_t *c = D->cells + i;
        fmpq_clear(c->lo); fmpq_clear(c->hi); fmpq_clear(c->plo); fmpq_clear(c->phi);
        free(c->active);
        if (c->x) _fmpq_vec_clear(c->x, c->dim);
        if (c->box.dim > 0) pcc_sw_box_clear(&c->box);
    }
    for (slong i = 0; i < D->nbk; i++) {
        sw_break_t *b = D->br + i;
        fmpq_clear(b->dlo); fmpq_clear(b->dhi); fmpq_clear(b->zlo); fmpq_clear(b->zhi);
        free(b->base); free(b->enters); free(b->leaves);
        if (b->x) _fmpq_vec_clear(b->x, b->dim);
    }
    free(D->cells);
    free(D->br);
    if (D->q) _fmpq_vec_clear(D->q, D->n);
    pcc_instance_clear(&D->I);
    fmpq_clear(D->A); fmpq_clear(D->B); fmpq_clear(D->width);
    arb_clear(D->thr);
}

static int read_doc(sw_doc_t *D, const json_t *root, pcc_error_t *err)
{
    const json_t *f, *r;
    char sub[256];
    if (!(f = get(root, "kind", "sweep", err))) return 1;
    const char *kind = json_is_string(f) ? json_string_value(f) : "";
    if (strcmp(kind, "cyclic") == 0) D->cyclic = 1;
    else if (strcmp(kind, "exchangeable") != 0)
        return pcc_fail(err, "kind: expected \"cyclic\" or \"exchangeable\"");
    if (pcc_instance_read(&D->I, json_object_get(root, "instance"), "instance", err)) return 1;
    D->n = D->I.V;
    if (D->cyclic) {
        if (!pcc_instance_is_circulant(&D->I))
            return pcc_fail(err, "instance: a cyclic sweep needs circulant targets");
        if (D->n > SW_MAX_N || D->n < 2)
            return pcc_fail(err, "instance: n = %ld outside [2, %d] (the sweep checker's limit)",
                            (long) D->n, SW_MAX_N);
        D->q = _fmpq_vec_init(D->n);
        for (slong k = 0; k < D->n; k++) pcc_instance_entry(D->q + k, &D->I, 0, k);
    } else if (D->I.form != PCC_EXCHANGEABLE) {
        return pcc_fail(err, "instance: an exchangeable sweep needs an exchangeable instance");
    }
    if (!(r = get(root, "rho", "sweep", err))) return 1;
    if (!(f = get(r, "from", "rho", err)) || pcc_json_rational(D->A, f, "rho.from", err)) return 1;
    if (!(f = get(r, "to", "rho", err)) || pcc_json_rational(D->B, f, "rho.to", err)) return 1;
    if (fmpq_sgn(D->A) <= 0 || fmpq_cmp(D->A, D->B) >= 0)
        return pcc_fail(err, "rho: expected 0 < from < to");
    if (!(f = get(root, "digits", "sweep", err)) || pcc_json_size(&D->digits, f, "digits", 1, SW_MAX_DIGITS, err))
        return 1;
    fmpq_one(D->width);
    for (slong k = 0; k < D->digits; k++) fmpq_div_fmpz(D->width, D->width, (fmpz_t){10});
    D->prec = (slong) (D->digits * 3.33 + 1) + 2 * FLINT_BIT_COUNT(D->n) + 112;
    if (!(f = get(root, "cells", "sweep", err)) || pcc_json_array(f, "cells", -1, err)) return 1;
    if ((slong) json_array_size(f) > SW_MAX_CELLS)
        return pcc_fail(err, "cells: %zu entries, over the limit of %d", json_array_size(f), SW_MAX_CELLS);
    if (!D->cyclic && json_array_size(f) > 0)
        return pcc_fail(err, "cells: an exchangeable sweep has no cells");
    D->cells = calloc(json_array_size(f) + 1, sizeof(sw_cell_t));
    for (size_t i = 0; i < json_array_size(f); i++) {
        sw_cell_t *c = D->cells + D->nc++;
        fmpq_init(c->lo); fmpq_init(c->hi); fmpq_init(c->plo); fmpq_init(c->phi);
        snprintf(sub, sizeof sub, "cells[%zu]", i);
        if (read_cell(c, json_array_get(f, i), sub, D->n, err)) return 1;
    }
    if (!(f = get(root, "breakpoints", "sweep", err)) || pcc_json_array(f, "breakpoints", -1, err)) return 1;
    if ((slong) json_array_size(f) > SW_MAX_CELLS)
        return pcc_fail(err, "breakpoints: %zu entries, over the limit of %d", json_array_size(f), SW_MAX_CELLS);
    D->br = calloc(json_array_size(f) + 1, sizeof(sw_break_t));
    for (size_t i = 0; i < json_array_size(f); i++) {
        sw_break_t *b = D->br + D->nbk++;
        fmpq_init(b->dlo); fmpq_init(b->dhi); fmpq_init(b->zlo); fmpq_init(b->zhi);
        snprintf(sub, sizeof sub, "breakpoints[%zu]", i);
        if (read_break(b, json_array_get(f, i), sub, D->cyclic ? D->n : 0, err)) return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- thresholds */

/* rho_int = sum_j w_j |l_hat_j| (the nuclear norm of the circulant of l), l = centered log q (all q > 0), or rho* = (n - 1)
 * |log(alpha / beta)| (alpha, beta > 0); has_thr = 0 when a target is 0. */
static void doc_threshold(sw_doc_t *D)
{
    slong prec = D->prec + 64, n = D->n;
    if (!D->cyclic) {
        D->has_thr = fmpq_sgn(D->I.alpha) > 0 && fmpq_sgn(D->I.beta) > 0;
        if (!D->has_thr) return;
        fmpq_t r;
        fmpq_init(r);
        fmpq_div(r, D->I.alpha, D->I.beta);
        arb_set_fmpq(D->thr, r, prec);
        arb_log(D->thr, D->thr, prec);
        arb_abs(D->thr, D->thr);
        arb_mul_si(D->thr, D->thr, n - 1, prec);
        fmpq_clear(r);
        return;
    }
    D->has_thr = 1;
    for (slong m = 0; m < n; m++) D->has_thr &= fmpq_sgn(D->q + m) > 0;
    if (!D->has_thr) return;
    acb_ptr x = _acb_vec_init(n), w = _acb_vec_init(n);
    arb_t t;
    arb_init(t);
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(acb_realref(x + m), D->q + m, prec);
        arb_log(acb_realref(x + m), acb_realref(x + m), prec);
    }
    pcc_fft(w, x, n, prec);     /* the constant shift only moves w_0 (check_fft.c, acb_dft's convention) */
    arb_zero(D->thr);
    for (slong j = 1; j <= n / 2; j++) {
        acb_abs(t, w + j, prec);
        arb_mul_si(t, t, 2 * j == n ? 1 : 2, prec);
        arb_add(D->thr, D->thr, t, prec);
    }
    arb_clear(t);
    _acb_vec_clear(x, n); _acb_vec_clear(w, n);
}

/* x (exact) < thr proved */
static int below_thr(const sw_doc_t *D, const fmpq_t x)
{
    arb_t a;
    arb_init(a);
    arb_set_fmpq(a, x, D->prec + 64);
    int ok = arb_lt(a, D->thr);
    arb_clear(a);
    return ok;
}

static int above_thr(const sw_doc_t *D, const fmpq_t x)
{
    arb_t a;
    arb_init(a);
    arb_set_fmpq(a, x, D->prec + 64);
    int ok = arb_gt(a, D->thr);
    arb_clear(a);
    return ok;
}

/* ---------------------------------------------------------------- cells and chains */

static void fmpq_vec_to_arb(arb_ptr out, const fmpq *x, slong len, slong prec)
{
    for (slong i = 0; i < len; i++) arb_set_fmpq(out + i, x + i, prec);
}

/* The exact [lo, hi] as a ball (widened outward). */
static void interval_ball(arb_t out, const fmpq_t lo, const fmpq_t hi, slong prec)
{
    arb_t b;
    arb_init(b);
    arb_set_fmpq(out, lo, prec);
    arb_set_fmpq(b, hi, prec);
    arb_union(out, out, b, prec);
    arb_clear(b);
}

static void cell_sys_init(pcc_sw_sys_t *S, const sw_cell_t *c, const sw_doc_t *D)
{
    slong *base = malloc(sizeof(slong) * (size_t) (c->na + 1)), nb;
    cell_base(base, &nb, c);
    pcc_sw_sys_init(S, D->n, base, nb, c->event, c->sigma, c->role, D->q, D->prec);
    free(base);
}

static const char *role_name(pcc_sw_role_t r)
{
    return r == PCC_SW_RHO ? "regular" : r == PCC_SW_COEFFICIENT ? "coefficient"
           : r == PCC_SW_MARGIN ? "margin" : "interior";
}

/* The Krawczyk test of one cell over its parameter interval (the cell keeps its box). */
static int check_cell(sw_doc_t *D, slong i, char *msg, size_t len)
{
    sw_cell_t *c = D->cells + i;
    if (c->role == PCC_SW_RHO && (!fmpq_equal(c->plo, c->lo) || !fmpq_equal(c->phi, c->hi)))
        return sw_reject(msg, len, "cells[%ld]: a regular cell's parameter interval is not its rho interval", (long) i);
    if (c->role == PCC_SW_NU && c->na != D->n / 2)
        return sw_reject(msg, len, "cells[%ld]: an interior cell with %ld of %ld frequencies active",
                         (long) i, (long) c->na, (long) (D->n / 2));
    if (c->role != PCC_SW_RHO && fmpq_sgn(c->plo) < 0)
        return sw_reject(msg, len, "cells[%ld]: negative parameter", (long) i);
    pcc_sw_sys_t S;
    arb_t p;
    arb_ptr xc = _arb_vec_init(c->dim);
    const char *why;
    slong worst;
    arb_init(p);
    cell_sys_init(&S, c, D);
    fmpq_vec_to_arb(xc, c->x, c->dim, D->prec);
    interval_ball(p, c->plo, c->phi, D->prec + 64);
    pcc_sw_box_init(&c->box, c->dim);
    int ok = pcc_sw_krawczyk(&c->box, &S, xc, p, &why, &worst);
    if (!ok)
        sw_reject(msg, len, "cells[%ld] (%s, rho in [%.17g, %.17g], active set of %ld): %s "
                  "(%s %ld)", (long) i, role_name(c->role), sw_d(c->lo), sw_d(c->hi), (long) c->na,
                  why, worst >= 0 && strstr(why, "image") ? "component" : "frequency", (long) worst);
    pcc_sw_sys_clear(&S);
    arb_clear(p);
    _arb_vec_clear(xc, c->dim);
    return !ok;
}

/* A point box at the exact parameter value Q: Newton from box B's curve at Q, then the point
 * Krawczyk test; 1 if proved (E set). */
static int end_box(pcc_sw_box_t *E, pcc_sw_sys_t *S, const pcc_sw_box_t *B, const fmpq_t Q, slong prec)
{
    arb_t p;
    arb_ptr x = _arb_vec_init(B->dim);
    const char *why;
    slong worst;
    arb_init(p);
    arb_set_fmpq(p, Q, prec + 64);
    pcc_sw_box_centre_at(x, B, p, prec);
    for (slong i = 0; i < B->dim; i++) arb_get_mid_arb(x + i, x + i);
    pcc_sw_newton(x, S, p);
    int ok = pcc_sw_krawczyk(E, S, x, p, &why, &worst);
    arb_clear(p);
    _arb_vec_clear(x, B->dim);
    return ok;
}

static int same_system(const sw_cell_t *a, const sw_cell_t *b)
{
    return a->role == b->role && a->event == b->event && a->sigma == b->sigma && a->na == b->na
           && memcmp(a->active, b->active, sizeof(slong) * (size_t) a->na) == 0;
}

/* The chain starting at cells[first] (parameter from 0), going towards increasing (dir > 0)
 * or decreasing rho index: the cells with the same system and contiguous parameters. Marks
 * them; returns their number, indices into idx. */
static slong chain_collect(slong *idx, sw_doc_t *D, slong first, int dir)
{
    slong k = 0, i = first;
    while (i >= 0 && i < D->nc && !D->cells[i].chained && D->cells[i].role != PCC_SW_RHO
           && (k == 0 ? fmpq_is_zero(D->cells[i].plo)
                      : same_system(D->cells + i, D->cells + idx[k - 1])
                        && fmpq_equal(D->cells[i].plo, D->cells[idx[k - 1]].phi))) {
        D->cells[i].chained = 1;
        idx[k++] = i;
        i += dir;
    }
    return k;
}

/* Proves the chain idx[0..K): start (start != NULL: that box inside the first cell's box at
 * parameter 0), gluing at each common parameter, and the rho claims: rho(0) is below (dir > 0)
 * or above (dir < 0) every cell; the cells' rho lie within [rho0_side, rho(Q_K)] (dir > 0) or
 * [rho(Q_K), rho0_side] (dir < 0) with rho(Q_K) enclosed by the end box. rho0 encloses rho(0). */
static int check_chain(sw_doc_t *D, const slong *idx, slong K, const pcc_sw_box_t *start,
                       const arb_t rho0, int dir, const char *what, char *msg, size_t len)
{
    sw_cell_t *c0 = D->cells + idx[0];
    slong prec = D->prec, dim = c0->dim;
    pcc_sw_sys_t S;
    pcc_sw_box_t E;
    arb_t p, r;
    int ok = 1;
    arb_init(p); arb_init(r);
    cell_sys_init(&S, c0, D);
    pcc_sw_box_init(&E, dim);
    arb_zero(p);
    if (start != NULL && !pcc_sw_box_contains_at(&c0->box, p, start->hull, prec))
        ok = !sw_reject(msg, len, "cells[%ld]: the first cell of the chain of %s does not "
                        "contain the breakpoint's zero box at parameter 0", (long) idx[0], what);
    for (slong k = 0; k < K && ok; k++) {
        sw_cell_t *c = D->cells + idx[k];
        if (c->dim != dim) { ok = !sw_reject(msg, len, "cells[%ld]: dimension differs in a chain", (long) idx[k]); break; }
        if (!end_box(&E, &S, &c->box, c->phi, prec)) {
            ok = !sw_reject(msg, len, "cells[%ld]: the point box at the parameter's end %.17g "
                            "(chain of %s) not proved", (long) idx[k], sw_d(c->phi), what);
            break;
        }
        arb_set_fmpq(p, c->phi, prec + 64);
        if (!pcc_sw_box_contains_at(&c->box, p, E.hull, prec)
            || (k + 1 < K && !pcc_sw_box_contains_at(&D->cells[idx[k + 1]].box, p, E.hull, prec))) {
            ok = !sw_reject(msg, len, "cells[%ld]: gluing at parameter %.17g (chain of %s): the "
                            "point box is not inside both cells' boxes", (long) idx[k], sw_d(c->phi), what);
            break;
        }
        if (k + 1 == K) arb_set(r, E.image + dim - 1);
    }
    /* the rho claims: between rho(0) (rho0) and rho(Q_K) (r) */
    for (slong k = 0; k < K && ok; k++) {
        sw_cell_t *c = D->cells + idx[k];
        arb_t lo, hi;
        arb_init(lo); arb_init(hi);
        arb_set_fmpq(lo, c->lo, prec + 64);
        arb_set_fmpq(hi, c->hi, prec + 64);
        int in = dir > 0 ? arb_lt(rho0, lo) && arb_le(hi, r) : arb_le(r, lo) && arb_lt(hi, rho0);
        if (!in)
            ok = !sw_reject(msg, len, "cells[%ld]: rho in [%.17g, %.17g] is not between rho(0) = "
                            "%.17g and rho at the chain's end %.17g (chain of %s)", (long) idx[k],
                            sw_d(c->lo), sw_d(c->hi), arf_get_d(arb_midref(rho0), ARF_RND_NEAR),
                            arf_get_d(arb_midref(r), ARF_RND_NEAR), what);
        arb_clear(lo); arb_clear(hi);
    }
    pcc_sw_box_clear(&E);
    pcc_sw_sys_clear(&S);
    arb_clear(p); arb_clear(r);
    return !ok;
}

/* The breakpoint's zero at parameter 0 (a point box; its rho strictly inside (zlo, zhi)) and
 * the chains on both sides. */
static int check_break_chains(sw_doc_t *D, slong bi, slong *idx, char *msg, size_t len)
{
    sw_break_t *b = D->br + bi;
    char what[64];
    snprintf(what, sizeof what, "breakpoints[%ld]", (long) bi);
    if (fmpq_cmp(b->dlo, b->zlo) > 0 || fmpq_cmp(b->zhi, b->dhi) > 0)
        return sw_reject(msg, len, "%s: the decimals [%s...] do not enclose the zero's rho "
                         "interval [%.20g, %.20g]", what, "rho_lower, rho_upper", sw_d(b->zlo), sw_d(b->zhi));
    pcc_sw_sys_t S;
    pcc_sw_box_t Z;
    arb_t p, lo, hi;
    arb_ptr xc = _arb_vec_init(b->dim);
    const char *why;
    slong worst;
    int bad = 0;
    arb_init(p); arb_init(lo); arb_init(hi);
    pcc_sw_sys_init(&S, D->n, b->base, b->nb, b->freq, b->sigma, PCC_SW_COEFFICIENT, D->q, D->prec);
    pcc_sw_box_init(&Z, b->dim);
    fmpq_vec_to_arb(xc, b->x, b->dim, D->prec);
    arb_set_fmpq(lo, b->zlo, D->prec + 64);
    arb_set_fmpq(hi, b->zhi, D->prec + 64);
    if (!pcc_sw_krawczyk(&Z, &S, xc, p, &why, &worst)) {
        bad = sw_reject(msg, len, "%s: the zero of frequency %ld at t = m = 0 not proved: %s (%ld)",
                        what, (long) b->freq, why, (long) worst);
    } else if (!arb_lt(lo, Z.image + b->dim - 1) || !arb_lt(Z.image + b->dim - 1, hi)) {
        bad = sw_reject(msg, len, "%s: the zero's rho %.20g is not inside [%.20g, %.20g]", what,
                        arf_get_d(arb_midref(Z.image + b->dim - 1), ARF_RND_NEAR), sw_d(b->zlo), sw_d(b->zhi));
    }
    /* the sides: the cell ending at zlo (behind) and the one starting at zhi (beyond) */
    for (int side = 0; side < 2 && !bad; side++) {
        slong first = -1;
        for (slong i = 0; i < D->nc && first < 0; i++)
            if (fmpq_equal(side == 0 ? D->cells[i].hi : D->cells[i].lo, side == 0 ? b->zlo : b->zhi)
                && D->cells[i].role != PCC_SW_RHO)
                first = i;
        if (first < 0) continue;          /* regular cells on this side: nothing to glue */
        sw_cell_t *c = D->cells + first;
        slong *base = malloc(sizeof(slong) * (size_t) (c->na + 1)), nb;
        cell_base(base, &nb, c);
        int same = c->event == b->freq && c->sigma == b->sigma && nb == b->nb
                   && memcmp(base, b->base, sizeof(slong) * (size_t) nb) == 0;
        free(base);
        if (!same) {
            bad = sw_reject(msg, len, "cells[%ld]: its system (event %ld) is not the one of %s's "
                            "zero (frequency %ld)", (long) first, (long) c->event, what, (long) b->freq);
            break;
        }
        slong K = chain_collect(idx, D, first, side == 0 ? -1 : +1);
        if (K == 0) {
            bad = sw_reject(msg, len, "cells[%ld]: next to %s but its parameter does not start at 0",
                            (long) first, what);
            break;
        }
        bad = check_chain(D, idx, K, &Z, Z.image + b->dim - 1, side == 0 ? -1 : +1, what, msg, len);
    }
    pcc_sw_box_clear(&Z);
    pcc_sw_sys_clear(&S);
    _arb_vec_clear(xc, b->dim);
    arb_clear(p); arb_clear(lo); arb_clear(hi);
    return bad;
}

/* The interior chain: the interior cell of highest rho starts at nu = 0, where the only zero
 * (every t_f > 0, proved over the box) is the interior optimum: rho(0) = rho_int. */
static int check_interior_chain(sw_doc_t *D, slong *idx, char *msg, size_t len)
{
    slong first = -1;
    for (slong i = D->nc - 1; i >= 0 && first < 0; i--)
        if (D->cells[i].role == PCC_SW_NU && !D->cells[i].chained) first = i;
    if (first < 0) return 0;
    if (!D->has_thr)
        return sw_reject(msg, len, "cells[%ld]: an interior cell, but some target is 0 (no interior threshold)", (long) first);
    slong K = chain_collect(idx, D, first, -1);
    if (K == 0)
        return sw_reject(msg, len, "cells[%ld]: the interior cell of highest rho does not start at nu = 0", (long) first);
    return check_chain(D, idx, K, NULL, D->thr, -1, "the interior threshold", msg, len);
}

/* [A, B] covered: consecutive cells abut, or their gap is a breakpoint's zero interval; the
 * first starts at A; the last ends at B, or belongs to the interior chain (which reaches
 * rho_int; above it the closed form). */
static int check_cover(sw_doc_t *D, char *msg, size_t len)
{
    if (D->nc == 0) {
        if (D->has_thr && !below_thr(D, D->A) && above_thr(D, D->A)) return 0;
        return sw_reject(msg, len, "cover: no cells, and rho.from = %.17g is not proved above the "
                         "interior threshold", sw_d(D->A));
    }
    if (!fmpq_equal(D->cells[0].lo, D->A))
        return sw_reject(msg, len, "cover: cells[0] starts at %.17g, not at rho.from = %.17g",
                         sw_d(D->cells[0].lo), sw_d(D->A));
    for (slong i = 0; i + 1 < D->nc; i++) {
        sw_cell_t *a = D->cells + i, *b = D->cells + i + 1;
        if (fmpq_equal(a->hi, b->lo)) continue;
        int bridged = 0;
        for (slong k = 0; k < D->nbk && !bridged; k++)
            bridged = D->br[k].has_zero && fmpq_equal(D->br[k].zlo, a->hi) && fmpq_equal(D->br[k].zhi, b->lo);
        if (!bridged)
            return sw_reject(msg, len, "cover: between cells[%ld] and cells[%ld], rho in [%.20g, "
                             "%.20g] is neither a cell nor a breakpoint's enclosure", (long) i,
                             (long) (i + 1), sw_d(a->hi), sw_d(b->lo));
    }
    sw_cell_t *last = D->cells + D->nc - 1;
    if (fmpq_cmp(last->hi, D->B) > 0)
        return sw_reject(msg, len, "cover: cells[%ld] ends at %.17g, beyond rho.to", (long) (D->nc - 1), sw_d(last->hi));
    if (!fmpq_equal(last->hi, D->B) && last->role != PCC_SW_NU)
        return sw_reject(msg, len, "cover: the last cell (cells[%ld]) ends at %.17g, below rho.to = "
                         "%.17g, and is not on the interior chain", (long) (D->nc - 1), sw_d(last->hi), sw_d(D->B));
    return 0;
}

/* ---------------------------------------------------------------- pieces */

static slong rank_of(const slong *active, slong na, slong n)
{
    slong r = 0;
    for (slong a = 0; a < na; a++) r += 2 * active[a] == n ? 1 : 2;
    return r;
}

static int diff_equal(const slong *x, slong nx, const slong *y, slong ny, const slong *list, slong nl)
{
    /* list == x \ y, increasing */
    slong k = 0;
    for (slong a = 0; a < nx; a++)
        if (!contains(y, ny, x[a])) {
            if (k >= nl || list[k] != x[a]) return 0;
            k++;
        }
    return k == nl;
}

typedef struct {
    fmpq_t from, to;
    int interior;
    slong a, b, na, rank;
    slong *active;
} sw_piece_t;

static int read_piece(sw_piece_t *P, const json_t *v, const char *path, const sw_doc_t *D,
                      pcc_error_t *err)
{
    char sub[256];
    const json_t *f;
    sub_key(sub, sizeof sub, path, "rho_from");
    if (!(f = get(v, "rho_from", path, err)) || pcc_json_decimal(P->from, f, sub, err)) return 1;
    sub_key(sub, sizeof sub, path, "rho_to");
    if (!(f = get(v, "rho_to", path, err)) || pcc_json_decimal(P->to, f, sub, err)) return 1;
    if (!(f = get(v, "regime", path, err)) || !json_is_string(f))
        return pcc_fail(err, "%s.regime: expected a string", path);
    if (strcmp(json_string_value(f), "interior") == 0) P->interior = 1;
    else if (strcmp(json_string_value(f), "binding") != 0)
        return pcc_fail(err, "%s.regime: expected \"binding\" or \"interior\"", path);
    sub_key(sub, sizeof sub, path, "rank");
    if (!(f = get(v, "rank", path, err)) || pcc_json_size(&P->rank, f, sub, 0, PCC_MAX_SIZE, err)) return 1;
    P->a = P->b = -1;
    if (!D->cyclic || P->interior) return 0;
    sub_key(sub, sizeof sub, path, "active");
    if (!(f = get(v, "active", path, err)) || read_freqs(&P->active, &P->na, f, sub, 1, D->n, err)) return 1;
    sub_key(sub, sizeof sub, path, "cells");
    if (!(f = get(v, "cells", path, err)) || pcc_json_array(f, sub, 2, err)) return 1;
    sub_key(sub, sizeof sub, path, "cells[0]");
    if (pcc_json_size(&P->a, json_array_get(f, 0), sub, 0, D->nc - 1, err)) return 1;
    sub_key(sub, sizeof sub, path, "cells[1]");
    if (pcc_json_size(&P->b, json_array_get(f, 1), sub, P->a, D->nc - 1, err)) return 1;
    return 0;
}

/* One binding piece of a cyclic sweep: its cells abut, all have its active set and rank, and
 * its decimals lie within their union (or up to rho_int on the interior chain). */
static int check_piece(const sw_doc_t *D, const sw_piece_t *P, slong i, char *msg, size_t len)
{
    for (slong c = P->a; c <= P->b; c++) {
        const sw_cell_t *x = D->cells + c;
        if (x->na != P->na || memcmp(x->active, P->active, sizeof(slong) * (size_t) P->na) != 0)
            return sw_reject(msg, len, "pieces[%ld]: cells[%ld] has another active set", (long) i, (long) c);
        if (c < P->b && !fmpq_equal(x->hi, D->cells[c + 1].lo))
            return sw_reject(msg, len, "pieces[%ld]: cells[%ld] and cells[%ld] do not abut", (long) i, (long) c, (long) (c + 1));
    }
    if (P->rank != rank_of(P->active, P->na, D->n))
        return sw_reject(msg, len, "pieces[%ld]: rank %ld, but the active set gives %ld", (long) i,
                         (long) P->rank, (long) rank_of(P->active, P->na, D->n));
    const sw_cell_t *last = D->cells + P->b;
    int top_ok = fmpq_cmp(P->to, last->hi) <= 0 || (last->role == PCC_SW_NU && below_thr(D, P->to));
    if (fmpq_cmp(P->from, D->cells[P->a].lo) < 0 || !top_ok)
        return sw_reject(msg, len, "pieces[%ld]: [%.20g, %.20g] is not within its cells' [%.20g, %.20g]",
                         (long) i, sw_d(P->from), sw_d(P->to), sw_d(D->cells[P->a].lo), sw_d(last->hi));
    return 0;
}

/* The pieces and breakpoints: pieces[i] ends at breakpoints[i].rho_lower, pieces[i + 1] starts
 * at its rho_upper; every enclosure at most 10^-digits wide; the first and last pieces reach
 * A and B to 10^-digits; binding pieces in order over all cells; interior pieces above the
 * threshold; a frequency breakpoint's enters / leaves are the change of the active set; a
 * threshold breakpoint encloses the closed form. */
static int check_pieces(sw_doc_t *D, const json_t *root, char *msg, size_t len, pcc_error_t *err, int *malformed)
{
    const json_t *f = json_object_get(root, "pieces");
    *malformed = 1;
    if (pcc_json_array(f, "pieces", -1, err)) return 1;
    slong np = (slong) json_array_size(f);
    if (np != D->nbk + 1) return pcc_fail(err, "pieces: %ld pieces for %ld breakpoints", (long) np, (long) D->nbk);
    sw_piece_t *P = calloc((size_t) np, sizeof(sw_piece_t));
    int bad = 0;
    char sub[64];
    for (slong i = 0; i < np; i++) { fmpq_init(P[i].from); fmpq_init(P[i].to); }
    for (slong i = 0; i < np && !bad; i++) {
        snprintf(sub, sizeof sub, "pieces[%ld]", (long) i);
        bad = read_piece(P + i, json_array_get(f, (size_t) i), sub, D, err);
    }
    if (bad) goto out;
    *malformed = 0;
    fmpq_t d;
    fmpq_init(d);
    slong next_cell = 0;
    for (slong i = 0; i < np && !bad; i++) {
        if (P[i].interior) {
            if (!D->has_thr || !(fmpq_cmp(P[i].from, D->B) <= 0) || below_thr(D, P[i].from) || !above_thr(D, P[i].from))
                bad = sw_reject(msg, len, "pieces[%ld]: interior from rho = %.20g, not proved above "
                                "the threshold", (long) i, sw_d(P[i].from));
        } else if (D->cyclic) {
            if (P[i].a != next_cell)
                bad = sw_reject(msg, len, "pieces[%ld]: starts at cells[%ld], expected cells[%ld]", (long) i, (long) P[i].a, (long) next_cell);
            else bad = check_piece(D, P + i, i, msg, len);
            next_cell = P[i].b + 1;
        } else if (D->has_thr && !below_thr(D, P[i].to) && fmpq_cmp(P[i].to, D->A) > 0) {
            bad = sw_reject(msg, len, "pieces[%ld]: binding up to rho = %.20g, not proved below rho*", (long) i, sw_d(P[i].to));
        }
    }
    if (!bad && D->cyclic && next_cell != D->nc)
        bad = sw_reject(msg, len, "pieces: cells[%ld..] belong to no piece", (long) next_cell);
    fmpq_sub(d, P[0].from, D->A);
    fmpz_abs(fmpq_numref(d), fmpq_numref(d));
    if (!bad && fmpq_cmp(d, D->width) > 0)
        bad = sw_reject(msg, len, "pieces[0]: starts at %.20g, not at rho.from", sw_d(P[0].from));
    fmpq_sub(d, P[np - 1].to, D->B);
    fmpz_abs(fmpq_numref(d), fmpq_numref(d));
    if (!bad && fmpq_cmp(d, D->width) > 0)
        bad = sw_reject(msg, len, "pieces[%ld]: ends at %.20g, not at rho.to", (long) (np - 1), sw_d(P[np - 1].to));
    for (slong k = 0; k < D->nbk && !bad; k++) {
        sw_break_t *b = D->br + k;
        fmpq_sub(d, b->dhi, b->dlo);
        if (fmpq_cmp(d, D->width) > 0)
            bad = sw_reject(msg, len, "breakpoints[%ld]: enclosure [%.20g, %.20g] wider than 10^-%ld",
                            (long) k, sw_d(b->dlo), sw_d(b->dhi), (long) D->digits);
        else if (!fmpq_equal(P[k].to, b->dlo) || !fmpq_equal(P[k + 1].from, b->dhi))
            bad = sw_reject(msg, len, "breakpoints[%ld]: its enclosure is not where pieces[%ld] ends "
                            "and pieces[%ld] starts", (long) k, (long) k, (long) (k + 1));
        else if (b->threshold) {
            arb_t lo, hi;
            arb_init(lo); arb_init(hi);
            arb_set_fmpq(lo, b->dlo, D->prec + 64);
            arb_set_fmpq(hi, b->dhi, D->prec + 64);
            if (!D->has_thr || !arb_le(lo, D->thr) || !arb_le(D->thr, hi) || P[k].interior || !P[k + 1].interior)
                bad = sw_reject(msg, len, "breakpoints[%ld]: [%.20g, %.20g] does not enclose the threshold "
                                "%.20g between a binding and an interior piece", (long) k, sw_d(b->dlo),
                                sw_d(b->dhi), arf_get_d(arb_midref(D->thr), ARF_RND_NEAR));
            arb_clear(lo); arb_clear(hi);
        } else if (P[k].interior || P[k + 1].interior
                   || !diff_equal(P[k + 1].active, P[k + 1].na, P[k].active, P[k].na, b->enters, b->n_enters)
                   || !diff_equal(P[k].active, P[k].na, P[k + 1].active, P[k + 1].na, b->leaves, b->n_leaves)
                   || b->n_enters + b->n_leaves == 0) {
            bad = sw_reject(msg, len, "breakpoints[%ld]: enters / leaves are not the change of the "
                            "active set between pieces[%ld] and pieces[%ld]", (long) k, (long) k, (long) (k + 1));
        }
    }
    fmpq_clear(d);
out:
    for (slong i = 0; i < np; i++) { fmpq_clear(P[i].from); fmpq_clear(P[i].to); free(P[i].active); }
    free(P);
    return bad;
}

/* ---------------------------------------------------------------- the document */

static int check_cyclic(sw_doc_t *D, char *msg, size_t len)
{
    slong *idx = malloc(sizeof(slong) * (size_t) (D->nc + 1));
    int bad = 0;
    for (slong i = 0; i < D->nc && !bad; i++) bad = check_cell(D, i, msg, len);
    for (slong k = 0; k < D->nbk && !bad; k++)
        if (D->br[k].has_zero) bad = check_break_chains(D, k, idx, msg, len);
    if (!bad) bad = check_interior_chain(D, idx, msg, len);
    for (slong i = 0; i < D->nc && !bad; i++)
        if (D->cells[i].role != PCC_SW_RHO && !D->cells[i].chained)
            bad = sw_reject(msg, len, "cells[%ld]: a %s cell on no chain from a breakpoint", (long) i,
                            role_name(D->cells[i].role));
    if (!bad) bad = check_cover(D, msg, len);
    free(idx);
    return bad;
}

/* The document's threshold {name, lower, upper} encloses the closed form (D->thr). */
static int check_threshold(const sw_doc_t *D, const json_t *t, char *msg, size_t len, pcc_error_t *err)
{
    fmpq_t lo, hi;
    arb_t a, b;
    fmpq_init(lo); fmpq_init(hi); arb_init(a); arb_init(b);
    const json_t *f;
    int rc = 0;
    if (!(f = get(t, "lower", "threshold", err)) || pcc_json_decimal(lo, f, "threshold.lower", err)
        || !(f = get(t, "upper", "threshold", err)) || pcc_json_decimal(hi, f, "threshold.upper", err)) {
        rc = 2;
    } else {
        arb_set_fmpq(a, lo, D->prec + 64);
        arb_set_fmpq(b, hi, D->prec + 64);
        if (!arb_le(a, D->thr) || !arb_le(D->thr, b))
            rc = sw_reject(msg, len, "threshold: [%.20g, %.20g] does not enclose the closed form %.20g",
                           sw_d(lo), sw_d(hi), arf_get_d(arb_midref(D->thr), ARF_RND_NEAR));
    }
    fmpq_clear(lo); fmpq_clear(hi); arb_clear(a); arb_clear(b);
    return rc;
}

int pcc_sweep_check(const json_t *root, char *msg, size_t len)
{
    sw_doc_t D;
    pcc_error_t err;
    int rc = 0, malformed = 0;
    slong nv = 0;
    doc_init(&D);
    if (read_doc(&D, root, &err)) {
        snprintf(msg, len, "%s", err.text);
        rc = 2;
    } else {
        doc_threshold(&D);
        const json_t *t = json_object_get(root, "threshold");
        if (D.cyclic && check_cyclic(&D, msg, len)) rc = 1;
        else if (check_pieces(&D, root, msg, len, &err, &malformed)) {
            rc = malformed ? 2 : 1;
            if (malformed) snprintf(msg, len, "%s", err.text);
        } else if (D.has_thr && !json_is_object(t)) {
            rc = sw_reject(msg, len, "threshold: null, but every target is positive");
        } else if (D.has_thr && (rc = check_threshold(&D, t, msg, len, &err)) != 0) {
            if (rc == 2) snprintf(msg, len, "%s", err.text);
        } else if ((rc = pcc_sweep_check_values(root, D.cyclic, D.thr, D.has_thr, D.prec, &nv, msg, len)) == 0) {
            slong total = (slong) json_array_size(json_object_get(root, "values"));
            snprintf(msg, len, "every cell, chain, breakpoint, piece and value re-verified (%ld cells, "
                     "%ld breakpoints, %ld values", (long) D.nc, (long) D.nbk, (long) nv);
            if (nv < total)
                snprintf(msg + strlen(msg), len - strlen(msg), "; %ld more claim nothing: bounds -inf, inf",
                         (long) (total - nv));
            snprintf(msg + strlen(msg), len - strlen(msg), ")");
        }
    }
    doc_clear(&D);
    return rc;
}
