/* The certificate reader (FORMAT.md): everything is read and validated before any claim is
 * checked, so a malformed certificate is refused (exit 2) whatever its claims say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_internal.h"

void pcc_cert_init(pcc_cert_t *C)
{
    memset(C, 0, sizeof *C);
    pcc_instance_init(&C->inst);
    fmpq_init(C->lower); fmpq_init(C->upper); fmpq_init(C->s); fmpq_init(C->x); fmpq_init(C->r1);
    fmpq_init(C->lambda_W); fmpq_init(C->lambda_H); fmpq_init(C->residual_W);
    fmpq_init(C->residual_H); fmpq_init(C->gram_W); fmpq_init(C->gram_H);
    fmpq_init(C->sum_W2); fmpq_init(C->sum_H2);
    fmpq_init(C->sx); fmpq_init(C->sy); fmpq_init(C->sw);
    fmpq_init(C->qt); fmpq_init(C->qother); fmpq_init(C->qu);
    fmpq_mat_init(C->W, 0, 0); fmpq_mat_init(C->H, 0, 0); fmpq_mat_init(C->Q, 0, 0);
}

void pcc_cert_clear(pcc_cert_t *C)
{
    pcc_instance_clear(&C->inst);
    free(C->lower_text); free(C->upper_text);
    fmpq_clear(C->lower); fmpq_clear(C->upper); fmpq_clear(C->s); fmpq_clear(C->x); fmpq_clear(C->r1);
    fmpq_clear(C->lambda_W); fmpq_clear(C->lambda_H); fmpq_clear(C->residual_W);
    fmpq_clear(C->residual_H); fmpq_clear(C->gram_W); fmpq_clear(C->gram_H);
    fmpq_clear(C->sum_W2); fmpq_clear(C->sum_H2);
    fmpq_clear(C->sx); fmpq_clear(C->sy); fmpq_clear(C->sw);
    fmpq_clear(C->qt); fmpq_clear(C->qother); fmpq_clear(C->qu);
    fmpq_mat_clear(C->W); fmpq_mat_clear(C->H); fmpq_mat_clear(C->Q);
    if (C->c) _fmpq_vec_clear(C->c, C->n);
    if (C->r) _fmpq_vec_clear(C->r, C->n);
    if (C->c_abs) _arb_vec_clear(C->c_abs, C->n);
    if (C->m_abs) _arb_vec_clear(C->m_abs, C->n);
    free(C->context_perm);
    pcc_opnorm_clear(C);
    pcc_dense_clear(C);
    pcc_group_clear(C);
    pcc_classes_clear(C);
    pcc_lp_clear(C);
    pcc_lowrank_clear(C);
}

static int read_object(const json_t **out, const json_t *parent, const char *key, const char *path,
                       pcc_error_t *err)
{
    *out = json_object_get(parent, key);
    if (!json_is_object(*out))
        return pcc_fail(err, "%s: expected an object, got %s", path, pcc_json_type_name(*out));
    return 0;
}

/* Requires every key of obj to be one of the NULL-terminated list `known`. */
static int only_keys(const json_t *obj, const char *const *known, const char *path, pcc_error_t *err)
{
    return pcc_json_known_keys(obj, known, path, "claim", err);
}

static int read_choice(char *out, size_t len, const json_t *v, const char *path,
                       const char *const *choices, pcc_error_t *err)
{
    if (json_is_string(v))
        for (const char *const *c = choices; *c; c++)
            if (strcmp(*c, json_string_value(v)) == 0) {
                snprintf(out, len, "%s", *c);
                return 0;
            }
    return pcc_fail(err, "%s: expected one of \"%s\", \"%s\", \"%s\"", path, choices[0], choices[1],
                    choices[2]);
}

/* claims.proof (FORMAT.md): "float" for kind lowrank (required), absent or "ball" otherwise. */
static int read_proof(const pcc_cert_t *C, const json_t *v, pcc_error_t *err)
{
    const char *want = C->kind == PCC_KIND_LOWRANK ? "float" : "ball";
    if (v == NULL && C->kind != PCC_KIND_LOWRANK) return 0;
    if (json_is_string(v) && strcmp(json_string_value(v), want) == 0) return 0;
    return pcc_fail(err, "claims.proof: expected \"%s\" for kind %s, got %s%s%s", want,
                    C->kind == PCC_KIND_LOWRANK ? "lowrank" : "other than lowrank",
                    json_is_string(v) ? "\"" : "", json_is_string(v) ? json_string_value(v)
                    : pcc_json_type_name(v), json_is_string(v) ? "\"" : "");
}

static int read_claims(pcc_cert_t *C, const json_t *cl, pcc_error_t *err)
{
    static const char *const regimes[] = {"binding", "interior", "undetermined", NULL};
    static const char *const structures[] = {"none", "circulant", "simplex-etf",
                                             "group-invariant", NULL};
    static const char *const known[] = {"lower", "upper", "upper_is_lp", "regime", "structure",
                                        "kkt", "gram", "proof", NULL};
    static const char *const kkt_keys[] = {"lambda_W", "lambda_H", "residual_W", "residual_H", NULL};
    static const char *const gram_keys[] = {"W", "H", NULL};
    const json_t *v;
    if (only_keys(cl, known, "claims", err)
        || pcc_json_decimal(C->lower, json_object_get(cl, "lower"), "claims.lower", err)
        || pcc_json_decimal(C->upper, json_object_get(cl, "upper"), "claims.upper", err))
        return 1;
    C->lower_text = strdup(json_string_value(json_object_get(cl, "lower")));
    C->upper_text = strdup(json_string_value(json_object_get(cl, "upper")));
    v = json_object_get(cl, "upper_is_lp");
    if (!json_is_boolean(v))
        return pcc_fail(err, "claims.upper_is_lp: expected true or false, got %s", pcc_json_type_name(v));
    C->upper_is_lp = json_is_true(v);
    if (read_choice(C->regime, sizeof C->regime, json_object_get(cl, "regime"), "claims.regime",
                    regimes, err)
        || read_choice(C->structure, sizeof C->structure, json_object_get(cl, "structure"),
                       "claims.structure", structures, err))
        return 1;
    if (read_proof(C, json_object_get(cl, "proof"), err)) return 1;
    if (json_object_get(cl, "kkt")) {
        C->has_kkt = 1;
        if (C->kind != PCC_KIND_DENSE)
            return pcc_fail(err, "claims.kkt: only certificates of kind dense carry it");
        if (read_object(&v, cl, "kkt", "claims.kkt", err) || only_keys(v, kkt_keys, "claims.kkt", err)
            || pcc_json_rational(C->lambda_W, json_object_get(v, "lambda_W"), "claims.kkt.lambda_W", err)
            || pcc_json_rational(C->lambda_H, json_object_get(v, "lambda_H"), "claims.kkt.lambda_H", err)
            || pcc_json_decimal(C->residual_W, json_object_get(v, "residual_W"), "claims.kkt.residual_W", err)
            || pcc_json_decimal(C->residual_H, json_object_get(v, "residual_H"), "claims.kkt.residual_H", err))
            return 1;
    }
    if (json_object_get(cl, "gram")) {
        C->has_gram = 1;
        if (read_object(&v, cl, "gram", "claims.gram", err) || only_keys(v, gram_keys, "claims.gram", err)
            || pcc_json_rational(C->gram_W, json_object_get(v, "W"), "claims.gram.W", err))
            return 1;
        C->has_gram_H = json_object_get(v, "H") != NULL;
        if (C->has_gram_H && pcc_json_rational(C->gram_H, json_object_get(v, "H"), "claims.gram.H", err))
            return 1;
    }
    return 0;
}

/* Checks the shape rows x cols of a JSON matrix before anything is allocated for it. */
static int matrix_shape(const json_t *v, const char *path, slong rows, slong cols, pcc_error_t *err)
{
    char sub[256];
    if (pcc_json_array(v, path, rows, err)) return 1;
    for (slong i = 0; i < rows; i++) {
        snprintf(sub, sizeof sub, "%s[%ld]", path, i);
        if (pcc_json_array(json_array_get(v, (size_t) i), sub, cols, err)) return 1;
    }
    return 0;
}

static int read_matrix(fmpq_mat_t M, const json_t *obj, const char *key, const char *path,
                       slong rows, slong cols, pcc_error_t *err)
{
    const json_t *v = json_object_get(obj, key);
    if (matrix_shape(v, path, rows, cols, err)) return 1;
    fmpq_mat_clear(M);
    fmpq_mat_init(M, rows, cols);
    return pcc_json_rational_matrix(M, v, path, err);
}

static int read_kind_data(pcc_cert_t *C, const json_t *root, const json_t *primal,
                          const json_t *dual, pcc_error_t *err)
{
    pcc_instance_t *I = &C->inst;
    if (C->kind == PCC_KIND_CLASSES) return pcc_classes_read(C, root, primal, dual, err);
    if (C->kind == PCC_KIND_LOWRANK) return pcc_lowrank_read(C, primal, dual, err);
    if (C->kind == PCC_KIND_DENSE) {
        return read_matrix(C->W, primal, "W", "primal.W", I->V, I->d, err)
            || read_matrix(C->H, primal, "H", "primal.H", I->d, I->N, err)
            || read_matrix(C->Q, dual, "Q", "dual.Q", I->N, I->V, err)
            || pcc_json_rational(C->s, json_object_get(dual, "opnorm_bound"), "dual.opnorm_bound", err);
    }
    if (C->kind == PCC_KIND_CIRCULANT) {
        const json_t *c = json_object_get(primal, "c"), *r = json_object_get(dual, "r");
        if (pcc_json_array(c, "primal.c", I->V, err) || pcc_json_array(r, "dual.r", I->V, err))
            return 1;
        C->n = I->V;
        pcc_abelian_cyclic(&C->group, C->n);
        if (json_object_get(primal, "orders") != NULL
            && pcc_abelian_read(&C->group, json_object_get(primal, "orders"), "primal.orders",
                              C->n, err))
            return 1;
        C->c = _fmpq_vec_init(C->n);
        C->r = _fmpq_vec_init(C->n);
        return pcc_json_rational_vector(C->c, c, "primal.c", C->n, err)
            || pcc_json_rational_vector(C->r, r, "dual.r", C->n, err);
    }
    if (C->kind == PCC_KIND_GROUP) return pcc_group_read(C, primal, dual, err);
    C->n = I->V;
    return pcc_json_rational(C->x, json_object_get(primal, "x"), "primal.x", err)
        || pcc_json_rational(C->r1, json_object_get(dual, "r"), "dual.r", err)
        || pcc_relabel_read(C, primal, err);
}

/* Reads a whole certificate; returns 0, or 1 with err naming the field (exit 2). */
int pcc_cert_read(pcc_cert_t *C, const json_t *root, pcc_error_t *err)
{
    const json_t *f = json_object_get(root, "format"), *k = json_object_get(root, "kind");
    const json_t *claims, *primal, *dual;
    if (!json_is_object(root))
        return pcc_fail(err, "top level: expected a JSON object, got %s", pcc_json_type_name(root));
    if (!json_is_string(f) || strcmp(json_string_value(f), "peelcert-certificate/1") != 0)
        return pcc_fail(err, "format: expected \"peelcert-certificate/1\"");
    if (json_is_string(k) && strcmp(json_string_value(k), "dense") == 0) C->kind = PCC_KIND_DENSE;
    else if (json_is_string(k) && strcmp(json_string_value(k), "circulant") == 0) C->kind = PCC_KIND_CIRCULANT;
    else if (json_is_string(k) && strcmp(json_string_value(k), "exchangeable") == 0) C->kind = PCC_KIND_EXCHANGEABLE;
    else if (json_is_string(k) && strcmp(json_string_value(k), "group") == 0) C->kind = PCC_KIND_GROUP;
    else if (json_is_string(k) && strcmp(json_string_value(k), "classes") == 0) C->kind = PCC_KIND_CLASSES;
    else if (json_is_string(k) && strcmp(json_string_value(k), "lowrank") == 0) C->kind = PCC_KIND_LOWRANK;
    else return pcc_fail(err, "kind: expected \"dense\", \"circulant\", \"exchangeable\", \"group\", \"classes\" or \"lowrank\"");
    if (pcc_instance_read(&C->inst, json_object_get(root, "instance"), "instance", err)
        || read_object(&claims, root, "claims", "claims", err) || read_claims(C, claims, err)
        || read_object(&primal, root, "primal", "primal", err)
        || read_object(&dual, root, "dual", "dual", err))
        return 1;
    return read_kind_data(C, root, primal, dual, err) || pcc_lp_read(C, root, err);
}
