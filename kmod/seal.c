// SPDX-License-Identifier: GPL-2.0
/*
 * The two primitives of sealed records: key derivation (HMAC-SHA256 over
 * a label and a context, so each key has one purpose and one token) and
 * AES-256-GCM with the record header as additional data.
 */
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "seal.h"

/* Sleeping callers: the request may wait for a busy driver. */
#define KHSM_SEAL_REQ_FLAGS \
	(CRYPTO_TFM_REQ_MAY_SLEEP | CRYPTO_TFM_REQ_MAY_BACKLOG)

/**
 * khsm_kdf() - HMAC-SHA256(@key, @label || @ctx)
 * @key: the input key
 * @key_len: its length
 * @label: NUL-terminated purpose of the derived key (the NUL is hashed
 *	too, so no label is a prefix of another)
 * @ctx: context, e.g. the token UUID
 * @ctx_len: its length
 * @out: receives KHSM_SEAL_KEY_LEN bytes
 *
 * Return: 0 or a crypto API error.
 */
int khsm_kdf(const u8 *key, u32 key_len, const char *label, const u8 *ctx,
	     u32 ctx_len, u8 *out)
{
	struct crypto_shash *tfm;
	int ret;

	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_shash_setkey(tfm, key, key_len);
	if (!ret) {
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_init(desc) ?:
			      crypto_shash_update(desc, label, strlen(label) + 1) ?:
			      crypto_shash_finup(desc, ctx, ctx_len, out);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	return ret;
}

/**
 * khsm_gcm() - seal or open with AES-256-GCM and a 16-byte tag
 * @enc: seal (true) or open
 * @key: KHSM_SEAL_KEY_LEN bytes
 * @nonce: KHSM_SEAL_NONCE_LEN bytes
 * @aad: additional authenticated data
 * @aad_len: its length
 * @in: plaintext (seal) or ciphertext with its tag (open)
 * @in_len: its length; at least the tag's for open
 * @out: receives @in_len + tag (seal) or @in_len - tag (open) bytes
 *
 * Return: 0; -EBADMSG when the tag does not match; -EINVAL, -ENOMEM or a
 * crypto API error.
 */
int khsm_gcm(bool enc, const u8 *key, const u8 *nonce, const void *aad,
	     u32 aad_len, const u8 *in, u32 in_len, u8 *out)
{
	u8 iv[KHSM_SEAL_NONCE_LEN];
	struct crypto_aead *tfm;
	struct aead_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist sg;
	size_t total, out_len;
	u8 *buf;
	int ret;

	if (!enc && in_len < KHSM_SEAL_TAG_LEN)
		return -EBADMSG;
	out_len = enc ? in_len + KHSM_SEAL_TAG_LEN : in_len - KHSM_SEAL_TAG_LEN;
	/* The crypto API wants AAD and text in one list, done in place. */
	total = size_add(aad_len, size_add(in_len, KHSM_SEAL_TAG_LEN));
	/* kmalloc, not kvmalloc: a scatterlist needs linear memory. */
	buf = kmalloc(total, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, aad, aad_len);
	memcpy(buf + aad_len, in, in_len);
	memcpy(iv, nonce, sizeof(iv));

	tfm = crypto_alloc_aead("gcm(aes)", 0, 0);
	if (IS_ERR(tfm)) {
		ret = PTR_ERR(tfm);
		goto out_free_buf;
	}
	ret = crypto_aead_setkey(tfm, key, KHSM_SEAL_KEY_LEN) ?:
		      crypto_aead_setauthsize(tfm, KHSM_SEAL_TAG_LEN);
	if (ret)
		goto out_free_tfm;
	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		ret = -ENOMEM;
		goto out_free_tfm;
	}
	sg_init_one(&sg, buf, aad_len + in_len + (enc ? KHSM_SEAL_TAG_LEN : 0));
	aead_request_set_callback(req, KHSM_SEAL_REQ_FLAGS, crypto_req_done,
				  &wait);
	aead_request_set_ad(req, aad_len);
	aead_request_set_crypt(req, &sg, &sg, in_len, iv);
	ret = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
				    crypto_aead_decrypt(req),
			      &wait);
	aead_request_free(req);
	if (!ret)
		memcpy(out, buf + aad_len, out_len);
out_free_tfm:
	crypto_free_aead(tfm);
out_free_buf:
	kfree_sensitive(buf);
	return ret;
}
