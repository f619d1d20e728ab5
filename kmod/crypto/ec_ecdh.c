// SPDX-License-Identifier: GPL-2.0
/* ECDH (SP 800-56A, cofactor 1): the x-coordinate of d * Q. */
#include "ec_local.h"

int khsm_ecdh(enum khsm_ec_curve_id curve, const u8 *priv, const u8 *peer,
	      size_t peer_len, u8 *shared)
{
	const struct ec_curve *c = khsm_ec_curve(curve);
	u64 d[EC_MAX_LIMBS], ok;
	int ret;

	if (!c || !priv || !shared)
		return -EINVAL;
	/* Full public-key validation: invalid-curve attacks start here. */
	ret = khsm_ec_check_public(curve, peer, peer_len);
	if (ret)
		return ret;
	ec_from_bytes(d, priv, c->limbs);
	ok = khsm_ec_scalar_valid(c, d);
	/* Only whether the key is usable at all becomes public. */
	ec_declassify(&ok, sizeof(ok));
	if (ok)
		ret = c->ecdh(shared, peer + 1, d);
	else
		ret = -EINVAL;
	khsm_crypto_wipe(d, sizeof(d));
	return ret;
}
