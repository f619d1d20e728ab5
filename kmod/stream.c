// SPDX-License-Identifier: GPL-2.0
/*
 * Multi-part operations (C_*Init / C_*Update / C_*Final) on a session.
 *
 * Signatures that hash in the kernel and MACs stream: each update goes
 * through a kernel hash, so a message of any length can be signed. AES
 * encryption and decryption gather their input (up to KHSM_MAX_DATA_LEN)
 * and produce the output at the final step, which PKCS#11 allows; GCM
 * must anyway, as its tag covers everything. Mechanisms whose input is a
 * digest or a key (raw RSA, CKM_ECDSA, OAEP, key wrap) are single-part,
 * as PKCS#11 defines them.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "crypt.h"
#include "dispatch.h"
#include "limits.h"
#include "object.h"
#include "secret.h"
#include "session.h"
#include "stream.h"

/* An input length every multi-part AES mode accepts, to check parameters. */
#define KHSM_PROBE_LEN 16

enum khsm_stream_kind {
	KHSM_STREAM_NONE,
	KHSM_STREAM_GATHER, /* AES: input gathered, run at the end */
	KHSM_STREAM_HASH_SIGN, /* RSA/ECDSA with a hash: digest streamed */
	KHSM_STREAM_MAC, /* HMAC, CMAC: MAC streamed */
};

/**
 * struct khsm_stream - one multi-part operation of a session
 * @m: the mechanism
 * @op: the operation as set up at the start (key, parameter, AAD)
 * @obj: the key object, referenced for the operation's life
 * @key: the secret copy of the key, if one was made
 * @param: the parameter, owned
 * @aad: GCM's additional data, owned
 * @kind: enum khsm_stream_kind
 * @desc: the running hash or MAC
 * @buf: gathered input (KHSM_STREAM_GATHER)
 * @len: bytes in @buf
 */
struct khsm_stream {
	const struct khsm_mech *m;
	struct khsm_mech_op op;
	struct khsm_object *obj;
	u8 *key;
	u8 *param;
	u8 *aad;
	int kind;
	struct shash_desc *desc;
	u8 *buf;
	size_t len;
};

static const char *const khsm_hash_names[] = {
	[KHSM_HASH_SHA1] = "sha1",     [KHSM_HASH_SHA224] = "sha224",
	[KHSM_HASH_SHA256] = "sha256", [KHSM_HASH_SHA384] = "sha384",
	[KHSM_HASH_SHA512] = "sha512",
};

static int khsm_stream_kind(const struct khsm_mech *m)
{
	enum khsm_hash_alg alg;

	switch (m->mech) {
	case KHSM_MECH_AES_ECB:
	case KHSM_MECH_AES_CBC:
	case KHSM_MECH_AES_CBC_PAD:
	case KHSM_MECH_AES_CTR:
	case KHSM_MECH_AES_GCM:
		return KHSM_STREAM_GATHER;
	case KHSM_MECH_SHA256_HMAC:
	case KHSM_MECH_SHA384_HMAC:
	case KHSM_MECH_SHA512_HMAC:
	case KHSM_MECH_AES_CMAC:
		return KHSM_STREAM_MAC;
	default:
		return khsm_mech_hash(m->mech, &alg) ? KHSM_STREAM_NONE :
						       KHSM_STREAM_HASH_SIGN;
	}
}

static void khsm_stream_free(struct khsm_stream *st)
{
	if (!st)
		return;
	if (st->desc) {
		struct crypto_shash *tfm = st->desc->tfm;

		kfree_sensitive(st->desc);
		crypto_free_shash(tfm);
	}
	kvfree_sensitive(st->buf, KHSM_MAX_DATA_LEN);
	khsm_secret_free(st->key, st->op.key_len);
	khsm_object_put(st->obj);
	kfree_sensitive(st->param);
	kfree_sensitive(st->aad);
	kfree(st);
}

/**
 * khsm_streams_free() - end every multi-part operation of a session
 * @s: the session, being closed
 */
void khsm_streams_free(struct khsm_session *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->streams); i++) {
		khsm_stream_free(s->streams[i]);
		s->streams[i] = NULL;
	}
}

static int khsm_stream_hash(struct khsm_stream *st)
{
	struct crypto_shash *tfm;
	enum khsm_hash_alg alg;
	const char *name;
	int ret;

	if (st->kind == KHSM_STREAM_MAC) {
		name = st->m->alg;
	} else {
		ret = khsm_mech_hash(st->m->mech, &alg);
		if (ret)
			return ret;
		name = khsm_hash_names[alg];
	}
	tfm = crypto_alloc_shash(name, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm) == -ENOENT ? -EOPNOTSUPP : PTR_ERR(tfm);
	st->desc = kzalloc(sizeof(*st->desc) + crypto_shash_descsize(tfm),
			   GFP_KERNEL_ACCOUNT);
	if (!st->desc) {
		crypto_free_shash(tfm);
		return -ENOMEM;
	}
	st->desc->tfm = tfm;
	if (st->kind == KHSM_STREAM_MAC) {
		ret = crypto_shash_setkey(tfm, st->op.key, st->op.key_len);
		if (ret)
			return ret == -EINVAL ? -ENOEXEC : ret;
	}
	return crypto_shash_init(st->desc);
}

/* Check the parameter now, as C_*Init must, with a stand-in length. */
static int khsm_stream_check(struct khsm_stream *st)
{
	struct khsm_mech_op probe = st->op;
	ssize_t max;

	if (probe.op == KHSM_OP_VERIFY)
		probe.op = KHSM_OP_SIGN;
	probe.in_len = KHSM_PROBE_LEN;
	max = st->m->max_out(st->m, &probe);
	return max < 0 ? max : 0;
}

static int khsm_stream_begin(struct khsm_session *s, struct khsm_crypt *r,
			     const struct khsm_mech *m)
{
	struct khsm_stream *st;
	u64 grant;
	int ret = 0;

	if (r->in_len || r->sig_len)
		return -EINVAL;
	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return -ENOMEM;
	st->m = m;
	st->kind = khsm_stream_kind(m);
	st->op.op = r->op;
	st->param =
		khsm_fetch(r->param, r->param_len, KHSM_MAX_PARAM_LEN, &ret);
	if (st->param)
		st->aad =
			khsm_fetch(r->aad, r->aad_len, KHSM_MAX_DATA_LEN, &ret);
	if (!st->aad)
		goto err;
	st->op.param = st->param;
	st->op.param_len = r->param_len;
	st->op.aad = st->aad;
	st->op.aad_len = r->aad_len;

	ret = -ENOENT;
	st->obj = khsm_object_get(s, r->key);
	if (!st->obj)
		goto err;
	st->op.obj = st->obj;
	ret = khsm_crypt_key(st->obj, m, r->mech, khsm_op_usage_flag(r->op),
			     &st->op, &st->key);
	if (ret)
		goto err;
	st->op.key = st->key;
	if (st->op.reauth) {
		/* The whole multi-part operation is the one use allowed. */
		ret = khsm_session_grant_take(s, &grant);
		if (ret)
			goto err;
	}
	ret = khsm_stream_check(st);
	if (ret)
		goto err;
	if (st->kind == KHSM_STREAM_GATHER) {
		st->buf = kvmalloc(KHSM_MAX_DATA_LEN, GFP_KERNEL_ACCOUNT);
		ret = st->buf ? 0 : -ENOMEM;
	} else {
		ret = khsm_stream_hash(st);
	}
	if (ret)
		goto err;

	mutex_lock(&s->stream_lock);
	if (s->streams[r->op]) {
		ret = -EBUSY;
	} else {
		s->streams[r->op] = st;
		st = NULL;
	}
	mutex_unlock(&s->stream_lock);
err:
	khsm_stream_free(st);
	return ret;
}

static int khsm_stream_update(struct khsm_stream *st, struct khsm_crypt *r)
{
	int ret = 0;
	u8 *in;

	in = khsm_fetch(r->in, r->in_len, KHSM_MAX_DATA_LEN, &ret);
	if (!in)
		return ret;
	if (st->kind == KHSM_STREAM_GATHER) {
		if (r->in_len > KHSM_MAX_DATA_LEN - st->len) {
			ret = -EMSGSIZE;
		} else {
			memcpy(st->buf + st->len, in, r->in_len);
			st->len += r->in_len;
		}
	} else {
		ret = crypto_shash_update(st->desc, in, r->in_len);
	}
	kfree_sensitive(in);
	r->out_len = 0;
	return ret;
}

/* The output length of the final step, without doing it. */
static ssize_t khsm_stream_final_len(struct khsm_stream *st)
{
	struct khsm_mech_op probe = st->op;

	probe.in = st->buf;
	probe.in_len = st->kind == KHSM_STREAM_GATHER ?
			       st->len :
			       crypto_shash_digestsize(st->desc->tfm);
	probe.prehashed = st->kind == KHSM_STREAM_HASH_SIGN;
	if (probe.op == KHSM_OP_VERIFY)
		probe.op = KHSM_OP_SIGN;
	return st->m->max_out(st->m, &probe);
}

static int khsm_stream_final(struct khsm_stream *st, struct khsm_crypt *r)
{
	u8 digest[HASH_MAX_DIGESTSIZE], *sig = NULL;
	struct khsm_mech_op op = st->op;
	size_t dlen = 0;
	ssize_t max;
	int ret = 0;

	if (r->op == KHSM_OP_VERIFY) {
		sig = khsm_fetch(r->sig, r->sig_len, KHSM_MAX_DATA_LEN, &ret);
		if (!sig)
			return ret;
		op.sig = sig;
		op.sig_len = r->sig_len;
	} else {
		max = khsm_stream_final_len(st);
		ret = max < 0 ? max : 0;
		/* A length query or a short buffer keeps the operation. */
		if (!ret && (!r->out || max > r->out_len) &&
		    st->kind != KHSM_STREAM_GATHER) {
			r->out_len = max;
			return r->out ? KHSM_RET_SHORT_BUFFER : 0;
		}
		if (!ret && !r->out) {
			r->out_len = max;
			return 0;
		}
	}

	if (!ret && st->kind == KHSM_STREAM_GATHER) {
		op.in = st->buf;
		op.in_len = st->len;
	} else if (!ret) {
		dlen = crypto_shash_digestsize(st->desc->tfm);
		ret = crypto_shash_final(st->desc, digest);
		op.in = digest;
		op.in_len = dlen;
		op.prehashed = true;
	}
	if (!ret && st->kind == KHSM_STREAM_MAC) {
		if (r->op == KHSM_OP_VERIFY)
			ret = r->sig_len != dlen	       ? -EOVERFLOW :
			      crypto_memneq(sig, digest, dlen) ? -EBADMSG :
								 0;
		else
			ret = khsm_copy_out(digest, dlen, r->out, &r->out_len);
	} else if (!ret) {
		ret = khsm_mech_do(st->m, &op);
		if (!ret) {
			if (r->op != KHSM_OP_VERIFY)
				ret = khsm_copy_out(op.out, op.out_len, r->out,
						    &r->out_len);
			khsm_mech_done(&op);
		}
	}
	memzero_explicit(digest, sizeof(digest));
	kfree(sig);
	return ret;
}

/**
 * khsm_crypt_step() - one step of a multi-part KHSM_IOC_CRYPT
 * @s: the session
 * @r: the request, with exactly one KHSM_CRYPT_* flag
 * @m: the mechanism (for KHSM_CRYPT_BEGIN)
 *
 * Return: 0, KHSM_RET_SHORT_BUFFER (the operation goes on), or -errno
 * (the operation, if any, has ended): -EBUSY, -ENOMSG, -EOPNOTSUPP for a
 * single-part mechanism, and the crypt errors of linux/khsm.h.
 */
int khsm_crypt_step(struct khsm_session *s, struct khsm_crypt *r,
		    const struct khsm_mech *m)
{
	struct khsm_stream *st;
	int ret;

	if (r->flags == KHSM_CRYPT_BEGIN) {
		if (!m || khsm_stream_kind(m) == KHSM_STREAM_NONE)
			return -EOPNOTSUPP;
		return khsm_stream_begin(s, r, m);
	}
	if (r->flags != KHSM_CRYPT_UPDATE && r->flags != KHSM_CRYPT_FINAL &&
	    r->flags != KHSM_CRYPT_CANCEL)
		return -EINVAL;

	/* The operation is taken out while it runs: no other step sees it. */
	mutex_lock(&s->stream_lock);
	st = s->streams[r->op];
	s->streams[r->op] = NULL;
	mutex_unlock(&s->stream_lock);
	if (!st)
		return -ENOMSG;

	if (r->flags == KHSM_CRYPT_CANCEL)
		ret = -ECANCELED;
	else if (r->flags == KHSM_CRYPT_UPDATE)
		ret = khsm_stream_update(st, r);
	else
		ret = khsm_stream_final(st, r);

	if ((!ret && r->flags == KHSM_CRYPT_UPDATE) ||
	    ret == KHSM_RET_SHORT_BUFFER ||
	    (!ret && r->flags == KHSM_CRYPT_FINAL && !r->out &&
	     r->op != KHSM_OP_VERIFY)) {
		mutex_lock(&s->stream_lock);
		s->streams[r->op] = st;
		mutex_unlock(&s->stream_lock);
		return ret;
	}
	khsm_stream_free(st);
	return ret == -ECANCELED ? 0 : ret;
}
