// SPDX-License-Identifier: GPL-2.0
/* Key generation, and validation of imported private and public keys. */
#include "ec_local.h"

/* Each try fails with p < 2^-32 (P-256) or 2^-189 (P-384). */
#define KEYGEN_MAX_TRIES 64

int khsm_ec_check_public(enum khsm_ec_curve_id curve, const u8 *pub, size_t len)
{
	const struct ec_curve *c = khsm_ec_curve(curve);

	if (!c || !pub || len != 1 + 2 * (size_t)c->bytes || pub[0] != 0x04)
		return -EINVAL;
	return c->point_check(pub + 1);
}

/* Load a private scalar; -EINVAL unless it is in [1, n-1]. */
static int load_private(const struct ec_curve *c, u64 *d, const u8 *priv)
{
	u64 ok;

	ec_from_bytes(d, priv, c->limbs);
	ok = khsm_ec_scalar_valid(c, d);
	/* Only whether the key is usable at all becomes public. */
	ec_declassify(&ok, sizeof(ok));
	return ok ? 0 : -EINVAL;
}

int khsm_ec_check_private(enum khsm_ec_curve_id curve, const u8 *priv)
{
	const struct ec_curve *c = khsm_ec_curve(curve);
	u64 d[EC_MAX_LIMBS];
	int ret;

	if (!c || !priv)
		return -EINVAL;
	ret = load_private(c, d, priv);
	khsm_crypto_wipe(d, sizeof(d));
	return ret;
}

int khsm_ec_public_from_private(enum khsm_ec_curve_id curve, const u8 *priv,
				u8 *pub)
{
	const struct ec_curve *c = khsm_ec_curve(curve);
	u64 d[EC_MAX_LIMBS];
	int ret;

	if (!c || !priv || !pub)
		return -EINVAL;
	ret = load_private(c, d, priv);
	if (!ret) {
		pub[0] = 0x04;
		ret = c->base_mul(pub + 1, d);
	}
	khsm_crypto_wipe(d, sizeof(d));
	return ret;
}

int khsm_ec_keygen(enum khsm_ec_curve_id curve, u8 *priv, u8 *pub)
{
	const struct ec_curve *c = khsm_ec_curve(curve);
	u8 buf[KHSM_EC_MAX_BYTES];
	u64 d[EC_MAX_LIMBS], ok = 0;
	unsigned int tries;
	int ret = 0;

	if (!c || !priv || !pub)
		return -EINVAL;
	/*
	 * FIPS 186-5 A.2.2, rejection sampling: a candidate outside
	 * [1, n-1] is drawn again, so the key is uniform. Only the verdict on
	 * each candidate is made public, and it says nothing about the one
	 * that is kept.
	 */
	for (tries = 0; tries < KEYGEN_MAX_TRIES; tries++) {
		ret = khsm_crypto_random(buf, c->bytes);
		if (ret)
			break;
		ec_from_bytes(d, buf, c->limbs);
		ok = khsm_ec_scalar_valid(c, d);
		ec_declassify(&ok, sizeof(ok));
		if (ok)
			break;
	}
	if (!ret && !ok)
		ret = -EFAULT;
	if (!ret) {
		pub[0] = 0x04;
		ret = c->base_mul(pub + 1, d);
	}
	if (!ret)
		memcpy(priv, buf, c->bytes);
	khsm_crypto_wipe(buf, sizeof(buf));
	khsm_crypto_wipe(d, sizeof(d));
	return ret;
}
