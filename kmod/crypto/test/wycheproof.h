/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading Wycheproof vector files in place from ../shared/vectors/wycheproof
 * (or $KHSM_VECTORS). They are never copied into the repository.
 */
#ifndef _KHSM_CRYPTO_WYCHEPROOF_H
#define _KHSM_CRYPTO_WYCHEPROOF_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Load one vector file by name; NULL (after a message) if it cannot be read. */
json_t *wp_load(const char *file);

/* Decode a hex string into a new buffer (free()); returns length or -1. */
long wp_hex(const char *hex, uint8_t **out);

/* Decode the hex string member @key of @obj; returns length or -1. */
long wp_hex_field(json_t *obj, const char *key, uint8_t **out);

/* 1 for "valid", 0 for "invalid", 2 for "acceptable". */
int wp_result(json_t *test);

/* True if the test's "flags" array contains @flag. */
int wp_has_flag(json_t *test, const char *flag);

#endif
