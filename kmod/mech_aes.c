// SPDX-License-Identifier: GPL-2.0
/*
 * AES: ECB, CBC, CBC with PKCS#7 padding, CTR and GCM through the kernel
 * crypto API (which picks AES-NI where it can), and key wrap (RFC 3394 and
 * RFC 5649) through the arithmetic core over the kernel's AES library.
 */
#include <asm/unaligned.h>
#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/skcipher.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "crypto/kwp.h"
#include "limits.h"
#include "mech.h"
#include "object.h"

/* The tag length whose GCM transform is kept with the key object. */
#define KHSM_GCM_CACHED_TAG 16

/* Requests may sleep, and wait rather than fail when a driver is busy. */
#define KHSM_CRYPTO_REQ_FLAGS \
	(CRYPTO_TFM_REQ_MAY_SLEEP | CRYPTO_TFM_REQ_MAY_BACKLOG)

static bool khsm_aes_key_ok(u32 len)
{
	return len == AES_KEYSIZE_128 || len == AES_KEYSIZE_192 ||
	       len == AES_KEYSIZE_256;
}

/* Would a CTR counter of @bits bits starting at @cb wrap within @blocks? */
static bool khsm_ctr_wraps(const u8 *cb, u32 bits, u64 blocks)
{
	u64 lo = get_unaligned_be64(cb + 8), hi = get_unaligned_be64(cb);
	u64 room;

	if (bits == 128)
		return false;
	if (bits < 64) {
		room = (1ULL << bits) - (lo & ((1ULL << bits) - 1));
		return blocks > room;
	}
	/* The counter spills into the high word only when lo overflows. */
	if (bits > 64 && (~hi & ((1ULL << (bits - 64)) - 1)))
		return false;
	return blocks > ~lo + 1 && lo != 0;
}

/**
 * khsm_aes_block_max_out() - check and size an ECB, CBC(-PAD) or CTR op
 * @m: the mechanism
 * @op: the operation
 *
 * Return: the output length bound, -EBADR for a bad parameter, -EMSGSIZE
 * for a bad input length.
 */
ssize_t khsm_aes_block_max_out(const struct khsm_mech *m,
			       const struct khsm_mech_op *op)
{
	const struct khsm_ctr_params *ctr;
	size_t len = op->in_len;

	switch (m->mech) {
	case KHSM_MECH_AES_ECB:
		if (op->param_len)
			return -EBADR;
		break;
	case KHSM_MECH_AES_CBC:
	case KHSM_MECH_AES_CBC_PAD:
		if (op->param_len != AES_BLOCK_SIZE)
			return -EBADR;
		break;
	case KHSM_MECH_AES_CTR:
		ctr = (const void *)op->param;
		if (op->param_len != sizeof(*ctr) || ctr->pad ||
		    !ctr->counter_bits || ctr->counter_bits > 128)
			return -EBADR;
		if (khsm_ctr_wraps(ctr->cb, ctr->counter_bits,
				   DIV_ROUND_UP(len, AES_BLOCK_SIZE)))
			return -EMSGSIZE;
		return len;
	default:
		return -EOPNOTSUPP;
	}
	if (m->mech == KHSM_MECH_AES_CBC_PAD && op->op == KHSM_OP_ENCRYPT)
		return round_down(len, AES_BLOCK_SIZE) + AES_BLOCK_SIZE;
	if (len % AES_BLOCK_SIZE || (m->mech == KHSM_MECH_AES_CBC_PAD && !len))
		return -EMSGSIZE;
	return len;
}

/* Run @m's skcipher over @buf in place. */
static int khsm_skcipher(const struct khsm_mech *m, bool enc, const u8 *key,
			 u32 key_len, u8 *iv, u8 *buf, size_t len)
{
	struct skcipher_request *req;
	struct crypto_skcipher *tfm;
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist sg;
	int ret;

	tfm = crypto_alloc_skcipher(m->alg, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm) == -ENOENT ? -EOPNOTSUPP : PTR_ERR(tfm);
	ret = crypto_skcipher_setkey(tfm, key, key_len);
	if (ret)
		goto out_free_tfm;
	req = skcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		ret = -ENOMEM;
		goto out_free_tfm;
	}
	sg_init_one(&sg, buf, len);
	skcipher_request_set_callback(req, KHSM_CRYPTO_REQ_FLAGS,
				      crypto_req_done, &wait);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	ret = crypto_wait_req(enc ? crypto_skcipher_encrypt(req) :
				    crypto_skcipher_decrypt(req),
			      &wait);
	skcipher_request_free(req);
out_free_tfm:
	crypto_free_skcipher(tfm);
	return ret;
}

/*
 * PKCS#7 padding is checked without a branch on its bytes, and every
 * failure is the same -EBADMSG, so decryption is not a padding oracle
 * through timing or error codes.
 */
static int khsm_unpad(const u8 *buf, size_t len, size_t *out_len)
{
	u8 pad = buf[len - 1], bad = 0;
	unsigned int i;

	bad |= (u8)((pad - 1) >> 7) | (u8)((AES_BLOCK_SIZE - pad) >> 7);
	for (i = 0; i < AES_BLOCK_SIZE; i++) {
		/* Bytes within the pad must all equal it. */
		u8 in_pad = (u8)(((int)i - (int)pad) >> 8);

		bad |= in_pad & (buf[len - 1 - i] ^ pad);
	}
	if (bad)
		return -EBADMSG;
	*out_len = len - pad;
	return 0;
}

/**
 * khsm_aes_block_run() - an ECB, CBC(-PAD) or CTR operation
 * @m: the mechanism
 * @op: the operation, checked by khsm_aes_block_max_out()
 *
 * Return: 0, -EBADMSG for bad padding, or a crypto API error.
 */
int khsm_aes_block_run(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	bool enc = op->op == KHSM_OP_ENCRYPT;
	u8 iv[AES_BLOCK_SIZE] = {};
	size_t len = op->in_len;
	int ret;

	if (!khsm_aes_key_ok(op->key_len))
		return -ENOEXEC;
	if (m->mech == KHSM_MECH_AES_CTR)
		memcpy(iv, ((const struct khsm_ctr_params *)op->param)->cb,
		       AES_BLOCK_SIZE);
	else if (op->param_len)
		memcpy(iv, op->param, AES_BLOCK_SIZE);

	memcpy(op->out, op->in, len);
	if (m->mech == KHSM_MECH_AES_CBC_PAD && enc) {
		u8 pad = AES_BLOCK_SIZE - len % AES_BLOCK_SIZE;

		memset(op->out + len, pad, pad);
		len += pad;
	}
	op->out_len = len;
	if (!len)
		return 0;
	ret = khsm_skcipher(m, enc, op->key, op->key_len, iv, op->out, len);
	if (!ret && m->mech == KHSM_MECH_AES_CBC_PAD && !enc)
		ret = khsm_unpad(op->out, len, &op->out_len);
	if (ret)
		memzero_explicit(op->out, len);
	return ret;
}

/**
 * khsm_aes_gcm_max_out() - check and size a GCM operation
 * @m: the mechanism
 * @op: the operation
 *
 * Return: the output length, -EBADR for a bad parameter, -EMSGSIZE for a
 * ciphertext shorter than its tag.
 */
ssize_t khsm_aes_gcm_max_out(const struct khsm_mech *m,
			     const struct khsm_mech_op *op)
{
	const struct khsm_gcm_params *p = (const void *)op->param;
	u32 tag;

	if (op->param_len != sizeof(*p) || p->iv_len != 12)
		return -EBADR;
	tag = p->tag_bits / 8;
	if (p->tag_bits % 8 || (tag != 4 && tag != 8 && (tag < 12 || tag > 16)))
		return -EBADR;
	if (op->op == KHSM_OP_ENCRYPT)
		return op->in_len + tag;
	if (op->in_len < tag)
		return -EMSGSIZE;
	return op->in_len - tag;
}

/*
 * A gcm(aes) transform keyed for @op. Allocating and keying one costs far
 * more than encrypting a short message, so the one for an object's usual
 * 16-byte tags is kept with the object: its value never changes
 * (CKA_VALUE is create-only), and a keyed transform serves concurrent
 * requests, so it is published once (cmpxchg) and then only read.
 * Others (no object, other tag sizes) are the caller's to free.
 */
static struct crypto_aead *khsm_gcm_tfm(const struct khsm_mech *m,
					const struct khsm_mech_op *op, u32 tag)
{
	bool cache = op->obj && tag == KHSM_GCM_CACHED_TAG;
	struct crypto_aead *tfm, *old;
	int ret;

	if (cache) {
		/* Pairs with the cmpxchg() below: a keyed transform. */
		tfm = smp_load_acquire(&op->obj->gcm);
		if (tfm)
			return tfm;
	}
	tfm = crypto_alloc_aead(m->alg, 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	ret = crypto_aead_setkey(tfm, op->key, op->key_len);
	if (!ret)
		ret = crypto_aead_setauthsize(tfm, tag);
	if (ret) {
		crypto_free_aead(tfm);
		return ERR_PTR(ret);
	}
	if (!cache)
		return tfm;
	/* Two first uses at once: one transform wins, the other goes. */
	old = cmpxchg(&op->obj->gcm, NULL, tfm);
	if (old) {
		crypto_free_aead(tfm);
		tfm = old;
	}
	return tfm;
}

/**
 * khsm_aes_cache_free() - free the transforms kept with an object
 * @obj: the object, no longer used by any request
 *
 * The crypto API wipes a transform's key schedule when it frees it.
 */
void khsm_aes_cache_free(struct khsm_object *obj)
{
	if (obj->gcm)
		crypto_free_aead(obj->gcm);
	obj->gcm = NULL;
}

/**
 * khsm_aes_gcm_run() - a GCM operation: encrypt and tag, or check and
 *	decrypt
 * @m: the mechanism
 * @op: the operation, checked by khsm_aes_gcm_max_out()
 *
 * Return: 0, -EBADMSG for a wrong tag, or a crypto API error.
 */
int khsm_aes_gcm_run(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	const struct khsm_gcm_params *p = (const void *)op->param;
	bool enc = op->op == KHSM_OP_ENCRYPT;
	u32 tag = p->tag_bits / 8;
	struct crypto_aead *tfm;
	struct aead_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	struct scatterlist sg;
	size_t total;
	u8 iv[12];
	u8 *buf;
	int ret;

	if (!khsm_aes_key_ok(op->key_len))
		return -ENOEXEC;
	/* The crypto API wants AAD and text in one list, done in place. */
	total = op->aad_len + op->in_len + (enc ? tag : 0);
	buf = kmalloc(total ?: 1, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, op->aad, op->aad_len);
	memcpy(buf + op->aad_len, op->in, op->in_len);
	memcpy(iv, p->iv, sizeof(iv));

	tfm = khsm_gcm_tfm(m, op, tag);
	if (IS_ERR(tfm)) {
		ret = PTR_ERR(tfm) == -ENOENT ? -EOPNOTSUPP : PTR_ERR(tfm);
		goto out_free_buf;
	}
	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		ret = -ENOMEM;
		goto out_free_tfm;
	}
	sg_init_one(&sg, buf, total);
	aead_request_set_callback(req, KHSM_CRYPTO_REQ_FLAGS, crypto_req_done,
				  &wait);
	aead_request_set_ad(req, op->aad_len);
	aead_request_set_crypt(req, &sg, &sg, op->in_len, iv);
	ret = crypto_wait_req(enc ? crypto_aead_encrypt(req) :
				    crypto_aead_decrypt(req),
			      &wait);
	aead_request_free(req);
	if (!ret) {
		op->out_len = enc ? op->in_len + tag : op->in_len - tag;
		memcpy(op->out, buf + op->aad_len, op->out_len);
	}
out_free_tfm:
	if (!op->obj || tfm != op->obj->gcm)
		crypto_free_aead(tfm);
out_free_buf:
	kfree_sensitive(buf);
	return ret;
}

static int khsm_aes_lib_encrypt(void *ctx, u8 *dst, const u8 *src)
{
	aes_encrypt(ctx, dst, src);
	return 0;
}

static int khsm_aes_lib_decrypt(void *ctx, u8 *dst, const u8 *src)
{
	aes_decrypt(ctx, dst, src);
	return 0;
}

/**
 * khsm_aes_wrap_max_out() - check and size a KW or KWP operation
 * @m: the mechanism
 * @op: the operation
 *
 * Return: the output length bound, -EBADR for a parameter (the default IV
 * is the only one), -EMSGSIZE for a bad input length.
 */
ssize_t khsm_aes_wrap_max_out(const struct khsm_mech *m,
			      const struct khsm_mech_op *op)
{
	size_t len = op->in_len;
	bool kwp = m->mech == KHSM_MECH_AES_KEY_WRAP_KWP;

	if (op->param_len)
		return -EBADR;
	if (op->op == KHSM_OP_ENCRYPT) {
		if (kwp)
			return len ? round_up(len, 8) + 8 : -EMSGSIZE;
		return len >= 16 && !(len % 8) ? len + 8 : -EMSGSIZE;
	}
	if (len % 8 || len < (kwp ? 16 : 24))
		return -EMSGSIZE;
	return len - 8;
}

/**
 * khsm_aes_wrap_run() - AES key wrap (RFC 3394) or with padding (RFC 5649)
 * @m: the mechanism
 * @op: the operation, checked by khsm_aes_wrap_max_out()
 *
 * Return: 0, -EBADMSG when unwrapping fails its integrity check.
 */
int khsm_aes_wrap_run(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	bool kwp = m->mech == KHSM_MECH_AES_KEY_WRAP_KWP;
	struct khsm_block_cipher bc;
	struct crypto_aes_ctx *aes;
	int ret;

	if (!khsm_aes_key_ok(op->key_len))
		return -ENOEXEC;
	aes = kmalloc(sizeof(*aes), GFP_KERNEL);
	if (!aes)
		return -ENOMEM;
	ret = aes_expandkey(aes, op->key, op->key_len);
	if (ret)
		goto out;
	bc.ctx = aes;
	bc.encrypt = khsm_aes_lib_encrypt;
	bc.decrypt = khsm_aes_lib_decrypt;
	if (op->op == KHSM_OP_ENCRYPT)
		ret = kwp ? khsm_kwp_wrap(&bc, op->in, op->in_len, op->out,
					  &op->out_len) :
			    khsm_kw_wrap(&bc, op->in, op->in_len, op->out,
					 &op->out_len);
	else
		ret = kwp ? khsm_kwp_unwrap(&bc, op->in, op->in_len, op->out,
					    &op->out_len) :
			    khsm_kw_unwrap(&bc, op->in, op->in_len, op->out,
					   &op->out_len);
out:
	kfree_sensitive(aes);
	return ret;
}
