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
 * An empty buffer costs no allocation: it is ZERO_SIZE_PTR, which kfree()
 * and kfree_sensitive() accept.
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
	if (!len)
		return ZERO_SIZE_PTR;
	p = kmalloc(len, GFP_KERNEL_ACCOUNT);
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
 * struct khsm_crypt_job - a single-part KHSM_IOC_CRYPT between its phases
 * @m: the mechanism table row
 * @op: the operation, on kernel copies of the inputs
 * @obj: the key, referenced until the job is released: destroying the
 *	object meanwhile is safe
 * @param: the mechanism parameter
 * @in: the input
 * @aad: the additional data or label
 * @sig: the signature to verify
 * @key: the secret copy of the key, if one is needed (secret memory)
 * @s: the session (alive as long as its file, which the request holds)
 * @grant: the context-specific login the operation used up, or 0
 * @ret: the outcome of khsm_crypt_run()
 */
struct khsm_crypt_job {
	const struct khsm_mech *m;
	struct khsm_mech_op op;
	struct khsm_object *obj;
	u8 *param;
	u8 *in;
	u8 *aad;
	u8 *sig;
	u8 *key;
	struct khsm_session *s;
	u64 grant;
	int ret;
};

/* Checks common to every KHSM_IOC_CRYPT; @m is NULL if none fits. */
static int khsm_crypt_check(const struct khsm_crypt *r,
			    const struct khsm_mech **m)
{
	if (r->pad || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->op < KHSM_OP_ENCRYPT || r->op > KHSM_OP_COUNT)
		return -EINVAL;
	*m = khsm_mech_find(r->mech);
	if (*m && !((*m)->ops & BIT(r->op)))
		*m = NULL;
	return 0;
}

static bool khsm_crypt_wants(const void *req)
{
	const struct khsm_crypt *r = req;

	return !r->flags;
}

/*
 * Everything a single-part operation needs, copied into the job: after
 * this, running it touches no user memory.
 */
static int khsm_crypt_prepare(struct file *file, void *req, void *job)
{
	struct khsm_session *s = file->private_data;
	struct khsm_crypt_job *j = job;
	struct khsm_crypt *r = req;
	ssize_t max;
	int ret = 0;

	ret = khsm_crypt_check(r, &j->m);
	if (ret)
		return ret;
	if (!j->m)
		return -EOPNOTSUPP;

	j->param = khsm_fetch(r->param, r->param_len, KHSM_MAX_PARAM_LEN, &ret);
	if (j->param)
		j->in = khsm_fetch(r->in, r->in_len, KHSM_MAX_DATA_LEN, &ret);
	if (j->in)
		j->aad =
			khsm_fetch(r->aad, r->aad_len, KHSM_MAX_DATA_LEN, &ret);
	if (j->aad)
		j->sig =
			khsm_fetch(r->sig, r->sig_len, KHSM_MAX_DATA_LEN, &ret);
	if (!j->sig)
		return ret;

	j->op.op = r->op;
	j->op.param = j->param;
	j->op.param_len = r->param_len;
	j->op.in = j->in;
	j->op.in_len = r->in_len;
	j->op.aad = j->aad;
	j->op.aad_len = r->aad_len;
	j->op.sig = j->sig;
	j->op.sig_len = r->sig_len;

	j->obj = khsm_object_get(s, r->key);
	if (!j->obj)
		return -ENOENT;
	j->op.obj = j->obj;
	ret = khsm_crypt_key(j->obj, j->m, r->mech, khsm_op_usage[r->op],
			     &j->op, &j->key);
	if (ret)
		return ret;
	j->op.key = j->key;
	j->s = s;
	if (j->op.reauth) {
		ret = khsm_session_grant_take(s, &j->grant);
		if (ret)
			return ret;
	}

	max = j->m->max_out(j->m, &j->op);
	if (max < 0)
		return max;
	/* No buffer: the caller asks how much output to expect. */
	if (!r->out && r->op != KHSM_OP_VERIFY) {
		r->out_len = max;
		khsm_session_grant_return(s, j->grant);
		return 1;
	}
	return 0;
}

/* The operation itself: kernel memory only, any CPU. */
static void khsm_crypt_run(void *job)
{
	struct khsm_crypt_job *j = job;

	j->ret = khsm_mech_do(j->m, &j->op);
}

static int khsm_crypt_finish(void *req, void *job)
{
	struct khsm_crypt_job *j = job;
	struct khsm_crypt *r = req;
	int ret = j->ret;

	if (ret)
		return ret;
	if (r->op != KHSM_OP_VERIFY)
		ret = khsm_copy_out(j->op.out, j->op.out_len, r->out,
				    &r->out_len);
	/* The caller will ask again with a bigger buffer. */
	if (ret == KHSM_RET_SHORT_BUFFER)
		khsm_session_grant_return(j->s, j->grant);
	khsm_mech_done(&j->op);
	return ret;
}

static void khsm_crypt_release(void *job)
{
	struct khsm_crypt_job *j = job;

	if (j->op.out)
		khsm_mech_done(&j->op);
	khsm_secret_free(j->key, j->op.key_len);
	if (j->obj)
		khsm_object_put(j->obj);
	kfree(j->sig);
	kfree_sensitive(j->aad);
	kfree_sensitive(j->in);
	kfree_sensitive(j->param);
	memzero_explicit(j, sizeof(*j));
}

/*
 * A single-part KHSM_IOC_CRYPT in phases, so io_uring can run the middle
 * one on a worker; the ioctl runs all of them in a row (khsm_crypt()).
 */
const struct khsm_async_ops khsm_crypt_async = {
	.job_size = sizeof(struct khsm_crypt_job),
	.wants = khsm_crypt_wants,
	.prepare = khsm_crypt_prepare,
	.run = khsm_crypt_run,
	.finish = khsm_crypt_finish,
	.release = khsm_crypt_release,
};

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
	struct khsm_crypt_job j = {};
	struct khsm_crypt *r = req;
	const struct khsm_mech *m;
	int ret;

	if (r->flags) {
		ret = khsm_crypt_check(r, &m);
		return ret ?: khsm_crypt_step(s, r, m);
	}
	ret = khsm_crypt_prepare(file, req, &j);
	if (!ret) {
		khsm_crypt_run(&j);
		ret = khsm_crypt_finish(req, &j);
	} else if (ret > 0) {
		ret = 0;
	}
	khsm_crypt_release(&j);
	return ret;
}
