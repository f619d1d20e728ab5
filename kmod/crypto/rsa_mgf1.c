// SPDX-License-Identifier: GPL-2.0
/*
 * MGF1 (PKCS #1 v2.2, B.2.1), the mask generation function of OAEP and PSS,
 * applied directly as an XOR so no mask buffer is ever materialised.
 */
#include "rsa.h"

/**
 * khsm_mgf1_xor() - out ^= MGF1(seed, outlen)
 * @alg: hash function of MGF1
 * @seed: the seed (must not overlap @out)
 * @seedlen: bytes of @seed
 * @out: the bytes to mask in place
 * @outlen: bytes of @out
 *
 * Return: 0, -EINVAL for an unknown hash, or the hash's error.
 */
int khsm_mgf1_xor(enum khsm_hash_alg alg, const u8 *seed, size_t seedlen,
		  u8 *out, size_t outlen)
{
	size_t hlen = khsm_hash_len(alg), done, i;
	u8 h[KHSM_HASH_MAX_LEN], ctr[4];
	struct khsm_buf parts[2] = { { seed, seedlen }, { ctr, 4 } };
	u32 c;
	int ret = 0;

	if (!hlen)
		return -EINVAL;
	for (c = 0, done = 0; done < outlen; c++) {
		ctr[0] = (u8)(c >> 24);
		ctr[1] = (u8)(c >> 16);
		ctr[2] = (u8)(c >> 8);
		ctr[3] = (u8)c;
		ret = khsm_crypto_hash(alg, parts, 2, h);
		if (ret)
			break;
		for (i = 0; i < hlen && done < outlen; i++, done++)
			out[done] ^= h[i];
	}
	khsm_crypto_wipe(h, sizeof(h));
	return ret;
}
