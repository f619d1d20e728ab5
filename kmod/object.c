// SPDX-License-Identifier: GPL-2.0
/*
 * Objects: creation from templates, the PKCS#11 attribute rules, reading,
 * changing, finding, copying and destroying, and secret key generation.
 *
 * Every attribute a caller gives is checked against the one rule table in
 * attr.c for the object's class; key material goes to secret memory and
 * comes back out only for an extractable, non-sensitive key.
 */
#include <asm/unaligned.h>
#include <crypto/algapi.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "crypto/shim.h"
#include "dispatch.h"
#include "limits.h"
#include "object.h"
#include "mech.h"
#include "quota.h"
#include "secret.h"
#include "session.h"
#include "store.h"
#include "token.h"

#define KHSM_BIT(b) BIT(KHSM_B_##b)

/* Usage flags a new key gets unless its template says otherwise. */
static const u32 khsm_default_usage[] = {
	[KHSM_CLASS_PUBLIC_KEY] = KHSM_BIT(ENCRYPT) | KHSM_BIT(WRAP) |
				  KHSM_BIT(VERIFY) | KHSM_BIT(VERIFY_RECOVER),
	[KHSM_CLASS_PRIVATE_KEY] = KHSM_BIT(DECRYPT) | KHSM_BIT(UNWRAP) |
				   KHSM_BIT(SIGN) | KHSM_BIT(SIGN_RECOVER) |
				   KHSM_BIT(DERIVE),
	[KHSM_CLASS_SECRET_KEY] = KHSM_BIT(ENCRYPT) | KHSM_BIT(DECRYPT) |
				  KHSM_BIT(WRAP) | KHSM_BIT(UNWRAP) |
				  KHSM_BIT(SIGN) | KHSM_BIT(VERIFY) |
				  KHSM_BIT(DERIVE),
};

/*
 * Defaults: keys holding secrets are private and sensitive unless the
 * template says otherwise, because an importing client (Java) may not ask.
 */
static u32 khsm_default_bools(u64 class)
{
	u32 b = KHSM_BIT(MODIFIABLE) | KHSM_BIT(COPYABLE) |
		KHSM_BIT(DESTROYABLE);

	if (class == KHSM_CLASS_PRIVATE_KEY || class == KHSM_CLASS_SECRET_KEY)
		b |= KHSM_BIT(PRIVATE) | KHSM_BIT(SENSITIVE) |
		     KHSM_BIT(EXTRACTABLE);
	if (class < ARRAY_SIZE(khsm_default_usage))
		b |= khsm_default_usage[class];
	return b;
}

static void khsm_object_release(struct kref *ref)
{
	struct khsm_object *obj = container_of(ref, struct khsm_object, ref);

	if (obj->charged)
		khsm_quota_uncharge(obj->quota_uid, KHSM_QUOTA_OBJECTS);
	khsm_asym_key_free(obj);
	khsm_aes_cache_free(obj);
	khsm_template_free(obj->attrs);
	khsm_template_free(obj->secrets);
	put_pid(obj->owner);
	mutex_destroy(&obj->lock);
	kfree(obj);
}

/**
 * khsm_object_put() - drop a reference to an object
 * @obj: the object, or NULL
 */
void khsm_object_put(struct khsm_object *obj)
{
	if (obj)
		kref_put(&obj->ref, khsm_object_release);
}

static struct khsm_object *khsm_object_alloc(u64 class)
{
	struct khsm_object *obj;

	obj = kzalloc(sizeof(*obj), GFP_KERNEL_ACCOUNT);
	if (!obj)
		return NULL;
	kref_init(&obj->ref);
	mutex_init(&obj->lock);
	obj->class = class;
	obj->key_type = KHSM_ATTR_UNAVAILABLE;
	obj->key_gen_mech = KHSM_ATTR_UNAVAILABLE;
	obj->bools = khsm_default_bools(class);
	obj->attrs = khsm_template_alloc(0, false);
	obj->secrets = khsm_template_alloc(0, true);
	if (!obj->attrs || !obj->secrets) {
		khsm_object_put(obj);
		return NULL;
	}
	return obj;
}

/**
 * khsm_object_new() - an empty object of @class with the default flags
 * @class: KHSM_CLASS_*
 *
 * Return: the object with one reference, or NULL.
 */
struct khsm_object *khsm_object_new(u64 class)
{
	return khsm_object_alloc(class);
}

/**
 * khsm_object_restore() - put a restored token object at its old handle
 * @t: the token (being loaded, or unlocking its private objects)
 * @obj: the object, checked; the table takes over the caller's reference
 * @handle: its handle, free or reserved in @t's table
 *
 * The object is charged to the token's owner.
 *
 * Return: 0, -EDQUOT, -ENOMEM.
 */
int khsm_object_restore(struct khsm_token *t, struct khsm_object *obj,
			u32 handle)
{
	void *old;
	int ret;

	if (!handle)
		return -EINVAL;
	ret = khsm_quota_charge(t->uid, KHSM_QUOTA_OBJECTS);
	if (ret)
		return ret;
	obj->quota_uid = t->uid;
	obj->charged = true;
	if (atomic_inc_return(&t->nobjects) > KHSM_MAX_OBJECTS) {
		ret = -EDQUOT;
		goto err_count;
	}
	obj->handle = handle;
	/* The handle is the caller's: unused, or reserved for this object. */
	old = xa_store(&t->objects, handle, obj, GFP_KERNEL_ACCOUNT);
	ret = xa_err(old);
	if (ret)
		goto err_count;
	WARN_ON_ONCE(old);
	return 0;

err_count:
	atomic_dec(&t->nobjects);
	obj->charged = false;
	khsm_quota_uncharge(t->uid, KHSM_QUOTA_OBJECTS);
	return ret;
}

/* The session's view: which objects it may see. */
static bool khsm_object_visible(const struct khsm_object *obj,
				const struct khsm_session *s, int user)
{
	if (obj->session_id && obj->owner != s->tgid)
		return false;
	/* PRIVATE never changes on an object, so no lock is needed. */
	if ((READ_ONCE(obj->bools) & KHSM_BIT(PRIVATE)) &&
	    user != KHSM_USER_USER)
		return false;
	return true;
}

/**
 * khsm_object_get() - a reference to an object the session may see
 * @s: the session
 * @handle: the object's handle
 *
 * Return: the object (put it with khsm_object_put()), or NULL.
 */
struct khsm_object *khsm_object_get(struct khsm_session *s, u32 handle)
{
	struct khsm_token *t = s->token;
	struct khsm_object *obj;

	xa_lock(&t->objects);
	obj = xa_load(&t->objects, handle);
	if (obj)
		kref_get(&obj->ref);
	xa_unlock(&t->objects);
	if (obj && !khsm_object_visible(obj, s, khsm_token_user(t, s->login))) {
		khsm_object_put(obj);
		obj = NULL;
	}
	return obj;
}

/* May this session hold an object with these flags: -EROFS or -EPERM. */
static int khsm_object_may_own(struct khsm_session *s, u32 bools)
{
	if ((bools & KHSM_BIT(TOKEN)) && !(s->flags & KHSM_SESSION_RW))
		return -EROFS;
	if ((bools & KHSM_BIT(PRIVATE)) &&
	    khsm_token_user(s->token, s->login) != KHSM_USER_USER)
		return -EPERM;
	return 0;
}

/*
 * Apply one template attribute to a new object. @copy: for C_CopyObject,
 * where create-only attributes other than TOKEN and PRIVATE are fixed.
 */
static int khsm_object_apply(struct khsm_object *obj,
			     const struct khsm_tattr *a, bool copy)
{
	const struct khsm_attr_rule *r = khsm_attr_rule(a->type, obj->class);
	bool b;
	u64 v;
	int ret;

	if (!r)
		return -EPROTONOSUPPORT;
	if (r->flags & KHSM_R_NEVER)
		return -EACCES;
	if (copy && (r->flags & KHSM_R_CREATE_ONLY) &&
	    !(r->flags & KHSM_R_COPY_OK))
		return -EACCES;

	switch (r->kind) {
	case KHSM_KIND_BOOL:
		ret = khsm_attr_bool(a, &b);
		if (ret)
			return ret;
		if (copy && (r->flags & KHSM_R_TO_TRUE) && !b &&
		    (obj->bools & BIT(r->bit)))
			return -EACCES;
		if (copy && (r->flags & KHSM_R_TO_FALSE) && b &&
		    !(obj->bools & BIT(r->bit)))
			return -EACCES;
		/* A copy must not make a private object public. */
		if (copy && r->bit == KHSM_B_PRIVATE && !b &&
		    (obj->bools & KHSM_BIT(PRIVATE)))
			return -EACCES;
		if (b)
			obj->bools |= BIT(r->bit);
		else
			obj->bools &= ~BIT(r->bit);
		return 0;
	case KHSM_KIND_ULONG:
		ret = khsm_attr_ulong(a, &v);
		if (ret)
			return ret;
		if (a->type == KHSM_ATTR_CLASS)
			return v == obj->class ? 0 : -EILSEQ;
		if (a->type == KHSM_ATTR_KEY_TYPE) {
			obj->key_type = v;
			return 0;
		}
		break;
	default:
		break;
	}
	if (r->flags & KHSM_R_SECRET)
		return khsm_template_put(&obj->secrets, a->type, a->val,
					 a->len);
	return khsm_template_put(&obj->attrs, a->type, a->val, a->len);
}

static int khsm_require(const struct khsm_object *obj, u64 type)
{
	if (khsm_template_find(obj->attrs, type) ||
	    khsm_template_find(obj->secrets, type))
		return 0;
	return -ENODATA;
}

/**
 * khsm_key_allows() - does a key's CKA_ALLOWED_MECHANISMS admit @mech
 * @obj: the key
 * @mech: KHSM_MECH_*
 *
 * A key without the attribute allows every mechanism of its type.
 *
 * Context: @obj's lock held, or @obj not yet visible.
 * Return: true if it does.
 */
bool khsm_key_allows(struct khsm_object *obj, u64 mech)
{
	struct khsm_tattr *a;
	u32 i;

	a = khsm_template_find(obj->attrs, KHSM_ATTR_ALLOWED_MECHANISMS);
	if (!a)
		return true;
	for (i = 0; i + sizeof(u64) <= a->len; i += sizeof(u64))
		if (get_unaligned((u64 *)(a->val + i)) == mech)
			return true;
	return false;
}

/* CKA_ALLOWED_MECHANISMS is a CK_MECHANISM_TYPE array. */
static int khsm_check_allowed(struct khsm_object *obj)
{
	struct khsm_tattr *a;

	a = khsm_template_find(obj->attrs, KHSM_ATTR_ALLOWED_MECHANISMS);
	return a && a->len % sizeof(u64) ? -EDOM : 0;
}

/**
 * khsm_object_check_class() - is a new object complete and consistent
 * @obj: the object, not yet visible to anyone
 *
 * An asymmetric key is parsed and validated here too, once, so operations
 * find it ready.
 *
 * Return: 0, -ENODATA, -EDOM or -EILSEQ.
 */
int khsm_object_check_class(struct khsm_object *obj)
{
	struct khsm_tattr *value, *len;
	u64 vlen;
	int ret;

	ret = khsm_check_allowed(obj);
	if (ret)
		return ret;
	switch (obj->class) {
	case KHSM_CLASS_DATA:
		return 0;
	case KHSM_CLASS_CERTIFICATE:
		ret = khsm_require(obj, 0x080 /* CKA_CERTIFICATE_TYPE */);
		return ret ?: khsm_require(obj, KHSM_ATTR_VALUE);
	case KHSM_CLASS_SECRET_KEY:
		if (obj->key_type == KHSM_ATTR_UNAVAILABLE)
			return -ENODATA;
		value = khsm_template_find(obj->secrets, KHSM_ATTR_VALUE);
		if (!value)
			return -ENODATA;
		if (obj->key_type == KHSM_KEY_AES) {
			if (value->len != 16 && value->len != 24 &&
			    value->len != 32)
				return -EDOM;
		} else if (obj->key_type == KHSM_KEY_GENERIC_SECRET) {
			if (!value->len || value->len > KHSM_MAX_SECRET_LEN)
				return -EDOM;
		} else {
			return -EDOM;
		}
		len = khsm_template_find(obj->attrs, KHSM_ATTR_VALUE_LEN);
		if (len) {
			ret = khsm_attr_ulong(len, &vlen);
			if (ret)
				return ret;
			if (vlen != value->len)
				return -EILSEQ;
		}
		return 0;
	case KHSM_CLASS_PUBLIC_KEY:
	case KHSM_CLASS_PRIVATE_KEY:
		if (obj->key_type == KHSM_KEY_RSA ||
		    obj->key_type == KHSM_KEY_EC)
			return khsm_asym_key_load(obj);
		return obj->key_type == KHSM_ATTR_UNAVAILABLE ? -ENODATA :
								-EDOM;
	default:
		return -EDOM;
	}
}

/**
 * khsm_object_insert() - give a checked object a handle in the session's token
 * @s: the session
 * @obj: the object; the token's table takes over the caller's reference
 * @handle: receives the handle
 *
 * Return: 0, -EDQUOT when the token is full or the user at their quota,
 * -ENOMEM.
 */
int khsm_object_insert(struct khsm_session *s, struct khsm_object *obj,
		       u32 *handle)
{
	struct khsm_token *t = s->token;
	int ret;

	if (!(obj->bools & KHSM_BIT(TOKEN))) {
		obj->owner = get_pid(s->tgid);
		obj->session_id = s->id;
	}
	/* Charged before it is published: a racing destroy uncharges. */
	ret = khsm_quota_charge(s->uid, KHSM_QUOTA_OBJECTS);
	if (ret)
		return ret;
	obj->quota_uid = s->uid;
	obj->charged = true;
	if (atomic_inc_return(&t->nobjects) > KHSM_MAX_OBJECTS) {
		ret = -EDQUOT;
		goto err_count;
	}
	ret = xa_alloc_cyclic(&t->objects, &obj->handle, obj,
			      XA_LIMIT(1, U32_MAX), &t->next_handle,
			      GFP_KERNEL_ACCOUNT);
	if (ret < 0)
		goto err_count;
	/* Versioned once published, so a state record never names it early. */
	khsm_store_object_changed(t, obj);
	*handle = obj->handle;
	return 0;

err_count:
	atomic_dec(&t->nobjects);
	obj->charged = false;
	khsm_quota_uncharge(s->uid, KHSM_QUOTA_OBJECTS);
	return ret;
}

/**
 * khsm_object_remove() - take back an object just inserted
 * @s: the session that inserted it
 * @obj: the object; the table's reference is dropped
 *
 * For requests that make several objects: all of them, or none.
 *
 * Return: true if @obj was in the table (someone may have destroyed it).
 */
bool khsm_object_remove(struct khsm_session *s, struct khsm_object *obj)
{
	struct khsm_token *t = s->token;

	if (xa_cmpxchg(&t->objects, obj->handle, obj, NULL, 0) != obj)
		return false;
	atomic_dec(&t->nobjects);
	khsm_store_object_removed(t, obj);
	khsm_object_put(obj);
	return true;
}

/**
 * khsm_object_commit() - check a new object and store it, or drop it
 * @s: the session
 * @obj: the new object; on failure its reference is dropped
 * @handle: receives the handle
 *
 * Return: 0, or an error of khsm_object_check_class() or
 * khsm_object_insert().
 */
int khsm_object_commit(struct khsm_session *s, struct khsm_object *obj,
		       u32 *handle)
{
	int ret = khsm_object_check_class(obj);

	if (!ret)
		ret = khsm_object_insert(s, obj, handle);
	if (ret)
		khsm_object_put(obj);
	return ret;
}

/**
 * khsm_object_build() - a new object of @class from @tmpl
 * @s: the session that will own it
 * @class: KHSM_CLASS_*
 * @tmpl: the caller's template
 * @generated: made inside the kernel, so LOCAL, and ALWAYS_SENSITIVE /
 *	NEVER_EXTRACTABLE follow the template
 * @out: receives the object, with one reference
 *
 * Return: 0 or an object error of linux/khsm.h.
 */
int khsm_object_build(struct khsm_session *s, u64 class,
		      const struct khsm_template *tmpl, bool generated,
		      struct khsm_object **out)
{
	struct khsm_object *obj;
	u32 i;
	int ret;

	obj = khsm_object_alloc(class);
	if (!obj)
		return -ENOMEM;
	for (i = 0; i < tmpl->n; i++) {
		ret = khsm_object_apply(obj, &tmpl->a[i], false);
		if (ret)
			goto err_put;
	}
	if (generated) {
		obj->bools |= KHSM_BIT(LOCAL);
		if (obj->bools & KHSM_BIT(SENSITIVE))
			obj->bools |= KHSM_BIT(ALWAYS_SENSITIVE);
		if (!(obj->bools & KHSM_BIT(EXTRACTABLE)))
			obj->bools |= KHSM_BIT(NEVER_EXTRACTABLE);
	}
	ret = khsm_object_may_own(s, obj->bools);
	if (ret)
		goto err_put;
	*out = obj;
	return 0;

err_put:
	khsm_object_put(obj);
	return ret;
}

/**
 * khsm_template_class() - the CKA_CLASS a template gives
 * @tmpl: the template
 * @class: receives the class
 *
 * Return: 0, -ENODATA without one, -EDOM for an unknown class.
 */
int khsm_template_class(const struct khsm_template *tmpl, u64 *class)
{
	struct khsm_tattr *a = khsm_template_find(tmpl, KHSM_ATTR_CLASS);
	int ret;

	if (!a)
		return -ENODATA;
	ret = khsm_attr_ulong(a, class);
	if (ret)
		return ret;
	return *class <= KHSM_CLASS_SECRET_KEY ? 0 : -EDOM;
}

/**
 * khsm_object_create() - KHSM_IOC_OBJECT_CREATE
 * @file: the session's file
 * @req: struct khsm_object_create
 *
 * Return: 0, or the object errors of linux/khsm.h.
 */
int khsm_object_create(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_object_create *r = req;
	struct khsm_template *tmpl;
	struct khsm_object *obj;
	u64 class;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		return ret;
	ret = khsm_template_class(tmpl, &class);
	if (ret)
		goto out_free;
	ret = khsm_object_build(s, class, tmpl, false, &obj);
	if (!ret)
		ret = khsm_object_commit(s, obj, &r->handle);
out_free:
	khsm_template_free(tmpl);
	return ret;
}

/**
 * khsm_generate_key() - KHSM_IOC_GENERATE_KEY: a secret key from the DRBG
 * @file: the session's file
 * @req: struct khsm_generate_key
 *
 * Return: 0; -EOPNOTSUPP for another mechanism; -ERANGE for a key size
 * the mechanism does not make; the object errors of linux/khsm.h.
 */
int khsm_generate_key(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_generate_key *r = req;
	struct khsm_template *tmpl;
	struct khsm_object *obj;
	struct khsm_tattr *a;
	u64 key_type, len;
	u8 *value = NULL;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->mech == KHSM_MECH_AES_KEY_GEN)
		key_type = KHSM_KEY_AES;
	else if (r->mech == KHSM_MECH_GENERIC_SECRET_KEY_GEN)
		key_type = KHSM_KEY_GENERIC_SECRET;
	else
		return -EOPNOTSUPP;

	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		return ret;
	/* The kernel makes the value; a template cannot supply one. */
	ret = -EILSEQ;
	if (khsm_template_find(tmpl, KHSM_ATTR_VALUE))
		goto out_free;
	a = khsm_template_find(tmpl, KHSM_ATTR_VALUE_LEN);
	ret = a ? khsm_attr_ulong(a, &len) : -ENODATA;
	if (ret)
		goto out_free;
	ret = -ERANGE;
	if (key_type == KHSM_KEY_AES && len != 16 && len != 24 && len != 32)
		goto out_free;
	if (!len || len > KHSM_MAX_SECRET_LEN)
		goto out_free;

	ret = khsm_object_build(s, KHSM_CLASS_SECRET_KEY, tmpl, true, &obj);
	if (ret)
		goto out_free;
	ret = -EILSEQ;
	if (obj->key_type != KHSM_ATTR_UNAVAILABLE && obj->key_type != key_type)
		goto out_put;
	obj->key_type = key_type;
	obj->key_gen_mech = r->mech;

	ret = -ENOMEM;
	value = khsm_secret_alloc(len);
	if (!value)
		goto out_put;
	ret = khsm_crypto_random(value, len);
	if (!ret)
		ret = khsm_template_put(&obj->secrets, KHSM_ATTR_VALUE, value,
					len);
	khsm_secret_free(value, len);
	if (!ret) {
		ret = khsm_object_commit(s, obj, &r->handle);
		goto out_free;
	}
out_put:
	khsm_object_put(obj);
out_free:
	khsm_template_free(tmpl);
	return ret;
}

/**
 * khsm_object_copy() - KHSM_IOC_OBJECT_COPY
 * @file: the session's file
 * @req: struct khsm_object_copy
 *
 * Return: 0; -EACCES for an object that is not copyable or an attribute
 * the copy may not change; the object errors of linux/khsm.h.
 */
int khsm_object_copy(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_object_copy *r = req;
	struct khsm_object *src, *obj;
	struct khsm_template *tmpl;
	u32 i;
	int ret;

	if (r->flags || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		return ret;
	src = khsm_object_get(s, r->handle);
	ret = -ENOENT;
	if (!src)
		goto out_free;

	ret = -ENOMEM;
	obj = khsm_object_alloc(src->class);
	if (!obj)
		goto out_put_src;
	mutex_lock(&src->lock);
	if (src->bools & KHSM_BIT(COPYABLE)) {
		obj->key_type = src->key_type;
		obj->key_gen_mech = src->key_gen_mech;
		obj->bools = src->bools;
		khsm_template_free(obj->attrs);
		khsm_template_free(obj->secrets);
		obj->attrs = khsm_template_dup(src->attrs, false);
		obj->secrets = khsm_template_dup(src->secrets, true);
		ret = obj->attrs && obj->secrets ? 0 : -ENOMEM;
	} else {
		ret = -EACCES;
	}
	mutex_unlock(&src->lock);

	for (i = 0; !ret && i < tmpl->n; i++)
		ret = khsm_object_apply(obj, &tmpl->a[i], true);
	if (!ret)
		ret = khsm_object_may_own(s, obj->bools);
	if (ret)
		khsm_object_put(obj);
	else
		ret = khsm_object_commit(s, obj, &r->new_handle);
out_put_src:
	khsm_object_put(src);
out_free:
	khsm_template_free(tmpl);
	return ret;
}

/**
 * khsm_object_destroy() - KHSM_IOC_OBJECT_DESTROY
 * @file: the session's file
 * @req: struct khsm_object_ref
 *
 * Requests already using the object keep it until they finish; its key
 * material is wiped when the last reference goes.
 *
 * Return: 0, -ENOENT, -EACCES (not destroyable), -EROFS (token object in
 * a read-only session).
 */
int khsm_object_destroy(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_object_ref *r = req;
	struct khsm_object *obj;
	int ret;

	if (r->flags || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	obj = khsm_object_get(s, r->handle);
	if (!obj)
		return -ENOENT;
	mutex_lock(&obj->lock);
	if (!(obj->bools & KHSM_BIT(DESTROYABLE)))
		ret = -EACCES;
	else
		ret = khsm_object_may_own(s, obj->bools & (KHSM_BIT(TOKEN) |
							   KHSM_BIT(PRIVATE)));
	mutex_unlock(&obj->lock);
	if (!ret && !khsm_object_remove(s, obj))
		ret = -ENOENT;
	khsm_object_put(obj);
	return ret;
}

/*
 * The value of one attribute, as PKCS#11 encodes it. Returns a kmalloc'ed
 * copy in *val (the staging buffer: secret memory is never copied to user
 * directly), or a KHSM_GET_* bit. Called with obj->lock held.
 */
static int khsm_attr_value(struct khsm_object *obj, u64 type, u8 **val,
			   u32 *len)
{
	const struct khsm_attr_rule *r = khsm_attr_rule(type, obj->class);
	struct khsm_tattr *a;
	u8 buf[sizeof(u64)];
	const u8 *src = buf;
	u64 v;

	lockdep_assert_held(&obj->lock);
	if (!r)
		return KHSM_GET_TYPE_INVALID;
	*len = 0;
	if (r->kind == KHSM_KIND_BOOL) {
		buf[0] = !!(obj->bools & BIT(r->bit));
		*len = 1;
	} else if (type == KHSM_ATTR_CLASS || type == KHSM_ATTR_KEY_TYPE ||
		   type == KHSM_ATTR_KEY_GEN_MECHANISM) {
		v = type == KHSM_ATTR_CLASS    ? obj->class :
		    type == KHSM_ATTR_KEY_TYPE ? obj->key_type :
						 obj->key_gen_mech;
		memcpy(buf, &v, sizeof(v));
		*len = sizeof(v);
	} else if (r->flags & KHSM_R_SECRET) {
		if ((obj->bools & KHSM_BIT(SENSITIVE)) ||
		    !(obj->bools & KHSM_BIT(EXTRACTABLE)))
			return KHSM_GET_SENSITIVE;
		a = khsm_template_find(obj->secrets, type);
		if (a) {
			src = a->val;
			*len = a->len;
		}
	} else {
		a = khsm_template_find(obj->attrs, type);
		if (a) {
			src = a->val;
			*len = a->len;
		}
	}
	*val = kmemdup(src, *len ?: 1, GFP_KERNEL_ACCOUNT);
	return *val ? 0 : -ENOMEM;
}

/**
 * khsm_attr_get() - KHSM_IOC_ATTR_GET
 * @file: the session's file
 * @req: struct khsm_attr_get
 *
 * Each attribute is answered on its own: one sensitive or unknown
 * attribute does not keep the others from being returned.
 *
 * Return: 0 (see @result), -ENOENT, -EINVAL, -EFAULT, -ENOMEM.
 */
int khsm_attr_get(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_attr_get *r = req;
	struct khsm_object *obj;
	struct khsm_attr *ua;
	u8 **vals = NULL;
	u32 *lens = NULL, result = 0, i;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (!r->count || r->count > KHSM_MAX_ATTRS)
		return -EINVAL;
	ua = memdup_user(u64_to_user_ptr(r->attrs),
			 array_size(r->count, sizeof(*ua)));
	if (IS_ERR(ua))
		return PTR_ERR(ua);
	obj = khsm_object_get(s, r->handle);
	ret = -ENOENT;
	if (!obj)
		goto out_free_ua;
	ret = -ENOMEM;
	vals = kcalloc(r->count, sizeof(*vals), GFP_KERNEL_ACCOUNT);
	lens = kcalloc(r->count, sizeof(*lens), GFP_KERNEL_ACCOUNT);
	if (!vals || !lens)
		goto out_put;

	/* Stage every value under the lock; copy out after it. */
	mutex_lock(&obj->lock);
	for (i = 0, ret = 0; i < r->count && ret >= 0; i++) {
		ret = khsm_attr_value(obj, ua[i].type, &vals[i], &lens[i]);
		if (ret > 0) {
			result |= ret;
			ua[i].len = KHSM_ATTR_UNAVAILABLE;
		}
	}
	mutex_unlock(&obj->lock);
	if (ret < 0)
		goto out_put;

	for (i = 0, ret = 0; i < r->count && !ret; i++) {
		if (!vals[i])
			continue;
		if (!ua[i].value) {
			ua[i].len = lens[i];
		} else if (ua[i].len < lens[i]) {
			result |= KHSM_GET_BUFFER_TOO_SMALL;
			ua[i].len = KHSM_ATTR_UNAVAILABLE;
		} else {
			ua[i].len = lens[i];
			if (copy_to_user(u64_to_user_ptr(ua[i].value), vals[i],
					 lens[i]))
				ret = -EFAULT;
		}
	}
	if (!ret && copy_to_user(u64_to_user_ptr(r->attrs), ua,
				 array_size(r->count, sizeof(*ua))))
		ret = -EFAULT;
	r->result = result;
	r->pad = 0;
out_put:
	for (i = 0; vals && i < r->count; i++)
		kfree_sensitive(vals[i]);
	kfree(vals);
	kfree(lens);
	khsm_object_put(obj);
out_free_ua:
	kfree(ua);
	return ret;
}

/**
 * khsm_attr_set() - KHSM_IOC_ATTR_SET: all attributes or none
 * @file: the session's file
 * @req: struct khsm_attr_set
 *
 * Return: 0, -ENOENT, -EACCES (read-only attribute, a one-way rule, or an
 * object that is not modifiable), -EROFS, -EPERM, -EPROTONOSUPPORT, -EDOM.
 */
int khsm_attr_set(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_template *tmpl, *attrs = NULL;
	const struct khsm_attr_rule *rule;
	struct khsm_attr_set *r = req;
	struct khsm_object *obj;
	u32 bools, i;
	bool b;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		return ret;
	obj = khsm_object_get(s, r->handle);
	ret = -ENOENT;
	if (!obj)
		goto out_free;

	mutex_lock(&obj->lock);
	ret = khsm_object_may_own(s, obj->bools & KHSM_BIT(TOKEN));
	if (!ret && !(obj->bools & KHSM_BIT(MODIFIABLE)))
		ret = -EACCES;
	if (!ret) {
		attrs = khsm_template_dup(obj->attrs, false);
		ret = attrs ? 0 : -ENOMEM;
	}
	bools = obj->bools;
	for (i = 0; !ret && i < tmpl->n; i++) {
		const struct khsm_tattr *a = &tmpl->a[i];
		u64 v;

		rule = khsm_attr_rule(a->type, obj->class);
		if (!rule) {
			ret = -EPROTONOSUPPORT;
			break;
		}
		if (rule->flags & (KHSM_R_NEVER | KHSM_R_CREATE_ONLY)) {
			ret = -EACCES;
			break;
		}
		if (rule->kind == KHSM_KIND_BOOL) {
			ret = khsm_attr_bool(a, &b);
			if (ret)
				break;
			if (((rule->flags & KHSM_R_TO_TRUE) && !b &&
			     (bools & BIT(rule->bit))) ||
			    ((rule->flags & KHSM_R_TO_FALSE) && b &&
			     !(bools & BIT(rule->bit)))) {
				ret = -EACCES;
				break;
			}
			if (b)
				bools |= BIT(rule->bit);
			else
				bools &= ~BIT(rule->bit);
			continue;
		}
		if (rule->kind == KHSM_KIND_ULONG) {
			ret = khsm_attr_ulong(a, &v);
			if (ret)
				break;
		}
		ret = khsm_template_put(&attrs, a->type, a->val, a->len);
	}
	if (!ret) {
		swap(obj->attrs, attrs);
		WRITE_ONCE(obj->bools, bools);
		khsm_store_object_changed(s->token, obj);
	}
	mutex_unlock(&obj->lock);
	khsm_template_free(attrs);
	khsm_object_put(obj);
out_free:
	khsm_template_free(tmpl);
	return ret;
}

/* Does @obj hold every value of @tmpl? Called with obj->lock held. */
static bool khsm_object_matches(struct khsm_object *obj,
				const struct khsm_template *tmpl)
{
	u32 i, len;
	bool match = true;
	u8 *val;

	for (i = 0; i < tmpl->n && match; i++) {
		/* Sensitive values answer no, so find cannot probe them. */
		if (khsm_attr_value(obj, tmpl->a[i].type, &val, &len))
			return false;
		match = len == tmpl->a[i].len &&
			!crypto_memneq(val, tmpl->a[i].val, len);
		kfree_sensitive(val);
	}
	return match;
}

/**
 * khsm_object_find() - KHSM_IOC_FIND
 * @file: the session's file
 * @req: struct khsm_find
 *
 * Return: 0; -ENOSPC when more objects match than @capacity (@found is
 * still returned); -EINVAL, -EFAULT, -ENOMEM.
 */
int khsm_object_find(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_token *t = s->token;
	struct khsm_find *r = req;
	struct khsm_object **objs, *obj;
	struct khsm_template *tmpl;
	unsigned long index;
	u32 n = 0, found = 0, max, i;
	u32 *handles = NULL;
	int user, ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		return ret;
	user = khsm_token_user(t, s->login);

	/* Take references under the table lock, compare outside it. */
	max = atomic_read(&t->nobjects) + 16;
	ret = -ENOMEM;
	objs = kvmalloc_array(max, sizeof(*objs), GFP_KERNEL_ACCOUNT);
	if (!objs)
		goto out_free;
	xa_lock(&t->objects);
	xa_for_each(&t->objects, index, obj) {
		if (n == max)
			break;
		if (!khsm_object_visible(obj, s, user))
			continue;
		kref_get(&obj->ref);
		objs[n++] = obj;
	}
	xa_unlock(&t->objects);

	handles = kvmalloc_array(n ?: 1, sizeof(*handles), GFP_KERNEL_ACCOUNT);
	for (i = 0; i < n; i++) {
		obj = objs[i];
		if (handles) {
			mutex_lock(&obj->lock);
			if (khsm_object_matches(obj, tmpl))
				handles[found++] = obj->handle;
			mutex_unlock(&obj->lock);
		}
		khsm_object_put(obj);
	}
	kvfree(objs);
	if (!handles)
		goto out_free;

	r->found = found;
	r->pad = 0;
	/* No array: the caller only asks how many match. */
	ret = 0;
	if (r->handles &&
	    copy_to_user(u64_to_user_ptr(r->handles), handles,
			 array_size(min(found, r->capacity), sizeof(u32))))
		ret = -EFAULT;
	else if (r->handles && found > r->capacity)
		ret = KHSM_RET_SHORT_BUFFER;
	kvfree(handles);
out_free:
	khsm_template_free(tmpl);
	return ret;
}

/*
 * Under the table lock, so a racing C_DestroyObject cannot free an object
 * while it is looked at; dropping the table's reference does not sleep.
 */
static void khsm_objects_erase(struct khsm_token *t, u64 session_id, bool all)
{
	struct khsm_object *obj;
	unsigned long index;

	xa_lock(&t->objects);
	xa_for_each(&t->objects, index, obj) {
		if (!all && obj->session_id != session_id)
			continue;
		__xa_erase(&t->objects, index);
		atomic_dec(&t->nobjects);
		khsm_object_put(obj);
	}
	xa_unlock(&t->objects);
}

/**
 * khsm_objects_destroy_session() - the session objects of a closing session
 * @t: the token
 * @session_id: the session
 */
void khsm_objects_destroy_session(struct khsm_token *t, u64 session_id)
{
	khsm_objects_erase(t, session_id, false);
}

/**
 * khsm_objects_destroy_all() - every object of a token being wiped
 * @t: the token, with no sessions
 */
void khsm_objects_destroy_all(struct khsm_token *t)
{
	khsm_objects_erase(t, 0, true);
}
