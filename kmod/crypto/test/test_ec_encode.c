// SPDX-License-Identifier: GPL-2.0
/*
 * CKA_EC_PARAMS, CKA_EC_POINT, SubjectPublicKeyInfo and DER signature
 * encodings: round trips, agreement with OpenSSL's DER, and rejection of
 * malformed or non-canonical input.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "check.h"
#include "ec_test_util.h"

static void params(void)
{
	static const uint8_t p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
					0xce, 0x3d, 0x03, 0x01, 0x07 };
	static const uint8_t p384[] = {
		0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22
	};
	static const uint8_t bad[][12] = {
		{ 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23 }, /* P-521 */
		{ 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a }, /* secp256k1 */
		{ 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01 },
		{ 0x06, 0x81, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 },
		{ 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x00 },
		{ 0x30, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 },
		{ 0x13, 0x05, 'P', '-', '2', '5', '6' }, /* printable name */
		{ 0x05, 0x00 }, /* implicitlyCA */
	};
	static const size_t bad_len[] = { 7, 7, 9, 8, 8, 7, 7, 2 };
	enum khsm_ec_curve_id c;
	uint8_t out[KHSM_EC_MAX_PARAMS_DER];
	size_t i;

	CHECK(khsm_ec_params_encode(KHSM_EC_P256, out, sizeof(out)) == 10 &&
		      !memcmp(out, p256, 10),
	      "encode P-256 curve OID");
	CHECK(khsm_ec_params_encode(KHSM_EC_P384, out, sizeof(out)) == 7 &&
		      !memcmp(out, p384, 7),
	      "encode P-384 curve OID");
	CHECK(khsm_ec_params_encode(KHSM_EC_P256, out, 9) == -EINVAL,
	      "curve OID into a short buffer");
	CHECK(!khsm_ec_params_decode(p256, sizeof(p256), &c) &&
		      c == KHSM_EC_P256,
	      "decode P-256 curve OID");
	CHECK(!khsm_ec_params_decode(p384, sizeof(p384), &c) &&
		      c == KHSM_EC_P384,
	      "decode P-384 curve OID");
	for (i = 0; i < ARRAY_SIZE(bad_len); i++)
		CHECK(khsm_ec_params_decode(bad[i], bad_len[i], &c) == -EINVAL,
		      "bad curve OID %zu accepted", i);
}

static void points(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c), plen = 1 + 2 * n;
	uint8_t d[KHSM_EC_MAX_BYTES], pub[KHSM_EC_MAX_POINT];
	uint8_t der[KHSM_EC_MAX_POINT_DER + 4], back[KHSM_EC_MAX_POINT];
	uint8_t bad[KHSM_EC_MAX_POINT_DER + 4];
	const char *g = ec_test_group_name(c);
	int len;

	CHECK(!khsm_ec_keygen(c, d, pub), "keygen");
	len = khsm_ec_point_encode(c, pub, der, sizeof(der));
	CHECK(len == (int)plen + 2 && der[0] == 0x04 && der[1] == plen &&
		      !memcmp(der + 2, pub, plen),
	      "%s: EC point encoding", g);
	CHECK(!khsm_ec_point_decode(c, der, (size_t)len, back) &&
		      !memcmp(back, pub, plen),
	      "%s: DER point decodes", g);
	CHECK(!khsm_ec_point_decode(c, pub, plen, back) &&
		      !memcmp(back, pub, plen),
	      "%s: raw point decodes", g);
	CHECK(khsm_ec_point_decode(c, der, (size_t)len - 1, back) == -EINVAL,
	      "%s: truncated DER point", g);
	memcpy(bad, der, (size_t)len);
	bad[len] = 0;
	CHECK(khsm_ec_point_decode(c, bad, (size_t)len + 1, back) == -EINVAL,
	      "%s: DER point with trailing byte", g);
	/* Non-minimal length 0x81 0x41. */
	bad[0] = 0x04;
	bad[1] = 0x81;
	bad[2] = (uint8_t)plen;
	memcpy(bad + 3, pub, plen);
	CHECK(khsm_ec_point_decode(c, bad, plen + 3, back) == -EINVAL,
	      "%s: long-form length accepted", g);
	/* Compressed point: rejected. */
	bad[0] = 0x02 | (pub[plen - 1] & 1);
	memcpy(bad + 1, pub + 1, n);
	CHECK(khsm_ec_point_decode(c, bad, 1 + n, back) == -EINVAL,
	      "%s: compressed point accepted", g);
	/* Hybrid form and a wrong tag. */
	memcpy(bad, pub, plen);
	bad[0] = 0x06 | (pub[plen - 1] & 1);
	CHECK(khsm_ec_point_decode(c, bad, plen, back) == -EINVAL,
	      "%s: hybrid point accepted", g);
	memcpy(bad, der, (size_t)len);
	bad[0] = 0x03;
	CHECK(khsm_ec_point_decode(c, bad, (size_t)len, back) == -EINVAL,
	      "%s: BIT STRING point accepted", g);
	/* Off the curve, and a coordinate >= p. */
	memcpy(bad, pub, plen);
	bad[plen - 1] ^= 1;
	CHECK(khsm_ec_point_decode(c, bad, plen, back) == -EINVAL &&
		      khsm_ec_check_public(c, bad, plen) == -EINVAL,
	      "%s: off-curve point accepted", g);
	memset(bad + 1, 0xff, n);
	CHECK(khsm_ec_check_public(c, bad, plen) == -EINVAL,
	      "%s: x >= p accepted", g);
	memset(bad, 0, plen);
	bad[0] = 0x04;
	CHECK(khsm_ec_check_public(c, bad, plen) == -EINVAL,
	      "%s: (0, 0) accepted", g);
	CHECK(khsm_ec_check_public(c, bad, 1) == -EINVAL &&
		      khsm_ec_check_public(c, pub, plen - 1) == -EINVAL,
	      "%s: truncated encodings accepted", g);
}

/* SPKI from OpenSSL decodes to the same point; the wrong curve does not. */
static void spki(enum khsm_ec_curve_id c)
{
	EC_KEY *k = EC_KEY_new_by_curve_name(ec_test_nid(c));
	uint8_t *der = NULL, pub[KHSM_EC_MAX_POINT], ref[KHSM_EC_MAX_POINT];
	enum khsm_ec_curve_id got;
	size_t n = khsm_ec_bytes(c), i;
	int len = 0, ok;

	if (k && EC_KEY_generate_key(k))
		len = i2d_EC_PUBKEY(k, &der);
	ok = len > 0 && !khsm_ec_spki_decode(der, (size_t)len, &got, pub) &&
	     got == c &&
	     EC_POINT_point2oct(EC_KEY_get0_group(k), EC_KEY_get0_public_key(k),
				POINT_CONVERSION_UNCOMPRESSED, ref, sizeof(ref),
				NULL) == 1 + 2 * n &&
	     !memcmp(pub, ref, 1 + 2 * n);
	CHECK(ok, "%s: SPKI decode", ec_test_group_name(c));
	for (i = 0; len > 0 && i < (size_t)len; i++)
		CHECK(khsm_ec_spki_decode(der, i, &got, pub) == -EINVAL,
		      "%s: SPKI truncated to %zu accepted",
		      ec_test_group_name(c), i);
	OPENSSL_free(der);
	EC_KEY_free(k);
}

static void sigs(enum khsm_ec_curve_id c)
{
	size_t n = khsm_ec_bytes(c);
	const char *g = ec_test_group_name(c);
	unsigned int i;

	for (i = 0; i < 300; i++) {
		uint8_t raw[KHSM_EC_MAX_SIG], back[KHSM_EC_MAX_SIG];
		uint8_t der[KHSM_EC_MAX_SIG_DER], *ref = NULL;
		ECDSA_SIG *s = ECDSA_SIG_new();
		int len, rlen = 0;

		RAND_bytes(raw, sizeof(raw));
		/* Leading zero bytes, top bits set and clear, zero. */
		if (i % 4 == 1)
			memset(raw, 0, i % (n + 1));
		if (i % 4 == 2)
			raw[n] |= 0x80;
		if (i % 4 == 3)
			raw[0] &= 0x7f;
		if (i == 7)
			memset(raw, 0, 2 * n);
		len = khsm_ecdsa_sig_to_der(c, raw, der, sizeof(der));
		if (s && ECDSA_SIG_set0(s, BN_bin2bn(raw, (int)n, NULL),
					BN_bin2bn(raw + n, (int)n, NULL)))
			rlen = i2d_ECDSA_SIG(s, &ref);
		CHECK(len > 0 && len == rlen && !memcmp(der, ref, rlen) &&
			      !khsm_ecdsa_sig_from_der(c, der, (size_t)len,
						       back) &&
			      !memcmp(back, raw, 2 * n),
		      "%s: DER signature round trip %u", g, i);
		/* Any truncation or extension is malformed. */
		CHECK(len > 0 &&
			      khsm_ecdsa_sig_from_der(c, der, (size_t)len - 1,
						      back) == -EBADMSG,
		      "%s: truncated DER signature %u", g, i);
		der[len] = 0;
		CHECK(khsm_ecdsa_sig_from_der(c, der, (size_t)len + 1, back) ==
			      -EBADMSG,
		      "%s: DER signature with trailing byte %u", g, i);
		OPENSSL_free(ref);
		ECDSA_SIG_free(s);
	}
}

static void bad_sigs(void)
{
	static const uint8_t bad[][12] = {
		{ 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00 },
		{ 0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 },
		{ 0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01 },
		{ 0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01 },
		{ 0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x01 },
		{ 0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00, 0x00 },
		{ 0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 },
		{ 0x30, 0x06, 0x02, 0x01, 0x01, 0x03, 0x01, 0x01 },
		{ 0x30, 0x03, 0x02, 0x01, 0x01 },
		{ 0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01 },
	};
	static const size_t len[] = { 9, 9, 9, 8, 7, 10, 8, 8, 5, 8 };
	uint8_t raw[KHSM_EC_MAX_SIG], big[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(len); i++)
		CHECK(khsm_ecdsa_sig_from_der(KHSM_EC_P256, bad[i], len[i],
					      raw) == -EBADMSG,
		      "bad DER signature %zu accepted", i);
	/* 33 significant bytes do not fit P-256. */
	memset(big, 0x11, sizeof(big));
	big[0] = 0x30;
	big[1] = 38;
	big[2] = 0x02;
	big[3] = 33;
	big[37] = 0x02;
	big[38] = 1;
	CHECK(khsm_ecdsa_sig_from_der(KHSM_EC_P256, big, 40, raw) == -EBADMSG,
	      "oversized integer accepted");
}

int main(void)
{
	params();
	points(KHSM_EC_P256);
	points(KHSM_EC_P384);
	spki(KHSM_EC_P256);
	spki(KHSM_EC_P384);
	sigs(KHSM_EC_P256);
	sigs(KHSM_EC_P384);
	bad_sigs();
	return check_report("crypto-ec-encode");
}
