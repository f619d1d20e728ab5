/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_OBJECT_H
#define _KHSM_OBJECT_H

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/pid.h>

#include "attr.h"
#include "crypto/ec.h"

struct crypto_aead;
struct khsm_rsa_key;

struct khsm_session;
struct khsm_token;

/**
 * struct khsm_object - a data object, certificate or key in a token
 * @ref: references: the token's table and each request using the object
 * @handle: the object's handle in its token
 * @class: KHSM_CLASS_*
 * @key_type: KHSM_KEY_* for keys
 * @key_gen_mech: CKA_KEY_GEN_MECHANISM, or KHSM_ATTR_UNAVAILABLE
 * @owner: for a session object, the process that may see it
 * @session_id: for a session object, the session it dies with; 0 for a
 *	token object
 * @lock: protects @bools, @attrs and @secrets
 * @bools: BIT(enum khsm_bool) for each boolean attribute that is true
 * @attrs: the other attributes, in ordinary memory
 * @secrets: the key material (KHSM_R_SECRET attributes), in secret memory
 * @rsa: an RSA key's parsed form (public or private), in secret memory;
 *	fixed once the object is stored, so a reference is enough to use it
 * @curve: an EC key's curve
 * @ec_pub: an EC key's public point 04||X||Y (for a private key, computed
 *	from it)
 * @ec_pub_len: its length
 * @quota_uid: the user charged for the object, once it is stored
 * @charged: whether @quota_uid was charged
 * @rec_ver: for a persistent token object, the version of its last change
 * @pulled_ver: the version last pulled for the store, in @pulled_round
 * @pulled_round: the pull round of @pulled_ver
 * @durable_ver: the version the last acknowledged state record names
 *
 * The four store fields are protected by the token's lock.
 * @gcm: an AES key's gcm(aes) transform, keyed with its value for 16-byte
 *	tags: made on first use and published once (khsm_aes_gcm_run()),
 *	then only read, without the lock; freed with the object
 */
struct khsm_object {
	struct kref ref;
	u32 handle;
	u64 class;
	u64 key_type;
	u64 key_gen_mech;
	struct pid *owner;
	u64 session_id;
	struct mutex lock; /* protects bools, attrs and secrets */
	u32 bools;
	struct khsm_template *attrs;
	struct khsm_template *secrets;
	struct khsm_rsa_key *rsa;
	enum khsm_ec_curve_id curve;
	u8 ec_pub[KHSM_EC_MAX_POINT];
	u32 ec_pub_len;
	kuid_t quota_uid;
	bool charged;
	u64 rec_ver;
	u64 pulled_ver;
	u64 pulled_round;
	u64 durable_ver;
	struct crypto_aead *gcm;
};

struct khsm_object *khsm_object_get(struct khsm_session *s, u32 handle);
void khsm_object_put(struct khsm_object *obj);
int khsm_object_build(struct khsm_session *s, u64 class,
		      const struct khsm_template *tmpl, bool generated,
		      struct khsm_object **out);
int khsm_object_check_class(struct khsm_object *obj);
bool khsm_key_allows(struct khsm_object *obj, u64 mech);
int khsm_object_insert(struct khsm_session *s, struct khsm_object *obj,
		       u32 *handle);
bool khsm_object_remove(struct khsm_session *s, struct khsm_object *obj);
int khsm_object_commit(struct khsm_session *s, struct khsm_object *obj,
		       u32 *handle);
int khsm_template_class(const struct khsm_template *tmpl, u64 *class);
struct khsm_object *khsm_object_new(u64 class);
int khsm_object_restore(struct khsm_token *t, struct khsm_object *obj,
			u32 handle);

/* Asymmetric keys, in asym_key.c. */
int khsm_asym_key_load(struct khsm_object *obj);
void khsm_asym_key_free(struct khsm_object *obj);
int khsm_ec_private_value(struct khsm_object *obj, u8 *out);
void khsm_objects_destroy_all(struct khsm_token *t);
void khsm_objects_destroy_session(struct khsm_token *t, u64 session_id);

int khsm_object_create(struct file *file, void *req);
int khsm_object_copy(struct file *file, void *req);
int khsm_object_destroy(struct file *file, void *req);
int khsm_attr_get(struct file *file, void *req);
int khsm_attr_set(struct file *file, void *req);
int khsm_object_find(struct file *file, void *req);
int khsm_generate_key(struct file *file, void *req);
int khsm_generate_key_pair(struct file *file, void *req);
int khsm_derive_key(struct file *file, void *req);

#endif /* _KHSM_OBJECT_H */
