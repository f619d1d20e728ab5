// SPDX-License-Identifier: GPL-2.0
/*
 * The machine key: a "logon" key that binds persistent tokens to this host.
 *
 * It is looked up only in a keyring this module owns and only root may
 * write to, never with request_key() in the caller's context: that would
 * search the caller's own keyrings, where any user can plant a logon key
 * with the same description and have records sealed under a key they know
 * (REVIEW.md C.6). The key found must still be a logon key owned by root,
 * valid, and exactly KHSM_MACHINE_KEY_LEN bytes.
 */
#include <keys/user-type.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/key.h>
#include <linux/rwsem.h>
#include <linux/string.h>

#include "machine_key.h"

static struct key *khsm_keyring;

/**
 * khsm_machine_key_init() - create the module's keyring
 *
 * The keyring belongs to root; root (its owner) may search, read and add
 * to it; other users have no permission at all, so adding a key to it as
 * another user fails with -EACCES.
 *
 * Return: 0 or -errno.
 */
int khsm_machine_key_init(void)
{
	key_perm_t perm = KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ |
			  KEY_USR_WRITE | KEY_USR_SEARCH;
	struct key *k;

	k = keyring_alloc("khsm", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			  current_cred(), perm, KEY_ALLOC_NOT_IN_QUOTA, NULL,
			  NULL);
	if (IS_ERR(k))
		return PTR_ERR(k);
	khsm_keyring = k;
	return 0;
}

/**
 * khsm_machine_key_uninit() - drop the keyring and the keys in it
 */
void khsm_machine_key_uninit(void)
{
	if (khsm_keyring) {
		key_revoke(khsm_keyring);
		key_put(khsm_keyring);
		khsm_keyring = NULL;
	}
}

/**
 * khsm_machine_keyring_serial() - the serial root adds the machine key to
 *
 * Return: the keyring's serial number.
 */
s32 khsm_machine_keyring_serial(void)
{
	return key_serial(khsm_keyring);
}

/**
 * khsm_machine_key_get() - a copy of the machine key
 * @key: receives KHSM_MACHINE_KEY_LEN bytes; the caller wipes them
 *
 * Context: process context; takes the key's semaphore.
 * Return: 0; -ENOKEY when the module keyring holds none; -EKEYREJECTED
 * for a key that is not root's or not KHSM_MACHINE_KEY_LEN bytes;
 * -EKEYREVOKED or -EKEYEXPIRED from key_validate().
 */
int khsm_machine_key_get(u8 *key)
{
	const struct user_key_payload *p;
	key_ref_t ref;
	struct key *k;
	int ret;

	/* Possessed: the module searches its own keyring, not the caller's. */
	ref = keyring_search(make_key_ref(khsm_keyring, true), &key_type_logon,
			     KHSM_MACHINE_KEY_DESC, false);
	if (IS_ERR(ref)) {
		ret = PTR_ERR(ref);
		return ret == -EAGAIN || ret == -ENOENT ? -ENOKEY : ret;
	}
	k = key_ref_to_ptr(ref);
	ret = -EKEYREJECTED;
	if (k->type != &key_type_logon || !uid_eq(k->uid, GLOBAL_ROOT_UID))
		goto out_put;
	ret = key_validate(k);
	if (ret)
		goto out_put;

	down_read(&k->sem);
	p = user_key_payload_locked(k);
	if (!p)
		ret = -EKEYREVOKED;
	else if (p->datalen != KHSM_MACHINE_KEY_LEN)
		ret = -EKEYREJECTED;
	else
		memcpy(key, p->data, KHSM_MACHINE_KEY_LEN);
	up_read(&k->sem);
out_put:
	key_put(k);
	return ret;
}
