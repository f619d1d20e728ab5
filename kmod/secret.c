// SPDX-License-Identifier: GPL-2.0
/*
 * Memory for key material.
 *
 * Secrets live in khsm's own slab caches, created without a usercopy
 * window: with CONFIG_HARDENED_USERCOPY any copy_to_user() straight out of
 * them is stopped by the kernel. A secret that may be shown (an extractable,
 * non-sensitive CKA_VALUE) is first staged in an ordinary buffer.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "limits.h"
#include "secret.h"

/* Size classes, smallest first; the last is KHSM_MAX_ATTR_LEN. */
static const unsigned int khsm_secret_sizes[] = {
	32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, KHSM_MAX_ATTR_LEN,
};

static struct kmem_cache *khsm_secret_caches[ARRAY_SIZE(khsm_secret_sizes)];

/* Live secret allocations: hibernation is refused while there are any. */
static atomic_long_t khsm_secret_live = ATOMIC_LONG_INIT(0);

/**
 * khsm_secret_in_use() - is any key material in the secret caches
 *
 * Return: true if so.
 */
bool khsm_secret_in_use(void)
{
	return atomic_long_read(&khsm_secret_live) > 0;
}

static int khsm_secret_class(size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(khsm_secret_sizes); i++)
		if (len <= khsm_secret_sizes[i])
			return i;
	return -1;
}

/**
 * khsm_secret_init() - create the secret caches
 *
 * Context: module init.
 * Return: 0 or -ENOMEM.
 */
int khsm_secret_init(void)
{
	unsigned int i, size;
	char name[32];

	for (i = 0; i < ARRAY_SIZE(khsm_secret_sizes); i++) {
		size = khsm_secret_sizes[i];
		snprintf(name, sizeof(name), "khsm_secret_%u", size);
		khsm_secret_caches[i] =
			kmem_cache_create(name, size, 0, SLAB_ACCOUNT, NULL);
		if (!khsm_secret_caches[i]) {
			khsm_secret_uninit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * khsm_secret_uninit() - destroy the caches (the slab core warns of any
 *	secret not freed)
 *
 * Context: module exit, after every object is gone.
 */
void khsm_secret_uninit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(khsm_secret_sizes); i++) {
		kmem_cache_destroy(khsm_secret_caches[i]);
		khsm_secret_caches[i] = NULL;
	}
}

/**
 * khsm_secret_alloc() - zeroed secret memory
 * @len: bytes, at most KHSM_MAX_ATTR_LEN
 *
 * Return: the memory, or NULL.
 */
void *khsm_secret_alloc(size_t len)
{
	int c = khsm_secret_class(len);

	void *p;

	if (c < 0)
		return NULL;
	p = kmem_cache_zalloc(khsm_secret_caches[c], GFP_KERNEL_ACCOUNT);
	if (p)
		atomic_long_inc(&khsm_secret_live);
	return p;
}

/**
 * khsm_secret_free() - wipe and free secret memory
 * @p: from khsm_secret_alloc(), or NULL
 * @len: the length given to khsm_secret_alloc()
 */
void khsm_secret_free(void *p, size_t len)
{
	int c = khsm_secret_class(len);

	if (!p)
		return;
	if (WARN_ON_ONCE(c < 0))
		return;
	memzero_explicit(p, khsm_secret_sizes[c]);
	kmem_cache_free(khsm_secret_caches[c], p);
	atomic_long_dec(&khsm_secret_live);
}
