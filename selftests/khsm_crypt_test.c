// SPDX-License-Identifier: GPL-2.0
/*
 * Symmetric cryptography with resident keys: known answers from NIST SP
 * 800-38A and every applicable Wycheproof case (read in place from
 * ../shared/vectors), round trips checked by OpenSSL, and each error path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <unistd.h>

#include "khsm_util.h"
#include "kselftest_harness.h"
#include "wycheproof.h"

/* NIST SP 800-38A F.1.1, F.2.1, F.5.1: AES-128, the first two blocks. */
static const __u8 sp_key[16] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c
};
static const __u8 sp_pt[32] = {
	0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e,
	0x11, 0x73, 0x93, 0x17, 0x2a, 0xae, 0x2d, 0x8a, 0x57, 0x1e, 0x03,
	0xac, 0x9c, 0x9e, 0xb7, 0x6f, 0xac, 0x45, 0xaf, 0x8e, 0x51,
};
static const __u8 sp_ecb[32] = {
	0x3a, 0xd7, 0x7b, 0xb4, 0x0d, 0x7a, 0x36, 0x60, 0xa8, 0x9e, 0xca,
	0xf3, 0x24, 0x66, 0xef, 0x97, 0xf5, 0xd3, 0xd5, 0x85, 0x03, 0xb9,
	0x69, 0x9d, 0xe7, 0x85, 0x89, 0x5a, 0x96, 0xfd, 0xba, 0xaf,
};
static const __u8 sp_cbc_iv[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
				    0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
				    0x0c, 0x0d, 0x0e, 0x0f };
static const __u8 sp_cbc[32] = {
	0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46, 0xce, 0xe9, 0x8e,
	0x9b, 0x12, 0xe9, 0x19, 0x7d, 0x50, 0x86, 0xcb, 0x9b, 0x50, 0x72,
	0x19, 0xee, 0x95, 0xdb, 0x11, 0x3a, 0x91, 0x76, 0x78, 0xb2,
};
static const __u8 sp_ctr_cb[16] = { 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5,
				    0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
				    0xfc, 0xfd, 0xfe, 0xff };
static const __u8 sp_ctr[32] = {
	0x87, 0x4d, 0x61, 0x91, 0xb6, 0x20, 0xe3, 0x26, 0x1b, 0xef, 0x68,
	0x64, 0x99, 0x0d, 0xb6, 0xce, 0x98, 0x06, 0xf6, 0x6b, 0x79, 0x70,
	0xfd, 0xff, 0x86, 0x17, 0x18, 0x7b, 0xb9, 0xff, 0xfd, 0xff,
};

/* A sensitive, unextractable secret key for every usage. */
static int import_key(int fd, __u64 key_type, const void *value, size_t len,
		      __u32 *h)
{
	struct tmpl t = { .n = 0 };

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, key_type);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, value, len);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 0);
	return khsm_create(fd, &t, h);
}

/* One operation into @out; returns 0 or -errno, length in *len. */
static int run(int fd, __u32 key, __u32 op, __u64 mech, const void *param,
	       size_t plen, const void *in, size_t ilen, const void *aad,
	       size_t alen, void *out, size_t *len)
{
	struct op_args a = {
		.op = op,
		.mech = mech,
		.param = param,
		.param_len = plen,
		.in = in,
		.in_len = ilen,
		.aad = aad,
		.aad_len = alen,
		.out = out,
		.out_len = *len,
	};
	int ret = do_op(fd, key, &a);

	*len = a.out_len;
	return ret;
}

FIXTURE(crypt)
{
	int fd;
	int s;
	unsigned int token;
	__u32 aes;
};

FIXTURE_SETUP(crypt)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
	self->s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, self->s);
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, import_key(self->s, KHSM_KEY_AES, sp_key, 16, &self->aes));
}

FIXTURE_TEARDOWN(crypt)
{
	close(self->s);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

TEST_F(crypt, sp800_38a_known_answers)
{
	struct khsm_ctr_params ctr = { .counter_bits = 128 };
	__u8 out[64];
	size_t len;

	memcpy(ctr.cb, sp_ctr_cb, 16);
	len = sizeof(out);
	ASSERT_EQ(0, run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB,
			 NULL, 0, sp_pt, 32, NULL, 0, out, &len));
	EXPECT_EQ(32, len);
	EXPECT_EQ(0, memcmp(out, sp_ecb, 32));

	len = sizeof(out);
	ASSERT_EQ(0, run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CBC,
			 sp_cbc_iv, 16, sp_pt, 32, NULL, 0, out, &len));
	EXPECT_EQ(0, memcmp(out, sp_cbc, 32));
	len = sizeof(out);
	ASSERT_EQ(0, run(self->s, self->aes, KHSM_OP_DECRYPT, KHSM_MECH_AES_CBC,
			 sp_cbc_iv, 16, sp_cbc, 32, NULL, 0, out, &len));
	EXPECT_EQ(0, memcmp(out, sp_pt, 32));

	len = sizeof(out);
	ASSERT_EQ(0, run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CTR,
			 &ctr, sizeof(ctr), sp_pt, 32, NULL, 0, out, &len));
	EXPECT_EQ(0, memcmp(out, sp_ctr, 32));
	/* CTR needs no whole blocks. */
	len = sizeof(out);
	ASSERT_EQ(0, run(self->s, self->aes, KHSM_OP_DECRYPT, KHSM_MECH_AES_CTR,
			 &ctr, sizeof(ctr), sp_ctr, 21, NULL, 0, out, &len));
	EXPECT_EQ(21, len);
	EXPECT_EQ(0, memcmp(out, sp_pt, 21));
}

/* Decrypts the kernel's output with OpenSSL; 1 if it gives back @pt. */
static int openssl_decrypts(const EVP_CIPHER *c, const __u8 *key,
			    const __u8 *iv, const __u8 *ct, int ctlen,
			    const __u8 *tag, int taglen, const __u8 *pt,
			    int ptlen)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	__u8 out[4096 + 32];
	int n = 0, m = 0, ok;

	ok = EVP_DecryptInit_ex(ctx, c, NULL, key, iv) &&
	     (!tag || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, taglen,
					  (void *)tag)) &&
	     EVP_DecryptUpdate(ctx, out, &n, ct, ctlen) &&
	     EVP_DecryptFinal_ex(ctx, out + n, &m);
	EVP_CIPHER_CTX_free(ctx);
	return ok && n + m == ptlen && !memcmp(out, pt, ptlen);
}

TEST_F(crypt, openssl_decrypts_khsm_output)
{
	__u8 key[32], iv[16], pt[4096], out[4096 + 32];
	struct khsm_gcm_params gcm = { .iv_len = 12, .tag_bits = 128 };
	size_t len;
	__u32 h;
	int i;

	for (i = 0; i < 20; i++) {
		size_t n = 1 + (size_t)(random() % sizeof(pt));

		ASSERT_EQ(1, RAND_bytes(key, 32));
		ASSERT_EQ(1, RAND_bytes(iv, 16));
		ASSERT_EQ(1, RAND_bytes(pt, n));
		ASSERT_EQ(0, import_key(self->s, KHSM_KEY_AES, key, 32, &h));

		len = sizeof(out);
		ASSERT_EQ(0, run(self->s, h, KHSM_OP_ENCRYPT,
				 KHSM_MECH_AES_CBC_PAD, iv, 16, pt, n, NULL, 0,
				 out, &len));
		EXPECT_EQ((n / 16 + 1) * 16, len);
		EXPECT_TRUE(openssl_decrypts(EVP_aes_256_cbc(), key, iv, out,
					     len, NULL, 0, pt, n));

		memcpy(gcm.iv, iv, 12);
		len = sizeof(out);
		ASSERT_EQ(0,
			  run(self->s, h, KHSM_OP_ENCRYPT, KHSM_MECH_AES_GCM,
			      &gcm, sizeof(gcm), pt, n, "aad", 3, out, &len));
		ASSERT_EQ(n + 16, len);
		{
			EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
			__u8 back[4096];
			int a = 0, b = 0, c = 0, ok;

			ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL,
						key, iv) &&
			     EVP_DecryptUpdate(ctx, NULL, &a,
					       (const __u8 *)"aad", 3) &&
			     EVP_DecryptUpdate(ctx, back, &b, out, n) &&
			     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16,
						 out + n) &&
			     EVP_DecryptFinal_ex(ctx, back + b, &c);
			EVP_CIPHER_CTX_free(ctx);
			EXPECT_TRUE(ok && (size_t)(b + c) == n &&
				    !memcmp(back, pt, n));
		}
		EXPECT_EQ(0, khsm_destroy(self->s, h));
	}
}

/* Run every case of a Wycheproof file through @check; count failures. */
static int wycheproof(const char *file,
		      int (*check)(int s, json_t *group, json_t *test), int s,
		      int *cases)
{
	json_t *root = wp_load(file), *groups, *g, *tests, *t;
	size_t i, j;
	int bad = 0;

	if (!root)
		return -1;
	groups = json_object_get(root, "testGroups");
	json_array_foreach(groups, i, g)
	{
		tests = json_object_get(g, "tests");
		json_array_foreach(tests, j, t)
		{
			if (check(s, g, t)) {
				bad++;
				fprintf(stderr, "# %s tcId %lld failed\n", file,
					json_integer_value(
						json_object_get(t, "tcId")));
			}
			(*cases)++;
		}
	}
	json_decref(root);
	return bad;
}

struct vec {
	__u8 *key, *iv, *aad, *msg, *ct, *tag;
	long key_len, iv_len, aad_len, msg_len, ct_len, tag_len;
};

static void vec_load(json_t *t, struct vec *v)
{
	memset(v, 0, sizeof(*v));
	v->key_len = wp_hex_field(t, "key", &v->key);
	v->iv_len = wp_hex_field(t, "iv", &v->iv);
	v->aad_len = wp_hex_field(t, "aad", &v->aad);
	v->msg_len = wp_hex_field(t, "msg", &v->msg);
	v->ct_len = wp_hex_field(t, "ct", &v->ct);
	v->tag_len = wp_hex_field(t, "tag", &v->tag);
}

static void vec_free(struct vec *v)
{
	free(v->key);
	free(v->iv);
	free(v->aad);
	free(v->msg);
	free(v->ct);
	free(v->tag);
}

static bool aes_key_len(long n)
{
	return n == 16 || n == 24 || n == 32;
}

static int check_gcm(int s, json_t *g, json_t *t)
{
	struct khsm_gcm_params p = { 0 };
	__u8 out[8192], full[8192];
	struct vec v;
	size_t len;
	int bad = 0, ret;
	__u32 h;

	vec_load(t, &v);
	if (!aes_key_len(v.key_len)) {
		/* Not an AES key: refused at import. */
		bad = import_key(s, KHSM_KEY_AES, v.key, v.key_len, &h) !=
		      -EDOM;
		goto out;
	}
	if (import_key(s, KHSM_KEY_AES, v.key, v.key_len, &h))
		return 1;
	p.iv_len = v.iv_len;
	p.tag_bits = json_integer_value(json_object_get(g, "tagSize"));
	if (v.iv_len > 0 && v.iv_len <= 16)
		memcpy(p.iv, v.iv, v.iv_len);
	len = sizeof(out);
	ret = run(s, h, KHSM_OP_ENCRYPT, KHSM_MECH_AES_GCM, &p, sizeof(p),
		  v.msg, v.msg_len, v.aad, v.aad_len, out, &len);
	if (v.iv_len != 12) {
		/* Only 96-bit IVs: every other size is refused, never used. */
		bad = ret != -EBADR;
		goto out_destroy;
	}
	if (wp_result(t) == 1)
		bad |= ret || len != (size_t)(v.ct_len + v.tag_len) ||
		       memcmp(out, v.ct, v.ct_len) ||
		       memcmp(out + v.ct_len, v.tag, v.tag_len);
	memcpy(full, v.ct, v.ct_len);
	memcpy(full + v.ct_len, v.tag, v.tag_len);
	len = sizeof(out);
	ret = run(s, h, KHSM_OP_DECRYPT, KHSM_MECH_AES_GCM, &p, sizeof(p), full,
		  v.ct_len + v.tag_len, v.aad, v.aad_len, out, &len);
	if (wp_result(t) == 1)
		bad |= ret || len != (size_t)v.msg_len ||
		       memcmp(out, v.msg, v.msg_len);
	else if (wp_result(t) == 0)
		bad |= ret != -EBADMSG;
out_destroy:
	khsm_destroy(s, h);
out:
	vec_free(&v);
	return bad;
}

static int check_cbc_pad(int s, json_t *g, json_t *t)
{
	__u8 out[8192];
	struct vec v;
	size_t len;
	int bad = 0, ret;
	__u32 h;

	(void)g;
	vec_load(t, &v);
	if (import_key(s, KHSM_KEY_AES, v.key, v.key_len, &h)) {
		vec_free(&v);
		return 1;
	}
	if (wp_result(t) == 1) {
		len = sizeof(out);
		ret = run(s, h, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CBC_PAD, v.iv,
			  v.iv_len, v.msg, v.msg_len, NULL, 0, out, &len);
		bad |= ret || len != (size_t)v.ct_len ||
		       memcmp(out, v.ct, v.ct_len);
	}
	len = sizeof(out);
	ret = run(s, h, KHSM_OP_DECRYPT, KHSM_MECH_AES_CBC_PAD, v.iv, v.iv_len,
		  v.ct, v.ct_len, NULL, 0, out, &len);
	if (wp_result(t) == 1)
		bad |= ret || len != (size_t)v.msg_len ||
		       memcmp(out, v.msg, v.msg_len);
	else
		bad |= ret != -EBADMSG && ret != -EMSGSIZE;
	khsm_destroy(s, h);
	vec_free(&v);
	return bad;
}

static int check_mac(int s, json_t *g, json_t *t, __u64 mech, __u64 key_type,
		     long full_tag)
{
	long tag_bits = json_integer_value(json_object_get(g, "tagSize"));
	struct op_args a = { .mech = mech };
	__u8 out[64];
	struct vec v;
	int bad = 0, ret;
	__u32 h;

	vec_load(t, &v);
	ret = import_key(s, key_type, v.key, v.key_len, &h);
	if (key_type == KHSM_KEY_AES && !aes_key_len(v.key_len)) {
		bad = ret != -EDOM;
		goto out;
	}
	if (ret) {
		/* Generic secrets of length 0 are not keys. */
		bad = !(v.key_len == 0 && ret == -EDOM);
		goto out;
	}
	if (tag_bits != full_tag * 8) {
		/* Truncated MACs are the _GENERAL mechanisms: not offered. */
		a.op = KHSM_OP_VERIFY;
		a.in = v.msg;
		a.in_len = v.msg_len;
		a.sig = v.tag;
		a.sig_len = v.tag_len;
		bad = do_op(s, h, &a) != -EOVERFLOW;
		goto out_destroy;
	}
	a.op = KHSM_OP_SIGN;
	a.in = v.msg;
	a.in_len = v.msg_len;
	a.out = out;
	a.out_len = sizeof(out);
	ret = do_op(s, h, &a);
	if (wp_result(t) == 1)
		bad |= ret || a.out_len != (size_t)full_tag ||
		       memcmp(out, v.tag, full_tag);
	a.op = KHSM_OP_VERIFY;
	a.out = NULL;
	a.sig = v.tag;
	a.sig_len = v.tag_len;
	ret = do_op(s, h, &a);
	if (wp_result(t) == 1)
		bad |= ret;
	else
		bad |= ret != -EBADMSG && ret != -EOVERFLOW;
out_destroy:
	khsm_destroy(s, h);
out:
	vec_free(&v);
	return bad;
}

static int check_cmac(int s, json_t *g, json_t *t)
{
	return check_mac(s, g, t, KHSM_MECH_AES_CMAC, KHSM_KEY_AES, 16);
}

static int check_hmac256(int s, json_t *g, json_t *t)
{
	return check_mac(s, g, t, KHSM_MECH_SHA256_HMAC,
			 KHSM_KEY_GENERIC_SECRET, 32);
}

static int check_hmac384(int s, json_t *g, json_t *t)
{
	return check_mac(s, g, t, KHSM_MECH_SHA384_HMAC,
			 KHSM_KEY_GENERIC_SECRET, 48);
}

static int check_hmac512(int s, json_t *g, json_t *t)
{
	return check_mac(s, g, t, KHSM_MECH_SHA512_HMAC,
			 KHSM_KEY_GENERIC_SECRET, 64);
}

static int check_wrap(int s, json_t *t, __u64 mech)
{
	__u8 out[8192];
	struct vec v;
	size_t len;
	int bad = 0, ret;
	__u32 h;

	vec_load(t, &v);
	if (import_key(s, KHSM_KEY_AES, v.key, v.key_len, &h)) {
		vec_free(&v);
		return 1;
	}
	if (wp_result(t) == 1) {
		len = sizeof(out);
		ret = run(s, h, KHSM_OP_ENCRYPT, mech, NULL, 0, v.msg,
			  v.msg_len, NULL, 0, out, &len);
		bad |= ret || len != (size_t)v.ct_len ||
		       memcmp(out, v.ct, v.ct_len);
	}
	len = sizeof(out);
	ret = run(s, h, KHSM_OP_DECRYPT, mech, NULL, 0, v.ct, v.ct_len, NULL, 0,
		  out, &len);
	if (wp_result(t) == 1)
		bad |= ret || len != (size_t)v.msg_len ||
		       memcmp(out, v.msg, v.msg_len);
	else
		bad |= ret != -EBADMSG && ret != -EMSGSIZE;
	khsm_destroy(s, h);
	vec_free(&v);
	return bad;
}

static int check_kw(int s, json_t *g, json_t *t)
{
	(void)g;
	return check_wrap(s, t, KHSM_MECH_AES_KEY_WRAP);
}

static int check_kwp(int s, json_t *g, json_t *t)
{
	(void)g;
	return check_wrap(s, t, KHSM_MECH_AES_KEY_WRAP_KWP);
}

#define WYCHEPROOF_TEST(name, file, fn)                              \
	TEST_F(crypt, wycheproof_##name)                             \
	{                                                            \
		int cases = 0;                                       \
		EXPECT_EQ(0, wycheproof(file, fn, self->s, &cases)); \
		EXPECT_LT(10, cases);                                \
		TH_LOG("%s: %d cases", file, cases);                 \
	}

WYCHEPROOF_TEST(aes_gcm, "aes_gcm_test.json", check_gcm)
WYCHEPROOF_TEST(aes_cbc_pkcs5, "aes_cbc_pkcs5_test.json", check_cbc_pad)
WYCHEPROOF_TEST(aes_cmac, "aes_cmac_test.json", check_cmac)
WYCHEPROOF_TEST(hmac_sha256, "hmac_sha256_test.json", check_hmac256)
WYCHEPROOF_TEST(hmac_sha384, "hmac_sha384_test.json", check_hmac384)
WYCHEPROOF_TEST(hmac_sha512, "hmac_sha512_test.json", check_hmac512)
WYCHEPROOF_TEST(aes_wrap, "aes_wrap_test.json", check_kw)
WYCHEPROOF_TEST(aes_kwp, "aes_kwp_test.json", check_kwp)

TEST_F(crypt, usage_flag_enforced)
{
	struct tmpl t = { .n = 0 };
	__u8 out[32];
	size_t len = sizeof(out);
	__u32 h;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, sp_key, 16);
	tmpl_bool(&t, KHSM_ATTR_ENCRYPT, 0);
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	EXPECT_EQ(-EPERM, run(self->s, h, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB,
			      NULL, 0, sp_pt, 16, NULL, 0, out, &len));
	EXPECT_EQ(0, run(self->s, h, KHSM_OP_DECRYPT, KHSM_MECH_AES_ECB, NULL,
			 0, sp_ecb, 16, NULL, 0, out, &len));
	EXPECT_EQ(0, memcmp(out, sp_pt, 16));
}

TEST_F(crypt, mechanism_errors)
{
	struct op_args a = { .op = KHSM_OP_SIGN, .in = sp_pt, .in_len = 16 };
	__u8 out[64];
	size_t len = sizeof(out);
	__u32 hmac;

	a.mech = 0x9999;
	EXPECT_EQ(-EOPNOTSUPP, do_op(self->s, self->aes, &a));
	a.mech = KHSM_MECH_AES_CBC;
	EXPECT_EQ(-EOPNOTSUPP, do_op(self->s, self->aes, &a));
	a.mech = KHSM_MECH_SHA256_HMAC;
	EXPECT_EQ(-ENOEXEC, do_op(self->s, self->aes, &a));
	a.op = 7;
	EXPECT_EQ(-EINVAL, do_op(self->s, self->aes, &a));

	ASSERT_EQ(0,
		  import_key(self->s, KHSM_KEY_GENERIC_SECRET, "k", 1, &hmac));
	EXPECT_EQ(-ENOEXEC,
		  run(self->s, hmac, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB, NULL,
		      0, sp_pt, 16, NULL, 0, out, &len));
	EXPECT_EQ(-ENOENT,
		  run(self->s, 0xdead, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB, NULL,
		      0, sp_pt, 16, NULL, 0, out, &len));
	EXPECT_EQ(-EBADR,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CBC,
		      sp_cbc_iv, 8, sp_pt, 16, NULL, 0, out, &len));
	EXPECT_EQ(-EMSGSIZE,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB,
		      NULL, 0, sp_pt, 15, NULL, 0, out, &len));
}

TEST_F(crypt, ctr_counter_must_not_wrap)
{
	struct khsm_ctr_params ctr = { .counter_bits = 8 };
	__u8 out[64];
	size_t len = sizeof(out);

	ctr.cb[15] = 0xff;
	EXPECT_EQ(-EMSGSIZE,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CTR,
		      &ctr, sizeof(ctr), sp_pt, 32, NULL, 0, out, &len));
	len = sizeof(out);
	EXPECT_EQ(0, run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CTR,
			 &ctr, sizeof(ctr), sp_pt, 16, NULL, 0, out, &len));
	ctr.counter_bits = 129;
	EXPECT_EQ(-EBADR,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_CTR,
		      &ctr, sizeof(ctr), sp_pt, 16, NULL, 0, out, &len));
}

TEST_F(crypt, two_call_convention)
{
	struct op_args a = {
		.op = KHSM_OP_ENCRYPT,
		.mech = KHSM_MECH_AES_CBC_PAD,
		.param = sp_cbc_iv,
		.param_len = 16,
		.in = sp_pt,
		.in_len = 20,
	};
	__u8 out[64];

	/* No buffer: the length comes back. */
	ASSERT_EQ(0, do_op(self->s, self->aes, &a));
	EXPECT_EQ(32, a.out_len);
	/* Too small: -ENOSPC, and the length. */
	a.out = out;
	a.out_len = 16;
	EXPECT_EQ(-ENOSPC, do_op(self->s, self->aes, &a));
	EXPECT_EQ(32, a.out_len);
	a.out_len = sizeof(out);
	EXPECT_EQ(0, do_op(self->s, self->aes, &a));
	EXPECT_EQ(32, a.out_len);
}

TEST_F(crypt, key_usable_after_logout_refused)
{
	__u8 out[32];
	size_t len = sizeof(out);

	ASSERT_EQ(0, khsm_logout(self->s));
	/* The key is private: without the user logged in it is not there. */
	EXPECT_EQ(-ENOENT,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB,
		      NULL, 0, sp_pt, 16, NULL, 0, out, &len));
}

TEST_F(crypt, bad_buffers)
{
	__u8 out[32];
	size_t len = sizeof(out);

	EXPECT_EQ(-EFAULT,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB,
		      NULL, 0, (void *)16, 16, NULL, 0, out, &len));
	EXPECT_EQ(-EFAULT,
		  run(self->s, self->aes, KHSM_OP_ENCRYPT, KHSM_MECH_AES_ECB,
		      NULL, 0, sp_pt, 16, NULL, 0, (void *)16, &len));
	EXPECT_EQ(-EMSGSIZE, run(self->s, self->aes, KHSM_OP_ENCRYPT,
				 KHSM_MECH_AES_ECB, NULL, 0, sp_pt,
				 KHSM_MAX_DATA_LEN + 16, NULL, 0, out, &len));
}

TEST_HARNESS_MAIN
