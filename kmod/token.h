/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_TOKEN_H
#define _KHSM_TOKEN_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/xarray.h>

#include "limits.h"
#include "pin.h"

/**
 * struct khsm_pin_state - one of a token's two PINs
 * @set: a verifier exists
 * @failures: wrong PINs in a row; the PIN is locked at max_pin_failures
 * @generation: bumped whenever @v changes, so a verification that ran
 *	without the lock can tell it checked a stale verifier
 * @v: the verifier
 */
struct khsm_pin_state {
	bool set;
	u32 failures;
	u64 generation;
	struct khsm_pin_verifier v;
};

/**
 * struct khsm_login_state - one process's sessions on one token
 * @node: in &khsm_token.logins
 * @tgid: the process (thread group)
 * @sessions: its open sessions on the token
 * @ro_sessions: how many of them are read-only
 * @user: KHSM_USER_SO or KHSM_USER_USER when logged in, else -1
 * @epoch: unique number of the current user login, 0 when not logged in
 *	as user: a context-specific login is valid for this epoch only
 *
 * PKCS#11 login state belongs to the application, not to one session:
 * every session of the process sees the same @user.
 */
struct khsm_login_state {
	struct list_head node;
	struct pid *tgid;
	u32 sessions;
	u32 ro_sessions;
	int user;
	u64 epoch;
};

/**
 * struct khsm_token - a token (a PKCS#11 slot and the token in it)
 * @ref: references: the token table and each session
 * @id: the token's id, its index in the table
 * @uid: owner, immutable
 * @gid: group, immutable
 * @mode: permission bits, immutable
 * @def_pin_failures: max_pin_failures a KHSM_IOC_TOKEN_INIT that names
 *	none gives, immutable
 * @def_iterations: likewise for pbkdf2_iterations, immutable
 * @lock: protects everything below
 * @dead: removed from the table; no new session may attach
 * @initialized: has an SO PIN
 * @label: blank-padded label
 * @serial: blank-padded serial number
 * @max_pin_failures: wrong PINs in a row that lock a PIN
 * @pbkdf2_iterations: iterations of new PIN verifiers
 * @so_pin: the SO PIN
 * @user_pin: the user PIN
 * @logins: &struct khsm_login_state of each process with sessions
 * @sessions: open sessions
 * @rw_sessions: open read/write sessions
 * @objects: the token's objects by handle (its own lock protects it)
 * @nobjects: objects in @objects
 * @next_handle: where the cyclic handle allocation goes on
 * @store: for a persistent token, its store state (see store.h), else
 *	NULL; set before the token is published, never changed
 */
struct khsm_token {
	struct kref ref;
	u32 id;
	kuid_t uid;
	kgid_t gid;
	umode_t mode;
	u32 def_pin_failures;
	u32 def_iterations;
	struct mutex lock; /* protects the fields below */
	bool dead;
	bool initialized;
	u8 label[KHSM_LABEL_LEN];
	u8 serial[KHSM_SERIAL_LEN];
	u32 max_pin_failures;
	u32 pbkdf2_iterations;
	struct khsm_pin_state so_pin;
	struct khsm_pin_state user_pin;
	struct list_head logins;
	u32 sessions;
	u32 rw_sessions;
	struct xarray objects;
	atomic_t nobjects;
	u32 next_handle;
	struct khsm_tstore *store;
};

void khsm_tokens_uninit(void);

struct khsm_token *khsm_token_get(u32 id, const struct cred *cred, int *err);
void khsm_token_put(struct khsm_token *t);
bool khsm_token_may_use(const struct khsm_token *t, const struct cred *cred);

int khsm_token_attach(struct khsm_token *t, struct pid *tgid, bool rw,
		      struct khsm_login_state **login);
void khsm_token_detach(struct khsm_token *t, struct khsm_login_state *login,
		       bool rw);
int khsm_token_user(struct khsm_token *t, struct khsm_login_state *login);
u32 khsm_token_session_state(struct khsm_token *t,
			     struct khsm_login_state *login, bool rw);
int khsm_token_login(struct khsm_token *t, struct khsm_login_state *login,
		     int user, const u8 *pin, u32 pin_len);
int khsm_token_logout(struct khsm_token *t, struct khsm_login_state *login);
int khsm_token_context_login(struct khsm_token *t,
			     struct khsm_login_state *login, const u8 *pin,
			     u32 pin_len, u64 *grant);
u64 khsm_token_grant_take(struct khsm_token *t, struct khsm_login_state *login,
			  u64 *slot);
void khsm_token_grant_return(struct khsm_token *t,
			     struct khsm_login_state *login, u64 *slot,
			     u64 grant);
int khsm_token_init_pin(struct khsm_token *t, struct khsm_login_state *login,
			const u8 *pin, u32 pin_len);
int khsm_token_set_pin(struct khsm_token *t, struct khsm_login_state *login,
		       const u8 *old_pin, u32 old_len, const u8 *new_pin,
		       u32 new_len);

struct khsm_token *khsm_token_alloc(kuid_t uid, kgid_t gid, umode_t mode);
int khsm_token_publish(struct khsm_token *t, u32 *id);
bool khsm_token_uuid_in_use(const u8 *uuid);

int khsm_token_create(struct file *file, void *req);
int khsm_token_destroy(struct file *file, void *req);
int khsm_token_list(struct file *file, void *req);
int khsm_token_info(struct file *file, void *req);
int khsm_token_init(struct file *file, void *req);

#endif /* _KHSM_TOKEN_H */
