/* pc_floatproof_lowrank_bounds (SPEC 15): the closed form of SPEC 5b (exchangeable targets,
 * binding) lies in [lower, upper] for W, H from the closed form in doubles; a W slightly
 * outside the budget is refused naming the budget. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "peelcert/floatproof.h"
#include "peelcert/gen.h"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

static void test_exchangeable_closed_form(void)
{
    slong n = 8;
    pc_instance_t inst;
    pc_msg_t msg;
    fmpq_t half, one;
    fmpq_init(half); fmpq_init(one);
    fmpq_set_si(half, 1, 2); fmpq_one(one);
    pc_instance_init(&inst);
    CHECK(pc_gen_exchangeable(&inst, n, half, one, one, &msg) == PC_OK, "gen");
    /* rho = 8, x* = rho/(n-1) = 8/7 (binding: log 7 > 8/7), Z = x (I - J/n) = W H with
     * W = H = sqrt(x) (I - J/n), ||W||_F^2 = x (n - 1) = 8 = a: shrink by 1e-12 */
    double x = 8.0 / 7.0, c = sqrt(x) * (1 - 1e-12);
    double *W = malloc(sizeof(double) * n * n), *H = malloc(sizeof(double) * n * n);
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            W[i + j * n] = H[i + j * n] = c * ((i == j) - 1.0 / n);
    pc_floatproof_bounds_t b;
    pc_floatproof_bounds_init(&b);
    pc_status_t st = pc_floatproof_lowrank_bounds(&b, &inst, W, H, n, 80, &msg);
    CHECK(st == PC_OK, "closed form not proved: %s", msg.text);
    arb_t val, t;
    arb_init(val); arb_init(t);
    arb_set_si(val, 8); arb_div_si(val, val, 7, 128);          /* x* */
    arb_exp(t, val, 128); arb_add_si(t, t, n - 1, 128); arb_log(t, t, 128);
    arb_mul_2exp_si(val, val, -1);
    arb_sub(val, t, val, 128);                                  /* -x/2 + log(e^x + n - 1) */
    if (st == PC_OK) {
        arb_t lo, up;
        arb_init(lo); arb_init(up);
        arb_set_arf(lo, arb_midref(b.lower)); arb_add_error_mag(lo, arb_radref(b.lower));
        /* lower <= val <= upper */
        arb_sub(lo, val, b.lower, 128);
        arb_sub(up, b.upper, val, 128);
        CHECK(!arb_is_negative(lo) && !arb_is_negative(up), "closed form outside [lower, upper]");
        arb_sub(t, b.upper, b.lower, 128);
        double gap = arf_get_d(arb_midref(t), ARF_RND_UP);
        CHECK(gap < 1e-9, "gap %g too large", gap);
        printf("exchangeable n=8: gap %.3g, s = %.17g, ||E||_F <= %.3g\n", gap, b.opnorm_bound,
               b.error_frobenius);
        arb_clear(lo); arb_clear(up);
    }
    /* outside the budget: W scaled by 1 + 1e-9 */
    for (slong i = 0; i < n * n; i++)
        W[i] = sqrt(x) * (1 + 1e-9) * ((i % (n + 1) == 0) - 1.0 / n);
    st = pc_floatproof_lowrank_bounds(&b, &inst, W, H, n, 80, &msg);
    CHECK(st == PC_NOT_PROVED && strstr(msg.text, "budget E_W") != NULL, "budget not named: %s",
          msg.text);
    W[3] = NAN;
    st = pc_floatproof_lowrank_bounds(&b, &inst, W, H, n, 80, &msg);
    CHECK(st == PC_BAD_INPUT, "NaN accepted");
    pc_floatproof_bounds_clear(&b);
    arb_clear(val); arb_clear(t);
    free(W); free(H);
    fmpq_clear(half); fmpq_clear(one);
    pc_instance_clear(&inst);
}

int main(void)
{
    test_exchangeable_closed_form();
    if (failures)
        printf("%d failures\n", failures);
    else
        printf("test_floatproof_lowrank: ok\n");
    return failures != 0;
}
