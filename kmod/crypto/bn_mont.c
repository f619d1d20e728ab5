// SPDX-License-Identifier: GPL-2.0
/*
 * Montgomery multiplication, squaring and reduction.
 *
 * Everything is built on one kernel, "row": t[0..n) += a[0..n) * w, which
 * returns the limb carried out. Products are computed in full (2n limbs,
 * squarings with the cross products computed once and doubled) and then
 * reduced row by row; that keeps the hot loop one simple shape for which an
 * x86-64 MULX/ADCX/ADOX version exists, used when the CPU has BMI2 and ADX.
 * With those, the limb counts of RSA's CRT halves and moduli (16, 24, 32)
 * go to the fully unrolled routines of bn_mont_adx.c instead. Neither
 * version branches on or indexes memory by the data.
 */
#include "bn_mont_adx.h"

static u64 row_c(u64 *t, const u64 *a, u64 w, u32 n)
{
	u64 c = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		khsm_u128 p = (khsm_u128)a[i] * w + t[i] + c;

		t[i] = (u64)p;
		c = (u64)(p >> 64);
	}
	return c;
}

#if defined(__x86_64__)
/*
 * Two independent carry chains: OF carries the high halves of the products
 * into the next limb, CF carries the additions into t. LEA and JRCXZ leave
 * both flags alone, so the loop control cannot break the chains.
 */
static inline u64 row_adx(u64 *t, const u64 *a, u64 w, u64 n)
{
	u64 c, lo, hi, q = n >> 2, rem = n & 3;

	asm volatile("xor %k[c], %k[c]\n\t"
		     "mov %[rem], %%rcx\n\t"
		     "jrcxz 2f\n"
		     "1:\n\t"
		     "mulx (%[a]), %[lo], %[hi]\n\t"
		     "adox %[c], %[lo]\n\t"
		     "adcx (%[t]), %[lo]\n\t"
		     "mov %[lo], (%[t])\n\t"
		     "mov %[hi], %[c]\n\t"
		     "lea 8(%[a]), %[a]\n\t"
		     "lea 8(%[t]), %[t]\n\t"
		     "lea -1(%%rcx), %%rcx\n\t"
		     "jrcxz 2f\n\t"
		     "jmp 1b\n"
		     "2:\n\t"
		     "mov %[q], %%rcx\n\t"
		     "jrcxz 4f\n"
		     "3:\n\t"
		     "mulx (%[a]), %[lo], %[hi]\n\t"
		     "adox %[c], %[lo]\n\t"
		     "adcx (%[t]), %[lo]\n\t"
		     "mov %[lo], (%[t])\n\t"
		     "mulx 8(%[a]), %[lo], %[c]\n\t"
		     "adox %[hi], %[lo]\n\t"
		     "adcx 8(%[t]), %[lo]\n\t"
		     "mov %[lo], 8(%[t])\n\t"
		     "mulx 16(%[a]), %[lo], %[hi]\n\t"
		     "adox %[c], %[lo]\n\t"
		     "adcx 16(%[t]), %[lo]\n\t"
		     "mov %[lo], 16(%[t])\n\t"
		     "mulx 24(%[a]), %[lo], %[c]\n\t"
		     "adox %[hi], %[lo]\n\t"
		     "adcx 24(%[t]), %[lo]\n\t"
		     "mov %[lo], 24(%[t])\n\t"
		     "lea 32(%[a]), %[a]\n\t"
		     "lea 32(%[t]), %[t]\n\t"
		     "lea -1(%%rcx), %%rcx\n\t"
		     "jrcxz 4f\n\t"
		     "jmp 3b\n"
		     "4:\n\t"
		     "mov $0, %k[lo]\n\t"
		     "adox %[lo], %[c]\n\t"
		     "adcx %[lo], %[c]\n\t"
		     : [c] "=&r"(c), [lo] "=&r"(lo), [hi] "=&r"(hi),
		       [a] "+r"(a), [t] "+r"(t)
		     : [rem] "r"(rem), [q] "r"(q), "d"(w)
		     : "rcx", "cc", "memory");
	return c;
}

static u32 cpu_flags(void)
{
	u32 a = 0, b, c = 0, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (a < 7)
		return 0;
	a = 7;
	c = 0;
	asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	/* BMI2 (MULX) is bit 8, ADX (ADCX/ADOX) bit 19 of leaf 7 EBX. */
	if ((b & (1u << 8)) && (b & (1u << 19)))
		return KHSM_MONT_ADX;
	return 0;
}
#else
static u32 cpu_flags(void)
{
	return 0;
}
#endif

static inline u64 row(u32 flags, u64 *t, const u64 *a, u64 w, u32 n)
{
#if defined(__x86_64__)
	if (flags & KHSM_MONT_ADX)
		return row_adx(t, a, w, n);
#endif
	return row_c(t, a, w, n);
}

/**
 * khsm_bn_mul() - full product r = a * b
 * @r: receives @na + @nb limbs; must not overlap the inputs
 * @a: first factor
 * @na: limbs of @a
 * @b: second factor
 * @nb: limbs of @b
 * @flags: the @flags of any struct khsm_mont, selecting the code path
 */
void khsm_bn_mul(u64 *r, const u64 *a, u32 na, const u64 *b, u32 nb, u32 flags)
{
	u32 i;

	memset(r, 0, (size_t)(na + nb) * 8);
	for (i = 0; i < nb; i++)
		r[i + na] = row(flags, r + i, a, b[i], na);
}

/* Reduce t (2 nl limbs, t < m R, destroyed) to r = t / R mod m. */
static void redc(const struct khsm_mont *mc, u64 *r, u64 *t)
{
	u32 nl = mc->nl, i;
	u64 c = 0, borrow, use;

	for (i = 0; i < nl; i++) {
		u64 hi = row(mc->flags, t + i, mc->m, t[i] * mc->n0, nl);
		khsm_u128 s = (khsm_u128)t[i + nl] + hi + c;

		t[i + nl] = (u64)s;
		c = (u64)(s >> 64);
	}
	/* The low half is all zeros now: reuse it for the difference. */
	borrow = khsm_bn_sub(t, t + nl, mc->m, nl);
	use = khsm_ct_nz(c) | (borrow - 1);
	khsm_bn_select(r, t, t + nl, nl, use);
}

/**
 * khsm_mont_redc() - Montgomery reduction r = t / R mod m
 * @mc: the modulus
 * @r: receives @mc->nl limbs, fully reduced
 * @t: 2 * @mc->nl limbs holding a value below m * R; destroyed
 */
void khsm_mont_redc(const struct khsm_mont *mc, u64 *r, u64 *t)
{
	if ((mc->flags & KHSM_MONT_ADX) && khsm_mont_redc_adx(mc, r, t))
		return;
	redc(mc, r, t);
}

/**
 * khsm_mont_mul() - Montgomery product r = a * b / R mod m
 * @mc: the modulus
 * @r: result, may alias @a or @b
 * @a: first factor, below m
 * @b: second factor, below m
 * @tmp: scratch of KHSM_MONT_TMP_LIMBS(@mc->nl) limbs
 */
void khsm_mont_mul(const struct khsm_mont *mc, u64 *r, const u64 *a,
		   const u64 *b, u64 *tmp)
{
	u32 nl = mc->nl, i;

	if ((mc->flags & KHSM_MONT_ADX) && khsm_mont_mul_adx(mc, r, a, b, tmp))
		return;
	memset(tmp, 0, (size_t)nl * 16);
	for (i = 0; i < nl; i++)
		tmp[i + nl] = row(mc->flags, tmp + i, a, b[i], nl);
	redc(mc, r, tmp);
}

/**
 * khsm_mont_sqr() - Montgomery square r = a^2 / R mod m
 * @mc: the modulus
 * @r: result, may alias @a
 * @a: the operand, below m
 * @tmp: scratch of KHSM_MONT_TMP_LIMBS(@mc->nl) limbs
 */
void khsm_mont_sqr(const struct khsm_mont *mc, u64 *r, const u64 *a, u64 *tmp)
{
	u32 nl = mc->nl, i;
	u64 c = 0;

	if ((mc->flags & KHSM_MONT_ADX) && khsm_mont_sqr_adx(mc, r, a, tmp))
		return;
	memset(tmp, 0, (size_t)nl * 16);
	/* Each cross product a[i] a[j], i < j, once ... */
	for (i = 0; i + 1 < nl; i++)
		tmp[i + nl] = row(mc->flags, tmp + 2 * i + 1, a + i + 1, a[i],
				  nl - 1 - i);
	/* ... then doubled, plus the squares on the diagonal. */
	khsm_bn_shl1(tmp, tmp, 2 * nl);
	for (i = 0; i < nl; i++) {
		khsm_u128 p = (khsm_u128)a[i] * a[i];
		khsm_u128 s = (khsm_u128)tmp[2 * i] + (u64)p + c;

		tmp[2 * i] = (u64)s;
		s = (khsm_u128)tmp[2 * i + 1] + (u64)(p >> 64) + (u64)(s >> 64);
		tmp[2 * i + 1] = (u64)s;
		c = (u64)(s >> 64);
	}
	redc(mc, r, tmp);
}

/**
 * khsm_mont_reduce() - r = a mod m for an operand wider than m
 * @mc: the modulus
 * @r: receives @mc->nl limbs
 * @a: the operand, below m * R
 * @na: limbs of @a, at most 2 * @mc->nl
 * @tmp: scratch of KHSM_MONT_TMP_LIMBS(@mc->nl) limbs
 *
 * Used to bring a value modulo n = p q down modulo p in the CRT: one
 * reduction gives a / R, one Montgomery product with R^2 restores a.
 */
void khsm_mont_reduce(const struct khsm_mont *mc, u64 *r, const u64 *a, u32 na,
		      u64 *tmp)
{
	u32 nl = mc->nl;

	memset(tmp, 0, (size_t)nl * 16);
	memcpy(tmp, a, (size_t)na * 8);
	khsm_mont_redc(mc, r, tmp);
	khsm_mont_mul(mc, r, r, mc->rr, tmp);
}

/* x = 2 x mod m, for x < m. */
static void mod_double(const struct khsm_mont *mc, u64 *x, u64 *tmp)
{
	u64 c = khsm_bn_shl1(x, x, mc->nl);
	u64 borrow = khsm_bn_sub(tmp, x, mc->m, mc->nl);

	khsm_bn_select(x, tmp, x, mc->nl, khsm_ct_nz(c) | (borrow - 1));
}

/**
 * khsm_mont_init() - prepare an odd modulus for Montgomery arithmetic
 * @mc: receives the context
 * @m: the modulus, odd and greater than 1
 * @nl: limbs of @m, at most KHSM_BN_MAX_LIMBS
 *
 * The bit length of @m is treated as public; its value is not.
 *
 * Return: 0, -EINVAL for an even or too small modulus, or -ENOMEM.
 */
int khsm_mont_init(struct khsm_mont *mc, const u64 *m, u32 nl)
{
	u32 rl, k, j, i;
	u64 inv, *tmp;
	size_t sz;

	/* Oddness and bit length of a modulus are public, even for p. */
	if (!nl || nl > KHSM_BN_MAX_LIMBS || !khsm_ct_public(m[0] & 1))
		return -EINVAL;
	rl = (nl + 3) & ~3u;
	memset(mc, 0, sizeof(*mc));
	mc->nl = rl;
	memcpy(mc->m, m, (size_t)nl * 8);
	mc->bits = (u32)khsm_ct_public(khsm_bn_bits(mc->m, rl));
	if (mc->bits < 2)
		return -EINVAL;
	mc->flags = cpu_flags();

	/* Newton's iteration doubles the correct low bits: 3, 6, ..., 96. */
	inv = m[0];
	for (i = 0; i < 5; i++)
		inv *= 2 - m[0] * inv;
	mc->n0 = -inv;

	sz = (size_t)KHSM_MONT_TMP_LIMBS(rl) * 8;
	tmp = khsm_crypto_alloc(sz);
	if (!tmp)
		return -ENOMEM;

	/* R mod m: start from 2^(bits - 1) < m and double up to R. */
	mc->one[(mc->bits - 1) / 64] = 1ull << ((mc->bits - 1) % 64);
	for (i = mc->bits - 1; i < 64 * rl; i++)
		mod_double(mc, mc->one, tmp);

	/*
	 * R^2 mod m: with 64 rl = k 2^j, k odd, double R k times to get
	 * R 2^k, then each Montgomery squaring doubles the exponent of 2.
	 */
	k = 64 * rl;
	j = 0;
	while (!(k & 1)) {
		k >>= 1;
		j++;
	}
	memcpy(mc->rr, mc->one, (size_t)rl * 8);
	for (i = 0; i < k; i++)
		mod_double(mc, mc->rr, tmp);
	for (i = 0; i < j; i++)
		khsm_mont_sqr(mc, mc->rr, mc->rr, tmp);
	khsm_crypto_free(tmp, sz);
	return 0;
}
