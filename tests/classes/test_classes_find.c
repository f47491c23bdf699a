/* pc_classes_find (classes.h) against a brute-force computation on random dense, one-hot and
 * sparse instances with planted duplicate columns and rows: the same canonical maps, sizes and
 * representatives; and pc_classes_block_targets equals P on every block entry. */
#include <stdio.h>
#include <stdlib.h>
#include <jansson.h>
#include "peelcert/classes.h"

static int failures = 0;
#define EXPECT(c, ...) do { if (!(c)) { failures++; printf("FAIL "); printf(__VA_ARGS__); printf("\n"); } } while (0)

/* canonical classes by pairwise comparison of P[.][k] (columns) or P[i][.] (rows) */
static slong brute_classes(slong *cls, const pc_instance_t *inst, int columns)
{
    slong n = columns ? inst->tokens : inst->contexts, m = columns ? inst->contexts : inst->tokens;
    slong count = 0;
    fmpq_t x, y;
    fmpq_init(x); fmpq_init(y);
    for (slong a = 0; a < n; a++) {
        cls[a] = -1;
        for (slong b = 0; b < a && cls[a] < 0; b++) {
            int same = 1;
            for (slong j = 0; j < m && same; j++) {
                pc_instance_target(x, inst, columns ? j : a, columns ? a : j);
                pc_instance_target(y, inst, columns ? j : b, columns ? b : j);
                same = fmpq_equal(x, y);
            }
            if (same) cls[a] = cls[b];
        }
        if (cls[a] < 0) cls[a] = count++;
    }
    fmpq_clear(x); fmpq_clear(y);
    return count;
}

/* a random instance with V tokens, N contexts of the given form (0 dense, 1 one-hot, 2 sparse),
 * built from few distinct columns/rows so that classes occur */
static json_t *random_instance(slong V, slong N, int form, unsigned *seed)
{
    slong base_rows = 1 + rand_r(seed) % N, *row_of = malloc(sizeof(slong) * N);
    slong *tok_of = malloc(sizeof(slong) * V), base_tokens = 1 + rand_r(seed) % V;
    for (slong i = 0; i < N; i++) row_of[i] = i < base_rows ? i : rand_r(seed) % base_rows;
    for (slong k = 0; k < V; k++) tok_of[k] = k < base_tokens ? k : rand_r(seed) % base_tokens;
    json_t *targets;
    if (form == 1) {
        slong *t = malloc(sizeof(slong) * base_rows);
        for (slong i = 0; i < base_rows; i++) t[i] = rand_r(seed) % V;
        targets = json_array();
        for (slong i = 0; i < N; i++) json_array_append_new(targets, json_integer(t[row_of[i]]));
        json_t *o = json_object();
        json_object_set_new(o, "onehot", targets);
        targets = o;
        free(t);
    } else {
        /* weights per base row and base token (0..3, a 1 somewhere), each token of a base class
         * gets weight w; rows normalised exactly by the sum */
        slong *w = malloc(sizeof(slong) * base_rows * base_tokens);
        for (slong j = 0; j < base_rows * base_tokens; j++) w[j] = rand_r(seed) % 4;
        for (slong i = 0; i < base_rows; i++) w[i * base_tokens + rand_r(seed) % base_tokens] += 1;
        targets = json_array();
        for (slong i = 0; i < N; i++) {
            slong r = row_of[i], sum = 0;
            for (slong k = 0; k < V; k++) sum += w[r * base_tokens + tok_of[k]];
            json_t *row = json_array();
            for (slong k = 0; k < V; k++) {
                slong x = w[r * base_tokens + tok_of[k]];
                char text[64];
                snprintf(text, sizeof text, "%ld/%ld", (long) x, (long) sum);
                if (form == 0) json_array_append_new(row, json_string(x ? text : "0"));
                else if (x) json_array_append_new(row, json_pack("[i, s]", (json_int_t) k, text));
            }
            json_array_append_new(targets, row);
        }
        if (form == 2) {
            json_t *o = json_object();
            json_object_set_new(o, "sparse", targets);
            targets = o;
        }
        free(w);
    }
    free(row_of); free(tok_of);
    return json_pack("{s:s, s:I, s:I, s:s, s:s, s:o}", "format", "peelcert-instance/1",
                     "tokens", (json_int_t) V, "contexts", (json_int_t) N, "E_W", "1", "E_H", "1",
                     "targets", targets);
}

int main(void)
{
    unsigned seed = 2026;
    int trials = 0;
    for (int t = 0; t < 300; t++) {
        int form = t % 3;
        slong V = 1 + rand_r(&seed) % 9, N = 1 + rand_r(&seed) % 9;
        json_t *root = random_instance(V, N, form, &seed);
        pc_instance_t inst;
        pc_instance_init(&inst);
        pc_msg_t msg = {{0}};
        if (pc_instance_from_json(&inst, root, &msg) != PC_OK) {
            EXPECT(0, "trial %d: instance refused: %s", t, msg.text);
            json_decref(root);
            pc_instance_clear(&inst);
            continue;
        }
        pc_classes_t cls;
        pc_classes_init(&cls);
        EXPECT(pc_classes_find(&cls, &inst, &msg) == PC_OK, "trial %d: find failed", t);
        slong *tc = malloc(sizeof(slong) * V), *cc = malloc(sizeof(slong) * N);
        slong u = brute_classes(tc, &inst, 1), v = brute_classes(cc, &inst, 0);
        EXPECT(cls.u == u && cls.v == v, "trial %d (form %d): %ld x %ld classes, brute force %ld x %ld",
               t, form, cls.u, cls.v, u, v);
        for (slong k = 0; k < V && cls.u == u; k++)
            EXPECT(cls.token_class[k] == tc[k], "trial %d: token %ld in class %ld, brute force %ld", t, k, cls.token_class[k], tc[k]);
        for (slong i = 0; i < N && cls.v == v; i++)
            EXPECT(cls.context_class[i] == cc[i], "trial %d: context %ld in class %ld, brute force %ld", t, i, cls.context_class[i], cc[i]);
        slong total = 0;
        for (slong a = 0; a < cls.u; a++) {
            total += cls.token_size[a];
            EXPECT(cls.token_class[cls.token_rep[a]] == a, "trial %d: token rep of %ld", t, a);
        }
        EXPECT(total == V, "trial %d: token sizes sum to %ld, not V", t, total);
        fmpq *Pr = _fmpq_vec_init(cls.u * cls.v);
        fmpq_t p;
        fmpq_init(p);
        pc_classes_block_targets(Pr, &cls, &inst);
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++) {
                pc_instance_target(p, &inst, i, k);
                EXPECT(fmpq_equal(p, Pr + cls.context_class[i] * cls.u + cls.token_class[k]),
                       "trial %d: block target of (%ld, %ld)", t, i, k);
            }
        fmpq_clear(p);
        _fmpq_vec_clear(Pr, cls.u * cls.v);
        free(tc); free(cc);
        pc_classes_clear(&cls);
        pc_instance_clear(&inst);
        json_decref(root);
        trials++;
    }
    /* the circulant form is refused (its own path applies) */
    json_t *root = json_pack("{s:s, s:i, s:i, s:s, s:s, s:{s:[s, s, s]}}", "format",
                             "peelcert-instance/1", "tokens", 3, "contexts", 3, "E_W", "1", "E_H", "1",
                             "targets", "circulant", "1/2", "1/4", "1/4");
    pc_instance_t inst;
    pc_instance_init(&inst);
    pc_msg_t msg = {{0}};
    pc_classes_t cls;
    pc_classes_init(&cls);
    EXPECT(pc_instance_from_json(&inst, root, &msg) == PC_OK, "circulant instance: %s", msg.text);
    EXPECT(pc_classes_find(&cls, &inst, &msg) == PC_BAD_INPUT, "circulant form refused");
    pc_classes_clear(&cls);
    pc_instance_clear(&inst);
    json_decref(root);
    printf("%d trials, %d failures\n", trials, failures);
    return failures ? 1 : 0;
}
