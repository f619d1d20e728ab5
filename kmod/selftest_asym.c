// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time self-tests of the arithmetic core, which the kernel's testmgr
 * never sees: an RSA PKCS #1 v1.5 signature with a known answer (and its
 * verification), ECDSA verification of Wycheproof signatures on P-256 and
 * P-384 plus a sign-then-verify of the randomised signer, and an ECDH
 * shared secret from Wycheproof.
 */
#include <linux/kernel.h>
#include <linux/slab.h>

#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "selftest.h"
#include "selftest_asym_vectors.h"

static const u8 kat_abc_sha256[] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
	0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
	0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};

#define KHSM_BUF(a)            \
	{                      \
		(a), sizeof(a) \
	}

static int khsm_selftest_rsa(void)
{
	const struct khsm_rsa_parts parts = {
		.n = KHSM_BUF(kat_rsa_n),
		.e = KHSM_BUF(kat_rsa_e),
		.d = KHSM_BUF(kat_rsa_d),
		.p = KHSM_BUF(kat_rsa_p),
		.q = KHSM_BUF(kat_rsa_q),
		.dp = KHSM_BUF(kat_rsa_dp),
		.dq = KHSM_BUF(kat_rsa_dq),
		.qinv = KHSM_BUF(kat_rsa_qinv),
	};
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	u8 *sig = kzalloc(sizeof(kat_rsa_sig), GFP_KERNEL);
	int ret = -ENOMEM;

	if (key && sig)
		ret = khsm_rsa_import_private(key, &parts);
	if (!ret)
		ret = khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, kat_abc_sha256,
					  sizeof(kat_abc_sha256), sig);
	if (!ret)
		ret = khsm_rsa_pkcs1_verify(key, KHSM_HASH_SHA256,
					    kat_abc_sha256,
					    sizeof(kat_abc_sha256), kat_rsa_sig,
					    sizeof(kat_rsa_sig));
	ret = khsm_selftest_result("rsa-pkcs1", ret, sig, kat_rsa_sig,
				   sizeof(kat_rsa_sig));
	kfree(sig);
	khsm_rsa_key_free(key);
	return ret;
}

/* Wycheproof's signature verifies; a fresh one from a key verifies too. */
static int khsm_selftest_ecdsa(const char *name, enum khsm_ec_curve_id curve,
			       const u8 *pub, size_t pub_len, const u8 *msg,
			       size_t msg_len, const u8 *sig, size_t sig_len)
{
	static const u8 d[KHSM_EC_MAX_BYTES] = { [31] = 7, [47] = 7 };
	u8 p[KHSM_EC_MAX_POINT], s[KHSM_EC_MAX_SIG];
	enum khsm_hash_alg alg = curve == KHSM_EC_P256 ? KHSM_HASH_SHA256 :
							 KHSM_HASH_SHA384;
	struct khsm_buf part = { msg, msg_len };
	u8 digest[KHSM_HASH_MAX_LEN];
	size_t n = khsm_ec_bytes(curve);
	int ret;

	ret = khsm_crypto_hash(alg, &part, 1, digest);
	if (!ret)
		ret = khsm_ecdsa_verify(curve, pub, pub_len, digest,
					khsm_hash_len(alg), sig, sig_len);
	if (!ret)
		ret = khsm_ec_public_from_private(curve, d, p);
	if (!ret)
		ret = khsm_ecdsa_sign(curve, d, digest, khsm_hash_len(alg), s);
	if (!ret)
		ret = khsm_ecdsa_verify(curve, p, 2 * n + 1, digest,
					khsm_hash_len(alg), s, 2 * n);
	/* The known answer here is the verification of Wycheproof's. */
	return khsm_selftest_result(name, ret, sig, sig, 0);
}

static int khsm_selftest_ecdh(void)
{
	u8 shared[32] = {};
	int ret;

	ret = khsm_ecdh(KHSM_EC_P256, kat_ecdh_priv, kat_ecdh_peer,
			sizeof(kat_ecdh_peer), shared);
	ret = khsm_selftest_result("ecdh-p256", ret, shared, kat_ecdh_shared,
				   sizeof(shared));
	memzero_explicit(shared, sizeof(shared));
	return ret;
}

/**
 * khsm_selftest_asym() - the arithmetic core's self-tests
 *
 * Return: 0, or -ELIBBAD if any failed (all run).
 */
int khsm_selftest_asym(void)
{
	int ret = 0;

	if (khsm_selftest_ecdh())
		ret = -ELIBBAD;
	if (khsm_selftest_ecdsa("ecdsa-p256", KHSM_EC_P256, kat_ecdsa_p256_pub,
				sizeof(kat_ecdsa_p256_pub), kat_ecdsa_p256_msg,
				sizeof(kat_ecdsa_p256_msg), kat_ecdsa_p256_sig,
				sizeof(kat_ecdsa_p256_sig)))
		ret = -ELIBBAD;
	if (khsm_selftest_ecdsa("ecdsa-p384", KHSM_EC_P384, kat_ecdsa_p384_pub,
				sizeof(kat_ecdsa_p384_pub), kat_ecdsa_p384_msg,
				sizeof(kat_ecdsa_p384_msg), kat_ecdsa_p384_sig,
				sizeof(kat_ecdsa_p384_sig)))
		ret = -ELIBBAD;
	if (khsm_selftest_rsa())
		ret = -ELIBBAD;
	return ret;
}
