// SPDX-License-Identifier: GPL-2.0
/* The table of supported curves. */
#include "ec_local.h"

const struct ec_curve *khsm_ec_curve(enum khsm_ec_curve_id id)
{
	switch (id) {
	case KHSM_EC_P256:
		return &khsm_ec_curve_p256;
	case KHSM_EC_P384:
		return &khsm_ec_curve_p384;
	default:
		return NULL;
	}
}

size_t khsm_ec_bytes(enum khsm_ec_curve_id curve)
{
	const struct ec_curve *c = khsm_ec_curve(curve);

	return c ? c->bytes : 0;
}

size_t khsm_ec_point_len(enum khsm_ec_curve_id curve)
{
	const struct ec_curve *c = khsm_ec_curve(curve);

	return c ? 1 + 2 * c->bytes : 0;
}
