/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_PM_H
#define _KHSM_PM_H

int khsm_pm_init(void);
void khsm_pm_uninit(void);

#endif /* _KHSM_PM_H */
