/* Claims of kind "classes" (FORMAT.md, "Kind classes"; SPEC 10). The certificate gives the
 * canonical token and context class maps, block factors A (u x r), B (r x v), a block dual Q
 * (v x u) and s. The checker first recomputes the classes from the instance itself (exact
 * equality of target columns and rows) and requires the maps to be exactly the canonical ones;
 * only then are the block claims meaningful, since each rests on P being constant on every block
 * C_b x T_a:
 *   W = E_T A, H = B E_C^T:  ||W||_F^2 = sum_a t_a ||A_a||^2,  ||H||_F^2 = sum_b c_b ||B^b||^2;
 *   f(W H) = (1/N) sum_b c_b [log sum_a t_a exp(R_ab) - sum_a t_a p(b,a) R_ab],  R = A B;
 *   Q expanded is in the simplex iff Q >= 0 and sum_a t_a Q[b][a] = 1;
 *   ||Q - P||_op = ||D_C^(1/2) M D_T^(1/2)||_op (M = Q - Pr) <= s  iff  s^2 D_T^-1 - M^T D_C M
 *   (or s^2 D_C^-1 - M D_T M^T) is positive semidefinite; proved by ball Cholesky;
 *   LB = (1/N) [sum_b c_b sum_a t_a (-Q log Q) - rho s]. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arb_mat.h>
#include "check_internal.h"

void pcc_classes_clear(pcc_cert_t *C)
{
    free(C->tclass); free(C->cclass); free(C->tsize); free(C->csize); free(C->trep); free(C->crep);
    if (C->Pr) _fmpq_vec_clear(C->Pr, C->cu * C->cv);
    C->tclass = C->cclass = C->tsize = C->csize = C->trep = C->crep = NULL;
    C->Pr = NULL;
    pcc_sizes_clear(C);
}

/* A class map: n integers in [0, count), every class used (sizes filled), first members. */
static int read_map(slong **map, slong **size, slong **rep, const json_t *v, const char *path,
                    slong n, slong count, pcc_error_t *err)
{
    char sub[96];
    if (pcc_json_array(v, path, n, err)) return 1;
    *map = malloc(sizeof(slong) * (size_t) (n + 1));
    *size = calloc((size_t) (count + 1), sizeof(slong));
    *rep = malloc(sizeof(slong) * (size_t) (count + 1));
    for (slong x = 0; x < n; x++) {
        snprintf(sub, sizeof sub, "%s[%ld]", path, x);
        if (pcc_json_size(*map + x, json_array_get(v, (size_t) x), sub, 0, count - 1, err)) return 1;
        if ((*size)[(*map)[x]]++ == 0) (*rep)[(*map)[x]] = x;
    }
    for (slong a = 0; a < count; a++)
        if ((*size)[a] == 0) return pcc_fail(err, "%s: class %ld has no member", path, a);
    return 0;
}

/* Block targets Pr[b u + a] = P[crep_b][trep_a] (meaningful once the classes are verified). */
static void block_targets(pcc_cert_t *C)
{
    C->Pr = _fmpq_vec_init(C->cu * C->cv);
    for (slong b = 0; b < C->cv; b++)
        for (slong a = 0; a < C->cu; a++)
            pcc_instance_entry(C->Pr + b * C->cu + a, &C->inst, C->crep[b], C->trep[a]);
}

int pcc_classes_read(pcc_cert_t *C, const json_t *root, const json_t *primal, const json_t *dual,
                     pcc_error_t *err)
{
    pcc_instance_t *I = &C->inst;
    const json_t *cl = json_object_get(root, "classes"), *A = json_object_get(primal, "A"), *row;
    if (I->form != PCC_DENSE && I->form != PCC_ONEHOT && I->form != PCC_SPARSE)
        return pcc_fail(err, "kind: classes needs dense, one-hot or sparse targets");
    if (!json_is_object(cl))
        return pcc_fail(err, "classes: expected an object, got %s", pcc_json_type_name(cl));
    if (pcc_json_size(&C->cu, json_object_get(cl, "tokens"), "classes.tokens", 1, I->V, err)
        || pcc_json_size(&C->cv, json_object_get(cl, "contexts"), "classes.contexts", 1, I->N, err))
        return 1;
    if (read_map(&C->tclass, &C->tsize, &C->trep, json_object_get(cl, "token_class"),
                 "classes.token_class", I->V, C->cu, err)
        || read_map(&C->cclass, &C->csize, &C->crep, json_object_get(cl, "context_class"),
                    "classes.context_class", I->N, C->cv, err)
        )
        return 1;
    const json_t *red = json_object_get(cl, "reduction");
    if (!json_is_string(red) || (strcmp(json_string_value(red), "blocks") != 0
                                 && strcmp(json_string_value(red), "onehot-symmetric") != 0
                                 && strcmp(json_string_value(red), "onehot-sizes") != 0))
        return pcc_fail(err, "classes.reduction: expected \"blocks\", \"onehot-symmetric\" or "
                        "\"onehot-sizes\"");
    if (strcmp(json_string_value(red), "onehot-sizes") == 0) {
        C->sizes = 1;
        return pcc_sizes_read(C, cl, primal, dual, err);
    }
    if (strcmp(json_string_value(red), "onehot-symmetric") == 0) {
        C->symmetric = 1;
        return pcc_symmetric_read(C, primal, dual, err);
    }
    if (pcc_json_array(A, "primal.A", C->cu, err))
        return 1;
    row = json_array_get(A, 0);
    if (!json_is_array(row) || json_array_size(row) < 1 || (slong) json_array_size(row) > C->cu)
        return pcc_fail(err, "primal.A[0]: expected an array of 1 to %ld entries", C->cu);
    C->cr = (slong) json_array_size(row);
    if (pcc_json_sized_rational_matrix(C->W, A, "primal.A", C->cu, C->cr, err)
        || pcc_json_sized_rational_matrix(C->H, json_object_get(primal, "B"), "primal.B", C->cr, C->cv, err)
        || pcc_json_sized_rational_matrix(C->Q, json_object_get(dual, "Q"), "dual.Q", C->cv, C->cu, err)
        || pcc_json_rational(C->s, json_object_get(dual, "opnorm_bound"), "dual.opnorm_bound", err))
        return 1;
    if (C->cu * C->cv > PCC_MAX_DENSE)
        return pcc_fail(err, "classes: %ld x %ld blocks exceed the limit of %ld", C->cu, C->cv,
                        (long) PCC_MAX_DENSE);
    block_targets(C);
    return 0;
}

/* ---- recomputing the classes from the instance: lists of (index, value) per row / column */
typedef struct {
    slong *start, *index;
    const fmpq **value;
} lists_t;

static void lists_clear(lists_t *L)
{
    free(L->start); free(L->index); free(L->value);
}

/* The nonzero entries of P by rows (by_rows) or by columns, indices increasing. */
static void target_lists(lists_t *L, const pcc_instance_t *I, const fmpq_t one, int by_rows)
{
    slong V = I->V, N = I->N, n = by_rows ? N : V, nnz = 0, m;
    slong *count = calloc((size_t) (n + 1), sizeof(slong));
    memset(L, 0, sizeof *L);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            nnz = 0;
            for (slong x = 0; x < n; x++) { slong c = count[x]; count[x] = nnz; nnz += c; }
            L->start = malloc(sizeof(slong) * (size_t) (n + 1));
            memcpy(L->start, count, sizeof(slong) * (size_t) n);
            L->start[n] = nnz;
            L->index = malloc(sizeof(slong) * (size_t) (nnz + 1));
            L->value = malloc(sizeof(fmpq *) * (size_t) (nnz + 1));
        }
        for (slong i = 0; i < N; i++) {
            slong lo = 0, hi = 0;
            if (I->form == PCC_SPARSE) { lo = I->sp_start[i]; hi = I->sp_start[i + 1]; }
            else if (I->form == PCC_ONEHOT) { lo = 0; hi = 1; }
            else { lo = 0; hi = V; }
            for (slong e = lo; e < hi; e++) {
                slong k = I->form == PCC_SPARSE ? I->sp_index[e] : I->form == PCC_ONEHOT ? I->onehot[i] : e;
                const fmpq *val = I->form == PCC_SPARSE ? I->sp_value + e
                                : I->form == PCC_ONEHOT ? one : I->P + i * V + k;
                if (fmpq_is_zero(val)) continue;
                slong owner = by_rows ? i : k;
                if (pass == 0) { count[owner]++; continue; }
                m = count[owner]++;
                L->index[m] = by_rows ? k : i;
                L->value[m] = val;
            }
        }
    }
    free(count);
}

/* Total order on lists: length, then entries (index, then value), then the list's number. */
static int list_cmp(const void *p, const void *q, void *arg)
{
    const lists_t *L = arg;
    slong x = *(const slong *) p, y = *(const slong *) q;
    slong lx = L->start[x + 1] - L->start[x], ly = L->start[y + 1] - L->start[y];
    if (lx != ly) return lx < ly ? -1 : 1;
    for (slong m = 0; m < lx; m++) {
        slong a = L->index[L->start[x] + m], b = L->index[L->start[y] + m];
        if (a != b) return a < b ? -1 : 1;
        int c = fmpq_cmp(L->value[L->start[x] + m], L->value[L->start[y] + m]);
        if (c) return c;
    }
    return (x > y) - (x < y);
}

static int list_equal(const lists_t *L, slong x, slong y)
{
    slong lx = L->start[x + 1] - L->start[x];
    if (lx != L->start[y + 1] - L->start[y]) return 0;
    for (slong m = 0; m < lx; m++)
        if (L->index[L->start[x] + m] != L->index[L->start[y] + m]
            || !fmpq_equal(L->value[L->start[x] + m], L->value[L->start[y] + m]))
            return 0;
    return 1;
}

/* Canonical classes (FORMAT.md): sorted, equal lists are adjacent; class numbers by first
 * member in increasing order. Returns the number of classes. */
static slong canonical_classes(slong *cls, const lists_t *L, slong n)
{
    slong *order = malloc(sizeof(slong) * (size_t) (n + 1)), *first = malloc(sizeof(slong) * (size_t) (n + 1));
    slong count = 0;
    for (slong x = 0; x < n; x++) order[x] = x;
    qsort_r(order, (size_t) n, sizeof(slong), list_cmp, (void *) L);
    for (slong j = 0; j < n; j++)   /* first[x]: smallest member of x's run */
        first[order[j]] = j > 0 && list_equal(L, order[j - 1], order[j]) ? first[order[j - 1]] : order[j];
    for (slong x = 0; x < n; x++) order[x] = -1;
    for (slong x = 0; x < n; x++) {
        if (order[first[x]] < 0) order[first[x]] = count++;
        cls[x] = order[first[x]];
    }
    free(order); free(first);
    return count;
}

/* Compares a certificate map with the recomputed one; 0 if equal, else writes the first
 * difference. */
static int compare_map(const slong *given, const slong *computed, slong n, slong given_count,
                       slong count, const char *what, char *detail, size_t len)
{
    if (given_count != count) {
        snprintf(detail, len, "%s: the certificate has %ld classes, the instance %ld", what,
                 given_count, count);
        return 1;
    }
    for (slong x = 0; x < n; x++)
        if (given[x] != computed[x]) {
            snprintf(detail, len, "%s[%ld] = %ld, but the canonical class (recomputed from the "
                     "instance) is %ld", what, x, given[x], computed[x]);
            return 1;
        }
    return 0;
}

int pcc_claim_classes(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    const pcc_instance_t *I = &C->inst;
    lists_t rows, cols;
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    target_lists(&rows, I, one, 1);
    target_lists(&cols, I, one, 0);
    slong *tc = malloc(sizeof(slong) * (size_t) I->V), *cc = malloc(sizeof(slong) * (size_t) I->N);
    slong u = canonical_classes(tc, &cols, I->V), v = canonical_classes(cc, &rows, I->N);
    int bad = compare_map(C->tclass, tc, I->V, C->cu, u, "classes.token_class", detail, len)
           || compare_map(C->cclass, cc, I->N, C->cv, v, "classes.context_class", detail, len);
    if (!bad)
        snprintf(detail, len, "%ld token classes and %ld context classes, exactly the canonical "
                 "classes of identical target columns and rows (recomputed)", u, v);
    free(tc); free(cc);
    lists_clear(&rows); lists_clear(&cols);
    fmpq_clear(one);
    C->classes_verified = !bad;
    return bad ? PCC_REJECTED : PCC_VERIFIED;
}

static int needs_classes(const pcc_cert_t *C, char *detail, size_t len)
{
    if (C->classes_verified) return 0;
    snprintf(detail, len, "not checked: the class maps were rejected");
    return 1;
}

static int weighted_budget(pcc_cert_t *C, const fmpq_mat_t M, const slong *w, int by_rows,
                           const fmpq_t cap, const char *what, char *detail, size_t len)
{
    fmpq_t sum, t;
    char a[96], b[96];
    if (needs_classes(C, detail, len)) return PCC_REJECTED;
    fmpq_init(sum); fmpq_init(t);
    for (slong i = 0; i < fmpq_mat_nrows(M); i++)
        for (slong j = 0; j < fmpq_mat_ncols(M); j++) {
            fmpq_mul(t, fmpq_mat_entry(M, i, j), fmpq_mat_entry(M, i, j));
            fmpq_mul_si(t, t, w[by_rows ? i : j]);
            fmpq_add(sum, sum, t);
        }
    int ok = fmpq_cmp(sum, cap) <= 0;
    pcc_fmpq_text(a, sizeof a, sum);
    pcc_fmpq_text(b, sizeof b, cap);
    snprintf(detail, len, "%s = %s %s %s (exact)", what, a, ok ? "<=" : "is not <=", b);
    fmpq_clear(sum); fmpq_clear(t);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

static int claim_budget_W(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return weighted_budget(C, C->W, C->tsize, 1, C->inst.a, "||E_T A||_F^2 = sum_a t_a ||A_a||^2",
                           detail, len);
}

static int claim_budget_H(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return weighted_budget(C, C->H, C->csize, 0, C->inst.b, "||B E_C^T||_F^2 = sum_b c_b ||B^b||^2",
                           detail, len);
}

static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong u = C->cu, v = C->cv;
    if (needs_classes(C, detail, len)) return PCC_REJECTED;
    arb_mat_t Rt, Bt, At;                  /* R^T = B^T A^T: row b is the logits of class b */
    fmpq_mat_t Bq, Aq;
    arb_ptr z = _arb_vec_init(u);
    arb_t f, t, p, lt;
    fmpq_mat_init(Bq, v, C->cr); fmpq_mat_init(Aq, C->cr, u);
    fmpq_mat_transpose(Bq, C->H); fmpq_mat_transpose(Aq, C->W);
    arb_mat_init(Rt, v, u); arb_mat_init(Bt, v, C->cr); arb_mat_init(At, C->cr, u);
    arb_mat_set_fmpq_mat(Bt, Bq, prec); arb_mat_set_fmpq_mat(At, Aq, prec);
    arb_mat_mul(Rt, Bt, At, prec);
    arb_init(f); arb_init(t); arb_init(p); arb_init(lt);
    for (slong b = 0; b < v; b++) {
        for (slong a = 0; a < u; a++) {     /* log sum_a t_a exp(R_ab) = LSE(R_ab + log t_a) */
            arb_log_ui(lt, (ulong) C->tsize[a], prec);
            arb_add(z + a, arb_mat_entry(Rt, b, a), lt, prec);
        }
        pcc_lse(t, z, u, prec);
        for (slong a = 0; a < u; a++) {
            arb_set_fmpq(p, C->Pr + b * u + a, prec);
            arb_mul_si(p, p, C->tsize[a], prec);
            arb_submul(t, p, arb_mat_entry(Rt, b, a), prec);
        }
        arb_addmul_si(f, t, C->csize[b], prec);
    }
    arb_div_si(f, f, C->inst.N, prec);
    int out = pcc_claim_bound(f, C->upper, C->upper_text, 1, "f(E_T A B E_C^T)", prec, detail, len);
    _arb_vec_clear(z, u);
    arb_clear(f); arb_clear(t); arb_clear(p); arb_clear(lt);
    arb_mat_clear(Rt); arb_mat_clear(Bt); arb_mat_clear(At);
    fmpq_mat_clear(Bq); fmpq_mat_clear(Aq);
    return out;
}

/* 0, or the row + 1 of the first block row with a negative entry (or, unless nonneg_only, whose
 * weighted sum is not 1) */
static slong block_simplex_failure(const pcc_cert_t *C, int nonneg_only)
{
    fmpq_t sum, t;
    slong bad = 0;
    fmpq_init(sum); fmpq_init(t);
    for (slong b = 0; b < C->cv && !bad; b++) {
        fmpq_zero(sum);
        for (slong a = 0; a < C->cu; a++) {
            if (fmpq_sgn(fmpq_mat_entry(C->Q, b, a)) < 0) bad = b + 1;
            fmpq_mul_si(t, fmpq_mat_entry(C->Q, b, a), C->tsize[a]);
            fmpq_add(sum, sum, t);
        }
        if (!nonneg_only && !fmpq_is_one(sum)) bad = b + 1;
    }
    fmpq_clear(sum); fmpq_clear(t);
    return bad;
}

static int claim_dual_simplex(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_classes(C, detail, len)) return PCC_REJECTED;
    slong bad = block_simplex_failure(C, 0);
    if (bad) snprintf(detail, len, "block row Q[%ld] has a negative entry or sum_a t_a Q[b][a] != 1", bad - 1);
    else snprintf(detail, len, "Q >= 0 and sum_a t_a Q[b][a] = 1 for every context class (exact)");
    return bad ? PCC_REJECTED : PCC_VERIFIED;
}

static int claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong u = C->cu, v = C->cv, m = u <= v ? u : v;
    char s[96];
    int equal = 1, out;
    if (needs_classes(C, detail, len)) return PCC_REJECTED;
    pcc_fmpq_text(s, sizeof s, C->s);
    if (fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "opnorm_bound %s is negative", s);
        return PCC_REJECTED;
    }
    fmpq_mat_t M;
    fmpq_mat_init(M, v, u);
    for (slong b = 0; b < v; b++)
        for (slong a = 0; a < u; a++) {
            fmpq_sub(fmpq_mat_entry(M, b, a), fmpq_mat_entry(C->Q, b, a), C->Pr + b * u + a);
            equal &= fmpq_is_zero(fmpq_mat_entry(M, b, a));
        }
    if (fmpq_is_zero(C->s) || equal) {
        fmpq_mat_clear(M);
        snprintf(detail, len, equal ? "Q = P on every block, so ||Q - P||_op = 0 <= %s"
                 : "opnorm_bound is 0 but Q != P", s);
        return equal ? PCC_VERIFIED : PCC_REJECTED;
    }
    /* G = M^T D_C M (u x u) or M D_T M^T (v x v); then s^2 D^-1 - G by ball Cholesky */
    arb_mat_t Mb, Wm, G;
    arb_t s2, w;
    arb_mat_init(Mb, v, u); arb_mat_init(G, m, m);
    arb_init(s2); arb_init(w);
    arb_mat_set_fmpq_mat(Mb, M, prec);
    if (u <= v) {
        arb_mat_t Mt;
        arb_mat_init(Mt, u, v); arb_mat_init(Wm, v, u);
        arb_mat_transpose(Mt, Mb);
        for (slong b = 0; b < v; b++)
            for (slong a = 0; a < u; a++)
                arb_mul_si(arb_mat_entry(Wm, b, a), arb_mat_entry(Mb, b, a), C->csize[b], prec);
        arb_mat_mul(G, Mt, Wm, prec);
        arb_mat_clear(Mt);
    } else {
        arb_mat_init(Wm, u, v);
        for (slong a = 0; a < u; a++)
            for (slong b = 0; b < v; b++)
                arb_mul_si(arb_mat_entry(Wm, a, b), arb_mat_entry(Mb, b, a), C->tsize[a], prec);
        arb_mat_mul(G, Mb, Wm, prec);
    }
    arb_set_fmpq(s2, C->s, prec);
    arb_mul(s2, s2, s2, prec);
    arb_mat_neg(G, G);
    for (slong j = 0; j < m; j++) {
        arb_div_si(w, s2, u <= v ? C->tsize[j] : C->csize[j], prec);
        arb_add(arb_mat_entry(G, j, j), arb_mat_entry(G, j, j), w, prec);
    }
    /* bounded work (FORMAT.md): a pivot proved negative refutes at once; otherwise more
     * precision up to the ceiling set by the bit sizes of s, Q and the block targets */
    int pivot_sign = 0;
    slong fail = pcc_ball_cholesky(G, prec, &pivot_sign);
    slong bits = FLINT_MAX(pcc_fmpq_bits(C->s), pcc_fmpq_vec_max_bits(M->entries, u * v));
    slong ceiling = pcc_prec_ceiling(C, bits + FLINT_BIT_COUNT((ulong) C->inst.N), m);
    out = fail < 0 ? PCC_VERIFIED : pivot_sign < 0 ? PCC_REJECTED
        : 2 * prec <= ceiling ? PCC_UNDECIDED : PCC_STUCK;
    if (out == PCC_VERIFIED)
        snprintf(detail, len, "s^2 D^-1 - M^T D M (%ld x %ld blocks, M = Q - P, s = %s) is "
                 "positive definite: ball Cholesky succeeded", m, m, s);
    else if (out == PCC_REJECTED)
        snprintf(detail, len, "||Q - P||_op > %s: pivot %ld of the ball Cholesky of s^2 D^-1 - "
                 "M^T D M is proved negative", s, fail);
    else
        snprintf(detail, len, "ball Cholesky of s^2 D^-1 - M^T D M (%ld x %ld, s = %s) failed at "
                 "pivot %ld (its ball contains 0)%s", m, m, s, fail, out == PCC_STUCK ? ", at the "
                 "precision ceiling of this claim (FORMAT.md, \"Bounded work\")" : "");
    arb_mat_clear(Mb); arb_mat_clear(Wm); arb_mat_clear(G);
    arb_clear(s2); arb_clear(w);
    fmpq_mat_clear(M);
    return out;
}

static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_classes(C, detail, len)) return PCC_REJECTED;
    if (block_simplex_failure(C, 1) || fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "needs Q >= 0 and opnorm_bound >= 0");
        return PCC_REJECTED;
    }
    arb_t lb, row, t, rho;
    arb_init(lb); arb_init(row); arb_init(t); arb_init(rho);
    for (slong b = 0; b < C->cv; b++) {
        arb_zero(row);
        for (slong a = 0; a < C->cu; a++) {
            pcc_xlogx(t, fmpq_mat_entry(C->Q, b, a), prec);
            arb_submul_si(row, t, C->tsize[a], prec);
        }
        arb_addmul_si(lb, row, C->csize[b], prec);
    }
    pcc_rho(rho, &C->inst, prec);
    arb_set_fmpq(t, C->s, prec);
    arb_submul(lb, rho, t, prec);
    arb_div_si(lb, lb, C->inst.N, prec);
    int out = pcc_claim_bound(lb, C->lower, C->lower_text, 0,
                              "(sum_b c_b H_t(q_b) - rho s)/N", prec, detail, len);
    arb_clear(lb); arb_clear(row); arb_clear(t); arb_clear(rho);
    return out;
}

/* Regime interior (FORMAT.md, kind classes): every target > 0 (checked by the caller) and
 * ||L||_* <= ||W||_F ||H||_F + sqrt(min(u, v)) ||D_T^(1/2) (L~ - A B) D_C^(1/2)||_F < rho, where
 * L = Pi log P^T has the block values L~_ab = log p(b, a) - (1/V) sum_a' t_a' log p(b, a'). */
int pcc_classes_interior(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong u = C->cu, v = C->cv;
    if (C->symmetric || C->sizes || !C->classes_verified) {
        snprintf(detail, len, C->symmetric || C->sizes ? "interior is not a claim of the one-hot forms"
                 : "not checked: the class maps were rejected");
        return PCC_REJECTED;
    }
    arb_mat_t Rt, Bt, At;
    fmpq_mat_t Bq, Aq;
    arb_ptr lg = _arb_vec_init(u);
    arb_t mean, t, fro, rho, nw;
    fmpq_t sw, sh, e;
    char b1[128], b2[128];
    fmpq_mat_init(Bq, v, C->cr); fmpq_mat_init(Aq, C->cr, u);
    fmpq_mat_transpose(Bq, C->H); fmpq_mat_transpose(Aq, C->W);
    arb_mat_init(Rt, v, u); arb_mat_init(Bt, v, C->cr); arb_mat_init(At, C->cr, u);
    arb_mat_set_fmpq_mat(Bt, Bq, prec); arb_mat_set_fmpq_mat(At, Aq, prec);
    arb_mat_mul(Rt, Bt, At, prec);
    arb_init(mean); arb_init(t); arb_init(fro); arb_init(rho); arb_init(nw);
    fmpq_init(sw); fmpq_init(sh); fmpq_init(e);
    for (slong b = 0; b < v; b++) {
        arb_zero(mean);
        for (slong a = 0; a < u; a++) {
            arb_set_fmpq(lg + a, C->Pr + b * u + a, prec);
            arb_log(lg + a, lg + a, prec);
            arb_addmul_si(mean, lg + a, C->tsize[a], prec);
        }
        arb_div_si(mean, mean, C->inst.V, prec);
        for (slong a = 0; a < u; a++) {
            arb_sub(t, lg + a, mean, prec);
            arb_sub(t, t, arb_mat_entry(Rt, b, a), prec);
            arb_sqr(t, t, prec);
            arb_mul_si(t, t, C->tsize[a] * C->csize[b], prec);
            arb_add(fro, fro, t, prec);
        }
    }
    arb_sqrtpos(fro, fro, prec);
    arb_sqrt_ui(t, (ulong) (u < v ? u : v), prec);
    arb_mul(fro, fro, t, prec);
    for (slong a = 0; a < u; a++)
        for (slong j = 0; j < C->cr; j++) {
            fmpq_mul(e, fmpq_mat_entry(C->W, a, j), fmpq_mat_entry(C->W, a, j));
            fmpq_mul_si(e, e, C->tsize[a]);
            fmpq_add(sw, sw, e);
        }
    for (slong j = 0; j < C->cr; j++)
        for (slong b = 0; b < v; b++) {
            fmpq_mul(e, fmpq_mat_entry(C->H, j, b), fmpq_mat_entry(C->H, j, b));
            fmpq_mul_si(e, e, C->csize[b]);
            fmpq_add(sh, sh, e);
        }
    fmpq_mul(e, sw, sh);
    arb_set_fmpq(nw, e, prec);
    arb_sqrtpos(nw, nw, prec);
    arb_add(fro, fro, nw, prec);
    pcc_rho(rho, &C->inst, prec);
    int out = arb_lt(fro, rho) ? PCC_VERIFIED : arb_ge(fro, rho) ? PCC_REJECTED : PCC_UNDECIDED;
    pcc_arb_text(b1, sizeof b1, fro);
    pcc_arb_text(b2, sizeof b2, rho);
    snprintf(detail, len, "||L||_* <= ||W||_F ||H||_F + sqrt(min(u, v)) ||D_T^(1/2) (L~ - A B) "
             "D_C^(1/2)||_F = %s %s rho = %s", b1, out == PCC_VERIFIED ? "<" : "is not proved <", b2);
    _arb_vec_clear(lg, u);
    arb_mat_clear(Rt); arb_mat_clear(Bt); arb_mat_clear(At);
    fmpq_mat_clear(Bq); fmpq_mat_clear(Aq);
    arb_clear(mean); arb_clear(t); arb_clear(fro); arb_clear(rho); arb_clear(nw);
    fmpq_clear(sw); fmpq_clear(sh); fmpq_clear(e);
    return out;
}

void pcc_check_classes(pcc_report_t *R, pcc_cert_t *C)
{
    int dual_ok;
    if (C->symmetric) {
        pcc_check_classes_symmetric(R, C);
        return;
    }
    if (C->sizes) {
        pcc_check_classes_sizes(R, C);
        return;
    }
    pcc_run_claim(R, C, "classes", pcc_claim_classes);
    pcc_run_claim(R, C, "budget_W", claim_budget_W);
    pcc_run_claim(R, C, "budget_H", claim_budget_H);
    pcc_run_claim(R, C, "upper", claim_upper);
    dual_ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex);
    dual_ok &= pcc_run_claim(R, C, "opnorm", claim_opnorm);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && dual_ok;
}
