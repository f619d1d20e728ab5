// SPDX-License-Identifier: GPL-2.0
/*
 * NIST P-256: arithmetic modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1 in
 * Montgomery form, and the curve's instance of the point code.
 *
 * -1/p mod 2^64 is 1 and two limbs of p are 0 and 2^64 - 1, so the generic
 * Montgomery reduction, instantiated with these constants, reduces to
 * shifts and additions wherever the compiler can see it.
 */
#include "ec_local.h"

#define FE_LIMBS 4

static const u64 fe_p[FE_LIMBS] = {
	0xffffffffffffffff,
	0x00000000ffffffff,
	0x0000000000000000,
	0xffffffff00000001,
};

static const u64 fe_order[FE_LIMBS] = {
	0xf3b9cac2fc632551,
	0xbce6faada7179e84,
	0xffffffffffffffff,
	0xffffffff00000000,
};

/* R mod p, R^2 mod p and b * R mod p, with R = 2^256. */
static const u64 fe_one[FE_LIMBS] = {
	0x0000000000000001,
	0xffffffff00000000,
	0xffffffffffffffff,
	0x00000000fffffffe,
};

static const u64 fe_r2[FE_LIMBS] = {
	0x0000000000000003,
	0xfffffffbffffffff,
	0xfffffffffffffffe,
	0x00000004fffffffd,
};

static const u64 fe_b[FE_LIMBS] = {
	0xd89cdf6229c4bddf,
	0xacf005cd78843090,
	0xe5a220abf7212ed6,
	0xdc30061d04874834,
};

#if defined(__x86_64__)
#include "ec_p256_asm.h"

static void fe_mul(u64 *r, const u64 *a, const u64 *b)
{
	p256_mul_asm(r, a, b);
}

static __always_inline void fe_add(u64 *r, const u64 *a, const u64 *b)
{
	p256_add_asm(r, a, b);
}

static __always_inline void fe_sub(u64 *r, const u64 *a, const u64 *b)
{
	p256_sub_asm(r, a, b);
}
#else
static void fe_mul(u64 *r, const u64 *a, const u64 *b)
{
	ec_mont_mul(r, a, b, fe_p, 1, FE_LIMBS);
}

static __always_inline void fe_add(u64 *r, const u64 *a, const u64 *b)
{
	ec_mod_add(r, a, b, fe_p, FE_LIMBS);
}

static __always_inline void fe_sub(u64 *r, const u64 *a, const u64 *b)
{
	ec_mod_sub(r, a, b, fe_p, FE_LIMBS);
}
#endif

static void fe_sqr(u64 *r, const u64 *a)
{
	fe_mul(r, a, a);
}

static void fe_to_mont(u64 *r, const u64 *a)
{
	fe_mul(r, a, fe_r2);
}

static void fe_from_mont(u64 *r, const u64 *a)
{
	static const u64 one[FE_LIMBS] = { 1 };

	fe_mul(r, a, one);
}

static void fe_sqr_n(u64 *r, const u64 *a, unsigned int n)
{
	fe_sqr(r, a);
	while (--n)
		fe_sqr(r, r);
}

/*
 * Fermat: a^(p-2) by an addition chain (255 squarings, 12 products), p - 2
 * being ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff
 * fffffffd in 32-bit words. x<k> is a^(2^k - 1).
 */
static void fe_inv(u64 *r, const u64 *a)
{
	u64 x2[FE_LIMBS], x3[FE_LIMBS], x6[FE_LIMBS], x12[FE_LIMBS];
	u64 x15[FE_LIMBS], x30[FE_LIMBS], x32[FE_LIMBS], t[FE_LIMBS];

	fe_sqr(t, a);
	fe_mul(x2, t, a);
	fe_sqr(t, x2);
	fe_mul(x3, t, a);
	fe_sqr_n(t, x3, 3);
	fe_mul(x6, t, x3);
	fe_sqr_n(t, x6, 6);
	fe_mul(x12, t, x6);
	fe_sqr_n(t, x12, 3);
	fe_mul(x15, t, x3);
	fe_sqr_n(t, x15, 15);
	fe_mul(x30, t, x15);
	fe_sqr_n(t, x30, 2);
	fe_mul(x32, t, x2);
	fe_sqr_n(t, x32, 32);
	fe_mul(t, t, a);
	fe_sqr_n(t, t, 96);
	fe_sqr_n(t, t, 32);
	fe_mul(t, t, x32);
	fe_sqr_n(t, t, 32);
	fe_mul(t, t, x32);
	fe_sqr_n(t, t, 30);
	fe_mul(t, t, x30);
	fe_sqr_n(t, t, 2);
	fe_mul(r, t, a);
	khsm_crypto_wipe(x2, sizeof(x2));
	khsm_crypto_wipe(x3, sizeof(x3));
	khsm_crypto_wipe(x6, sizeof(x6));
	khsm_crypto_wipe(x12, sizeof(x12));
	khsm_crypto_wipe(x15, sizeof(x15));
	khsm_crypto_wipe(x30, sizeof(x30));
	khsm_crypto_wipe(x32, sizeof(x32));
	khsm_crypto_wipe(t, sizeof(t));
}

#include "ec_table_p256.h"
#define FB_W 7
#define FB_WINDOWS 37
#define fb_table p256_base_table

#include "ec_point_impl.h"

const struct ec_curve khsm_ec_curve_p256 = {
	.limbs = FE_LIMBS,
	.bytes = 32,
	.nonce_hash = KHSM_HASH_SHA256,
	.sc = &khsm_ec_scalar_p256,
	.base_mul = curve_base_mul,
	.point_check = curve_point_check,
	.ecdh = curve_ecdh,
	.verify_x = curve_verify_x,
};
