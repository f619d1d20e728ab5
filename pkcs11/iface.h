/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The PKCS#11 3.0 interface types p11-kit's 2.40 header lacks, laid out
 * as the OASIS pkcs11t.h/pkcs11f.h of 3.0 define them.
 */
#ifndef _KHSM_P11_IFACE_H
#define _KHSM_P11_IFACE_H

#include <p11-kit/pkcs11.h>

/* PKCS#11 v3.0 section 3.6 */
struct p11_interface {
	CK_UTF8CHAR *pInterfaceName;
	void *pFunctionList;
	CK_FLAGS flags;
};

/* CK_FUNCTION_LIST_3_0: the 2.40 list, then the 3.0 functions. */
struct p11_function_list_3_0 {
	CK_FUNCTION_LIST v2;
	CK_RV(*C_GetInterfaceList)
	(struct p11_interface *list, CK_ULONG *count);
	CK_RV(*C_GetInterface)
	(CK_UTF8CHAR *name, CK_VERSION *version, struct p11_interface **iface,
	 CK_FLAGS flags);
	CK_RV(*C_LoginUser)
	(CK_SESSION_HANDLE session, CK_USER_TYPE user_type, unsigned char *pin,
	 CK_ULONG pin_len, unsigned char *username, CK_ULONG username_len);
	CK_RV (*C_SessionCancel)(CK_SESSION_HANDLE session, CK_FLAGS flags);
	CK_RV(*C_MessageEncryptInit)
	(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
	 CK_OBJECT_HANDLE key);
	CK_RV(*C_EncryptMessage)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *aad, CK_ULONG aad_len, unsigned char *in,
	 CK_ULONG in_len, unsigned char *out, CK_ULONG *out_len);
	CK_RV(*C_EncryptMessageBegin)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *aad, CK_ULONG aad_len);
	CK_RV(*C_EncryptMessageNext)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *in, CK_ULONG in_len, unsigned char *out,
	 CK_ULONG *out_len, CK_FLAGS flags);
	CK_RV (*C_MessageEncryptFinal)(CK_SESSION_HANDLE session);
	CK_RV(*C_MessageDecryptInit)
	(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
	 CK_OBJECT_HANDLE key);
	CK_RV(*C_DecryptMessage)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *aad, CK_ULONG aad_len, unsigned char *in,
	 CK_ULONG in_len, unsigned char *out, CK_ULONG *out_len);
	CK_RV(*C_DecryptMessageBegin)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *aad, CK_ULONG aad_len);
	CK_RV(*C_DecryptMessageNext)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *in, CK_ULONG in_len, unsigned char *out,
	 CK_ULONG *out_len, CK_FLAGS flags);
	CK_RV (*C_MessageDecryptFinal)(CK_SESSION_HANDLE session);
	CK_RV(*C_MessageSignInit)
	(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
	 CK_OBJECT_HANDLE key);
	CK_RV(*C_SignMessage)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *data, CK_ULONG data_len, unsigned char *sig,
	 CK_ULONG *sig_len);
	CK_RV(*C_SignMessageBegin)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len);
	CK_RV(*C_SignMessageNext)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *data, CK_ULONG data_len, unsigned char *sig,
	 CK_ULONG *sig_len);
	CK_RV (*C_MessageSignFinal)(CK_SESSION_HANDLE session);
	CK_RV(*C_MessageVerifyInit)
	(CK_SESSION_HANDLE session, CK_MECHANISM *mechanism,
	 CK_OBJECT_HANDLE key);
	CK_RV(*C_VerifyMessage)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *data, CK_ULONG data_len, unsigned char *sig,
	 CK_ULONG sig_len);
	CK_RV(*C_VerifyMessageBegin)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len);
	CK_RV(*C_VerifyMessageNext)
	(CK_SESSION_HANDLE session, void *param, CK_ULONG param_len,
	 unsigned char *data, CK_ULONG data_len, unsigned char *sig,
	 CK_ULONG sig_len);
	CK_RV (*C_MessageVerifyFinal)(CK_SESSION_HANDLE session);
};

CK_RV khsm_C_LoginUser(CK_SESSION_HANDLE session, CK_USER_TYPE user_type,
		       unsigned char *pin, unsigned long pin_len,
		       unsigned char *username, unsigned long username_len);
CK_RV khsm_C_SessionCancel(CK_SESSION_HANDLE session, CK_FLAGS flags);

#endif /* _KHSM_P11_IFACE_H */
