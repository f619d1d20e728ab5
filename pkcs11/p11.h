/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * khsm-pkcs11: the internals shared by the function groups.
 *
 * Locking: one library lock (the application's mutex callbacks, or
 * pthreads) protects the session table and the global state; it is never
 * held across a kernel call. Each session has a lock of its own that
 * serialises the calls made on it, including their kernel calls, and a
 * reference count so that C_CloseSession in one thread cannot free a
 * session another thread is using.
 */
#ifndef _KHSM_P11_H
#define _KHSM_P11_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <sys/types.h>

#include <p11-kit/pkcs11.h>

#include "hsm.h"

/* PKCS#11 names p11-kit's 2.40 header lacks. */
#ifndef CKM_AES_KEY_WRAP_KWP
#define CKM_AES_KEY_WRAP_KWP 0x210bUL
#endif
#ifndef CKR_OPERATION_CANCEL_FAILED
#define CKR_OPERATION_CANCEL_FAILED 0x202UL
#endif
#ifndef CKF_FIND_OBJECTS
#define CKF_FIND_OBJECTS 0x40UL /* C_SessionCancel */
#endif
#ifndef CKF_INTERFACE_FORK_SAFE
#define CKF_INTERFACE_FORK_SAFE 0x1UL
#endif

/* PKCS#11 v2.40 section 2.3.8 */
struct p11_rsa_aes_key_wrap_params {
	CK_ULONG ulAESKeyBits;
	CK_RSA_PKCS_OAEP_PARAMS *pOAEPParams;
};

#define P11_MANUFACTURER "khsm"
#define P11_LIB_DESCRIPTION "khsm kernel keystore"
#define P11_VERSION_MAJOR 0
#define P11_VERSION_MINOR 1

/* Fill a blank-padded PKCS#11 string field. */
void p11_pad(unsigned char *dst, size_t len, const char *src);

/* The library lock ---------------------------------------------------- */

struct p11_mutex {
	void *cb; /* the application's mutex, with its callbacks */
	pthread_mutex_t pm; /* otherwise */
};

CK_RV p11_mutex_init(struct p11_mutex *m);
void p11_mutex_destroy(struct p11_mutex *m);
void p11_mutex_lock(struct p11_mutex *m);
void p11_mutex_unlock(struct p11_mutex *m);

/* Global state (general.c) --------------------------------------------- */

/**
 * struct p11_global - the library's state between C_Initialize and
 *	C_Finalize
 * @initialized: C_Initialize succeeded in this process
 * @pid: the process that called it: a forked child is not initialised
 * @lock: protects everything below, and the session table
 * @ctl: an unbound device handle for token requests (NULL: no module)
 * @mech_probed: @mech_flags holds what the kernel answered
 */
struct p11_global {
	bool initialized;
	pid_t pid;
	struct p11_mutex lock;
	struct hsm *ctl;
	bool mech_probed;
};

extern struct p11_global p11;

/* CKR_OK when the library is initialised in this process. */
CK_RV p11_check_init(void);
/* The control handle, opened on first use; NULL without a module. */
struct hsm *p11_ctl(void);

/* Errors (errmap.c) ---------------------------------------------------- */

/* What the failed request was doing: the same errno means different CKRs. */
enum p11_ctx {
	P11_ANY,
	P11_TOKEN, /* token info and C_InitToken */
	P11_OPEN, /* C_OpenSession */
	P11_LOGIN, /* C_Login, C_InitPIN, C_SetPIN */
	P11_OBJECT, /* create, copy, set, destroy */
	P11_KEYGEN,
	P11_ENCRYPT,
	P11_DECRYPT,
	P11_SIGN,
	P11_VERIFY,
	P11_WRAP,
	P11_UNWRAP,
	P11_DERIVE,
};

CK_RV p11_err(int err, enum p11_ctx ctx);

/* The outcome @ret of a call that made object *@h: on success, its handle. */
static inline CK_RV p11_new_object(int ret, enum p11_ctx ctx, const uint32_t *h,
				   CK_OBJECT_HANDLE *out)
{
	if (ret)
		return p11_err(ret, ctx);
	*out = *h;
	return CKR_OK;
}

/* Mechanisms (mech_table.c) -------------------------------------------- */

/* How a mechanism's CK parameter becomes the kernel's. */
enum p11_param {
	P11_P_NONE,
	P11_P_IV16, /* CBC: a 16-byte IV */
	P11_P_IV_OPT, /* key wrap: an optional IV the kernel must not see */
	P11_P_GCM,
	P11_P_CTR,
	P11_P_PSS,
	P11_P_OAEP,
	P11_P_ECDH,
	P11_P_RSA_AES,
};

/**
 * struct p11_mech - one row of the mechanism table
 * @type: CKM_*
 * @flags: CKF_* the mechanism can have (probing may clear some)
 * @min_key: smallest key (bits for RSA/EC, bytes for secret keys)
 * @max_key: largest key
 * @key_type: CKK_* of its key, or CK_UNAVAILABLE_INFORMATION
 * @param: how its parameter is converted
 * @digest: OpenSSL digest name of a software digest mechanism, or NULL
 * @name: for messages
 */
struct p11_mech {
	CK_MECHANISM_TYPE type;
	CK_FLAGS flags;
	CK_ULONG min_key;
	CK_ULONG max_key;
	CK_KEY_TYPE key_type;
	enum p11_param param;
	const char *digest;
	const char *name;
};

/* The kernel's form of a mechanism parameter and its side data. */
struct p11_kparam {
	uint8_t buf[KHSM_MAX_PARAM_LEN];
	size_t len;
	const void *aad; /* GCM AAD or OAEP label, in the caller's memory */
	size_t aad_len;
};

extern const struct p11_mech p11_mechs[];
extern const size_t p11_mech_count;

/* The row of @type, or NULL. */
const struct p11_mech *p11_mech_find(CK_MECHANISM_TYPE type);
/* The flags the kernel really supports for a row (probed once). */
CK_FLAGS p11_mech_flags(const struct p11_mech *m);
/* Forget the probe (C_Finalize). */
void p11_mech_reset(void);
/* Convert @ck's parameter for the kernel. */
CK_RV p11_mech_param(const struct p11_mech *m, const CK_MECHANISM *ck,
		     struct p11_kparam *out);

/* Attributes (attr_table.c) -------------------------------------------- */

enum p11_kind {
	P11_K_BYTES,
	P11_K_BOOL,
	P11_K_ULONG,
	P11_K_DATE,
};

/**
 * struct p11_attr - one row of the attribute table
 * @type: CKA_*
 * @kind: how its value is encoded
 * @name: for messages
 */
struct p11_attr {
	CK_ATTRIBUTE_TYPE type;
	enum p11_kind kind;
	const char *name;
};

extern const struct p11_attr p11_attrs[];
extern const size_t p11_attr_count;

const struct p11_attr *p11_attr_find(CK_ATTRIBUTE_TYPE type);

/* Where a template is used: what the checks allow. */
enum p11_tmpl_use {
	P11_T_CREATE, /* create, generate, unwrap, derive */
	P11_T_SET, /* set and copy */
};

CK_RV p11_tmpl_check(const CK_ATTRIBUTE *t, CK_ULONG n, enum p11_tmpl_use use);
/* The attribute @type of @t, or NULL. */
const CK_ATTRIBUTE *p11_tmpl_find(const CK_ATTRIBUTE *t, CK_ULONG n,
				  CK_ATTRIBUTE_TYPE type);

/**
 * struct p11_tmpl - a template as the kernel takes it, with room for the
 *	attributes the module's policy adds
 * @a: the attributes
 * @n: how many
 * @yes: storage for added true booleans
 */
struct p11_tmpl {
	struct khsm_attr *a;
	uint32_t n;
	CK_BBOOL yes;
};

/*
 * Copy @t into @out (checking it), adding CKA_SENSITIVE true to private
 * keys that do not say. @class is the class when the template may omit it
 * (key generation), or CK_UNAVAILABLE_INFORMATION. Free with
 * p11_tmpl_free().
 */
CK_RV p11_tmpl_build(const CK_ATTRIBUTE *t, CK_ULONG n, CK_OBJECT_CLASS class,
		     struct p11_tmpl *out);
void p11_tmpl_free(struct p11_tmpl *t);

/* Sessions (session.c) ------------------------------------------------- */

/* The operations a session can have active, one of each. */
enum p11_op_kind {
	P11_OP_ENCRYPT,
	P11_OP_DECRYPT,
	P11_OP_SIGN,
	P11_OP_VERIFY,
	P11_OP_DIGEST,
	P11_OP_SIGN_RECOVER,
	P11_OP_VERIFY_RECOVER,
	P11_OP_COUNT,
};

/**
 * struct p11_op - one active operation
 * @active: Init succeeded and the operation has not ended
 * @mech: its mechanism
 * @key: its key (kernel handle)
 * @km: the kernel mechanism; its parameter points at @param
 * @param: the kernel parameter, copied
 * @aad: a copy of the GCM AAD or OAEP label
 * @aad_len: its length
 * @parts: C_*Update was called: single-part calls are refused
 * @kernel: the kernel runs the multi-part steps (otherwise @buf collects
 *	the data for one single-part call at the end)
 * @buf: collected data
 * @len: bytes in @buf
 * @md: the OpenSSL digest context of a digest
 * @always_auth: the key has CKA_ALWAYS_AUTHENTICATE: the kernel wants a
 *	C_Login(CKU_CONTEXT_SPECIFIC) before the operation runs
 */
struct p11_op {
	bool active;
	const struct p11_mech *mech;
	CK_OBJECT_HANDLE key;
	struct hsm_mech km;
	uint8_t param[KHSM_MAX_PARAM_LEN];
	uint8_t *aad;
	size_t aad_len;
	bool parts;
	bool kernel;
	uint8_t *buf;
	size_t len;
	void *md;
	bool always_auth;
};

/**
 * struct p11_session - one PKCS#11 session: one /dev/khsm file
 * @handle: CK_SESSION_HANDLE given to the application
 * @slot: its slot (the token id)
 * @flags: CKF_RW_SESSION | CKF_SERIAL_SESSION
 * @h: the kernel session
 * @refs: references (the table's and the callers'), under p11.lock
 * @lock: serialises the calls on this session
 * @ops: the active operations
 * @found: handles of the active search
 * @found_n: how many
 * @found_pos: how many were returned
 * @finding: a search is active
 * @closed: C_CloseSession ran: a caller that waited for @lock must
 *	not use the session any more
 */
struct p11_session {
	CK_SESSION_HANDLE handle;
	CK_SLOT_ID slot;
	CK_FLAGS flags;
	struct hsm *h;
	unsigned int refs;
	struct p11_mutex lock;
	struct p11_op ops[P11_OP_COUNT];
	uint32_t *found;
	uint32_t found_n;
	uint32_t found_pos;
	bool finding;
	bool closed;
};

/*
 * Look up a session of this process and lock it: CKR_OK, or
 * CKR_CRYPTOKI_NOT_INITIALIZED / CKR_SESSION_HANDLE_INVALID.
 */
CK_RV p11_session_get(CK_SESSION_HANDLE handle, struct p11_session **out);
/* Unlock and release a session from p11_session_get(). */
void p11_session_put(struct p11_session *s);
/*
 * p11_session_get() and its @kind operation, which must be active: else
 * CKR_OPERATION_NOT_INITIALIZED, and the session is released.
 */
CK_RV p11_op_get(CK_SESSION_HANDLE handle, enum p11_op_kind kind,
		 struct p11_session **s, struct p11_op **op);
/* End an operation and free what it holds. */
void p11_op_end(struct p11_op *op);
/* Drop every session (C_Finalize; a forked child's re-initialisation). */
void p11_sessions_drop(bool kernel_alive);
/* Open an unlisted session on @slot (probes, token checks). */
int p11_session_raw(CK_SLOT_ID slot, struct hsm **out);
/* Does a session of ours have the multi-part steps in its kernel? */
bool p11_kernel_multipart(struct hsm *h);

/* The update steps, on a session the caller holds (dual.c composes them). */
CK_RV p11_op_update(struct p11_session *s, enum p11_op_kind kind,
		    const void *in, CK_ULONG in_len, void *out,
		    CK_ULONG *out_len);
CK_RV p11_digest_update(struct p11_session *s, const void *part,
			CK_ULONG part_len);

#define P11_HANDLE_OK(x) ((x) != CK_INVALID_HANDLE && (x) <= UINT32_MAX)

#endif /* _KHSM_P11_H */
