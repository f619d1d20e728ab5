// SPDX-License-Identifier: GPL-2.0
/*
 * KHSM_IOC_INFO: what a client checks before it relies on the module.
 */
#include <linux/security.h>
#include <linux/string.h>

#include "info.h"
#include "limits.h"
#include "version.h"

/*
 * The threat model needs lockdown=confidentiality (no /dev/mem, kcore or
 * kprobes reading key material); report what the running kernel enforces
 * so an admin can tell.
 */
static u32 khsm_lockdown_level(void)
{
	if (security_locked_down(LOCKDOWN_KCORE))
		return KHSM_LOCKDOWN_CONFIDENTIALITY;
	if (security_locked_down(LOCKDOWN_MODULE_SIGNATURE))
		return KHSM_LOCKDOWN_INTEGRITY;
	return KHSM_LOCKDOWN_NONE;
}

/**
 * khsm_info() - fill a struct khsm_info
 * @file: the caller's /dev/khsm file (unused: info needs no session)
 * @req: the kernel copy of the request
 *
 * Return: 0, or -EINVAL for flags or reserved fields that are not zero.
 */
int khsm_info(struct file *file, void *req)
{
	struct khsm_info *info = req;

	if (info->flags & ~KHSM_INFO_FLAGS_MASK)
		return -EINVAL;
	if (memchr_inv(info->reserved, 0, sizeof(info->reserved)))
		return -EINVAL;

	info->abi_version = KHSM_ABI_VERSION;
	info->state = KHSM_STATE_OPERATIONAL;
	info->features = 0;
	info->lockdown = khsm_lockdown_level();
	info->max_request_size = KHSM_MAX_REQUEST_SIZE;
	memset(info->version, 0, sizeof(info->version));
	strscpy(info->version, KHSM_MODULE_VERSION, sizeof(info->version));
	return 0;
}
