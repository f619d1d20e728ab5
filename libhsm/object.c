// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Objects, attributes and searches: one typed call per request.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hsm.h"
#include "internal.h"

/* A template pointer and count must agree, and fit the ABI. */
static int tmpl_ok(const struct khsm_attr *attrs, uint32_t count)
{
	return attrs || !count;
}

__hsm_public int hsm_object_create(struct hsm *h, const struct khsm_attr *attrs,
				   uint32_t count, uint32_t *handle)
{
	struct khsm_object_create r = { .size = sizeof(r),
					.attrs = __hsm_ptr(attrs),
					.count = count };
	int ret;

	if (!h || !handle || !tmpl_ok(attrs, count))
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_OBJECT_CREATE, &r);
	if (!ret)
		*handle = r.handle;
	return ret;
}

__hsm_public int hsm_object_copy(struct hsm *h, uint32_t handle,
				 const struct khsm_attr *attrs, uint32_t count,
				 uint32_t *new_handle)
{
	struct khsm_object_copy r = {
		.size = sizeof(r),
		.handle = handle,
		.attrs = __hsm_ptr(attrs),
		.count = count,
	};
	int ret;

	if (!h || !new_handle || !tmpl_ok(attrs, count))
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_OBJECT_COPY, &r);
	if (!ret)
		*new_handle = r.new_handle;
	return ret;
}

__hsm_public int hsm_object_destroy(struct hsm *h, uint32_t handle)
{
	struct khsm_object_ref r = { .size = sizeof(r), .handle = handle };

	if (!h)
		return -EINVAL;
	return __hsm_ioctl(h, KHSM_IOC_OBJECT_DESTROY, &r);
}

__hsm_public int hsm_attr_get(struct hsm *h, uint32_t handle,
			      struct khsm_attr *attrs, uint32_t count,
			      uint32_t *result)
{
	struct khsm_attr_get r = {
		.size = sizeof(r),
		.handle = handle,
		.count = count,
		.attrs = __hsm_ptr(attrs),
	};
	int ret;

	if (!h || !result || !tmpl_ok(attrs, count))
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_ATTR_GET, &r);
	*result = ret ? 0 : r.result;
	return ret;
}

__hsm_public int hsm_attr_set(struct hsm *h, uint32_t handle,
			      const struct khsm_attr *attrs, uint32_t count)
{
	struct khsm_attr_set r = {
		.size = sizeof(r),
		.handle = handle,
		.count = count,
		.attrs = __hsm_ptr(attrs),
	};

	if (!h || !tmpl_ok(attrs, count))
		return -EINVAL;
	return __hsm_ioctl(h, KHSM_IOC_ATTR_SET, &r);
}

__hsm_public int hsm_find(struct hsm *h, const struct khsm_attr *attrs,
			  uint32_t count, uint32_t *handles, uint32_t capacity)
{
	struct khsm_find r = {
		.size = sizeof(r),
		.attrs = __hsm_ptr(attrs),
		.count = count,
		.capacity = handles ? capacity : 0,
		.handles = __hsm_ptr(handles),
	};
	int ret;

	if (!h || !tmpl_ok(attrs, count) || (!handles && capacity))
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_FIND, &r);
	if (ret && ret != -ENOSPC)
		return ret;
	if (r.found > INT32_MAX)
		return -EOVERFLOW;
	return (int)r.found;
}

__hsm_public int hsm_find_alloc(struct hsm *h, const struct khsm_attr *attrs,
				uint32_t count, uint32_t **handles)
{
	uint32_t *buf = NULL, *nbuf, cap = 0;
	int n;

	if (!handles)
		return -EINVAL;
	*handles = NULL;
	/* Objects may appear between the calls: retry until they fit. */
	for (;;) {
		n = hsm_find(h, attrs, count, buf, cap);
		if (n < 0 || (uint32_t)n <= cap)
			break;
		cap = (uint32_t)n + 16;
		nbuf = realloc(buf, cap * sizeof(*buf));
		if (!nbuf) {
			n = -ENOMEM;
			break;
		}
		buf = nbuf;
	}
	if (n <= 0) {
		free(buf);
		return n;
	}
	*handles = buf;
	return n;
}
