/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_SELFTEST_H
#define _KHSM_SELFTEST_H

#include <linux/types.h>

int khsm_selftest(void);
int khsm_selftest_asym(void);
int khsm_selftest_result(const char *name, int ret, const u8 *got,
			 const u8 *want, size_t len);

#endif /* _KHSM_SELFTEST_H */
