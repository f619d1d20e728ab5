// SPDX-License-Identifier: GPL-2.0
/*
 * Attributes: the one table of what each attribute is, for which classes,
 * and how it may be set; and the kernel's copies of templates.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "attr.h"
#include "limits.h"
#include "secret.h"

#define B(t, c, b, f)                                                \
	{                                                            \
		.type = (t), .classes = (c), .kind = KHSM_KIND_BOOL, \
		.bit = (b), .flags = (f)                             \
	}
#define U(t, c, f)                                                    \
	{                                                             \
		.type = (t), .classes = (c), .kind = KHSM_KIND_ULONG, \
		.flags = (f)                                          \
	}
#define S(t, c, f)                                                    \
	{                                                             \
		.type = (t), .classes = (c), .kind = KHSM_KIND_BYTES, \
		.flags = (f)                                          \
	}

/*
 * Sorted by type, then class: khsm_attr_rules_check() verifies it at load.
 * The PKCS#11 v2.40 numbers are given where the kernel has no name.
 */
static const struct khsm_attr_rule khsm_attr_rules[] = {
	U(KHSM_ATTR_CLASS, KHSM_C_ALL, KHSM_R_CREATE_ONLY),
	B(KHSM_ATTR_TOKEN, KHSM_C_ALL, KHSM_B_TOKEN,
	  KHSM_R_CREATE_ONLY | KHSM_R_COPY_OK),
	B(KHSM_ATTR_PRIVATE, KHSM_C_ALL, KHSM_B_PRIVATE,
	  KHSM_R_CREATE_ONLY | KHSM_R_COPY_OK),
	S(KHSM_ATTR_LABEL, KHSM_C_ALL, 0),
	S(0x010 /* CKA_APPLICATION */, KHSM_C_DATA, 0),
	S(KHSM_ATTR_VALUE, KHSM_C_DATA, 0),
	S(KHSM_ATTR_VALUE, KHSM_C_CERT, KHSM_R_CREATE_ONLY),
	S(KHSM_ATTR_VALUE, KHSM_C_PRIV | KHSM_C_SECRET,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x012 /* CKA_OBJECT_ID */, KHSM_C_DATA, 0),
	U(0x080 /* CKA_CERTIFICATE_TYPE */, KHSM_C_CERT, KHSM_R_CREATE_ONLY),
	S(0x081 /* CKA_ISSUER */, KHSM_C_CERT, 0),
	S(0x082 /* CKA_SERIAL_NUMBER */, KHSM_C_CERT, 0),
	B(0x086 /* CKA_TRUSTED */, KHSM_C_CERT | KHSM_C_PUB, KHSM_B_TRUSTED,
	  KHSM_R_NEVER),
	U(0x087 /* CKA_CERTIFICATE_CATEGORY */, KHSM_C_CERT, 0),
	U(0x088 /* CKA_JAVA_MIDP_SECURITY_DOMAIN */, KHSM_C_CERT, 0),
	S(0x089 /* CKA_URL */, KHSM_C_CERT, 0),
	S(0x08a /* CKA_HASH_OF_SUBJECT_PUBLIC_KEY */, KHSM_C_CERT, 0),
	S(0x08b /* CKA_HASH_OF_ISSUER_PUBLIC_KEY */, KHSM_C_CERT, 0),
	U(0x08c /* CKA_NAME_HASH_ALGORITHM */, KHSM_C_CERT, 0),
	S(0x090 /* CKA_CHECK_VALUE */, KHSM_C_CERT, 0),
	U(KHSM_ATTR_KEY_TYPE, KHSM_C_KEY, KHSM_R_CREATE_ONLY),
	S(0x101 /* CKA_SUBJECT */, KHSM_C_CERT | KHSM_C_PUB | KHSM_C_PRIV, 0),
	S(KHSM_ATTR_ID, KHSM_C_CERT | KHSM_C_KEY, 0),
	B(KHSM_ATTR_SENSITIVE, KHSM_C_PRIV | KHSM_C_SECRET, KHSM_B_SENSITIVE,
	  KHSM_R_TO_TRUE),
	B(KHSM_ATTR_ENCRYPT, KHSM_C_PUB | KHSM_C_SECRET, KHSM_B_ENCRYPT, 0),
	B(KHSM_ATTR_DECRYPT, KHSM_C_PRIV | KHSM_C_SECRET, KHSM_B_DECRYPT, 0),
	B(KHSM_ATTR_WRAP, KHSM_C_PUB | KHSM_C_SECRET, KHSM_B_WRAP, 0),
	B(KHSM_ATTR_UNWRAP, KHSM_C_PRIV | KHSM_C_SECRET, KHSM_B_UNWRAP, 0),
	B(KHSM_ATTR_SIGN, KHSM_C_PRIV | KHSM_C_SECRET, KHSM_B_SIGN, 0),
	B(KHSM_ATTR_SIGN_RECOVER, KHSM_C_PRIV, KHSM_B_SIGN_RECOVER, 0),
	B(KHSM_ATTR_VERIFY, KHSM_C_PUB | KHSM_C_SECRET, KHSM_B_VERIFY, 0),
	B(KHSM_ATTR_VERIFY_RECOVER, KHSM_C_PUB, KHSM_B_VERIFY_RECOVER, 0),
	B(KHSM_ATTR_DERIVE, KHSM_C_KEY, KHSM_B_DERIVE, 0),
	S(0x110 /* CKA_START_DATE */, KHSM_C_CERT | KHSM_C_KEY, 0),
	S(0x111 /* CKA_END_DATE */, KHSM_C_CERT | KHSM_C_KEY, 0),
	S(0x120 /* CKA_MODULUS */, KHSM_C_PUB | KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY),
	U(0x121 /* CKA_MODULUS_BITS */, KHSM_C_PUB, KHSM_R_CREATE_ONLY),
	S(0x122 /* CKA_PUBLIC_EXPONENT */, KHSM_C_PUB | KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY),
	S(0x123 /* CKA_PRIVATE_EXPONENT */, KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x124 /* CKA_PRIME_1 */, KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x125 /* CKA_PRIME_2 */, KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x126 /* CKA_EXPONENT_1 */, KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x127 /* CKA_EXPONENT_2 */, KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x128 /* CKA_COEFFICIENT */, KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY | KHSM_R_SECRET),
	S(0x129 /* CKA_PUBLIC_KEY_INFO */, KHSM_C_PUB | KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY),
	U(KHSM_ATTR_VALUE_LEN, KHSM_C_SECRET, KHSM_R_CREATE_ONLY),
	B(KHSM_ATTR_EXTRACTABLE, KHSM_C_PRIV | KHSM_C_SECRET,
	  KHSM_B_EXTRACTABLE, KHSM_R_TO_FALSE),
	B(KHSM_ATTR_LOCAL, KHSM_C_KEY, KHSM_B_LOCAL, KHSM_R_NEVER),
	B(KHSM_ATTR_NEVER_EXTRACTABLE, KHSM_C_PRIV | KHSM_C_SECRET,
	  KHSM_B_NEVER_EXTRACTABLE, KHSM_R_NEVER),
	B(KHSM_ATTR_ALWAYS_SENSITIVE, KHSM_C_PRIV | KHSM_C_SECRET,
	  KHSM_B_ALWAYS_SENSITIVE, KHSM_R_NEVER),
	U(KHSM_ATTR_KEY_GEN_MECHANISM, KHSM_C_KEY, KHSM_R_NEVER),
	B(KHSM_ATTR_MODIFIABLE, KHSM_C_ALL, KHSM_B_MODIFIABLE,
	  KHSM_R_CREATE_ONLY),
	B(KHSM_ATTR_COPYABLE, KHSM_C_ALL, KHSM_B_COPYABLE, KHSM_R_TO_FALSE),
	B(KHSM_ATTR_DESTROYABLE, KHSM_C_ALL, KHSM_B_DESTROYABLE,
	  KHSM_R_TO_FALSE),
	S(0x180 /* CKA_EC_PARAMS */, KHSM_C_PUB | KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY),
	S(0x181 /* CKA_EC_POINT */, KHSM_C_PUB | KHSM_C_PRIV,
	  KHSM_R_CREATE_ONLY),
	B(0x202 /* CKA_ALWAYS_AUTHENTICATE */, KHSM_C_PRIV,
	  KHSM_B_ALWAYS_AUTHENTICATE, KHSM_R_CREATE_ONLY),
	B(0x210 /* CKA_WRAP_WITH_TRUSTED */, KHSM_C_PRIV | KHSM_C_SECRET,
	  KHSM_B_WRAP_WITH_TRUSTED, KHSM_R_TO_TRUE),
	S(KHSM_ATTR_ALLOWED_MECHANISMS, KHSM_C_KEY, KHSM_R_CREATE_ONLY),
};

#undef B
#undef U
#undef S

/**
 * khsm_attr_rules_check() - check the rule table is sorted and unambiguous
 *
 * Context: module init, so a bad edit of the table refuses to load.
 * Return: 0, or -EINVAL with a warning naming the row.
 */
int khsm_attr_rules_check(void)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(khsm_attr_rules); i++) {
		const struct khsm_attr_rule *p = &khsm_attr_rules[i - 1];
		const struct khsm_attr_rule *r = &khsm_attr_rules[i];

		if (WARN(p->type > r->type || (p->type == r->type &&
					       (p->classes & r->classes)),
			 "khsm: attribute rule %u out of order\n", i))
			return -EINVAL;
	}
	return 0;
}

/**
 * khsm_attr_rule() - the rule for attribute @type of an object of @class
 * @type: CKA_* type
 * @class: KHSM_CLASS_*
 *
 * Return: the rule, or NULL if @type is not an attribute of @class.
 */
const struct khsm_attr_rule *khsm_attr_rule(u64 type, u64 class)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(khsm_attr_rules);

	if (class > KHSM_CLASS_SECRET_KEY)
		return NULL;
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (khsm_attr_rules[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ARRAY_SIZE(khsm_attr_rules); lo++) {
		const struct khsm_attr_rule *r = &khsm_attr_rules[lo];

		if (r->type != type)
			break;
		if (r->classes & BIT(class))
			return r;
	}
	return NULL;
}

/**
 * khsm_template_alloc() - an empty template with room for @n attributes
 * @n: capacity
 * @secret: values of this template will live in secret memory
 *
 * Return: the template (with n = 0), or NULL.
 */
struct khsm_template *khsm_template_alloc(u32 n, bool secret)
{
	struct khsm_template *t;

	t = kzalloc(struct_size(t, a, n), GFP_KERNEL_ACCOUNT);
	if (t)
		t->secret = secret;
	return t;
}

static void khsm_value_free(const struct khsm_template *t, u8 *val, u32 len)
{
	if (t->secret)
		khsm_secret_free(val, len);
	else
		kfree_sensitive(val);
}

/**
 * khsm_template_free() - free a template and wipe its values
 * @t: the template, or NULL
 */
void khsm_template_free(struct khsm_template *t)
{
	u32 i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		khsm_value_free(t, t->a[i].val, t->a[i].len);
	kfree(t);
}

/**
 * khsm_template_find() - the entry of @type in @t
 * @t: the template
 * @type: CKA_* type
 *
 * Return: the entry, or NULL.
 */
struct khsm_tattr *khsm_template_find(const struct khsm_template *t, u64 type)
{
	u32 i;

	for (i = 0; t && i < t->n; i++)
		if (t->a[i].type == type)
			return (struct khsm_tattr *)&t->a[i];
	return NULL;
}

static u8 *khsm_value_dup(bool secret, const u8 *val, u32 len)
{
	u8 *p;

	p = secret ? khsm_secret_alloc(len ?: 1) :
		     kmalloc(len ?: 1, GFP_KERNEL_ACCOUNT);
	if (p)
		memcpy(p, val, len);
	return p;
}

/**
 * khsm_template_put() - set @type to a copy of @val, growing @t if needed
 * @t: the template; may be replaced by a larger one
 * @type: CKA_* type
 * @val: the value
 * @len: its length
 *
 * Return: 0 or -ENOMEM (then @t is unchanged).
 */
int khsm_template_put(struct khsm_template **t, u64 type, const u8 *val,
		      u32 len)
{
	struct khsm_tattr *a = khsm_template_find(*t, type);
	struct khsm_template *bigger;
	u8 *copy;

	copy = khsm_value_dup((*t)->secret, val, len);
	if (!copy)
		return -ENOMEM;
	if (a) {
		khsm_value_free(*t, a->val, a->len);
		a->val = copy;
		a->len = len;
		return 0;
	}
	bigger = krealloc(*t, struct_size(*t, a, (*t)->n + 1),
			  GFP_KERNEL_ACCOUNT);
	if (!bigger) {
		khsm_value_free(*t, copy, len);
		return -ENOMEM;
	}
	*t = bigger;
	bigger->a[bigger->n].type = type;
	bigger->a[bigger->n].val = copy;
	bigger->a[bigger->n].len = len;
	bigger->n++;
	return 0;
}

/**
 * khsm_template_dup() - a deep copy of @t
 * @t: the template, or NULL for an empty one
 * @secret: put the copy's values in secret memory
 *
 * Return: the copy, or NULL.
 */
struct khsm_template *khsm_template_dup(const struct khsm_template *t,
					bool secret)
{
	struct khsm_template *c;
	u32 i, n = t ? t->n : 0;

	c = khsm_template_alloc(n, secret);
	if (!c)
		return NULL;
	for (i = 0; i < n; i++) {
		c->a[i].val = khsm_value_dup(secret, t->a[i].val, t->a[i].len);
		if (!c->a[i].val) {
			khsm_template_free(c);
			return NULL;
		}
		c->a[i].type = t->a[i].type;
		c->a[i].len = t->a[i].len;
		c->n++;
	}
	return c;
}

/**
 * khsm_template_fetch() - copy a caller's template into the kernel
 * @uptr: address of an array of struct khsm_attr
 * @count: entries in it
 * @out: receives the template (free with khsm_template_free())
 *
 * Values are copied once; every later check reads only the copy.
 *
 * Return: 0; -EINVAL for too many attributes, a value too long, or a
 * value address of 0 with a length; -EILSEQ for a type given twice;
 * -EFAULT; -ENOMEM.
 */
int khsm_template_fetch(u64 uptr, u32 count, struct khsm_template **out)
{
	struct khsm_attr *ua;
	struct khsm_template *t;
	u32 i, j;
	int ret;

	if (count > KHSM_MAX_ATTRS)
		return -EINVAL;
	t = khsm_template_alloc(count, false);
	if (!t)
		return -ENOMEM;
	if (!count) {
		*out = t;
		return 0;
	}
	ua = memdup_user(u64_to_user_ptr(uptr), array_size(count, sizeof(*ua)));
	if (IS_ERR(ua)) {
		kfree(t);
		return PTR_ERR(ua);
	}
	for (i = 0; i < count; i++) {
		ret = -EINVAL;
		if (ua[i].len > KHSM_MAX_ATTR_LEN ||
		    (!ua[i].value && ua[i].len))
			goto err_free;
		ret = -EILSEQ;
		for (j = 0; j < i; j++)
			if (ua[j].type == ua[i].type)
				goto err_free;
		t->a[i].type = ua[i].type;
		t->a[i].len = ua[i].len;
		t->a[i].val = kmalloc(ua[i].len ?: 1, GFP_KERNEL_ACCOUNT);
		ret = -ENOMEM;
		if (!t->a[i].val)
			goto err_free;
		t->n++;
		ret = -EFAULT;
		if (copy_from_user(t->a[i].val, u64_to_user_ptr(ua[i].value),
				   ua[i].len))
			goto err_free;
	}
	kfree(ua);
	*out = t;
	return 0;

err_free:
	kfree(ua);
	khsm_template_free(t);
	return ret;
}

/**
 * khsm_attr_ulong() - read a CK_ULONG value
 * @a: the attribute
 * @v: receives the value
 *
 * Return: 0, or -EDOM if the value is not 8 bytes.
 */
int khsm_attr_ulong(const struct khsm_tattr *a, u64 *v)
{
	if (a->len != sizeof(u64))
		return -EDOM;
	memcpy(v, a->val, sizeof(u64));
	return 0;
}

/**
 * khsm_attr_bool() - read a CK_BBOOL value
 * @a: the attribute
 * @v: receives the value
 *
 * Return: 0, or -EDOM if the value is not one byte of 0 or 1.
 */
int khsm_attr_bool(const struct khsm_tattr *a, bool *v)
{
	if (a->len != 1 || a->val[0] > 1)
		return -EDOM;
	*v = a->val[0];
	return 0;
}
