// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening and closing the device, and the version handshake.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hsm.h"
#include "internal.h"

__hsm_public int hsm_open(const char *path, struct hsm **out)
{
	struct khsm_info info;
	struct hsm *h;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!path)
		path = getenv("KHSM_DEVICE");
	if (!path)
		path = HSM_DEFAULT_DEVICE;

	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->fd = open(path, O_RDWR | O_CLOEXEC);
	if (h->fd < 0) {
		ret = -errno;
		goto err_free;
	}
	ret = hsm_info(h, &info);
	if (ret)
		goto err_close;
	if (info.abi_version < KHSM_ABI_VERSION) {
		ret = -EPROTO;
		goto err_close;
	}
	*out = h;
	return 0;

err_close:
	close(h->fd);
err_free:
	free(h);
	return ret;
}

__hsm_public void hsm_close(struct hsm *h)
{
	if (!h)
		return;
	close(h->fd);
	free(h);
}

__hsm_public int hsm_fd(const struct hsm *h)
{
	return h ? h->fd : -EINVAL;
}

__hsm_public int hsm_info(struct hsm *h, struct khsm_info *info)
{
	if (!h || !info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return __hsm_ioctl(h, KHSM_IOC_INFO, info);
}

int __hsm_ioctl(struct hsm *h, unsigned long cmd, void *req)
{
	return ioctl(h->fd, cmd, req) < 0 ? -errno : 0;
}
