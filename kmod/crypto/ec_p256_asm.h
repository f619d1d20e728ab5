/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 assembly for the P-256 field: Montgomery multiplication with the
 * reduction specialised to p = 2^256 - 2^224 + 2^192 + 2^96 - 1, addition
 * and subtraction. Only MUL/ADC/SBB/CMOV are used (no BMI2/ADX, no vector
 * registers), so it runs on every x86-64 CPU and in the kernel without a
 * feature check; CMOV keeps the final reductions branch-free.
 *
 * Montgomery step with q = t0 (-1/p mod 2^64 = 1): t + q * p is
 * t - q + q * 2^96 + q * p3 * 2^192, and t - q just clears t0, so a step is
 * two shifts and one product instead of four products.
 */
#ifndef _KHSM_CRYPTO_EC_P256_ASM_H
#define _KHSM_CRYPTO_EC_P256_ASM_H

/* clang-format off */

/* Accumulator limb A += b[i] * a[J] + t, carry out to t. */
#define P256_MAC(J, A)					\
	"movq %[bi], %%rax\n\t"				\
	"mulq 8*" #J "(%[a])\n\t"			\
	"addq %[t], %%rax\n\t"				\
	"adcq $0, %%rdx\n\t"				\
	"addq %%rax, " A "\n\t"				\
	"adcq $0, %%rdx\n\t"				\
	"movq %%rdx, %[t]\n\t"

/*
 * acc (A0..A4) = (acc + b[I] * a + q * p) / 2^64, as registers named A0..A5
 * (A5 is the spare limb, A0 is left free).
 */
#define P256_ROUND(I, A0, A1, A2, A3, A4, A5)		\
	"movq 8*" #I "(%[b]), %[bi]\n\t"		\
	"xorl %k[" #A5 "], %k[" #A5 "]\n\t"		\
	"xorl %k[t], %k[t]\n\t"				\
	P256_MAC(0, "%[" #A0 "]")			\
	P256_MAC(1, "%[" #A1 "]")			\
	P256_MAC(2, "%[" #A2 "]")			\
	P256_MAC(3, "%[" #A3 "]")			\
	"addq %[t], %[" #A4 "]\n\t"			\
	"adcq $0, %[" #A5 "]\n\t"			\
	"movq %[" #A0 "], %%rax\n\t"			\
	"mulq %[p3]\n\t"				\
	"movq %[" #A0 "], %[t]\n\t"			\
	"shlq $32, %[t]\n\t"				\
	"shrq $32, %[" #A0 "]\n\t"			\
	"addq %[t], %[" #A1 "]\n\t"			\
	"adcq %[" #A0 "], %[" #A2 "]\n\t"		\
	"adcq %%rax, %[" #A3 "]\n\t"			\
	"adcq %%rdx, %[" #A4 "]\n\t"			\
	"adcq $0, %[" #A5 "]\n\t"

static const u64 p256_asm_p[4] = {
	0xffffffffffffffff, 0x00000000ffffffff,
	0x0000000000000000, 0xffffffff00000001,
};

/* r = a * b / 2^256 mod p, for a, b < p; @r may alias @a or @b. */
static inline void p256_mul_asm(u64 *r, const u64 *a, const u64 *b)
{
	u64 x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5, t, bi;

	asm volatile(P256_ROUND(0, x0, x1, x2, x3, x4, x5)
		     P256_ROUND(1, x1, x2, x3, x4, x5, x0)
		     P256_ROUND(2, x2, x3, x4, x5, x0, x1)
		     P256_ROUND(3, x3, x4, x5, x0, x1, x2)
		     /* Value in x4, x5, x0, x1, top bit in x2; x3 free. */
		     "movq %[x4], %%rax\n\t"
		     "movq %[x5], %%rdx\n\t"
		     "movq %[x0], %[t]\n\t"
		     "movq %[x1], %[x3]\n\t"
		     "subq $-1, %%rax\n\t"
		     "sbbq %[p1], %%rdx\n\t"
		     "sbbq $0, %[t]\n\t"
		     "sbbq %[p3], %[x3]\n\t"
		     "sbbq $0, %[x2]\n\t"
		     /* Below p after all: keep the value. */
		     "cmovcq %[x4], %%rax\n\t"
		     "cmovcq %[x5], %%rdx\n\t"
		     "cmovcq %[x0], %[t]\n\t"
		     "cmovcq %[x1], %[x3]\n\t"
		     "movq %%rax, 0(%[r])\n\t"
		     "movq %%rdx, 8(%[r])\n\t"
		     "movq %[t], 16(%[r])\n\t"
		     "movq %[x3], 24(%[r])\n\t"
		     : [x0] "+&r"(x0), [x1] "+&r"(x1), [x2] "+&r"(x2),
		       [x3] "+&r"(x3), [x4] "+&r"(x4), [x5] "=&r"(x5),
		       [t] "=&r"(t), [bi] "=&r"(bi)
		     : [a] "r"(a), [b] "r"(b), [r] "r"(r),
		       [p1] "m"(p256_asm_p[1]), [p3] "m"(p256_asm_p[3])
		     : "rax", "rdx", "cc", "memory");
}

/* r = a + b mod p, for a, b < p. */
static inline void p256_add_asm(u64 *r, const u64 *a, const u64 *b)
{
	u64 t0, t1, t2, t3, c, d0, d1;

	asm volatile("movq 0(%[a]), %[t0]\n\t"
		     "movq 8(%[a]), %[t1]\n\t"
		     "movq 16(%[a]), %[t2]\n\t"
		     "movq 24(%[a]), %[t3]\n\t"
		     "xorl %k[c], %k[c]\n\t"
		     "addq 0(%[b]), %[t0]\n\t"
		     "adcq 8(%[b]), %[t1]\n\t"
		     "adcq 16(%[b]), %[t2]\n\t"
		     "adcq 24(%[b]), %[t3]\n\t"
		     "adcq $0, %[c]\n\t"
		     "movq %[t0], %[d0]\n\t"
		     "movq %[t1], %[d1]\n\t"
		     "subq $-1, %[t0]\n\t"
		     "sbbq %[p1], %[t1]\n\t"
		     "movq %[t2], 16(%[r])\n\t"
		     "sbbq $0, %[t2]\n\t"
		     "movq %[t3], 24(%[r])\n\t"
		     "sbbq %[p3], %[t3]\n\t"
		     "sbbq $0, %[c]\n\t"
		     /* Below p after all: keep the sum. */
		     "cmovcq %[d0], %[t0]\n\t"
		     "cmovcq %[d1], %[t1]\n\t"
		     "cmovcq 16(%[r]), %[t2]\n\t"
		     "cmovcq 24(%[r]), %[t3]\n\t"
		     "movq %[t0], 0(%[r])\n\t"
		     "movq %[t1], 8(%[r])\n\t"
		     "movq %[t2], 16(%[r])\n\t"
		     "movq %[t3], 24(%[r])\n\t"
		     : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2),
		       [t3] "=&r"(t3), [c] "=&r"(c), [d0] "=&r"(d0),
		       [d1] "=&r"(d1)
		     : [a] "r"(a), [b] "r"(b), [r] "r"(r),
		       [p1] "m"(p256_asm_p[1]), [p3] "m"(p256_asm_p[3])
		     : "cc", "memory");
}

/* r = a - b mod p, for a, b < p. */
static inline void p256_sub_asm(u64 *r, const u64 *a, const u64 *b)
{
	u64 t0, t1, t2, t3, m, m1, m3;

	asm volatile("movq 0(%[a]), %[t0]\n\t"
		     "movq 8(%[a]), %[t1]\n\t"
		     "movq 16(%[a]), %[t2]\n\t"
		     "movq 24(%[a]), %[t3]\n\t"
		     "subq 0(%[b]), %[t0]\n\t"
		     "sbbq 8(%[b]), %[t1]\n\t"
		     "sbbq 16(%[b]), %[t2]\n\t"
		     "sbbq 24(%[b]), %[t3]\n\t"
		     /* m = all-ones on borrow: add back p & m. */
		     "sbbq %[m], %[m]\n\t"
		     "movq %[m], %[m1]\n\t"
		     "shrq $32, %[m1]\n\t"
		     "movq %[m], %[m3]\n\t"
		     "andq %[p3], %[m3]\n\t"
		     "addq %[m], %[t0]\n\t"
		     "adcq %[m1], %[t1]\n\t"
		     "adcq $0, %[t2]\n\t"
		     "adcq %[m3], %[t3]\n\t"
		     "movq %[t0], 0(%[r])\n\t"
		     "movq %[t1], 8(%[r])\n\t"
		     "movq %[t2], 16(%[r])\n\t"
		     "movq %[t3], 24(%[r])\n\t"
		     : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2),
		       [t3] "=&r"(t3), [m] "=&r"(m), [m1] "=&r"(m1),
		       [m3] "=&r"(m3)
		     : [a] "r"(a), [b] "r"(b), [r] "r"(r),
		       [p3] "m"(p256_asm_p[3])
		     : "cc", "memory");
}

/* clang-format on */

#endif /* _KHSM_CRYPTO_EC_P256_ASM_H */
