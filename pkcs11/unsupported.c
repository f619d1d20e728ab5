// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Functions khsm does not offer: signatures with message recovery, the
 * dual-function updates and saved operation state. Each still checks its
 * session, so a bad handle is reported as such.
 */
#include "fns.h"
#include "p11.h"

static CK_RV unsupported(CK_SESSION_HANDLE session)
{
	struct p11_session *s;
	CK_RV rv = p11_session_get(session, &s);

	if (rv != CKR_OK)
		return rv;
	p11_session_put(s);
	return CKR_FUNCTION_NOT_SUPPORTED;
}

CK_RV khsm_C_GetOperationState(CK_SESSION_HANDLE session,
			       unsigned char *operation_state,
			       CK_ULONG *operation_state_len)
{
	(void)operation_state;
	(void)operation_state_len;
	return unsupported(session);
}

CK_RV khsm_C_SetOperationState(CK_SESSION_HANDLE session,
			       unsigned char *operation_state,
			       CK_ULONG operation_state_len,
			       CK_OBJECT_HANDLE encryption_key,
			       CK_OBJECT_HANDLE authentiation_key)
{
	(void)operation_state;
	(void)operation_state_len;
	(void)encryption_key;
	(void)authentiation_key;
	return unsupported(session);
}

CK_RV khsm_C_SignRecoverInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			     CK_OBJECT_HANDLE key)
{
	(void)mechanism;
	(void)key;
	return unsupported(session);
}

CK_RV khsm_C_SignRecover(CK_SESSION_HANDLE session, unsigned char *data,
			 CK_ULONG data_len, unsigned char *signature,
			 CK_ULONG *signature_len)
{
	(void)data;
	(void)data_len;
	(void)signature;
	(void)signature_len;
	return unsupported(session);
}

CK_RV khsm_C_VerifyRecoverInit(CK_SESSION_HANDLE session,
			       CK_MECHANISM *mechanism, CK_OBJECT_HANDLE key)
{
	(void)mechanism;
	(void)key;
	return unsupported(session);
}

CK_RV khsm_C_VerifyRecover(CK_SESSION_HANDLE session, unsigned char *signature,
			   CK_ULONG signature_len, unsigned char *data,
			   CK_ULONG *data_len)
{
	(void)signature;
	(void)signature_len;
	(void)data;
	(void)data_len;
	return unsupported(session);
}

/* The four dual-function updates share one shape. */
#define DUAL(name)                                                        \
	CK_RV khsm_C_##name(CK_SESSION_HANDLE session, unsigned char *in, \
			    CK_ULONG in_len, unsigned char *out,          \
			    CK_ULONG *out_len)                            \
	{                                                                 \
		(void)in;                                                 \
		(void)in_len;                                             \
		(void)out;                                                \
		(void)out_len;                                            \
		return unsupported(session);                              \
	}

DUAL(DigestEncryptUpdate)
DUAL(DecryptDigestUpdate)
DUAL(SignEncryptUpdate)
DUAL(DecryptVerifyUpdate)
