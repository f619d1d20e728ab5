/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * khsm: a kernel-assisted keystore. This is the whole ABI between khsm.ko
 * and userspace.
 *
 * Commands
 * --------
 *
 * Userspace opens /dev/khsm; one open file is one session context. Every
 * command is a fixed-layout request struct that begins with
 *
 *	__u32 size;	the struct size as the caller knows it
 *	__u32 flags;	command flags, unknown bits must be zero
 *
 * and is carried either by ioctl(2) on the file, with the request's address
 * as argument, or by io_uring IORING_OP_URING_CMD with the same command
 * number as cmd_op and the request's address in struct khsm_uring_cmd.
 * Both go through one dispatch table in the module.
 *
 * Each request struct has a published KHSM_<NAME>_SIZE_VER0. A request whose
 * size is below it fails with -EINVAL; one above a page fails with -E2BIG;
 * one larger than the kernel knows is accepted only if every byte it does
 * not know is zero (-E2BIG otherwise), so new fields can be appended later
 * without breaking old binaries. Reserved fields, padding and unknown flag
 * bits must be zero (-EINVAL). An unknown command fails with -ENOTTY. Output
 * is written back only up to the caller's size.
 *
 * KHSM_IOC_INFO
 *	Module version, ABI version, features and state. Needs nothing.
 *
 * Tokens (PKCS#11 slots with their tokens). A token belongs to a uid and a
 * gid and has a mode: only callers whose file credentials match may see or
 * use it, so each application can have tokens of its own.
 *
 * KHSM_IOC_TOKEN_CREATE	(CAP_SYS_ADMIN) add an uninitialised token
 * KHSM_IOC_TOKEN_DESTROY	(CAP_SYS_ADMIN) remove one with no sessions
 * KHSM_IOC_TOKEN_LIST		ids of the tokens the caller may use
 * KHSM_IOC_TOKEN_INFO		label, serial, flags, PIN counters
 * KHSM_IOC_TOKEN_INIT		C_InitToken: set the SO PIN and label; on an
 *				initialised token, needs the SO PIN and wipes
 *				the token
 *
 * Sessions. A fresh /dev/khsm file is bound to one token by
 * KHSM_IOC_SESSION_OPEN and from then on is a PKCS#11 session of the
 * process that opened the file: a request from any other process (after
 * fork, or a descriptor passed over a socket) fails with -ESRCH. Login
 * state is shared by all sessions of one process on one token, as PKCS#11
 * defines it, and ends when the last of them closes.
 *
 * KHSM_IOC_SESSION_OPEN	bind this file to a token (read-only or R/W)
 * KHSM_IOC_SESSION_INFO	token and PKCS#11 session state
 * KHSM_IOC_LOGIN		C_Login as SO or user
 * KHSM_IOC_LOGOUT		C_Logout
 * KHSM_IOC_INIT_PIN		C_InitPIN (SO): set the user PIN, unlock it
 * KHSM_IOC_SET_PIN		C_SetPIN: change the logged-in user's PIN
 *
 * PINs are never stored: a salted PBKDF2-HMAC-SHA256 verifier is, with
 * its iteration count. Wrong PINs are counted in the kernel; after the
 * token's max_pin_failures in a row the PIN locks.
 *
 * A private key with CKA_ALWAYS_AUTHENTICATE true needs the user PIN again
 * for each use: KHSM_IOC_LOGIN with KHSM_USER_CONTEXT (the process must be
 * logged in as user already) checks the user PIN, counting a wrong one
 * like any user PIN failure, and allows this session one operation
 * (KHSM_OP_SIGN, KHSM_OP_DECRYPT, KHSM_OP_SIGN_RECOVER, the
 * KHSM_CRYPT_BEGIN of a multi-part one, or a KHSM_IOC_UNWRAP_KEY) with
 * such a key. The operation
 * uses up the permission whether it succeeds or fails, except a length
 * query or an -ENOSPC answer, after which the same operation may be asked
 * again. Without it the operation fails with -EKEYEXPIRED. A logout or a
 * new login of the process withdraws the permission.
 *
 * Persistent tokens. A token created with KHSM_TOKEN_CREATE_PERSISTENT
 * survives module reloads and reboots as sealed records that userspace
 * moves between the kernel and a store directory; the kernel never touches
 * files. Every record is AES-256-GCM sealed under a key derived from the
 * machine key (a "logon" key named KHSM_MACHINE_KEY_DESC in the keyring the
 * module owns, whose serial KHSM_IOC_STORE_INFO reports) and the token's
 * UUID; private objects are sealed once more under a key derived from the
 * token master key, which only a PIN unwraps.
 *
 * KHSM_IOC_STORE_INFO		the module keyring, whether a machine key is there
 * KHSM_IOC_STORE_PULL		next record of a token to write to its store
 * KHSM_IOC_STORE_ACK		the state record of a pull round is durable
 * KHSM_IOC_STORE_LOAD		(CAP_SYS_ADMIN) restore one token from all its
 *				records: every record verified, or nothing loaded
 *
 * Store errors:
 *	-ENOKEY		no machine key in the module keyring
 *	-EKEYREJECTED	the machine key is not a root-owned 32-byte logon key,
 *			or a record was sealed under another machine key
 *	-EBADMSG	a record does not authenticate (edited or corrupt)
 *	-EXDEV		a record belongs to another token
 *	-ESTALE		a record older than one this module has seen (rolled
 *			back), or an acknowledgment of a superseded round
 *	-EEXIST		the token is loaded already
 *	-ENODATA	nothing to pull; or a record the state names is missing
 *	-EUCLEAN	a record authenticates but its contents are invalid
 *
 * Errors, beyond the request framing above (each maps to one CKR_*):
 *	-EPERM		not logged in as the command needs, or no capability
 *	-EACCES		the caller may not use this token
 *	-ENXIO		no such token
 *	-ENODEV		the token is not initialised
 *	-EKEYREJECTED	wrong PIN
 *	-EKEYREVOKED	the PIN is locked
 *	-ENOKEY		the user PIN is not initialised
 *	-EALREADY	already logged in
 *	-EBUSY		another user type is logged in; token has sessions
 *	-EROFS		read-only session (or one exists, for an SO login)
 *	-ERANGE		PIN length out of range
 *	-EBADFD		the file is not a session yet
 *	-EEXIST		the file is a session already
 *	-ESRCH		the session belongs to another process
 *	-EKEYEXPIRED	(KHSM_IOC_CRYPT) the key needs a KHSM_USER_CONTEXT
 *			login first
 *	-EDQUOT		too many tokens, sessions or objects (per token, or per
 *			user: module parameters max_sessions_per_user and
 *			max_objects_per_user)
 *
 * Objects. Data objects, certificates and keys live in a token; each has a
 * handle unique in its token. Attributes are PKCS#11's: a template is an
 * array of struct khsm_attr, which is CK_ATTRIBUTE on LP64, with the same
 * CKA_* types and value encodings (numbers as 8-byte native integers,
 * booleans as one byte). Session objects (CKA_TOKEN false) are seen only by
 * the process that made them and die with the session that made them;
 * private objects (CKA_PRIVATE true) only by a process logged in as user.
 * The kernel enforces the one-way rules (CKA_SENSITIVE can only become
 * true, CKA_EXTRACTABLE only false) and never returns a sensitive or
 * unextractable key's secret parts.
 *
 * KHSM_IOC_OBJECT_CREATE	C_CreateObject
 * KHSM_IOC_OBJECT_COPY		C_CopyObject
 * KHSM_IOC_OBJECT_DESTROY	C_DestroyObject
 * KHSM_IOC_ATTR_GET		C_GetAttributeValue
 * KHSM_IOC_ATTR_SET		C_SetAttributeValue
 * KHSM_IOC_FIND		C_FindObjects: every visible match at once
 * KHSM_IOC_GENERATE_KEY	C_GenerateKey, inside the kernel
 * KHSM_IOC_GENERATE_KEY_PAIR	C_GenerateKeyPair, inside the kernel
 * KHSM_IOC_DERIVE_KEY		C_DeriveKey (ECDH)
 * KHSM_IOC_WRAP_KEY		C_WrapKey
 * KHSM_IOC_UNWRAP_KEY		C_UnwrapKey
 *
 * Object errors:
 *	-ENOENT		no such object (or not visible to this session)
 *	-ENODATA	template incomplete
 *	-EILSEQ		template inconsistent
 *	-EPROTONOSUPPORT attribute type invalid for the object
 *	-EDOM		attribute value invalid
 *	-EACCES		attribute read-only, object not modifiable, copyable
 *			or destroyable
 *	-EOPNOTSUPP	mechanism not supported
 *
 * Cryptography with resident keys. KHSM_IOC_CRYPT runs one whole
 * operation (C_Encrypt, C_Decrypt, C_Sign, C_Verify, C_SignRecover,
 * C_VerifyRecover) with a key in the token: the key's usage flags and
 * type are checked, the key never leaves the kernel. For
 * KHSM_OP_VERIFY_RECOVER the input is the signature and the output the
 * data recovered from it (RSA_PKCS: PKCS #1 type 1 padding removed, any
 * padding error is -EBADMSG; RSA_X_509: the whole block); a length query
 * gives an upper bound. Output goes to @out up to @out_len; with @out 0 only the
 * length is returned, and a buffer that is too small fails with -ENOSPC
 * and the length needed in @out_len (the PKCS#11 two-call convention).
 *
 * KHSM_IOC_CRYPT		one operation with a resident key
 * KHSM_IOC_RANDOM		C_GenerateRandom
 * KHSM_IOC_MECH_LIST		C_GetMechanismList, C_GetMechanismInfo
 *
 * Crypt errors:
 *	-ENOENT		no such key
 *	-EPERM		the key's usage flags do not allow the operation
 *	-ENOEXEC	the key's type does not fit the mechanism
 *	-EOPNOTSUPP	mechanism not supported (or not for this operation)
 *	-EBADR		mechanism parameter invalid
 *	-EMSGSIZE	input length invalid for the mechanism
 *	-EOVERFLOW	signature or MAC length invalid for the key
 *	-EBADMSG	signature or MAC wrong; ciphertext, tag or padding
 *			invalid (one error for every way decryption fails)
 *	-ENOSPC		output buffer too small (@out_len says how big)
 *	-EBUSY		KHSM_CRYPT_BEGIN while that operation is active
 *	-ENOMSG		KHSM_CRYPT_UPDATE/FINAL with no active operation
 *	-ERANGE		key size out of the mechanism's range
 *	-EKEYREJECTED	the key to wrap is not extractable, or the wrapping
 *			key must be trusted and is not
 */
#ifndef _UAPI_LINUX_KHSM_H
#define _UAPI_LINUX_KHSM_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* The ioctl type byte (free in Documentation/userspace-api/ioctl). */
#define KHSM_IOC_MAGIC 0xB8

/* Incremented when commands are added; a caller checks it is >= its own. */
#define KHSM_ABI_VERSION 1

#define KHSM_VERSION_LEN 32

/* The module's state, reported by KHSM_IOC_INFO. */
#define KHSM_STATE_OPERATIONAL 0 /* self-tests passed, crypto allowed */
#define KHSM_STATE_ERROR 1 /* a self-test failed: all crypto refused */

/* The kernel lockdown level seen by the module (see kernel_lockdown(7)). */
#define KHSM_LOCKDOWN_NONE 0
#define KHSM_LOCKDOWN_INTEGRITY 1
#define KHSM_LOCKDOWN_CONFIDENTIALITY 2

/**
 * struct khsm_info - module information (KHSM_IOC_INFO)
 * @size: in: sizeof(struct khsm_info) as the caller knows it
 * @flags: in: must be zero
 * @abi_version: out: KHSM_ABI_VERSION of the running module
 * @state: out: KHSM_STATE_*
 * @features: out: KHSM_FEATURE_* bits (none are defined in ABI version 1)
 * @lockdown: out: KHSM_LOCKDOWN_* level of the running kernel
 * @max_request_size: out: largest request struct the module accepts
 * @version: out: module version string, NUL-terminated
 * @reserved: in: must be zero; out: zero
 */
struct khsm_info {
	__u32 size;
	__u32 flags;
	__u32 abi_version;
	__u32 state;
	__u64 features;
	__u32 lockdown;
	__u32 max_request_size;
	__u8 version[KHSM_VERSION_LEN];
	__u64 reserved[4];
};

#define KHSM_INFO_SIZE_VER0 96

#define KHSM_IOC_INFO _IOWR(KHSM_IOC_MAGIC, 0x00, struct khsm_info)

/* clang-format off */
#define KHSM_MAX_TOKENS		64
#define KHSM_LABEL_LEN		32	/* blank padded, as CK_TOKEN_INFO */
#define KHSM_SERIAL_LEN		16
#define KHSM_PIN_MIN_LEN	4
#define KHSM_PIN_MAX_LEN	64
#define KHSM_PBKDF2_MIN_ITER	1000
#define KHSM_PBKDF2_MAX_ITER	10000000
#define KHSM_PBKDF2_DEFAULT_ITER 100000

/* Token flags (struct khsm_token_info.token_flags). */
#define KHSM_TOKEN_INITIALIZED		0x1
#define KHSM_TOKEN_USER_PIN_INITIALIZED	0x2
#define KHSM_TOKEN_USER_PIN_COUNT_LOW	0x4
#define KHSM_TOKEN_USER_PIN_FINAL_TRY	0x8
#define KHSM_TOKEN_USER_PIN_LOCKED	0x10
#define KHSM_TOKEN_SO_PIN_COUNT_LOW	0x20
#define KHSM_TOKEN_SO_PIN_FINAL_TRY	0x40
#define KHSM_TOKEN_SO_PIN_LOCKED	0x80

/* User types of KHSM_IOC_LOGIN (CKU_* values). */
#define KHSM_USER_SO		0
#define KHSM_USER_USER		1
#define KHSM_USER_CONTEXT	2	/* CKU_CONTEXT_SPECIFIC, see below */

/* Session flags (struct khsm_session_open.flags). */
#define KHSM_SESSION_RW		0x1

/* Session states (struct khsm_session_info.state: CKS_* values). */
#define KHSM_SESSION_STATE_RO_PUBLIC	0
#define KHSM_SESSION_STATE_RO_USER	1
#define KHSM_SESSION_STATE_RW_PUBLIC	2
#define KHSM_SESSION_STATE_RW_USER	3
#define KHSM_SESSION_STATE_RW_SO	4
/* clang-format on */

/**
 * struct khsm_token_create - add a token (KHSM_IOC_TOKEN_CREATE)
 * @size: in: sizeof(struct khsm_token_create)
 * @flags: in: KHSM_TOKEN_CREATE_PERSISTENT or zero
 * @uid: in: owner of the token
 * @gid: in: group of the token
 * @mode: in: permission bits (0600, 0660, 0666 ...): a class may use the
 *	token when it has both read and write bits
 * @token: out: the new token's id
 * @max_pin_failures: in: the lockout threshold KHSM_IOC_TOKEN_INIT gives
 *	the token when it names none (1..100), 0 for the module's default
 *	of 10
 * @pbkdf2_iterations: in: likewise for the PIN verifiers' cost
 *	(KHSM_PBKDF2_MIN_ITER..KHSM_PBKDF2_MAX_ITER), 0 for
 *	KHSM_PBKDF2_DEFAULT_ITER
 * @reserved: in: must be zero
 *
 * @max_pin_failures and @pbkdf2_iterations were reserved (zero) in
 * earlier modules, which refuse them with -EINVAL.
 */
struct khsm_token_create {
	__u32 size;
	__u32 flags;
	__u32 uid;
	__u32 gid;
	__u32 mode;
	__u32 token;
	__u32 max_pin_failures;
	__u32 pbkdf2_iterations;
	__u64 reserved[1];
};

#define KHSM_TOKEN_CREATE_SIZE_VER0 40

/**
 * struct khsm_token_ref - name one token (KHSM_IOC_TOKEN_DESTROY)
 * @size: in: sizeof(struct khsm_token_ref)
 * @flags: in: must be zero
 * @token: in: token id
 * @pad: in: must be zero
 * @reserved: in: must be zero
 */
struct khsm_token_ref {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_TOKEN_REF_SIZE_VER0 32

/**
 * struct khsm_token_list - list usable tokens (KHSM_IOC_TOKEN_LIST)
 * @size: in: sizeof(struct khsm_token_list)
 * @flags: in: must be zero
 * @ids: in: address of a __u32 array, or 0 to ask for the count
 * @capacity: in: entries in @ids
 * @count: out: number of tokens the caller may use; if larger than
 *	@capacity, only @capacity ids were written and -ENOSPC returned
 * @reserved: in: must be zero
 */
struct khsm_token_list {
	__u32 size;
	__u32 flags;
	__u64 ids;
	__u32 capacity;
	__u32 count;
	__u64 reserved[2];
};

#define KHSM_TOKEN_LIST_SIZE_VER0 40

/**
 * struct khsm_token_info - token state (KHSM_IOC_TOKEN_INFO)
 * @size: in: sizeof(struct khsm_token_info)
 * @flags: in: must be zero
 * @token: in: token id
 * @token_flags: out: KHSM_TOKEN_*
 * @label: out: the label, blank padded
 * @serial: out: the serial number, blank padded
 * @user_pin_failures: out: wrong user PINs in a row
 * @so_pin_failures: out: wrong SO PINs in a row
 * @max_pin_failures: out: failures that lock a PIN
 * @pbkdf2_iterations: out: iteration count of the PIN verifiers
 * @session_count: out: open sessions on the token
 * @rw_session_count: out: open read/write sessions
 * @uid: out: owner
 * @gid: out: group
 * @mode: out: permission bits
 * @pad: out: zero
 * @reserved: in: must be zero; out: zero
 */
struct khsm_token_info {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 token_flags;
	__u8 label[KHSM_LABEL_LEN];
	__u8 serial[KHSM_SERIAL_LEN];
	__u32 user_pin_failures;
	__u32 so_pin_failures;
	__u32 max_pin_failures;
	__u32 pbkdf2_iterations;
	__u32 session_count;
	__u32 rw_session_count;
	__u32 uid;
	__u32 gid;
	__u32 mode;
	__u32 pad;
	__u64 reserved[4];
};

#define KHSM_TOKEN_INFO_SIZE_VER0 136

/**
 * struct khsm_token_init - initialise a token (KHSM_IOC_TOKEN_INIT)
 * @size: in: sizeof(struct khsm_token_init)
 * @flags: in: must be zero
 * @token: in: token id
 * @pin_len: in: SO PIN length
 * @pin: in: address of the SO PIN (the new one, or the current one when
 *	the token is initialised already)
 * @label: in: the label, blank padded
 * @max_pin_failures: in: wrong PINs in a row that lock a PIN (1..100),
 *	0 for the token's default (given at KHSM_IOC_TOKEN_CREATE, else 10)
 * @pbkdf2_iterations: in: iterations of the PIN verifiers, 0 for the
 *	token's default (given at KHSM_IOC_TOKEN_CREATE, else
 *	KHSM_PBKDF2_DEFAULT_ITER)
 * @reserved: in: must be zero
 */
struct khsm_token_init {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 pin_len;
	__u64 pin;
	__u8 label[KHSM_LABEL_LEN];
	__u32 max_pin_failures;
	__u32 pbkdf2_iterations;
	__u64 reserved[2];
};

#define KHSM_TOKEN_INIT_SIZE_VER0 80

/**
 * struct khsm_session_open - bind this file to a token
 * @size: in: sizeof(struct khsm_session_open)
 * @flags: in: KHSM_SESSION_RW or zero
 * @token: in: token id
 * @pad: in: must be zero
 * @reserved: in: must be zero
 */
struct khsm_session_open {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_SESSION_OPEN_SIZE_VER0 32

/**
 * struct khsm_session_info - this session (KHSM_IOC_SESSION_INFO)
 * @size: in: sizeof(struct khsm_session_info)
 * @flags: in: must be zero
 * @token: out: token id
 * @state: out: KHSM_SESSION_STATE_*
 * @session_flags: out: KHSM_SESSION_* given at open
 * @pad: out: zero
 * @reserved: in: must be zero; out: zero
 */
struct khsm_session_info {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 state;
	__u32 session_flags;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_SESSION_INFO_SIZE_VER0 40

/**
 * struct khsm_login - log in (KHSM_IOC_LOGIN) or set the user PIN as SO
 *	(KHSM_IOC_INIT_PIN, @user_type must be KHSM_USER_USER)
 * @size: in: sizeof(struct khsm_login)
 * @flags: in: must be zero
 * @user_type: in: KHSM_USER_SO, KHSM_USER_USER or KHSM_USER_CONTEXT (the
 *	user PIN again, for one use of a CKA_ALWAYS_AUTHENTICATE key)
 * @pin_len: in: PIN length
 * @pin: in: address of the PIN
 * @reserved: in: must be zero
 */
struct khsm_login {
	__u32 size;
	__u32 flags;
	__u32 user_type;
	__u32 pin_len;
	__u64 pin;
	__u64 reserved[2];
};

#define KHSM_LOGIN_SIZE_VER0 40

/**
 * struct khsm_logout - log out (KHSM_IOC_LOGOUT)
 * @size: in: sizeof(struct khsm_logout)
 * @flags: in: must be zero
 * @reserved: in: must be zero
 */
struct khsm_logout {
	__u32 size;
	__u32 flags;
	__u64 reserved[2];
};

#define KHSM_LOGOUT_SIZE_VER0 24

/**
 * struct khsm_set_pin - change the PIN of the logged-in user
 *	(KHSM_IOC_SET_PIN; in a public session, the user PIN)
 * @size: in: sizeof(struct khsm_set_pin)
 * @flags: in: must be zero
 * @old_len: in: length of the current PIN
 * @new_len: in: length of the new PIN
 * @old_pin: in: address of the current PIN
 * @new_pin: in: address of the new PIN
 * @reserved: in: must be zero
 */
struct khsm_set_pin {
	__u32 size;
	__u32 flags;
	__u32 old_len;
	__u32 new_len;
	__u64 old_pin;
	__u64 new_pin;
	__u64 reserved[2];
};

#define KHSM_SET_PIN_SIZE_VER0 48

/* clang-format off */
/* Attribute types the kernel interprets (PKCS#11 CKA_* numbers). */
#define KHSM_ATTR_CLASS			0x000
#define KHSM_ATTR_TOKEN			0x001
#define KHSM_ATTR_PRIVATE		0x002
#define KHSM_ATTR_LABEL			0x003
#define KHSM_ATTR_VALUE			0x011
#define KHSM_ATTR_KEY_TYPE		0x100
#define KHSM_ATTR_ID			0x102
#define KHSM_ATTR_SENSITIVE		0x103
#define KHSM_ATTR_ENCRYPT		0x104
#define KHSM_ATTR_DECRYPT		0x105
#define KHSM_ATTR_WRAP			0x106
#define KHSM_ATTR_UNWRAP		0x107
#define KHSM_ATTR_SIGN			0x108
#define KHSM_ATTR_SIGN_RECOVER		0x109
#define KHSM_ATTR_VERIFY		0x10a
#define KHSM_ATTR_VERIFY_RECOVER	0x10b
#define KHSM_ATTR_DERIVE		0x10c
#define KHSM_ATTR_MODULUS		0x120
#define KHSM_ATTR_MODULUS_BITS		0x121
#define KHSM_ATTR_PUBLIC_EXPONENT	0x122
#define KHSM_ATTR_PRIVATE_EXPONENT	0x123
#define KHSM_ATTR_PRIME_1		0x124
#define KHSM_ATTR_PRIME_2		0x125
#define KHSM_ATTR_EXPONENT_1		0x126
#define KHSM_ATTR_EXPONENT_2		0x127
#define KHSM_ATTR_COEFFICIENT		0x128
#define KHSM_ATTR_VALUE_LEN		0x161
#define KHSM_ATTR_EXTRACTABLE		0x162
#define KHSM_ATTR_LOCAL			0x163
#define KHSM_ATTR_NEVER_EXTRACTABLE	0x164
#define KHSM_ATTR_ALWAYS_SENSITIVE	0x165
#define KHSM_ATTR_KEY_GEN_MECHANISM	0x166
#define KHSM_ATTR_MODIFIABLE		0x170
#define KHSM_ATTR_COPYABLE		0x171
#define KHSM_ATTR_DESTROYABLE		0x172
#define KHSM_ATTR_EC_PARAMS		0x180
#define KHSM_ATTR_EC_POINT		0x181
#define KHSM_ATTR_ALLOWED_MECHANISMS	0x40000600

/* CK_UNAVAILABLE_INFORMATION: the length of an attribute not returned. */
#define KHSM_ATTR_UNAVAILABLE		(~0ULL)

/* Object classes (CKO_*) and key types (CKK_*). */
#define KHSM_CLASS_DATA			0
#define KHSM_CLASS_CERTIFICATE		1
#define KHSM_CLASS_PUBLIC_KEY		2
#define KHSM_CLASS_PRIVATE_KEY		3
#define KHSM_CLASS_SECRET_KEY		4
#define KHSM_KEY_RSA			0x00
#define KHSM_KEY_EC			0x03
#define KHSM_KEY_GENERIC_SECRET		0x10
#define KHSM_KEY_AES			0x1f

/* Mechanisms (CKM_* numbers). */
#define KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN	0x000
#define KHSM_MECH_RSA_PKCS		0x001
#define KHSM_MECH_RSA_X_509		0x003
#define KHSM_MECH_SHA1_RSA_PKCS		0x006
#define KHSM_MECH_RSA_PKCS_OAEP		0x009
#define KHSM_MECH_RSA_PKCS_PSS		0x00d
#define KHSM_MECH_SHA1_RSA_PKCS_PSS	0x00e
#define KHSM_MECH_SHA256_RSA_PKCS	0x040
#define KHSM_MECH_SHA384_RSA_PKCS	0x041
#define KHSM_MECH_SHA512_RSA_PKCS	0x042
#define KHSM_MECH_SHA256_RSA_PKCS_PSS	0x043
#define KHSM_MECH_SHA384_RSA_PKCS_PSS	0x044
#define KHSM_MECH_SHA512_RSA_PKCS_PSS	0x045
#define KHSM_MECH_SHA224_RSA_PKCS	0x046
#define KHSM_MECH_SHA224_RSA_PKCS_PSS	0x047
#define KHSM_MECH_SHA_1			0x220
#define KHSM_MECH_SHA256		0x250
#define KHSM_MECH_SHA256_HMAC		0x251
#define KHSM_MECH_SHA224		0x255
#define KHSM_MECH_SHA384		0x260
#define KHSM_MECH_SHA384_HMAC		0x261
#define KHSM_MECH_SHA512		0x270
#define KHSM_MECH_SHA512_HMAC		0x271
#define KHSM_MECH_GENERIC_SECRET_KEY_GEN 0x350
#define KHSM_MECH_EC_KEY_PAIR_GEN	0x1040
#define KHSM_MECH_ECDSA			0x1041
#define KHSM_MECH_ECDSA_SHA1		0x1042
#define KHSM_MECH_ECDSA_SHA224		0x1043
#define KHSM_MECH_ECDSA_SHA256		0x1044
#define KHSM_MECH_ECDSA_SHA384		0x1045
#define KHSM_MECH_ECDSA_SHA512		0x1046
#define KHSM_MECH_ECDH1_DERIVE		0x1050
#define KHSM_MECH_RSA_AES_KEY_WRAP	0x1054
#define KHSM_MECH_AES_KEY_GEN		0x1080
#define KHSM_MECH_AES_ECB		0x1081
#define KHSM_MECH_AES_CBC		0x1082
#define KHSM_MECH_AES_CBC_PAD		0x1085
#define KHSM_MECH_AES_CTR		0x1086
#define KHSM_MECH_AES_GCM		0x1087
#define KHSM_MECH_AES_CMAC		0x108a
#define KHSM_MECH_AES_KEY_WRAP		0x2109
#define KHSM_MECH_AES_KEY_WRAP_KWP	0x210b

/* MGF1 functions of PSS and OAEP (CKG_MGF1_*). */
#define KHSM_MGF1_SHA1			1
#define KHSM_MGF1_SHA256		2
#define KHSM_MGF1_SHA384		3
#define KHSM_MGF1_SHA512		4
#define KHSM_MGF1_SHA224		5

/* Key derivation functions of ECDH1 (CKD_*). */
#define KHSM_KDF_NULL			1
#define KHSM_KDF_SHA1			2
#define KHSM_KDF_SHA224			5
#define KHSM_KDF_SHA256			6
#define KHSM_KDF_SHA384			7
#define KHSM_KDF_SHA512			8

/* Operations of KHSM_IOC_CRYPT. */
#define KHSM_OP_ENCRYPT			1
#define KHSM_OP_DECRYPT			2
#define KHSM_OP_SIGN			3
#define KHSM_OP_VERIFY			4
#define KHSM_OP_SIGN_RECOVER		5	/* C_SignRecover: RSA_PKCS, X_509 */
#define KHSM_OP_VERIFY_RECOVER		6	/* C_VerifyRecover: likewise */
#define KHSM_OP_COUNT			6

/* struct khsm_crypt.flags: the steps of a multi-part operation. */
#define KHSM_CRYPT_BEGIN		0x1
#define KHSM_CRYPT_UPDATE		0x2
#define KHSM_CRYPT_FINAL		0x4
#define KHSM_CRYPT_CANCEL		0x8

#define KHSM_MAX_DATA_LEN		65536	/* input of one operation */
#define KHSM_MAX_PARAM_LEN		256

#define KHSM_MAX_ATTRS			64	/* per template */
#define KHSM_MAX_ATTR_LEN		16384	/* per value */
#define KHSM_MAX_OBJECTS		100000	/* per token */
#define KHSM_MAX_SECRET_LEN		512	/* generic secret bytes */

/* struct khsm_attr_get.result: what kept an attribute from being read. */
#define KHSM_GET_SENSITIVE		0x1
#define KHSM_GET_TYPE_INVALID		0x2
#define KHSM_GET_BUFFER_TOO_SMALL	0x4
/* clang-format on */

/**
 * struct khsm_attr - one attribute (CK_ATTRIBUTE on LP64)
 * @type: CKA_* type
 * @value: address of the value; 0 with KHSM_IOC_ATTR_GET asks the length
 * @len: in: value length, or buffer size for KHSM_IOC_ATTR_GET;
 *	out (KHSM_IOC_ATTR_GET): the length, or KHSM_ATTR_UNAVAILABLE
 */
struct khsm_attr {
	__u64 type;
	__u64 value;
	__u64 len;
};

/**
 * struct khsm_object_create - C_CreateObject (KHSM_IOC_OBJECT_CREATE)
 * @size: in: sizeof(struct khsm_object_create)
 * @flags: in: must be zero
 * @attrs: in: address of the template, an array of struct khsm_attr
 * @count: in: attributes in the template
 * @handle: out: the new object
 * @reserved: in: must be zero
 */
struct khsm_object_create {
	__u32 size;
	__u32 flags;
	__u64 attrs;
	__u32 count;
	__u32 handle;
	__u64 reserved[2];
};

#define KHSM_OBJECT_CREATE_SIZE_VER0 40

/**
 * struct khsm_object_copy - C_CopyObject (KHSM_IOC_OBJECT_COPY)
 * @size: in: sizeof(struct khsm_object_copy)
 * @flags: in: must be zero
 * @handle: in: the object to copy
 * @new_handle: out: the copy
 * @attrs: in: address of the attributes to change in the copy
 * @count: in: attributes in @attrs
 * @pad: in: must be zero
 * @reserved: in: must be zero
 */
struct khsm_object_copy {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 new_handle;
	__u64 attrs;
	__u32 count;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_OBJECT_COPY_SIZE_VER0 48

/**
 * struct khsm_object_ref - name one object (KHSM_IOC_OBJECT_DESTROY)
 * @size: in: sizeof(struct khsm_object_ref)
 * @flags: in: must be zero
 * @handle: in: the object
 * @pad: in: must be zero
 * @reserved: in: must be zero
 */
struct khsm_object_ref {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_OBJECT_REF_SIZE_VER0 32

/**
 * struct khsm_attr_get - C_GetAttributeValue (KHSM_IOC_ATTR_GET)
 * @size: in: sizeof(struct khsm_attr_get)
 * @flags: in: must be zero
 * @handle: in: the object
 * @count: in: attributes in @attrs
 * @attrs: in: address of the template; each @len is set on return
 * @result: out: KHSM_GET_* bits for the attributes not returned (their
 *	@len is KHSM_ATTR_UNAVAILABLE); the others are returned whatever
 *	happened to these
 * @pad: out: zero
 * @reserved: in: must be zero
 */
struct khsm_attr_get {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 count;
	__u64 attrs;
	__u32 result;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_ATTR_GET_SIZE_VER0 48

/**
 * struct khsm_attr_set - C_SetAttributeValue (KHSM_IOC_ATTR_SET)
 * @size: in: sizeof(struct khsm_attr_set)
 * @flags: in: must be zero
 * @handle: in: the object
 * @count: in: attributes in @attrs
 * @attrs: in: address of the attributes to set; all or none are set
 * @reserved: in: must be zero
 */
struct khsm_attr_set {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 count;
	__u64 attrs;
	__u64 reserved[2];
};

#define KHSM_ATTR_SET_SIZE_VER0 40

/**
 * struct khsm_find - C_FindObjects (KHSM_IOC_FIND)
 * @size: in: sizeof(struct khsm_find)
 * @flags: in: must be zero
 * @attrs: in: address of the template to match (every attribute equal)
 * @count: in: attributes in the template (0 matches every object)
 * @capacity: in: entries in @handles
 * @handles: in: address of a __u32 array for the matches, or 0 to ask
 *	only for the count
 * @found: out: number of visible matches; if above @capacity, only
 *	@capacity were written and -ENOSPC returned
 * @pad: out: zero
 * @reserved: in: must be zero
 */
struct khsm_find {
	__u32 size;
	__u32 flags;
	__u64 attrs;
	__u32 count;
	__u32 capacity;
	__u64 handles;
	__u32 found;
	__u32 pad;
	__u64 reserved[2];
};

#define KHSM_FIND_SIZE_VER0 56

/**
 * struct khsm_generate_key - C_GenerateKey (KHSM_IOC_GENERATE_KEY)
 * @size: in: sizeof(struct khsm_generate_key)
 * @flags: in: must be zero
 * @mech: in: KHSM_MECH_AES_KEY_GEN or KHSM_MECH_GENERIC_SECRET_KEY_GEN
 * @attrs: in: address of the template (CKA_VALUE_LEN gives the size)
 * @count: in: attributes in the template
 * @handle: out: the new key
 * @reserved: in: must be zero
 */
struct khsm_generate_key {
	__u32 size;
	__u32 flags;
	__u64 mech;
	__u64 attrs;
	__u32 count;
	__u32 handle;
	__u64 reserved[2];
};

#define KHSM_GENERATE_KEY_SIZE_VER0 48

/**
 * struct khsm_gcm_params - parameter of KHSM_MECH_AES_GCM
 * @iv_len: IV length: 12 (the kernel's gcm(aes) takes 96-bit IVs)
 * @tag_bits: tag length in bits: 32, 64, or 96 to 128 in steps of 8
 * @iv: the IV, in the first @iv_len bytes
 */
struct khsm_gcm_params {
	__u32 iv_len;
	__u32 tag_bits;
	__u8 iv[16];
};

/**
 * struct khsm_ctr_params - parameter of KHSM_MECH_AES_CTR
 * @counter_bits: how many low bits of @cb are the counter (1 to 128); the
 *	counter must not wrap within one operation
 * @pad: must be zero
 * @cb: the initial counter block
 */
struct khsm_ctr_params {
	__u32 counter_bits;
	__u32 pad;
	__u8 cb[16];
};

/**
 * struct khsm_pss_params - parameter of the RSA-PSS mechanisms
 *	(CK_RSA_PKCS_PSS_PARAMS on LP64)
 * @hash_mech: KHSM_MECH_SHA_1/SHA224/SHA256/SHA384/SHA512: the hash
 * @mgf: KHSM_MGF1_*
 * @salt_len: salt length in bytes
 */
struct khsm_pss_params {
	__u64 hash_mech;
	__u64 mgf;
	__u64 salt_len;
};

/**
 * struct khsm_oaep_params - parameter of KHSM_MECH_RSA_PKCS_OAEP
 *	(CK_RSA_PKCS_OAEP_PARAMS on LP64)
 * @hash_mech: KHSM_MECH_SHA_1/SHA224/SHA256/SHA384/SHA512
 * @mgf: KHSM_MGF1_*
 * @source: 0 or 1 (CKZ_DATA_SPECIFIED); the label, if any, is given in
 *	&khsm_crypt.aad
 * @source_data: must be 0
 * @source_data_len: must be 0
 */
struct khsm_oaep_params {
	__u64 hash_mech;
	__u64 mgf;
	__u64 source;
	__u64 source_data;
	__u64 source_data_len;
};

/**
 * struct khsm_generate_key_pair - C_GenerateKeyPair
 *	(KHSM_IOC_GENERATE_KEY_PAIR), inside the kernel
 * @size: in: sizeof(struct khsm_generate_key_pair)
 * @flags: in: must be zero
 * @mech: in: KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN
 * @pub_attrs: in: address of the public key template (CKA_MODULUS_BITS:
 *	2048, 3072 or 4096; CKA_PUBLIC_EXPONENT, if given, 65537)
 * @pub_count: in: attributes in it
 * @priv_count: in: attributes in the private key template
 * @priv_attrs: in: address of the private key template
 * @pub_handle: out: the public key
 * @priv_handle: out: the private key
 * @reserved: in: must be zero
 *
 * @mech may also be KHSM_MECH_EC_KEY_PAIR_GEN, with CKA_EC_PARAMS (the
 * named curve P-256 or P-384) in the public key template.
 *
 * A pairwise consistency test runs on every new pair before it is stored.
 * Generation yields the CPU and stops on a fatal signal (-EINTR).
 */
struct khsm_generate_key_pair {
	__u32 size;
	__u32 flags;
	__u64 mech;
	__u64 pub_attrs;
	__u32 pub_count;
	__u32 priv_count;
	__u64 priv_attrs;
	__u32 pub_handle;
	__u32 priv_handle;
	__u64 reserved[2];
};

#define KHSM_GENERATE_KEY_PAIR_SIZE_VER0 64

/**
 * struct khsm_ecdh1_params - parameter of KHSM_MECH_ECDH1_DERIVE
 *	(CK_ECDH1_DERIVE_PARAMS on LP64)
 * @kdf: KHSM_KDF_*: NULL gives the x-coordinate itself (truncated to
 *	CKA_VALUE_LEN); the others are the ANSI X9.63 KDF with that hash
 * @shared_data_len: length of the KDF's shared info (0 with KHSM_KDF_NULL)
 * @shared_data: its address, or 0
 * @public_data_len: length of the peer's public point
 * @public_data: its address: 04||X||Y, bare or as a DER OCTET STRING
 */
struct khsm_ecdh1_params {
	__u64 kdf;
	__u64 shared_data_len;
	__u64 shared_data;
	__u64 public_data_len;
	__u64 public_data;
};

/**
 * struct khsm_derive_key - C_DeriveKey (KHSM_IOC_DERIVE_KEY)
 * @size: in: sizeof(struct khsm_derive_key)
 * @flags: in: must be zero
 * @mech: in: KHSM_MECH_ECDH1_DERIVE
 * @base_key: in: the EC private key
 * @handle: out: the derived secret key
 * @param: in: address of struct khsm_ecdh1_params
 * @param_len: in: its length
 * @count: in: attributes in the template
 * @attrs: in: the new key's template (CKA_CLASS secret key, CKA_KEY_TYPE,
 *	CKA_VALUE_LEN unless the key type fixes it)
 * @reserved: in: must be zero
 */
struct khsm_derive_key {
	__u32 size;
	__u32 flags;
	__u64 mech;
	__u32 base_key;
	__u32 handle;
	__u64 param;
	__u32 param_len;
	__u32 count;
	__u64 attrs;
	__u64 reserved[2];
};

#define KHSM_DERIVE_KEY_SIZE_VER0 64

/**
 * struct khsm_rsa_aes_wrap_params - parameter of KHSM_MECH_RSA_AES_KEY_WRAP
 *	(CK_RSA_AES_KEY_WRAP_PARAMS with its OAEP parameters inline)
 * @aes_key_bits: size of the ephemeral AES key: 128, 192 or 256
 * @oaep: how the ephemeral key is encrypted under the RSA key (no label)
 */
struct khsm_rsa_aes_wrap_params {
	__u64 aes_key_bits;
	struct khsm_oaep_params oaep;
};

/**
 * struct khsm_wrap_key - C_WrapKey (KHSM_IOC_WRAP_KEY)
 * @size: in: sizeof(struct khsm_wrap_key)
 * @flags: in: must be zero
 * @mech: in: KHSM_MECH_AES_KEY_WRAP, KHSM_MECH_AES_KEY_WRAP_KWP,
 *	KHSM_MECH_AES_CBC_PAD, KHSM_MECH_RSA_PKCS_OAEP or
 *	KHSM_MECH_RSA_AES_KEY_WRAP
 * @wrapping_key: in: the key that encrypts (CKA_WRAP)
 * @key: in: the key wrapped; it must be extractable
 * @param: in: address of the mechanism parameter, or 0
 * @param_len: in: its length
 * @pad: in: must be zero
 * @out: in: address of the output buffer, or 0 to ask for the length
 * @out_len: in: the buffer's size; out: bytes written, or needed
 * @reserved: in: must be zero
 *
 * A secret key is wrapped as its value; a private key as a PKCS#8
 * PrivateKeyInfo (DER), which only the AES mechanisms can carry.
 */
struct khsm_wrap_key {
	__u32 size;
	__u32 flags;
	__u64 mech;
	__u32 wrapping_key;
	__u32 key;
	__u64 param;
	__u32 param_len;
	__u32 pad;
	__u64 out;
	__u64 out_len;
	__u64 reserved[2];
};

#define KHSM_WRAP_KEY_SIZE_VER0 72

/**
 * struct khsm_unwrap_key - C_UnwrapKey (KHSM_IOC_UNWRAP_KEY)
 * @size: in: sizeof(struct khsm_unwrap_key)
 * @flags: in: must be zero
 * @mech: in: as for &struct khsm_wrap_key
 * @unwrapping_key: in: the key that decrypts (CKA_UNWRAP)
 * @handle: out: the new key
 * @param: in: address of the mechanism parameter, or 0
 * @param_len: in: its length
 * @count: in: attributes in the template
 * @in: in: address of the wrapped key
 * @in_len: in: its length
 * @attrs: in: the new key's template (CKA_CLASS and CKA_KEY_TYPE)
 * @reserved: in: must be zero
 *
 * The new key has CKA_LOCAL, CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE
 * false. A wrapped key that does not decrypt, or decrypts to something that
 * is not a key of the template's type, gives -EBADMSG.
 */
struct khsm_unwrap_key {
	__u32 size;
	__u32 flags;
	__u64 mech;
	__u32 unwrapping_key;
	__u32 handle;
	__u64 param;
	__u32 param_len;
	__u32 count;
	__u64 in;
	__u64 in_len;
	__u64 attrs;
	__u64 reserved[2];
};

#define KHSM_UNWRAP_KEY_SIZE_VER0 80

/**
 * struct khsm_crypt - one operation with a resident key (KHSM_IOC_CRYPT)
 * @size: in: sizeof(struct khsm_crypt)
 * @flags: in: 0 for a single-part operation, or one step of a multi-part
 *	one: KHSM_CRYPT_BEGIN (@key, @mech, @param and, for GCM, @aad; no
 *	data), then KHSM_CRYPT_UPDATE (@in; no output: @out_len comes back
 *	0) any number of times, then KHSM_CRYPT_FINAL (@out gets the output, the
 *	signature or MAC; @sig for a verify), or KHSM_CRYPT_CANCEL. A session
 *	holds one multi-part operation per @op; @key, @mech and @param are
 *	ignored after BEGIN. An error other than -ENOSPC ends the operation.
 * @op: in: KHSM_OP_*
 * @key: in: handle of the key
 * @mech: in: KHSM_MECH_*
 * @param: in: address of the mechanism parameter (the IV for CBC modes,
 *	struct khsm_gcm_params, struct khsm_ctr_params), or 0
 * @param_len: in: its length
 * @pad: in: must be zero
 * @in: in: address of the data (plaintext, ciphertext, message)
 * @in_len: in: its length, at most KHSM_MAX_DATA_LEN
 * @aad: in: address of additional authenticated data (GCM) or of the
 *	label (OAEP), or 0
 * @aad_len: in: its length, at most KHSM_MAX_DATA_LEN
 * @sig: in: for KHSM_OP_VERIFY, address of the signature or MAC
 * @sig_len: in: its length
 * @out: in: address of the output buffer, or 0 to ask for the length
 * @out_len: in: the buffer's size; out: bytes written, or needed
 * @reserved: in: must be zero
 */
struct khsm_crypt {
	__u32 size;
	__u32 flags;
	__u32 op;
	__u32 key;
	__u64 mech;
	__u64 param;
	__u32 param_len;
	__u32 pad;
	__u64 in;
	__u64 in_len;
	__u64 aad;
	__u64 aad_len;
	__u64 sig;
	__u64 sig_len;
	__u64 out;
	__u64 out_len;
	__u64 reserved[2];
};

#define KHSM_CRYPT_SIZE_VER0 120

/**
 * struct khsm_random - C_GenerateRandom (KHSM_IOC_RANDOM): bytes from the
 *	kernel's DRBG (the one khsm's self-tests checked at load)
 * @size: in: sizeof(struct khsm_random)
 * @flags: in: must be zero
 * @out: in: address of the buffer
 * @len: in: bytes wanted, at most KHSM_MAX_DATA_LEN
 * @reserved: in: must be zero
 *
 * Needs no session: random bytes are no token's secret.
 */
struct khsm_random {
	__u32 size;
	__u32 flags;
	__u64 out;
	__u64 len;
	__u64 reserved[2];
};

#define KHSM_RANDOM_SIZE_VER0 40

/* What a mechanism does (struct khsm_mech_info.flags): the CKF_* values. */
/* clang-format off */
#define KHSM_MECHF_ENCRYPT		0x00000100
#define KHSM_MECHF_DECRYPT		0x00000200
#define KHSM_MECHF_SIGN			0x00000800
#define KHSM_MECHF_SIGN_RECOVER		0x00001000
#define KHSM_MECHF_VERIFY		0x00002000
#define KHSM_MECHF_VERIFY_RECOVER	0x00004000
#define KHSM_MECHF_GENERATE		0x00008000
#define KHSM_MECHF_GENERATE_KEY_PAIR	0x00010000
#define KHSM_MECHF_WRAP			0x00020000
#define KHSM_MECHF_UNWRAP		0x00040000
#define KHSM_MECHF_DERIVE		0x00080000
/* clang-format on */

/**
 * struct khsm_mech_info - one mechanism the module has
 * @mech: KHSM_MECH_* (the CKM_* number)
 * @flags: KHSM_MECHF_* of what it does
 * @min_key: smallest key, as CK_MECHANISM_INFO counts it (bits for RSA
 *	and EC, bytes otherwise)
 * @max_key: largest key, likewise
 */
struct khsm_mech_info {
	__u64 mech;
	__u64 flags;
	__u32 min_key;
	__u32 max_key;
};

/**
 * struct khsm_mech_list - C_GetMechanismList / C_GetMechanismInfo
 *	(KHSM_IOC_MECH_LIST): every mechanism, sorted by number
 * @size: in: sizeof(struct khsm_mech_list)
 * @flags: in: must be zero
 * @mechs: in: address of a struct khsm_mech_info array, or 0 to ask for
 *	the count
 * @capacity: in: entries in @mechs
 * @count: out: number of mechanisms; if larger than @capacity, only
 *	@capacity were written and -ENOSPC returned
 * @reserved: in: must be zero
 *
 * Needs no session: it describes the module, not a token.
 */
struct khsm_mech_list {
	__u32 size;
	__u32 flags;
	__u64 mechs;
	__u32 capacity;
	__u32 count;
	__u64 reserved[2];
};

#define KHSM_MECH_LIST_SIZE_VER0 40

/**
 * struct khsm_uring_cmd - the command area of an IORING_OP_URING_CMD SQE
 * @req: address of the request struct, the same one ioctl(2) takes
 * @flags: must be zero
 * @reserved: must be zero
 *
 * io_uring: set sqe->opcode to IORING_OP_URING_CMD, sqe->fd to the session's
 * /dev/khsm file, sqe->cmd_op to the KHSM_IOC_* number and put this struct
 * in sqe->cmd. On a ring set up with IORING_SETUP_SQE128 the 64 bytes after
 * it must be zero (-EINVAL). The CQE's res is what ioctl(2) would return:
 * 0 or -errno; output fields (such as @out_len of struct khsm_crypt) are
 * written back into the request struct, as ioctl(2) does.
 *
 * The request struct and every buffer it names must stay valid until the
 * CQE arrives: outputs (and the request's output fields) are written then,
 * by the submitting task. Single-part KHSM_IOC_CRYPT requests run
 * concurrently on all CPUs; every other command runs as its ioctl would,
 * on one of io_uring's worker threads, in no set order (link the SQEs of
 * a multi-part operation to keep its steps in order). Errors of the
 * transport itself:
 *	-EBUSY		too many single-part crypt requests in flight on this
 *			file or for this user (module parameters
 *			max_uring_inflight_per_file and _per_user); reap
 *			completions and resubmit
 *	-ECANCELED	the submitting task died before the result could be
 *			written
 */
struct khsm_uring_cmd {
	__u64 req;
	__u32 flags;
	__u32 reserved;
};

/* clang-format off */
#define KHSM_IOC_TOKEN_CREATE	_IOWR(KHSM_IOC_MAGIC, 0x01, struct khsm_token_create)
#define KHSM_IOC_TOKEN_DESTROY	_IOWR(KHSM_IOC_MAGIC, 0x02, struct khsm_token_ref)
#define KHSM_IOC_TOKEN_LIST	_IOWR(KHSM_IOC_MAGIC, 0x03, struct khsm_token_list)
#define KHSM_IOC_TOKEN_INFO	_IOWR(KHSM_IOC_MAGIC, 0x04, struct khsm_token_info)
#define KHSM_IOC_TOKEN_INIT	_IOWR(KHSM_IOC_MAGIC, 0x05, struct khsm_token_init)
#define KHSM_IOC_SESSION_OPEN	_IOWR(KHSM_IOC_MAGIC, 0x06, struct khsm_session_open)
#define KHSM_IOC_SESSION_INFO	_IOWR(KHSM_IOC_MAGIC, 0x07, struct khsm_session_info)
#define KHSM_IOC_LOGIN		_IOWR(KHSM_IOC_MAGIC, 0x08, struct khsm_login)
#define KHSM_IOC_LOGOUT		_IOWR(KHSM_IOC_MAGIC, 0x09, struct khsm_logout)
#define KHSM_IOC_INIT_PIN	_IOWR(KHSM_IOC_MAGIC, 0x0a, struct khsm_login)
#define KHSM_IOC_SET_PIN	_IOWR(KHSM_IOC_MAGIC, 0x0b, struct khsm_set_pin)
#define KHSM_IOC_OBJECT_CREATE	_IOWR(KHSM_IOC_MAGIC, 0x0c, struct khsm_object_create)
#define KHSM_IOC_OBJECT_COPY	_IOWR(KHSM_IOC_MAGIC, 0x0d, struct khsm_object_copy)
#define KHSM_IOC_OBJECT_DESTROY	_IOWR(KHSM_IOC_MAGIC, 0x0e, struct khsm_object_ref)
#define KHSM_IOC_ATTR_GET	_IOWR(KHSM_IOC_MAGIC, 0x0f, struct khsm_attr_get)
#define KHSM_IOC_ATTR_SET	_IOWR(KHSM_IOC_MAGIC, 0x10, struct khsm_attr_set)
#define KHSM_IOC_FIND		_IOWR(KHSM_IOC_MAGIC, 0x11, struct khsm_find)
#define KHSM_IOC_GENERATE_KEY	_IOWR(KHSM_IOC_MAGIC, 0x12, struct khsm_generate_key)
#define KHSM_IOC_CRYPT		_IOWR(KHSM_IOC_MAGIC, 0x13, struct khsm_crypt)
#define KHSM_IOC_GENERATE_KEY_PAIR \
	_IOWR(KHSM_IOC_MAGIC, 0x14, struct khsm_generate_key_pair)
#define KHSM_IOC_DERIVE_KEY	_IOWR(KHSM_IOC_MAGIC, 0x15, struct khsm_derive_key)
#define KHSM_IOC_WRAP_KEY	_IOWR(KHSM_IOC_MAGIC, 0x16, struct khsm_wrap_key)
#define KHSM_IOC_UNWRAP_KEY	_IOWR(KHSM_IOC_MAGIC, 0x17, struct khsm_unwrap_key)
#define KHSM_IOC_RANDOM		_IOWR(KHSM_IOC_MAGIC, 0x18, struct khsm_random)
#define KHSM_IOC_MECH_LIST	_IOWR(KHSM_IOC_MAGIC, 0x19, struct khsm_mech_list)
/* clang-format on */

/* clang-format off */
/* struct khsm_token_create.flags: the token survives reboots */
#define KHSM_TOKEN_CREATE_PERSISTENT	0x1

#define KHSM_MACHINE_KEY_DESC		"khsm:machine"
#define KHSM_MACHINE_KEY_LEN		32
#define KHSM_UUID_LEN			16
#define KHSM_RECORD_MAGIC		"KHSMREC"	/* 8 bytes with the NUL */
#define KHSM_RECORD_FORMAT		1
#define KHSM_MAX_RECORD_LEN		(2U << 20)
#define KHSM_MAX_STORE_RECORDS		(2 * KHSM_MAX_OBJECTS + 1)

/* Record kinds (struct khsm_record_header.kind, khsm_store_pull.kind). */
#define KHSM_RECORD_STATE		1	/* token state and manifest */
#define KHSM_RECORD_OBJECT		2	/* a public token object */
#define KHSM_RECORD_PRIVATE		3	/* a private token object */
#define KHSM_RECORD_DELETE		4	/* pull only: object @id is gone */

/* struct khsm_store_pull.flags */
#define KHSM_STORE_PULL_BEGIN		0x1	/* start a new pull round */
#define KHSM_STORE_PULL_PEEK		0x2	/* only report @pending */

/* struct khsm_store_record.status */
#define KHSM_STORE_RECORD_UNUSED	0	/* genuine, not named by the state */
#define KHSM_STORE_RECORD_USED		1
/* clang-format on */

/**
 * struct khsm_record_header - the clear start of every sealed record
 * @magic: KHSM_RECORD_MAGIC
 * @format: KHSM_RECORD_FORMAT; numbers are in host byte order (a
 *	record is bound to its host anyway)
 * @kind: KHSM_RECORD_*
 * @uuid: the token's UUID
 * @id: the object's handle (0 for the state record)
 * @version: the record's version: unique and increasing
 *	within a token
 * @kcv: check value of the sealing key: tells "another machine key" from
 *	"edited"
 * @len: bytes after the header (ciphertext and 16-byte tag)
 * @reserved: zero
 * @nonce: the GCM nonce
 * @pad: zero
 *
 * The whole header is the additional authenticated data of the seal, so
 * a record moved to another token, object or version fails to open.
 */
struct khsm_record_header {
	__u8 magic[8];
	__u32 format;
	__u32 kind;
	__u8 uuid[KHSM_UUID_LEN];
	__u64 id;
	__u64 version;
	__u8 kcv[8];
	__u32 len;
	__u32 reserved;
	__u8 nonce[12];
	__u32 pad;
};

/**
 * struct khsm_store_info - the machine key's keyring (KHSM_IOC_STORE_INFO)
 * @size: in: sizeof(struct khsm_store_info)
 * @flags: in: must be zero
 * @keyring: out: serial of the keyring the module owns; root adds the
 *	machine key there (add_key("logon", KHSM_MACHINE_KEY_DESC, ...))
 * @machine_key: out: 0 when a usable machine key is present, else the
 *	negative errno a persistent operation would fail with
 * @reserved: in: must be zero
 */
struct khsm_store_info {
	__u32 size;
	__u32 flags;
	__s32 keyring;
	__s32 machine_key;
	__u64 reserved[2];
};

#define KHSM_STORE_INFO_SIZE_VER0 32

/**
 * struct khsm_store_pull - take the next record to write (KHSM_IOC_STORE_PULL)
 * @size: in: sizeof(struct khsm_store_pull)
 * @flags: in: KHSM_STORE_PULL_*
 * @token: in: token id
 * @kind: out: KHSM_RECORD_*; the state record comes last in a round
 * @id: out: object handle (KHSM_RECORD_OBJECT, _PRIVATE, _DELETE)
 * @version: out: the record's version; for KHSM_RECORD_DELETE, files of
 *	object @id older than it are obsolete once the round is acknowledged
 * @buf: in: where the record goes
 * @buf_len: in: room at @buf; out: the record's length (-ENOSPC if larger)
 * @pending: out: 1 if changes are not durable yet (for PEEK)
 * @uuid: out: the token's UUID
 * @reserved: in: must be zero
 *
 * One writer at a time per store (userspace holds a lock on the token's
 * directory). A round starts with KHSM_STORE_PULL_BEGIN and ends with
 * -ENODATA; a record pulled but never acknowledged is pulled again in
 * the next round. A non-persistent token has nothing to pull.
 */
struct khsm_store_pull {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 kind;
	__u64 id;
	__u64 version;
	__u64 buf;
	__u32 buf_len;
	__u32 pending;
	__u8 uuid[KHSM_UUID_LEN];
	__u64 reserved[2];
};

#define KHSM_STORE_PULL_SIZE_VER0 80

/**
 * struct khsm_store_ack - a state record is durable (KHSM_IOC_STORE_ACK)
 * @size: in: sizeof(struct khsm_store_ack)
 * @flags: in: must be zero
 * @token: in: token id
 * @pad: in: must be zero
 * @version: in: the version of the state record written
 * @reserved: in: must be zero
 */
struct khsm_store_ack {
	__u32 size;
	__u32 flags;
	__u32 token;
	__u32 pad;
	__u64 version;
	__u64 reserved[2];
};

#define KHSM_STORE_ACK_SIZE_VER0 40

/**
 * struct khsm_store_record - one record file given to KHSM_IOC_STORE_LOAD
 * @data: in: address of the record (header and sealed part)
 * @len: in: its length
 * @status: out: KHSM_STORE_RECORD_*
 */
struct khsm_store_record {
	__u64 data;
	__u32 len;
	__u32 status;
};

/**
 * struct khsm_store_load - restore a token (KHSM_IOC_STORE_LOAD); unlike
 *	other commands, its out fields are written back on failure too
 * @size: in: sizeof(struct khsm_store_load)
 * @flags: in: must be zero
 * @records: in: address of a struct khsm_store_record array
 * @count: in: entries in it (one state record and object records)
 * @token: out: the restored token's id
 * @failed: out: index of the record that was refused, or ~0 if none (or
 *	if a record the state names is missing: see @failed_id)
 * @pad: in: must be zero
 * @failed_id: out: the missing object's id for -ENODATA
 * @uuid: out: the token's UUID
 * @reserved: in: must be zero
 */
struct khsm_store_load {
	__u32 size;
	__u32 flags;
	__u64 records;
	__u32 count;
	__u32 token;
	__u32 failed;
	__u32 pad;
	__u64 failed_id;
	__u8 uuid[KHSM_UUID_LEN];
	__u64 reserved[2];
};

#define KHSM_STORE_LOAD_SIZE_VER0 72

/* clang-format off */
#define KHSM_IOC_STORE_INFO	_IOWR(KHSM_IOC_MAGIC, 0x1a, struct khsm_store_info)
#define KHSM_IOC_STORE_PULL	_IOWR(KHSM_IOC_MAGIC, 0x1b, struct khsm_store_pull)
#define KHSM_IOC_STORE_ACK	_IOWR(KHSM_IOC_MAGIC, 0x1c, struct khsm_store_ack)
#define KHSM_IOC_STORE_LOAD	_IOWR(KHSM_IOC_MAGIC, 0x1d, struct khsm_store_load)
/* clang-format on */

#endif /* _UAPI_LINUX_KHSM_H */
