// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user quotas on sessions, objects and io_uring requests in flight, as
 * the keyrings have them: one user filling the keystore must not starve the
 * others. Each user's
 * counts live in a small record keyed by uid; the limits are module
 * parameters an administrator may change at run time.
 */
#include <linux/atomic.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "quota.h"

static unsigned int max_sessions_per_user = 1024;
module_param(max_sessions_per_user, uint, 0644);
MODULE_PARM_DESC(max_sessions_per_user,
		 "bound sessions one user may hold (default 1024)");

static unsigned int max_objects_per_user = 20000;
module_param(max_objects_per_user, uint, 0644);
MODULE_PARM_DESC(max_objects_per_user,
		 "objects one user may own across tokens (default 20000)");

static unsigned int max_uring_inflight_per_user = 1024;
module_param(max_uring_inflight_per_user, uint, 0644);
MODULE_PARM_DESC(max_uring_inflight_per_user,
		 "io_uring crypt requests in flight per user (default 1024)");

/**
 * struct khsm_user - what one user holds
 * @count: per enum khsm_quota_kind
 */
struct khsm_user {
	atomic_t count[KHSM_QUOTA_KINDS];
};

/* Records are kept until unload: only root can create uids. */
static DEFINE_XARRAY(khsm_users);

static struct khsm_user *khsm_user_get(kuid_t uid)
{
	unsigned long id = __kuid_val(uid);
	struct khsm_user *u, *old;

	u = xa_load(&khsm_users, id);
	if (u)
		return u;
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return NULL;
	old = xa_cmpxchg(&khsm_users, id, NULL, u, GFP_KERNEL);
	if (!old)
		return u;
	kfree(u);
	return xa_is_err(old) ? NULL : old;
}

static unsigned int khsm_quota_limit(enum khsm_quota_kind kind)
{
	if (kind == KHSM_QUOTA_SESSIONS)
		return READ_ONCE(max_sessions_per_user);
	if (kind == KHSM_QUOTA_URING_INFLIGHT)
		return READ_ONCE(max_uring_inflight_per_user);
	return READ_ONCE(max_objects_per_user);
}

/**
 * khsm_quota_charge() - count one more session or object for a user
 * @uid: the user
 * @kind: what
 *
 * The increment and the check are one atomic step, so racing callers
 * cannot overshoot the limit together.
 *
 * Return: 0, -EDQUOT at the limit, -ENOMEM.
 */
int khsm_quota_charge(kuid_t uid, enum khsm_quota_kind kind)
{
	struct khsm_user *u = khsm_user_get(uid);

	if (!u)
		return -ENOMEM;
	if (!atomic_add_unless(&u->count[kind], 1, khsm_quota_limit(kind)))
		return -EDQUOT;
	return 0;
}

/**
 * khsm_quota_uncharge() - give back what khsm_quota_charge() counted
 * @uid: the user
 * @kind: what
 */
void khsm_quota_uncharge(kuid_t uid, enum khsm_quota_kind kind)
{
	struct khsm_user *u = xa_load(&khsm_users, __kuid_val(uid));

	if (!WARN_ON_ONCE(!u))
		atomic_dec(&u->count[kind]);
}

/**
 * khsm_quota_uninit() - free every user record, at unload
 */
void khsm_quota_uninit(void)
{
	struct khsm_user *u;
	unsigned long id;

	xa_for_each(&khsm_users, id, u)
		kfree(u);
	xa_destroy(&khsm_users);
}
