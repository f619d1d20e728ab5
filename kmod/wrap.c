// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_WRAP_KEY and KHSM_IOC_UNWRAP_KEY: keys leave and enter the
 * kernel only encrypted under another key in it.
 *
 * A secret key travels as its value, a private key as PKCS #8. The AES
 * mechanisms (RFC 3394, RFC 5649, CBC with padding) and RSA-OAEP reuse the
 * rows of the mechanism table; CKM_RSA_AES_KEY_WRAP, the format cloud HSMs
 * (AWS CloudHSM, Google Cloud KMS, Azure) import keys in, is an ephemeral
 * AES key under RSA-OAEP followed by the key under that AES key with KWP.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "crypt.h"
#include "crypto/rsa.h"
#include "dispatch.h"
#include "limits.h"
#include "object.h"
#include "pkcs8.h"
#include "secret.h"
#include "session.h"

#define KHSM_BIT(b) BIT(KHSM_B_##b)

/* Largest key material that travels: a PKCS #8 RSA-4096 key is ~2.4 KiB. */
#define KHSM_MAX_WRAPPED_KEY 4096

static bool khsm_wrap_mech_ok(u64 mech)
{
	switch (mech) {
	case KHSM_MECH_AES_KEY_WRAP:
	case KHSM_MECH_AES_KEY_WRAP_KWP:
	case KHSM_MECH_AES_CBC_PAD:
	case KHSM_MECH_RSA_PKCS_OAEP:
	case KHSM_MECH_RSA_AES_KEY_WRAP:
		return true;
	default:
		return false;
	}
}

/*
 * The mechanism table row that encrypts under the wrapping key: for
 * RSA-AES, the OAEP row (the KWP step is run separately).
 */
static const struct khsm_mech *khsm_wrap_row(u64 mech)
{
	return khsm_mech_find(mech == KHSM_MECH_RSA_AES_KEY_WRAP ?
				      KHSM_MECH_RSA_PKCS_OAEP :
				      mech);
}

static int khsm_rsa_aes_params(const u8 *param, u32 len, u32 *aes_len)
{
	const struct khsm_rsa_aes_wrap_params *p = (const void *)param;

	if (len != sizeof(*p))
		return -EBADR;
	if (p->aes_key_bits != 128 && p->aes_key_bits != 192 &&
	    p->aes_key_bits != 256)
		return -EBADR;
	*aes_len = p->aes_key_bits / 8;
	return 0;
}

/* One step with a key given as bytes (the ephemeral AES key). */
static int khsm_kwp_step(u32 op, const u8 *key, u32 key_len, const u8 *in,
			 size_t in_len, struct khsm_mech_op *out)
{
	const struct khsm_mech *kwp =
		khsm_mech_find(KHSM_MECH_AES_KEY_WRAP_KWP);

	memset(out, 0, sizeof(*out));
	out->op = op;
	out->out_secret = op == KHSM_OP_DECRYPT;
	out->key = key;
	out->key_len = key_len;
	out->in = in;
	out->in_len = in_len;
	return khsm_mech_do(kwp, out);
}

/*
 * The wrapped form of @material under @op's key into @out: a single
 * table step, or for RSA-AES the OAEP-wrapped ephemeral key then KWP.
 */
static int khsm_wrap_run(u64 mech, struct khsm_mech_op *op, const u8 *material,
			 size_t len, u64 uout, u64 *uout_len)
{
	const struct khsm_mech *m = khsm_wrap_row(mech);
	struct khsm_mech_op oaep, kwp;
	struct khsm_rsa_aes_wrap_params *p;
	u8 eph[32], *both;
	u32 eph_len;
	int ret;

	op->in = material;
	op->in_len = len;
	if (mech != KHSM_MECH_RSA_AES_KEY_WRAP) {
		ret = khsm_mech_do(m, op);
		if (ret)
			return ret;
		ret = khsm_copy_out(op->out, op->out_len, uout, uout_len);
		khsm_mech_done(op);
		return ret;
	}

	ret = khsm_rsa_aes_params(op->param, op->param_len, &eph_len);
	if (ret)
		return ret;
	ret = khsm_crypto_random(eph, eph_len);
	if (ret)
		return ret;
	p = (void *)op->param;
	oaep = *op;
	oaep.param = (const u8 *)&p->oaep;
	oaep.param_len = sizeof(p->oaep);
	oaep.in = eph;
	oaep.in_len = eph_len;
	ret = khsm_mech_do(m, &oaep);
	if (ret)
		goto out_wipe;
	ret = khsm_kwp_step(KHSM_OP_ENCRYPT, eph, eph_len, material, len, &kwp);
	if (ret)
		goto out_oaep;
	ret = -ENOMEM;
	both = kmalloc(oaep.out_len + kwp.out_len, GFP_KERNEL_ACCOUNT);
	if (both) {
		memcpy(both, oaep.out, oaep.out_len);
		memcpy(both + oaep.out_len, kwp.out, kwp.out_len);
		ret = khsm_copy_out(both, oaep.out_len + kwp.out_len, uout,
				    uout_len);
		kfree(both);
	}
	khsm_mech_done(&kwp);
out_oaep:
	khsm_mech_done(&oaep);
out_wipe:
	memzero_explicit(eph, sizeof(eph));
	return ret;
}

/*
 * The key to wrap, as the bytes that travel (in secret memory, *cap
 * bytes): checked extractable, and trusted-only keys only under a trusted
 * wrapping key.
 */
static int khsm_wrap_material(struct khsm_object *key, u32 wrapping_bools,
			      u8 **out, size_t *len, size_t *cap)
{
	struct khsm_tattr *v;
	ssize_t n;
	int ret = 0;

	mutex_lock(&key->lock);
	if (key->class != KHSM_CLASS_SECRET_KEY &&
	    key->class != KHSM_CLASS_PRIVATE_KEY)
		ret = -ENOEXEC;
	else if (!(key->bools & KHSM_BIT(EXTRACTABLE)))
		ret = -EKEYREJECTED;
	else if ((key->bools & KHSM_BIT(WRAP_WITH_TRUSTED)) &&
		 !(wrapping_bools & KHSM_BIT(TRUSTED)))
		ret = -EKEYREJECTED;
	if (ret)
		goto out_unlock;

	*cap = KHSM_MAX_WRAPPED_KEY;
	*out = khsm_secret_alloc(*cap);
	if (!*out) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (key->class == KHSM_CLASS_SECRET_KEY) {
		v = khsm_template_find(key->secrets, KHSM_ATTR_VALUE);
		if (!v || v->len > *cap) {
			ret = -ENOEXEC;
		} else {
			memcpy(*out, v->val, v->len);
			*len = v->len;
		}
	} else {
		n = khsm_pkcs8_encode(key, *out, *cap);
		if (n < 0)
			ret = n;
		else if (n > *cap)
			ret = -ENOEXEC;
		else
			*len = n;
	}
out_unlock:
	mutex_unlock(&key->lock);
	return ret;
}

/**
 * khsm_wrap_key() - KHSM_IOC_WRAP_KEY
 * @file: the session's file
 * @req: struct khsm_wrap_key
 *
 * Return: 0; -ENOSPC with the length needed; -EKEYREJECTED for a key that
 * is not extractable (or needs a trusted wrapping key); -ENOEXEC for a
 * key that cannot be wrapped or a wrapping key of the wrong kind; the
 * crypt errors of linux/khsm.h.
 */
int khsm_wrap_key(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_wrap_key *r = req;
	struct khsm_object *wk = NULL, *key = NULL;
	struct khsm_mech_op op = { .op = KHSM_OP_ENCRYPT };
	u8 *param = NULL, *wkey = NULL, *material = NULL;
	size_t len = 0, cap = 0;
	int ret = 0;

	if (r->flags || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (!khsm_wrap_mech_ok(r->mech))
		return -EOPNOTSUPP;
	param = khsm_fetch(r->param, r->param_len, KHSM_MAX_PARAM_LEN, &ret);
	if (!param)
		return ret;
	op.param = param;
	op.param_len = r->param_len;

	wk = khsm_object_get(s, r->wrapping_key);
	key = khsm_object_get(s, r->key);
	ret = -ENOENT;
	if (!wk || !key)
		goto out;
	op.obj = wk;
	ret = khsm_crypt_key(wk, khsm_wrap_row(r->mech), r->mech, KHSM_B_WRAP,
			     &op, &wkey);
	if (ret)
		goto out;
	op.key = wkey;
	ret = khsm_wrap_material(key, READ_ONCE(wk->bools), &material, &len,
				 &cap);
	if (!ret)
		ret = khsm_wrap_run(r->mech, &op, material, len, r->out,
				    &r->out_len);
out:
	khsm_secret_free(material, cap);
	khsm_secret_free(wkey, op.key_len);
	khsm_object_put(key);
	khsm_object_put(wk);
	kfree_sensitive(param);
	return ret;
}

/* The plaintext of a wrapped key, into @op->out (khsm_mech_done() it). */
static int khsm_unwrap_run(u64 mech, struct khsm_mech_op *op)
{
	const struct khsm_mech *m = khsm_wrap_row(mech);
	struct khsm_rsa_aes_wrap_params *p;
	struct khsm_mech_op oaep, kwp;
	size_t k;
	u32 eph_len;
	int ret;

	if (mech != KHSM_MECH_RSA_AES_KEY_WRAP)
		return khsm_mech_do(m, op);

	ret = khsm_rsa_aes_params(op->param, op->param_len, &eph_len);
	if (ret)
		return ret;
	k = op->obj->rsa->len;
	if (op->in_len <= k)
		return -EMSGSIZE;
	p = (void *)op->param;
	oaep = *op;
	oaep.param = (const u8 *)&p->oaep;
	oaep.param_len = sizeof(p->oaep);
	oaep.in_len = k;
	ret = khsm_mech_do(m, &oaep);
	if (ret)
		return ret;
	if (oaep.out_len != eph_len)
		ret = -EBADMSG;
	else
		ret = khsm_kwp_step(KHSM_OP_DECRYPT, oaep.out, eph_len,
				    op->in + k, op->in_len - k, &kwp);
	khsm_mech_done(&oaep);
	if (ret)
		return ret;
	op->out = kwp.out;
	op->out_len = kwp.out_len;
	op->out_cap = kwp.out_cap;
	return 0;
}

/* Attributes an unwrap template may not give: the key decides them. */
static const u64 khsm_unwrap_forbidden[] = {
	KHSM_ATTR_VALUE,	   KHSM_ATTR_MODULUS,
	KHSM_ATTR_PUBLIC_EXPONENT, KHSM_ATTR_PRIVATE_EXPONENT,
	KHSM_ATTR_PRIME_1,	   KHSM_ATTR_PRIME_2,
	KHSM_ATTR_EXPONENT_1,	   KHSM_ATTR_EXPONENT_2,
	KHSM_ATTR_COEFFICIENT,	   KHSM_ATTR_EC_POINT,
};

static int khsm_unwrap_into(struct khsm_session *s, struct khsm_unwrap_key *r,
			    const struct khsm_template *tmpl, const u8 *plain,
			    size_t len)
{
	struct khsm_object *obj;
	unsigned int i;
	u64 class;
	int ret;

	ret = khsm_template_class(tmpl, &class);
	if (ret)
		return ret;
	if (class != KHSM_CLASS_SECRET_KEY && class != KHSM_CLASS_PRIVATE_KEY)
		return -EILSEQ;
	if (!khsm_template_find(tmpl, KHSM_ATTR_KEY_TYPE))
		return -ENODATA;
	for (i = 0; i < ARRAY_SIZE(khsm_unwrap_forbidden); i++)
		if (khsm_template_find(tmpl, khsm_unwrap_forbidden[i]))
			return -EILSEQ;
	/* Not generated: LOCAL, ALWAYS_SENSITIVE, NEVER_EXTRACTABLE false. */
	ret = khsm_object_build(s, class, tmpl, false, &obj);
	if (ret)
		return ret;
	if (class == KHSM_CLASS_SECRET_KEY)
		ret = khsm_template_put(&obj->secrets, KHSM_ATTR_VALUE, plain,
					len);
	else
		ret = khsm_pkcs8_decode(plain, len, obj);
	if (ret) {
		khsm_object_put(obj);
		return ret;
	}
	ret = khsm_object_commit(s, obj, &r->handle);
	/* A value that decrypted but is no key of this type. */
	if (ret == -EDOM)
		ret = -EBADMSG;
	return ret;
}

/**
 * khsm_unwrap_key() - KHSM_IOC_UNWRAP_KEY
 * @file: the session's file
 * @req: struct khsm_unwrap_key
 *
 * Return: 0; -EBADMSG for a wrapped key that does not decrypt to a key of
 * the template's type; the object and crypt errors of linux/khsm.h.
 */
int khsm_unwrap_key(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_unwrap_key *r = req;
	struct khsm_mech_op op = { .op = KHSM_OP_DECRYPT, .out_secret = true };
	struct khsm_template *tmpl = NULL;
	struct khsm_object *uk = NULL;
	u8 *param = NULL, *in = NULL, *ukey = NULL;
	u64 grant;
	int ret = 0;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (!khsm_wrap_mech_ok(r->mech))
		return -EOPNOTSUPP;
	param = khsm_fetch(r->param, r->param_len, KHSM_MAX_PARAM_LEN, &ret);
	if (param)
		in = khsm_fetch(r->in, r->in_len, KHSM_MAX_DATA_LEN, &ret);
	if (!in)
		goto out;
	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		goto out;
	op.param = param;
	op.param_len = r->param_len;
	op.in = in;
	op.in_len = r->in_len;

	ret = -ENOENT;
	uk = khsm_object_get(s, r->unwrapping_key);
	if (!uk)
		goto out;
	op.obj = uk;
	ret = khsm_crypt_key(uk, khsm_wrap_row(r->mech), r->mech, KHSM_B_UNWRAP,
			     &op, &ukey);
	if (ret)
		goto out;
	op.key = ukey;
	/* Unwrapping decrypts: an always-authenticate key needs its PIN. */
	if (op.reauth) {
		ret = khsm_session_grant_take(s, &grant);
		if (ret)
			goto out;
	}
	ret = khsm_unwrap_run(r->mech, &op);
	if (ret)
		goto out;
	ret = khsm_unwrap_into(s, r, tmpl, op.out, op.out_len);
	khsm_mech_done(&op);
out:
	khsm_secret_free(ukey, op.key_len);
	khsm_object_put(uk);
	khsm_template_free(tmpl);
	kfree_sensitive(in);
	kfree_sensitive(param);
	return ret;
}
