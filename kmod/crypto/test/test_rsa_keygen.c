// SPDX-License-Identifier: GPL-2.0
/*
 * Key generation: keys of each size must pass OpenSSL's own key checks and
 * interoperate with it in both directions; a failing DRBG must make key
 * generation fail cleanly.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* for RSA_check_key() */
#include <openssl/rsa.h>

#include "check.h"
#include "rsa_util.h"
#include "shim_user.h"

static int failing_random(uint8_t *buf, size_t len)
{
	return -EIO;
}

static void one_key(u32 bits)
{
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	uint8_t d[32], sig[KHSM_RSA_MAX_BYTES], p[512], q[512];
	EVP_PKEY *pk;
	EVP_PKEY_CTX *ctx;
	BIGNUM *bp, *bq, *diff;
	size_t slen = sizeof(sig);
	int ret;

	ret = khsm_rsa_generate(key, bits);
	CHECK(ret == 0, "generate %u: %d", bits, ret);
	if (ret)
		goto out;
	CHECK(key->bits == bits && key->e == 65537, "size %u", key->bits);
	pk = evp_from_khsm(key, 1);
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	CHECK(EVP_PKEY_private_check(ctx) == 1, "OpenSSL private check %u",
	      bits);
	CHECK(EVP_PKEY_pairwise_check(ctx) == 1, "OpenSSL pairwise %u", bits);
	CHECK(RSA_check_key(EVP_PKEY_get0_RSA(pk)) == 1, "RSA_check_key %u",
	      bits);
	/* |p - q| > 2^(nlen/2 - 100) */
	khsm_rsa_export(key, KHSM_RSA_P, p, bits / 16);
	khsm_rsa_export(key, KHSM_RSA_Q, q, bits / 16);
	bp = BN_bin2bn(p, (int)bits / 16, NULL);
	bq = BN_bin2bn(q, (int)bits / 16, NULL);
	diff = BN_new();
	BN_sub(diff, bp, bq);
	CHECK(BN_num_bits(diff) > (int)bits / 2 - 100 &&
		      BN_num_bits(bp) == (int)bits / 2 &&
		      BN_num_bits(bq) == (int)bits / 2,
	      "prime sizes %u", bits);
	BN_free(bp);
	BN_free(bq);
	BN_free(diff);
	EVP_PKEY_CTX_free(ctx);

	/* khsm signs, OpenSSL verifies; and the other way. */
	digest(KHSM_HASH_SHA256, "abc", 3, d);
	CHECK(khsm_rsa_pkcs1_sign(key, KHSM_HASH_SHA256, d, 32, sig) == 0,
	      "sign");
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	EVP_PKEY_verify_init(ctx);
	EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
	EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256());
	CHECK(EVP_PKEY_verify(ctx, sig, key->len, d, 32) == 1,
	      "OpenSSL verifies generated key's signature %u", bits);
	EVP_PKEY_CTX_free(ctx);
	ctx = EVP_PKEY_CTX_new(pk, NULL);
	EVP_PKEY_sign_init(ctx);
	EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
	EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256());
	EVP_PKEY_sign(ctx, sig, &slen, d, 32);
	CHECK(khsm_rsa_pkcs1_verify(key, KHSM_HASH_SHA256, d, 32, sig, slen) ==
		      0,
	      "khsm verifies OpenSSL's signature with generated key %u", bits);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(pk);
out:
	khsm_rsa_key_free(key);
}

int main(void)
{
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();

	one_key(2048);
	one_key(2048);
	one_key(3072);
	one_key(4096);

	CHECK(khsm_rsa_generate(key, 1024) == -EINVAL, "1024 refused");
	CHECK(khsm_rsa_generate(key, 2047) == -EINVAL, "2047 refused");
	khsm_test_set_random(failing_random);
	CHECK(khsm_rsa_generate(key, 2048) == -EIO && !key->priv,
	      "DRBG failure fails keygen cleanly");
	khsm_test_set_random(NULL);
	khsm_rsa_key_free(key);
	return check_report("crypto-rsa-keygen");
}
