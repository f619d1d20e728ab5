/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_SEAL_H
#define _KHSM_SEAL_H

#include <linux/types.h>

#define KHSM_SEAL_KEY_LEN 32
#define KHSM_SEAL_NONCE_LEN 12
#define KHSM_SEAL_TAG_LEN 16

int khsm_kdf(const u8 *key, u32 key_len, const char *label, const u8 *ctx,
	     u32 ctx_len, u8 *out);
int khsm_gcm(bool enc, const u8 *key, const u8 *nonce, const void *aad,
	     u32 aad_len, const u8 *in, u32 in_len, u8 *out);

#endif /* _KHSM_SEAL_H */
