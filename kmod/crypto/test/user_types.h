/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What <linux/types.h>, <linux/string.h> and <linux/errno.h> give the core
 * in the kernel, spelled for the native build. The core uses no libc: the
 * string functions are compiler builtins.
 */
#ifndef _KHSM_CRYPTO_USER_TYPES_H
#define _KHSM_CRYPTO_USER_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <errno.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define memset(d, c, n) __builtin_memset((d), (c), (n))
#define memmove(d, s, n) __builtin_memmove((d), (s), (n))

#endif
