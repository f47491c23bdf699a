/* The diverging colour scale of every heatmap: blue (negative), white (0), red (positive). */
#include <math.h>
#include <stdio.h>
#include "plot_internal.h"

static const double NEGATIVE[3] = { 33, 102, 172 };   /* #2166ac */
static const double POSITIVE[3] = { 178, 24, 43 };    /* #b2182b */

void pc_plot_color(char out[8], double v, double m)
{
    if (!isfinite(v)) {
        snprintf(out, 8, "#999999");
        return;
    }
    double t = (m > 0 && isfinite(m)) ? v / m : 0.0;
    if (t > 1) t = 1;
    if (t < -1) t = -1;
    const double *end = t < 0 ? NEGATIVE : POSITIVE;
    double w = fabs(t);
    int rgb[3];
    for (int i = 0; i < 3; i++)
        rgb[i] = (int) lround(255.0 + w * (end[i] - 255.0));
    snprintf(out, 8, "#%02x%02x%02x", rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff);
}

void pc_plot_color_bar(pc_svg_t *s, double x, double y, double width, double m, double min,
                       double max, int id)
{
    char lo[8], mid[8], hi[8];
    pc_plot_color(lo, -1, 1);
    pc_plot_color(mid, 0, 1);
    pc_plot_color(hi, 1, 1);
    pc_svg_printf(s,
        "<defs><linearGradient id=\"pcbar%d\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
        "<stop offset=\"0\" stop-color=\"%s\"/><stop offset=\"0.5\" stop-color=\"%s\"/>"
        "<stop offset=\"1\" stop-color=\"%s\"/></linearGradient></defs>\n",
        id, lo, mid, hi);
    pc_svg_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"10\" "
                     "fill=\"url(#pcbar%d)\" stroke=\"#666\" stroke-width=\"0.5\"/>\n",
                  x, y, width, id);
    pc_svg_printf(s, "<g font-size=\"10\" fill=\"#333\">"
                     "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"start\">%.4g</text>"
                     "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">0</text>"
                     "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%.4g</text></g>\n",
                  x, y + 22, -m, x + width / 2, y + 22, x + width, y + 22, m);
    pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"10\" fill=\"#333\">"
                     "min %.6g, max %.6g</text>\n", x, y + 36, min, max);
}
