// SPDX-License-Identifier: GPL-2.0
/*
 * NIST P-384: arithmetic modulo p = 2^384 - 2^128 - 2^96 + 2^32 - 1 in
 * Montgomery form, and the curve's instance of the point code.
 *
 * -1/p mod 2^64 is 2^32 + 1 and three limbs of p are all-ones, which the
 * generic Montgomery reduction, instantiated with these constants, folds
 * into shifts and additions.
 */
#include "ec_local.h"

#define FE_LIMBS 6
#define FE_M0 0x0000000100000001

static const u64 fe_p[FE_LIMBS] = {
	0x00000000ffffffff, 0xffffffff00000000, 0xfffffffffffffffe,
	0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff,
};

static const u64 fe_order[FE_LIMBS] = {
	0xecec196accc52973, 0x581a0db248b0a77a, 0xc7634d81f4372ddf,
	0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff,
};

/* R mod p, R^2 mod p and b * R mod p, with R = 2^384. */
static const u64 fe_one[FE_LIMBS] = {
	0xffffffff00000001, 0x00000000ffffffff, 0x0000000000000001,
	0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
};

static const u64 fe_r2[FE_LIMBS] = {
	0xfffffffe00000001, 0x0000000200000000, 0xfffffffe00000000,
	0x0000000200000000, 0x0000000000000001, 0x0000000000000000,
};

static const u64 fe_b[FE_LIMBS] = {
	0x081188719d412dcc, 0xf729add87a4c32ec, 0x77f2209b1920022e,
	0xe3374bee94938ae2, 0xb62b21f41f022094, 0xcd08114b604fbff9,
};

static void fe_mul(u64 *r, const u64 *a, const u64 *b)
{
	ec_mont_mul(r, a, b, fe_p, FE_M0, FE_LIMBS);
}

static void fe_sqr(u64 *r, const u64 *a)
{
	ec_mont_mul(r, a, a, fe_p, FE_M0, FE_LIMBS);
}

static void fe_add(u64 *r, const u64 *a, const u64 *b)
{
	ec_mod_add(r, a, b, fe_p, FE_LIMBS);
}

static void fe_sub(u64 *r, const u64 *a, const u64 *b)
{
	ec_mod_sub(r, a, b, fe_p, FE_LIMBS);
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

/* Fermat: a^(p-2), a public exponent. */
static void fe_inv(u64 *r, const u64 *a)
{
	static const u64 e[FE_LIMBS] = {
		0x00000000fffffffd, 0xffffffff00000000, 0xfffffffffffffffe,
		0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff,
	};

	ec_mont_pow(r, a, e, fe_one, FE_LIMBS, fe_mul);
}

#include "ec_table_p384.h"
#define FB_W 5
#define FB_WINDOWS 77
#define fb_table p384_base_table

#include "ec_point_impl.h"

const struct ec_curve khsm_ec_curve_p384 = {
	.limbs = FE_LIMBS,
	.bytes = 48,
	.nonce_hash = KHSM_HASH_SHA384,
	.sc = &khsm_ec_scalar_p384,
	.base_mul = curve_base_mul,
	.point_check = curve_point_check,
	.ecdh = curve_ecdh,
	.verify_x = curve_verify_x,
};
