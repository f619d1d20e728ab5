// SPDX-License-Identifier: GPL-2.0
/*
 * DER ECDSA signature decoding on both curves: strict DER means anything
 * accepted re-encodes to the very same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "../ec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t raw[KHSM_EC_MAX_SIG], der[KHSM_EC_MAX_SIG_DER];
	enum khsm_ec_curve_id c;

	for (c = 0; c < KHSM_EC_CURVE_COUNT; c++) {
		int len;

		if (khsm_ecdsa_sig_from_der(c, data, size, raw))
			continue;
		len = khsm_ecdsa_sig_to_der(c, raw, der, sizeof(der));
		if (len != (int)size || memcmp(der, data, size))
			abort();
	}
	return 0;
}
