/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_SECRET_H
#define _KHSM_SECRET_H

#include <linux/types.h>

int khsm_secret_init(void);
void khsm_secret_uninit(void);
void *khsm_secret_alloc(size_t len);
void khsm_secret_free(void *p, size_t len);
bool khsm_secret_in_use(void);

#endif /* _KHSM_SECRET_H */
