/* The SVG document: a header, then the panels on a grid of two columns
 * (Z° | W W^T over H^T H | circle, then the spectrum of a group certificate). Plain SVG 1.1 that browsers and rsvg render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot_internal.h"

#define GAP 28.0
#define MARGIN 16.0
#define HEADER 92.0

/* The first column of Z° when the instance is cyclic (then Z° is circulant, SPEC 5a). */
static double *circulant_column(const pc_plot_t *plot)
{
    const pc_instance_t *inst = &plot->inst;
    if (plot->Z.form == PC_PLOT_MATRIX_NONE || inst->tokens != inst->contexts || inst->tokens < 2 ||
        !pc_instance_is_circulant(inst, NULL))
        return NULL;
    double *c = malloc(sizeof(double) * (size_t) inst->tokens);
    for (slong k = 0; k < inst->tokens; k++)
        c[k] = pc_plot_matrix_entry(&plot->Z, k, 0);
    return c;
}

static void header(pc_svg_t *s, const pc_plot_t *plot)
{
    pc_svg_printf(s, "<text x=\"%.1f\" y=\"26\" font-size=\"18\" font-weight=\"bold\">peelcert plot: ", MARGIN);
    pc_svg_escaped(s, plot->inst.name ? plot->inst.name : "(unnamed instance)", 80);
    pc_svg_printf(s, " (V = %ld, N = %ld, d = %ld)</text>\n", (long) plot->inst.tokens,
                  (long) plot->inst.contexts, (long) plot->inst.dim);
    pc_svg_printf(s, "<text x=\"%.1f\" y=\"44\" font-size=\"11\" fill=\"#333\">from ", MARGIN);
    pc_svg_escaped(s, plot->source, 0);
    pc_svg_printf(s, "</text>\n<text x=\"%.1f\" y=\"58\" font-size=\"11\" fill=\"#333\">", MARGIN);
    pc_svg_escaped(s, plot->summary, 0);
    pc_svg_printf(s, "</text>\n<text x=\"%.1f\" y=\"72\" font-size=\"11\" fill=\"#333\">"
                     "Drawn in double precision: a picture of the certified optimum, not a proof. "
                     "Colours: blue negative, white 0, red positive.</text>\n", MARGIN);
}

char *pc_plot_svg(const pc_plot_t *plot)
{
    const pc_instance_t *inst = &plot->inst;
    pc_plot_panel_t panels[5];
    const char *ids[5] = { "logits", "gram-W", "gram-H", NULL, NULL };
    int count = 3;
    for (int k = 0; k < 5; k++)
        pc_plot_panel_init(&panels[k]);
    pc_plot_heatmap(&panels[0], &plot->Z, "Z\xC2\xB0 (centered optimal logits)", "token k",
                    "context i", inst->token_names, inst->context_names, 0);
    pc_plot_heatmap(&panels[1], &plot->gram_W, "W W^T (Gram of the output vectors)", "token k",
                    "token l", inst->token_names, inst->token_names, 1);
    pc_plot_heatmap(&panels[2], &plot->gram_H, "H^T H (Gram of the context embeddings)",
                    "context i", "context i'", inst->context_names, inst->context_names, 2);
    double *c = circulant_column(plot);
    if (c != NULL && pc_plot_circle(&panels[count], c, inst->tokens, inst->token_names) == 0)
        ids[count++] = "circle";
    free(c);
    if (plot->spectrum.count > 0) {         /* group certificates (docs/groups.md "geometry") */
        pc_plot_spectrum(&panels[count], &plot->spectrum);
        ids[count++] = "spectrum";
    }

    /* two columns: panels 0, 2, 4 on the left, 1, 3 on the right */
    double col_width[2] = { 0, 0 }, row_height[3] = { 0, 0, 0 };
    int rows = (count + 1) / 2;
    for (int k = 0; k < count; k++) {
        if (panels[k].width > col_width[k % 2]) col_width[k % 2] = panels[k].width;
        if (panels[k].height > row_height[k / 2]) row_height[k / 2] = panels[k].height;
    }
    double width = 2 * MARGIN + col_width[0] + GAP + col_width[1];
    double height = HEADER + MARGIN;
    for (int r = 0; r < rows; r++) height += row_height[r] + (r ? GAP : 0);
    if (width < 760) width = 760;

    pc_svg_t s;
    pc_svg_init(&s);
    pc_svg_printf(&s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!-- peelcert plot. Numbers are doubles converted from the exact certificate "
                      "or from the oracle's ball centers: plotting is not a proof. -->\n"
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
                      "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, "
                      "Helvetica, Arial, sans-serif\">\n"
                      "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
                  width, height, width, height, width, height);
    header(&s, plot);
    for (int k = 0; k < count; k++) {
        double x = MARGIN + (k % 2 ? col_width[0] + GAP : 0), y = HEADER;
        for (int r = 0; r < k / 2; r++) y += row_height[r] + GAP;
        pc_svg_printf(&s, "<g id=\"%s\" transform=\"translate(%.2f %.2f)\">\n", ids[k], x, y);
        pc_svg_append(&s, &panels[k].body);
        pc_svg_printf(&s, "</g>\n");
    }
    pc_svg_printf(&s, "</svg>\n");
    for (int k = 0; k < 5; k++)
        pc_plot_panel_clear(&panels[k]);
    return s.data;     /* ownership passes to the caller */
}

pc_status_t pc_plot_write_file(const char *text, const char *path, pc_msg_t *msg)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "-o: cannot open '%s' for writing", path);
    size_t len = strlen(text);
    int ok = fwrite(text, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok)
        return pc_fail(msg, PC_BAD_INPUT, "-o: cannot write '%s'", path);
    return PC_OK;
}
