/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_MECH_LIST_H
#define _KHSM_MECH_LIST_H

#include <linux/fs.h>

int khsm_mech_list(struct file *file, void *req);

#endif /* _KHSM_MECH_LIST_H */
