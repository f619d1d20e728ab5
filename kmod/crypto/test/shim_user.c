// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace environment of the arithmetic core: OpenSSL provides the
 * hashes and the random bytes, libc the memory. Tests may replace the random
 * source to make runs reproducible or to starve the core of entropy.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../shim.h"
#include "shim_user.h"

static khsm_test_random_fn random_override;

void khsm_test_set_random(khsm_test_random_fn fn)
{
	random_override = fn;
}

int khsm_crypto_random(u8 *buf, size_t len)
{
	if (random_override)
		return random_override(buf, len);
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

static const EVP_MD *evp_md(enum khsm_hash_alg alg)
{
	switch (alg) {
	case KHSM_HASH_SHA1:
		return EVP_sha1();
	case KHSM_HASH_SHA224:
		return EVP_sha224();
	case KHSM_HASH_SHA256:
		return EVP_sha256();
	case KHSM_HASH_SHA384:
		return EVP_sha384();
	case KHSM_HASH_SHA512:
		return EVP_sha512();
	default:
		return NULL;
	}
}

int khsm_crypto_hash(enum khsm_hash_alg alg, const struct khsm_buf *parts,
		     unsigned int nparts, u8 *out)
{
	const EVP_MD *md = evp_md(alg);
	EVP_MD_CTX *ctx;
	unsigned int i;
	int ok;

	if (!md)
		return -EINVAL;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, md, NULL);
	for (i = 0; ok && i < nparts; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].p, parts[i].len);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, NULL);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

void *khsm_crypto_alloc(size_t len)
{
	return calloc(1, len ? len : 1);
}

void khsm_crypto_wipe(void *p, size_t len)
{
	explicit_bzero(p, len);
}

void khsm_crypto_free(void *p, size_t len)
{
	if (!p)
		return;
	explicit_bzero(p, len);
	free(p);
}

int khsm_crypto_yield(void)
{
	return 0;
}
