/* The heatmap panel: one matrix, its labels, a colour bar and a caption. Doubles only:
 * plotting is not a proof. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot_internal.h"

#define GRID_SIZE 420.0         /* pixels of the longer side of a big matrix */
#define LABELLED_CELL 12.0      /* smallest cell that carries a label */
#define MAX_CELL 40.0
#define LABEL_CHARS 22          /* longer names are cut with an ellipsis */
#define CHAR_WIDTH 6.2          /* of an 11 px sans-serif glyph, roughly */
#define AVERAGE_BUDGET 4e7      /* entry work allowed for block averages; beyond: sample */
#define DIGIT_EM 0.6            /* width of a digit, '-' or '.' in em: an upper bound for the
                                   common sans-serif fonts (Helvetica/Arial digits: 0.556 em) */
#define CELL_PAD 3.0            /* pixels kept free inside a cell */
#define CELL_FONT_MAX 10.0
#define CELL_FONT_MIN 7.0       /* below this, the value is left to the tooltip */

void pc_plot_panel_init(pc_plot_panel_t *p)
{
    pc_svg_init(&p->body);
    p->width = p->height = 0;
}

void pc_plot_panel_clear(pc_plot_panel_t *p)
{
    pc_svg_clear(&p->body);
}

/* The display grid: rd x cd cells, each the average (or a sample) of a block of m. */
typedef struct {
    slong rd, cd;
    double *cell;       /* rd * cd */
    int averaged;       /* 1: block means, 0: one sample per block */
    double min, max, half_range;
} grid_t;

static void grid_compute(grid_t *g, const pc_plot_matrix_t *m)
{
    g->rd = m->rows < PC_PLOT_MAX_CELLS ? m->rows : PC_PLOT_MAX_CELLS;
    g->cd = m->cols < PC_PLOT_MAX_CELLS ? m->cols : PC_PLOT_MAX_CELLS;
    g->cell = malloc(sizeof(double) * (size_t) (g->rd * g->cd));
    g->averaged = (double) m->rows * (double) m->cols * pc_plot_matrix_cost(m) <= AVERAGE_BUDGET;
    g->min = INFINITY;
    g->max = -INFINITY;
    for (slong a = 0; a < g->rd; a++) {
        slong r0 = a * m->rows / g->rd, r1 = (a + 1) * m->rows / g->rd;
        for (slong b = 0; b < g->cd; b++) {
            slong c0 = b * m->cols / g->cd, c1 = (b + 1) * m->cols / g->cd;
            double v;
            if (g->averaged) {
                double sum = 0;
                for (slong r = r0; r < r1; r++)
                    for (slong c = c0; c < c1; c++)
                        sum += pc_plot_matrix_entry(m, r, c);
                v = sum / ((double) (r1 - r0) * (double) (c1 - c0));
            } else {
                v = pc_plot_matrix_entry(m, (r0 + r1) / 2, (c0 + c1) / 2);
            }
            g->cell[a * g->cd + b] = v;
            if (isfinite(v)) {
                if (v < g->min) g->min = v;
                if (v > g->max) g->max = v;
            }
        }
    }
    if (g->min > g->max)
        g->min = g->max = 0;
    g->half_range = fmax(fabs(g->min), fabs(g->max));
}

/* Appends the label of row (or column) k, escaped: its name (cut at LABEL_CHARS code
 * points), or its index. */
static void put_label(pc_svg_t *s, char *const *names, slong k)
{
    if (names != NULL) {
        pc_svg_escaped(s, names[k], LABEL_CHARS);
    } else {
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", (long) k);
        pc_svg_escaped(s, buf, 0);
    }
}

static double longest_label(char *const *names, slong count)
{
    size_t longest = 1;
    char buf[32];
    for (slong k = 0; k < count; k++) {
        size_t len;
        if (names != NULL) {
            len = pc_svg_utf8_length(names[k]);
        } else {
            snprintf(buf, sizeof buf, "%ld", (long) k);
            len = strlen(buf);
        }
        if (len > longest) longest = len;
    }
    if (longest > LABEL_CHARS) longest = LABEL_CHARS;
    return (double) longest * CHAR_WIDTH;
}

static void title_text(pc_svg_t *s, const char *title)
{
    pc_svg_printf(s, "<text x=\"4\" y=\"16\" font-size=\"14\" font-weight=\"bold\" class=\"panel-title\">");
    pc_svg_escaped(s, title, 0);
    pc_svg_printf(s, "</text>\n");
}

static void missing_panel(pc_plot_panel_t *p, const pc_plot_matrix_t *m, const char *title)
{
    title_text(&p->body, title);
    char text[PC_MSG_LEN + 32];
    snprintf(text, sizeof text, "not drawn: %s", m->note[0] ? m->note : "not available");
    double y = pc_svg_caption(&p->body, text, 4, 40, 60);
    p->width = 380;
    p->height = y + 4;
}

/* The precision (3, 2 or 1 significant digits, the most that fits) and font size of the values
 * written in cells of cs pixels: the longest text, at DIGIT_EM em per character, must fit in
 * cs - CELL_PAD at a font of at least CELL_FONT_MIN. Returns 0 when not even one digit fits
 * (the tooltips still carry every value). */
static int cell_text_format(const grid_t *g, double cs, int *digits, double *font)
{
    for (int p = 3; p >= 1; p--) {
        size_t longest = 1;
        char buf[40];
        for (slong k = 0; k < g->rd * g->cd; k++) {
            size_t len = (size_t) snprintf(buf, sizeof buf, "%.*g", p, g->cell[k]);
            if (len > longest) longest = len;
        }
        double fit = (cs - CELL_PAD) / ((double) longest * DIGIT_EM);
        if (fit >= CELL_FONT_MIN) {
            *digits = p;
            *font = floor(10 * fmin(CELL_FONT_MAX, fit)) / 10;   /* printed with one decimal */
            return 1;
        }
    }
    return 0;
}

/* Small grids: one cell each, with a tooltip (name, name: value) and, when the cells are
 * big enough, the value written in the cell. */
static void draw_small_cells(pc_svg_t *s, const grid_t *g, double left, double top, double cs,
                             char *const *row_names, char *const *col_names)
{
    char color[8];
    pc_svg_printf(s, "<g shape-rendering=\"crispEdges\">\n");
    for (slong a = 0; a < g->rd; a++)
        for (slong b = 0; b < g->cd; b++) {
            double v = g->cell[a * g->cd + b];
            pc_plot_color(color, v, g->half_range);
            pc_svg_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">"
                             "<title>", left + b * cs, top + a * cs, cs + 0.05, cs + 0.05, color);
            put_label(s, row_names, a);
            pc_svg_printf(s, ", ");
            put_label(s, col_names, b);
            pc_svg_printf(s, ": %.10g</title></rect>\n", v);
        }
    pc_svg_printf(s, "</g>\n");
    int digits;
    double font;
    if (g->rd > 12 || g->cd > 12 || !cell_text_format(g, cs, &digits, &font))
        return;
    pc_svg_printf(s, "<g font-size=\"%.1f\" text-anchor=\"middle\" class=\"cell-values\">\n", font);
    for (slong a = 0; a < g->rd; a++)
        for (slong b = 0; b < g->cd; b++) {
            double v = g->cell[a * g->cd + b];
            int dark = g->half_range > 0 && fabs(v) > 0.6 * g->half_range;
            pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\" fill=\"%s\">%.*g</text>\n",
                          left + (b + 0.5) * cs, top + (a + 0.5) * cs + font * 0.35, dark ? "#fff" : "#222",
                          digits, v);
        }
    pc_svg_printf(s, "</g>\n");
}

/* Big grids (up to PC_PLOT_MAX_CELLS squared): integer cell sizes, colours quantised to
 * 64 steps a side, and one <path> per colour made of the runs of that colour in each row,
 * which keeps the file to a few megabytes at most. */
#define LEVELS 64
static void draw_big_cells(pc_svg_t *s, const grid_t *g, double left, double top, int cs)
{
    slong cells = g->rd * g->cd;
    int *level = malloc(sizeof(int) * (size_t) cells);
    double h = g->half_range > 0 ? g->half_range : 1;
    for (slong k = 0; k < cells; k++) {
        double v = g->cell[k];
        level[k] = isfinite(v) ? (int) lround(fmax(-1, fmin(1, v / h)) * LEVELS) : LEVELS + 1;
    }
    pc_svg_printf(s, "<g shape-rendering=\"crispEdges\" transform=\"translate(%.2f %.2f)\">\n", left, top);
    for (int L = -LEVELS; L <= LEVELS + 1; L++) {
        int started = 0;
        for (slong a = 0; a < g->rd; a++)
            for (slong b = 0; b < g->cd; b++) {
                if (level[a * g->cd + b] != L) continue;
                slong run = 1;
                while (b + run < g->cd && level[a * g->cd + b + run] == L) run++;
                if (!started) {
                    char color[8];
                    pc_plot_color(color, L > LEVELS ? NAN : (double) L / LEVELS, 1);
                    pc_svg_printf(s, "<path fill=\"%s\" d=\"", color);
                    started = 1;
                }
                pc_svg_printf(s, "M%ld %ldh%ldv%dh-%ldz", (long) (b * cs), (long) (a * cs),
                              (long) (run * cs), cs, (long) (run * cs));
                b += run - 1;
            }
        if (started)
            pc_svg_printf(s, "\"/>\n");
    }
    pc_svg_printf(s, "</g>\n");
    free(level);
}

static void draw_labels(pc_svg_t *s, slong rows, slong cols, double left, double top, double cs,
                        char *const *row_names, char *const *col_names, int with_rows,
                        int with_cols)
{
    double font = fmin(11, cs - 1);
    if (with_rows) {
        pc_svg_printf(s, "<g font-size=\"%.1f\" text-anchor=\"end\" class=\"row-labels\">\n", font);
        for (slong a = 0; a < rows; a++) {
            pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\">", left - 4, top + (a + 0.5) * cs + font * 0.35);
            put_label(s, row_names, a);
            pc_svg_printf(s, "</text>\n");
        }
        pc_svg_printf(s, "</g>\n");
    }
    if (with_cols) {
        pc_svg_printf(s, "<g font-size=\"%.1f\" text-anchor=\"start\" class=\"col-labels\">\n", font);
        for (slong b = 0; b < cols; b++) {
            double x = left + (b + 0.5) * cs + font * 0.35, y = top - 4;
            pc_svg_printf(s, "<text x=\"%.2f\" y=\"%.2f\" transform=\"rotate(-60 %.2f %.2f)\">",
                          x, y, x, y);
            put_label(s, col_names, b);
            pc_svg_printf(s, "</text>\n");
        }
        pc_svg_printf(s, "</g>\n");
    }
}

void pc_plot_heatmap(pc_plot_panel_t *p, const pc_plot_matrix_t *m, const char *title,
                     const char *row_axis, const char *col_axis, char *const *row_names,
                     char *const *col_names, int id)
{
    if (m->form == PC_PLOT_MATRIX_NONE || m->rows <= 0 || m->cols <= 0) {
        missing_panel(p, m, title);
        return;
    }
    grid_t g;
    grid_compute(&g, m);
    int with_rows = m->rows <= PC_PLOT_MAX_LABELS, with_cols = m->cols <= PC_PLOT_MAX_LABELS;
    slong longer = g.rd > g.cd ? g.rd : g.cd;
    /* a matrix small enough to be read cell by cell is drawn with labels and tooltips */
    int small = g.rd <= PC_PLOT_MAX_LABELS && g.cd <= PC_PLOT_MAX_LABELS;
    double cs = GRID_SIZE / (double) longer;
    if ((with_rows || with_cols) && cs < LABELLED_CELL) cs = LABELLED_CELL;
    if (cs > MAX_CELL) cs = MAX_CELL;
    if (!small) cs = floor(cs) < 2 ? 2 : floor(cs);
    double row_label = with_rows ? longest_label(row_names, m->rows) + 8 : 4;
    double col_label = with_cols ? longest_label(col_names, m->cols) : 0;
    double left = 22 + row_label;
    double top = 24 + 16 + (with_cols ? col_label * 0.87 + 8 : 4);
    double gw = g.cd * cs, gh = g.rd * cs;
    pc_svg_t *s = &p->body;

    title_text(s, title);
    pc_svg_printf(s, "<text x=\"%.2f\" y=\"36\" font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">",
                  left + gw / 2);
    pc_svg_escaped(s, col_axis, 0);
    pc_svg_printf(s, " (%ld)</text>\n", (long) m->cols);
    pc_svg_printf(s, "<text x=\"12\" y=\"%.2f\" font-size=\"11\" fill=\"#333\" text-anchor=\"middle\" "
                     "transform=\"rotate(-90 12 %.2f)\">", top + gh / 2, top + gh / 2);
    pc_svg_escaped(s, row_axis, 0);
    pc_svg_printf(s, " (%ld)</text>\n", (long) m->rows);

    if (small)
        draw_small_cells(s, &g, left, top, cs, row_names, col_names);
    else
        draw_big_cells(s, &g, left, top, (int) cs);
    pc_svg_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
                     "stroke=\"#666\" stroke-width=\"0.5\"/>\n", left, top, gw, gh);
    draw_labels(s, m->rows, m->cols, left, top, cs, row_names, col_names, with_rows, with_cols);

    double bar_width = gw < 200 ? 200 : gw;
    pc_plot_color_bar(s, left, top + gh + 12, bar_width, g.half_range, g.min, g.max, id);
    double width = left + (gw > bar_width ? gw : bar_width) + (with_cols ? col_label * 0.5 : 0) + 12;
    if (width < 360) width = 360;
    size_t chars = (size_t) ((width - 8) / 5.6);
    double y = top + gh + 62;
    if (m->note[0])
        y = pc_svg_caption(s, m->note, 4, y, chars);
    if (g.rd != m->rows || g.cd != m->cols) {
        char text[256];
        snprintf(text, sizeof text,
                 "%ld x %ld matrix shown as %ld x %ld cells, each the %s of a block of up to "
                 "%ld x %ld entries.", (long) m->rows, (long) m->cols, (long) g.rd, (long) g.cd,
                 g.averaged ? "average" : "central entry (sampled, too large to average)",
                 (long) ((m->rows + g.rd - 1) / g.rd), (long) ((m->cols + g.cd - 1) / g.cd));
        y = pc_svg_caption(s, text, 4, y, chars);
    }
    if (!with_rows || !with_cols)
        y = pc_svg_caption(s, "More than 60 rows or columns: labels omitted.", 4, y, chars);
    p->width = width;
    p->height = y + 4;
    free(g.cell);
}
