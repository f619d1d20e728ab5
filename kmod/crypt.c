// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_CRYPT: one whole operation with a resident key.
 *
 * Inputs are copied in once, the key is copied (in secret memory) out of
 * its object under the object's lock, the mechanism runs on kernel buffers
 * only, and the output is copied out at the end.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "crypt.h"
#include "crypto/shim.h"
#include "dispatch.h"
#include "limits.h"
#include "mech.h"
#include "object.h"
#include "secret.h"
#include "session.h"
#include "stream.h"

/* The usage flag each operation needs on its key. */
static const enum khsm_bool khsm_op_usage[] = {
	[KHSM_OP_ENCRYPT] = KHSM_B_ENCRYPT,
	[KHSM_OP_DECRYPT] = KHSM_B_DECRYPT,
	[KHSM_OP_SIGN] = KHSM_B_SIGN,
	[KHSM_OP_VERIFY] = KHSM_B_VERIFY,
	[KHSM_OP_SIGN_RECOVER] = KHSM_B_SIGN_RECOVER,
	[KHSM_OP_VERIFY_RECOVER] = KHSM_B_VERIFY_RECOVER,
};

/**
 * khsm_op_usage_flag() - the usage flag a key needs for an operation
 * @op: KHSM_OP_ENCRYPT to KHSM_OP_COUNT
 *
 * Return: the flag.
 */
enum khsm_bool khsm_op_usage_flag(u32 op)
{
	return khsm_op_usage[op];
}

/**
 * khsm_fetch() - a user buffer copied into kernel memory
 * @uptr: its address
 * @len: its length
 * @max: the most this request accepts (-EMSGSIZE beyond)
 * @err: receives the error
 *
 * Return: the copy (kfree() it), or NULL with *@err set.
 */
u8 *khsm_fetch(u64 uptr, u64 len, u64 max, int *err)
{
	u8 *p;

	if (len > max) {
		*err = -EMSGSIZE;
		return NULL;
	}
	if (!uptr && len) {
		*err = -EINVAL;
		return NULL;
	}
	p = kmalloc(len ?: 1, GFP_KERNEL_ACCOUNT);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	if (copy_from_user(p, u64_to_user_ptr(uptr), len)) {
		kfree(p);
		*err = -EFAULT;
		return NULL;
	}
	return p;
}

static bool khsm_mech_is_asym(const struct khsm_mech *m)
{
	return m->key_type == KHSM_KEY_RSA || m->key_type == KHSM_KEY_EC;
}

/* The class of key @op needs: private halves sign and decrypt. */
static u64 khsm_op_class(const struct khsm_mech *m, u32 op)
{
	if (!khsm_mech_is_asym(m))
		return KHSM_CLASS_SECRET_KEY;
	if (op == KHSM_OP_SIGN || op == KHSM_OP_DECRYPT ||
	    op == KHSM_OP_SIGN_RECOVER)
		return KHSM_CLASS_PRIVATE_KEY;
	return KHSM_CLASS_PUBLIC_KEY;
}

/**
 * khsm_crypt_key() - check a key for an operation and make it ready
 * @obj: the key, referenced
 * @m: the mechanism table row that will run
 * @mech: the mechanism the caller named (its CKA_ALLOWED_MECHANISMS check)
 * @usage: the usage flag the operation needs (KHSM_B_ENCRYPT, KHSM_B_WRAP...)
 * @mop: the operation (@mop->op set); receives the key
 * @key: receives the secret copy, if one is made (khsm_secret_free() it
 *	with @mop->key_len)
 *
 * Check @obj may do @mop->op with @m, and give @mop what it needs of it:
 * a copy of a secret key's value or of an EC private scalar, in secret
 * memory; an RSA key and an EC public point are read in place, as they
 * never change once the object exists. @mop->reauth tells whether the
 * caller must use up a context-specific login (khsm_session_grant_take())
 * before it runs the operation: every use of a private key goes through
 * here, so none escapes that check.
 *
 * Return: 0, -ENOEXEC (wrong class or type), -EPERM (usage), -EOPNOTSUPP
 * (not among the key's allowed mechanisms), -ENOMEM.
 */
int khsm_crypt_key(struct khsm_object *obj, const struct khsm_mech *m, u64 mech,
		   enum khsm_bool usage, struct khsm_mech_op *mop, u8 **key)
{
	struct khsm_tattr *v;
	u32 len = 0;
	int ret = 0;

	mutex_lock(&obj->lock);
	if (obj->class != khsm_op_class(m, mop->op) ||
	    obj->key_type != m->key_type)
		ret = -ENOEXEC;
	else if (!(obj->bools & BIT(usage)))
		ret = -EPERM;
	else if (!khsm_key_allows(obj, mech))
		ret = -EOPNOTSUPP;
	mop->reauth = obj->class == KHSM_CLASS_PRIVATE_KEY &&
		      (obj->bools & BIT(KHSM_B_ALWAYS_AUTHENTICATE));
	if (ret || obj->class == KHSM_CLASS_PUBLIC_KEY ||
	    obj->key_type == KHSM_KEY_RSA)
		goto out_unlock;

	if (obj->key_type == KHSM_KEY_EC) {
		len = khsm_ec_bytes(obj->curve);
	} else {
		v = khsm_template_find(obj->secrets, KHSM_ATTR_VALUE);
		if (!v) {
			ret = -ENOEXEC;
			goto out_unlock;
		}
		len = v->len;
	}
	*key = khsm_secret_alloc(len);
	if (!*key) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	mop->key_len = len;
	if (obj->key_type == KHSM_KEY_EC)
		ret = khsm_ec_private_value(obj, *key);
	else
		memcpy(*key, v->val, len);
out_unlock:
	mutex_unlock(&obj->lock);
	return ret;
}

/**
 * khsm_mech_do() - run a mechanism into a new kernel buffer
 * @m: the mechanism
 * @op: the operation; on success @op->out holds @op->out_len bytes, in
 *	secret memory if @op->out_secret (key material that never leaves),
 *	else in ordinary memory that may be copied to the caller; release
 *	with khsm_mech_done()
 *
 * Return: 0, or the mechanism's -errno (nothing to release).
 */
int khsm_mech_do(const struct khsm_mech *m, struct khsm_mech_op *op)
{
	ssize_t max = m->max_out(m, op);
	int ret;

	if (max < 0)
		return max;
	op->out_cap = max ?: 1;
	if (op->out_secret)
		op->out = khsm_crypto_alloc(op->out_cap);
	else
		op->out = kvzalloc(op->out_cap, GFP_KERNEL_ACCOUNT);
	if (!op->out)
		return -ENOMEM;
	op->out_len = max;
	ret = m->run(m, op);
	if (ret)
		khsm_mech_done(op);
	return ret;
}

/**
 * khsm_mech_done() - release the output of khsm_mech_do()
 * @op: the operation
 */
void khsm_mech_done(struct khsm_mech_op *op)
{
	if (op->out_secret)
		khsm_crypto_free(op->out, op->out_cap);
	else
		kvfree_sensitive(op->out, op->out_cap);
	op->out = NULL;
}

/**
 * khsm_copy_out() - give the caller an output, or the length it needs
 * @src: the output
 * @len: its length
 * @uptr: the caller's buffer, or 0 to ask the length
 * @ulen: in: the buffer's size; out: @len
 *
 * Return: 0, KHSM_RET_SHORT_BUFFER, or -EFAULT.
 */
int khsm_copy_out(const void *src, u64 len, u64 uptr, u64 *ulen)
{
	u64 room = *ulen;

	*ulen = len;
	if (!uptr)
		return 0;
	if (len > room)
		return KHSM_RET_SHORT_BUFFER;
	return copy_to_user(u64_to_user_ptr(uptr), src, len) ? -EFAULT : 0;
}

/**
 * khsm_crypt() - KHSM_IOC_CRYPT
 * @file: the session's file
 * @req: struct khsm_crypt
 *
 * Return: 0; -ENOSPC with the length needed; the crypt errors of
 * linux/khsm.h.
 */
int khsm_crypt(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_mech_op op = {};
	struct khsm_crypt *r = req;
	const struct khsm_mech *m;
	u8 *param = NULL, *in = NULL, *aad = NULL, *sig = NULL;
	struct khsm_object *obj = NULL;
	u8 *key = NULL;
	u64 grant = 0;
	ssize_t max;
	int ret = 0;

	if (r->pad || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->op < KHSM_OP_ENCRYPT || r->op > KHSM_OP_COUNT)
		return -EINVAL;
	m = khsm_mech_find(r->mech);
	if (m && !(m->ops & BIT(r->op)))
		m = NULL;
	if (r->flags)
		return khsm_crypt_step(s, r, m);
	if (!m)
		return -EOPNOTSUPP;

	param = khsm_fetch(r->param, r->param_len, KHSM_MAX_PARAM_LEN, &ret);
	if (param)
		in = khsm_fetch(r->in, r->in_len, KHSM_MAX_DATA_LEN, &ret);
	if (in)
		aad = khsm_fetch(r->aad, r->aad_len, KHSM_MAX_DATA_LEN, &ret);
	if (aad)
		sig = khsm_fetch(r->sig, r->sig_len, KHSM_MAX_DATA_LEN, &ret);
	if (!sig)
		goto out_free;

	op.op = r->op;
	op.param = param;
	op.param_len = r->param_len;
	op.in = in;
	op.in_len = r->in_len;
	op.aad = aad;
	op.aad_len = r->aad_len;
	op.sig = sig;
	op.sig_len = r->sig_len;

	obj = khsm_object_get(s, r->key);
	if (!obj) {
		ret = -ENOENT;
		goto out_free;
	}
	op.obj = obj;
	ret = khsm_crypt_key(obj, m, r->mech, khsm_op_usage[r->op], &op, &key);
	if (ret)
		goto out_free;
	op.key = key;
	if (op.reauth) {
		ret = khsm_session_grant_take(s, &grant);
		if (ret)
			goto out_free;
	}

	max = m->max_out(m, &op);
	if (max < 0) {
		ret = max;
		goto out_free;
	}
	/* No buffer: the caller asks how much output to expect. */
	if (!r->out && r->op != KHSM_OP_VERIFY) {
		r->out_len = max;
		khsm_session_grant_return(s, grant);
		goto out_free;
	}
	ret = khsm_mech_do(m, &op);
	if (ret)
		goto out_free;
	if (r->op != KHSM_OP_VERIFY)
		ret = khsm_copy_out(op.out, op.out_len, r->out, &r->out_len);
	/* The caller will ask again with a bigger buffer. */
	if (ret == KHSM_RET_SHORT_BUFFER)
		khsm_session_grant_return(s, grant);
	khsm_mech_done(&op);
out_free:
	khsm_secret_free(key, op.key_len);
	khsm_object_put(obj);
	kfree(sig);
	kfree_sensitive(aad);
	kfree_sensitive(in);
	kfree_sensitive(param);
	return ret;
}
