/* What a plot shows (plot.h): three matrices kept in their structure, filled from a
 * certificate in memory. Exact rationals become doubles here (nearest): plotting is not
 * a proof, and nothing below is used to certify anything. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include "plot_internal.h"
#include "peelcert/group.h"
#include "peelcert/numbers.h"

void pc_plot_matrix_init(pc_plot_matrix_t *m)
{
    memset(m, 0, sizeof *m);
    m->form = PC_PLOT_MATRIX_NONE;
}

void pc_plot_matrix_clear(pc_plot_matrix_t *m)
{
    free(m->values);
    free(m->A);
    free(m->B);
    pc_plot_matrix_init(m);
}

void pc_plot_init(pc_plot_t *plot)
{
    pc_instance_init(&plot->inst);
    pc_plot_matrix_init(&plot->Z);
    pc_plot_matrix_init(&plot->gram_W);
    pc_plot_matrix_init(&plot->gram_H);
    plot->source[0] = '\0';
    plot->summary[0] = '\0';
    plot->spectrum.count = 0;
    plot->spectrum.has_H = 0;
    plot->spectrum.embedding = -1;
    plot->spectrum.values_at[0] = '\0';
}

void pc_plot_clear(pc_plot_t *plot)
{
    pc_instance_clear(&plot->inst);
    pc_plot_matrix_clear(&plot->Z);
    pc_plot_matrix_clear(&plot->gram_W);
    pc_plot_matrix_clear(&plot->gram_H);
}

double pc_plot_matrix_entry(const pc_plot_matrix_t *m, slong r, slong c)
{
    switch (m->form) {
    case PC_PLOT_MATRIX_DENSE:
        return m->values[r * m->cols + c];
    case PC_PLOT_MATRIX_DIAG_OFF:
        return r == c ? m->diag : m->off;
    case PC_PLOT_MATRIX_CIRCULANT:
        return m->values[((r - c) % m->rows + m->rows) % m->rows];
    case PC_PLOT_MATRIX_PRODUCT: {
        double sum = 0;
        const double *a = m->A + r * m->inner, *b = m->B + c * m->inner;
        for (slong j = 0; j < m->inner; j++)
            sum += a[j] * b[j];
        return sum;
    }
    default:
        return 0;
    }
}

double pc_plot_matrix_cost(const pc_plot_matrix_t *m)
{
    return m->form == PC_PLOT_MATRIX_PRODUCT ? (double) (m->inner > 0 ? m->inner : 1) : 1.0;
}

double pc_plot_fmpq_to_double(const fmpq_t x)
{
    /* through a ball, so that huge numerators and denominators do not overflow */
    arb_t b;
    arb_init(b);
    arb_set_fmpq(b, x, 64);
    double d = arf_get_d(arb_midref(b), ARF_RND_NEAR);
    arb_clear(b);
    return d;
}

pc_status_t pc_plot_copy_instance(pc_instance_t *dst, const pc_instance_t *src, pc_msg_t *msg)
{
    json_t *j = pc_instance_to_json(src);
    pc_status_t st = pc_instance_from_json(dst, j, msg);
    json_decref(j);
    return st;
}

/* Copies a note, cut at the buffer's size (captions are informative only). */
static void copy_note(char *dst, const char *src)
{
    size_t len = strlen(src);
    if (len >= PC_MSG_LEN) len = PC_MSG_LEN - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static void set_circulant(pc_plot_matrix_t *m, double *first_column, slong n, const char *note)
{
    m->form = PC_PLOT_MATRIX_CIRCULANT;
    m->rows = m->cols = n;
    m->values = first_column;
    copy_note(m->note, note);
}

static void set_diag_off(pc_plot_matrix_t *m, slong n, double diag, double off, const char *note)
{
    m->form = PC_PLOT_MATRIX_DIAG_OFF;
    m->rows = m->cols = n;
    m->diag = diag;
    m->off = off;
    copy_note(m->note, note);
}

/* sqrt(a/b), the scale of W W^T in the balanced factorisation (SPEC 2, 4). */
static double budget_ratio(const pc_instance_t *inst)
{
    fmpq_t a, b;
    fmpq_init(a); fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    double r = sqrt(pc_plot_fmpq_to_double(a) / pc_plot_fmpq_to_double(b));
    fmpq_clear(a); fmpq_clear(b);
    return r;
}

static const char *gram_caveat(const pc_plot_t *plot)
{
    const pc_instance_t *inst = &plot->inst;
    slong full = inst->tokens - 1 < inst->contexts ? inst->tokens - 1 : inst->contexts;
    if (inst->dim < full)
        return "the Grams of the optimum of (C), realisable only with d >= rank(Z\xC2\xB0) (SPEC 4): "
               "this instance's d may be below that rank, and then no (LP) point has these Grams.";
    return "the Grams of every optimal factorisation in the binding regime with d >= rank "
           "(SPEC 4); in the interior regime the factorisation is not unique and this is one of them.";
}

/* S^{1/2} of a symmetric positive semidefinite n x n matrix (row-major), in place;
 * returns 0 on success. Negative eigenvalues from rounding are taken as 0. */
static int symmetric_root(double *S, slong n)
{
    double *w = malloc(sizeof(double) * (size_t) n);
    double *T = malloc(sizeof(double) * (size_t) (n * n));
    int info = (int) LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) n, S, (lapack_int) n, w);
    if (info == 0) {
        /* S holds the eigenvectors as columns: S^{1/2} = U diag(sqrt w) U^T */
        for (slong k = 0; k < n; k++)
            for (slong l = 0; l < n; l++)
                T[k * n + l] = S[k * n + l] * sqrt(w[l] > 0 ? w[l] : 0);
        double *R = malloc(sizeof(double) * (size_t) (n * n));
        for (slong k = 0; k < n; k++)
            for (slong l = 0; l < n; l++) {
                double sum = 0;
                for (slong t = 0; t < n; t++)
                    sum += T[k * n + t] * S[l * n + t];
                R[k * n + l] = sum;
            }
        memcpy(S, R, sizeof(double) * (size_t) (n * n));
        free(R);
    }
    free(w);
    free(T);
    return info;
}

/* Z Z^T (or Z^T Z when transpose) of the plot's Z, materialised: rows x rows. */
static double *gram_of_logits(const pc_plot_matrix_t *Z, int transpose, slong *size)
{
    slong n = transpose ? Z->cols : Z->rows, inner = transpose ? Z->rows : Z->cols;
    double *D = malloc(sizeof(double) * (size_t) (Z->rows * Z->cols));
    for (slong r = 0; r < Z->rows; r++)
        for (slong c = 0; c < Z->cols; c++)
            D[r * Z->cols + c] = pc_plot_matrix_entry(Z, r, c);
    double *S = malloc(sizeof(double) * (size_t) (n * n));
    for (slong k = 0; k < n; k++)
        for (slong l = k; l < n; l++) {
            double sum = 0;
            for (slong t = 0; t < inner; t++)
                sum += transpose ? D[t * Z->cols + k] * D[t * Z->cols + l]
                                 : D[k * Z->cols + t] * D[l * Z->cols + t];
            S[k * n + l] = S[l * n + k] = sum;
        }
    free(D);
    *size = n;
    return S;
}

#define MAX_DENSE_ROOT 1500     /* sides of Z whose Gram roots are computed densely (O(n^3)) */

void pc_plot_fill_balanced_grams(pc_plot_t *plot)
{
    const pc_plot_matrix_t *Z = &plot->Z;
    pc_plot_matrix_t *grams[2] = { &plot->gram_W, &plot->gram_H };
    double ratio = budget_ratio(&plot->inst);
    double scale[2] = { ratio, 1.0 / ratio };
    char note[2][PC_MSG_LEN];
    snprintf(note[0], PC_MSG_LEN, "W W^T = sqrt(a/b) (Z\xC2\xB0 Z\xC2\xB0^T)^(1/2), the balanced factorisation of Z\xC2\xB0: %s", gram_caveat(plot));
    snprintf(note[1], PC_MSG_LEN, "H^T H = sqrt(b/a) (Z\xC2\xB0^T Z\xC2\xB0)^(1/2), the balanced factorisation of Z\xC2\xB0: %s", gram_caveat(plot));
    for (int side = 0; side < 2; side++) {
        pc_plot_matrix_t *G = grams[side];
        if (G->form != PC_PLOT_MATRIX_NONE)
            continue;
        if (Z->form == PC_PLOT_MATRIX_NONE) {
            snprintf(G->note, sizeof G->note, "no logits to factor");
        } else if (Z->form == PC_PLOT_MATRIX_CIRCULANT) {
            /* (Z Z^T)^{1/2} = (Z^T Z)^{1/2}: circulant with eigenvalues |c_hat_j| (SPEC 5a) */
            double *g = pc_plot_circulant_abs_root(Z->values, Z->rows);
            if (g == NULL) {
                snprintf(G->note, sizeof G->note, "n = %ld > %d: the Gram matrix is not computed",
                         (long) Z->rows, PC_PLOT_MAX_DFT);
                continue;
            }
            for (slong m = 0; m < Z->rows; m++)
                g[m] *= scale[side];
            set_circulant(G, g, Z->rows, note[side]);
        } else if (Z->form == PC_PLOT_MATRIX_DIAG_OFF) {
            /* Z = x (I - J/n), so (Z Z^T)^{1/2} = |x| (I - J/n) */
            slong n = Z->rows;
            double x = fabs(Z->diag - Z->off) * scale[side];
            set_diag_off(G, n, x * (double) (n - 1) / (double) n, -x / (double) n, note[side]);
        } else if ((side == 0 ? Z->rows : Z->cols) <= MAX_DENSE_ROOT &&
                   (double) Z->rows * (double) Z->cols <= 4e6) {
            slong n;
            double *S = gram_of_logits(Z, side, &n);
            if (symmetric_root(S, n) != 0) {
                free(S);
                snprintf(G->note, sizeof G->note, "the eigenvalue solver failed");
                continue;
            }
            for (slong k = 0; k < n * n; k++)
                S[k] *= scale[side];
            G->form = PC_PLOT_MATRIX_DENSE;
            G->rows = G->cols = n;
            G->values = S;
            copy_note(G->note, note[side]);
        } else {
            snprintf(G->note, sizeof G->note, "more than %d rows: the Gram matrix is not computed",
                     MAX_DENSE_ROOT);
        }
    }
}

void pc_plot_set_factors(pc_plot_t *plot, double *W, double *H, slong d)
{
    slong V = plot->inst.tokens, N = plot->inst.contexts;
    double *Wc = malloc(sizeof(double) * (size_t) (V * d + 1));
    double *Ht = malloc(sizeof(double) * (size_t) (N * d + 1));
    double *Ht2 = malloc(sizeof(double) * (size_t) (N * d + 1));
    double *W2 = malloc(sizeof(double) * (size_t) (V * d + 1));
    for (slong j = 0; j < d; j++) {
        double mean = 0;
        for (slong k = 0; k < V; k++) mean += W[k * d + j];
        mean /= (double) V;
        /* Pi (W H) = (Pi W) H: centering the rows of W centers every column of Z */
        for (slong k = 0; k < V; k++) Wc[k * d + j] = W[k * d + j] - mean;
        for (slong i = 0; i < N; i++) Ht[i * d + j] = Ht2[i * d + j] = H[j * N + i];
    }
    memcpy(W2, W, sizeof(double) * (size_t) (V * d));
    pc_plot_matrix_t *Z = &plot->Z, *GW = &plot->gram_W, *GH = &plot->gram_H;
    *Z = (pc_plot_matrix_t) { .form = PC_PLOT_MATRIX_PRODUCT, .rows = V, .cols = N, .inner = d,
                              .A = Wc, .B = Ht };
    snprintf(Z->note, sizeof Z->note, "Z\xC2\xB0 ~ Pi W H: the certificate's primal point with each column centered "
             "(within the certified gap of the optimum).");
    *GW = (pc_plot_matrix_t) { .form = PC_PLOT_MATRIX_PRODUCT, .rows = V, .cols = V, .inner = d,
                               .A = W2, .B = W };
    snprintf(GW->note, sizeof GW->note, "W W^T of the certificate's W (%ld x %ld).", (long) V, (long) d);
    *GH = (pc_plot_matrix_t) { .form = PC_PLOT_MATRIX_PRODUCT, .rows = N, .cols = N, .inner = d,
                               .A = Ht2, .B = NULL };
    GH->B = malloc(sizeof(double) * (size_t) (N * d + 1));
    memcpy(GH->B, Ht2, sizeof(double) * (size_t) (N * d));
    snprintf(GH->note, sizeof GH->note, "H^T H of the certificate's H (%ld x %ld).", (long) d, (long) N);
    free(H);
}

void pc_plot_set_lp_captions(pc_plot_t *plot, slong d, const char *local_status)
{
    snprintf(plot->Z.note, sizeof plot->Z.note, "Pi W H of the certified best rank-%ld point of (LP) "
             "(d = %ld is below the rank of the optimum of (C), SPEC 12); local minimum: %.200s.",
             (long) d, (long) plot->inst.dim, local_status);
    snprintf(plot->gram_W.note, sizeof plot->gram_W.note, "W W^T of that rank-%ld point (%ld x %ld "
             "factor): not a claim about every optimum of (LP).", (long) d, (long) plot->inst.tokens,
             (long) d);
    snprintf(plot->gram_H.note, sizeof plot->gram_H.note, "H^T H of that rank-%ld point (%ld x %ld "
             "factor): not a claim about every optimum of (LP).", (long) d, (long) d,
             (long) plot->inst.contexts);
}

void pc_plot_set_circulant(pc_plot_t *plot, double *c, slong n)
{
    pc_plot_matrix_clear(&plot->Z);
    set_circulant(&plot->Z, c, n, "Z\xC2\xB0[k][i] = c[(k - i) mod n] from the certificate's exact c "
                                  "(within the certified gap of the optimum).");
    pc_plot_fill_balanced_grams(plot);
}

void pc_plot_set_group_circulant(pc_plot_t *plot, double *c, const pc_abelian_t *G)
{
    slong n = G->n;
    pc_plot_matrix_clear(&plot->Z);
    if ((double) n * (double) n > 4e6) {
        snprintf(plot->Z.note, sizeof plot->Z.note, "group-circulant Z\xC2\xB0 with n = %ld: "
                 "more than 4e6 entries, not drawn", (long) n);
        free(c);
        return;
    }
    double *v = malloc(sizeof(double) * (size_t) (n * n));
    for (slong k = 0; k < n; k++)
        for (slong i = 0; i < n; i++)
            v[k * n + i] = c[pc_abelian_sub(G, k, i)];
    free(c);
    plot->Z.form = PC_PLOT_MATRIX_DENSE;
    plot->Z.rows = plot->Z.cols = n;
    plot->Z.values = v;
    copy_note(plot->Z.note, "Z\xC2\xB0[k][i] = c[k - i] in the group (group-circulant, SPEC 11) "
                            "from the certificate's exact c (within the certified gap).");
    pc_plot_fill_balanced_grams(plot);
}

void pc_plot_set_exchangeable(pc_plot_t *plot, double x, int has_gram, double gram_W,
                              double gram_H)
{
    slong n = plot->inst.tokens;
    double nd = (double) n;
    pc_plot_matrix_clear(&plot->Z);
    set_diag_off(&plot->Z, n, x * (nd - 1) / nd, -x / nd,
                 "Z\xC2\xB0 = x (I - J/n) from the certificate's exact x.");
    if (has_gram) {
        const char *etf = "claimed by the certificate (simplex ETF, SPEC 5b): ";
        char note[PC_MSG_LEN];
        snprintf(note, sizeof note, "%sW W^T = %.6g (I - J/n).", etf, gram_W);
        set_diag_off(&plot->gram_W, n, gram_W * (nd - 1) / nd, -gram_W / nd, note);
        snprintf(note, sizeof note, "%sH^T H = %.6g (I - J/n).", etf, gram_H);
        set_diag_off(&plot->gram_H, n, gram_H * (nd - 1) / nd, -gram_H / nd, note);
    }
    pc_plot_fill_balanced_grams(plot);
}

void pc_plot_permute_exchangeable_columns(pc_plot_t *plot, const slong *perm)
{
    slong n = plot->inst.tokens;
    pc_plot_matrix_t *Z = &plot->Z;
    if (Z->form != PC_PLOT_MATRIX_DIAG_OFF || (double) n * (double) n > 4e6)
        return;
    double *v = malloc(sizeof(double) * (size_t) (n * n));
    for (slong k = 0; k < n; k++)
        for (slong i = 0; i < n; i++)
            v[k * n + i] = k == perm[i] ? Z->diag : Z->off;
    Z->form = PC_PLOT_MATRIX_DENSE;
    Z->values = v;
    copy_note(Z->note, "Z\xC2\xB0 = x (I - J/n) with its columns permuted by the certificate's "
              "context_permutation, from the exact x.");
    pc_plot_fill_balanced_grams(plot);
}

static double *vector_to_double(const fmpq *v, slong n)
{
    double *d = malloc(sizeof(double) * (size_t) (n > 0 ? n : 1));
    for (slong k = 0; k < n; k++)
        d[k] = pc_plot_fmpq_to_double(v + k);
    return d;
}

/* Kind group: Z[k][i] = z[orbital(k, i)] (FORMAT.md), dense; W W^T = u (I - J/V) when the
 * certificate claims the simplex ETF, otherwise the balanced factorisation of Z. */
static pc_status_t plot_set_group(pc_plot_t *plot, const pc_cert_t *cert,
                                  const pc_instance_t *inst, pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    pc_group_orbits_t orb;
    pc_group_orbits_init(&orb);
    pc_status_t st = pc_group_instance_orbitals(&orb, inst, msg);
    if (st == PC_OK && orb.num_orbits != cert->num_orbitals)
        st = pc_fail(msg, PC_BAD_INPUT, "primal.z: length %ld, expected %ld orbitals",
                     (long) cert->num_orbitals, (long) orb.num_orbits);
    if (st != PC_OK) {
        pc_group_orbits_clear(&orb);
        return st;
    }
    double *z = vector_to_double(cert->z_orb, cert->num_orbitals);
    double *values = malloc(sizeof(double) * (size_t) (V * N + 1));
    for (slong m = 0; m < V * N; m++)
        values[m] = z[orb.orbit_id[m]];
    free(z);
    pc_group_orbits_clear(&orb);
    pc_plot_matrix_clear(&plot->Z);
    plot->Z.form = PC_PLOT_MATRIX_DENSE;
    plot->Z.rows = V;
    plot->Z.cols = N;
    plot->Z.values = values;
    copy_note(plot->Z.note, "Z\xC2\xB0[k][i] = z[orbital(k, i)] from the certificate's exact "
              "orbital values (within the certified gap of the optimum).");
    if (cert->has_gram && cert->structure == PC_STRUCTURE_SIMPLEX_ETF) {
        double u = pc_plot_fmpq_to_double(cert->gram_W), Vd = (double) V;
        char note[PC_MSG_LEN];
        snprintf(note, sizeof note, "claimed by the certificate (simplex ETF, SPEC 5b): "
                 "W W^T = %.6g (I - J/V).", u);
        set_diag_off(&plot->gram_W, V, u * (Vd - 1) / Vd, -u / Vd, note);
    }
    pc_plot_fill_balanced_grams(plot);
    return PC_OK;
}

pc_status_t pc_plot_set_group_primal(pc_plot_t *plot, const pc_cert_t *cert, pc_msg_t *msg)
{
    return plot_set_group(plot, cert, &plot->inst, msg);
}

pc_status_t pc_plot_set_cert(pc_plot_t *plot, const pc_cert_t *cert, const pc_instance_t *inst,
                             pc_msg_t *msg)
{
    pc_status_t st = pc_plot_copy_instance(&plot->inst, inst, msg);
    if (st != PC_OK)
        return st;
    static const char *const kinds[] = { "dense", "circulant", "exchangeable", "group", "classes" };
    if (cert->kind == PC_CERT_CLASSES)   /* plot_instance redraws such instances on the dense path */
        return pc_fail(msg, PC_BAD_INPUT, "kind: classes certificates are not drawn (SPEC 10); plot "
                       "the instance, which is drawn from its dense twin");
    snprintf(plot->source, sizeof plot->source, "certificate (kind %s)", kinds[cert->kind]);
    char *lower = pc_cert_lower_text(cert), *upper = pc_cert_upper_text(cert);
    pc_plot_set_summary(plot, "value", lower, upper, pc_regime_name(cert->regime),
                        pc_structure_name(cert->structure));
    free(lower);
    free(upper);
    if (cert->kind == PC_CERT_DENSE) {
        slong V = fmpq_mat_nrows(cert->W), d = fmpq_mat_ncols(cert->W), N = fmpq_mat_ncols(cert->H);
        if (V != inst->tokens || N != inst->contexts || fmpq_mat_nrows(cert->H) != d)
            return pc_fail(msg, PC_BAD_INPUT, "primal: W is %ld x %ld and H %ld x %ld, not V x d and d x N",
                           (long) V, (long) d, (long) fmpq_mat_nrows(cert->H), (long) N);
        double *W = malloc(sizeof(double) * (size_t) (V * d + 1));
        double *H = malloc(sizeof(double) * (size_t) (d * N + 1));
        for (slong k = 0; k < V; k++)
            for (slong j = 0; j < d; j++)
                W[k * d + j] = pc_plot_fmpq_to_double(fmpq_mat_entry(cert->W, k, j));
        for (slong j = 0; j < d; j++)
            for (slong i = 0; i < N; i++)
                H[j * N + i] = pc_plot_fmpq_to_double(fmpq_mat_entry(cert->H, j, i));
        pc_plot_set_factors(plot, W, H, d);
    } else if (cert->kind == PC_CERT_CIRCULANT) {
        if (cert->n != inst->tokens || cert->n != inst->contexts)
            return pc_fail(msg, PC_BAD_INPUT, "primal.c: length %ld, expected n = %ld", (long) cert->n,
                           (long) inst->tokens);
        if (pc_abelian_is_cyclic(&cert->group))
            pc_plot_set_circulant(plot, vector_to_double(cert->c, cert->n), cert->n);
        else
            pc_plot_set_group_circulant(plot, vector_to_double(cert->c, cert->n), &cert->group);
    } else if (cert->kind == PC_CERT_GROUP) {
        return plot_set_group(plot, cert, inst, msg);
    } else {
        pc_plot_set_exchangeable(plot, pc_plot_fmpq_to_double(cert->x), cert->has_gram,
                                 pc_plot_fmpq_to_double(cert->gram_W),
                                 pc_plot_fmpq_to_double(cert->gram_H));
        if (cert->context_permutation != NULL)
            pc_plot_permute_exchangeable_columns(plot, cert->context_permutation);
    }
    return PC_OK;
}

#define SUMMARY_PLACES 15     /* decimal places of the header's interval */

/* Places after the decimal point of a decimal text (0 without a point). */
static slong decimal_places(const char *text)
{
    const char *point = strchr(text, '.');
    return point == NULL ? 0 : (slong) strlen(point + 1);
}

/* The header's interval: lower rounded down and upper rounded up to SUMMARY_PLACES places
 * (so the two ends stay valid bounds and never print as the same string unless equal), and
 * the gap upper - lower in compact notation when it is below what those places show. Texts
 * that are not exact decimals ("?") are shown as given, cut at 40 characters. */
static void summary_interval(char *out, size_t size, const char *lower, const char *upper)
{
    fmpq_t lo, hi, gap;
    const char *why;
    fmpq_init(lo); fmpq_init(hi); fmpq_init(gap);
    if (pc_rational_parse(lo, lower, &why) != 0 || pc_rational_parse(hi, upper, &why) != 0) {
        snprintf(out, size, "[%.40s, %.40s]", lower, upper);
    } else {
        slong places = decimal_places(lower) > decimal_places(upper) ? decimal_places(lower) : decimal_places(upper);
        if (places > SUMMARY_PLACES) places = SUMMARY_PLACES;
        char *l = pc_rational_decimal_outward(lo, places, 1), *h = pc_rational_decimal_outward(hi, places, 0);
        fmpq_sub(gap, hi, lo);
        if (decimal_places(lower) > SUMMARY_PLACES || decimal_places(upper) > SUMMARY_PLACES) {
            char *g = pc_rational_sci_outward(gap, 2, 0);
            snprintf(out, size, "[%.40s, %.40s] (gap %s)", l, h, g);
            free(g);
        } else {
            snprintf(out, size, "[%.40s, %.40s]", l, h);
        }
        free(l); free(h);
    }
    fmpq_clear(lo); fmpq_clear(hi); fmpq_clear(gap);
}

void pc_plot_set_summary(pc_plot_t *plot, const char *what, const char *lower, const char *upper,
                         const char *regime, const char *structure)
{
    char interval[160];
    summary_interval(interval, sizeof interval, lower, upper);
    snprintf(plot->summary, sizeof plot->summary, "%s in %s; regime %.24s; structure %.24s",
             what, interval, regime, structure);
}
