// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Slot and token information: each kernel token the caller may use is a
 * slot with its token present; the slot id is the token id.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fns.h"
#include "p11.h"

CK_RV khsm_C_GetSlotList(CK_BBOOL token_present, CK_SLOT_ID *slot_list,
			 CK_ULONG *count)
{
	uint32_t ids[KHSM_MAX_TOKENS];
	CK_RV rv = p11_check_init();
	struct hsm *ctl;
	int n = 0, i;

	(void)token_present; /* every slot has its token */
	if (rv != CKR_OK)
		return rv;
	if (!count)
		return CKR_ARGUMENTS_BAD;
	ctl = p11_ctl();
	if (ctl) {
		n = hsm_token_list(ctl, ids, KHSM_MAX_TOKENS);
		if (n < 0)
			return p11_err(n, P11_TOKEN);
		if (n > KHSM_MAX_TOKENS)
			n = KHSM_MAX_TOKENS;
	}
	if (slot_list && *count < (CK_ULONG)n) {
		*count = n;
		return CKR_BUFFER_TOO_SMALL;
	}
	if (slot_list)
		for (i = 0; i < n; i++)
			slot_list[i] = ids[i];
	*count = n;
	return CKR_OK;
}

/*
 * The kernel's view of a slot's token: CKR_OK or CKR_SLOT_ID_INVALID;
 * then CKR_ARGUMENTS_BAD when the caller's output @out is NULL.
 */
static CK_RV token_info(CK_SLOT_ID slot, struct khsm_token_info *ti,
			const void *out)
{
	struct hsm *ctl;
	CK_RV rv = p11_check_init();
	int ret;

	if (rv != CKR_OK)
		return rv;
	ctl = p11_ctl();
	if (!ctl || slot > UINT32_MAX)
		return CKR_SLOT_ID_INVALID;
	ret = hsm_token_info(ctl, (uint32_t)slot, ti);
	if (ret)
		return p11_err(ret, P11_TOKEN);
	return out ? CKR_OK : CKR_ARGUMENTS_BAD;
}

CK_RV khsm_C_GetSlotInfo(CK_SLOT_ID slot_id, CK_SLOT_INFO *info)
{
	struct khsm_token_info ti;
	char desc[64];
	CK_RV rv;

	rv = token_info(slot_id, &ti, info);
	if (rv != CKR_OK)
		return rv;
	memset(info, 0, sizeof(*info));
	snprintf(desc, sizeof(desc), "khsm token %lu", (unsigned long)slot_id);
	p11_pad(info->slotDescription, sizeof(info->slotDescription), desc);
	p11_pad(info->manufacturerID, sizeof(info->manufacturerID),
		P11_MANUFACTURER);
	info->flags = CKF_TOKEN_PRESENT | CKF_HW_SLOT;
	info->hardwareVersion.major = P11_VERSION_MAJOR;
	info->hardwareVersion.minor = P11_VERSION_MINOR;
	info->firmwareVersion = info->hardwareVersion;
	return CKR_OK;
}

/* clang-format off */
static const struct {
	uint32_t khsm;
	CK_FLAGS ck;
} token_flags[] = {
	{ KHSM_TOKEN_INITIALIZED,		CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED },
	{ KHSM_TOKEN_USER_PIN_INITIALIZED,	CKF_USER_PIN_INITIALIZED },
	{ KHSM_TOKEN_USER_PIN_COUNT_LOW,	CKF_USER_PIN_COUNT_LOW },
	{ KHSM_TOKEN_USER_PIN_FINAL_TRY,	CKF_USER_PIN_FINAL_TRY },
	{ KHSM_TOKEN_USER_PIN_LOCKED,		CKF_USER_PIN_LOCKED },
	{ KHSM_TOKEN_SO_PIN_COUNT_LOW,		CKF_SO_PIN_COUNT_LOW },
	{ KHSM_TOKEN_SO_PIN_FINAL_TRY,		CKF_SO_PIN_FINAL_TRY },
	{ KHSM_TOKEN_SO_PIN_LOCKED,		CKF_SO_PIN_LOCKED },
};
/* clang-format on */

CK_RV khsm_C_GetTokenInfo(CK_SLOT_ID slot_id, CK_TOKEN_INFO *info)
{
	struct khsm_token_info ti;
	size_t i;
	CK_RV rv;

	rv = token_info(slot_id, &ti, info);
	if (rv != CKR_OK)
		return rv;
	memset(info, 0, sizeof(*info));
	memcpy(info->label, ti.label, sizeof(info->label));
	p11_pad(info->manufacturerID, sizeof(info->manufacturerID),
		P11_MANUFACTURER);
	p11_pad(info->model, sizeof(info->model), "khsm kernel");
	memcpy(info->serialNumber, ti.serial, sizeof(info->serialNumber));
	info->flags = CKF_RNG;
	for (i = 0; i < sizeof(token_flags) / sizeof(token_flags[0]); i++)
		if (ti.token_flags & token_flags[i].khsm)
			info->flags |= token_flags[i].ck;
	info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
	info->ulSessionCount = ti.session_count;
	info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
	info->ulRwSessionCount = ti.rw_session_count;
	info->ulMaxPinLen = KHSM_PIN_MAX_LEN;
	info->ulMinPinLen = KHSM_PIN_MIN_LEN;
	info->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
	info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
	info->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
	info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
	info->hardwareVersion.major = P11_VERSION_MAJOR;
	info->hardwareVersion.minor = P11_VERSION_MINOR;
	info->firmwareVersion = info->hardwareVersion;
	p11_pad(info->utcTime, sizeof(info->utcTime), "");
	return CKR_OK;
}

CK_RV khsm_C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID *slot, void *reserved)
{
	CK_RV rv = p11_check_init();

	if (rv != CKR_OK)
		return rv;
	if (!slot || reserved)
		return CKR_ARGUMENTS_BAD;
	/* Tokens are not inserted or removed like cards. */
	return flags & CKF_DONT_BLOCK ? CKR_NO_EVENT :
					CKR_FUNCTION_NOT_SUPPORTED;
}

CK_RV khsm_C_GetMechanismList(CK_SLOT_ID slot_id, CK_MECHANISM_TYPE *list,
			      CK_ULONG *count)
{
	struct khsm_token_info ti;
	CK_ULONG n = 0;
	size_t i;
	CK_RV rv;

	rv = token_info(slot_id, &ti, count);
	if (rv != CKR_OK)
		return rv;
	for (i = 0; i < p11_mech_count; i++) {
		if (!p11_mech_flags(&p11_mechs[i]))
			continue;
		if (list && n < *count)
			list[n] = p11_mechs[i].type;
		n++;
	}
	rv = list && n > *count ? CKR_BUFFER_TOO_SMALL : CKR_OK;
	*count = n;
	return rv;
}

CK_RV khsm_C_GetMechanismInfo(CK_SLOT_ID slot_id, CK_MECHANISM_TYPE type,
			      CK_MECHANISM_INFO *info)
{
	const struct p11_mech *m;
	struct khsm_token_info ti;
	CK_FLAGS flags;
	CK_RV rv;

	rv = token_info(slot_id, &ti, info);
	if (rv != CKR_OK)
		return rv;
	m = p11_mech_find(type);
	flags = m ? p11_mech_flags(m) : 0;
	if (!flags)
		return CKR_MECHANISM_INVALID;
	info->ulMinKeySize = m->min_key;
	info->ulMaxKeySize = m->max_key;
	info->flags = flags;
	return CKR_OK;
}
