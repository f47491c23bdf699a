/* The exchangeable path against the closed form of SPEC 5b, computed directly:
 * x* = clamp(log(alpha/beta), -rho/(n-1), rho/(n-1)), val = -alpha x* + log(exp(x*) + n - 1).
 * The certified decimals must enclose val, the gap must meet the digits, and the
 * regime/structure must be the ones SPEC 5b predicts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "peelcert/exchangeable.h"
#include "peelcert/numbers.h"

static int passed, failed;

static void expect(int ok, const char *what, const char *name)
{
    if (ok) passed++; else failed++;
    printf("%s %s: %s\n", ok ? "ok  " : "FAIL", name, what);
}

/* val of SPEC 5b; *binding receives the regime predicted by the closed form. */
static void closed_form(arb_t val, int *binding, slong n, const fmpq_t alpha, const fmpq_t EW,
                        const fmpq_t EH, slong prec)
{
    arb_t rho, bound, L, x, t;
    fmpq_t beta, ab;
    arb_init(rho); arb_init(bound); arb_init(L); arb_init(x); arb_init(t);
    fmpq_init(beta); fmpq_init(ab);
    fmpq_mul(ab, EW, EH);
    fmpq_mul_si(ab, ab, n * n);
    arb_set_fmpq(rho, ab, prec);
    arb_sqrt(rho, rho, prec);
    arb_div_si(bound, rho, n - 1, prec);
    fmpq_set_si(beta, 1, 1);
    fmpq_sub(beta, beta, alpha);
    fmpq_div_fmpz(beta, beta, (fmpz_t){n - 1});   /* small n: fmpz holds it inline */
    if (fmpq_is_zero(beta)) { arb_set(x, bound); *binding = 1; }
    else if (fmpq_is_zero(alpha)) { arb_neg(x, bound); *binding = 1; }
    else {
        fmpq_div(ab, alpha, beta);
        arb_set_fmpq(L, ab, prec);
        arb_log(L, L, prec);
        arb_abs(t, L);
        *binding = arb_ge(t, bound);
        if (!*binding) arb_set(x, L);
        else if (arb_is_positive(L)) arb_set(x, bound);
        else arb_neg(x, bound);
    }
    arb_exp(t, x, prec);
    arb_add_si(t, t, n - 1, prec);
    arb_log(val, t, prec);
    arb_set_fmpq(t, alpha, prec);
    arb_submul(val, t, x, prec);
    arb_clear(rho); arb_clear(bound); arb_clear(L); arb_clear(x); arb_clear(t);
    fmpq_clear(beta); fmpq_clear(ab);
}

static void check_case(const char *name, slong n, const char *alpha, const char *EW, const char *EH,
                       slong digits)
{
    pc_instance_t inst;
    pc_instance_init(&inst);
    const char *why;
    inst.tokens = inst.contexts = n;
    inst.dim = n - 1;
    inst.form = PC_TARGETS_EXCHANGEABLE;
    pc_rational_parse(inst.alpha, alpha, &why);
    pc_rational_parse(inst.E_W, EW, &why);
    pc_rational_parse(inst.E_H, EH, &why);
    pc_cert_t cert;
    pc_cert_init(&cert, PC_CERT_EXCHANGEABLE);
    pc_msg_t msg = {{0}};
    pc_status_t st = pc_exchangeable_certify(&cert, &inst, digits, &msg);
    expect(st == PC_OK, "certified to the requested digits", name);

    arb_t val, lo, hi;
    arb_init(val); arb_init(lo); arb_init(hi);
    int binding;
    closed_form(val, &binding, n, inst.alpha, inst.E_W, inst.E_H, 4 * digits + 256);
    fmpq_t q;
    fmpq_init(q);
    char *lower = pc_cert_lower_text(&cert), *upper = pc_cert_upper_text(&cert);
    pc_rational_parse(q, lower, &why);
    arb_set_fmpq(lo, q, 4 * digits + 256);
    pc_rational_parse(q, upper, &why);
    arb_set_fmpq(hi, q, 4 * digits + 256);
    expect(arb_le(lo, val) && arb_le(val, hi), "closed form inside [lower, upper]", name);
    arb_sub(hi, hi, lo, 4 * digits + 256);
    arb_mul_2exp_si(hi, hi, 0);
    fmpq_set_si(q, 1, 1);
    for (slong i = 0; i < digits; i++) fmpq_div_fmpz(q, q, (fmpz_t){10});
    arb_set_fmpq(lo, q, 4 * digits + 256);
    expect(arb_le(hi, lo), "written gap <= 10^-digits", name);
    expect(cert.regime == (binding ? PC_REGIME_BINDING : PC_REGIME_INTERIOR), "regime of SPEC 5b", name);
    expect(cert.structure == (binding ? PC_STRUCTURE_SIMPLEX_ETF : PC_STRUCTURE_NONE),
           "simplex ETF exactly in the binding regime", name);
    if (binding) {
        fmpq_t u;
        fmpq_init(u);
        pc_instance_budgets(u, q, &inst);
        fmpq_div_fmpz(u, u, (fmpz_t){n - 1});
        expect(fmpq_equal(u, cert.gram_W), "gram W = a/(n-1)", name);
        fmpq_clear(u);
    }
    free(lower); free(upper);
    fmpq_clear(q);
    arb_clear(val); arb_clear(lo); arb_clear(hi);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
}

/* The Helmert factorisation identities, checked independently here by explicit matrices in
 * floating point for small n (the library proves them exactly) and refused above the limit. */
static void check_helmert(void)
{
    for (slong n = 2; n <= 40; n += 7) {
        double err = 0;
        for (slong k = 0; k < n; k++)
            for (slong l = 0; l < n; l++) {
                double g = 0;
                for (slong j = 1; j < n; j++) {
                    double vk = k < j ? 1 : (k == j ? -(double) j : 0);
                    double vl = l < j ? 1 : (l == j ? -(double) j : 0);
                    g += vk * vl / ((double) j * (j + 1));
                }
                double want = (k == l ? 1.0 : 0.0) - 1.0 / n;
                err = fmax(err, fabs(g - want));
            }
        char name[32];
        snprintf(name, sizeof name, "helmert n=%ld", (long) n);
        expect(err < 1e-12 && pc_etf_verify_helmert(n), "U U^T = I - J/n (float here, exact in the library)", name);
    }
    expect(pc_etf_verify_helmert(PC_ETF_MAX_VERIFY), "exact check at the largest n", "helmert");
    expect(!pc_etf_verify_helmert(PC_ETF_MAX_VERIFY + 1), "not attempted above the limit", "helmert");
    expect(!pc_etf_verify_helmert(1), "n = 1 has no simplex", "helmert");
}

int main(void)
{
    check_helmert();
    check_case("binding n=5 alpha=3/5", 5, "3/5", "1", "1", 50);
    check_case("interior n=4 alpha=2/5", 4, "2/5", "4", "4", 50);
    check_case("alpha<beta n=6 alpha=1/20", 6, "1/20", "1", "1/2", 40);
    check_case("one-hot n=7", 7, "1", "1", "1", 50);
    check_case("alpha=0 n=4", 4, "0", "2", "1/3", 50);
    check_case("uniform n=3 alpha=1/3", 3, "1/3", "1", "1", 30);
    check_case("huge n=10^9 one-hot", 1000000000, "1", "1", "1", 50);
    check_case("huge n=10^9 soft", 1000000000, "1/2", "3", "3", 50);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
