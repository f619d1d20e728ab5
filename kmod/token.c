// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens: the table of tokens, their PINs and the login state of the
 * processes that have sessions on them.
 *
 * PIN derivations are slow on purpose, so they run without any lock; the
 * result is then checked and the failure counter updated under the token's
 * lock, against the verifier generation that was derived from. A PIN can
 * therefore never be tried more than max_pin_failures times in a row, even
 * by many racing callers.
 */
#include <crypto/algapi.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "crypto/shim.h"
#include "dispatch.h"
#include "object.h"
#include "store.h"
#include "token.h"

static DEFINE_XARRAY_ALLOC(khsm_tokens);

/* Login epochs are never reused, so a stale grant matches no login. */
static atomic64_t khsm_login_epochs = ATOMIC64_INIT(0);

static bool khsm_cred_in_group(const struct cred *cred, kgid_t gid)
{
	const struct group_info *gi = cred->group_info;
	int i;

	if (gid_eq(cred->fsgid, gid))
		return true;
	for (i = 0; gi && i < gi->ngroups; i++)
		if (gid_eq(gi->gid[i], gid))
			return true;
	return false;
}

static bool khsm_cred_is_admin(const struct cred *cred)
{
	return cap_raised(cred->cap_effective, CAP_SYS_ADMIN);
}

/**
 * khsm_token_may_use() - may a caller with @cred see and use @t
 * @t: the token
 * @cred: the file credentials of the caller
 *
 * A class (owner, group, others) may use the token when the token's mode
 * gives it both read and write; CAP_SYS_ADMIN may use every token.
 *
 * Return: true if allowed.
 */
bool khsm_token_may_use(const struct khsm_token *t, const struct cred *cred)
{
	umode_t bits;

	if (khsm_cred_is_admin(cred))
		return true;
	if (uid_eq(cred->fsuid, t->uid))
		bits = (t->mode >> 6) & 7;
	else if (khsm_cred_in_group(cred, t->gid))
		bits = (t->mode >> 3) & 7;
	else
		bits = t->mode & 7;
	return (bits & 6) == 6;
}

static void khsm_token_release(struct kref *ref)
{
	struct khsm_token *t = container_of(ref, struct khsm_token, ref);

	WARN_ON_ONCE(!list_empty(&t->logins));
	khsm_objects_destroy_all(t);
	xa_destroy(&t->objects);
	khsm_store_free(t->store);
	mutex_destroy(&t->lock);
	/* PIN verifiers are secrets too: an offline guess needs them. */
	kfree_sensitive(t);
}

/**
 * khsm_token_put() - drop a reference from khsm_token_get()
 * @t: the token, or NULL
 */
void khsm_token_put(struct khsm_token *t)
{
	if (t)
		kref_put(&t->ref, khsm_token_release);
}

/**
 * khsm_token_get() - look a token up and check the caller may use it
 * @id: token id
 * @cred: the caller's file credentials
 * @err: receives -ENXIO (no such token) or -EACCES (not allowed)
 *
 * Return: a reference to the token, or NULL.
 */
struct khsm_token *khsm_token_get(u32 id, const struct cred *cred, int *err)
{
	struct khsm_token *t;

	xa_lock(&khsm_tokens);
	t = xa_load(&khsm_tokens, id);
	if (t)
		kref_get(&t->ref);
	xa_unlock(&khsm_tokens);
	if (!t) {
		*err = -ENXIO;
		return NULL;
	}
	if (!khsm_token_may_use(t, cred)) {
		khsm_token_put(t);
		*err = -EACCES;
		return NULL;
	}
	return t;
}

/**
 * khsm_tokens_uninit() - free every token
 *
 * Context: module exit; no file is open, so no session holds a token.
 */
void khsm_tokens_uninit(void)
{
	struct khsm_token *t;
	unsigned long id;

	xa_for_each(&khsm_tokens, id, t) {
		xa_erase(&khsm_tokens, id);
		khsm_token_put(t);
	}
	xa_destroy(&khsm_tokens);
}

static bool khsm_pin_locked(const struct khsm_token *t,
			    const struct khsm_pin_state *ps)
{
	lockdep_assert_held(&t->lock);
	return ps->failures >= t->max_pin_failures;
}

/*
 * Check @pin against @ps, counting a failure. Called and returns without
 * t->lock held; success only says the PIN was right when checked.
 */
static int khsm_check_pin(struct khsm_token *t, struct khsm_pin_state *ps,
			  const u8 *pin, u32 pin_len)
{
	struct khsm_pin_verifier v;
	u8 dk[KHSM_PIN_DK_LEN];
	u64 generation;
	int ret;

	might_sleep();
again:
	mutex_lock(&t->lock);
	if (!ps->set)
		ret = -ENOKEY;
	else if (khsm_pin_locked(t, ps))
		ret = -EKEYREVOKED;
	else
		ret = 0;
	v = ps->v;
	generation = ps->generation;
	mutex_unlock(&t->lock);
	if (ret)
		goto out;

	ret = khsm_pin_derive(pin, pin_len, v.salt, sizeof(v.salt),
			      v.iterations, dk);
	if (ret)
		goto out;

	mutex_lock(&t->lock);
	if (generation != ps->generation) {
		/* The PIN was changed while we derived: check the new one. */
		mutex_unlock(&t->lock);
		goto again;
	}
	if (khsm_pin_locked(t, ps)) {
		ret = -EKEYREVOKED;
	} else if (crypto_memneq(dk, v.dk, sizeof(dk))) {
		ps->failures++;
		khsm_store_touch(t);
		ret = -EKEYREJECTED;
	} else if (ps->failures) {
		ps->failures = 0;
		khsm_store_touch(t);
	}
	mutex_unlock(&t->lock);
out:
	memzero_explicit(dk, sizeof(dk));
	memzero_explicit(&v, sizeof(v));
	return ret;
}

static void khsm_pin_set(struct khsm_token *t, struct khsm_pin_state *ps,
			 const struct khsm_pin_verifier *v)
{
	lockdep_assert_held(&t->lock);
	ps->v = *v;
	ps->set = true;
	ps->failures = 0;
	ps->generation++;
	khsm_store_touch(t);
}

static void khsm_pin_clear(struct khsm_token *t, struct khsm_pin_state *ps)
{
	lockdep_assert_held(&t->lock);
	memzero_explicit(&ps->v, sizeof(ps->v));
	ps->set = false;
	ps->failures = 0;
	ps->generation++;
	khsm_store_touch(t);
}

/**
 * khsm_token_attach() - count a new session of process @tgid on @t
 * @t: the token
 * @tgid: the process
 * @rw: a read/write session
 * @login: receives the process's login state on @t
 *
 * Return: 0; -ENODEV for an uninitialised token, -ENXIO for a removed
 * one, -EROFS for a read-only session while the process is SO, -EDQUOT
 * past the session limit, -ENOMEM.
 */
int khsm_token_attach(struct khsm_token *t, struct pid *tgid, bool rw,
		      struct khsm_login_state **login)
{
	struct khsm_login_state *l, *fresh;
	int ret = 0;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;

	mutex_lock(&t->lock);
	if (t->dead) {
		ret = -ENXIO;
		goto out_unlock;
	}
	if (!t->initialized) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (t->sessions >= KHSM_MAX_SESSIONS_PER_TOKEN) {
		ret = -EDQUOT;
		goto out_unlock;
	}
	list_for_each_entry(l, &t->logins, node)
		if (l->tgid == tgid)
			break;
	if (list_entry_is_head(l, &t->logins, node)) {
		l = fresh;
		fresh = NULL;
		l->tgid = get_pid(tgid);
		l->user = -1;
		list_add(&l->node, &t->logins);
	} else if (!rw && l->user == KHSM_USER_SO) {
		ret = -EROFS;
		goto out_unlock;
	}
	l->sessions++;
	if (!rw)
		l->ro_sessions++;
	t->sessions++;
	if (rw)
		t->rw_sessions++;
	*login = l;
out_unlock:
	mutex_unlock(&t->lock);
	kfree(fresh);
	return ret;
}

/**
 * khsm_token_detach() - a session of @login's process closed
 * @t: the token
 * @login: from khsm_token_attach()
 * @rw: the session was read/write
 *
 * The last session of a process logs the process out.
 */
void khsm_token_detach(struct khsm_token *t, struct khsm_login_state *login,
		       bool rw)
{
	mutex_lock(&t->lock);
	t->sessions--;
	if (rw)
		t->rw_sessions--;
	else
		login->ro_sessions--;
	if (--login->sessions == 0) {
		list_del_init(&login->node);
		put_pid(login->tgid);
		kfree(login);
	}
	mutex_unlock(&t->lock);
}

/**
 * khsm_token_user() - who the session's process is logged in as
 * @t: the token
 * @login: the process's login state on @t
 *
 * Return: KHSM_USER_SO, KHSM_USER_USER, or -1 when not logged in.
 */
int khsm_token_user(struct khsm_token *t, struct khsm_login_state *login)
{
	int user;

	mutex_lock(&t->lock);
	user = login->user;
	mutex_unlock(&t->lock);
	return user;
}

/**
 * khsm_token_session_state() - the PKCS#11 state of a session
 * @t: the token
 * @login: the session's process on @t
 * @rw: the session is read/write
 *
 * Return: a KHSM_SESSION_STATE_* value.
 */
u32 khsm_token_session_state(struct khsm_token *t,
			     struct khsm_login_state *login, bool rw)
{
	int user = khsm_token_user(t, login);

	if (user == KHSM_USER_SO)
		return KHSM_SESSION_STATE_RW_SO;
	if (user == KHSM_USER_USER)
		return rw ? KHSM_SESSION_STATE_RW_USER :
			    KHSM_SESSION_STATE_RO_USER;
	return rw ? KHSM_SESSION_STATE_RW_PUBLIC : KHSM_SESSION_STATE_RO_PUBLIC;
}

/* Whether @login may log in as @user now; called with t->lock held. */
static int khsm_login_allowed(struct khsm_token *t,
			      struct khsm_login_state *login, int user)
{
	lockdep_assert_held(&t->lock);
	if (login->user == user)
		return -EALREADY;
	if (login->user >= 0)
		return -EBUSY;
	if (user == KHSM_USER_SO && login->ro_sessions)
		return -EROFS;
	return 0;
}

/**
 * khsm_token_login() - C_Login for every session of @login's process
 * @t: the token
 * @login: the process's login state
 * @user: KHSM_USER_SO or KHSM_USER_USER
 * @pin: the PIN
 * @pin_len: its length
 *
 * Return: 0; -EALREADY, -EBUSY, -EROFS (see khsm.h); -ENOKEY if the user
 * PIN is not set; -EKEYREJECTED for a wrong PIN; -EKEYREVOKED if locked.
 */
int khsm_token_login(struct khsm_token *t, struct khsm_login_state *login,
		     int user, const u8 *pin, u32 pin_len)
{
	struct khsm_pin_state *ps;
	int ret;

	ps = user == KHSM_USER_SO ? &t->so_pin : &t->user_pin;
	mutex_lock(&t->lock);
	ret = khsm_login_allowed(t, login, user);
	mutex_unlock(&t->lock);
	if (ret)
		return ret;

	ret = khsm_check_pin(t, ps, pin, pin_len);
	if (ret)
		return ret;
	/* A restored token's private objects open with the first login. */
	ret = khsm_store_unlock(t, user, pin, pin_len);
	if (ret)
		return ret;

	/* Another session of the process may have logged in meanwhile. */
	mutex_lock(&t->lock);
	ret = khsm_login_allowed(t, login, user);
	if (!ret) {
		login->user = user;
		login->epoch = user == KHSM_USER_USER ?
				       atomic64_inc_return(&khsm_login_epochs) :
				       0;
	}
	mutex_unlock(&t->lock);
	return ret;
}

/**
 * khsm_token_logout() - C_Logout for every session of the process
 * @t: the token
 * @login: the process's login state
 *
 * Return: 0, or -EPERM when not logged in.
 */
int khsm_token_logout(struct khsm_token *t, struct khsm_login_state *login)
{
	int ret = 0;

	mutex_lock(&t->lock);
	if (login->user < 0)
		ret = -EPERM;
	login->user = -1;
	login->epoch = 0;
	mutex_unlock(&t->lock);
	return ret;
}

/**
 * khsm_token_context_login() - C_Login(CKU_CONTEXT_SPECIFIC): the user PIN
 *	again, for one use of a CKA_ALWAYS_AUTHENTICATE key
 * @t: the token
 * @login: the process's login state, which must be logged in as user
 * @pin: the user PIN
 * @pin_len: its length
 * @grant: receives the login epoch the permission is valid for
 *
 * A wrong PIN counts against the user PIN, as a C_Login would.
 *
 * Return: 0; -EPERM when not logged in as user; -EKEYREJECTED for a wrong
 * PIN; -EKEYREVOKED if it is locked.
 */
int khsm_token_context_login(struct khsm_token *t,
			     struct khsm_login_state *login, const u8 *pin,
			     u32 pin_len, u64 *grant)
{
	int ret = 0;

	mutex_lock(&t->lock);
	if (login->user != KHSM_USER_USER)
		ret = -EPERM;
	mutex_unlock(&t->lock);
	if (ret)
		return ret;

	ret = khsm_check_pin(t, &t->user_pin, pin, pin_len);
	if (ret)
		return ret;

	/* A logout meanwhile withdraws what the PIN was checked for. */
	mutex_lock(&t->lock);
	if (login->user != KHSM_USER_USER)
		ret = -EPERM;
	else
		*grant = login->epoch;
	mutex_unlock(&t->lock);
	return ret;
}

/**
 * khsm_token_grant_take() - use up a session's context-specific login
 * @t: the token
 * @login: the session's process on @t
 * @slot: the session's grant, cleared
 *
 * Return: the grant if it is valid for the current login, else 0.
 */
u64 khsm_token_grant_take(struct khsm_token *t, struct khsm_login_state *login,
			  u64 *slot)
{
	u64 grant;

	mutex_lock(&t->lock);
	grant = *slot;
	*slot = 0;
	if (login->user != KHSM_USER_USER || grant != login->epoch)
		grant = 0;
	mutex_unlock(&t->lock);
	return grant;
}

/**
 * khsm_token_grant_return() - give back a grant an operation did not use
 *	(a length query, a short buffer)
 * @t: the token
 * @login: the session's process on @t
 * @slot: the session's grant
 * @grant: from khsm_token_grant_take(), or 0 (nothing to give back)
 */
void khsm_token_grant_return(struct khsm_token *t,
			     struct khsm_login_state *login, u64 *slot,
			     u64 grant)
{
	mutex_lock(&t->lock);
	if (grant && grant == login->epoch)
		*slot = grant;
	mutex_unlock(&t->lock);
}

/**
 * khsm_token_init_pin() - C_InitPIN: the SO sets (and unlocks) the user PIN
 * @t: the token
 * @login: the process's login state, which must be SO
 * @pin: the new user PIN
 * @pin_len: its length
 *
 * Return: 0, -EPERM when not logged in as SO, or -errno.
 */
int khsm_token_init_pin(struct khsm_token *t, struct khsm_login_state *login,
			const u8 *pin, u32 pin_len)
{
	struct khsm_wrap_prep wp = {};
	struct khsm_pin_verifier v;
	u32 iterations;
	int ret = 0;

	mutex_lock(&t->lock);
	if (login->user != KHSM_USER_SO)
		ret = -EPERM;
	iterations = t->pbkdf2_iterations;
	mutex_unlock(&t->lock);
	if (ret)
		return ret;

	ret = khsm_pin_make_verifier(pin, pin_len, iterations, &v);
	if (ret)
		goto out;
	/* The SO logged in, so the TMK is known: wrap it for the user. */
	ret = khsm_store_prepare_wrap(t, KHSM_USER_USER, pin, pin_len, false,
				      &wp);
	if (ret)
		goto out;
	mutex_lock(&t->lock);
	if (login->user == KHSM_USER_SO) {
		khsm_pin_set(t, &t->user_pin, &v);
		khsm_store_install_wrap(t, &wp);
	} else {
		ret = -EPERM;
	}
	mutex_unlock(&t->lock);
out:
	memzero_explicit(&v, sizeof(v));
	memzero_explicit(&wp, sizeof(wp));
	return ret;
}

/**
 * khsm_token_set_pin() - C_SetPIN: change the SO PIN when logged in as SO,
 *	the user PIN otherwise
 * @t: the token
 * @login: the process's login state
 * @old_pin: the current PIN (checked, and counted when wrong)
 * @old_len: its length
 * @new_pin: the new PIN
 * @new_len: its length
 *
 * Return: 0, or the errors of khsm_token_login().
 */
int khsm_token_set_pin(struct khsm_token *t, struct khsm_login_state *login,
		       const u8 *old_pin, u32 old_len, const u8 *new_pin,
		       u32 new_len)
{
	struct khsm_wrap_prep wp = {};
	struct khsm_pin_verifier v;
	struct khsm_pin_state *ps;
	u32 iterations;
	int user, ret;

	mutex_lock(&t->lock);
	user = login->user == KHSM_USER_SO ? KHSM_USER_SO : KHSM_USER_USER;
	ps = user == KHSM_USER_SO ? &t->so_pin : &t->user_pin;
	iterations = t->pbkdf2_iterations;
	mutex_unlock(&t->lock);

	ret = khsm_check_pin(t, ps, old_pin, old_len);
	if (ret)
		return ret;
	/* In a public session the old PIN is what unwraps the TMK. */
	ret = khsm_store_unlock(t, user, old_pin, old_len);
	if (ret)
		return ret;
	ret = khsm_pin_make_verifier(new_pin, new_len, iterations, &v);
	if (!ret)
		ret = khsm_store_prepare_wrap(t, user, new_pin, new_len, false,
					      &wp);
	if (!ret) {
		mutex_lock(&t->lock);
		khsm_pin_set(t, ps, &v);
		khsm_store_install_wrap(t, &wp);
		mutex_unlock(&t->lock);
	}
	memzero_explicit(&v, sizeof(v));
	memzero_explicit(&wp, sizeof(wp));
	return ret;
}

static void khsm_make_serial(u8 *serial)
{
	static const char hex[] = "0123456789abcdef";
	u8 rnd[KHSM_SERIAL_LEN / 2];
	unsigned int i;

	if (khsm_crypto_random(rnd, sizeof(rnd)))
		get_random_bytes(rnd, sizeof(rnd));
	for (i = 0; i < sizeof(rnd); i++) {
		serial[2 * i] = hex[rnd[i] >> 4];
		serial[2 * i + 1] = hex[rnd[i] & 15];
	}
}

/**
 * khsm_token_alloc() - a new, unpublished, uninitialised token
 * @uid: owner
 * @gid: group
 * @mode: permission bits
 *
 * Return: the token with one reference, or NULL.
 */
struct khsm_token *khsm_token_alloc(kuid_t uid, kgid_t gid, umode_t mode)
{
	struct khsm_token *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	kref_init(&t->ref);
	mutex_init(&t->lock);
	INIT_LIST_HEAD(&t->logins);
	xa_init_flags(&t->objects, XA_FLAGS_ALLOC1);
	t->uid = uid;
	t->gid = gid;
	t->mode = mode;
	t->def_pin_failures = KHSM_DEFAULT_PIN_FAILURES;
	t->def_iterations = KHSM_PBKDF2_DEFAULT_ITER;
	t->max_pin_failures = KHSM_DEFAULT_PIN_FAILURES;
	t->pbkdf2_iterations = KHSM_PBKDF2_DEFAULT_ITER;
	memset(t->label, ' ', sizeof(t->label));
	khsm_make_serial(t->serial);
	return t;
}

/**
 * khsm_token_publish() - give a complete token an id in the table
 * @t: the token; the table takes over the caller's reference
 * @id: receives the id
 *
 * Return: 0, -EDQUOT at KHSM_MAX_TOKENS, -ENOMEM. On failure the caller
 * still owns @t.
 */
int khsm_token_publish(struct khsm_token *t, u32 *id)
{
	int ret;

	ret = xa_alloc(&khsm_tokens, id, t, XA_LIMIT(0, KHSM_MAX_TOKENS - 1),
		       GFP_KERNEL_ACCOUNT);
	if (ret)
		return ret == -EBUSY ? -EDQUOT : ret;
	/* Nobody can reach t before xa_alloc returns but through the table. */
	t->id = *id;
	return 0;
}

/**
 * khsm_token_uuid_in_use() - is a persistent token with @uuid loaded
 * @uuid: KHSM_UUID_LEN bytes
 *
 * Return: true if one is.
 */
bool khsm_token_uuid_in_use(const u8 *uuid)
{
	struct khsm_token *t;
	unsigned long id;
	bool found = false;

	xa_lock(&khsm_tokens);
	xa_for_each(&khsm_tokens, id, t)
		if (t->store && !memcmp(t->store->uuid, uuid, KHSM_UUID_LEN))
			found = true;
	xa_unlock(&khsm_tokens);
	return found;
}

/**
 * khsm_token_create() - KHSM_IOC_TOKEN_CREATE
 * @file: the caller's file
 * @req: struct khsm_token_create
 *
 * Return: 0; -EINVAL for bad flags, mode, ids or PIN policy; -EDQUOT at
 * KHSM_MAX_TOKENS; -ENOMEM; for a persistent token, the errors of
 * khsm_machine_key_get().
 */
int khsm_token_create(struct file *file, void *req)
{
	struct khsm_token_create *r = req;
	struct khsm_token *t;
	kuid_t uid;
	kgid_t gid;
	u32 id;
	int ret;

	if ((r->flags & ~KHSM_TOKEN_CREATE_PERSISTENT) ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (r->mode & ~0777U)
		return -EINVAL;
	if (r->max_pin_failures > KHSM_MAX_PIN_FAILURES ||
	    (r->pbkdf2_iterations &&
	     (r->pbkdf2_iterations < KHSM_PBKDF2_MIN_ITER ||
	      r->pbkdf2_iterations > KHSM_PBKDF2_MAX_ITER)))
		return -EINVAL;
	uid = make_kuid(file->f_cred->user_ns, r->uid);
	gid = make_kgid(file->f_cred->user_ns, r->gid);
	if (!uid_valid(uid) || !gid_valid(gid))
		return -EINVAL;

	t = khsm_token_alloc(uid, gid, r->mode);
	if (!t)
		return -ENOMEM;
	t->def_pin_failures = r->max_pin_failures ?: KHSM_DEFAULT_PIN_FAILURES;
	t->def_iterations = r->pbkdf2_iterations ?: KHSM_PBKDF2_DEFAULT_ITER;
	t->max_pin_failures = t->def_pin_failures;
	t->pbkdf2_iterations = t->def_iterations;
	if (r->flags & KHSM_TOKEN_CREATE_PERSISTENT) {
		ret = khsm_store_new(t);
		if (ret)
			goto err_put;
	}
	ret = khsm_token_publish(t, &id);
	if (ret)
		goto err_put;
	r->token = id;
	return 0;

err_put:
	khsm_token_put(t);
	return ret;
}

/**
 * khsm_token_destroy() - KHSM_IOC_TOKEN_DESTROY
 * @file: the caller's file
 * @req: struct khsm_token_ref
 *
 * Return: 0; -ENXIO; -EBUSY while the token has sessions.
 */
int khsm_token_destroy(struct file *file, void *req)
{
	struct khsm_token_ref *r = req;
	struct khsm_token *t;
	int ret = 0;

	if (r->flags || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	t = khsm_token_get(r->token, file->f_cred, &ret);
	if (!t)
		return ret;
	mutex_lock(&t->lock);
	if (t->sessions)
		ret = -EBUSY;
	else
		t->dead = true;
	mutex_unlock(&t->lock);
	if (!ret && xa_erase(&khsm_tokens, t->id) == t)
		khsm_token_put(t);
	khsm_token_put(t);
	return ret;
}

/**
 * khsm_token_list() - KHSM_IOC_TOKEN_LIST
 * @file: the caller's file
 * @req: struct khsm_token_list
 *
 * Return: 0; -ENOSPC when more tokens exist than @capacity (the count is
 * still returned); -EFAULT.
 */
int khsm_token_list(struct file *file, void *req)
{
	struct khsm_token_list *r = req;
	u32 ids[KHSM_MAX_TOKENS];
	struct khsm_token *t;
	unsigned long id;
	u32 n = 0;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	xa_lock(&khsm_tokens);
	xa_for_each(&khsm_tokens, id, t)
		if (n < KHSM_MAX_TOKENS && khsm_token_may_use(t, file->f_cred))
			ids[n++] = id;
	xa_unlock(&khsm_tokens);

	r->count = n;
	if (!r->ids)
		return 0;
	if (copy_to_user(u64_to_user_ptr(r->ids), ids,
			 sizeof(u32) * min(n, r->capacity)))
		return -EFAULT;
	/* The count is still wanted back: the caller's two-call convention. */
	return n > r->capacity ? KHSM_RET_SHORT_BUFFER : 0;
}

/**
 * khsm_token_info() - KHSM_IOC_TOKEN_INFO
 * @file: the caller's file
 * @req: struct khsm_token_info
 *
 * Return: 0, -ENXIO, -EACCES.
 */
int khsm_token_info(struct file *file, void *req)
{
	struct khsm_token_info *r = req;
	struct khsm_token *t;
	u32 f = 0, low;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	t = khsm_token_get(r->token, file->f_cred, &ret);
	if (!t)
		return ret;

	mutex_lock(&t->lock);
	low = t->max_pin_failures - 1;
	if (t->initialized)
		f |= KHSM_TOKEN_INITIALIZED;
	if (t->user_pin.set)
		f |= KHSM_TOKEN_USER_PIN_INITIALIZED;
	if (t->user_pin.failures && t->user_pin.failures < low)
		f |= KHSM_TOKEN_USER_PIN_COUNT_LOW;
	if (t->user_pin.failures == low)
		f |= KHSM_TOKEN_USER_PIN_FINAL_TRY;
	if (khsm_pin_locked(t, &t->user_pin))
		f |= KHSM_TOKEN_USER_PIN_LOCKED;
	if (t->so_pin.failures && t->so_pin.failures < low)
		f |= KHSM_TOKEN_SO_PIN_COUNT_LOW;
	if (t->so_pin.failures == low)
		f |= KHSM_TOKEN_SO_PIN_FINAL_TRY;
	if (khsm_pin_locked(t, &t->so_pin))
		f |= KHSM_TOKEN_SO_PIN_LOCKED;
	r->token_flags = f;
	memcpy(r->label, t->label, sizeof(r->label));
	memcpy(r->serial, t->serial, sizeof(r->serial));
	r->user_pin_failures = t->user_pin.failures;
	r->so_pin_failures = t->so_pin.failures;
	r->max_pin_failures = t->max_pin_failures;
	r->pbkdf2_iterations = t->pbkdf2_iterations;
	r->session_count = t->sessions;
	r->rw_session_count = t->rw_sessions;
	mutex_unlock(&t->lock);
	r->uid = from_kuid_munged(file->f_cred->user_ns, t->uid);
	r->gid = from_kgid_munged(file->f_cred->user_ns, t->gid);
	r->mode = t->mode;
	r->pad = 0;
	khsm_token_put(t);
	return 0;
}

/**
 * khsm_token_init() - KHSM_IOC_TOKEN_INIT (C_InitToken)
 * @file: the caller's file
 * @req: struct khsm_token_init
 *
 * Return: 0; -EBUSY while sessions are open; for an initialised token, the
 * SO PIN errors of khsm_token_login(); -EINVAL, -ERANGE, -ENXIO, -EACCES.
 */
int khsm_token_init(struct file *file, void *req)
{
	struct khsm_token_init *r = req;
	struct khsm_wrap_prep wp = {};
	struct khsm_pin_verifier v;
	u32 iterations, failures;
	struct khsm_token *t;
	bool initialized;
	u8 *pin = NULL;
	int ret;

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if ((r->pbkdf2_iterations &&
	     (r->pbkdf2_iterations < KHSM_PBKDF2_MIN_ITER ||
	      r->pbkdf2_iterations > KHSM_PBKDF2_MAX_ITER)) ||
	    r->max_pin_failures > KHSM_MAX_PIN_FAILURES)
		return -EINVAL;
	t = khsm_token_get(r->token, file->f_cred, &ret);
	if (!t)
		return ret;
	/* What the request leaves out, the token's creator chose. */
	iterations = r->pbkdf2_iterations ?: t->def_iterations;
	failures = r->max_pin_failures ?: t->def_pin_failures;
	ret = khsm_pin_copy_from_user(r->pin, r->pin_len, &pin);
	if (ret)
		goto out_put;

	mutex_lock(&t->lock);
	ret = t->sessions ? -EBUSY : 0;
	initialized = t->initialized;
	mutex_unlock(&t->lock);
	if (ret)
		goto out_free_pin;

	/* Re-initialising wipes the token: only its SO may. */
	if (initialized) {
		ret = khsm_check_pin(t, &t->so_pin, pin, r->pin_len);
		if (ret)
			goto out_free_pin;
	}
	ret = khsm_pin_make_verifier(pin, r->pin_len, iterations, &v);
	if (ret)
		goto out_wipe;
	/* A new TMK: whatever the old one sealed is wiped with the token. */
	ret = khsm_store_prepare_wrap(t, KHSM_USER_SO, pin, r->pin_len, true,
				      &wp);
	if (ret)
		goto out_wipe;

	mutex_lock(&t->lock);
	if (t->sessions) {
		ret = -EBUSY;
	} else {
		t->max_pin_failures = failures;
		t->pbkdf2_iterations = iterations;
		memcpy(t->label, r->label, sizeof(t->label));
		khsm_pin_set(t, &t->so_pin, &v);
		khsm_pin_clear(t, &t->user_pin);
		t->initialized = true;
		khsm_store_install_wrap(t, &wp);
	}
	mutex_unlock(&t->lock);
	/* No session exists to make objects: C_InitToken empties the token. */
	if (!ret)
		khsm_objects_destroy_all(t);
out_wipe:
	memzero_explicit(&v, sizeof(v));
	memzero_explicit(&wp, sizeof(wp));
out_free_pin:
	kfree_sensitive(pin);
out_put:
	khsm_token_put(t);
	return ret;
}
