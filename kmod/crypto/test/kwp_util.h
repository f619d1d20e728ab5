/* SPDX-License-Identifier: GPL-2.0 */
/* AES block-cipher callbacks for the key-wrap tests, backed by OpenSSL. */
#ifndef _KHSM_CRYPTO_TEST_KWP_UTIL_H
#define _KHSM_CRYPTO_TEST_KWP_UTIL_H

#include <openssl/evp.h>

#include "kwp.h"

struct aes_pair {
	EVP_CIPHER_CTX *enc, *dec;
};

static inline int aes_block(EVP_CIPHER_CTX *c, u8 *dst, const u8 *src)
{
	int n = 0;

	return EVP_EncryptUpdate(c, dst, &n, src, 16) == 1 && n == 16 ? 0 :
									-EIO;
}

static inline int aes_enc(void *ctx, u8 *dst, const u8 *src)
{
	return aes_block(((struct aes_pair *)ctx)->enc, dst, src);
}

static inline int aes_dec(void *ctx, u8 *dst, const u8 *src)
{
	EVP_CIPHER_CTX *c = ((struct aes_pair *)ctx)->dec;
	int n = 0;

	return EVP_DecryptUpdate(c, dst, &n, src, 16) == 1 && n == 16 ? 0 :
									-EIO;
}

static inline const EVP_CIPHER *aes_ecb(size_t keylen)
{
	return keylen == 16 ? EVP_aes_128_ecb() :
	       keylen == 24 ? EVP_aes_192_ecb() :
			      EVP_aes_256_ecb();
}

static inline void aes_setup(struct aes_pair *p, struct khsm_block_cipher *bc,
			     const u8 *key, size_t keylen)
{
	p->enc = EVP_CIPHER_CTX_new();
	p->dec = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(p->enc, aes_ecb(keylen), NULL, key, NULL);
	EVP_DecryptInit_ex(p->dec, aes_ecb(keylen), NULL, key, NULL);
	EVP_CIPHER_CTX_set_padding(p->enc, 0);
	EVP_CIPHER_CTX_set_padding(p->dec, 0);
	bc->ctx = p;
	bc->encrypt = aes_enc;
	bc->decrypt = aes_dec;
}

static inline void aes_free(struct aes_pair *p)
{
	EVP_CIPHER_CTX_free(p->enc);
	EVP_CIPHER_CTX_free(p->dec);
}

#endif
