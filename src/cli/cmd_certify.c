/* peelcert certify INSTANCE [-o CERT] [--digits D] [--json] */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/exchangeable.h"
#include "peelcert/certify.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"
#include "peelcert/symmetry.h"

static const char *HELP =
    "usage: peelcert certify INSTANCE [-o CERT] [--digits D] [--path auto|dense] [--json]\n"
    "\n"
    "Finds the optimum of the layer-peeled instance, proves lower and upper bounds on its value\n"
    "with exact and ball arithmetic, and writes a certificate that 'peelcert check' re-verifies.\n"
    "\n"
    "  -o CERT      where to write the certificate (default: INSTANCE's name with .cert.json,\n"
    "               in the current directory; '-' for stdout)\n"
    "  --digits D   require a certified gap upper - lower <= 1e-D, else exit 1. Defaults per path:\n"
    "               exchangeable 50, circulant 30, group 30, dense 9 (the dense floating path stops near 1e-12)\n"
    "  --path P     auto (default): the path the instance's structure allows; dense: the general\n"
    "               dense path whatever the structure (to cross-check a structured certificate)\n"
    "  --json       print one JSON object (verified, lower, upper, regime, structure, message, ...)\n";

/* "dir/days.json" -> "days.cert.json". Caller frees. */
static char *default_cert_path(const char *instance_path)
{
    const char *base = strrchr(instance_path, '/');
    base = base ? base + 1 : instance_path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    char *out = malloc(len + 11);
    memcpy(out, base, len);
    strcpy(out + len, ".cert.json");
    return out;
}

static void print_human(const pc_cert_t *cert, const pc_certify_report_t *rep,
                        const pc_instance_t *inst, const char *lower, const char *upper,
                        const char *cert_path, pc_status_t st, const char *message,
                        const pc_symmetry_t *sym)
{
    printf("instance   %s (V = %ld, N = %ld, d = %ld)\n", inst->name ? inst->name : "(unnamed)",
           (long) inst->tokens, (long) inst->contexts, (long) inst->dim);
    printf("path       %s\n", rep->path);
    printf("lower      %s\n", lower);
    printf("upper      %s\n", upper);
    printf("regime     %s\n", pc_regime_name(cert->regime));
    printf("structure  %s\n", pc_structure_name(cert->structure));
    printf("value      %s\n", cert->upper_is_lp ? "of (C) and of (LP): both lie in [lower, upper]"
                                                 : "of (C) lies in [lower, upper]; (LP) may be larger");
    if (rep->note[0])
        printf("note       %s\n", rep->note);
    if (sym->present && sym->has_order) {
        char *order = fmpz_get_str(NULL, 10, sym->order);
        printf("group      order %s, %ld generators, %ld token orbits, %ld context orbits%s\n",
               order, (long) sym->num_generators, (long) sym->token_orbits,
               (long) sym->context_orbits, sym->discovered ? " (discovered)" : "");
        flint_free(order);
    }
    if (sym->present && sym->note[0])
        printf("group      %s\n", sym->note);
    if (cert->lp != NULL) {
        char *lp_upper = pc_arb_decimal_outward(cert->lp->upper, 20, 0);
        printf("lp upper   %s (a feasible rank-%ld point: val(LP) at d = %ld is at most this; "
               "lower stays val(C))\n", lp_upper, (long) inst->dim, (long) inst->dim);
        printf("lp local   %s: %s\n", cert->lp->proof.proved ? "local minimum proved" :
               "local minimum not proved", cert->lp->proof.why);
        free(lp_upper);
    }
    if (rep->circulant != NULL && rep->circulant->krawczyk_proved)
        printf("kkt        exact KKT point proved unique in a box of radius %.3g (Krawczyk)\n",
               rep->circulant->krawczyk_radius);
    else if (rep->circulant != NULL && rep->circulant->krawczyk_note[0])
        printf("kkt        %s%s%s\n", rep->circulant->krawczyk_tried ? "not proved (" : "",
               rep->circulant->krawczyk_note, rep->circulant->krawczyk_tried ? ")" : "");
    if (cert_path)
        printf("certificate %s\n", cert_path);
    printf("%s: %s\n", st == PC_OK ? "verified" : "NOT verified", message);
}

/* x as a decimal with about 20 significant digits (nearest; the ball's radius is
 * far below the last digit on the circulant path). */
static json_t *decimal20_json(const arb_t x)
{
    slong e = arf_abs_bound_lt_2exp_si(arb_midref(x)), places = 20;
    char *value, *radius;
    if (e < 0 && e > -400)
        places += (-e * 3) / 10;
    pc_arb_decimal_with_radius(&value, &radius, x, places);
    json_t *out = json_string(value);
    free(value);
    free(radius);
    return out;
}

/* The "circulant" object of --json (issue 3 item 6). */
static json_t *circulant_json(const pc_cert_t *cert, const pc_certify_circulant_info_t *info)
{
    json_t *o = json_object(), *list = json_array(), *k = json_object();
    arb_t x;
    char text[64];
    arb_init(x);
    for (slong a = 0; a < info->num_active; a++)
        json_array_append_new(list, json_integer(info->active[a]));
    json_object_set_new(o, "active_frequencies", list);
    list = json_array();
    for (slong m = 0; m < info->n; m++) {
        arb_set_fmpq(x, cert->c + m, 128);
        json_array_append_new(list, decimal20_json(x));
    }
    json_object_set_new(o, "first_column", list);
    if (info->gram_W_first_row != NULL) {
        list = json_array();
        for (slong m = 0; m < info->n; m++)
            json_array_append_new(list, decimal20_json(info->gram_W_first_row + m));
        json_object_set_new(o, "gram_W_first_row", list);
    }
    if (info->gram_H_first_row != NULL) {
        list = json_array();
        for (slong m = 0; m < info->n; m++)
            json_array_append_new(list, decimal20_json(info->gram_H_first_row + m));
        json_object_set_new(o, "gram_H_first_row", list);
    }
    json_object_set_new(o, "gram_note", json_string(info->gram_note));
    json_object_set_new(o, "embedding_dimension", json_integer(info->embedding_dimension));
    json_object_set_new(k, "proved", json_boolean(info->krawczyk_proved));
    snprintf(text, sizeof text, "%.3e", info->krawczyk_radius);
    json_object_set_new(k, "box_radius", info->krawczyk_proved ? json_string(text) : json_null());
    if (info->krawczyk_note[0])
        json_object_set_new(k, "note", json_string(info->krawczyk_note));
    json_object_set_new(o, "krawczyk", k);
    json_object_set_new(o, "regular_polygon", json_boolean(info->regular_polygon));
    arb_clear(x);
    return o;
}

/* The "circulant" object for targets that are circulant and exchangeable after a context
 * relabelling (issue 8 item 4), certified on the exchangeable path: pi(i) = i + m0 (mod n), so
 * the primal Z[k][i] = x (delta(k, pi(i)) - 1/n) is circulant with first column
 * c_m = x (delta(m, m0) - 1/n), and |c_hat_j| = |x| for every j != 0: every frequency
 * 1..n/2 is active (none when x = 0), embedding dimension n - 1. */
static json_t *relabelled_circulant_json(const pc_cert_t *cert, const pc_instance_t *inst)
{
    slong n = inst->tokens, m0 = cert->context_permutation[0];
    json_t *o = json_object(), *list = json_array();
    arb_t x, c;
    arb_init(x); arb_init(c);
    for (slong j = 1; j <= n / 2 && !fmpq_is_zero(cert->x); j++)
        json_array_append_new(list, json_integer(j));
    json_object_set_new(o, "active_frequencies", list);
    arb_set_fmpq(x, cert->x, 128);
    if (n <= 100000) {
        list = json_array();
        for (slong m = 0; m < n; m++) {
            arb_div_si(c, x, -n, 128);
            if (m == m0) arb_add(c, c, x, 128);
            json_array_append_new(list, decimal20_json(c));
        }
        json_object_set_new(o, "first_column", list);
    } else {
        json_object_set_new(o, "first_column_note", json_string(
            "n > 100000: not listed; c_m = x (delta(m, m0) - 1/n) with m0 = primal.context_permutation[0]"));
    }
    json_object_set_new(o, "embedding_dimension", json_integer(fmpq_is_zero(cert->x) ? 0 : n - 1));
    json_object_set_new(o, "note", json_string(
        "the targets are circulant and also exchangeable after relabelling the contexts; "
        "certified by the exchangeable closed form (simplex ETF), whose optimum is circulant"));
    arb_clear(x); arb_clear(c);
    return o;
}

static json_t *result_json(const pc_cert_t *cert, const pc_certify_report_t *rep,
                           const pc_instance_t *inst, const char *lower, const char *upper, const char *cert_path,
                           pc_status_t st, const char *message, const pc_symmetry_t *sym)
{
    json_t *o = json_object();
    json_object_set_new(o, "verified", json_boolean(st == PC_OK));
    json_object_set_new(o, "lower", json_string(lower));
    json_object_set_new(o, "upper", json_string(upper));
    json_object_set_new(o, "regime", json_string(pc_regime_name(cert->regime)));
    json_object_set_new(o, "structure", json_string(pc_structure_name(cert->structure)));
    json_object_set_new(o, "message", json_string(message));
    json_object_set_new(o, "path", json_string(rep->path));
    json_object_set_new(o, "digits", json_integer(rep->digits_target));
    json_object_set_new(o, "upper_is_lp", json_boolean(cert->upper_is_lp));
    if (rep->rank >= 0)
        json_object_set_new(o, "rank", json_integer(rep->rank));
    json_object_set_new(o, "d_below_rank", json_boolean(rep->d_below_rank));
    if (rep->note[0])
        json_object_set_new(o, "note", json_string(rep->note));
    json_object_set_new(o, "certificate", cert_path ? json_string(cert_path) : json_null());
    json_t *group = pc_symmetry_to_json(sym);     /* SPEC 11 */
    if (group != NULL)
        json_object_set_new(o, "group", group);
    if (cert->lp != NULL)   /* SPEC 12: below the rank */
        json_object_set_new(o, "lp", pc_lowdim_result_json(cert->lp, cert->lower));
    if (rep->circulant != NULL && cert->kind == PC_CERT_CIRCULANT)
        json_object_set_new(o, "circulant", circulant_json(cert, rep->circulant));
    else if (cert->kind == PC_CERT_EXCHANGEABLE && cert->context_permutation != NULL
             && pc_instance_is_circulant(inst, NULL))
        json_object_set_new(o, "circulant", relabelled_circulant_json(cert, inst));
    if (cert->structure == PC_STRUCTURE_SIMPLEX_ETF && cert->has_gram) {
        /* issue 4 item 5: W W^T = u (I - J/V); orbitals of the group on [V] x [N] */
        json_t *etf = json_object();
        char *u = pc_rational_to_string(cert->gram_W);
        json_object_set_new(etf, "u", json_string(u));
        free(u);
        if (cert->kind == PC_CERT_GROUP)
            json_object_set_new(etf, "orbitals", json_integer(cert->num_orbitals));
        else if (cert->kind == PC_CERT_EXCHANGEABLE)
            json_object_set_new(etf, "orbitals", json_integer(2));   /* diagonal, off-diagonal */
        json_t *gram_H = pc_group_gram_H_json(cert, inst);
        if (gram_H != NULL)
            json_object_set_new(etf, "gram_H", gram_H);
        json_t *factors = pc_etf_factorisation_json(cert, inst);
        if (factors != NULL)
            json_object_set_new(etf, "factorisation", factors);
        json_object_set_new(o, "etf", etf);
    }
    return o;
}

int pc_cli_certify(int argc, char **argv)
{
    const char *instance_path = NULL, *out_path = NULL;
    int as_json = 0;
    long digits = 0;
    int force_dense = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (strcmp(argv[i], "-o") == 0) {
            if (++i >= argc)
                return pc_cli_usage_error("certify", "-o needs a file name");
            out_path = argv[i];
        } else if (strcmp(argv[i], "--path") == 0) {
            if (++i >= argc || (strcmp(argv[i], "auto") != 0 && strcmp(argv[i], "dense") != 0))
                return pc_cli_usage_error("certify", "--path needs 'auto' or 'dense'");
            force_dense = strcmp(argv[i], "dense") == 0;
        } else if (strcmp(argv[i], "--digits") == 0) {
            if (++i >= argc || pc_cli_parse_long(&digits, argv[i], 1, 10000) != 0)
                return pc_cli_usage_error("certify", "--digits needs an integer from 1 to 10000");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return pc_cli_usage_error("certify", "unknown option '%s'", argv[i]);
        } else if (instance_path == NULL) {
            instance_path = argv[i];
        } else {
            return pc_cli_usage_error("certify", "unexpected argument '%s'", argv[i]);
        }
    }
    if (instance_path == NULL)
        return pc_cli_usage_error("certify", "missing INSTANCE");

    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    struct stat info;
    if (pc_cli_progress_wanted() && stat(instance_path, &info) == 0 && info.st_size > (1 << 22))
        fprintf(stderr, "peelcert: reading %s (%.0f MB, exact rationals)\n", instance_path,
                (double) info.st_size / (1 << 20));
    pc_status_t st = pc_instance_read_file(&inst, instance_path, &msg);
    if (st != PC_OK) {
        fprintf(stderr, "peelcert certify: %s\n", msg.text);   /* the reader names the file */
        if (as_json) {
            json_t *o = json_object();
            json_object_set_new(o, "verified", json_false());
            json_object_set_new(o, "message", json_string(msg.text));
            pc_cli_print_json(o);
        }
        pc_instance_clear(&inst);
        return 2;
    }
    /* SPEC 11: describe the given symmetry, or discover one (attached to inst, validated) */
    pc_symmetry_t sym;
    pc_symmetry_init(&sym);
    pc_msg_t smsg = {{0}};
    if (!force_dense && pc_symmetry_prepare(&sym, &inst, &smsg) != PC_OK)
        snprintf(sym.note, sizeof sym.note, "%s", smsg.text);
    pc_certify_options_t opt = { digits, pc_cli_progress_wanted(), 1, force_dense };
    pc_certify_report_t rep;
    pc_cert_t cert;
    pc_cert_init(&cert, PC_CERT_DENSE);
    st = pc_certify(&cert, &rep, &inst, &opt, &msg);
    char *cert_path = NULL;
    if (st != PC_BAD_INPUT) {
        /* Bounds that were proved are written even when the digits target was missed. */
        cert_path = out_path ? strdup(out_path) : default_cert_path(instance_path);
        pc_msg_t wmsg = {{0}};
        if (pc_cert_write(&cert, &inst, cert_path, &wmsg) != PC_OK) {
            st = PC_BAD_INPUT;
            snprintf(msg.text, sizeof msg.text, "%s", wmsg.text);
        }
    }
    if (st == PC_OK && rep.d_below_rank && digits == 0 && strcmp(rep.path, "dense") == 0)
        snprintf(msg.text, sizeof msg.text, "every bound proved; d is below the rank of the "
                 "optimum, so the interval is not closed (see note; SPEC 4)");
    else if (st == PC_OK && rep.d_below_rank)
        snprintf(msg.text, sizeof msg.text, "every bound proved for val(C), gap <= 1e-%ld; d is "
                 "below the rank of the optimum, so val(LP) may be larger (see note; SPEC 4)",
                 (long) rep.digits_target);
    else if (st == PC_OK)
        snprintf(msg.text, sizeof msg.text, "every bound proved; certified gap <= 1e-%ld",
                 (long) rep.digits_target);
    char *lower = pc_cert_lower_text(&cert), *upper = pc_cert_upper_text(&cert);
    if (st == PC_BAD_INPUT)
        fprintf(stderr, "peelcert certify: %s: %s\n", instance_path, msg.text);
    if (as_json)
        pc_cli_print_json(result_json(&cert, &rep, &inst, lower, upper,
                                      cert_path && strcmp(cert_path, "-") ? cert_path : NULL, st, msg.text,
                                      &sym));
    else if (st != PC_BAD_INPUT && !(cert_path && strcmp(cert_path, "-") == 0))
        print_human(&cert, &rep, &inst, lower, upper, cert_path, st, msg.text, &sym);
    free(lower);
    free(upper);
    free(cert_path);
    pc_certify_report_clear(&rep);
    pc_symmetry_clear(&sym);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return pc_cli_exit_code(st);
}
