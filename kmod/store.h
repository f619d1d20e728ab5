/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_STORE_H
#define _KHSM_STORE_H

#include <linux/fs.h>
#include <linux/khsm.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "pin.h"
#include "seal.h"

struct khsm_object;
struct khsm_token;

#define KHSM_TMK_LEN 32

/**
 * struct khsm_tmk_wrap - the token master key wrapped under one PIN
 * @set: a wrap exists
 * @iterations: PBKDF2 iterations of the PIN derivation
 * @salt: PBKDF2 salt, not the verifier's
 * @nonce: GCM nonce
 * @ct: GCM ciphertext of the TMK and its tag
 */
struct khsm_tmk_wrap {
	u32 set;
	u32 iterations;
	u8 salt[KHSM_PIN_SALT_LEN];
	u8 nonce[KHSM_SEAL_NONCE_LEN];
	u8 ct[KHSM_TMK_LEN + KHSM_SEAL_TAG_LEN];
};

/**
 * struct khsm_tstore - what makes a token persistent
 * @uuid: the token's UUID, its name in the store
 * @seq: the last version handed to a change of the token
 * @durable: the version of the last acknowledged state record
 * @round: the current pull round
 * @round_state: version of the state record pulled in @round, or 0
 * @have_tmk: @tmk is known (a PIN unwrapped it, or the token was made here)
 * @tmk: the token master key, in secret memory (so a loaded persistent
 *	token vetoes hibernation, see pm.c)
 * @wrap: the TMK wrapped under the SO PIN ([KHSM_USER_SO]) and the user
 *	PIN ([KHSM_USER_USER])
 * @deleted: &struct khsm_deleted: objects removed since the last ack
 * @ndeleted: entries in @deleted
 * @sealed: private objects restored but not opened yet (no TMK), by
 *	handle; their handles are reserved in the token's object table
 *
 * The owning token's lock protects all of it, and the store fields of
 * its objects.
 */
struct khsm_tstore {
	u8 uuid[KHSM_UUID_LEN];
	u64 seq;
	u64 durable;
	u64 round;
	u64 round_state;
	bool have_tmk;
	u8 *tmk;
	struct khsm_tmk_wrap wrap[2];
	struct list_head deleted;
	u32 ndeleted;
	struct xarray sealed;
};

/**
 * struct khsm_wrap_prep - a TMK wrap computed without the token's lock
 * @user: KHSM_USER_SO or KHSM_USER_USER
 * @fresh: @tmk is a new TMK (C_InitToken)
 * @tmk: the new TMK when @fresh
 * @wrap: the wrap
 */
struct khsm_wrap_prep {
	int user;
	bool fresh;
	u8 tmk[KHSM_TMK_LEN];
	struct khsm_tmk_wrap wrap;
};

int khsm_store_new(struct khsm_token *t);
void khsm_store_free(struct khsm_tstore *st);
void khsm_store_touch(struct khsm_token *t);
void khsm_store_object_changed(struct khsm_token *t, struct khsm_object *obj);
void khsm_store_object_removed(struct khsm_token *t, struct khsm_object *obj);
int khsm_store_prepare_wrap(struct khsm_token *t, int user, const u8 *pin,
			    u32 pin_len, bool fresh, struct khsm_wrap_prep *p);
void khsm_store_install_wrap(struct khsm_token *t, struct khsm_wrap_prep *p);
int khsm_store_unlock(struct khsm_token *t, int user, const u8 *pin,
		      u32 pin_len);
void khsm_store_uninit(void);

int khsm_store_info(struct file *file, void *req);
int khsm_store_pull(struct file *file, void *req);
int khsm_store_ack(struct file *file, void *req);
int khsm_store_load(struct file *file, void *req);

/* Object records, in objrec.c. */
int khsm_objrec_encode(struct khsm_object *obj, u8 **buf, u32 *len);
int khsm_objrec_decode(const u8 *buf, u32 len, struct khsm_object **out);

#endif /* _KHSM_STORE_H */
