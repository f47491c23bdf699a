/* peelcert audit INSTANCE [CLAIM.json | --W W.npy --H H.npy | --Z Z.npy] [--eps E] [--json] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/audit.h"
#include "peelcert/certify.h"
#include "peelcert/numbers.h"

static const char *HELP =
    "usage: peelcert audit INSTANCE CLAIM.json [--eps E] [--digits D] [--json]\n"
    "       peelcert audit INSTANCE --W W.npy --H H.npy [--eps E] [--digits D] [--json]\n"
    "       peelcert audit INSTANCE --Z Z.npy [...]\n"
    "\n"
    "Certifies the optimum of INSTANCE, then reports with certified arithmetic how far the claimed\n"
    "point is from it: feasibility (and by how much a budget is exceeded), f(claim) enclosed, a\n"
    "certified suboptimality interval, KKT residuals, the deviation from the optimal structure, and\n"
    "a verdict: 'optimal within EPS', 'not optimal: at least DELTA above the optimum', or 'infeasible'.\n"
    "The claim's numbers are used exactly (a float32/float64 is an exact rational).\n"
    "\n"
    "  CLAIM.json   {\"format\": \"peelcert-claim/1\", \"W\": [[...]], \"H\": [[...]]} or {\"Z\": [[...]]};\n"
    "               entries are rational strings or JSON numbers (taken as the double they denote)\n"
    "  --W, --H     NumPy .npy files (float32/float64, C or Fortran order, either endianness)\n"
    "  --Z          a .npy file of logits (V x N)\n"
    "  --eps E      the suboptimality to prove (rational or decimal, default 1e-6)\n"
    "  --digits D   digits of the optimum's certificate (as for certify)\n"
    "  --json       one JSON object: the SPEC 8 fields for the optimum plus \"claim\": {...}\n"
    "Exit status: 0 the claim is optimal within EPS, 1 it is not (or infeasible), 2 bad input.\n";

/* Implemented in cmd_audit_npy.c: fills claim from .npy files. */
pc_status_t pc_cli_claim_from_npy(pc_claim_t *claim, const char *w, const char *h, const char *z,
                                  pc_msg_t *msg);

static char *lo_text(const arb_t x) { return pc_arb_decimal_outward(x, 20, 1); }
static char *hi_text(const arb_t x) { return pc_arb_decimal_outward(x, 20, 0); }

static const char *verdict_name(pc_verdict_t v)
{
    return v == PC_VERDICT_OPTIMAL_WITHIN ? "optimal-within" :
           v == PC_VERDICT_NOT_OPTIMAL ? "not-optimal" : "infeasible";
}

static void set_text(json_t *o, const char *key, char *text)
{
    json_object_set_new(o, key, json_string(text));
    free(text);
}

static char *verdict_line(const pc_audit_t *a)
{
    char *amount = a->verdict == PC_VERDICT_NOT_OPTIMAL ? lo_text(a->verdict_amount) : hi_text(a->verdict_amount);
    char *line = malloc(512);
    if (a->verdict == PC_VERDICT_OPTIMAL_WITHIN)
        snprintf(line, 512, "optimal within %s", amount);
    else if (a->verdict == PC_VERDICT_NOT_OPTIMAL)
        snprintf(line, 512, "not optimal: at least %s above the optimum", amount);
    else
        snprintf(line, 512, "infeasible: ||W||^2 exceeds V E_W by a relative %.3g, ||H||^2 exceeds N E_H by %.3g%s",
                 a->excess_W, a->excess_H,
                 (a->excess_W < 1e-12 && a->excess_H < 1e-12) ? " (float rounding: a few ulps)" : "");
    free(amount);
    return line;
}

static json_t *claim_json(const pc_audit_t *a)
{
    json_t *c = json_object();
    json_object_set_new(c, "feasible", a->feasibility_known ? json_boolean(a->feasible) : json_null());
    set_text(c, "value_lower", lo_text(a->value));
    set_text(c, "value_upper", hi_text(a->value));
    set_text(c, "suboptimality_lower", lo_text(a->sub_lower));
    set_text(c, "suboptimality_upper", hi_text(a->sub_upper));
    json_object_set_new(c, "verdict", json_string(verdict_name(a->verdict)));
    set_text(c, "verdict_line", verdict_line(a));
    json_object_set_new(c, "budget_excess_W", json_real(a->excess_W));
    json_object_set_new(c, "budget_excess_H", json_real(a->excess_H));
    if (a->has_scaled) {
        set_text(c, "scaled_suboptimality_lower", lo_text(a->scaled_sub_lower));
        set_text(c, "scaled_suboptimality_upper", hi_text(a->scaled_sub_upper));
    }
    if (a->has_kkt) {
        set_text(c, "kkt_residual_W", hi_text(a->kkt_W));
        set_text(c, "kkt_residual_H", hi_text(a->kkt_H));
    }
    if (a->has_circulant_deviation)
        set_text(c, "circulant_deviation", hi_text(a->circulant_deviation));
    if (a->has_etf_deviation)
        set_text(c, "etf_gram_deviation", hi_text(a->etf_deviation));
    return c;
}

static void print_human(const pc_audit_t *a, const pc_cert_t *opt)
{
    char *s = pc_cert_lower_text(opt), *u = pc_cert_upper_text(opt);
    printf("optimum      [%s, %s] (%s, %s)\n", s, u, pc_regime_name(opt->regime),
           pc_structure_name(opt->structure));
    free(s);
    free(u);
    printf("feasible     %s\n", !a->feasibility_known ? "undetermined" : a->feasible ? "yes" : "no");
    char *lo = lo_text(a->value), *hi = hi_text(a->value);
    printf("f(claim)     [%s, %s]\n", lo, hi); free(lo); free(hi);
    lo = lo_text(a->sub_lower); hi = hi_text(a->sub_upper);
    printf("f(claim) - optimum in [%s, %s]\n", lo, hi); free(lo); free(hi);
    if (a->has_scaled) {
        lo = lo_text(a->scaled_sub_lower); hi = hi_text(a->scaled_sub_upper);
        printf("scaled onto the budgets: f - optimum in [%s, %s]\n", lo, hi); free(lo); free(hi);
    }
    if (a->has_kkt) {
        lo = hi_text(a->kkt_W); hi = hi_text(a->kkt_H);
        printf("KKT residual ||G H^T + 2 l W|| <= %s, ||W^T G + 2 l H|| <= %s\n", lo, hi); free(lo); free(hi);
    }
    if (a->has_circulant_deviation) {
        s = hi_text(a->circulant_deviation); printf("largest deviation of Pi Z from circulant <= %s\n", s); free(s);
    }
    if (a->has_etf_deviation) {
        s = hi_text(a->etf_deviation); printf("largest deviation of W W^T from the simplex ETF Gram <= %s\n", s); free(s);
    }
    s = verdict_line(a);
    printf("verdict      %s\n", s);
    free(s);
}

/* --eps: an exact rational or decimal, or scientific "1e-8" read exactly as 10^-8. */
static int parse_eps(fmpq_t out, const char *text, const char **why)
{
    const char *e = strpbrk(text, "eE");
    if (e == NULL)
        return pc_rational_parse(out, text, why);
    char mantissa[64];
    long exponent;
    if ((size_t) (e - text) >= sizeof mantissa || pc_cli_parse_long(&exponent, e[1] == '-' ? e + 2 : e + 1, 0, 1000) != 0) {
        *why = "bad exponent";
        return -1;
    }
    memcpy(mantissa, text, (size_t) (e - text));
    mantissa[e - text] = '\0';
    if (pc_rational_parse(out, mantissa, why) != 0)
        return -1;
    fmpz_t p;
    fmpz_init(p);
    fmpz_ui_pow_ui(p, 10, (ulong) exponent);
    if (e[1] == '-') fmpq_div_fmpz(out, out, p);
    else fmpq_mul_fmpz(out, out, p);
    fmpz_clear(p);
    return 0;
}

int pc_cli_audit(int argc, char **argv)
{
    const char *inst_path = NULL, *claim_path = NULL, *w = NULL, *h = NULL, *z = NULL, *eps_text = "0.000001";
    long digits = 0;
    int as_json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { fputs(HELP, stdout); return 0; }
        else if (!strcmp(a, "--json")) as_json = 1;
        else if (!strcmp(a, "--W") || !strcmp(a, "--H") || !strcmp(a, "--Z") || !strcmp(a, "--eps") || !strcmp(a, "--digits")) {
            if (++i >= argc) return pc_cli_usage_error("audit", "%s needs a value", a);
            if (!strcmp(a, "--W")) w = argv[i];
            else if (!strcmp(a, "--H")) h = argv[i];
            else if (!strcmp(a, "--Z")) z = argv[i];
            else if (!strcmp(a, "--eps")) eps_text = argv[i];
            else if (pc_cli_parse_long(&digits, argv[i], 1, 10000) != 0)
                return pc_cli_usage_error("audit", "--digits needs an integer from 1 to 10000");
        } else if (a[0] == '-' && a[1] != '\0') return pc_cli_usage_error("audit", "unknown option '%s'", a);
        else if (inst_path == NULL) inst_path = a;
        else if (claim_path == NULL) claim_path = a;
        else return pc_cli_usage_error("audit", "unexpected argument '%s'", a);
    }
    if (inst_path == NULL)
        return pc_cli_usage_error("audit", "missing INSTANCE");
    int sources = (claim_path != NULL) + (w != NULL || h != NULL) + (z != NULL);
    if (sources != 1 || ((w != NULL) != (h != NULL)))
        return pc_cli_usage_error("audit", "give exactly one claim: CLAIM.json, or --W and --H, or --Z");
    fmpq_t eps;
    fmpq_init(eps);
    const char *why;
    if (parse_eps(eps, eps_text, &why) != 0 || fmpq_sgn(eps) <= 0) {
        fmpq_clear(eps);
        return pc_cli_usage_error("audit", "--eps '%s' must be a positive rational or decimal", eps_text);
    }
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_claim_t claim;
    pc_cert_t opt;
    pc_audit_t audit;
    pc_instance_init(&inst);
    pc_claim_init(&claim);
    pc_cert_init(&opt, PC_CERT_DENSE);
    pc_audit_init(&audit);
    pc_status_t st = pc_instance_read_file(&inst, inst_path, &msg);
    if (st == PC_OK)
        st = claim_path ? pc_claim_read_json(&claim, claim_path, &msg) : pc_cli_claim_from_npy(&claim, w, h, z, &msg);
    if (st == PC_OK)
        st = pc_claim_check_shape(&claim, &inst, &msg);
    pc_status_t opt_st = PC_BAD_INPUT;
    pc_certify_report_t rep;
    if (st == PC_OK) {
        pc_certify_options_t copt = { digits, pc_cli_progress_wanted(), 0, 0 };
        opt_st = pc_certify(&opt, &rep, &inst, &copt, &msg);
        if (opt_st == PC_BAD_INPUT)
            st = PC_BAD_INPUT;
    }
    if (st == PC_OK)
        st = pc_audit_run(&audit, &claim, &inst, &opt, eps, 128, &msg);
    int code;
    if (st != PC_OK) {
        fprintf(stderr, "peelcert audit: %s\n", msg.text);
        if (as_json) {
            json_t *o = json_object();
            json_object_set_new(o, "verified", json_false());
            json_object_set_new(o, "message", json_string(msg.text));
            pc_cli_print_json(o);
        }
        code = 2;
    } else {
        /* Exit 0 only when feasibility and optimality within the requested eps are proved. */
        arb_t e;
        arb_init(e);
        arb_set_fmpq(e, eps, 128);
        code = audit.verdict == PC_VERDICT_OPTIMAL_WITHIN && audit.feasibility_known
               && audit.feasible && arb_le(audit.sub_upper, e) ? 0 : 1;
        arb_clear(e);
        if (as_json) {
            json_t *o = json_object();
            json_object_set_new(o, "verified", json_boolean(opt_st == PC_OK));
            set_text(o, "lower", pc_cert_lower_text(&opt));
            set_text(o, "upper", pc_cert_upper_text(&opt));
            json_object_set_new(o, "regime", json_string(pc_regime_name(opt.regime)));
            json_object_set_new(o, "structure", json_string(pc_structure_name(opt.structure)));
            set_text(o, "message", verdict_line(&audit));
            json_object_set_new(o, "claim", claim_json(&audit));
            pc_cli_print_json(o);
        } else {
            print_human(&audit, &opt);
        }
    }
    fmpq_clear(eps);
    pc_audit_clear(&audit);
    pc_cert_clear(&opt);
    pc_claim_clear(&claim);
    pc_instance_clear(&inst);
    return code;
}
