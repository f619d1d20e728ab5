// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: constant-time EME-PKCS1-v1_5 decoding of arbitrary
 * blocks; a success must return exactly the bytes after the separator.
 */
#include <stdlib.h>
#include <string.h>

#include "rsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *out;
	size_t olen = size;
	int ret;

	if (size < 11)
		return 0;
	out = malloc(size);
	ret = khsm_eme_pkcs1_decode(data, size, out, &olen);
	if (ret == 0 && (olen > size - 11 || data[size - olen - 1] != 0 ||
			 memcmp(out, data + size - olen, olen)))
		abort();
	free(out);
	return 0;
}
