/* The KKT system of the gauge-fixed factored problem and its Jacobian, in Arb (lowdim.h).
 * Every output encloses the exact value at every point of the input balls. */
#include "lowdim_internal.h"
#include "peelcert/numbers.h"

slong pc_lowdim_unknowns(slong V, slong N, slong d)
{
    return V * d + d * N + 2 + d * (d - 1) / 2;
}

slong pc_lowdim_generators(slong d, int interior)
{
    return interior ? d * d + d : d * (d - 1) / 2;
}

slong pc_lowdim_system_size(slong V, slong N, slong d, int interior)
{
    return V * d + d * N + (interior ? 0 : 2) + pc_lowdim_generators(d, interior);
}

/* Generator e as (p, q): the e-th pair p < q in lexicographic order (O(d)); in the interior
 * p = e / d, q = e mod d for e < d^2 (GL(d)), and p = -1, q = e - d^2 for the translations
 * W -> W + 1 e_q^T (f is invariant: softmax ignores a constant added to a column of Z). */
static void generator(slong *p, slong *q, slong e, slong d, int interior)
{
    if (interior) {
        *p = e < d * d ? e / d : -1;
        *q = e < d * d ? e % d : e - d * d;
        return;
    }
    for (slong c = 0, r = 0; ; r++) {
        if (e < c + d - r - 1) {
            *p = r;
            *q = r + 1 + (e - c);
            return;
        }
        c += d - r - 1;
    }
}

void pc_lowdim_pack_double(arb_ptr u, const double *W, const double *H, double lW, double lH,
                           slong V, slong N, slong d, int interior)
{
    slong nw = V * d, nh = d * N, n = pc_lowdim_system_size(V, N, d, interior);
    for (slong j = 0; j < nw; j++)
        arb_set_d(u + j, W[j]);
    for (slong j = 0; j < nh; j++)
        arb_set_d(u + nw + j, H[j]);
    if (!interior) {
        arb_set_d(u + nw + nh, lW);
        arb_set_d(u + nw + nh + 1, lH);
    }
    for (slong j = nw + nh + (interior ? 0 : 2); j < n; j++)
        arb_zero(u + j);
}

void pc_lowdim_targets(arb_mat_t PT, arb_t a, arb_t b, const pc_instance_t *inst, slong prec)
{
    fmpq_t p, qa, qb;
    fmpq_init(p);
    fmpq_init(qa);
    fmpq_init(qb);
    for (slong i = 0; i < inst->contexts; i++)
        for (slong k = 0; k < inst->tokens; k++) {
            pc_instance_target(p, inst, i, k);
            arb_set_fmpq(arb_mat_entry(PT, k, i), p, prec);
        }
    pc_instance_budgets(qa, qb, inst);
    arb_set_fmpq(a, qa, prec);
    arb_set_fmpq(b, qb, prec);
    fmpq_clear(p);
    fmpq_clear(qa);
    fmpq_clear(qb);
}

void pc_lowdim_unpack(arb_mat_t W, arb_mat_t H, arb_srcptr u, slong V, slong N, slong d)
{
    for (slong k = 0; k < V; k++)
        for (slong p = 0; p < d; p++)
            arb_set(arb_mat_entry(W, k, p), u + k * d + p);
    for (slong p = 0; p < d; p++)
        for (slong i = 0; i < N; i++)
            arb_set(arb_mat_entry(H, p, i), u + V * d + p * N + i);
}

/* S = softmax of each column of W H, G = (S - P^T)/N; enclosures over the box. */
static void softmax_and_gradient(arb_mat_t S, arb_mat_t G, const arb_mat_t W, const arb_mat_t H,
                                 const arb_mat_t PT, slong prec)
{
    slong V = arb_mat_nrows(W), N = arb_mat_ncols(H);
    arb_mat_t Z;
    arb_t sum, t;
    arf_t shift;
    arb_mat_init(Z, V, N);
    arb_init(sum);
    arb_init(t);
    arf_init(shift);
    arb_mat_mul(Z, W, H, prec);
    for (slong i = 0; i < N; i++) {
        arf_set(shift, arb_midref(arb_mat_entry(Z, 0, i)));
        for (slong k = 1; k < V; k++)
            if (arf_cmp(arb_midref(arb_mat_entry(Z, k, i)), shift) > 0)
                arf_set(shift, arb_midref(arb_mat_entry(Z, k, i)));
        arb_zero(sum);
        for (slong k = 0; k < V; k++) {
            arb_sub_arf(t, arb_mat_entry(Z, k, i), shift, prec);
            arb_exp(arb_mat_entry(S, k, i), t, prec);
            arb_add(sum, sum, arb_mat_entry(S, k, i), prec);
        }
        for (slong k = 0; k < V; k++) {
            arb_div(arb_mat_entry(S, k, i), arb_mat_entry(S, k, i), sum, prec);
            arb_sub(t, arb_mat_entry(S, k, i), arb_mat_entry(PT, k, i), prec);
            arb_div_si(arb_mat_entry(G, k, i), t, N, prec);
        }
    }
    arb_mat_clear(Z);
    arb_clear(sum);
    arb_clear(t);
    arf_clear(shift);
}

/* (W0 E)[k][r] and (E H0)[r][i] for generator e: E = e_p e_q^T - e_q e_p^T (O(d)) or
 * E = e_p e_q^T (GL(d), interior). */
static void orbit_W(arb_t out, const arb_mat_t W0, slong k, slong r, slong e, int interior)
{
    slong p, q;
    generator(&p, &q, e, arb_mat_ncols(W0), interior);
    if (p < 0)
        arb_set_si(out, r == q);
    else if (r == q)
        arb_set(out, arb_mat_entry(W0, k, p));
    else if (r == p && !interior)
        arb_neg(out, arb_mat_entry(W0, k, q));
    else
        arb_zero(out);
}

static void orbit_H(arb_t out, const arb_mat_t H0, slong r, slong i, slong e, int interior)
{
    slong p, q;
    generator(&p, &q, e, arb_mat_nrows(H0), interior);
    if (p < 0)
        arb_zero(out);
    else if (r == p)
        arb_set(out, arb_mat_entry(H0, q, i));
    else if (r == q && !interior)
        arb_neg(out, arb_mat_entry(H0, p, i));
    else
        arb_zero(out);
}

void pc_lowdim_kkt_residual(arb_ptr F, arb_srcptr u, const arb_mat_t W0, const arb_mat_t H0,
                            const arb_mat_t PT, const arb_t a, const arb_t b, slong prec,
                            int interior)
{
    slong V = arb_mat_nrows(W0), d = arb_mat_ncols(W0), N = arb_mat_ncols(H0);
    slong nw = V * d, nh = d * N, m = pc_lowdim_generators(d, interior), s = interior ? 0 : 2;
    arb_srcptr lW = u + nw + nh, lH = lW + 1, mu = lW + s;
    arb_mat_t W, H, S, G, GHt, WtG;
    arb_t t, x;
    arb_mat_init(W, V, d);
    arb_mat_init(H, d, N);
    arb_mat_init(S, V, N);
    arb_mat_init(G, V, N);
    arb_mat_init(GHt, V, d);
    arb_mat_init(WtG, d, N);
    arb_init(t);
    arb_init(x);
    pc_lowdim_unpack(W, H, u, V, N, d);
    softmax_and_gradient(S, G, W, H, PT, prec);
    arb_mat_t Ht, Wt;
    arb_mat_init(Ht, N, d);
    arb_mat_init(Wt, d, V);
    arb_mat_transpose(Ht, H);
    arb_mat_transpose(Wt, W);
    arb_mat_mul(GHt, G, Ht, prec);
    arb_mat_mul(WtG, Wt, G, prec);
    for (slong k = 0; k < V; k++)
        for (slong r = 0; r < d; r++) {
            arb_ptr out = F + k * d + r;
            arb_set(out, arb_mat_entry(GHt, k, r));
            if (!interior) {
                arb_mul(t, lW, arb_mat_entry(W, k, r), prec);
                arb_mul_2exp_si(t, t, 1);
                arb_add(out, out, t, prec);
            }
            for (slong e = 0; e < m; e++) {
                orbit_W(x, W0, k, r, e, interior);
                arb_addmul(out, mu + e, x, prec);
            }
        }
    for (slong r = 0; r < d; r++)
        for (slong i = 0; i < N; i++) {
            arb_ptr out = F + nw + r * N + i;
            arb_set(out, arb_mat_entry(WtG, r, i));
            if (!interior) {
                arb_mul(t, lH, arb_mat_entry(H, r, i), prec);
                arb_mul_2exp_si(t, t, 1);
                arb_add(out, out, t, prec);
            }
            for (slong e = 0; e < m; e++) {
                orbit_H(x, H0, r, i, e, interior);
                arb_submul(out, mu + e, x, prec);
            }
        }
    if (!interior) {
        arb_ptr cw = F + nw + nh, ch = cw + 1;
        arb_neg(cw, a);
        arb_neg(ch, b);
        for (slong j = 0; j < nw; j++)
            arb_addmul(cw, u + j, u + j, prec);
        for (slong j = 0; j < nh; j++)
            arb_addmul(ch, u + nw + j, u + nw + j, prec);
    }
    /* slice equations <T_e, x - x0> */
    for (slong e = 0; e < m; e++) {
        arb_ptr out = F + nw + nh + s + e;
        arb_zero(out);
        for (slong k = 0; k < V; k++)
            for (slong r = 0; r < d; r++) {
                orbit_W(x, W0, k, r, e, interior);
                arb_sub(t, u + k * d + r, arb_mat_entry(W0, k, r), prec);
                arb_addmul(out, x, t, prec);
            }
        for (slong r = 0; r < d; r++)
            for (slong i = 0; i < N; i++) {
                orbit_H(x, H0, r, i, e, interior);
                arb_sub(t, u + nw + r * N + i, arb_mat_entry(H0, r, i), prec);
                arb_submul(out, x, t, prec);
            }
    }
    arb_mat_clear(W);
    arb_mat_clear(H);
    arb_mat_clear(S);
    arb_mat_clear(G);
    arb_mat_clear(GHt);
    arb_mat_clear(WtG);
    arb_mat_clear(Ht);
    arb_mat_clear(Wt);
    arb_clear(t);
    arb_clear(x);
}

void pc_lowdim_constraint_rows(arb_mat_t A, arb_srcptr u, const arb_mat_t W0,
                               const arb_mat_t H0, slong V, slong N, slong d, slong prec,
                               int interior)
{
    slong nw = V * d, nh = d * N, s = interior ? 0 : 2;
    arb_mat_zero(A);
    for (slong j = 0; j < nw && !interior; j++)
        arb_mul_2exp_si(arb_mat_entry(A, 0, j), u + j, 1);
    for (slong j = 0; j < nh && !interior; j++)
        arb_mul_2exp_si(arb_mat_entry(A, 1, nw + j), u + nw + j, 1);
    for (slong e = 0; e < pc_lowdim_generators(d, interior); e++) {
        for (slong k = 0; k < V; k++)
            for (slong r = 0; r < d; r++)
                orbit_W(arb_mat_entry(A, s + e, k * d + r), W0, k, r, e, interior);
        for (slong r = 0; r < d; r++)
            for (slong i = 0; i < N; i++) {
                orbit_H(arb_mat_entry(A, s + e, nw + r * N + i), H0, r, i, e, interior);
                arb_neg(arb_mat_entry(A, s + e, nw + r * N + i),
                        arb_mat_entry(A, s + e, nw + r * N + i));
            }
    }
}

/* Hess L over the box (leading nw + nh block of J):
 *   WW: sum_i H_pi H_qi A_i[k][l] + 2 lW,  A_i = (diag s_i - s_i s_i^T)/N
 *   WH: H_pi s_ki (W_kq - (s_i^T W)_q)/N + G_ki [p = q]
 *   HH: [i = j] (sum_k s_ki W_kp W_kq - (s_i^T W)_p (s_i^T W)_q)/N + 2 lH. */
static void hessian_lagrangian(arb_mat_t J, const arb_mat_t W, const arb_mat_t H,
                               const arb_mat_t S, const arb_mat_t G, arb_srcptr lW,
                               arb_srcptr lH, slong prec)
{
    slong V = arb_mat_nrows(W), d = arb_mat_ncols(W), N = arb_mat_ncols(H), nw = V * d;
    arb_mat_t B, Bt, BBt, M;
    arb_t t, x;
    arb_mat_init(B, nw, N);
    arb_mat_init(Bt, N, nw);
    arb_mat_init(BBt, nw, nw);
    arb_mat_init(M, N, d);      /* M[i][q] = (s_i^T W)_q */
    arb_init(t);
    arb_init(x);
    for (slong k = 0; k < V; k++)
        for (slong p = 0; p < d; p++)
            for (slong i = 0; i < N; i++)
                arb_mul(arb_mat_entry(B, k * d + p, i), arb_mat_entry(S, k, i),
                        arb_mat_entry(H, p, i), prec);
    arb_mat_transpose(Bt, B);
    arb_mat_mul(BBt, B, Bt, prec);
    arb_mat_t St;
    arb_mat_init(St, N, V);
    arb_mat_transpose(St, S);
    arb_mat_mul(M, St, W, prec);
    arb_mat_clear(St);
    /* WW */
    for (slong k = 0; k < V; k++)
        for (slong p = 0; p < d; p++)
            for (slong l = 0; l < V; l++)
                for (slong q = 0; q < d; q++) {
                    arb_ptr out = arb_mat_entry(J, k * d + p, l * d + q);
                    arb_neg(out, arb_mat_entry(BBt, k * d + p, l * d + q));
                    if (k == l) {
                        arb_zero(t);
                        for (slong i = 0; i < N; i++) {
                            arb_mul(x, arb_mat_entry(B, k * d + p, i), arb_mat_entry(H, q, i), prec);
                            arb_add(t, t, x, prec);
                        }
                        arb_add(out, out, t, prec);
                    }
                    arb_div_si(out, out, N, prec);
                    if (k == l && p == q && lW != NULL) {
                        arb_mul_2exp_si(t, lW, 1);
                        arb_add(out, out, t, prec);
                    }
                }
    /* WH and its transpose */
    for (slong k = 0; k < V; k++)
        for (slong p = 0; p < d; p++)
            for (slong q = 0; q < d; q++)
                for (slong i = 0; i < N; i++) {
                    arb_ptr out = arb_mat_entry(J, k * d + p, nw + q * N + i);
                    arb_sub(t, arb_mat_entry(W, k, q), arb_mat_entry(M, i, q), prec);
                    arb_mul(t, t, arb_mat_entry(B, k * d + p, i), prec);
                    arb_div_si(out, t, N, prec);
                    if (p == q)
                        arb_add(out, out, arb_mat_entry(G, k, i), prec);
                    arb_set(arb_mat_entry(J, nw + q * N + i, k * d + p), out);
                }
    /* HH: block diagonal in i */
    for (slong i = 0; i < N; i++)
        for (slong p = 0; p < d; p++)
            for (slong q = 0; q < d; q++) {
                arb_ptr out = arb_mat_entry(J, nw + p * N + i, nw + q * N + i);
                arb_zero(t);
                for (slong k = 0; k < V; k++) {
                    arb_mul(x, arb_mat_entry(W, k, p), arb_mat_entry(W, k, q), prec);
                    arb_addmul(t, x, arb_mat_entry(S, k, i), prec);
                }
                arb_submul(t, arb_mat_entry(M, i, p), arb_mat_entry(M, i, q), prec);
                arb_div_si(out, t, N, prec);
                if (p == q && lH != NULL) {
                    arb_mul_2exp_si(t, lH, 1);
                    arb_add(out, out, t, prec);
                }
            }
    for (slong r = 0; r < d; r++)
        for (slong i = 0; i < N; i++)
            for (slong q = 0; q < d; q++)
                for (slong j = 0; j < N; j++)
                    if (i != j)
                        arb_zero(arb_mat_entry(J, nw + r * N + i, nw + q * N + j));
    arb_mat_clear(B);
    arb_mat_clear(Bt);
    arb_mat_clear(BBt);
    arb_mat_clear(M);
    arb_clear(t);
    arb_clear(x);
}

void pc_lowdim_kkt_jacobian(arb_mat_t J, arb_srcptr u, const arb_mat_t W0, const arb_mat_t H0,
                            const arb_mat_t PT, slong prec, int hess_only, int interior)
{
    slong V = arb_mat_nrows(W0), d = arb_mat_ncols(W0), N = arb_mat_ncols(H0);
    slong nw = V * d, nh = d * N, m = (interior ? 0 : 2) + pc_lowdim_generators(d, interior);
    arb_mat_t W, H, S, G;
    arb_mat_init(W, V, d);
    arb_mat_init(H, d, N);
    arb_mat_init(S, V, N);
    arb_mat_init(G, V, N);
    pc_lowdim_unpack(W, H, u, V, N, d);
    softmax_and_gradient(S, G, W, H, PT, prec);
    hessian_lagrangian(J, W, H, S, G, interior ? NULL : u + nw + nh,
                       interior ? NULL : u + nw + nh + 1, prec);
    if (!hess_only) {
        arb_mat_t A;
        arb_mat_init(A, m, nw + nh);
        pc_lowdim_constraint_rows(A, u, W0, H0, V, N, d, prec, interior);
        for (slong r = 0; r < m; r++) {
            for (slong j = 0; j < nw + nh; j++) {
                arb_set(arb_mat_entry(J, nw + nh + r, j), arb_mat_entry(A, r, j));
                arb_set(arb_mat_entry(J, j, nw + nh + r), arb_mat_entry(A, r, j));
            }
            for (slong c = 0; c < m; c++)
                arb_zero(arb_mat_entry(J, nw + nh + r, nw + nh + c));
        }
        arb_mat_clear(A);
    }
    arb_mat_clear(W);
    arb_mat_clear(H);
    arb_mat_clear(S);
    arb_mat_clear(G);
}
