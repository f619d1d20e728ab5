// SPDX-License-Identifier: GPL-2.0
/*
 * Keys in and out of the kernel only wrapped: what the kernel wraps,
 * OpenSSL unwraps with the same wrapping key and finds the right key (a
 * PKCS #8 private key that signs what the kernel's public key verifies);
 * what OpenSSL wraps, including the cloud-HSM RSA-AES format, the kernel
 * unwraps into working keys. Non-extractable keys stay inside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <unistd.h>

#include "khsm_asym_util.h"
#include "kselftest_harness.h"

/* A known wrapping key, so OpenSSL can check what the kernel wrapped. */
static const __u8 kek[32] = "khsm selftest key-encryption-key";

static int wrap(int s, __u64 mech, const void *param, size_t plen, __u32 wk,
		__u32 key, __u8 *out, size_t *len)
{
	struct khsm_wrap_key r = {
		.size = sizeof(r),
		.mech = mech,
		.wrapping_key = wk,
		.key = key,
		.param = (__u64)(unsigned long)param,
		.param_len = plen,
		.out = (__u64)(unsigned long)out,
		.out_len = *len,
	};
	int ret = khsm_ioctl(s, KHSM_IOC_WRAP_KEY, &r);

	*len = r.out_len;
	return ret;
}

static int unwrap(int s, __u64 mech, const void *param, size_t plen, __u32 uk,
		  const __u8 *in, size_t len, struct tmpl *t, __u32 *h)
{
	struct khsm_unwrap_key r = {
		.size = sizeof(r),
		.mech = mech,
		.unwrapping_key = uk,
		.param = (__u64)(unsigned long)param,
		.param_len = plen,
		.in = (__u64)(unsigned long)in,
		.in_len = len,
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
	};
	int ret = khsm_ioctl(s, KHSM_IOC_UNWRAP_KEY, &r);

	*h = r.handle;
	return ret;
}

static int import_aes(int s, const __u8 *v, size_t len, bool extractable,
		      __u32 *h)
{
	struct tmpl t = { .n = 0 };

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, v, len);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, extractable);
	return khsm_create(s, &t, h);
}

/* OpenSSL's AES key wrap (with padding if @pad), either direction. */
static int ossl_kw(bool pad, bool enc, const __u8 *key, size_t key_len,
		   const __u8 *in, size_t len, __u8 *out)
{
	const EVP_CIPHER *c =
		key_len == 32 ?
			(pad ? EVP_aes_256_wrap_pad() : EVP_aes_256_wrap()) :
			(pad ? EVP_aes_128_wrap_pad() : EVP_aes_128_wrap());
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = -1, f;

	if (EVP_CipherInit_ex(ctx, c, NULL, key, NULL, enc) == 1 &&
	    EVP_CipherUpdate(ctx, out, &n, in, len) == 1 &&
	    EVP_CipherFinal_ex(ctx, out + n, &f) == 1)
		n += f;
	else
		n = -1;
	EVP_CIPHER_CTX_free(ctx);
	return n;
}

/* AES-ECB of one zero block with a kernel key: a key's fingerprint. */
static int fingerprint(int s, __u32 h, __u8 *out)
{
	static const __u8 zero[16];
	struct op_args a = { .op = KHSM_OP_ENCRYPT,
			     .mech = KHSM_MECH_AES_ECB,
			     .in = zero,
			     .in_len = 16,
			     .out = out,
			     .out_len = 16 };

	return do_op(s, h, &a);
}

FIXTURE(wrap)
{
	int fd;
	int s;
	unsigned int token;
	__u32 kek;
};

FIXTURE_SETUP(wrap)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
	self->s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, self->s);
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, import_aes(self->s, kek, sizeof(kek), false, &self->kek));
}

FIXTURE_TEARDOWN(wrap)
{
	close(self->s);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

TEST_F(wrap, secret_key_wrapped_openssl_unwraps)
{
	__u8 value[16], wrapped[64], plain[64], iv[16] = { 1, 2, 3 };
	struct tmpl t = { .n = 0 };
	size_t len;
	__u32 h;
	int n;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 16);
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 0);
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	ASSERT_EQ(16, get_attr(self->s, h, KHSM_ATTR_VALUE, value, 16));

	/* Two calls: the length, then the wrapped key. */
	len = 0;
	ASSERT_EQ(0, wrap(self->s, KHSM_MECH_AES_KEY_WRAP, NULL, 0, self->kek,
			  h, NULL, &len));
	ASSERT_EQ(24, len);
	len = 23;
	ASSERT_EQ(-ENOSPC, wrap(self->s, KHSM_MECH_AES_KEY_WRAP, NULL, 0,
				self->kek, h, wrapped, &len));
	ASSERT_EQ(24, len);
	ASSERT_EQ(0, wrap(self->s, KHSM_MECH_AES_KEY_WRAP, NULL, 0, self->kek,
			  h, wrapped, &len));
	n = ossl_kw(false, false, kek, 32, wrapped, len, plain);
	ASSERT_EQ(16, n);
	EXPECT_EQ(0, memcmp(plain, value, 16));

	len = sizeof(wrapped);
	ASSERT_EQ(0, wrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
			  self->kek, h, wrapped, &len));
	n = ossl_kw(true, false, kek, 32, wrapped, len, plain);
	ASSERT_EQ(16, n);
	EXPECT_EQ(0, memcmp(plain, value, 16));

	len = sizeof(wrapped);
	ASSERT_EQ(0, wrap(self->s, KHSM_MECH_AES_CBC_PAD, iv, 16, self->kek, h,
			  wrapped, &len));
	ASSERT_EQ(32, len);
	{
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		int a, b;

		ASSERT_EQ(1, EVP_DecryptInit_ex(c, EVP_aes_256_cbc(), NULL, kek,
						iv));
		ASSERT_EQ(1, EVP_DecryptUpdate(c, plain, &a, wrapped, len));
		ASSERT_EQ(1, EVP_DecryptFinal_ex(c, plain + a, &b));
		EVP_CIPHER_CTX_free(c);
		ASSERT_EQ(16, a + b);
		EXPECT_EQ(0, memcmp(plain, value, 16));
	}
}

TEST_F(wrap, openssl_wrapped_key_unwraps_and_works)
{
	static const __u8 key[16] = "an imported key";
	__u8 wrapped[40], fp[16], want[16];
	struct tmpl t = { .n = 0 };
	EVP_CIPHER_CTX *c;
	int n, outl;
	__u32 h;

	n = ossl_kw(true, true, kek, 32, key, 16, wrapped);
	ASSERT_EQ(24, n);
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	ASSERT_EQ(0, unwrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
			    self->kek, wrapped, n, &t, &h));
	ASSERT_EQ(0, fingerprint(self->s, h, fp));
	c = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(c, EVP_aes_128_ecb(), NULL, key, NULL);
	EVP_CIPHER_CTX_set_padding(c, 0);
	memset(want, 0, 16);
	EVP_EncryptUpdate(c, want, &outl, want, 16);
	EVP_CIPHER_CTX_free(c);
	EXPECT_EQ(0, memcmp(fp, want, 16));

	/* PKCS#11's rules for unwrapped keys. */
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_LOCAL));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_ALWAYS_SENSITIVE));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_NEVER_EXTRACTABLE));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_SENSITIVE));

	/* A corrupted wrapped key is the one decryption error. */
	wrapped[5] ^= 1;
	EXPECT_EQ(-EBADMSG, unwrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
				   self->kek, wrapped, n, &t, &h));
	wrapped[5] ^= 1;
	/* The template must say what the key is, and not give its value. */
	t.n = 1;
	EXPECT_EQ(-ENODATA, unwrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
				   self->kek, wrapped, n, &t, &h));
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, 16);
	EXPECT_EQ(-EILSEQ, unwrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
				  self->kek, wrapped, n, &t, &h));
	/* 16 bytes are no AES-256 key. */
	t.n = 2;
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 32);
	EXPECT_EQ(-EILSEQ, unwrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
				  self->kek, wrapped, n, &t, &h));
}

TEST_F(wrap, unextractable_keys_stay_inside)
{
	struct tmpl t = { .n = 0 };
	__u8 out[64];
	size_t len = sizeof(out);
	__u32 h, hpub, hpriv;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 32);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 0);
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	EXPECT_EQ(-EKEYREJECTED, wrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL,
				      0, self->kek, h, out, &len));
	/* ...and cannot be made extractable again. */
	t.n = 0;
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 1);
	EXPECT_EQ(-EACCES, khsm_set_attrs(self->s, h, &t));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_NEVER_EXTRACTABLE));

	/* A private key generated unextractable. */
	{
		struct tmpl pub = { .n = 0 }, priv = { .n = 0 };

		tmpl_bytes(&pub, KHSM_ATTR_EC_PARAMS, p256_oid,
			   sizeof(p256_oid));
		tmpl_bool(&priv, KHSM_ATTR_EXTRACTABLE, 0);
		ASSERT_EQ(0, keypair(self->s, KHSM_MECH_EC_KEY_PAIR_GEN, &pub,
				     &priv, &hpub, &hpriv));
	}
	len = sizeof(out);
	EXPECT_EQ(-EKEYREJECTED, wrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL,
				      0, self->kek, hpriv, out, &len));
	/* Public keys are not wrapped: they are read. */
	len = sizeof(out);
	EXPECT_EQ(-ENOEXEC, wrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
				 self->kek, hpub, out, &len));

	/* A key only for trusted wrapping keys, and an untrusted one. */
	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 16);
	tmpl_bool(&t, 0x210 /* CKA_WRAP_WITH_TRUSTED */, 1);
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	len = sizeof(out);
	EXPECT_EQ(-EKEYREJECTED, wrap(self->s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL,
				      0, self->kek, h, out, &len));
}

TEST_F(wrap, wrapping_key_rules)
{
	struct tmpl t = { .n = 0 };
	__u8 out[64];
	size_t len = sizeof(out);
	__u32 weak, h;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 16);
	tmpl_bool(&t, KHSM_ATTR_WRAP, 0);
	tmpl_bool(&t, KHSM_ATTR_UNWRAP, 0);
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &weak));
	t.n = 2;
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	EXPECT_EQ(-EPERM, wrap(self->s, KHSM_MECH_AES_KEY_WRAP, NULL, 0, weak,
			       h, out, &len));
	EXPECT_EQ(-EOPNOTSUPP, wrap(self->s, KHSM_MECH_AES_GCM, NULL, 0,
				    self->kek, h, out, &len));
	EXPECT_EQ(-ENOENT, wrap(self->s, KHSM_MECH_AES_KEY_WRAP, NULL, 0,
				self->kek, 0xfffffff, out, &len));
	len = sizeof(out);
	EXPECT_EQ(-EBADR, wrap(self->s, KHSM_MECH_AES_CBC_PAD, out, 8,
			       self->kek, h, out, &len));
	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	EXPECT_EQ(-EPERM, unwrap(self->s, KHSM_MECH_AES_KEY_WRAP, NULL, 0, weak,
				 out, 24, &t, &h));
}

/* Kernel private key -> KWP -> OpenSSL: the same key, usable there. */
static void private_key_out(struct __test_metadata *_metadata, int s,
			    __u32 kek_h, __u32 hpub, __u32 hpriv, bool rsa)
{
	static const __u8 msg[] = "signed by the unwrapped key";
	__u8 wrapped[4096], der[4096], sig[512];
	const unsigned char *p = der;
	EVP_PKEY *pkey;
	EVP_MD_CTX *mctx;
	size_t len = sizeof(wrapped), sl = sizeof(sig);
	int n;

	ASSERT_EQ(0, wrap(s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0, kek_h, hpriv,
			  wrapped, &len));
	n = ossl_kw(true, false, kek, 32, wrapped, len, der);
	ASSERT_LT(0, n);
	pkey = d2i_AutoPrivateKey(NULL, &p, n);
	ASSERT_NE(NULL, pkey);
	ASSERT_EQ(der + n, p);
	mctx = EVP_MD_CTX_new();
	ASSERT_EQ(1, EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL, pkey));
	ASSERT_EQ(1, EVP_DigestSign(mctx, sig, &sl, msg, sizeof(msg)));
	EVP_MD_CTX_free(mctx);
	if (!rsa) {
		/* DER ECDSA to r||s for the kernel. */
		const unsigned char *q = sig;
		ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &q, sl);
		__u8 raw[64];

		ASSERT_NE(NULL, es);
		BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32);
		BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32);
		ECDSA_SIG_free(es);
		memcpy(sig, raw, 64);
		sl = 64;
	}
	EXPECT_EQ(0, verify(s, hpub,
			    rsa ? KHSM_MECH_SHA256_RSA_PKCS :
				  KHSM_MECH_ECDSA_SHA256,
			    NULL, 0, msg, sizeof(msg), sig, sl));
	EVP_PKEY_free(pkey);
}

/* OpenSSL's key, PKCS #8 under KWP, unwrapped: the kernel signs with it. */
static void private_key_in(struct __test_metadata *_metadata, int s,
			   __u32 kek_h, EVP_PKEY *pkey, __u64 key_type)
{
	static const __u8 msg[] = "signed in the kernel";
	__u8 *der = NULL, wrapped[4200], sig[512], *dsig;
	struct tmpl t = { .n = 0 };
	size_t sl = sizeof(sig);
	int n, wl, dl;
	__u32 h;

	n = i2d_PrivateKey(pkey, &der);
	ASSERT_LT(0, n);
	{
		PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(pkey);

		OPENSSL_free(der);
		der = NULL;
		n = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
		PKCS8_PRIV_KEY_INFO_free(p8);
	}
	wl = ossl_kw(true, true, kek, 32, der, n, wrapped);
	ASSERT_LT(0, wl);
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_PRIVATE_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, key_type);
	ASSERT_EQ(0, unwrap(s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0, kek_h,
			    wrapped, wl, &t, &h));
	ASSERT_EQ(0, sign(s, h,
			  key_type == KHSM_KEY_RSA ? KHSM_MECH_SHA256_RSA_PKCS :
						     KHSM_MECH_ECDSA_SHA256,
			  NULL, 0, msg, sizeof(msg), sig, &sl));
	if (key_type == KHSM_KEY_EC) {
		dl = raw_to_der(sig, sl, &dsig);
		EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), 0, 0, msg,
					sizeof(msg), dsig, dl));
		OPENSSL_free(dsig);
	} else {
		EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PADDING,
					0, msg, sizeof(msg), sig, sl));
	}
	/* The same blob is no key of the other type. */
	t.n = 1;
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE,
		   key_type == KHSM_KEY_RSA ? KHSM_KEY_EC : KHSM_KEY_RSA);
	EXPECT_EQ(-EBADMSG, unwrap(s, KHSM_MECH_AES_KEY_WRAP_KWP, NULL, 0,
				   kek_h, wrapped, wl, &t, &h));
	OPENSSL_free(der);
}

TEST_F(wrap, rsa_private_key_round_trips)
{
	__u32 hpub, hpriv;
	EVP_PKEY *pkey = EVP_RSA_gen(2048);

	ASSERT_EQ(0, rsa_pair(self->s, 2048, false, &hpub, &hpriv));
	private_key_out(_metadata, self->s, self->kek, hpub, hpriv, true);
	ASSERT_NE(NULL, pkey);
	private_key_in(_metadata, self->s, self->kek, pkey, KHSM_KEY_RSA);
	EVP_PKEY_free(pkey);
}

TEST_F(wrap, ec_private_key_round_trips)
{
	__u32 hpub, hpriv;
	EVP_PKEY *pkey = EVP_EC_gen("P-256");

	ASSERT_EQ(0,
		  ec_pair(self->s, p256_oid, sizeof(p256_oid), &hpub, &hpriv));
	private_key_out(_metadata, self->s, self->kek, hpub, hpriv, false);
	ASSERT_NE(NULL, pkey);
	private_key_in(_metadata, self->s, self->kek, pkey, KHSM_KEY_EC);
	EVP_PKEY_free(pkey);
}

/*
 * The import format of cloud HSMs: OpenSSL wraps an EC key for the
 * kernel's RSA key with RSA-OAEP(SHA-256) + AES-KWP.
 */
TEST_F(wrap, rsa_aes_key_wrap_import)
{
	static const __u8 msg[] = "imported through RSA-AES";
	struct khsm_rsa_aes_wrap_params p = {
		.aes_key_bits = 256,
		.oaep = { .hash_mech = KHSM_MECH_SHA256,
			  .mgf = KHSM_MGF1_SHA256 },
	};
	EVP_PKEY *ec = EVP_EC_gen("P-256"), *rsa_pub;
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(ec);
	__u8 eph[32], blob[4096], *der = NULL, sig[64], *dsig;
	struct tmpl t = { .n = 0 };
	size_t ol = 256, sl = sizeof(sig);
	__u32 hpub, hpriv, h, aes, copy;
	int n, wl, dl;

	ASSERT_EQ(0, rsa_pair(self->s, 2048, false, &hpub, &hpriv));
	rsa_pub = rsa_public_of(self->s, hpub);
	ASSERT_NE(NULL, rsa_pub);
	n = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
	ASSERT_LT(0, n);
	ASSERT_EQ(1, RAND_bytes(eph, 32));
	ASSERT_TRUE(ossl_encrypt(rsa_pub, RSA_PKCS1_OAEP_PADDING, EVP_sha256(),
				 NULL, eph, 32, blob, &ol));
	ASSERT_EQ(256, ol);
	wl = ossl_kw(true, true, eph, 32, der, n, blob + ol);
	ASSERT_LT(0, wl);

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_PRIVATE_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
	ASSERT_EQ(0, unwrap(self->s, KHSM_MECH_RSA_AES_KEY_WRAP, &p, sizeof(p),
			    hpriv, blob, ol + wl, &t, &h));
	ASSERT_EQ(0, sign(self->s, h, KHSM_MECH_ECDSA_SHA256, NULL, 0, msg,
			  sizeof(msg), sig, &sl));
	dl = raw_to_der(sig, sl, &dsig);
	EXPECT_TRUE(ossl_verify(ec, EVP_sha256(), 0, 0, msg, sizeof(msg), dsig,
				dl));
	OPENSSL_free(dsig);
	/* Tampering anywhere is refused. */
	blob[ol + 3] ^= 1;
	EXPECT_EQ(-EBADMSG, unwrap(self->s, KHSM_MECH_RSA_AES_KEY_WRAP, &p,
				   sizeof(p), hpriv, blob, ol + wl, &t, &h));

	/* The kernel wraps a secret key the same way and gets it back. */
	{
		struct tmpl g = { .n = 0 }, u = { .n = 0 };
		__u8 fp1[16], fp2[16];
		size_t len = sizeof(blob);

		tmpl_ulong(&g, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
		tmpl_ulong(&g, KHSM_ATTR_VALUE_LEN, 32);
		ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &g,
					   &aes));
		ASSERT_EQ(0, wrap(self->s, KHSM_MECH_RSA_AES_KEY_WRAP, &p,
				  sizeof(p), hpub, aes, blob, &len));
		ASSERT_EQ(256 + 40, len);
		tmpl_ulong(&u, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
		tmpl_ulong(&u, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
		ASSERT_EQ(0, unwrap(self->s, KHSM_MECH_RSA_AES_KEY_WRAP, &p,
				    sizeof(p), hpriv, blob, len, &u, &copy));
		ASSERT_EQ(0, fingerprint(self->s, aes, fp1));
		ASSERT_EQ(0, fingerprint(self->s, copy, fp2));
		EXPECT_EQ(0, memcmp(fp1, fp2, 16));

		/* RSA-OAEP alone for a secret key. */
		len = sizeof(blob);
		ASSERT_EQ(0, wrap(self->s, KHSM_MECH_RSA_PKCS_OAEP, &p.oaep,
				  sizeof(p.oaep), hpub, aes, blob, &len));
		ASSERT_EQ(0,
			  unwrap(self->s, KHSM_MECH_RSA_PKCS_OAEP, &p.oaep,
				 sizeof(p.oaep), hpriv, blob, len, &u, &copy));
		ASSERT_EQ(0, fingerprint(self->s, copy, fp2));
		EXPECT_EQ(0, memcmp(fp1, fp2, 16));
	}
	PKCS8_PRIV_KEY_INFO_free(p8);
	OPENSSL_free(der);
	EVP_PKEY_free(rsa_pub);
	EVP_PKEY_free(ec);
}

TEST_HARNESS_MAIN
