// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module's entry points: the Cryptoki 2.40 function list, the 3.0
 * one, and the interfaces of PKCS#11 3.0 that offer both. Only
 * C_GetFunctionList, C_GetInterfaceList and C_GetInterface are exported
 * (khsm-pkcs11.map).
 */
#include <string.h>

#include "fns.h"
#include "iface.h"
#include "message.h"
#include "p11.h"

#define EXPORT __attribute__((visibility("default")))

#define F(name) .C_##name = khsm_C_##name

#define FUNCTIONS_2_40                                                         \
	F(Initialize), F(Finalize), F(GetInfo), F(GetSlotList),                \
		F(GetSlotInfo), F(GetTokenInfo), F(GetMechanismList),          \
		F(GetMechanismInfo), F(InitToken), F(InitPIN), F(SetPIN),      \
		F(OpenSession), F(CloseSession), F(CloseAllSessions),          \
		F(GetSessionInfo), F(GetOperationState), F(SetOperationState), \
		F(Login), F(Logout), F(CreateObject), F(CopyObject),           \
		F(DestroyObject), F(GetObjectSize), F(GetAttributeValue),      \
		F(SetAttributeValue), F(FindObjectsInit), F(FindObjects),      \
		F(FindObjectsFinal), F(EncryptInit), F(Encrypt),               \
		F(EncryptUpdate), F(EncryptFinal), F(DecryptInit), F(Decrypt), \
		F(DecryptUpdate), F(DecryptFinal), F(DigestInit), F(Digest),   \
		F(DigestUpdate), F(DigestKey), F(DigestFinal), F(SignInit),    \
		F(Sign), F(SignUpdate), F(SignFinal), F(SignRecoverInit),      \
		F(SignRecover), F(VerifyInit), F(Verify), F(VerifyUpdate),     \
		F(VerifyFinal), F(VerifyRecoverInit), F(VerifyRecover),        \
		F(DigestEncryptUpdate), F(DecryptDigestUpdate),                \
		F(SignEncryptUpdate), F(DecryptVerifyUpdate), F(GenerateKey),  \
		F(GenerateKeyPair), F(WrapKey), F(UnwrapKey), F(DeriveKey),    \
		F(SeedRandom), F(GenerateRandom), F(GetFunctionStatus),        \
		F(CancelFunction), F(WaitForSlotEvent)

static CK_RV get_function_list(CK_FUNCTION_LIST **list);
static CK_RV get_interface_list(struct p11_interface *list, CK_ULONG *count);
static CK_RV get_interface(CK_UTF8CHAR *name, CK_VERSION *version,
			   struct p11_interface **iface, CK_FLAGS flags);

static CK_FUNCTION_LIST list_2_40 = {
	.version = { 2, 40 },
	.C_GetFunctionList = get_function_list,
	FUNCTIONS_2_40,
};

static struct p11_function_list_3_0 list_3_0 = {
	.v2 = {
		.version = { 3, 0 },
		.C_GetFunctionList = get_function_list,
		FUNCTIONS_2_40,
	},
	.C_GetInterfaceList = get_interface_list,
	.C_GetInterface = get_interface,
	.C_LoginUser = khsm_C_LoginUser,
	.C_SessionCancel = khsm_C_SessionCancel,
	.C_MessageEncryptInit = khsm_C_MessageInit,
	.C_EncryptMessage = khsm_C_CryptMessage,
	.C_EncryptMessageBegin = khsm_C_CryptMessageBegin,
	.C_EncryptMessageNext = khsm_C_CryptMessageNext,
	.C_MessageEncryptFinal = khsm_C_MessageFinal,
	.C_MessageDecryptInit = khsm_C_MessageInit,
	.C_DecryptMessage = khsm_C_CryptMessage,
	.C_DecryptMessageBegin = khsm_C_CryptMessageBegin,
	.C_DecryptMessageNext = khsm_C_CryptMessageNext,
	.C_MessageDecryptFinal = khsm_C_MessageFinal,
	.C_MessageSignInit = khsm_C_MessageInit,
	.C_SignMessage = khsm_C_SignMessage,
	.C_SignMessageBegin = khsm_C_MessageBegin,
	.C_SignMessageNext = khsm_C_SignMessage,
	.C_MessageSignFinal = khsm_C_MessageFinal,
	.C_MessageVerifyInit = khsm_C_MessageInit,
	.C_VerifyMessage = khsm_C_VerifyMessage,
	.C_VerifyMessageBegin = khsm_C_MessageBegin,
	.C_VerifyMessageNext = khsm_C_VerifyMessage,
	.C_MessageVerifyFinal = khsm_C_MessageFinal,
};

static CK_UTF8CHAR iface_name[] = "PKCS 11";

/* The default interface comes first: 3.0. */
static struct p11_interface interfaces[] = {
	{ iface_name, &list_3_0, 0 },
	{ iface_name, &list_2_40, 0 },
};

#define N_INTERFACES (sizeof(interfaces) / sizeof(interfaces[0]))

static CK_RV get_function_list(CK_FUNCTION_LIST **list)
{
	if (!list)
		return CKR_ARGUMENTS_BAD;
	*list = &list_2_40;
	return CKR_OK;
}

static CK_RV get_interface_list(struct p11_interface *list, CK_ULONG *count)
{
	CK_RV rv = CKR_OK;

	if (!count)
		return CKR_ARGUMENTS_BAD;
	if (list && *count < N_INTERFACES)
		rv = CKR_BUFFER_TOO_SMALL;
	else if (list)
		memcpy(list, interfaces, sizeof(interfaces));
	*count = N_INTERFACES;
	return rv;
}

static CK_RV get_interface(CK_UTF8CHAR *name, CK_VERSION *version,
			   struct p11_interface **iface, CK_FLAGS flags)
{
	const CK_VERSION *v;
	size_t i;

	if (!iface)
		return CKR_ARGUMENTS_BAD;
	for (i = 0; i < N_INTERFACES; i++) {
		v = &((CK_FUNCTION_LIST *)interfaces[i].pFunctionList)->version;
		if (name && strcmp((char *)name, (char *)iface_name))
			continue;
		if (version &&
		    (version->major != v->major || version->minor != v->minor))
			continue;
		if ((interfaces[i].flags & flags) != flags)
			continue;
		*iface = &interfaces[i];
		return CKR_OK;
	}
	return CKR_ARGUMENTS_BAD;
}

EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list)
{
	return get_function_list(list);
}

EXPORT CK_RV C_GetInterfaceList(struct p11_interface *list, CK_ULONG *count)
{
	return get_interface_list(list, count);
}

EXPORT CK_RV C_GetInterface(CK_UTF8CHAR *name, CK_VERSION *version,
			    struct p11_interface **iface, CK_FLAGS flags)
{
	return get_interface(name, version, iface, flags);
}
