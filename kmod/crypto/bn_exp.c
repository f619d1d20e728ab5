// SPDX-License-Identifier: GPL-2.0
/*
 * Modular exponentiation in the Montgomery domain.
 *
 * khsm_mont_exp() serves secret exponents: a fixed 5-bit window, the same
 * sequence of squarings and multiplications for every exponent of the given
 * bit length, and table entries fetched by reading the whole table under
 * masks, so neither branches nor addresses depend on the exponent or base.
 * khsm_mont_exp_pub() is plain square-and-multiply for public exponents.
 */
#include "bn.h"

#define WIN 5
#define TSIZE 32 /* 2^WIN */

#if defined(__x86_64__)
/*
 * CMOV with a memory operand loads whether or not it moves, so every entry
 * is read and only the flags, not the addresses, depend on idx. Four limbs
 * of the result stay in registers across the 32 entries. @nl is a multiple
 * of 4 (struct khsm_mont rounds it up).
 */
static void ct_lookup(u64 *out, const u64 *table, u32 nl, u64 idx)
{
	u64 stride = (u64)nl * 8, a0, a1, a2, a3;
	const u64 *p;
	u32 j;

	for (j = 0; j < nl; j += 4) {
		p = table + j;
		a0 = 0;
		a1 = 0;
		a2 = 0;
		a3 = 0;
		/* clang-format off */
		asm(".set .Lkt, 0\n\t"
		    ".rept %c[n]\n\t"
		    "cmp $.Lkt, %[idx]\n\t"
		    "cmove (%[p]), %[a0]\n\t"
		    "cmove 8(%[p]), %[a1]\n\t"
		    "cmove 16(%[p]), %[a2]\n\t"
		    "cmove 24(%[p]), %[a3]\n\t"
		    "add %[stride], %[p]\n\t"
		    ".set .Lkt, .Lkt + 1\n\t"
		    ".endr\n\t"
		    : [p] "+r"(p), [a0] "+r"(a0), [a1] "+r"(a1),
		      [a2] "+r"(a2), [a3] "+r"(a3)
		    : [idx] "r"(idx), [stride] "r"(stride), [n] "i"(TSIZE)
		    : "cc", "memory");
		/* clang-format on */
		out[j] = a0;
		out[j + 1] = a1;
		out[j + 2] = a2;
		out[j + 3] = a3;
	}
}
#else
static void ct_lookup(u64 *out, const u64 *table, u32 nl, u64 idx)
{
	u32 i, j;

	memset(out, 0, (size_t)nl * 8);
	for (i = 0; i < TSIZE; i++) {
		u64 mask = khsm_ct_barrier(khsm_ct_eq(i, idx));
		const u64 *t = table + (size_t)i * nl;

		for (j = 0; j < nl; j++)
			out[j] |= t[j] & mask;
	}
}
#endif

/* WIN bits of e starting at bit @pos (a public position). */
static u64 window(const u64 *e, u32 elimbs, u32 pos)
{
	u32 limb = pos / 64, off = pos % 64;
	u64 v = 0;

	if (limb < elimbs)
		v = e[limb] >> off;
	if (off + WIN > 64 && limb + 1 < elimbs)
		v |= e[limb + 1] << (64 - off);
	return v & (TSIZE - 1);
}

/**
 * khsm_mont_exp() - constant-time r = a^e in the Montgomery domain
 * @mc: the modulus
 * @r: receives a^e R mod m (Montgomery form); may alias @a
 * @a: the base in Montgomery form, below m
 * @e: the exponent, KHSM_BN_LIMBS(@ebits) limbs
 * @ebits: public upper bound on the bit length of @e, at least 1
 *
 * Return: 0, or -ENOMEM.
 */
int khsm_mont_exp(const struct khsm_mont *mc, u64 *r, const u64 *a,
		  const u64 *e, u32 ebits)
{
	u32 nl = mc->nl, elimbs = KHSM_BN_LIMBS(ebits), pos, i;
	size_t sz = ((size_t)(TSIZE + 2) * nl + KHSM_MONT_TMP_LIMBS(nl)) * 8;
	u64 *table, *acc, *sel, *tmp;

	table = khsm_crypto_alloc(sz);
	if (!table)
		return -ENOMEM;
	acc = table + (size_t)TSIZE * nl;
	sel = acc + nl;
	tmp = sel + nl;

	memcpy(table, mc->one, (size_t)nl * 8);
	memcpy(table + nl, a, (size_t)nl * 8);
	for (i = 2; i < TSIZE; i++) {
		u64 *t = table + (size_t)i * nl;

		if (i & 1)
			khsm_mont_mul(mc, t, t - nl, a, tmp);
		else
			khsm_mont_sqr(mc, t, table + (size_t)(i / 2) * nl, tmp);
	}

	pos = ((ebits + WIN - 1) / WIN) * WIN - WIN;
	ct_lookup(acc, table, nl, window(e, elimbs, pos));
	while (pos > 0) {
		pos -= WIN;
		for (i = 0; i < WIN; i++)
			khsm_mont_sqr(mc, acc, acc, tmp);
		ct_lookup(sel, table, nl, window(e, elimbs, pos));
		khsm_mont_mul(mc, acc, acc, sel, tmp);
	}
	memcpy(r, acc, (size_t)nl * 8);
	khsm_crypto_free(table, sz);
	return 0;
}

/**
 * khsm_mont_exp_pub() - r = a^e for a public exponent
 * @mc: the modulus
 * @r: receives a^e in Montgomery form; must not alias @a
 * @a: the base in Montgomery form (may be secret)
 * @e: the exponent, public and nonzero
 * @tmp: scratch of KHSM_MONT_TMP_LIMBS(@mc->nl) limbs
 *
 * Branches on the bits of @e only.
 */
void khsm_mont_exp_pub(const struct khsm_mont *mc, u64 *r, const u64 *a, u64 e,
		       u64 *tmp)
{
	int bit = 63 - __builtin_clzll(e);

	memcpy(r, a, (size_t)mc->nl * 8);
	while (bit-- > 0) {
		khsm_mont_sqr(mc, r, r, tmp);
		if ((e >> bit) & 1)
			khsm_mont_mul(mc, r, r, a, tmp);
	}
}
