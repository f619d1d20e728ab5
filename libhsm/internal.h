/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _HSM_INTERNAL_H
#define _HSM_INTERNAL_H

#include <stdint.h>

#define __hsm_public __attribute__((visibility("default")))

/**
 * struct hsm - one open /dev/khsm
 * @fd: the device file
 * @bound: hsm_session_open() bound the file to @token
 * @token: the session's token, whose changes are made durable
 */
struct hsm {
	int fd;
	int bound;
	uint32_t token;
};

/*
 * ioctl(2) with the -errno convention; after a request that changes a
 * persistent token, its changes are written to the store before it
 * returns (store.c).
 */
int __hsm_ioctl(struct hsm *h, unsigned long cmd, void *req);
int __hsm_sync_after(struct hsm *h, uint32_t token, int ret);

struct hsm_mech;
struct khsm_crypt;

/* The key, mechanism and parameter of @r; -EINVAL if @m is malformed. */
int __hsm_set_mech(struct khsm_crypt *r, uint32_t key,
		   const struct hsm_mech *m);

/* A user pointer as the ABI carries it. */
static inline uint64_t __hsm_ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif /* _HSM_INTERNAL_H */
