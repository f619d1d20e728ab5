// SPDX-License-Identifier: GPL-2.0
/*
 * Random cross-checks of the EC core against OpenSSL libcrypto, in both
 * directions: signatures, ECDH secrets, public keys of generated and of
 * edge-case private scalars.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/rand.h>

#include "check.h"
#include "ec_test_util.h"

#define ROUNDS_SIGN 400
#define ROUNDS_VERIFY 400
#define ROUNDS_ECDH 200
#define ROUNDS_KEYGEN 200

static EC_GROUP *groups[KHSM_EC_CURVE_COUNT];

/* An OpenSSL key for the private scalar @d (n bytes). */
static EC_KEY *ossl_key(enum khsm_ec_curve_id c, const uint8_t *d)
{
	EC_KEY *k = EC_KEY_new();
	BIGNUM *bn = BN_bin2bn(d, (int)khsm_ec_bytes(c), NULL);
	EC_POINT *pt = EC_POINT_new(groups[c]);

	if (!k || !bn || !pt || !EC_KEY_set_group(k, groups[c]) ||
	    !EC_POINT_mul(groups[c], pt, bn, NULL, NULL, NULL) ||
	    !EC_KEY_set_private_key(k, bn) || !EC_KEY_set_public_key(k, pt)) {
		EC_KEY_free(k);
		k = NULL;
	}
	BN_free(bn);
	EC_POINT_free(pt);
	return k;
}

/* OpenSSL's encoding of d * G; its length, 0 for infinity or error. */
static size_t ossl_pub(enum khsm_ec_curve_id c, const BIGNUM *d, uint8_t *out)
{
	EC_POINT *pt = EC_POINT_new(groups[c]);
	size_t len = 0;

	if (pt && EC_POINT_mul(groups[c], pt, d, NULL, NULL, NULL) &&
	    !EC_POINT_is_at_infinity(groups[c], pt))
		len = EC_POINT_point2oct(groups[c], pt,
					 POINT_CONVERSION_UNCOMPRESSED, out,
					 KHSM_EC_MAX_POINT, NULL);
	EC_POINT_free(pt);
	return len;
}

static void random_private(enum khsm_ec_curve_id c, uint8_t *d)
{
	uint8_t pub[KHSM_EC_MAX_POINT];

	if (khsm_ec_keygen(c, d, pub))
		memset(d, 0x11, khsm_ec_bytes(c));
}

static void khsm_signs(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c);
	unsigned int i;

	for (i = 0; i < ROUNDS_SIGN; i++) {
		uint8_t d[KHSM_EC_MAX_BYTES], sig[KHSM_EC_MAX_SIG], h[64];
		size_t hlen = 20 + (size_t)(i % 45);
		EC_KEY *k;
		ECDSA_SIG *s;
		int ok = 0;

		random_private(c, d);
		RAND_bytes(h, sizeof(h));
		k = ossl_key(c, d);
		s = ECDSA_SIG_new();
		if (k && s && !khsm_ecdsa_sign(c, d, h, hlen, sig) &&
		    ECDSA_SIG_set0(s, BN_bin2bn(sig, (int)n, NULL),
				   BN_bin2bn(sig + n, (int)n, NULL)))
			ok = ECDSA_do_verify(h, (int)hlen, s, k) == 1;
		CHECK(ok, "%s: khsm signature %u rejected by OpenSSL",
		      ec_test_group_name(c), i);
		ECDSA_SIG_free(s);
		EC_KEY_free(k);
	}
}

static void openssl_signs(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c);
	unsigned int i, forged = 0;

	for (i = 0; i < ROUNDS_VERIFY; i++) {
		uint8_t d[KHSM_EC_MAX_BYTES], sig[KHSM_EC_MAX_SIG], h[64];
		uint8_t pub[KHSM_EC_MAX_POINT];
		size_t hlen = 20 + (size_t)(i % 45);
		EC_KEY *k;
		ECDSA_SIG *s = NULL;
		int ok = 0;

		random_private(c, d);
		RAND_bytes(h, sizeof(h));
		k = ossl_key(c, d);
		if (k)
			s = ECDSA_do_sign(h, (int)hlen, k);
		if (s &&
		    BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, (int)n) == (int)n &&
		    BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + n, (int)n) ==
			    (int)n &&
		    !khsm_ec_public_from_private(c, d, pub)) {
			ok = !khsm_ecdsa_verify(c, pub, 1 + 2 * n, h, hlen, sig,
						2 * n);
			/* A flipped bit of the hash's used part must fail. */
			h[i % (hlen < n ? hlen : n)] ^= 1 << (i % 8);
			forged += !khsm_ecdsa_verify(c, pub, 1 + 2 * n, h, hlen,
						     sig, 2 * n);
		}
		CHECK(ok, "%s: OpenSSL signature %u rejected by khsm",
		      ec_test_group_name(c), i);
		ECDSA_SIG_free(s);
		EC_KEY_free(k);
	}
	CHECK(!forged, "%s: %u altered hashes accepted", ec_test_group_name(c),
	      forged);
}

static void ecdh(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c);
	unsigned int i;

	for (i = 0; i < ROUNDS_ECDH; i++) {
		uint8_t da[KHSM_EC_MAX_BYTES], db[KHSM_EC_MAX_BYTES];
		uint8_t pb[KHSM_EC_MAX_POINT], z1[KHSM_EC_MAX_BYTES];
		uint8_t z2[KHSM_EC_MAX_BYTES];
		EC_KEY *ka, *kb;
		int ok = 0;

		random_private(c, da);
		random_private(c, db);
		ka = ossl_key(c, da);
		kb = ossl_key(c, db);
		if (ka && kb && !khsm_ec_public_from_private(c, db, pb) &&
		    !khsm_ecdh(c, da, pb, 1 + 2 * n, z1) &&
		    ECDH_compute_key(z2, n, EC_KEY_get0_public_key(kb), ka,
				     NULL) == (int)n)
			ok = !memcmp(z1, z2, n);
		CHECK(ok, "%s: ECDH secret %u differs from OpenSSL's",
		      ec_test_group_name(c), i);
		EC_KEY_free(ka);
		EC_KEY_free(kb);
	}
}

static void keygen(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c);
	unsigned int i;

	for (i = 0; i < ROUNDS_KEYGEN; i++) {
		uint8_t d[KHSM_EC_MAX_BYTES], pub[KHSM_EC_MAX_POINT];
		uint8_t ref[KHSM_EC_MAX_POINT];
		BIGNUM *bn;
		int ok = 0;

		if (!khsm_ec_keygen(c, d, pub)) {
			bn = BN_bin2bn(d, (int)n, NULL);
			ok = bn && !BN_is_zero(bn) &&
			     BN_cmp(bn, EC_GROUP_get0_order(groups[c])) < 0 &&
			     ossl_pub(c, bn, ref) == 1 + 2 * n &&
			     !memcmp(pub, ref, 1 + 2 * n) &&
			     !khsm_ec_check_public(c, pub, 1 + 2 * n) &&
			     !khsm_ec_check_private(c, d);
			BN_free(bn);
		}
		CHECK(ok, "%s: generated key %u wrong", ec_test_group_name(c),
		      i);
	}
}

/* k * G for scalars at the edges, each one CHECK. */
static void edge_scalars(enum khsm_ec_curve_id c)
{
	const BIGNUM *order = EC_GROUP_get0_order(groups[c]);
	size_t n = khsm_ec_bytes(c), bits = 8 * n;
	BIGNUM *k = BN_new();
	unsigned int i;

	for (i = 0; i < 3 * bits + 160; i++) {
		uint8_t d[KHSM_EC_MAX_BYTES], pub[KHSM_EC_MAX_POINT];
		uint8_t ref[KHSM_EC_MAX_POINT];
		int ret;

		if (i < 64) { /* 1 .. 64 */
			BN_set_word(k, i + 1);
		} else if (i < 128) { /* n - 1 .. n - 64 */
			BN_copy(k, order);
			BN_sub_word(k, i - 63);
		} else if (i < 128 + bits) { /* 2^j */
			BN_zero(k);
			BN_set_bit(k, (int)(i - 128));
		} else if (i < 128 + 2 * bits) { /* 2^j - 1 */
			BN_zero(k);
			BN_set_bit(k, (int)(i - 128 - bits));
			BN_sub_word(k, 1);
		} else if (i < 128 + 3 * bits) { /* n - 2^j */
			BN_copy(k, order);
			BN_clear_bit(k, 0);
			BN_zero(k);
			BN_set_bit(k, (int)(i - 128 - 2 * bits));
			BN_sub(k, order, k);
		} else { /* alternating window patterns */
			memset(d, (i & 1) ? 0xaa : 0x55, n);
			d[i % n] = (uint8_t)(i * 37);
			d[0] &= 0x7f;
			BN_bin2bn(d, (int)n, k);
		}
		if (BN_is_zero(k) || BN_is_negative(k) || BN_cmp(k, order) >= 0)
			BN_set_word(k, 3);
		BN_bn2binpad(k, d, (int)n);
		ret = khsm_ec_public_from_private(c, d, pub);
		CHECK(!ret && ossl_pub(c, k, ref) == 1 + 2 * n &&
			      !memcmp(pub, ref, 1 + 2 * n),
		      "%s: edge scalar %u wrong", ec_test_group_name(c), i);
	}
	/* Out of range: 0, n, n + 1, all-ones. */
	for (i = 0; i < 4; i++) {
		uint8_t d[KHSM_EC_MAX_BYTES], pub[KHSM_EC_MAX_POINT];

		if (i == 0)
			BN_zero(k);
		else
			BN_add_word(BN_copy(k, order), i - 1);
		BN_bn2binpad(k, d, (int)n);
		if (i == 3)
			memset(d, 0xff, n);
		CHECK(khsm_ec_public_from_private(c, d, pub) == -EINVAL &&
			      khsm_ec_check_private(c, d) == -EINVAL,
		      "%s: out-of-range scalar %u accepted",
		      ec_test_group_name(c), i);
	}
	BN_free(k);
}

int main(void)
{
	enum khsm_ec_curve_id c;

	for (c = 0; c < KHSM_EC_CURVE_COUNT; c++) {
		groups[c] = EC_GROUP_new_by_curve_name(ec_test_nid(c));
		edge_scalars(c);
		keygen(c);
		khsm_signs(c);
		openssl_signs(c);
		ecdh(c);
		EC_GROUP_free(groups[c]);
	}
	return check_report("crypto-ec-openssl");
}
