// SPDX-License-Identifier: GPL-2.0
/*
 * PKCS #8 PrivateKeyInfo (RFC 5208) for RSA (RFC 8017 RSAPrivateKey) and
 * EC (RFC 5915 ECPrivateKey) keys: the form a private key takes when it is
 * wrapped, as every HSM and OpenSSL expects it.
 *
 * The reader is strict DER over a bounded buffer; whatever it accepts is
 * then validated as a key by the crypto core before it becomes an object.
 */
#include <linux/slab.h>

#include "crypto/ec.h"
#include "object.h"
#include "pkcs8.h"

/* clang-format off */
#define DER_INTEGER	0x02
#define DER_BIT_STRING	0x03
#define DER_OCTET	0x04
#define DER_NULL	0x05
#define DER_OID		0x06
#define DER_SEQUENCE	0x30
#define DER_CTX0	0xa0
#define DER_CTX1	0xa1

/* clang-format on */

static const u8 oid_rsa[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
			      0xf7, 0x0d, 0x01, 0x01, 0x01 };
static const u8 oid_ec[] = { 0x06, 0x07, 0x2a, 0x86, 0x48,
			     0xce, 0x3d, 0x02, 0x01 };

/* The RSAPrivateKey integers after the version, in order. */
static const u64 khsm_rsa_ints[] = {
	KHSM_ATTR_MODULUS,	    KHSM_ATTR_PUBLIC_EXPONENT,
	KHSM_ATTR_PRIVATE_EXPONENT, KHSM_ATTR_PRIME_1,
	KHSM_ATTR_PRIME_2,	    KHSM_ATTR_EXPONENT_1,
	KHSM_ATTR_EXPONENT_2,	    KHSM_ATTR_COEFFICIENT,
};

/* --- writing --- */

struct khsm_derw {
	u8 *p;
	size_t len;
	size_t cap;
};

static size_t der_hdr_len(size_t n)
{
	return n < 0x80 ? 2 : n < 0x100 ? 3 : 4;
}

static void der_put(struct khsm_derw *w, const void *b, size_t n)
{
	if (w->len + n <= w->cap)
		memcpy(w->p + w->len, b, n);
	w->len += n;
}

static void der_hdr(struct khsm_derw *w, u8 tag, size_t n)
{
	u8 h[4] = { tag };
	size_t hl = der_hdr_len(n);

	if (hl == 2) {
		h[1] = n;
	} else if (hl == 3) {
		h[1] = 0x81;
		h[2] = n;
	} else {
		h[1] = 0x82;
		h[2] = n >> 8;
		h[3] = n;
	}
	der_put(w, h, hl);
}

/* An unsigned big-endian integer as a DER INTEGER: its content length. */
static size_t der_uint_len(const u8 *v, size_t n)
{
	while (n > 1 && !*v) {
		v++;
		n--;
	}
	return n + (*v >> 7);
}

static void der_uint(struct khsm_derw *w, const u8 *v, size_t n)
{
	static const u8 zero;

	while (n > 1 && !*v) {
		v++;
		n--;
	}
	der_hdr(w, DER_INTEGER, n + (*v >> 7));
	if (*v >> 7)
		der_put(w, &zero, 1);
	der_put(w, v, n);
}

static const struct khsm_tattr *khsm_part(struct khsm_object *obj, u64 type)
{
	const struct khsm_tattr *a = khsm_template_find(obj->attrs, type);

	return a ?: khsm_template_find(obj->secrets, type);
}

static int khsm_pkcs8_rsa(struct khsm_object *obj, struct khsm_derw *w)
{
	static const u8 version[] = { DER_INTEGER, 1, 0 };
	static const u8 null[] = { DER_NULL, 0 };
	const struct khsm_tattr *a[ARRAY_SIZE(khsm_rsa_ints)];
	size_t inner = sizeof(version), algid, i, n;

	for (i = 0; i < ARRAY_SIZE(khsm_rsa_ints); i++) {
		a[i] = khsm_part(obj, khsm_rsa_ints[i]);
		if (!a[i] || !a[i]->len)
			return -ENODATA;
		n = der_uint_len(a[i]->val, a[i]->len);
		inner += der_hdr_len(n) + n;
	}
	algid = sizeof(oid_rsa) + sizeof(null);
	n = sizeof(version) + der_hdr_len(algid) + algid +
	    der_hdr_len(der_hdr_len(inner) + inner) + der_hdr_len(inner) +
	    inner;
	der_hdr(w, DER_SEQUENCE, n);
	der_put(w, version, sizeof(version));
	der_hdr(w, DER_SEQUENCE, algid);
	der_put(w, oid_rsa, sizeof(oid_rsa));
	der_put(w, null, sizeof(null));
	der_hdr(w, DER_OCTET, der_hdr_len(inner) + inner);
	der_hdr(w, DER_SEQUENCE, inner);
	der_put(w, version, sizeof(version));
	for (i = 0; i < ARRAY_SIZE(khsm_rsa_ints); i++)
		der_uint(w, a[i]->val, a[i]->len);
	return 0;
}

static int khsm_pkcs8_ec(struct khsm_object *obj, struct khsm_derw *w)
{
	static const u8 version0[] = { DER_INTEGER, 1, 0 };
	static const u8 version1[] = { DER_INTEGER, 1, 1 };
	u8 params[KHSM_EC_MAX_PARAMS_DER], d[KHSM_EC_MAX_BYTES];
	size_t nd = khsm_ec_bytes(obj->curve), np = obj->ec_pub_len;
	size_t inner, algid, bits, n;
	int plen, ret;

	plen = khsm_ec_params_encode(obj->curve, params, sizeof(params));
	if (plen < 0)
		return plen;
	ret = khsm_ec_private_value(obj, d);
	if (ret)
		return ret;
	/* ECPrivateKey with the public key, as OpenSSL writes it. */
	bits = der_hdr_len(np + 1) + np + 1;
	inner = sizeof(version1) + der_hdr_len(nd) + nd + der_hdr_len(bits) +
		bits;
	algid = sizeof(oid_ec) + plen;
	n = sizeof(version0) + der_hdr_len(algid) + algid +
	    der_hdr_len(der_hdr_len(inner) + inner) + der_hdr_len(inner) +
	    inner;
	der_hdr(w, DER_SEQUENCE, n);
	der_put(w, version0, sizeof(version0));
	der_hdr(w, DER_SEQUENCE, algid);
	der_put(w, oid_ec, sizeof(oid_ec));
	der_put(w, params, plen);
	der_hdr(w, DER_OCTET, der_hdr_len(inner) + inner);
	der_hdr(w, DER_SEQUENCE, inner);
	der_put(w, version1, sizeof(version1));
	der_hdr(w, DER_OCTET, nd);
	der_put(w, d, nd);
	der_hdr(w, DER_CTX1, bits);
	der_hdr(w, DER_BIT_STRING, np + 1);
	der_put(w, "", 1);
	der_put(w, obj->ec_pub, np);
	memzero_explicit(d, sizeof(d));
	return 0;
}

/**
 * khsm_pkcs8_encode() - a private key object as PKCS #8 DER
 * @obj: an RSA or EC private key, loaded
 * @out: the buffer, or NULL to ask the length
 * @cap: its size
 *
 * Context: @obj's lock held.
 * Return: the encoding's length (larger than @cap: nothing usable was
 * written), or -ENODATA / -ENOEXEC.
 */
ssize_t khsm_pkcs8_encode(struct khsm_object *obj, u8 *out, size_t cap)
{
	struct khsm_derw w = { out, 0, out ? cap : 0 };
	int ret;

	if (obj->class != KHSM_CLASS_PRIVATE_KEY)
		return -ENOEXEC;
	if (obj->key_type == KHSM_KEY_RSA)
		ret = khsm_pkcs8_rsa(obj, &w);
	else if (obj->key_type == KHSM_KEY_EC)
		ret = khsm_pkcs8_ec(obj, &w);
	else
		ret = -ENOEXEC;
	return ret ?: (ssize_t)w.len;
}

/* --- reading --- */

struct khsm_der {
	const u8 *p;
	size_t len;
};

/* The next TLV of @d, which must have @tag: its content in @out. */
static int der_take(struct khsm_der *d, u8 tag, struct khsm_der *out)
{
	size_t n, hl = 2;

	if (d->len < 2 || d->p[0] != tag)
		return -EBADMSG;
	n = d->p[1];
	if (n == 0x81) {
		if (d->len < 3 || d->p[2] < 0x80)
			return -EBADMSG;
		n = d->p[2];
		hl = 3;
	} else if (n == 0x82) {
		if (d->len < 4 || d->p[2] == 0)
			return -EBADMSG;
		n = (d->p[2] << 8) | d->p[3];
		hl = 4;
	} else if (n > 0x7f) {
		return -EBADMSG;
	}
	if (n > d->len - hl)
		return -EBADMSG;
	out->p = d->p + hl;
	out->len = n;
	d->p += hl + n;
	d->len -= hl + n;
	return 0;
}

/* A whole TLV (header included) of @tag, for OIDs compared as bytes. */
static int der_take_raw(struct khsm_der *d, u8 tag, struct khsm_der *out)
{
	const u8 *start = d->p;
	struct khsm_der c;
	int ret = der_take(d, tag, &c);

	if (ret)
		return ret;
	out->p = start;
	out->len = c.p + c.len - start;
	return 0;
}

/* A non-negative, minimally encoded INTEGER, without its sign byte. */
static int der_uint_take(struct khsm_der *d, struct khsm_der *v)
{
	int ret = der_take(d, DER_INTEGER, v);

	if (ret || !v->len || (v->p[0] & 0x80))
		return -EBADMSG;
	if (v->len > 1 && !v->p[0]) {
		if (!(v->p[1] & 0x80))
			return -EBADMSG;
		v->p++;
		v->len--;
	}
	return 0;
}

static int der_small_int(struct khsm_der *d, u8 want)
{
	struct khsm_der v;

	if (der_take(d, DER_INTEGER, &v) || v.len != 1 || v.p[0] != want)
		return -EBADMSG;
	return 0;
}

static int khsm_put(struct khsm_object *obj, u64 type, bool secret,
		    const struct khsm_der *v)
{
	return khsm_template_put(secret ? &obj->secrets : &obj->attrs, type,
				 v->p, v->len);
}

static int khsm_pkcs8_read_rsa(struct khsm_der *key, struct khsm_object *obj)
{
	struct khsm_der seq, v;
	unsigned int i;
	int ret;

	if (der_take(key, DER_SEQUENCE, &seq) || key->len ||
	    der_small_int(&seq, 0))
		return -EBADMSG;
	for (i = 0; i < ARRAY_SIZE(khsm_rsa_ints); i++) {
		if (der_uint_take(&seq, &v))
			return -EBADMSG;
		ret = khsm_put(obj, khsm_rsa_ints[i], i >= 2, &v);
		if (ret)
			return ret;
	}
	return seq.len ? -EBADMSG : 0;
}

static int khsm_pkcs8_read_ec(struct khsm_der *key, struct khsm_der *params,
			      struct khsm_object *obj)
{
	struct khsm_der seq, d, ctx, inner;
	enum khsm_ec_curve_id curve;
	int ret;

	if (khsm_ec_params_decode(params->p, params->len, &curve))
		return -EBADMSG;
	if (der_take(key, DER_SEQUENCE, &seq) || key->len ||
	    der_small_int(&seq, 1) || der_take(&seq, DER_OCTET, &d) ||
	    d.len != khsm_ec_bytes(curve))
		return -EBADMSG;
	/* Optional parameters: if present, the same curve. */
	if (seq.len && seq.p[0] == DER_CTX0) {
		if (der_take(&seq, DER_CTX0, &ctx) ||
		    der_take_raw(&ctx, DER_OID, &inner) || ctx.len ||
		    inner.len != params->len ||
		    memcmp(inner.p, params->p, params->len))
			return -EBADMSG;
	}
	/* The optional public key is recomputed from d when loaded. */
	if (seq.len && (der_take(&seq, DER_CTX1, &ctx) || seq.len))
		return -EBADMSG;
	ret = khsm_put(obj, KHSM_ATTR_EC_PARAMS, false, params);
	return ret ?: khsm_put(obj, KHSM_ATTR_VALUE, true, &d);
}

/**
 * khsm_pkcs8_decode() - fill a new private key object from PKCS #8 DER
 * @der: the encoding
 * @len: its length
 * @obj: a private key object under construction; its key type, if the
 *	template gave one, must be the encoding's
 *
 * Return: 0, -EBADMSG for anything but a well-formed RSA or EC key of
 * the expected type, or -ENOMEM.
 */
int khsm_pkcs8_decode(const u8 *der, size_t len, struct khsm_object *obj)
{
	struct khsm_der d = { der, len }, pki, algid, oid, params, key, attrs;
	u64 key_type;

	if (der_take(&d, DER_SEQUENCE, &pki) || d.len ||
	    der_small_int(&pki, 0) || der_take(&pki, DER_SEQUENCE, &algid) ||
	    der_take_raw(&algid, DER_OID, &oid))
		return -EBADMSG;
	if (oid.len == sizeof(oid_rsa) && !memcmp(oid.p, oid_rsa, oid.len)) {
		key_type = KHSM_KEY_RSA;
		if (algid.len && (der_take(&algid, DER_NULL, &params) ||
				  params.len || algid.len))
			return -EBADMSG;
	} else if (oid.len == sizeof(oid_ec) &&
		   !memcmp(oid.p, oid_ec, oid.len)) {
		key_type = KHSM_KEY_EC;
		if (der_take_raw(&algid, DER_OID, &params) || algid.len)
			return -EBADMSG;
	} else {
		return -EBADMSG;
	}
	if (obj->key_type != KHSM_ATTR_UNAVAILABLE && obj->key_type != key_type)
		return -EBADMSG;
	obj->key_type = key_type;
	/* Attributes ([0]) after the key are allowed and ignored. */
	if (der_take(&pki, DER_OCTET, &key) ||
	    (pki.len && der_take(&pki, DER_CTX0, &attrs)) || pki.len)
		return -EBADMSG;
	if (key_type == KHSM_KEY_RSA)
		return khsm_pkcs8_read_rsa(&key, obj);
	return khsm_pkcs8_read_ec(&key, &params, obj);
}
