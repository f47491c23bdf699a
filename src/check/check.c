/* The command line of the independent checker (check.h): read, run every claim, report.
 * Only this file prints and chooses the exit code (STYLE 6). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <gmp.h>
#include <mpfr.h>
#include "check.h"
#include "check_float.h"
#include "check_internal.h"
#include "check_sweep.h"

#define PCC_PREC_START 128
#define PCC_PREC_MAX 4096
#define PCC_MAX_MEMORY_MB 4096      /* --max-memory default (README, FORMAT.md "Bounded work") */
#define PCC_JSON_FACTOR 16          /* parsed JSON (jansson) per byte of file, an upper estimate */

static const char *USAGE =
    "usage: peelcert-check CERT [--instance FILE] [--json] [--max-memory MB] [--help]\n"
    "  Re-establishes every claim of the certificate CERT (certificates/FORMAT.md) with exact\n"
    "  rationals and ball arithmetic. --instance FILE: also require that CERT is about exactly\n"
    "  the instance in FILE. --json: print one JSON object on stdout. --max-memory MB (default\n"
    "  4096): refuse a file, or an attempt at a claim, estimated to need more (exit 2, resp. the\n"
    "  claim is not decided), the address space limited to 2 x MB + 512 MB as a backstop.\n"
    "  Exit 0: every claim verified; 1: some claim rejected; 2: malformed input or usage.\n";

/* Writes the upper (or lower) end of x, rounded outward to `places` decimals. */
static void end_text(char *buf, size_t len, const arb_t x, int upper, int places, slong prec)
{
    arf_t e;
    mpfr_t m;
    char *s = NULL;
    arf_init(e);
    if (upper) arb_get_ubound_arf(e, x, prec); else arb_get_lbound_arf(e, x, prec);
    mpfr_init2(m, arf_bits(e) > 2 ? arf_bits(e) : 2);
    arf_get_mpfr(m, e, MPFR_RNDN);   /* exact: enough bits */
    if (mpfr_asprintf(&s, upper ? "%.*RUf" : "%.*RDf", places, m) >= 0) {
        snprintf(buf, len, "%s", s);
        mpfr_free_str(s);
    } else {
        snprintf(buf, len, "?");
    }
    mpfr_clear(m); arf_clear(e);
}

/* Decides x <= claim (upper) or x >= claim (lower) for an enclosure x of `what`; the detail
 * names the enclosure's end and the claimed number, e.g. "f(W H) <= 1.2636145852 (upper end of
 * enclosure) is not <= claimed 1.2636145851". */
int pcc_claim_bound(const arb_t x, const fmpq_t claim, const char *claim_text, int upper,
                    const char *what, slong prec, char *detail, size_t len)
{
    char end[256], ctext[128];
    const char *dot = claim_text ? strchr(claim_text, '.') : NULL, *op = upper ? "<=" : ">=";
    int places = dot ? (int) strlen(dot + 1) + 2 : 24;
    int out = upper ? pcc_prove_le(x, claim, prec) : pcc_prove_ge(x, claim, prec);
    if (places < 10) places = 10;
    if (places > 120) places = 120;
    end_text(end, sizeof end, x, upper, places, prec);
    if (claim_text) {
        snprintf(ctext, sizeof ctext, "%.*s%s", 100, claim_text, strlen(claim_text) > 100 ? "..." : "");
    } else {   /* a decimal claim read exactly; shown to 25 significant digits */
        mpq_t t;
        mpfr_t m;
        mpq_init(t); mpfr_init2(m, 128);
        fmpq_get_mpq(t, claim);
        mpfr_set_q(m, t, MPFR_RNDN);
        mpfr_snprintf(ctext, sizeof ctext, "%.25Rg", m);
        mpq_clear(t); mpfr_clear(m);
    }
    snprintf(detail, len, "%s %s %s (%s end of enclosure) %s %s claimed %s", what, op, end,
             upper ? "upper" : "lower", out == PCC_VERIFIED ? "is" : out == PCC_REJECTED
             ? "is not" : "is not proved", op, ctext);
    return out;
}

/* Frees a string of json_dumps with jansson's current free (the arena's, in pcc_main). */
static void dumped_free(char *s)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    if (s != NULL) f(s);
}

static json_t *error_json(const char *message)
{
    return json_pack("{s:b, s:s}", "verified", 0, "message", message);
}

static int print_error(int json, const char *message)
{
    if (json) {
        json_t *o = error_json(message);
        char *s = o ? json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
        printf("%s\n", s ? s : "{\"verified\": false, \"message\": \"(not UTF-8)\"}");
        dumped_free(s);
        json_decref(o);
    } else {
        fprintf(stderr, "peelcert-check: error: %s\n", message);
    }
    return 2;
}

/* The whole of f in one malloc'd buffer (*len bytes), or NULL with errno set. One fread per
 * chunk: jansson's json_loadf reads with one getc per character, a tenth of the checker's
 * time on small certificates. The size is bounded by the caller (file_too_big) for regular
 * files; for others it grows as needed, as json_loadf did. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t) st.st_size + 1;   /* + 1: the read that sees the end */
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (ferror(f)) break;
        if (n < cap) {   /* end of file */
            *len = n;
            return buf;
        }
        char *grown = cap > ((size_t) -1) / 2 ? NULL : realloc(buf, 2 * cap);
        if (grown == NULL) { errno = ENOMEM; break; }
        buf = grown;
        cap *= 2;
    }
    if (errno == 0) errno = EIO;
    free(buf);
    return NULL;
}

/* The whole file at path into a malloc'd buffer (*len bytes), or NULL with err filled. */
static char *read_file(const char *path, const char *what, size_t *len, pcc_error_t *err)
{
    struct stat st;
    FILE *f = NULL;
    char *text = NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        pcc_fail(err, "%s '%s': is a directory", what, path);
    else if ((f = fopen(path, "rb")) == NULL)     /* our message: jansson's would repeat the path */
        pcc_fail(err, "%s '%s': cannot open (%s)", what, path, strerror(errno));
    else if (errno = 0, (text = read_all(f, len)) == NULL)
        pcc_fail(err, "%s '%s': cannot read (%s)", what, path, strerror(errno));
    if (f != NULL)
        fclose(f);
    return text;
}

/* Strict JSON (no duplicate keys, no trailing data, valid UTF-8) from the text of the file at
 * path; the caller requires an object and names the field when it is not one. */
static json_t *parse_file_text(const char *text, size_t len, const char *path, const char *what,
                               pcc_error_t *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (root == NULL)
        pcc_fail(err, "%s '%s' is not strict JSON: %s (line %d, column %d)", what, path, je.text,
                 je.line, je.column);
    return root;
}

/* The file at path as strict JSON (as parse_file_text); its text is kept in *keep (the
 * caller frees it) if keep is not NULL, else freed. */
static json_t *load_json(const char *path, const char *what, pcc_error_t *err, char **keep,
                         size_t *keep_len)
{
    size_t len = 0;
    char *text = read_file(path, what, &len, err);
    json_t *root = text == NULL ? NULL : parse_file_text(text, len, path, what, err);
    if (keep != NULL) {
        *keep = text;
        *keep_len = len;
    } else {
        free(text);
    }
    return root;
}

/* The one-line verdict of a report. */

/* A sweep document (format "peelcert-sweep/1", check_sweep.c) rather than a certificate. */
static int is_sweep(const json_t *root)
{
    const json_t *f = json_is_object(root) ? json_object_get(root, "format") : NULL;
    return json_is_string(f) && strcmp(json_string_value(f), "peelcert-sweep/1") == 0;
}

/* Checks a sweep document: the report {"format", "verified", "message"} into *out and the exit
 * code. */
static int run_sweep(const json_t *root, json_t **out)
{
    char msg[1024];
    int rc = pcc_sweep_check(root, msg, sizeof msg);
    *out = json_pack("{s:s, s:b, s:s}", "format", "peelcert-sweep/1", "verified", rc == 0,
                     "message", msg);
    return rc;
}

static int report_sweep(const json_t *root, int json)
{
    json_t *out = NULL;
    int rc = run_sweep(root, &out);
    const char *m = json_string_value(json_object_get(out, "message"));
    if (json) {
        char *s = json_dumps(out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        printf("%s\n", s ? s : "{}");
        dumped_free(s);
    } else if (rc == 2) {
        fprintf(stderr, "peelcert-check: error: %s\n", m);
    } else {
        printf("sweep document: %s\n%s: %s\n", rc == 0 ? "VERIFIED" : "REJECTED",
               rc == 0 ? "verified" : "rejected", m);
    }
    json_decref(out);
    return rc;
}

static int report_message(char *message, size_t len, const pcc_report_t *R, const pcc_cert_t *C)
{
    int failed = 0, first = -1;
    for (int i = 0; i < R->n; i++)
        if (!R->claims[i].verified && failed++ == 0) first = i;
    if (failed == 0) {
        snprintf(message, len, "verified: all %d claims hold, so val(C)%s in "
                 "[%.120s, %.120s]", R->n, C->upper_is_lp ? " and val(LP) are" : " is", C->lower_text,
                 C->upper_text);
        if (C->lp != NULL)   /* below the rank: the lp block's point bounds val(LP) at d */
            pcc_lp_summary(message + strlen(message), len - strlen(message), C);
    } else
        snprintf(message, len, "rejected: %d of %d claims not verified; first: claim "
                 "%s rejected: %s", failed, R->n, R->claims[first].name, R->claims[first].detail);
    return failed;
}

/* The --json report object. */
static json_t *report_json(const pcc_report_t *R, const pcc_cert_t *C)
{
    char message[1024];
    int failed = report_message(message, sizeof message, R, C);
    json_t *o = json_object(), *list = json_array();
    json_object_set_new(o, "verified", json_boolean(failed == 0));
    json_object_set_new(o, "kind", json_string(C->kind == PCC_KIND_DENSE ? "dense"
                        : C->kind == PCC_KIND_CIRCULANT ? "circulant" : C->kind == PCC_KIND_GROUP ? "group"
                        : C->kind == PCC_KIND_CLASSES ? "classes"
                        : C->kind == PCC_KIND_LOWRANK ? "lowrank" : "exchangeable"));
    json_object_set_new(o, "lower", json_string(C->lower_text));
    json_object_set_new(o, "upper", json_string(C->upper_text));
    json_object_set_new(o, "upper_is_lp", json_boolean(C->upper_is_lp));
    json_object_set_new(o, "regime", json_string(C->regime));
    json_object_set_new(o, "structure", json_string(C->structure));
    for (int i = 0; i < R->n; i++)
        json_array_append_new(list, json_pack("{s:s, s:b, s:s}", "name", R->claims[i].name,
                              "verified", R->claims[i].verified, "detail", R->claims[i].detail));
    json_object_set_new(o, "claims", list);
    json_object_set_new(o, "message", json_string(message));
    return o;
}

static int report(const pcc_report_t *R, const pcc_cert_t *C, int json)
{
    char message[1024];
    int failed = report_message(message, sizeof message, R, C);
    if (json) {
        json_t *o = report_json(R, C);
        char *s = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
        printf("%s\n", s ? s : "{\"verified\": false}");
        dumped_free(s);
        json_decref(o);
    } else {
        for (int i = 0; i < R->n; i++)
            printf("claim %s %s: %s\n", R->claims[i].name,
                   R->claims[i].verified ? "verified" : "rejected", R->claims[i].detail);
        printf("%s\n", message);
    }
    return failed == 0 ? 0 : 1;
}

/* Runs every claim of the certificate that was read into C (the loop of pcc_main). */
static void run_claims(pcc_report_t *R, pcc_cert_t *C, long max_mb)
{
    C->prec = PCC_PREC_START;
    C->prec_max = PCC_PREC_MAX;
    C->max_bytes = (double) max_mb * 1048576.0;
    if (C->kind == PCC_KIND_DENSE) pcc_check_dense(R, C);
    else if (C->kind == PCC_KIND_CIRCULANT) pcc_check_circulant(R, C);
    else if (C->kind == PCC_KIND_GROUP) pcc_check_group(R, C);
    else if (C->kind == PCC_KIND_CLASSES) pcc_check_classes(R, C);
    else if (C->kind == PCC_KIND_LOWRANK) pcc_check_lowrank(R, C);
    else pcc_check_exchangeable(R, C);
    pcc_check_common(R, C);
    pcc_check_lp(R, C);
}

/* Compares the instance in root (read from `what`) with the certificate's instance, whose JSON
 * is cert_inst (NULL: unknown); 2 if it is malformed (err filled), else 0 with the comparison
 * added to the report. */
static int compare_instance_json(pcc_report_t *R, const pcc_cert_t *C, const json_t *root,
                                 const json_t *cert_inst, const char *what, pcc_error_t *err)
{
    pcc_instance_t I;
    char msg[256];
    int bad = root == NULL;
    if (!bad && cert_inst != NULL && json_equal((json_t *) root, (json_t *) cert_inst)) {
        /* The same JSON value (json_equal: same keys and values, key order aside; an integer
         * and a real are never equal). pcc_instance_read is a deterministic function of the
         * value (it never looks at key order or at the text), and it accepted cert_inst into
         * C->inst, so reading root would accept it and give the same instance, which
         * pcc_instance_compare would find equal: the second read and the comparison are
         * skipped. Anything else (e.g. "2/4" against "1/2") is read and compared in full. */
        pcc_report_add(R, "instance", 1, "the same instance as '%s'", what);
        return 0;
    }
    pcc_instance_init(&I);
    if (!bad) bad = pcc_instance_read(&I, root, "--instance", err);
    if (!bad) {
        int diff = pcc_instance_compare(&C->inst, &I, msg, sizeof msg);
        pcc_report_add(R, "instance", !diff, diff ? "the certificate is not about the instance in "
                       "'%s': %s" : "the same instance as '%s'", what, msg);
    }
    pcc_instance_clear(&I);
    return bad ? 2 : 0;
}

/* Reads --instance FILE and compares it with the certificate's instance (as above). cert_text
 * (NULL: not kept) is the certificate's text, which jansson accepted: when the file's text is
 * its "instance" member's text up to whitespace between tokens (check_textsame.c), the file is
 * strict JSON of the same value, and it is not parsed at all (cert_text is canonicalised in
 * place). */
static int compare_instance(pcc_report_t *R, const pcc_cert_t *C, const json_t *cert_inst,
                            char *cert_text, size_t cert_len, const char *path, pcc_error_t *err)
{
    size_t len = 0, s0, s1;
    char *text = read_file(path, "--instance", &len, err);
    if (text == NULL) return 2;
    if (cert_text != NULL && pcc_json_text_member(cert_text, cert_len, "instance", &s0, &s1)
        && pcc_json_text_canon_equals(text, len, cert_text + s0, pcc_json_text_canon(cert_text + s0, s1 - s0))) {
        free(text);
        pcc_report_add(R, "instance", 1, "the same instance as '%s'", path);
        return 0;
    }
    json_t *root = parse_file_text(text, len, path, "--instance", err);
    free(text);
    int rc = root == NULL ? 2 : compare_instance_json(R, C, root, cert_inst, path, err);
    pcc_json_release(root);
    return rc;
}

/* Strict JSON from a buffer, as load_json. */
static json_t *load_text(const char *text, size_t len, const char *what, pcc_error_t *err)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (root == NULL)
        pcc_fail(err, "%s is not strict JSON: %s (line %d, column %d)", what, je.text, je.line,
                 je.column);
    return root;
}

char *pcc_check_text(const char *cert_text, size_t cert_len, const char *instance_text,
                     size_t instance_len, int *exit_code)
{
    pcc_cert_t C;
    pcc_report_t R;
    pcc_error_t err;
    json_t *out, *inst_root = NULL;
    pcc_cert_init(&C);
    memset(&R, 0, sizeof R);
    json_t *root = load_text(cert_text, cert_len, "the certificate", &err);
    if (root != NULL && instance_text != NULL
        && (inst_root = load_text(instance_text, instance_len, "the instance", &err)) == NULL) {
        *exit_code = 2;
        out = error_json(err.text);
    } else if (root != NULL && is_sweep(root)) {
        *exit_code = run_sweep(root, &out);
    } else if (root == NULL || pcc_cert_read(&C, root, &err)
               || (inst_root && compare_instance_json(&R, &C, inst_root,
                                               json_object_get(root, "instance"),
                                               "the instance given", &err))) {
        *exit_code = 2;
        out = error_json(err.text);
    } else {
        run_claims(&R, &C, PCC_MAX_MEMORY_MB);
        out = report_json(&R, &C);
        *exit_code = json_is_true(json_object_get(out, "verified")) ? 0 : 1;
    }
    char *s = out ? json_dumps(out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(out);
    json_decref(inst_root);
    json_decref(root);
    pcc_cert_clear(&C);
    return s;
}

/* The file at path, if it exists, is small enough that its parsed JSON fits in max_mb
 * (PCC_JSON_FACTOR bytes per byte); 1 with err filled if not. */
static int file_too_big(const char *path, const char *what, long max_mb, pcc_error_t *err)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;   /* load_json says why */
    double need = (double) st.st_size * PCC_JSON_FACTOR / 1048576.0;
    if (need <= (double) max_mb) return 0;
    return pcc_fail(err, "%s '%s' is %.1f MB: reading it needs about %.0f MB, over --max-memory "
                    "%ld MB", what, path, (double) st.st_size / 1048576.0, need, max_mb);
}

/* The backstop of --max-memory: the address space is limited to 2 max_mb + 512 MB (the
 * estimates keep the checker far below; an allocation past it fails and FLINT stops the
 * process). Not in sanitizer builds, whose shadow memory needs a huge address space. */
static void limit_address_space(long max_mb)
{
#if defined(__SANITIZE_ADDRESS__)
    (void) max_mb;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    (void) max_mb;
#else
    struct rlimit rl = {(rlim_t) (2 * max_mb + 512) << 20, (rlim_t) (2 * max_mb + 512) << 20};
    struct rlimit old;
    if (getrlimit(RLIMIT_AS, &old) == 0 && (old.rlim_max == RLIM_INFINITY || old.rlim_max > rl.rlim_max))
        setrlimit(RLIMIT_AS, &rl);
#endif
#else
    struct rlimit rl = {(rlim_t) (2 * max_mb + 512) << 20, (rlim_t) (2 * max_mb + 512) << 20};
    struct rlimit old;
    if (getrlimit(RLIMIT_AS, &old) == 0 && (old.rlim_max == RLIM_INFINITY || old.rlim_max > rl.rlim_max))
        setrlimit(RLIMIT_AS, &rl);
#endif
}

int pcc_main(int argc, char **argv)
{
    const char *cert_path = NULL, *inst_path = NULL;
    char msg[1024];
    int json = 0, rc;
    long max_mb = PCC_MAX_MEMORY_MB;
    for (int i = 1; i < argc; i++) json |= strcmp(argv[i], "--json") == 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            continue;
        } else if (strcmp(argv[i], "--max-memory") == 0) {
            char *end = NULL;
            if (i + 1 >= argc) return print_error(json, "--max-memory needs a number of MB");
            errno = 0;
            max_mb = strtol(argv[++i], &end, 10);
            if (errno != 0 || end == argv[i] || *end != '\0' || max_mb < 16 || max_mb > 16777216) {
                snprintf(msg, sizeof msg, "--max-memory: '%.40s' is not a number of MB in [16, "
                         "16777216]", argv[i]);
                return print_error(json, msg);
            }
        } else if (strcmp(argv[i], "--instance") == 0) {
            if (i + 1 >= argc) return print_error(json, "--instance needs a FILE");
            inst_path = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            snprintf(msg, sizeof msg, "unknown option '%.200s'\n%s", argv[i], USAGE);
            return print_error(json, msg);
        } else if (cert_path != NULL) {
            snprintf(msg, sizeof msg, "more than one certificate given ('%.200s')", argv[i]);
            return print_error(json, msg);
        } else {
            cert_path = argv[i];
        }
    }
    if (cert_path == NULL) {
        snprintf(msg, sizeof msg, "no certificate given\n%s", USAGE);
        return print_error(json, msg);
    }
    pcc_cert_t C;
    pcc_report_t R;
    pcc_error_t err;
    pcc_cert_init(&C);
    memset(&R, 0, sizeof R);
    limit_address_space(max_mb);
    chk_float_sequential();
    json_t *root = NULL;
    /* jansson allocates in an arena until the trees are read (check_arena.c: the command line
     * only, one thread); the trees are then released at once */
    char *cert_text = NULL;
    size_t cert_len = 0;
    pcc_arena_begin();
    if (!file_too_big(cert_path, "certificate", max_mb, &err)
        && !(inst_path && file_too_big(inst_path, "--instance", max_mb, &err)))
        root = load_json(cert_path, "certificate", &err, inst_path ? &cert_text : NULL, &cert_len);
    if (root != NULL && is_sweep(root)) {
        rc = report_sweep(root, json);
    } else if (root == NULL || pcc_cert_read(&C, root, &err)) {
        rc = print_error(json, err.text);
    } else {
        /* C holds everything the claims need, the tree only the instance's value (for
         * compare_instance) */
        int bad = inst_path && compare_instance(&R, &C, json_object_get(root, "instance"),
                                                cert_text, cert_len, inst_path, &err);
        pcc_json_release(root);
        root = NULL;
        pcc_arena_end();
        if (bad) {
            rc = print_error(json, err.text);
        } else {
            run_claims(&R, &C, max_mb);
            rc = report(&R, &C, json);
        }
    }
    pcc_json_release(root);
    pcc_arena_end();
    free(cert_text);
    pcc_cert_clear(&C);
    flint_cleanup();
    return rc;
}
