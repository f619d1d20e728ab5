// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-part operations: signatures and MACs over messages larger than
 * one request can carry, checked by OpenSSL; AES in pieces equal to the
 * single-part result; and the state rules (one operation per kind, begin
 * twice, update without begin, cancel, the two-call final).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <unistd.h>

#include "khsm_asym_util.h"
#include "kselftest_harness.h"

#define BIG (200 * 1024)

static int step(int s, __u32 flags, __u32 op, __u32 key, __u64 mech,
		const void *param, size_t plen, const void *in, size_t len,
		const void *sig, size_t sig_len, void *out, size_t *out_len)
{
	struct khsm_crypt r = {
		.size = sizeof(r),
		.flags = flags,
		.op = op,
		.key = key,
		.mech = mech,
		.param = (__u64)(unsigned long)param,
		.param_len = plen,
		.in = (__u64)(unsigned long)in,
		.in_len = len,
		.sig = (__u64)(unsigned long)sig,
		.sig_len = sig_len,
		.out = (__u64)(unsigned long)out,
		.out_len = out_len ? *out_len : 0,
	};
	int ret = khsm_ioctl(s, KHSM_IOC_CRYPT, &r);

	if (out_len)
		*out_len = r.out_len;
	return ret;
}

static int begin(int s, __u32 op, __u32 key, __u64 mech, const void *param,
		 size_t plen)
{
	return step(s, KHSM_CRYPT_BEGIN, op, key, mech, param, plen, NULL, 0,
		    NULL, 0, NULL, NULL);
}

static int update(int s, __u32 op, const void *in, size_t len)
{
	size_t out_len = 0;

	return step(s, KHSM_CRYPT_UPDATE, op, 0, 0, NULL, 0, in, len, NULL, 0,
		    NULL, &out_len);
}

/* Feed @len bytes of @msg in uneven pieces. */
static int feed(int s, __u32 op, const __u8 *msg, size_t len)
{
	static const size_t pieces[] = { 1, 4095, 30000, 65536, 7 };
	size_t done = 0, i = 0, n;
	int ret;

	while (done < len) {
		n = pieces[i++ % 5];
		if (n > len - done)
			n = len - done;
		ret = update(s, op, msg + done, n);
		if (ret)
			return ret;
		done += n;
	}
	return 0;
}

static int final(int s, __u32 op, const void *sig, size_t sig_len, void *out,
		 size_t *out_len)
{
	return step(s, KHSM_CRYPT_FINAL, op, 0, 0, NULL, 0, NULL, 0, sig,
		    sig_len, out, out_len);
}

FIXTURE(stream)
{
	int fd;
	int s;
	unsigned int token;
	__u8 *msg;
};

FIXTURE_SETUP(stream)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
	self->s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, self->s);
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	self->msg = malloc(BIG);
	ASSERT_NE(NULL, self->msg);
	ASSERT_EQ(1, RAND_bytes(self->msg, BIG));
}

FIXTURE_TEARDOWN(stream)
{
	free(self->msg);
	close(self->s);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

TEST_F(stream, rsa_signature_over_a_large_message)
{
	__u8 sig[256];
	size_t len;
	EVP_PKEY *pkey;
	__u32 hpub, hpriv;

	ASSERT_EQ(0, rsa_pair(self->s, 2048, false, &hpub, &hpriv));
	pkey = rsa_public_of(self->s, hpub);
	ASSERT_NE(NULL, pkey);
	ASSERT_EQ(0, begin(self->s, KHSM_OP_SIGN, hpriv,
			   KHSM_MECH_SHA256_RSA_PKCS, NULL, 0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_SIGN, self->msg, BIG));
	/* The two-call final: the length first, the operation goes on. */
	len = 0;
	ASSERT_EQ(0, final(self->s, KHSM_OP_SIGN, NULL, 0, NULL, &len));
	ASSERT_EQ(256, len);
	len = 100;
	ASSERT_EQ(-ENOSPC, final(self->s, KHSM_OP_SIGN, NULL, 0, sig, &len));
	ASSERT_EQ(256, len);
	ASSERT_EQ(0, final(self->s, KHSM_OP_SIGN, NULL, 0, sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PADDING, 0,
				self->msg, BIG, sig, len));
	/* The operation is over. */
	EXPECT_EQ(-ENOMSG, final(self->s, KHSM_OP_SIGN, NULL, 0, sig, &len));

	ASSERT_EQ(0, begin(self->s, KHSM_OP_VERIFY, hpub,
			   KHSM_MECH_SHA256_RSA_PKCS, NULL, 0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_VERIFY, self->msg, BIG));
	EXPECT_EQ(0, final(self->s, KHSM_OP_VERIFY, sig, len, NULL, NULL));
	ASSERT_EQ(0, begin(self->s, KHSM_OP_VERIFY, hpub,
			   KHSM_MECH_SHA256_RSA_PKCS, NULL, 0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_VERIFY, self->msg, BIG - 1));
	EXPECT_EQ(-EBADMSG,
		  final(self->s, KHSM_OP_VERIFY, sig, len, NULL, NULL));
	EVP_PKEY_free(pkey);
}

TEST_F(stream, ecdsa_and_pss_in_pieces)
{
	struct khsm_pss_params pss = { KHSM_MECH_SHA384, KHSM_MGF1_SHA384, 48 };
	__u8 pt[97], sig[256], *der;
	size_t len = sizeof(sig);
	EVP_PKEY *pkey;
	__u32 hpub, hpriv;
	int dl;

	ASSERT_EQ(0,
		  ec_pair(self->s, p384_oid, sizeof(p384_oid), &hpub, &hpriv));
	ASSERT_EQ(97, ec_point_of(self->s, hpub, pt));
	pkey = ossl_ec_pub("P-384", pt, 97);
	ASSERT_NE(NULL, pkey);
	ASSERT_EQ(0, begin(self->s, KHSM_OP_SIGN, hpriv, KHSM_MECH_ECDSA_SHA384,
			   NULL, 0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_SIGN, self->msg, 70000));
	ASSERT_EQ(0, final(self->s, KHSM_OP_SIGN, NULL, 0, sig, &len));
	ASSERT_EQ(96, len);
	dl = raw_to_der(sig, len, &der);
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha384(), 0, 0, self->msg, 70000, der,
				dl));
	OPENSSL_free(der);
	EVP_PKEY_free(pkey);

	ASSERT_EQ(0, rsa_pair(self->s, 2048, false, &hpub, &hpriv));
	pkey = rsa_public_of(self->s, hpub);
	ASSERT_NE(NULL, pkey);
	ASSERT_EQ(0, begin(self->s, KHSM_OP_SIGN, hpriv,
			   KHSM_MECH_SHA384_RSA_PKCS_PSS, &pss, sizeof(pss)));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_SIGN, self->msg, 1000));
	len = sizeof(sig);
	ASSERT_EQ(0, final(self->s, KHSM_OP_SIGN, NULL, 0, sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha384(), RSA_PKCS1_PSS_PADDING, 48,
				self->msg, 1000, sig, len));
	EVP_PKEY_free(pkey);
}

TEST_F(stream, macs_match_openssl)
{
	static const __u8 key[32] = "a MAC key of thirty-two bytes!!";
	__u8 mac[64], want[64];
	unsigned int wl;
	size_t len = sizeof(mac), cl;
	struct tmpl t = { .n = 0 };
	__u32 h, aes;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_GENERIC_SECRET);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, sizeof(key));
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	ASSERT_EQ(0, begin(self->s, KHSM_OP_SIGN, h, KHSM_MECH_SHA384_HMAC,
			   NULL, 0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_SIGN, self->msg, BIG));
	ASSERT_EQ(0, final(self->s, KHSM_OP_SIGN, NULL, 0, mac, &len));
	ASSERT_EQ(48, len);
	HMAC(EVP_sha384(), key, sizeof(key), self->msg, BIG, want, &wl);
	EXPECT_EQ(0, memcmp(mac, want, 48));
	ASSERT_EQ(0, begin(self->s, KHSM_OP_VERIFY, h, KHSM_MECH_SHA384_HMAC,
			   NULL, 0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_VERIFY, self->msg, BIG));
	EXPECT_EQ(0, final(self->s, KHSM_OP_VERIFY, mac, 48, NULL, NULL));
	ASSERT_EQ(0, begin(self->s, KHSM_OP_VERIFY, h, KHSM_MECH_SHA384_HMAC,
			   NULL, 0));
	EXPECT_EQ(-EOVERFLOW,
		  final(self->s, KHSM_OP_VERIFY, mac, 47, NULL, NULL));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 16);
	ASSERT_EQ(0, khsm_create(self->s, &t, &aes));
	ASSERT_EQ(0, begin(self->s, KHSM_OP_SIGN, aes, KHSM_MECH_AES_CMAC, NULL,
			   0));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_SIGN, self->msg, 5000));
	len = sizeof(mac);
	ASSERT_EQ(0, final(self->s, KHSM_OP_SIGN, NULL, 0, mac, &len));
	ASSERT_NE(NULL,
		  EVP_Q_mac(NULL, "CMAC", NULL, "AES-128-CBC", NULL, key, 16,
			    self->msg, 5000, want, sizeof(want), &cl));
	ASSERT_EQ(16, len);
	EXPECT_EQ(0, memcmp(mac, want, 16));
}

TEST_F(stream, aes_in_pieces_equals_single_part)
{
	static const __u8 key[16] = "sixteen byte key";
	__u8 iv[16] = { 9 }, one[4200], many[4200], back[4200];
	struct khsm_gcm_params gcm = { .iv_len = 12, .tag_bits = 128 };
	struct tmpl t = { .n = 0 };
	size_t l1 = sizeof(one), l2 = sizeof(many), l3 = sizeof(back);
	struct op_args a = { .op = KHSM_OP_ENCRYPT,
			     .mech = KHSM_MECH_AES_CBC_PAD,
			     .param = iv,
			     .param_len = 16,
			     .in = NULL,
			     .in_len = 4100,
			     .out = one,
			     .out_len = sizeof(one) };
	__u32 h;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 16);
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	a.in = self->msg;
	ASSERT_EQ(0, do_op(self->s, h, &a));
	l1 = a.out_len;
	ASSERT_EQ(4112, l1);

	ASSERT_EQ(0, begin(self->s, KHSM_OP_ENCRYPT, h, KHSM_MECH_AES_CBC_PAD,
			   iv, 16));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_ENCRYPT, self->msg, 4100));
	ASSERT_EQ(0, final(self->s, KHSM_OP_ENCRYPT, NULL, 0, many, &l2));
	ASSERT_EQ(l1, l2);
	EXPECT_EQ(0, memcmp(one, many, l1));

	/* GCM decryption in pieces: the tag is checked at the end. */
	memcpy(gcm.iv, "twelve bytes", 12);
	a.mech = KHSM_MECH_AES_GCM;
	a.param = &gcm;
	a.param_len = sizeof(gcm);
	a.in_len = 3000;
	a.out_len = sizeof(one);
	ASSERT_EQ(0, do_op(self->s, h, &a));
	ASSERT_EQ(3016, a.out_len);
	ASSERT_EQ(0, begin(self->s, KHSM_OP_DECRYPT, h, KHSM_MECH_AES_GCM, &gcm,
			   sizeof(gcm)));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_DECRYPT, one, 3016));
	ASSERT_EQ(0, final(self->s, KHSM_OP_DECRYPT, NULL, 0, back, &l3));
	ASSERT_EQ(3000, l3);
	EXPECT_EQ(0, memcmp(back, self->msg, 3000));
	one[100] ^= 1;
	ASSERT_EQ(0, begin(self->s, KHSM_OP_DECRYPT, h, KHSM_MECH_AES_GCM, &gcm,
			   sizeof(gcm)));
	ASSERT_EQ(0, feed(self->s, KHSM_OP_DECRYPT, one, 3016));
	l3 = sizeof(back);
	EXPECT_EQ(-EBADMSG,
		  final(self->s, KHSM_OP_DECRYPT, NULL, 0, back, &l3));
}

TEST_F(stream, state_rules)
{
	static const __u8 key[16] = "sixteen byte key";
	__u8 iv[16] = { 0 }, out[64];
	struct tmpl t = { .n = 0 };
	size_t len = sizeof(out);
	__u32 h, hpub, hpriv;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 16);
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));

	EXPECT_EQ(-ENOMSG, update(self->s, KHSM_OP_ENCRYPT, out, 16));
	EXPECT_EQ(-ENOMSG, final(self->s, KHSM_OP_ENCRYPT, NULL, 0, out, &len));
	ASSERT_EQ(0, begin(self->s, KHSM_OP_ENCRYPT, h, KHSM_MECH_AES_CBC, iv,
			   16));
	EXPECT_EQ(-EBUSY, begin(self->s, KHSM_OP_ENCRYPT, h, KHSM_MECH_AES_CBC,
				iv, 16));
	/* Another kind of operation may run beside it. */
	ASSERT_EQ(0,
		  begin(self->s, KHSM_OP_SIGN, h, KHSM_MECH_AES_CMAC, NULL, 0));
	EXPECT_EQ(0, step(self->s, KHSM_CRYPT_CANCEL, KHSM_OP_SIGN, 0, 0, NULL,
			  0, NULL, 0, NULL, 0, NULL, NULL));
	EXPECT_EQ(-ENOMSG, update(self->s, KHSM_OP_SIGN, out, 1));
	/* A single-part error ends the operation: 17 bytes are not CBC. */
	ASSERT_EQ(0, update(self->s, KHSM_OP_ENCRYPT, out, 17));
	len = sizeof(out);
	EXPECT_EQ(-EMSGSIZE,
		  final(self->s, KHSM_OP_ENCRYPT, NULL, 0, out, &len));
	EXPECT_EQ(-ENOMSG, update(self->s, KHSM_OP_ENCRYPT, out, 16));

	/* Parameters are checked at the start; data comes later. */
	EXPECT_EQ(-EBADR,
		  begin(self->s, KHSM_OP_ENCRYPT, h, KHSM_MECH_AES_CBC, iv, 8));
	EXPECT_EQ(-EINVAL, step(self->s, KHSM_CRYPT_BEGIN, KHSM_OP_ENCRYPT, h,
				KHSM_MECH_AES_CBC, iv, 16, out, 16, NULL, 0,
				NULL, NULL));
	EXPECT_EQ(-EINVAL, step(self->s, KHSM_CRYPT_BEGIN | KHSM_CRYPT_FINAL,
				KHSM_OP_ENCRYPT, h, KHSM_MECH_AES_CBC, iv, 16,
				NULL, 0, NULL, 0, NULL, NULL));
	/* Single-part mechanisms, and usage flags, as for one shot. */
	ASSERT_EQ(0,
		  ec_pair(self->s, p256_oid, sizeof(p256_oid), &hpub, &hpriv));
	EXPECT_EQ(-EOPNOTSUPP, begin(self->s, KHSM_OP_SIGN, hpriv,
				     KHSM_MECH_ECDSA, NULL, 0));
	EXPECT_EQ(-EOPNOTSUPP, begin(self->s, KHSM_OP_ENCRYPT, h,
				     KHSM_MECH_AES_KEY_WRAP, NULL, 0));
	EXPECT_EQ(-ENOEXEC, begin(self->s, KHSM_OP_SIGN, hpub,
				  KHSM_MECH_ECDSA_SHA256, NULL, 0));
	/* Gathered input is bounded. */
	ASSERT_EQ(0,
		  begin(self->s, KHSM_OP_ENCRYPT, h, KHSM_MECH_AES_CTR,
			(struct khsm_ctr_params[]){ { .counter_bits = 128 } },
			sizeof(struct khsm_ctr_params)));
	ASSERT_EQ(0, update(self->s, KHSM_OP_ENCRYPT, self->msg, 65536));
	EXPECT_EQ(-EMSGSIZE, update(self->s, KHSM_OP_ENCRYPT, self->msg, 1));
	/* Closing the session with an operation open frees it (kmemleak). */
}

TEST_HARNESS_MAIN
