// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The message-based functions of PKCS#11 3.0, which khsm does not offer
 * (C_MessageEncryptInit and the rest): each checks its session and says
 * so.
 */
#include "iface.h"
#include "message.h"
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

CK_RV khsm_C_MessageInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			 CK_OBJECT_HANDLE key)
{
	(void)mechanism;
	(void)key;
	return unsupported(session);
}

CK_RV khsm_C_CryptMessage(CK_SESSION_HANDLE session, void *param,
			  CK_ULONG param_len, unsigned char *aad,
			  CK_ULONG aad_len, unsigned char *in, CK_ULONG in_len,
			  unsigned char *out, CK_ULONG *out_len)
{
	(void)param, (void)param_len, (void)aad, (void)aad_len;
	(void)in, (void)in_len, (void)out, (void)out_len;
	return unsupported(session);
}

CK_RV khsm_C_CryptMessageBegin(CK_SESSION_HANDLE session, void *param,
			       CK_ULONG param_len, unsigned char *aad,
			       CK_ULONG aad_len)
{
	(void)param, (void)param_len, (void)aad, (void)aad_len;
	return unsupported(session);
}

CK_RV khsm_C_CryptMessageNext(CK_SESSION_HANDLE session, void *param,
			      CK_ULONG param_len, unsigned char *in,
			      CK_ULONG in_len, unsigned char *out,
			      CK_ULONG *out_len, CK_FLAGS flags)
{
	(void)param, (void)param_len, (void)in, (void)in_len;
	(void)out, (void)out_len, (void)flags;
	return unsupported(session);
}

CK_RV khsm_C_MessageFinal(CK_SESSION_HANDLE session)
{
	return unsupported(session);
}

CK_RV khsm_C_SignMessage(CK_SESSION_HANDLE session, void *param,
			 CK_ULONG param_len, unsigned char *data,
			 CK_ULONG data_len, unsigned char *sig,
			 CK_ULONG *sig_len)
{
	(void)param, (void)param_len, (void)data, (void)data_len;
	(void)sig, (void)sig_len;
	return unsupported(session);
}

CK_RV khsm_C_MessageBegin(CK_SESSION_HANDLE session, void *param,
			  CK_ULONG param_len)
{
	(void)param, (void)param_len;
	return unsupported(session);
}

CK_RV khsm_C_VerifyMessage(CK_SESSION_HANDLE session, void *param,
			   CK_ULONG param_len, unsigned char *data,
			   CK_ULONG data_len, unsigned char *sig,
			   CK_ULONG sig_len)
{
	(void)param, (void)param_len, (void)data, (void)data_len;
	(void)sig, (void)sig_len;
	return unsupported(session);
}
