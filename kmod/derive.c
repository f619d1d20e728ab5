// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_DERIVE_KEY: ECDH (CKM_ECDH1_DERIVE) into a new secret key that
 * stays in the kernel, with the raw x-coordinate or the ANSI X9.63 KDF.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "crypto/ec.h"
#include "limits.h"
#include "object.h"
#include "secret.h"
#include "session.h"

#define KHSM_BIT(b) BIT(KHSM_B_##b)

static int khsm_kdf_hash(u64 kdf, enum khsm_hash_alg *alg)
{
	switch (kdf) {
	case KHSM_KDF_SHA1:
		*alg = KHSM_HASH_SHA1;
		return 0;
	case KHSM_KDF_SHA224:
		*alg = KHSM_HASH_SHA224;
		return 0;
	case KHSM_KDF_SHA256:
		*alg = KHSM_HASH_SHA256;
		return 0;
	case KHSM_KDF_SHA384:
		*alg = KHSM_HASH_SHA384;
		return 0;
	case KHSM_KDF_SHA512:
		*alg = KHSM_HASH_SHA512;
		return 0;
	default:
		return -EBADR;
	}
}

/* ANSI X9.63: Hash(Z || counter || SharedInfo), counter from 1, big-endian. */
static int khsm_x963_kdf(enum khsm_hash_alg alg, const u8 *z, size_t zlen,
			 const u8 *info, size_t info_len, u8 *out, size_t len)
{
	u8 block[KHSM_HASH_MAX_LEN];
	size_t hlen = khsm_hash_len(alg), n;
	__be32 counter;
	u32 i;
	int ret = 0;

	for (i = 1; len; i++) {
		struct khsm_buf parts[] = {
			{ z, zlen },
			{ (const u8 *)&counter, sizeof(counter) },
			{ info, info_len },
		};

		counter = cpu_to_be32(i);
		ret = khsm_crypto_hash(alg, parts, ARRAY_SIZE(parts), block);
		if (ret)
			break;
		n = min(len, hlen);
		memcpy(out, block, n);
		out += n;
		len -= n;
	}
	memzero_explicit(block, sizeof(block));
	return ret;
}

/* The length the new key's template asks for, or the secret's own. */
static int khsm_derived_len(const struct khsm_template *tmpl, u64 key_type,
			    size_t natural, size_t *len)
{
	struct khsm_tattr *a = khsm_template_find(tmpl, KHSM_ATTR_VALUE_LEN);
	u64 v;
	int ret;

	if (!a) {
		if (key_type == KHSM_KEY_AES)
			return -ENODATA;
		*len = natural;
		return 0;
	}
	ret = khsm_attr_ulong(a, &v);
	if (ret)
		return ret;
	if (key_type == KHSM_KEY_AES && v != 16 && v != 24 && v != 32)
		return -ERANGE;
	if (!v || v > KHSM_MAX_SECRET_LEN)
		return -ERANGE;
	*len = v;
	return 0;
}

/* The base key: an EC private key allowed to derive. Its scalar to @d. */
static int khsm_derive_base(struct khsm_object *base, u8 *d)
{
	int ret = 0;

	mutex_lock(&base->lock);
	if (base->class != KHSM_CLASS_PRIVATE_KEY ||
	    base->key_type != KHSM_KEY_EC)
		ret = -ENOEXEC;
	else if (!(base->bools & KHSM_BIT(DERIVE)))
		ret = -EPERM;
	else if (!khsm_key_allows(base, KHSM_MECH_ECDH1_DERIVE))
		ret = -EOPNOTSUPP;
	else
		ret = khsm_ec_private_value(base, d);
	mutex_unlock(&base->lock);
	return ret;
}

/*
 * The shared secret Z of @base and the peer point in @p, then the key
 * value of @len bytes from it.
 */
static int khsm_ecdh_value(struct khsm_object *base,
			   const struct khsm_ecdh1_params *p, u8 *value,
			   size_t *len, const struct khsm_template *tmpl,
			   u64 key_type)
{
	u8 d[KHSM_EC_MAX_BYTES], z[KHSM_EC_MAX_BYTES];
	u8 peer[KHSM_EC_MAX_POINT_DER], point[KHSM_EC_MAX_POINT];
	u8 info[KHSM_MAX_PARAM_LEN];
	size_t zlen = khsm_ec_bytes(base->curve), natural;
	enum khsm_hash_alg alg = KHSM_HASH_SHA256;
	int ret;

	if (p->kdf != KHSM_KDF_NULL && khsm_kdf_hash(p->kdf, &alg))
		return -EBADR;
	if ((p->kdf == KHSM_KDF_NULL && p->shared_data_len) ||
	    p->shared_data_len > sizeof(info) ||
	    (p->shared_data_len && !p->shared_data) ||
	    p->public_data_len > sizeof(peer) || !p->public_data)
		return -EBADR;
	if (copy_from_user(peer, u64_to_user_ptr(p->public_data),
			   p->public_data_len) ||
	    copy_from_user(info, u64_to_user_ptr(p->shared_data),
			   p->shared_data_len))
		return -EFAULT;
	if (khsm_ec_point_decode(base->curve, peer, p->public_data_len, point))
		return -EBADR;

	natural = p->kdf == KHSM_KDF_NULL ? zlen : khsm_hash_len(alg);
	ret = khsm_derived_len(tmpl, key_type, natural, len);
	if (ret)
		return ret;
	if (p->kdf == KHSM_KDF_NULL && *len > zlen)
		return -ERANGE;

	ret = khsm_derive_base(base, d);
	if (!ret)
		ret = khsm_ecdh(base->curve, d, point,
				khsm_ec_point_len(base->curve), z);
	if (ret == -EINVAL)
		ret = -EBADR;
	else if (ret == -EFAULT)
		ret = -EIO;
	/* CKD_NULL keeps the trailing bytes, as SoftHSM does. */
	if (!ret && p->kdf == KHSM_KDF_NULL)
		memcpy(value, z + zlen - *len, *len);
	else if (!ret)
		ret = khsm_x963_kdf(alg, z, zlen, info, p->shared_data_len,
				    value, *len);
	memzero_explicit(d, sizeof(d));
	memzero_explicit(z, sizeof(z));
	return ret;
}

/*
 * PKCS#11's sensitivity rules for derived keys: ALWAYS_SENSITIVE and
 * NEVER_EXTRACTABLE hold only if they held for the base key too.
 */
static void khsm_derived_bools(struct khsm_object *obj, u32 base_bools)
{
	obj->bools &= ~(KHSM_BIT(LOCAL) | KHSM_BIT(ALWAYS_SENSITIVE) |
			KHSM_BIT(NEVER_EXTRACTABLE));
	if ((base_bools & KHSM_BIT(ALWAYS_SENSITIVE)) &&
	    (obj->bools & KHSM_BIT(SENSITIVE)))
		obj->bools |= KHSM_BIT(ALWAYS_SENSITIVE);
	if ((base_bools & KHSM_BIT(NEVER_EXTRACTABLE)) &&
	    !(obj->bools & KHSM_BIT(EXTRACTABLE)))
		obj->bools |= KHSM_BIT(NEVER_EXTRACTABLE);
}

static int khsm_derive_into(struct khsm_session *s, struct khsm_derive_key *r,
			    struct khsm_object *base,
			    const struct khsm_ecdh1_params *p,
			    const struct khsm_template *tmpl)
{
	struct khsm_object *obj;
	u8 *value;
	size_t len = 0;
	u64 class;
	int ret;

	/* Class and key type never change: no lock needed to look. */
	if (base->class != KHSM_CLASS_PRIVATE_KEY ||
	    base->key_type != KHSM_KEY_EC)
		return -ENOEXEC;
	ret = khsm_template_class(tmpl, &class);
	if (ret == -ENODATA)
		class = KHSM_CLASS_SECRET_KEY;
	else if (ret)
		return ret;
	if (class != KHSM_CLASS_SECRET_KEY)
		return -EILSEQ;
	if (khsm_template_find(tmpl, KHSM_ATTR_VALUE))
		return -EILSEQ;
	ret = khsm_object_build(s, KHSM_CLASS_SECRET_KEY, tmpl, false, &obj);
	if (ret)
		return ret;
	if (obj->key_type == KHSM_ATTR_UNAVAILABLE)
		obj->key_type = KHSM_KEY_GENERIC_SECRET;
	obj->key_gen_mech = r->mech;
	khsm_derived_bools(obj, READ_ONCE(base->bools));

	ret = -ENOMEM;
	value = khsm_secret_alloc(KHSM_MAX_SECRET_LEN);
	if (value)
		ret = khsm_ecdh_value(base, p, value, &len, tmpl,
				      obj->key_type);
	if (!ret)
		ret = khsm_template_put(&obj->secrets, KHSM_ATTR_VALUE, value,
					len);
	khsm_secret_free(value, KHSM_MAX_SECRET_LEN);
	if (ret) {
		khsm_object_put(obj);
		return ret;
	}
	return khsm_object_commit(s, obj, &r->handle);
}

/**
 * khsm_derive_key() - KHSM_IOC_DERIVE_KEY
 * @file: the session's file
 * @req: struct khsm_derive_key
 *
 * Return: 0; -EOPNOTSUPP for another mechanism; -EBADR for a bad
 * parameter or peer point; -ENOEXEC if the base key is not an EC private
 * key; -EPERM without CKA_DERIVE; -ERANGE for a key length the KDF cannot
 * give; the object errors of linux/khsm.h.
 */
int khsm_derive_key(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_derive_key *r = req;
	struct khsm_ecdh1_params p;
	struct khsm_template *tmpl;
	struct khsm_object *base;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->mech != KHSM_MECH_ECDH1_DERIVE)
		return -EOPNOTSUPP;
	if (r->param_len != sizeof(p))
		return -EBADR;
	if (copy_from_user(&p, u64_to_user_ptr(r->param), sizeof(p)))
		return -EFAULT;
	ret = khsm_template_fetch(r->attrs, r->count, &tmpl);
	if (ret)
		return ret;
	base = khsm_object_get(s, r->base_key);
	if (base)
		ret = khsm_derive_into(s, r, base, &p, tmpl);
	else
		ret = -ENOENT;
	khsm_object_put(base);
	khsm_template_free(tmpl);
	return ret;
}
