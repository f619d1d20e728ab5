/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_PKCS8_H
#define _KHSM_PKCS8_H

#include <linux/types.h>

struct khsm_object;

ssize_t khsm_pkcs8_encode(struct khsm_object *obj, u8 *out, size_t cap);
int khsm_pkcs8_decode(const u8 *der, size_t len, struct khsm_object *obj);

#endif /* _KHSM_PKCS8_H */
