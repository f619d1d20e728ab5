// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tokens, sessions and PINs: one typed call per request, one ioctl each.
 */
#include <errno.h>
#include <string.h>

#include "hsm.h"
#include "internal.h"

__hsm_public int hsm_token_create(struct hsm *h, uint32_t uid, uint32_t gid,
				  uint32_t mode, uint32_t *token)
{
	return hsm_token_create_pin_policy(h, uid, gid, mode, 0, 0, token);
}

__hsm_public int hsm_token_create_pin_policy(struct hsm *h, uint32_t uid,
					     uint32_t gid, uint32_t mode,
					     uint32_t max_pin_failures,
					     uint32_t pbkdf2_iterations,
					     uint32_t *token)
{
	return hsm_token_create_flags(h, uid, gid, mode, 0, max_pin_failures,
				      pbkdf2_iterations, token);
}

__hsm_public int
hsm_token_create_flags(struct hsm *h, uint32_t uid, uint32_t gid, uint32_t mode,
		       uint32_t flags, uint32_t max_pin_failures,
		       uint32_t pbkdf2_iterations, uint32_t *token)
{
	struct khsm_token_create r = {
		.size = sizeof(r),
		.flags = flags,
		.uid = uid,
		.gid = gid,
		.mode = mode,
		.max_pin_failures = max_pin_failures,
		.pbkdf2_iterations = pbkdf2_iterations,
	};
	int ret;

	if (!h || !token)
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_TOKEN_CREATE, &r);
	if (!ret)
		*token = r.token;
	return ret;
}

__hsm_public int hsm_token_destroy(struct hsm *h, uint32_t token)
{
	struct khsm_token_ref r = { .size = sizeof(r), .token = token };

	if (!h)
		return -EINVAL;
	return __hsm_ioctl(h, KHSM_IOC_TOKEN_DESTROY, &r);
}

__hsm_public int hsm_token_list(struct hsm *h, uint32_t *ids, uint32_t capacity)
{
	struct khsm_token_list r = { .size = sizeof(r) };
	int ret;

	if (!h || (!ids && capacity))
		return -EINVAL;
	r.ids = __hsm_ptr(ids);
	r.capacity = ids ? capacity : 0;
	ret = __hsm_ioctl(h, KHSM_IOC_TOKEN_LIST, &r);
	if (ret && ret != -ENOSPC)
		return ret;
	return (int)r.count;
}

__hsm_public int hsm_token_info(struct hsm *h, uint32_t token,
				struct khsm_token_info *info)
{
	if (!h || !info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->token = token;
	return __hsm_ioctl(h, KHSM_IOC_TOKEN_INFO, info);
}

__hsm_public int hsm_token_init(struct hsm *h, uint32_t token,
				const void *so_pin, size_t pin_len,
				const char *label, uint32_t max_pin_failures,
				uint32_t pbkdf2_iterations)
{
	struct khsm_token_init r = {
		.size = sizeof(r),
		.token = token,
		.pin_len = (uint32_t)pin_len,
		.pin = __hsm_ptr(so_pin),
		.max_pin_failures = max_pin_failures,
		.pbkdf2_iterations = pbkdf2_iterations,
	};
	size_t n;

	if (!h || (!so_pin && pin_len) || pin_len > UINT32_MAX)
		return -EINVAL;
	memset(r.label, ' ', sizeof(r.label));
	if (label) {
		n = strnlen(label, sizeof(r.label));
		memcpy(r.label, label, n);
	}
	return __hsm_ioctl(h, KHSM_IOC_TOKEN_INIT, &r);
}

__hsm_public int hsm_session_open(struct hsm *h, uint32_t token, uint32_t flags)
{
	struct khsm_session_open r = { .size = sizeof(r),
				       .flags = flags,
				       .token = token };

	if (!h)
		return -EINVAL;
	return __hsm_ioctl(h, KHSM_IOC_SESSION_OPEN, &r);
}

__hsm_public int hsm_session_info(struct hsm *h, struct khsm_session_info *info)
{
	if (!h || !info)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return __hsm_ioctl(h, KHSM_IOC_SESSION_INFO, info);
}

/* KHSM_IOC_LOGIN and KHSM_IOC_INIT_PIN share their request. */
static int login_req(struct hsm *h, unsigned long cmd, uint32_t user_type,
		     const void *pin, size_t pin_len)
{
	struct khsm_login r = {
		.size = sizeof(r),
		.user_type = user_type,
		.pin_len = (uint32_t)pin_len,
		.pin = __hsm_ptr(pin),
	};

	if (!h || (!pin && pin_len) || pin_len > UINT32_MAX)
		return -EINVAL;
	return __hsm_ioctl(h, cmd, &r);
}

__hsm_public int hsm_login(struct hsm *h, uint32_t user_type, const void *pin,
			   size_t pin_len)
{
	return login_req(h, KHSM_IOC_LOGIN, user_type, pin, pin_len);
}

__hsm_public int hsm_logout(struct hsm *h)
{
	struct khsm_logout r = { .size = sizeof(r) };

	if (!h)
		return -EINVAL;
	return __hsm_ioctl(h, KHSM_IOC_LOGOUT, &r);
}

__hsm_public int hsm_init_pin(struct hsm *h, const void *pin, size_t pin_len)
{
	return login_req(h, KHSM_IOC_INIT_PIN, KHSM_USER_USER, pin, pin_len);
}

__hsm_public int hsm_set_pin(struct hsm *h, const void *old_pin, size_t old_len,
			     const void *new_pin, size_t new_len)
{
	struct khsm_set_pin r = {
		.size = sizeof(r),
		.old_len = (uint32_t)old_len,
		.new_len = (uint32_t)new_len,
		.old_pin = __hsm_ptr(old_pin),
		.new_pin = __hsm_ptr(new_pin),
	};

	if (!h || (!old_pin && old_len) || (!new_pin && new_len) ||
	    old_len > UINT32_MAX || new_len > UINT32_MAX)
		return -EINVAL;
	return __hsm_ioctl(h, KHSM_IOC_SET_PIN, &r);
}
