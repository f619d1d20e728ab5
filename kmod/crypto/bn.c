// SPDX-License-Identifier: GPL-2.0
/*
 * Basic constant-time operations on limb arrays: conversion, addition,
 * comparison, selection and a slow but constant-time long division that key
 * generation and key import use a handful of times per key.
 */
#include "bn.h"

/**
 * khsm_bn_from_bytes() - import a big-endian byte string
 * @r: receives @nl limbs
 * @nl: number of limbs of @r
 * @in: the bytes, most significant first; leading zeros are allowed
 * @len: number of bytes
 *
 * The time depends on @len and @nl only.
 *
 * Return: 0, or -EINVAL if the value does not fit in @nl limbs.
 */
int khsm_bn_from_bytes(u64 *r, u32 nl, const u8 *in, size_t len)
{
	u64 extra = 0;
	size_t i;

	memset(r, 0, (size_t)nl * 8);
	for (i = 0; i < len; i++) {
		u8 b = in[len - 1 - i];

		if (i < (size_t)nl * 8)
			r[i / 8] |= (u64)b << (8 * (i % 8));
		else
			extra |= b;
	}
	/* Whether a key component fits its slot is not secret. */
	return khsm_ct_public(extra) ? -EINVAL : 0;
}

/**
 * khsm_bn_to_bytes() - export to a big-endian byte string of fixed length
 * @out: receives @len bytes
 * @len: output length; limbs beyond it are dropped, missing ones are zero
 * @a: the number
 * @nl: limbs of @a
 */
void khsm_bn_to_bytes(u8 *out, size_t len, const u64 *a, u32 nl)
{
	size_t i;

	for (i = 0; i < len; i++) {
		u8 b = 0;

		if (i < (size_t)nl * 8)
			b = (u8)(a[i / 8] >> (8 * (i % 8)));
		out[len - 1 - i] = b;
	}
}

/**
 * khsm_bn_add() - r = a + b
 * @r: result, may alias @a or @b
 * @a: first operand
 * @b: second operand
 * @nl: limbs of all three
 *
 * Return: the carry out (0 or 1).
 */
u64 khsm_bn_add(u64 *r, const u64 *a, const u64 *b, u32 nl)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < nl; i++) {
		khsm_u128 t = (khsm_u128)a[i] + b[i] + c;

		r[i] = (u64)t;
		c = (u64)(t >> 64);
	}
	return c;
}

/**
 * khsm_bn_sub() - r = a - b
 * @r: result, may alias @a or @b
 * @a: minuend
 * @b: subtrahend
 * @nl: limbs of all three
 *
 * Return: the borrow out (0 or 1).
 */
u64 khsm_bn_sub(u64 *r, const u64 *a, const u64 *b, u32 nl)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < nl; i++) {
		khsm_u128 t = (khsm_u128)a[i] - b[i] - c;

		r[i] = (u64)t;
		c = (u64)(t >> 64) & 1;
	}
	return c;
}

/**
 * khsm_bn_sub_word() - r = a - w
 * @r: result, may alias @a
 * @a: minuend
 * @w: one-limb subtrahend
 * @nl: limbs of @r and @a
 *
 * Return: the borrow out (0 or 1).
 */
u64 khsm_bn_sub_word(u64 *r, const u64 *a, u64 w, u32 nl)
{
	u64 c = w;
	u32 i;

	for (i = 0; i < nl; i++) {
		khsm_u128 t = (khsm_u128)a[i] - c;

		r[i] = (u64)t;
		c = (u64)(t >> 64) & 1;
	}
	return c;
}

/**
 * khsm_bn_select() - r = mask ? a : b, without branching
 * @r: result, may alias either input
 * @a: taken where @mask is all ones
 * @b: taken where @mask is zero
 * @nl: limbs
 * @mask: 0 or all ones
 */
void khsm_bn_select(u64 *r, const u64 *a, const u64 *b, u32 nl, u64 mask)
{
	u32 i;

	mask = khsm_ct_barrier(mask);
	for (i = 0; i < nl; i++)
		r[i] = b[i] ^ ((a[i] ^ b[i]) & mask);
}

/**
 * khsm_bn_cswap() - swap @a and @b if @mask is all ones, without branching
 * @a: first number
 * @b: second number
 * @nl: limbs
 * @mask: 0 or all ones
 */
void khsm_bn_cswap(u64 *a, u64 *b, u32 nl, u64 mask)
{
	u32 i;

	mask = khsm_ct_barrier(mask);
	for (i = 0; i < nl; i++) {
		u64 t = (a[i] ^ b[i]) & mask;

		a[i] ^= t;
		b[i] ^= t;
	}
}

/**
 * khsm_bn_lt() - compare without branching
 * @a: first number
 * @b: second number
 * @nl: limbs
 *
 * Return: all ones if a < b, else 0.
 */
u64 khsm_bn_lt(const u64 *a, const u64 *b, u32 nl)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < nl; i++) {
		khsm_u128 t = (khsm_u128)a[i] - b[i] - c;

		c = (u64)(t >> 64) & 1;
	}
	return -c;
}

/**
 * khsm_bn_eq() - test equality without branching
 * @a: first number
 * @b: second number
 * @nl: limbs
 *
 * Return: all ones if a == b, else 0.
 */
u64 khsm_bn_eq(const u64 *a, const u64 *b, u32 nl)
{
	u64 d = 0;
	u32 i;

	for (i = 0; i < nl; i++)
		d |= a[i] ^ b[i];
	return khsm_ct_zero(d);
}

/**
 * khsm_bn_is_zero() - test for zero without branching
 * @a: the number
 * @nl: limbs
 *
 * Return: all ones if a == 0, else 0.
 */
u64 khsm_bn_is_zero(const u64 *a, u32 nl)
{
	u64 d = 0;
	u32 i;

	for (i = 0; i < nl; i++)
		d |= a[i];
	return khsm_ct_zero(d);
}

/**
 * khsm_bn_shr1() - r = a >> 1
 * @r: result, may alias @a
 * @a: the number
 * @nl: limbs
 *
 * Return: the bit shifted out.
 */
u64 khsm_bn_shr1(u64 *r, const u64 *a, u32 nl)
{
	u64 out = a[0] & 1;
	u32 i;

	for (i = 0; i + 1 < nl; i++)
		r[i] = (a[i] >> 1) | (a[i + 1] << 63);
	r[nl - 1] = a[nl - 1] >> 1;
	return out;
}

/**
 * khsm_bn_shl1() - r = a << 1
 * @r: result, may alias @a
 * @a: the number
 * @nl: limbs
 *
 * Return: the bit shifted out.
 */
u64 khsm_bn_shl1(u64 *r, const u64 *a, u32 nl)
{
	u64 out = a[nl - 1] >> 63;
	u32 i;

	for (i = nl - 1; i > 0; i--)
		r[i] = (a[i] << 1) | (a[i - 1] >> 63);
	r[0] = a[0] << 1;
	return out;
}

/**
 * khsm_bn_bits_vartime() - bit length of a public number
 * @a: the number
 * @nl: limbs
 *
 * Return: the position of the highest set bit plus one, 0 for zero.
 */
u32 khsm_bn_bits_vartime(const u64 *a, u32 nl)
{
	u32 i = nl;

	while (i > 0 && !a[i - 1])
		i--;
	if (!i)
		return 0;
	return 64 * i - (u32)__builtin_clzll(a[i - 1]);
}

/**
 * khsm_bn_bits() - bit length, in constant time
 * @a: the number
 * @nl: limbs
 *
 * Return: the position of the highest set bit plus one, 0 for zero.
 */
u32 khsm_bn_bits(const u64 *a, u32 nl)
{
	u64 bits = 0, found = 0;
	u32 i, k;

	for (i = nl; i-- > 0;) {
		u64 nz = khsm_ct_barrier(khsm_ct_nz(a[i]) & ~found), x = a[i];
		u64 lz = 0, m;

		for (k = 32; k > 0; k >>= 1) {
			m = khsm_ct_barrier(khsm_ct_zero(x >> (64 - k)));
			lz += k & m;
			x = ((x << k) & m) | (x & ~m);
		}
		bits |= (64 * (u64)i + 64 - lz) & nz;
		found |= nz;
	}
	return (u32)bits;
}

/**
 * khsm_bn_mul_word() - r = a * w
 * @r: result, @nl limbs, may alias @a
 * @a: the number
 * @w: one-limb factor
 * @nl: limbs
 *
 * Return: the limb carried out of @r.
 */
u64 khsm_bn_mul_word(u64 *r, const u64 *a, u64 w, u32 nl)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < nl; i++) {
		khsm_u128 t = (khsm_u128)a[i] * w + c;

		r[i] = (u64)t;
		c = (u64)(t >> 64);
	}
	return c;
}

/**
 * khsm_bn_divmod() - constant-time long division, one bit at a time
 * @q: receives the quotient (@na limbs), or NULL
 * @r: receives the remainder (@nd limbs), or NULL
 * @a: dividend
 * @na: limbs of @a
 * @d: divisor, must not be zero
 * @nd: limbs of @d
 *
 * Slow (64 * @na steps of O(@nd) each): meant for key generation and key
 * import, where secret operands of a few thousand bits are divided a few
 * times per key and no faster division may look at the values.
 *
 * Return: 0, or -ENOMEM.
 */
int khsm_bn_divmod(u64 *q, u64 *r, const u64 *a, u32 na, const u64 *d, u32 nd)
{
	size_t sz = 3 * ((size_t)nd + 1) * 8;
	u64 *rem, *diff, *dd;
	u32 bit;

	rem = khsm_crypto_alloc(sz);
	if (!rem)
		return -ENOMEM;
	diff = rem + nd + 1;
	dd = diff + nd + 1;
	memcpy(dd, d, (size_t)nd * 8);
	if (q)
		memset(q, 0, (size_t)na * 8);
	for (bit = 64 * na; bit-- > 0;) {
		u64 ge;

		/* rem < d before the shift, so 2 * rem + 1 fits nd + 1 limbs. */
		khsm_bn_shl1(rem, rem, nd + 1);
		rem[0] |= (a[bit / 64] >> (bit % 64)) & 1;
		ge = khsm_bn_sub(diff, rem, dd, nd + 1) - 1;
		khsm_bn_select(rem, diff, rem, nd + 1, ge);
		if (q)
			q[bit / 64] |= (ge & 1) << (bit % 64);
	}
	if (r)
		memcpy(r, rem, (size_t)nd * 8);
	khsm_crypto_free(rem, sz);
	return 0;
}
