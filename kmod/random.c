// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_RANDOM: C_GenerateRandom from the DRBG khsm generates keys with.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "crypto/shim.h"
#include "limits.h"
#include "random.h"

/**
 * khsm_random() - KHSM_IOC_RANDOM
 * @file: the caller's /dev/khsm file (no session needed)
 * @req: struct khsm_random
 *
 * Return: 0, -EINVAL for flags or reserved fields, -EMSGSIZE beyond
 * KHSM_MAX_DATA_LEN, -EFAULT, or the DRBG's error.
 */
int khsm_random(struct file *file, void *req)
{
	struct khsm_random *r = req;
	u8 *buf;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->len > KHSM_MAX_DATA_LEN)
		return -EMSGSIZE;
	if (!r->len)
		return 0;
	buf = kvmalloc(r->len, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	ret = khsm_crypto_random(buf, r->len);
	if (!ret && copy_to_user(u64_to_user_ptr(r->out), buf, r->len))
		ret = -EFAULT;
	kvfree_sensitive(buf, r->len);
	return ret;
}
