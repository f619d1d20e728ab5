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

/* clang-format on */

#endif /* _KHSM_LIMITS_H */
