/* The probe pipeline (probe.h): weights -> token ids -> rows -> statistics (exact) -> random
 * baseline (binary64) -> optional comparison with the certified optimal Gram -> JSON, SVG. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/certify.h"
#include "peelcert/plot.h"
#include "probe_internal.h"

/* splitmix64: a fixed, documented generator, so a seed gives the same sets everywhere. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* m distinct row ids in random order, uniformly (rejection of repeats; m << rows). */
static void random_set(slong *ids, slong m, slong rows, uint64_t *state)
{
    for (slong j = 0; j < m; j++) {
        int fresh;
        do {
            ids[j] = (slong) (next_random(state) % (uint64_t) rows);
            fresh = 1;
            for (slong k = 0; k < j; k++)
                fresh = fresh && ids[k] != ids[j];
        } while (!fresh);
    }
}

static pc_status_t gather_rows(double *X, const pc_weights_t *w, const slong *ids, slong m,
                               pc_msg_t *msg)
{
    for (slong j = 0; j < m; j++) {
        pc_status_t st = pc_weights_row(X + j * w->cols, w, ids[j], msg);
        if (st != PC_OK)
            return st;
    }
    return PC_OK;
}

static json_t *stats_json(const pc_probe_stats_t *s)
{
    json_t *o = json_object(), *energy = json_array();
    json_object_set_new(o, "circulant_deviation", json_real(s->circulant_deviation));
    json_object_set_new(o, "etf_deviation", json_real(s->etf_deviation));
    for (slong j = 0; j <= s->m / 2; j++)
        json_array_append_new(energy, json_real(s->frequency_energy[j]));
    json_object_set_new(o, "frequency_energy", energy);
    json_object_set_new(o, "dominant_frequency", json_integer(s->dominant_frequency));
    json_object_set_new(o, "dominant_energy", json_real(s->dominant_energy));
    json_object_set_new(o, "cyclic_order", json_boolean(s->cyclic_order));
    return o;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* One baseline statistic: the median over the K sets and the empirical p-value of the
 * observation (smaller is more structured when lower_is_extreme). */
static json_t *baseline_entry(double *values, slong K, double observed, int lower_is_extreme)
{
    slong hits = 0;
    for (slong k = 0; k < K; k++)
        hits += lower_is_extreme ? values[k] <= observed : values[k] >= observed;
    qsort(values, (size_t) K, sizeof(double), compare_doubles);
    json_t *o = json_object();
    json_object_set_new(o, "median", json_real(values[K / 2]));
    json_object_set_new(o, "p_value", json_real(pc_probe_p_value(hits, K)));
    return o;
}

/* The baseline: K random sets of size m from all rows (seeded). */
static pc_status_t baseline_json(json_t **out, const pc_weights_t *w, slong m,
                                 const pc_probe_stats_t *obs, const pc_probe_options_t *opt,
                                 pc_msg_t *msg)
{
    slong K = opt->baseline;
    if (w->rows < 2 * m)
        return pc_fail(msg, PC_BAD_INPUT, "--baseline: the weights have %ld rows, too few for random "
                       "sets of %ld tokens", (long) w->rows, (long) m);
    double *circ = malloc(sizeof(double) * (size_t) K), *etf = malloc(sizeof(double) * (size_t) K),
           *dom = malloc(sizeof(double) * (size_t) K);
    double *X = malloc(sizeof(double) * (size_t) (m * w->cols));
    slong *ids = malloc(sizeof(slong) * (size_t) m), ordered = 0;
    uint64_t state = opt->seed;
    pc_status_t st = PC_OK;
    for (slong k = 0; k < K && st == PC_OK; k++) {
        random_set(ids, m, w->rows, &state);
        st = gather_rows(X, w, ids, m, msg);
        if (st != PC_OK)
            break;
        pc_probe_stats_t s;
        pc_probe_stats_init(&s, m);
        pc_probe_stats_float(&s, X, m, w->cols);
        circ[k] = s.circulant_deviation;
        etf[k] = s.etf_deviation;
        dom[k] = s.dominant_energy;
        ordered += s.cyclic_order;
        pc_probe_stats_clear(&s);
    }
    if (st == PC_OK) {
        json_t *o = json_object(), *order = json_object();
        json_object_set_new(o, "sets", json_integer(K));
        json_object_set_new(o, "seed", json_integer((json_int_t) opt->seed));
        json_object_set_new(o, "circulant_deviation", baseline_entry(circ, K, obs->circulant_deviation, 1));
        json_object_set_new(o, "etf_deviation", baseline_entry(etf, K, obs->etf_deviation, 1));
        json_object_set_new(o, "dominant_energy", baseline_entry(dom, K, obs->dominant_energy, 0));
        json_object_set_new(order, "fraction_true", json_real((double) ordered / (double) K));
        json_object_set_new(order, "p_value", json_real(obs->cyclic_order ? pc_probe_p_value(ordered, K) : 1.0));
        json_object_set_new(o, "cyclic_order", order);
        *out = o;
    }
    free(circ); free(etf); free(dom); free(X); free(ids);
    return st;
}

/* G / ||G||_F in place. */
static void normalise(double *G, slong m)
{
    double F = 0;
    for (slong i = 0; i < m * m; i++)
        F += G[i] * G[i];
    for (slong i = 0; F > 0 && i < m * m; i++)
        G[i] /= sqrt(F);
}

/* The certified optimal W W^T of the instance, normalised (m x m), or NULL with *why. Available
 * when the certified optimum proves it: circulant path in the binding regime (first row), or a
 * simplex ETF (u (I - J/V)). */
static double *optimal_gram(const char *path, slong m, char *why, size_t len)
{
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep;
    pc_msg_t msg = {{0}};
    double *G = NULL;
    pc_instance_init(&inst);
    pc_cert_init(&cert, PC_CERT_DENSE);
    memset(&rep, 0, sizeof rep);
    pc_certify_options_t opt = { .want_structure = 1 };
    if (pc_instance_read_file(&inst, path, &msg) != PC_OK)
        snprintf(why, len, "--instance: %s", msg.text);
    else if (inst.tokens != m)
        snprintf(why, len, "--instance has %ld tokens, the probed set %ld", (long) inst.tokens, (long) m);
    else if (pc_certify(&cert, &rep, &inst, &opt, &msg) == PC_BAD_INPUT)
        snprintf(why, len, "--instance: %s", msg.text);
    else if (cert.structure == PC_STRUCTURE_SIMPLEX_ETF) {
        G = malloc(sizeof(double) * (size_t) (m * m));
        for (slong i = 0; i < m * m; i++)
            G[i] = (i / m == i % m ? 1.0 : 0.0) - 1.0 / (double) m;
    } else if (rep.circulant != NULL && rep.circulant->gram_W_first_row != NULL) {
        G = malloc(sizeof(double) * (size_t) (m * m));
        for (slong i = 0; i < m; i++)
            for (slong k = 0; k < m; k++)
                G[i * m + k] = arf_get_d(arb_midref(rep.circulant->gram_W_first_row
                                         + pc_abelian_sub(&rep.circulant->group, k, i)),
                                         ARF_RND_NEAR);
    } else
        snprintf(why, len, "the certified optimum of --instance does not determine W W^T "
                 "(path %s, regime %s)", rep.path ? rep.path : "?", pc_regime_name(cert.regime));
    if (G != NULL)
        normalise(G, m);
    pc_certify_report_clear(&rep);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return G;
}

/* The "theory" object: distance between the normalised Grams and the energies of the optimum. */
static json_t *theory_json(double *G_opt, const double *G_model, slong m, const char *why)
{
    json_t *o = json_object();
    if (G_opt == NULL) {
        json_object_set_new(o, "note", json_string(why));
        return o;
    }
    double d = 0;
    for (slong i = 0; i < m * m; i++)
        d += (G_model[i] - G_opt[i]) * (G_model[i] - G_opt[i]);
    pc_probe_stats_t s;
    pc_probe_stats_init(&s, m);
    pc_probe_stats_from_gram(&s, G_opt);
    json_t *energy = json_array();
    for (slong j = 0; j <= m / 2; j++)
        json_array_append_new(energy, json_real(s.frequency_energy[j]));
    json_object_set_new(o, "gram_distance", json_real(sqrt(d)));
    json_object_set_new(o, "optimal_frequency_energy", energy);
    json_object_set_new(o, "optimal_dominant_frequency", json_integer(s.dominant_frequency));
    pc_probe_stats_clear(&s);
    return o;
}

static pc_status_t write_plot(const pc_probe_options_t *opt, char *const *words, slong m,
                              const pc_probe_stats_t *s, const double *G, const double *G_opt,
                              const char *weights_path, pc_msg_t *msg)
{
    char caption[600];
    snprintf(caption, sizeof caption, "%.200s: circulant deviation %.3g, ETF deviation %.3g, dominant "
             "frequency %ld (%.0f%% of the energy), cyclic order %s. Doubles: a picture, not a proof.",
             weights_path, s->circulant_deviation, s->etf_deviation, (long) s->dominant_frequency,
             100 * s->dominant_energy, s->cyclic_order ? "yes" : "no");
    char *svg = pc_plot_probe_svg("token set geometry", caption, words, m, s->plane, G, G_opt);
    pc_status_t st = pc_plot_write_file(svg, opt->plot, msg);
    free(svg);
    return st;
}

/* Ids of the words, or PC_BAD_INPUT naming the words that are not single tokens. */
static pc_status_t resolve(slong *ids, json_t *tokens, const pc_weights_t *w, char *const *words,
                           slong m, const pc_probe_options_t *opt, pc_msg_t *msg)
{
    char **forms = calloc((size_t) m, sizeof(char *));
    pc_status_t st = pc_probe_token_ids(ids, forms, opt->vocab, w, words, m, opt->space, msg);
    char missing[300] = "";
    size_t used = 0;
    slong absent = 0;
    for (slong j = 0; j < m; j++) {
        absent += st == PC_OK && ids[j] < 0;
        if (st == PC_OK && ids[j] < 0 && used + strlen(words[j]) + 4 < sizeof missing)
            used += (size_t) snprintf(missing + used, sizeof missing - used, "%s'%s'", used ? ", " : "", words[j]);
        json_t *t = json_object();
        json_object_set_new(t, "word", json_string(words[j]));
        json_object_set_new(t, "id", ids[j] >= 0 ? json_integer(ids[j]) : json_null());
        json_object_set_new(t, "form", forms[j] ? json_string(forms[j]) : json_null());
        json_array_append_new(tokens, t);
        free(forms[j]);
    }
    free(forms);
    if (st == PC_OK && absent > 0)
        st = pc_fail(msg, PC_BAD_INPUT, "--tokens: %ld not single tokens of the vocabulary: %s%s",
                     (long) absent, missing,
                     opt->space == 'n' ? "" : " (tried with and without the leading-space marker)");
    for (slong j = 0; st == PC_OK && j < m; j++)
        for (slong k = 0; k < j; k++)
            if (ids[j] == ids[k])
                return pc_fail(msg, PC_BAD_INPUT, "--tokens: '%s' and '%s' are the same token (id %ld)",
                               words[k], words[j], (long) ids[j]);
    return st;
}

pc_status_t pc_probe_run(json_t **out, const char *weights_path, char *const *words, slong m,
                         const pc_probe_options_t *opt, pc_msg_t *msg)
{
    if (m < 3 || m > PC_PROBE_MAX_SET)
        return pc_fail(msg, PC_BAD_INPUT, "--tokens: %ld tokens; a set needs 3 to %d", (long) m,
                       PC_PROBE_MAX_SET);
    if (opt->baseline < 0 || opt->baseline > PC_PROBE_MAX_BASELINE)
        return pc_fail(msg, PC_BAD_INPUT, "--baseline %ld: must be 0 to %d", (long) opt->baseline,
                       PC_PROBE_MAX_BASELINE);
    pc_weights_t w;
    pc_weights_init(&w);
    pc_status_t st = pc_weights_read(&w, weights_path, opt->tensor, msg);
    if (st != PC_OK)
        return st;
    json_t *doc = json_object(), *tokens = json_array();
    slong *ids = malloc(sizeof(slong) * (size_t) m);
    double *X = malloc(sizeof(double) * (size_t) (m * w.cols)), *G = malloc(sizeof(double) * (size_t) (m * m));
    pc_probe_stats_t s;
    pc_probe_stats_init(&s, m);
    json_object_set_new(doc, "format", json_string("peelcert-probe/1"));
    json_object_set_new(doc, "weights", json_string(w.tensor));
    json_object_set_new(doc, "shape", json_pack("[I, I]", (json_int_t) w.rows, (json_int_t) w.cols));
    st = resolve(ids, tokens, &w, words, m, opt, msg);
    json_object_set_new(doc, "tokens", tokens);
    if (st == PC_OK)
        st = gather_rows(X, &w, ids, m, msg);
    if (st == PC_OK) {
        pc_probe_stats_exact(&s, X, m, w.cols);
        json_object_update_new(doc, stats_json(&s));
        pc_probe_centered_gram(G, X, m, w.cols);
        normalise(G, m);
    }
    json_t *base = NULL;
    if (st == PC_OK && opt->baseline > 0 && (st = baseline_json(&base, &w, m, &s, opt, msg)) == PC_OK)
        json_object_set_new(doc, "baseline", base);
    double *G_opt = NULL;
    if (st == PC_OK && opt->instance != NULL) {
        char why[PC_MSG_LEN + 64] = "";
        G_opt = optimal_gram(opt->instance, m, why, sizeof why);
        json_object_set_new(doc, "theory", theory_json(G_opt, G, m, why));
    }
    if (st == PC_OK && opt->plot != NULL)
        st = write_plot(opt, words, m, &s, G, G_opt, weights_path, msg);
    free(G_opt);
    pc_probe_stats_clear(&s);
    free(ids); free(X); free(G);
    pc_weights_clear(&w);
    if (st != PC_OK) {
        json_decref(doc);
        return st;
    }
    *out = doc;
    return PC_OK;
}
