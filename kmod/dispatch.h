/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_DISPATCH_H
#define _KHSM_DISPATCH_H

#include <linux/compiler_types.h>
#include <linux/fs.h>

/*
 * A handler's way to say: copy the request back (it holds the size the
 * caller needs), then fail with -ENOSPC.
 */
#define KHSM_RET_SHORT_BUFFER 1

int khsm_dispatch_init(void);
long khsm_dispatch(struct file *file, unsigned int cmd, void __user *ureq);

#endif /* _KHSM_DISPATCH_H */
