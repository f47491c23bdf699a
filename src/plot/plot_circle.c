/* The circle panel of a circulant optimum: the output vectors (rows of W, or equivalently
 * the row space of Z°) projected on the plane of the first active Fourier frequency j.
 * Token k sits at angle 2 pi j k / n, at radius |c_hat_j| (SPEC 5a: the singular values of
 * a real circulant are |c_hat_j|). Doubles only: plotting is not a proof. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot_internal.h"

#define RADIUS 130.0            /* pixels of |c_hat_j| */
#define MAX_POINTS 3600         /* distinct positions drawn as dots */
#define MAX_POLYGON 360         /* tokens joined in order up to this n */
#define ACTIVE_TOLERANCE 1e-9   /* |c_hat_j| below this times sum |c_m| counts as 0 */

static slong gcd_slong(slong a, slong b)
{
    while (b != 0) { slong t = a % b; a = b; b = t; }
    return a;
}

/* The first j in 1..n/2 with |c_hat_j| above the tolerance, or 0; its modulus in *mod. */
static slong first_active(double *mod, const double *c, slong n, double tolerance)
{
    for (slong j = 1; j <= n / 2; j++) {
        double re, im;
        pc_plot_dft_one(&re, &im, c, n, j);
        if (hypot(re, im) > tolerance) {
            *mod = hypot(re, im);
            return j;
        }
    }
    *mod = 0;
    return 0;
}

/* "1, 2, 3" for the active frequencies up to n/2 (a few dozen at most). */
static void active_list(char *out, size_t size, const double *c, slong n, double tolerance)
{
    size_t used = 0;
    int count = 0;
    out[0] = '\0';
    for (slong j = 1; j <= n / 2 && used + 24 < size; j++) {
        double re, im;
        pc_plot_dft_one(&re, &im, c, n, j);
        if (hypot(re, im) <= tolerance) continue;
        if (++count > 24) {
            snprintf(out + used, size - used, ", ...");
            return;
        }
        used += (size_t) snprintf(out + used, size - used, "%s%ld", count > 1 ? ", " : "", (long) j);
    }
}

static void point_xy(double *x, double *y, double cx, double cy, slong position, slong n)
{
    double angle = 2 * M_PI * (double) position / (double) n;
    *x = cx + RADIUS * cos(angle);
    *y = cy - RADIUS * sin(angle);      /* SVG's y grows downwards: counter-clockwise */
}

/* The labels of the tokens at each distinct position, joined by ", ". */
static void draw_labels(pc_svg_t *s, double cx, double cy, slong n, slong j, char *const *names)
{
    slong positions = n / gcd_slong(j, n);
    pc_svg_printf(s, "<g font-size=\"11\" fill=\"#111\" class=\"token-labels\">\n");
    for (slong k0 = 0; k0 < positions; k0++) {
        /* the tokens k with j k = j k0 (mod n) are k0, k0 + positions, ... */
        slong position = (slong) (((ulong) j * (ulong) k0) % (ulong) n);
        double angle = 2 * M_PI * (double) position / (double) n;
        double x = cx + (RADIUS + 12) * cos(angle), y = cy - (RADIUS + 12) * sin(angle) + 4;
        const char *anchor = cos(angle) > 0.3 ? "start" : (cos(angle) < -0.3 ? "end" : "middle");
        pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\">", x, y, anchor);
        for (slong k = k0; k < n; k += positions) {
            char index[24];
            if (k != k0) pc_svg_printf(s, ", ");
            snprintf(index, sizeof index, "%ld", (long) k);
            pc_svg_escaped(s, names ? names[k] : index, 22);
        }
        pc_svg_printf(s, "</text>\n");
    }
    pc_svg_printf(s, "</g>\n");
}

static void draw_points(pc_svg_t *s, double cx, double cy, slong n, slong j)
{
    double x, y;
    if (n <= MAX_POLYGON) {
        pc_svg_printf(s, "<polyline fill=\"none\" stroke=\"#9ab\" stroke-width=\"1\" points=\"");
        for (slong k = 0; k <= n; k++) {
            point_xy(&x, &y, cx, cy, (slong) (((ulong) j * (ulong) (k % n)) % (ulong) n), n);
            pc_svg_printf(s, "%.2f,%.2f ", x, y);
        }
        pc_svg_printf(s, "\"/>\n");
    }
    slong positions = n / gcd_slong(j, n);
    if (positions > MAX_POINTS)
        return;
    for (slong k = 0; k < positions; k++) {
        point_xy(&x, &y, cx, cy, (slong) (((ulong) j * (ulong) k) % (ulong) n), n);
        pc_svg_printf(s, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"%s\"/>\n", x, y,
                      positions > 200 ? 1.5 : 4.0, k == 0 ? "#b2182b" : "#2166ac");
    }
}

int pc_plot_circle(pc_plot_panel_t *p, const double *c, slong n, char *const *names)
{
    if (n < 2)
        return -1;
    pc_svg_t *s = &p->body;
    double scale = 0;
    for (slong m = 0; m < n; m++) scale += fabs(c[m]);
    double tolerance = ACTIVE_TOLERANCE * scale, modulus;
    slong j = scale > 0 ? first_active(&modulus, c, n, tolerance) : 0;
    double label_room = names && n <= PC_PLOT_MAX_LABELS ? 110 : 30;
    double cx = label_room + RADIUS, cy = 40 + label_room * 0.5 + RADIUS;
    char text[PC_MSG_LEN + 256], active[200];

    pc_svg_printf(s, "<text x=\"4\" y=\"16\" font-size=\"14\" font-weight=\"bold\" class=\"panel-title\">"
                     "Output vectors on the plane of frequency j = %ld</text>\n", (long) j);
    p->width = 2 * cx;
    if (p->width < 400) p->width = 400;
    pc_svg_printf(s, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"none\" stroke=\"#bbb\"/>\n"
                     "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>\n"
                     "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#ddd\"/>\n",
                  cx, cy, RADIUS, cx - RADIUS - 8, cy, cx + RADIUS + 8, cy, cx, cy - RADIUS - 8,
                  cx, cy + RADIUS + 8);
    if (j == 0) {
        pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-size=\"12\">"
                         "Z\xC2\xB0 = 0: no active frequency</text>\n", cx, cy);
        snprintf(text, sizeof text, "The optimal logits vanish (all output vectors are 0).");
    } else {
        draw_points(s, cx, cy, n, j);
        if (names != NULL ? n <= PC_PLOT_MAX_LABELS : n <= 24)
            draw_labels(s, cx, cy, n, j, names);
        if (n <= PC_PLOT_MAX_DFT / 10) active_list(active, sizeof active, c, n, tolerance);
        else snprintf(active, sizeof active, "(not listed for n > %d)", PC_PLOT_MAX_DFT / 10);
        snprintf(text, sizeof text,
                 "Rows of W (equivalently the row space of Z\xC2\xB0) projected on the plane of Fourier "
                 "frequency j = %ld of n = %ld: token k at angle 2 pi j k / n, radius |c_hat_j| = %.6g "
                 "(c_hat = DFT of the first column of the Z panel, in doubles). Token 0 is red%s. "
                 "Active frequencies 1 <= j <= n/2: %s.",
                 (long) j, (long) n, modulus, n <= MAX_POLYGON ? "; the line joins tokens in order" : "",
                 active);
    }
    double y = cy + RADIUS + label_room * 0.5 + 24;
    y = pc_svg_caption(s, text, 4, y, (size_t) ((p->width - 8) / 5.6));
    p->height = y + 4;
    return 0;
}
