/* Life cycle and small accessors of pc_cert_t (cert.h). */
#include <stdlib.h>
#include "peelcert/cert.h"
#include "peelcert/numbers.h"

void pc_cert_init(pc_cert_t *cert, pc_cert_kind_t kind)
{
    cert->kind = kind;
    fmpq_mat_init(cert->W, 0, 0);
    fmpq_mat_init(cert->H, 0, 0);
    fmpq_mat_init(cert->Q, 0, 0);
    fmpq_init(cert->opnorm_bound);
    cert->opnorm_binary64 = 0;
    cert->has_kkt = 0;
    fmpq_init(cert->lambda_W);
    fmpq_init(cert->lambda_H);
    arb_init(cert->residual_W);
    arb_init(cert->residual_H);
    cert->n = 0;
    pc_abelian_set_cyclic(&cert->group, 1);
    cert->c = NULL;
    cert->r = NULL;
    fmpq_init(cert->x);
    fmpq_init(cert->r_diag);
    cert->has_gram = 0;
    fmpq_init(cert->gram_W);
    fmpq_init(cert->gram_H);
    cert->context_permutation = NULL;
    cert->num_orbitals = 0;
    cert->z_orb = NULL;
    cert->q_orb = NULL;
    cert->num_characters = 0;
    cert->commutant_generic = NULL;
    arb_init(cert->upper);
    arb_init(cert->lower);
    cert->regime = PC_REGIME_UNDETERMINED;
    cert->structure = PC_STRUCTURE_NONE;
    cert->upper_is_lp = 0;
    cert->places = 20;
    cert->lp = NULL;
    cert->classes = NULL;
    cert->symmetric = NULL;
    cert->sizes = NULL;
    cert->lr_rank = 0;
    cert->lr_W = NULL;
    cert->lr_H = NULL;
}

void pc_classes_sizes_init(pc_classes_sizes_t *sz, const pc_classes_sizes_info_t *info, slong r)
{
    slong S = info->S;
    sz->info = *info;
    sz->G = S + (info->u0 > 0);
    sz->d = _fmpq_vec_init(S);
    sz->q_own = _fmpq_vec_init(S);
    sz->q_un = _fmpq_vec_init(S);
    fmpq_mat_init(sz->A, sz->G, r);
    fmpq_mat_init(sz->B, r, S);
    fmpq_mat_init(sz->q, S, S);
}

void pc_classes_sizes_clear(pc_classes_sizes_t *sz)
{
    slong S = sz->info.S;
    _fmpq_vec_clear(sz->d, S);
    _fmpq_vec_clear(sz->q_own, S);
    _fmpq_vec_clear(sz->q_un, S);
    fmpq_mat_clear(sz->A);
    fmpq_mat_clear(sz->B);
    fmpq_mat_clear(sz->q);
    pc_classes_sizes_info_clear(&sz->info);
}

void pc_cert_clear(pc_cert_t *cert)
{
    fmpq_mat_clear(cert->W);
    fmpq_mat_clear(cert->H);
    fmpq_mat_clear(cert->Q);
    fmpq_clear(cert->opnorm_bound);
    fmpq_clear(cert->lambda_W);
    fmpq_clear(cert->lambda_H);
    arb_clear(cert->residual_W);
    arb_clear(cert->residual_H);
    if (cert->c != NULL)
        _fmpq_vec_clear(cert->c, cert->n);
    if (cert->r != NULL)
        _fmpq_vec_clear(cert->r, cert->n);
    fmpq_clear(cert->x);
    fmpq_clear(cert->r_diag);
    fmpq_clear(cert->gram_W);
    fmpq_clear(cert->gram_H);
    free(cert->context_permutation);
    if (cert->z_orb != NULL)
        _fmpq_vec_clear(cert->z_orb, cert->num_orbitals);
    if (cert->q_orb != NULL)
        _fmpq_vec_clear(cert->q_orb, cert->num_orbitals);
    free(cert->commutant_generic);
    cert->commutant_generic = NULL;
    free(cert->lr_W);
    free(cert->lr_H);
    cert->lr_W = cert->lr_H = NULL;
    arb_clear(cert->upper);
    arb_clear(cert->lower);
    if (cert->symmetric != NULL) {
        pc_classes_symmetric_t *sy = cert->symmetric;
        fmpq_clear(sy->x); fmpq_clear(sy->y); fmpq_clear(sy->w);
        fmpq_clear(sy->q_target); fmpq_clear(sy->q_other); fmpq_clear(sy->q_untargeted);
        flint_free(sy);
        cert->symmetric = NULL;
    }
    if (cert->sizes != NULL) {
        pc_classes_sizes_clear(cert->sizes);
        flint_free(cert->sizes);
        cert->sizes = NULL;
    }
    if (cert->classes != NULL) {
        pc_classes_clear(cert->classes);
        flint_free(cert->classes);
        cert->classes = NULL;
    }
    if (cert->lp != NULL) {
        pc_lowdim_result_clear(cert->lp);
        flint_free(cert->lp);
        cert->lp = NULL;
    }
}

void pc_cert_dense_alloc(pc_cert_t *cert, slong V, slong N, slong d)
{
    fmpq_mat_clear(cert->W);
    fmpq_mat_clear(cert->H);
    fmpq_mat_clear(cert->Q);
    fmpq_mat_init(cert->W, V, d);
    fmpq_mat_init(cert->H, d, N);
    fmpq_mat_init(cert->Q, N, V);
}

void pc_cert_circulant_alloc(pc_cert_t *cert, slong n)
{
    if (cert->c != NULL)
        _fmpq_vec_clear(cert->c, cert->n);
    if (cert->r != NULL)
        _fmpq_vec_clear(cert->r, cert->n);
    cert->n = n;
    pc_abelian_set_cyclic(&cert->group, n);
    cert->c = _fmpq_vec_init(n);
    cert->r = _fmpq_vec_init(n);
}

void pc_cert_group_alloc(pc_cert_t *cert, slong num_orbitals)
{
    if (cert->z_orb != NULL)
        _fmpq_vec_clear(cert->z_orb, cert->num_orbitals);
    if (cert->q_orb != NULL)
        _fmpq_vec_clear(cert->q_orb, cert->num_orbitals);
    cert->num_orbitals = num_orbitals;
    cert->z_orb = _fmpq_vec_init(num_orbitals);
    cert->q_orb = _fmpq_vec_init(num_orbitals);
}

const char *pc_regime_name(pc_regime_t regime)
{
    switch (regime) {
    case PC_REGIME_BINDING: return "binding";
    case PC_REGIME_INTERIOR: return "interior";
    default: return "undetermined";
    }
}

const char *pc_structure_name(pc_structure_t structure)
{
    switch (structure) {
    case PC_STRUCTURE_CIRCULANT: return "circulant";
    case PC_STRUCTURE_SIMPLEX_ETF: return "simplex-etf";
    case PC_STRUCTURE_GROUP_INVARIANT: return "group-invariant";
    default: return "none";
    }
}

char *pc_cert_lower_text(const pc_cert_t *cert)
{
    return pc_arb_decimal_outward(cert->lower, cert->places, 1);
}

char *pc_cert_upper_text(const pc_cert_t *cert)
{
    return pc_arb_decimal_outward(cert->upper, cert->places, 0);
}
