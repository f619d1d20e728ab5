// SPDX-License-Identifier: GPL-2.0
/*
 * Montgomery multiplication and squaring with MULX/ADCX/ADOX for the limb
 * counts RSA uses most (CRT halves and moduli of 2048 to 4096 bits).
 *
 * The generic code in bn_mont.c runs a looped row per multiplier limb for
 * any limb count; at 16 or 24 limbs the loop control, calls and carry
 * fix-ups between rows cost nearly as much as the products. Here the limb
 * count is a compile-time constant, so the assembler unrolls each row
 * completely (.rept), rows keep the two carry chains (CF for the
 * accumulator, OF for the high halves) alive from the first limb to the
 * last, and squarings get their cross products straight-line. Only the
 * number of limbs shapes the code: no branch and no address depends on the
 * operands, and the final subtraction is masked.
 */
#include "bn_mont_adx.h"

#if defined(__x86_64__)

/* clang-format off */

/*
 * Limb j of a row t[0..n) += x[0..n) * rdx. The high halves of the products
 * alternate between h0 (odd j) and h1 (even j), so with n even the row's
 * last one is in h0. CF carries the additions of t, OF the high halves.
 */
#define ROW_LIMB							\
	".if .Lkj & 1\n\t"						\
	"mulx 8*.Lkj(%[x]), %[lo], %[h0]\n\t"				\
	"adcx 8*.Lkj(%[t]), %[lo]\n\t"					\
	"adox %[h1], %[lo]\n\t"						\
	".else\n\t"							\
	"mulx 8*.Lkj(%[x]), %[lo], %[h1]\n\t"				\
	"adcx 8*.Lkj(%[t]), %[lo]\n\t"					\
	"adox %[h0], %[lo]\n\t"						\
	".endif\n\t"							\
	"mov %[lo], 8*.Lkj(%[t])\n\t"					\
	".set .Lkj, .Lkj + 1\n\t"

/* Limbs 1 .. n-1 of a row; limb 0 has no high half to add. */
#define ROW_REST							\
	".set .Lkj, 1\n\t"						\
	".rept %c[n] - 1\n\t"						\
	ROW_LIMB							\
	".endr\n\t"

/* t[0..2n) = a * b; n even. */
static __always_inline void mul_n(u64 *t, const u64 *a, const u64 *b,
				  const u32 n)
{
	u64 lo, h0, h1, z, cnt;

	asm volatile("xor %k[z], %k[z]\n\t"
		     /* Row 0 writes t[0..n] without reading it. */
		     "mov (%[b]), %%rdx\n\t"
		     "mulx (%[x]), %[lo], %[h1]\n\t"
		     "mov %[lo], (%[t])\n\t"
		     ".set .Lkj, 1\n\t"
		     ".rept %c[n] - 1\n\t"
		     ".if .Lkj & 1\n\t"
		     "mulx 8*.Lkj(%[x]), %[lo], %[h0]\n\t"
		     "adcx %[h1], %[lo]\n\t"
		     ".else\n\t"
		     "mulx 8*.Lkj(%[x]), %[lo], %[h1]\n\t"
		     "adcx %[h0], %[lo]\n\t"
		     ".endif\n\t"
		     "mov %[lo], 8*.Lkj(%[t])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".endr\n\t"
		     "adcx %[z], %[h0]\n\t"
		     "mov %[h0], 8*%c[n](%[t])\n\t"
		     /* Rows 1 .. n-1: t[i+n] is still unwritten, the top. */
		     "mov $%c[n] - 1, %k[cnt]\n"
		     "1:\n\t"
		     "lea 8(%[t]), %[t]\n\t"
		     "lea 8(%[b]), %[b]\n\t"
		     "mov (%[b]), %%rdx\n\t"
		     "xor %k[lo], %k[lo]\n\t"
		     "mulx (%[x]), %[lo], %[h1]\n\t"
		     "adcx (%[t]), %[lo]\n\t"
		     "mov %[lo], (%[t])\n\t"
		     ROW_REST
		     "adox %[z], %[h0]\n\t"
		     "adcx %[z], %[h0]\n\t"
		     "mov %[h0], 8*%c[n](%[t])\n\t"
		     "dec %k[cnt]\n\t"
		     "jnz 1b\n\t"
		     : [t] "+r"(t), [b] "+r"(b), [lo] "=&r"(lo), [h0] "=&r"(h0),
		       [h1] "=&r"(h1), [z] "=&r"(z), [cnt] "=&r"(cnt)
		     : [x] "r"(a), [n] "i"(n)
		     : "rdx", "cc", "memory");
}

/* t[0..2n) = a^2; n even. */
static __always_inline void sqr_n(u64 *t, const u64 *a, const u32 n)
{
	u64 lo, h0, h1, z;

	asm volatile("xor %k[z], %k[z]\n\t"
		     /*
		      * Cross products a[i] a[k], i < k, into t[i + k]; row i
		      * covers t[2i+1 .. i+n], the top limb unwritten before.
		      * Row 0 writes without reading.
		      */
		     "mov (%[a]), %%rdx\n\t"
		     "mulx 8(%[a]), %[lo], %[h0]\n\t"
		     "mov %[lo], 8(%[t])\n\t"
		     ".set .Lkj, 2\n\t"
		     ".rept %c[n] - 2\n\t"
		     ".if .Lkj & 1\n\t"
		     "mulx 8*.Lkj(%[a]), %[lo], %[h0]\n\t"
		     "adox %[h1], %[lo]\n\t"
		     ".else\n\t"
		     "mulx 8*.Lkj(%[a]), %[lo], %[h1]\n\t"
		     "adox %[h0], %[lo]\n\t"
		     ".endif\n\t"
		     "mov %[lo], 8*.Lkj(%[t])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".endr\n\t"
		     "adox %[z], %[h0]\n\t"
		     "mov %[h0], 8*%c[n](%[t])\n\t"
		     ".set .Lki, 1\n\t"
		     ".rept %c[n] - 2\n\t"
		     "mov 8*.Lki(%[a]), %%rdx\n\t"
		     "xor %k[lo], %k[lo]\n\t"
		     ".set .Lkj, .Lki + 1\n\t"
		     ".if .Lkj & 1\n\t"
		     "mulx 8*.Lkj(%[a]), %[lo], %[h0]\n\t"
		     ".else\n\t"
		     "mulx 8*.Lkj(%[a]), %[lo], %[h1]\n\t"
		     ".endif\n\t"
		     "adcx 8*(.Lki + .Lkj)(%[t]), %[lo]\n\t"
		     "mov %[lo], 8*(.Lki + .Lkj)(%[t])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".rept %c[n] - 2 - .Lki\n\t"
		     ".if .Lkj & 1\n\t"
		     "mulx 8*.Lkj(%[a]), %[lo], %[h0]\n\t"
		     "adcx 8*(.Lki + .Lkj)(%[t]), %[lo]\n\t"
		     "adox %[h1], %[lo]\n\t"
		     ".else\n\t"
		     "mulx 8*.Lkj(%[a]), %[lo], %[h1]\n\t"
		     "adcx 8*(.Lki + .Lkj)(%[t]), %[lo]\n\t"
		     "adox %[h0], %[lo]\n\t"
		     ".endif\n\t"
		     "mov %[lo], 8*(.Lki + .Lkj)(%[t])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".endr\n\t"
		     "adox %[z], %[h0]\n\t"
		     "adcx %[z], %[h0]\n\t"
		     "mov %[h0], 8*(.Lki + %c[n])(%[t])\n\t"
		     ".set .Lki, .Lki + 1\n\t"
		     ".endr\n\t"
		     /* t = 2 t + the squares a[k]^2 at t[2k]. */
		     "mov %[z], (%[t])\n\t"
		     "mov %[z], 8*(2 * %c[n] - 1)(%[t])\n\t"
		     "xor %k[lo], %k[lo]\n\t"
		     ".set .Lkj, 0\n\t"
		     ".rept %c[n]\n\t"
		     "mov 8*.Lkj(%[a]), %%rdx\n\t"
		     "mulx %%rdx, %[lo], %[h0]\n\t"
		     "mov 16*.Lkj(%[t]), %[h1]\n\t"
		     "adcx %[h1], %[h1]\n\t"
		     "adox %[lo], %[h1]\n\t"
		     "mov %[h1], 16*.Lkj(%[t])\n\t"
		     "mov 16*.Lkj+8(%[t]), %[lo]\n\t"
		     "adcx %[lo], %[lo]\n\t"
		     "adox %[h0], %[lo]\n\t"
		     "mov %[lo], 16*.Lkj+8(%[t])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".endr\n\t"
		     : [lo] "=&r"(lo), [h0] "=&r"(h0), [h1] "=&r"(h1),
		       [z] "=&r"(z)
		     : [t] "r"(t), [a] "r"(a), [n] "i"(n)
		     : "rdx", "cc", "memory");
}

/*
 * r = t / R mod m for t (2n limbs, below m R, destroyed); n even. The carry
 * out of each reduction row goes into the top limb of the next one through
 * c; the result is t[n..2n) plus c R, minus m unless that borrows.
 */
static __always_inline void redc_n(u64 *r, u64 *t, const u64 *m, u64 n0,
				   const u32 n)
{
	u64 lo, h0, h1, z, c, cnt;

	asm volatile("xor %k[z], %k[z]\n\t"
		     "xor %k[c], %k[c]\n\t"
		     "mov $%c[n], %k[cnt]\n"
		     "1:\n\t"
		     "mov (%[t]), %%rdx\n\t"
		     "imul %[n0], %%rdx\n\t"
		     "xor %k[lo], %k[lo]\n\t"
		     "mulx (%[x]), %[lo], %[h1]\n\t"
		     "adcx (%[t]), %[lo]\n\t"
		     ROW_REST
		     "adox %[z], %[h0]\n\t"
		     "adcx 8*%c[n](%[t]), %[h0]\n\t"
		     "adox %[c], %[h0]\n\t"
		     "mov %[h0], 8*%c[n](%[t])\n\t"
		     "mov %[z], %[c]\n\t"
		     "adcx %[z], %[c]\n\t"
		     "adox %[z], %[c]\n\t"
		     "lea 8(%[t]), %[t]\n\t"
		     "dec %k[cnt]\n\t"
		     "jnz 1b\n\t"
		     /* r = t - m; keep t instead iff that borrowed past c. */
		     "mov (%[t]), %[lo]\n\t"
		     "sub (%[x]), %[lo]\n\t"
		     "mov %[lo], (%[r])\n\t"
		     ".set .Lkj, 1\n\t"
		     ".rept %c[n] - 1\n\t"
		     "mov 8*.Lkj(%[t]), %[lo]\n\t"
		     "sbb 8*.Lkj(%[x]), %[lo]\n\t"
		     "mov %[lo], 8*.Lkj(%[r])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".endr\n\t"
		     "sbb %[z], %[c]\n\t"
		     "sar $63, %[c]\n\t"
		     ".set .Lkj, 0\n\t"
		     ".rept %c[n]\n\t"
		     "mov 8*.Lkj(%[t]), %[lo]\n\t"
		     "xor 8*.Lkj(%[r]), %[lo]\n\t"
		     "and %[c], %[lo]\n\t"
		     "xor %[lo], 8*.Lkj(%[r])\n\t"
		     ".set .Lkj, .Lkj + 1\n\t"
		     ".endr\n\t"
		     : [t] "+r"(t), [lo] "=&r"(lo), [h0] "=&r"(h0),
		       [h1] "=&r"(h1), [z] "=&r"(z), [c] "=&r"(c),
		       [cnt] "=&r"(cnt)
		     : [r] "r"(r), [x] "r"(m), [n0] "r"(n0), [n] "i"(n)
		     : "rdx", "cc", "memory");
}

/* clang-format on */

/* Each returns false for a limb count without a specialised version. */

bool khsm_mont_mul_adx(const struct khsm_mont *mc, u64 *r, const u64 *a,
		       const u64 *b, u64 *tmp)
{
	switch (mc->nl) {
	case 16:
		mul_n(tmp, a, b, 16);
		redc_n(r, tmp, mc->m, mc->n0, 16);
		return true;
	case 24:
		mul_n(tmp, a, b, 24);
		redc_n(r, tmp, mc->m, mc->n0, 24);
		return true;
	case 32:
		mul_n(tmp, a, b, 32);
		redc_n(r, tmp, mc->m, mc->n0, 32);
		return true;
	}
	return false;
}

bool khsm_mont_sqr_adx(const struct khsm_mont *mc, u64 *r, const u64 *a,
		       u64 *tmp)
{
	switch (mc->nl) {
	case 16:
		sqr_n(tmp, a, 16);
		redc_n(r, tmp, mc->m, mc->n0, 16);
		return true;
	case 24:
		sqr_n(tmp, a, 24);
		redc_n(r, tmp, mc->m, mc->n0, 24);
		return true;
	case 32:
		sqr_n(tmp, a, 32);
		redc_n(r, tmp, mc->m, mc->n0, 32);
		return true;
	}
	return false;
}

bool khsm_mont_redc_adx(const struct khsm_mont *mc, u64 *r, u64 *t)
{
	switch (mc->nl) {
	case 16:
		redc_n(r, t, mc->m, mc->n0, 16);
		return true;
	case 24:
		redc_n(r, t, mc->m, mc->n0, 24);
		return true;
	case 32:
		redc_n(r, t, mc->m, mc->n0, 32);
		return true;
	}
	return false;
}

#endif /* __x86_64__ */
