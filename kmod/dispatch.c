// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: every request, from ioctl or io_uring, enters here.
 *
 * Sizes come from the table row, never from the caller; the request is
 * copied into the kernel once, validated there, and handlers only ever see
 * that kernel copy.
 */
#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/nospec.h>
#include <linux/uaccess.h>

#include "crypt.h"
#include "dispatch.h"
#include "info.h"
#include "limits.h"
#include "mech_list.h"
#include "object.h"
#include "random.h"
#include "session.h"
#include "store.h"
#include "token.h"

/* Copy the handler's result back to the caller. */
#define KHSM_CMD_OUT BIT(0)
/* Only for CAP_SYS_ADMIN, in the caller and in the file's opener. */
#define KHSM_CMD_ADMIN BIT(1)
/* Needs the file bound to a token, used by the process that opened it. */
#define KHSM_CMD_SESSION BIT(2)
/* Copy the result back on failure too: it says what failed. */
#define KHSM_CMD_OUT_ON_ERROR BIT(3)

/**
 * struct khsm_cmd - one row of the command table
 * @cmd: the full ioctl number, also the uring_cmd cmd_op
 * @handler: runs the command on the kernel copy of the request
 * @async: the command's phases, for requests that may run off the
 *	caller's task (io_uring), or NULL
 * @size: sizeof the request struct this module knows
 * @min_size: the request's SIZE_VER0: smaller requests are refused
 * @flags: KHSM_CMD_*
 * @name: for messages
 */
struct khsm_cmd {
	unsigned int cmd;
	int (*handler)(struct file *file, void *req);
	const struct khsm_async_ops *async;
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

#define KHSM_CMD_ASYNC(ioc, fn, ops, type, ver0, fl)                     \
	{                                                                \
		.cmd = (ioc), .handler = (fn), .async = (ops),           \
		.size = sizeof(type), .min_size = (ver0), .flags = (fl), \
		.name = #ioc                                             \
	}

/* Row i is command number i: khsm_dispatch_init() checks the order. */
static const struct khsm_cmd khsm_cmds[] = {
	KHSM_CMD(KHSM_IOC_INFO, khsm_info, struct khsm_info,
		 KHSM_INFO_SIZE_VER0, KHSM_CMD_OUT),
	KHSM_CMD(KHSM_IOC_TOKEN_CREATE, khsm_token_create,
		 struct khsm_token_create, KHSM_TOKEN_CREATE_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_ADMIN),
	KHSM_CMD(KHSM_IOC_TOKEN_DESTROY, khsm_token_destroy,
		 struct khsm_token_ref, KHSM_TOKEN_REF_SIZE_VER0,
		 KHSM_CMD_ADMIN),
	KHSM_CMD(KHSM_IOC_TOKEN_LIST, khsm_token_list, struct khsm_token_list,
		 KHSM_TOKEN_LIST_SIZE_VER0, KHSM_CMD_OUT),
	KHSM_CMD(KHSM_IOC_TOKEN_INFO, khsm_token_info, struct khsm_token_info,
		 KHSM_TOKEN_INFO_SIZE_VER0, KHSM_CMD_OUT),
	KHSM_CMD(KHSM_IOC_TOKEN_INIT, khsm_token_init, struct khsm_token_init,
		 KHSM_TOKEN_INIT_SIZE_VER0, 0),
	KHSM_CMD(KHSM_IOC_SESSION_OPEN, khsm_session_open,
		 struct khsm_session_open, KHSM_SESSION_OPEN_SIZE_VER0, 0),
	KHSM_CMD(KHSM_IOC_SESSION_INFO, khsm_session_info,
		 struct khsm_session_info, KHSM_SESSION_INFO_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_LOGIN, khsm_session_login, struct khsm_login,
		 KHSM_LOGIN_SIZE_VER0, KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_LOGOUT, khsm_session_logout, struct khsm_logout,
		 KHSM_LOGOUT_SIZE_VER0, KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_INIT_PIN, khsm_session_init_pin, struct khsm_login,
		 KHSM_LOGIN_SIZE_VER0, KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_SET_PIN, khsm_session_set_pin, struct khsm_set_pin,
		 KHSM_SET_PIN_SIZE_VER0, KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_OBJECT_CREATE, khsm_object_create,
		 struct khsm_object_create, KHSM_OBJECT_CREATE_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_OBJECT_COPY, khsm_object_copy,
		 struct khsm_object_copy, KHSM_OBJECT_COPY_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_OBJECT_DESTROY, khsm_object_destroy,
		 struct khsm_object_ref, KHSM_OBJECT_REF_SIZE_VER0,
		 KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_ATTR_GET, khsm_attr_get, struct khsm_attr_get,
		 KHSM_ATTR_GET_SIZE_VER0, KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_ATTR_SET, khsm_attr_set, struct khsm_attr_set,
		 KHSM_ATTR_SET_SIZE_VER0, KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_FIND, khsm_object_find, struct khsm_find,
		 KHSM_FIND_SIZE_VER0, KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_GENERATE_KEY, khsm_generate_key,
		 struct khsm_generate_key, KHSM_GENERATE_KEY_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD_ASYNC(KHSM_IOC_CRYPT, khsm_crypt, &khsm_crypt_async,
		       struct khsm_crypt, KHSM_CRYPT_SIZE_VER0,
		       KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_GENERATE_KEY_PAIR, khsm_generate_key_pair,
		 struct khsm_generate_key_pair,
		 KHSM_GENERATE_KEY_PAIR_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_DERIVE_KEY, khsm_derive_key, struct khsm_derive_key,
		 KHSM_DERIVE_KEY_SIZE_VER0, KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_WRAP_KEY, khsm_wrap_key, struct khsm_wrap_key,
		 KHSM_WRAP_KEY_SIZE_VER0, KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_UNWRAP_KEY, khsm_unwrap_key, struct khsm_unwrap_key,
		 KHSM_UNWRAP_KEY_SIZE_VER0, KHSM_CMD_OUT | KHSM_CMD_SESSION),
	KHSM_CMD(KHSM_IOC_RANDOM, khsm_random, struct khsm_random,
		 KHSM_RANDOM_SIZE_VER0, 0),
	KHSM_CMD(KHSM_IOC_MECH_LIST, khsm_mech_list, struct khsm_mech_list,
		 KHSM_MECH_LIST_SIZE_VER0, KHSM_CMD_OUT),
	KHSM_CMD(KHSM_IOC_STORE_INFO, khsm_store_info, struct khsm_store_info,
		 KHSM_STORE_INFO_SIZE_VER0, KHSM_CMD_OUT),
	KHSM_CMD(KHSM_IOC_STORE_PULL, khsm_store_pull, struct khsm_store_pull,
		 KHSM_STORE_PULL_SIZE_VER0, KHSM_CMD_OUT),
	KHSM_CMD(KHSM_IOC_STORE_ACK, khsm_store_ack, struct khsm_store_ack,
		 KHSM_STORE_ACK_SIZE_VER0, 0),
	KHSM_CMD(KHSM_IOC_STORE_LOAD, khsm_store_load, struct khsm_store_load,
		 KHSM_STORE_LOAD_SIZE_VER0,
		 KHSM_CMD_OUT | KHSM_CMD_OUT_ON_ERROR | KHSM_CMD_ADMIN),
};

/* Every request struct fits the dispatcher's stack buffer. */
union khsm_request {
	struct khsm_info info;
	struct khsm_token_create token_create;
	struct khsm_token_ref token_ref;
	struct khsm_token_list token_list;
	struct khsm_token_info token_info;
	struct khsm_token_init token_init;
	struct khsm_session_open session_open;
	struct khsm_session_info session_info;
	struct khsm_login login;
	struct khsm_logout logout;
	struct khsm_set_pin set_pin;
	struct khsm_object_create object_create;
	struct khsm_object_copy object_copy;
	struct khsm_object_ref object_ref;
	struct khsm_attr_get attr_get;
	struct khsm_attr_set attr_set;
	struct khsm_find find;
	struct khsm_generate_key generate_key;
	struct khsm_crypt crypt;
	struct khsm_generate_key_pair generate_key_pair;
	struct khsm_derive_key derive_key;
	struct khsm_wrap_key wrap_key;
	struct khsm_unwrap_key unwrap_key;
	struct khsm_random random;
	struct khsm_mech_list mech_list;
	struct khsm_store_info store_info;
	struct khsm_store_pull store_pull;
	struct khsm_store_ack store_ack;
	struct khsm_store_load store_load;
};

/* The published VER0 sizes are the structs' ends, forever. */
#define KHSM_CHECK_ABI(type, field, ver0)                         \
	do {                                                      \
		BUILD_BUG_ON(offsetofend(type, field) != (ver0)); \
		BUILD_BUG_ON(sizeof(type) % 8);                   \
	} while (0)

static void khsm_dispatch_build_checks(void)
{
	BUILD_BUG_ON(sizeof(union khsm_request) > KHSM_MAX_REQUEST_SIZE);
	BUILD_BUG_ON(sizeof_field(struct khsm_call, req) !=
		     KHSM_MAX_REQUEST_SIZE);
	KHSM_CHECK_ABI(struct khsm_info, reserved, KHSM_INFO_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_token_create, reserved,
		       KHSM_TOKEN_CREATE_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_token_ref, reserved,
		       KHSM_TOKEN_REF_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_token_list, reserved,
		       KHSM_TOKEN_LIST_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_token_info, reserved,
		       KHSM_TOKEN_INFO_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_token_init, reserved,
		       KHSM_TOKEN_INIT_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_session_open, reserved,
		       KHSM_SESSION_OPEN_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_session_info, reserved,
		       KHSM_SESSION_INFO_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_login, reserved, KHSM_LOGIN_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_logout, reserved, KHSM_LOGOUT_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_set_pin, reserved, KHSM_SET_PIN_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_object_create, reserved,
		       KHSM_OBJECT_CREATE_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_object_copy, reserved,
		       KHSM_OBJECT_COPY_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_object_ref, reserved,
		       KHSM_OBJECT_REF_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_attr_get, reserved, KHSM_ATTR_GET_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_attr_set, reserved, KHSM_ATTR_SET_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_find, reserved, KHSM_FIND_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_generate_key, reserved,
		       KHSM_GENERATE_KEY_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_crypt, reserved, KHSM_CRYPT_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_generate_key_pair, reserved,
		       KHSM_GENERATE_KEY_PAIR_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_derive_key, reserved,
		       KHSM_DERIVE_KEY_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_wrap_key, reserved, KHSM_WRAP_KEY_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_unwrap_key, reserved,
		       KHSM_UNWRAP_KEY_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_random, reserved, KHSM_RANDOM_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_mech_list, reserved,
		       KHSM_MECH_LIST_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_store_info, reserved,
		       KHSM_STORE_INFO_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_store_pull, reserved,
		       KHSM_STORE_PULL_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_store_ack, reserved,
		       KHSM_STORE_ACK_SIZE_VER0);
	KHSM_CHECK_ABI(struct khsm_store_load, reserved,
		       KHSM_STORE_LOAD_SIZE_VER0);
	BUILD_BUG_ON(sizeof(struct khsm_record_header) != 80);
	BUILD_BUG_ON(sizeof(struct khsm_store_record) != 16);
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

/* Who may send the command, checked before the request is even read. */
static int khsm_cmd_allowed(struct file *file, const struct khsm_cmd *c)
{
	struct khsm_session *s;

	if ((c->flags & KHSM_CMD_ADMIN) &&
	    (!capable(CAP_SYS_ADMIN) ||
	     !file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN)))
		return -EPERM;
	if (c->flags & KHSM_CMD_SESSION)
		return khsm_session_check(file, &s);
	return 0;
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
 * khsm_call_begin() - look a request up and copy it in
 * @file: the /dev/khsm file the request came on
 * @cmd: the command number
 * @ureq: the request struct in user memory
 * @call: receives the command and the kernel copy of the request
 *
 * The first half of every request, from ioctl or io_uring: the command's
 * row, the caller's right to send it, and one copy of the request.
 *
 * Context: process context of the caller (or of an io_uring thread of its
 * process); may sleep.
 * Return: 0, then khsm_call_end() must follow; or -ENOTTY for an unknown
 * command, -EPERM, a session error, -EFAULT, -EINVAL or -E2BIG, with
 * nothing left to undo.
 */
int khsm_call_begin(struct file *file, unsigned int cmd, void __user *ureq,
		    struct khsm_call *call)
{
	const struct khsm_cmd *c;
	int ret;

	khsm_dispatch_build_checks();
	c = khsm_cmd_lookup(cmd);
	if (!c)
		return -ENOTTY;
	ret = khsm_cmd_allowed(file, c);
	if (ret)
		return ret;

	memset(call->req, 0, sizeof(call->req));
	call->cmd = c;
	call->ureq = ureq;
	ret = khsm_copy_request(c, call->req, ureq, &call->usize);
	if (ret)
		memzero_explicit(call->req, sizeof(call->req));
	return ret;
}

/**
 * khsm_call_async() - the phases of a request that may run off its task
 * @call: the request, after khsm_call_begin()
 *
 * Return: the command's phases if this request (not only its command) can
 * run on a worker, else NULL.
 */
const struct khsm_async_ops *khsm_call_async(const struct khsm_call *call)
{
	const struct khsm_async_ops *ops = call->cmd->async;

	return ops && ops->wants(call->req) ? ops : NULL;
}

/**
 * khsm_call_run() - run a request's handler in the caller's task
 * @file: the /dev/khsm file
 * @call: the request, after khsm_call_begin()
 *
 * Return: the handler's result.
 */
int khsm_call_run(struct file *file, struct khsm_call *call)
{
	return call->cmd->handler(file, call->req);
}

/**
 * khsm_call_end() - copy the request's outputs back and wipe the copy
 * @call: the request, after khsm_call_begin()
 * @ret: what the handler returned
 *
 * Context: the task that sent the request (user memory is written).
 * Return: @ret; -EFAULT if the outputs could not be written; -ENOSPC for
 * KHSM_RET_SHORT_BUFFER.
 */
int khsm_call_end(struct khsm_call *call, int ret)
{
	const struct khsm_cmd *c = call->cmd;

	if (ret < 0) {
		/* Some commands say what they refused even when they fail. */
		if ((c->flags & KHSM_CMD_OUT_ON_ERROR) &&
		    copy_to_user(call->ureq, call->req,
				 min_t(u32, call->usize, c->size)))
			ret = -EFAULT;
		goto out;
	}
	if ((c->flags & KHSM_CMD_OUT) &&
	    copy_to_user(call->ureq, call->req,
			 min_t(u32, call->usize, c->size)))
		ret = -EFAULT;
	else if (ret == KHSM_RET_SHORT_BUFFER)
		ret = -ENOSPC;
out:
	memzero_explicit(call->req, sizeof(call->req));
	return ret;
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
	struct khsm_call call;
	int ret;

	ret = khsm_call_begin(file, cmd, ureq, &call);
	if (ret)
		return ret;
	return khsm_call_end(&call, khsm_call_run(file, &call));
}
