// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions: one open /dev/khsm file, bound once to a token, serving only
 * the process that opened it.
 */
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "object.h"
#include "pin.h"
#include "quota.h"
#include "session.h"
#include "stream.h"
#include "token.h"

/* Session ids are never reused, so a stale id matches no object. */
static atomic64_t khsm_session_ids = ATOMIC64_INIT(0);

/**
 * khsm_session_alloc() - the session context of a newly opened file
 *
 * Context: open(2) of /dev/khsm; the opener's process owns the session.
 * Return: the session, or NULL.
 */
struct khsm_session *khsm_session_alloc(void)
{
	struct khsm_session *s;

	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	mutex_init(&s->bind_lock);
	mutex_init(&s->stream_lock);
	s->tgid = get_pid(task_tgid(current));
	s->uid = current_euid();
	return s;
}

/**
 * khsm_session_free() - close a session: its process's login on the token
 *	ends with its last session
 * @s: the session
 *
 * Context: release of the file; no request on it is running.
 */
void khsm_session_free(struct khsm_session *s)
{
	khsm_streams_free(s);
	mutex_destroy(&s->stream_lock);
	if (s->token) {
		khsm_objects_destroy_session(s->token, s->id);
		khsm_token_detach(s->token, s->login,
				  s->flags & KHSM_SESSION_RW);
		khsm_token_put(s->token);
		khsm_quota_uncharge(s->uid, KHSM_QUOTA_SESSIONS);
	}
	put_pid(s->tgid);
	mutex_destroy(&s->bind_lock);
	kfree(s);
}

/**
 * khsm_session_check() - may this request use the file's session
 * @file: the /dev/khsm file
 * @out: receives the session
 *
 * Return: 0; -EBADFD if the file is not bound to a token; -ESRCH if the
 * caller is not the process that opened the file; -EACCES if the opener
 * may no longer use the token.
 */
int khsm_session_check(struct file *file, struct khsm_session **out)
{
	struct khsm_session *s = file->private_data;
	struct khsm_token *t;

	/* Pairs with smp_store_release() in khsm_session_open(). */
	t = smp_load_acquire(&s->token);
	if (!t)
		return -EBADFD;
	if (s->tgid != task_tgid(current))
		return -ESRCH;
	if (!khsm_token_may_use(t, file->f_cred))
		return -EACCES;
	*out = s;
	return 0;
}

/**
 * khsm_session_open() - KHSM_IOC_SESSION_OPEN
 * @file: the file to bind
 * @req: struct khsm_session_open
 *
 * Return: 0; -EEXIST if bound already; -ESRCH from another process; the
 * errors of khsm_token_get() and khsm_token_attach().
 */
int khsm_session_open(struct file *file, void *req)
{
	struct khsm_session_open *r = req;
	struct khsm_session *s = file->private_data;
	struct khsm_login_state *login;
	struct khsm_token *t;
	int ret;

	if ((r->flags & ~KHSM_SESSION_FLAGS_MASK) || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (s->tgid != task_tgid(current))
		return -ESRCH;
	ret = mutex_lock_killable(&s->bind_lock);
	if (ret)
		return ret;
	if (s->token) {
		ret = -EEXIST;
		goto out_unlock;
	}
	t = khsm_token_get(r->token, file->f_cred, &ret);
	if (!t)
		goto out_unlock;
	ret = khsm_quota_charge(s->uid, KHSM_QUOTA_SESSIONS);
	if (!ret)
		ret = khsm_token_attach(t, s->tgid, r->flags & KHSM_SESSION_RW,
					&login);
	if (ret) {
		if (ret != -EDQUOT)
			khsm_quota_uncharge(s->uid, KHSM_QUOTA_SESSIONS);
		khsm_token_put(t);
		goto out_unlock;
	}
	s->login = login;
	s->flags = r->flags;
	s->id = atomic64_inc_return(&khsm_session_ids);
	/* Publish last: khsm_session_check() sees a fully bound session. */
	smp_store_release(&s->token, t);
out_unlock:
	mutex_unlock(&s->bind_lock);
	return ret;
}

/**
 * khsm_session_info() - KHSM_IOC_SESSION_INFO
 * @file: the session's file
 * @req: struct khsm_session_info
 *
 * Return: 0 or -EINVAL.
 */
int khsm_session_info(struct file *file, void *req)
{
	struct khsm_session_info *r = req;
	struct khsm_session *s = file->private_data;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	r->token = s->token->id;
	r->state = khsm_token_session_state(s->token, s->login,
					    s->flags & KHSM_SESSION_RW);
	r->session_flags = s->flags;
	r->pad = 0;
	return 0;
}

static int khsm_login_req_valid(const struct khsm_login *r)
{
	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->user_type != KHSM_USER_SO && r->user_type != KHSM_USER_USER &&
	    r->user_type != KHSM_USER_CONTEXT)
		return -EINVAL;
	return 0;
}

/**
 * khsm_session_grant_take() - use up the session's context-specific login
 *	for an operation with a CKA_ALWAYS_AUTHENTICATE key
 * @s: the session
 * @grant: receives what to give back with khsm_session_grant_return() if
 *	the operation produces nothing
 *
 * Return: 0, or -EKEYEXPIRED when there is no valid one.
 */
int khsm_session_grant_take(struct khsm_session *s, u64 *grant)
{
	*grant = khsm_token_grant_take(s->token, s->login, &s->grant);
	return *grant ? 0 : -EKEYEXPIRED;
}

/**
 * khsm_session_grant_return() - give back an unused grant
 * @s: the session
 * @grant: from khsm_session_grant_take(), or 0
 */
void khsm_session_grant_return(struct khsm_session *s, u64 grant)
{
	if (grant)
		khsm_token_grant_return(s->token, s->login, &s->grant, grant);
}

/* KHSM_USER_CONTEXT: arm this session for one use of such a key. */
static int khsm_session_context_login(struct khsm_session *s, const u8 *pin,
				      u32 pin_len)
{
	u64 grant = 0;
	int ret;

	ret = khsm_token_context_login(s->token, s->login, pin, pin_len,
				       &grant);
	if (!ret)
		khsm_token_grant_return(s->token, s->login, &s->grant, grant);
	return ret;
}

/**
 * khsm_session_login() - KHSM_IOC_LOGIN
 * @file: the session's file
 * @req: struct khsm_login
 *
 * Return: 0, -EINVAL, -ERANGE, or the errors of khsm_token_login() and
 * khsm_token_context_login().
 */
int khsm_session_login(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_login *r = req;
	u8 *pin;
	int ret;

	ret = khsm_login_req_valid(r);
	if (ret)
		return ret;
	ret = khsm_pin_copy_from_user(r->pin, r->pin_len, &pin);
	if (ret)
		return ret;
	if (r->user_type == KHSM_USER_CONTEXT)
		ret = khsm_session_context_login(s, pin, r->pin_len);
	else
		ret = khsm_token_login(s->token, s->login, r->user_type, pin,
				       r->pin_len);
	kfree_sensitive(pin);
	return ret;
}

/**
 * khsm_session_logout() - KHSM_IOC_LOGOUT
 * @file: the session's file
 * @req: struct khsm_logout
 *
 * Return: 0, -EINVAL, or -EPERM when not logged in.
 */
int khsm_session_logout(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_logout *r = req;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	return khsm_token_logout(s->token, s->login);
}

/**
 * khsm_session_init_pin() - KHSM_IOC_INIT_PIN
 * @file: the session's file, read/write and logged in as SO
 * @req: struct khsm_login with user_type KHSM_USER_USER
 *
 * Return: 0, -EINVAL, -ERANGE, -EROFS, -EPERM, -errno.
 */
int khsm_session_init_pin(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_login *r = req;
	u8 *pin;
	int ret;

	ret = khsm_login_req_valid(r);
	if (ret)
		return ret;
	if (r->user_type != KHSM_USER_USER)
		return -EINVAL;
	if (!(s->flags & KHSM_SESSION_RW))
		return -EROFS;
	ret = khsm_pin_copy_from_user(r->pin, r->pin_len, &pin);
	if (ret)
		return ret;
	ret = khsm_token_init_pin(s->token, s->login, pin, r->pin_len);
	kfree_sensitive(pin);
	return ret;
}

/**
 * khsm_session_set_pin() - KHSM_IOC_SET_PIN
 * @file: the session's file, read/write
 * @req: struct khsm_set_pin
 *
 * Return: 0, -EINVAL, -ERANGE, -EROFS, or the PIN errors.
 */
int khsm_session_set_pin(struct file *file, void *req)
{
	struct khsm_session *s = file->private_data;
	struct khsm_set_pin *r = req;
	u8 *old_pin, *new_pin;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (!(s->flags & KHSM_SESSION_RW))
		return -EROFS;
	ret = khsm_pin_copy_from_user(r->old_pin, r->old_len, &old_pin);
	if (ret)
		return ret;
	ret = khsm_pin_copy_from_user(r->new_pin, r->new_len, &new_pin);
	if (ret)
		goto out_free_old;
	ret = khsm_token_set_pin(s->token, s->login, old_pin, r->old_len,
				 new_pin, r->new_len);
	kfree_sensitive(new_pin);
out_free_old:
	kfree_sensitive(old_pin);
	return ret;
}
