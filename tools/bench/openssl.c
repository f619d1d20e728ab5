// SPDX-License-Identifier: GPL-2.0
/*
 * OpenSSL in-process (EVP): the speed of the primitive itself on this CPU,
 * with contexts set up once per thread as a careful application would.
 */
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

struct ossl_ctx {
	EVP_PKEY_CTX *pc;
	EVP_CIPHER_CTX *cc;
	uint64_t counter;
	int thread;
};

static bool ossl_supports(const struct bench_case *c)
{
	(void)c;
	return true;
}

static void ossl_close(void *p)
{
	struct ossl_ctx *x = p;

	EVP_PKEY_CTX_free(x->pc);
	EVP_CIPHER_CTX_free(x->cc);
	free(x);
}

static void *ossl_open(const struct bench_case *c, int thread)
{
	struct ossl_ctx *x = calloc(1, sizeof(*x));

	x->thread = thread;
	if (c->kind == K_GCM) {
		x->cc = EVP_CIPHER_CTX_new();
		if (EVP_EncryptInit_ex(x->cc, EVP_aes_256_gcm(), NULL, c->aes,
				       NULL) != 1)
			goto err;
		return x;
	}
	x->pc = EVP_PKEY_CTX_new(c->pkey, NULL);
	if (EVP_PKEY_sign_init(x->pc) != 1)
		goto err;
	if (c->kind != K_ECDSA &&
	    EVP_PKEY_CTX_set_signature_md(x->pc, c->digest) != 1)
		goto err;
	if (c->kind == K_RSA_PKCS &&
	    EVP_PKEY_CTX_set_rsa_padding(x->pc, RSA_PKCS1_PADDING) != 1)
		goto err;
	if (c->kind == K_RSA_PSS &&
	    (EVP_PKEY_CTX_set_rsa_padding(x->pc, RSA_PKCS1_PSS_PADDING) != 1 ||
	     EVP_PKEY_CTX_set_rsa_mgf1_md(x->pc, c->digest) != 1 ||
	     EVP_PKEY_CTX_set_rsa_pss_saltlen(x->pc, (int)c->in_len) != 1))
		goto err;
	return x;
err:
	ossl_close(x);
	return NULL;
}

/* DER ECDSA-Sig-Value to r||s of @n bytes each. */
static int ecdsa_raw(const uint8_t *der, size_t len, size_t n, uint8_t *out)
{
	const unsigned char *p = der;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *ss;

	if (!s)
		return -1;
	ECDSA_SIG_get0(s, &r, &ss);
	BN_bn2binpad(r, out, (int)n);
	BN_bn2binpad(ss, out + n, (int)n);
	ECDSA_SIG_free(s);
	return 0;
}

static int ossl_run(void *p, const struct bench_case *c, struct bench_out *o)
{
	struct ossl_ctx *x = p;
	uint8_t der[256];
	size_t len;
	int l1 = 0, l2 = 0;

	if (c->kind == K_GCM) {
		bench_gcm_iv(o->iv, x->counter++, x->thread);
		if (EVP_EncryptInit_ex(x->cc, NULL, NULL, NULL, o->iv) != 1 ||
		    EVP_EncryptUpdate(x->cc, o->buf, &l1, c->in,
				      (int)c->in_len) != 1 ||
		    EVP_EncryptFinal_ex(x->cc, o->buf + l1, &l2) != 1 ||
		    EVP_CIPHER_CTX_ctrl(x->cc, EVP_CTRL_GCM_GET_TAG,
					BENCH_GCM_TAG, o->buf + l1 + l2) != 1)
			return -1;
		o->len = (size_t)(l1 + l2) + BENCH_GCM_TAG;
		return 1;
	}
	if (c->kind == K_ECDSA) {
		len = sizeof(der);
		if (EVP_PKEY_sign(x->pc, der, &len, c->in, c->in_len) != 1 ||
		    ecdsa_raw(der, len, (size_t)(c->bits + 7) / 8, o->buf))
			return -1;
		o->len = 2 * (size_t)((c->bits + 7) / 8);
		return 1;
	}
	len = sizeof(o->buf);
	if (EVP_PKEY_sign(x->pc, o->buf, &len, c->in, c->in_len) != 1)
		return -1;
	o->len = len;
	return 1;
}

const struct bench_path path_openssl = {
	.name = "OpenSSL",
	.supports = ossl_supports,
	.open = ossl_open,
	.run = ossl_run,
	.close = ossl_close,
};
