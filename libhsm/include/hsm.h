/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhsm: the userspace library over /dev/khsm.
 *
 * Every function returns 0 (or a count) on success and a negative errno
 * value on failure; errno itself is never set. The error values are the
 * kernel's, documented per request in linux/khsm.h; hsm_strerror() turns
 * one into a sentence.
 *
 * A struct hsm is one open /dev/khsm file, that is one kernel session
 * context once hsm_session_open() bound it to a token. Each call is one
 * ioctl(2) on request structs of its own stack frame, so a handle may be
 * shared by threads: the kernel serialises what needs it (the multi-part
 * steps of one operation must still come in order).
 *
 * Templates are arrays of struct khsm_attr, which is CK_ATTRIBUTE on LP64:
 * a PKCS#11 template can be passed as it is.
 *
 * Many requests in flight at once, through io_uring: see hsm_batch.h.
 */
#ifndef _HSM_H
#define _HSM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/khsm.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The device libhsm opens when the caller names none. */
#define HSM_DEFAULT_DEVICE "/dev/khsm"

struct hsm;

/**
 * struct hsm_mech - a mechanism with its parameter, in the kernel's format
 * @mech: KHSM_MECH_*
 * @param: the parameter (IV, struct khsm_gcm_params ...), or NULL
 * @param_len: its length
 */
struct hsm_mech {
	uint64_t mech;
	const void *param;
	size_t param_len;
};

/**
 * hsm_open() - open the keystore device
 * @path: device path, or NULL for HSM_DEFAULT_DEVICE (or $KHSM_DEVICE)
 * @out: receives the handle
 *
 * The module's ABI version is checked: a module older than this library
 * is refused with -EPROTO.
 *
 * Return: 0, or -errno (-ENOENT when the module is not loaded, -EACCES
 * when the caller is not in the device's group, -ENOTTY when @path is not
 * a khsm device).
 */
int hsm_open(const char *path, struct hsm **out);

/**
 * hsm_close() - close a handle from hsm_open()
 * @h: the handle, or NULL
 *
 * Closing the last handle of a session ends it (and its session objects).
 */
void hsm_close(struct hsm *h);

/**
 * hsm_fd() - the file descriptor under a handle (for poll and io_uring)
 * @h: the handle
 *
 * Return: the descriptor, or -EINVAL.
 */
int hsm_fd(const struct hsm *h);

/**
 * hsm_info() - read module version, ABI version, state and lockdown level
 * @h: the handle
 * @info: receives the information
 *
 * Return: 0 or -errno.
 */
int hsm_info(struct hsm *h, struct khsm_info *info);

/**
 * hsm_strerror() - a sentence for a libhsm error code
 * @err: a negative errno value returned by libhsm
 *
 * Return: a static string.
 */
const char *hsm_strerror(int err);

/* Tokens ---------------------------------------------------------------- */

/**
 * hsm_token_create() - add an uninitialised token (needs CAP_SYS_ADMIN)
 * @h: the handle
 * @uid: owner
 * @gid: group
 * @mode: permission bits (0600, 0660, 0666)
 * @token: receives the new token's id
 *
 * Return: 0, -EPERM, -EDQUOT, or -errno.
 */
int hsm_token_create(struct hsm *h, uint32_t uid, uint32_t gid, uint32_t mode,
		     uint32_t *token);

/**
 * hsm_token_create_pin_policy() - hsm_token_create(), with the PIN policy
 *	a later C_InitToken gives the token when it names none
 * @h: the handle
 * @uid: owner
 * @gid: group
 * @mode: permission bits (0600, 0660, 0666)
 * @max_pin_failures: wrong PINs in a row that lock a PIN (1..100), 0 for
 *	the module's default
 * @pbkdf2_iterations: iterations of the PIN verifiers
 *	(KHSM_PBKDF2_MIN_ITER..KHSM_PBKDF2_MAX_ITER), 0 for the default
 * @token: receives the new token's id
 *
 * Return: 0, -EPERM, -EDQUOT, -EINVAL (a value out of range, or a module
 * that predates the policy), or -errno.
 */
int hsm_token_create_pin_policy(struct hsm *h, uint32_t uid, uint32_t gid,
				uint32_t mode, uint32_t max_pin_failures,
				uint32_t pbkdf2_iterations, uint32_t *token);

/**
 * hsm_token_create_flags() - hsm_token_create_pin_policy() with
 *	KHSM_TOKEN_CREATE_* flags
 * @h: the handle
 * @uid: owner
 * @gid: group
 * @mode: permission bits
 * @flags: KHSM_TOKEN_CREATE_PERSISTENT for a token that survives reboots
 * @max_pin_failures: as for hsm_token_create_pin_policy()
 * @pbkdf2_iterations: as for hsm_token_create_pin_policy()
 * @token: receives the new token's id
 *
 * A persistent token's state is written to its store directory (created,
 * owned by @uid:@gid) before this returns.
 *
 * Return: 0, -ENOKEY without a machine key, the errors of
 * hsm_token_create() and hsm_store_sync().
 */
int hsm_token_create_flags(struct hsm *h, uint32_t uid, uint32_t gid,
			   uint32_t mode, uint32_t flags,
			   uint32_t max_pin_failures,
			   uint32_t pbkdf2_iterations, uint32_t *token);

/**
 * hsm_token_destroy() - remove a token with no sessions (CAP_SYS_ADMIN)
 * @h: the handle
 * @token: the token
 *
 * Return: 0, -ENXIO, -EBUSY, -EPERM or -errno.
 */
int hsm_token_destroy(struct hsm *h, uint32_t token);

/**
 * hsm_token_list() - the ids of the tokens the caller may use
 * @h: the handle
 * @ids: receives up to @capacity ids, or NULL to count only
 * @capacity: entries in @ids
 *
 * Return: the number of tokens (which may exceed @capacity: then only
 * @capacity ids were written), or -errno.
 */
int hsm_token_list(struct hsm *h, uint32_t *ids, uint32_t capacity);

/**
 * hsm_token_info() - label, serial, flags and PIN counters of a token
 * @h: the handle
 * @token: the token
 * @info: receives the state
 *
 * Return: 0, -ENXIO, -EACCES or -errno.
 */
int hsm_token_info(struct hsm *h, uint32_t token, struct khsm_token_info *info);

/**
 * hsm_token_init() - C_InitToken: set the SO PIN and label; an
 *	initialised token needs its SO PIN and is wiped
 * @h: the handle
 * @token: the token
 * @so_pin: the SO PIN
 * @pin_len: its length
 * @label: the label (up to KHSM_LABEL_LEN bytes, blank padded here), or
 *	NULL for blanks
 * @max_pin_failures: wrong PINs in a row that lock a PIN, 0 for default
 * @pbkdf2_iterations: iterations of the PIN verifiers, 0 for default
 *
 * Return: 0, -EBUSY with sessions open, -EKEYREJECTED, -EKEYREVOKED,
 * -ERANGE, or -errno.
 */
int hsm_token_init(struct hsm *h, uint32_t token, const void *so_pin,
		   size_t pin_len, const char *label, uint32_t max_pin_failures,
		   uint32_t pbkdf2_iterations);

/* Sessions and PINs ------------------------------------------------------ */

/**
 * hsm_session_open() - bind this handle to a token, making it a session
 * @h: a handle not bound yet
 * @token: the token
 * @flags: KHSM_SESSION_RW or 0
 *
 * Return: 0, -EEXIST, -ENXIO, -ENODEV, -EACCES, -EDQUOT or -errno.
 */
int hsm_session_open(struct hsm *h, uint32_t token, uint32_t flags);

/**
 * hsm_session_info() - token id and PKCS#11 state of the session
 * @h: the session
 * @info: receives them
 *
 * Return: 0, -EBADFD, -ESRCH or -errno.
 */
int hsm_session_info(struct hsm *h, struct khsm_session_info *info);

/**
 * hsm_login() - C_Login
 * @h: the session
 * @user_type: KHSM_USER_SO or KHSM_USER_USER; or KHSM_USER_CONTEXT, the
 *	user PIN again for one operation of this session with a
 *	CKA_ALWAYS_AUTHENTICATE key
 * @pin: the PIN
 * @pin_len: its length
 *
 * Return: 0, -EKEYREJECTED (wrong PIN), -EKEYREVOKED (locked), -EALREADY,
 * -EBUSY, -EROFS, -ENOKEY, -ERANGE, -EPERM (KHSM_USER_CONTEXT without a
 * user login) or -errno.
 */
int hsm_login(struct hsm *h, uint32_t user_type, const void *pin,
	      size_t pin_len);

/**
 * hsm_logout() - C_Logout
 * @h: the session
 *
 * Return: 0, -EPERM when nobody is logged in, or -errno.
 */
int hsm_logout(struct hsm *h);

/**
 * hsm_init_pin() - C_InitPIN: the SO sets the user PIN and unlocks it
 * @h: a session logged in as SO
 * @pin: the new user PIN
 * @pin_len: its length
 *
 * Return: 0, -EPERM, -ERANGE or -errno.
 */
int hsm_init_pin(struct hsm *h, const void *pin, size_t pin_len);

/**
 * hsm_set_pin() - C_SetPIN: change the logged-in user's PIN (the user
 *	PIN in a public session)
 * @h: a read/write session
 * @old_pin: the current PIN
 * @old_len: its length
 * @new_pin: the new PIN
 * @new_len: its length
 *
 * Return: 0, -EKEYREJECTED, -EKEYREVOKED, -EROFS, -ERANGE or -errno.
 */
int hsm_set_pin(struct hsm *h, const void *old_pin, size_t old_len,
		const void *new_pin, size_t new_len);

/* Objects and attributes ------------------------------------------------- */

/**
 * hsm_object_create() - C_CreateObject
 * @h: the session
 * @attrs: the template
 * @count: attributes in it
 * @handle: receives the new object's handle
 *
 * Return: 0, or an object error of linux/khsm.h (-ENODATA, -EILSEQ,
 * -EPROTONOSUPPORT, -EDOM, -EACCES, -EPERM, -EROFS ...).
 */
int hsm_object_create(struct hsm *h, const struct khsm_attr *attrs,
		      uint32_t count, uint32_t *handle);

/**
 * hsm_object_copy() - C_CopyObject
 * @h: the session
 * @handle: the object to copy
 * @attrs: attributes to change in the copy
 * @count: attributes in @attrs
 * @new_handle: receives the copy's handle
 *
 * Return: 0 or an object error.
 */
int hsm_object_copy(struct hsm *h, uint32_t handle,
		    const struct khsm_attr *attrs, uint32_t count,
		    uint32_t *new_handle);

/**
 * hsm_object_destroy() - C_DestroyObject
 * @h: the session
 * @handle: the object
 *
 * Return: 0, -ENOENT, -EACCES, -EPERM, -EROFS or -errno.
 */
int hsm_object_destroy(struct hsm *h, uint32_t handle);

/**
 * hsm_attr_get() - C_GetAttributeValue
 * @h: the session
 * @handle: the object
 * @attrs: the template: each len is set to the value's length or to
 *	KHSM_ATTR_UNAVAILABLE
 * @count: attributes in it
 * @result: receives the KHSM_GET_* bits of the attributes not returned
 *
 * Return: 0 (check @result) or -errno.
 */
int hsm_attr_get(struct hsm *h, uint32_t handle, struct khsm_attr *attrs,
		 uint32_t count, uint32_t *result);

/**
 * hsm_attr_set() - C_SetAttributeValue: all attributes or none
 * @h: the session
 * @handle: the object
 * @attrs: the attributes
 * @count: attributes in @attrs
 *
 * Return: 0 or an object error.
 */
int hsm_attr_set(struct hsm *h, uint32_t handle, const struct khsm_attr *attrs,
		 uint32_t count);

/**
 * hsm_find() - the handles of every visible object matching a template
 * @h: the session
 * @attrs: the template (every attribute equal), or NULL
 * @count: attributes in it (0 matches every object)
 * @handles: receives up to @capacity handles, or NULL to count only
 * @capacity: entries in @handles
 *
 * Return: the number of matches (which may exceed @capacity: then only
 * @capacity handles were written), or -errno.
 */
int hsm_find(struct hsm *h, const struct khsm_attr *attrs, uint32_t count,
	     uint32_t *handles, uint32_t capacity);

/**
 * hsm_find_alloc() - hsm_find() into an array it allocates
 * @h: the session
 * @attrs: the template, or NULL
 * @count: attributes in it
 * @handles: receives a malloc()ed array (free() it), NULL when none match
 *
 * Return: the number of matches, or -errno.
 */
int hsm_find_alloc(struct hsm *h, const struct khsm_attr *attrs, uint32_t count,
		   uint32_t **handles);

/* Keys -------------------------------------------------------------------- */

/**
 * hsm_generate_key() - C_GenerateKey, inside the kernel
 * @h: the session
 * @mech: KHSM_MECH_AES_KEY_GEN or KHSM_MECH_GENERIC_SECRET_KEY_GEN
 * @attrs: the template (CKA_VALUE_LEN gives the size)
 * @count: attributes in it
 * @handle: receives the new key
 *
 * Return: 0, -EOPNOTSUPP, -ERANGE, or an object error.
 */
int hsm_generate_key(struct hsm *h, uint64_t mech,
		     const struct khsm_attr *attrs, uint32_t count,
		     uint32_t *handle);

/**
 * hsm_generate_key_pair() - C_GenerateKeyPair, inside the kernel
 * @h: the session
 * @mech: KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN or KHSM_MECH_EC_KEY_PAIR_GEN
 * @pub: the public key template
 * @pub_count: attributes in it
 * @priv: the private key template
 * @priv_count: attributes in it
 * @pub_handle: receives the public key
 * @priv_handle: receives the private key
 *
 * Return: 0, -EOPNOTSUPP, -ERANGE, -EINTR, or an object error.
 */
int hsm_generate_key_pair(struct hsm *h, uint64_t mech,
			  const struct khsm_attr *pub, uint32_t pub_count,
			  const struct khsm_attr *priv, uint32_t priv_count,
			  uint32_t *pub_handle, uint32_t *priv_handle);

/**
 * hsm_derive_key() - C_DeriveKey (ECDH)
 * @h: the session
 * @m: the mechanism (KHSM_MECH_ECDH1_DERIVE, struct khsm_ecdh1_params)
 * @base_key: the private key
 * @attrs: the new key's template
 * @count: attributes in it
 * @handle: receives the new key
 *
 * Return: 0, a crypt error, or an object error.
 */
int hsm_derive_key(struct hsm *h, const struct hsm_mech *m, uint32_t base_key,
		   const struct khsm_attr *attrs, uint32_t count,
		   uint32_t *handle);

/**
 * hsm_wrap_key() - C_WrapKey
 * @h: the session
 * @m: the mechanism and its parameter
 * @wrapping_key: the key that encrypts
 * @key: the key to wrap (must be extractable)
 * @out: output buffer, or NULL to ask for the length
 * @out_len: in: the buffer's size; out: bytes written or needed
 *
 * Return: 0, -ENOSPC (*@out_len says how much), -EKEYREJECTED, or a crypt
 * error.
 */
int hsm_wrap_key(struct hsm *h, const struct hsm_mech *m, uint32_t wrapping_key,
		 uint32_t key, void *out, size_t *out_len);

/**
 * hsm_unwrap_key() - C_UnwrapKey
 * @h: the session
 * @m: the mechanism and its parameter
 * @unwrapping_key: the key that decrypts
 * @in: the wrapped key
 * @in_len: its length
 * @attrs: the new key's template
 * @count: attributes in it
 * @handle: receives the new key
 *
 * Return: 0, -EBADMSG, a crypt error, or an object error.
 */
int hsm_unwrap_key(struct hsm *h, const struct hsm_mech *m,
		   uint32_t unwrapping_key, const void *in, size_t in_len,
		   const struct khsm_attr *attrs, uint32_t count,
		   uint32_t *handle);

/**
 * hsm_random() - random bytes from the kernel's DRBG (KHSM_IOC_RANDOM)
 * @h: any handle, a session or not
 * @out: the buffer
 * @len: bytes wanted (any number: asked for in pieces)
 *
 * Return: 0, -ENOTTY from a module without the request, or -errno.
 */
int hsm_random(struct hsm *h, void *out, size_t len);

/**
 * hsm_mech_list() - the mechanisms the module has (KHSM_IOC_MECH_LIST)
 * @h: any handle, a session or not
 * @mechs: receives up to @capacity entries, sorted by mechanism, or NULL
 * @capacity: entries in @mechs
 *
 * Return: the number of mechanisms (more than @capacity: only @capacity
 * were written), or -errno.
 */
int hsm_mech_list(struct hsm *h, struct khsm_mech_info *mechs,
		  uint32_t capacity);

/* Cryptography with resident keys ----------------------------------------- */

/**
 * hsm_crypt() - one whole encrypt, decrypt, sign, sign-recover or
 *	verify-recover operation
 * @h: the session
 * @op: KHSM_OP_ENCRYPT, KHSM_OP_DECRYPT, KHSM_OP_SIGN,
 *	KHSM_OP_SIGN_RECOVER or KHSM_OP_VERIFY_RECOVER (@in is the signature,
 *	@out receives the recovered data)
 * @key: the key
 * @m: the mechanism and its parameter
 * @aad: GCM additional data or OAEP label, or NULL
 * @aad_len: its length
 * @in: the input
 * @in_len: its length
 * @out: output buffer, or NULL to ask for the length
 * @out_len: in: the buffer's size; out: bytes written or needed
 *
 * Return: 0, -ENOSPC (*@out_len says how much), -EKEYEXPIRED (the key
 * needs a KHSM_USER_CONTEXT login first), or a crypt error.
 */
int hsm_crypt(struct hsm *h, uint32_t op, uint32_t key,
	      const struct hsm_mech *m, const void *aad, size_t aad_len,
	      const void *in, size_t in_len, void *out, size_t *out_len);

/**
 * hsm_verify() - one whole verify operation
 * @h: the session
 * @key: the key
 * @m: the mechanism and its parameter
 * @in: the message
 * @in_len: its length
 * @sig: the signature or MAC
 * @sig_len: its length
 *
 * Return: 0 for a good signature, -EBADMSG for a wrong one, or a crypt
 * error.
 */
int hsm_verify(struct hsm *h, uint32_t key, const struct hsm_mech *m,
	       const void *in, size_t in_len, const void *sig, size_t sig_len);

/**
 * hsm_crypt_begin() - start a multi-part operation (one per @op and
 *	session)
 * @h: the session
 * @op: KHSM_OP_*
 * @key: the key
 * @m: the mechanism and its parameter
 * @aad: GCM additional data or OAEP label, or NULL
 * @aad_len: its length
 *
 * Return: 0, -EBUSY when one is active, or a crypt error.
 */
int hsm_crypt_begin(struct hsm *h, uint32_t op, uint32_t key,
		    const struct hsm_mech *m, const void *aad, size_t aad_len);

/**
 * hsm_crypt_update() - feed a multi-part operation
 * @h: the session
 * @op: KHSM_OP_*
 * @in: the data
 * @in_len: its length
 * @out: receives the output that is complete (encrypt/decrypt), or NULL
 * @out_len: in: the buffer's size; out: bytes written; may be NULL for
 *	sign and verify
 *
 * Return: 0, -ENOSPC (the operation stays active), -ENOMSG, or a crypt
 * error (which ends the operation).
 */
int hsm_crypt_update(struct hsm *h, uint32_t op, const void *in, size_t in_len,
		     void *out, size_t *out_len);

/**
 * hsm_crypt_final() - finish a multi-part encrypt, decrypt or sign
 * @h: the session
 * @op: KHSM_OP_ENCRYPT, KHSM_OP_DECRYPT or KHSM_OP_SIGN
 * @out: receives the rest of the output or the signature, or NULL to ask
 *	for the length
 * @out_len: in: the buffer's size; out: bytes written or needed
 *
 * Return: 0, -ENOSPC (the operation stays active), or a crypt error.
 */
int hsm_crypt_final(struct hsm *h, uint32_t op, void *out, size_t *out_len);

/**
 * hsm_verify_final() - finish a multi-part verify
 * @h: the session
 * @sig: the signature or MAC
 * @sig_len: its length
 *
 * Return: 0 for a good signature, -EBADMSG for a wrong one, or a crypt
 * error.
 */
int hsm_verify_final(struct hsm *h, const void *sig, size_t sig_len);

/**
 * hsm_crypt_cancel() - abandon the multi-part operation of @op
 * @h: the session
 * @op: KHSM_OP_*
 *
 * Return: 0, -ENOMSG when none is active, or -errno.
 */
int hsm_crypt_cancel(struct hsm *h, uint32_t op);

/*
 * Persistent tokens. Every call of this library that changes a persistent
 * token (object creation, change and destruction, key generation, PINs,
 * login failures, C_InitToken) writes the token's changed records to its
 * store directory before returning: success means durable.
 */

/**
 * hsm_store_dir() - the store directory: $KHSM_STORE_DIR, else
 *	"store_dir = PATH" in /etc/khsm.conf, else /var/lib/khsm
 * @out: receives the path
 * @len: room at @out
 *
 * Return: 0, -EINVAL, -ENAMETOOLONG.
 */
int hsm_store_dir(char *out, size_t len);

/**
 * hsm_store_sync() - write a token's pending changes to its directory
 * @h: the handle
 * @token: the token
 *
 * Done by the library after every change; for tools and tests. Takes an
 * exclusive flock on the token's directory while it writes.
 *
 * Return: 0 (also when nothing is pending or the token is not
 * persistent), or -errno of the kernel or of the file system.
 */
int hsm_store_sync(struct hsm *h, uint32_t token);

/**
 * hsm_store_load() - restore one token from its directory (CAP_SYS_ADMIN)
 * @h: the handle
 * @dir: the token's directory
 * @token: receives the restored token's id
 * @err: receives a message naming the refused file and why, or NULL
 * @errlen: room at @err
 *
 * All or nothing: a record that fails to authenticate (edited, sealed
 * under another machine key, of another token, rolled back) or is missing
 * refuses the whole token. Files the state does not name (left by an
 * interrupted write) are removed after a successful load.
 *
 * Return: 0 or -errno (the store errors of linux/khsm.h).
 */
int hsm_store_load(struct hsm *h, const char *dir, uint32_t *token, char *err,
		   size_t errlen);

/**
 * hsm_token_uuid() - a persistent token's UUID, its directory's name
 * @h: the handle
 * @token: the token
 * @uuid: receives KHSM_UUID_LEN bytes (zero for a token that is not
 *	persistent)
 *
 * Return: 1 for a persistent token, 0 for one that is not, or -errno.
 */
int hsm_token_uuid(struct hsm *h, uint32_t token, uint8_t *uuid);

/**
 * hsm_store_remove() - delete a token's directory from the store
 * @uuid: the token's UUID
 *
 * The state record goes first, so an interrupted removal leaves nothing
 * that loads. For a token destroyed for good; the token itself is removed
 * from the kernel with hsm_token_destroy().
 *
 * Return: 0 (also when there is no such directory) or -errno.
 */
int hsm_store_remove(const uint8_t *uuid);

/**
 * hsm_machine_key_status() - the module's keyring and its machine key
 * @h: the handle
 * @keyring: receives the serial of the module's keyring, or NULL
 *
 * Return: 0 when a usable machine key is loaded, else -ENOKEY,
 * -EKEYREJECTED, ... (what a persistent operation would fail with).
 */
int hsm_machine_key_status(struct hsm *h, int32_t *keyring);

/**
 * hsm_machine_key_load() - put the machine key into the module's keyring
 * @h: the handle
 * @key: KHSM_MACHINE_KEY_LEN bytes
 * @len: KHSM_MACHINE_KEY_LEN
 *
 * As root: a logon key (userspace can never read it back) named
 * KHSM_MACHINE_KEY_DESC replaces any key in the module's keyring.
 *
 * Return: 0, -EINVAL for another length, -EACCES when not root, -errno.
 */
int hsm_machine_key_load(struct hsm *h, const void *key, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* _HSM_H */
