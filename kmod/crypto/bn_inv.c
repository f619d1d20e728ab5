// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time modular inversion and GCD.
 *
 * khsm_bn_modinv() is T. Pornin's optimised binary GCD ("Optimized Binary
 * GCD for Modular Inversion", IACR ePrint 2020/972): 31 binary-GCD steps at
 * a time run on 64-bit approximations of the operands (the low 31 and the
 * top 33 bits), and the resulting update factors are applied to the full
 * operands at once. The number of outer iterations depends only on the bit
 * length of the modulus. RSA blinding needs r^-1 mod n for a secret r on
 * every private operation, so this has to be both fast and constant-time.
 */
#include "bn.h"

#define STEPS 31
#define LOW_MASK ((1ull << STEPS) - 1)

/*
 * A signed multiplier f as a sign mask and a magnitude. With a as nl + 1
 * limbs (top limb 0), a f = (a ^ sf + (sf & 1)) |f| = (a ^ sf) |f| +
 * (|f| & sf) modulo 2^(64 (nl + 1)), and the top limb of a ^ sf adds
 * -(|f| & sf) above: one unsigned 64 x 64 product per limb, where a signed
 * 128-bit one costs the compiler a second multiplication for the sign.
 */
struct smul {
	u64 s, m;
};

static inline struct smul smul(s64 f)
{
	u64 s = (u64)(f >> 63);

	return (struct smul){ s, ((u64)f ^ s) - s };
}

/*
 * r = |(a f + b g) / 2^31| for a f + b g divisible by 2^31 with
 * |f| + |g| <= 2^31, so the quotient is below max(a, b) and fits.
 * Returns the mask of a negative quotient.
 */
static u64 lin_div(u64 *r, const u64 *a, const u64 *b, s64 f, s64 g, u32 nl)
{
	struct smul F = smul(f), G = smul(g);
	u64 cc = (F.m & F.s) + (G.m & G.s), prev = 0, top, neg, c;
	u32 j;

	for (j = 0; j < nl; j++) {
		khsm_u128 z = (khsm_u128)(a[j] ^ F.s) * F.m +
			      (khsm_u128)(b[j] ^ G.s) * G.m + cc;
		u64 lo = (u64)z;

		cc = (u64)(z >> 64);
		if (j)
			r[j - 1] = (prev >> STEPS) | (lo << (64 - STEPS));
		prev = lo;
	}
	top = cc - (F.m & F.s) - (G.m & G.s);
	r[nl - 1] = (prev >> STEPS) | (top << (64 - STEPS));
	neg = -(top >> 63);
	c = neg & 1;
	for (j = 0; j < nl; j++) {
		khsm_u128 t = (khsm_u128)(r[j] ^ neg) + c;

		r[j] = (u64)t;
		c = (u64)(t >> 64);
	}
	return neg;
}

/*
 * r = (u f + v g) / 2^31 mod m for u, v < m and |f| + |g| <= 2^31: add the
 * multiple of m that clears the low 31 bits, shift, and fix the result from
 * (-m, 2m) into [0, m).
 */
static void lin_mod(u64 *r, const u64 *u, const u64 *v, s64 f, s64 g,
		    const struct khsm_mont *mc, u64 *tmp)
{
	struct smul F = smul(f), G = smul(g);
	u32 nl = mc->nl, j;
	u64 q = ((u[0] * (u64)f + v[0] * (u64)g) * mc->n0) & LOW_MASK;
	u64 cc = (F.m & F.s) + (G.m & G.s), prev = 0, top, hneg, hpos, borrow;
	u64 sub, c;
	s64 hi;

	for (j = 0; j < nl; j++) {
		khsm_u128 z = (khsm_u128)(u[j] ^ F.s) * F.m +
			      (khsm_u128)(v[j] ^ G.s) * G.m +
			      (khsm_u128)mc->m[j] * q + cc;
		u64 lo = (u64)z;

		cc = (u64)(z >> 64);
		if (j)
			r[j - 1] = (prev >> STEPS) | (lo << (64 - STEPS));
		prev = lo;
	}
	top = cc - (F.m & F.s) - (G.m & G.s);
	r[nl - 1] = (prev >> STEPS) | (top << (64 - STEPS));
	/* The limb above r: -1, 0 or 1. */
	hi = (s64)top >> STEPS;
	hneg = -((u64)hi >> 63);
	hpos = khsm_ct_eq((u64)hi, 1);
	/* tmp = r - m, whose borrow says r < m ... */
	borrow = 0;
	for (j = 0; j < nl; j++) {
		khsm_u128 d = (khsm_u128)r[j] - mc->m[j] - borrow;

		tmp[j] = (u64)d;
		borrow = (u64)(d >> 64) & 1;
	}
	/* ... then r + m for hi = -1, r - m for hi = 1 or r >= m, else r. */
	sub = ~hneg & (hpos | (borrow - 1));
	c = 0;
	for (j = 0; j < nl; j++) {
		khsm_u128 t = (khsm_u128)r[j] + (mc->m[j] & hneg) + c;

		c = (u64)(t >> 64);
		r[j] = ((u64)t & ~sub) | (tmp[j] & sub);
	}
}

/* Count of leading zeros of a 64-bit word, without branches. */
static u64 ct_clz(u64 x)
{
	u64 n = 0, m;
	u32 k;

	for (k = 32; k > 0; k >>= 1) {
		m = khsm_ct_barrier(khsm_ct_zero(x >> (64 - k)));
		n += k & m;
		x = ((x << k) & m) | (x & ~m);
	}
	return n;
}

/**
 * khsm_bn_modinv() - constant-time r = a^-1 mod m, m odd
 * @mc: the modulus (its Montgomery constant is reused)
 * @r: receives @mc->nl limbs; may alias @a
 * @a: the operand, below m
 * @ok: receives all ones if @a was invertible, else 0 (@r then garbage)
 *
 * Return: 0, or -ENOMEM.
 */
int khsm_bn_modinv(const struct khsm_mont *mc, u64 *r, const u64 *a, u64 *ok)
{
	u32 nl = mc->nl, iters, it, i;
	size_t sz = (size_t)7 * nl * 8;
	u64 *xa, *xb, *u, *v, *ta, *tb, *tmp;

	xa = khsm_crypto_alloc(sz);
	if (!xa)
		return -ENOMEM;
	xb = xa + nl;
	u = xb + nl;
	v = u + nl;
	ta = v + nl;
	tb = ta + nl;
	tmp = tb + nl;
	memcpy(xa, a, (size_t)nl * 8);
	memcpy(xb, mc->m, (size_t)nl * 8);
	u[0] = 1;

	/* 2 len(m) - 1 binary-GCD steps suffice; one more round for slack. */
	iters = (2 * mc->bits + STEPS - 2) / STEPS + 1;
	for (it = 0; it < iters; it++) {
		u64 ah = 0, al = 0, bh = 0, bl = 0, found = 0, top0 = 0;
		u64 abar, bbar, s, f0 = 1, g0 = 0, f1 = 0, g1 = 1, na, nb;

		/* The top non-zero word of a | b and the word below it. */
		for (i = nl; i-- > 0;) {
			u64 nz = khsm_ct_nz(xa[i] | xb[i]) & ~found;

			ah |= xa[i] & nz;
			bh |= xb[i] & nz;
			if (i) {
				al |= xa[i - 1] & nz;
				bl |= xb[i - 1] & nz;
			} else {
				top0 = nz | ~found;
			}
			found |= nz;
		}
		/* Both fit 64 bits: then the "approximation" is exact. */
		top0 = khsm_ct_barrier(top0);
		s = ct_clz(ah | bh) & ~top0;
		abar = (ah << s) | ((al >> 1) >> (63 - s));
		bbar = (bh << s) | ((bl >> 1) >> (63 - s));
		abar = (abar & ~LOW_MASK) | (xa[0] & LOW_MASK);
		bbar = (bbar & ~LOW_MASK) | (xb[0] & LOW_MASK);

		for (i = 0; i < STEPS; i++) {
			u64 odd = khsm_ct_barrier(-(abar & 1));
			khsm_u128 dd = (khsm_u128)abar - bbar;
			u64 d = (u64)dd, sw = odd & (u64)(dd >> 64), t;

			/*
			 * Odd a: (a, b) = (a - b, b), or (b - a, a) if a < b;
			 * the borrow of a - b is the comparison, so the path
			 * from a to a is a subtraction and a negation.
			 */
			bbar ^= (abar ^ bbar) & sw;
			abar ^= (abar ^ ((d ^ sw) - sw)) & odd;
			t = (f0 ^ f1) & sw;
			f0 ^= t;
			f1 ^= t;
			t = (g0 ^ g1) & sw;
			g0 ^= t;
			g1 ^= t;
			f0 -= f1 & odd;
			g0 -= g1 & odd;
			abar >>= 1;
			f1 <<= 1;
			g1 <<= 1;
		}

		na = lin_div(ta, xa, xb, (s64)f0, (s64)g0, nl);
		nb = lin_div(tb, xa, xb, (s64)f1, (s64)g1, nl);
		f0 = (f0 ^ na) - na;
		g0 = (g0 ^ na) - na;
		f1 = (f1 ^ nb) - nb;
		g1 = (g1 ^ nb) - nb;
		memcpy(xa, ta, (size_t)nl * 8);
		memcpy(xb, tb, (size_t)nl * 8);
		lin_mod(ta, u, v, (s64)f0, (s64)g0, mc, tmp);
		lin_mod(tb, u, v, (s64)f1, (s64)g1, mc, tmp);
		memcpy(u, ta, (size_t)nl * 8);
		memcpy(v, tb, (size_t)nl * 8);
	}
	/* Now a = 0 and b = gcd(a, m). */
	memset(tmp, 0, (size_t)nl * 8);
	tmp[0] = 1;
	*ok = khsm_bn_eq(xb, tmp, nl);
	memcpy(r, v, (size_t)nl * 8);
	khsm_crypto_free(xa, sz);
	return 0;
}

/**
 * khsm_bn_gcd() - constant-time greatest common divisor
 * @r: receives gcd(a, b)
 * @a: first operand, non-zero
 * @b: second operand, non-zero
 * @nl: limbs of all three
 *
 * Binary GCD with a fixed number of steps; slow, for key generation only.
 *
 * Return: 0, or -ENOMEM.
 */
int khsm_bn_gcd(u64 *r, const u64 *a, const u64 *b, u32 nl)
{
	size_t sz = (size_t)4 * nl * 8;
	u64 *x, *y, *t, *s, k = 0, both, sw, yodd;
	u32 i;

	x = khsm_crypto_alloc(sz);
	if (!x)
		return -ENOMEM;
	y = x + nl;
	t = y + nl;
	s = t + nl;
	memcpy(x, a, (size_t)nl * 8);
	memcpy(y, b, (size_t)nl * 8);

	/* Take out the common power of two, k. */
	for (i = 0; i < 64 * nl; i++) {
		both = khsm_ct_barrier(khsm_ct_zero((x[0] | y[0]) & 1));
		khsm_bn_shr1(t, x, nl);
		khsm_bn_select(x, t, x, nl, both);
		khsm_bn_shr1(t, y, nl);
		khsm_bn_select(y, t, y, nl, both);
		k += both & 1;
	}
	/* Make x odd; then every step halves y, so 128 nl steps suffice. */
	khsm_bn_cswap(x, y, nl, -((x[0] & 1) ^ 1));
	for (i = 0; i < 128 * nl; i++) {
		yodd = khsm_ct_barrier(-(y[0] & 1));
		sw = yodd & khsm_bn_lt(y, x, nl);
		khsm_bn_cswap(x, y, nl, sw);
		for (u32 j = 0; j < nl; j++)
			s[j] = x[j] & yodd;
		khsm_bn_sub(y, y, s, nl);
		khsm_bn_shr1(y, y, nl);
	}
	/* r = x 2^k */
	for (i = 0; i < 64 * nl; i++) {
		u64 m = khsm_ct_barrier(khsm_ct_lt(i, k));

		khsm_bn_shl1(t, x, nl);
		khsm_bn_select(x, t, x, nl, m);
	}
	memcpy(r, x, (size_t)nl * 8);
	khsm_crypto_free(x, sz);
	return 0;
}
