// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Saved operation state. Every cryptographic operation of a session runs
 * with a key held by the kernel (and a digest in an OpenSSL context), and
 * none of that may leave the kernel or be rebuilt from bytes an
 * application hands back, so no state is ever saveable: PKCS#11 2.40
 * section 5.6 gives CKR_STATE_UNSAVEABLE for exactly that, and a state
 * given to C_SetOperationState can only be one this module never made.
 */
#include "fns.h"
#include "p11.h"

CK_RV khsm_C_GetOperationState(CK_SESSION_HANDLE session,
			       unsigned char *operation_state,
			       CK_ULONG *operation_state_len)
{
	struct p11_session *s;
	bool active = false;
	CK_RV rv;
	int i;

	(void)operation_state;
	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	for (i = 0; i < P11_OP_COUNT; i++)
		active |= s->ops[i].active;
	if (!operation_state_len)
		rv = CKR_ARGUMENTS_BAD;
	else if (!active)
		rv = CKR_OPERATION_NOT_INITIALIZED;
	else
		rv = CKR_STATE_UNSAVEABLE;
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_SetOperationState(CK_SESSION_HANDLE session,
			       unsigned char *operation_state,
			       CK_ULONG operation_state_len,
			       CK_OBJECT_HANDLE encryption_key,
			       CK_OBJECT_HANDLE authentication_key)
{
	struct p11_session *s;
	CK_RV rv;

	(void)encryption_key;
	(void)authentication_key;
	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!operation_state || !operation_state_len)
		rv = CKR_ARGUMENTS_BAD;
	else
		rv = CKR_SAVED_STATE_INVALID;
	p11_session_put(s);
	return rv;
}
