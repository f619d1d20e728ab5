// SPDX-License-Identifier: GPL-2.0
/*
 * The /dev/khsm misc device: the only way into the module.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "device.h"
#include "dispatch.h"
#include "session.h"
#include "uring.h"

static int khsm_open(struct inode *inode, struct file *file)
{
	struct khsm_session *s;
	int ret;

	ret = nonseekable_open(inode, file);
	if (ret)
		return ret;
	s = khsm_session_alloc();
	if (!s)
		return -ENOMEM;
	file->private_data = s;
	return 0;
}

static int khsm_release(struct inode *inode, struct file *file)
{
	struct khsm_session *s = file->private_data;

	/* io_uring holds the file until each of its commands is done. */
	WARN_ON_ONCE(atomic_read(&s->uring_inflight));
	khsm_session_free(s);
	return 0;
}

static long khsm_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return khsm_dispatch(file, cmd, (void __user *)arg);
}

static const struct file_operations khsm_fops = {
	.owner = THIS_MODULE,
	.open = khsm_open,
	.release = khsm_release,
	.unlocked_ioctl = khsm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.uring_cmd = khsm_uring_cmd,
	.llseek = no_llseek,
};

/*
 * 0660: the group that may use the keystore is given to the node by udev
 * (tools/60-khsm.rules), since devtmpfs creates misc nodes as root:root.
 */
static struct miscdevice khsm_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "khsm",
	.fops = &khsm_fops,
	.mode = 0660,
};

/**
 * khsm_device_init() - register /dev/khsm
 *
 * Context: module init, after everything the device uses is ready.
 * Return: 0 or -errno from misc_register().
 */
int khsm_device_init(void)
{
	return misc_register(&khsm_misc);
}

/**
 * khsm_device_uninit() - deregister /dev/khsm
 *
 * Context: module exit, before anything the device uses is torn down.
 */
void khsm_device_uninit(void)
{
	misc_deregister(&khsm_misc);
}
