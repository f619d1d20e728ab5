/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by the khsm selftests: raw ioctls with -errno
 * results, a token made for a test, sessions on it.
 */
#ifndef _KHSM_SELFTEST_UTIL_H
#define _KHSM_SELFTEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/khsm.h>

#define TEST_SO_PIN "so-pin-1234"
#define TEST_USER_PIN "user-pin-5678"
#define TEST_LABEL "khsm selftest"
/* Low, so PIN tests stay quick in an emulated guest. */
#define TEST_ITERATIONS KHSM_PBKDF2_MIN_ITER
#define TEST_MAX_FAILURES 3

static inline int khsm_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static inline int khsm_open(void)
{
	return open("/dev/khsm", O_RDWR | O_CLOEXEC);
}

static inline int khsm_token_create(int fd, unsigned int uid, unsigned int gid,
				    unsigned int mode, unsigned int *token)
{
	struct khsm_token_create r = {
		.size = sizeof(r), .uid = uid, .gid = gid, .mode = mode
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_TOKEN_CREATE, &r);

	*token = r.token;
	return ret;
}

static inline int khsm_token_destroy(int fd, unsigned int token)
{
	struct khsm_token_ref r = { .size = sizeof(r), .token = token };

	return khsm_ioctl(fd, KHSM_IOC_TOKEN_DESTROY, &r);
}

static inline int khsm_token_init(int fd, unsigned int token, const char *pin)
{
	struct khsm_token_init r = {
		.size = sizeof(r),
		.token = token,
		.pin_len = strlen(pin),
		.pin = (__u64)(unsigned long)pin,
		.max_pin_failures = TEST_MAX_FAILURES,
		.pbkdf2_iterations = TEST_ITERATIONS,
	};

	memset(r.label, ' ', sizeof(r.label));
	memcpy(r.label, TEST_LABEL, strlen(TEST_LABEL));
	return khsm_ioctl(fd, KHSM_IOC_TOKEN_INIT, &r);
}

static inline int khsm_token_info(int fd, unsigned int token,
				  struct khsm_token_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->token = token;
	return khsm_ioctl(fd, KHSM_IOC_TOKEN_INFO, info);
}

/* Bind @fd to @token; 0 or -errno. */
static inline int khsm_session_bind(int fd, unsigned int token,
				    unsigned int flags)
{
	struct khsm_session_open r = { .size = sizeof(r),
				       .flags = flags,
				       .token = token };

	return khsm_ioctl(fd, KHSM_IOC_SESSION_OPEN, &r);
}

/* A new file bound to @token, or -errno. */
static inline int khsm_session(unsigned int token, unsigned int flags)
{
	int fd = khsm_open(), ret;

	if (fd < 0)
		return -errno;
	ret = khsm_session_bind(fd, token, flags);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

static inline int khsm_login(int fd, unsigned int user, const char *pin)
{
	struct khsm_login r = {
		.size = sizeof(r),
		.user_type = user,
		.pin_len = strlen(pin),
		.pin = (__u64)(unsigned long)pin,
	};

	return khsm_ioctl(fd, KHSM_IOC_LOGIN, &r);
}

static inline int khsm_logout(int fd)
{
	struct khsm_logout r = { .size = sizeof(r) };

	return khsm_ioctl(fd, KHSM_IOC_LOGOUT, &r);
}

static inline int khsm_init_pin(int fd, const char *pin)
{
	struct khsm_login r = {
		.size = sizeof(r),
		.user_type = KHSM_USER_USER,
		.pin_len = strlen(pin),
		.pin = (__u64)(unsigned long)pin,
	};

	return khsm_ioctl(fd, KHSM_IOC_INIT_PIN, &r);
}

static inline int khsm_set_pin(int fd, const char *old_pin, const char *new_pin)
{
	struct khsm_set_pin r = {
		.size = sizeof(r),
		.old_len = strlen(old_pin),
		.new_len = strlen(new_pin),
		.old_pin = (__u64)(unsigned long)old_pin,
		.new_pin = (__u64)(unsigned long)new_pin,
	};

	return khsm_ioctl(fd, KHSM_IOC_SET_PIN, &r);
}

/* The PKCS#11 state of a session, or -errno. */
static inline int khsm_session_state(int fd)
{
	struct khsm_session_info r = { .size = sizeof(r) };
	int ret = khsm_ioctl(fd, KHSM_IOC_SESSION_INFO, &r);

	return ret ? ret : (int)r.state;
}

/*
 * A token ready for tests: initialised with TEST_SO_PIN and given
 * TEST_USER_PIN by its SO. Returns 0 or -errno.
 */
static inline int khsm_test_token(int fd, unsigned int *token)
{
	int ret, s;

	ret = khsm_token_create(fd, 0, 0, 0600, token);
	if (ret)
		return ret;
	ret = khsm_token_init(fd, *token, TEST_SO_PIN);
	if (ret)
		return ret;
	s = khsm_session(*token, KHSM_SESSION_RW);
	if (s < 0)
		return s;
	ret = khsm_login(s, KHSM_USER_SO, TEST_SO_PIN);
	if (!ret)
		ret = khsm_init_pin(s, TEST_USER_PIN);
	close(s);
	return ret;
}

/* Template building: attributes that point at their own storage. */
struct tmpl {
	struct khsm_attr a[KHSM_MAX_ATTRS];
	__u64 ulongs[KHSM_MAX_ATTRS];
	__u8 bools[KHSM_MAX_ATTRS];
	unsigned int n;
};

static inline void tmpl_bytes(struct tmpl *t, __u64 type, const void *v,
			      size_t len)
{
	t->a[t->n].type = type;
	t->a[t->n].value = (__u64)(unsigned long)v;
	t->a[t->n].len = len;
	t->n++;
}

static inline void tmpl_ulong(struct tmpl *t, __u64 type, __u64 v)
{
	t->ulongs[t->n] = v;
	tmpl_bytes(t, type, &t->ulongs[t->n], sizeof(__u64));
}

static inline void tmpl_bool(struct tmpl *t, __u64 type, int v)
{
	t->bools[t->n] = !!v;
	tmpl_bytes(t, type, &t->bools[t->n], 1);
}

static inline void tmpl_str(struct tmpl *t, __u64 type, const char *s)
{
	tmpl_bytes(t, type, s, strlen(s));
}

/* C_CreateObject: 0 and *handle, or -errno. */
static inline int khsm_create(int fd, struct tmpl *t, __u32 *handle)
{
	struct khsm_object_create r = {
		.size = sizeof(r),
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_OBJECT_CREATE, &r);

	*handle = r.handle;
	return ret;
}

static inline int khsm_generate(int fd, __u64 mech, struct tmpl *t,
				__u32 *handle)
{
	struct khsm_generate_key r = {
		.size = sizeof(r),
		.mech = mech,
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_GENERATE_KEY, &r);

	*handle = r.handle;
	return ret;
}

static inline int khsm_destroy(int fd, __u32 handle)
{
	struct khsm_object_ref r = { .size = sizeof(r), .handle = handle };

	return khsm_ioctl(fd, KHSM_IOC_OBJECT_DESTROY, &r);
}

static inline int khsm_copy(int fd, __u32 handle, struct tmpl *t,
			    __u32 *new_handle)
{
	struct khsm_object_copy r = {
		.size = sizeof(r),
		.handle = handle,
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_OBJECT_COPY, &r);

	*new_handle = r.new_handle;
	return ret;
}

static inline int khsm_set_attrs(int fd, __u32 handle, struct tmpl *t)
{
	struct khsm_attr_set r = {
		.size = sizeof(r),
		.handle = handle,
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
	};

	return khsm_ioctl(fd, KHSM_IOC_ATTR_SET, &r);
}

/* C_GetAttributeValue on @t (lengths are buffer sizes); *result gets bits. */
static inline int khsm_get_attrs(int fd, __u32 handle, struct tmpl *t,
				 __u32 *result)
{
	struct khsm_attr_get r = {
		.size = sizeof(r),
		.handle = handle,
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_ATTR_GET, &r);

	*result = r.result;
	return ret;
}

/* C_FindObjects into @handles: the match count, or -errno. */
static inline int khsm_find(int fd, struct tmpl *t, __u32 *handles,
			    __u32 capacity)
{
	struct khsm_find r = {
		.size = sizeof(r),
		.attrs = (__u64)(unsigned long)t->a,
		.count = t->n,
		.handles = (__u64)(unsigned long)handles,
		.capacity = capacity,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_FIND, &r);

	return ret ? ret : (int)r.found;
}

/* One boolean attribute of an object: 0/1, or -errno. */
static inline int khsm_get_bool(int fd, __u32 handle, __u64 type)
{
	struct tmpl t = { .n = 0 };
	__u8 v = 0xff;
	__u32 result;
	int ret;

	tmpl_bytes(&t, type, &v, 1);
	ret = khsm_get_attrs(fd, handle, &t, &result);
	if (ret)
		return ret;
	return result ? -EINVAL : v;
}

/* One KHSM_IOC_CRYPT request; out_len: in: capacity; out: written or needed. */
struct op_args {
	__u32 op;
	__u64 mech;
	const void *param;
	size_t param_len;
	const void *in;
	size_t in_len;
	const void *aad;
	size_t aad_len;
	const void *sig;
	size_t sig_len;
	void *out;
	__u64 out_len;
};

static inline int do_op(int fd, __u32 key, struct op_args *a)
{
	struct khsm_crypt r = {
		.size = sizeof(r),
		.op = a->op,
		.key = key,
		.mech = a->mech,
		.param = (__u64)(unsigned long)a->param,
		.param_len = a->param_len,
		.in = (__u64)(unsigned long)a->in,
		.in_len = a->in_len,
		.aad = (__u64)(unsigned long)a->aad,
		.aad_len = a->aad_len,
		.sig = (__u64)(unsigned long)a->sig,
		.sig_len = a->sig_len,
		.out = (__u64)(unsigned long)a->out,
		.out_len = a->out_len,
	};
	int ret = khsm_ioctl(fd, KHSM_IOC_CRYPT, &r);

	a->out_len = r.out_len;
	return ret;
}

#endif /* _KHSM_SELFTEST_UTIL_H */
