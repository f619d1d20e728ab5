/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_RANDOM_H
#define _KHSM_RANDOM_H

#include <linux/fs.h>

int khsm_random(struct file *file, void *req);

#endif /* _KHSM_RANDOM_H */
