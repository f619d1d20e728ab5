/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_MECH_H
#define _KHSM_MECH_H

#include <linux/types.h>

#include "crypto/shim.h"

struct khsm_object;

/**
 * struct khsm_mech_op - one operation, all in kernel memory
 * @op: KHSM_OP_*
 * @obj: the key object (referenced): an asymmetric key's parsed form
 * @key: a secret key's value, or an EC private scalar (in secret memory)
 * @key_len: its length
 * @param: the mechanism parameter
 * @param_len: its length
 * @in: the input
 * @in_len: its length
 * @aad: additional authenticated data
 * @aad_len: its length
 * @sig: the signature or MAC to verify
 * @sig_len: its length
 * @out: the output buffer, of the size max_out() returned
 * @out_len: receives the bytes written
 * @out_cap: the size allocated for @out
 * @out_secret: @out holds key material: keep it in secret memory
 * @prehashed: @in is already the hash a hashing mechanism would make
 * @reauth: the key is a private key with CKA_ALWAYS_AUTHENTICATE: the
 *	operation needs a context-specific login (set by khsm_crypt_key())
 */
struct khsm_mech_op {
	u32 op;
	const struct khsm_object *obj;
	const u8 *key;
	u32 key_len;
	const u8 *param;
	u32 param_len;
	const u8 *in;
	size_t in_len;
	const u8 *aad;
	size_t aad_len;
	const u8 *sig;
	size_t sig_len;
	u8 *out;
	size_t out_len;
	size_t out_cap;
	bool out_secret;
	bool prehashed;
	bool reauth;
};

/**
 * struct khsm_mech - one row of the mechanism table
 * @mech: KHSM_MECH_* (the CKM_* number)
 * @key_type: KHSM_KEY_* the key must be
 * @ops: BIT(KHSM_OP_*) of the operations it does
 * @alg: kernel crypto API algorithm, where one is used
 * @max_out: checks the parameter and input length of @op; returns the
 *	most output the operation can produce, or -errno
 * @run: does the operation
 * @name: for messages
 */
struct khsm_mech {
	u64 mech;
	u64 key_type;
	u32 ops;
	const char *alg;
	ssize_t (*max_out)(const struct khsm_mech *m,
			   const struct khsm_mech_op *op);
	int (*run)(const struct khsm_mech *m, struct khsm_mech_op *op);
	const char *name;
};

const struct khsm_mech *khsm_mech_find(u64 mech);
const struct khsm_mech *khsm_mech_at(unsigned int i);
int khsm_mech_table_check(void);

/* The families, in mech_aes.c and mech_hmac.c. */
ssize_t khsm_aes_block_max_out(const struct khsm_mech *m,
			       const struct khsm_mech_op *op);
int khsm_aes_block_run(const struct khsm_mech *m, struct khsm_mech_op *op);
ssize_t khsm_aes_gcm_max_out(const struct khsm_mech *m,
			     const struct khsm_mech_op *op);
int khsm_aes_gcm_run(const struct khsm_mech *m, struct khsm_mech_op *op);
ssize_t khsm_aes_wrap_max_out(const struct khsm_mech *m,
			      const struct khsm_mech_op *op);
int khsm_aes_wrap_run(const struct khsm_mech *m, struct khsm_mech_op *op);
ssize_t khsm_mac_max_out(const struct khsm_mech *m,
			 const struct khsm_mech_op *op);
int khsm_mac_run(const struct khsm_mech *m, struct khsm_mech_op *op);
ssize_t khsm_rsa_max_out(const struct khsm_mech *m,
			 const struct khsm_mech_op *op);
int khsm_rsa_run(const struct khsm_mech *m, struct khsm_mech_op *op);
ssize_t khsm_ecdsa_max_out(const struct khsm_mech *m,
			   const struct khsm_mech_op *op);
int khsm_ecdsa_run(const struct khsm_mech *m, struct khsm_mech_op *op);
int khsm_mech_hash(u64 mech, enum khsm_hash_alg *alg);

#endif /* _KHSM_MECH_H */
