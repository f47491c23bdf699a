/* The spectrum panel of a group certificate (docs/groups.md "geometry"): per isotypic
 * component k the eigenvalue of W W^T (token side) and, at the optimum, that of H^T H on the
 * matching context component, as bars; below each, k, the multiplicity m_k and the activity.
 * The numbers are the ball centres as doubles: the proof is in the geometry object. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot_internal.h"

#define PLOT_HEIGHT 160.0
#define LEFT 56.0
#define TOP 36.0

static double number_of(const json_t *ball)
{
    const json_t *v = json_is_object(ball) ? json_object_get(ball, "value") : NULL;
    return json_is_string(v) ? strtod(json_string_value(v), NULL) : NAN;
}

void pc_plot_set_spectrum(pc_plot_t *plot, const json_t *geometry)
{
    pc_plot_spectrum_t *sp = &plot->spectrum;
    const json_t *comps = json_is_object(geometry) ? json_object_get(geometry, "token_components") : NULL;
    const json_t *ctx = json_is_object(geometry) ? json_object_get(geometry, "context_components") : NULL;
    const json_t *at = json_is_object(geometry) ? json_object_get(geometry, "values_at") : NULL;
    const json_t *emb = json_is_object(geometry) ? json_object_get(geometry, "embedding_dimension") : NULL;
    sp->count = 0;
    if (!json_is_array(comps)) return;
    sp->has_H = json_is_array(ctx);
    sp->embedding = json_is_integer(emb) ? (slong) json_integer_value(emb) : -1;
    snprintf(sp->values_at, sizeof sp->values_at, "%s", json_is_string(at) ? json_string_value(at) : "?");
    size_t k;
    const json_t *c;
    json_array_foreach(comps, k, c) {
        if (sp->count >= PC_PLOT_MAX_COMPONENTS) break;
        const json_t *m = json_object_get(c, "multiplicity"), *a = json_object_get(c, "active");
        const char *act = json_is_string(a) ? json_string_value(a) : "undecided";
        sp->multiplicity[sp->count] = json_is_integer(m) ? (slong) json_integer_value(m) : 0;
        sp->eig_W[sp->count] = number_of(json_object_get(c, "eigenvalue_WWt"));
        sp->active[sp->count] = !strcmp(act, "yes") ? 1 : !strcmp(act, "no") ? 0 : 2;
        sp->eig_H[sp->count] = NAN;
        sp->count++;
    }
    if (sp->has_H) {        /* context component k matches token component k */
        json_array_foreach(ctx, k, c) {
            const json_t *id = json_object_get(c, "component");
            if (json_is_integer(id) && json_integer_value(id) >= 0 && json_integer_value(id) < sp->count)
                sp->eig_H[json_integer_value(id)] = number_of(json_object_get(c, "eigenvalue_HtH"));
        }
    }
}

void pc_plot_spectrum(pc_plot_panel_t *p, const pc_plot_spectrum_t *sp)
{
    pc_svg_t *s = &p->body;
    slong n = sp->count;
    double top = 0, topH = 0, slot = n > 24 ? 14.0 : 36.0, bar = sp->has_H ? slot * 0.36 : slot * 0.6;
    for (slong k = 0; k < n; k++) {      /* each side on its own scale (b/a may be far from 1) */
        if (isfinite(sp->eig_W[k]) && sp->eig_W[k] > top) top = sp->eig_W[k];
        if (sp->has_H && isfinite(sp->eig_H[k]) && sp->eig_H[k] > topH) topH = sp->eig_H[k];
    }
    if (top <= 0) top = 1;
    if (topH <= 0) topH = 1;
    p->width = LEFT + n * slot + 24;
    if (p->width < 400) p->width = 400;
    pc_svg_printf(s, "<text x=\"4\" y=\"16\" font-size=\"14\" font-weight=\"bold\" class=\"panel-title\">"
                     "Spectrum per isotypic component (%s)</text>\n", sp->values_at);
    double y0 = TOP + PLOT_HEIGHT;
    pc_svg_printf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\" fill=\"#b2182b\">%.4g</text>\n"
                     "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">0</text>\n",
                  LEFT, TOP, LEFT, y0, LEFT, y0, LEFT + n * slot, y0, LEFT - 4, TOP + 4, top,
                  LEFT - 4, y0);
    if (sp->has_H)
        pc_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#2166ac\">H^T H max %.4g</text>\n",
                      LEFT + 4, TOP - 6, topH);
    for (slong k = 0; k < n; k++) {
        double x = LEFT + k * slot + (slot - (sp->has_H ? 2 * bar : bar)) / 2;
        static const char *const fill[] = { "#bbbbbb", "#b2182b", "#f4a442" };
        double h = isfinite(sp->eig_W[k]) ? PLOT_HEIGHT * sp->eig_W[k] / top : 0;
        pc_svg_printf(s, "<rect class=\"bar-W\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                         "fill=\"%s\"><title>component %ld, m = %ld: W W^T eigenvalue %.6g (%s)</title></rect>\n",
                      x, y0 - h, bar, h > 0 ? h : 0.5, fill[sp->active[k]], (long) k,
                      (long) sp->multiplicity[k], sp->eig_W[k],
                      sp->active[k] == 1 ? "active" : sp->active[k] == 0 ? "inactive" : "undecided");
        if (sp->has_H) {
            h = isfinite(sp->eig_H[k]) ? PLOT_HEIGHT * sp->eig_H[k] / topH : 0;
            pc_svg_printf(s, "<rect class=\"bar-H\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                             "fill=\"%s\"><title>component %ld: H^T H eigenvalue %.6g</title></rect>\n",
                          x + bar, y0 - h, bar, h > 0 ? h : 0.5,
                          sp->active[k] == 1 ? "#2166ac" : "#bbbbbb", (long) k, sp->eig_H[k]);
        }
        if (n <= 24)
            pc_svg_printf(s, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%ld</text>\n"
                             "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">m=%ld</text>\n"
                             "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\">%s</text>\n",
                          LEFT + (k + 0.5) * slot, y0 + 12, (long) k, LEFT + (k + 0.5) * slot, y0 + 23,
                          (long) sp->multiplicity[k], LEFT + (k + 0.5) * slot, y0 + 34,
                          sp->active[k] == 1 ? "yes" : sp->active[k] == 0 ? "no" : "undecided");
    }
    char text[1024], dim[64];   /* the longest caption is about 500 characters */
    int undecided = 0;
    for (slong k = 0; k < n; k++) undecided = undecided || sp->active[k] == 2;
    if (sp->embedding >= 0) snprintf(dim, sizeof dim, "%ld", (long) sp->embedding);
    else snprintf(dim, sizeof dim, "not reported (see the geometry object)");
    snprintf(text, sizeof text,
             "Per isotypic component k of the token action (multiplicity m), the eigenvalue of "
             "W W^T%s, %s. Colours: %s; grey = proved 0%s. Embedding dimension (sum of active m): %s. "
             "Bars are ball centres in doubles; the proved balls are in the geometry object of "
             "certify --json / oracle.",
             sp->has_H ? " (left bar, red) and of H^T H on the matching context component (right bar, blue; "
                         "m times there, 0 on the rest; its own scale, top label)" : "",
             !strcmp(sp->values_at, "optimum") ? "at the optimum" : "of the certificate's own Z",
             sp->has_H ? "red/blue = active" : "red = active", undecided ? ", orange = undecided" : "", dim);
    double y = y0 + (n <= 24 ? 48 : 16);
    y = pc_svg_caption(s, text, 4, y, (size_t) ((p->width - 8) / 5.6));
    p->height = y + 4;
}
