/* The picture of a probed token set (plot.h, issue 14): the tokens on the plane of the dominant
 * Fourier frequency, joined in the given order, beside the heatmap of their centered Gram and,
 * when given, the certified optimal Gram. Doubles only: a picture, not a proof. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plot_internal.h"

#define SIDE 320.0

/* The points panel: a square of side SIDE with the unit circle of the largest radius. */
static void points_panel(pc_plot_panel_t *p, const char *title, char *const *names, slong m,
                         const double *plane)
{
    double r = 0;
    for (slong i = 0; i < m; i++)
        r = fmax(r, hypot(plane[2 * i], plane[2 * i + 1]));
    double scale = r > 0 ? (SIDE / 2 - 40) / r : 1, cx = SIDE / 2, cy = 24 + SIDE / 2;
    pc_svg_printf(&p->body, "<text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">");
    pc_svg_escaped(&p->body, title, 60);
    pc_svg_printf(&p->body, "</text>\n<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"none\" "
                  "stroke=\"#bbb\" stroke-dasharray=\"4 3\"/>\n", cx, cy, r * scale);
    pc_svg_printf(&p->body, "<polygon fill=\"none\" stroke=\"#4a7\" stroke-width=\"1.2\" points=\"");
    for (slong i = 0; i < m; i++)
        pc_svg_printf(&p->body, "%.2f,%.2f ", cx + scale * plane[2 * i], cy - scale * plane[2 * i + 1]);
    pc_svg_printf(&p->body, "\"/>\n");
    for (slong i = 0; i < m; i++) {
        double x = cx + scale * plane[2 * i], y = cy - scale * plane[2 * i + 1];
        pc_svg_printf(&p->body, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"#c33\"/>\n"
                      "<text x=\"%.2f\" y=\"%.2f\" font-size=\"10\">", x, y, x + 5, y - 5);
        if (names != NULL)
            pc_svg_escaped(&p->body, names[i], 16);
        else
            pc_svg_printf(&p->body, "%ld", (long) i);
        pc_svg_printf(&p->body, "</text>\n");
    }
    p->width = SIDE;
    p->height = SIDE + 30;
}

/* m x m values as a heatmap panel. */
static void gram_panel(pc_plot_panel_t *p, const double *G, slong m, const char *title,
                       const char *note, char *const *names, int id)
{
    pc_plot_matrix_t mat;
    pc_plot_matrix_init(&mat);
    mat.form = PC_PLOT_MATRIX_DENSE;
    mat.rows = mat.cols = m;
    mat.values = malloc(sizeof(double) * (size_t) (m * m));
    memcpy(mat.values, G, sizeof(double) * (size_t) (m * m));
    snprintf(mat.note, sizeof mat.note, "%s", note);
    pc_plot_heatmap(p, &mat, title, "token", "token", names, names, id);
    pc_plot_matrix_clear(&mat);
}

char *pc_plot_probe_svg(const char *title, const char *caption, char *const *names, slong m,
                        const double *plane, const double *gram, const double *optimal_gram)
{
    pc_plot_panel_t panels[3];
    int count = optimal_gram != NULL ? 3 : 2;
    for (int k = 0; k < 3; k++)
        pc_plot_panel_init(&panels[k]);
    points_panel(&panels[0], "tokens on the dominant-frequency plane", names, m, plane);
    gram_panel(&panels[1], gram, m, "centered Gram of the model's rows (normalised)",
               "normalised to unit Frobenius norm", names, 1);
    if (optimal_gram != NULL)
        gram_panel(&panels[2], optimal_gram, m, "certified optimal W W^T (normalised)",
                   "from the certified optimum of the instance", names, 2);
    double width = 16, height = 0;
    for (int k = 0; k < count; k++) {
        width += panels[k].width + 28;
        height = fmax(height, panels[k].height);
    }
    height += 90;
    pc_svg_t s;
    pc_svg_init(&s);
    pc_svg_printf(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- peelcert probe: doubles, "
                  "a picture, not a proof -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "version=\"1.1\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                  "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n<rect x=\"0\" y=\"0\" "
                  "width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", width, height, width, height,
                  width, height);
    pc_svg_printf(&s, "<text x=\"16\" y=\"26\" font-size=\"18\" font-weight=\"bold\">peelcert probe: ");
    pc_svg_escaped(&s, title, 90);
    pc_svg_printf(&s, "</text>\n");
    pc_svg_caption(&s, caption, 16, 46, 150);
    double x = 16;
    for (int k = 0; k < count; k++) {
        pc_svg_printf(&s, "<g transform=\"translate(%.2f 80)\">\n", x);
        pc_svg_append(&s, &panels[k].body);
        pc_svg_printf(&s, "</g>\n");
        x += panels[k].width + 28;
    }
    pc_svg_printf(&s, "</svg>\n");
    for (int k = 0; k < 3; k++)
        pc_plot_panel_clear(&panels[k]);
    return s.data;
}
