/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_INFO_H
#define _KHSM_INFO_H

#include <linux/fs.h>

int khsm_info(struct file *file, void *req);

#endif /* _KHSM_INFO_H */
