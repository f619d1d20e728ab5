// SPDX-License-Identifier: GPL-2.0
/*
 * The DER encodings PKCS#11 and X.509 use for EC keys and signatures:
 * CKA_EC_PARAMS (a namedCurve OID), CKA_EC_POINT (an OCTET STRING around the
 * uncompressed point), SubjectPublicKeyInfo and ECDSA-Sig-Value. Decoders
 * accept only strict DER: one encoding per value, so nothing can be smuggled
 * through a second, lax reading.
 */
#include "ec_local.h"

#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_OCTET_STRING 0x04
#define DER_OID 0x06
#define DER_SEQUENCE 0x30

/* Complete DER encodings of the curve OIDs, tag and length included. */
static const u8 oid_p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
			       0xce, 0x3d, 0x03, 0x01, 0x07 };
static const u8 oid_p384[] = { 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22 };
/* id-ecPublicKey, 1.2.840.10045.2.1 */
static const u8 oid_ec_public_key[] = { 0x06, 0x07, 0x2a, 0x86, 0x48,
					0xce, 0x3d, 0x02, 0x01 };

/*
 * Read one element with tag @tag at *@p (not past @end): its contents in
 * @val, @len, and *@p moved past it. Lengths must be definite and minimal.
 */
static int der_read(const u8 **p, const u8 *end, u8 tag, const u8 **val,
		    size_t *len)
{
	const u8 *q = *p;
	size_t n, i, cnt;

	if (end - q < 2 || q[0] != tag)
		return -EINVAL;
	n = q[1];
	q += 2;
	if (n & 0x80) {
		cnt = n & 0x7f;
		/* Nothing here is longer than 65535 bytes. */
		if (cnt == 0 || cnt > 2 || (size_t)(end - q) < cnt)
			return -EINVAL;
		for (n = 0, i = 0; i < cnt; i++)
			n = n << 8 | q[i];
		q += cnt;
		if (n < 0x80 || (cnt == 2 && n < 0x100))
			return -EINVAL;
	}
	if ((size_t)(end - q) < n)
		return -EINVAL;
	*val = q;
	*len = n;
	*p = q + n;
	return 0;
}

static const u8 *curve_oid(enum khsm_ec_curve_id curve, size_t *len)
{
	switch (curve) {
	case KHSM_EC_P256:
		*len = sizeof(oid_p256);
		return oid_p256;
	case KHSM_EC_P384:
		*len = sizeof(oid_p384);
		return oid_p384;
	default:
		return NULL;
	}
}

int khsm_ec_params_encode(enum khsm_ec_curve_id curve, u8 *out, size_t cap)
{
	size_t len;
	const u8 *oid = curve_oid(curve, &len);

	if (!oid || !out || cap < len)
		return -EINVAL;
	memcpy(out, oid, len);
	return (int)len;
}

int khsm_ec_params_decode(const u8 *der, size_t len,
			  enum khsm_ec_curve_id *curve)
{
	unsigned int i;

	if (!der || !curve)
		return -EINVAL;
	/* DER is unique: comparing whole encodings is strict parsing. */
	for (i = 0; i < KHSM_EC_CURVE_COUNT; i++) {
		size_t olen;
		const u8 *oid = curve_oid(i, &olen);

		if (len == olen && !__builtin_memcmp(der, oid, olen)) {
			*curve = i;
			return 0;
		}
	}
	return -EINVAL;
}

int khsm_ec_point_encode(enum khsm_ec_curve_id curve, const u8 *pub, u8 *out,
			 size_t cap)
{
	size_t plen = khsm_ec_point_len(curve);

	/* Both points are shorter than 128 bytes: a one-byte length. */
	if (!plen || !pub || !out || cap < 2 + plen)
		return -EINVAL;
	out[0] = DER_OCTET_STRING;
	out[1] = (u8)plen;
	memcpy(out + 2, pub, plen);
	return (int)(2 + plen);
}

int khsm_ec_point_decode(enum khsm_ec_curve_id curve, const u8 *in, size_t len,
			 u8 *pub)
{
	size_t plen = khsm_ec_point_len(curve), vlen;
	const u8 *p = in, *val;

	if (!plen || !in || !pub)
		return -EINVAL;
	/*
	 * The bare point and its OCTET STRING differ in length, and no
	 * OCTET STRING of a bare point's length holds a valid point, so the
	 * length tells which one was given.
	 */
	if (len == plen) {
		val = in;
	} else {
		if (der_read(&p, in + len, DER_OCTET_STRING, &val, &vlen) ||
		    p != in + len || vlen != plen)
			return -EINVAL;
	}
	if (khsm_ec_check_public(curve, val, plen))
		return -EINVAL;
	memcpy(pub, val, plen);
	return 0;
}

int khsm_ec_spki_decode(const u8 *der, size_t len, enum khsm_ec_curve_id *curve,
			u8 *pub)
{
	const u8 *p = der, *end, *spki, *alg, *bits, *params;
	size_t n, alen, blen;

	if (!der || !curve || !pub)
		return -EINVAL;
	if (der_read(&p, der + len, DER_SEQUENCE, &spki, &n) || p != der + len)
		return -EINVAL;
	p = spki;
	end = spki + n;
	if (der_read(&p, end, DER_SEQUENCE, &alg, &alen) ||
	    der_read(&p, end, DER_BIT_STRING, &bits, &blen) || p != end)
		return -EINVAL;
	/* AlgorithmIdentifier: id-ecPublicKey, then a namedCurve OID. */
	if (alen < sizeof(oid_ec_public_key) ||
	    __builtin_memcmp(alg, oid_ec_public_key, sizeof(oid_ec_public_key)))
		return -EINVAL;
	params = alg + sizeof(oid_ec_public_key);
	if (khsm_ec_params_decode(params, alen - sizeof(oid_ec_public_key),
				  curve))
		return -EINVAL;
	/* A BIT STRING of whole bytes: no unused bits. */
	if (blen < 1 || bits[0] != 0)
		return -EINVAL;
	if (khsm_ec_check_public(*curve, bits + 1, blen - 1))
		return -EINVAL;
	memcpy(pub, bits + 1, blen - 1);
	return 0;
}

/* Encode the unsigned @n-byte big-endian @v as a DER INTEGER at @out. */
static size_t der_put_uint(u8 *out, const u8 *v, size_t n)
{
	size_t skip = 0, len;
	int pad;

	while (skip < n - 1 && !v[skip])
		skip++;
	pad = v[skip] >> 7;
	len = n - skip + pad;
	out[0] = DER_INTEGER;
	out[1] = (u8)len;
	out[2] = 0;
	memcpy(out + 2 + pad, v + skip, n - skip);
	return 2 + len;
}

int khsm_ecdsa_sig_to_der(enum khsm_ec_curve_id curve, const u8 *raw, u8 *out,
			  size_t cap)
{
	size_t n = khsm_ec_bytes(curve), body, hdr;
	u8 tmp[KHSM_EC_MAX_SIG_DER];

	if (!n || !raw || !out)
		return -EINVAL;
	body = der_put_uint(tmp, raw, n);
	body += der_put_uint(tmp + body, raw + n, n);
	/* At most 2 * (2 + 49) = 102 bytes of contents. */
	hdr = body < 0x80 ? 2 : 3;
	if (cap < hdr + body)
		return -EINVAL;
	out[0] = DER_SEQUENCE;
	if (hdr == 2) {
		out[1] = (u8)body;
	} else {
		out[1] = 0x81;
		out[2] = (u8)body;
	}
	memcpy(out + hdr, tmp, body);
	return (int)(hdr + body);
}

/* Read a non-negative, minimal DER INTEGER of at most @n bytes into @v. */
static int der_get_uint(const u8 **p, const u8 *end, u8 *v, size_t n)
{
	const u8 *val;
	size_t len;

	if (der_read(p, end, DER_INTEGER, &val, &len) || !len)
		return -EBADMSG;
	if (val[0] & 0x80)
		return -EBADMSG;
	if (val[0] == 0 && len > 1) {
		/* A leading zero only to clear the sign bit. */
		if (!(val[1] & 0x80))
			return -EBADMSG;
		val++;
		len--;
	}
	if (len > n)
		return -EBADMSG;
	memset(v, 0, n - len);
	memcpy(v + n - len, val, len);
	return 0;
}

int khsm_ecdsa_sig_from_der(enum khsm_ec_curve_id curve, const u8 *der,
			    size_t len, u8 *raw)
{
	size_t n = khsm_ec_bytes(curve), slen;
	const u8 *p = der, *seq;

	if (!n || !der || !raw)
		return -EBADMSG;
	if (der_read(&p, der + len, DER_SEQUENCE, &seq, &slen) ||
	    p != der + len)
		return -EBADMSG;
	p = seq;
	if (der_get_uint(&p, seq + slen, raw, n) ||
	    der_get_uint(&p, seq + slen, raw + n, n) || p != seq + slen)
		return -EBADMSG;
	return 0;
}
