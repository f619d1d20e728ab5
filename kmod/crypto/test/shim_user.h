/* SPDX-License-Identifier: GPL-2.0 */
/* Test-only controls of the userspace environment of the core. */
#ifndef _KHSM_CRYPTO_SHIM_USER_H
#define _KHSM_CRYPTO_SHIM_USER_H

#include <stddef.h>
#include <stdint.h>

typedef int (*khsm_test_random_fn)(uint8_t *buf, size_t len);

/* Replace the DRBG (NULL restores OpenSSL's RAND_bytes). */
void khsm_test_set_random(khsm_test_random_fn fn);

#endif
