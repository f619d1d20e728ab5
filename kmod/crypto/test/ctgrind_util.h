/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ctgrind method: secrets are marked undefined for valgrind memcheck,
 * which then reports every conditional branch and memory address computed
 * from them. The core declassifies the few values it may branch on through
 * khsm_ct_declassify_hook(), defined here; tests declassify only what the
 * core releases.
 */
#ifndef _KHSM_CRYPTO_TEST_CTGRIND_UTIL_H
#define _KHSM_CRYPTO_TEST_CTGRIND_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <openssl/rand.h>
#include <valgrind/memcheck.h>

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

void khsm_ct_declassify_hook(const void *p, size_t len)
{
	PUBLIC(p, len);
}

/* DRBG output is secret: blinding values, salts, prime candidates. */
static inline int secret_random(uint8_t *buf, size_t len)
{
	if (RAND_bytes(buf, (int)len) != 1)
		return -5;
	SECRET(buf, len);
	return 0;
}

#endif
