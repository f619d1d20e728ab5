/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the RSA tests: moving keys between OpenSSL and the core,
 * hash names and hashing. Test code only (static functions in a header so
 * each test program stays a single translation unit plus the test library).
 */
#ifndef _KHSM_CRYPTO_TEST_RSA_UTIL_H
#define _KHSM_CRYPTO_TEST_RSA_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "rsa.h"

static inline int hash_from_name(const char *s, enum khsm_hash_alg *alg)
{
	static const char *const names[] = { "SHA-1", "SHA-224", "SHA-256",
					     "SHA-384", "SHA-512" };
	int i;

	for (i = 0; s && i < KHSM_HASH_COUNT; i++)
		if (!strcmp(s, names[i])) {
			*alg = (enum khsm_hash_alg)i;
			return 0;
		}
	return -1;
}

static inline const EVP_MD *evp_md_of(enum khsm_hash_alg alg)
{
	switch (alg) {
	case KHSM_HASH_SHA1:
		return EVP_sha1();
	case KHSM_HASH_SHA224:
		return EVP_sha224();
	case KHSM_HASH_SHA256:
		return EVP_sha256();
	case KHSM_HASH_SHA384:
		return EVP_sha384();
	default:
		return EVP_sha512();
	}
}

static inline size_t digest(enum khsm_hash_alg alg, const void *m, size_t len,
			    uint8_t *out)
{
	unsigned int n = 0;

	EVP_Digest(m, len, out, &n, evp_md_of(alg), NULL);
	return n;
}

/* Big-endian bytes of an OpenSSL key parameter; caller frees. */
static inline size_t evp_param(const EVP_PKEY *pk, const char *name,
			       uint8_t **out)
{
	BIGNUM *b = NULL;
	size_t n;

	if (!EVP_PKEY_get_bn_param(pk, name, &b))
		return 0;
	n = (size_t)BN_num_bytes(b);
	*out = malloc(n ? n : 1);
	BN_bn2bin(b, *out);
	BN_free(b);
	return n;
}

/* Import an OpenSSL RSA private key into the core. */
static inline int khsm_from_evp(struct khsm_rsa_key *key, const EVP_PKEY *pk)
{
	static const char *const names[8] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1
	};
	struct khsm_rsa_parts parts;
	struct khsm_buf *b[8] = { &parts.n, &parts.e,  &parts.d,  &parts.p,
				  &parts.q, &parts.dp, &parts.dq, &parts.qinv };
	uint8_t *bytes[8] = { 0 };
	int i, ret;

	for (i = 0; i < 8; i++) {
		b[i]->len = evp_param(pk, names[i], &bytes[i]);
		b[i]->p = bytes[i];
	}
	ret = khsm_rsa_import_private(key, &parts);
	for (i = 0; i < 8; i++)
		free(bytes[i]);
	return ret;
}

static inline EVP_PKEY *evp_from_der_private(const uint8_t *der, long len)
{
	const unsigned char *p = der;

	return d2i_AutoPrivateKey(NULL, &p, len);
}

/* An OpenSSL key (private if @priv and the core key has it) from the core. */
static inline EVP_PKEY *evp_from_khsm(const struct khsm_rsa_key *key, int priv)
{
	static const char *const names[8] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1
	};
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn[8] = { 0 };
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pk = NULL;
	OSSL_PARAM *params;
	uint8_t buf[KHSM_RSA_MAX_BYTES];
	int i, n = priv && key->priv ? 8 : 2;

	for (i = 0; i < n; i++) {
		khsm_rsa_export(key, (enum khsm_rsa_part)i, buf, key->len);
		bn[i] = BN_bin2bn(buf, (int)key->len, NULL);
		OSSL_PARAM_BLD_push_BN(bld, names[i], bn[i]);
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_fromdata_init(ctx);
	EVP_PKEY_fromdata(ctx, &pk,
			  n == 8 ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
			  params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	for (i = 0; i < n; i++)
		BN_free(bn[i]);
	return pk;
}

#endif
