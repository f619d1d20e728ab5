// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_GENERATE_KEY_PAIR: RSA and EC key pairs made inside the kernel,
 * checked pairwise, and stored both or neither.
 */
#include <linux/slab.h>

#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "object.h"
#include "session.h"

static const u8 khsm_f4[] = { 0x01, 0x00, 0x01 };

/* Attributes only the generator may set, per class. */
static const u64 khsm_pub_generated[] = { KHSM_ATTR_MODULUS, KHSM_ATTR_EC_POINT,
					  KHSM_ATTR_VALUE };
static const u64 khsm_priv_generated[] = {
	KHSM_ATTR_VALUE,	   KHSM_ATTR_MODULUS,
	KHSM_ATTR_PUBLIC_EXPONENT, KHSM_ATTR_PRIVATE_EXPONENT,
	KHSM_ATTR_PRIME_1,	   KHSM_ATTR_PRIME_2,
	KHSM_ATTR_EXPONENT_1,	   KHSM_ATTR_EXPONENT_2,
	KHSM_ATTR_COEFFICIENT,	   KHSM_ATTR_EC_POINT,
};

static int khsm_reject(const struct khsm_template *t, const u64 *types,
		       unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (khsm_template_find(t, types[i]))
			return -EILSEQ;
	return 0;
}

/* A big integer attribute, without the leading zeros of a fixed width. */
static int khsm_put_int(struct khsm_template **t, u64 type, const u8 *be,
			size_t len)
{
	while (len > 1 && !*be) {
		be++;
		len--;
	}
	return khsm_template_put(t, type, be, len);
}

/* The RSA size the public template asks for, and its exponent. */
static int khsm_rsa_request(const struct khsm_template *pt, u32 *bits)
{
	struct khsm_tattr *a = khsm_template_find(pt, KHSM_ATTR_MODULUS_BITS);
	u64 v;
	int ret;

	if (!a)
		return -ENODATA;
	ret = khsm_attr_ulong(a, &v);
	if (ret)
		return ret;
	if (v != 2048 && v != 3072 && v != 4096)
		return -ERANGE;
	*bits = v;
	a = khsm_template_find(pt, KHSM_ATTR_PUBLIC_EXPONENT);
	if (a) {
		const u8 *e = a->val;
		u32 len = a->len;

		while (len > 1 && !*e) {
			e++;
			len--;
		}
		if (len != sizeof(khsm_f4) || memcmp(e, khsm_f4, len))
			return -EDOM;
	}
	return 0;
}

static const struct {
	enum khsm_rsa_part part;
	u64 type;
	bool secret;
} khsm_rsa_attrs[] = {
	{ KHSM_RSA_N, KHSM_ATTR_MODULUS, false },
	{ KHSM_RSA_E, KHSM_ATTR_PUBLIC_EXPONENT, false },
	{ KHSM_RSA_D, KHSM_ATTR_PRIVATE_EXPONENT, true },
	{ KHSM_RSA_P, KHSM_ATTR_PRIME_1, true },
	{ KHSM_RSA_Q, KHSM_ATTR_PRIME_2, true },
	{ KHSM_RSA_DP, KHSM_ATTR_EXPONENT_1, true },
	{ KHSM_RSA_DQ, KHSM_ATTR_EXPONENT_2, true },
	{ KHSM_RSA_QINV, KHSM_ATTR_COEFFICIENT, true },
};

static int khsm_rsa_pair(struct khsm_object *pub, struct khsm_object *priv,
			 u32 bits)
{
	struct khsm_rsa_key *key;
	size_t len = bits / 8;
	unsigned int i;
	u8 *buf;
	int ret;

	key = khsm_rsa_key_alloc();
	buf = khsm_crypto_alloc(len);
	ret = -ENOMEM;
	if (!key || !buf)
		goto out;
	ret = khsm_rsa_generate(key, bits);
	if (ret == -EINVAL)
		ret = -ERANGE;
	for (i = 0; !ret && i < ARRAY_SIZE(khsm_rsa_attrs); i++) {
		ret = khsm_rsa_export(key, khsm_rsa_attrs[i].part, buf, len);
		if (ret)
			break;
		if (khsm_rsa_attrs[i].secret) {
			ret = khsm_put_int(&priv->secrets,
					   khsm_rsa_attrs[i].type, buf, len);
			continue;
		}
		ret = khsm_put_int(&priv->attrs, khsm_rsa_attrs[i].type, buf,
				   len);
		if (!ret)
			ret = khsm_put_int(&pub->attrs, khsm_rsa_attrs[i].type,
					   buf, len);
	}
out:
	khsm_crypto_free(buf, len);
	khsm_rsa_key_free(key);
	return ret;
}

static int khsm_ec_pair(struct khsm_object *pub, struct khsm_object *priv,
			const struct khsm_template *pt,
			const struct khsm_template *kt)
{
	u8 d[KHSM_EC_MAX_BYTES], point[KHSM_EC_MAX_POINT];
	u8 der[KHSM_EC_MAX_POINT_DER];
	enum khsm_ec_curve_id curve;
	struct khsm_tattr *params, *other;
	int ret, len;

	params = khsm_template_find(pt, KHSM_ATTR_EC_PARAMS);
	if (!params)
		return -ENODATA;
	if (khsm_ec_params_decode(params->val, params->len, &curve))
		return -EDOM;
	other = khsm_template_find(kt, KHSM_ATTR_EC_PARAMS);
	if (other && (other->len != params->len ||
		      memcmp(other->val, params->val, params->len)))
		return -EILSEQ;

	ret = khsm_ec_keygen(curve, d, point);
	if (ret)
		goto out;
	len = khsm_ec_point_encode(curve, point, der, sizeof(der));
	ret = len < 0 ? len : 0;
	if (!ret)
		ret = khsm_template_put(&pub->attrs, KHSM_ATTR_EC_POINT, der,
					len);
	if (!ret)
		ret = khsm_template_put(&priv->attrs, KHSM_ATTR_EC_PARAMS,
					params->val, params->len);
	if (!ret)
		ret = khsm_template_put(&priv->secrets, KHSM_ATTR_VALUE, d,
					khsm_ec_bytes(curve));
out:
	memzero_explicit(d, sizeof(d));
	return ret;
}

/*
 * FIPS 140-3 pairwise consistency: the new private key signs, the new
 * public key verifies, before either is stored.
 */
static int khsm_pairwise_test(struct khsm_object *pub, struct khsm_object *priv)
{
	static const u8 digest[32] = "khsm pairwise consistency test";
	u8 d[KHSM_EC_MAX_BYTES], sig[KHSM_EC_MAX_SIG];
	u8 *rsa_sig;
	int ret;

	if (pub->key_type == KHSM_KEY_RSA) {
		rsa_sig = kmalloc(priv->rsa->len, GFP_KERNEL);
		if (!rsa_sig)
			return -ENOMEM;
		ret = khsm_rsa_pkcs1_sign(priv->rsa, KHSM_HASH_SHA256, digest,
					  sizeof(digest), rsa_sig);
		if (!ret)
			ret = khsm_rsa_pkcs1_verify(pub->rsa, KHSM_HASH_SHA256,
						    digest, sizeof(digest),
						    rsa_sig, priv->rsa->len);
		kfree(rsa_sig);
	} else {
		ret = khsm_ec_private_value(priv, d);
		if (!ret)
			ret = khsm_ecdsa_sign(priv->curve, d, digest,
					      sizeof(digest), sig);
		if (!ret)
			ret = khsm_ecdsa_verify(pub->curve, pub->ec_pub,
						pub->ec_pub_len, digest,
						sizeof(digest), sig,
						2 * khsm_ec_bytes(pub->curve));
		memzero_explicit(d, sizeof(d));
	}
	if (ret == -EBADMSG || ret == -EFAULT || ret == -EINVAL) {
		pr_err("pairwise consistency test of a new key pair failed (%d)\n",
		       ret);
		return -EIO;
	}
	return ret;
}

static int khsm_key_type_is(struct khsm_object *obj, u64 key_type)
{
	if (obj->key_type != KHSM_ATTR_UNAVAILABLE && obj->key_type != key_type)
		return -EILSEQ;
	obj->key_type = key_type;
	return 0;
}

static int khsm_make_pair(struct khsm_session *s,
			  struct khsm_generate_key_pair *r,
			  const struct khsm_template *pt,
			  const struct khsm_template *kt,
			  struct khsm_object *pub, struct khsm_object *priv)
{
	u64 key_type = r->mech == KHSM_MECH_EC_KEY_PAIR_GEN ? KHSM_KEY_EC :
							      KHSM_KEY_RSA;
	u32 bits;
	int ret;

	ret = khsm_key_type_is(pub, key_type);
	if (!ret)
		ret = khsm_key_type_is(priv, key_type);
	if (ret)
		return ret;
	pub->key_gen_mech = r->mech;
	priv->key_gen_mech = r->mech;

	if (key_type == KHSM_KEY_RSA) {
		ret = khsm_rsa_request(pt, &bits);
		if (!ret)
			ret = khsm_rsa_pair(pub, priv, bits);
	} else {
		ret = khsm_ec_pair(pub, priv, pt, kt);
	}
	if (!ret)
		ret = khsm_object_check_class(pub);
	if (!ret)
		ret = khsm_object_check_class(priv);
	if (!ret)
		ret = khsm_pairwise_test(pub, priv);
	if (ret)
		return ret;

	ret = khsm_object_insert(s, pub, &r->pub_handle);
	if (ret)
		return ret;
	ret = khsm_object_insert(s, priv, &r->priv_handle);
	if (ret) {
		/* The table's reference to @pub goes; the caller's stays. */
		kref_get(&pub->ref);
		khsm_object_remove(s, pub);
		r->pub_handle = 0;
		return ret;
	}
	return 0;
}

/**
 * khsm_generate_key_pair() - KHSM_IOC_GENERATE_KEY_PAIR
 * @file: the session's file
 * @req: struct khsm_generate_key_pair
 *
 * Return: 0; -EOPNOTSUPP for another mechanism; -ERANGE for a size khsm
 * does not generate; -EINTR when a fatal signal stopped the generation;
 * -EIO if the pair failed its consistency test; the object errors of
 * linux/khsm.h.
 */
int khsm_generate_key_pair(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_generate_key_pair *r = req;
	struct khsm_template *pt = NULL, *kt = NULL;
	struct khsm_object *pub = NULL, *priv = NULL;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->mech != KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN &&
	    r->mech != KHSM_MECH_EC_KEY_PAIR_GEN)
		return -EOPNOTSUPP;
	ret = khsm_template_fetch(r->pub_attrs, r->pub_count, &pt);
	if (!ret)
		ret = khsm_template_fetch(r->priv_attrs, r->priv_count, &kt);
	if (!ret)
		ret = khsm_reject(pt, khsm_pub_generated,
				  ARRAY_SIZE(khsm_pub_generated));
	if (!ret)
		ret = khsm_reject(kt, khsm_priv_generated,
				  ARRAY_SIZE(khsm_priv_generated));
	if (!ret)
		ret = khsm_object_build(s, KHSM_CLASS_PUBLIC_KEY, pt, true,
					&pub);
	if (!ret)
		ret = khsm_object_build(s, KHSM_CLASS_PRIVATE_KEY, kt, true,
					&priv);
	if (!ret)
		ret = khsm_make_pair(s, r, pt, kt, pub, priv);
	/* On success the token's table holds the pair. */
	if (ret) {
		khsm_object_put(pub);
		khsm_object_put(priv);
	}
	khsm_template_free(pt);
	khsm_template_free(kt);
	return ret;
}
