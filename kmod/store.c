// SPDX-License-Identifier: GPL-2.0
/*
 * Persistent tokens: the kernel half of the store.
 *
 * The kernel never touches files. It keeps, per persistent token, a
 * version counter and which records changed; userspace pulls the changed
 * records (sealed), writes them durably, and acknowledges the state
 * record, which names every object record of the token with its version
 * (the manifest). At boot, root hands all of a token's records back in one
 * request; every one is authenticated before anything becomes visible.
 *
 * Keys, all HMAC-SHA256 derivations (seal.c) bound to the token's UUID:
 *	K_seal = KDF(machine key, "khsm seal v1")	every record
 *	K_priv = KDF(TMK, "khsm private v1")		private objects, inside
 *	KEK    = KDF(KDF(machine key, "khsm tmk v1"), PBKDF2(PIN, salt))
 *							the TMK, once per PIN
 * so public objects and PIN checks work before login, private objects need
 * a PIN, and everything needs this host's machine key.
 */
#include <linux/capability.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "crypto/shim.h"
#include "dispatch.h"
#include "limits.h"
#include "machine_key.h"
#include "object.h"
#include "secret.h"
#include "store.h"
#include "token.h"

/* Token UUIDs whose durable state this module has seen (rollback check). */
#define KHSM_MAX_SEEN 4096

/**
 * struct khsm_seen - the newest durable state version of one token
 * @node: in khsm_seen_list, most recent first
 * @uuid: the token
 * @version: the version
 */
struct khsm_seen {
	struct list_head node;
	u8 uuid[KHSM_UUID_LEN];
	u64 version;
};

static LIST_HEAD(khsm_seen_list);
static unsigned int khsm_nseen;
/* Protects khsm_seen_list; also makes loads one at a time. */
static DEFINE_MUTEX(khsm_load_lock);

/**
 * struct khsm_deleted - an object removed since the last acknowledgment
 * @node: in &khsm_tstore.deleted
 * @id: its handle
 * @version: the version of the removal
 * @round: the pull round that last reported it
 */
struct khsm_deleted {
	struct list_head node;
	u64 id;
	u64 version;
	u64 round;
};

/**
 * struct khsm_sealed - a private object waiting for the TMK
 * @version: its record version
 * @len: length of @data
 * @data: the inner sealed part: nonce, ciphertext and tag
 */
struct khsm_sealed {
	u64 version;
	u32 len;
	u8 data[];
};

/**
 * struct khsm_manifest_entry - one object record the state names
 * @id: the object's handle
 * @kind: KHSM_RECORD_OBJECT or KHSM_RECORD_PRIVATE
 * @version: the record's version
 */
struct khsm_manifest_entry {
	u32 id;
	u32 kind;
	u64 version;
};

/* clang-format off */
#define KHSM_STATE_INITIALIZED	BIT(0)
/* clang-format on */

/**
 * struct khsm_state_rec - the plaintext of a state record
 * @uid: owner, in the initial user namespace
 * @gid: group
 * @mode: permission bits
 * @flags: KHSM_STATE_*
 * @label: the label
 * @serial: the serial number
 * @max_pin_failures: wrong PINs in a row that lock a PIN
 * @pbkdf2_iterations: iterations of new PIN verifiers
 * @pin_set: a verifier exists, SO and user
 * @pin_failures: failure counters, SO and user
 * @pin: the verifiers, SO and user
 * @wrap: the TMK wraps, SO and user
 * @def_pin_failures: the token's policy for a C_InitToken naming none
 * @def_iterations: likewise for the PBKDF2 iterations
 * @next_handle: the object table's cyclic allocation point
 * @nentries: manifest entries that follow
 * @e: the manifest
 */
struct khsm_state_rec {
	u32 uid;
	u32 gid;
	u32 mode;
	u32 flags;
	u8 label[KHSM_LABEL_LEN];
	u8 serial[KHSM_SERIAL_LEN];
	u32 max_pin_failures;
	u32 pbkdf2_iterations;
	u32 pin_set[2];
	u32 pin_failures[2];
	struct khsm_pin_verifier pin[2];
	struct khsm_tmk_wrap wrap[2];
	u32 def_pin_failures;
	u32 def_iterations;
	u32 next_handle;
	u32 nentries;
	struct khsm_manifest_entry e[];
};

static const char *const khsm_tmk_labels[] = {
	[KHSM_USER_SO] = "khsm tmk so v1",
	[KHSM_USER_USER] = "khsm tmk user v1",
};

/* The part of a header that binds a record's identity (inner AAD). */
#define KHSM_HDR_ID_LEN offsetof(struct khsm_record_header, kcv)

/**
 * struct khsm_seal_keys - the keys of one token under this machine key
 * @seal: K_seal
 * @kcv: its check value
 * @wrap: the base of the PIN KEKs
 */
struct khsm_seal_keys {
	u8 seal[KHSM_SEAL_KEY_LEN];
	u8 kcv[8];
	u8 wrap[KHSM_SEAL_KEY_LEN];
};

static int khsm_seal_keys(const u8 *uuid, struct khsm_seal_keys *k)
{
	u8 mk[KHSM_MACHINE_KEY_LEN], kcv[KHSM_SEAL_KEY_LEN];
	int ret;

	ret = khsm_machine_key_get(mk);
	if (ret)
		goto out;
	ret = khsm_kdf(mk, sizeof(mk), "khsm seal v1", uuid, KHSM_UUID_LEN, k->seal) ?:
		      khsm_kdf(mk, sizeof(mk), "khsm tmk v1", uuid, KHSM_UUID_LEN, k->wrap) ?:
		      khsm_kdf(k->seal, sizeof(k->seal), "khsm kcv v1", uuid,
			       KHSM_UUID_LEN, kcv);
	memcpy(k->kcv, kcv, sizeof(k->kcv));
out:
	memzero_explicit(mk, sizeof(mk));
	memzero_explicit(kcv, sizeof(kcv));
	if (ret)
		memzero_explicit(k, sizeof(*k));
	return ret;
}

static void khsm_header_init(struct khsm_record_header *h, const u8 *uuid,
			     u32 kind, u64 id, u64 version)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, KHSM_RECORD_MAGIC, sizeof(h->magic));
	h->format = KHSM_RECORD_FORMAT;
	h->kind = kind;
	memcpy(h->uuid, uuid, KHSM_UUID_LEN);
	h->id = id;
	h->version = version;
}

/*
 * Seal @pt as a record; for a private object, under K_priv first. Returns
 * a kvmalloc'ed record in *rec.
 */
static int khsm_record_seal(const struct khsm_seal_keys *k, const u8 *tmk,
			    const u8 *uuid, u32 kind, u64 id, u64 version,
			    const u8 *pt, u32 pt_len, u8 **rec, u32 *rec_len)
{
	struct khsm_record_header h;
	u8 kpriv[KHSM_SEAL_KEY_LEN];
	u8 *inner = NULL, *out;
	u32 in_len = pt_len;
	const u8 *in = pt;
	size_t total;
	int ret;

	khsm_header_init(&h, uuid, kind, id, version);
	if (kind == KHSM_RECORD_PRIVATE) {
		in_len = KHSM_SEAL_NONCE_LEN + pt_len + KHSM_SEAL_TAG_LEN;
		inner = kvmalloc(in_len, GFP_KERNEL_ACCOUNT);
		if (!inner)
			return -ENOMEM;
		ret = khsm_kdf(tmk, KHSM_TMK_LEN, "khsm private v1", uuid, KHSM_UUID_LEN, kpriv) ?:
			      khsm_crypto_random(inner, KHSM_SEAL_NONCE_LEN) ?:
			      khsm_gcm(true, kpriv, inner, &h, KHSM_HDR_ID_LEN,
				       pt, pt_len, inner + KHSM_SEAL_NONCE_LEN);
		memzero_explicit(kpriv, sizeof(kpriv));
		if (ret)
			goto out_free_inner;
		in = inner;
	}
	memcpy(h.kcv, k->kcv, sizeof(h.kcv));
	h.len = in_len + KHSM_SEAL_TAG_LEN;
	ret = khsm_crypto_random(h.nonce, sizeof(h.nonce));
	if (ret)
		goto out_free_inner;
	total = sizeof(h) + h.len;
	ret = -EFBIG;
	if (total > KHSM_MAX_RECORD_LEN)
		goto out_free_inner;
	ret = -ENOMEM;
	out = kvmalloc(total, GFP_KERNEL_ACCOUNT);
	if (!out)
		goto out_free_inner;
	memcpy(out, &h, sizeof(h));
	ret = khsm_gcm(true, k->seal, h.nonce, &h, sizeof(h), in, in_len,
		       out + sizeof(h));
	if (ret) {
		kvfree(out);
		goto out_free_inner;
	}
	*rec = out;
	*rec_len = total;
out_free_inner:
	if (inner)
		kvfree_sensitive(inner, in_len);
	return ret;
}

/*
 * Open the outer seal of a record whose header @h was checked. Returns
 * the plaintext (for a private object, still the inner sealed part) in a
 * kvmalloc'ed *pt of h->len - tag bytes.
 */
static int khsm_record_open(const struct khsm_seal_keys *k,
			    const struct khsm_record_header *h, const u8 *body,
			    u8 **pt)
{
	u8 *out;
	int ret;

	/* Not secret: tells "sealed on another host" from "edited". */
	if (memcmp(h->kcv, k->kcv, sizeof(h->kcv)))
		return -EKEYREJECTED;
	out = kvmalloc(h->len - KHSM_SEAL_TAG_LEN ?: 1, GFP_KERNEL_ACCOUNT);
	if (!out)
		return -ENOMEM;
	ret = khsm_gcm(false, k->seal, h->nonce, h, sizeof(*h), body, h->len,
		       out);
	if (ret) {
		kvfree_sensitive(out, h->len - KHSM_SEAL_TAG_LEN ?: 1);
		return ret;
	}
	*pt = out;
	return 0;
}

/**
 * khsm_store_new() - make a new token persistent
 * @t: the token, not yet published
 *
 * Return: 0; the errors of khsm_machine_key_get() (no token is persistent
 * without the machine key); -ENOMEM.
 */
int khsm_store_new(struct khsm_token *t)
{
	u8 mk[KHSM_MACHINE_KEY_LEN];
	struct khsm_tstore *st;
	int ret;

	ret = khsm_machine_key_get(mk);
	memzero_explicit(mk, sizeof(mk));
	if (ret)
		return ret;
	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return -ENOMEM;
	INIT_LIST_HEAD(&st->deleted);
	xa_init(&st->sealed);
	st->tmk = khsm_secret_alloc(KHSM_TMK_LEN);
	ret = st->tmk ? khsm_crypto_random(st->uuid, sizeof(st->uuid)) :
			-ENOMEM;
	if (ret) {
		khsm_store_free(st);
		return ret;
	}
	/* The state of a new token is a change to write. */
	st->seq = 1;
	/* Round 0 is never current, so no object looks pulled in it. */
	st->round = 1;
	t->store = st;
	return 0;
}

static void khsm_sealed_free(struct khsm_sealed *s)
{
	kvfree_sensitive(s, struct_size(s, data, s->len));
}

/**
 * khsm_store_free() - free a token's store state and wipe the TMK
 * @st: the state, or NULL
 */
void khsm_store_free(struct khsm_tstore *st)
{
	struct khsm_deleted *d, *tmp;
	struct khsm_sealed *s;
	unsigned long id;

	if (!st)
		return;
	list_for_each_entry_safe(d, tmp, &st->deleted, node)
		kfree(d);
	xa_for_each(&st->sealed, id, s)
		khsm_sealed_free(s);
	xa_destroy(&st->sealed);
	if (st->tmk)
		khsm_secret_free(st->tmk, KHSM_TMK_LEN);
	kfree_sensitive(st);
}

/**
 * khsm_store_touch() - the token's state changed: its state record is due
 * @t: the token
 *
 * Context: @t's lock held.
 */
void khsm_store_touch(struct khsm_token *t)
{
	lockdep_assert_held(&t->lock);
	if (t->store)
		t->store->seq++;
}

static bool khsm_is_token_object(const struct khsm_object *obj)
{
	return READ_ONCE(obj->bools) & BIT(KHSM_B_TOKEN);
}

/**
 * khsm_store_object_changed() - a token object is new or changed
 * @t: its token
 * @obj: the object, in @t's table
 *
 * Context: may hold @obj's lock, not @t's.
 */
void khsm_store_object_changed(struct khsm_token *t, struct khsm_object *obj)
{
	if (!t->store || !khsm_is_token_object(obj))
		return;
	mutex_lock(&t->lock);
	obj->rec_ver = ++t->store->seq;
	mutex_unlock(&t->lock);
}

/**
 * khsm_store_object_removed() - a token object left the table
 * @t: its token
 * @obj: the object
 *
 * The state records written from now on no longer name it; the entry only
 * tells userspace that its old files may go.
 */
void khsm_store_object_removed(struct khsm_token *t, struct khsm_object *obj)
{
	struct khsm_deleted *d;

	if (!t->store || !khsm_is_token_object(obj))
		return;
	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	mutex_lock(&t->lock);
	t->store->seq++;
	/*
	 * Without the entry the files stay until the next load cleans up;
	 * bounded, for a caller that never pulls.
	 */
	if (d && t->store->ndeleted < KHSM_MAX_OBJECTS) {
		d->id = obj->handle;
		d->version = t->store->seq;
		list_add_tail(&d->node, &t->store->deleted);
		t->store->ndeleted++;
		d = NULL;
	}
	mutex_unlock(&t->lock);
	kfree(d);
}

/* KEK of @user's wrap. */
static int khsm_tmk_kek(const struct khsm_seal_keys *k, int user, const u8 *pin,
			u32 pin_len, const struct khsm_tmk_wrap *w, u8 *kek)
{
	u8 dk[KHSM_PIN_DK_LEN];
	int ret;

	ret = khsm_pin_derive(pin, pin_len, w->salt, sizeof(w->salt),
			      w->iterations, dk);
	if (!ret)
		ret = khsm_kdf(k->wrap, sizeof(k->wrap), khsm_tmk_labels[user],
			       dk, sizeof(dk), kek);
	memzero_explicit(dk, sizeof(dk));
	return ret;
}

/**
 * khsm_store_prepare_wrap() - wrap the TMK (or a new one) under a PIN
 * @t: the token
 * @user: KHSM_USER_SO or KHSM_USER_USER: whose PIN
 * @pin: the PIN
 * @pin_len: its length
 * @fresh: make a new TMK (C_InitToken)
 * @p: receives the wrap; the caller wipes it
 *
 * The slow part, run without the token's lock; khsm_store_install_wrap()
 * installs the result. Nothing to do for a token that is not persistent.
 *
 * Return: 0; -ENOKEY without @fresh when the TMK is not known; the errors
 * of khsm_machine_key_get() and khsm_pin_derive().
 */
int khsm_store_prepare_wrap(struct khsm_token *t, int user, const u8 *pin,
			    u32 pin_len, bool fresh, struct khsm_wrap_prep *p)
{
	struct khsm_tmk_wrap *w = &p->wrap;
	struct khsm_tstore *st = t->store;
	struct khsm_seal_keys k;
	u8 kek[KHSM_SEAL_KEY_LEN];
	int ret = 0;

	memset(p, 0, sizeof(*p));
	p->user = -1;
	if (!st)
		return 0;
	mutex_lock(&t->lock);
	if (fresh)
		ret = khsm_crypto_random(p->tmk, sizeof(p->tmk));
	else if (!st->have_tmk)
		ret = -ENOKEY;
	else
		memcpy(p->tmk, st->tmk, sizeof(p->tmk));
	w->iterations = t->pbkdf2_iterations;
	mutex_unlock(&t->lock);
	if (ret)
		goto out;

	ret = khsm_seal_keys(st->uuid, &k);
	if (ret)
		goto out;
	ret = khsm_crypto_random(w->salt, sizeof(w->salt))	     ?:
		      khsm_crypto_random(w->nonce, sizeof(w->nonce)) ?:
		      khsm_tmk_kek(&k, user, pin, pin_len, w, kek)   ?:
		      khsm_gcm(true, kek, w->nonce, st->uuid, KHSM_UUID_LEN,
			       p->tmk, KHSM_TMK_LEN, w->ct);
	memzero_explicit(kek, sizeof(kek));
	memzero_explicit(&k, sizeof(k));
	if (ret)
		goto out;
	w->set = 1;
	p->user = user;
	p->fresh = fresh;
out:
	if (ret)
		memzero_explicit(p, sizeof(*p));
	return ret;
}

/* Forget the private objects that wait for an old TMK. */
static void khsm_sealed_drop_all(struct khsm_token *t)
{
	struct khsm_tstore *st = t->store;
	struct khsm_sealed *s;
	unsigned long id;

	xa_for_each(&st->sealed, id, s) {
		xa_erase(&st->sealed, id);
		xa_release(&t->objects, id);
		khsm_sealed_free(s);
	}
}

/**
 * khsm_store_install_wrap() - install a wrap from khsm_store_prepare_wrap()
 * @t: the token
 * @p: the prepared wrap
 *
 * With a fresh TMK (C_InitToken) the other PIN's wrap and the private
 * objects sealed under the old TMK go.
 *
 * Context: @t's lock held.
 */
void khsm_store_install_wrap(struct khsm_token *t, struct khsm_wrap_prep *p)
{
	struct khsm_tstore *st = t->store;

	lockdep_assert_held(&t->lock);
	if (!st || p->user < 0)
		return;
	if (p->fresh) {
		memcpy(st->tmk, p->tmk, KHSM_TMK_LEN);
		st->have_tmk = true;
		memzero_explicit(st->wrap, sizeof(st->wrap));
		khsm_sealed_drop_all(t);
	}
	st->wrap[p->user] = p->wrap;
	st->seq++;
}

/* Open every private object restored under the TMK; t->lock held. */
static int khsm_sealed_open_all(struct khsm_token *t)
{
	struct khsm_tstore *st = t->store;
	struct khsm_record_header h;
	u8 kpriv[KHSM_SEAL_KEY_LEN];
	struct khsm_object *obj;
	struct khsm_sealed *s;
	unsigned long id;
	u32 pt_len;
	u8 *pt;
	int ret;

	lockdep_assert_held(&t->lock);
	ret = khsm_kdf(st->tmk, KHSM_TMK_LEN, "khsm private v1", st->uuid,
		       KHSM_UUID_LEN, kpriv);
	if (ret)
		return ret;
	xa_for_each(&st->sealed, id, s) {
		khsm_header_init(&h, st->uuid, KHSM_RECORD_PRIVATE, id,
				 s->version);
		ret = -EBADMSG;
		if (s->len < KHSM_SEAL_NONCE_LEN + KHSM_SEAL_TAG_LEN)
			break;
		pt_len = s->len - KHSM_SEAL_NONCE_LEN - KHSM_SEAL_TAG_LEN;
		ret = -ENOMEM;
		pt = kvmalloc(pt_len ?: 1, GFP_KERNEL_ACCOUNT);
		if (!pt)
			break;
		ret = khsm_gcm(false, kpriv, s->data, &h, KHSM_HDR_ID_LEN,
			       s->data + KHSM_SEAL_NONCE_LEN,
			       s->len - KHSM_SEAL_NONCE_LEN, pt);
		if (!ret)
			ret = khsm_objrec_decode(pt, pt_len, &obj);
		kvfree_sensitive(pt, pt_len ?: 1);
		if (ret)
			break;
		obj->rec_ver = s->version;
		obj->durable_ver = s->version;
		/* Takes the slot reserved for it at load. */
		ret = khsm_object_restore(t, obj, id);
		if (ret) {
			khsm_object_put(obj);
			break;
		}
		xa_erase(&st->sealed, id);
		khsm_sealed_free(s);
	}
	memzero_explicit(kpriv, sizeof(kpriv));
	if (ret)
		pr_warn_ratelimited("restored private object: %d\n", ret);
	return ret;
}

/**
 * khsm_store_unlock() - unwrap the TMK with a PIN just verified
 * @t: the token
 * @user: whose PIN
 * @pin: the PIN
 * @pin_len: its length
 *
 * The first login after a restore opens the token's private objects.
 *
 * Return: 0 (also for a token that is not persistent or already
 * unlocked); -ENOKEY if @user's PIN wraps no TMK; -EBADMSG; the errors of
 * khsm_machine_key_get().
 */
int khsm_store_unlock(struct khsm_token *t, int user, const u8 *pin,
		      u32 pin_len)
{
	struct khsm_tstore *st = t->store;
	u8 kek[KHSM_SEAL_KEY_LEN], tmk[KHSM_TMK_LEN];
	struct khsm_seal_keys k;
	struct khsm_tmk_wrap w;
	int ret = 0;

	if (!st)
		return 0;
	mutex_lock(&t->lock);
	if (!st->have_tmk) {
		w = st->wrap[user];
		if (!w.set)
			ret = -ENOKEY;
	}
	mutex_unlock(&t->lock);
	if (st->have_tmk || ret)
		goto out;

	ret = khsm_seal_keys(st->uuid, &k);
	if (ret)
		goto out;
	ret = khsm_tmk_kek(&k, user, pin, pin_len, &w, kek) ?:
		      khsm_gcm(false, kek, w.nonce, st->uuid, KHSM_UUID_LEN,
			       w.ct, sizeof(w.ct), tmk);
	memzero_explicit(&k, sizeof(k));
	if (ret)
		goto out;
	mutex_lock(&t->lock);
	if (!st->have_tmk) {
		memcpy(st->tmk, tmk, sizeof(tmk));
		st->have_tmk = true;
	}
	ret = khsm_sealed_open_all(t);
	mutex_unlock(&t->lock);
out:
	memzero_explicit(kek, sizeof(kek));
	memzero_explicit(tmk, sizeof(tmk));
	memzero_explicit(&w, sizeof(w));
	return ret;
}

static void khsm_seen_update(const u8 *uuid, u64 version)
{
	struct khsm_seen *s;

	lockdep_assert_held(&khsm_load_lock);
	list_for_each_entry(s, &khsm_seen_list, node) {
		if (!memcmp(s->uuid, uuid, KHSM_UUID_LEN)) {
			s->version = max(s->version, version);
			list_move(&s->node, &khsm_seen_list);
			return;
		}
	}
	if (khsm_nseen < KHSM_MAX_SEEN) {
		s = kzalloc(sizeof(*s), GFP_KERNEL);
		if (!s)
			return;
		khsm_nseen++;
	} else {
		/* Full: the token seen longest ago makes room. */
		s = list_last_entry(&khsm_seen_list, struct khsm_seen, node);
		list_del(&s->node);
	}
	memcpy(s->uuid, uuid, KHSM_UUID_LEN);
	s->version = version;
	list_add(&s->node, &khsm_seen_list);
}

static u64 khsm_seen_version(const u8 *uuid)
{
	struct khsm_seen *s;

	lockdep_assert_held(&khsm_load_lock);
	list_for_each_entry(s, &khsm_seen_list, node)
		if (!memcmp(s->uuid, uuid, KHSM_UUID_LEN))
			return s->version;
	return 0;
}

/**
 * khsm_store_uninit() - forget the versions seen, at module exit
 */
void khsm_store_uninit(void)
{
	struct khsm_seen *s, *tmp;

	list_for_each_entry_safe(s, tmp, &khsm_seen_list, node)
		kfree(s);
	INIT_LIST_HEAD(&khsm_seen_list);
	khsm_nseen = 0;
}

/**
 * khsm_store_info() - KHSM_IOC_STORE_INFO
 * @file: the caller's file
 * @req: struct khsm_store_info
 *
 * Return: 0 or -EINVAL.
 */
int khsm_store_info(struct file *file, void *req)
{
	struct khsm_store_info *r = req;
	u8 mk[KHSM_MACHINE_KEY_LEN];

	if (r->flags || memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	r->keyring = khsm_machine_keyring_serial();
	r->machine_key = khsm_machine_key_get(mk);
	memzero_explicit(mk, sizeof(mk));
	return 0;
}

/* Which version of @obj the store has in the current round, or 0. */
static u64 khsm_stored_ver(const struct khsm_tstore *st,
			   const struct khsm_object *obj)
{
	return obj->pulled_round == st->round ? obj->pulled_ver :
						obj->durable_ver;
}

static int khsm_copy_record(struct khsm_store_pull *r, const u8 *rec, u32 len)
{
	u32 room = r->buf_len;

	r->buf_len = len;
	if (room < len)
		return KHSM_RET_SHORT_BUFFER;
	if (copy_to_user(u64_to_user_ptr(r->buf), rec, len))
		return -EFAULT;
	return 0;
}

static int khsm_pull_object(struct khsm_token *t, struct khsm_object *obj,
			    struct khsm_store_pull *r)
{
	struct khsm_tstore *st = t->store;
	u8 tmk[KHSM_TMK_LEN], *pt = NULL, *rec = NULL;
	u32 pt_len, rec_len, kind;
	struct khsm_seal_keys k;
	u64 ver, round;
	int ret;

	ret = khsm_seal_keys(st->uuid, &k);
	if (ret)
		return ret;
	kind = READ_ONCE(obj->bools) & BIT(KHSM_B_PRIVATE) ?
		       KHSM_RECORD_PRIVATE :
		       KHSM_RECORD_OBJECT;
	mutex_lock(&obj->lock);
	ret = khsm_objrec_encode(obj, &pt, &pt_len);
	mutex_lock(&t->lock);
	ver = obj->rec_ver;
	round = st->round;
	if (kind == KHSM_RECORD_PRIVATE && !st->have_tmk && !ret)
		ret = -ENOKEY;
	memcpy(tmk, st->tmk, sizeof(tmk));
	mutex_unlock(&t->lock);
	mutex_unlock(&obj->lock);
	if (ret)
		goto out;

	ret = khsm_record_seal(&k, tmk, st->uuid, kind, obj->handle, ver, pt,
			       pt_len, &rec, &rec_len);
	if (ret)
		goto out;
	r->kind = kind;
	r->id = obj->handle;
	r->version = ver;
	ret = khsm_copy_record(r, rec, rec_len);
	if (!ret) {
		mutex_lock(&t->lock);
		if (st->round == round) {
			obj->pulled_ver = ver;
			obj->pulled_round = round;
		}
		mutex_unlock(&t->lock);
	}
out:
	if (pt)
		kvfree_sensitive(pt, pt_len);
	kvfree(rec);
	memzero_explicit(tmk, sizeof(tmk));
	memzero_explicit(&k, sizeof(k));
	return ret;
}

/*
 * The state record's plaintext, with the manifest: every token object the
 * store holds a version of, and every private object still sealed.
 * Called with t->lock held and no object pending, so the manifest names
 * exactly the records of this round and the ones acknowledged before.
 */
static int khsm_state_build(struct khsm_token *t, struct khsm_state_rec **out,
			    u32 *out_len)
{
	struct khsm_tstore *st = t->store;
	struct khsm_state_rec *s;
	struct khsm_sealed *sd;
	struct khsm_object *obj;
	unsigned long id;
	u32 cap, n = 0, i;
	size_t size;

	lockdep_assert_held(&t->lock);
again:
	cap = atomic_read(&t->nobjects) + 16;
	xa_for_each(&st->sealed, id, sd)
		cap++;
	size = struct_size(s, e, cap);
	s = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	xa_lock(&t->objects);
	xa_for_each(&t->objects, id, obj) {
		u64 v = khsm_stored_ver(st, obj);

		if (!khsm_is_token_object(obj) || !v)
			continue;
		if (n == cap)
			break;
		s->e[n].id = id;
		s->e[n].kind = READ_ONCE(obj->bools) & BIT(KHSM_B_PRIVATE) ?
				       KHSM_RECORD_PRIVATE :
				       KHSM_RECORD_OBJECT;
		s->e[n].version = v;
		n++;
	}
	xa_unlock(&t->objects);
	xa_for_each(&st->sealed, id, sd) {
		if (n == cap)
			break;
		s->e[n].id = id;
		s->e[n].kind = KHSM_RECORD_PRIVATE;
		s->e[n].version = sd->version;
		n++;
	}
	if (n == cap) {
		/* Objects were added meanwhile: count again. */
		kvfree(s);
		n = 0;
		goto again;
	}
	s->uid = from_kuid(&init_user_ns, t->uid);
	s->gid = from_kgid(&init_user_ns, t->gid);
	s->mode = t->mode;
	s->flags = t->initialized ? KHSM_STATE_INITIALIZED : 0;
	memcpy(s->label, t->label, sizeof(s->label));
	memcpy(s->serial, t->serial, sizeof(s->serial));
	s->max_pin_failures = t->max_pin_failures;
	s->pbkdf2_iterations = t->pbkdf2_iterations;
	for (i = 0; i < 2; i++) {
		const struct khsm_pin_state *ps =
			i == KHSM_USER_SO ? &t->so_pin : &t->user_pin;

		s->pin_set[i] = ps->set;
		s->pin_failures[i] = ps->failures;
		s->pin[i] = ps->v;
		s->wrap[i] = st->wrap[i];
	}
	s->def_pin_failures = t->def_pin_failures;
	s->def_iterations = t->def_iterations;
	s->next_handle = t->next_handle;
	s->nentries = n;
	*out = s;
	*out_len = struct_size(s, e, n);
	return 0;
}

/* The state record closes a round; t->lock held, unlocked on return. */
static int khsm_pull_state(struct khsm_token *t, struct khsm_store_pull *r)
{
	struct khsm_tstore *st = t->store;
	struct khsm_state_rec *s = NULL;
	u32 s_len = 0, rec_len;
	struct khsm_seal_keys k;
	u8 *rec = NULL;
	u64 ver;
	int ret;

	lockdep_assert_held(&t->lock);
	ver = st->seq;
	ret = khsm_state_build(t, &s, &s_len);
	if (!ret)
		st->round_state = ver;
	mutex_unlock(&t->lock);
	if (ret)
		return ret;

	ret = khsm_seal_keys(st->uuid, &k);
	if (!ret)
		ret = khsm_record_seal(&k, NULL, st->uuid, KHSM_RECORD_STATE, 0,
				       ver, (u8 *)s, s_len, &rec, &rec_len);
	memzero_explicit(&k, sizeof(k));
	if (!ret) {
		r->kind = KHSM_RECORD_STATE;
		r->id = 0;
		r->version = ver;
		ret = khsm_copy_record(r, rec, rec_len);
	}
	if (ret) {
		/* Not handed out: the next pull builds it again. */
		mutex_lock(&t->lock);
		if (st->round_state == ver)
			st->round_state = 0;
		mutex_unlock(&t->lock);
	}
	kvfree(rec);
	kvfree_sensitive(s, s_len);
	return ret;
}

static int khsm_pull_next(struct khsm_token *t, struct khsm_store_pull *r)
{
	struct khsm_tstore *st = t->store;
	struct khsm_object *obj, *found = NULL;
	struct khsm_deleted *d;
	unsigned long id;

	mutex_lock(&t->lock);
	if (r->flags & KHSM_STORE_PULL_BEGIN) {
		st->round++;
		st->round_state = 0;
	}
	if (st->round_state || st->seq <= st->durable) {
		mutex_unlock(&t->lock);
		return -ENODATA;
	}
	list_for_each_entry(d, &st->deleted, node) {
		if (d->round == st->round)
			continue;
		d->round = st->round;
		r->kind = KHSM_RECORD_DELETE;
		r->id = d->id;
		r->version = d->version;
		r->buf_len = 0;
		mutex_unlock(&t->lock);
		return 0;
	}
	xa_lock(&t->objects);
	xa_for_each(&t->objects, id, obj) {
		if (khsm_is_token_object(obj) &&
		    obj->rec_ver != khsm_stored_ver(st, obj)) {
			kref_get(&obj->ref);
			found = obj;
			break;
		}
	}
	xa_unlock(&t->objects);
	if (found) {
		int ret;

		mutex_unlock(&t->lock);
		ret = khsm_pull_object(t, found, r);
		khsm_object_put(found);
		return ret;
	}
	return khsm_pull_state(t, r);
}

/**
 * khsm_store_pull() - KHSM_IOC_STORE_PULL
 * @file: the caller's file
 * @req: struct khsm_store_pull
 *
 * Return: 0 with a record; -ENODATA when the round is complete (or the
 * token is not persistent); -ENOSPC with the length in @buf_len; the
 * errors of khsm_machine_key_get(); -EINVAL, -ENXIO, -EACCES, -EFAULT.
 */
int khsm_store_pull(struct file *file, void *req)
{
	struct khsm_store_pull *r = req;
	struct khsm_token *t;
	int ret;

	if ((r->flags & ~(KHSM_STORE_PULL_BEGIN | KHSM_STORE_PULL_PEEK)) ||
	    r->kind || r->id || r->version || r->pending ||
	    memchr_inv(r->uuid, 0, sizeof(r->uuid)) ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	t = khsm_token_get(r->token, file->f_cred, &ret);
	if (!t)
		return ret;
	if (!t->store) {
		ret = r->flags & KHSM_STORE_PULL_PEEK ? 0 : -ENODATA;
		goto out_put;
	}
	memcpy(r->uuid, t->store->uuid, sizeof(r->uuid));
	mutex_lock(&t->lock);
	r->pending = t->store->seq > t->store->durable;
	mutex_unlock(&t->lock);
	ret = r->flags & KHSM_STORE_PULL_PEEK ? 0 : khsm_pull_next(t, r);
out_put:
	khsm_token_put(t);
	return ret;
}

/**
 * khsm_store_ack() - KHSM_IOC_STORE_ACK
 * @file: the caller's file
 * @req: struct khsm_store_ack
 *
 * Return: 0; -ESTALE when @version is not the state record of the current
 * round; -ENODATA for a token that is not persistent; -EINVAL, -ENXIO,
 * -EACCES.
 */
int khsm_store_ack(struct file *file, void *req)
{
	struct khsm_store_ack *r = req;
	struct khsm_deleted *d, *tmp;
	struct khsm_object *obj;
	struct khsm_tstore *st;
	struct khsm_token *t;
	unsigned long id;
	int ret;

	if (r->flags || r->pad ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	t = khsm_token_get(r->token, file->f_cred, &ret);
	if (!t)
		return ret;
	st = t->store;
	ret = -ENODATA;
	if (!st)
		goto out_put;
	mutex_lock(&t->lock);
	ret = -ESTALE;
	if (!r->version || r->version != st->round_state)
		goto out_unlock;
	st->durable = max(st->durable, r->version);
	xa_lock(&t->objects);
	xa_for_each(&t->objects, id, obj)
		if (obj->pulled_round == st->round)
			obj->durable_ver = obj->pulled_ver;
	xa_unlock(&t->objects);
	list_for_each_entry_safe(d, tmp, &st->deleted, node) {
		if (d->version <= r->version) {
			list_del(&d->node);
			kfree(d);
			st->ndeleted--;
		}
	}
	st->round_state = 0;
	ret = 0;
out_unlock:
	mutex_unlock(&t->lock);
	if (!ret) {
		mutex_lock(&khsm_load_lock);
		khsm_seen_update(st->uuid, r->version);
		mutex_unlock(&khsm_load_lock);
	}
out_put:
	khsm_token_put(t);
	return ret;
}

/* One record of a load: its header checked, its body read on demand. */
struct khsm_load_rec {
	struct khsm_record_header h;
	u64 data;
	u32 len;
	u32 status;
};

static int khsm_load_header(struct khsm_load_rec *lr)
{
	struct khsm_record_header *h = &lr->h;
	bool is_state;

	if (lr->len < sizeof(*h) || lr->len > KHSM_MAX_RECORD_LEN)
		return -EINVAL;
	if (copy_from_user(h, u64_to_user_ptr(lr->data), sizeof(*h)))
		return -EFAULT;
	is_state = h->kind == KHSM_RECORD_STATE;
	if (memcmp(h->magic, KHSM_RECORD_MAGIC, sizeof(h->magic)) ||
	    h->format != KHSM_RECORD_FORMAT || h->reserved || h->pad ||
	    h->len != lr->len - sizeof(*h) || h->len < KHSM_SEAL_TAG_LEN ||
	    h->kind < KHSM_RECORD_STATE || h->kind > KHSM_RECORD_PRIVATE ||
	    !h->id != is_state || h->id > U32_MAX)
		return -EBADMSG;
	return 0;
}

/* Read a record's body and open its outer seal. */
static int khsm_load_open(const struct khsm_seal_keys *k,
			  struct khsm_load_rec *lr, u8 **pt)
{
	u8 *body;
	int ret;

	body = kvmalloc(lr->h.len, GFP_KERNEL_ACCOUNT);
	if (!body)
		return -ENOMEM;
	ret = -EFAULT;
	if (!copy_from_user(body, u64_to_user_ptr(lr->data) + sizeof(lr->h),
			    lr->h.len))
		ret = khsm_record_open(k, &lr->h, body, pt);
	kvfree(body);
	return ret;
}

static int khsm_entry_cmp(const void *a, const void *b)
{
	const struct khsm_manifest_entry *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static struct khsm_manifest_entry *khsm_entry_find(struct khsm_state_rec *s,
						   u32 id)
{
	u32 lo = 0, hi = s->nentries;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (s->e[mid].id == id)
			return &s->e[mid];
		if (s->e[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A token from its state record; the caller adds the objects. */
static int khsm_load_state(const u8 *pt, u32 len, const u8 *uuid, u64 version,
			   struct khsm_state_rec **sp, struct khsm_token **tp)
{
	struct khsm_state_rec *s;
	struct khsm_tstore *st;
	struct khsm_token *t;
	kuid_t uid;
	kgid_t gid;
	u32 i;

	if (len < sizeof(*s))
		return -EUCLEAN;
	s = (struct khsm_state_rec *)pt;
	if (len != struct_size(s, e, s->nentries) ||
	    s->nentries > KHSM_MAX_OBJECTS || s->mode & ~0777U ||
	    s->flags & ~KHSM_STATE_INITIALIZED ||
	    s->max_pin_failures > KHSM_MAX_PIN_FAILURES ||
	    s->pbkdf2_iterations > KHSM_PBKDF2_MAX_ITER ||
	    !s->def_pin_failures ||
	    s->def_pin_failures > KHSM_MAX_PIN_FAILURES ||
	    s->def_iterations < KHSM_PBKDF2_MIN_ITER ||
	    s->def_iterations > KHSM_PBKDF2_MAX_ITER)
		return -EUCLEAN;
	uid = make_kuid(&init_user_ns, s->uid);
	gid = make_kgid(&init_user_ns, s->gid);
	if (!uid_valid(uid) || !gid_valid(gid))
		return -EUCLEAN;
	sort(s->e, s->nentries, sizeof(s->e[0]), khsm_entry_cmp, NULL);
	for (i = 0; i < s->nentries; i++)
		if (!s->e[i].id || (i && s->e[i].id == s->e[i - 1].id) ||
		    (s->e[i].kind != KHSM_RECORD_OBJECT &&
		     s->e[i].kind != KHSM_RECORD_PRIVATE))
			return -EUCLEAN;

	t = khsm_token_alloc(uid, gid, s->mode);
	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (st) {
		INIT_LIST_HEAD(&st->deleted);
		xa_init(&st->sealed);
		st->tmk = khsm_secret_alloc(KHSM_TMK_LEN);
	}
	if (!t || !st || !st->tmk) {
		khsm_store_free(st);
		khsm_token_put(t);
		return -ENOMEM;
	}
	memcpy(st->uuid, uuid, KHSM_UUID_LEN);
	st->seq = version;
	st->durable = version;
	st->round = 1;
	st->wrap[0] = s->wrap[0];
	st->wrap[1] = s->wrap[1];
	t->store = st;
	t->initialized = s->flags & KHSM_STATE_INITIALIZED;
	memcpy(t->label, s->label, sizeof(t->label));
	memcpy(t->serial, s->serial, sizeof(t->serial));
	t->max_pin_failures = s->max_pin_failures ?: KHSM_DEFAULT_PIN_FAILURES;
	t->pbkdf2_iterations = s->pbkdf2_iterations;
	t->def_pin_failures = s->def_pin_failures;
	t->def_iterations = s->def_iterations;
	t->so_pin.set = s->pin_set[KHSM_USER_SO];
	t->so_pin.failures = s->pin_failures[KHSM_USER_SO];
	t->so_pin.v = s->pin[KHSM_USER_SO];
	t->user_pin.set = s->pin_set[KHSM_USER_USER];
	t->user_pin.failures = s->pin_failures[KHSM_USER_USER];
	t->user_pin.v = s->pin[KHSM_USER_USER];
	t->next_handle = s->next_handle;
	*sp = s;
	*tp = t;
	return 0;
}

/* Put one genuine object record the manifest names into the new token. */
static int khsm_load_object(struct khsm_token *t, struct khsm_load_rec *lr,
			    u8 *pt)
{
	u32 pt_len = lr->h.len - KHSM_SEAL_TAG_LEN;
	struct khsm_object *obj;
	struct khsm_sealed *s;
	int ret;

	if (lr->h.kind == KHSM_RECORD_PRIVATE) {
		/* The inner seal opens with the TMK, at the first login. */
		s = kvmalloc(struct_size(s, data, pt_len), GFP_KERNEL_ACCOUNT);
		if (!s)
			return -ENOMEM;
		s->version = lr->h.version;
		s->len = pt_len;
		memcpy(s->data, pt, pt_len);
		ret = xa_reserve(&t->objects, lr->h.id, GFP_KERNEL_ACCOUNT);
		if (!ret)
			ret = xa_err(xa_store(&t->store->sealed, lr->h.id, s,
					      GFP_KERNEL_ACCOUNT));
		if (ret)
			khsm_sealed_free(s);
		return ret;
	}
	ret = khsm_objrec_decode(pt, pt_len, &obj);
	if (ret)
		return ret;
	/* The record says what it is; the object must agree. */
	if (!(obj->bools & BIT(KHSM_B_TOKEN)) ||
	    (obj->bools & BIT(KHSM_B_PRIVATE))) {
		khsm_object_put(obj);
		return -EUCLEAN;
	}
	obj->rec_ver = lr->h.version;
	obj->durable_ver = lr->h.version;
	ret = khsm_object_restore(t, obj, lr->h.id);
	if (ret)
		khsm_object_put(obj);
	return ret;
}

/*
 * The whole load, under khsm_load_lock. On failure r->failed and
 * r->failed_id say which record; nothing was published.
 */
static int khsm_load_locked(struct khsm_store_load *r,
			    struct khsm_load_rec *lrs, u32 si)
{
	struct khsm_state_rec *s = NULL;
	struct khsm_manifest_entry *e;
	struct khsm_token *t = NULL;
	struct khsm_load_rec *st = &lrs[si];
	struct khsm_seal_keys k;
	u8 *spt = NULL, *pt;
	u32 i, found = 0;
	int ret;

	lockdep_assert_held(&khsm_load_lock);
	if (khsm_token_uuid_in_use(st->h.uuid))
		return -EEXIST;
	r->failed = si;
	if (st->h.version < khsm_seen_version(st->h.uuid))
		return -ESTALE;
	ret = khsm_seal_keys(st->h.uuid, &k);
	if (ret) {
		r->failed = ~0U;
		return ret;
	}
	ret = khsm_load_open(&k, st, &spt);
	if (ret)
		goto out;
	ret = khsm_load_state(spt, st->h.len - KHSM_SEAL_TAG_LEN, st->h.uuid,
			      st->h.version, &s, &t);
	if (ret)
		goto out;

	for (i = 0; i < r->count; i++) {
		struct khsm_load_rec *lr = &lrs[i];

		if (i == si)
			continue;
		r->failed = i;
		ret = khsm_load_open(&k, lr, &pt);
		if (ret)
			goto out;
		e = khsm_entry_find(s, lr->h.id);
		if (e && e->version == lr->h.version && e->kind == lr->h.kind) {
			ret = khsm_load_object(t, lr, pt);
			lr->status = KHSM_STORE_RECORD_USED;
			found++;
			/* A copy of the same record is a leftover. */
			e->version = 0;
		}
		kvfree_sensitive(pt, lr->h.len - KHSM_SEAL_TAG_LEN ?: 1);
		if (ret)
			goto out;
		cond_resched();
		ret = -EINTR;
		if (fatal_signal_pending(current))
			goto out;
		ret = 0;
	}
	r->failed = ~0U;
	ret = -ENODATA;
	if (found != s->nentries) {
		/* Name one record the state wants and nobody gave. */
		for (i = 0; i < s->nentries; i++) {
			u32 j;

			for (j = 0; j < r->count; j++)
				if (lrs[j].status && lrs[j].h.id == s->e[i].id)
					break;
			if (j == r->count) {
				r->failed_id = s->e[i].id;
				break;
			}
		}
		goto out;
	}
	lrs[si].status = KHSM_STORE_RECORD_USED;
	ret = khsm_token_publish(t, &r->token);
	if (ret)
		goto out;
	t = NULL;
	khsm_seen_update(st->h.uuid, st->h.version);
	memcpy(r->uuid, st->h.uuid, sizeof(r->uuid));
out:
	khsm_token_put(t);
	if (spt)
		kvfree_sensitive(spt, st->h.len - KHSM_SEAL_TAG_LEN ?: 1);
	memzero_explicit(&k, sizeof(k));
	return ret;
}

/**
 * khsm_store_load() - KHSM_IOC_STORE_LOAD
 * @file: the caller's file
 * @req: struct khsm_store_load
 *
 * Every record is authenticated and the state's manifest checked before
 * the token is published; on any error nothing is loaded.
 *
 * Return: 0; the store errors of linux/khsm.h with @failed (and
 * @failed_id) naming the record; -EINVAL, -EFAULT, -ENOMEM.
 */
int khsm_store_load(struct file *file, void *req)
{
	struct khsm_store_load *r = req;
	struct khsm_store_record *urecs;
	struct khsm_load_rec *lrs;
	u32 i, si = ~0U;
	int ret;

	if (r->flags || r->pad || r->token || r->failed || r->failed_id ||
	    memchr_inv(r->uuid, 0, sizeof(r->uuid)) ||
	    memchr_inv(r->reserved, 0, sizeof(r->reserved)))
		return -EINVAL;
	if (!r->count || r->count > KHSM_MAX_STORE_RECORDS)
		return -EINVAL;
	r->failed = ~0U;
	urecs = vmemdup_user(u64_to_user_ptr(r->records),
			     array_size(r->count, sizeof(*urecs)));
	if (IS_ERR(urecs))
		return PTR_ERR(urecs);
	ret = -ENOMEM;
	lrs = kvcalloc(r->count, sizeof(*lrs), GFP_KERNEL_ACCOUNT);
	if (!lrs)
		goto out_free_urecs;

	for (i = 0; i < r->count; i++) {
		lrs[i].data = urecs[i].data;
		lrs[i].len = urecs[i].len;
		ret = urecs[i].status ? -EINVAL : khsm_load_header(&lrs[i]);
		if (!ret && lrs[i].h.kind == KHSM_RECORD_STATE)
			ret = si == ~0U ? 0 : -EINVAL;
		if (ret) {
			r->failed = i;
			goto out_free;
		}
		if (lrs[i].h.kind == KHSM_RECORD_STATE)
			si = i;
	}
	ret = -ENODATA;
	if (si == ~0U)
		goto out_free;
	for (i = 0; i < r->count; i++) {
		if (memcmp(lrs[i].h.uuid, lrs[si].h.uuid, KHSM_UUID_LEN)) {
			r->failed = i;
			ret = -EXDEV;
			goto out_free;
		}
	}

	mutex_lock(&khsm_load_lock);
	ret = khsm_load_locked(r, lrs, si);
	mutex_unlock(&khsm_load_lock);

	for (i = 0; !ret && i < r->count; i++)
		urecs[i].status = lrs[i].status;
	if (!ret && copy_to_user(u64_to_user_ptr(r->records), urecs,
				 array_size(r->count, sizeof(*urecs))))
		ret = -EFAULT;
out_free:
	kvfree(lrs);
out_free_urecs:
	kvfree(urecs);
	return ret;
}
