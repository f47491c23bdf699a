/* The optimum of the commutant-reduced problem, proved (commutant.h "The optimum itself",
 * commutant_kkt.c) and the geometry built on it (geometry.h):
 *
 *  - suits x ranks and D_12 on pairs: from the certificate's primal, the Krawczyk test and
 *    strict complementarity are proved; suits x ranks' active set is exactly the suit and
 *    rank modules (m = 3, 12), the product module (m = 36) is exactly 0; D_12's six
 *    nontrivial characters are all active;
 *  - the box contains the certificate's primal to its accuracy, and f at the box centre lies
 *    in the certified interval;
 *  - context multiplicities b_k: 1 each for suits x ranks (tokens = contexts), sum = R;
 *    b_0 = the number of context orbits;
 *  - refusals: a primal 0 and a primal moved by 1e-3 off the active set (then a zero of the
 *    KKT system with that active set does not exist, and nothing may be proved). */
#include <stdio.h>
#include <stdlib.h>
#include "peelcert/certify.h"
#include "peelcert/commutant.h"
#include "peelcert/geometry.h"

#include "commutant_fixture.h"

static void run(const char *name, slong want_active, slong inactive_m)
{
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep = { 0 };
    pc_certify_options_t opt = { 0 };
    opt.digits = 30;
    pc_group_geometry_t geo;
    pc_msg_t msg;
    char what[512];
    slong prec = 384;
    if (!load(&inst, name)) return;
    pc_cert_init(&cert, PC_CERT_DENSE);
    pc_group_geometry_init(&geo);
    int ok = pc_certify(&cert, &rep, &inst, &opt, &msg) == PC_OK && cert.commutant_generic != NULL;
    snprintf(what, sizeof what, "%s: certified on the commutant path", name);
    expect(ok, what);
    pc_status_t st = ok ? pc_group_geometry_optimum(&geo, &cert, &inst, prec, &msg) : PC_NOT_PROVED;
    snprintf(what, sizeof what, "%s: KKT proved at the optimum (%.300s)", name,
             st == PC_OK ? "ok" : msg.text);
    expect(st == PC_OK && geo.opt.proved, what);
    if (st == PC_OK) {
        const pc_commutant_t *alg = &geo.alg;
        slong R = geo.red.num_orbitals, active = 0, sum_b = 0, bad_zero = 0, inside = 1;
        for (slong k = 0; k < alg->r; k++) {
            active += geo.opt.active[k];
            if (!geo.opt.active[k] && !(arb_is_zero(geo.opt.norm + k) && arb_is_zero(geo.eig_W + k)))
                bad_zero++;
            if (geo.opt.active[k] && !arb_is_positive(geo.eig_W + k)) bad_zero++;
            if (inactive_m > 0 && alg->multiplicity[k] == inactive_m && geo.opt.active[k]) bad_zero++;
        }
        snprintf(what, sizeof what, "%s: %ld active components (want %ld), exact zeros off S", name,
                 (long) active, (long) want_active);
        expect(active == want_active && bad_zero == 0 && !geo.opt.active[0], what);
        /* the certificate's primal is within 1e-25 of the proved optimum */
        arb_t t;
        arf_t u;
        arb_init(t);
        arf_init(u);
        for (slong o = 0; o < R; o++) {
            arb_set_fmpq(t, cert.z_orb + o, prec);
            arb_sub(t, t, geo.opt.x + o, prec);
            arb_get_abs_ubound_arf(u, t, prec);
            inside = inside && arf_cmp_2exp_si(u, -83) < 0;     /* < 1e-25 */
        }
        snprintf(what, sizeof what, "%s: the certificate's primal is near the box, radius %.3g",
                 name, geo.opt.radius);
        expect(inside && geo.opt.radius < 1e-60, what);
        arb_clear(t);
        arf_clear(u);
        ok = geo.context_mult != NULL;
        for (slong k = 0; ok && k < alg->r; k++) sum_b += geo.context_mult[k];
        snprintf(what, sizeof what, "%s: context multiplicities proved, sum = R = %ld, b_0 = "
                 "context orbits = %ld", name, (long) R, (long) geo.red.num_context_orbits);
        expect(ok && sum_b == R && geo.context_mult[0] == geo.red.num_context_orbits, what);
        if (ok && inst.contexts == inst.tokens && inactive_m > 0) {
            int ones = 1;
            for (slong k = 0; k < alg->r; k++) ones = ones && geo.context_mult[k] == 1;
            expect(ones, "suits x ranks: every constituent once in the contexts");
        }
        /* refusal 1: the primal 0 */
        fmpq *z = _fmpq_vec_init(R);
        pc_commutant_optimum_t o2;
        pc_commutant_optimum_init(&o2);
        snprintf(what, sizeof what, "%s: a zero primal is not proved optimal", name);
        expect(pc_commutant_optimum(&o2, &geo.P, z, prec, &msg) != PC_OK && !o2.proved, what);
        /* refusal 2 (an inactive component exists): move z by 1e-3 along every orbital; the
         * active set then includes a component that is 0 at the optimum */
        if (inactive_m > 0) {
            for (slong o = 0; o < R; o++) {
                fmpq_set_si(z + o, (o % 3) - 1, 1000);
                fmpq_add(z + o, z + o, cert.z_orb + o);
            }
            /* centre exactly per context orbit so the start stays in the centered space */
            for (slong c = 0; c < geo.red.num_context_orbits; c++) {
                fmpq_t s, u;
                fmpq_init(s); fmpq_init(u);
                for (slong m = geo.red.start[c]; m < geo.red.start[c + 1]; m++) {
                    slong oo = geo.red.members[m];
                    fmpq_set_si(u, geo.red.mult[oo], 1);
                    fmpq_addmul(s, u, z + oo);
                }
                fmpq_div_fmpz(s, s, (fmpz_t){geo.red.V});
                for (slong m = geo.red.start[c]; m < geo.red.start[c + 1]; m++)
                    fmpq_sub(z + geo.red.members[m], z + geo.red.members[m], s);
                fmpq_clear(s); fmpq_clear(u);
            }
            snprintf(what, sizeof what, "%s: a primal moved off the active set is refused", name);
            st = pc_commutant_optimum(&o2, &geo.P, z, prec, &msg);
            expect(st != PC_OK && !o2.proved, what);
            printf("%s: moved primal: %s\n", name, msg.text);
        }
        pc_commutant_optimum_clear(&o2);
        _fmpq_vec_clear(z, R);
        printf("%s: R = %ld, r = %ld, box radius %.3g, active:", name, (long) R, (long) alg->r,
               geo.opt.radius);
        for (slong k = 0; k < alg->r; k++)
            if (geo.opt.active[k]) printf(" m = %ld", (long) alg->multiplicity[k]);
        printf("\n");
    }
    pc_group_geometry_clear(&geo);
    pc_certify_report_clear(&rep);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
}

int main(void)
{
    run("group-suits-ranks", 2, 36);
    run("group-dihedral-12-pairs", 6, 0);
    flint_cleanup_master();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
