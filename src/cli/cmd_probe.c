/* peelcert probe WEIGHTS [--tensor NAME] (--tokenizer tokenizer.json | --words FILE) --tokens
 * w1,w2,... [--baseline K] [--seed S] [--instance INSTANCE] [--plot FILE.svg] [--json] (SPEC 14) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/probe.h"

static const char *HELP =
    "usage: peelcert probe WEIGHTS --tokens w1,w2,... [--tensor NAME]\n"
    "                      [--tokenizer tokenizer.json | --words FILE] [--space auto|yes|no]\n"
    "                      [--baseline K] [--seed S] [--instance INSTANCE] [--plot FILE.svg] [--json]\n"
    "\n"
    "Measures whether the rows of an ordered token set in a model's output matrix (or tied\n"
    "embedding, or word vectors) have the geometry the theory predicts: the deviation of their\n"
    "centered Gram from the circulant subspace and from the simplex-ETF line (from the floats'\n"
    "exact values), its Fourier energy per frequency, and whether the tokens lie in cyclic order\n"
    "on the plane of the dominant frequency. With --baseline, the same statistics of K random\n"
    "token sets of the same size and an empirical p-value for each. docs/probe.md explains.\n"
    "\n"
    "  WEIGHTS        a .safetensors file (F64/F32/F16/BF16), a checkpoint directory (model.safetensors\n"
    "                 or model.safetensors.index.json), a .npy file (float32/float64), a GloVe or\n"
    "                 word2vec text file, or a wink-embeddings .json file\n"
    "  --tensor NAME  the tensor of a safetensors file (default: the only matrix, else lm_head.weight,\n"
    "                 embed_out.weight, transformer.wte.weight, model.embed_tokens.weight, ...)\n"
    "  --tokenizer F  a Hugging Face tokenizer.json (its model.vocab) gives the token ids\n"
    "  --words F      a word list, one per line, line number = row (word-vector files need neither)\n"
    "  --space S      the leading-space marker (U+0120 or U+2581): auto (prefer it), yes, no\n"
    "  --tokens LIST  the ordered token set, comma separated (3 to 4096 tokens)\n"
    "  --baseline K   compare with K random sets of the same size (seeded, default seed 1)\n"
    "  --instance F   compare the Gram with the certified optimal W W^T of instance F (same size)\n"
    "  --plot F.svg   the points on the dominant-frequency plane and the Gram heatmaps\n"
    "  --json         print the JSON document\n"
    "\n"
    "Exit status: 0 measured, 2 bad input or usage (the message names the file and field).\n";

/* Splits "a,b,c" into words (caller frees the array and the copy). */
static char **split_tokens(char **copy, const char *list, slong *m)
{
    *copy = strdup(list);
    slong n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    char **words = malloc(sizeof(char *) * (size_t) n);
    *m = 0;
    for (char *p = *copy, *next; p != NULL; p = next) {
        next = strchr(p, ',');
        if (next != NULL)
            *next++ = '\0';
        words[(*m)++] = p;
    }
    return words;
}

static void print_human(json_t *doc)
{
    printf("weights              %s\n", json_string_value(json_object_get(doc, "weights")));
    printf("circulant deviation  %.4g\n", json_real_value(json_object_get(doc, "circulant_deviation")));
    printf("ETF deviation        %.4g\n", json_real_value(json_object_get(doc, "etf_deviation")));
    printf("dominant frequency   %ld (%.1f%% of the energy)\n",
           (long) json_integer_value(json_object_get(doc, "dominant_frequency")),
           100 * json_real_value(json_object_get(doc, "dominant_energy")));
    printf("cyclic order         %s\n", json_is_true(json_object_get(doc, "cyclic_order")) ? "yes" : "no");
    json_t *base = json_object_get(doc, "baseline");
    if (base != NULL) {
        static const char *const keys[] = {"circulant_deviation", "etf_deviation", "dominant_energy",
                                           "cyclic_order"};
        printf("baseline             %ld random sets (seed %ld)\n",
               (long) json_integer_value(json_object_get(base, "sets")),
               (long) json_integer_value(json_object_get(base, "seed")));
        for (int k = 0; k < 4; k++)
            printf("  p-value %-20s %.3g\n", keys[k],
                   json_real_value(json_object_get(json_object_get(base, keys[k]), "p_value")));
    }
    json_t *theory = json_object_get(doc, "theory");
    if (theory != NULL && json_object_get(theory, "gram_distance") != NULL)
        printf("vs certified optimum Gram distance %.4g (normalised Grams)\n",
               json_real_value(json_object_get(theory, "gram_distance")));
    else if (theory != NULL)
        printf("vs certified optimum %s\n", json_string_value(json_object_get(theory, "note")));
}

int pc_cli_probe(int argc, char **argv)
{
    const char *weights = NULL, *token_list = NULL;
    pc_probe_options_t opt = {0, 1, 'a', NULL, NULL, NULL, NULL};
    int as_json = 0;
    long value;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int takes = strcmp(a, "--tensor") == 0 || strcmp(a, "--tokenizer") == 0 || strcmp(a, "--words") == 0
                    || strcmp(a, "--tokens") == 0 || strcmp(a, "--baseline") == 0 || strcmp(a, "--seed") == 0
                    || strcmp(a, "--plot") == 0 || strcmp(a, "--instance") == 0 || strcmp(a, "--space") == 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            as_json = 1;
        } else if (takes && i + 1 >= argc) {
            return pc_cli_usage_error("probe", "%s needs a value", a);
        } else if (strcmp(a, "--tensor") == 0) {
            opt.tensor = argv[++i];
        } else if (strcmp(a, "--tokenizer") == 0 || strcmp(a, "--words") == 0) {
            if (opt.vocab != NULL)
                return pc_cli_usage_error("probe", "give one of --tokenizer and --words");
            opt.vocab = argv[++i];
        } else if (strcmp(a, "--tokens") == 0) {
            token_list = argv[++i];
        } else if (strcmp(a, "--plot") == 0) {
            opt.plot = argv[++i];
        } else if (strcmp(a, "--instance") == 0) {
            opt.instance = argv[++i];
        } else if (strcmp(a, "--space") == 0) {
            const char *v = argv[++i];
            if (strcmp(v, "auto") && strcmp(v, "yes") && strcmp(v, "no"))
                return pc_cli_usage_error("probe", "--space needs auto, yes or no, not '%s'", v);
            opt.space = v[0];
        } else if (strcmp(a, "--baseline") == 0) {
            if (pc_cli_parse_long(&value, argv[++i], 1, PC_PROBE_MAX_BASELINE) != 0)
                return pc_cli_usage_error("probe", "--baseline needs an integer from 1 to %d, not '%s'",
                                          PC_PROBE_MAX_BASELINE, argv[i]);
            opt.baseline = value;
        } else if (strcmp(a, "--seed") == 0) {
            if (pc_cli_parse_long(&value, argv[++i], 0, 2147483647L) != 0)
                return pc_cli_usage_error("probe", "--seed needs a non-negative integer, not '%s'", argv[i]);
            opt.seed = (ulong) value;
        } else if (a[0] == '-' && a[1] != '\0') {
            return pc_cli_usage_error("probe", "unknown option '%s'", a);
        } else if (weights == NULL) {
            weights = a;
        } else {
            return pc_cli_usage_error("probe", "unexpected argument '%s'", a);
        }
    }
    if (weights == NULL)
        return pc_cli_usage_error("probe", "missing WEIGHTS");
    if (token_list == NULL)
        return pc_cli_usage_error("probe", "missing --tokens w1,w2,...");
    char *copy;
    slong m;
    char **words = split_tokens(&copy, token_list, &m);
    json_t *doc = NULL;
    pc_msg_t msg = {{0}};
    pc_status_t st = pc_probe_run(&doc, weights, words, m, &opt, &msg);
    free(words);
    free(copy);
    if (st != PC_OK) {
        fprintf(stderr, "peelcert probe: %s\n", msg.text);
        if (as_json) {
            json_t *o = json_object();
            json_object_set_new(o, "message", json_string(msg.text));
            pc_cli_print_json(o);
        }
        return 2;
    }
    if (as_json)
        pc_cli_print_json(doc);
    else {
        print_human(doc);
        json_decref(doc);
    }
    return 0;
}
