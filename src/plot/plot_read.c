/* Fills a plot from a certificate or an oracle document (plot.h). The reader checks
 * shapes and types and names the field of anything malformed; it does not verify
 * claims ('peelcert check' does). Numbers become doubles: plotting is not a proof. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/certify.h"
#include "peelcert/numbers.h"
#include "plot_internal.h"

static pc_status_t read_rational(double *out, json_t *value, const char *field, pc_msg_t *msg)
{
    fmpq_t q;
    fmpq_init(q);
    pc_status_t st = pc_rational_from_json(q, value, field, msg);
    if (st == PC_OK)
        *out = pc_plot_fmpq_to_double(q);
    fmpq_clear(q);
    return st;
}

/* A JSON array of exactly n exact rationals, as doubles. */
static pc_status_t read_rational_row(double *out, json_t *array, slong n, const char *field,
                                     pc_msg_t *msg)
{
    if (array == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: missing", field);
    if (!json_is_array(array) || (slong) json_array_size(array) != n)
        return pc_fail(msg, PC_BAD_INPUT, "%s: expected an array of %ld exact rationals", field, (long) n);
    char name[256];
    for (slong k = 0; k < n; k++) {
        snprintf(name, sizeof name, "%s[%ld]", field, (long) k);
        pc_status_t st = read_rational(out + k, json_array_get(array, (size_t) k), name, msg);
        if (st != PC_OK)
            return st;
    }
    return PC_OK;
}

/* A rows x cols matrix of exact rationals (array of arrays), row-major doubles. */
static pc_status_t read_rational_matrix(double *out, json_t *array, slong rows, slong cols,
                                        const char *field, pc_msg_t *msg)
{
    if (array == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: missing", field);
    if (!json_is_array(array) || (slong) json_array_size(array) != rows)
        return pc_fail(msg, PC_BAD_INPUT, "%s: expected an array of %ld rows", field, (long) rows);
    char name[256];
    for (slong r = 0; r < rows; r++) {
        snprintf(name, sizeof name, "%s[%ld]", field, (long) r);
        pc_status_t st = read_rational_row(out + r * cols, json_array_get(array, (size_t) r), cols,
                                           name, msg);
        if (st != PC_OK)
            return st;
    }
    return PC_OK;
}

static pc_status_t read_instance(pc_plot_t *plot, json_t *root, pc_msg_t *msg)
{
    json_t *inst = json_object_get(root, "instance");
    if (inst == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "instance: missing");
    pc_msg_t inner = {{0}};
    pc_status_t st = pc_instance_from_json(&plot->inst, inst, &inner);
    if (st != PC_OK)
        return pc_fail(msg, st, "instance.%s", inner.text);
    return PC_OK;
}

static const char *string_or(json_t *obj, const char *key, const char *fallback)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : fallback;
}

/* ---- certificates (certificates/FORMAT.md) ---- */

static pc_status_t read_dense_primal(pc_plot_t *plot, json_t *primal, pc_msg_t *msg)
{
    slong V = plot->inst.tokens, N = plot->inst.contexts, d = plot->inst.dim;
    if ((double) V * (double) d > 1e8 || (double) d * (double) N > 1e8)
        return pc_fail(msg, PC_BAD_INPUT, "primal: %ld x %ld factors are too large to plot", (long) V, (long) d);
    double *W = malloc(sizeof(double) * (size_t) (V * d + 1));
    double *H = malloc(sizeof(double) * (size_t) (d * N + 1));
    pc_status_t st = read_rational_matrix(W, json_object_get(primal, "W"), V, d, "primal.W", msg);
    if (st == PC_OK)
        st = read_rational_matrix(H, json_object_get(primal, "H"), d, N, "primal.H", msg);
    if (st != PC_OK) {
        free(W);
        free(H);
        return st;
    }
    pc_plot_set_factors(plot, W, H, d);
    return PC_OK;
}

/* Below the rank (SPEC 12): the document's "lp" point, a rank-d factorisation W (V x d),
 * H (d x N), replaces Z and the Grams, captioned as what it is. Absent: PC_OK, nothing. */
static pc_status_t read_lp_point(pc_plot_t *plot, json_t *root, pc_msg_t *msg)
{
    json_t *lp = json_object_get(root, "lp");
    if (lp == NULL)
        return PC_OK;
    if (!json_is_object(lp))
        return pc_fail(msg, PC_BAD_INPUT, "lp: expected an object");
    json_t *Wj = json_object_get(lp, "W");
    slong V = plot->inst.tokens, N = plot->inst.contexts;
    slong d = json_is_array(Wj) && json_array_size(Wj) > 0 && json_is_array(json_array_get(Wj, 0))
                  ? (slong) json_array_size(json_array_get(Wj, 0)) : 0;
    if (d < 1 || d > plot->inst.dim)
        return pc_fail(msg, PC_BAD_INPUT, "lp.W: expected %ld rows of 1 to d = %ld rationals",
                       (long) V, (long) plot->inst.dim);
    if ((double) V * (double) d > 1e8 || (double) d * (double) N > 1e8)
        return pc_fail(msg, PC_BAD_INPUT, "lp: %ld x %ld factors are too large to plot", (long) V, (long) d);
    double *W = malloc(sizeof(double) * (size_t) (V * d + 1));
    double *H = malloc(sizeof(double) * (size_t) (d * N + 1));
    pc_status_t st = read_rational_matrix(W, Wj, V, d, "lp.W", msg);
    if (st == PC_OK)
        st = read_rational_matrix(H, json_object_get(lp, "H"), d, N, "lp.H", msg);
    if (st != PC_OK) {
        free(W);
        free(H);
        return st;
    }
    pc_plot_matrix_clear(&plot->Z);
    pc_plot_matrix_clear(&plot->gram_W);
    pc_plot_matrix_clear(&plot->gram_H);
    pc_plot_set_factors(plot, W, H, d);
    /* certificates carry the proof data, oracles the verdict (FORMAT.md, docs/oracle.md) */
    json_t *local = json_object_get(lp, "local_minimum");
    const char *status = json_is_object(local) ? "proved" : json_is_string(local)
                             ? json_string_value(local) : "not proved";
    pc_plot_set_lp_captions(plot, d, status);
    const char *upper = string_or(lp, "upper", NULL);
    size_t used = strlen(plot->summary);
    if (upper != NULL && used + 1 < sizeof plot->summary)
        snprintf(plot->summary + used, sizeof plot->summary - used,
                 "; rank-%ld point: f <= %.40s", (long) d, upper);
    return PC_OK;
}

static pc_status_t read_circulant_primal(pc_plot_t *plot, json_t *primal, pc_msg_t *msg)
{
    slong n = plot->inst.tokens;
    if (plot->inst.contexts != n)
        return pc_fail(msg, PC_BAD_INPUT, "kind: circulant needs tokens = contexts (%ld != %ld)",
                       (long) n, (long) plot->inst.contexts);
    double *c = malloc(sizeof(double) * (size_t) n);
    pc_status_t st = read_rational_row(c, json_object_get(primal, "c"), n, "primal.c", msg);
    if (st != PC_OK) {
        free(c);
        return st;
    }
    json_t *orders = json_object_get(primal, "orders");
    if (orders != NULL) {   /* FORMAT.md: a product group (SPEC 11) */
        slong list[PC_ABELIAN_MAX_FACTORS], k = json_is_array(orders) ? (slong) json_array_size(orders) : 0;
        pc_abelian_t G;
        int ok = k >= 1 && k <= PC_ABELIAN_MAX_FACTORS;
        for (slong t = 0; t < k && ok; t++) {
            json_t *o = json_array_get(orders, (size_t) t);
            ok = json_is_integer(o) && json_integer_value(o) >= 1;
            if (ok) list[t] = (slong) json_integer_value(o);
        }
        if (!ok || !pc_abelian_set(&G, list, k, PC_MAX_LISTED) || G.n != n) {
            free(c);
            return pc_fail(msg, PC_BAD_INPUT, "primal.orders: expected 1 to %d integers >= 1 with "
                           "product n = %ld", PC_ABELIAN_MAX_FACTORS, (long) n);
        }
        if (!pc_abelian_is_cyclic(&G)) {
            pc_plot_set_group_circulant(plot, c, &G);
            return PC_OK;
        }
    }
    pc_plot_set_circulant(plot, c, n);
    return PC_OK;
}

static pc_status_t read_exchangeable_primal(pc_plot_t *plot, json_t *root, json_t *primal,
                                            pc_msg_t *msg)
{
    double x = 0, gram_W = 0, gram_H = 0;
    if (plot->inst.contexts != plot->inst.tokens || plot->inst.tokens < 2)
        return pc_fail(msg, PC_BAD_INPUT, "kind: exchangeable needs tokens = contexts >= 2");
    pc_status_t st = read_rational(&x, json_object_get(primal, "x"), "primal.x", msg);
    json_t *claims = json_object_get(root, "claims");
    json_t *gram = json_is_object(claims) ? json_object_get(claims, "gram") : NULL;
    int has_gram = gram != NULL;
    if (st == PC_OK && has_gram) {
        if (!json_is_object(gram))
            return pc_fail(msg, PC_BAD_INPUT, "claims.gram: expected an object");
        st = read_rational(&gram_W, json_object_get(gram, "W"), "claims.gram.W", msg);
        if (st == PC_OK)
            st = read_rational(&gram_H, json_object_get(gram, "H"), "claims.gram.H", msg);
    }
    if (st == PC_OK)
        pc_plot_set_exchangeable(plot, x, has_gram, gram_W, gram_H);
    json_t *perm = json_object_get(primal, "context_permutation");
    if (st == PC_OK && perm != NULL) {
        /* exchangeable after relabelling the contexts (FORMAT.md): Z's columns permuted */
        slong n = plot->inst.tokens;
        if (!json_is_array(perm) || (slong) json_array_size(perm) != n)
            return pc_fail(msg, PC_BAD_INPUT, "primal.context_permutation: expected an array of %ld integers",
                           (long) n);
        slong *p = malloc(sizeof(slong) * (size_t) n);
        for (slong i = 0; i < n && st == PC_OK; i++) {
            json_t *e = json_array_get(perm, (size_t) i);
            if (!json_is_integer(e) || json_integer_value(e) < 0 || json_integer_value(e) >= n)
                st = pc_fail(msg, PC_BAD_INPUT, "primal.context_permutation[%ld]: expected an integer "
                             "in [0, %ld)", (long) i, (long) n);
            else
                p[i] = (slong) json_integer_value(e);
        }
        if (st == PC_OK)
            pc_plot_permute_exchangeable_columns(plot, p);
        free(p);
    }
    return st;
}

/* The spectrum panel of a kind-group certificate file (docs/groups.md "geometry"): computed
 * from its exact primal (the values at the optimum are proved by the KKT test itself, which
 * does not rely on the file's claims; the claimed regime must be binding and d >= min(V-1, N)
 * for the Gram formula). Silently absent otherwise. */
static void group_spectrum(pc_plot_t *plot, pc_cert_t *cert, json_t *claims, json_t *primal)
{
    const pc_instance_t *inst = &plot->inst;
    json_t *generic = json_object_get(primal, "commutant_generic");
    slong r = json_is_array(generic) ? (slong) json_array_size(generic) : 0;
    if (strcmp(string_or(claims, "regime", ""), "binding") != 0
        || inst->dim < (inst->tokens - 1 < inst->contexts ? inst->tokens - 1 : inst->contexts))
        return;
    cert->regime = PC_REGIME_BINDING;
    if (r > 0) {
        cert->commutant_generic = malloc(sizeof(slong) * (size_t) r);
        if (!cert->commutant_generic) abort();
        cert->num_characters = r;
        for (slong j = 0; j < r; j++) {
            json_t *t = json_array_get(generic, (size_t) j);
            if (!json_is_integer(t) || llabs(json_integer_value(t)) > 1000000) return;
            cert->commutant_generic[j] = (slong) json_integer_value(t);
        }
    }
    json_t *g = pc_group_geometry_json(cert, inst, 6);
    pc_plot_set_spectrum(plot, g);
    json_decref(g);
}

/* Kind group: the orbital values z (exact rationals) and the ETF claim, drawn over the
 * orbitals of the instance's symmetry (computed here, FORMAT.md numbering). */
static pc_status_t read_group_primal(pc_plot_t *plot, json_t *claims, json_t *primal, pc_msg_t *msg)
{
    json_t *z = json_object_get(primal, "z");
    if (!json_is_array(z) || json_array_size(z) == 0)
        return pc_fail(msg, PC_BAD_INPUT, "primal.z: expected a non-empty array of rationals");
    pc_cert_t cert;
    pc_cert_init(&cert, PC_CERT_GROUP);
    pc_cert_group_alloc(&cert, (slong) json_array_size(z));
    char field[64];
    pc_status_t st = PC_OK;
    for (size_t m = 0; m < json_array_size(z) && st == PC_OK; m++) {
        snprintf(field, sizeof field, "primal.z[%zu]", m);
        st = pc_rational_from_json(cert.z_orb + m, json_array_get(z, m), field, msg);
    }
    json_t *gram = json_is_object(claims) ? json_object_get(claims, "gram") : NULL;
    json_t *structure = json_is_object(claims) ? json_object_get(claims, "structure") : NULL;
    if (st == PC_OK && json_is_object(gram) && json_is_string(structure)
        && !strcmp(json_string_value(structure), "simplex-etf")) {
        st = pc_rational_from_json(cert.gram_W, json_object_get(gram, "W"), "claims.gram.W", msg);
        cert.has_gram = 1;
        cert.structure = PC_STRUCTURE_SIMPLEX_ETF;
    }
    if (st == PC_OK)
        st = pc_plot_set_group_primal(plot, &cert, msg);
    if (st == PC_OK)
        group_spectrum(plot, &cert, claims, primal);
    pc_cert_clear(&cert);
    return st;
}

static pc_status_t read_certificate(pc_plot_t *plot, json_t *root, pc_msg_t *msg)
{
    json_t *kind = json_object_get(root, "kind"), *primal = json_object_get(root, "primal");
    if (!json_is_string(kind))
        return pc_fail(msg, PC_BAD_INPUT, "kind: %s", kind ? "expected a string" : "missing");
    const char *k = json_string_value(kind);
    if (strcmp(k, "dense") && strcmp(k, "circulant") && strcmp(k, "exchangeable") && strcmp(k, "group"))
        return pc_fail(msg, PC_BAD_INPUT, "kind: \"%.40s\" is not dense, circulant, exchangeable or group", k);
    if (primal == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "primal: missing");
    if (!json_is_object(primal))
        return pc_fail(msg, PC_BAD_INPUT, "primal: expected an object");
    pc_status_t st = read_instance(plot, root, msg);
    if (st != PC_OK)
        return st;
    json_t *claims = json_object_get(root, "claims");
    snprintf(plot->source, sizeof plot->source, "certificate (kind %s; claims not checked here: "
             "run peelcert check)", k);
    pc_plot_set_summary(plot, "claimed value", string_or(claims, "lower", "?"),
                        string_or(claims, "upper", "?"), string_or(claims, "regime", "?"),
                        string_or(claims, "structure", "?"));
    if (!strcmp(k, "dense"))
        st = read_dense_primal(plot, primal, msg);
    else if (!strcmp(k, "circulant"))
        st = read_circulant_primal(plot, primal, msg);
    else if (!strcmp(k, "group"))
        st = read_group_primal(plot, claims, primal, msg);
    else
        st = read_exchangeable_primal(plot, root, primal, msg);
    return st == PC_OK ? read_lp_point(plot, root, msg) : st;
}

/* ---- oracles (docs/oracle.md) ---- */

/* The value of a ball {"value": decimal, "radius": decimal}; the radius widens *radius. */
static pc_status_t read_ball(double *out, double *radius, json_t *ball, const char *field,
                             pc_msg_t *msg)
{
    json_t *value = json_is_object(ball) ? json_object_get(ball, "value") : NULL;
    if (!json_is_string(value))
        return pc_fail(msg, PC_BAD_INPUT, "%s.value: %s", field,
                       json_is_object(ball) ? "expected a decimal string" : "expected a ball {\"value\", \"radius\"}");
    const char *text = json_string_value(value);
    char *end;
    errno = 0;
    *out = strtod(text, &end);
    if (end == text || *end != '\0' || !isfinite(*out))
        return pc_fail(msg, PC_BAD_INPUT, "%s.value: \"%.40s\" is not a finite decimal", field, text);
    json_t *r = json_object_get(ball, "radius");
    if (json_is_string(r)) {
        double rad = strtod(json_string_value(r), &end);
        if (*end == '\0' && rad > *radius)
            *radius = rad;
    }
    return PC_OK;
}

/* An oracle matrix (logits, gram_W, gram_H) of the given size into m; absent: note why. */
static pc_status_t read_oracle_matrix(pc_plot_matrix_t *m, json_t *root, const char *key,
                                      slong rows, slong cols, pc_msg_t *msg)
{
    json_t *obj = json_object_get(root, key);
    char field[256];
    double radius = 0;
    if (obj == NULL) {
        snprintf(m->note, sizeof m->note, "the oracle gives no %s: %.300s", key,
                 string_or(root, "gram_note", "not available"));
        return PC_OK;
    }
    const char *form = string_or(obj, "form", NULL);
    if (form == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s.form: %s", key, json_is_object(obj) ? "missing" : "expected an object");
    if (!strcmp(form, "diagonal/off-diagonal")) {
        if (rows != cols)
            return pc_fail(msg, PC_BAD_INPUT, "%s.form: diagonal/off-diagonal needs a square matrix", key);
        snprintf(field, sizeof field, "%s.diagonal", key);
        pc_status_t st = read_ball(&m->diag, &radius, json_object_get(obj, "diagonal"), field, msg);
        snprintf(field, sizeof field, "%s.off_diagonal", key);
        if (st == PC_OK)
            st = read_ball(&m->off, &radius, json_object_get(obj, "off_diagonal"), field, msg);
        if (st != PC_OK)
            return st;
        m->form = PC_PLOT_MATRIX_DIAG_OFF;
    } else if (!strcmp(form, "dense")) {
        json_t *array = json_object_get(obj, "rows");
        if (!json_is_array(array) || (slong) json_array_size(array) != rows)
            return pc_fail(msg, PC_BAD_INPUT, "%s.rows: expected an array of %ld rows", key, (long) rows);
        m->values = malloc(sizeof(double) * (size_t) (rows * cols + 1));
        m->form = PC_PLOT_MATRIX_DENSE;   /* so that clear frees values on failure */
        for (slong r = 0; r < rows; r++) {
            json_t *row = json_array_get(array, (size_t) r);
            if (!json_is_array(row) || (slong) json_array_size(row) != cols)
                return pc_fail(msg, PC_BAD_INPUT, "%s.rows[%ld]: expected an array of %ld balls", key,
                               (long) r, (long) cols);
            for (slong c = 0; c < cols; c++) {
                snprintf(field, sizeof field, "%s.rows[%ld][%ld]", key, (long) r, (long) c);
                pc_status_t st = read_ball(m->values + r * cols + c, &radius,
                                           json_array_get(row, (size_t) c), field, msg);
                if (st != PC_OK)
                    return st;
            }
        }
    } else if (!strcmp(form, "orbital")) {       /* entry [r][c] = values[orbital[r][c]] */
        json_t *ids = json_object_get(obj, "orbital"), *vals = json_object_get(obj, "values");
        slong count = json_is_array(vals) ? (slong) json_array_size(vals) : -1;
        if (!json_is_array(ids) || (slong) json_array_size(ids) != rows || count < 1)
            return pc_fail(msg, PC_BAD_INPUT, "%s: expected \"orbital\" (%ld rows) and \"values\" "
                           "(balls)", key, (long) rows);
        double *v = malloc(sizeof(double) * (size_t) count);
        pc_status_t st = PC_OK;
        for (slong o = 0; o < count && st == PC_OK; o++) {
            snprintf(field, sizeof field, "%s.values[%ld]", key, (long) o);
            st = read_ball(v + o, &radius, json_array_get(vals, (size_t) o), field, msg);
        }
        m->values = malloc(sizeof(double) * (size_t) (rows * cols + 1));
        m->form = PC_PLOT_MATRIX_DENSE;
        for (slong r = 0; r < rows && st == PC_OK; r++) {
            json_t *row = json_array_get(ids, (size_t) r);
            if (!json_is_array(row) || (slong) json_array_size(row) != cols)
                st = pc_fail(msg, PC_BAD_INPUT, "%s.orbital[%ld]: expected %ld integers", key,
                             (long) r, (long) cols);
            for (slong c = 0; c < cols && st == PC_OK; c++) {
                json_t *e = json_array_get(row, (size_t) c);
                if (!json_is_integer(e) || json_integer_value(e) < 0 || json_integer_value(e) >= count)
                    st = pc_fail(msg, PC_BAD_INPUT, "%s.orbital[%ld][%ld]: expected an integer in "
                                 "[0, %ld)", key, (long) r, (long) c, (long) count);
                else
                    m->values[r * cols + c] = v[json_integer_value(e)];
            }
        }
        free(v);
        if (st != PC_OK)
            return st;
    } else {
        snprintf(m->note, sizeof m->note, "the oracle's %s form \"%.40s\" is not drawn", key, form);
        return PC_OK;
    }
    m->rows = rows;
    m->cols = cols;
    snprintf(m->note, sizeof m->note, "From the oracle: centers of certified balls of radius at most %.2g.",
             radius);
    return PC_OK;
}

/* A circulant oracle: logits.first_column holds n balls; drawn from their centers with the
 * balanced Grams and the circle panel, like a circulant certificate. */
static pc_status_t read_oracle_circulant(pc_plot_t *plot, json_t *column, slong n, pc_msg_t *msg)
{
    if (!json_is_array(column) || (slong) json_array_size(column) != n)
        return pc_fail(msg, PC_BAD_INPUT, "logits.first_column: expected an array of %ld balls",
                       (long) n);
    double *c = malloc(sizeof(double) * (size_t) n), radius = 0;
    char field[96];
    for (slong m = 0; m < n; m++) {
        snprintf(field, sizeof field, "logits.first_column[%ld]", (long) m);
        pc_status_t st = read_ball(c + m, &radius, json_array_get(column, (size_t) m), field, msg);
        if (st != PC_OK) {
            free(c);
            return st;
        }
    }
    pc_plot_set_circulant(plot, c, n);
    return PC_OK;
}

static pc_status_t read_oracle(pc_plot_t *plot, json_t *root, pc_msg_t *msg)
{
    pc_status_t st = read_instance(plot, root, msg);
    if (st != PC_OK)
        return st;
    slong V = plot->inst.tokens, N = plot->inst.contexts;
    json_t *value = json_object_get(root, "value");
    snprintf(plot->source, sizeof plot->source, "oracle (path %.40s)", string_or(root, "path", "?"));
    pc_plot_set_summary(plot, "value", string_or(value, "lower", "?"), string_or(value, "upper", "?"),
                        string_or(root, "regime", "?"), string_or(root, "structure", "?"));
    json_t *logits = json_object_get(root, "logits");
    if (V == N && json_is_object(logits) && !strcmp(string_or(logits, "form", ""), "circulant")) {
        st = read_oracle_circulant(plot, json_object_get(logits, "first_column"), V, msg);
        return st == PC_OK ? read_lp_point(plot, root, msg) : st;
    }
    st = read_oracle_matrix(&plot->Z, root, "logits", V, N, msg);
    if (st == PC_OK)
        st = read_oracle_matrix(&plot->gram_W, root, "gram_W", V, V, msg);
    if (st == PC_OK)
        st = read_oracle_matrix(&plot->gram_H, root, "gram_H", N, N, msg);
    if (st == PC_OK)
        pc_plot_fill_balanced_grams(plot);
    if (st == PC_OK)
        pc_plot_set_spectrum(plot, json_object_get(root, "geometry"));
    return st == PC_OK ? read_lp_point(plot, root, msg) : st;
}

pc_status_t pc_plot_set_json(pc_plot_t *plot, json_t *root, pc_msg_t *msg)
{
    if (!json_is_object(root))
        return pc_fail(msg, PC_BAD_INPUT, "expected a JSON object");
    json_t *format = json_object_get(root, "format");
    if (!json_is_string(format))
        return pc_fail(msg, PC_BAD_INPUT, "format: %s", format ? "expected a string" : "missing");
    const char *f = json_string_value(format);
    if (!strcmp(f, "peelcert-certificate/1"))
        return read_certificate(plot, root, msg);
    if (!strcmp(f, "peelcert-oracle/1") || !strcmp(f, "peelcert-oracle/2"))
        return read_oracle(plot, root, msg);
    return pc_fail(msg, PC_BAD_INPUT, "format: \"%.60s\" is not \"peelcert-certificate/1\" or "
                   "\"peelcert-oracle/1\"", f);
}
