// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: RSASSA-PKCS1-v1_5 verification. The input is either a
 * signature as is, or (to get past the exponentiation) an encoded block
 * that is signed with the raw private key first, so malformed paddings and
 * DigestInfos reach the comparison.
 */
#include <string.h>

#include "rsa_util.h"

static struct khsm_rsa_key *key;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY *pk = EVP_RSA_gen(2048);

	key = khsm_rsa_key_alloc();
	if (khsm_from_evp(key, pk))
		abort();
	EVP_PKEY_free(pk);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 sig[256], d[KHSM_HASH_MAX_LEN] = { 0 };
	enum khsm_hash_alg alg;

	if (size < 2)
		return 0;
	alg = (enum khsm_hash_alg)(data[0] % KHSM_HASH_COUNT);
	if (data[1] & 1) {
		memset(sig, 0, sizeof(sig));
		memcpy(sig + 1, data + 2, size - 2 > 255 ? 255 : size - 2);
		if (khsm_rsa_private(key, sig, 256, sig))
			return 0;
		khsm_rsa_pkcs1_verify(key, alg, d, khsm_hash_len(alg), sig,
				      256);
	} else {
		khsm_rsa_pkcs1_verify(key, alg, d, khsm_hash_len(alg), data + 2,
				      size - 2);
	}
	return 0;
}
