// SPDX-License-Identifier: GPL-2.0
/*
 * Bignum arithmetic of the RSA core against OpenSSL's BIGNUM: Montgomery
 * products and squares (both the MULX/ADX and the portable path), constant-
 * time exponentiation, modular inversion, GCD and long division, on random
 * operands of many sizes.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/rand.h>

#include "bn.h"
#include "check.h"

#define ML KHSM_BN_MAX_LIMBS

static void to_limbs(u64 *r, u32 nl, const BIGNUM *b)
{
	u8 buf[2 * ML * 8];

	BN_bn2binpad(b, buf, nl * 8);
	khsm_bn_from_bytes(r, nl, buf, nl * 8);
}

static BIGNUM *from_limbs(const u64 *a, u32 nl)
{
	u8 buf[2 * ML * 8];

	khsm_bn_to_bytes(buf, nl * 8, a, nl);
	return BN_bin2bn(buf, nl * 8, NULL);
}

static int eq_bn(const u64 *a, u32 nl, const BIGNUM *b)
{
	BIGNUM *x = from_limbs(a, nl);
	int r = BN_cmp(x, b) == 0;

	BN_free(x);
	return r;
}

static void rand_odd(BIGNUM *m, int bits)
{
	BN_rand(m, bits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ODD);
}

static void test_mont(int bits, u32 flags, BN_CTX *ctx)
{
	static struct khsm_mont mc;
	u64 a[ML], b[ML], r[ML], am[ML], tmp[KHSM_MONT_TMP_LIMBS(ML)];
	BIGNUM *m = BN_new(), *x = BN_new(), *y = BN_new(), *z = BN_new();
	u32 nl = KHSM_BN_LIMBS(bits);
	int i;

	rand_odd(m, bits);
	to_limbs(a, nl, m);
	CHECK(khsm_mont_init(&mc, a, nl) == 0, "mont_init %d", bits);
	if (flags != ~0u)
		mc.flags &= flags;
	nl = mc.nl;
	for (i = 0; i < 8; i++) {
		BN_rand_range(x, m);
		BN_rand_range(y, m);
		to_limbs(a, nl, x);
		to_limbs(b, nl, y);
		/* (a R)(b R)/R = ab R, back out with a product by 1. */
		khsm_mont_mul(&mc, am, a, mc.rr, tmp);
		khsm_mont_mul(&mc, r, b, mc.rr, tmp);
		khsm_mont_mul(&mc, r, am, r, tmp);
		memset(b, 0, sizeof(b));
		b[0] = 1;
		khsm_mont_mul(&mc, r, r, b, tmp);
		BN_mod_mul(z, x, y, m, ctx);
		CHECK(eq_bn(r, nl, z), "mont_mul %d flags %u", bits, flags);
		khsm_mont_sqr(&mc, r, am, tmp);
		khsm_mont_mul(&mc, r, r, b, tmp);
		BN_mod_sqr(z, x, m, ctx);
		CHECK(eq_bn(r, nl, z), "mont_sqr %d flags %u", bits, flags);
	}
	/* Edge operands: m - 1 squared. */
	BN_sub(x, m, BN_value_one());
	to_limbs(a, nl, x);
	khsm_mont_sqr(&mc, r, a, tmp);
	khsm_mont_mul(&mc, r, r, mc.rr, tmp);
	BN_mod_sqr(z, x, m, ctx);
	CHECK(eq_bn(r, nl, z), "mont_sqr(m-1) %d", bits);

	/* Exponentiation with secret and public exponents. */
	BN_rand_range(x, m);
	BN_rand(y, bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
	to_limbs(a, nl, x);
	to_limbs(b, nl, y);
	khsm_mont_mul(&mc, am, a, mc.rr, tmp);
	CHECK(khsm_mont_exp(&mc, r, am, b, bits) == 0, "exp");
	memset(a, 0, sizeof(a));
	a[0] = 1;
	khsm_mont_mul(&mc, r, r, a, tmp);
	BN_mod_exp(z, x, y, m, ctx);
	CHECK(eq_bn(r, nl, z), "mont_exp %d flags %u", bits, flags);
	khsm_mont_exp_pub(&mc, r, am, 65537, tmp);
	khsm_mont_mul(&mc, r, r, a, tmp);
	BN_set_word(y, 65537);
	BN_mod_exp(z, x, y, m, ctx);
	CHECK(eq_bn(r, nl, z), "mont_exp_pub %d", bits);

	/* Reduction of a double-width value below m R. */
	{
		u64 w[2 * ML];
		BIGNUM *big = BN_new();

		BN_rand(big, 64 * nl + bits - 1, BN_RAND_TOP_ANY,
			BN_RAND_BOTTOM_ANY);
		to_limbs(w, 2 * nl, big);
		khsm_mont_reduce(&mc, r, w, 2 * nl, tmp);
		BN_mod(z, big, m, ctx);
		CHECK(eq_bn(r, nl, z), "mont_reduce %d", bits);
		BN_free(big);
	}

	/* Inversion. */
	for (i = 0; i < 4; i++) {
		u64 ok;

		BN_rand_range(x, m);
		to_limbs(a, nl, x);
		CHECK(khsm_bn_modinv(&mc, r, a, &ok) == 0, "modinv");
		if (BN_mod_inverse(z, x, m, ctx))
			CHECK(ok && eq_bn(r, nl, z), "modinv %d", bits);
		else
			CHECK(!ok, "modinv of non-invertible %d", bits);
	}
	/* Non-invertible: a multiple of a factor of m = f g. */
	if (bits >= 128) {
		BIGNUM *f = BN_new(), *g = BN_new();
		u64 ok;

		rand_odd(f, bits / 2);
		rand_odd(g, bits - bits / 2);
		BN_mul(m, f, g, ctx);
		to_limbs(a, KHSM_BN_LIMBS(bits), m);
		khsm_mont_init(&mc, a, KHSM_BN_LIMBS(bits));
		to_limbs(a, mc.nl, f);
		khsm_bn_modinv(&mc, r, a, &ok);
		CHECK(!ok, "modinv(f) mod f g must fail");
		BN_free(f);
		BN_free(g);
	}
	BN_free(m);
	BN_free(x);
	BN_free(y);
	BN_free(z);
}

/*
 * The limb counts with unrolled MULX/ADX code (16, 24, 32) against the
 * portable rows, bit for bit, on moduli just below R, well below R and
 * random, and on operands at the edges: 0, 1, m - 1, all-ones limbs. The
 * double-width reduction gets inputs up to m R - 1, where the carry out of
 * the top limb is set.
 */
static void test_mont_paths(BN_CTX *ctx)
{
	static const u32 limbs[] = { 16, 24, 32 };
	static struct khsm_mont mx, mg;
	u64 a[ML], b[ML], r1[ML], r2[ML], w[2 * ML], w2[2 * ML];
	u64 t1[KHSM_MONT_TMP_LIMBS(ML)], t2[KHSM_MONT_TMP_LIMBS(ML)];
	BIGNUM *m = BN_new(), *x = BN_new(), *z = BN_new(), *big = BN_new();
	unsigned int li, shape, i, bad;

	for (li = 0; li < 3; li++) {
		u32 nl = limbs[li];

		for (shape = 0; shape < 4; shape++) {
			int bits = 64 * (int)nl - (shape == 2 ? 37 : 0);

			if (shape == 0) {
				/* m = R - small odd: t / R lands near m. */
				BN_zero(m);
				BN_set_bit(m, bits);
				BN_sub_word(m, 2 * (rand() % 1000) + 1);
			} else {
				rand_odd(m, bits);
			}
			if (shape == 3)
				BN_set_bit(m, bits - 2);
			to_limbs(a, nl, m);
			CHECK(khsm_mont_init(&mx, a, nl) == 0 &&
				      khsm_mont_init(&mg, a, nl) == 0,
			      "mont_init");
			mg.flags = 0;
			if (!(mx.flags & KHSM_MONT_ADX))
				continue;
			bad = 0;
			for (i = 0; i < 64; i++) {
				switch (i % 4) {
				case 0:
					BN_rand_range(x, m);
					break;
				case 1:
					BN_sub(x, m, BN_value_one());
					break;
				case 2:
					BN_set_word(x, i & 8 ? 0 : 1);
					break;
				default:
					/* All-ones limbs, reduced below m. */
					BN_zero(x);
					BN_set_bit(x, 64 * nl);
					BN_sub_word(x, 1);
					BN_mod(x, x, m, ctx);
				}
				to_limbs(a, nl, x);
				BN_rand_range(x, m);
				if (i & 16)
					BN_sub(x, m, BN_value_one());
				to_limbs(b, nl, x);
				khsm_mont_mul(&mx, r1, a, b, t1);
				khsm_mont_mul(&mg, r2, a, b, t2);
				bad += memcmp(r1, r2, nl * 8) != 0;
				khsm_mont_sqr(&mx, r1, a, t1);
				khsm_mont_sqr(&mg, r2, a, t2);
				bad += memcmp(r1, r2, nl * 8) != 0;
				/* Aliased result. */
				memcpy(r1, a, nl * 8);
				khsm_mont_mul(&mx, r1, r1, b, t1);
				khsm_mont_mul(&mg, r2, a, b, t2);
				bad += memcmp(r1, r2, nl * 8) != 0;

				/* t below m R: random, or m R - 1 - small. */
				if (i & 1) {
					BN_lshift(big, m, 64 * nl);
					BN_sub_word(big, i + 1);
				} else {
					BN_rand(big,
						64 * nl + BN_num_bits(m) - 1,
						BN_RAND_TOP_ANY,
						BN_RAND_BOTTOM_ANY);
				}
				to_limbs(w, 2 * nl, big);
				memcpy(w2, w, sizeof(w2));
				khsm_mont_redc(&mx, r1, w);
				khsm_mont_redc(&mg, r2, w2);
				bad += memcmp(r1, r2, nl * 8) != 0;
				to_limbs(w, 2 * nl, big);
				khsm_mont_reduce(&mx, r1, w, 2 * nl, t1);
				BN_mod(z, big, m, ctx);
				bad += !eq_bn(r1, nl, z);
			}
			CHECK(!bad,
			      "adx = portable, %u limbs, modulus shape %u", nl,
			      shape);
		}
	}
	BN_free(m);
	BN_free(x);
	BN_free(z);
	BN_free(big);
}

static void test_small_inverse(void)
{
	static struct khsm_mont mc;
	u64 m[4] = { 0 }, a[4] = { 0 }, r[4], ok;
	u64 mods[] = { 3, 5, 65537, 0xffffffffffffffc5ull, 1000003 };
	u32 i, k;

	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		m[0] = mods[i];
		khsm_mont_init(&mc, m, 1);
		for (k = 1; k < 50 && k < mods[i]; k++) {
			a[0] = k;
			khsm_bn_modinv(&mc, r, a, &ok);
			CHECK(ok && (u64)(((khsm_u128)r[0] * k) % mods[i]) == 1,
			      "inverse of %u mod %llu", k,
			      (unsigned long long)mods[i]);
		}
	}
}

static void test_div_gcd(BN_CTX *ctx)
{
	u64 a[64], d[32], q[64], r[32], g[32], x[32];
	BIGNUM *ba = BN_new(), *bd = BN_new(), *bq = BN_new(), *br = BN_new();
	int i;

	for (i = 0; i < 20; i++) {
		int db = 1 + (rand() % 2048);

		BN_rand(ba, 4096, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
		BN_rand(bd, db, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY);
		to_limbs(a, 64, ba);
		to_limbs(d, 32, bd);
		CHECK(khsm_bn_divmod(q, r, a, 64, d, 32) == 0, "divmod");
		BN_div(bq, br, ba, bd, ctx);
		CHECK(eq_bn(q, 64, bq) && eq_bn(r, 32, br), "divmod %d", db);
	}
	for (i = 0; i < 10; i++) {
		BIGNUM *c = BN_new();

		BN_rand(c, 1 + rand() % 64, BN_RAND_TOP_ANY,
			BN_RAND_BOTTOM_ANY);
		if (BN_is_zero(c))
			BN_one(c);
		BN_rand(ba, 1000, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
		BN_rand(bd, 1000, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
		BN_add_word(ba, 1);
		BN_add_word(bd, 1);
		BN_mul(ba, ba, c, ctx);
		BN_mul(bd, bd, c, ctx);
		to_limbs(g, 32, ba);
		to_limbs(x, 32, bd);
		CHECK(khsm_bn_gcd(r, g, x, 32) == 0, "gcd");
		BN_gcd(bq, ba, bd, ctx);
		CHECK(eq_bn(r, 32, bq), "gcd %d", i);
		BN_free(c);
	}
	BN_free(ba);
	BN_free(bd);
	BN_free(bq);
	BN_free(br);
}

static void test_bytes(void)
{
	u8 in[9] = { 0, 0, 1, 2, 3, 4, 5, 6, 7 }, out[12];
	u64 r[2];

	CHECK(khsm_bn_from_bytes(r, 1, in, 9) == 0 && r[0] == 0x01020304050607,
	      "from_bytes leading zeros");
	in[0] = 1;
	CHECK(khsm_bn_from_bytes(r, 1, in, 9) == -EINVAL,
	      "from_bytes overflow");
	CHECK(khsm_bn_from_bytes(r, 2, in, 9) == 0 && r[1] == 1, "two limbs");
	khsm_bn_to_bytes(out, 12, r, 2);
	CHECK(!memcmp(out + 3, in, 9) && !out[0] && !out[1] && !out[2],
	      "to_bytes");
}

int main(void)
{
	static const int sizes[] = { 64,   65,	 127,  128,  512,  520,	 1024,
				     1031, 1536, 2048, 2056, 3072, 4096, 8192 };
	BN_CTX *ctx = BN_CTX_new();
	unsigned int i;

	srand(1);
	test_bytes();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		test_mont(sizes[i], ~0u, ctx);
		test_mont(sizes[i], 0, ctx);
	}
	test_mont_paths(ctx);
	test_small_inverse();
	test_div_gcd(ctx);
	BN_CTX_free(ctx);
	return check_report("crypto-rsa-bn");
}
