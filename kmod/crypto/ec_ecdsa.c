// SPDX-License-Identifier: GPL-2.0
/* ECDSA signature generation and verification (FIPS 186-5, SEC 1). */
#include "ec_local.h"

/* r = 0 or s = 0 happens with p < 2^-255 per try. */
#define SIGN_MAX_TRIES 4

struct sign_work {
	u64 d[EC_MAX_LIMBS];
	u64 k[EC_MAX_LIMBS];
	u64 e[EC_MAX_LIMBS];
	u64 r[EC_MAX_LIMBS];
	u64 s[EC_MAX_LIMBS];
	u64 t[EC_MAX_LIMBS];
	u8 rnd[KHSM_EC_MAX_BYTES];
	u8 xy[2 * KHSM_EC_MAX_BYTES];
};

/*
 * One signing attempt with a fresh nonce; 1 if r or s came out zero and the
 * caller must try again.
 */
static int sign_once(const struct ec_curve *c, struct sign_work *w,
		     const u8 *priv, const u8 *hash, size_t hash_len)
{
	const struct ec_scalar_ops *sc = c->sc;
	u64 zero;
	int ret;

	ret = khsm_crypto_random(w->rnd, c->bytes);
	if (!ret)
		ret = khsm_ec_nonce(c, w->k, priv, hash, hash_len, w->rnd,
				    c->bytes);
	if (!ret)
		ret = c->base_mul(w->xy, w->k);
	if (ret)
		return ret;
	/* r = x(kG) mod n; p < 2n, so one subtraction reduces. */
	ec_from_bytes(w->r, w->xy, c->limbs);
	ec_reduce_once(w->r, w->r, 0, sc->n, c->limbs);

	/* s = (e + r d) / k, with plain r, e and Montgomery-form d, 1/k. */
	sc->to_mont(w->t, w->d);
	sc->mul(w->s, w->r, w->t);
	sc->add(w->s, w->s, w->e);
	sc->to_mont(w->t, w->k);
	sc->inv(w->t, w->t);
	sc->mul(w->s, w->s, w->t);

	/* r and s are the released signature: testing them leaks nothing. */
	zero = ec_is_zero(w->r, c->limbs) | ec_is_zero(w->s, c->limbs);
	ec_declassify(&zero, sizeof(zero));
	return zero ? 1 : 0;
}

int khsm_ecdsa_sign(enum khsm_ec_curve_id curve, const u8 *priv, const u8 *hash,
		    size_t hash_len, u8 *sig)
{
	const struct ec_curve *c = khsm_ec_curve(curve);
	struct sign_work w;
	unsigned int tries;
	u64 ok;
	int ret = -EFAULT;

	if (!c || !priv || !sig || (!hash && hash_len))
		return -EINVAL;
	ec_from_bytes(w.d, priv, c->limbs);
	ok = khsm_ec_scalar_valid(c, w.d);
	/* Only whether the key is usable at all becomes public. */
	ec_declassify(&ok, sizeof(ok));
	if (!ok) {
		ret = -EINVAL;
		goto out;
	}
	khsm_ec_hash_to_scalar(c, w.e, hash, hash_len);
	for (tries = 0; tries < SIGN_MAX_TRIES; tries++) {
		ret = sign_once(c, &w, priv, hash, hash_len);
		if (ret <= 0)
			break;
		ret = -EFAULT;
	}
	if (!ret) {
		ec_to_bytes(sig, w.r, c->limbs);
		ec_to_bytes(sig + c->bytes, w.s, c->limbs);
	}
out:
	khsm_crypto_wipe(&w, sizeof(w));
	return ret;
}

int khsm_ecdsa_verify(enum khsm_ec_curve_id curve, const u8 *pub,
		      size_t pub_len, const u8 *hash, size_t hash_len,
		      const u8 *sig, size_t sig_len)
{
	const struct ec_curve *c = khsm_ec_curve(curve);
	u64 r[EC_MAX_LIMBS], s[EC_MAX_LIMBS], e[EC_MAX_LIMBS];
	u64 w[EC_MAX_LIMBS], x[EC_MAX_LIMBS];
	const struct ec_scalar_ops *sc;
	int ret;

	if (!c || (!hash && hash_len))
		return -EINVAL;
	ret = khsm_ec_check_public(curve, pub, pub_len);
	if (ret)
		return ret;
	if (!sig || sig_len != 2 * (size_t)c->bytes)
		return -EBADMSG;
	sc = c->sc;
	ec_from_bytes(r, sig, c->limbs);
	ec_from_bytes(s, sig + c->bytes, c->limbs);
	if (!(khsm_ec_scalar_valid(c, r) & khsm_ec_scalar_valid(c, s)))
		return -EBADMSG;
	khsm_ec_hash_to_scalar(c, e, hash, hash_len);

	/* u1 = e / s, u2 = r / s, plain: Montgomery 1/s times plain e, r. */
	sc->to_mont(w, s);
	sc->inv(w, w);
	sc->mul(e, e, w);
	sc->mul(s, r, w);
	ret = c->verify_x(x, e, s, pub + 1);
	if (ret)
		return ret;
	return ec_is_equal(x, r, c->limbs) ? 0 : -EBADMSG;
}
