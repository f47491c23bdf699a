/* Claims common to all kinds (FORMAT.md: upper_is_lp, "Regime claims", "Structure claims"),
 * the precision loop, ball comparisons with exact rationals, and entropies. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "check_internal.h"

int pcc_report_add(pcc_report_t *R, const char *name, int verified, const char *fmt, ...)
{
    va_list ap;
    if (R->n >= PCC_MAX_CLAIMS) return verified;
    pcc_claim_t *c = R->claims + R->n++;
    snprintf(c->name, sizeof c->name, "%s", name);
    c->verified = verified;
    va_start(ap, fmt);
    vsnprintf(c->detail, sizeof c->detail, fmt, ap);
    va_end(ap);
    return verified;
}

/* Runs fn at the starting precision, doubling while it is undecided, up to the ceiling.
 * Returns 1 iff the claim was proved. */
int pcc_run_claim(pcc_report_t *R, pcc_cert_t *C, const char *name, pcc_claim_fn fn)
{
    char detail[640], last[640] = "";
    slong prec = C->prec;
    int outcome;
    for (;;) {
        double need = pcc_claim_memory(C, name, prec);
        detail[0] = '\0';
        if (C->max_bytes > 0 && need > C->max_bytes) {   /* refused before allocating */
            if (prec == C->prec)
                return pcc_report_add(R, name, 0, "not attempted: at %ld bits it needs about %.0f MB, "
                                      "over --max-memory %.0f MB", prec, need / 1048576.0,
                                      C->max_bytes / 1048576.0);
            prec /= 2;
            return pcc_report_add(R, name, 0, "%s (not decided at %ld bits; %ld bits would need "
                                  "about %.0f MB, over --max-memory %.0f MB)", last, prec, 2 * prec,
                                  need / 1048576.0, C->max_bytes / 1048576.0);
        }
        outcome = fn(C, prec, detail, sizeof detail);
        if (outcome != PCC_UNDECIDED || 2 * prec > C->prec_max) break;
        snprintf(last, sizeof last, "%s", detail);
        prec *= 2;
    }
    if (outcome == PCC_UNDECIDED)
        return pcc_report_add(R, name, 0, "%s (not decided at %ld bits of precision)", detail, prec);
    if (outcome == PCC_STUCK)   /* a binary64 proof, or a ceiling: more bits would not decide it */
        return pcc_report_add(R, name, 0, "%s (not decided at %ld bits; not retried at a "
                              "higher precision)", detail, prec);
    return pcc_report_add(R, name, outcome == PCC_VERIFIED, "%s", detail);
}

/* Bits of x: numerator bits plus denominator bits. */
slong pcc_fmpq_bits(const fmpq_t x)
{
    return fmpz_bits(fmpq_numref(x)) + fmpz_bits(fmpq_denref(x));
}

/* The largest pcc_fmpq_bits over v[0 .. n). */
slong pcc_fmpq_vec_max_bits(const fmpq *v, slong n)
{
    slong best = 0;
    for (slong m = 0; m < n; m++) {
        slong b = pcc_fmpq_bits(v + m);
        if (b > best) best = b;
    }
    return best;
}

/* Precision ceiling of a claim whose numbers have at most `bits` bits and whose matrices have
 * `size` rows (FORMAT.md, "Bounded work"): the smallest C->prec 2^j >= 4 bits + 2 log2(size) +
 * 64, and at most C->prec_max. A margin below 2^-(4 bits) is not one such numbers can state. */
slong pcc_prec_ceiling(const pcc_cert_t *C, slong bits, slong size)
{
    slong want = 4 * bits + 2 * FLINT_BIT_COUNT((ulong) (size > 0 ? size : 1)) + 64, p = C->prec;
    while (p < want && 2 * p <= C->prec_max) p *= 2;
    return p;
}

/* 1 if x <= y is proved, -1 if x > y is proved, 0 if the enclosure cannot tell. */
int pcc_prove_le(const arb_t x, const fmpq_t y, slong prec)
{
    arb_t t;
    int out;
    arb_init(t);
    arb_set_fmpq(t, y, prec);
    arb_sub(t, x, t, prec);
    out = arb_is_nonpositive(t) ? 1 : arb_is_positive(t) ? -1 : 0;
    arb_clear(t);
    return out;
}

/* 1 if x < y is proved, -1 if x >= y is proved, 0 if the enclosure cannot tell. */
int pcc_prove_lt(const arb_t x, const fmpq_t y, slong prec)
{
    arb_t t;
    int out;
    arb_init(t);
    arb_set_fmpq(t, y, prec);
    arb_sub(t, x, t, prec);
    out = arb_is_negative(t) ? 1 : arb_is_nonnegative(t) ? -1 : 0;
    arb_clear(t);
    return out;
}

int pcc_prove_ge(const arb_t x, const fmpq_t y, slong prec)
{
    arb_t t;
    int out;
    arb_init(t);
    arb_set_fmpq(t, y, prec);
    arb_sub(t, x, t, prec);
    out = arb_is_nonnegative(t) ? 1 : arb_is_negative(t) ? -1 : 0;
    arb_clear(t);
    return out;
}

/* Encloses p log p for an exact p >= 0 (0 log 0 = 0). */
void pcc_xlogx(arb_t out, const fmpq_t p, slong prec)
{
    arb_t t;
    if (fmpq_is_zero(p)) { arb_zero(out); return; }
    arb_init(t);
    arb_set_fmpq(t, p, prec);
    arb_log(out, t, prec);
    arb_mul(out, out, t, prec);
    arb_clear(t);
}

/* Encloses (1/N) sum_i H(p_i), the value of (C) in the interior regime (SPEC 3). */
/* out[k] encloses log P[i][k] minus the mean over k (row i of the centered log targets). */
void pcc_centered_log_row(arb_ptr out, const pcc_instance_t *I, slong i, slong prec)
{
    arb_t mean;
    fmpq_t e;
    arb_init(mean); fmpq_init(e);
    for (slong k = 0; k < I->V; k++) {
        pcc_instance_entry(e, I, i, k);
        arb_set_fmpq(out + k, e, prec);
        arb_log(out + k, out + k, prec);
        arb_add(mean, mean, out + k, prec);
    }
    arb_div_si(mean, mean, I->V, prec);
    for (slong k = 0; k < I->V; k++) arb_sub(out + k, out + k, mean, prec);
    arb_clear(mean); fmpq_clear(e);
}

/* A hash of the exact value of x (equal rationals, being canonical, hash alike). */
static ulong fmpz_hash(const fmpz_t x)
{
    if (!COEFF_IS_MPZ(*x)) return (ulong) *x;   /* a small value is never stored as an mpz */
    return fmpz_fdiv_ui(x, (UWORD(1) << 61) - 1);
}

static ulong fmpq_hash(const fmpq_t x)
{
    ulong h = fmpz_hash(fmpq_numref(x)) * UWORD(0x9E3779B97F4A7C15);
    return (h ^ (h >> 29)) + fmpz_hash(fmpq_denref(x)) * UWORD(0xC2B2AE3D27D4EB4F);
}

/* -sum_m x_m log x_m over the n exact x_m >= 0 into out: x log x once per distinct value (an
 * exact hash table of first occurrences, fmpq_equal deciding), times its exact count. Targets
 * repeat values (one-hot and group rows, counts over one total), so this is one log per
 * distinct value and one hash per entry; the ball contains the exact sum as the entrywise sum
 * would. Deterministic: the values are summed in order of first occurrence. */
static void neg_sum_xlogx(arb_t out, const fmpq *x, slong n, slong prec)
{
    /* the table grows with the distinct values (kept at most half full), not with n: a
     * million entries of three values touch a few kB, not 32 MB */
    slong size = 64, distinct = 0, cap = 32;
    slong *table = malloc(sizeof(slong) * (size_t) size), *first = malloc(sizeof(slong) * (size_t) cap);
    ulong *count = malloc(sizeof(ulong) * (size_t) cap);
    arb_t t;
    arb_init(t);
    for (slong j = 0; j < size; j++) table[j] = -1;
    for (slong m = 0; m < n; m++) {
        slong j = (slong) (fmpq_hash(x + m) & (ulong) (size - 1));
        while (table[j] >= 0 && !fmpq_equal(x + first[table[j]], x + m)) j = (j + 1) & (size - 1);
        if (table[j] < 0) {
            if (distinct == cap) {
                cap *= 2;
                first = realloc(first, sizeof(slong) * (size_t) cap);
                count = realloc(count, sizeof(ulong) * (size_t) cap);
            }
            table[j] = distinct;
            first[distinct] = m;
            count[distinct++] = 0;
            if (2 * distinct > size) {   /* rehash into twice the size */
                size *= 2;
                table = realloc(table, sizeof(slong) * (size_t) size);
                for (slong q = 0; q < size; q++) table[q] = -1;
                for (slong v = 0; v < distinct; v++) {
                    slong h = (slong) (fmpq_hash(x + first[v]) & (ulong) (size - 1));
                    while (table[h] >= 0) h = (h + 1) & (size - 1);
                    table[h] = v;
                }
                j = -1;
            }
        }
        if (j >= 0) count[table[j]]++;
        else count[distinct - 1]++;   /* the value just added, before the rehash */
    }
    arb_zero(out);
    for (slong v = 0; v < distinct; v++) {
        pcc_xlogx(t, x + first[v], prec);
        arb_mul_ui(t, t, count[v], prec);
        arb_sub(out, out, t, prec);
    }
    arb_clear(t);
    free(table); free(first); free(count);
}

void pcc_mean_entropy(arb_t out, const pcc_instance_t *I, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_zero(out);
    if (I->form == PCC_DENSE || I->form == PCC_CIRCULANT || I->form == PCC_GROUP_CIRCULANT) {
        neg_sum_xlogx(out, I->form == PCC_DENSE ? I->P : I->q, I->form == PCC_DENSE ? I->N * I->V
                      : I->V, prec);
        if (I->form == PCC_DENSE) arb_div_si(out, out, I->N, prec);
    } else if (I->form == PCC_SPARSE) {         /* unlisted entries contribute 0 */
        neg_sum_xlogx(out, I->sp_value, I->sp_start[I->N], prec);
        arb_div_si(out, out, I->N, prec);
    } else if (I->form == PCC_EXCHANGEABLE) {   /* -alpha log alpha - (1 - alpha) log beta */
        pcc_xlogx(out, I->alpha, prec);
        pcc_xlogx(t, I->beta, prec);
        arb_mul_si(t, t, I->V - 1, prec);
        arb_add(out, out, t, prec);
        arb_neg(out, out);
    }
    arb_clear(t);
}

static int claim_upper_is_lp(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong n = C->inst.V, d = C->inst.d;
    int zero = 1;
    (void) prec;
    if (!C->upper_is_lp) { snprintf(detail, len, "not claimed"); return PCC_VERIFIED; }
    if (C->kind == PCC_KIND_DENSE) {
        snprintf(detail, len, "W has d = %ld columns, so Z = W H factors in dimension d", d);
        return PCC_VERIFIED;
    }
    if (C->kind == PCC_KIND_CLASSES && C->sizes) {
        slong r = pcc_sizes_rank_bound(C);
        snprintf(detail, len, "rank(Z) <= r + sum over d_s != 0 of (n_s - 1) = %ld %s d = %ld", r,
                 r <= d ? "<=" : "is not <=", d);
        return r <= d ? PCC_VERIFIED : PCC_REJECTED;
    }
    if (C->kind == PCC_KIND_CLASSES && C->symmetric) {
        slong r = pcc_symmetric_rank(C);
        snprintf(detail, len, "the three-valued primal has rank %ld %s d = %ld", r, r <= d ? "<=" : "is not <=", d);
        return r <= d ? PCC_VERIFIED : PCC_REJECTED;
    }
    if (C->kind == PCC_KIND_CLASSES) {   /* W = E_T A has the r columns of A */
        snprintf(detail, len, "A has r = %ld columns %s d = %ld, W = E_T A, H = B E_C^T", C->cr,
                 C->cr <= d ? "<=" : "is not <=", d);
        return C->cr <= d ? PCC_VERIFIED : PCC_REJECTED;
    }
    if (C->kind == PCC_KIND_LOWRANK) {   /* Z = W H with W of r columns */
        snprintf(detail, len, "W has r = %ld columns %s d = %ld", C->lr_rank,
                 C->lr_rank <= d ? "<=" : "is not <=", d);
        return C->lr_rank <= d ? PCC_VERIFIED : PCC_REJECTED;
    }
    if (C->kind == PCC_KIND_EXCHANGEABLE) zero = fmpq_is_zero(C->x);
    else if (C->kind == PCC_KIND_GROUP) for (slong o = 0; o < C->R; o++) zero &= fmpq_is_zero(C->z + o);
    else for (slong m = 0; m < C->n; m++) zero &= fmpq_is_zero(C->c + m);
    if (d >= n - 1 || zero) {
        snprintf(detail, len, "%s", zero ? "the primal is 0" : "d >= n - 1 >= rank of the centered primal");
        return PCC_VERIFIED;
    }
    snprintf(detail, len, "d = %ld < n - 1 = %ld and the primal is not 0", d, n - 1);
    return PCC_REJECTED;
}

/* Proves that the budget binds (FORMAT.md): a zero target entry, or a verified lower strictly
 * above an upper enclosure of the mean target entropy. */
static int binding_proved(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t h;
    char text[128], why[320];
    int out = PCC_REJECTED, alt;
    size_t used;
    if (pcc_instance_has_zero(&C->inst)) {
        snprintf(detail, len, "some target entry is 0");
        return PCC_VERIFIED;
    }
    if (C->lower_verified) {
        arb_init(h);
        pcc_mean_entropy(h, &C->inst, prec);
        out = pcc_prove_lt(h, C->lower, prec);
        pcc_arb_text(text, sizeof text, h);
        snprintf(detail, len, "mean target entropy %s %s verified lower %s", text,
                 out == PCC_VERIFIED ? "<" : out == PCC_REJECTED ? ">=" : "vs", C->lower_text);
        arb_clear(h);
        if (out == PCC_VERIFIED) return out;
    } else {
        snprintf(detail, len, "no target entry is 0, claim lower is not verified");
    }
    alt = C->kind == PCC_KIND_GROUP ? pcc_group_log_nuclear(C, 1, prec, why, sizeof why)
        : pcc_structured_binding(C, prec, why, sizeof why);   /* from the instance alone */
    if (alt == PCC_VERIFIED) {
        snprintf(detail, len, "%s", why);
        return alt;
    }
    used = strlen(detail);
    snprintf(detail + used, len - used, "; %s", why);
    return out == PCC_UNDECIDED || alt == PCC_UNDECIDED ? PCC_UNDECIDED : PCC_REJECTED;
}

static int claim_regime(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (strcmp(C->regime, "undetermined") == 0) {
        snprintf(detail, len, "undetermined: nothing claimed");
        return PCC_VERIFIED;
    }
    if (strcmp(C->regime, "binding") == 0) return binding_proved(C, prec, detail, len);
    if (pcc_instance_has_zero(&C->inst)) {
        snprintf(detail, len, "interior claimed but some target entry is 0");
        return PCC_REJECTED;
    }
    if (C->kind == PCC_KIND_LOWRANK) {
        snprintf(detail, len, "regime interior is not checked for kind lowrank (FORMAT.md)");
        return PCC_REJECTED;
    }
    if (C->kind == PCC_KIND_DENSE) return pcc_dense_interior(C, prec, detail, len);
    if (C->kind == PCC_KIND_CLASSES) return pcc_classes_interior(C, prec, detail, len);
    if (C->kind == PCC_KIND_CIRCULANT) return pcc_circulant_interior(C, prec, detail, len);
    if (C->kind == PCC_KIND_GROUP) return pcc_group_log_nuclear(C, 0, prec, detail, len);
    return pcc_exchangeable_interior(C, prec, detail, len);
}

/* claims.gram (SPEC 5b): W W^T = u (I - J/V) with u = a/(V - 1) at every optimum. */
static int claim_gram(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    pcc_instance_t *I = &C->inst;
    fmpq_t u, v;
    char why[160], text[96];
    int out = PCC_VERIFIED;
    /* exchangeable form, or exchangeable after a verified relabelling of the contexts (which
     * leaves W W^T and H^T H = P_pi^T (b/(n-1)) (I - J/n) P_pi = (b/(n-1)) (I - J/n) unchanged) */
    int exch = I->form == PCC_EXCHANGEABLE || I->relabelled;
    if (I->V < 2 || I->d < (I->V - 1 < I->N ? I->V - 1 : I->N)) {
        snprintf(detail, len, "d = %ld is below min(V - 1, N) (V = %ld, N = %ld)", I->d, I->V, I->N);
        return PCC_REJECTED;
    }
    if (exch && I->N < 2) {   /* the readers require n >= 2 for these forms; never divide by 0 */
        snprintf(detail, len, "gram.H needs n >= 2 contexts (N = %ld)", I->N);
        return PCC_REJECTED;
    }
    fmpq_init(u); fmpq_init(v);
    pcc_fmpq_div_si(u, I->a, I->V - 1);                   /* V >= 2 (above) */
    if (I->N >= 2) pcc_fmpq_div_si(v, I->b, I->N - 1);   /* used only when exch (N >= 2) */
    if (!fmpq_equal(u, C->gram_W)) {
        pcc_fmpq_text(text, sizeof text, u);
        snprintf(detail, len, "gram.W is not a/(V - 1) = %s", text);
        out = PCC_REJECTED;
    } else if (exch && (!C->has_gram_H || !fmpq_equal(v, C->gram_H))) {
        pcc_fmpq_text(text, sizeof text, v);
        snprintf(detail, len, "gram.H is %s, not b/(n - 1) = %s", C->has_gram_H ? "wrong" : "missing", text);
        out = PCC_REJECTED;
    } else if (!exch && C->has_gram_H) {
        snprintf(detail, len, "gram.H is claimed only for exchangeable targets");
        out = PCC_REJECTED;
    } else if (!exch && !pcc_instance_two_transitive(I, why, sizeof why)) {
        snprintf(detail, len, "targets not in exchangeable form and no 2-transitive token symmetry: %s", why);
        out = PCC_REJECTED;
    }
    fmpq_clear(u); fmpq_clear(v);
    if (out == PCC_REJECTED) return out;
    out = binding_proved(C, prec, why, sizeof why);
    snprintf(detail, len, "%s, gram exact, d >= min(V - 1, N), regime binding %s (%s)",
             exch ? "exchangeable targets" : "2-transitive token symmetry",
             out == PCC_VERIFIED ? "proved" : "not proved", why);
    return out;
}

void pcc_check_common(pcc_report_t *R, pcc_cert_t *C)
{
    pcc_run_claim(R, C, "upper_is_lp", claim_upper_is_lp);
    pcc_run_claim(R, C, "regime", claim_regime);
    if (strcmp(C->structure, "circulant") == 0) {
        int ok = pcc_instance_is_circulant(&C->inst);
        pcc_report_add(R, "structure", ok, ok ? "circulant: V = N and the targets are exactly "
                       "circulant (SPEC 5a)" : "circulant: the targets are not circulant (V = %ld, "
                       "N = %ld)", C->inst.V, C->inst.N);
    } else if (strcmp(C->structure, "simplex-etf") == 0) {
        pcc_report_add(R, "structure", C->has_gram, C->has_gram ? "simplex-etf: see claim gram"
                       : "simplex-etf needs claims.gram");
    } else if (strcmp(C->structure, "group-invariant") == 0) {
        /* SPEC 5: the instance (validated by the reader, invariance included) is invariant under
         * its symmetry, so the unique centered optimum is; a claim about a trivial group says
         * nothing and is refused */
        slong g = pcc_instance_nontrivial_generator(&C->inst);
        if (g < 0 && C->inst.form == PCC_GROUP_CIRCULANT && C->inst.V >= 2) {
            /* SPEC 11: group_circulant targets are invariant under the translations of their
             * group (k -> k + h on tokens and contexts), a nontrivial group when n >= 2 */
            pcc_report_add(R, "structure", 1, "group-invariant: group_circulant targets on a "
                           "group of order %ld are invariant under its translations, so Z° is "
                           "(SPEC 5, 11)", C->inst.V);
        } else
        pcc_report_add(R, "structure", g >= 0, g >= 0 ? "group-invariant: the targets are "
                       "invariant under the symmetry generators (generator %ld is not the "
                       "identity), so Z° is (SPEC 5)" : "group-invariant: the instance has no "
                       "symmetry generator other than the identity (%ld generators)", g >= 0 ? g
                       : C->inst.ngens);
    } else {
        pcc_report_add(R, "structure", 1, "none: nothing claimed");
    }
    if (C->has_gram) pcc_run_claim(R, C, "gram", claim_gram);
}
