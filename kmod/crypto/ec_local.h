/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the curve-independent protocol code (ECDSA, ECDH, key generation)
 * needs from each curve: the specialised group and scalar arithmetic behind
 * one table of operations per curve.
 */
#ifndef _KHSM_CRYPTO_EC_LOCAL_H
#define _KHSM_CRYPTO_EC_LOCAL_H

#include "ec.h"
#include "ec_mont.h"

/**
 * struct ec_scalar_ops - arithmetic modulo the group order n
 * @n: the order, little-endian limbs
 * @to_mont: r = a * R mod n, for a < n
 * @from_mont: r = a / R mod n
 * @mul: Montgomery product r = a * b / R mod n
 * @add: r = a + b mod n
 * @inv: Montgomery-form inverse, r = R^2 / a mod n (zero for a zero @a);
 *	 constant time
 */
struct ec_scalar_ops {
	const u64 *n;
	void (*to_mont)(u64 *r, const u64 *a);
	void (*from_mont)(u64 *r, const u64 *a);
	void (*mul)(u64 *r, const u64 *a, const u64 *b);
	void (*add)(u64 *r, const u64 *a, const u64 *b);
	void (*inv)(u64 *r, const u64 *a);
};

/**
 * struct ec_curve - one curve's specialised implementation
 * @limbs: 64-bit limbs in a field element or scalar
 * @bytes: bytes in a field element or scalar
 * @nonce_hash: HMAC hash of the RFC 6979 nonce generator (hlen >= bytes)
 * @sc: arithmetic modulo the order
 * @base_mul: @xy = X||Y of k * G for a scalar 0 < @k < n, constant time;
 *	      returns 0, or -EFAULT if the result is not on the curve
 * @point_check: 0 if the public X||Y @xy is a point of the curve, else
 *		 -EINVAL
 * @ecdh: @x = X of k * P for 0 < @k < n and a checked point X||Y @xy,
 *	  constant time; returns 0, -ENOMEM, or -EFAULT for a result at
 *	  infinity or off the curve
 * @verify_x: @x = X of u1 * G + u2 * Q, reduced mod n, for public inputs
 *	      (variable time); returns 0, -ENOMEM, or -EBADMSG at infinity
 */
struct ec_curve {
	unsigned int limbs;
	unsigned int bytes;
	enum khsm_hash_alg nonce_hash;
	const struct ec_scalar_ops *sc;
	int (*base_mul)(u8 *xy, const u64 *k);
	int (*point_check)(const u8 *xy);
	int (*ecdh)(u8 *x, const u8 *xy, const u64 *k);
	int (*verify_x)(u64 *x, const u64 *u1, const u64 *u2, const u8 *xy);
};

extern const struct ec_curve khsm_ec_curve_p256;
extern const struct ec_curve khsm_ec_curve_p384;
extern const struct ec_scalar_ops khsm_ec_scalar_p256;
extern const struct ec_scalar_ops khsm_ec_scalar_p384;

/**
 * khsm_ec_curve() - the implementation of a curve
 * @id: the curve
 *
 * Return: the curve's operations, or NULL for an unknown @id.
 */
const struct ec_curve *khsm_ec_curve(enum khsm_ec_curve_id id);

/**
 * khsm_ec_hash_to_scalar() - the integer e of a hash, reduced mod n
 * @c: the curve
 * @e: receives e (plain, not Montgomery form)
 * @hash: the hash
 * @len: its length; only the leftmost bits of the order's width count
 */
void khsm_ec_hash_to_scalar(const struct ec_curve *c, u64 *e, const u8 *hash,
			    size_t len);

/**
 * khsm_ec_scalar_valid() - whether a scalar is in [1, n-1], constant time
 * @c: the curve
 * @k: the scalar
 *
 * Return: all-ones if 0 < @k < n, else zero.
 */
u64 khsm_ec_scalar_valid(const struct ec_curve *c, const u64 *k);

/**
 * khsm_ec_nonce() - RFC 6979 nonce with additional input (section 3.6)
 * @c: the curve
 * @k: receives the nonce, in [1, n-1]
 * @priv: the private scalar, c->bytes big-endian bytes
 * @hash: the message hash
 * @hash_len: its length
 * @extra: additional input (fresh random bytes when hedging), or NULL
 * @extra_len: its length
 *
 * With no @extra this is exactly the deterministic nonce of RFC 6979 with
 * HMAC over c->nonce_hash.
 *
 * Return: 0, or -errno from the hash.
 */
int khsm_ec_nonce(const struct ec_curve *c, u64 *k, const u8 *priv,
		  const u8 *hash, size_t hash_len, const u8 *extra,
		  size_t extra_len);

#ifdef __KERNEL__
static inline void ec_declassify(const void *p, size_t len)
{
}
#else
/*
 * The constant-time test (ctgrind_ec_*.c) defines this to tell valgrind
 * that a secret-derived value has become public; other builds leave the weak
 * reference unresolved, and the call is skipped.
 */
void khsm_ct_declassify(const void *p, size_t len);
#pragma weak khsm_ct_declassify

static inline void ec_declassify(const void *p, size_t len)
{
	if (khsm_ct_declassify)
		khsm_ct_declassify(p, len);
}
#endif

#endif /* _KHSM_CRYPTO_EC_LOCAL_H */
