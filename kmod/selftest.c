// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer self-tests at load, before /dev/khsm exists, the way a
 * FIPS 140-3 module tests itself: each algorithm through the same code the
 * requests use. One failure refuses the load and says which test failed.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "crypto/shim.h"
#include "limits.h"
#include "mech.h"
#include "pin.h"
#include "selftest.h"
#include "selftest_vectors.h"

/*
 * For testing the failure path only: the named self-test gets a flipped
 * answer, so a test suite can see the load refused.
 */
static char *selftest_break;
module_param(selftest_break, charp, 0400);
MODULE_PARM_DESC(selftest_break,
		 "testing aid: make the named self-test fail (refuses load)");

/**
 * struct khsm_kat - one known-answer test of a mechanism
 * @name: printed in the result line
 * @mech: KHSM_MECH_*
 * @op: KHSM_OP_ENCRYPT or KHSM_OP_SIGN
 * @key: key value
 * @key_len: its length
 * @param: mechanism parameter
 * @param_len: its length
 * @in: input
 * @in_len: its length
 * @out: the expected output
 * @out_len: its length
 */
struct khsm_kat {
	const char *name;
	u64 mech;
	u32 op;
	const u8 *key;
	u32 key_len;
	const void *param;
	u32 param_len;
	const u8 *in;
	size_t in_len;
	const u8 *out;
	size_t out_len;
};

static const struct khsm_gcm_params kat_gcm_params = {
	.iv_len = 12,
	.tag_bits = 128,
};

#define KAT(n, m, o, k, p, pl, i, il, e)                                    \
	{                                                                   \
		.name = (n), .mech = (m), .op = KHSM_OP_##o, .key = (k),    \
		.key_len = sizeof(k), .param = (p), .param_len = (pl),      \
		.in = (i), .in_len = (il), .out = (e), .out_len = sizeof(e) \
	}

/* Sorted by name: khsm_selftest() checks it, as crypto/testmgr.c does. */
static const struct khsm_kat khsm_kats[] = {
	KAT("aes-cbc", KHSM_MECH_AES_CBC, ENCRYPT, kat_aes_cbc_key,
	    kat_aes_cbc_iv, 16, kat_aes_cbc_pt, 16, kat_aes_cbc_ct),
	KAT("aes-cmac", KHSM_MECH_AES_CMAC, SIGN, kat_aes_cbc_key, NULL, 0,
	    kat_aes_cbc_pt, 16, kat_aes_cmac_tag),
	KAT("aes-gcm", KHSM_MECH_AES_GCM, ENCRYPT, kat_zero16, &kat_gcm_params,
	    sizeof(kat_gcm_params), kat_zero16, 16, kat_aes_gcm_ct_tag),
	KAT("aes-kw", KHSM_MECH_AES_KEY_WRAP, ENCRYPT, kat_kw_kek, NULL, 0,
	    kat_kw_data, 16, kat_kw_wrapped),
	KAT("aes-kwp", KHSM_MECH_AES_KEY_WRAP_KWP, ENCRYPT, kat_kwp_kek, NULL,
	    0, kat_kwp_data, 20, kat_kwp_wrapped),
	KAT("hmac-sha256", KHSM_MECH_SHA256_HMAC, SIGN, kat_hmac_key, NULL, 0,
	    kat_hmac_data, 28, kat_hmac_sha256),
	KAT("hmac-sha384", KHSM_MECH_SHA384_HMAC, SIGN, kat_hmac_key, NULL, 0,
	    kat_hmac_data, 28, kat_hmac_sha384),
	KAT("hmac-sha512", KHSM_MECH_SHA512_HMAC, SIGN, kat_hmac_key, NULL, 0,
	    kat_hmac_data, 28, kat_hmac_sha512),
};

static bool khsm_selftest_broken(const char *name)
{
	return selftest_break && !strcmp(selftest_break, name);
}

/**
 * khsm_selftest_result() - judge and report one self-test
 * @name: the test, as selftest_break names it
 * @ret: the computation's result
 * @got: its output
 * @want: the known answer
 * @len: bytes to compare
 *
 * Return: 0 if the test passed, else a -errno.
 */
int khsm_selftest_result(const char *name, int ret, const u8 *got,
			 const u8 *want, size_t len)
{
	if (!ret && (memcmp(got, want, len) || khsm_selftest_broken(name)))
		ret = -EBADMSG;
	if (ret)
		pr_err("%s self-test: FAIL (%d)\n", name, ret);
	else
		pr_info("%s self-test: pass\n", name);
	return ret;
}

static int khsm_kat_run(const struct khsm_kat *k)
{
	const struct khsm_mech *m = khsm_mech_find(k->mech);
	struct khsm_mech_op op = {
		.op = k->op,
		.key = k->key,
		.key_len = k->key_len,
		.param = k->param,
		.param_len = k->param_len,
		.in = k->in,
		.in_len = k->in_len,
	};
	ssize_t max;
	int ret;

	if (!m)
		return khsm_selftest_result(k->name, -ENOENT, NULL, NULL, 0);
	max = m->max_out(m, &op);
	if (max < 0)
		return khsm_selftest_result(k->name, max, NULL, NULL, 0);
	op.out = kzalloc(max, GFP_KERNEL);
	if (!op.out)
		return -ENOMEM;
	op.out_len = max;
	ret = m->run(m, &op);
	if (!ret && op.out_len != k->out_len)
		ret = -EBADMSG;
	ret = khsm_selftest_result(k->name, ret, op.out, k->out, k->out_len);
	kfree(op.out);
	return ret;
}

static int khsm_selftest_sha256(void)
{
	struct khsm_buf abc = { (const u8 *)"abc", 3 };
	u8 digest[32];
	int ret;

	ret = khsm_crypto_hash(KHSM_HASH_SHA256, &abc, 1, digest);
	return khsm_selftest_result("sha256", ret, digest, kat_sha256_abc,
				    sizeof(digest));
}

static int khsm_selftest_pbkdf2(void)
{
	u8 dk[KHSM_PIN_DK_LEN];
	int ret;

	ret = khsm_pin_derive((const u8 *)"passwd", 6, (const u8 *)"salt", 4, 1,
			      dk);
	return khsm_selftest_result("pbkdf2-sha256", ret, dk, kat_pbkdf2_dk,
				    sizeof(dk));
}

/*
 * The DRBG has no known answer from outside; check it answers and does not
 * repeat itself (SP 800-90B's continuous test, in its simplest form).
 */
static int khsm_selftest_drbg(void)
{
	u8 a[32], b[32];
	int ret;

	ret = khsm_crypto_random(a, sizeof(a));
	if (!ret)
		ret = khsm_crypto_random(b, sizeof(b));
	if (!ret && (!memcmp(a, b, sizeof(a)) || khsm_selftest_broken("drbg")))
		ret = -EBADMSG;
	memzero_explicit(a, sizeof(a));
	memzero_explicit(b, sizeof(b));
	if (ret)
		pr_err("drbg self-test: FAIL (%d)\n", ret);
	else
		pr_info("drbg self-test: pass\n");
	return ret;
}

/**
 * khsm_selftest() - run every known-answer test
 *
 * Context: module init, after the crypto environment is up.
 * Return: 0, or -ELIBBAD if any test failed (every test still runs, so
 * the log names each failure).
 */
int khsm_selftest(void)
{
	unsigned int i;
	int ret = 0;

	for (i = 1; i < ARRAY_SIZE(khsm_kats); i++)
		if (WARN(strcmp(khsm_kats[i - 1].name, khsm_kats[i].name) >= 0,
			 "khsm: self-test table out of order at %s\n",
			 khsm_kats[i].name))
			return -ELIBBAD;

	if (khsm_selftest_drbg())
		ret = -ELIBBAD;
	if (khsm_selftest_sha256())
		ret = -ELIBBAD;
	if (khsm_selftest_pbkdf2())
		ret = -ELIBBAD;
	for (i = 0; i < ARRAY_SIZE(khsm_kats); i++)
		if (khsm_kat_run(&khsm_kats[i]))
			ret = -ELIBBAD;
	if (khsm_selftest_asym())
		ret = -ELIBBAD;
	if (ret)
		pr_err("self-tests failed: refusing to load\n");
	return ret;
}
