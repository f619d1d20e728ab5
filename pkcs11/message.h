/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One stub per shape of the PKCS#11 3.0 message-based functions.
 */
#ifndef _KHSM_P11_MESSAGE_H
#define _KHSM_P11_MESSAGE_H

#include <p11-kit/pkcs11.h>

CK_RV khsm_C_MessageInit(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
			 CK_OBJECT_HANDLE key);
CK_RV khsm_C_CryptMessage(CK_SESSION_HANDLE session, void *param,
			  CK_ULONG param_len, unsigned char *aad,
			  CK_ULONG aad_len, unsigned char *in, CK_ULONG in_len,
			  unsigned char *out, CK_ULONG *out_len);
CK_RV khsm_C_CryptMessageBegin(CK_SESSION_HANDLE session, void *param,
			       CK_ULONG param_len, unsigned char *aad,
			       CK_ULONG aad_len);
CK_RV khsm_C_CryptMessageNext(CK_SESSION_HANDLE session, void *param,
			      CK_ULONG param_len, unsigned char *in,
			      CK_ULONG in_len, unsigned char *out,
			      CK_ULONG *out_len, CK_FLAGS flags);
CK_RV khsm_C_MessageFinal(CK_SESSION_HANDLE session);
CK_RV khsm_C_SignMessage(CK_SESSION_HANDLE session, void *param,
			 CK_ULONG param_len, unsigned char *data,
			 CK_ULONG data_len, unsigned char *sig,
			 CK_ULONG *sig_len);
CK_RV khsm_C_MessageBegin(CK_SESSION_HANDLE session, void *param,
			  CK_ULONG param_len);
CK_RV khsm_C_VerifyMessage(CK_SESSION_HANDLE session, void *param,
			   CK_ULONG param_len, unsigned char *data,
			   CK_ULONG data_len, unsigned char *sig,
			   CK_ULONG sig_len);

#endif /* _KHSM_P11_MESSAGE_H */
