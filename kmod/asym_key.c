// SPDX-License-Identifier: GPL-2.0
/*
 * RSA and EC key objects: their attributes parsed and validated once, when
 * the object is made, into the form the arithmetic core works on.
 *
 * A key that the core would refuse is refused at C_CreateObject time, so
 * no operation meets a half-valid key, and an imported private key whose
 * parts do not belong together (wrong CRT values, a point not on the
 * curve) never becomes an object.
 */
#include <linux/slab.h>

#include "crypto/ec.h"
#include "crypto/rsa.h"
#include "object.h"

/* An attribute of @obj wherever it is kept, as a core buffer. */
static bool khsm_key_part(struct khsm_object *obj, u64 type, struct khsm_buf *b)
{
	struct khsm_tattr *a = khsm_template_find(obj->attrs, type);

	if (!a)
		a = khsm_template_find(obj->secrets, type);
	if (!a)
		return false;
	b->p = a->val;
	b->len = a->len;
	return true;
}

/* KHSM_ATTR_MODULUS_BITS of a public key: checked if given, else added. */
static int khsm_rsa_modulus_bits(struct khsm_object *obj, u64 bits)
{
	struct khsm_tattr *a =
		khsm_template_find(obj->attrs, KHSM_ATTR_MODULUS_BITS);
	u64 given;
	int ret;

	if (!a)
		return khsm_template_put(&obj->attrs, KHSM_ATTR_MODULUS_BITS,
					 (const u8 *)&bits, sizeof(bits));
	ret = khsm_attr_ulong(a, &given);
	if (ret)
		return ret;
	return given == bits ? 0 : -EILSEQ;
}

static int khsm_rsa_load(struct khsm_object *obj)
{
	struct khsm_rsa_parts parts = {};
	struct khsm_rsa_key *key;
	int ret;

	if (!khsm_key_part(obj, KHSM_ATTR_MODULUS, &parts.n) ||
	    !khsm_key_part(obj, KHSM_ATTR_PUBLIC_EXPONENT, &parts.e))
		return -ENODATA;
	/*
	 * All CRT parts are required: the core signs with CRT and checks
	 * the result, and deriving them from d alone would take a
	 * factorisation.
	 */
	if (obj->class == KHSM_CLASS_PRIVATE_KEY &&
	    (!khsm_key_part(obj, KHSM_ATTR_PRIVATE_EXPONENT, &parts.d) ||
	     !khsm_key_part(obj, KHSM_ATTR_PRIME_1, &parts.p) ||
	     !khsm_key_part(obj, KHSM_ATTR_PRIME_2, &parts.q) ||
	     !khsm_key_part(obj, KHSM_ATTR_EXPONENT_1, &parts.dp) ||
	     !khsm_key_part(obj, KHSM_ATTR_EXPONENT_2, &parts.dq) ||
	     !khsm_key_part(obj, KHSM_ATTR_COEFFICIENT, &parts.qinv)))
		return -ENODATA;

	key = khsm_rsa_key_alloc();
	if (!key)
		return -ENOMEM;
	if (obj->class == KHSM_CLASS_PUBLIC_KEY)
		ret = khsm_rsa_import_public(key, parts.n.p, parts.n.len,
					     parts.e.p, parts.e.len);
	else
		ret = khsm_rsa_import_private(key, &parts);
	if (ret == -EINVAL)
		ret = -EDOM;
	if (!ret && obj->class == KHSM_CLASS_PUBLIC_KEY)
		ret = khsm_rsa_modulus_bits(obj, key->bits);
	if (ret) {
		khsm_rsa_key_free(key);
		return ret;
	}
	obj->rsa = key;
	return 0;
}

/**
 * khsm_ec_private_value() - an EC private key's scalar, full width
 * @obj: the EC private key, already loaded
 * @out: receives khsm_ec_bytes(@obj->curve) bytes (KHSM_EC_MAX_BYTES room)
 *
 * CKA_VALUE may come without leading zero bytes from an importer.
 *
 * Context: @obj's lock held, or @obj not yet visible.
 * Return: 0, or -ENODATA for a key without a valid value.
 */
int khsm_ec_private_value(struct khsm_object *obj, u8 *out)
{
	struct khsm_tattr *v =
		khsm_template_find(obj->secrets, KHSM_ATTR_VALUE);
	size_t n = khsm_ec_bytes(obj->curve);

	if (!v || !v->len || v->len > n)
		return -ENODATA;
	memset(out, 0, n - v->len);
	memcpy(out + n - v->len, v->val, v->len);
	return 0;
}

static int khsm_ec_load(struct khsm_object *obj)
{
	u8 priv[KHSM_EC_MAX_BYTES], given[KHSM_EC_MAX_POINT];
	struct khsm_buf params, point;
	size_t plen;
	int ret;

	if (!khsm_key_part(obj, KHSM_ATTR_EC_PARAMS, &params))
		return -ENODATA;
	if (khsm_ec_params_decode(params.p, params.len, &obj->curve))
		return -EDOM;
	plen = khsm_ec_point_len(obj->curve);

	if (obj->class == KHSM_CLASS_PUBLIC_KEY) {
		if (!khsm_key_part(obj, KHSM_ATTR_EC_POINT, &point))
			return -ENODATA;
		if (khsm_ec_point_decode(obj->curve, point.p, point.len,
					 obj->ec_pub))
			return -EDOM;
		obj->ec_pub_len = plen;
		return 0;
	}

	if (!khsm_template_find(obj->secrets, KHSM_ATTR_VALUE))
		return -ENODATA;
	ret = khsm_ec_private_value(obj, priv);
	if (ret)
		ret = -EDOM;
	if (!ret && khsm_ec_public_from_private(obj->curve, priv, obj->ec_pub))
		ret = -EDOM;
	memzero_explicit(priv, sizeof(priv));
	if (ret)
		return ret;
	obj->ec_pub_len = plen;
	/* A private key may carry its public point: it must be this one. */
	if (khsm_key_part(obj, KHSM_ATTR_EC_POINT, &point) &&
	    (khsm_ec_point_decode(obj->curve, point.p, point.len, given) ||
	     memcmp(given, obj->ec_pub, plen)))
		return -EILSEQ;
	return 0;
}

/**
 * khsm_asym_key_load() - parse and validate an RSA or EC key object
 * @obj: a public or private key, not yet visible to anyone
 *
 * Return: 0; -ENODATA for a missing part; -EDOM for a value the core
 * refuses (bad size, not a key, unsupported curve); -EILSEQ for parts
 * that disagree; -ENOMEM.
 */
int khsm_asym_key_load(struct khsm_object *obj)
{
	khsm_asym_key_free(obj);
	if (obj->key_type == KHSM_KEY_RSA)
		return khsm_rsa_load(obj);
	if (obj->key_type == KHSM_KEY_EC)
		return khsm_ec_load(obj);
	return -EDOM;
}

/**
 * khsm_asym_key_free() - drop an object's parsed key
 * @obj: the object
 */
void khsm_asym_key_free(struct khsm_object *obj)
{
	khsm_rsa_key_free(obj->rsa);
	obj->rsa = NULL;
	obj->ec_pub_len = 0;
}
