/* Symmetry discovery and exact group orders, computed two ways (symmetry.h, SPEC 5, 11).
 *
 * Orders by Schreier-Sims against the closed forms of the built-in families (n!, n!/2, n, 2n,
 * p(p-1), q(q^2-1)/2) and of direct products (S_4 x S_13 on suits x ranks). Discovery on
 * G-invariant instances built from each family: the discovered group contains the given one
 * (adding the given generators to the discovered ones does not change the order, computed by
 * Schreier-Sims) and is contained in the target group (every discovered generator passes the
 * exact invariance check of the instance reader). A hidden product Z_3 x Z_4 (random relabelling
 * of tokens and of contexts, generic q) is found with order exactly 12; a random instance with
 * distinct rows and columns has the trivial group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/group.h"
#include "peelcert/symmetry.h"

static int passed, failed;

static void expect(int ok, const char *what, const char *name)
{
    if (ok) passed++;
    else {
        failed++;
        printf("FAIL %s: %s\n", name, what);
    }
}

static ulong lcg(ulong *state)
{
    *state = *state * 6364136223846793005UL + 1442695040888963407UL;
    return *state >> 33;
}

static void shuffle(slong *perm, slong n, ulong *state)
{
    for (slong x = 0; x < n; x++) perm[x] = x;
    for (slong x = n - 1; x > 0; x--) {
        slong y = (slong) (lcg(state) % (ulong) (x + 1)), t = perm[x];
        perm[x] = perm[y];
        perm[y] = t;
    }
}

static void test_family_orders(void)
{
    struct { pc_group_family_t f; slong n; long order; } cases[] = {
        {PC_GROUP_SYMMETRIC, 2, 2}, {PC_GROUP_SYMMETRIC, 6, 720}, {PC_GROUP_SYMMETRIC, 9, 362880},
        {PC_GROUP_ALTERNATING, 5, 60}, {PC_GROUP_ALTERNATING, 8, 20160},
        {PC_GROUP_CYCLIC, 12, 12}, {PC_GROUP_DIHEDRAL, 12, 24}, {PC_GROUP_AFFINE, 11, 110},
        {PC_GROUP_AFFINE, 13, 156}, {PC_GROUP_PSL2, 5, 60}, {PC_GROUP_PSL2, 7, 168},
        {PC_GROUP_PSL2, 11, 660},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        pc_group_t G;
        pc_msg_t msg;
        char name[64];
        snprintf(name, sizeof name, "%s %ld", pc_group_family_name(cases[c].f), (long) cases[c].n);
        pc_group_init(&G, 0);
        expect(pc_group_family(&G, cases[c].f, cases[c].n, &msg) == PC_OK, "family built", name);
        fmpz_t order;
        fmpz_init(order);
        /* tokens and contexts both carry the family's action (contexts = tokens) */
        int ok = pc_symmetry_group_order(order, (const slong *const *) G.generators,
                                         (const slong *const *) G.generators, G.num_generators,
                                         G.degree, G.degree);
        expect(ok && fmpz_cmp_si(order, cases[c].order) == 0, "Schreier-Sims order = closed form",
               name);
        /* tokens only (contexts fixed: a single context) gives the same order */
        slong *fixed = calloc(1, sizeof(slong));
        slong **ctx = malloc((size_t) G.num_generators * sizeof(slong *));
        for (slong g = 0; g < G.num_generators; g++) ctx[g] = fixed;
        ok = pc_symmetry_group_order(order, (const slong *const *) G.generators,
                                     (const slong *const *) ctx, G.num_generators, G.degree, 1);
        expect(ok && fmpz_cmp_si(order, cases[c].order) == 0, "order on the tokens alone", name);
        free(ctx);
        free(fixed);
        fmpz_clear(order);
        pc_group_clear(&G);
    }
}

/* S_4 x S_13 on 52 = 4 x 13 tokens k = 13 s + r (suits x ranks): order 4! 13!. */
static void test_product_order(void)
{
    slong V = 52, gens[4][52];
    for (slong k = 0; k < V; k++) {
        slong s = k / 13, r = k % 13;
        gens[0][k] = 13 * ((s + 1) % 4) + r;                 /* suit 4-cycle */
        gens[1][k] = 13 * (s < 2 ? 1 - s : s) + r;           /* suit transposition */
        gens[2][k] = 13 * s + (r + 1) % 13;                  /* rank 13-cycle */
        gens[3][k] = 13 * s + (r < 2 ? 1 - r : r);           /* rank transposition */
    }
    const slong *g[4] = {gens[0], gens[1], gens[2], gens[3]};
    fmpz_t order, expected;
    fmpz_init(order);
    fmpz_init(expected);
    fmpz_fac_ui(expected, 13);
    fmpz_mul_ui(expected, expected, 24);
    int ok = pc_symmetry_group_order(order, g, g, 4, V, V);
    expect(ok && fmpz_equal(order, expected), "S_4 x S_13 has order 4! 13!", "suits x ranks");
    fmpz_clear(order);
    fmpz_clear(expected);
}

/* The discovered group of a G-invariant instance contains G and consists of symmetries. */
static void test_discover_family(pc_group_family_t f, slong n, pc_group_contexts_t kind)
{
    char name[96];
    snprintf(name, sizeof name, "discover %s %ld %s", pc_group_family_name(f), (long) n,
             kind == PC_GROUP_CONTEXTS_SAME ? "same" : "pairs");
    pc_instance_t inst;
    pc_msg_t msg;
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    pc_instance_init(&inst);
    if (pc_group_gen_instance(&inst, f, n, kind, PC_GROUP_TARGETS_RANDOM, 3, one, one, &msg)
        != PC_OK) {
        expect(0, msg.text, name);
        fmpq_clear(one);
        return;
    }
    pc_symmetry_t found, given;
    pc_symmetry_init(&found);
    pc_symmetry_init(&given);
    expect(pc_symmetry_discover(&found, &inst, 20.0, &msg) == PC_OK, "search completes", name);
    pc_symmetry_from_instance(&given, &inst, &msg);
    expect(found.has_order && given.has_order, "both orders computed", name);
    expect(fmpz_divisible(found.order, given.order), "|given| divides |discovered|", name);
    expect(found.token_orbits <= given.token_orbits && found.context_orbits <= given.context_orbits,
           "orbits of the discovered group are unions of the given ones", name);
    /* <found, given> = <found>: the given generators are in the discovered group */
    slong ng = found.num_generators + given.num_generators;
    const slong **sig = malloc((size_t) (ng + 1) * sizeof *sig);
    const slong **tau = malloc((size_t) (ng + 1) * sizeof *tau);
    for (slong g = 0; g < found.num_generators; g++) {
        sig[g] = found.token_generators[g];
        tau[g] = found.context_generators[g];
    }
    for (slong g = 0; g < given.num_generators; g++) {
        sig[found.num_generators + g] = given.token_generators[g];
        tau[found.num_generators + g] = given.context_generators[g];
    }
    fmpz_t both;
    fmpz_init(both);
    int ok = pc_symmetry_group_order(both, sig, tau, ng, inst.tokens, inst.contexts);
    expect(ok && fmpz_equal(both, found.order), "given generators lie in the discovered group",
           name);
    /* every discovered generator is a symmetry: the reader's exact check accepts them */
    pc_instance_t bare = inst;          /* the same targets without the symmetry field */
    slong **keep_t = inst.token_generators, **keep_c = inst.context_generators;
    slong keep_n = inst.num_generators;
    bare.token_generators = bare.context_generators = NULL;
    bare.num_generators = 0;
    expect(pc_instance_set_symmetry(&bare, (const slong *const *) found.token_generators,
                                    (const slong *const *) found.context_generators,
                                    found.num_generators, &msg) == PC_OK,
           "discovered generators pass the exact invariance check", name);
    for (slong g = 0; g < bare.num_generators; g++) {
        free(bare.token_generators[g]);
        free(bare.context_generators[g]);
    }
    free(bare.token_generators);
    free(bare.context_generators);
    inst.token_generators = keep_t;
    inst.context_generators = keep_c;
    inst.num_generators = keep_n;
    fmpz_clear(both);
    free(sig);
    free(tau);
    pc_symmetry_clear(&found);
    pc_symmetry_clear(&given);
    pc_instance_clear(&inst);
    fmpq_clear(one);
}

/* Dense targets P[t(i)][s(k)] = q[k - i] over Z_a x Z_b with random relabellings s, t and
 * random positive weights (generic q). */
static void hidden_product(pc_instance_t *inst, slong a, slong b, ulong seed)
{
    slong n = a * b;
    ulong state = seed;
    slong *s = malloc((size_t) n * sizeof *s), *t = malloc((size_t) n * sizeof *t);
    fmpq *q = _fmpq_vec_init(n);
    fmpz_t total;
    fmpz_init(total);
    for (slong m = 0; m < n; m++) {
        fmpq_set_si(q + m, (slong) (1 + lcg(&state) % 1000), 1);
        fmpz_add(total, total, fmpq_numref(q + m));
    }
    for (slong m = 0; m < n; m++) fmpq_div_fmpz(q + m, q + m, total);
    shuffle(s, n, &state);
    shuffle(t, n, &state);
    pc_instance_init(inst);
    inst->tokens = inst->contexts = n;
    inst->dim = n - 1;
    fmpq_one(inst->E_W);
    fmpq_one(inst->E_H);
    inst->form = PC_TARGETS_DENSE;
    inst->dense = _fmpq_vec_init(n * n);
    for (slong i = 0; i < n; i++)
        for (slong k = 0; k < n; k++) {
            slong d = ((k / b - i / b + a) % a) * b + (k % b - i % b + b) % b;
            fmpq_set(inst->dense + t[i] * n + s[k], q + d);
        }
    _fmpq_vec_clear(q, n);
    fmpz_clear(total);
    free(s);
    free(t);
}

static void test_hidden_and_trivial(void)
{
    pc_instance_t inst;
    pc_symmetry_t sym;
    pc_msg_t msg;
    hidden_product(&inst, 3, 4, 11);
    pc_symmetry_init(&sym);
    expect(pc_symmetry_discover(&sym, &inst, 20.0, &msg) == PC_OK, "search completes", "hidden Z3xZ4");
    expect(sym.has_order && fmpz_cmp_si(sym.order, 12) == 0, "order 12", "hidden Z3xZ4");
    expect(sym.token_orbits == 1 && sym.context_orbits == 1, "transitive on both sides",
           "hidden Z3xZ4");
    expect(sym.token_two_transitive == 0, "not 2-transitive", "hidden Z3xZ4");
    pc_symmetry_clear(&sym);
    pc_instance_clear(&inst);

    /* random weights 1..1000: distinct rows and columns, no symmetry */
    ulong state = 5;
    slong V = 7, N = 9;
    pc_instance_init(&inst);
    inst.tokens = V;
    inst.contexts = N;
    inst.dim = V - 1;
    fmpq_one(inst.E_W);
    fmpq_one(inst.E_H);
    inst.form = PC_TARGETS_DENSE;
    inst.dense = _fmpq_vec_init(N * V);
    for (slong i = 0; i < N; i++) {
        fmpz_t total;
        fmpz_init(total);
        for (slong k = 0; k < V; k++) {
            fmpq_set_si(inst.dense + i * V + k, (slong) (1 + lcg(&state) % 1000), 1);
            fmpz_add(total, total, fmpq_numref(inst.dense + i * V + k));
        }
        for (slong k = 0; k < V; k++)
            fmpq_div_fmpz(inst.dense + i * V + k, inst.dense + i * V + k, total);
        fmpz_clear(total);
    }
    pc_symmetry_init(&sym);
    expect(pc_symmetry_discover(&sym, &inst, 20.0, &msg) == PC_OK, "search completes", "random 7x9");
    expect(sym.num_generators == 0 && sym.has_order && fmpz_is_one(sym.order),
           "trivial group", "random 7x9");
    expect(sym.token_orbits == V && sym.context_orbits == N, "orbits are points", "random 7x9");
    /* prepare attaches nothing for the trivial group */
    expect(pc_symmetry_prepare(&sym, &inst, &msg) == PC_OK && inst.token_generators == NULL,
           "no symmetry attached", "random 7x9");
    /* a time limit of 0 stops the search and says so. Traces (nauty 2.8.6) leaks a few hundred
       bytes of its own when it is interrupted, so the sanitizer build skips this case. */
    pc_symmetry_clear(&sym);
    pc_symmetry_init(&sym);
    pc_instance_clear(&inst);
    hidden_product(&inst, 5, 6, 3);
    if (getenv("PEELCERT_SANITIZED") == NULL) {
        pc_status_t st = pc_symmetry_discover(&sym, &inst, 0.0, &msg);
        expect(st == PC_NOT_PROVED ? sym.num_generators == 0 && sym.note[0] != '\0'
                                   : st == PC_OK && fmpz_cmp_si(sym.order, 30) == 0,
               "a zero time limit stops with a note (or the search was already done)", "limit");
    }
    pc_symmetry_clear(&sym);
    pc_instance_clear(&inst);
}

int main(void)
{
    test_family_orders();
    test_product_order();
    test_discover_family(PC_GROUP_SYMMETRIC, 5, PC_GROUP_CONTEXTS_SAME);
    test_discover_family(PC_GROUP_ALTERNATING, 6, PC_GROUP_CONTEXTS_SAME);
    test_discover_family(PC_GROUP_AFFINE, 7, PC_GROUP_CONTEXTS_PAIRS);
    test_discover_family(PC_GROUP_PSL2, 5, PC_GROUP_CONTEXTS_PAIRS);
    test_discover_family(PC_GROUP_DIHEDRAL, 6, PC_GROUP_CONTEXTS_SAME);
    test_discover_family(PC_GROUP_DIHEDRAL, 5, PC_GROUP_CONTEXTS_PAIRS);
    test_discover_family(PC_GROUP_CYCLIC, 9, PC_GROUP_CONTEXTS_SAME);
    test_hidden_and_trivial();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
