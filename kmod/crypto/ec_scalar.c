// SPDX-License-Identifier: GPL-2.0
/*
 * Arithmetic modulo the group orders n of P-256 and P-384, in Montgomery
 * form, for ECDSA. The orders have no special form, so this is the generic
 * Montgomery code of ec_mont.h instantiated with each order's constants
 * (with assembly for P-256 on x86-64);
 * inversion is Fermat's a^(n-2), constant time since the exponent is public.
 */
#include "ec_local.h"

static const u64 n256[4] = {
	0xf3b9cac2fc632551,
	0xbce6faada7179e84,
	0xffffffffffffffff,
	0xffffffff00000000,
};

static const u64 n256_minus_2[4] = {
	0xf3b9cac2fc63254f,
	0xbce6faada7179e84,
	0xffffffffffffffff,
	0xffffffff00000000,
};

/* R mod n, R^2 mod n, R = 2^256. */
static const u64 n256_one[4] = {
	0x0c46353d039cdaaf,
	0x4319055258e8617b,
	0x0000000000000000,
	0x00000000ffffffff,
};

static const u64 n256_r2[4] = {
	0x83244c95be79eea2,
	0x4699799c49bd6fa6,
	0x2845b2392b6bec59,
	0x66e12d94f3d95620,
};

#define N256_M0 0xccd1c8aaee00bc4f

static const u64 n384[6] = {
	0xecec196accc52973, 0x581a0db248b0a77a, 0xc7634d81f4372ddf,
	0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff,
};

static const u64 n384_minus_2[6] = {
	0xecec196accc52971, 0x581a0db248b0a77a, 0xc7634d81f4372ddf,
	0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff,
};

/* R mod n, R^2 mod n, R = 2^384. */
static const u64 n384_one[6] = {
	0x1313e695333ad68d, 0xa7e5f24db74f5885, 0x389cb27e0bc8d220,
	0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
};

static const u64 n384_r2[6] = {
	0x2d319b2419b409a9, 0xff3d81e5df1aa419, 0xbc3e483afcb82947,
	0xd40d49174aab1cc5, 0x3fb05b7a28266895, 0x0c84ee012b39bf21,
};

#define N384_M0 0x6ed46089e88fdc45

static const u64 mont_unit[6] = { 1 };

#if defined(__x86_64__)
static const u64 n256_m0inv = N256_M0;

#include "ec_scalar_asm.h"

static void n256_mul(u64 *r, const u64 *a, const u64 *b)
{
	n256_mul_asm(r, a, b);
}
#else
static void n256_mul(u64 *r, const u64 *a, const u64 *b)
{
	ec_mont_mul(r, a, b, n256, N256_M0, 4);
}
#endif

static void n256_to_mont(u64 *r, const u64 *a)
{
	n256_mul(r, a, n256_r2);
}

static void n256_from_mont(u64 *r, const u64 *a)
{
	n256_mul(r, a, mont_unit);
}

static void n256_add(u64 *r, const u64 *a, const u64 *b)
{
	ec_mod_add(r, a, b, n256, 4);
}

static void n256_inv(u64 *r, const u64 *a)
{
	ec_mont_pow(r, a, n256_minus_2, n256_one, 4, n256_mul);
}

static void n384_mul(u64 *r, const u64 *a, const u64 *b)
{
	ec_mont_mul(r, a, b, n384, N384_M0, 6);
}

static void n384_to_mont(u64 *r, const u64 *a)
{
	n384_mul(r, a, n384_r2);
}

static void n384_from_mont(u64 *r, const u64 *a)
{
	n384_mul(r, a, mont_unit);
}

static void n384_add(u64 *r, const u64 *a, const u64 *b)
{
	ec_mod_add(r, a, b, n384, 6);
}

static void n384_inv(u64 *r, const u64 *a)
{
	ec_mont_pow(r, a, n384_minus_2, n384_one, 6, n384_mul);
}

const struct ec_scalar_ops khsm_ec_scalar_p256 = {
	.n = n256,
	.to_mont = n256_to_mont,
	.from_mont = n256_from_mont,
	.mul = n256_mul,
	.add = n256_add,
	.inv = n256_inv,
};

const struct ec_scalar_ops khsm_ec_scalar_p384 = {
	.n = n384,
	.to_mont = n384_to_mont,
	.from_mont = n384_from_mont,
	.mul = n384_mul,
	.add = n384_add,
	.inv = n384_inv,
};

void khsm_ec_hash_to_scalar(const struct ec_curve *c, u64 *e, const u8 *hash,
			    size_t len)
{
	u8 buf[KHSM_EC_MAX_BYTES];

	/*
	 * The order's width is a whole number of bytes for both curves, so
	 * keeping the leftmost bits is keeping the leftmost bytes; a shorter
	 * hash is the same integer padded with zeros on the left.
	 */
	memset(buf, 0, sizeof(buf));
	if (len >= c->bytes)
		memcpy(buf, hash, c->bytes);
	else
		memcpy(buf + c->bytes - len, hash, len);
	ec_from_bytes(e, buf, c->limbs);
	/* e < 2^bits < 2n, so one conditional subtraction reduces it. */
	if (c->limbs == 4)
		ec_reduce_once(e, e, 0, n256, 4);
	else
		ec_reduce_once(e, e, 0, n384, 6);
	khsm_crypto_wipe(buf, sizeof(buf));
}

u64 khsm_ec_scalar_valid(const struct ec_curve *c, const u64 *k)
{
	return ~ec_is_zero(k, c->limbs) & ec_lt(k, c->sc->n, c->limbs);
}
