/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_MACHINE_KEY_H
#define _KHSM_MACHINE_KEY_H

#include <linux/khsm.h>
#include <linux/types.h>

int khsm_machine_key_init(void);
void khsm_machine_key_uninit(void);
s32 khsm_machine_keyring_serial(void);
int khsm_machine_key_get(u8 *key);

#endif /* _KHSM_MACHINE_KEY_H */
