/* The group module computed two ways (group.h, SPEC 5, 5b).
 *
 * For small degrees the whole group is enumerated by closure (BFS over products
 * with the generators) and orbits, orbitals, 2-transitivity and the group average
 * are recomputed from the elements; the library never enumerates and must agree.
 * Group orders by closure check the family generators against n!, n!/2, n, 2n,
 * p(p-1), q(q^2-1)/2. Instances are built by hand (no dependency on src/instance). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/group.h"

static int passed, failed;

static void expect(int ok, const char *what, const char *name)
{
    if (ok) passed++;
    else {
        failed++;
        printf("FAIL %s: %s\n", name, what);
    }
}

/* Vector helpers (FLINT 2.9 has no _fmpq_vec_equal/_sum/_set). */
static int qvec_equal(const fmpq *a, const fmpq *b, slong n)
{
    for (slong x = 0; x < n; x++) if (!fmpq_equal(a + x, b + x)) return 0;
    return 1;
}

static void qvec_sum(fmpq_t out, const fmpq *a, slong n)
{
    fmpq_zero(out);
    for (slong x = 0; x < n; x++) fmpq_add(out, out, a + x);
}

static void qvec_set(fmpq *out, const fmpq *a, slong n)
{
    for (slong x = 0; x < n; x++) fmpq_set(out + x, a + x);
}

/* ---- a tiny deterministic random stream (tests only) ---- */
static ulong test_state = 12345;
static ulong test_random(ulong bound)
{
    test_state = test_state * 6364136223846793005UL + 1442695040888963407UL;
    return (test_state >> 33) % bound;
}

static void random_permutation(slong *perm, slong n)
{
    for (slong x = 0; x < n; x++) perm[x] = x;
    for (slong x = n - 1; x > 0; x--) {
        slong y = (slong) test_random((ulong) x + 1), t = perm[x];
        perm[x] = perm[y];
        perm[y] = t;
    }
}

/* ---- brute force: the full group by closure ---- */
typedef struct {
    slong degree, order, alloc;
    slong *elements;            /* order x degree */
} closure_t;

static slong closure_find(const closure_t *C, const slong *perm)
{
    for (slong e = 0; e < C->order; e++)
        if (memcmp(C->elements + e * C->degree, perm, (size_t) C->degree * sizeof *perm) == 0)
            return e;
    return -1;
}

static void closure_add(closure_t *C, const slong *perm)
{
    if (C->order == C->alloc) {
        C->alloc = 2 * C->alloc + 16;
        C->elements = realloc(C->elements, (size_t) (C->alloc * C->degree) * sizeof(slong));
    }
    memcpy(C->elements + C->order * C->degree, perm, (size_t) C->degree * sizeof *perm);
    C->order++;
}

/* All products of generators (a finite group is closed under products alone). */
static void closure_compute(closure_t *C, const slong *const *gens, slong num_generators,
                            slong degree)
{
    C->degree = degree;
    C->order = 0;
    C->alloc = 0;
    C->elements = NULL;
    slong *perm = malloc((size_t) degree * sizeof *perm);
    for (slong x = 0; x < degree; x++) perm[x] = x;
    closure_add(C, perm);
    for (slong e = 0; e < C->order; e++)
        for (slong g = 0; g < num_generators; g++) {
            for (slong x = 0; x < degree; x++) perm[x] = gens[g][C->elements[e * degree + x]];
            if (closure_find(C, perm) < 0) closure_add(C, perm);
        }
    free(perm);
}

static void closure_clear(closure_t *C)
{
    free(C->elements);
}

/* An element of the token group acting on contexts of `kind`. */
static slong context_image(const slong *sigma, slong i, slong V, pc_group_contexts_t kind)
{
    if (kind == PC_GROUP_CONTEXTS_SAME) return sigma[i];
    slong u, v;
    pc_group_pair_from_index(&u, &v, i, V);
    return pc_group_pair_index(sigma[u], sigma[v], V);
}

/* Orbits on [rows] x [cols] from the elements: orbit of x = {g x}, numbered by smallest point.
 * row_kind/col_kind: -1 = the token action itself, otherwise a context kind. */
static slong *brute_pair_orbits(slong *num_orbits, const closure_t *C, slong rows, int row_kind,
                                slong cols, int col_kind)
{
    slong V = C->degree, size = rows * cols, count = 0;
    slong *id = malloc((size_t) size * sizeof *id);
    for (slong x = 0; x < size; x++) id[x] = -1;
    for (slong x = 0; x < size; x++) {
        if (id[x] >= 0) continue;
        slong r = x / cols, c = x % cols;
        for (slong e = 0; e < C->order; e++) {
            const slong *sigma = C->elements + e * V;
            slong gr = row_kind < 0 ? sigma[r] : context_image(sigma, r, V, row_kind);
            slong gc = col_kind < 0 ? sigma[c] : context_image(sigma, c, V, col_kind);
            id[gr * cols + gc] = count;
        }
        count++;
    }
    *num_orbits = count;
    return id;
}

static int same_orbits(const pc_group_orbits_t *orb, const slong *id, slong num_orbits)
{
    if (orb->num_orbits != num_orbits) return 0;
    for (slong x = 0; x < orb->size; x++)
        if (orb->orbit_id[x] != id[x]) return 0;
    return 1;
}

#define CG(G) ((const slong *const *) (G).generators)

/* ---- orbits and orbitals against brute force ---- */
static void test_orbitals_family(pc_group_family_t family, slong n, pc_group_contexts_t kind)
{
    char name[96];
    snprintf(name, sizeof name, "orbitals %s %ld %s", pc_group_family_name(family), (long) n,
             kind == PC_GROUP_CONTEXTS_SAME ? "same" : "pairs");
    pc_msg_t msg;
    pc_group_t tok, ctx;
    pc_group_init(&tok, 0);
    pc_group_init(&ctx, 0);
    int ok = pc_group_family(&tok, family, n, &msg) == PC_OK
             && pc_group_context_action(&ctx, &tok, kind, &msg) == PC_OK;
    expect(ok, "family and context action built", name);
    if (!ok) { printf("  %s\n", msg.text); goto done; }
    slong V = tok.degree, N = ctx.degree, ng = tok.num_generators;
    closure_t C;
    closure_compute(&C, CG(tok), ng, V);
    struct { slong rows, cols; int rk, ck; const char *what; } cases[] = {
        { V, N, -1, (int) kind, "[V] x [N]" },
        { N, V, (int) kind, -1, "[N] x [V]" },
        { V, V, -1, -1, "[V] x [V]" },
        { N, N, (int) kind, (int) kind, "[N] x [N]" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const slong *const *rg = cases[c].rk < 0 ? CG(tok) : CG(ctx);
        const slong *const *cg = cases[c].ck < 0 ? CG(tok) : CG(ctx);
        pc_group_orbits_t orb;
        pc_group_orbits_init(&orb);
        pc_status_t st = pc_group_pair_orbits(&orb, rg, cases[c].rows, cg, cases[c].cols, ng, &msg);
        slong count;
        slong *id = brute_pair_orbits(&count, &C, cases[c].rows, cases[c].rk, cases[c].cols,
                                      cases[c].ck);
        char what[160];
        snprintf(what, sizeof what, "%s orbits equal brute force (%ld orbits)", cases[c].what,
                 (long) count);
        expect(st == PC_OK && same_orbits(&orb, id, count), what, name);
        slong total = 0;
        for (slong o = 0; o < orb.num_orbits; o++) total += orb.orbit_size[o];
        expect(total == orb.size, "orbit sizes add up", name);
        free(id);
        pc_group_orbits_clear(&orb);
    }
    /* orbits on points (tokens, then contexts) against the elements */
    for (int side = 0; side < 2; side++) {
        slong size = side == 0 ? V : N, count = 0;
        slong *id = malloc((size_t) size * sizeof *id);
        for (slong x = 0; x < size; x++) id[x] = -1;
        for (slong x = 0; x < size; x++) {
            if (id[x] >= 0) continue;
            for (slong e = 0; e < C.order; e++) {
                const slong *sigma = C.elements + e * V;
                id[side == 0 ? sigma[x] : context_image(sigma, x, V, kind)] = count;
            }
            count++;
        }
        pc_group_orbits_t pts;
        pc_group_orbits_init(&pts);
        pc_status_t st = pc_group_orbits(&pts, side == 0 ? CG(tok) : CG(ctx), ng, size, &msg);
        expect(st == PC_OK && same_orbits(&pts, id, count),
               side == 0 ? "token orbits equal brute force" : "context orbits equal brute force",
               name);
        if (side == 0) expect(count == 1, "family is transitive on tokens", name);
        pc_group_orbits_clear(&pts);
        free(id);
    }
    closure_clear(&C);
done:
    pc_group_clear(&tok);
    pc_group_clear(&ctx);
}

/* Random generator sets on up to 6 points: orbits on points and ordered pairs, by hundreds. */
static void test_orbits_random(void)
{
    int bad = 0;
    for (int trial = 0; trial < 300; trial++) {
        slong n = 1 + (slong) test_random(6), ng = (slong) test_random(4);
        pc_group_t G;
        pc_group_init(&G, n);
        slong perm[6];
        for (slong g = 0; g < ng; g++) {
            random_permutation(perm, n);
            /* sometimes a small-support permutation, so that orbits split */
            if (test_random(2)) {
                for (slong x = 0; x < n; x++) perm[x] = x;
                slong a = (slong) test_random((ulong) n), b = (slong) test_random((ulong) n);
                perm[a] = b;
                perm[b] = a;
            }
            pc_group_add_generator(&G, perm);
        }
        closure_t C;
        closure_compute(&C, CG(G), ng, n);
        pc_msg_t msg;
        pc_group_orbits_t orb;
        pc_group_orbits_init(&orb);
        slong count;
        slong *id = brute_pair_orbits(&count, &C, n, -1, n, -1);
        if (pc_group_pair_orbits(&orb, CG(G), n, CG(G), n, ng, &msg) != PC_OK
            || !same_orbits(&orb, id, count)) bad++;
        int two;
        pc_group_is_two_transitive(&two, CG(G), ng, n, &msg);
        if (two != (n >= 2 && count == 2)) bad++;
        free(id);
        pc_group_orbits_clear(&orb);
        closure_clear(&C);
        pc_group_clear(&G);
    }
    expect(bad == 0, "300 random generator sets: pair orbits and 2-transitivity equal brute force",
           "orbits random");
}

/* ---- group orders by closure ---- */
static void test_order(pc_group_family_t family, slong n, slong expected)
{
    char name[64], what[96];
    snprintf(name, sizeof name, "order %s %ld", pc_group_family_name(family), (long) n);
    pc_msg_t msg;
    pc_group_t G;
    pc_group_init(&G, 0);
    pc_status_t st = pc_group_family(&G, family, n, &msg);
    closure_t C;
    closure_compute(&C, CG(G), G.num_generators, G.degree);
    snprintf(what, sizeof what, "closure has %ld elements, expected %ld", (long) C.order,
             (long) expected);
    expect(st == PC_OK && C.order == expected, what, name);
    closure_clear(&C);
    pc_group_clear(&G);
}

static void test_orders(void)
{
    slong fact = 1;
    for (slong n = 2; n <= 6; n++) {
        fact *= n;
        test_order(PC_GROUP_SYMMETRIC, n, fact);
        if (n >= 3) test_order(PC_GROUP_ALTERNATING, n, fact / 2);
        test_order(PC_GROUP_CYCLIC, n, n);
        if (n >= 3) test_order(PC_GROUP_DIHEDRAL, n, 2 * n);
    }
    test_order(PC_GROUP_SYMMETRIC, 7, 5040);
    test_order(PC_GROUP_ALTERNATING, 7, 2520);
    slong primes[] = { 2, 3, 5, 7, 11 };
    for (int j = 0; j < 5; j++) {
        slong p = primes[j];
        test_order(PC_GROUP_AFFINE, p, p * (p - 1));
        if (p <= 7) test_order(PC_GROUP_PSL2, p, p == 2 ? 6 : p * (p * p - 1) / 2);
    }
}

/* ---- transitivity and 2-transitivity ---- */
static void test_two_transitive_family(pc_group_family_t family, slong n, int expected)
{
    char name[64];
    snprintf(name, sizeof name, "2-transitive %s %ld", pc_group_family_name(family), (long) n);
    pc_msg_t msg;
    pc_group_t G, P;
    pc_group_init(&G, 0);
    pc_group_init(&P, 0);
    int two = -1;
    pc_status_t st = pc_group_family(&G, family, n, &msg);
    if (st == PC_OK) st = pc_group_is_two_transitive(&two, CG(G), G.num_generators, G.degree, &msg);
    expect(st == PC_OK && two == expected, expected ? "is 2-transitive" : "is not 2-transitive",
           name);
    expect(pc_group_is_transitive(CG(G), G.num_generators, G.degree, &msg) == 1, "is transitive",
           name);
    /* 2-transitive iff transitive on ordered pairs of distinct tokens (the pair contexts) */
    if (G.degree <= 60 && pc_group_context_action(&P, &G, PC_GROUP_CONTEXTS_PAIRS, &msg) == PC_OK)
        expect(pc_group_is_transitive(CG(P), P.num_generators, P.degree, &msg) == expected,
               "transitive on pair contexts iff 2-transitive", name);
    pc_group_clear(&G);
    pc_group_clear(&P);
}

static void test_two_transitivity(void)
{
    for (slong n = 2; n <= 9; n++) {
        test_two_transitive_family(PC_GROUP_SYMMETRIC, n, 1);
        if (n >= 4) test_two_transitive_family(PC_GROUP_ALTERNATING, n, 1);
        if (n >= 4) test_two_transitive_family(PC_GROUP_CYCLIC, n, 0);
        if (n >= 5) test_two_transitive_family(PC_GROUP_DIHEDRAL, n, 0);
    }
    test_two_transitive_family(PC_GROUP_ALTERNATING, 3, 0);
    test_two_transitive_family(PC_GROUP_CYCLIC, 3, 0);
    test_two_transitive_family(PC_GROUP_DIHEDRAL, 3, 1);     /* D_3 = S_3 */
    test_two_transitive_family(PC_GROUP_DIHEDRAL, 4, 0);
    slong primes[] = { 2, 3, 5, 7, 11, 13, 31, 101 };
    for (int j = 0; j < 8; j++) {
        test_two_transitive_family(PC_GROUP_AFFINE, primes[j], 1);
        test_two_transitive_family(PC_GROUP_PSL2, primes[j], 1);
    }
    /* large: degree 1999 (about 4e6 ordered pairs, the dense limit) */
    test_two_transitive_family(PC_GROUP_AFFINE, 1999, 1);
    test_two_transitive_family(PC_GROUP_CYCLIC, 1999, 0);

    pc_msg_t msg;
    int two = 1;
    pc_group_t G;
    pc_group_init(&G, 0);
    pc_group_family(&G, PC_GROUP_CYCLIC, 2001, &msg);
    pc_status_t st = pc_group_is_two_transitive(&two, CG(G), G.num_generators, G.degree, &msg);
    expect(st == PC_BAD_INPUT && two == 0 && strstr(msg.text, "dense orbital limit") != NULL,
           "degree 2001 refused (pairs over the dense limit)", "2-transitive limit");
    pc_group_clear(&G);
    pc_group_init(&G, 1);
    st = pc_group_is_two_transitive(&two, CG(G), 0, 1, &msg);
    expect(st == PC_OK && two == 0, "one point is not 2-transitive", "2-transitive degree 1");
    slong swap01[3] = { 1, 0, 2 };
    pc_group_clear(&G);
    pc_group_init(&G, 3);
    pc_group_add_generator(&G, swap01);
    expect(pc_group_is_transitive(CG(G), 1, 3, &msg) == 0, "(0 1) on 3 points is not transitive",
           "transitive");
    slong bad[3] = { 0, 5, 1 };
    pc_group_add_generator(&G, bad);
    expect(pc_group_is_transitive(CG(G), 2, 3, &msg) == -1 && strstr(msg.text, "maps 1 to 5"),
           "image out of range refused", "transitive");
    pc_group_clear(&G);
}

/* ---- averaging ---- */
static void random_fmpq_vec(fmpq *v, slong n)
{
    for (slong x = 0; x < n; x++)
        fmpq_set_si(v + x, (slong) test_random(41) - 20, 1 + test_random(9));
}

/* Group average computed from the elements: (1/|G|) sum_g M[g r][g c]. */
static void brute_average(fmpq *out, const fmpq *M, const closure_t *C, slong rows, int rk,
                          slong cols, int ck)
{
    slong V = C->degree;
    fmpz_t order;
    fmpz_init_set_si(order, C->order);
    for (slong r = 0; r < rows; r++)
        for (slong c = 0; c < cols; c++) {
            fmpq *o = out + r * cols + c;
            fmpq_zero(o);
            for (slong e = 0; e < C->order; e++) {
                const slong *sigma = C->elements + e * V;
                slong gr = rk < 0 ? sigma[r] : context_image(sigma, r, V, rk);
                slong gc = ck < 0 ? sigma[c] : context_image(sigma, c, V, ck);
                fmpq_add(o, o, M + gr * cols + gc);
            }
            fmpq_div_fmpz(o, o, order);
        }
    fmpz_clear(order);
}

static void test_average_family(pc_group_family_t family, slong n, pc_group_contexts_t kind)
{
    char name[96];
    snprintf(name, sizeof name, "average %s %ld %s", pc_group_family_name(family), (long) n,
             kind == PC_GROUP_CONTEXTS_SAME ? "same" : "pairs");
    pc_msg_t msg;
    pc_group_t tok, ctx;
    pc_group_init(&tok, 0);
    pc_group_init(&ctx, 0);
    pc_group_family(&tok, family, n, &msg);
    pc_group_context_action(&ctx, &tok, kind, &msg);
    slong V = tok.degree, N = ctx.degree, ng = tok.num_generators, size = V * N;
    closure_t C;
    closure_compute(&C, CG(tok), ng, V);
    pc_group_orbits_t orb;
    pc_group_orbits_init(&orb);
    pc_group_pair_orbits(&orb, CG(tok), V, CG(ctx), N, ng, &msg);   /* Z layout, k*N + i */
    fmpq *Z = _fmpq_vec_init(size), *A = _fmpq_vec_init(size), *B = _fmpq_vec_init(size);
    fmpq_t s1, s2;
    fmpq_init(s1);
    fmpq_init(s2);
    double *D = malloc((size_t) size * sizeof *D);
    int bad_brute = 0, bad_inv = 0, bad_idem = 0, bad_sum = 0, bad_double = 0, bad_alias = 0;
    for (int trial = 0; trial < 5; trial++) {
        random_fmpq_vec(Z, size);
        pc_group_average_fmpq(A, Z, &orb);
        brute_average(B, Z, &C, V, -1, N, (int) kind);
        if (!qvec_equal(A, B, size)) bad_brute++;
        /* invariance: Z[sigma(k)][tau(i)] == Z[k][i], by the check with rows = tokens */
        if (pc_group_check_invariant(A, V, N, CG(tok), CG(ctx), ng, &msg) != PC_OK) bad_inv++;
        pc_group_average_fmpq(B, A, &orb);
        if (!qvec_equal(A, B, size)) bad_idem++;
        qvec_sum(s1, Z, size);
        qvec_sum(s2, A, size);
        if (!fmpq_equal(s1, s2)) bad_sum++;
        for (slong x = 0; x < size; x++) D[x] = fmpq_get_d(Z + x);
        pc_group_average_double(D, D, &orb);
        for (slong x = 0; x < size; x++) {
            double exact = fmpq_get_d(A + x), err = D[x] - exact;
            if (err > 1e-12 || err < -1e-12) { bad_double++; break; }
            for (slong y = 0; y < x; y++)  /* equal within an orbit, exactly */
                if (orb.orbit_id[y] == orb.orbit_id[x] && D[y] != D[x]) { bad_double++; break; }
        }
        qvec_set(B, Z, size);
        pc_group_average_fmpq(B, B, &orb);
        if (!qvec_equal(A, B, size)) bad_alias++;
    }
    expect(bad_brute == 0, "orbital mean equals the group average over all elements", name);
    expect(bad_inv == 0, "average is invariant (exact check)", name);
    expect(bad_idem == 0, "averaging is idempotent", name);
    expect(bad_sum == 0, "averaging keeps the total", name);
    expect(bad_double == 0, "double average: invariant and within 1e-12 of exact", name);
    expect(bad_alias == 0, "out may alias in", name);
    _fmpq_vec_clear(Z, size);
    _fmpq_vec_clear(A, size);
    _fmpq_vec_clear(B, size);
    fmpq_clear(s1);
    fmpq_clear(s2);
    free(D);
    pc_group_orbits_clear(&orb);
    closure_clear(&C);
    pc_group_clear(&tok);
    pc_group_clear(&ctx);
}

/* ---- invariance check ---- */
static void test_invariance_check(void)
{
    const char *name = "invariance check";
    pc_msg_t msg;
    pc_group_t G;
    pc_group_init(&G, 0);
    pc_group_family(&G, PC_GROUP_CYCLIC, 4, &msg);
    /* circulant P[i][k] = q[(k - i) mod 4], q = (1/2, 1/4, 1/8, 1/8): invariant */
    fmpq *P = _fmpq_vec_init(16);
    slong den[4] = { 2, 4, 8, 8 };
    for (slong i = 0; i < 4; i++)
        for (slong k = 0; k < 4; k++) fmpq_set_si(P + i * 4 + k, 1, (ulong) den[(k - i + 4) % 4]);
    expect(pc_group_check_invariant(P, 4, 4, CG(G), CG(G), 1, &msg) == PC_OK,
           "circulant accepted under C_4", name);
    fmpq_set_si(P + 2 * 4 + 3, 1, 3);       /* break it at (2, 3): first seen from (1, 2) */
    pc_status_t st = pc_group_check_invariant(P, 4, 4, CG(G), CG(G), 1, &msg);
    expect(st == PC_BAD_INPUT, "perturbed matrix rejected", name);
    expect(strstr(msg.text, "generator 0") != NULL
           && strstr(msg.text, "targets[1][2] = 1/4 but targets[2][3] = 1/3") != NULL,
           "message names generator 0 and the first failing (i, k) = (1, 2) with both values",
           name);
    if (st != PC_BAD_INPUT || strstr(msg.text, "targets[1][2]") == NULL)
        printf("  message: %s\n", msg.text);
    /* a second generator that is violated, the first one fine */
    fmpq_set_si(P + 2 * 4 + 3, 1, 4);      /* restored: q[(3 - 2) mod 4] = 1/4 */
    slong flip[4] = { 0, 3, 2, 1 };         /* k -> -k: circulant with q_1 != q_3 is not invariant */
    pc_group_add_generator(&G, flip);
    st = pc_group_check_invariant(P, 4, 4, CG(G), CG(G), 2, &msg);
    expect(st == PC_BAD_INPUT && strstr(msg.text, "generator 1") != NULL
           && strstr(msg.text, "targets[0][1]") != NULL,
           "reflection rejected, naming generator 1 and (0, 1)", name);
    slong notperm[4] = { 9, 1, 2, 3 };
    pc_group_add_generator(&G, notperm);
    st = pc_group_check_invariant(P, 4, 4, CG(G) + 2, CG(G), 1, &msg);
    expect(st == PC_BAD_INPUT && strstr(msg.text, "symmetry.contexts[0][0] = 9") != NULL,
           "out-of-range context image refused", name);
    _fmpq_vec_clear(P, 16);
    pc_group_clear(&G);

    slong rep[3] = { 0, 2, 2 }, out[3] = { 0, 3, 1 }, ok[3] = { 2, 0, 1 };
    expect(pc_group_check_permutation(ok, 3, "g", &msg) == PC_OK, "a 3-cycle is a permutation",
           "check permutation");
    expect(pc_group_check_permutation(rep, 3, "g", &msg) == PC_BAD_INPUT
           && strstr(msg.text, "g[2] = 2: image repeated") != NULL, "repeated image refused",
           "check permutation");
    expect(pc_group_check_permutation(out, 3, "g", &msg) == PC_BAD_INPUT
           && strstr(msg.text, "g[1] = 3") != NULL, "out of range refused", "check permutation");
}

/* ---- families: primes, primitive roots, pair indices, refusals ---- */
static void test_families_misc(void)
{
    const char *name = "families";
    int bad = 0;
    for (slong p = 0; p < 500; p++) {
        int prime = p >= 2;
        for (slong d = 2; d * d <= p; d++) if (p % d == 0) prime = 0;
        if (pc_group_is_prime(p) != prime) bad++;
        if (!prime || p == 2) continue;
        slong g = pc_group_primitive_root(p), smallest = 0;
        for (slong a = 2; a < p && smallest == 0; a++) {
            slong x = 1, order = 0;
            do { x = x * a % p; order++; } while (x != 1);
            if (order == p - 1) smallest = a;
        }
        if (g != smallest) bad++;
    }
    expect(bad == 0, "primality and smallest primitive roots below 500 match brute force", name);
    bad = 0;
    for (slong V = 2; V <= 7; V++)
        for (slong i = 0; i < V * (V - 1); i++) {
            slong u, v;
            pc_group_pair_from_index(&u, &v, i, V);
            if (u == v || u < 0 || v < 0 || u >= V || v >= V || pc_group_pair_index(u, v, V) != i)
                bad++;
            if (i > 0) {
                slong pu, pv;
                pc_group_pair_from_index(&pu, &pv, i - 1, V);
                if (pu > u || (pu == u && pv >= v)) bad++;   /* lexicographic */
            }
        }
    expect(bad == 0, "pair index is a lexicographic bijection", name);
    pc_msg_t msg;
    pc_group_t G;
    pc_group_init(&G, 0);
    expect(pc_group_family(&G, PC_GROUP_AFFINE, 9, &msg) == PC_BAD_INPUT
           && strstr(msg.text, "9 is not prime") != NULL, "AGL(1, 9) refused", name);
    expect(pc_group_family(&G, PC_GROUP_PSL2, 1, &msg) == PC_BAD_INPUT, "PSL(2, 1) refused", name);
    expect(pc_group_family(&G, PC_GROUP_ALTERNATING, 2, &msg) == PC_BAD_INPUT
           && strstr(msg.text, "need n >= 3") != NULL, "A_2 refused", name);
    expect(pc_group_family(&G, (pc_group_family_t) 17, 5, &msg) == PC_BAD_INPUT,
           "unknown family refused", name);
    pc_group_family_t f;
    int names_ok = 1;
    for (int j = 0; j <= 5; j++)
        if (pc_group_family_from_name(&f, pc_group_family_name((pc_group_family_t) j)) != 0
            || (int) f != j) names_ok = 0;
    expect(names_ok && pc_group_family_from_name(&f, "S5") == -1, "family names round-trip", name);
    /* PSL(2, 7): -1/x sends 0 to infinity = 7 and 3 to -5 = 2 (3 * 5 = 15 = 1 mod 7) */
    pc_group_family(&G, PC_GROUP_PSL2, 7, &msg);
    const slong *s = G.generators[G.num_generators - 1];
    expect(G.degree == 8 && s[0] == 7 && s[7] == 0 && s[3] == 2 && s[1] == 6,
           "PSL(2, 7) inversion generator", name);
    pc_group_clear(&G);
}

/* ---- the instance generator (instances built and freed here, not by src/instance) ---- */
static void test_instance_init(pc_instance_t *inst)
{
    memset(inst, 0, sizeof *inst);
    fmpq_init(inst->E_W);
    fmpq_init(inst->E_H);
    fmpq_init(inst->alpha);
}

static void test_instance_clear(pc_instance_t *inst)
{
    free(inst->name);
    if (inst->dense != NULL) _fmpq_vec_clear(inst->dense, inst->contexts * inst->tokens);
    for (slong g = 0; g < inst->num_generators; g++) {
        free(inst->token_generators[g]);
        free(inst->context_generators[g]);
    }
    free(inst->token_generators);
    free(inst->context_generators);
    fmpq_clear(inst->E_W);
    fmpq_clear(inst->E_H);
    fmpq_clear(inst->alpha);
}

static int rows_stochastic(const pc_instance_t *inst)
{
    fmpq_t sum;
    fmpq_init(sum);
    int ok = 1;
    for (slong i = 0; i < inst->contexts && ok; i++) {
        fmpq_zero(sum);
        for (slong k = 0; k < inst->tokens; k++) {
            if (fmpq_sgn(inst->dense + i * inst->tokens + k) < 0) ok = 0;
            fmpq_add(sum, sum, inst->dense + i * inst->tokens + k);
        }
        if (!fmpq_is_one(sum)) ok = 0;
    }
    fmpq_clear(sum);
    return ok;
}

static void test_gen_instance_case(pc_group_family_t family, slong n, pc_group_contexts_t kind,
                                   pc_group_targets_t targets, int two_transitive)
{
    char name[96];
    snprintf(name, sizeof name, "gen %s %ld %s %s", pc_group_family_name(family), (long) n,
             kind == PC_GROUP_CONTEXTS_SAME ? "same" : "pairs",
             targets == PC_GROUP_TARGETS_RANDOM ? "random" : "next");
    pc_msg_t msg;
    fmpq_t ew, eh;
    fmpq_init(ew);
    fmpq_init(eh);
    fmpq_set_si(ew, 1, 1);
    fmpq_set_si(eh, 1, 2);
    pc_instance_t a, b, c;
    test_instance_init(&a);
    test_instance_init(&b);
    test_instance_init(&c);
    pc_status_t st = pc_group_gen_instance(&a, family, n, kind, targets, 7, ew, eh, &msg);
    expect(st == PC_OK, "generated", name);
    if (st != PC_OK) { printf("  %s\n", msg.text); goto done; }
    slong V = a.tokens, N = a.contexts;
    expect(a.form == PC_TARGETS_DENSE && fmpq_equal(a.E_W, ew) && fmpq_equal(a.E_H, eh)
           && a.dim == (V - 1 < N ? V - 1 : N) && !a.dim_given && a.name != NULL,
           "fields set (dense, budgets, default dim, name)", name);
    expect(N == (kind == PC_GROUP_CONTEXTS_SAME ? V : V * (V - 1)), "number of contexts", name);
    expect(rows_stochastic(&a), "rows >= 0 and sum to exactly 1", name);
    expect(pc_group_check_invariant(a.dense, N, V, (const slong *const *) a.context_generators,
                                    (const slong *const *) a.token_generators, a.num_generators,
                                    &msg) == PC_OK, "targets invariant (exact)", name);
    int two = -1;
    expect(pc_group_is_two_transitive_on_tokens(&two, &a, &msg) == PC_OK && two == two_transitive,
           "2-transitivity on tokens through the instance", name);
    pc_group_orbits_t orb;
    pc_group_orbits_init(&orb);
    expect(pc_group_instance_orbitals(&orb, &a, &msg) == PC_OK && orb.size == V * N,
           "instance orbitals on [V] x [N]", name);
    if (kind == PC_GROUP_CONTEXTS_SAME && two_transitive)   /* exchangeable: 2 orbitals */
        expect(orb.num_orbits == 2, "2-transitive, contexts = tokens: two orbitals", name);
    pc_group_orbits_clear(&orb);
    pc_group_gen_instance(&b, family, n, kind, targets, 7, ew, eh, &msg);
    expect(qvec_equal(a.dense, b.dense, V * N) && strcmp(a.name, b.name) == 0,
           "deterministic in the seed", name);
    if (targets == PC_GROUP_TARGETS_RANDOM && !(kind == PC_GROUP_CONTEXTS_SAME && two_transitive)
        && V >= 4) {
        pc_group_gen_instance(&c, family, n, kind, targets, 8, ew, eh, &msg);
        expect(!qvec_equal(a.dense, c.dense, V * N), "another seed, other targets", name);
    }
    if (targets == PC_GROUP_TARGETS_NEXT) {
        slong i = pc_group_pair_index(0, 1, V);
        fmpq_t half;
        fmpq_init(half);
        fmpq_set_si(half, V == 2 ? 3 : 1, V == 2 ? 4 : 2);
        expect(fmpq_equal(a.dense + i * V + 1, half), "next token v has its mass", name);
        fmpq_clear(half);
    }
done:
    test_instance_clear(&a);
    test_instance_clear(&b);
    test_instance_clear(&c);
    fmpq_clear(ew);
    fmpq_clear(eh);
}

static void test_gen_instance(void)
{
    struct { pc_group_family_t f; slong n; int two; } fams[] = {
        { PC_GROUP_SYMMETRIC, 4, 1 }, { PC_GROUP_ALTERNATING, 5, 1 }, { PC_GROUP_CYCLIC, 6, 0 },
        { PC_GROUP_DIHEDRAL, 5, 0 }, { PC_GROUP_AFFINE, 7, 1 }, { PC_GROUP_PSL2, 7, 1 },
        { PC_GROUP_SYMMETRIC, 2, 1 }, { PC_GROUP_PSL2, 2, 1 },
    };
    for (size_t j = 0; j < sizeof fams / sizeof fams[0]; j++) {
        test_gen_instance_case(fams[j].f, fams[j].n, PC_GROUP_CONTEXTS_SAME,
                               PC_GROUP_TARGETS_RANDOM, fams[j].two);
        test_gen_instance_case(fams[j].f, fams[j].n, PC_GROUP_CONTEXTS_PAIRS,
                               PC_GROUP_TARGETS_RANDOM, fams[j].two);
        test_gen_instance_case(fams[j].f, fams[j].n, PC_GROUP_CONTEXTS_PAIRS,
                               PC_GROUP_TARGETS_NEXT, fams[j].two);
    }
    const char *name = "gen refusals";
    pc_msg_t msg;
    fmpq_t one, zero;
    fmpq_init(one);
    fmpq_init(zero);
    fmpq_one(one);
    pc_instance_t inst;
    test_instance_init(&inst);
    expect(pc_group_gen_instance(&inst, PC_GROUP_CYCLIC, 5, PC_GROUP_CONTEXTS_SAME,
                                 PC_GROUP_TARGETS_NEXT, 1, one, one, &msg) == PC_BAD_INPUT
           && strstr(msg.text, "pair contexts") != NULL, "next targets need pairs", name);
    expect(pc_group_gen_instance(&inst, PC_GROUP_AFFINE, 15, PC_GROUP_CONTEXTS_SAME,
                                 PC_GROUP_TARGETS_RANDOM, 1, one, one, &msg) == PC_BAD_INPUT
           && strstr(msg.text, "not prime") != NULL, "AGL(1, 15) refused", name);
    expect(pc_group_gen_instance(&inst, PC_GROUP_SYMMETRIC, 200, PC_GROUP_CONTEXTS_PAIRS,
                                 PC_GROUP_TARGETS_NEXT, 1, one, one, &msg) == PC_BAD_INPUT
           && strstr(msg.text, "dense limit") != NULL, "over the dense limit refused", name);
    expect(pc_group_gen_instance(&inst, PC_GROUP_SYMMETRIC, 4, PC_GROUP_CONTEXTS_SAME,
                                 PC_GROUP_TARGETS_RANDOM, 1, zero, one, &msg) == PC_BAD_INPUT,
           "E_W = 0 refused", name);
    expect(inst.dense == NULL && inst.name == NULL && inst.token_generators == NULL,
           "refusals leave the instance untouched", name);
    test_instance_clear(&inst);
    fmpq_clear(one);
    fmpq_clear(zero);
}

int main(void)
{
    for (slong n = 2; n <= 6; n++) {
        for (int kind = 0; kind <= 1; kind++) {
            pc_group_contexts_t k = (pc_group_contexts_t) kind;
            test_orbitals_family(PC_GROUP_SYMMETRIC, n, k);
            if (n >= 3) test_orbitals_family(PC_GROUP_ALTERNATING, n, k);
            test_orbitals_family(PC_GROUP_CYCLIC, n, k);
            if (n >= 3) test_orbitals_family(PC_GROUP_DIHEDRAL, n, k);
        }
    }
    slong primes[] = { 2, 3, 5 };
    for (int j = 0; j < 3; j++)
        for (int kind = 0; kind <= 1; kind++) {
            test_orbitals_family(PC_GROUP_AFFINE, primes[j], (pc_group_contexts_t) kind);
            test_orbitals_family(PC_GROUP_PSL2, primes[j], (pc_group_contexts_t) kind);
        }
    test_orbits_random();
    test_orders();
    test_two_transitivity();
    test_average_family(PC_GROUP_SYMMETRIC, 4, PC_GROUP_CONTEXTS_PAIRS);
    test_average_family(PC_GROUP_CYCLIC, 6, PC_GROUP_CONTEXTS_SAME);
    test_average_family(PC_GROUP_DIHEDRAL, 5, PC_GROUP_CONTEXTS_PAIRS);
    test_average_family(PC_GROUP_AFFINE, 5, PC_GROUP_CONTEXTS_SAME);
    test_average_family(PC_GROUP_PSL2, 5, PC_GROUP_CONTEXTS_PAIRS);
    test_invariance_check();
    test_families_misc();
    test_gen_instance();
    printf("%d passed, %d failed\n", passed, failed);
    flint_cleanup();
    return failed != 0;
}
