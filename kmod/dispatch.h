/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_DISPATCH_H
#define _KHSM_DISPATCH_H

#include <linux/compiler_types.h>
#include <linux/fs.h>

int khsm_dispatch_init(void);
long khsm_dispatch(struct file *file, unsigned int cmd, void __user *ureq);

#endif /* _KHSM_DISPATCH_H */
