/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-precision integers for RSA: little-endian arrays of 64-bit limbs,
 * Montgomery arithmetic and constant-time exponentiation.
 *
 * Unless a function says "vartime", its running time and memory access
 * pattern depend only on the limb counts and bit lengths passed to it, never
 * on the values, so it may be fed secrets. Masks are u64 values that are
 * either 0 or all ones.
 */
#ifndef _KHSM_CRYPTO_BN_H
#define _KHSM_CRYPTO_BN_H

#include "shim.h"

#define KHSM_BN_MAX_BITS 8192
#define KHSM_BN_MAX_LIMBS (KHSM_BN_MAX_BITS / 64)
#define KHSM_BN_LIMBS(bits) (((bits) + 63) / 64)

/* Scratch limbs khsm_mont_mul() and khsm_mont_sqr() need. */
#define KHSM_MONT_TMP_LIMBS(nl) (2 * (nl) + 2)

/**
 * struct khsm_mont - an odd modulus prepared for Montgomery arithmetic
 * @nl: limbs of every operand, a multiple of 4 (R = 2^(64 * nl))
 * @bits: bit length of the modulus
 * @flags: KHSM_MONT_ADX if the MULX/ADX code path may be used
 * @n0: -m^-1 mod 2^64
 * @m: the modulus, zero-padded to @nl limbs
 * @rr: R^2 mod m
 * @one: R mod m, i.e. 1 in Montgomery form
 */
struct khsm_mont {
	u32 nl;
	u32 bits;
	u32 flags;
	u64 n0;
	u64 m[KHSM_BN_MAX_LIMBS];
	u64 rr[KHSM_BN_MAX_LIMBS];
	u64 one[KHSM_BN_MAX_LIMBS];
};

#define KHSM_MONT_ADX 1u

static inline u64 khsm_ct_nz(u64 x)
{
	return -((x | -x) >> 63);
}

static inline u64 khsm_ct_zero(u64 x)
{
	return ~khsm_ct_nz(x);
}

/* Mask for x < y. */
static inline u64 khsm_ct_lt(u64 x, u64 y)
{
	return -(((~x & y) | (~(x ^ y) & (x - y))) >> 63);
}

static inline u64 khsm_ct_eq(u64 x, u64 y)
{
	return khsm_ct_zero(x ^ y);
}

/*
 * Launder a mask through an empty asm so the compiler cannot prove it is
 * 0/1 valued and turn the masked selects built on it back into branches.
 */
static inline u64 khsm_ct_barrier(u64 x)
{
	asm("" : "+r"(x));
	return x;
}

#ifdef __KERNEL__
static inline void khsm_ct_declassify(const void *p, size_t len)
{
}
#else
/**
 * khsm_ct_declassify_hook() - mark memory as no longer secret (tests only)
 * @p: start
 * @len: number of bytes
 *
 * Weak: a constant-time test running the core under valgrind defines it to
 * tell memcheck that a value derived from secrets may now be branched on;
 * everywhere else it is absent and declassification costs nothing.
 */
void khsm_ct_declassify_hook(const void *p, size_t len);
#pragma weak khsm_ct_declassify_hook

static inline void khsm_ct_declassify(const void *p, size_t len)
{
	void (*hook)(const void *p, size_t len) = khsm_ct_declassify_hook;

	/* Keep the test for an absent weak symbol even if it is defined. */
	asm("" : "+r"(hook));
	if (hook)
		hook(p, len);
}
#endif

/*
 * A secret-derived value that is about to decide a branch and is allowed to
 * be public (each caller says why).
 */
static inline u64 khsm_ct_public(u64 x)
{
	khsm_ct_declassify(&x, sizeof(x));
	return khsm_ct_barrier(x);
}

int khsm_bn_from_bytes(u64 *r, u32 nl, const u8 *in, size_t len);
void khsm_bn_to_bytes(u8 *out, size_t len, const u64 *a, u32 nl);
u64 khsm_bn_add(u64 *r, const u64 *a, const u64 *b, u32 nl);
u64 khsm_bn_sub(u64 *r, const u64 *a, const u64 *b, u32 nl);
u64 khsm_bn_sub_word(u64 *r, const u64 *a, u64 w, u32 nl);
void khsm_bn_select(u64 *r, const u64 *a, const u64 *b, u32 nl, u64 mask);
void khsm_bn_cswap(u64 *a, u64 *b, u32 nl, u64 mask);
u64 khsm_bn_lt(const u64 *a, const u64 *b, u32 nl);
u64 khsm_bn_eq(const u64 *a, const u64 *b, u32 nl);
u64 khsm_bn_is_zero(const u64 *a, u32 nl);
u64 khsm_bn_shr1(u64 *r, const u64 *a, u32 nl);
u64 khsm_bn_shl1(u64 *r, const u64 *a, u32 nl);
u32 khsm_bn_bits_vartime(const u64 *a, u32 nl);
u32 khsm_bn_bits(const u64 *a, u32 nl);
int khsm_bn_divmod(u64 *q, u64 *r, const u64 *a, u32 na, const u64 *d, u32 nd);
u64 khsm_bn_mul_word(u64 *r, const u64 *a, u64 w, u32 nl);
void khsm_bn_mul(u64 *r, const u64 *a, u32 na, const u64 *b, u32 nb, u32 flags);

int khsm_mont_init(struct khsm_mont *mc, const u64 *m, u32 nl);
void khsm_mont_mul(const struct khsm_mont *mc, u64 *r, const u64 *a,
		   const u64 *b, u64 *tmp);
void khsm_mont_sqr(const struct khsm_mont *mc, u64 *r, const u64 *a, u64 *tmp);
void khsm_mont_redc(const struct khsm_mont *mc, u64 *r, u64 *t);
void khsm_mont_reduce(const struct khsm_mont *mc, u64 *r, const u64 *a, u32 na,
		      u64 *tmp);

int khsm_mont_exp(const struct khsm_mont *mc, u64 *r, const u64 *a,
		  const u64 *e, u32 ebits);
void khsm_mont_exp_pub(const struct khsm_mont *mc, u64 *r, const u64 *a, u64 e,
		       u64 *tmp);

int khsm_bn_modinv(const struct khsm_mont *mc, u64 *r, const u64 *a, u64 *ok);
int khsm_bn_gcd(u64 *r, const u64 *a, const u64 *b, u32 nl);

int khsm_bn_is_prime(const struct khsm_mont *mc, u32 rounds);
int khsm_bn_trial_division(const u64 *w, u32 nl, u32 e);

#endif /* _KHSM_CRYPTO_BN_H */
