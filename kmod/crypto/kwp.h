/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AES key wrap: RFC 3394 (KW) and RFC 5649 (KWP, with padding) over any
 * 128-bit block cipher given as callbacks, since the kernel's kw(aes) has no
 * padded variant.
 */
#ifndef _KHSM_CRYPTO_KWP_H
#define _KHSM_CRYPTO_KWP_H

#include "shim.h"

/**
 * struct khsm_block_cipher - a keyed 128-bit block cipher
 * @ctx: the caller's key schedule, passed back to the callbacks
 * @encrypt: encrypt one 16-byte block from @src to @dst (may alias);
 *	     returns 0 or -errno
 * @decrypt: decrypt one 16-byte block likewise
 */
struct khsm_block_cipher {
	void *ctx;
	int (*encrypt)(void *ctx, u8 *dst, const u8 *src);
	int (*decrypt)(void *ctx, u8 *dst, const u8 *src);
};

int khsm_kw_wrap(const struct khsm_block_cipher *bc, const u8 *in, size_t inlen,
		 u8 *out, size_t *outlen);
int khsm_kw_unwrap(const struct khsm_block_cipher *bc, const u8 *in,
		   size_t inlen, u8 *out, size_t *outlen);
int khsm_kwp_wrap(const struct khsm_block_cipher *bc, const u8 *in,
		  size_t inlen, u8 *out, size_t *outlen);
int khsm_kwp_unwrap(const struct khsm_block_cipher *bc, const u8 *in,
		    size_t inlen, u8 *out, size_t *outlen);

#endif /* _KHSM_CRYPTO_KWP_H */
