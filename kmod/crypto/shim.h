/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one boundary between khsm's arithmetic core and its environment.
 *
 * Every file under kmod/crypto/ includes this header and nothing else from
 * outside the core, so the same source builds into khsm.ko (with
 * kmod/crypto_env.c) and into the native test library (test/shim_user.c).
 * The environment provides: random bytes from a DRBG, one-shot hashing of a
 * list of buffers, zeroising allocation, wiping, and a yield point for long
 * loops.
 */
#ifndef _KHSM_CRYPTO_SHIM_H
#define _KHSM_CRYPTO_SHIM_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#else
/* The native build: userspace spellings of the kernel types. */
#include "user_types.h"
#endif

/* 128-bit products of 64-bit limbs (x86-64 and arm64 both have them). */
#define khsm_u128 unsigned __int128

/**
 * enum khsm_hash_alg - hash functions the environment computes for the core
 * @KHSM_HASH_SHA1: SHA-1 (OAEP and PSS with legacy parameters only)
 * @KHSM_HASH_SHA224: SHA-224
 * @KHSM_HASH_SHA256: SHA-256
 * @KHSM_HASH_SHA384: SHA-384
 * @KHSM_HASH_SHA512: SHA-512
 * @KHSM_HASH_COUNT: number of hash functions
 */
enum khsm_hash_alg {
	KHSM_HASH_SHA1,
	KHSM_HASH_SHA224,
	KHSM_HASH_SHA256,
	KHSM_HASH_SHA384,
	KHSM_HASH_SHA512,
	KHSM_HASH_COUNT,
};

#define KHSM_HASH_MAX_LEN 64

/**
 * struct khsm_buf - one input piece of a hash computation
 * @p: start of the bytes
 * @len: number of bytes
 */
struct khsm_buf {
	const u8 *p;
	size_t len;
};

/**
 * khsm_crypto_hash() - hash the concatenation of @nparts buffers
 * @alg: hash function
 * @parts: the pieces, hashed in order
 * @nparts: number of pieces
 * @out: receives khsm_hash_len(@alg) bytes
 *
 * Return: 0, or -errno if the hash is unavailable (e.g. under fips=1).
 */
int khsm_crypto_hash(enum khsm_hash_alg alg, const struct khsm_buf *parts,
		     unsigned int nparts, u8 *out);

/**
 * khsm_crypto_random() - fill @buf with bytes from the environment's DRBG
 * @buf: destination
 * @len: number of bytes
 *
 * Return: 0, or -errno if the DRBG failed (the caller must then fail too).
 */
int khsm_crypto_random(u8 *buf, size_t len);

/**
 * khsm_crypto_alloc() - allocate zeroed working memory for secrets
 * @len: number of bytes
 *
 * Return: the memory, or NULL.
 */
void *khsm_crypto_alloc(size_t len);

/**
 * khsm_crypto_free() - wipe and free memory from khsm_crypto_alloc()
 * @p: the memory, or NULL
 * @len: the size given to khsm_crypto_alloc()
 */
void khsm_crypto_free(void *p, size_t len);

/**
 * khsm_crypto_wipe() - zero @len bytes at @p in a way the compiler keeps
 * @p: memory that held a secret
 * @len: number of bytes
 */
void khsm_crypto_wipe(void *p, size_t len);

/**
 * khsm_crypto_yield() - a point where a long computation may be preempted
 *
 * Called from loops that run long (prime search, Miller-Rabin rounds).
 *
 * Return: 0 to go on, or -EINTR when the caller has been told to die.
 */
int khsm_crypto_yield(void);

/**
 * khsm_hash_len() - output length of a hash function
 * @alg: hash function
 *
 * Return: the digest length in bytes, or 0 for an unknown @alg.
 */
static inline size_t khsm_hash_len(enum khsm_hash_alg alg)
{
	switch (alg) {
	case KHSM_HASH_SHA1:
		return 20;
	case KHSM_HASH_SHA224:
		return 28;
	case KHSM_HASH_SHA256:
		return 32;
	case KHSM_HASH_SHA384:
		return 48;
	case KHSM_HASH_SHA512:
		return 64;
	default:
		return 0;
	}
}

#endif /* _KHSM_CRYPTO_SHIM_H */
