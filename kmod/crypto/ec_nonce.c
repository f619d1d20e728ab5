// SPDX-License-Identifier: GPL-2.0
/*
 * ECDSA nonces: the HMAC_DRBG of RFC 6979 section 3.2, keyed with the
 * private key and the message hash, with fresh random bytes as the
 * additional input k' of section 3.6. The nonce is then unpredictable as
 * long as either the key stays secret or the DRBG works, and never repeats
 * for different messages even if the DRBG repeats itself.
 */
#include "ec_local.h"

#define HMAC_MAX_BLOCK 128
#define HMAC_MAX_PARTS 5
/* Far beyond any real rejection run (each happens with p < 2^-32). */
#define NONCE_MAX_TRIES 64

struct drbg {
	enum khsm_hash_alg alg;
	size_t hlen;
	u8 k[KHSM_HASH_MAX_LEN];
	u8 v[KHSM_HASH_MAX_LEN];
	u8 pad[HMAC_MAX_BLOCK];
	u8 inner[KHSM_HASH_MAX_LEN];
};

/* out = HMAC_K(parts), K being d->k; @out may be d->k or d->v. */
static int hmac(struct drbg *d, const struct khsm_buf *parts,
		unsigned int nparts, u8 *out)
{
	size_t block = d->hlen > 32 ? 128 : 64, i;
	struct khsm_buf in[HMAC_MAX_PARTS + 1];
	unsigned int j;
	int ret;

	memset(d->pad, 0x36, block);
	for (i = 0; i < d->hlen; i++)
		d->pad[i] ^= d->k[i];
	in[0].p = d->pad;
	in[0].len = block;
	for (j = 0; j < nparts; j++)
		in[j + 1] = parts[j];
	ret = khsm_crypto_hash(d->alg, in, nparts + 1, d->inner);
	if (ret)
		return ret;
	for (i = 0; i < block; i++)
		d->pad[i] ^= 0x36 ^ 0x5c;
	in[1].p = d->inner;
	in[1].len = d->hlen;
	return khsm_crypto_hash(d->alg, in, 2, out);
}

/* V = HMAC_K(V) */
static int drbg_step(struct drbg *d)
{
	struct khsm_buf v = { d->v, d->hlen };

	return hmac(d, &v, 1, d->v);
}

/* K = HMAC_K(V || sep || x || h1 || extra); V = HMAC_K(V) */
static int drbg_update(struct drbg *d, u8 sep, const u8 *x, const u8 *h1,
		       size_t qlen, const u8 *extra, size_t extra_len)
{
	struct khsm_buf parts[HMAC_MAX_PARTS] = {
		{ d->v, d->hlen },    { &sep, 1 },
		{ x, x ? qlen : 0 },  { h1, h1 ? qlen : 0 },
		{ extra, extra_len },
	};
	int ret = hmac(d, parts, HMAC_MAX_PARTS, d->k);

	return ret ? ret : drbg_step(d);
}

int khsm_ec_nonce(const struct ec_curve *c, u64 *k, const u8 *priv,
		  const u8 *hash, size_t hash_len, const u8 *extra,
		  size_t extra_len)
{
	struct drbg *d = khsm_crypto_alloc(sizeof(*d));
	u8 h1[KHSM_EC_MAX_BYTES];
	u64 e[EC_MAX_LIMBS], ok = 0;
	unsigned int tries;
	int ret;

	if (!d)
		return -ENOMEM;
	d->alg = c->nonce_hash;
	d->hlen = khsm_hash_len(d->alg);
	/* bits2octets(h1): the hash as an integer mod n, as c->bytes bytes. */
	khsm_ec_hash_to_scalar(c, e, hash, hash_len);
	ec_to_bytes(h1, e, c->limbs);
	memset(d->v, 0x01, d->hlen);
	memset(d->k, 0x00, d->hlen);
	if (!extra)
		extra_len = 0;
	ret = drbg_update(d, 0x00, priv, h1, c->bytes, extra, extra_len);
	if (!ret)
		ret = drbg_update(d, 0x01, priv, h1, c->bytes, extra,
				  extra_len);
	for (tries = 0; !ret && tries < NONCE_MAX_TRIES; tries++) {
		/* hlen >= qlen: one block of output is enough. */
		ret = drbg_step(d);
		if (ret)
			break;
		ec_from_bytes(k, d->v, c->limbs);
		ok = khsm_ec_scalar_valid(c, k);
		/*
		 * Rejection sampling: whether a candidate was out of range
		 * says nothing about the candidate that is finally accepted.
		 */
		ec_declassify(&ok, sizeof(ok));
		if (ok)
			break;
		ret = drbg_update(d, 0x00, NULL, NULL, 0, NULL, 0);
	}
	if (!ret && !ok)
		ret = -EFAULT;
	khsm_crypto_wipe(h1, sizeof(h1));
	khsm_crypto_wipe(e, sizeof(e));
	khsm_crypto_free(d, sizeof(*d));
	return ret;
}
