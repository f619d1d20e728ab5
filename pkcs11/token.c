// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Token and PIN management: C_InitToken, C_InitPIN, C_SetPIN.
 */
#include <stdlib.h>
#include <string.h>

#include "fns.h"
#include "p11.h"

/* A tunable of C_InitToken from the environment, or 0 (the default). */
static uint32_t env_u32(const char *name)
{
	const char *v = getenv(name);

	return v ? (uint32_t)strtoul(v, NULL, 10) : 0;
}

CK_RV khsm_C_InitToken(CK_SLOT_ID slot_id, unsigned char *pin, CK_ULONG pin_len,
		       unsigned char *label)
{
	char lab[KHSM_LABEL_LEN + 1];
	CK_RV rv = p11_check_init();
	struct hsm *ctl;
	int ret;

	p11_objects_changed();

	if (rv != CKR_OK)
		return rv;
	if (!pin || !label)
		return CKR_ARGUMENTS_BAD;
	ctl = p11_ctl();
	if (!ctl || slot_id > UINT32_MAX)
		return CKR_SLOT_ID_INVALID;
	memcpy(lab, label, KHSM_LABEL_LEN);
	lab[KHSM_LABEL_LEN] = 0;
	/*
	 * The PIN verifier's cost and the lockout threshold: the kernel's
	 * defaults unless the environment says (test guests lower the cost).
	 */
	ret = hsm_token_init(ctl, (uint32_t)slot_id, pin, pin_len, lab,
			     env_u32("KHSM_PKCS11_MAX_PIN_FAILURES"),
			     env_u32("KHSM_PKCS11_PBKDF2_ITERATIONS"));
	if (ret)
		return p11_err(ret, P11_TOKEN);
	p11_mech_reset();
	return CKR_OK;
}

CK_RV khsm_C_InitPIN(CK_SESSION_HANDLE session, unsigned char *pin,
		     CK_ULONG pin_len)
{
	struct p11_session *s;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!pin) {
		rv = CKR_ARGUMENTS_BAD;
	} else {
		ret = hsm_init_pin(s->h, pin, pin_len);
		rv = ret ? p11_err(ret, P11_LOGIN) : CKR_OK;
	}
	p11_session_put(s);
	return rv;
}

CK_RV khsm_C_SetPIN(CK_SESSION_HANDLE session, unsigned char *old_pin,
		    CK_ULONG old_len, unsigned char *new_pin, CK_ULONG new_len)
{
	struct p11_session *s;
	CK_RV rv;
	int ret;

	rv = p11_session_get(session, &s);
	if (rv != CKR_OK)
		return rv;
	if (!old_pin || !new_pin) {
		rv = CKR_ARGUMENTS_BAD;
	} else if (!(s->flags & CKF_RW_SESSION)) {
		rv = CKR_SESSION_READ_ONLY;
	} else {
		ret = hsm_set_pin(s->h, old_pin, old_len, new_pin, new_len);
		rv = ret ? p11_err(ret, P11_LOGIN) : CKR_OK;
	}
	p11_session_put(s);
	return rv;
}
