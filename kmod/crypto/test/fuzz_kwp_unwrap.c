// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: KWP and KW unwrapping of arbitrary input under a fixed
 * key; whatever unwraps must wrap back to the same input.
 */
#include <stdlib.h>
#include <string.h>

#include "kwp_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 key[16] = { 1, 2, 3 };
	struct khsm_block_cipher bc;
	struct aes_pair p;
	size_t olen, wlen;
	u8 *out, *back;
	int pad, ret;

	if (size < 1)
		return 0;
	pad = data[0] & 1;
	data++;
	size--;
	out = malloc(size + 8);
	back = malloc(size + 16);
	aes_setup(&p, &bc, key, sizeof(key));
	olen = size + 8;
	ret = pad ? khsm_kwp_unwrap(&bc, data, size, out, &olen) :
		    khsm_kw_unwrap(&bc, data, size, out, &olen);
	if (!ret) {
		wlen = size + 16;
		ret = pad ? khsm_kwp_wrap(&bc, out, olen, back, &wlen) :
			    khsm_kw_wrap(&bc, out, olen, back, &wlen);
		if (ret || wlen != size || memcmp(back, data, size))
			abort();
	}
	aes_free(&p);
	free(out);
	free(back);
	return 0;
}
