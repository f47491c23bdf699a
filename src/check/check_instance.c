/* The checker's own instance reader and validator (SPEC 8), target entries on demand, exact
 * symmetry checks (SPEC 5) and the comparison with an --instance file (FORMAT.md, "instance").
 * Structured targets stay structured: nothing here builds an N x V matrix for them. */
/* Field paths in messages are built with snprintf into fixed buffers; a path longer than its
 * buffer is cut in the message, never overflowed, so the truncation warning is silenced here. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_internal.h"


void pcc_instance_init(pcc_instance_t *I)
{
    memset(I, 0, sizeof *I);
    fmpq_init(I->E_W); fmpq_init(I->E_H); fmpq_init(I->a); fmpq_init(I->b);
    fmpq_init(I->alpha); fmpq_init(I->beta);
}

void pcc_instance_clear(pcc_instance_t *I)
{
    if (I->P) _fmpq_vec_clear(I->P, I->N * I->V);
    if (I->q) _fmpq_vec_clear(I->q, I->V);
    free(I->onehot); free(I->sigma); free(I->tau);
    if (I->sp_value) _fmpq_vec_clear(I->sp_value, I->sp_start[I->N]);
    free(I->sp_start); free(I->sp_index);
    fmpq_clear(I->E_W); fmpq_clear(I->E_H); fmpq_clear(I->a); fmpq_clear(I->b);
    fmpq_clear(I->alpha); fmpq_clear(I->beta);
}

/* Position of token k in sparse row i, or -1 if unlisted (binary search). */
static slong sparse_find(const pcc_instance_t *I, slong i, slong k)
{
    slong lo = I->sp_start[i], hi = I->sp_start[i + 1];
    while (lo < hi) {
        slong mid = lo + (hi - lo) / 2;
        if (I->sp_index[mid] < k) lo = mid + 1; else hi = mid;
    }
    return lo < I->sp_start[i + 1] && I->sp_index[lo] == k ? lo : -1;
}

/* P[i][k], exactly. */
void pcc_instance_entry(fmpq_t out, const pcc_instance_t *I, slong i, slong k)
{
    slong m;
    switch (I->form) {
    case PCC_SPARSE:
        m = sparse_find(I, i, k);
        if (m >= 0) fmpq_set(out, I->sp_value + m); else fmpq_zero(out);
        break;
    case PCC_DENSE: fmpq_set(out, I->P + i * I->V + k); break;
    case PCC_CIRCULANT: fmpq_set(out, I->q + ((k - i) % I->V + I->V) % I->V); break;
    case PCC_GROUP_CIRCULANT: fmpq_set(out, I->q + pcc_abelian_sub(&I->group, k, i)); break;
    case PCC_EXCHANGEABLE: fmpq_set(out, i == k ? I->alpha : I->beta); break;
    default: if (I->onehot[i] == k) fmpq_one(out); else fmpq_zero(out);
    }
}

/* Entries >= 0 and exact sum 1. */
static int check_row(const fmpq *row, slong n, const char *path, pcc_error_t *err)
{
    char text[96];
    int bad = 0;
    for (slong k = 0; k < n && !bad; k++) {
        if (fmpq_sgn(row + k) < 0) {
            pcc_fmpq_text(text, sizeof text, row + k);
            bad = pcc_fail(err, "%s[%ld]: negative target entry %s", path, k, text);
        }
    }
    if (!bad && !pcc_fmpq_sum_is(row, n, 1, text, sizeof text))
        bad = pcc_fail(err, "%s: row sums to %s, not 1", path, text);
    return bad;
}

/* 1 with *out = x if x is a JSON integer in [0, bound) (what pcc_json_size accepts there), else
 * 0: the caller then calls pcc_json_size with the field's path for the message. */
static int plain_index(slong *out, const json_t *x, slong bound)
{
    if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) >= bound) return 0;
    *out = (slong) json_integer_value(x);
    return 1;
}

/* Row i of sparse targets (read_sparse) into I->sp_*; field paths in messages only if named. */
static int sparse_row(pcc_instance_t *I, const json_t *row, slong i, const char *path, int named,
                      pcc_error_t *err)
{
    char sub[320];
    slong s0 = I->sp_start[i], count = I->sp_start[i + 1] - s0;
    int bad = 0;
    sub[0] = '\0';
    for (slong j = 0; j < count && !bad; j++) {
        const json_t *pair = json_array_get(row, (size_t) j);
        slong m = s0 + j;
        if (named) snprintf(sub, sizeof sub, "%s[%ld][%ld]", path, i, j);
        if (pcc_json_array(pair, sub, 2, err)) { bad = 1; break; }
        if (named) snprintf(sub, sizeof sub, "%s[%ld][%ld][0]", path, i, j);
        bad = pcc_json_size(I->sp_index + m, json_array_get(pair, 0), sub, 0, I->V - 1, err);
        if (!bad && j > 0 && I->sp_index[m] <= I->sp_index[m - 1])
            bad = pcc_fail(err, "%s: token %ld after token %ld (must be strictly increasing)",
                           sub, I->sp_index[m], I->sp_index[m - 1]);
        if (named) snprintf(sub, sizeof sub, "%s[%ld][%ld][1]", path, i, j);
        if (!bad) bad = pcc_json_rational(I->sp_value + m, json_array_get(pair, 1), sub, err);
        if (!bad && fmpq_sgn(I->sp_value + m) <= 0)
            bad = pcc_fail(err, "%s: listed entry is not positive", sub);
    }
    if (!bad) {
        char text[96];
        if (!pcc_fmpq_sum_is(I->sp_value + s0, count, 1, text, sizeof text)) {
            if (named) snprintf(sub, sizeof sub, "%s[%ld]", path, i);
            bad = pcc_fail(err, "%s: row sums to %s, not 1", sub, text);
        }
    }
    return bad;
}

/* Sparse rows (SPEC 10): N arrays of [token, p] pairs, tokens strictly increasing in [0, V),
 * p > 0, each row summing to exactly 1; at most PCC_MAX_SPARSE pairs in all. */
static int read_sparse(pcc_instance_t *I, const json_t *rows, const char *path, pcc_error_t *err)
{
    char sub[320];
    slong total = 0;
    if (I->N > PCC_MAX_LIST)
        return pcc_fail(err, "%s: %ld rows, over the limit of %ld", path, I->N, PCC_MAX_LIST);
    if (pcc_json_array(rows, path, I->N, err)) return 1;
    for (slong i = 0; i < I->N; i++) {
        const json_t *row = json_array_get(rows, (size_t) i);
        snprintf(sub, sizeof sub, "%s[%ld]", path, i);
        if (pcc_json_array(row, sub, -1, err)) return 1;
        if (json_array_size(row) == 0) return pcc_fail(err, "%s: empty row (must sum to 1)", sub);
        if ((slong) json_array_size(row) > PCC_MAX_SPARSE - total)
            return pcc_fail(err, "%s: more than %ld listed entries in all", path, PCC_MAX_SPARSE);
        total += (slong) json_array_size(row);
    }
    I->sp_start = malloc(sizeof(slong) * (size_t) (I->N + 1));
    I->sp_index = malloc(sizeof(slong) * (size_t) total);
    I->sp_start[0] = 0;
    for (slong i = 0; i < I->N; i++)
        I->sp_start[i + 1] = I->sp_start[i] + (slong) json_array_size(json_array_get(rows, (size_t) i));
    I->sp_value = _fmpq_vec_init(total);
    for (slong i = 0; i < I->N; i++)   /* paths are written only for an error, as for dense */
        if (sparse_row(I, json_array_get(rows, (size_t) i), i, "", 0, err)
            && sparse_row(I, json_array_get(rows, (size_t) i), i, path, 1, err))
            return 1;
    return 0;
}

static int read_targets(pcc_instance_t *I, const json_t *t, const char *path, pcc_error_t *err)
{
    char sub[256];
    const char *key = json_is_object(t) && json_object_size(t) == 1 ? json_object_iter_key(json_object_iter((json_t *) t)) : "";
    const json_t *v = json_is_object(t) ? json_object_get(t, key) : NULL;
    if (json_is_array(t)) {
        I->form = PCC_DENSE;
        if (I->N * I->V > PCC_MAX_DENSE)
            return pcc_fail(err, "%s: dense targets of %ld x %ld entries, over the limit of %ld",
                            path, I->N, I->V, PCC_MAX_DENSE);
        if (pcc_json_array(t, path, I->N, err)) return 1;
        /* a row's path is written only for an error: the row is then read again with it, and
         * fails again at the same place (snprintf per row was a tenth of reading) */
        for (slong i = 0; i < I->N; i++) {   /* every row's length before allocating */
            const json_t *row = json_array_get(t, (size_t) i);
            if (json_is_array(row) && (slong) json_array_size(row) == I->V) continue;
            snprintf(sub, sizeof sub, "%s[%ld]", path, i);
            return pcc_json_array(row, sub, I->V, err);
        }
        I->P = _fmpq_vec_init(I->N * I->V);
        for (slong i = 0; i < I->N; i++) {
            const json_t *row = json_array_get(t, (size_t) i);
            fmpq *out = I->P + i * I->V;
            if (!pcc_json_rational_vector(out, row, "", I->V, err) && !check_row(out, I->V, "", err))
                continue;
            snprintf(sub, sizeof sub, "%s[%ld]", path, i);
            if (pcc_json_rational_vector(out, row, sub, I->V, err) || check_row(out, I->V, sub, err))
                return 1;
        }
        return 0;
    }
    if (strcmp(key, "circulant") == 0) {
        I->form = PCC_CIRCULANT;
        snprintf(sub, sizeof sub, "%s.circulant", path);
        if (I->V != I->N)
            return pcc_fail(err, "%s: needs tokens == contexts (%ld != %ld)", sub, I->V, I->N);
        if (I->V > PCC_MAX_LIST)
            return pcc_fail(err, "%s: %ld entries, over the limit of %ld", sub, I->V, PCC_MAX_LIST);
        if (pcc_json_array(v, sub, I->V, err)) return 1;   /* the length before allocating */
        I->q = _fmpq_vec_init(I->V);
        return pcc_json_rational_vector(I->q, v, sub, I->V, err) || check_row(I->q, I->V, sub, err);
    }
    if (strcmp(key, "group_circulant") == 0) {
        I->form = PCC_GROUP_CIRCULANT;
        snprintf(sub, sizeof sub, "%s.group_circulant", path);
        if (I->V != I->N)
            return pcc_fail(err, "%s: needs tokens == contexts (%ld != %ld)", sub, I->V, I->N);
        if (!json_is_object(v) || json_object_size(v) != 2 || !json_object_get(v, "orders")
            || !json_object_get(v, "q"))
            return pcc_fail(err, "%s: expected an object {\"orders\": [...], \"q\": [...]}", sub);
        snprintf(sub, sizeof sub, "%s.group_circulant.orders", path);
        if (pcc_abelian_read(&I->group, json_object_get(v, "orders"), sub, I->V, err)) return 1;
        snprintf(sub, sizeof sub, "%s.group_circulant.q", path);
        if (pcc_json_array(json_object_get(v, "q"), sub, I->V, err)) return 1;   /* before allocating */
        I->q = _fmpq_vec_init(I->V);
        return pcc_json_rational_vector(I->q, json_object_get(v, "q"), sub, I->V, err)
            || check_row(I->q, I->V, sub, err);
    }
    if (strcmp(key, "exchangeable") == 0) {
        I->form = PCC_EXCHANGEABLE;
        snprintf(sub, sizeof sub, "%s.exchangeable", path);
        if (I->V != I->N || I->V < 2)
            return pcc_fail(err, "%s: needs tokens == contexts = n >= 2 (tokens %ld, contexts %ld)",
                            sub, I->V, I->N);
        if (!json_is_object(v) || json_object_size(v) != 1)
            return pcc_fail(err, "%s: expected an object {\"diag\": alpha}", sub);
        snprintf(sub, sizeof sub, "%s.exchangeable.diag", path);
        if (pcc_json_rational(I->alpha, json_object_get(v, "diag"), sub, err)) return 1;
        if (fmpq_sgn(I->alpha) < 0 || fmpq_cmp_si(I->alpha, 1) > 0)
            return pcc_fail(err, "%s: alpha must lie in [0, 1]", sub);
        fmpq_sub_si(I->beta, I->alpha, 1);
        pcc_fmpq_div_si(I->beta, I->beta, -(I->V - 1));   /* beta = (1 - alpha) / (n - 1) */
        return 0;
    }
    if (strcmp(key, "onehot") == 0) {
        I->form = PCC_ONEHOT;
        snprintf(sub, sizeof sub, "%s.onehot", path);
        if (I->N > PCC_MAX_LIST)
            return pcc_fail(err, "%s: %ld entries, over the limit of %ld", sub, I->N, PCC_MAX_LIST);
        if (pcc_json_array(v, sub, I->N, err)) return 1;
        I->onehot = malloc(sizeof(slong) * (size_t) I->N);
        for (slong i = 0; i < I->N; i++) {
            const json_t *x = json_array_get(v, (size_t) i);
            if (plain_index(I->onehot + i, x, I->V)) continue;   /* the path only for an error */
            snprintf(sub, sizeof sub, "%s.onehot[%ld]", path, i);
            return pcc_json_size(I->onehot + i, x, sub, 0, I->V - 1, err);
        }
        return 0;
    }
    if (strcmp(key, "sparse") == 0) {
        I->form = PCC_SPARSE;
        snprintf(sub, sizeof sub, "%s.sparse", path);
        return read_sparse(I, v, sub, err);
    }
    return pcc_fail(err, "%s: expected dense rows, {\"circulant\": [...]}, {\"group_circulant\": "
                    "{...}}, {\"exchangeable\": {\"diag\": alpha}}, {\"onehot\": [...]} or "
                    "{\"sparse\": [...]}", path);
}

/* Does P[tau(i)][sigma(k)] == P[i][k] hold for all i, k?  Exact; for circulant targets it
 * uses the affine shape of the generator, else compares all n^2 entries up to a limit. */
static int invariant(const pcc_instance_t *I, const slong *sg, const slong *tg, const char *path,
                     pcc_error_t *err)
{
    slong V = I->V, N = I->N;
    const char *no = "%s: the targets are not invariant: P[%ld][%ld] != P[%ld][%ld]";
    if (I->form == PCC_ONEHOT) {
        for (slong i = 0; i < N; i++)
            if (I->onehot[tg[i]] != sg[I->onehot[i]])
                return pcc_fail(err, no, path, tg[i], sg[I->onehot[i]], i, I->onehot[i]);
        return 0;
    }
    if (I->form == PCC_SPARSE) {   /* equal counts, and each listed entry maps to an equal one */
        fmpq_t x;
        fmpq_init(x);
        int bad = 0;
        for (slong i = 0; i < N && !bad; i++) {
            const slong *st = I->sp_start;
            if (st[tg[i] + 1] - st[tg[i]] != st[i + 1] - st[i])
                bad = pcc_fail(err, "%s: the targets are not invariant: rows %ld and %ld list "
                               "different numbers of entries", path, tg[i], i);
            for (slong m = st[i]; m < st[i + 1] && !bad; m++) {
                pcc_instance_entry(x, I, tg[i], sg[I->sp_index[m]]);
                if (!fmpq_equal(x, I->sp_value + m))
                    bad = pcc_fail(err, no, path, tg[i], sg[I->sp_index[m]], i, I->sp_index[m]);
            }
        }
        fmpq_clear(x);
        return bad;
    }
    if (I->form == PCC_EXCHANGEABLE) {
        if (fmpq_equal(I->alpha, I->beta)) return 0;
        for (slong i = 0; i < N; i++)
            if (sg[i] != tg[i]) return pcc_fail(err, no, path, tg[i], sg[i], i, i);
        return 0;
    }
    if (I->form == PCC_DENSE) {
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++)
                if (!fmpq_equal(I->P + tg[i] * V + sg[k], I->P + i * V + k))
                    return pcc_fail(err, no, path, tg[i], sg[k], i, k);
        return 0;
    }
    if (I->form == PCC_GROUP_CIRCULANT) {   /* q[sigma k - tau i] = q[k - i] in the group */
        if (V > PCC_MAX_BRUTE_CIRCULANT)
            return pcc_fail(err, "%s: cannot check a generator on group_circulant targets with "
                            "n = %ld > %d", path, V, PCC_MAX_BRUTE_CIRCULANT);
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++)
                if (!fmpq_equal(I->q + pcc_abelian_sub(&I->group, sg[k], tg[i]),
                                I->q + pcc_abelian_sub(&I->group, k, i)))
                    return pcc_fail(err, no, path, tg[i], sg[k], i, k);
        return 0;
    }
    /* circulant: P[i][k] = q[(k - i) mod n] */
    slong n = V, u = ((sg[1 % n] - sg[0]) % n + n) % n, affine = 1, constant = 1;
    for (slong m = 1; m < n; m++) constant &= fmpq_equal(I->q + m, I->q);
    if (constant) return 0;
    for (slong m = 0; m < n && affine; m++)
        affine = sg[m] == (u * m + sg[0]) % n && tg[m] == (u * m + tg[0]) % n;
    if (affine) {   /* sigma(k) - tau(i) = u (k - i) + sigma(0) - tau(0) */
        for (slong m = 0; m < n; m++)
            if (!fmpq_equal(I->q + ((u * m + sg[0] - tg[0]) % n + n) % n, I->q + m))
                return pcc_fail(err, no, path, tg[0], (sg[0] + u * m) % n, 0, m);
        return 0;
    }
    if (n > PCC_MAX_BRUTE_CIRCULANT)
        return pcc_fail(err, "%s: cannot check a non-affine generator on circulant targets with "
                        "n = %ld > %d", path, n, PCC_MAX_BRUTE_CIRCULANT);
    for (slong i = 0; i < n; i++)
        for (slong k = 0; k < n; k++)
            if (!fmpq_equal(I->q + ((sg[k] - tg[i]) % n + n) % n, I->q + ((k - i) % n + n) % n))
                return pcc_fail(err, no, path, tg[i], sg[k], i, k);
    return 0;
}

/* One generator list: an array of `degree` integers forming a permutation of [0, degree). */
static int read_permutation(slong *out, const json_t *v, slong degree, const char *path,
                            pcc_error_t *err)
{
    char sub[256];
    if (pcc_json_array(v, path, degree, err)) return 1;
    char *seen = calloc((size_t) degree, 1);
    int bad = 0;
    for (slong i = 0; i < degree && !bad; i++) {
        const json_t *x = json_array_get(v, (size_t) i);
        if (!plain_index(out + i, x, degree)) {   /* the path only for an error */
            snprintf(sub, sizeof sub, "%s[%ld]", path, i);
            bad = pcc_json_size(out + i, x, sub, 0, degree - 1, err);
        }
        if (!bad && seen[out[i]])
            bad = pcc_fail(err, "%s: not a permutation (image %ld repeated)", path, out[i]);
        if (!bad) seen[out[i]] = 1;
    }
    free(seen);
    return bad;
}

static int read_symmetry(pcc_instance_t *I, const json_t *s, const char *path, pcc_error_t *err)
{
    char pt[256], pc[256];
    const json_t *toks = json_object_get(s, "tokens"), *ctxs = json_object_get(s, "contexts");
    if (!json_is_object(s))
        return pcc_fail(err, "%s: expected an object, got %s", path, pcc_json_type_name(s));
    snprintf(pt, sizeof pt, "%s.tokens", path);
    snprintf(pc, sizeof pc, "%s.contexts", path);
    if (pcc_json_array(toks, pt, -1, err) || pcc_json_array(ctxs, pc, -1, err)) return 1;
    if (json_array_size(toks) != json_array_size(ctxs))
        return pcc_fail(err, "%s: %zu token generators but %zu context generators", path,
                        json_array_size(toks), json_array_size(ctxs));
    /* every length is checked before anything is allocated: the arrays then take at most a
     * constant times the size of the JSON that was parsed */
    for (slong g = 0; g < (slong) json_array_size(toks); g++) {
        snprintf(pt, sizeof pt, "%s.tokens[%ld]", path, g);
        snprintf(pc, sizeof pc, "%s.contexts[%ld]", path, g);
        if (pcc_json_array(json_array_get(toks, (size_t) g), pt, I->V, err)
            || pcc_json_array(json_array_get(ctxs, (size_t) g), pc, I->N, err))
            return 1;
    }
    I->ngens = (slong) json_array_size(toks);
    I->sigma = malloc(sizeof(slong) * (size_t) (I->ngens * I->V + 1));
    I->tau = malloc(sizeof(slong) * (size_t) (I->ngens * I->N + 1));
    for (slong g = 0; g < I->ngens; g++) {
        snprintf(pt, sizeof pt, "%s.tokens[%ld]", path, g);
        snprintf(pc, sizeof pc, "%s.contexts[%ld]", path, g);
        if (read_permutation(I->sigma + g * I->V, json_array_get(toks, (size_t) g), I->V, pt, err)
            || read_permutation(I->tau + g * I->N, json_array_get(ctxs, (size_t) g), I->N, pc, err))
            return 1;
        snprintf(pt, sizeof pt, "%s generator %ld", path, g);
        if (invariant(I, I->sigma + g * I->V, I->tau + g * I->N, pt, err)) return 1;
    }
    return 0;
}

static int read_names(const json_t *v, slong n, const char *path, pcc_error_t *err)
{
    if (v == NULL) return 0;
    if (pcc_json_array(v, path, n, err)) return 1;
    for (slong i = 0; i < n; i++)
        if (!json_is_string(json_array_get(v, (size_t) i)))
            return pcc_fail(err, "%s[%ld]: expected a string", path, i);
    return 0;
}

static int read_budget(fmpq_t out, const json_t *obj, const char *path, const char *key,
                       pcc_error_t *err)
{
    char sub[256];
    snprintf(sub, sizeof sub, "%s.%s", path, key);
    if (pcc_json_rational(out, json_object_get(obj, key), sub, err)) return 1;
    if (fmpq_sgn(out) <= 0) return pcc_fail(err, "%s: must be positive", sub);
    return 0;
}

/* Reads and validates an instance object (SPEC 8); path names it in messages. */
int pcc_instance_read(pcc_instance_t *I, const json_t *obj, const char *path, pcc_error_t *err)
{
    char sub[256];
    const json_t *f = json_object_get(obj, "format");
    if (!json_is_object(obj))
        return pcc_fail(err, "%s: expected an object, got %s", path, pcc_json_type_name(obj));
    if (!json_is_string(f) || strcmp(json_string_value(f), "peelcert-instance/1") != 0)
        return pcc_fail(err, "%s.format: expected \"peelcert-instance/1\"", path);
    if (json_object_get(obj, "name") && !json_is_string(json_object_get(obj, "name")))
        return pcc_fail(err, "%s.name: expected a string", path);
    snprintf(sub, sizeof sub, "%s.tokens", path);
    if (pcc_json_size(&I->V, json_object_get(obj, "tokens"), sub, 1, PCC_MAX_SIZE, err)) return 1;
    snprintf(sub, sizeof sub, "%s.contexts", path);
    if (pcc_json_size(&I->N, json_object_get(obj, "contexts"), sub, 1, PCC_MAX_SIZE, err)) return 1;
    I->d = I->V - 1 < I->N ? I->V - 1 : I->N;
    if (I->d < 1) I->d = 1;
    snprintf(sub, sizeof sub, "%s.dim", path);
    if (json_object_get(obj, "dim")
        && pcc_json_size(&I->d, json_object_get(obj, "dim"), sub, 1, PCC_MAX_SIZE, err))
        return 1;
    if (read_budget(I->E_W, obj, path, "E_W", err) || read_budget(I->E_H, obj, path, "E_H", err))
        return 1;
    fmpq_mul_si(I->a, I->E_W, I->V);
    fmpq_mul_si(I->b, I->E_H, I->N);
    snprintf(sub, sizeof sub, "%s.targets", path);
    if (json_object_get(obj, "targets") == NULL) return pcc_fail(err, "%s: missing", sub);
    if (read_targets(I, json_object_get(obj, "targets"), sub, err)) return 1;
    snprintf(sub, sizeof sub, "%s.token_names", path);
    if (read_names(json_object_get(obj, "token_names"), I->V, sub, err)) return 1;
    snprintf(sub, sizeof sub, "%s.context_names", path);
    if (read_names(json_object_get(obj, "context_names"), I->N, sub, err)) return 1;
    snprintf(sub, sizeof sub, "%s.symmetry", path);
    if (json_object_get(obj, "symmetry") && read_symmetry(I, json_object_get(obj, "symmetry"), sub, err))
        return 1;
    return 0;
}

/* rho = sqrt(a b), enclosed. */
void pcc_rho(arb_t rho, const pcc_instance_t *I, slong prec)
{
    fmpq_t ab;
    fmpq_init(ab);
    fmpq_mul(ab, I->a, I->b);
    arb_set_fmpq(rho, ab, prec);
    arb_sqrt(rho, rho, prec);
    fmpq_clear(ab);
}

int pcc_instance_has_zero(const pcc_instance_t *I)
{
    slong total = I->form == PCC_DENSE ? I->N * I->V : I->V;
    if (I->form == PCC_EXCHANGEABLE) return fmpq_is_zero(I->alpha) || fmpq_is_zero(I->beta);
    if (I->form == PCC_ONEHOT) return I->V > 1;
    if (I->form == PCC_SPARSE) {   /* listed entries are > 0: a zero is an unlisted token */
        for (slong i = 0; i < I->N; i++)
            if (I->sp_start[i + 1] - I->sp_start[i] < I->V) return 1;
        return 0;
    }
    for (slong m = 0; m < total; m++)
        if (fmpq_is_zero(I->form == PCC_DENSE ? I->P + m : I->q + m)) return 1;
    return 0;
}

/* V == N and P[i][k] == P[0][(k - i) mod n] for all i, k (exact). */
int pcc_instance_is_circulant(const pcc_instance_t *I)
{
    slong n = I->V;
    if (I->V != I->N) return 0;
    if (I->form == PCC_CIRCULANT || I->form == PCC_EXCHANGEABLE) return 1;
    if (I->form == PCC_GROUP_CIRCULANT) {   /* q[k - i] (group) = q[(k - i) mod n] */
        int constant = 1, circ = 1;
        slong big = 0;
        for (slong t = 0; t < I->group.k; t++) big += I->group.orders[t] > 1;
        if (big <= 1) return 1;   /* Z_1 factors add no digit: the flat indices are Z_n's */
        for (slong m = 1; m < n && constant; m++) constant = fmpq_equal(I->q + m, I->q);
        if (constant) return 1;
        if (n > PCC_MAX_BRUTE_CIRCULANT) return 0;   /* not proved circulant */
        for (slong i = 1; i < n && circ; i++)
            for (slong k = 0; k < n && circ; k++)
                circ = fmpq_equal(I->q + pcc_abelian_sub(&I->group, k, i), I->q + (k - i + n) % n);
        return circ;
    }
    if (I->form == PCC_ONEHOT) {
        for (slong i = 0; i < n; i++)
            if (I->onehot[i] != (I->onehot[0] + i) % n) return 0;
        return 1;
    }
    if (I->form == PCC_SPARSE) {   /* row i is row 0 shifted by i: equal counts, equal entries */
        fmpq_t y;
        fmpq_init(y);
        int circ = 1;
        for (slong i = 1; i < n && circ; i++) {
            circ = I->sp_start[i + 1] - I->sp_start[i] == I->sp_start[1] - I->sp_start[0];
            for (slong m = I->sp_start[i]; m < I->sp_start[i + 1] && circ; m++) {
                pcc_instance_entry(y, I, 0, ((I->sp_index[m] - i) % n + n) % n);
                circ = fmpq_equal(y, I->sp_value + m);
            }
        }
        fmpq_clear(y);
        return circ;
    }
    for (slong i = 1; i < n; i++)
        for (slong k = 0; k < n; k++)
            if (!fmpq_equal(I->P + i * n + k, I->P + (k - i + n) % n)) return 0;
    return 1;
}

static uint32_t find_root(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
}

/* The first generator that moves a token or a context, or -1 if every one is the identity. */
slong pcc_instance_nontrivial_generator(const pcc_instance_t *I)
{
    for (slong g = 0; g < I->ngens; g++) {
        for (slong k = 0; k < I->V; k++)
            if (I->sigma[g * I->V + k] != k) return g;
        for (slong i = 0; i < I->N; i++)
            if (I->tau[g * I->N + i] != i) return g;
    }
    return -1;
}

/* 1 iff the token generators have exactly two orbits on ordered pairs [V] x [V] (union-find). */
int pcc_instance_two_transitive(const pcc_instance_t *I, char *why, size_t len)
{
    slong V = I->V, orbits = 0;
    if (I->ngens == 0 || V < 2) { snprintf(why, len, "no token symmetry generators"); return 0; }
    if (V > PCC_MAX_TWO_TRANSITIVE) {
        snprintf(why, len, "V = %ld is over the limit %d of the orbit computation", V,
                 PCC_MAX_TWO_TRANSITIVE);
        return 0;
    }
    uint32_t *parent = malloc(sizeof(uint32_t) * (size_t) (V * V));
    for (slong x = 0; x < V * V; x++) parent[x] = (uint32_t) x;
    for (slong g = 0; g < I->ngens; g++) {
        const slong *sg = I->sigma + g * V;
        for (slong u = 0; u < V; u++)
            for (slong w = 0; w < V; w++) {
                uint32_t r1 = find_root(parent, (uint32_t) (u * V + w));
                uint32_t r2 = find_root(parent, (uint32_t) (sg[u] * V + sg[w]));
                if (r1 != r2) parent[r1] = r2;
            }
    }
    for (slong x = 0; x < V * V; x++) orbits += parent[x] == (uint32_t) x;
    free(parent);
    snprintf(why, len, "the token generators have %ld orbits on ordered token pairs", orbits);
    return orbits == 2;
}

/* 0 iff A and B are the same instance (FORMAT.md: sizes, dim, budgets, every P[i][k]); else 1
 * with msg naming the first differing field. O(size of the representations). */
int pcc_instance_compare(const pcc_instance_t *A, const pcc_instance_t *B, char *msg, size_t len)
{
    const char *fmt = "%s differs: certificate %ld, --instance %ld";
    int diff = 0;
    if (A->V != B->V) { snprintf(msg, len, fmt, "tokens", A->V, B->V); return 1; }
    if (A->N != B->N) { snprintf(msg, len, fmt, "contexts", A->N, B->N); return 1; }
    if (A->d != B->d) { snprintf(msg, len, fmt, "dim", A->d, B->d); return 1; }
    if (!fmpq_equal(A->E_W, B->E_W)) { snprintf(msg, len, "E_W differs"); return 1; }
    if (!fmpq_equal(A->E_H, B->E_H)) { snprintf(msg, len, "E_H differs"); return 1; }
    fmpq_t x, y;
    fmpq_init(x); fmpq_init(y);
    if (A->form == PCC_ONEHOT || B->form == PCC_ONEHOT) {
        /* a row equals e_t iff its entry t is 1 (rows are probability vectors) */
        const pcc_instance_t *O = A->form == PCC_ONEHOT ? A : B, *X = O == A ? B : A;
        for (slong i = 0; i < A->N && !diff; i++) {
            pcc_instance_entry(x, X, i, O->onehot[i]);
            if (!fmpq_is_one(x))
                diff = snprintf(msg, len, "targets differ: P[%ld][%ld]", i, O->onehot[i]);
        }
    } else if (A->form == PCC_SPARSE || B->form == PCC_SPARSE) {
        /* the listed entries of S's row sum to 1 and X's row is a probability vector, so X's
         * row equals S's iff it has every listed entry (then the rest of X's row is 0) */
        const pcc_instance_t *S = A->form == PCC_SPARSE ? A : B, *X = S == A ? B : A;
        for (slong i = 0; i < A->N && !diff; i++)
            for (slong m = S->sp_start[i]; m < S->sp_start[i + 1] && !diff; m++) {
                pcc_instance_entry(x, X, i, S->sp_index[m]);
                if (!fmpq_equal(x, S->sp_value + m))
                    diff = snprintf(msg, len, "targets differ: P[%ld][%ld]", i, S->sp_index[m]);
            }
    } else if (A->form == PCC_GROUP_CIRCULANT && B->form == PCC_GROUP_CIRCULANT
               && pcc_abelian_equal(&A->group, &B->group)) {
        for (slong k = 0; k < A->V && !diff; k++)
            if (!fmpq_equal(A->q + k, B->q + k))
                diff = snprintf(msg, len, "targets differ: P[0][%ld]", k);
    } else if (A->form == PCC_DENSE || B->form == PCC_DENSE || A->form == PCC_GROUP_CIRCULANT
               || B->form == PCC_GROUP_CIRCULANT) {
        /* first rows do not determine the matrices when the groups differ: every entry */
        if (A->form != PCC_DENSE && B->form != PCC_DENSE && A->N * A->V > PCC_MAX_DENSE)
            diff = snprintf(msg, len, "targets in different forms (group_circulant on other "
                            "orders) with %ld x %ld entries: over the limit %ld of the entrywise "
                            "comparison", A->N, A->V, PCC_MAX_DENSE);
        for (slong m = 0; m < A->N * A->V && !diff; m++) {
            pcc_instance_entry(x, A, m / A->V, m % A->V);
            pcc_instance_entry(y, B, m / A->V, m % A->V);
            if (!fmpq_equal(x, y))
                diff = snprintf(msg, len, "targets differ: P[%ld][%ld]", m / A->V, m % A->V);
        }
    } else if (A->form == PCC_EXCHANGEABLE && B->form == PCC_EXCHANGEABLE) {
        if (!fmpq_equal(A->alpha, B->alpha)) diff = snprintf(msg, len, "targets differ: diag");
    } else {   /* both circulant (an exchangeable matrix is circulant): compare the first rows */
        for (slong k = 0; k < A->V && !diff; k++) {
            pcc_instance_entry(x, A, 0, k);
            pcc_instance_entry(y, B, 0, k);
            if (!fmpq_equal(x, y)) diff = snprintf(msg, len, "targets differ: P[0][%ld]", k);
        }
    }
    fmpq_clear(x); fmpq_clear(y);
    return diff != 0;
}
