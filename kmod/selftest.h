/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_SELFTEST_H
#define _KHSM_SELFTEST_H

int khsm_selftest(void);

#endif /* _KHSM_SELFTEST_H */
