/* pc_api_audit (api.h): the audit --json document of a claim passed as arrays in memory. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "api_internal.h"
#include "peelcert/audit.h"
#include "peelcert/numbers.h"

struct audit_args {
    const char *instance_json, *options_json;
    const pc_api_matrix_t *W, *H, *Z;
};

/* One entry of m, exactly: a finite float32/float64 is the dyadic rational it is, a string an
 * exact rational. PC_BAD_INPUT naming field[i][j] otherwise. */
static pc_status_t entry_from_buffer(fmpq_t out, const pc_api_matrix_t *m, const char *field,
                                     slong i, slong j, pc_msg_t *msg)
{
    size_t k = (size_t) i * (size_t) m->cols + (size_t) j;
    if (m->dtype == PC_API_EXACT) {
        const char *text = ((const char *const *) m->data)[k];
        const char *why = NULL;
        if (text == NULL)
            return pc_fail(msg, PC_BAD_INPUT, "%s[%ld][%ld]: missing (NULL)", field, (long) i, (long) j);
        if (pc_rational_parse(out, text, &why) != 0)
            return pc_fail(msg, PC_BAD_INPUT, "%s[%ld][%ld]: \"%.40s%s\" is not an exact rational: %s",
                           field, (long) i, (long) j, text, strlen(text) > 40 ? "..." : "", why);
        return PC_OK;
    }
    double x = m->dtype == PC_API_FLOAT32 ? (double) ((const float *) m->data)[k]
                                          : ((const double *) m->data)[k];
    if (!isfinite(x))
        return pc_fail(msg, PC_BAD_INPUT, "%s[%ld][%ld]: %g is not a finite number", field, (long) i,
                       (long) j, x);
    pc_rational_set_double(out, x);     /* float32 -> double is exact */
    return PC_OK;
}

/* Reads the matrix m into A (re-initialised to its shape) and its dtype into *dtype; checks
 * the description first (data, shape within PC_MAX_DENSE_ENTRIES, a known dtype). */
static pc_status_t matrix_from_buffer(fmpq_mat_t A, pc_dtype_t *dtype, const pc_api_matrix_t *m,
                                      const char *field, pc_msg_t *msg)
{
    if (m->data == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: no data (NULL)", field);
    if (m->rows < 1 || m->cols < 1)
        return pc_fail(msg, PC_BAD_INPUT, "%s: shape %ld x %ld, needs at least one row and column",
                       field, m->rows, m->cols);
    if ((double) m->rows * (double) m->cols > (double) PC_MAX_DENSE_ENTRIES)
        return pc_fail(msg, PC_BAD_INPUT, "%s: %ld x %ld entries exceed the limit %ld", field,
                       m->rows, m->cols, (long) PC_MAX_DENSE_ENTRIES);
    if (m->dtype != PC_API_EXACT && m->dtype != PC_API_FLOAT32 && m->dtype != PC_API_FLOAT64)
        return pc_fail(msg, PC_BAD_INPUT, "%s: dtype code %d, expected %d (exact strings), %d (float32) "
                       "or %d (float64)", field, m->dtype, PC_API_EXACT, PC_API_FLOAT32, PC_API_FLOAT64);
    fmpq_mat_clear(A);
    fmpq_mat_init(A, m->rows, m->cols);
    for (slong i = 0; i < m->rows; i++)
        for (slong j = 0; j < m->cols; j++) {
            pc_status_t st = entry_from_buffer(fmpq_mat_entry(A, i, j), m, field, i, j, msg);
            if (st != PC_OK)
                return st;
        }
    *dtype = m->dtype == PC_API_FLOAT32 ? PC_DTYPE_FLOAT32
             : m->dtype == PC_API_FLOAT64 ? PC_DTYPE_FLOAT64 : PC_DTYPE_EXACT;
    return PC_OK;
}

/* The claim from the arrays: W and H, or Z, exactly one of the two (as the CLI's --W/--H/--Z). */
static pc_status_t claim_from_buffers(pc_claim_t *claim, const struct audit_args *a, pc_msg_t *msg)
{
    int factors = a->W != NULL || a->H != NULL;
    if (factors && a->Z != NULL)
        return pc_fail(msg, PC_BAD_INPUT, "claim: give either W and H, or Z, not both");
    if (!factors && a->Z == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "claim: none given; give W and H, or Z");
    if (factors && (a->W == NULL || a->H == NULL))
        return pc_fail(msg, PC_BAD_INPUT, "%s is given without %s: the factors need both",
                       a->W != NULL ? "W" : "H", a->W != NULL ? "H" : "W");
    claim->has_factors = factors;
    if (!factors)
        return matrix_from_buffer(claim->Z, &claim->dtype_Z, a->Z, "Z", msg);
    pc_status_t st = matrix_from_buffer(claim->W, &claim->dtype_W, a->W, "W", msg);
    return st == PC_OK ? matrix_from_buffer(claim->H, &claim->dtype_H, a->H, "H", msg) : st;
}

/* options.eps into eps and its text (kept for the document, as the CLI echoes --eps): a
 * positive rational or decimal with optional exponent; "1e-6" when absent or null. The text
 * points into root (or a literal) and lives as long as root. */
static pc_status_t read_eps(fmpq_t eps, const char **text, json_t *root, pc_msg_t *msg)
{
    json_t *v = root != NULL ? json_object_get(root, "eps") : NULL;
    const char *why = NULL;
    *text = "1e-6";
    if (v != NULL && !json_is_null(v)) {
        if (!json_is_string(v))
            return pc_fail(msg, PC_BAD_INPUT, "eps: expected a string such as \"1e-6\" or \"1/1000\"");
        *text = json_string_value(v);
    }
    int parsed = pc_rational_parse_scientific(eps, *text, &why) == 0;
    if (!parsed || fmpq_sgn(eps) <= 0)
        return pc_fail(msg, PC_BAD_INPUT, "eps: '%.60s' must be a positive rational or decimal%s%s",
                       *text, parsed ? "" : ": ", parsed ? "" : why);
    return PC_OK;
}

static char *audit_body(void *p)
{
    static const char *const allowed[] = { "digits", "eps", NULL };
    const struct audit_args *a = p;
    pc_msg_t msg = {{0}};
    long digits;
    const char *eps_text = NULL;
    fmpq_t eps;
    fmpq_init(eps);
    pc_instance_t inst;
    pc_claim_t claim;
    pc_instance_init(&inst);
    pc_claim_init(&claim);
    json_t *opts = NULL;
    pc_status_t st = pc_api_read_request(&inst, &digits, NULL, a->instance_json, a->options_json,
                                         allowed, &msg);
    if (st == PC_OK && a->options_json != NULL && a->options_json[0] != '\0')
        opts = json_loads(a->options_json, 0, NULL);    /* valid JSON: read_request parsed it */
    if (st == PC_OK)
        st = read_eps(eps, &eps_text, opts, &msg);
    if (st == PC_OK)
        st = claim_from_buffers(&claim, a, &msg);
    json_t *doc = NULL;
    int code = 2;
    if (st == PC_OK)
        doc = pc_audit_document(&inst, &claim, eps, eps_text, digits, 0, &code, NULL, &st, &msg);
    char *out = doc != NULL ? pc_api_envelope(code, doc, NULL) : pc_api_bad_input(msg.text);
    pc_claim_clear(&claim);
    pc_instance_clear(&inst);
    fmpq_clear(eps);
    json_decref(opts);
    return out;
}

char *pc_api_audit(const char *instance_json, const char *options_json, const pc_api_matrix_t *W,
                   const pc_api_matrix_t *H, const pc_api_matrix_t *Z)
{
    struct audit_args a = { instance_json, options_json, W, H, Z };
    return pc_api_guarded(audit_body, &a);
}
