// SPDX-License-Identifier: GPL-2.0
/*
 * CKA_EC_POINT decoding (DER OCTET STRING or bare point) on both curves:
 * no crash, and whatever is accepted is a valid point that re-encodes.
 * The input is also XORed over a valid encoding (of the P-256 generator) so
 * that mutations get past the length checks.
 */
#include <stdlib.h>
#include <string.h>

#include "../ec.h"

static const uint8_t point_g[67] = {
	0x04, 0x41, 0x04, 0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8,
	0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40, 0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d,
	0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98, 0xc2, 0x96, 0x4f,
	0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c,
	0x0f, 0x9e, 0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb,
	0xb6, 0x40, 0x68, 0x37, 0xbf, 0x51, 0xf5,
};

static void one(const uint8_t *data, size_t size)
{
	uint8_t pub[KHSM_EC_MAX_POINT], der[KHSM_EC_MAX_POINT_DER];
	enum khsm_ec_curve_id c;

	for (c = 0; c < KHSM_EC_CURVE_COUNT; c++) {
		size_t plen = khsm_ec_point_len(c);
		int len;

		if (khsm_ec_point_decode(c, data, size, pub))
			continue;
		if (khsm_ec_check_public(c, pub, plen))
			abort();
		len = khsm_ec_point_encode(c, pub, der, sizeof(der));
		if (len != (int)plen + 2)
			abort();
		if (size == (size_t)len ? memcmp(der, data, size) :
					  memcmp(pub, data, size))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t buf[sizeof(point_g)];
	size_t i;

	one(data, size);
	memcpy(buf, point_g, sizeof(buf));
	for (i = 1; i < size && i <= sizeof(buf); i++)
		buf[i - 1] ^= data[i];
	/* The first byte picks a length: DER (67) or bare (65) and near. */
	one(size && data[0] & 1 ? buf + 2 : buf,
	    size ? sizeof(buf) - 2 * (data[0] & 1) - (data[0] >> 1) % 3 :
		   sizeof(buf));
	return 0;
}
