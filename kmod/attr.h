/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_ATTR_H
#define _KHSM_ATTR_H

#include <linux/bits.h>
#include <linux/khsm.h>
#include <linux/types.h>

/* clang-format off */
/* Object classes as bits, for the rule table. */
#define KHSM_C_DATA	BIT(KHSM_CLASS_DATA)
#define KHSM_C_CERT	BIT(KHSM_CLASS_CERTIFICATE)
#define KHSM_C_PUB	BIT(KHSM_CLASS_PUBLIC_KEY)
#define KHSM_C_PRIV	BIT(KHSM_CLASS_PRIVATE_KEY)
#define KHSM_C_SECRET	BIT(KHSM_CLASS_SECRET_KEY)
#define KHSM_C_KEY	(KHSM_C_PUB | KHSM_C_PRIV | KHSM_C_SECRET)
#define KHSM_C_ALL	(KHSM_C_DATA | KHSM_C_CERT | KHSM_C_KEY)

/* How an attribute may be given and changed (kryoptic's OAFlags). */
#define KHSM_R_CREATE_ONLY	BIT(0)	/* at creation, never changed */
#define KHSM_R_NEVER		BIT(1)	/* set by the kernel only */
#define KHSM_R_TO_TRUE		BIT(2)	/* may only change to true */
#define KHSM_R_TO_FALSE		BIT(3)	/* may only change to false */
#define KHSM_R_SECRET		BIT(4)	/* key material: kept in secret memory */
#define KHSM_R_COPY_OK		BIT(5)	/* C_CopyObject may change it */
/* clang-format on */

/* Value encodings. */
enum khsm_attr_kind {
	KHSM_KIND_BYTES,
	KHSM_KIND_ULONG,
	KHSM_KIND_BOOL,
};

/* Boolean attributes, stored as bits of &khsm_object.bools. */
enum khsm_bool {
	KHSM_B_TOKEN,
	KHSM_B_PRIVATE,
	KHSM_B_SENSITIVE,
	KHSM_B_ENCRYPT,
	KHSM_B_DECRYPT,
	KHSM_B_WRAP,
	KHSM_B_UNWRAP,
	KHSM_B_SIGN,
	KHSM_B_SIGN_RECOVER,
	KHSM_B_VERIFY,
	KHSM_B_VERIFY_RECOVER,
	KHSM_B_DERIVE,
	KHSM_B_EXTRACTABLE,
	KHSM_B_LOCAL,
	KHSM_B_NEVER_EXTRACTABLE,
	KHSM_B_ALWAYS_SENSITIVE,
	KHSM_B_MODIFIABLE,
	KHSM_B_COPYABLE,
	KHSM_B_DESTROYABLE,
	KHSM_B_TRUSTED,
	KHSM_B_WRAP_WITH_TRUSTED,
	KHSM_B_ALWAYS_AUTHENTICATE,
	KHSM_B_COUNT,
};

/**
 * struct khsm_attr_rule - what one attribute is, for some classes
 * @type: CKA_* type
 * @classes: KHSM_C_* bits of the classes it belongs to
 * @kind: enum khsm_attr_kind
 * @bit: enum khsm_bool for a boolean
 * @flags: KHSM_R_*
 */
struct khsm_attr_rule {
	u64 type;
	u16 classes;
	u8 kind;
	u8 bit;
	u16 flags;
};

/**
 * struct khsm_tattr - one attribute value held by the kernel
 * @type: CKA_* type
 * @len: value length
 * @val: the value (in secret memory for KHSM_R_SECRET attributes)
 */
struct khsm_tattr {
	u64 type;
	u32 len;
	u8 *val;
};

/**
 * struct khsm_template - a list of attribute values
 * @n: number of entries
 * @secret: the values live in secret memory (khsm_secret_alloc())
 * @a: the entries, at most one per type
 */
struct khsm_template {
	u32 n;
	bool secret;
	struct khsm_tattr a[];
};

const struct khsm_attr_rule *khsm_attr_rule(u64 type, u64 class);
int khsm_attr_rules_check(void);

int khsm_template_fetch(u64 uptr, u32 count, struct khsm_template **out);
struct khsm_template *khsm_template_alloc(u32 n, bool secret);
void khsm_template_free(struct khsm_template *t);
struct khsm_tattr *khsm_template_find(const struct khsm_template *t, u64 type);
int khsm_template_put(struct khsm_template **t, u64 type, const u8 *val,
		      u32 len);
struct khsm_template *khsm_template_dup(const struct khsm_template *t,
					bool secret);
int khsm_attr_ulong(const struct khsm_tattr *a, u64 *v);
int khsm_attr_bool(const struct khsm_tattr *a, bool *v);

#endif /* _KHSM_ATTR_H */
