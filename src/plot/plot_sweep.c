/* The picture of a sweep document (plot.h, issue 13, peelcert-sweep/1): the optimal value at the
 * certified points against rho, and below it the active frequencies of each piece as bars, with
 * the breakpoints as dashed vertical lines. Doubles from the document's decimals: a picture, not
 * a proof ('peelcert sweep' proved the claims; the document says what). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "plot_internal.h"

#define PW 720.0      /* plot width */
#define VH 220.0      /* value panel height */
#define ROW 16.0      /* one frequency row */
#define LEFT 70.0
#define TOP 40.0

static double num(const json_t *v)
{
    if (!json_is_string(v))
        return NAN;
    const char *s = json_string_value(v), *slash = strchr(s, '/');
    if (slash == NULL)
        return strtod(s, NULL);
    return strtod(s, NULL) / strtod(slash + 1, NULL);
}

typedef struct {
    double lo, hi, vmin, vmax;
} frame_t;

static double X(const frame_t *f, double rho)
{
    return LEFT + PW * (rho - f->lo) / (f->hi - f->lo);
}

static double Y(const frame_t *f, double v)
{
    return TOP + VH - VH * (v - f->vmin) / (f->vmax - f->vmin);
}

static void axes(pc_svg_t *s, const frame_t *f, double bottom)
{
    pc_svg_printf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n",
                  LEFT, bottom, LEFT + PW, bottom);
    for (int k = 0; k <= 8; k++) {
        double rho = f->lo + (f->hi - f->lo) * k / 8.0;
        pc_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%.4g</text>\n",
                      X(f, rho), bottom + 14, rho);
    }
    pc_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">rho = "
                  "sqrt(V E_W N E_H)</text>\n", LEFT + PW / 2, bottom + 30);
    for (int k = 0; k <= 4; k++) {
        double v = f->vmin + (f->vmax - f->vmin) * k / 4.0;
        pc_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.4g</text>\n"
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                      LEFT - 6, Y(f, v) + 3, v, LEFT, Y(f, v), LEFT + PW, Y(f, v));
    }
}

char *pc_plot_sweep_svg(const json_t *doc, pc_msg_t *msg)
{
    const json_t *pieces = json_object_get(doc, "pieces"), *bps = json_object_get(doc, "breakpoints");
    const json_t *values = json_object_get(doc, "values"), *inst = json_object_get(doc, "instance");
    const json_t *range = json_object_get(doc, "rho");
    if (!json_is_array(pieces) || !json_is_array(bps) || !json_is_array(values) || !json_is_object(range)) {
        pc_fail(msg, PC_BAD_INPUT, "sweep document: needs arrays pieces, breakpoints, values and rho {from, to}");
        return NULL;
    }
    slong n = json_integer_value(json_object_get(inst, "tokens")), half = n / 2;
    frame_t f = {num(json_object_get(range, "from")), num(json_object_get(range, "to")), INFINITY, -INFINITY};
    if (!(f.hi > f.lo) || half < 1 || half > 4096) {
        pc_fail(msg, PC_BAD_INPUT, "sweep document: rho range or instance size unusable");
        return NULL;
    }
    size_t k;
    const json_t *x;
    json_array_foreach(values, k, x) {
        double v = num(json_object_get(x, "lower"));
        if (isfinite(v)) { f.vmin = fmin(f.vmin, v); f.vmax = fmax(f.vmax, v); }
    }
    if (!(f.vmax > f.vmin)) { f.vmin = isfinite(f.vmin) ? f.vmin - 1 : 0; f.vmax = f.vmin + 2; }
    double pad = 0.05 * (f.vmax - f.vmin);
    f.vmin -= pad; f.vmax += pad;
    /* rows of the active panel: every frequency up to 24 rows; above, only those ever active */
    double rows = (double) (half <= 24 ? half : 24), row = half <= 24 ? ROW : ROW * 24 / (double) half;
    double top2 = TOP + VH + 60, bottom2 = top2 + rows * ROW, height = bottom2 + 60;
    pc_svg_t s;
    pc_svg_init(&s);
    pc_svg_printf(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                  "font-family=\"sans-serif\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                  LEFT + PW + 40, height);
    const char *name = json_string_value(json_object_get(inst, "name"));
    pc_svg_printf(&s, "<text x=\"%.1f\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Phase diagram: ", LEFT);
    pc_svg_escaped(&s, name ? name : "the instance", 60);
    pc_svg_printf(&s, " (n = %ld)</text>\n", (long) n);
    /* value panel: points of each piece joined */
    axes(&s, &f, TOP + VH);
    pc_svg_printf(&s, "<text x=\"12\" y=\"%.1f\" font-size=\"11\" transform=\"rotate(-90 12 %.1f)\" "
                  "text-anchor=\"middle\">val(C)</text>\n", TOP + VH / 2, TOP + VH / 2);
    pc_svg_printf(&s, "<polyline fill=\"none\" stroke=\"#36c\" stroke-width=\"1.5\" points=\"");
    double last = NAN;
    json_array_foreach(values, k, x) {
        double r = num(json_object_get(x, "rho")), v = num(json_object_get(x, "lower"));
        if (isfinite(r) && isfinite(v))
            pc_svg_printf(&s, "%.2f,%.2f ", X(&f, r), Y(&f, v));
        last = v;
    }
    /* the interior piece's value is constant (H(q)) up to the end of the range */
    const json_t *tail = json_array_get(pieces, json_array_size(pieces) - 1);
    if (tail != NULL && json_is_string(json_object_get(tail, "active")) && isfinite(last))
        pc_svg_printf(&s, "%.2f,%.2f ", X(&f, f.hi), Y(&f, last));
    pc_svg_printf(&s, "\"/>\n");
    json_array_foreach(values, k, x) {
        double r = num(json_object_get(x, "rho")), v = num(json_object_get(x, "lower"));
        if (isfinite(r) && isfinite(v))
            pc_svg_printf(&s, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"#36c\"/>\n", X(&f, r), Y(&f, v));
    }
    /* active panel: one row per frequency, a bar where it is active */
    pc_svg_printf(&s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" font-weight=\"bold\">active "
                  "frequencies j (pair j, n - j; Nyquist n/2): proved constant on each piece</text>\n",
                  LEFT, top2 - 8);
    for (slong j = 1; j <= half && j <= 24; j++) {
        slong fj = half <= 24 ? j : (j * half + 23) / 24;
        pc_svg_printf(&s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">j = %ld</text>\n",
                      LEFT - 6, top2 + (j - 0.5) * ROW + 3, (long) fj);
    }
    json_array_foreach(pieces, k, x) {
        double a = num(json_object_get(x, "rho_from")), b = num(json_object_get(x, "rho_to"));
        const json_t *act = json_object_get(x, "active");
        int interior = json_is_string(act);
        for (slong j = 1; j <= half; j++) {
            int on = interior;
            size_t i;
            const json_t *e;
            if (!interior)
                json_array_foreach(act, i, e) on = on || json_integer_value(e) == j;
            if (!on)
                continue;
            double y = top2 + (half <= 24 ? (j - 1) * ROW : (j - 1) * row);
            pc_svg_printf(&s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                          X(&f, a), y + 2, fmax(X(&f, b) - X(&f, a), 0.5), fmax(row - 4, 1),
                          interior ? "#bbb" : "#c63");
        }
        if (interior)
            pc_svg_printf(&s, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"10\">interior: centered log q</text>\n",
                          X(&f, a) + 4, top2 + ROW * 0.5 + 3);
    }
    axes(&s, &f, bottom2);
    /* breakpoints: dashed lines through both panels, labelled */
    json_array_foreach(bps, k, x) {
        double r = num(json_object_get(x, "rho_lower"));
        const json_t *en = json_object_get(x, "enters"), *lv = json_object_get(x, "leaves");
        pc_svg_printf(&s, "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#a00\" "
                      "stroke-dasharray=\"4 3\"/>\n<text x=\"%.2f\" y=\"%.1f\" font-size=\"9\" fill=\"#a00\" "
                      "transform=\"rotate(-90 %.2f %.1f)\">%.10g", X(&f, r), TOP, X(&f, r), bottom2,
                      X(&f, r) - 3, TOP + VH - 4, X(&f, r) - 3, TOP + VH - 4, r);
        size_t i;
        const json_t *e;
        json_array_foreach(en, i, e) pc_svg_printf(&s, " +%ld", (long) json_integer_value(e));
        json_array_foreach(lv, i, e) pc_svg_printf(&s, " -%ld", (long) json_integer_value(e));
        if (json_array_size(en) + json_array_size(lv) == 0 && strstr(json_string_value(json_object_get(x, "event")) ?: "", "interior"))
            pc_svg_printf(&s, " interior");
        pc_svg_printf(&s, "</text>\n");
    }
    pc_svg_printf(&s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#666\">%s. Breakpoints "
                  "enclosed to 1e-%ld; values certified at each piece's ends and midpoint.</text>\n",
                  LEFT, height - 10, json_is_true(json_object_get(doc, "verified")) ? "Every piece "
                  "and breakpoint proved" : "NOT verified (see the document's message)",
                  (long) json_integer_value(json_object_get(doc, "digits")));
    pc_svg_printf(&s, "</svg>\n");
    char *out = strdup(s.data);
    pc_svg_clear(&s);
    return out;
}
