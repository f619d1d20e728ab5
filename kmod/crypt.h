/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_CRYPT_H
#define _KHSM_CRYPT_H

#include <linux/fs.h>

#include "attr.h"
#include "mech.h"

struct khsm_async_ops;
struct khsm_object;

extern const struct khsm_async_ops khsm_crypt_async;

int khsm_crypt(struct file *file, void *req);
int khsm_wrap_key(struct file *file, void *req);
int khsm_unwrap_key(struct file *file, void *req);

enum khsm_bool khsm_op_usage_flag(u32 op);
u8 *khsm_fetch(u64 uptr, u64 len, u64 max, int *err);
int khsm_crypt_key(struct khsm_object *obj, const struct khsm_mech *m, u64 mech,
		   enum khsm_bool usage, struct khsm_mech_op *mop, u8 **key);
int khsm_mech_do(const struct khsm_mech *m, struct khsm_mech_op *op);
void khsm_mech_done(struct khsm_mech_op *op);
int khsm_copy_out(const void *src, u64 len, u64 uptr, u64 *ulen);

#endif /* _KHSM_CRYPT_H */
