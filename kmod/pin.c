// SPDX-License-Identifier: GPL-2.0
/*
 * PIN verifiers: PBKDF2-HMAC-SHA256 (RFC 8018), so a copy of the verifier
 * costs an attacker the iteration count per guess.
 */
#include <asm/unaligned.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/kernel.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "crypto/shim.h"
#include "limits.h"
#include "pin.h"

/**
 * khsm_pin_derive() - PBKDF2-HMAC-SHA256 with one 32-byte output block
 * @pin: the PIN
 * @pin_len: its length
 * @salt: the salt
 * @salt_len: its length, at most KHSM_PIN_SALT_LEN
 * @iterations: iteration count
 * @dk: receives KHSM_PIN_DK_LEN bytes
 *
 * Context: process context; sleeps, and yields the CPU in long runs.
 * Return: 0, -EINVAL for a long salt, -ENOMEM, -EINTR on a fatal signal,
 * or a crypto API error.
 */
int khsm_pin_derive(const u8 *pin, u32 pin_len, const u8 *salt, u32 salt_len,
		    u32 iterations, u8 *dk)
{
	u8 block[KHSM_PIN_SALT_LEN + 4];
	struct crypto_shash *tfm;
	u8 u[KHSM_PIN_DK_LEN];
	u32 i;
	int ret;

	if (salt_len > KHSM_PIN_SALT_LEN)
		return -EINVAL;
	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_shash_setkey(tfm, pin, pin_len);
	if (ret)
		goto out_free_tfm;

	memcpy(block, salt, salt_len);
	put_unaligned_be32(1, block + salt_len);
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_digest(desc, block, salt_len + 4, u);
		memcpy(dk, u, KHSM_PIN_DK_LEN);
		for (i = 1; !ret && i < iterations; i++) {
			ret = crypto_shash_digest(desc, u, sizeof(u), u);
			crypto_xor(dk, u, KHSM_PIN_DK_LEN);
			if (!(i % 1024)) {
				cond_resched();
				if (fatal_signal_pending(current))
					ret = -EINTR;
			}
		}
		shash_desc_zero(desc);
	}
	memzero_explicit(u, sizeof(u));
	if (ret)
		memzero_explicit(dk, KHSM_PIN_DK_LEN);
out_free_tfm:
	crypto_free_shash(tfm);
	return ret;
}

/**
 * khsm_pin_make_verifier() - a fresh salt and the verifier of @pin
 * @pin: the PIN
 * @pin_len: its length
 * @iterations: iteration count
 * @v: receives the verifier
 *
 * Context: process context; sleeps.
 * Return: 0 or -errno.
 */
int khsm_pin_make_verifier(const u8 *pin, u32 pin_len, u32 iterations,
			   struct khsm_pin_verifier *v)
{
	int ret;

	ret = khsm_crypto_random(v->salt, sizeof(v->salt));
	if (ret)
		return ret;
	v->iterations = iterations;
	return khsm_pin_derive(pin, pin_len, v->salt, sizeof(v->salt),
			       iterations, v->dk);
}

/**
 * khsm_pin_copy_from_user() - fetch a PIN whose length is in range
 * @uptr: the PIN's user address
 * @len: its length
 * @pin: receives a kmalloc'ed copy, to be freed with kfree_sensitive()
 *
 * Return: 0, -ERANGE for a length outside the PIN limits, -EFAULT, -ENOMEM.
 */
int khsm_pin_copy_from_user(u64 uptr, u32 len, u8 **pin)
{
	u8 *p;

	if (len < KHSM_PIN_MIN_LEN || len > KHSM_PIN_MAX_LEN)
		return -ERANGE;
	p = kmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	if (copy_from_user(p, u64_to_user_ptr(uptr), len)) {
		kfree_sensitive(p);
		return -EFAULT;
	}
	*pin = p;
	return 0;
}
