/* Exact rational parsing, exact double conversion, the canonical JSON round trip of
 * instances and the exact structure queries. */
#include <stdio.h>
#include <string.h>
#include <fmpq_vec.h>
#include "peelcert/instance.h"
#include "peelcert/numbers.h"
#include "peelcert/gen.h"

static int failures = 0;
#define EXPECT(cond, ...) do { if (!(cond)) { failures++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
    printf(__VA_ARGS__); printf("\n"); } } while (0)

static void expect_parse(const char *text, slong p, slong q)
{
    fmpq_t x, want;
    fmpq_init(x); fmpq_init(want);
    const char *why = NULL;
    fmpq_set_si(want, p, (ulong) q);
    EXPECT(pc_rational_parse(x, text, &why) == 0 && fmpq_equal(x, want), "parse %s", text);
    fmpq_clear(x); fmpq_clear(want);
}

static void expect_reject(const char *text)
{
    fmpq_t x;
    fmpq_init(x);
    const char *why = NULL;
    EXPECT(pc_rational_parse(x, text, &why) != 0 && why != NULL, "reject %s", text);
    fmpq_clear(x);
}

static void test_parse(void)
{
    expect_parse("0.25", 1, 4);
    expect_parse("-3/6", -1, 2);
    expect_parse("007", 7, 1);
    expect_parse("-1.5", -3, 2);
    expect_parse("0", 0, 1);
    const char *bad[] = { "", "1.", ".5", "+1", "1/-2", "1e3", "1/0", " 1", "1 ", "1//2", "--1",
                          "0x10", "1/2/3", "nan", "inf", "1.2.3" };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        expect_reject(bad[k]);
}

static void test_set_double(void)
{
    fmpq_t x, want;
    fmpq_init(x); fmpq_init(want);
    pc_rational_set_double(x, 0.1);    /* 0.1 = 3602879701896397 / 2^55 exactly */
    fmpz_set_ui(fmpq_numref(want), 3602879701896397UL);
    fmpz_one(fmpq_denref(want));
    fmpz_mul_2exp(fmpq_denref(want), fmpq_denref(want), 55);
    EXPECT(fmpq_equal(x, want), "0.1 exactly");
    pc_rational_set_double(x, -3.0e300);
    EXPECT(fmpq_sgn(x) < 0 && fmpq_get_d(x) == -3.0e300, "large double");
    pc_rational_set_double(x, 5e-324);
    EXPECT(fmpq_sgn(x) > 0 && fmpz_bits(fmpq_denref(x)) == 1075, "subnormal");
    pc_rational_set_double(x, 0.0);
    EXPECT(fmpq_is_zero(x), "zero");
    fmpq_clear(x); fmpq_clear(want);
}

/* Every entry equal through the canonical JSON form. */
static void expect_round_trip(const pc_instance_t *inst, const char *what)
{
    json_t *j = pc_instance_to_json(inst);
    pc_instance_t back;
    pc_instance_init(&back);
    pc_msg_t msg = {{0}};
    pc_status_t st = pc_instance_from_json(&back, j, &msg);
    EXPECT(st == PC_OK, "%s round trip: %s", what, msg.text);
    if (st == PC_OK) {
        EXPECT(back.tokens == inst->tokens && back.contexts == inst->contexts && back.dim == inst->dim
               && back.form == inst->form && fmpq_equal(back.E_W, inst->E_W), "%s header", what);
        fmpq_t x, y;
        fmpq_init(x); fmpq_init(y);
        slong N = inst->contexts < 50 ? inst->contexts : 50, V = inst->tokens < 50 ? inst->tokens : 50;
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++) {
                pc_instance_target(x, inst, i, k);
                pc_instance_target(y, &back, i, k);
                EXPECT(fmpq_equal(x, y), "%s entry %ld %ld", what, i, k);
            }
        fmpq_clear(x); fmpq_clear(y);
    }
    json_t *j2 = pc_instance_to_json(&back);
    char *a = json_dumps(j, JSON_PRESERVE_ORDER), *b = json_dumps(j2, JSON_PRESERVE_ORDER);
    json_decref(j2);
    EXPECT(st != PC_OK || strcmp(a, b) == 0, "%s canonical bytes stable", what);
    free(a); free(b);
    json_decref(j);
    pc_instance_clear(&back);
}

static void test_generators(void)
{
    fmpq_t one, half;
    fmpq_init(one); fmpq_init(half);
    fmpq_one(one);
    fmpq_set_si(half, 1, 2);
    pc_msg_t msg = {{0}};
    pc_instance_t inst;

    pc_instance_init(&inst);
    EXPECT(pc_gen_random(&inst, 7, 5, 1, 42, one, half, &msg) == PC_OK, "gen random");
    fmpq_t sum, x;
    fmpq_init(sum); fmpq_init(x);
    for (slong k = 0; k < 7; k++) { pc_instance_target(x, &inst, 3, k); fmpq_add(sum, sum, x); }
    EXPECT(fmpq_is_one(sum), "random row sums to exactly 1");
    EXPECT(!pc_instance_is_circulant(&inst, NULL), "random 7x5 is not circulant");
    expect_round_trip(&inst, "random");
    pc_instance_clear(&inst);

    pc_instance_init(&inst);
    EXPECT(pc_gen_cyclic(&inst, 6, NULL, 3, one, one, &msg) == PC_OK, "gen cyclic");
    expect_round_trip(&inst, "cyclic");
    /* the same matrix in dense form is recognised as circulant, with the same first row */
    pc_instance_t dense;
    pc_instance_init(&dense);
    EXPECT(pc_gen_random(&dense, 6, 6, 0, 1, one, one, &msg) == PC_OK, "gen dense");
    for (slong i = 0; i < 6; i++)
        for (slong k = 0; k < 6; k++)
            pc_instance_target(dense.dense + i * 6 + k, &inst, i, k);
    fmpq *q = _fmpq_vec_init(6);
    EXPECT(pc_instance_is_circulant(&dense, q), "dense circulant recognised");
    EXPECT(fmpq_equal(q + 2, inst.circulant + 2), "first row recovered");
    fmpq_add(dense.dense + 6 * 3 + 1, dense.dense + 6 * 3 + 1, half);  /* break one entry */
    EXPECT(!pc_instance_is_circulant(&dense, NULL), "perturbed dense is not circulant");
    _fmpq_vec_clear(q, 6);
    pc_instance_clear(&dense);
    pc_instance_clear(&inst);

    pc_instance_init(&inst);
    EXPECT(pc_gen_exchangeable(&inst, 1000000000L, half, one, one, &msg) == PC_OK, "gen exch");
    EXPECT(inst.dense == NULL && inst.circulant == NULL, "exchangeable stays structured");
    pc_instance_target(x, &inst, 5, 7);
    fmpq_set_si(sum, 1, 1999999998);
    EXPECT(fmpq_equal(x, sum), "exchangeable off-diagonal beta = (1-alpha)/(n-1)");
    expect_round_trip(&inst, "exchangeable");
    pc_instance_clear(&inst);

    pc_instance_init(&inst);
    EXPECT(pc_gen_onehot(&inst, 5, 9, 7, one, one, &msg) == PC_OK, "gen onehot");
    EXPECT(pc_instance_has_zero_target(&inst), "onehot has zeros");
    expect_round_trip(&inst, "onehot");
    pc_instance_clear(&inst);

    fmpq_clear(sum); fmpq_clear(x);
    fmpq_clear(one); fmpq_clear(half);
}

int main(void)
{
    test_parse();
    test_set_double();
    test_generators();
    printf("%s (%d failures)\n", failures ? "FAILED" : "passed", failures);
    return failures != 0;
}
