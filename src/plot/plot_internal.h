/* Private to src/plot: the SVG text buffer, the colour scale and the panels.
 * Everything here is double precision: plotting is not a proof (plot.h). */
#ifndef PEELCERT_PLOT_INTERNAL_H
#define PEELCERT_PLOT_INTERNAL_H

#include <stddef.h>
#include "peelcert/plot.h"
#include "peelcert/abelian.h"

/* ---- growable text (svg_text.c) ---- */
typedef struct {
    char *data;
    size_t len, cap;
} pc_svg_t;

void pc_svg_init(pc_svg_t *s);
void pc_svg_clear(pc_svg_t *s);
void pc_svg_printf(pc_svg_t *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends text with & < > " ' escaped and XML-invalid control characters replaced by '?'.
 * At most max_chars code points (0: no limit); a longer text ends in an ellipsis. */
void pc_svg_escaped(pc_svg_t *s, const char *text, size_t max_chars);
/* Appends text as <text> lines (10 px, grey) of at most width_chars bytes from y on,
 * breaking at spaces (never inside a UTF-8 sequence). Returns the y after the last line. */
double pc_svg_caption(pc_svg_t *s, const char *text, double x, double y, size_t width_chars);
/* Appends another buffer's text. */
void pc_svg_append(pc_svg_t *s, const pc_svg_t *other);
/* Code points of a UTF-8 string (what a label's width depends on). */
size_t pc_svg_utf8_length(const char *text);

/* ---- colours (plot_color.c) ---- */
/* Diverging blue-white-red scale centred at 0: value v of a scale with half-range m
 * (|v| <= m) as "#rrggbb" in out (8 bytes). Non-finite values are grey. */
void pc_plot_color(char out[8], double v, double m);
/* A horizontal colour bar of the given size at (x, y), labelled -m, 0, m, with the
 * actual min and max of the data below it. id must be unique in the document. */
void pc_plot_color_bar(pc_svg_t *s, double x, double y, double width, double m, double min,
                       double max, int id);

/* ---- panels: each draws at the origin and reports its size ---- */
typedef struct {
    pc_svg_t body;         /* SVG elements, drawn at (0, 0) */
    double width, height;
} pc_plot_panel_t;

void pc_plot_panel_init(pc_plot_panel_t *p);
void pc_plot_panel_clear(pc_plot_panel_t *p);

/* A heatmap of m with a title, axis names, labels (names or indices; none for more
 * than PC_PLOT_MAX_LABELS), a colour bar and a caption (m->note, block averaging). */
void pc_plot_heatmap(pc_plot_panel_t *p, const pc_plot_matrix_t *m, const char *title,
                     const char *row_axis, const char *col_axis, char *const *row_names,
                     char *const *col_names, int id);

/* The circle panel: the first column c (length n) of a circulant Z° and the token names
 * (may be NULL). Returns 0 if drawn (possibly with "Z° = 0"), -1 if n is too small. */
int pc_plot_circle(pc_plot_panel_t *p, const double *c, slong n, char *const *names);

/* The spectrum panel (plot_spectrum.c): per isotypic component a bar of the W W^T
 * eigenvalue and, when given, one of H^T H, labelled by multiplicity and activity. */
void pc_plot_spectrum(pc_plot_panel_t *p, const pc_plot_spectrum_t *sp);

/* ---- plain DFT in doubles (plot_dft.c) ---- */
/* c_hat_j = sum_m c_m exp(-2 pi i j m / n) for one j, as (re, im). O(n). */
void pc_plot_dft_one(double *re, double *im, const double *c, slong n, slong j);
/* g_m = (1/n) sum_j |c_hat_j| cos(2 pi j m / n): the first column of (Z Z^T)^{1/2} for
 * the real circulant Z with first column c. O(n^2); returns NULL if n > PC_PLOT_MAX_DFT. */
#define PC_PLOT_MAX_DFT 20000
double *pc_plot_circulant_abs_root(const double *c, slong n);

/* ---- models (plot_model.c) ---- */
void pc_plot_matrix_init(pc_plot_matrix_t *m);
void pc_plot_matrix_clear(pc_plot_matrix_t *m);
/* Work to evaluate one entry (1, or inner for a product). */
double pc_plot_matrix_cost(const pc_plot_matrix_t *m);
/* Exact rational -> nearest double (finite inputs of any size). */
double pc_plot_fmpq_to_double(const fmpq_t x);
/* Grams of the balanced factorisation of the plot's Z when they are not given:
 * W W^T = sqrt(a/b) (Z Z^T)^{1/2}, H^T H = sqrt(b/a) (Z^T Z)^{1/2}. */
void pc_plot_fill_balanced_grams(pc_plot_t *plot);
/* The three ways a plot is filled (plot owns the arrays passed in): a certificate's
 * dense factors W (V x d) and H (d x N), row-major (H is freed after use); a circulant's
 * first column c; an exchangeable x with the claimed Gram scales if has_gram. The
 * instance must be set first. Grams not given are those of the balanced factorisation. */
void pc_plot_set_factors(pc_plot_t *plot, double *W, double *H, slong d);
void pc_plot_set_circulant(pc_plot_t *plot, double *c, slong n);
/* Z°[k][i] = c[k - i] in G (SPEC 11, k >= 2 factors): drawn densely (n^2 <= 4e6), the Grams by
 * the dense balanced factorisation; takes ownership of c. */
void pc_plot_set_group_circulant(pc_plot_t *plot, double *c, const pc_abelian_t *G);
/* Captions of a rank-d (LP) point set by pc_plot_set_factors (d below the rank of the
 * optimum of (C); local_status: "proved" or why not). */
void pc_plot_set_lp_captions(pc_plot_t *plot, slong d, const char *local_status);
/* A kind-group primal (cert->z_orb, and the gram claim if any) over plot->inst's orbitals. */
pc_status_t pc_plot_set_group_primal(pc_plot_t *plot, const pc_cert_t *cert, pc_msg_t *msg);
/* Targets exchangeable after relabelling the contexts (FORMAT.md kind exchangeable,
 * context_permutation): Z[k][i] = x (delta(k, perm[i]) - 1/n), drawn densely (after
 * pc_plot_set_exchangeable, which set the diagonal/off-diagonal values). */
void pc_plot_permute_exchangeable_columns(pc_plot_t *plot, const slong *perm);
void pc_plot_set_exchangeable(pc_plot_t *plot, double x, int has_gram, double gram_W,
                              double gram_H);
/* plot->summary: "<what> in [lower, upper]; regime ..; structure .." (outward to 15 places, with the gap). */
void pc_plot_set_summary(pc_plot_t *plot, const char *what, const char *lower, const char *upper,
                         const char *regime, const char *structure);
/* Copies an instance (through its canonical JSON). */
pc_status_t pc_plot_copy_instance(pc_instance_t *dst, const pc_instance_t *src, pc_msg_t *msg);

#endif
