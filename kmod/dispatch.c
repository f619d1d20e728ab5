// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: every request, from ioctl or io_uring, enters here.
 *
 * Sizes come from the table row, never from the caller; the request is
 * copied into the kernel once, validated there, and handlers only ever see
 * that kernel copy.
 */
#include <linux/build_bug.h>
#include <linux/nospec.h>
#include <linux/uaccess.h>

#include "dispatch.h"
#include "info.h"
#include "limits.h"

/* Copy the handler's result back to the caller. */
#define KHSM_CMD_OUT BIT(0)

/**
 * struct khsm_cmd - one row of the command table
 * @cmd: the full ioctl number, also the uring_cmd cmd_op
 * @handler: runs the command on the kernel copy of the request
 * @size: sizeof the request struct this module knows
 * @min_size: the request's SIZE_VER0: smaller requests are refused
 * @flags: KHSM_CMD_*
 * @name: for messages
 */
struct khsm_cmd {
	unsigned int cmd;
	int (*handler)(struct file *file, void *req);
	u32 size;
	u32 min_size;
	u32 flags;
	const char *name;
};

#define KHSM_CMD(ioc, fn, type, ver0, fl)                            \
	{                                                            \
		.cmd = (ioc), .handler = (fn), .size = sizeof(type), \
		.min_size = (ver0), .flags = (fl), .name = #ioc      \
	}

/* Row i is command number i: khsm_dispatch_init() checks the order. */
static const struct khsm_cmd khsm_cmds[] = {
	KHSM_CMD(KHSM_IOC_INFO, khsm_info, struct khsm_info,
		 KHSM_INFO_SIZE_VER0, KHSM_CMD_OUT),
};

/* Every request struct fits the dispatcher's stack buffer. */
union khsm_request {
	struct khsm_info info;
};

static void khsm_dispatch_build_checks(void)
{
	BUILD_BUG_ON(sizeof(union khsm_request) > KHSM_MAX_REQUEST_SIZE);
	BUILD_BUG_ON(offsetofend(struct khsm_info, reserved) !=
		     KHSM_INFO_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct khsm_info) % 8);
}

static const struct khsm_cmd *khsm_cmd_lookup(unsigned int cmd)
{
	unsigned int nr = _IOC_NR(cmd);
	const struct khsm_cmd *c;

	if (_IOC_TYPE(cmd) != KHSM_IOC_MAGIC || nr >= ARRAY_SIZE(khsm_cmds))
		return NULL;
	c = &khsm_cmds[array_index_nospec(nr, ARRAY_SIZE(khsm_cmds))];
	if (c->cmd != cmd)
		return NULL;
	return c;
}

/*
 * The size is fetched once; the copy that follows overwrites the size
 * field, so it is put back from the first fetch rather than trusted twice.
 */
static int khsm_copy_request(const struct khsm_cmd *c, void *kreq,
			     void __user *ureq, u32 *usize)
{
	u32 size;
	int ret;

	if (get_user(size, (u32 __user *)ureq))
		return -EFAULT;
	if (size < c->min_size)
		return -EINVAL;
	if (size > KHSM_MAX_USER_REQUEST_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(kreq, c->size, ureq, size);
	if (ret)
		return ret;
	*(u32 *)kreq = size;
	*usize = size;
	return 0;
}

/**
 * khsm_dispatch_init() - check the command table before the device exists
 *
 * Return: 0, or -EINVAL (with a warning) if a row is out of place, which
 * would send a command to another command's handler.
 */
int khsm_dispatch_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(khsm_cmds); i++) {
		const struct khsm_cmd *c = &khsm_cmds[i];

		if (WARN_ON(_IOC_NR(c->cmd) != i || !c->handler ||
			    c->size > KHSM_MAX_REQUEST_SIZE))
			return -EINVAL;
	}
	return 0;
}

/**
 * khsm_dispatch() - run one request from userspace
 * @file: the /dev/khsm file the request came on
 * @cmd: the command number
 * @ureq: the request struct in user memory
 *
 * Context: process context of the caller; may sleep.
 * Return: the handler's result; -ENOTTY for an unknown command; -EFAULT,
 * -EINVAL or -E2BIG for a request that cannot be read as its struct.
 */
long khsm_dispatch(struct file *file, unsigned int cmd, void __user *ureq)
{
	const struct khsm_cmd *c;
	union khsm_request req;
	u32 usize;
	int ret;

	khsm_dispatch_build_checks();
	c = khsm_cmd_lookup(cmd);
	if (!c)
		return -ENOTTY;

	memset(&req, 0, sizeof(req));
	ret = khsm_copy_request(c, &req, ureq, &usize);
	if (ret)
		goto out;

	ret = c->handler(file, &req);
	if (ret < 0)
		goto out;

	if ((c->flags & KHSM_CMD_OUT) &&
	    copy_to_user(ureq, &req, min_t(u32, usize, c->size)))
		ret = -EFAULT;
out:
	memzero_explicit(&req, sizeof(req));
	return ret;
}
