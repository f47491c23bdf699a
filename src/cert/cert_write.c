/* The deterministic certificate writer (certificates/FORMAT.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/cert.h"
#include "peelcert/numbers.h"

static json_t *decimal_json(const arb_t x, slong places, int lower)
{
    char *s = pc_arb_decimal_outward(x, places, lower);
    json_t *j = json_string(s);
    free(s);
    return j;
}

static const char *kind_name(pc_cert_kind_t kind)
{
    switch (kind) {
    case PC_CERT_CIRCULANT: return "circulant";
    case PC_CERT_EXCHANGEABLE: return "exchangeable";
    case PC_CERT_GROUP: return "group";
    case PC_CERT_CLASSES: return "classes";
    case PC_CERT_LOWRANK: return "lowrank";
    default: return "dense";
    }
}

/* FORMAT.md kind lowrank: RFC 4648 base64 of the n binary64 values x, little-endian bytes
 * (independent of the host's byte order). NULL if out of memory. */
static json_t *binary64_base64_json(const double *x, slong n)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t bytes = 8 * (size_t) n, len = 4 * ((bytes + 2) / 3);
    unsigned char *raw = malloc(bytes + 3);
    char *text = malloc(len + 1);
    json_t *out = NULL;
    if (raw != NULL && text != NULL) {
        for (slong j = 0; j < n; j++) {
            uint64_t bits;
            memcpy(&bits, x + j, 8);
            for (int b = 0; b < 8; b++)
                raw[8 * j + b] = (unsigned char) (bits >> (8 * b));
        }
        raw[bytes] = raw[bytes + 1] = raw[bytes + 2] = 0;
        size_t o = 0;
        for (size_t i = 0; i < bytes; i += 3) {
            uint32_t v = (uint32_t) raw[i] << 16 | (uint32_t) raw[i + 1] << 8 | raw[i + 2];
            text[o++] = alphabet[v >> 18 & 63];
            text[o++] = alphabet[v >> 12 & 63];
            text[o++] = i + 1 < bytes ? alphabet[v >> 6 & 63] : '=';
            text[o++] = i + 2 < bytes ? alphabet[v & 63] : '=';
        }
        text[o] = '\0';
        out = json_stringn(text, o);
    }
    free(raw);
    free(text);
    return out;
}

static json_t *index_list_json(const slong *x, slong n)
{
    json_t *list = json_array();
    for (slong j = 0; j < n; j++)
        json_array_append_new(list, json_integer(x[j]));
    return list;
}

/* FORMAT.md kind classes: the canonical class maps (the checker recomputes them). */
static json_t *classes_json(const pc_classes_t *cls, int symmetric, const pc_classes_sizes_t *sz)
{
    json_t *o = json_object();
    json_object_set_new(o, "tokens", json_integer(cls->u));
    json_object_set_new(o, "contexts", json_integer(cls->v));
    json_object_set_new(o, "reduction", json_string(sz != NULL ? "onehot-sizes"
                                                    : symmetric ? "onehot-symmetric" : "blocks"));
    if (sz != NULL) {   /* FORMAT.md: [n_s, m_s] by increasing m_s, then u0 */
        json_t *list = json_array();
        for (slong s = 0; s < sz->info.S; s++) {
            json_t *pair = json_array();
            json_array_append_new(pair, json_integer(sz->info.n[s]));
            json_array_append_new(pair, json_integer(sz->info.m[s]));
            json_array_append_new(list, pair);
        }
        json_object_set_new(o, "sizes", list);
        json_object_set_new(o, "untargeted", json_integer(sz->info.u0));
    }
    json_object_set_new(o, "token_class", index_list_json(cls->token_class, cls->V));
    json_object_set_new(o, "context_class", index_list_json(cls->context_class, cls->N));
    return o;
}

static json_t *claims_json(const pc_cert_t *cert)
{
    json_t *claims = json_object();
    json_object_set_new(claims, "lower", decimal_json(cert->lower, cert->places, 1));
    json_object_set_new(claims, "upper", decimal_json(cert->upper, cert->places, 0));
    json_object_set_new(claims, "upper_is_lp", json_boolean(cert->upper_is_lp));
    json_object_set_new(claims, "regime", json_string(pc_regime_name(cert->regime)));
    json_object_set_new(claims, "structure", json_string(pc_structure_name(cert->structure)));
    if (cert->kind == PC_CERT_LOWRANK)
        json_object_set_new(claims, "proof", json_string("float"));
    if (cert->kind == PC_CERT_DENSE && cert->has_kkt) {
        json_t *kkt = json_object();
        json_object_set_new(kkt, "lambda_W", pc_rational_json(cert->lambda_W));
        json_object_set_new(kkt, "lambda_H", pc_rational_json(cert->lambda_H));
        json_object_set_new(kkt, "residual_W", decimal_json(cert->residual_W, 20, 0));
        json_object_set_new(kkt, "residual_H", decimal_json(cert->residual_H, 20, 0));
        json_object_set_new(claims, "kkt", kkt);
    }
    if (cert->has_gram) {
        json_t *gram = json_object();
        json_object_set_new(gram, "W", pc_rational_json(cert->gram_W));
        if (cert->kind == PC_CERT_EXCHANGEABLE)
            json_object_set_new(gram, "H", pc_rational_json(cert->gram_H));
        json_object_set_new(claims, "gram", gram);
    }
    return claims;
}

/* FORMAT.md "Below the rank": the (LP) point at d and its claims. */
static json_t *lp_json(const pc_lowdim_result_t *lp)
{
    json_t *o = json_object();
    json_object_set_new(o, "W", pc_rational_matrix_json(lp->W));
    json_object_set_new(o, "H", pc_rational_matrix_json(lp->H));
    json_object_set_new(o, "upper", decimal_json(lp->upper, 20, 0));
    if (lp->proof.proved) {
        json_t *local = json_object();
        if (lp->proof.interior) {
            json_object_set_new(local, "gauge", json_string("GL(d)"));
        } else {
            json_object_set_new(local, "lambda_W", pc_rational_json(lp->lambda_W));
            json_object_set_new(local, "lambda_H", pc_rational_json(lp->lambda_H));
        }
        json_object_set_new(local, "radius", pc_rational_json(lp->proof.radius_exact));
        json_object_set_new(local, "penalties",
                            pc_rational_vector_json(lp->proof.penalties, lp->proof.num_penalties));
        if (lp->proof.precision > 0)   /* proved above binary64 (docs/below-rank.md) */
            json_object_set_new(local, "precision", json_integer(lp->proof.precision));
        if (!fmpq_is_zero(lp->proof.curvature_lower))
            json_object_set_new(local, "curvature_lower", pc_rational_json(lp->proof.curvature_lower));
        json_object_set_new(o, "local_minimum", local);
    }
    if (lp->has_symmetric) {
        json_t *sym = json_object();
        json_object_set_new(sym, "W", pc_rational_matrix_json(lp->sym_W));
        json_object_set_new(sym, "H", pc_rational_matrix_json(lp->sym_H));
        json_object_set_new(sym, "upper", decimal_json(lp->symmetric_upper, 20, 0));
        json_object_set_new(o, "symmetric", sym);
    }
    return o;
}

json_t *pc_cert_to_json(const pc_cert_t *cert, const pc_instance_t *inst)
{
    json_t *root = json_object();
    json_t *primal = json_object(), *dual = json_object();
    json_object_set_new(root, "format", json_string("peelcert-certificate/1"));
    json_object_set_new(root, "kind", json_string(kind_name(cert->kind)));
    json_object_set_new(root, "instance", pc_instance_to_json(inst));
    json_object_set_new(root, "claims", claims_json(cert));
    switch (cert->kind) {
    case PC_CERT_DENSE:
        json_object_set_new(primal, "W", pc_rational_matrix_json(cert->W));
        json_object_set_new(primal, "H", pc_rational_matrix_json(cert->H));
        json_object_set_new(dual, "Q", pc_rational_matrix_json(cert->Q));
        json_object_set_new(dual, "opnorm_bound", pc_rational_json(cert->opnorm_bound));
        break;
    case PC_CERT_CLASSES:
        json_object_set_new(root, "classes", classes_json(cert->classes, cert->symmetric != NULL,
                                                          cert->sizes));
        if (cert->sizes != NULL) {
            const pc_classes_sizes_t *sz = cert->sizes;
            json_object_set_new(primal, "d", pc_rational_vector_json(sz->d, sz->info.S));
            json_object_set_new(primal, "A", pc_rational_matrix_json(sz->A));
            json_object_set_new(primal, "B", pc_rational_matrix_json(sz->B));
            json_object_set_new(dual, "q_own", pc_rational_vector_json(sz->q_own, sz->info.S));
            json_object_set_new(dual, "q_other", pc_rational_matrix_json(sz->q));
            json_object_set_new(dual, "q_untargeted", pc_rational_vector_json(sz->q_un, sz->info.S));
            json_object_set_new(dual, "opnorm_bound", pc_rational_json(cert->opnorm_bound));
            break;
        }
        if (cert->symmetric != NULL) {
            const pc_classes_symmetric_t *sy = cert->symmetric;
            json_object_set_new(primal, "x", pc_rational_json(sy->x));
            json_object_set_new(primal, "y", pc_rational_json(sy->y));
            json_object_set_new(primal, "w", pc_rational_json(sy->w));
            json_object_set_new(dual, "q_target", pc_rational_json(sy->q_target));
            json_object_set_new(dual, "q_other", pc_rational_json(sy->q_other));
            json_object_set_new(dual, "q_untargeted", pc_rational_json(sy->q_untargeted));
            json_object_set_new(dual, "opnorm_bound", pc_rational_json(cert->opnorm_bound));
            break;
        }
        json_object_set_new(primal, "A", pc_rational_matrix_json(cert->W));
        json_object_set_new(primal, "B", pc_rational_matrix_json(cert->H));
        json_object_set_new(dual, "Q", pc_rational_matrix_json(cert->Q));
        json_object_set_new(dual, "opnorm_bound", pc_rational_json(cert->opnorm_bound));
        break;
    case PC_CERT_CIRCULANT:
        if (!pc_abelian_is_cyclic(&cert->group)) {   /* FORMAT.md: absent means [n] */
            json_t *orders = json_array();
            for (slong t = 0; t < cert->group.k; t++)
                json_array_append_new(orders, json_integer(cert->group.orders[t]));
            json_object_set_new(primal, "orders", orders);
        }
        json_object_set_new(primal, "c", pc_rational_vector_json(cert->c, cert->n));
        json_object_set_new(dual, "r", pc_rational_vector_json(cert->r, cert->n));
        break;
    case PC_CERT_LOWRANK:
        json_object_set_new(primal, "rank", json_integer(cert->lr_rank));
        json_object_set_new(primal, "W", binary64_base64_json(cert->lr_W, inst->tokens * cert->lr_rank));
        json_object_set_new(primal, "H", binary64_base64_json(cert->lr_H, cert->lr_rank * inst->contexts));
        json_object_set_new(dual, "rule", json_string("softmax"));
        json_object_set_new(dual, "opnorm_bound", pc_rational_json(cert->opnorm_bound));
        break;
    case PC_CERT_EXCHANGEABLE:
        json_object_set_new(primal, "x", pc_rational_json(cert->x));
        if (cert->context_permutation != NULL) {
            json_t *perm = json_array();
            for (slong i = 0; i < cert->n; i++)
                json_array_append_new(perm, json_integer(cert->context_permutation[i]));
            json_object_set_new(primal, "context_permutation", perm);
        }
        json_object_set_new(dual, "r", pc_rational_json(cert->r_diag));
        break;
    case PC_CERT_GROUP:
        json_object_set_new(primal, "z", pc_rational_vector_json(cert->z_orb, cert->num_orbitals));
        if (cert->commutant_generic != NULL) {
            json_t *t = json_array();
            for (slong j = 0; j < cert->num_characters; j++)
                json_array_append_new(t, json_integer(cert->commutant_generic[j]));
            json_object_set_new(primal, "commutant_generic", t);
        }
        json_object_set_new(dual, "q", pc_rational_vector_json(cert->q_orb, cert->num_orbitals));
        break;
    }
    json_object_set_new(root, "primal", primal);
    json_object_set_new(root, "dual", dual);
    if (cert->lp != NULL)
        json_object_set_new(root, "lp", lp_json(cert->lp));
    return root;
}

char *pc_cert_to_text(const pc_cert_t *cert, const pc_instance_t *inst)
{
    json_t *root = pc_cert_to_json(cert, inst);
    char *body = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER), *text = NULL;
    json_decref(root);
    if (body == NULL)
        return NULL;
    size_t len = strlen(body);
    if ((text = malloc(len + 2)) != NULL) {
        memcpy(text, body, len);
        text[len] = '\n';
        text[len + 1] = '\0';
    }
    free(body);
    return text;
}

/* Streams the JSON into the file (json_dumpf, the bytes of pc_cert_to_text): no copy of a
 * certificate of 10^8 bytes in memory besides its tree. */
pc_status_t pc_cert_write(const pc_cert_t *cert, const pc_instance_t *inst, const char *path,
                          pc_msg_t *msg)
{
    int to_stdout = path[0] == '-' && path[1] == '\0';
    json_t *root = pc_cert_to_json(cert, inst);
    FILE *f;
    int rc;
    if (root == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "-o: the certificate could not be serialised (out of memory)");
    f = to_stdout ? stdout : fopen(path, "w");
    if (f == NULL) {
        json_decref(root);
        return pc_fail(msg, PC_BAD_INPUT, "-o: cannot open '%s' for writing", path);
    }
    rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0 && fputc('\n', f) != EOF
         ? 0 : -1;
    json_decref(root);
    if (to_stdout) {
        if (fflush(stdout) != 0)
            rc = -1;
    } else if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        return pc_fail(msg, PC_BAD_INPUT, "-o: could not write the certificate to '%s'", path);
    return PC_OK;
}
