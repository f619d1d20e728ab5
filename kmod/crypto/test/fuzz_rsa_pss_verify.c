// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: EMSA-PSS verification of arbitrary encoded messages,
 * with hashes, MGF1 hash, salt length and bit length taken from the input.
 */
#include <string.h>

#include "rsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 mhash[KHSM_HASH_MAX_LEN] = { 0 };
	enum khsm_hash_alg halg, mgf;
	size_t slen;
	u32 embits;

	if (size < 4)
		return 0;
	halg = (enum khsm_hash_alg)(data[0] % KHSM_HASH_COUNT);
	mgf = (enum khsm_hash_alg)(data[1] % KHSM_HASH_COUNT);
	slen = data[2] == 0xff ? KHSM_PSS_SALT_ANY : data[2];
	memcpy(mhash, data + 3, size - 3 < 8 ? size - 3 : 8);
	data += 3;
	size -= 3;
	if (!size)
		return 0;
	embits = 8 * (u32)size - (data[0] & 7);
	khsm_emsa_pss_verify(halg, mgf, mhash, khsm_hash_len(halg), slen, data,
			     embits);
	return 0;
}
