// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel side of kmod/crypto/shim.h: what the arithmetic core asks of
 * its environment, answered with the kernel crypto API.
 */
#include <crypto/hash.h>
#include <crypto/rng.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "crypto/shim.h"
#include "crypto_env.h"
#include "limits.h"
#include "secret.h"

/*
 * One DRBG and one tfm per hash for the whole module: both are safe to
 * share (the DRBG locks internally; shash state lives in the per-call
 * descriptor on the stack).
 */
static struct crypto_rng *khsm_drbg;
static struct crypto_shash *khsm_hash_tfms[KHSM_HASH_COUNT];

static const char *const khsm_hash_names[KHSM_HASH_COUNT] = {
	[KHSM_HASH_SHA1] = "sha1",     [KHSM_HASH_SHA224] = "sha224",
	[KHSM_HASH_SHA256] = "sha256", [KHSM_HASH_SHA384] = "sha384",
	[KHSM_HASH_SHA512] = "sha512",
};

/**
 * khsm_crypto_env_init() - allocate the DRBG and hash transforms
 *
 * A hash that cannot be allocated (e.g. SHA-1 under some fips=1 policies)
 * is left out: the mechanisms that need it fail with -ENOENT. The DRBG is
 * required.
 *
 * Context: module init.
 * Return: 0, or -errno if no SP 800-90A DRBG is available.
 */
int khsm_crypto_env_init(void)
{
	unsigned int i;
	int ret;

	khsm_drbg = crypto_alloc_rng("stdrng", 0, 0);
	if (IS_ERR(khsm_drbg)) {
		ret = PTR_ERR(khsm_drbg);
		khsm_drbg = NULL;
		pr_err("no stdrng DRBG: %d\n", ret);
		return ret;
	}
	ret = crypto_rng_reset(khsm_drbg, NULL, crypto_rng_seedsize(khsm_drbg));
	if (ret) {
		pr_err("cannot seed the DRBG: %d\n", ret);
		goto err_free_drbg;
	}

	for (i = 0; i < KHSM_HASH_COUNT; i++) {
		struct crypto_shash *tfm;

		tfm = crypto_alloc_shash(khsm_hash_names[i], 0, 0);
		if (IS_ERR(tfm)) {
			pr_warn("%s unavailable: %ld\n", khsm_hash_names[i],
				PTR_ERR(tfm));
			continue;
		}
		khsm_hash_tfms[i] = tfm;
	}
	return 0;

err_free_drbg:
	crypto_free_rng(khsm_drbg);
	khsm_drbg = NULL;
	return ret;
}

/**
 * khsm_crypto_env_uninit() - free what khsm_crypto_env_init() allocated
 *
 * Context: module exit, after the last user of the core is gone.
 */
void khsm_crypto_env_uninit(void)
{
	unsigned int i;

	for (i = 0; i < KHSM_HASH_COUNT; i++) {
		crypto_free_shash(khsm_hash_tfms[i]);
		khsm_hash_tfms[i] = NULL;
	}
	crypto_free_rng(khsm_drbg);
	khsm_drbg = NULL;
}

int khsm_crypto_hash(enum khsm_hash_alg alg, const struct khsm_buf *parts,
		     unsigned int nparts, u8 *out)
{
	struct crypto_shash *tfm;
	unsigned int i;
	int ret;

	if ((unsigned int)alg >= KHSM_HASH_COUNT)
		return -EINVAL;
	tfm = khsm_hash_tfms[alg];
	if (!tfm)
		return -ENOENT;
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_init(desc);
		for (i = 0; !ret && i < nparts; i++)
			ret = crypto_shash_update(desc, parts[i].p,
						  parts[i].len);
		if (!ret)
			ret = crypto_shash_final(desc, out);
		shash_desc_zero(desc);
	}
	return ret;
}

int khsm_crypto_random(u8 *buf, size_t len)
{
	if (len > UINT_MAX)
		return -EINVAL;
	return crypto_rng_get_bytes(khsm_drbg, buf, len);
}

/*
 * The core's working memory holds keys and their CRT values: put it in the
 * secret caches (no usercopy window) whenever it fits one.
 */
void *khsm_crypto_alloc(size_t len)
{
	if (len <= KHSM_MAX_ATTR_LEN)
		return khsm_secret_alloc(len);
	return kvzalloc(len, GFP_KERNEL_ACCOUNT);
}

void khsm_crypto_free(void *p, size_t len)
{
	if (len <= KHSM_MAX_ATTR_LEN)
		khsm_secret_free(p, len);
	else
		kvfree_sensitive(p, len);
}

void khsm_crypto_wipe(void *p, size_t len)
{
	memzero_explicit(p, len);
}

int khsm_crypto_yield(void)
{
	cond_resched();
	return fatal_signal_pending(current) ? -EINTR : 0;
}
