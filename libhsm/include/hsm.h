/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhsm: the userspace library over /dev/khsm.
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * value on failure; errno itself is never set. A struct hsm is one open
 * /dev/khsm file, that is one kernel session context; it may be used from
 * one thread at a time.
 */
#ifndef _HSM_H
#define _HSM_H

#include <linux/khsm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The device libhsm opens when the caller names none. */
#define HSM_DEFAULT_DEVICE "/dev/khsm"

struct hsm;

/**
 * hsm_open() - open the keystore device
 * @path: device path, or NULL for HSM_DEFAULT_DEVICE (or $KHSM_DEVICE)
 * @out: receives the handle
 *
 * The module's ABI version is checked: a module older than this library
 * is refused with -EPROTO.
 *
 * Return: 0, or -errno (-ENOENT when the module is not loaded, -EACCES
 * when the caller is not in the device's group, -ENOTTY when @path is not
 * a khsm device).
 */
int hsm_open(const char *path, struct hsm **out);

/**
 * hsm_close() - close a handle from hsm_open()
 * @h: the handle, or NULL
 */
void hsm_close(struct hsm *h);

/**
 * hsm_fd() - the file descriptor under a handle (for poll and io_uring)
 * @h: the handle
 *
 * Return: the descriptor.
 */
int hsm_fd(const struct hsm *h);

/**
 * hsm_info() - read module version, ABI version, state and lockdown level
 * @h: the handle
 * @info: receives the information
 *
 * Return: 0 or -errno.
 */
int hsm_info(struct hsm *h, struct khsm_info *info);

/**
 * hsm_strerror() - a sentence for a libhsm error code
 * @err: a negative errno value returned by libhsm
 *
 * Return: a static string.
 */
const char *hsm_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* _HSM_H */
