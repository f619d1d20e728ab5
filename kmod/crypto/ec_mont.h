/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constant-time multi-precision arithmetic on little-endian 64-bit limbs,
 * modulo an odd modulus, in Montgomery form (R = 2^(64 * limbs)).
 *
 * Every function takes the limb count and the modulus as arguments that are
 * compile-time constants at each call site: instantiated with the constants
 * of one prime or group order, the loops unroll and the multiplications by
 * zero or all-ones limbs fold away, which is what specialises the same code
 * to P-256, P-384 and their orders. No function branches on, or indexes
 * memory by, a limb value; masks are all-zero or all-one words.
 */
#ifndef _KHSM_CRYPTO_EC_MONT_H
#define _KHSM_CRYPTO_EC_MONT_H

#include "shim.h"

/* The kernel forces inlining; natively, -O2 inlines these on its own. */
#ifndef __always_inline
#define __always_inline inline
#endif

#define EC_MAX_LIMBS 6

/*
 * Hide a value from the optimiser so that mask arithmetic on it is not
 * turned back into a branch.
 */
static __always_inline u64 ec_barrier(u64 x)
{
	__asm__("" : "+r"(x));
	return x;
}

/* All-ones if @x is zero, else zero. */
static __always_inline u64 ec_mask_zero(u64 x)
{
	x = ec_barrier(x);
	return ((x | (0 - x)) >> 63) - 1;
}

/* All-ones if @a == @b, else zero. */
static __always_inline u64 ec_mask_eq(u64 a, u64 b)
{
	return ec_mask_zero(a ^ b);
}

static __always_inline void ec_cmov(u64 *r, const u64 *a, u64 mask,
				    unsigned int n)
{
	unsigned int i;

	mask = ec_barrier(mask);
	for (i = 0; i < n; i++)
		r[i] ^= mask & (r[i] ^ a[i]);
}

/* All-ones if the @n-limb value @a is zero. */
static __always_inline u64 ec_is_zero(const u64 *a, unsigned int n)
{
	u64 acc = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		acc |= a[i];
	return ec_mask_zero(acc);
}

/* All-ones if @a == @b. */
static __always_inline u64 ec_is_equal(const u64 *a, const u64 *b,
				       unsigned int n)
{
	u64 acc = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		acc |= a[i] ^ b[i];
	return ec_mask_zero(acc);
}

/* r = a - b; returns the borrow (0 or 1). @r may alias @a or @b. */
static __always_inline u64 ec_sub_raw(u64 *r, const u64 *a, const u64 *b,
				      unsigned int n)
{
	u64 borrow = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		khsm_u128 t = (khsm_u128)a[i] - b[i] - borrow;

		r[i] = (u64)t;
		borrow = (u64)(t >> 64) & 1;
	}
	return borrow;
}

/* r = a + b; returns the carry (0 or 1). */
static __always_inline u64 ec_add_raw(u64 *r, const u64 *a, const u64 *b,
				      unsigned int n)
{
	u64 carry = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		khsm_u128 t = (khsm_u128)a[i] + b[i] + carry;

		r[i] = (u64)t;
		carry = (u64)(t >> 64);
	}
	return carry;
}

/* The borrow (0 or 1) out of a - b, without storing the difference. */
static __always_inline u64 ec_borrow(const u64 *a, const u64 *b, unsigned int n)
{
	u64 borrow = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		khsm_u128 t = (khsm_u128)a[i] - b[i] - borrow;

		borrow = (u64)(t >> 64) & 1;
	}
	return borrow;
}

/* All-ones if @a < @b. */
static __always_inline u64 ec_lt(const u64 *a, const u64 *b, unsigned int n)
{
	return 0 - ec_borrow(a, b, n);
}

/*
 * r = a - (m & mask) and r = a + (m & mask). No temporary arrays: with the
 * kernel's zero-initialised stack variables, every inlined copy of an
 * array would get its own stack slot.
 */
static __always_inline void ec_sub_masked(u64 *r, const u64 *a, const u64 *m,
					  u64 mask, unsigned int n)
{
	u64 borrow = 0;
	unsigned int i;

	mask = ec_barrier(mask);
	for (i = 0; i < n; i++) {
		khsm_u128 t = (khsm_u128)a[i] - (m[i] & mask) - borrow;

		r[i] = (u64)t;
		borrow = (u64)(t >> 64) & 1;
	}
}

static __always_inline void ec_add_masked(u64 *r, const u64 *a, const u64 *m,
					  u64 mask, unsigned int n)
{
	u64 carry = 0;
	unsigned int i;

	mask = ec_barrier(mask);
	for (i = 0; i < n; i++) {
		khsm_u128 t = (khsm_u128)a[i] + (m[i] & mask) + carry;

		r[i] = (u64)t;
		carry = (u64)(t >> 64);
	}
}

/*
 * Given the @n limbs of @a and an extra top bit @hi, with (hi, a) < 2m,
 * r = (hi, a) mod m. @r may alias @a.
 */
static __always_inline void ec_reduce_once(u64 *r, const u64 *a, u64 hi,
					   const u64 *m, unsigned int n)
{
	/* Subtract unless a - m went below zero with no top bit to borrow. */
	u64 sub = 0 - ((ec_borrow(a, m, n) ^ 1) | hi);

	ec_sub_masked(r, a, m, sub, n);
}

/* r = a + b mod m, for a, b < m. */
static __always_inline void ec_mod_add(u64 *r, const u64 *a, const u64 *b,
				       const u64 *m, unsigned int n)
{
	u64 carry = ec_add_raw(r, a, b, n);

	ec_reduce_once(r, r, carry, m, n);
}

/* r = a - b mod m, for a, b < m. */
static __always_inline void ec_mod_sub(u64 *r, const u64 *a, const u64 *b,
				       const u64 *m, unsigned int n)
{
	u64 borrow = ec_sub_raw(r, a, b, n);

	ec_add_masked(r, r, m, 0 - borrow, n);
}

/*
 * Montgomery product r = a * b / R mod m (CIOS), for a, b < m and
 * m0inv = -1/m mod 2^64. @r may alias @a or @b.
 */
static __always_inline void ec_mont_mul(u64 *r, const u64 *a, const u64 *b,
					const u64 *m, u64 m0inv, unsigned int n)
{
	u64 t[EC_MAX_LIMBS + 2];
	unsigned int i, j;

	/*
	 * The limb loops must unroll completely for the products to stay in
	 * registers; -O2 alone does not unroll nested loops.
	 */
	for (i = 0; i < n + 2; i++)
		t[i] = 0;
#pragma GCC unroll 8
	for (i = 0; i < n; i++) {
		khsm_u128 uv;
		u64 carry = 0, q;

#pragma GCC unroll 8
		for (j = 0; j < n; j++) {
			uv = (khsm_u128)a[i] * b[j] + t[j] + carry;
			t[j] = (u64)uv;
			carry = (u64)(uv >> 64);
		}
		uv = (khsm_u128)t[n] + carry;
		t[n] = (u64)uv;
		t[n + 1] = (u64)(uv >> 64);

		q = t[0] * m0inv;
		uv = (khsm_u128)q * m[0] + t[0];
		carry = (u64)(uv >> 64);
#pragma GCC unroll 8
		for (j = 1; j < n; j++) {
			uv = (khsm_u128)q * m[j] + t[j] + carry;
			t[j - 1] = (u64)uv;
			carry = (u64)(uv >> 64);
		}
		uv = (khsm_u128)t[n] + carry;
		t[n - 1] = (u64)uv;
		t[n] = t[n + 1] + (u64)(uv >> 64);
	}
	ec_reduce_once(r, t, t[n], m, n);
}

/*
 * r = a^e in Montgomery form, for a public exponent @e of @n limbs, with
 * the modular multiplication @mul (fixed 4-bit windows: the table index
 * depends only on @e, which must be nonzero). @one is R mod m. Used for
 * Fermat inversion, where e = m - 2.
 */
static __always_inline void
ec_mont_pow(u64 *r, const u64 *a, const u64 *e, const u64 *one, unsigned int n,
	    void (*mul)(u64 *r, const u64 *a, const u64 *b))
{
	u64 tab[16][EC_MAX_LIMBS], acc[EC_MAX_LIMBS];
	unsigned int i, j, started = 0;

	memcpy(tab[0], one, n * 8);
	memcpy(tab[1], a, n * 8);
	for (i = 2; i < 16; i++)
		mul(tab[i], tab[i - 1], a);
	memcpy(acc, one, n * 8);
	for (i = n * 16; i-- > 0;) {
		unsigned int w = (e[i / 16] >> (4 * (i % 16))) & 15;

		if (started)
			for (j = 0; j < 4; j++)
				mul(acc, acc, acc);
		if (w) {
			mul(acc, acc, tab[w]);
			started = 1;
		}
	}
	memcpy(r, acc, n * 8);
	khsm_crypto_wipe(tab, sizeof(tab));
	khsm_crypto_wipe(acc, sizeof(acc));
}

/* Big-endian bytes (@n * 8 of them) to limbs. */
static __always_inline void ec_from_bytes(u64 *r, const u8 *in, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		const u8 *p = in + 8 * (n - 1 - i);
		u64 v = 0;

		for (j = 0; j < 8; j++)
			v = v << 8 | p[j];
		r[i] = v;
	}
}

/* Limbs to big-endian bytes. */
static __always_inline void ec_to_bytes(u8 *out, const u64 *a, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		u8 *p = out + 8 * (n - 1 - i);

		for (j = 0; j < 8; j++)
			p[j] = (u8)(a[i] >> (56 - 8 * j));
	}
}

#endif /* _KHSM_CRYPTO_EC_MONT_H */
