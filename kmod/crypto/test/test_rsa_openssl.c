// SPDX-License-Identifier: GPL-2.0
/*
 * Random cross-checks against OpenSSL libcrypto in both directions, with a
 * few keys of each size: PKCS #1 v1.5 signatures, PSS (random hash, MGF1
 * hash and salt length), OAEP (random hashes, labels, messages), RSAES-
 * PKCS1-v1_5 and raw RSA. Corrupted signatures and ciphertexts must fail.
 */
#include <openssl/rand.h>

#include "check.h"
#include "rsa_util.h"

static EVP_PKEY_CTX *pctx(EVP_PKEY *pk, int op, int pad, enum khsm_hash_alg md,
			  enum khsm_hash_alg mgf)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pk, NULL);

	switch (op) {
	case 0:
		EVP_PKEY_sign_init(ctx);
		break;
	case 1:
		EVP_PKEY_verify_init(ctx);
		break;
	case 2:
		EVP_PKEY_encrypt_init(ctx);
		break;
	default:
		EVP_PKEY_decrypt_init(ctx);
	}
	EVP_PKEY_CTX_set_rsa_padding(ctx, pad);
	if (pad == RSA_PKCS1_PADDING && op < 2) {
		EVP_PKEY_CTX_set_signature_md(ctx, evp_md_of(md));
	} else if (pad == RSA_PKCS1_PSS_PADDING) {
		EVP_PKEY_CTX_set_signature_md(ctx, evp_md_of(md));
		EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, evp_md_of(mgf));
	} else if (pad == RSA_PKCS1_OAEP_PADDING) {
		EVP_PKEY_CTX_set_rsa_oaep_md(ctx, evp_md_of(md));
		EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, evp_md_of(mgf));
	}
	return ctx;
}

static unsigned int rnd(unsigned int n)
{
	unsigned int r;

	RAND_bytes((unsigned char *)&r, sizeof(r));
	return r % n;
}

static void round_trip(struct khsm_rsa_key *key, EVP_PKEY *pk)
{
	enum khsm_hash_alg md = (enum khsm_hash_alg)rnd(KHSM_HASH_COUNT);
	enum khsm_hash_alg mgf = (enum khsm_hash_alg)rnd(KHSM_HASH_COUNT);
	uint8_t d[64], sig[KHSM_RSA_MAX_BYTES], msg[KHSM_RSA_MAX_BYTES];
	uint8_t out[KHSM_RSA_MAX_BYTES], label[17];
	size_t k = key->len, hl = khsm_hash_len(md), n, olen, mlen, llen, sl;
	size_t emlen = (key->bits + 6) / 8;
	EVP_PKEY_CTX *ctx;
	int ret;

	RAND_bytes(d, sizeof(d));

	/* PKCS #1 v1.5 signatures. */
	CHECK(khsm_rsa_pkcs1_sign(key, md, d, hl, sig) == 0, "pkcs1 sign");
	ctx = pctx(pk, 1, RSA_PKCS1_PADDING, md, md);
	CHECK(EVP_PKEY_verify(ctx, sig, k, d, hl) == 1, "OpenSSL verifies");
	EVP_PKEY_CTX_free(ctx);
	ctx = pctx(pk, 0, RSA_PKCS1_PADDING, md, md);
	n = sizeof(sig);
	EVP_PKEY_sign(ctx, sig, &n, d, hl);
	EVP_PKEY_CTX_free(ctx);
	CHECK(khsm_rsa_pkcs1_verify(key, md, d, hl, sig, n) == 0,
	      "khsm verifies OpenSSL pkcs1");
	sig[rnd((unsigned int)k)] ^= (uint8_t)(1 + rnd(255));
	CHECK(khsm_rsa_pkcs1_verify(key, md, d, hl, sig, n) == -EBADMSG,
	      "corrupted pkcs1 rejected");

	/* PSS with a random salt length that fits. */
	sl = rnd((unsigned int)(emlen - hl - 2 + 1));
	if (rnd(2))
		sl = sl < hl ? sl : hl;
	CHECK(khsm_rsa_pss_sign(key, md, mgf, sl, d, hl, sig) == 0, "pss sign");
	ctx = pctx(pk, 1, RSA_PKCS1_PSS_PADDING, md, mgf);
	EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, (int)sl);
	CHECK(EVP_PKEY_verify(ctx, sig, k, d, hl) == 1,
	      "OpenSSL verifies pss md %d mgf %d salt %zu", md, mgf, sl);
	EVP_PKEY_CTX_free(ctx);
	ctx = pctx(pk, 0, RSA_PKCS1_PSS_PADDING, md, mgf);
	EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, (int)sl);
	n = sizeof(sig);
	EVP_PKEY_sign(ctx, sig, &n, d, hl);
	EVP_PKEY_CTX_free(ctx);
	CHECK(khsm_rsa_pss_verify(key, md, mgf, sl, d, hl, sig, n) == 0,
	      "khsm verifies OpenSSL pss");
	CHECK(khsm_rsa_pss_verify(key, md, mgf, KHSM_PSS_SALT_ANY, d, hl, sig,
				  n) == 0,
	      "khsm verifies OpenSSL pss, any salt length");
	d[0] ^= 1;
	CHECK(khsm_rsa_pss_verify(key, md, mgf, sl, d, hl, sig, n) == -EBADMSG,
	      "pss with wrong digest rejected");

	/* OAEP both ways. */
	if (k >= 2 * hl + 2) {
		mlen = rnd((unsigned int)(k - 2 * hl - 2 + 1));
		llen = rnd(sizeof(label));
		RAND_bytes(msg, (int)mlen);
		RAND_bytes(label, sizeof(label));
		CHECK(khsm_rsa_oaep_encrypt(key, md, mgf, label, llen, msg,
					    mlen, sig) == 0,
		      "oaep encrypt");
		ctx = pctx(pk, 3, RSA_PKCS1_OAEP_PADDING, md, mgf);
		if (llen)
			EVP_PKEY_CTX_set0_rsa_oaep_label(
				ctx, OPENSSL_memdup(label, llen), (int)llen);
		olen = sizeof(out);
		ret = EVP_PKEY_decrypt(ctx, out, &olen, sig, k);
		CHECK(ret == 1 && olen == mlen && !memcmp(out, msg, mlen),
		      "OpenSSL decrypts oaep");
		EVP_PKEY_CTX_free(ctx);
		ctx = pctx(pk, 2, RSA_PKCS1_OAEP_PADDING, md, mgf);
		if (llen)
			EVP_PKEY_CTX_set0_rsa_oaep_label(
				ctx, OPENSSL_memdup(label, llen), (int)llen);
		n = sizeof(sig);
		EVP_PKEY_encrypt(ctx, sig, &n, msg, mlen);
		EVP_PKEY_CTX_free(ctx);
		olen = sizeof(out);
		ret = khsm_rsa_oaep_decrypt(key, md, mgf, label, llen, sig, n,
					    out, &olen);
		CHECK(ret == 0 && olen == mlen && !memcmp(out, msg, mlen),
		      "khsm decrypts OpenSSL oaep");
		olen = sizeof(out);
		ret = khsm_rsa_oaep_decrypt(key, md, mgf, label, llen + 1, sig,
					    n, out, &olen);
		CHECK(ret == -EBADMSG, "oaep with wrong label rejected");
	}

	/* RSAES-PKCS1-v1_5 both ways. */
	mlen = rnd((unsigned int)(k - 11 + 1));
	RAND_bytes(msg, (int)mlen);
	CHECK(khsm_rsa_pkcs1_encrypt(key, msg, mlen, sig) == 0, "pkcs1 enc");
	ctx = pctx(pk, 3, RSA_PKCS1_PADDING, md, md);
	olen = sizeof(out);
	ret = EVP_PKEY_decrypt(ctx, out, &olen, sig, k);
	CHECK(ret == 1 && olen == mlen && !memcmp(out, msg, mlen),
	      "OpenSSL decrypts pkcs1");
	EVP_PKEY_CTX_free(ctx);
	ctx = pctx(pk, 2, RSA_PKCS1_PADDING, md, md);
	n = sizeof(sig);
	EVP_PKEY_encrypt(ctx, sig, &n, msg, mlen);
	EVP_PKEY_CTX_free(ctx);
	olen = sizeof(out);
	ret = khsm_rsa_pkcs1_decrypt(key, sig, n, out, &olen);
	CHECK(ret == 0 && olen == mlen && !memcmp(out, msg, mlen),
	      "khsm decrypts OpenSSL pkcs1");

	/* Raw RSA: x^d from both must agree, and x^d^e = x. */
	RAND_bytes(msg, (int)k);
	msg[0] = 0;
	CHECK(khsm_rsa_private(key, msg, k, sig) == 0, "raw private");
	ctx = pctx(pk, 3, RSA_NO_PADDING, md, md);
	olen = sizeof(out);
	EVP_PKEY_decrypt(ctx, out, &olen, msg, k);
	EVP_PKEY_CTX_free(ctx);
	CHECK(olen == k && !memcmp(out, sig, k), "raw private = OpenSSL");
	CHECK(khsm_rsa_public(key, sig, k, out) == 0 && !memcmp(out, msg, k),
	      "raw public inverts raw private");
}

int main(void)
{
	static const struct {
		int bits, keys, rounds;
	} plan[] = { { 2048, 3, 60 }, { 3072, 2, 40 }, { 4096, 2, 20 } };
	unsigned int s;
	int k, r;

	for (s = 0; s < sizeof(plan) / sizeof(plan[0]); s++) {
		for (k = 0; k < plan[s].keys; k++) {
			struct khsm_rsa_key *key = khsm_rsa_key_alloc();
			EVP_PKEY *pk = EVP_RSA_gen((unsigned int)plan[s].bits);

			CHECK(khsm_from_evp(key, pk) == 0, "import");
			for (r = 0; r < plan[s].rounds; r++)
				round_trip(key, pk);
			EVP_PKEY_free(pk);
			khsm_rsa_key_free(key);
		}
	}
	return check_report("crypto-rsa-openssl");
}
