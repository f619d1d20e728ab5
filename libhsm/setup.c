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

/* Which token a request changes, if it may change a persistent one. */
static int changed_token(struct hsm *h, unsigned long cmd, const void *req,
			 uint32_t *token)
{
	switch (cmd) {
	case KHSM_IOC_TOKEN_CREATE: {
		const struct khsm_token_create *r = req;

		*token = r->token;
		return !!(r->flags & KHSM_TOKEN_CREATE_PERSISTENT);
	}
	case KHSM_IOC_TOKEN_INIT:
		*token = ((const struct khsm_token_init *)req)->token;
		return 1;
	case KHSM_IOC_LOGIN: /* failure counters */
	case KHSM_IOC_INIT_PIN:
	case KHSM_IOC_SET_PIN:
	case KHSM_IOC_OBJECT_CREATE:
	case KHSM_IOC_OBJECT_COPY:
	case KHSM_IOC_OBJECT_DESTROY:
	case KHSM_IOC_ATTR_SET:
	case KHSM_IOC_GENERATE_KEY:
	case KHSM_IOC_GENERATE_KEY_PAIR:
	case KHSM_IOC_DERIVE_KEY:
	case KHSM_IOC_UNWRAP_KEY:
		*token = h->token;
		return h->bound;
	default:
		return 0;
	}
}

int __hsm_ioctl(struct hsm *h, unsigned long cmd, void *req)
{
	int ret = ioctl(h->fd, cmd, req) < 0 ? -errno : 0;
	uint32_t token;

	if (cmd == KHSM_IOC_SESSION_OPEN && !ret) {
		h->token = ((const struct khsm_session_open *)req)->token;
		h->bound = 1;
	}
	if (!changed_token(h, cmd, req, &token))
		return ret;
	/* A failed create made no token; anything else may have changed. */
	if (cmd == KHSM_IOC_TOKEN_CREATE && ret)
		return ret;
	return __hsm_sync_after(h, token, ret);
}
