// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: public and private key import. Either eight arbitrary
 * components cut from the input, or a valid 2048-bit key with input bytes
 * XORed into its components; anything accepted must be consistent (sign
 * and verify).
 */
#include <string.h>

#include "rsa_util.h"

static uint8_t *valid[8];
static size_t valid_len[8];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[8] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1
	};
	EVP_PKEY *pk = EVP_RSA_gen(2048);
	int i;

	for (i = 0; i < 8; i++)
		valid_len[i] = evp_param(pk, names[i], &valid[i]);
	EVP_PKEY_free(pk);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct khsm_rsa_key key;
	struct khsm_rsa_parts parts;
	struct khsm_buf *b[8] = { &parts.n, &parts.e,  &parts.d,  &parts.p,
				  &parts.q, &parts.dp, &parts.dq, &parts.qinv };
	uint8_t comp[8][600], d[32] = { 0 }, sig[KHSM_RSA_MAX_BYTES];
	size_t i, pos = 1;

	if (size < 2)
		return 0;
	khsm_rsa_import_public(&key, data + 1, size - 1, data, 1);
	for (i = 0; i < 8; i++) {
		size_t len;

		if (data[0] & 1) {
			len = valid_len[i];
			memcpy(comp[i], valid[i], len);
			if (pos < size && data[pos] < len)
				comp[i][data[pos]] ^=
					pos + 1 < size ? data[pos + 1] : 1;
			pos += 2;
		} else {
			len = pos < size ? data[pos] * 3u : 0;
			pos++;
			if (len > size - (pos < size ? pos : size))
				len = size - (pos < size ? pos : size);
			memcpy(comp[i], data + (pos < size ? pos : size), len);
			pos += len;
		}
		b[i]->p = comp[i];
		b[i]->len = len;
	}
	if (!khsm_rsa_import_private(&key, &parts)) {
		if (khsm_rsa_pkcs1_sign(&key, KHSM_HASH_SHA256, d, 32, sig) ||
		    khsm_rsa_pkcs1_verify(&key, KHSM_HASH_SHA256, d, 32, sig,
					  key.len))
			abort();
	}
	return 0;
}
