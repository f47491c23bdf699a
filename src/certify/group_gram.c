/* H^T H of a kind-group certificate's primal, by orbital values (certify.h). */
#include <stdlib.h>
#include "peelcert/certify.h"
#include "peelcert/group.h"
#include "peelcert/numbers.h"

#define GRAM_H_MAX_VALUES 1000

static int compare_fmpq_ptr(const void *x, const void *y)
{
    return fmpq_cmp(*(fmpq * const *) x, *(fmpq * const *) y);
}

/* Row r of Z^T Z, exact: row[i] = sum_k z[orb(k, r)] z[orb(k, i)]. On the integer numerators
 * over the common denominator D of the orbital values (row[i] = sum_k n n' / D^2): integer
 * products and sums, one canonicalisation per entry instead of a gcd per product. */
static void gram_row(fmpq *row, const pc_cert_t *cert, const slong *orbit_id, slong V, slong N,
                     slong r)
{
    slong R = cert->num_orbitals;
    fmpz *num = _fmpz_vec_init(R);
    fmpz_t D, D2, s;
    fmpz_init(D); fmpz_init(D2); fmpz_init(s);
    fmpz_one(D);
    for (slong o = 0; o < R; o++)
        fmpz_lcm(D, D, fmpq_denref(cert->z_orb + o));
    for (slong o = 0; o < R; o++) {             /* num[o] = z[o] D, exact */
        fmpz_divexact(num + o, D, fmpq_denref(cert->z_orb + o));
        fmpz_mul(num + o, num + o, fmpq_numref(cert->z_orb + o));
    }
    fmpz_mul(D2, D, D);
    for (slong i = 0; i < N; i++) {
        fmpz_zero(s);
        for (slong k = 0; k < V; k++)
            fmpz_addmul(s, num + orbit_id[k * N + r], num + orbit_id[k * N + i]);
        fmpq_set_fmpz_frac(row + i, s, D2);
    }
    _fmpz_vec_clear(num, R);
    fmpz_clear(D); fmpz_clear(D2); fmpz_clear(s);
}

static json_t *ball_json(const arb_t x)
{
    char *value, *radius;
    pc_arb_decimal_with_radius(&value, &radius, x, 20);
    json_t *o = json_pack("{s:s, s:s}", "value", value, "radius", radius);
    free(value);
    free(radius);
    return o;
}

/* The distinct values of row (times scale) with their multiplicities, or NULL if too many. */
static json_t *distinct_values_json(fmpq *row, slong N, const arb_t scale, slong prec)
{
    fmpq **sorted = malloc((size_t) N * sizeof *sorted);
    for (slong i = 0; i < N; i++)
        sorted[i] = row + i;
    qsort(sorted, (size_t) N, sizeof *sorted, compare_fmpq_ptr);
    json_t *values = json_array();
    arb_t x;
    arb_init(x);
    for (slong i = 0, count; i < N && values != NULL; i += count) {
        for (count = 1; i + count < N && fmpq_equal(sorted[i], sorted[i + count]); count++)
            ;
        if (json_array_size(values) >= GRAM_H_MAX_VALUES) {
            json_decref(values);
            values = NULL;
            break;
        }
        arb_set_fmpq(x, sorted[i], prec);
        arb_mul(x, x, scale, prec);
        json_t *v = ball_json(x);
        json_object_set_new(v, "count", json_integer(count));
        json_array_append_new(values, v);
    }
    arb_clear(x);
    free(sorted);
    return values;
}

json_t *pc_group_gram_H_json(const pc_cert_t *cert, const pc_instance_t *inst)
{
    slong V = inst->tokens, N = inst->contexts, prec = 128;
    if (cert->kind != PC_CERT_GROUP || cert->regime != PC_REGIME_BINDING || V < 2
        || N > PC_MAX_DENSE_ENTRIES / V)
        return NULL;
    pc_msg_t msg;
    pc_group_orbits_t orb, ctx;
    pc_group_orbits_init(&orb);
    pc_group_orbits_init(&ctx);
    json_t *out = NULL;
    fmpq_t c, t, a, b;
    fmpq_init(c); fmpq_init(t); fmpq_init(a); fmpq_init(b);
    if (pc_group_instance_orbitals(&orb, inst, &msg) == PC_OK
        && pc_group_orbits(&ctx, (const slong *const *) inst->context_generators,
                           inst->num_generators, N, &msg) == PC_OK
        && orb.num_orbits == cert->num_orbitals) {
        /* c = ||Z||_F^2 / (V - 1) */
        for (slong m = 0; m < V * N; m++) {
            fmpq_mul(t, cert->z_orb + orb.orbit_id[m], cert->z_orb + orb.orbit_id[m]);
            fmpq_add(c, c, t);
        }
        fmpq_div_fmpz(c, c, (fmpz_t){V - 1});
    }
    if (!fmpq_is_zero(c) && orb.num_orbits == cert->num_orbitals) {
        /* H^T H = sqrt(b/a) (Z^T Z)^(1/2) = sqrt(b / (a c)) Z^T Z, as Z^T Z has the single
         * nonzero eigenvalue c (Z Z^T = c (I - J/V), FORMAT.md kind group). */
        arb_t scale;
        arb_init(scale);
        pc_instance_budgets(a, b, inst);
        fmpq_mul(t, a, c);
        fmpq_div(t, b, t);
        arb_set_fmpq(scale, t, prec);
        arb_sqrtpos(scale, scale, prec);
        out = json_object();
        json_object_set_new(out, "note", json_string(
            "H^T H = sqrt(b/(a c)) Z^T Z for the certificate's Z (Z Z^T = c (I - J/V)); it "
            "commutes with the context action, so one row per context orbit determines it; the "
            "distinct values of a row are the orbital values of H^T H (balls, 20 places)"));
        json_t *rows = json_array();
        fmpq *row = _fmpq_vec_init(N);
        char *seen = calloc((size_t) ctx.num_orbits, 1);
        for (slong r = 0; r < N; r++) {
            if (seen[ctx.orbit_id[r]]) continue;
            seen[ctx.orbit_id[r]] = 1;
            gram_row(row, cert, orb.orbit_id, V, N, r);
            json_t *entry = json_object();
            json_object_set_new(entry, "context", json_integer(r));
            json_object_set_new(entry, "orbit_size", json_integer(ctx.orbit_size[ctx.orbit_id[r]]));
            json_t *values = distinct_values_json(row, N, scale, prec);
            if (values != NULL) json_object_set_new(entry, "values", values);
            else json_object_set_new(entry, "values_note", json_string("more than 1000 distinct values: not listed"));
            json_array_append_new(rows, entry);
        }
        free(seen);
        _fmpq_vec_clear(row, N);
        json_object_set_new(out, "rows", rows);
        arb_clear(scale);
    }
    fmpq_clear(c); fmpq_clear(t); fmpq_clear(a); fmpq_clear(b);
    pc_group_orbits_clear(&orb);
    pc_group_orbits_clear(&ctx);
    return out;
}
