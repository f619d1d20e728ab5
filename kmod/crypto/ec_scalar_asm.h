/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 assembly for Montgomery multiplication modulo the P-256 group
 * order n (CIOS, four rounds, each adding b[i] * a and q * n with
 * q = t0 * (-1/n mod 2^64)). Only MUL/IMUL/ADC/SBB/CMOV are used, so it needs
 * no CPU feature check and no vector registers; the final subtraction is
 * branch-free.
 */
#ifndef _KHSM_CRYPTO_EC_SCALAR_ASM_H
#define _KHSM_CRYPTO_EC_SCALAR_ASM_H

/* clang-format off */

/* Accumulator limb A += LOAD * MEM + t, carry out to t. */
#define N256_MAC(LOAD, MEM, A)				\
	"movq " LOAD ", %%rax\n\t"			\
	"mulq " MEM "\n\t"				\
	"addq %[t], %%rax\n\t"				\
	"adcq $0, %%rdx\n\t"				\
	"addq %%rax, " A "\n\t"				\
	"adcq $0, %%rdx\n\t"				\
	"movq %%rdx, %[t]\n\t"

/* acc (A0..A4) = (acc + b[I] * a + q * n) / 2^64; A5 is the spare limb. */
#define N256_ROUND(I, A0, A1, A2, A3, A4, A5)		\
	"movq 8*" #I "(%[b]), %[bi]\n\t"		\
	"xorl %k[" #A5 "], %k[" #A5 "]\n\t"		\
	"xorl %k[t], %k[t]\n\t"				\
	N256_MAC("%[bi]", "0(%[a])", "%[" #A0 "]")	\
	N256_MAC("%[bi]", "8(%[a])", "%[" #A1 "]")	\
	N256_MAC("%[bi]", "16(%[a])", "%[" #A2 "]")	\
	N256_MAC("%[bi]", "24(%[a])", "%[" #A3 "]")	\
	"addq %[t], %[" #A4 "]\n\t"			\
	"adcq $0, %[" #A5 "]\n\t"			\
	"movq %[" #A0 "], %[bi]\n\t"			\
	"imulq %[m0inv], %[bi]\n\t"			\
	"xorl %k[t], %k[t]\n\t"				\
	N256_MAC("%[bi]", "%[n0]", "%[" #A0 "]")	\
	N256_MAC("%[bi]", "%[n1]", "%[" #A1 "]")	\
	N256_MAC("%[bi]", "%[n2]", "%[" #A2 "]")	\
	N256_MAC("%[bi]", "%[n3]", "%[" #A3 "]")	\
	"addq %[t], %[" #A4 "]\n\t"			\
	"adcq $0, %[" #A5 "]\n\t"

/* r = a * b / 2^256 mod n, for a, b < n; @r may alias @a or @b. */
static inline void n256_mul_asm(u64 *r, const u64 *a, const u64 *b)
{
	u64 x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5, t, bi;

	asm volatile(N256_ROUND(0, x0, x1, x2, x3, x4, x5)
		     N256_ROUND(1, x1, x2, x3, x4, x5, x0)
		     N256_ROUND(2, x2, x3, x4, x5, x0, x1)
		     N256_ROUND(3, x3, x4, x5, x0, x1, x2)
		     /* Value in x4, x5, x0, x1, top bit in x2; x3 free. */
		     "movq %[x4], %%rax\n\t"
		     "movq %[x5], %%rdx\n\t"
		     "movq %[x0], %[t]\n\t"
		     "movq %[x1], %[x3]\n\t"
		     "subq %[n0], %%rax\n\t"
		     "sbbq %[n1], %%rdx\n\t"
		     "sbbq %[n2], %[t]\n\t"
		     "sbbq %[n3], %[x3]\n\t"
		     "sbbq $0, %[x2]\n\t"
		     /* Below n after all: keep the value. */
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
		       [n0] "m"(n256[0]), [n1] "m"(n256[1]),
		       [n2] "m"(n256[2]), [n3] "m"(n256[3]),
		       [m0inv] "m"(n256_m0inv)
		     : "rax", "rdx", "cc", "memory");
}

/* clang-format on */

#endif /* _KHSM_CRYPTO_EC_SCALAR_ASM_H */
