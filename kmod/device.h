/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_DEVICE_H
#define _KHSM_DEVICE_H

int khsm_device_init(void);
void khsm_device_uninit(void);

#endif /* _KHSM_DEVICE_H */
