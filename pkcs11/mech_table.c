// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The one table of mechanisms. C_GetMechanismList and C_GetMechanismInfo
 * are generated from it, every C_*Init looks its mechanism up in it, and
 * the flags each row claims are checked against the running kernel once
 * (a request with no key tells whether the kernel has the mechanism), so
 * the lists only ever name what really works.
 */
#include <errno.h>
#include <string.h>

#include "p11.h"

#define HW CKF_HW
#define ED (CKF_ENCRYPT | CKF_DECRYPT)
#define SV (CKF_SIGN | CKF_VERIFY)
#define WU (CKF_WRAP | CKF_UNWRAP)
#define SVR (CKF_SIGN_RECOVER | CKF_VERIFY_RECOVER)
#define EC_FLAGS (CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS)
#define NOKEY CK_UNAVAILABLE_INFORMATION
#define SECRET_MAX KHSM_MAX_SECRET_LEN

/* Sorted by mechanism number: test_tables checks it. */
/* clang-format off */
const struct p11_mech p11_mechs[] = {
	{ CKM_RSA_PKCS_KEY_PAIR_GEN, HW | CKF_GENERATE_KEY_PAIR, 2048, 4096, CKK_RSA, P11_P_NONE, NULL, "RSA-PKCS-KEY-PAIR-GEN" },
	{ CKM_RSA_PKCS,		HW | ED | SV | SVR, 2048, 4096, CKK_RSA, P11_P_NONE, NULL, "RSA-PKCS" },
	{ CKM_RSA_X_509,	HW | ED | SV | SVR, 2048, 4096, CKK_RSA, P11_P_NONE, NULL, "RSA-X-509" },
	{ CKM_SHA1_RSA_PKCS,	HW | SV,	2048, 4096, CKK_RSA, P11_P_NONE, NULL, "SHA1-RSA-PKCS" },
	{ CKM_RSA_PKCS_OAEP,	HW | ED | WU,	2048, 4096, CKK_RSA, P11_P_OAEP, NULL, "RSA-PKCS-OAEP" },
	{ CKM_RSA_PKCS_PSS,	HW | SV,	2048, 4096, CKK_RSA, P11_P_PSS, NULL, "RSA-PKCS-PSS" },
	{ CKM_SHA1_RSA_PKCS_PSS, HW | SV,	2048, 4096, CKK_RSA, P11_P_PSS, NULL, "SHA1-RSA-PKCS-PSS" },
	{ CKM_SHA256_RSA_PKCS,	HW | SV,	2048, 4096, CKK_RSA, P11_P_NONE, NULL, "SHA256-RSA-PKCS" },
	{ CKM_SHA384_RSA_PKCS,	HW | SV,	2048, 4096, CKK_RSA, P11_P_NONE, NULL, "SHA384-RSA-PKCS" },
	{ CKM_SHA512_RSA_PKCS,	HW | SV,	2048, 4096, CKK_RSA, P11_P_NONE, NULL, "SHA512-RSA-PKCS" },
	{ CKM_SHA256_RSA_PKCS_PSS, HW | SV,	2048, 4096, CKK_RSA, P11_P_PSS, NULL, "SHA256-RSA-PKCS-PSS" },
	{ CKM_SHA384_RSA_PKCS_PSS, HW | SV,	2048, 4096, CKK_RSA, P11_P_PSS, NULL, "SHA384-RSA-PKCS-PSS" },
	{ CKM_SHA512_RSA_PKCS_PSS, HW | SV,	2048, 4096, CKK_RSA, P11_P_PSS, NULL, "SHA512-RSA-PKCS-PSS" },
	{ CKM_SHA224_RSA_PKCS,	HW | SV,	2048, 4096, CKK_RSA, P11_P_NONE, NULL, "SHA224-RSA-PKCS" },
	{ CKM_SHA224_RSA_PKCS_PSS, HW | SV,	2048, 4096, CKK_RSA, P11_P_PSS, NULL, "SHA224-RSA-PKCS-PSS" },
	{ CKM_SHA_1,		CKF_DIGEST,	0, 0, NOKEY, P11_P_NONE, "SHA1", "SHA-1" },
	{ CKM_SHA256,		CKF_DIGEST,	0, 0, NOKEY, P11_P_NONE, "SHA256", "SHA256" },
	{ CKM_SHA256_HMAC,	HW | SV,	1, SECRET_MAX, CKK_GENERIC_SECRET, P11_P_NONE, NULL, "SHA256-HMAC" },
	{ CKM_SHA224,		CKF_DIGEST,	0, 0, NOKEY, P11_P_NONE, "SHA224", "SHA224" },
	{ CKM_SHA384,		CKF_DIGEST,	0, 0, NOKEY, P11_P_NONE, "SHA384", "SHA384" },
	{ CKM_SHA384_HMAC,	HW | SV,	1, SECRET_MAX, CKK_GENERIC_SECRET, P11_P_NONE, NULL, "SHA384-HMAC" },
	{ CKM_SHA512,		CKF_DIGEST,	0, 0, NOKEY, P11_P_NONE, "SHA512", "SHA512" },
	{ CKM_SHA512_HMAC,	HW | SV,	1, SECRET_MAX, CKK_GENERIC_SECRET, P11_P_NONE, NULL, "SHA512-HMAC" },
	{ CKM_GENERIC_SECRET_KEY_GEN, HW | CKF_GENERATE, 1, SECRET_MAX, CKK_GENERIC_SECRET, P11_P_NONE, NULL, "GENERIC-SECRET-KEY-GEN" },
	{ CKM_EC_KEY_PAIR_GEN,	HW | CKF_GENERATE_KEY_PAIR | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "EC-KEY-PAIR-GEN" },
	{ CKM_ECDSA,		HW | SV | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "ECDSA" },
	{ CKM_ECDSA_SHA1,	HW | SV | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "ECDSA-SHA1" },
	{ CKM_ECDSA_SHA224,	HW | SV | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "ECDSA-SHA224" },
	{ CKM_ECDSA_SHA256,	HW | SV | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "ECDSA-SHA256" },
	{ CKM_ECDSA_SHA384,	HW | SV | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "ECDSA-SHA384" },
	{ CKM_ECDSA_SHA512,	HW | SV | EC_FLAGS, 256, 384, CKK_EC, P11_P_NONE, NULL, "ECDSA-SHA512" },
	{ CKM_ECDH1_DERIVE,	HW | CKF_DERIVE | EC_FLAGS, 256, 384, CKK_EC, P11_P_ECDH, NULL, "ECDH1-DERIVE" },
	{ CKM_RSA_AES_KEY_WRAP,	HW | WU,	2048, 4096, CKK_RSA, P11_P_RSA_AES, NULL, "RSA-AES-KEY-WRAP" },
	{ CKM_AES_KEY_GEN,	HW | CKF_GENERATE, 16, 32, CKK_AES, P11_P_NONE, NULL, "AES-KEY-GEN" },
	{ CKM_AES_ECB,		HW | ED,	16, 32, CKK_AES, P11_P_NONE, NULL, "AES-ECB" },
	{ CKM_AES_CBC,		HW | ED,	16, 32, CKK_AES, P11_P_IV16, NULL, "AES-CBC" },
	{ CKM_AES_CBC_PAD,	HW | ED | WU,	16, 32, CKK_AES, P11_P_IV16, NULL, "AES-CBC-PAD" },
	{ CKM_AES_CTR,		HW | ED,	16, 32, CKK_AES, P11_P_CTR, NULL, "AES-CTR" },
	{ CKM_AES_GCM,		HW | ED,	16, 32, CKK_AES, P11_P_GCM, NULL, "AES-GCM" },
	{ CKM_AES_CMAC,		HW | SV,	16, 32, CKK_AES, P11_P_NONE, NULL, "AES-CMAC" },
	{ CKM_AES_KEY_WRAP,	HW | ED | WU,	16, 32, CKK_AES, P11_P_IV_OPT, NULL, "AES-KEY-WRAP" },
	{ CKM_AES_KEY_WRAP_KWP,	HW | ED | WU,	16, 32, CKK_AES, P11_P_IV_OPT, NULL, "AES-KEY-WRAP-KWP" },
};
/* clang-format on */

const size_t p11_mech_count = sizeof(p11_mechs) / sizeof(p11_mechs[0]);

/* What the kernel answered, per row; valid when p11.mech_probed. */
static CK_FLAGS probed[sizeof(p11_mechs) / sizeof(p11_mechs[0])];

const struct p11_mech *p11_mech_find(CK_MECHANISM_TYPE type)
{
	size_t lo = 0, hi = p11_mech_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p11_mechs[mid].type == type)
			return &p11_mechs[mid];
		if (p11_mechs[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The flags whose truth is the kernel's to tell. */
#define KERNEL_FLAGS                                                        \
	(CKF_ENCRYPT | CKF_DECRYPT | CKF_SIGN | CKF_VERIFY | CKF_GENERATE | \
	 CKF_GENERATE_KEY_PAIR | CKF_DERIVE | CKF_WRAP | CKF_UNWRAP |       \
	 CKF_SIGN_RECOVER | CKF_VERIFY_RECOVER)

/* A row's kernel flags: what KHSM_IOC_MECH_LIST says of its mechanism. */
static CK_FLAGS kernel_flags(const struct khsm_mech_info *infos, int n,
			     CK_MECHANISM_TYPE type)
{
	int i;

	for (i = 0; i < n; i++)
		if (infos[i].mech == type)
			return infos[i].flags & KERNEL_FLAGS;
	return 0;
}

/* Ask the module once what it does; rows keep only what it confirms. */
static void probe_all(void)
{
	struct khsm_mech_info infos[128];
	CK_FLAGS got[sizeof(probed) / sizeof(probed[0])];
	struct hsm *ctl = p11_ctl();
	size_t i;
	int n;

	if (!ctl)
		return;
	n = hsm_mech_list(ctl, infos, sizeof(infos) / sizeof(infos[0]));
	if (n < 0)
		return;
	if (n > (int)(sizeof(infos) / sizeof(infos[0])))
		n = sizeof(infos) / sizeof(infos[0]);
	for (i = 0; i < p11_mech_count; i++) {
		CK_FLAGS f = p11_mechs[i].flags;

		got[i] = (f & ~KERNEL_FLAGS) |
			 (f & kernel_flags(infos, n, p11_mechs[i].type));
	}
	p11_mutex_lock(&p11.lock);
	memcpy(probed, got, sizeof(probed));
	p11.mech_probed = true;
	p11_mutex_unlock(&p11.lock);
}

/* The operation flags: a row with none of them left is not offered. */
#define OP_FLAGS                                                          \
	(CKF_ENCRYPT | CKF_DECRYPT | CKF_DIGEST | CKF_SIGN | CKF_VERIFY | \
	 CKF_GENERATE | CKF_GENERATE_KEY_PAIR | CKF_WRAP | CKF_UNWRAP |   \
	 CKF_DERIVE | CKF_SIGN_RECOVER | CKF_VERIFY_RECOVER)

/**
 * p11_mech_flags() - the flags of a row that the kernel really supports
 * @m: the row
 *
 * Without the device, the table's claim is returned, and the module is
 * asked again next time.
 *
 * Return: the flags; none of the operation flags when the mechanism is
 * not available.
 */
CK_FLAGS p11_mech_flags(const struct p11_mech *m)
{
	CK_FLAGS f;
	bool done;

	p11_mutex_lock(&p11.lock);
	done = p11.mech_probed;
	p11_mutex_unlock(&p11.lock);
	if (!done)
		probe_all();
	p11_mutex_lock(&p11.lock);
	f = p11.mech_probed ? probed[m - p11_mechs] : m->flags;
	p11_mutex_unlock(&p11.lock);
	if (!(f & OP_FLAGS))
		return 0;
	return f;
}

void p11_mech_reset(void)
{
	p11.mech_probed = false;
}

static CK_RV param_oaep(const CK_RSA_PKCS_OAEP_PARAMS *p,
			struct khsm_oaep_params *k, struct p11_kparam *out)
{
	/* source 0 (pkcs11-tool) and CKZ_DATA_SPECIFIED both mean a label. */
	if (p->source != 0 && p->source != CKZ_DATA_SPECIFIED)
		return CKR_MECHANISM_PARAM_INVALID;
	if (!p->pSourceData && p->ulSourceDataLen)
		return CKR_MECHANISM_PARAM_INVALID;
	k->hash_mech = p->hashAlg;
	k->mgf = p->mgf;
	k->source = p->source;
	if (out) {
		out->aad = p->pSourceData;
		out->aad_len = p->pSourceData ? p->ulSourceDataLen : 0;
	} else if (p->ulSourceDataLen) {
		return CKR_MECHANISM_PARAM_INVALID;
	}
	return CKR_OK;
}

/**
 * p11_mech_param() - the kernel's form of a mechanism parameter
 * @m: the mechanism's row
 * @ck: the application's mechanism
 * @out: receives the parameter, and any AAD or label (pointing into the
 *	application's memory)
 *
 * Return: CKR_OK or CKR_MECHANISM_PARAM_INVALID.
 */
CK_RV p11_mech_param(const struct p11_mech *m, const CK_MECHANISM *ck,
		     struct p11_kparam *out)
{
	const void *p = ck->pParameter;
	CK_ULONG len = p ? ck->ulParameterLen : 0;

	memset(out, 0, sizeof(*out));
	switch (m->param) {
	case P11_P_NONE:
		return len ? CKR_MECHANISM_PARAM_INVALID : CKR_OK;
	case P11_P_IV16:
		if (len != 16)
			return CKR_MECHANISM_PARAM_INVALID;
		memcpy(out->buf, p, 16);
		out->len = 16;
		return CKR_OK;
	case P11_P_IV_OPT:
		if (len > 16)
			return CKR_MECHANISM_PARAM_INVALID;
		if (len)
			memcpy(out->buf, p, len);
		out->len = len;
		return CKR_OK;
	case P11_P_GCM: {
		const CK_GCM_PARAMS *g = p;
		struct khsm_gcm_params k = { 0 };

		if (len != sizeof(*g) || g->ulIvLen > sizeof(k.iv) ||
		    (!g->pIv && g->ulIvLen) || (!g->pAAD && g->ulAADLen))
			return CKR_MECHANISM_PARAM_INVALID;
		k.iv_len = (uint32_t)g->ulIvLen;
		k.tag_bits = (uint32_t)g->ulTagBits;
		if (g->ulIvLen)
			memcpy(k.iv, g->pIv, g->ulIvLen);
		memcpy(out->buf, &k, sizeof(k));
		out->len = sizeof(k);
		out->aad = g->pAAD;
		out->aad_len = g->pAAD ? g->ulAADLen : 0;
		return CKR_OK;
	}
	case P11_P_CTR: {
		const CK_AES_CTR_PARAMS *c = p;
		struct khsm_ctr_params k = { 0 };

		if (len != sizeof(*c))
			return CKR_MECHANISM_PARAM_INVALID;
		k.counter_bits = (uint32_t)c->ulCounterBits;
		memcpy(k.cb, c->cb, sizeof(k.cb));
		memcpy(out->buf, &k, sizeof(k));
		out->len = sizeof(k);
		return CKR_OK;
	}
	case P11_P_PSS: {
		const CK_RSA_PKCS_PSS_PARAMS *s = p;
		struct khsm_pss_params k;

		if (len != sizeof(*s))
			return CKR_MECHANISM_PARAM_INVALID;
		k.hash_mech = s->hashAlg;
		k.mgf = s->mgf;
		k.salt_len = s->sLen;
		memcpy(out->buf, &k, sizeof(k));
		out->len = sizeof(k);
		return CKR_OK;
	}
	case P11_P_OAEP: {
		struct khsm_oaep_params k = { 0 };
		CK_RV rv;

		if (len != sizeof(CK_RSA_PKCS_OAEP_PARAMS))
			return CKR_MECHANISM_PARAM_INVALID;
		rv = param_oaep(p, &k, out);
		if (rv != CKR_OK)
			return rv;
		memcpy(out->buf, &k, sizeof(k));
		out->len = sizeof(k);
		return CKR_OK;
	}
	case P11_P_ECDH: {
		const CK_ECDH1_DERIVE_PARAMS *e = p;
		struct khsm_ecdh1_params k;

		if (len != sizeof(*e))
			return CKR_MECHANISM_PARAM_INVALID;
		k.kdf = e->kdf;
		k.shared_data_len = e->ulSharedDataLen;
		k.shared_data = (uintptr_t)e->pSharedData;
		k.public_data_len = e->ulPublicDataLen;
		k.public_data = (uintptr_t)e->pPublicData;
		memcpy(out->buf, &k, sizeof(k));
		out->len = sizeof(k);
		return CKR_OK;
	}
	case P11_P_RSA_AES: {
		const struct p11_rsa_aes_key_wrap_params *r = p;
		struct khsm_rsa_aes_wrap_params k = { 0 };
		CK_RV rv;

		if (len != sizeof(*r) || !r->pOAEPParams)
			return CKR_MECHANISM_PARAM_INVALID;
		k.aes_key_bits = r->ulAESKeyBits;
		rv = param_oaep(r->pOAEPParams, &k.oaep, NULL);
		if (rv != CKR_OK)
			return rv;
		memcpy(out->buf, &k, sizeof(k));
		out->len = sizeof(k);
		return CKR_OK;
	}
	}
	return CKR_MECHANISM_PARAM_INVALID;
}
