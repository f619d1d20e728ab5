// SPDX-License-Identifier: GPL-2.0
/*
 * An object as the plaintext of its sealed record: the fixed fields, then
 * every attribute and secret value. Decoding checks every length even
 * though the record authenticated, so a bug elsewhere cannot become an
 * out-of-bounds read here.
 */
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "limits.h"
#include "object.h"
#include "store.h"

/* Attributes of one object, counting both lists: the rule table's size. */
#define KHSM_OBJREC_MAX_ATTRS 256

/**
 * struct khsm_objrec_head - the start of an object's plaintext
 * @class: KHSM_CLASS_*
 * @key_type: KHSM_KEY_* or KHSM_ATTR_UNAVAILABLE
 * @key_gen_mech: the generating mechanism or KHSM_ATTR_UNAVAILABLE
 * @bools: &khsm_object.bools
 * @nattrs: &struct khsm_objrec_attr entries that follow
 */
struct khsm_objrec_head {
	u64 class;
	u64 key_type;
	u64 key_gen_mech;
	u32 bools;
	u32 nattrs;
};

/**
 * struct khsm_objrec_attr - one attribute, followed by its value
 * @type: CKA_* type
 * @len: value length
 * @secret: 1 for a value of &khsm_object.secrets
 */
struct khsm_objrec_attr {
	u64 type;
	u32 len;
	u32 secret;
};

static size_t khsm_objrec_size(const struct khsm_template *t)
{
	size_t n = 0;
	u32 i;

	for (i = 0; i < t->n; i++)
		n = size_add(n, size_add(sizeof(struct khsm_objrec_attr),
					 t->a[i].len));
	return n;
}

static u8 *khsm_objrec_put(u8 *p, const struct khsm_template *t, u32 secret)
{
	struct khsm_objrec_attr a = { .secret = secret };
	u32 i;

	for (i = 0; i < t->n; i++) {
		a.type = t->a[i].type;
		a.len = t->a[i].len;
		memcpy(p, &a, sizeof(a));
		p += sizeof(a);
		memcpy(p, t->a[i].val, a.len);
		p += a.len;
	}
	return p;
}

/**
 * khsm_objrec_encode() - the plaintext of an object's record
 * @obj: the object
 * @buf: receives a kvmalloc'ed buffer, to be freed with kvfree_sensitive()
 * @len: receives its length
 *
 * Context: @obj's lock held.
 * Return: 0, -EFBIG if the record would exceed KHSM_MAX_RECORD_LEN, -ENOMEM.
 */
int khsm_objrec_encode(struct khsm_object *obj, u8 **buf, u32 *len)
{
	struct khsm_objrec_head h = {
		.class = obj->class,
		.key_type = obj->key_type,
		.key_gen_mech = obj->key_gen_mech,
		.bools = obj->bools,
		.nattrs = obj->attrs->n + obj->secrets->n,
	};
	size_t size;
	u8 *p;

	lockdep_assert_held(&obj->lock);
	size = size_add(sizeof(h), size_add(khsm_objrec_size(obj->attrs),
					    khsm_objrec_size(obj->secrets)));
	/* Room for the header, the inner nonce and two tags. */
	if (size > KHSM_MAX_RECORD_LEN - 256)
		return -EFBIG;
	p = kvmalloc(size, GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*len = size;
	memcpy(p, &h, sizeof(h));
	p = khsm_objrec_put(p + sizeof(h), obj->attrs, 0);
	khsm_objrec_put(p, obj->secrets, 1);
	return 0;
}

/**
 * khsm_objrec_decode() - rebuild an object from its record's plaintext
 * @buf: the plaintext
 * @len: its length
 * @out: receives the object, checked as a new one is, with one reference
 *
 * Return: 0, -EUCLEAN for a malformed plaintext, the errors of
 * khsm_object_check_class(), -ENOMEM.
 */
int khsm_objrec_decode(const u8 *buf, u32 len, struct khsm_object **out)
{
	struct khsm_objrec_head h;
	struct khsm_objrec_attr a;
	struct khsm_object *obj;
	u32 off = sizeof(h), i;
	int ret;

	if (len < sizeof(h))
		return -EUCLEAN;
	memcpy(&h, buf, sizeof(h));
	if (h.class > KHSM_CLASS_SECRET_KEY || h.bools >= BIT(KHSM_B_COUNT) ||
	    h.nattrs > KHSM_OBJREC_MAX_ATTRS)
		return -EUCLEAN;
	obj = khsm_object_new(h.class);
	if (!obj)
		return -ENOMEM;
	obj->key_type = h.key_type;
	obj->key_gen_mech = h.key_gen_mech;
	obj->bools = h.bools;
	for (i = 0; i < h.nattrs; i++) {
		ret = -EUCLEAN;
		if (len - off < sizeof(a))
			goto err_put;
		memcpy(&a, buf + off, sizeof(a));
		off += sizeof(a);
		if (a.len > KHSM_MAX_ATTR_LEN || a.len > len - off ||
		    a.secret > 1)
			goto err_put;
		ret = khsm_template_put(a.secret ? &obj->secrets : &obj->attrs,
					a.type, buf + off, a.len);
		if (ret)
			goto err_put;
		off += a.len;
	}
	ret = -EUCLEAN;
	if (off != len)
		goto err_put;
	ret = khsm_object_check_class(obj);
	if (ret)
		goto err_put;
	*out = obj;
	return 0;

err_put:
	khsm_object_put(obj);
	return ret;
}
