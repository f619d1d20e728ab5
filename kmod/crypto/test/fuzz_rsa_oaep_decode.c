// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: constant-time EME-OAEP decoding of arbitrary blocks;
 * a success must return a message that fits the block.
 */
#include <stdlib.h>
#include <string.h>

#include "rsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum khsm_hash_alg halg, mgf;
	u8 *em, *out;
	size_t olen;
	int ret;

	if (size < 3)
		return 0;
	halg = (enum khsm_hash_alg)(data[0] % KHSM_HASH_COUNT);
	mgf = (enum khsm_hash_alg)(data[1] % KHSM_HASH_COUNT);
	data += 2;
	size -= 2;
	em = malloc(size);
	out = malloc(size);
	memcpy(em, data, size);
	olen = size;
	ret = khsm_eme_oaep_decode(halg, mgf, data, size % 5, em, size, out,
				   &olen);
	if (ret == 0 && olen > size)
		abort();
	free(em);
	free(out);
	return 0;
}
