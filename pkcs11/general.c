// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * General-purpose functions: C_Initialize, C_Finalize, C_GetInfo, the
 * library lock, fork detection, and the legacy parallel functions.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "p11.h"

struct p11_global p11;

/* The application's mutex callbacks, when it gave them without
 * CKF_OS_LOCKING_OK (PKCS#11 v2.40 section 5.4, case 3). */
static CK_CREATEMUTEX cb_create;
static CK_DESTROYMUTEX cb_destroy;
static CK_LOCKMUTEX cb_lock;
static CK_UNLOCKMUTEX cb_unlock;

CK_RV p11_mutex_init(struct p11_mutex *m)
{
	m->cb = NULL;
	if (cb_create)
		return cb_create(&m->cb);
	return pthread_mutex_init(&m->pm, NULL) ? CKR_CANT_LOCK : CKR_OK;
}

void p11_mutex_destroy(struct p11_mutex *m)
{
	if (m->cb)
		cb_destroy(m->cb);
	else
		pthread_mutex_destroy(&m->pm);
}

void p11_mutex_lock(struct p11_mutex *m)
{
	if (m->cb)
		cb_lock(m->cb);
	else
		pthread_mutex_lock(&m->pm);
}

void p11_mutex_unlock(struct p11_mutex *m)
{
	if (m->cb)
		cb_unlock(m->cb);
	else
		pthread_mutex_unlock(&m->pm);
}

void p11_pad(unsigned char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len);

	memset(dst, ' ', len);
	memcpy(dst, src, n);
}

CK_RV p11_check_init(void)
{
	/* A forked child must call C_Initialize itself (section 6.7.7). */
	if (!p11.initialized || p11.pid != getpid())
		return CKR_CRYPTOKI_NOT_INITIALIZED;
	return CKR_OK;
}

struct hsm *p11_ctl(void)
{
	struct hsm *h = NULL;

	p11_mutex_lock(&p11.lock);
	if (!p11.ctl && hsm_open(NULL, &h) == 0)
		p11.ctl = h;
	h = p11.ctl;
	p11_mutex_unlock(&p11.lock);
	return h;
}

/* Forget a parent's state in a forked child, without touching its locks. */
static void drop_inherited(void)
{
	p11_sessions_drop(false);
	if (p11.ctl)
		hsm_close(p11.ctl);
	memset(&p11, 0, sizeof(p11));
}

static CK_RV check_args(const CK_C_INITIALIZE_ARGS *a)
{
	int given;

	if (!a)
		return CKR_OK;
	if (a->pReserved)
		return CKR_ARGUMENTS_BAD;
	given = !!a->CreateMutex + !!a->DestroyMutex + !!a->LockMutex +
		!!a->UnlockMutex;
	if (given != 0 && given != 4)
		return CKR_ARGUMENTS_BAD;
	return CKR_OK;
}

CK_RV khsm_C_Initialize(CK_VOID_PTR init_args)
{
	const CK_C_INITIALIZE_ARGS *a = init_args;
	CK_RV rv;

	rv = check_args(a);
	if (rv != CKR_OK)
		return rv;
	if (p11.initialized && p11.pid == getpid())
		return CKR_CRYPTOKI_ALREADY_INITIALIZED;
	if (p11.initialized)
		drop_inherited();

	cb_create = NULL;
	if (a && a->CreateMutex && !(a->flags & CKF_OS_LOCKING_OK)) {
		cb_create = a->CreateMutex;
		cb_destroy = a->DestroyMutex;
		cb_lock = a->LockMutex;
		cb_unlock = a->UnlockMutex;
	}
	rv = p11_mutex_init(&p11.lock);
	if (rv != CKR_OK)
		return rv;
	/* No module loaded is not an error: there are just no slots. */
	if (hsm_open(NULL, &p11.ctl))
		p11.ctl = NULL;
	p11.pid = getpid();
	p11.initialized = true;
	return CKR_OK;
}

CK_RV khsm_C_Finalize(CK_VOID_PTR reserved)
{
	CK_RV rv = p11_check_init();

	if (rv != CKR_OK)
		return rv;
	if (reserved)
		return CKR_ARGUMENTS_BAD;
	p11_sessions_drop(true);
	p11_mech_reset();
	if (p11.ctl)
		hsm_close(p11.ctl);
	p11.ctl = NULL;
	p11.initialized = false;
	p11_mutex_destroy(&p11.lock);
	cb_create = NULL;
	return CKR_OK;
}

CK_RV khsm_C_GetInfo(CK_INFO_PTR info)
{
	CK_RV rv = p11_check_init();

	if (rv != CKR_OK)
		return rv;
	if (!info)
		return CKR_ARGUMENTS_BAD;
	memset(info, 0, sizeof(*info));
	info->cryptokiVersion.major = 2;
	info->cryptokiVersion.minor = 40;
	p11_pad(info->manufacturerID, sizeof(info->manufacturerID),
		P11_MANUFACTURER);
	p11_pad(info->libraryDescription, sizeof(info->libraryDescription),
		P11_LIB_DESCRIPTION);
	info->libraryVersion.major = P11_VERSION_MAJOR;
	info->libraryVersion.minor = P11_VERSION_MINOR;
	return CKR_OK;
}

/* Legacy functions of parallel sessions (section 5.20). */
CK_RV khsm_C_GetFunctionStatus(CK_SESSION_HANDLE session)
{
	struct p11_session *s;
	CK_RV rv = p11_session_get(session, &s);

	if (rv != CKR_OK)
		return rv;
	p11_session_put(s);
	return CKR_FUNCTION_NOT_PARALLEL;
}

CK_RV khsm_C_CancelFunction(CK_SESSION_HANDLE session)
{
	struct p11_session *s;
	CK_RV rv = p11_session_get(session, &s);

	if (rv != CKR_OK)
		return rv;
	p11_session_put(s);
	return CKR_FUNCTION_NOT_PARALLEL;
}
