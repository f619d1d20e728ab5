/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_SESSION_H
#define _KHSM_SESSION_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/khsm.h>
#include <linux/pid.h>

struct khsm_stream;
struct khsm_token;
struct khsm_login_state;

/**
 * struct khsm_session - one open /dev/khsm file
 * @bind_lock: serialises KHSM_IOC_SESSION_OPEN on this file
 * @token: the token, set once by KHSM_IOC_SESSION_OPEN (then immutable;
 *	read with smp_load_acquire())
 * @login: the owning process's login state on @token
 * @tgid: the process that opened the file, the only one it serves
 * @flags: KHSM_SESSION_* given at open
 * @id: unique id of the bound session: its session objects carry it
 * @uid: the opener's effective uid, charged for its sessions and objects
 * @stream_lock: protects @streams
 * @streams: the multi-part operation in progress, per KHSM_OP_*
 * @grant: the login epoch of a KHSM_USER_CONTEXT login not used yet, or 0
 *	(protected by the token's lock)
 * @uring_inflight: io_uring requests of this file queued or running
 */
struct khsm_session {
	struct mutex bind_lock; /* serialises binding */
	struct khsm_token *token;
	struct khsm_login_state *login;
	struct pid *tgid;
	u32 flags;
	u64 id;
	kuid_t uid;
	struct mutex stream_lock; /* protects streams */
	struct khsm_stream *streams[KHSM_OP_COUNT + 1];
	u64 grant;
	atomic_t uring_inflight;
};

struct khsm_session *khsm_session_alloc(void);
void khsm_session_free(struct khsm_session *s);
int khsm_session_check(struct file *file, struct khsm_session **out);
int khsm_session_grant_take(struct khsm_session *s, u64 *grant);
void khsm_session_grant_return(struct khsm_session *s, u64 grant);

int khsm_session_open(struct file *file, void *req);
int khsm_session_info(struct file *file, void *req);
int khsm_session_login(struct file *file, void *req);
int khsm_session_logout(struct file *file, void *req);
int khsm_session_init_pin(struct file *file, void *req);
int khsm_session_set_pin(struct file *file, void *req);

#endif /* _KHSM_SESSION_H */
