// SPDX-License-Identifier: GPL-2.0
/*
 * Fault and failure handling: a corrupted CRT half must make the private
 * operation return -EFAULT and release nothing; inconsistent keys must be
 * refused at import; a failing DRBG must make signing and encryption fail.
 */
#include "check.h"
#include "rsa_util.h"
#include "shim_user.h"

static int failing_random(uint8_t *buf, size_t len)
{
	return -EIO;
}

static void corrupt_checks(struct khsm_rsa_key *key, u64 *word,
			   const char *what)
{
	uint8_t in[KHSM_RSA_MAX_BYTES], out[KHSM_RSA_MAX_BYTES], d[32] = { 1 };
	u64 saved = *word;
	size_t i;
	int untouched = 1;

	memset(in, 0x5a, key->len);
	in[0] = 0;
	memset(out, 0xa5, sizeof(out));
	*word ^= 0x10;
	CHECK(khsm_rsa_private(key, in, key->len, out) == -EFAULT,
	      "faulty %s detected", what);
	for (i = 0; i < sizeof(out); i++)
		untouched &= out[i] == 0xa5;
	CHECK(untouched, "nothing released with faulty %s", what);
	CHECK(khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, d, 32, out) == -EFAULT,
	      "faulty %s: sign fails", what);
	*word = saved;
	CHECK(khsm_rsa_private(key, in, key->len, out) == 0,
	      "restored %s works", what);
}

static void import_rejects(EVP_PKEY *pk, const char *param, const char *what)
{
	static const char *const names[8] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1
	};
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	struct khsm_rsa_parts parts;
	struct khsm_buf *b[8] = { &parts.n, &parts.e,  &parts.d,  &parts.p,
				  &parts.q, &parts.dp, &parts.dq, &parts.qinv };
	uint8_t *bytes[8];
	int i;

	for (i = 0; i < 8; i++) {
		b[i]->len = evp_param(pk, names[i], &bytes[i]);
		b[i]->p = bytes[i];
		if (!strcmp(names[i], param))
			bytes[i][b[i]->len / 2] ^= 1;
	}
	CHECK(khsm_rsa_import_private(key, &parts) == -EINVAL && !key->priv,
	      "import rejects corrupted %s", what);
	for (i = 0; i < 8; i++)
		free(bytes[i]);
	khsm_rsa_key_free(key);
}

int main(void)
{
	static const int sizes[] = { 2048, 3072, 4096 };
	uint8_t d[32] = { 0 }, out[KHSM_RSA_MAX_BYTES];
	unsigned int s;

	for (s = 0; s < 3; s++) {
		struct khsm_rsa_key *key = khsm_rsa_key_alloc();
		EVP_PKEY *pk = EVP_RSA_gen(sizes[s]);

		CHECK(khsm_from_evp(key, pk) == 0, "import %d", sizes[s]);
		corrupt_checks(key, &key->dp[3], "dP");
		corrupt_checks(key, &key->dq[0], "dQ");
		corrupt_checks(key, &key->qinv_m[5], "qInv");
		corrupt_checks(key, &key->p.rr[1], "Montgomery R^2 mod p");

		import_rejects(pk, OSSL_PKEY_PARAM_RSA_EXPONENT1, "dP");
		import_rejects(pk, OSSL_PKEY_PARAM_RSA_EXPONENT2, "dQ");
		import_rejects(pk, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, "qInv");
		import_rejects(pk, OSSL_PKEY_PARAM_RSA_D, "d");
		import_rejects(pk, OSSL_PKEY_PARAM_RSA_FACTOR1, "p");
		import_rejects(pk, OSSL_PKEY_PARAM_RSA_N, "n");

		khsm_test_set_random(failing_random);
		CHECK(khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, d, 32, out) ==
			      -EIO,
		      "DRBG failure fails signing (blinding)");
		CHECK(khsm_rsa_pss_sign(key, KHSM_HASH_SHA256, KHSM_HASH_SHA256,
					32, d, 32, out) == -EIO,
		      "DRBG failure fails PSS");
		CHECK(khsm_rsa_oaep_encrypt(key, KHSM_HASH_SHA256,
					    KHSM_HASH_SHA256, NULL, 0, d, 5,
					    out) == -EIO,
		      "DRBG failure fails OAEP");
		CHECK(khsm_rsa_pkcs1_encrypt(key, d, 5, out) == -EIO,
		      "DRBG failure fails PKCS#1 encryption");
		khsm_test_set_random(NULL);
		CHECK(khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, d, 32, out) ==
			      0,
		      "signing works again");
		EVP_PKEY_free(pk);
		khsm_rsa_key_free(key);
	}
	return check_report("crypto-rsa-fault");
}
