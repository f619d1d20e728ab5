// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time byte-string helpers for the RSA decryption decoders, where
 * the position and length of the message inside the decrypted block are
 * secret until the padding has been found valid.
 */
#include "rsa_ct.h"

/**
 * khsm_ct_memeq() - compare two byte strings in constant time
 * @a: first string
 * @b: second string
 * @len: bytes of each
 *
 * Return: all ones if equal, else 0.
 */
u64 khsm_ct_memeq(const u8 *a, const u8 *b, size_t len)
{
	u64 d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= a[i] ^ b[i];
	return khsm_ct_zero(d);
}

/**
 * khsm_ct_extract() - copy a tail of @src starting at a secret offset
 * @out: receives @srclen - @min_off bytes: src[off..srclen), then zeros
 * @src: the source
 * @srclen: bytes of @src
 * @off: the secret start, @min_off <= @off <= @srclen
 * @min_off: the smallest possible start (public)
 *
 * The tail is copied from @min_off and then shifted left by @off - @min_off
 * in log2 steps, each of which touches every byte, so the memory access
 * pattern is independent of @off.
 */
void khsm_ct_extract(u8 *out, const u8 *src, size_t srclen, size_t off,
		     size_t min_off)
{
	size_t n = srclen - min_off, sh = off - min_off, step, i;

	memcpy(out, src + min_off, n);
	for (step = 1; step < n; step <<= 1) {
		u8 m = (u8)khsm_ct_barrier(khsm_ct_nz(sh & step));

		for (i = 0; i < n; i++) {
			u8 next = i + step < n ? out[i + step] : 0;

			out[i] = (u8)((out[i] & ~m) | (next & m));
		}
	}
	/* A shift of exactly n (empty message) is not covered above. */
	if (n) {
		u8 m = (u8)khsm_ct_eq(sh, n);

		for (i = 0; i < n; i++)
			out[i] &= (u8)~m;
	}
}
