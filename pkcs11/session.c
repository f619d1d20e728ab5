// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Session management: the session table, C_OpenSession and friends,
 * C_Login/C_Logout, and C_SessionCancel (PKCS#11 3.0).
 *
 * Each session is its own /dev/khsm file bound to the slot's token, so
 * the kernel sees PKCS#11 sessions one to one; it keeps the login state
 * per process and token, as PKCS#11 defines it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>

#include "fns.h"
#include "p11.h"

/* The table: an array of sessions, NULL where one was closed. */
static struct p11_session **table;
static size_t table_len;
static CK_SESSION_HANDLE next_handle = 1;

void p11_op_end(struct p11_op *op)
{
	if (op->aad) {
		explicit_bzero(op->aad, op->aad_len);
		free(op->aad);
	}
	if (op->buf) {
		explicit_bzero(op->buf, op->len);
		free(op->buf);
	}
	if (op->md)
		EVP_MD_CTX_free(op->md);
	explicit_bzero(op, sizeof(*op));
}

static void session_free(struct p11_session *s, bool kernel_alive)
{
	int i;

	for (i = 0; i < P11_OP_COUNT; i++)
		p11_op_end(&s->ops[i]);
	free(s->found);
	hsm_close(s->h);
	if (kernel_alive)
		p11_mutex_destroy(&s->lock);
	free(s);
}

/* Drop a reference; the last one frees. Takes p11.lock. */
static void session_unref(struct p11_session *s)
{
	bool last;

	p11_mutex_lock(&p11.lock);
	last = --s->refs == 0;
	p11_mutex_unlock(&p11.lock);
	if (last)
		session_free(s, true);
}

CK_RV p11_session_get(CK_SESSION_HANDLE handle, struct p11_session **out)
{
	struct p11_session *s = NULL;
	CK_RV rv = p11_check_init();
	size_t i;

	if (rv != CKR_OK)
		return rv;
	p11_mutex_lock(&p11.lock);
	for (i = 0; i < table_len; i++) {
		if (table[i] && table[i]->handle == handle) {
			s = table[i];
			s->refs++;
			break;
		}
	}
	p11_mutex_unlock(&p11.lock);
	if (!s)
		return CKR_SESSION_HANDLE_INVALID;
	p11_mutex_lock(&s->lock);
	if (s->closed) {
		p11_session_put(s);
		return CKR_SESSION_HANDLE_INVALID;
	}
	*out = s;
	return CKR_OK;
}

void p11_session_put(struct p11_session *s)
{
	p11_mutex_unlock(&s->lock);
	session_unref(s);
}

CK_RV p11_op_get(CK_SESSION_HANDLE handle, enum p11_op_kind kind,
		 struct p11_session **s, struct p11_op **op)
{
	CK_RV rv = p11_session_get(handle, s);

	if (rv != CKR_OK)
		return rv;
	*op = &(*s)->ops[kind];
	if (!(*op)->active) {
		p11_session_put(*s);
		return CKR_OPERATION_NOT_INITIALIZED;
	}
	return CKR_OK;
}

/* Take @s out of the table (its reference goes to the caller). */
static bool unlist(struct p11_session *s)
{
	size_t i;

	for (i = 0; i < table_len; i++) {
		if (table[i] == s) {
			table[i] = NULL;
			return true;
		}
	}
	return false;
}

void p11_sessions_drop(bool kernel_alive)
{
	size_t i;

	/* In a forked child another thread of the parent may have held the
	 * locks: the child owns its copies alone and must not take them. */
	for (i = 0; i < table_len; i++) {
		if (!table[i])
			continue;
		if (kernel_alive)
			session_unref(table[i]);
		else
			session_free(table[i], false);
		table[i] = NULL;
	}
	free(table);
	table = NULL;
	table_len = 0;
}

int p11_session_raw(CK_SLOT_ID slot, struct hsm **out)
{
	struct hsm *h;
	int ret;

	if (slot > UINT32_MAX)
		return -ENXIO;
	ret = hsm_open(NULL, &h);
	if (ret)
		return ret;
	/* Read/write: a read-only session would block an SO login. */
	ret = hsm_session_open(h, (uint32_t)slot, KHSM_SESSION_RW);
	if (ret) {
		hsm_close(h);
		return ret;
	}
	*out = h;
	return 0;
}

static CK_RV add(struct p11_session *s)
{
	struct p11_session **nt;
	size_t i;

	for (i = 0; i < table_len; i++) {
		if (!table[i]) {
			table[i] = s;
			return CKR_OK;
		}
	}
	nt = realloc(table, (table_len + 16) * sizeof(*nt));
	if (!nt)
		return CKR_HOST_MEMORY;
	memset(nt + table_len, 0, 16 * sizeof(*nt));
	table = nt;
	table[table_len] = s;
	table_len += 16;
	return CKR_OK;
}

CK_RV khsm_C_OpenSession(CK_SLOT_ID slot_id, CK_FLAGS flags, void *application,
			 CK_NOTIFY notify, CK_SESSION_HANDLE *session)
{
	struct p11_session *s;
	CK_RV rv = p11_check_init();
	int ret;

	(void)application;
	(void)notify;
	if (rv != CKR_OK)
		return rv;
	if (!session)
		return CKR_ARGUMENTS_BAD;
	if (!(flags & CKF_SERIAL_SESSION))
		return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
	if (slot_id > UINT32_MAX)
		return CKR_SLOT_ID_INVALID;

	s = calloc(1, sizeof(*s));
	if (!s)
		return CKR_HOST_MEMORY;
	rv = p11_mutex_init(&s->lock);
	if (rv != CKR_OK) {
		free(s);
		return rv;
	}
	ret = hsm_open(NULL, &s->h);
	if (!ret)
		ret = hsm_session_open(
			s->h, (uint32_t)slot_id,
			flags & CKF_RW_SESSION ? KHSM_SESSION_RW : 0);
	if (ret) {
		rv = ret == -ENOENT ? CKR_SLOT_ID_INVALID :
				      p11_err(ret, P11_OPEN);
		goto err_free;
	}
	s->slot = slot_id;
	s->flags = CKF_SERIAL_SESSION | (flags & CKF_RW_SESSION);
	s->refs = 1;

	p11_mutex_lock(&p11.lock);
	s->handle = next_handle++;
	rv = add(s);
	p11_mutex_unlock(&p11.lock);
	if (rv != CKR_OK)
		goto err_free;
	*session = s->handle;
	return CKR_OK;

err_free:
	hsm_close(s->h);
	p11_mutex_destroy(&s->lock);
	free(s);
	return rv;
}

CK_RV khsm_C_CloseSession(CK_SESSION_HANDLE session)
{
	struct p11_session *s;
	CK_RV rv = p11_session_get(session, &s);
	bool listed;

	if (rv != CKR_OK)
		return rv;
	p11_mutex_lock(&p11.lock);
	listed = unlist(s);
	p11_mutex_unlock(&p11.lock);
	s->closed = true;
	p11_session_put(s);
	/* The table's reference; another thread may have taken it first. */
	if (listed)
		session_unref(s);
	return listed ? CKR_OK : CKR_SESSION_HANDLE_INVALID;
}

CK_RV khsm_C_CloseAllSessions(CK_SLOT_ID slot_id)
{
	struct p11_session *s;
	CK_RV rv = p11_check_init();
	struct khsm_token_info ti;
	struct hsm *ctl;
	size_t i;

	if (rv != CKR_OK)
		return rv;
	ctl = p11_ctl();
	if (!ctl || slot_id > UINT32_MAX ||
	    hsm_token_info(ctl, (uint32_t)slot_id, &ti))
		return CKR_SLOT_ID_INVALID;
	for (;;) {
		s = NULL;
		p11_mutex_lock(&p11.lock);
		for (i = 0; i < table_len && !s; i++) {
			if (table[i] && table[i]->slot == slot_id) {
				s = table[i];
				table[i] = NULL;
			}
		}
		p11_mutex_unlock(&p11.lock);
		if (!s)
			break;
		p11_mutex_lock(&s->lock);
		s->closed = true;
		p11_mutex_unlock(&s->lock);
		session_unref(s);
	}
	return CKR_OK;
}

CK_RV khsm_C_GetSessionInfo(CK_SESSION_HANDLE session, CK_SESSION_INFO *info)
{
	struct khsm_session_info ki;
	struct p11_session *s;
	CK_RV rv;
	int ret;

	if (!info)
		return p11_check_init() ?: CKR_ARGUMENTS_BAD;
	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	ret = hsm_session_info(s->h, &ki);
	if (ret) {
		rv = p11_err(ret, P11_ANY);
	} else {
		info->slotID = s->slot;
		info->state = ki.state;
		info->flags = s->flags;
		info->ulDeviceError = 0;
	}
	p11_session_put(s);
	return rv;
}

/*
 * CKU_CONTEXT_SPECIFIC is for an operation that was initialised with a
 * CKA_ALWAYS_AUTHENTICATE key and has not run yet; the kernel then allows
 * this session one use of such a key.
 */
static bool wants_context_login(const struct p11_session *s)
{
	static const enum p11_op_kind kinds[] = {
		P11_OP_SIGN,
		P11_OP_DECRYPT,
		P11_OP_SIGN_RECOVER,
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (s->ops[kinds[i]].active && s->ops[kinds[i]].always_auth)
			return true;
	return false;
}

static CK_RV login(CK_SESSION_HANDLE session, CK_USER_TYPE user,
		   const unsigned char *pin, CK_ULONG pin_len)
{
	struct p11_session *s;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (user != CKU_SO && user != CKU_USER &&
	    user != CKU_CONTEXT_SPECIFIC) {
		rv = CKR_USER_TYPE_INVALID;
	} else if (user == CKU_CONTEXT_SPECIFIC && !wants_context_login(s)) {
		/* PKCS#11 2.40 section 5.5, C_Login: improper use. */
		rv = CKR_OPERATION_NOT_INITIALIZED;
	} else if (!pin) {
		/* There is no protected authentication path. */
		rv = CKR_ARGUMENTS_BAD;
	} else {
		ret = hsm_login(s->h, (uint32_t)user, pin, pin_len);
		rv = ret ? p11_err(ret, P11_LOGIN) : CKR_OK;
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_Login(CK_SESSION_HANDLE session, CK_USER_TYPE user_type,
		   unsigned char *pin, unsigned long pin_len)
{
	return login(session, user_type, pin, pin_len);
}

CK_RV khsm_C_LoginUser(CK_SESSION_HANDLE session, CK_USER_TYPE user_type,
		       unsigned char *pin, unsigned long pin_len,
		       unsigned char *username, unsigned long username_len)
{
	/* Tokens have one user of each type: a name is not expected. */
	if (username || username_len)
		return p11_check_init() ?: CKR_ARGUMENTS_BAD;
	return login(session, user_type, pin, pin_len);
}

CK_RV khsm_C_Logout(CK_SESSION_HANDLE session)
{
	struct p11_session *s;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	ret = hsm_logout(s->h);
	rv = ret ? p11_err(ret, P11_LOGIN) : CKR_OK;
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_SessionCancel(CK_SESSION_HANDLE session, CK_FLAGS flags)
{
	static const CK_FLAGS op_flag[P11_OP_COUNT] = {
		[P11_OP_ENCRYPT] = CKF_ENCRYPT,
		[P11_OP_DECRYPT] = CKF_DECRYPT,
		[P11_OP_SIGN] = CKF_SIGN,
		[P11_OP_VERIFY] = CKF_VERIFY,
		[P11_OP_DIGEST] = CKF_DIGEST,
		[P11_OP_SIGN_RECOVER] = CKF_SIGN_RECOVER,
		[P11_OP_VERIFY_RECOVER] = CKF_VERIFY_RECOVER,
	};
	struct p11_session *s;
	CK_RV rv;
	int i;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	for (i = 0; i < P11_OP_COUNT; i++) {
		if (!(flags & op_flag[i]) || !s->ops[i].active)
			continue;
		if (s->ops[i].kernel)
			hsm_crypt_cancel(s->h, (uint32_t)i + KHSM_OP_ENCRYPT);
		p11_op_end(&s->ops[i]);
	}
	if (flags & CKF_FIND_OBJECTS) {
		free(s->found);
		s->found = NULL;
		s->finding = false;
	}
	p11_session_put(s);
	return CKR_OK;
}

/**
 * p11_kernel_multipart() - does the kernel run multi-part steps?
 * @h: a session
 *
 * Asked once with a KHSM_CRYPT_CANCEL that has nothing to cancel: a
 * kernel without the steps refuses the flag with -EINVAL.
 *
 * Return: true when it does.
 */
bool p11_kernel_multipart(struct hsm *h)
{
	static int known = -1;
	int k = __atomic_load_n(&known, __ATOMIC_RELAXED);

	if (k < 0) {
		k = hsm_crypt_cancel(h, KHSM_OP_SIGN) != -EINVAL;
		__atomic_store_n(&known, k, __ATOMIC_RELAXED);
	}
	return k;
}
