/* peelcert gen FAMILY [options]: writes an instance file (SPEC 8). Deterministic in --seed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/gen.h"
#include "peelcert/group.h"
#include "peelcert/numbers.h"

static const char *HELP =
    "usage: peelcert gen FAMILY [options] [-o FILE]\n"
    "\n"
    "Writes an instance (SPEC 8) to FILE (default: stdout). Families and their options:\n"
    "  random        --tokens V --contexts N [--zeros]   dense rows with weights 1..20\n"
    "                                                    (0..20 with --zeros), normalised exactly\n"
    "  onehot        --tokens V --contexts N             P[i][t_i] = 1, t_i uniform\n"
    "  exchangeable  --n n --alpha A                     P = A I + (1-A)/(n-1) (J - I)\n"
    "  cyclic        --n n [--q q0,q1,...]               circulant; random weights 1..20 without --q\n"
    "  group_circulant --orders n1,n2,... [--q q0,q1,... | --q-factors 'Q1;Q2;...']\n"
    "                targets on Z_n1 x Z_n2 x ... (SPEC 11), q in mixed radix (last order fastest);\n"
    "                --q-factors: q(m) = Q1[m_1] Q2[m_2] ... (one distribution per order, e.g.\n"
    "                days x hours); random weights 1..20 without either\n"
    "  group         --group NAME --n n [--contexts-kind same|pairs] [--targets random|next]\n"
    "                NAME: symmetric, alternating, cyclic, dihedral, agl1, psl2; a dense instance\n"
    "                invariant under the group, with its generators in \"symmetry\"\n"
    "  bigram        --text FILE --vocab K               next-word distributions of a text\n"
    "                (sparse targets): tokens = the K most frequent words + <other>, contexts =\n"
    "                the vocabulary words that have a next word (README, \"gen bigram\")\n"
    "Common options: --E_W R --E_H R (exact rationals, default 1), --dim d, --name TEXT,\n"
    "                --seed S (default 1), -o FILE.\n";

typedef struct {
    const char *family, *out, *name, *q, *group, *contexts_kind, *targets, *text;
    const char *orders, *q_factors;     /* gen group_circulant */
    long tokens, contexts, n, dim, seed, vocab;
    int zeros;
    fmpq_t E_W, E_H, alpha;
} gen_args_t;

static int parse_rational_option(fmpq_t out, const char *option, const char *text)
{
    const char *why;
    if (pc_rational_parse(out, text, &why) != 0)
        return pc_cli_usage_error("gen", "%s: '%s' is not an exact rational: %s", option, text, why);
    return 0;
}

/* Parses one option at argv[*i]; returns 0, or an exit code. */
static int parse_option(gen_args_t *a, int argc, char **argv, int *i)
{
    const char *opt = argv[*i];
    static const char *const longs[] = { "--tokens", "--contexts", "--n", "--dim", "--seed" };
    long *const targets[] = { &a->tokens, &a->contexts, &a->n, &a->dim, &a->seed };
    if (strcmp(opt, "--zeros") == 0) { a->zeros = 1; return 0; }
    if (*i + 1 >= argc) return pc_cli_usage_error("gen", "%s needs a value", opt);
    const char *val = argv[++*i];
    for (int k = 0; k < 5; k++)
        if (strcmp(opt, longs[k]) == 0) {
            if (pc_cli_parse_long(targets[k], val, k == 4 ? 0 : 1, k == 4 ? 0x7fffffffffffffffL : PC_MAX_SIZE) != 0)
                return pc_cli_usage_error("gen", "%s: '%s' is not an integer in range", opt, val);
            return 0;
        }
    if (strcmp(opt, "--vocab") == 0) {
        if (pc_cli_parse_long(&a->vocab, val, 1, PC_MAX_LISTED) != 0)
            return pc_cli_usage_error("gen", "%s: '%s' is not an integer in range", opt, val);
        return 0;
    }
    if (strcmp(opt, "-o") == 0) a->out = val;
    else if (strcmp(opt, "--text") == 0) a->text = val;
    else if (strcmp(opt, "--name") == 0) a->name = val;
    else if (strcmp(opt, "--q") == 0) a->q = val;
    else if (strcmp(opt, "--orders") == 0) a->orders = val;
    else if (strcmp(opt, "--q-factors") == 0) a->q_factors = val;
    else if (strcmp(opt, "--group") == 0) a->group = val;
    else if (strcmp(opt, "--contexts-kind") == 0) a->contexts_kind = val;
    else if (strcmp(opt, "--targets") == 0) a->targets = val;
    else if (strcmp(opt, "--E_W") == 0) return parse_rational_option(a->E_W, opt, val);
    else if (strcmp(opt, "--E_H") == 0) return parse_rational_option(a->E_H, opt, val);
    else if (strcmp(opt, "--alpha") == 0) return parse_rational_option(a->alpha, opt, val);
    else return pc_cli_usage_error("gen", "unknown option '%s'", opt);
    return 0;
}

/* Parses "q0,q1,..." into a new vector of exact rationals; *n gets the length. */
static fmpq *parse_q_list(const char *text, slong *n, pc_msg_t *msg)
{
    slong count = 1;
    for (const char *c = text; *c; c++) count += *c == ',';
    fmpq *q = _fmpq_vec_init(count);
    char *copy = strdup(text), *save = NULL, *tok = strtok_r(copy, ",", &save);
    slong m = 0;
    const char *why = NULL;
    for (; tok != NULL && m < count; tok = strtok_r(NULL, ",", &save), m++)
        if (pc_rational_parse(q + m, tok, &why) != 0) break;
    free(copy);
    if (m != count) {
        pc_fail(msg, PC_BAD_INPUT, "--q: entry %ld is not an exact rational%s%s", m,
                why ? ": " : "", why ? why : "");
        _fmpq_vec_clear(q, count);
        return NULL;
    }
    *n = count;
    return q;
}

/* Every entry of q (length n) >= 0 and the sum exactly 1; what names the option. */
static pc_status_t check_distribution(const fmpq *q, slong n, const char *what, pc_msg_t *msg)
{
    fmpq_t sum;
    pc_status_t st = PC_OK;
    fmpq_init(sum);
    for (slong m = 0; m < n; m++) {
        if (fmpq_sgn(q + m) < 0 && st == PC_OK)
            st = pc_fail(msg, PC_BAD_INPUT, "%s: entry %ld is negative", what, m);
        fmpq_add(sum, sum, q + m);
    }
    if (st == PC_OK && !fmpq_is_one(sum))
        st = pc_fail(msg, PC_BAD_INPUT, "%s: entries do not sum to exactly 1", what);
    fmpq_clear(sum);
    return st;
}

/* gen group_circulant: --orders, then --q or --q-factors (validated here), or random. */
static pc_status_t generate_group_circulant(pc_instance_t *inst, const gen_args_t *a, pc_msg_t *msg)
{
    slong orders[PC_ABELIAN_MAX_FACTORS], k = 0, n = 1, len = 0, q_len = 0;
    fmpq *q = NULL, *factors[PC_ABELIAN_MAX_FACTORS] = {NULL};
    pc_status_t st = PC_OK;
    char what[64];
    if (a->orders == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "--orders: missing (n1,n2,... with each n_t >= 1)");
    for (const char *c = a->orders; *c && st == PC_OK; ) {
        char *end;
        long v = strtol(c, &end, 10);
        if (end == c || v < 1 || v > PC_MAX_LISTED || k == PC_ABELIAN_MAX_FACTORS
            || (*end != ',' && *end != '\0'))
            st = pc_fail(msg, PC_BAD_INPUT, "--orders: '%s' is not a list of 1 to %d integers "
                         ">= 1", a->orders, PC_ABELIAN_MAX_FACTORS);
        else {
            orders[k++] = v;
            n = n <= PC_MAX_LISTED / v ? n * v : PC_MAX_LISTED + 1;
            c = *end == ',' ? end + 1 : end;
        }
    }
    if (st == PC_OK && n > PC_MAX_LISTED)
        st = pc_fail(msg, PC_BAD_INPUT, "--orders: the product exceeds the limit %ld", PC_MAX_LISTED);
    if (st == PC_OK && a->q != NULL && a->q_factors != NULL)
        st = pc_fail(msg, PC_BAD_INPUT, "--q and --q-factors: give one of them");
    if (st == PC_OK && a->q != NULL) {
        if ((q = parse_q_list(a->q, &q_len, msg)) == NULL) return PC_BAD_INPUT;
        st = q_len != n ? pc_fail(msg, PC_BAD_INPUT, "--q: %ld entries, the orders give n = %ld",
                                  q_len, n) : check_distribution(q, n, "--q", msg);
    }
    if (st == PC_OK && a->q_factors != NULL) {
        char *copy = strdup(a->q_factors), *save = NULL, *tok = strtok_r(copy, ";", &save);
        slong t = 0;
        for (; tok != NULL && st == PC_OK; tok = strtok_r(NULL, ";", &save), t++) {
            snprintf(what, sizeof what, "--q-factors[%ld]", t);
            if (t >= k) { st = pc_fail(msg, PC_BAD_INPUT, "--q-factors: more lists than orders"); break; }
            if ((factors[t] = parse_q_list(tok, &len, msg)) == NULL) { st = PC_BAD_INPUT; break; }
            if (len != orders[t]) {
                st = pc_fail(msg, PC_BAD_INPUT, "%s: %ld entries, order %ld", what, len, orders[t]);
                _fmpq_vec_clear(factors[t], len);
                factors[t] = NULL;
            } else {
                st = check_distribution(factors[t], len, what, msg);
            }
        }
        if (st == PC_OK && t != k)
            st = pc_fail(msg, PC_BAD_INPUT, "--q-factors: %ld lists for %ld orders", t, k);
        free(copy);
    }
    if (st == PC_OK)
        st = pc_gen_group_circulant(inst, orders, k, q, a->q_factors ? (const fmpq *const *) factors
                                    : NULL, (ulong) a->seed, a->E_W, a->E_H, msg);
    if (q != NULL) _fmpq_vec_clear(q, q_len);
    for (slong t = 0; t < k; t++)
        if (factors[t] != NULL) _fmpq_vec_clear(factors[t], orders[t]);
    return st;
}

static pc_status_t generate_group(pc_instance_t *inst, const gen_args_t *a, pc_msg_t *msg)
{
    pc_group_family_t family;
    if (a->group == NULL || pc_group_family_from_name(&family, a->group) != 0)
        return pc_fail(msg, PC_BAD_INPUT, "--group: '%s' is not one of symmetric, alternating, "
                       "cyclic, dihedral, agl1, psl2", a->group ? a->group : "(missing)");
    pc_group_contexts_t kind = PC_GROUP_CONTEXTS_SAME;
    if (a->contexts_kind && strcmp(a->contexts_kind, "pairs") == 0) kind = PC_GROUP_CONTEXTS_PAIRS;
    else if (a->contexts_kind && strcmp(a->contexts_kind, "same") != 0)
        return pc_fail(msg, PC_BAD_INPUT, "--contexts-kind: '%s' is not same or pairs", a->contexts_kind);
    pc_group_targets_t targets = PC_GROUP_TARGETS_RANDOM;
    if (a->targets && strcmp(a->targets, "next") == 0) targets = PC_GROUP_TARGETS_NEXT;
    else if (a->targets && strcmp(a->targets, "random") != 0)
        return pc_fail(msg, PC_BAD_INPUT, "--targets: '%s' is not random or next", a->targets);
    return pc_group_gen_instance(inst, family, a->n, kind, targets, (ulong) a->seed, a->E_W,
                                 a->E_H, msg);
}

static pc_status_t generate(pc_instance_t *inst, const gen_args_t *a, pc_msg_t *msg)
{
    const char *f = a->family;
    if (strcmp(f, "random") == 0)
        return pc_gen_random(inst, a->tokens, a->contexts, a->zeros, (ulong) a->seed, a->E_W, a->E_H, msg);
    if (strcmp(f, "onehot") == 0)
        return pc_gen_onehot(inst, a->tokens, a->contexts, (ulong) a->seed, a->E_W, a->E_H, msg);
    if (strcmp(f, "exchangeable") == 0)
        return pc_gen_exchangeable(inst, a->n, a->alpha, a->E_W, a->E_H, msg);
    if (strcmp(f, "group") == 0)
        return generate_group(inst, a, msg);
    if (strcmp(f, "group_circulant") == 0)
        return generate_group_circulant(inst, a, msg);
    if (strcmp(f, "bigram") == 0) {
        if (a->vocab == 0) return pc_fail(msg, PC_BAD_INPUT, "--vocab: missing (K >= 1)");
        return pc_gen_bigram(inst, a->text, a->vocab, a->E_W, a->E_H, msg);
    }
    if (strcmp(f, "cyclic") == 0) {
        slong n = a->n;
        fmpq *q = NULL;
        if (a->q != NULL && (q = parse_q_list(a->q, &n, msg)) == NULL) return PC_BAD_INPUT;
        if (q != NULL && a->n > 0 && a->n != n) {
            _fmpq_vec_clear(q, n);
            return pc_fail(msg, PC_BAD_INPUT, "--n: %ld differs from the %ld entries of --q", a->n, n);
        }
        pc_status_t st = pc_gen_cyclic(inst, n, q, (ulong) a->seed, a->E_W, a->E_H, msg);
        if (q != NULL) {
            fmpq_t sum;
            fmpq_init(sum);
            for (slong m = 0; m < n; m++) fmpq_add(sum, sum, q + m);
            if (st == PC_OK && !fmpq_is_one(sum))
                st = pc_fail(msg, PC_BAD_INPUT, "--q: entries do not sum to exactly 1");
            for (slong m = 0; m < n && st == PC_OK; m++)
                if (fmpq_sgn(q + m) < 0) st = pc_fail(msg, PC_BAD_INPUT, "--q: entry %ld is negative", m);
            fmpq_clear(sum);
            _fmpq_vec_clear(q, n);
        }
        return st;
    }
    return pc_fail(msg, PC_BAD_INPUT, "FAMILY: '%s' is not one of random, onehot, exchangeable, "
                   "cyclic, group, group_circulant, bigram", f);
}

/* Names, dim and writing; the instance is re-validated by the reader before it is written. */
static int finish_and_write(pc_instance_t *inst, const gen_args_t *a)
{
    if (a->name != NULL) { free(inst->name); inst->name = strdup(a->name); }
    if (a->dim > 0) { inst->dim = a->dim; inst->dim_given = 1; }
    json_t *root = pc_instance_to_json(inst);
    pc_msg_t msg = {{0}};
    pc_instance_t check;
    pc_instance_init(&check);
    pc_status_t st = pc_instance_from_json(&check, root, &msg);
    pc_instance_clear(&check);
    if (st != PC_OK) {
        json_decref(root);
        fprintf(stderr, "peelcert gen: internal error, generated instance invalid: %s\n", msg.text);
        return 2;
    }
    int rc = 0;
    size_t flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER;
    if (a->out == NULL || strcmp(a->out, "-") == 0) {
        rc = json_dumpf(root, stdout, flags) != 0;
        fputc('\n', stdout);
    } else {
        rc = json_dump_file(root, a->out, flags) != 0;
    }
    json_decref(root);
    if (rc) fprintf(stderr, "peelcert gen: -o %s: cannot write the file\n", a->out);
    return rc ? 2 : 0;
}

int pc_cli_gen(int argc, char **argv)
{
    gen_args_t a;
    memset(&a, 0, sizeof a);
    a.seed = 1;
    fmpq_init(a.E_W); fmpq_init(a.E_H); fmpq_init(a.alpha);
    fmpq_one(a.E_W); fmpq_one(a.E_H);
    fmpq_set_si(a.alpha, 1, 2);
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { fputs(HELP, stdout); goto done; }
        if (argv[i][0] == '-' && argv[i][1] != '\0') rc = parse_option(&a, argc, argv, &i);
        else if (a.family == NULL) a.family = argv[i];
        else rc = pc_cli_usage_error("gen", "unexpected argument '%s'", argv[i]);
    }
    if (rc == 0 && a.family == NULL) rc = pc_cli_usage_error("gen", "missing FAMILY");
    if (rc == 0) {
        pc_msg_t msg = {{0}};
        pc_instance_t inst;
        pc_instance_init(&inst);
        pc_status_t st = generate(&inst, &a, &msg);
        if (st != PC_OK) {
            fprintf(stderr, "peelcert gen %s: %s\n", a.family, msg.text);
            rc = 2;
        } else {
            rc = finish_and_write(&inst, &a);
        }
        pc_instance_clear(&inst);
    }
done:
    fmpq_clear(a.E_W); fmpq_clear(a.E_H); fmpq_clear(a.alpha);
    return rc;
}
