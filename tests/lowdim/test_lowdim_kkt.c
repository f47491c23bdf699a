/* src/lowdim: the Arb Jacobian of the gauge-fixed KKT system against central differences of
 * the residual (two ways), its symmetry, and the local-minimum proof on a searched point (in
 * binary64 and at 256 bits), refused when a multiplier is tampered with. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "peelcert/lowdim.h"
#include "peelcert/numbers.h"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static const char *INSTANCE =
    "{\"format\": \"peelcert-instance/1\", \"tokens\": 4, \"contexts\": 5, \"dim\": 2,"
    " \"E_W\": \"1\", \"E_H\": \"1\", \"targets\": ["
    "[\"1/2\", \"1/4\", \"1/4\", \"0\"], [\"0\", \"1/3\", \"1/3\", \"1/3\"],"
    "[\"1/5\", \"0\", \"3/5\", \"1/5\"], [\"1\", \"0\", \"0\", \"0\"], [\"1/8\", \"1/8\", \"1/4\", \"1/2\"]]}";

static void jacobian_against_differences(const pc_instance_t *inst)
{
    slong V = 4, N = 5, d = 3, n = pc_lowdim_unknowns(V, N, d), prec = 192;
    arb_mat_t PT, W0, H0, J;
    arb_t a, b;
    arb_mat_init(PT, V, N);
    arb_mat_init(W0, V, d);
    arb_mat_init(H0, d, N);
    arb_mat_init(J, n, n);
    arb_init(a);
    arb_init(b);
    pc_lowdim_targets(PT, a, b, inst, prec);
    arb_ptr u = _arb_vec_init(n), up = _arb_vec_init(n), um = _arb_vec_init(n);
    arb_ptr Fp = _arb_vec_init(n), Fm = _arb_vec_init(n);
    srand(7);
    for (slong j = 0; j < n; j++)
        arb_set_d(u + j, (double) rand() / RAND_MAX - 0.5);
    for (slong k = 0; k < V; k++)
        for (slong p = 0; p < d; p++)
            arb_set_d(arb_mat_entry(W0, k, p), (double) rand() / RAND_MAX - 0.5);
    for (slong p = 0; p < d; p++)
        for (slong i = 0; i < N; i++)
            arb_set_d(arb_mat_entry(H0, p, i), (double) rand() / RAND_MAX - 0.5);
    pc_lowdim_kkt_jacobian(J, u, W0, H0, PT, prec, 0, 0);
    double h = ldexp(1.0, -30), worst = 0.0, asym = 0.0;
    for (slong j = 0; j < n; j++) {
        _arb_vec_set(up, u, n);
        _arb_vec_set(um, u, n);
        arb_add_ui(up + j, up + j, 0, prec);
        arb_set_d(Fp, h);
        arb_add(up + j, up + j, Fp, prec);
        arb_sub(um + j, um + j, Fp, prec);
        pc_lowdim_kkt_residual(Fp, up, W0, H0, PT, a, b, prec, 0);
        pc_lowdim_kkt_residual(Fm, um, W0, H0, PT, a, b, prec, 0);
        for (slong r = 0; r < n; r++) {
            double fd = (arf_get_d(arb_midref(Fp + r), ARF_RND_NEAR)
                         - arf_get_d(arb_midref(Fm + r), ARF_RND_NEAR)) / (2 * h);
            double jr = arf_get_d(arb_midref(arb_mat_entry(J, r, j)), ARF_RND_NEAR);
            worst = fmax(worst, fabs(fd - jr));
            asym = fmax(asym, fabs(jr - arf_get_d(arb_midref(arb_mat_entry(J, j, r)), ARF_RND_NEAR)));
        }
    }
    CHECK(worst < 1e-6, "Jacobian differs from central differences by %.3g", worst);
    CHECK(asym < 1e-14, "Jacobian not symmetric (%.3g)", asym);
    _arb_vec_clear(u, n); _arb_vec_clear(up, n); _arb_vec_clear(um, n);
    _arb_vec_clear(Fp, n); _arb_vec_clear(Fm, n);
    arb_mat_clear(PT); arb_mat_clear(W0); arb_mat_clear(H0); arb_mat_clear(J);
    arb_clear(a); arb_clear(b);
}

static void proof_and_tamper(const pc_instance_t *inst)
{
    pc_lowdim_result_t res;
    pc_msg_t msg = {{0}};
    pc_lowdim_result_init(&res);
    CHECK(pc_lowdim_certify(&res, inst, 128, 0, &msg) == PC_OK, "certify: %s", msg.text);
    CHECK(res.proof.proved, "local minimum not proved: %s", res.proof.why);
    /* the same box with a wrong multiplier: no zero of F near that center */
    fmpq_t lW;
    fmpq_init(lW);
    fmpq_mul_si(lW, res.lambda_W, 2);
    pc_lowdim_proof_t pf;
    pc_lowdim_proof_init(&pf);
    CHECK(pc_lowdim_prove_local_minimum(&pf, res.W, res.H, lW, res.lambda_H, inst, 1.0, 0.0, 128, 0)
          == PC_NOT_PROVED && !pf.proved, "proved with a doubled multiplier");
    pc_lowdim_proof_clear(&pf);
    /* the path above binary64 (Arb approximate inverses and preconditioner at 256 bits, a
     * curvature lower bound): the same point proved, the tampered one refused */
    pc_lowdim_proof_init(&pf);
    CHECK(pc_lowdim_prove_local_minimum(&pf, res.W, res.H, res.lambda_W, res.lambda_H, inst, 1.0,
                                        1e-8, 256, 0) == PC_OK && pf.proved, "256 bits: %s", pf.why);
    CHECK(pf.precision == 256 && fmpq_sgn(pf.curvature_lower) > 0, "256 bits: precision %ld, "
          "curvature lower bound %g", (long) pf.precision, fmpq_get_d(pf.curvature_lower));
    pc_lowdim_proof_clear(&pf);
    pc_lowdim_proof_init(&pf);
    CHECK(pc_lowdim_prove_local_minimum(&pf, res.W, res.H, lW, res.lambda_H, inst, 1.0, 1e-8, 256, 0)
          == PC_NOT_PROVED && !pf.proved, "256 bits: proved with a doubled multiplier");
    pc_lowdim_proof_clear(&pf);
    fmpq_clear(lW);
    pc_lowdim_result_clear(&res);
}

int main(void)
{
    json_error_t err;
    json_t *root = json_loads(INSTANCE, 0, &err);
    pc_instance_t inst;
    pc_msg_t msg = {{0}};
    pc_instance_init(&inst);
    if (root == NULL || pc_instance_from_json(&inst, root, &msg) != PC_OK) {
        fprintf(stderr, "FAIL: instance: %s\n", msg.text);
        return 1;
    }
    json_decref(root);
    jacobian_against_differences(&inst);
    proof_and_tamper(&inst);
    pc_instance_clear(&inst);
    flint_cleanup();
    if (failures == 0)
        printf("ok\n");
    return failures != 0;
}
