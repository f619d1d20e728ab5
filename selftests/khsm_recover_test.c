// SPDX-License-Identifier: GPL-2.0
/*
 * Signatures with message recovery (KHSM_OP_SIGN_RECOVER and
 * KHSM_OP_VERIFY_RECOVER with RSA_PKCS and RSA_X_509), checked by OpenSSL's
 * verify-recover, and CKA_ALWAYS_AUTHENTICATE keys: one operation per
 * KHSM_USER_CONTEXT login, a wrong PIN counted, a logout withdrawing it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <unistd.h>

#include "khsm_asym_util.h"
#include "kselftest_harness.h"

#define K 256 /* RSA-2048 */

FIXTURE(recover)
{
	int fd;
	int s;
	unsigned int token;
	__u32 rsa_pub, rsa_priv;
};

FIXTURE_SETUP(recover)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
	self->s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, self->s);
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, rsa_pair(self->s, 2048, false, &self->rsa_pub,
			      &self->rsa_priv));
}

FIXTURE_TEARDOWN(recover)
{
	close(self->s);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

static int recover_op(int s, __u32 key, __u32 op, __u64 mech, const void *in,
		      size_t len, void *out, size_t *out_len)
{
	struct op_args a = { .op = op,
			     .mech = mech,
			     .in = in,
			     .in_len = len,
			     .out = out,
			     .out_len = *out_len };
	int ret = do_op(s, key, &a);

	*out_len = a.out_len;
	return ret;
}

/* OpenSSL's verify-recover with @padding: the data, or -1. */
static long ossl_recover(EVP_PKEY *pkey, int padding, const __u8 *sig,
			 size_t sig_len, __u8 *out, size_t cap)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
	size_t len = cap;
	int ok;

	ok = ctx && EVP_PKEY_verify_recover_init(ctx) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(ctx, padding) > 0 &&
	     EVP_PKEY_verify_recover(ctx, out, &len, sig, sig_len) > 0;
	EVP_PKEY_CTX_free(ctx);
	return ok ? (long)len : -1;
}

TEST_F(recover, rsa_pkcs_sign_recover_openssl_recovers)
{
	static const __u8 data[] = "recoverable: the data is in the signature";
	EVP_PKEY *pkey = rsa_public_of(self->s, self->rsa_pub);
	__u8 sig[K], back[K];
	size_t len = 0;
	long n;

	ASSERT_NE(NULL, pkey);
	/* A length query names the signature size. */
	ASSERT_EQ(0, recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
				KHSM_MECH_RSA_PKCS, data, sizeof(data), NULL,
				&len));
	EXPECT_EQ(K, len);
	len = 10;
	EXPECT_EQ(-ENOSPC, recover_op(self->s, self->rsa_priv,
				      KHSM_OP_SIGN_RECOVER, KHSM_MECH_RSA_PKCS,
				      data, sizeof(data), sig, &len));
	EXPECT_EQ(K, len);
	len = sizeof(sig);
	ASSERT_EQ(0, recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
				KHSM_MECH_RSA_PKCS, data, sizeof(data), sig,
				&len));
	ASSERT_EQ(K, len);

	n = ossl_recover(pkey, RSA_PKCS1_PADDING, sig, K, back, sizeof(back));
	ASSERT_EQ(sizeof(data), n);
	EXPECT_EQ(0, memcmp(back, data, sizeof(data)));

	/* The kernel recovers it too, with the two-call convention. */
	len = 0;
	ASSERT_EQ(0, recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
				KHSM_MECH_RSA_PKCS, sig, K, NULL, &len));
	EXPECT_EQ(K - 11, len);
	len = sizeof(data) - 1;
	EXPECT_EQ(-ENOSPC,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, sig, K, back, &len));
	EXPECT_EQ(sizeof(data), len);
	memset(back, 0, sizeof(back));
	len = sizeof(back);
	ASSERT_EQ(0, recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
				KHSM_MECH_RSA_PKCS, sig, K, back, &len));
	ASSERT_EQ(sizeof(data), len);
	EXPECT_EQ(0, memcmp(back, data, sizeof(data)));

	/* Any other block is a wrong signature. */
	sig[100] ^= 0x40;
	len = sizeof(back);
	EXPECT_EQ(-EBADMSG,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, sig, K, back, &len));
	/* A signature the size of the modulus, all ones, is above it. */
	memset(sig, 0xff, sizeof(sig));
	EXPECT_EQ(-EBADMSG,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, sig, K, back, &len));
	EVP_PKEY_free(pkey);
}

TEST_F(recover, rsa_x509_sign_recover_openssl_recovers)
{
	EVP_PKEY *pkey = rsa_public_of(self->s, self->rsa_pub);
	__u8 data[100], sig[K], back[K], want[K] = { 0 };
	size_t len = sizeof(sig);
	long n;

	ASSERT_NE(NULL, pkey);
	memset(data, 0xa5, sizeof(data));
	memcpy(want + K - sizeof(data), data, sizeof(data));
	ASSERT_EQ(0, recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
				KHSM_MECH_RSA_X_509, data, sizeof(data), sig,
				&len));
	ASSERT_EQ(K, len);
	n = ossl_recover(pkey, RSA_NO_PADDING, sig, K, back, sizeof(back));
	ASSERT_EQ(K, n);
	EXPECT_EQ(0, memcmp(back, want, K));

	len = sizeof(back);
	ASSERT_EQ(0, recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
				KHSM_MECH_RSA_X_509, sig, K, back, &len));
	ASSERT_EQ(K, len);
	EXPECT_EQ(0, memcmp(back, want, K));

	/* A raw block without type 1 padding fails the PKCS #1 recovery. */
	len = sizeof(back);
	EXPECT_EQ(-EBADMSG,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, sig, K, back, &len));
	EVP_PKEY_free(pkey);
}

TEST_F(recover, recover_errors)
{
	__u8 data[K], sig[K], out[K];
	struct tmpl off = { .n = 0 };
	size_t len;

	memset(data, 1, sizeof(data));
	/* Data too long for the padding, or for the modulus. */
	len = sizeof(sig);
	EXPECT_EQ(-EMSGSIZE,
		  recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
			     KHSM_MECH_RSA_PKCS, data, K - 10, sig, &len));
	EXPECT_EQ(-EMSGSIZE,
		  recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
			     KHSM_MECH_RSA_X_509, data, K + 1, sig, &len));
	/* A signature of the wrong length. */
	EXPECT_EQ(-EOVERFLOW,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, data, K - 1, out, &len));
	/* The wrong half of the pair. */
	EXPECT_EQ(-ENOEXEC,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_SIGN_RECOVER,
			     KHSM_MECH_RSA_PKCS, data, 16, sig, &len));
	EXPECT_EQ(-ENOEXEC,
		  recover_op(self->s, self->rsa_priv, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, data, K, out, &len));
	/* Mechanisms without recovery. */
	EXPECT_EQ(-EOPNOTSUPP,
		  recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
			     KHSM_MECH_SHA256_RSA_PKCS, data, 16, sig, &len));
	EXPECT_EQ(-EOPNOTSUPP,
		  recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
			     KHSM_MECH_RSA_PKCS_PSS, data, 32, sig, &len));
	/* Single-part only: no multi-part steps. */
	{
		struct khsm_crypt r = { .size = sizeof(r),
					.flags = KHSM_CRYPT_BEGIN,
					.op = KHSM_OP_SIGN_RECOVER,
					.key = self->rsa_priv,
					.mech = KHSM_MECH_RSA_PKCS };

		EXPECT_EQ(-EOPNOTSUPP, khsm_ioctl(self->s, KHSM_IOC_CRYPT, &r));
	}
	/* The usage flags, checked separately from CKA_SIGN/CKA_VERIFY. */
	tmpl_bool(&off, KHSM_ATTR_SIGN_RECOVER, 0);
	ASSERT_EQ(0, khsm_set_attrs(self->s, self->rsa_priv, &off));
	EXPECT_EQ(-EPERM,
		  recover_op(self->s, self->rsa_priv, KHSM_OP_SIGN_RECOVER,
			     KHSM_MECH_RSA_PKCS, data, 16, sig, &len));
	len = sizeof(sig);
	EXPECT_EQ(0, sign(self->s, self->rsa_priv, KHSM_MECH_RSA_PKCS, NULL, 0,
			  data, 16, sig, &len));
	off.n = 0;
	tmpl_bool(&off, KHSM_ATTR_VERIFY_RECOVER, 0);
	ASSERT_EQ(0, khsm_set_attrs(self->s, self->rsa_pub, &off));
	len = sizeof(out);
	EXPECT_EQ(-EPERM,
		  recover_op(self->s, self->rsa_pub, KHSM_OP_VERIFY_RECOVER,
			     KHSM_MECH_RSA_PKCS, sig, K, out, &len));
	EXPECT_EQ(0, verify(self->s, self->rsa_pub, KHSM_MECH_RSA_PKCS, NULL, 0,
			    data, 16, sig, K));
}

TEST_F(recover, mechanism_list_reports_recovery)
{
	struct khsm_mech_info infos[128];
	struct khsm_mech_list r = { .size = sizeof(r),
				    .mechs = (__u64)(unsigned long)infos,
				    .capacity = 128 };
	const __u64 both = KHSM_MECHF_SIGN_RECOVER | KHSM_MECHF_VERIFY_RECOVER;
	unsigned int i, seen = 0;

	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_MECH_LIST, &r));
	for (i = 0; i < r.count; i++) {
		if (infos[i].mech == KHSM_MECH_RSA_PKCS ||
		    infos[i].mech == KHSM_MECH_RSA_X_509) {
			EXPECT_EQ(both, infos[i].flags & both);
			seen++;
		} else {
			EXPECT_EQ(0, infos[i].flags & both);
		}
	}
	EXPECT_EQ(2, seen);
}

/* An EC pair whose private half has CKA_ALWAYS_AUTHENTICATE @aa. */
static int ec_pair_auth(int fd, int aa, __u32 *hpub, __u32 *hpriv)
{
	struct tmpl pub = { .n = 0 }, priv = { .n = 0 };

	tmpl_bytes(&pub, KHSM_ATTR_EC_PARAMS, p256_oid, sizeof(p256_oid));
	tmpl_bool(&priv, 0x202 /* CKA_ALWAYS_AUTHENTICATE */, aa);
	return keypair(fd, KHSM_MECH_EC_KEY_PAIR_GEN, &pub, &priv, hpub, hpriv);
}

static int ecdsa(int s, __u32 key, __u8 *sig, size_t *len)
{
	static const __u8 digest[32] = { 1, 2, 3 };

	return sign(s, key, KHSM_MECH_ECDSA, NULL, 0, digest, sizeof(digest),
		    sig, len);
}

TEST_F(recover, always_authenticate_needs_context_login_per_use)
{
	struct khsm_token_info ti;
	__u32 pub, priv, pub2, plain;
	__u8 sig[64];
	size_t len;

	ASSERT_EQ(0, ec_pair_auth(self->s, 1, &pub, &priv));
	ASSERT_EQ(0, ec_pair_auth(self->s, 0, &pub2, &plain));
	EXPECT_EQ(1, khsm_get_bool(self->s, priv, 0x202));

	/* A key without the flag needs nothing more. */
	len = sizeof(sig);
	EXPECT_EQ(0, ecdsa(self->s, plain, sig, &len));

	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, ecdsa(self->s, priv, sig, &len));

	/* A wrong context PIN counts against the user PIN. */
	EXPECT_EQ(-EKEYREJECTED,
		  khsm_login(self->s, KHSM_USER_CONTEXT, "wrong-pin"));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &ti));
	EXPECT_EQ(1, ti.user_pin_failures);
	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, ecdsa(self->s, priv, sig, &len));

	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &ti));
	EXPECT_EQ(0, ti.user_pin_failures);
	/* A length query and a short buffer do not use it up. */
	len = 0;
	EXPECT_EQ(0, ecdsa(self->s, priv, NULL, &len));
	EXPECT_EQ(64, len);
	len = 10;
	EXPECT_EQ(-ENOSPC, ecdsa(self->s, priv, sig, &len));
	len = sizeof(sig);
	EXPECT_EQ(0, ecdsa(self->s, priv, sig, &len));
	EXPECT_EQ(64, len);
	/* One use only. */
	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, ecdsa(self->s, priv, sig, &len));
	/* A failed use uses it up too. */
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	len = sizeof(sig);
	EXPECT_EQ(-EMSGSIZE, sign(self->s, priv, KHSM_MECH_ECDSA, NULL, 0, sig,
				  0, sig, &len));
	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, ecdsa(self->s, priv, sig, &len));
	/* Verification with the public half never needs it. */
	EXPECT_EQ(-EBADMSG, verify(self->s, pub, KHSM_MECH_ECDSA, NULL, 0, sig,
				   32, sig, 64));
}

TEST_F(recover, context_login_is_per_session_and_per_login)
{
	__u32 pub, priv;
	__u8 sig[64];
	size_t len;
	int s2;

	ASSERT_EQ(0, ec_pair_auth(self->s, 1, &pub, &priv));
	s2 = khsm_session(self->token, 0);
	ASSERT_LE(0, s2);

	/* Armed on one session, not on the other. */
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, ecdsa(s2, priv, sig, &len));
	len = sizeof(sig);
	EXPECT_EQ(0, ecdsa(self->s, priv, sig, &len));

	/* A logout withdraws it, even after a new login. */
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	ASSERT_EQ(0, khsm_logout(self->s));
	EXPECT_EQ(-EPERM,
		  khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, ecdsa(self->s, priv, sig, &len));

	/* Not for the SO, and not for KHSM_IOC_INIT_PIN. */
	{
		struct khsm_login r = { .size = sizeof(r),
					.user_type = KHSM_USER_CONTEXT,
					.pin_len = 4,
					.pin = (__u64)(unsigned long)"1234" };

		EXPECT_EQ(-EINVAL, khsm_ioctl(self->s, KHSM_IOC_INIT_PIN, &r));
		r.user_type = 3;
		EXPECT_EQ(-EINVAL, khsm_ioctl(self->s, KHSM_IOC_LOGIN, &r));
	}
	close(s2);
}

TEST_F(recover, always_authenticate_multi_part_and_rsa)
{
	struct tmpl pub = { .n = 0 }, priv = { .n = 0 };
	struct khsm_crypt r = { .size = sizeof(r),
				.flags = KHSM_CRYPT_BEGIN,
				.op = KHSM_OP_SIGN,
				.mech = KHSM_MECH_ECDSA_SHA256 };
	__u32 hpub, hpriv, rpub, rpriv;
	__u8 sig[K], data[16] = { 7 }, out[K];
	size_t len;

	ASSERT_EQ(0, ec_pair_auth(self->s, 1, &hpub, &hpriv));
	r.key = hpriv;
	EXPECT_EQ(-EKEYEXPIRED, khsm_ioctl(self->s, KHSM_IOC_CRYPT, &r));
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	/* The multi-part operation as a whole is the one use. */
	ASSERT_EQ(0, khsm_ioctl(self->s, KHSM_IOC_CRYPT, &r));
	r.flags = KHSM_CRYPT_UPDATE;
	r.in = (__u64)(unsigned long)data;
	r.in_len = sizeof(data);
	ASSERT_EQ(0, khsm_ioctl(self->s, KHSM_IOC_CRYPT, &r));
	r.flags = KHSM_CRYPT_FINAL;
	r.in_len = 0;
	r.out = (__u64)(unsigned long)sig;
	r.out_len = sizeof(sig);
	ASSERT_EQ(0, khsm_ioctl(self->s, KHSM_IOC_CRYPT, &r));
	EXPECT_EQ(64, r.out_len);
	r.flags = KHSM_CRYPT_BEGIN;
	EXPECT_EQ(-EKEYEXPIRED, khsm_ioctl(self->s, KHSM_IOC_CRYPT, &r));

	/* RSA: sign-recover and decrypt need it, encrypt does not. */
	tmpl_ulong(&pub, KHSM_ATTR_MODULUS_BITS, 2048);
	tmpl_bool(&priv, 0x202, 1);
	ASSERT_EQ(0, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, &pub,
			     &priv, &rpub, &rpriv));
	len = sizeof(sig);
	EXPECT_EQ(-EKEYEXPIRED, recover_op(self->s, rpriv, KHSM_OP_SIGN_RECOVER,
					   KHSM_MECH_RSA_PKCS, data,
					   sizeof(data), sig, &len));
	len = sizeof(sig);
	ASSERT_EQ(0,
		  rsa_crypt(self->s, rpub, KHSM_OP_ENCRYPT, KHSM_MECH_RSA_PKCS,
			    NULL, 0, NULL, 0, data, sizeof(data), sig, &len));
	len = sizeof(out);
	EXPECT_EQ(-EKEYEXPIRED,
		  rsa_crypt(self->s, rpriv, KHSM_OP_DECRYPT, KHSM_MECH_RSA_PKCS,
			    NULL, 0, NULL, 0, sig, K, out, &len));
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	len = sizeof(out);
	ASSERT_EQ(0,
		  rsa_crypt(self->s, rpriv, KHSM_OP_DECRYPT, KHSM_MECH_RSA_PKCS,
			    NULL, 0, NULL, 0, sig, K, out, &len));
	EXPECT_EQ(sizeof(data), len);
	EXPECT_EQ(0, memcmp(out, data, sizeof(data)));
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	len = sizeof(sig);
	EXPECT_EQ(0, recover_op(self->s, rpriv, KHSM_OP_SIGN_RECOVER,
				KHSM_MECH_RSA_PKCS, data, sizeof(data), sig,
				&len));
	len = sizeof(out);
	EXPECT_EQ(0, recover_op(self->s, rpub, KHSM_OP_VERIFY_RECOVER,
				KHSM_MECH_RSA_PKCS, sig, K, out, &len));
	EXPECT_EQ(sizeof(data), len);
}

TEST_HARNESS_MAIN
