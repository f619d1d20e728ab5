/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_CRYPT_H
#define _KHSM_CRYPT_H

#include <linux/fs.h>

int khsm_crypt(struct file *file, void *req);

#endif /* _KHSM_CRYPT_H */
