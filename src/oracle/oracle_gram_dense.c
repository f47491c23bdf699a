/* Gram matrices on the dense path (docs/oracle.md): W W^T = sqrt(a/b) |Z°^T|, H^T H =
 * sqrt(b/a) |Z°| (SPEC 4), from a ball enclosure of the square roots (Zc Zc^T)^(1/2) and
 * (Zc^T Zc)^(1/2) for the certificate's exact centered primal Zc = Pi (W H), widened by the
 * Araki–Yamagami bound sqrt(2) delta (oracle_gram.c). The square root of a symmetric PSD matrix
 * A is R diag(sqrt(lambda)) R^(-1) for ANY eigenvector basis R, so the ball eigen-decomposition
 * of acb_mat_eig_simple (Rump's method: proves each eigenvalue simple and encloses it with an
 * eigenvector) gives an enclosure. It needs simple eigenvalues: the exact kernel of A (1 is in
 * it for Zc Zc^T; more when rank Zc < m - 1) is computed exactly and moved out of the way
 * (deflate_kernel). Eigenvalues that are multiple or too close to separate at the working
 * precision (a symmetry of the targets; tiny nonzero singular values of Zc) make the method
 * fail: then the entry is absent with a note. */
#include "oracle_internal.h"
#include <acb_mat.h>
#include <fmpz_mat.h>
#include <fmpq_mat.h>

/* B = A + K G K^T with K an exact basis of ker A and G = diag(g_1 < g_2 < ...) > 0, and
 * P = K (K^T K)^(-1) K^T the orthogonal projector onto ker A (exact). Since range(K) = ker A is
 * orthogonal to range A, A^(1/2) = B^(1/2) (I - P). Returns the nullity. */
static slong deflate_kernel(fmpq_mat_t B, fmpq_mat_t P, const fmpq_mat_t A)
{
    slong m = fmpq_mat_nrows(A);
    fmpz_mat_t num, X;
    fmpz *den = _fmpz_vec_init(m);
    fmpz_mat_init(num, m, m);
    fmpz_mat_init(X, m, m);
    fmpq_mat_get_fmpz_mat_rowwise(num, den, A);      /* row scaling keeps the kernel */
    slong k = fmpz_mat_nullspace(X, num);
    fmpq_mat_set(B, A);
    fmpq_mat_zero(P);
    if (k > 0) {
        fmpq_mat_t K, KT, KG, M, Minv, T;
        fmpq_t tr, g;
        fmpq_mat_init(K, m, k); fmpq_mat_init(KT, k, m); fmpq_mat_init(KG, m, k);
        fmpq_mat_init(M, k, k); fmpq_mat_init(Minv, k, k);
        fmpq_init(tr); fmpq_init(g);
        for (slong i = 0; i < m; i++)
            for (slong j = 0; j < k; j++)
                fmpq_set_fmpz_frac(fmpq_mat_entry(K, i, j), fmpz_mat_entry(X, i, j), (fmpz_t){1});
        fmpq_mat_transpose(KT, K);
        fmpq_mat_mul(M, KT, K);
        fmpq_mat_trace(tr, A);
        fmpq_add_si(tr, tr, 1);
        for (slong j = 0; j < k; j++) {
            /* g_j = (1 + trace A) (1000 j + 618) / (1000 m): distinct, positive; scaled by the
             * column's squared length so that the added eigenvalues are spread like g */
            fmpq_set_si(g, 1000 * j + 618, 1000 * m);
            fmpq_mul(g, g, tr);
            fmpq_div(g, g, fmpq_mat_entry(M, j, j));
            for (slong i = 0; i < m; i++)
                fmpq_mul(fmpq_mat_entry(KG, i, j), fmpq_mat_entry(K, i, j), g);
        }
        fmpq_mat_t KGK;
        fmpq_mat_init(KGK, m, m);
        fmpq_mat_mul(KGK, KG, KT);
        fmpq_mat_add(B, B, KGK);
        fmpq_mat_inv(Minv, M);
        fmpq_mat_init(T, m, k);
        fmpq_mat_mul(T, K, Minv);
        fmpq_mat_mul(P, T, KT);
        fmpq_mat_clear(KGK);
        fmpq_mat_clear(K); fmpq_mat_clear(KT); fmpq_mat_clear(KG);
        fmpq_mat_clear(M); fmpq_mat_clear(Minv); fmpq_mat_clear(T);
        fmpq_clear(tr); fmpq_clear(g);
    }
    fmpz_mat_clear(num);
    fmpz_mat_clear(X);
    _fmpz_vec_clear(den, m);
    return k;
}

/* Encloses A^(1/2) into S (m x m) for an exact symmetric PSD A. Returns 1 on success, 0 if the
 * eigenvalues (after deflating the exact kernel) could not be proved simple. */
static int enclose_sqrt(arb_mat_t S, const fmpq_mat_t A, slong prec)
{
    slong m = fmpq_mat_nrows(A);
    fmpq_mat_t B, P;
    acb_mat_t Ac, R, Rv, Rinv, D;
    acb_ptr E = _acb_vec_init(m), Eap = _acb_vec_init(m);
    int ok = 0;
    fmpq_mat_init(B, m, m);
    fmpq_mat_init(P, m, m);
    slong k = deflate_kernel(B, P, A);
    acb_mat_init(Ac, m, m); acb_mat_init(R, m, m); acb_mat_init(Rv, m, m);
    acb_mat_init(Rinv, m, m); acb_mat_init(D, m, m);
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < m; j++)
            acb_set_fmpq(acb_mat_entry(Ac, i, j), fmpq_mat_entry(B, i, j), prec);
    if (acb_mat_approx_eig_qr(Eap, NULL, R, Ac, NULL, 0, prec)
        && acb_mat_eig_simple(E, NULL, Rv, Ac, Eap, R, prec)
        && acb_mat_inv(Rinv, Rv, prec)) {
        acb_mat_zero(D);
        for (slong j = 0; j < m; j++)   /* the eigenvalues of a symmetric PSD matrix are real, >= 0 */
            arb_sqrtpos(acb_realref(acb_mat_entry(D, j, j)), acb_realref(E + j), prec);
        acb_mat_mul(D, Rv, D, prec);
        acb_mat_mul(D, D, Rinv, prec);
        arb_mat_t T, IP;
        arb_mat_init(T, m, m);
        arb_mat_init(IP, m, m);
        for (slong i = 0; i < m; i++)
            for (slong j = 0; j < m; j++) {
                arb_set(arb_mat_entry(T, i, j), acb_realref(acb_mat_entry(D, i, j)));   /* real */
                arb_set_fmpq(arb_mat_entry(IP, i, j), fmpq_mat_entry(P, i, j), prec);
                arb_neg(arb_mat_entry(IP, i, j), arb_mat_entry(IP, i, j));
                if (i == j) arb_add_ui(arb_mat_entry(IP, i, j), arb_mat_entry(IP, i, j), 1, prec);
            }
        if (k > 0)
            arb_mat_mul(S, T, IP, prec);   /* A^(1/2) = B^(1/2) (I - P) */
        else
            arb_mat_set(S, T);
        ok = arb_mat_is_finite(S);
        arb_mat_clear(T);
        arb_mat_clear(IP);
    }
    fmpq_mat_clear(B); fmpq_mat_clear(P);
    acb_mat_clear(Ac); acb_mat_clear(R); acb_mat_clear(Rv); acb_mat_clear(Rinv); acb_mat_clear(D);
    _acb_vec_clear(E, m); _acb_vec_clear(Eap, m);
    return ok;
}

/* dense form of scale * S widened entrywise by rad */
static json_t *scaled_dense(pc_oracle_ctx_t *ctx, const arb_mat_t S, const arb_t scale, const arb_t rad)
{
    slong m = arb_mat_nrows(S);
    arb_t x;
    arb_init(x);
    json_t *rows = json_array();
    for (slong i = 0; i < m; i++) {
        json_t *row = json_array();
        for (slong j = 0; j < m; j++) {
            arb_mul(x, arb_mat_entry(S, i, j), scale, ctx->prec);
            arb_add_error(x, rad);
            json_array_append_new(row, pc_oracle_ball(ctx, x));
        }
        json_array_append_new(rows, row);
    }
    arb_clear(x);
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("dense"));
    json_object_set_new(o, "rows", rows);
    return o;
}

void pc_oracle_dense_grams(json_t *doc, pc_oracle_ctx_t *ctx, const arb_t delta, int want_W)
{
    const pc_cert_t *cert = ctx->cert;
    const pc_instance_t *inst = ctx->inst;
    slong V = inst->tokens, N = inst->contexts, prec = 2 * ctx->prec + 128;
    if ((double) V * V > PC_ORACLE_MAX_DENSE || (double) N * N > PC_ORACLE_MAX_DENSE || V > 400 || N > 400) {
        if (want_W)
            pc_oracle_note(ctx, "gram_W", "dense path: larger than the eigen-decomposition is run for (V, N <= 400)");
        pc_oracle_note(ctx, "gram_H", "dense path: larger than the eigen-decomposition is run for (V, N <= 400)");
        return;
    }
    fmpq_mat_t Z, ZT, A;
    fmpq_t mean, a, b;
    arb_t scale, rad, t;
    arb_mat_t S;
    fmpq_mat_init(Z, V, N); fmpq_mat_init(ZT, N, V);
    fmpq_init(mean); fmpq_init(a); fmpq_init(b);
    arb_init(scale); arb_init(rad); arb_init(t);
    /* Zc = Pi (W H), exact */
    fmpq_mat_mul(Z, cert->W, cert->H);
    for (slong i = 0; i < N; i++) {
        fmpq_zero(mean);
        for (slong k = 0; k < V; k++)
            fmpq_add(mean, mean, fmpq_mat_entry(Z, k, i));
        fmpq_div_fmpz(mean, mean, (fmpz_t){V});
        for (slong k = 0; k < V; k++)
            fmpq_sub(fmpq_mat_entry(Z, k, i), fmpq_mat_entry(Z, k, i), mean);
    }
    fmpq_mat_transpose(ZT, Z);
    pc_instance_budgets(a, b, inst);
    arb_sqrt_ui(t, 2, ctx->prec);
    for (int side = 0; side < 2; side++) {
        if (side == 0 && !want_W) continue;
        slong m = side == 0 ? V : N;
        const char *key = side == 0 ? "gram_W" : "gram_H";
        fmpq_mat_init(A, m, m);
        if (side == 0) fmpq_mat_mul(A, Z, ZT); else fmpq_mat_mul(A, ZT, Z);
        arb_mat_init(S, m, m);
        if (enclose_sqrt(S, A, prec)) {
            /* scale sqrt(a/b) (W) or sqrt(b/a) (H); radius scale sqrt(2) delta */
            fmpq_div(mean, side == 0 ? a : b, side == 0 ? b : a);
            arb_set_fmpq(scale, mean, ctx->prec);
            arb_sqrtpos(scale, scale, ctx->prec);
            arb_mul(rad, scale, t, ctx->prec);
            arb_mul(rad, rad, delta, ctx->prec);
            json_object_set_new(doc, key, scaled_dense(ctx, S, scale, rad));
        } else {
            pc_oracle_note(ctx, key, side == 0
                ? "dense path: the nonzero eigenvalues of Zc Zc^T could not be proved simple "
                  "(multiple, or too close to separate), so (Zc Zc^T)^(1/2) is not enclosed (docs/oracle.md)"
                : "dense path: the nonzero eigenvalues of Zc^T Zc could not be proved simple "
                  "(multiple, or too close to separate), so (Zc^T Zc)^(1/2) is not enclosed (docs/oracle.md)");
        }
        arb_mat_clear(S);
        fmpq_mat_clear(A);
    }
    fmpq_mat_clear(Z); fmpq_mat_clear(ZT);
    fmpq_clear(mean); fmpq_clear(a); fmpq_clear(b);
    arb_clear(scale); arb_clear(rad); arb_clear(t);
}
