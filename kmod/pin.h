/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_PIN_H
#define _KHSM_PIN_H

#include <linux/types.h>

#define KHSM_PIN_SALT_LEN 16
#define KHSM_PIN_DK_LEN 32

/**
 * struct khsm_pin_verifier - what is kept of a PIN: never the PIN itself
 * @salt: random salt of the derivation
 * @iterations: PBKDF2 iteration count
 * @dk: PBKDF2-HMAC-SHA256(PIN, salt, iterations)
 */
struct khsm_pin_verifier {
	u8 salt[KHSM_PIN_SALT_LEN];
	u32 iterations;
	u8 dk[KHSM_PIN_DK_LEN];
};

int khsm_pin_derive(const u8 *pin, u32 pin_len, const u8 *salt, u32 salt_len,
		    u32 iterations, u8 *dk);
int khsm_pin_make_verifier(const u8 *pin, u32 pin_len, u32 iterations,
			   struct khsm_pin_verifier *v);
int khsm_pin_copy_from_user(u64 uptr, u32 len, u8 **pin);

#endif /* _KHSM_PIN_H */
