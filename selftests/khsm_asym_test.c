// SPDX-License-Identifier: GPL-2.0
/*
 * RSA and EC keys in the kernel: key pairs generated inside and checked by
 * OpenSSL, signatures made in the kernel verified by OpenSSL and the other
 * way round, ciphertexts from OpenSSL decrypted in the kernel, ECDH
 * secrets compared with OpenSSL's, Wycheproof verification and ECDH
 * vectors (read in place), and every error path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_asym_util.h"
#include "kselftest_harness.h"
#include "wycheproof.h"

FIXTURE(asym)
{
	int fd;
	int s;
	unsigned int token;
	__u32 rsa_pub, rsa_priv;
};

FIXTURE_SETUP(asym)
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

FIXTURE_TEARDOWN(asym)
{
	close(self->s);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

TEST_F(asym, rsa_signatures_verify_with_openssl)
{
	static const __u8 msg[] = "signed inside the kernel";
	struct khsm_pss_params pss = { KHSM_MECH_SHA256, KHSM_MGF1_SHA256, 32 };
	struct khsm_pss_params pss384 = { KHSM_MECH_SHA384, KHSM_MGF1_SHA384,
					  48 };
	EVP_PKEY *pkey = rsa_public_of(self->s, self->rsa_pub);
	__u8 sig[512], digest[32], info[51];
	size_t len;

	ASSERT_NE(NULL, pkey);

	len = sizeof(sig);
	ASSERT_EQ(0, sign(self->s, self->rsa_priv, KHSM_MECH_SHA256_RSA_PKCS,
			  NULL, 0, msg, sizeof(msg), sig, &len));
	ASSERT_EQ(256, len);
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PADDING, 0, msg,
				sizeof(msg), sig, len));
	EXPECT_EQ(0, verify(self->s, self->rsa_pub, KHSM_MECH_SHA256_RSA_PKCS,
			    NULL, 0, msg, sizeof(msg), sig, len));
	sig[10] ^= 1;
	EXPECT_EQ(-EBADMSG,
		  verify(self->s, self->rsa_pub, KHSM_MECH_SHA256_RSA_PKCS,
			 NULL, 0, msg, sizeof(msg), sig, len));

	len = sizeof(sig);
	ASSERT_EQ(0, sign(self->s, self->rsa_priv, KHSM_MECH_SHA384_RSA_PKCS,
			  NULL, 0, msg, sizeof(msg), sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha384(), RSA_PKCS1_PADDING, 0, msg,
				sizeof(msg), sig, len));
	len = sizeof(sig);
	ASSERT_EQ(0, sign(self->s, self->rsa_priv, KHSM_MECH_SHA512_RSA_PKCS,
			  NULL, 0, msg, sizeof(msg), sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha512(), RSA_PKCS1_PADDING, 0, msg,
				sizeof(msg), sig, len));

	/* CKM_RSA_PKCS over a DigestInfo made by the caller. */
	SHA256(msg, sizeof(msg), digest);
	memcpy(info,
	       "\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02"
	       "\x01\x05\x00\x04\x20",
	       19);
	memcpy(info + 19, digest, 32);
	len = sizeof(sig);
	ASSERT_EQ(0, sign(self->s, self->rsa_priv, KHSM_MECH_RSA_PKCS, NULL, 0,
			  info, sizeof(info), sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PADDING, 0, msg,
				sizeof(msg), sig, len));

	len = sizeof(sig);
	ASSERT_EQ(0,
		  sign(self->s, self->rsa_priv, KHSM_MECH_SHA256_RSA_PKCS_PSS,
		       &pss, sizeof(pss), msg, sizeof(msg), sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PSS_PADDING, 32,
				msg, sizeof(msg), sig, len));
	EXPECT_EQ(0,
		  verify(self->s, self->rsa_pub, KHSM_MECH_SHA256_RSA_PKCS_PSS,
			 &pss, sizeof(pss), msg, sizeof(msg), sig, len));

	len = sizeof(sig);
	ASSERT_EQ(0, sign(self->s, self->rsa_priv, KHSM_MECH_RSA_PKCS_PSS, &pss,
			  sizeof(pss), digest, 32, sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PSS_PADDING, 32,
				msg, sizeof(msg), sig, len));

	len = sizeof(sig);
	ASSERT_EQ(0,
		  sign(self->s, self->rsa_priv, KHSM_MECH_SHA384_RSA_PKCS_PSS,
		       &pss384, sizeof(pss384), msg, sizeof(msg), sig, &len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha384(), RSA_PKCS1_PSS_PADDING, 48,
				msg, sizeof(msg), sig, len));
	EVP_PKEY_free(pkey);
}

TEST_F(asym, rsa_decrypts_openssl_ciphertexts)
{
	static const __u8 pt[] = "a secret for the kernel's key";
	struct khsm_oaep_params sha1 = { .hash_mech = KHSM_MECH_SHA_1,
					 .mgf = KHSM_MGF1_SHA1 };
	struct khsm_oaep_params sha256 = { .hash_mech = KHSM_MECH_SHA256,
					   .mgf = KHSM_MGF1_SHA256,
					   .source = 1 };
	EVP_PKEY *pkey = rsa_public_of(self->s, self->rsa_pub);
	__u8 ct[256], out[256];
	size_t ct_len, len;

	ASSERT_NE(NULL, pkey);

	ct_len = sizeof(ct);
	ASSERT_TRUE(ossl_encrypt(pkey, RSA_PKCS1_OAEP_PADDING, EVP_sha1(), NULL,
				 pt, sizeof(pt), ct, &ct_len));
	len = sizeof(out);
	ASSERT_EQ(0, rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
			       KHSM_MECH_RSA_PKCS_OAEP, &sha1, sizeof(sha1),
			       NULL, 0, ct, ct_len, out, &len));
	ASSERT_EQ(sizeof(pt), len);
	EXPECT_EQ(0, memcmp(pt, out, len));
	ct[5] ^= 0x40;
	len = sizeof(out);
	EXPECT_EQ(-EBADMSG,
		  rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
			    KHSM_MECH_RSA_PKCS_OAEP, &sha1, sizeof(sha1), NULL,
			    0, ct, ct_len, out, &len));

	ct_len = sizeof(ct);
	ASSERT_TRUE(ossl_encrypt(pkey, RSA_PKCS1_OAEP_PADDING, EVP_sha256(),
				 "label", pt, sizeof(pt), ct, &ct_len));
	len = sizeof(out);
	ASSERT_EQ(0, rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
			       KHSM_MECH_RSA_PKCS_OAEP, &sha256, sizeof(sha256),
			       "label", 5, ct, ct_len, out, &len));
	ASSERT_EQ(sizeof(pt), len);
	EXPECT_EQ(0, memcmp(pt, out, len));
	/* The wrong label is the same single error. */
	len = sizeof(out);
	EXPECT_EQ(-EBADMSG,
		  rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
			    KHSM_MECH_RSA_PKCS_OAEP, &sha256, sizeof(sha256),
			    "lab3l", 5, ct, ct_len, out, &len));

	ct_len = sizeof(ct);
	ASSERT_TRUE(ossl_encrypt(pkey, RSA_PKCS1_PADDING, NULL, NULL, pt,
				 sizeof(pt), ct, &ct_len));
	len = sizeof(out);
	ASSERT_EQ(0, rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
			       KHSM_MECH_RSA_PKCS, NULL, 0, NULL, 0, ct, ct_len,
			       out, &len));
	ASSERT_EQ(sizeof(pt), len);
	EXPECT_EQ(0, memcmp(pt, out, len));

	/* The kernel's own encryption round-trips, with two-call sizing. */
	len = 0;
	ASSERT_EQ(0, rsa_crypt(self->s, self->rsa_pub, KHSM_OP_ENCRYPT,
			       KHSM_MECH_RSA_PKCS_OAEP, &sha1, sizeof(sha1),
			       NULL, 0, pt, sizeof(pt), NULL, &len));
	ASSERT_EQ(256, len);
	ct_len = 10;
	ASSERT_EQ(-ENOSPC,
		  rsa_crypt(self->s, self->rsa_pub, KHSM_OP_ENCRYPT,
			    KHSM_MECH_RSA_PKCS_OAEP, &sha1, sizeof(sha1), NULL,
			    0, pt, sizeof(pt), ct, &ct_len));
	ASSERT_EQ(256, ct_len);
	ASSERT_EQ(0, rsa_crypt(self->s, self->rsa_pub, KHSM_OP_ENCRYPT,
			       KHSM_MECH_RSA_PKCS_OAEP, &sha1, sizeof(sha1),
			       NULL, 0, pt, sizeof(pt), ct, &ct_len));
	len = sizeof(out);
	ASSERT_EQ(0, rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
			       KHSM_MECH_RSA_PKCS_OAEP, &sha1, sizeof(sha1),
			       NULL, 0, ct, ct_len, out, &len));
	EXPECT_EQ(0, memcmp(pt, out, sizeof(pt)));
	EVP_PKEY_free(pkey);
}

/* Every generated key's private parts pass OpenSSL's key check. */
TEST_F(asym, generated_rsa_key_passes_openssl_check)
{
	static const __u64 types[] = {
		KHSM_ATTR_PRIVATE_EXPONENT, KHSM_ATTR_PRIME_1,
		KHSM_ATTR_PRIME_2,	    KHSM_ATTR_EXPONENT_1,
		KHSM_ATTR_EXPONENT_2,	    KHSM_ATTR_COEFFICIENT
	};
	__u8 n[512], e[8], v[512];
	BIGNUM *parts[6];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pkey;
	__u32 hpub, hpriv;
	long nlen, elen, len;
	unsigned int i;
	__u32 result;
	struct tmpl t = { .n = 0 };

	ASSERT_EQ(0, rsa_pair(self->s, 2048, true, &hpub, &hpriv));
	nlen = get_attr(self->s, hpriv, KHSM_ATTR_MODULUS, n, sizeof(n));
	elen = get_attr(self->s, hpriv, KHSM_ATTR_PUBLIC_EXPONENT, e,
			sizeof(e));
	ASSERT_EQ(256, nlen);
	ASSERT_EQ(3, elen);
	for (i = 0; i < 6; i++) {
		len = get_attr(self->s, hpriv, types[i], v, sizeof(v));
		ASSERT_LT(0, len);
		parts[i] = BN_bin2bn(v, len, NULL);
	}
	pkey = ossl_rsa(n, nlen, e, elen, parts);
	ASSERT_NE(NULL, pkey);
	ctx = EVP_PKEY_CTX_new(pkey, NULL);
	EXPECT_EQ(1, EVP_PKEY_check(ctx));
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	for (i = 0; i < 6; i++)
		BN_free(parts[i]);

	/* The default pair keeps its private parts to itself. */
	tmpl_bytes(&t, KHSM_ATTR_PRIVATE_EXPONENT, v, sizeof(v));
	EXPECT_EQ(0, khsm_get_attrs(self->s, self->rsa_priv, &t, &result));
	EXPECT_EQ(KHSM_GET_SENSITIVE, result);
	EXPECT_EQ(1, khsm_get_bool(self->s, self->rsa_priv, KHSM_ATTR_LOCAL));
	EXPECT_EQ(1, khsm_get_bool(self->s, self->rsa_priv,
				   KHSM_ATTR_ALWAYS_SENSITIVE));
}

TEST_F(asym, rsa_3072_key_pair)
{
	static const __u8 msg[] = "three thousand and seventy-two";
	__u8 sig[384];
	size_t len = sizeof(sig);
	EVP_PKEY *pkey;
	__u32 hpub, hpriv;

	ASSERT_EQ(0, rsa_pair(self->s, 3072, false, &hpub, &hpriv));
	pkey = rsa_public_of(self->s, hpub);
	ASSERT_NE(NULL, pkey);
	ASSERT_EQ(0, sign(self->s, hpriv, KHSM_MECH_SHA384_RSA_PKCS, NULL, 0,
			  msg, sizeof(msg), sig, &len));
	ASSERT_EQ(384, len);
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha384(), RSA_PKCS1_PADDING, 0, msg,
				sizeof(msg), sig, len));
	EVP_PKEY_free(pkey);
}

/* A key OpenSSL made, imported: each side verifies the other. */
TEST_F(asym, rsa_imported_key_interoperates)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	static const __u64 types[] = {
		KHSM_ATTR_MODULUS,	    KHSM_ATTR_PUBLIC_EXPONENT,
		KHSM_ATTR_PRIVATE_EXPONENT, KHSM_ATTR_PRIME_1,
		KHSM_ATTR_PRIME_2,	    KHSM_ATTR_EXPONENT_1,
		KHSM_ATTR_EXPONENT_2,	    KHSM_ATTR_COEFFICIENT
	};
	static const __u8 msg[] = "imported";
	EVP_PKEY *pkey = EVP_RSA_gen(2048);
	struct tmpl priv = { .n = 0 }, pub = { .n = 0 };
	__u8 val[8][256], sig[256];
	size_t len, sig_len;
	EVP_MD_CTX *mctx;
	__u32 hpriv, hpub;
	unsigned int i;
	int lens[8];

	ASSERT_NE(NULL, pkey);
	tmpl_ulong(&priv, KHSM_ATTR_CLASS, KHSM_CLASS_PRIVATE_KEY);
	tmpl_ulong(&priv, KHSM_ATTR_KEY_TYPE, KHSM_KEY_RSA);
	tmpl_ulong(&pub, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
	tmpl_ulong(&pub, KHSM_ATTR_KEY_TYPE, KHSM_KEY_RSA);
	for (i = 0; i < 8; i++) {
		BIGNUM *bn = NULL;

		ASSERT_EQ(1, EVP_PKEY_get_bn_param(pkey, names[i], &bn));
		lens[i] = BN_bn2bin(bn, val[i]);
		BN_free(bn);
		tmpl_bytes(&priv, types[i], val[i], lens[i]);
		if (i < 2)
			tmpl_bytes(&pub, types[i], val[i], lens[i]);
	}
	ASSERT_EQ(0, khsm_create(self->s, &priv, &hpriv));
	ASSERT_EQ(0, khsm_create(self->s, &pub, &hpub));

	sig_len = sizeof(sig);
	ASSERT_EQ(0, sign(self->s, hpriv, KHSM_MECH_SHA256_RSA_PKCS, NULL, 0,
			  msg, sizeof(msg), sig, &sig_len));
	EXPECT_TRUE(ossl_verify(pkey, EVP_sha256(), RSA_PKCS1_PADDING, 0, msg,
				sizeof(msg), sig, sig_len));

	mctx = EVP_MD_CTX_new();
	len = sizeof(sig);
	ASSERT_EQ(1, EVP_DigestSignInit(mctx, NULL, EVP_sha512(), NULL, pkey));
	ASSERT_EQ(1, EVP_DigestSign(mctx, sig, &len, msg, sizeof(msg)));
	EVP_MD_CTX_free(mctx);
	EXPECT_EQ(0, verify(self->s, hpub, KHSM_MECH_SHA512_RSA_PKCS, NULL, 0,
			    msg, sizeof(msg), sig, len));

	/* A wrong CRT coefficient is refused at import, not at use. */
	val[7][lens[7] - 1] ^= 1;
	EXPECT_EQ(-EDOM, khsm_create(self->s, &priv, &hpriv));
	val[7][lens[7] - 1] ^= 1;
	/* Without the CRT parts the template is incomplete. */
	priv.n -= 5;
	EXPECT_EQ(-ENODATA, khsm_create(self->s, &priv, &hpriv));
	EVP_PKEY_free(pkey);
}

static void ec_sign_verify(struct __test_metadata *_metadata, int s,
			   const __u8 *oid, size_t oid_len, const char *group,
			   const EVP_MD *md, __u64 mech, size_t n)
{
	static const __u8 msg[] = "elliptic";
	__u8 pt[97], sig[96], *der;
	unsigned char digest[64];
	unsigned int dlen;
	EVP_MD_CTX *mctx;
	EVP_PKEY *pkey;
	size_t len = sizeof(sig);
	__u32 hpub, hpriv;
	long plen;
	int der_len;

	ASSERT_EQ(0, ec_pair(s, oid, oid_len, &hpub, &hpriv));
	plen = ec_point_of(s, hpub, pt);
	ASSERT_EQ(2 * n + 1, plen);
	pkey = ossl_ec_pub(group, pt, plen);
	ASSERT_NE(NULL, pkey);

	ASSERT_EQ(0,
		  sign(s, hpriv, mech, NULL, 0, msg, sizeof(msg), sig, &len));
	ASSERT_EQ(2 * n, len);
	der_len = raw_to_der(sig, len, &der);
	EXPECT_TRUE(
		ossl_verify(pkey, md, 0, 0, msg, sizeof(msg), der, der_len));
	OPENSSL_free(der);
	EXPECT_EQ(0,
		  verify(s, hpub, mech, NULL, 0, msg, sizeof(msg), sig, len));
	sig[3] ^= 1;
	EXPECT_EQ(-EBADMSG,
		  verify(s, hpub, mech, NULL, 0, msg, sizeof(msg), sig, len));
	EXPECT_EQ(-EOVERFLOW, verify(s, hpub, mech, NULL, 0, msg, sizeof(msg),
				     sig, len - 1));

	/* CKM_ECDSA signs a digest the caller made. */
	EVP_Digest(msg, sizeof(msg), digest, &dlen, md, NULL);
	len = sizeof(sig);
	ASSERT_EQ(0, sign(s, hpriv, KHSM_MECH_ECDSA, NULL, 0, digest, dlen, sig,
			  &len));
	der_len = raw_to_der(sig, len, &der);
	EXPECT_TRUE(
		ossl_verify(pkey, md, 0, 0, msg, sizeof(msg), der, der_len));
	OPENSSL_free(der);

	/* OpenSSL signs, the kernel verifies. */
	EVP_PKEY_free(pkey);
	pkey = EVP_EC_gen(group);
	ASSERT_NE(NULL, pkey);
	{
		__u8 opt[133], der_pt[140], *osig = NULL;
		size_t olen = 0, sl;
		struct tmpl t = { .n = 0 };
		const unsigned char *p;
		ECDSA_SIG *es;
		__u32 h;

		ASSERT_EQ(1, EVP_PKEY_get_octet_string_param(
				     pkey, OSSL_PKEY_PARAM_PUB_KEY, opt,
				     sizeof(opt), &olen));
		der_pt[0] = 0x04;
		der_pt[1] = olen;
		memcpy(der_pt + 2, opt, olen);
		tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
		tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
		tmpl_bytes(&t, KHSM_ATTR_EC_PARAMS, oid, oid_len);
		tmpl_bytes(&t, KHSM_ATTR_EC_POINT, der_pt, olen + 2);
		ASSERT_EQ(0, khsm_create(s, &t, &h));

		mctx = EVP_MD_CTX_new();
		ASSERT_EQ(1, EVP_DigestSignInit(mctx, NULL, md, NULL, pkey));
		ASSERT_EQ(1, EVP_DigestSign(mctx, NULL, &sl, msg, sizeof(msg)));
		osig = malloc(sl);
		ASSERT_EQ(1, EVP_DigestSign(mctx, osig, &sl, msg, sizeof(msg)));
		EVP_MD_CTX_free(mctx);
		p = osig;
		es = d2i_ECDSA_SIG(NULL, &p, sl);
		ASSERT_NE(NULL, es);
		memset(sig, 0, sizeof(sig));
		BN_bn2binpad(ECDSA_SIG_get0_r(es), sig, n);
		BN_bn2binpad(ECDSA_SIG_get0_s(es), sig + n, n);
		ECDSA_SIG_free(es);
		free(osig);
		EXPECT_EQ(0, verify(s, h, mech, NULL, 0, msg, sizeof(msg), sig,
				    2 * n));
	}
	EVP_PKEY_free(pkey);
}

TEST_F(asym, ecdsa_p256_interoperates)
{
	ec_sign_verify(_metadata, self->s, p256_oid, sizeof(p256_oid), "P-256",
		       EVP_sha256(), KHSM_MECH_ECDSA_SHA256, 32);
}

TEST_F(asym, ecdsa_p384_interoperates)
{
	ec_sign_verify(_metadata, self->s, p384_oid, sizeof(p384_oid), "P-384",
		       EVP_sha384(), KHSM_MECH_ECDSA_SHA384, 48);
}

/* Derive a readable secret from @hpriv and a peer point. */
static int derive(int s, __u32 hpriv, __u64 kdf, const void *info,
		  size_t info_len, const __u8 *peer, size_t peer_len,
		  __u64 key_type, __u64 value_len, __u32 *h)
{
	struct khsm_ecdh1_params p = {
		.kdf = kdf,
		.shared_data_len = info_len,
		.shared_data = (__u64)(unsigned long)info,
		.public_data_len = peer_len,
		.public_data = (__u64)(unsigned long)peer,
	};
	struct tmpl t = { .n = 0 };
	struct khsm_derive_key r = {
		.size = sizeof(r),
		.mech = KHSM_MECH_ECDH1_DERIVE,
		.base_key = hpriv,
		.param = (__u64)(unsigned long)&p,
		.param_len = sizeof(p),
	};
	int ret;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, key_type);
	if (value_len)
		tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, value_len);
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 0);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 1);
	r.attrs = (__u64)(unsigned long)t.a;
	r.count = t.n;
	ret = khsm_ioctl(s, KHSM_IOC_DERIVE_KEY, &r);
	*h = r.handle;
	return ret;
}

TEST_F(asym, ecdh_matches_openssl)
{
	EVP_PKEY *peer = EVP_EC_gen("P-256"), *mine;
	__u8 pt[65], ppt[65], z[32], want[32], value[64];
	size_t zlen = sizeof(want), plen;
	EVP_PKEY_CTX *ctx;
	__u32 hpub, hpriv, h;

	ASSERT_NE(NULL, peer);
	ASSERT_EQ(0,
		  ec_pair(self->s, p256_oid, sizeof(p256_oid), &hpub, &hpriv));
	ASSERT_EQ(65, ec_point_of(self->s, hpub, pt));
	mine = ossl_ec_pub("P-256", pt, 65);
	ASSERT_NE(NULL, mine);
	ctx = EVP_PKEY_CTX_new(peer, NULL);
	ASSERT_EQ(1, EVP_PKEY_derive_init(ctx));
	ASSERT_EQ(1, EVP_PKEY_derive_set_peer(ctx, mine));
	ASSERT_EQ(1, EVP_PKEY_derive(ctx, want, &zlen));
	EVP_PKEY_CTX_free(ctx);
	ASSERT_EQ(1,
		  EVP_PKEY_get_octet_string_param(peer, OSSL_PKEY_PARAM_PUB_KEY,
						  ppt, sizeof(ppt), &plen));

	ASSERT_EQ(0, derive(self->s, hpriv, KHSM_KDF_NULL, NULL, 0, ppt, plen,
			    KHSM_KEY_GENERIC_SECRET, 0, &h));
	ASSERT_EQ(32, get_attr(self->s, h, KHSM_ATTR_VALUE, z, sizeof(z)));
	EXPECT_EQ(0, memcmp(z, want, 32));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_LOCAL));

	/* X9.63 KDF with SHA-256 and shared info, as OpenSSL computes it. */
	{
		static const char info[] = "khsm shared info";
		__u8 kdf_out[40];
		EVP_KDF *kdf = EVP_KDF_fetch(NULL, "X963KDF", NULL);
		EVP_KDF_CTX *kctx = EVP_KDF_CTX_new(kdf);
		OSSL_PARAM params[] = {
			OSSL_PARAM_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256",
					       0),
			OSSL_PARAM_octet_string(OSSL_KDF_PARAM_KEY, want, 32),
			OSSL_PARAM_octet_string(OSSL_KDF_PARAM_INFO,
						(void *)info, strlen(info)),
			OSSL_PARAM_END,
		};

		ASSERT_EQ(1, EVP_KDF_derive(kctx, kdf_out, sizeof(kdf_out),
					    params));
		EVP_KDF_CTX_free(kctx);
		EVP_KDF_free(kdf);
		ASSERT_EQ(0, derive(self->s, hpriv, KHSM_KDF_SHA256, info,
				    strlen(info), ppt, plen,
				    KHSM_KEY_GENERIC_SECRET, 40, &h));
		ASSERT_EQ(40, get_attr(self->s, h, KHSM_ATTR_VALUE, value,
				       sizeof(value)));
		EXPECT_EQ(0, memcmp(value, kdf_out, 40));
	}

	/* An AES key from ECDH needs its length; a bad point is refused. */
	EXPECT_EQ(-ENODATA, derive(self->s, hpriv, KHSM_KDF_NULL, NULL, 0, ppt,
				   plen, KHSM_KEY_AES, 0, &h));
	EXPECT_EQ(0, derive(self->s, hpriv, KHSM_KDF_NULL, NULL, 0, ppt, plen,
			    KHSM_KEY_AES, 16, &h));
	ppt[40] ^= 1;
	EXPECT_EQ(-EBADR, derive(self->s, hpriv, KHSM_KDF_NULL, NULL, 0, ppt,
				 plen, KHSM_KEY_GENERIC_SECRET, 0, &h));
	EXPECT_EQ(-ENOEXEC, derive(self->s, hpub, KHSM_KDF_NULL, NULL, 0, pt,
				   65, KHSM_KEY_GENERIC_SECRET, 0, &h));
	EVP_PKEY_free(mine);
	EVP_PKEY_free(peer);
}

TEST_F(asym, key_pair_template_errors)
{
	struct tmpl pub = { .n = 0 }, priv = { .n = 0 };
	static const __u8 e3[] = { 3 },
			  bad_oid[] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
	__u32 hpub, hpriv;

	tmpl_ulong(&pub, KHSM_ATTR_MODULUS_BITS, 1024);
	EXPECT_EQ(-ERANGE, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN,
				   &pub, &priv, &hpub, &hpriv));
	pub.n = 0;
	EXPECT_EQ(-ENODATA, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN,
				    &pub, &priv, &hpub, &hpriv));
	tmpl_ulong(&pub, KHSM_ATTR_MODULUS_BITS, 2048);
	tmpl_bytes(&pub, KHSM_ATTR_PUBLIC_EXPONENT, e3, 1);
	EXPECT_EQ(-EDOM, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, &pub,
				 &priv, &hpub, &hpriv));
	pub.n = 1;
	tmpl_bytes(&pub, KHSM_ATTR_MODULUS, f4, 3);
	EXPECT_EQ(-EILSEQ, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN,
				   &pub, &priv, &hpub, &hpriv));
	pub.n = 1;
	tmpl_ulong(&priv, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
	EXPECT_EQ(-EILSEQ, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN,
				   &pub, &priv, &hpub, &hpriv));
	priv.n = 0;
	tmpl_ulong(&priv, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
	EXPECT_EQ(-EILSEQ, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN,
				   &pub, &priv, &hpub, &hpriv));

	pub.n = 0;
	priv.n = 0;
	tmpl_bytes(&pub, KHSM_ATTR_EC_PARAMS, bad_oid, sizeof(bad_oid));
	EXPECT_EQ(-EDOM, keypair(self->s, KHSM_MECH_EC_KEY_PAIR_GEN, &pub,
				 &priv, &hpub, &hpriv));
	EXPECT_EQ(-EOPNOTSUPP, keypair(self->s, KHSM_MECH_AES_KEY_GEN, &pub,
				       &priv, &hpub, &hpriv));
	/* A token key pair in a read-only session. */
	{
		int ro = khsm_session(self->token, 0);

		ASSERT_LE(0, ro);
		pub.n = 0;
		tmpl_bytes(&pub, KHSM_ATTR_EC_PARAMS, p256_oid,
			   sizeof(p256_oid));
		tmpl_bool(&pub, KHSM_ATTR_TOKEN, 1);
		EXPECT_EQ(-EROFS, keypair(ro, KHSM_MECH_EC_KEY_PAIR_GEN, &pub,
					  &priv, &hpub, &hpriv));
		close(ro);
	}
}

TEST_F(asym, operation_errors)
{
	static const __u8 msg[] = "m";
	struct khsm_pss_params pss = { KHSM_MECH_SHA384, KHSM_MGF1_SHA256, 32 };
	__u8 sig[256], big[300] = { 0 };
	size_t len = sizeof(sig);
	struct tmpl t = { .n = 0 };
	__u32 hpub, hpriv;

	/* The public half does not sign; the private half does not verify. */
	EXPECT_EQ(-ENOEXEC,
		  sign(self->s, self->rsa_pub, KHSM_MECH_SHA256_RSA_PKCS, NULL,
		       0, msg, 1, sig, &len));
	EXPECT_EQ(-ENOEXEC,
		  verify(self->s, self->rsa_priv, KHSM_MECH_SHA256_RSA_PKCS,
			 NULL, 0, msg, 1, sig, 256));
	/* An RSA key with an EC mechanism. */
	len = sizeof(sig);
	EXPECT_EQ(-ENOEXEC,
		  sign(self->s, self->rsa_priv, KHSM_MECH_ECDSA_SHA256, NULL, 0,
		       msg, 1, sig, &len));
	/* PSS with a parameter naming another hash than the mechanism. */
	len = sizeof(sig);
	EXPECT_EQ(-EBADR,
		  sign(self->s, self->rsa_priv, KHSM_MECH_SHA256_RSA_PKCS_PSS,
		       &pss, sizeof(pss), msg, 1, sig, &len));
	len = sizeof(sig);
	EXPECT_EQ(-EBADR,
		  sign(self->s, self->rsa_priv, KHSM_MECH_SHA256_RSA_PKCS_PSS,
		       &pss, 8, msg, 1, sig, &len));
	/* Raw PKCS #1 input longer than k - 11. */
	len = sizeof(sig);
	EXPECT_EQ(-EMSGSIZE, sign(self->s, self->rsa_priv, KHSM_MECH_RSA_PKCS,
				  NULL, 0, big, 246, sig, &len));
	/* A signature of the wrong length, a ciphertext of the wrong length. */
	EXPECT_EQ(-EOVERFLOW,
		  verify(self->s, self->rsa_pub, KHSM_MECH_SHA256_RSA_PKCS,
			 NULL, 0, msg, 1, sig, 255));
	len = sizeof(sig);
	EXPECT_EQ(-EMSGSIZE, rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
				       KHSM_MECH_RSA_PKCS, NULL, 0, NULL, 0,
				       big, 255, sig, &len));
	/* Raw RSA input not below the modulus. */
	memset(big, 0xff, 256);
	len = sizeof(sig);
	EXPECT_EQ(-EMSGSIZE, rsa_crypt(self->s, self->rsa_priv, KHSM_OP_DECRYPT,
				       KHSM_MECH_RSA_X_509, NULL, 0, NULL, 0,
				       big, 256, sig, &len));

	/* Usage flags: a pair whose private key may not sign. */
	tmpl_bytes(&t, KHSM_ATTR_EC_PARAMS, p256_oid, sizeof(p256_oid));
	{
		struct tmpl priv = { .n = 0 };

		tmpl_bool(&priv, KHSM_ATTR_SIGN, 0);
		ASSERT_EQ(0, keypair(self->s, KHSM_MECH_EC_KEY_PAIR_GEN, &t,
				     &priv, &hpub, &hpriv));
	}
	len = sizeof(sig);
	EXPECT_EQ(-EPERM, sign(self->s, hpriv, KHSM_MECH_ECDSA_SHA256, NULL, 0,
			       msg, 1, sig, &len));
	/* Mechanism parameters are refused where there are none. */
	len = sizeof(sig);
	EXPECT_EQ(-EBADR,
		  sign(self->s, self->rsa_priv, KHSM_MECH_SHA256_RSA_PKCS, &pss,
		       sizeof(pss), msg, 1, sig, &len));
}

/* Imported EC keys: bad points and bad scalars never become objects. */
TEST_F(asym, ec_import_validation)
{
	__u8 point[67] = { 0x04, 65, 0x04 }, scalar[32];
	struct tmpl t = { .n = 0 };
	__u32 h;

	memset(point + 3, 0x11, 64);
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
	tmpl_bytes(&t, KHSM_ATTR_EC_PARAMS, p256_oid, sizeof(p256_oid));
	tmpl_bytes(&t, KHSM_ATTR_EC_POINT, point, sizeof(point));
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));
	t.n = 3;
	EXPECT_EQ(-ENODATA, khsm_create(self->s, &t, &h));

	t.n = 0;
	memset(scalar, 0xff, sizeof(scalar)); /* above the group order */
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_PRIVATE_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
	tmpl_bytes(&t, KHSM_ATTR_EC_PARAMS, p256_oid, sizeof(p256_oid));
	tmpl_bytes(&t, KHSM_ATTR_VALUE, scalar, sizeof(scalar));
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));
	memset(scalar, 0, sizeof(scalar));
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));
	scalar[31] = 7;
	EXPECT_EQ(0, khsm_create(self->s, &t, &h));
}

/* A Wycheproof EC public key as a kernel object. */
static int wp_ec_pub(int s, json_t *g, const __u8 *oid, size_t oid_len,
		     __u32 *h)
{
	json_t *pk = json_object_get(g, "publicKey");
	__u8 *pt, der[110];
	long len = wp_hex_field(pk, "uncompressed", &pt);
	struct tmpl t = { .n = 0 };
	int ret;

	if (len <= 0 || len > 97)
		return -1;
	der[0] = 0x04;
	der[1] = len;
	memcpy(der + 2, pt, len);
	free(pt);
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
	tmpl_bytes(&t, KHSM_ATTR_EC_PARAMS, oid, oid_len);
	tmpl_bytes(&t, KHSM_ATTR_EC_POINT, der, len + 2);
	ret = khsm_create(s, &t, h);
	return ret;
}

static void wycheproof_ecdsa(struct __test_metadata *_metadata, int s,
			     const char *file, const __u8 *oid, size_t oid_len,
			     __u64 mech)
{
	json_t *root = wp_load(file), *groups, *g, *tests, *t;
	size_t gi, ti;
	int cases = 0, wrong = 0;

	ASSERT_NE(NULL, root);
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g)
	{
		__u32 h;

		if (wp_ec_pub(s, g, oid, oid_len, &h))
			continue;
		tests = json_object_get(g, "tests");
		json_array_foreach(tests, ti, t)
		{
			__u8 *msg, *sig;
			long ml = wp_hex_field(t, "msg", &msg);
			long sl = wp_hex_field(t, "sig", &sig);
			int ret = verify(s, h, mech, NULL, 0, msg, ml, sig, sl);
			int valid = wp_result(t) == 1;

			if (valid ? ret != 0 : ret == 0) {
				wrong++;
				TH_LOG("%s tc %lld: got %d", file,
				       json_integer_value(
					       json_object_get(t, "tcId")),
				       ret);
			}
			cases++;
			free(msg);
			free(sig);
		}
		khsm_destroy(s, h);
	}
	json_decref(root);
	TH_LOG("%s: %d cases", file, cases);
	EXPECT_LT(200, cases);
	EXPECT_EQ(0, wrong);
}

TEST_F(asym, wycheproof_ecdsa_verify)
{
	wycheproof_ecdsa(_metadata, self->s,
			 "ecdsa_secp256r1_sha256_p1363_test.json", p256_oid,
			 sizeof(p256_oid), KHSM_MECH_ECDSA_SHA256);
	wycheproof_ecdsa(_metadata, self->s,
			 "ecdsa_secp384r1_sha384_p1363_test.json", p384_oid,
			 sizeof(p384_oid), KHSM_MECH_ECDSA_SHA384);
}

TEST_F(asym, wycheproof_rsa_pkcs1_verify)
{
	json_t *root = wp_load("rsa_signature_2048_sha256_test.json");
	json_t *groups, *g, *tests, *t;
	size_t gi, ti;
	int cases = 0, wrong = 0;

	ASSERT_NE(NULL, root);
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g)
	{
		json_t *pk = json_object_get(g, "publicKey");
		struct tmpl k = { .n = 0 };
		__u8 *n, *e;
		long nl = wp_hex_field(pk, "modulus", &n);
		long el = wp_hex_field(pk, "publicExponent", &e);
		__u32 h;

		tmpl_ulong(&k, KHSM_ATTR_CLASS, KHSM_CLASS_PUBLIC_KEY);
		tmpl_ulong(&k, KHSM_ATTR_KEY_TYPE, KHSM_KEY_RSA);
		tmpl_bytes(&k, KHSM_ATTR_MODULUS, n, nl);
		tmpl_bytes(&k, KHSM_ATTR_PUBLIC_EXPONENT, e, el);
		ASSERT_EQ(0, khsm_create(self->s, &k, &h));
		free(n);
		free(e);
		tests = json_object_get(g, "tests");
		json_array_foreach(tests, ti, t)
		{
			__u8 *msg, *sig;
			long ml = wp_hex_field(t, "msg", &msg);
			long sl = wp_hex_field(t, "sig", &sig);
			int ret = verify(self->s, h, KHSM_MECH_SHA256_RSA_PKCS,
					 NULL, 0, msg, ml, sig, sl);
			int valid = wp_result(t) == 1;

			if (valid ? ret != 0 : ret == 0) {
				wrong++;
				TH_LOG("tc %lld: got %d",
				       json_integer_value(
					       json_object_get(t, "tcId")),
				       ret);
			}
			cases++;
			free(msg);
			free(sig);
		}
		khsm_destroy(self->s, h);
	}
	json_decref(root);
	EXPECT_LT(200, cases);
	EXPECT_EQ(0, wrong);
}

TEST_F(asym, wycheproof_ecdh)
{
	json_t *root = wp_load("ecdh_secp256r1_ecpoint_test.json");
	json_t *groups, *g, *tests, *t;
	size_t gi, ti;
	int cases = 0, wrong = 0;

	ASSERT_NE(NULL, root);
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, gi, g)
	{
		tests = json_object_get(g, "tests");
		json_array_foreach(tests, ti, t)
		{
			__u8 *pub, *priv, *shared, value[32];
			long pl = wp_hex_field(t, "public", &pub);
			long kl = wp_hex_field(t, "private", &priv);
			long sl = wp_hex_field(t, "shared", &shared);
			struct tmpl k = { .n = 0 };
			int result = wp_result(t), ok;
			__u8 *d = priv;
			__u32 hk, h;

			/* Wycheproof pads scalars with a sign byte. */
			while (kl > 32 && !*d) {
				d++;
				kl--;
			}
			tmpl_ulong(&k, KHSM_ATTR_CLASS, KHSM_CLASS_PRIVATE_KEY);
			tmpl_ulong(&k, KHSM_ATTR_KEY_TYPE, KHSM_KEY_EC);
			tmpl_bytes(&k, KHSM_ATTR_EC_PARAMS, p256_oid,
				   sizeof(p256_oid));
			tmpl_bytes(&k, KHSM_ATTR_VALUE, d, kl);
			tmpl_bool(&k, KHSM_ATTR_DERIVE, 1);
			ASSERT_EQ(0, khsm_create(self->s, &k, &hk));
			ok = derive(self->s, hk, KHSM_KDF_NULL, NULL, 0, pub,
				    pl, KHSM_KEY_GENERIC_SECRET, 0, &h) == 0;
			if (ok)
				ok = get_attr(self->s, h, KHSM_ATTR_VALUE,
					      value, sizeof(value)) == sl &&
				     !memcmp(value, shared, sl);
			if (ok)
				khsm_destroy(self->s, h);
			/* "acceptable" cases (compressed points) may go either way. */
			if (result != 2 && ok != (result == 1)) {
				wrong++;
				TH_LOG("tc %lld: %s",
				       json_integer_value(
					       json_object_get(t, "tcId")),
				       ok ? "accepted" : "rejected");
			}
			cases++;
			khsm_destroy(self->s, hk);
			free(pub);
			free(priv);
			free(shared);
		}
	}
	json_decref(root);
	EXPECT_LT(200, cases);
	EXPECT_EQ(0, wrong);
}

/* CKA_ALLOWED_MECHANISMS narrows what a key may do, on every operation. */
TEST_F(asym, allowed_mechanisms_enforced)
{
	static const __u8 msg[] = "only one way";
	struct khsm_pss_params pss = { KHSM_MECH_SHA256, KHSM_MGF1_SHA256, 32 };
	__u64 allowed[] = { KHSM_MECH_SHA256_RSA_PKCS };
	struct tmpl pub = { .n = 0 }, priv = { .n = 0 };
	__u8 sig[256];
	size_t len = sizeof(sig);
	__u32 hpub, hpriv;

	tmpl_ulong(&pub, KHSM_ATTR_MODULUS_BITS, 2048);
	tmpl_bytes(&priv, KHSM_ATTR_ALLOWED_MECHANISMS, allowed,
		   sizeof(allowed));
	ASSERT_EQ(0, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, &pub,
			     &priv, &hpub, &hpriv));
	EXPECT_EQ(0, sign(self->s, hpriv, KHSM_MECH_SHA256_RSA_PKCS, NULL, 0,
			  msg, sizeof(msg), sig, &len));
	len = sizeof(sig);
	EXPECT_EQ(-EOPNOTSUPP,
		  sign(self->s, hpriv, KHSM_MECH_SHA256_RSA_PKCS_PSS, &pss,
		       sizeof(pss), msg, sizeof(msg), sig, &len));
	/* Not a whole number of mechanisms. */
	priv.n = 0;
	tmpl_bytes(&priv, KHSM_ATTR_ALLOWED_MECHANISMS, allowed, 7);
	EXPECT_EQ(-EDOM, keypair(self->s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, &pub,
				 &priv, &hpub, &hpriv));
}

/*
 * A process killed while the kernel generates RSA-4096 keys for it goes
 * away, and leaves nothing behind.
 */
TEST_F(asym, killed_during_rsa_4096_generation)
{
	struct tmpl all = { .n = 0 };
	__u32 handles[64];
	int pipefd[2], status, before;
	pid_t pid;
	char c;

	before = khsm_find(self->s, &all, handles, 64);
	ASSERT_LE(0, before);
	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int s = khsm_session(self->token, KHSM_SESSION_RW);
		__u32 hpub, hpriv;

		if (s < 0 || khsm_login(s, KHSM_USER_USER, TEST_USER_PIN))
			_exit(2);
		if (write(pipefd[1], "g", 1) != 1)
			_exit(3);
		for (;;)
			rsa_pair(s, 4096, false, &hpub, &hpriv);
	}
	ASSERT_EQ(1, read(pipefd[0], &c, 1));
	usleep(300000);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	/* Its session objects died with it; the module still works. */
	EXPECT_EQ(before, khsm_find(self->s, &all, handles, 64));
	close(pipefd[0]);
	close(pipefd[1]);
}

/* Two processes on two tokens: neither reaches the other's objects. */
TEST_F(asym, tokens_are_isolated_between_processes)
{
	struct tmpl t = { .n = 0 }, all = { .n = 0 };
	unsigned int other;
	__u32 h[3], found[8];
	int status, i;
	pid_t pid;

	ASSERT_EQ(0, khsm_test_token(self->fd, &other));
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_DATA);
	tmpl_bool(&t, KHSM_ATTR_TOKEN, 1);
	tmpl_str(&t, KHSM_ATTR_LABEL, "token object of the first");
	ASSERT_EQ(0, khsm_create(self->s, &t, &h[0]));
	h[1] = self->rsa_pub;
	h[2] = self->rsa_priv;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int s = khsm_session(other, KHSM_SESSION_RW), bad = 0;
		__u8 v[64];

		if (s < 0 || khsm_login(s, KHSM_USER_USER, TEST_USER_PIN))
			_exit(2);
		for (i = 0; i < 3; i++)
			bad |= get_attr(s, h[i], KHSM_ATTR_LABEL, v,
					sizeof(v)) != -ENOENT;
		bad |= khsm_find(s, &all, found, 8) != 0;
		_exit(bad ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, khsm_token_destroy(self->fd, other));
}

TEST_HARNESS_MAIN
