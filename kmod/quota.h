/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_QUOTA_H
#define _KHSM_QUOTA_H

#include <linux/uidgid.h>

enum khsm_quota_kind {
	KHSM_QUOTA_SESSIONS,
	KHSM_QUOTA_OBJECTS,
	KHSM_QUOTA_URING_INFLIGHT,
	KHSM_QUOTA_KINDS,
};

int khsm_quota_charge(kuid_t uid, enum khsm_quota_kind kind);
void khsm_quota_uncharge(kuid_t uid, enum khsm_quota_kind kind);
void khsm_quota_uninit(void);

#endif /* _KHSM_QUOTA_H */
