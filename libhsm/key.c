// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Key generation, derivation, wrapping and unwrapping inside the kernel.
 */
#include <errno.h>

#include "hsm.h"
#include "internal.h"

static int mech_ok(const struct hsm_mech *m)
{
	return m && (m->param || !m->param_len) && m->param_len <= UINT32_MAX;
}

__hsm_public int hsm_generate_key(struct hsm *h, uint64_t mech,
				  const struct khsm_attr *attrs, uint32_t count,
				  uint32_t *handle)
{
	struct khsm_generate_key r = {
		.size = sizeof(r),
		.mech = mech,
		.attrs = __hsm_ptr(attrs),
		.count = count,
	};
	int ret;

	if (!h || !handle || (!attrs && count))
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_GENERATE_KEY, &r);
	if (!ret)
		*handle = r.handle;
	return ret;
}

__hsm_public int
hsm_generate_key_pair(struct hsm *h, uint64_t mech, const struct khsm_attr *pub,
		      uint32_t pub_count, const struct khsm_attr *priv,
		      uint32_t priv_count, uint32_t *pub_handle,
		      uint32_t *priv_handle)
{
	struct khsm_generate_key_pair r = {
		.size = sizeof(r),
		.mech = mech,
		.pub_attrs = __hsm_ptr(pub),
		.pub_count = pub_count,
		.priv_count = priv_count,
		.priv_attrs = __hsm_ptr(priv),
	};
	int ret;

	if (!h || !pub_handle || !priv_handle || (!pub && pub_count) ||
	    (!priv && priv_count))
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_GENERATE_KEY_PAIR, &r);
	if (!ret) {
		*pub_handle = r.pub_handle;
		*priv_handle = r.priv_handle;
	}
	return ret;
}

__hsm_public int hsm_derive_key(struct hsm *h, const struct hsm_mech *m,
				uint32_t base_key,
				const struct khsm_attr *attrs, uint32_t count,
				uint32_t *handle)
{
	struct khsm_derive_key r = { .size = sizeof(r) };
	int ret;

	if (!h || !handle || !mech_ok(m) || (!attrs && count))
		return -EINVAL;
	r.mech = m->mech;
	r.base_key = base_key;
	r.param = __hsm_ptr(m->param);
	r.param_len = (uint32_t)m->param_len;
	r.count = count;
	r.attrs = __hsm_ptr(attrs);
	ret = __hsm_ioctl(h, KHSM_IOC_DERIVE_KEY, &r);
	if (!ret)
		*handle = r.handle;
	return ret;
}

__hsm_public int hsm_wrap_key(struct hsm *h, const struct hsm_mech *m,
			      uint32_t wrapping_key, uint32_t key, void *out,
			      size_t *out_len)
{
	struct khsm_wrap_key r = { .size = sizeof(r) };
	int ret;

	if (!h || !mech_ok(m) || !out_len)
		return -EINVAL;
	r.mech = m->mech;
	r.wrapping_key = wrapping_key;
	r.key = key;
	r.param = __hsm_ptr(m->param);
	r.param_len = (uint32_t)m->param_len;
	r.out = __hsm_ptr(out);
	r.out_len = out ? *out_len : 0;
	ret = __hsm_ioctl(h, KHSM_IOC_WRAP_KEY, &r);
	if (!ret || ret == -ENOSPC)
		*out_len = r.out_len;
	return ret;
}

__hsm_public int hsm_unwrap_key(struct hsm *h, const struct hsm_mech *m,
				uint32_t unwrapping_key, const void *in,
				size_t in_len, const struct khsm_attr *attrs,
				uint32_t count, uint32_t *handle)
{
	struct khsm_unwrap_key r = { .size = sizeof(r) };
	int ret;

	if (!h || !handle || !mech_ok(m) || (!in && in_len) ||
	    (!attrs && count))
		return -EINVAL;
	r.mech = m->mech;
	r.unwrapping_key = unwrapping_key;
	r.param = __hsm_ptr(m->param);
	r.param_len = (uint32_t)m->param_len;
	r.count = count;
	r.in = __hsm_ptr(in);
	r.in_len = in_len;
	r.attrs = __hsm_ptr(attrs);
	ret = __hsm_ioctl(h, KHSM_IOC_UNWRAP_KEY, &r);
	if (!ret)
		*handle = r.handle;
	return ret;
}

__hsm_public int hsm_random(struct hsm *h, void *out, size_t len)
{
	struct khsm_random r = { .size = sizeof(r) };
	size_t n;
	int ret;

	if (!h || (!out && len))
		return -EINVAL;
	/* The kernel gives KHSM_MAX_DATA_LEN at a time. */
	while (len) {
		n = len > KHSM_MAX_DATA_LEN ? KHSM_MAX_DATA_LEN : len;
		r.out = __hsm_ptr(out);
		r.len = n;
		ret = __hsm_ioctl(h, KHSM_IOC_RANDOM, &r);
		if (ret)
			return ret;
		out = (uint8_t *)out + n;
		len -= n;
	}
	return 0;
}

__hsm_public int hsm_mech_list(struct hsm *h, struct khsm_mech_info *mechs,
			       uint32_t capacity)
{
	struct khsm_mech_list r = { .size = sizeof(r) };
	int ret;

	if (!h || (!mechs && capacity))
		return -EINVAL;
	r.mechs = __hsm_ptr(mechs);
	r.capacity = mechs ? capacity : 0;
	ret = __hsm_ioctl(h, KHSM_IOC_MECH_LIST, &r);
	if (ret && ret != -ENOSPC)
		return ret;
	return (int)r.count;
}
