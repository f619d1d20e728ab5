// SPDX-License-Identifier: GPL-2.0
/*
 * The hedged ECDSA nonce: RFC 6979 known answers without additional input,
 * fresh nonces per signature, and behaviour with a failing or a stuck DRBG.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "check.h"
#include "shim_user.h"
#include "wycheproof.h"
#include "ec_test_util.h"
#include "../ec_local.h"

struct rfc6979_case {
	enum khsm_ec_curve_id curve;
	const char *msg;
	const char *x;
	const char *k;
	const char *r;
};

/* RFC 6979 A.2.5 (P-256, SHA-256) and A.2.6 (P-384, SHA-384). */
static const struct rfc6979_case rfc6979[] = {
	{ KHSM_EC_P256, "sample",
	  "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
	  "a6e3c57dd01abe90086538398355dd4c3b17aa873382b0f24d6129493d8aad60",
	  "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716" },
	{ KHSM_EC_P256, "test",
	  "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721",
	  "d16b6ae827f17175e040871a1c7ec3500192c4c92677336ec2537acaee0008e0",
	  "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367" },
	{ KHSM_EC_P384, "sample",
	  "6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5",
	  "94ed910d1a099dad3254e9242ae85abde4ba15168eaf0ca87a555fd56d10fbca2907e3e83ba95368623b8c4686915cf9",
	  "94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46" },
};

static int rng_fail(uint8_t *buf, size_t len)
{
	memset(buf, 0, len);
	return -EIO;
}

static int rng_zero(uint8_t *buf, size_t len)
{
	memset(buf, 0, len);
	return 0;
}

static int rng_ones(uint8_t *buf, size_t len)
{
	memset(buf, 0xff, len);
	return 0;
}

static void known_answers(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rfc6979); i++) {
		const struct rfc6979_case *t = &rfc6979[i];
		const struct ec_curve *c = khsm_ec_curve(t->curve);
		uint8_t *x, *k, *r, h[64], kb[48], pub[97];
		unsigned int hlen;
		u64 kl[EC_MAX_LIMBS];
		int ok;

		wp_hex(t->x, &x);
		wp_hex(t->k, &k);
		wp_hex(t->r, &r);
		EVP_Digest(t->msg, strlen(t->msg), h, &hlen,
			   c->bytes == 32 ? EVP_sha256() : EVP_sha384(), NULL);
		ok = !khsm_ec_nonce(c, kl, x, h, hlen, NULL, 0);
		ec_to_bytes(kb, kl, c->limbs);
		CHECK(ok && !memcmp(kb, k, c->bytes), "RFC 6979 case %zu: k",
		      i);
		/* r = x(kG) (no reduction needed for these). */
		CHECK(!khsm_ec_public_from_private(t->curve, k, pub) &&
			      !memcmp(pub + 1, r, c->bytes),
		      "RFC 6979 case %zu: r", i);
		free(x);
		free(k);
		free(r);
	}
}

static void hedging(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c), i, j;
	uint8_t d[KHSM_EC_MAX_BYTES], pub[KHSM_EC_MAX_POINT], h[32];
	uint8_t sig[2][KHSM_EC_MAX_SIG], rs[64][KHSM_EC_MAX_BYTES];
	int ok, distinct = 1;

	CHECK(!khsm_ec_keygen(c, d, pub), "keygen");
	RAND_bytes(h, sizeof(h));

	/* A working DRBG: the same hash signs to different signatures. */
	ok = !khsm_ecdsa_sign(c, d, h, sizeof(h), sig[0]) &&
	     !khsm_ecdsa_sign(c, d, h, sizeof(h), sig[1]);
	CHECK(ok && memcmp(sig[0], sig[1], 2 * n),
	      "%s: hedged signatures of one hash repeat",
	      ec_test_group_name(c));

	/* A failing DRBG: signing and key generation fail cleanly. */
	khsm_test_set_random(rng_fail);
	CHECK(khsm_ecdsa_sign(c, d, h, sizeof(h), sig[0]) == -EIO,
	      "%s: sign with failing DRBG", ec_test_group_name(c));
	CHECK(khsm_ec_keygen(c, d + 0, pub) == -EIO,
	      "%s: keygen with failing DRBG", ec_test_group_name(c));

	/* A stuck DRBG: keys out of range are refused, never used. */
	khsm_test_set_random(rng_ones);
	CHECK(khsm_ec_keygen(c, sig[0], sig[1]) == -EFAULT,
	      "%s: keygen with all-ones DRBG", ec_test_group_name(c));

	/*
	 * A DRBG stuck at zero: the nonce still depends on key and hash, so
	 * signatures stay valid and distinct across messages.
	 */
	khsm_test_set_random(rng_zero);
	CHECK(khsm_ec_keygen(c, sig[0], sig[1]) == -EFAULT,
	      "%s: keygen with all-zero DRBG", ec_test_group_name(c));
	for (i = 0; i < 64; i++) {
		h[0] = (uint8_t)i;
		ok = !khsm_ecdsa_sign(c, d, h, sizeof(h), sig[0]) &&
		     !khsm_ecdsa_verify(c, pub, 1 + 2 * n, h, sizeof(h), sig[0],
					2 * n);
		CHECK(ok, "%s: stuck-DRBG signature %zu invalid",
		      ec_test_group_name(c), i);
		memcpy(rs[i], sig[0], n);
		for (j = 0; j < i; j++)
			distinct &= !!memcmp(rs[i], rs[j], n);
	}
	CHECK(distinct, "%s: stuck DRBG repeated a nonce",
	      ec_test_group_name(c));
	khsm_test_set_random(NULL);
}

int main(void)
{
	known_answers();
	hedging(KHSM_EC_P256);
	hedging(KHSM_EC_P384);
	return check_report("crypto-ec-nonce");
}
