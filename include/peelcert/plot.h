/* Pictures of a certified optimum (issue 5, item 3): heatmaps of the centered optimal
 * logits Z°, of W W^T and of H^T H, and for circulant optima the output vectors on the
 * plane of the first active Fourier frequency. The output is one plain SVG document.
 *
 * Plotting is not a proof: every number here is a double, converted from the exact
 * rationals (nearest) or from an oracle's decimal values. Nothing drawn is certified
 * beyond what the certificate or oracle it came from says. */
#ifndef PEELCERT_PLOT_H
#define PEELCERT_PLOT_H

#include <jansson.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"

/* Heatmaps larger than this (per side) are drawn by averaging blocks of entries. */
#define PC_PLOT_MAX_CELLS 250
/* Matrices with more rows or columns than this get no per-row/column labels. */
#define PC_PLOT_MAX_LABELS 60

typedef enum {
    PC_PLOT_MATRIX_NONE = 0,     /* not available; note says why */
    PC_PLOT_MATRIX_DENSE,        /* values[r * cols + c] */
    PC_PLOT_MATRIX_DIAG_OFF,     /* diag on the diagonal, off elsewhere */
    PC_PLOT_MATRIX_CIRCULANT,    /* M[r][c] = values[(r - c) mod rows], rows == cols */
    PC_PLOT_MATRIX_PRODUCT       /* M[r][c] = <A[r], B[c]>: A is rows x inner, B cols x inner */
} pc_plot_matrix_form_t;

/* One matrix to draw, in whichever structure it came in (STYLE 8). Owns its arrays. */
typedef struct {
    pc_plot_matrix_form_t form;
    slong rows, cols, inner;
    double *values;              /* DENSE or CIRCULANT */
    double diag, off;            /* DIAG_OFF */
    double *A, *B;               /* PRODUCT */
    char note[PC_MSG_LEN];       /* caption: where the matrix comes from, or why absent */
} pc_plot_matrix_t;

/* Components drawn in the spectrum panel at most. */
#define PC_PLOT_MAX_COMPONENTS 64

/* The spectrum per isotypic component of a group certificate (docs/groups.md "geometry"):
 * the ball centres of the eigenvalues of W W^T (token side) and H^T H (context side). */
typedef struct {
    slong count;                 /* components (0: no panel) */
    slong multiplicity[PC_PLOT_MAX_COMPONENTS];
    double eig_W[PC_PLOT_MAX_COMPONENTS], eig_H[PC_PLOT_MAX_COMPONENTS];
    int active[PC_PLOT_MAX_COMPONENTS];   /* 0 no, 1 yes, 2 undecided */
    int has_H;                   /* eig_H given (values at the optimum) */
    slong embedding;             /* embedding dimension, -1 if not reported */
    char values_at[16];          /* "optimum" or "certificate" */
} pc_plot_spectrum_t;

/* What a plot shows. The instance is an owned copy (names, sizes, budgets). */
typedef struct {
    pc_instance_t inst;
    pc_plot_matrix_t Z, gram_W, gram_H;
    pc_plot_spectrum_t spectrum;
    char source[PC_MSG_LEN];     /* e.g. "certificate (kind circulant)" */
    char summary[PC_MSG_LEN];    /* value interval, regime, structure */
} pc_plot_t;

void pc_plot_init(pc_plot_t *plot);
void pc_plot_clear(pc_plot_t *plot);

/* Fills plot from a certificate held in memory (e.g. just produced by pc_certify). */
pc_status_t pc_plot_set_cert(pc_plot_t *plot, const pc_cert_t *cert, const pc_instance_t *inst,
                             pc_msg_t *msg);

/* Fills plot from a certificate ("peelcert-certificate/1") or an oracle
 * ("peelcert-oracle/1") document. PC_BAD_INPUT names the offending field. The numbers
 * are read, not verified: run 'peelcert check' for that. */
pc_status_t pc_plot_set_json(pc_plot_t *plot, json_t *root, pc_msg_t *msg);

/* Reads the spectrum panel's data from a geometry object (certify --json or oracle
 * "geometry"); leaves the spectrum empty when it has no token_components. */
void pc_plot_set_spectrum(pc_plot_t *plot, const json_t *geometry);

/* The SVG document (UTF-8, a complete XML file). Caller frees. */
char *pc_plot_svg(const pc_plot_t *plot);

/* Entry r, c of m as drawn (0 for PC_PLOT_MATRIX_NONE). */
double pc_plot_matrix_entry(const pc_plot_matrix_t *m, slong r, slong c);

/* The picture of a probed token set (probe.h): the m tokens on the dominant-frequency plane
 * (plane: 2 m coordinates), joined in the given order, the heatmap of their centered Gram (m x m)
 * and, when optimal_gram != NULL, the certified optimal Gram beside it. Caller frees. */
char *pc_plot_probe_svg(const char *title, const char *caption, char *const *names, slong m,
                        const double *plane, const double *gram, const double *optimal_gram);

/* The picture of a sweep document (peelcert-sweep/1, issue 13): the value at the certified
 * points against rho, the active frequencies of each piece as bars (every frequency for
 * n <= 48, else 24 sampled rows), the breakpoints as dashed lines. NULL with msg if the document
 * lacks its arrays. Caller frees. */
char *pc_plot_sweep_svg(const json_t *doc, pc_msg_t *msg);

/* Writes text to path; PC_BAD_INPUT naming the path if it cannot. */
pc_status_t pc_plot_write_file(const char *text, const char *path, pc_msg_t *msg);

#endif
