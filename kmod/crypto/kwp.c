// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 3394 key wrap and RFC 5649 key wrap with padding.
 *
 * Unwrapping checks the integrity value, and for KWP the length indicator
 * and the zero padding, without branching on any of them; all checks fold
 * into one mask that is made public once, so every failure looks the same
 * (-EBADMSG) and takes the same time. On failure the output is wiped.
 */
#include "kwp.h"
#include "bn.h"

#define KWP_MAX_IN ((size_t)1 << 31)

static const u8 kw_iv[8] = { 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6 };

static void xor_t(u8 *a, u64 t)
{
	int i;

	for (i = 7; i >= 0; i--, t >>= 8)
		a[i] ^= (u8)t;
}

/* W(S) of RFC 3394 on A (8 bytes) and R (n 8-byte blocks, n >= 2). */
static int wrap_core(const struct khsm_block_cipher *bc, u8 *a, u8 *r, size_t n)
{
	u8 b[16];
	size_t i, j;
	int ret = 0;

	for (j = 0; j < 6 && !ret; j++) {
		for (i = 0; i < n && !ret; i++) {
			memcpy(b, a, 8);
			memcpy(b + 8, r + 8 * i, 8);
			ret = bc->encrypt(bc->ctx, b, b);
			memcpy(a, b, 8);
			xor_t(a, (u64)n * j + i + 1);
			memcpy(r + 8 * i, b + 8, 8);
		}
	}
	khsm_crypto_wipe(b, sizeof(b));
	return ret;
}

/* W^-1(C) of RFC 3394. */
static int unwrap_core(const struct khsm_block_cipher *bc, u8 *a, u8 *r,
		       size_t n)
{
	u8 b[16];
	size_t i, j;
	int ret = 0;

	for (j = 6; j-- > 0 && !ret;) {
		for (i = n; i-- > 0 && !ret;) {
			memcpy(b, a, 8);
			xor_t(b, (u64)n * j + i + 1);
			memcpy(b + 8, r + 8 * i, 8);
			ret = bc->decrypt(bc->ctx, b, b);
			memcpy(a, b, 8);
			memcpy(r + 8 * i, b + 8, 8);
		}
	}
	khsm_crypto_wipe(b, sizeof(b));
	return ret;
}

/**
 * khsm_kw_wrap() - RFC 3394 key wrap
 * @bc: the key-encryption cipher
 * @in: the key data, a multiple of 8 bytes, at least 16
 * @inlen: bytes of @in
 * @out: receives @inlen + 8 bytes (may alias @in only if @out == @in - 8)
 * @outlen: in: capacity of @out; out: bytes written
 *
 * Return: 0, -EINVAL for a bad length or small @out, or the cipher's error.
 */
int khsm_kw_wrap(const struct khsm_block_cipher *bc, const u8 *in, size_t inlen,
		 u8 *out, size_t *outlen)
{
	int ret;

	if (inlen < 16 || inlen % 8 || inlen > KWP_MAX_IN ||
	    *outlen < inlen + 8)
		return -EINVAL;
	memmove(out + 8, in, inlen);
	memcpy(out, kw_iv, 8);
	ret = wrap_core(bc, out, out + 8, inlen / 8);
	if (ret) {
		khsm_crypto_wipe(out, inlen + 8);
		return ret;
	}
	*outlen = inlen + 8;
	return 0;
}

/**
 * khsm_kw_unwrap() - RFC 3394 key unwrap
 * @bc: the key-encryption cipher
 * @in: the wrapped key, a multiple of 8 bytes, at least 24
 * @inlen: bytes of @in
 * @out: receives @inlen - 8 bytes
 * @outlen: in: capacity of @out; out: bytes written
 *
 * Return: 0, -EBADMSG if the integrity check fails (@out is wiped), -EINVAL
 * for a bad length or small @out, or the cipher's error.
 */
int khsm_kw_unwrap(const struct khsm_block_cipher *bc, const u8 *in,
		   size_t inlen, u8 *out, size_t *outlen)
{
	u8 a[8];
	u64 diff = 0;
	int ret, i;

	if (inlen < 24 || inlen % 8 || inlen > KWP_MAX_IN + 8)
		return -EBADMSG;
	if (*outlen < inlen - 8)
		return -EINVAL;
	memcpy(a, in, 8);
	memmove(out, in + 8, inlen - 8);
	ret = unwrap_core(bc, a, out, inlen / 8 - 1);
	for (i = 0; i < 8; i++)
		diff |= a[i] ^ kw_iv[i];
	/* Only the verdict becomes public. */
	if (ret || khsm_ct_public(diff)) {
		khsm_crypto_wipe(out, inlen - 8);
		return ret ? ret : -EBADMSG;
	}
	*outlen = inlen - 8;
	return 0;
}

/**
 * khsm_kwp_wrap() - RFC 5649 key wrap with padding
 * @bc: the key-encryption cipher
 * @in: the key data, 1 to 2^31 bytes
 * @inlen: bytes of @in
 * @out: receives 8 + @inlen rounded up to a multiple of 8 bytes; must not
 *	 overlap @in
 * @outlen: in: capacity of @out; out: bytes written
 *
 * Return: 0, -EINVAL for a bad length or small @out, or the cipher's error.
 */
int khsm_kwp_wrap(const struct khsm_block_cipher *bc, const u8 *in,
		  size_t inlen, u8 *out, size_t *outlen)
{
	size_t padded = (inlen + 7) & ~(size_t)7;
	int ret;

	if (!inlen || inlen > KWP_MAX_IN || *outlen < padded + 8)
		return -EINVAL;
	out[0] = 0xa6;
	out[1] = 0x59;
	out[2] = 0x59;
	out[3] = 0xa6;
	out[4] = (u8)(inlen >> 24);
	out[5] = (u8)(inlen >> 16);
	out[6] = (u8)(inlen >> 8);
	out[7] = (u8)inlen;
	memset(out + 8 + padded - 8, 0, 8);
	memcpy(out + 8, in, inlen);
	if (padded == 8)
		ret = bc->encrypt(bc->ctx, out, out);
	else
		ret = wrap_core(bc, out, out + 8, padded / 8);
	if (ret) {
		khsm_crypto_wipe(out, padded + 8);
		return ret;
	}
	*outlen = padded + 8;
	return 0;
}

/**
 * khsm_kwp_unwrap() - RFC 5649 key unwrap with padding
 * @bc: the key-encryption cipher
 * @in: the wrapped key, a multiple of 8 bytes, at least 16
 * @inlen: bytes of @in
 * @out: receives the key data; capacity at least @inlen - 8; must not
 *	 overlap @in
 * @outlen: in: capacity of @out; out: length of the key data
 *
 * Return: 0, -EBADMSG for any failed check (@out is wiped), -EINVAL for a
 * small @out, or the cipher's error.
 */
int khsm_kwp_unwrap(const struct khsm_block_cipher *bc, const u8 *in,
		    size_t inlen, u8 *out, size_t *outlen)
{
	size_t n = inlen / 8 - 1, i;
	u8 a[8], b[16];
	u64 bad, mli, pad = 0;
	int ret;

	if (inlen < 16 || inlen % 8 || inlen > KWP_MAX_IN + 8)
		return -EBADMSG;
	if (*outlen < inlen - 8)
		return -EINVAL;
	if (n == 1) {
		ret = bc->decrypt(bc->ctx, b, in);
		memcpy(a, b, 8);
		memcpy(out, b + 8, 8);
		khsm_crypto_wipe(b, sizeof(b));
	} else {
		memcpy(a, in, 8);
		memcpy(out, in + 8, inlen - 8);
		ret = unwrap_core(bc, a, out, n);
	}
	bad = (u64)(a[0] ^ 0xa6) | (a[1] ^ 0x59) | (a[2] ^ 0x59) |
	      (a[3] ^ 0xa6);
	mli = (u64)a[4] << 24 | (u64)a[5] << 16 | (u64)a[6] << 8 | a[7];
	/* 8 (n - 1) < MLI <= 8 n, computed without comparisons. */
	bad |= ((8 * n - mli) >> 63) | ((mli - 8 * n + 7) >> 63);
	/* Every byte at or beyond MLI must be zero. */
	for (i = 0; i < 8 * n; i++)
		pad |= out[i] & ~(((mli - 1 - (u64)i) >> 63) - 1);
	bad |= pad;
	/* Only the verdict becomes public. */
	if (ret || khsm_ct_public(bad)) {
		khsm_crypto_wipe(out, inlen - 8);
		khsm_crypto_wipe(a, sizeof(a));
		return ret ? ret : -EBADMSG;
	}
	*outlen = (size_t)mli;
	khsm_crypto_wipe(a, sizeof(a));
	return 0;
}
