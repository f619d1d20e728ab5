/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MULX/ADX Montgomery routines specialised by limb count (x86-64 only);
 * bn_mont.c calls them when the CPU has BMI2 and ADX and falls back to its
 * generic rows when they return false.
 */
#ifndef _KHSM_CRYPTO_BN_MONT_ADX_H
#define _KHSM_CRYPTO_BN_MONT_ADX_H

#include "bn.h"

#if defined(__x86_64__)
bool khsm_mont_mul_adx(const struct khsm_mont *mc, u64 *r, const u64 *a,
		       const u64 *b, u64 *tmp);
bool khsm_mont_sqr_adx(const struct khsm_mont *mc, u64 *r, const u64 *a,
		       u64 *tmp);
bool khsm_mont_redc_adx(const struct khsm_mont *mc, u64 *r, u64 *t);
#else
static inline bool khsm_mont_mul_adx(const struct khsm_mont *mc, u64 *r,
				     const u64 *a, const u64 *b, u64 *tmp)
{
	return false;
}

static inline bool khsm_mont_sqr_adx(const struct khsm_mont *mc, u64 *r,
				     const u64 *a, u64 *tmp)
{
	return false;
}

static inline bool khsm_mont_redc_adx(const struct khsm_mont *mc, u64 *r,
				      u64 *t)
{
	return false;
}
#endif

#endif /* _KHSM_CRYPTO_BN_MONT_ADX_H */
