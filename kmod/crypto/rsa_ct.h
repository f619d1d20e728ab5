/* SPDX-License-Identifier: GPL-2.0 */
/* Constant-time byte-string helpers shared by the RSA decoders. */
#ifndef _KHSM_CRYPTO_RSA_CT_H
#define _KHSM_CRYPTO_RSA_CT_H

#include "bn.h"

u64 khsm_ct_memeq(const u8 *a, const u8 *b, size_t len);
void khsm_ct_extract(u8 *out, const u8 *src, size_t srclen, size_t off,
		     size_t min_off);

#endif /* _KHSM_CRYPTO_RSA_CT_H */
