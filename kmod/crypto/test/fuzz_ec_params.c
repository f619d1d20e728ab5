// SPDX-License-Identifier: GPL-2.0
/* CKA_EC_PARAMS decoding: accepted input is exactly the curve's OID. */
#include <stdlib.h>
#include <string.h>

#include "../ec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t der[KHSM_EC_MAX_PARAMS_DER];
	enum khsm_ec_curve_id c;
	int len;

	if (khsm_ec_params_decode(data, size, &c))
		return 0;
	len = khsm_ec_params_encode(c, der, sizeof(der));
	if (len != (int)size || memcmp(der, data, size))
		abort();
	return 0;
}
