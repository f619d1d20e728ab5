/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every limit khsm enforces, in one place.
 */
#ifndef _KHSM_LIMITS_H
#define _KHSM_LIMITS_H

#include <linux/khsm.h>

/* clang-format off */

/* Request structs are copied onto the kernel stack of the dispatcher. */
#define KHSM_MAX_REQUEST_SIZE		256

/* Requests larger than this are refused before anything is read. */
#define KHSM_MAX_USER_REQUEST_SIZE	PAGE_SIZE

/* No command defines flags yet. */
#define KHSM_INFO_FLAGS_MASK		0U

/* Sessions (open files bound to it) one token accepts. */
#define KHSM_MAX_SESSIONS_PER_TOKEN	4096

/* Wrong PINs in a row that lock a PIN: default and largest setting. */
#define KHSM_DEFAULT_PIN_FAILURES	10
#define KHSM_MAX_PIN_FAILURES		100

#define KHSM_LAST_SESSION_FLAG		KHSM_SESSION_RW
#define KHSM_SESSION_FLAGS_MASK		((KHSM_LAST_SESSION_FLAG << 1) - 1)

/* clang-format on */

#endif /* _KHSM_LIMITS_H */
