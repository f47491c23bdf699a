/* The group path (reduced.h, certify_group.c; FORMAT.md kind "group") computed two ways.
 *
 *  - S_n with exchangeable dense targets against the closed form of SPEC 5b, to 30 digits
 *    (binding, interior, alpha < beta, one-hot, alpha = 0, the worked example);
 *  - 2-transitive random instances through the group path and through the dense path
 *    (pc_certify_dense directly): the certified intervals must overlap;
 *  - the interior regime: the value is the mean target entropy, Q = P, no ETF;
 *  - AGL(1, 7) on ordered pairs at 40 digits;
 *  - the certificate's exact claims recomputed by brute force on the full V x N matrices
 *    (orbital numbering of FORMAT.md, centered columns, budget, rows of Q in the simplex);
 *  - random families by the dozen with a fixed seed: gap met, exact feasibility;
 *  - a tampered primal (over budget, uncentered) is refused by the feasibility tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/certify.h"
#include "peelcert/group.h"
#include "peelcert/reduced.h"
#include "peelcert/verify.h"
#include "../../src/certify/paths.h"

static int passed, failed;

static void expect(int ok, const char *what, const char *name)
{
    if (ok) passed++;
    else {
        failed++;
        printf("FAIL %s: %s\n", name, what);
    }
}

/* A G-invariant random instance from the library's generator, budgets E_W = E_H = e. */
static void make_instance(pc_instance_t *inst, pc_group_family_t family, slong n,
                          pc_group_contexts_t kind, pc_group_targets_t targets, ulong seed,
                          slong e_num, slong e_den)
{
    fmpq_t e;
    pc_msg_t msg;
    fmpq_init(e);
    fmpq_set_si(e, e_num, e_den);
    pc_instance_init(inst);
    if (pc_group_gen_instance(inst, family, n, kind, targets, seed, e, e, &msg) != PC_OK) {
        printf("cannot build the instance: %s\n", msg.text);
        exit(1);
    }
    fmpq_clear(e);
}

/* Overwrites the S_n "same" instance's targets by alpha I + beta (J - I). */
static void set_exchangeable(pc_instance_t *inst, const fmpq_t alpha)
{
    slong n = inst->tokens;
    fmpq_t beta;
    fmpq_init(beta);
    fmpq_one(beta);
    fmpq_sub(beta, beta, alpha);
    fmpq_div_fmpz(beta, beta, (fmpz_t){n - 1});
    for (slong i = 0; i < n; i++)
        for (slong k = 0; k < n; k++)
            fmpq_set(inst->dense + i * n + k, i == k ? alpha : beta);
    fmpq_clear(beta);
}

/* SPEC 5b closed form: x* = clamp(log(alpha/beta), +-rho/(n-1)), val = -alpha x* + log(e^x* + n - 1). */
static void closed_form(arb_t val, const pc_instance_t *inst, const fmpq_t alpha, slong prec)
{
    slong n = inst->tokens;
    arb_t rho, bound, x, t;
    fmpq_t beta;
    arb_init(rho); arb_init(bound); arb_init(x); arb_init(t);
    fmpq_init(beta);
    fmpq_one(beta);
    fmpq_sub(beta, beta, alpha);
    fmpq_div_fmpz(beta, beta, (fmpz_t){n - 1});
    pc_verify_rho(rho, inst, prec);
    arb_div_si(bound, rho, n - 1, prec);
    if (fmpq_is_zero(beta)) {
        arb_set(x, bound);
    } else if (fmpq_is_zero(alpha)) {
        arb_neg(x, bound);
    } else {
        fmpq_t ratio;
        fmpq_init(ratio);
        fmpq_div(ratio, alpha, beta);
        arb_set_fmpq(x, ratio, prec);
        arb_log(x, x, prec);
        fmpq_clear(ratio);
        if (arb_gt(x, bound)) arb_set(x, bound);
        arb_neg(t, bound);
        if (arb_lt(x, t)) arb_set(x, t);
    }
    arb_exp(t, x, prec);
    arb_add_si(t, t, n - 1, prec);
    arb_log(val, t, prec);
    arb_set_fmpq(t, alpha, prec);
    arb_submul(val, t, x, prec);
    arb_clear(rho); arb_clear(bound); arb_clear(x); arb_clear(t);
    fmpq_clear(beta);
}

/* 1 iff the certified interval [lower, upper] meets the ball v. */
static int interval_meets(const pc_cert_t *cert, const arb_t v)
{
    arb_t hull;
    arb_init(hull);
    arb_union(hull, cert->lower, cert->upper, 256);
    int ok = arb_overlaps(hull, v);
    arb_clear(hull);
    return ok;
}

static pc_status_t certify(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                           slong digits)
{
    pc_certify_options_t opt;
    memset(&opt, 0, sizeof opt);
    opt.digits = digits;
    pc_msg_t msg = {{0}};
    pc_cert_init(cert, PC_CERT_DENSE);
    pc_status_t st = pc_certify(cert, rep, inst, &opt, &msg);
    if (st != PC_OK)
        printf("  (certify: %s)\n", msg.text);
    return st;
}

/* FORMAT.md kind group, re-established by brute force on the full matrices: the orbital
 * numbering is first appearance at m = k N + i (recomputed here by the definition, from
 * the orbits of the library's pair action), columns of Z sum to 0, (V-1)||Z||_F^2 <= ab,
 * rows of Q are in the simplex, and Z, Q are invariant under every generator. */
static int brute_force_claims(const pc_cert_t *cert, const pc_instance_t *inst)
{
    slong V = inst->tokens, N = inst->contexts, R = cert->num_orbitals;
    pc_group_orbits_t orb;
    pc_msg_t msg;
    int ok = 1;
    pc_group_orbits_init(&orb);
    if (pc_group_instance_orbitals(&orb, inst, &msg) != PC_OK || orb.num_orbits != R)
        ok = 0;
    /* numbering: first appearance */
    slong next = 0;
    for (slong m = 0; ok && m < V * N; m++) {
        if (orb.orbit_id[m] > next) ok = 0;
        if (orb.orbit_id[m] == next) next++;
    }
    fmpq_t s, f2, t, ab, b;
    fmpq_init(s); fmpq_init(f2); fmpq_init(t); fmpq_init(ab); fmpq_init(b);
    for (slong i = 0; ok && i < N; i++) {
        fmpq_zero(s);
        fmpq_zero(t);
        for (slong k = 0; k < V; k++) {
            const fmpq *z = cert->z_orb + orb.orbit_id[k * N + i];
            const fmpq *q = cert->q_orb + orb.orbit_id[k * N + i];
            fmpq_add(s, s, z);
            fmpq_add(t, t, q);
            fmpq_addmul(f2, z, z);
            if (fmpq_sgn(q) < 0) ok = 0;
        }
        if (!fmpq_is_zero(s) || !fmpq_is_one(t)) ok = 0;
    }
    for (slong g = 0; ok && g < inst->num_generators; g++)
        for (slong k = 0; k < V; k++)
            for (slong i = 0; i < N; i++)
                if (orb.orbit_id[k * N + i] != orb.orbit_id[inst->token_generators[g][k] * N
                                                            + inst->context_generators[g][i]])
                    ok = 0;
    pc_instance_budgets(ab, b, inst);
    fmpq_mul(ab, ab, b);
    fmpq_mul_fmpz(f2, f2, (fmpz_t){V - 1});
    if (fmpq_cmp(f2, ab) > 0) ok = 0;
    fmpq_clear(s); fmpq_clear(f2); fmpq_clear(t); fmpq_clear(ab); fmpq_clear(b);
    pc_group_orbits_clear(&orb);
    return ok;
}

static void test_exchangeable_closed_forms(void)
{
    /* (n, alpha, E): worked example, interior, alpha < beta, one-hot, alpha = 0 */
    struct { slong n, an, ad, en, ed; const char *name; } cases[] = {
        {5, 3, 5, 1, 1, "worked example n=5 alpha=3/5"},
        {5, 3, 10, 50, 1, "interior n=5 alpha=3/10 E=50"},
        {6, 1, 20, 1, 1, "alpha < beta n=6"},
        {4, 1, 1, 2, 1, "one-hot n=4"},
        {7, 0, 1, 1, 2, "alpha = 0 n=7"},
        {3, 1, 3, 1, 1, "uniform n=3 (Z = 0)"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        pc_instance_t inst;
        pc_cert_t cert;
        pc_certify_report_t rep;
        fmpq_t alpha;
        arb_t val;
        make_instance(&inst, PC_GROUP_SYMMETRIC, cases[c].n, PC_GROUP_CONTEXTS_SAME,
                      PC_GROUP_TARGETS_RANDOM, 7, cases[c].en, cases[c].ed);
        fmpq_init(alpha);
        arb_init(val);
        fmpq_set_si(alpha, cases[c].an, cases[c].ad);
        set_exchangeable(&inst, alpha);
        pc_status_t st = certify(&cert, &rep, &inst, 30);
        closed_form(val, &inst, alpha, 256);
        expect(st == PC_OK, "certifies to 30 digits", cases[c].name);
        expect(strcmp(rep.path, "group") == 0 && cert.kind == PC_CERT_GROUP,
               "goes through the group path", cases[c].name);
        expect(interval_meets(&cert, val), "closed form inside the certified interval",
               cases[c].name);
        expect(pc_verify_gap_at_most(cert.upper, cert.lower, 30, 256), "gap <= 1e-30",
               cases[c].name);
        expect(brute_force_claims(&cert, &inst), "exact claims hold on the full matrices",
               cases[c].name);
        int interior = c == 1 || c == 5;
        expect(cert.regime == (interior ? PC_REGIME_INTERIOR : PC_REGIME_BINDING),
               "regime as predicted by SPEC 5b", cases[c].name);
        expect(interior ? cert.structure == PC_STRUCTURE_GROUP_INVARIANT && !cert.has_gram
                        : cert.structure == PC_STRUCTURE_SIMPLEX_ETF,
               "simplex ETF exactly in the binding regime", cases[c].name);
        if (c == 0) {
            arb_t ref;
            arb_init(ref);
            arb_set_str(ref, "1.26361458519405 +/- 1e-14", 128);
            expect(arb_overlaps(ref, cert.lower), "worked example 1.26361458519405...",
                   cases[c].name);
            arb_clear(ref);
        }
        pc_cert_clear(&cert);
        pc_instance_clear(&inst);
        fmpq_clear(alpha);
        arb_clear(val);
    }
}

static void test_group_vs_dense(void)
{
    struct { pc_group_family_t f; slong n; pc_group_contexts_t kind; ulong seed; const char *name; }
        cases[] = {
            {PC_GROUP_AFFINE, 5, PC_GROUP_CONTEXTS_PAIRS, 3, "AGL(1,5) pairs"},
            {PC_GROUP_SYMMETRIC, 4, PC_GROUP_CONTEXTS_PAIRS, 4, "S_4 pairs"},
            {PC_GROUP_PSL2, 5, PC_GROUP_CONTEXTS_SAME, 5, "PSL(2,5) same"},
        };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        pc_instance_t inst;
        pc_cert_t gcert, dcert;
        pc_certify_report_t grep, drep;
        pc_certify_options_t opt;
        memset(&opt, 0, sizeof opt);
        opt.digits = 9;
        pc_msg_t msg = {{0}};
        make_instance(&inst, cases[c].f, cases[c].n, cases[c].kind, PC_GROUP_TARGETS_RANDOM,
                      cases[c].seed, 1, 1);
        pc_status_t st = certify(&gcert, &grep, &inst, 30);
        expect(st == PC_OK && gcert.kind == PC_CERT_GROUP, "group path certifies", cases[c].name);
        pc_cert_init(&dcert, PC_CERT_DENSE);
        memset(&drep, 0, sizeof drep);            /* what certify.c's report_init does */
        drep.path = "dense";
        drep.digits_target = 9;
        drep.rank = -1;
        pc_status_t dst = pc_certify_dense(&dcert, &drep, &inst, &opt, &msg);
        if (dst != PC_OK)
            printf("  (dense path: %s)\n", msg.text);
        expect(dst == PC_OK, "dense path certifies", cases[c].name);
        expect(arb_le(gcert.lower, dcert.upper) && arb_le(dcert.lower, gcert.upper),
               "group and dense intervals overlap", cases[c].name);
        expect(brute_force_claims(&gcert, &inst), "exact claims hold on the full matrices",
               cases[c].name);
        pc_cert_clear(&gcert);
        pc_cert_clear(&dcert);
        pc_instance_clear(&inst);
    }
}

static void test_interior_mean_entropy(void)
{
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep;
    pc_reduced_t red;
    pc_msg_t msg;
    arb_t H;
    make_instance(&inst, PC_GROUP_AFFINE, 7, PC_GROUP_CONTEXTS_PAIRS, PC_GROUP_TARGETS_NEXT, 1,
                  100, 1);
    pc_status_t st = certify(&cert, &rep, &inst, 40);
    arb_init(H);
    expect(pc_reduced_init(&red, &inst, &msg) == PC_OK, "reduces", "interior");
    pc_reduced_mean_entropy(H, &red, 256);
    expect(st == PC_OK && cert.regime == PC_REGIME_INTERIOR, "interior proved", "interior");
    expect(interval_meets(&cert, H), "value = mean target entropy", "interior");
    expect(cert.structure == PC_STRUCTURE_GROUP_INVARIANT && !cert.has_gram,
           "no ETF claimed (only the G-invariance of SPEC 5)", "interior");
    int q_is_p = 1;
    for (slong o = 0; o < cert.num_orbitals; o++)
        q_is_p = q_is_p && fmpq_equal(cert.q_orb + o, red.p + o);
    expect(q_is_p, "dual Q = P", "interior");
    arb_clear(H);
    pc_reduced_clear(&red);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
}

static void test_agl7_forty_digits(void)
{
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep;
    make_instance(&inst, PC_GROUP_AFFINE, 7, PC_GROUP_CONTEXTS_PAIRS, PC_GROUP_TARGETS_NEXT, 1,
                  1, 1);
    pc_status_t st = certify(&cert, &rep, &inst, 40);
    expect(st == PC_OK, "certifies", "AGL(1,7) pairs 40 digits");
    expect(pc_verify_gap_at_most(cert.upper, cert.lower, 40, 512), "gap <= 1e-40",
           "AGL(1,7) pairs 40 digits");
    expect(cert.regime == PC_REGIME_BINDING && cert.structure == PC_STRUCTURE_SIMPLEX_ETF,
           "binding, simplex ETF", "AGL(1,7) pairs 40 digits");
    fmpq_t u;
    fmpq_init(u);
    fmpq_set_si(u, 7, 6);                    /* a/(V - 1) = 7 E_W / 6 */
    expect(cert.has_gram && fmpq_equal(cert.gram_W, u), "gram W = a/(V-1) = 7/6",
           "AGL(1,7) pairs 40 digits");
    expect(cert.num_orbitals == 7, "7 orbitals (the group is regular on pairs)",
           "AGL(1,7) pairs 40 digits");
    expect(brute_force_claims(&cert, &inst), "exact claims hold on the full matrices",
           "AGL(1,7) pairs 40 digits");
    /* deterministic: the same instance gives the same certificate bytes */
    pc_cert_t again;
    pc_certify_report_t rep2;
    certify(&again, &rep2, &inst, 40);
    json_t *j1 = pc_cert_to_json(&cert, &inst), *j2 = pc_cert_to_json(&again, &inst);
    char *s1 = json_dumps(j1, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    char *s2 = json_dumps(j2, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    expect(strcmp(s1, s2) == 0 && strstr(s1, "\"kind\": \"group\"") != NULL,
           "deterministic bytes, kind group", "AGL(1,7) pairs 40 digits");
    free(s1); free(s2);
    json_decref(j1); json_decref(j2);
    /* tamper: an uncentered or over-budget primal is refused */
    pc_reduced_t red;
    pc_msg_t msg;
    pc_reduced_init(&red, &inst, &msg);
    expect(pc_reduced_primal_feasible(cert.z_orb, &red), "primal feasible", "tamper");
    expect(pc_reduced_dual_feasible(cert.q_orb, &red), "dual feasible", "tamper");
    fmpq *z = _fmpq_vec_init(red.num_orbitals);
    for (slong o = 0; o < red.num_orbitals; o++) fmpq_set(z + o, cert.z_orb + o);
    fmpq_set_si(u, 1, 1000000);
    fmpq_add(z + 0, z + 0, u);
    expect(!pc_reduced_primal_feasible(z, &red), "uncentered primal refused", "tamper");
    for (slong o = 0; o < red.num_orbitals; o++) fmpq_mul_2exp(z + o, cert.z_orb + o, 1);
    expect(!pc_reduced_primal_feasible(z, &red), "over-budget primal refused", "tamper");
    fmpq *q = _fmpq_vec_init(red.num_orbitals);
    for (slong o = 0; o < red.num_orbitals; o++) fmpq_set(q + o, cert.q_orb + o);
    fmpq_add(q + 1, q + 1, u);
    expect(!pc_reduced_dual_feasible(q, &red), "dual row off the simplex refused", "tamper");
    _fmpq_vec_clear(z, red.num_orbitals);
    _fmpq_vec_clear(q, red.num_orbitals);
    pc_reduced_clear(&red);
    fmpq_clear(u);
    pc_cert_clear(&again);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
}

static void test_random_families(void)
{
    pc_group_family_t fams[] = { PC_GROUP_SYMMETRIC, PC_GROUP_ALTERNATING, PC_GROUP_AFFINE,
                                 PC_GROUP_PSL2 };
    slong sizes[] = { 4, 5, 5, 5 };
    slong budgets[][2] = { {1, 1}, {1, 10}, {3, 1}, {20, 1} };
    char name[128];
    for (int f = 0; f < 4; f++)
        for (int kind = 0; kind < 2; kind++)
            for (int e = 0; e < 4; e++) {
                pc_instance_t inst;
                pc_cert_t cert;
                pc_certify_report_t rep;
                snprintf(name, sizeof name, "%s n=%ld %s E=%ld/%ld", pc_group_family_name(fams[f]),
                         (long) sizes[f], kind ? "pairs" : "same", (long) budgets[e][0],
                         (long) budgets[e][1]);
                make_instance(&inst, fams[f], sizes[f], (pc_group_contexts_t) kind,
                              PC_GROUP_TARGETS_RANDOM, 100 + 10 * f + e, budgets[e][0],
                              budgets[e][1]);
                pc_status_t st = certify(&cert, &rep, &inst, 30);
                expect(st == PC_OK && cert.kind == PC_CERT_GROUP, "certifies to 30 digits", name);
                expect(brute_force_claims(&cert, &inst), "exact claims hold on the full matrices",
                       name);
                expect(cert.regime != PC_REGIME_INTERIOR
                       || cert.structure == PC_STRUCTURE_GROUP_INVARIANT,
                       "interior never claims an ETF", name);
                pc_cert_clear(&cert);
                pc_instance_clear(&inst);
            }
}

int main(void)
{
    test_exchangeable_closed_forms();
    test_group_vs_dense();
    test_interior_mean_entropy();
    test_agl7_forty_digits();
    test_random_families();
    printf("%d passed, %d failed\n", passed, failed);
    flint_cleanup();
    return failed ? 1 : 0;
}
