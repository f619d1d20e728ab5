// SPDX-License-Identifier: GPL-2.0
/*
 * khsm's arithmetic core itself, built natively as kmod/crypto/test builds
 * it, called directly: the speed the kernel paths add their transport to.
 * It has RSA and ECDSA; AES is the kernel crypto API's.
 */
#include <stdlib.h>

#include "bench.h"
#include "ec.h"
#include "rsa.h"

struct core_ctx {
	struct khsm_rsa_key *rsa;
	u8 d[KHSM_EC_MAX_BYTES];
};

static bool core_supports(const struct bench_case *c)
{
	return c->kind != K_GCM;
}

static void core_close(void *p)
{
	struct core_ctx *x = p;

	khsm_rsa_key_free(x->rsa);
	free(x);
}

static void *core_open(const struct bench_case *c, int thread)
{
	struct core_ctx *x = calloc(1, sizeof(*x));
	struct khsm_rsa_parts parts;
	struct khsm_buf *b[8] = { &parts.n, &parts.e,  &parts.d,  &parts.p,
				  &parts.q, &parts.dp, &parts.dq, &parts.qinv };
	uint8_t *bytes[8], pt[KHSM_EC_MAX_POINT];
	size_t lens[8], plen = sizeof(pt);
	int ret;

	(void)thread;
	if (c->kind == K_ECDSA) {
		if (bench_ec_private(c->pkey, x->d, (size_t)(c->bits + 7) / 8,
				     pt, &plen)) {
			core_close(x);
			return NULL;
		}
		return x;
	}
	x->rsa = khsm_rsa_key_alloc();
	if (!x->rsa || bench_rsa_parts(c->pkey, bytes, lens)) {
		core_close(x);
		return NULL;
	}
	for (int i = 0; i < 8; i++) {
		b[i]->p = bytes[i];
		b[i]->len = lens[i];
	}
	ret = khsm_rsa_import_private(x->rsa, &parts);
	for (int i = 0; i < 8; i++)
		free(bytes[i]);
	if (ret) {
		core_close(x);
		return NULL;
	}
	return x;
}

static int core_run(void *p, const struct bench_case *c, struct bench_out *o)
{
	struct core_ctx *x = p;
	int ret;

	switch (c->kind) {
	case K_RSA_PKCS:
		ret = khsm_rsa_pkcs1_sign(x->rsa, KHSM_HASH_SHA256, c->in,
					  c->in_len, o->buf);
		o->len = x->rsa->len;
		break;
	case K_RSA_PSS:
		ret = khsm_rsa_pss_sign(x->rsa, KHSM_HASH_SHA256,
					KHSM_HASH_SHA256, c->in_len, c->in,
					c->in_len, o->buf);
		o->len = x->rsa->len;
		break;
	case K_ECDSA:
		ret = khsm_ecdsa_sign(c->bits == 256 ? KHSM_EC_P256 :
						       KHSM_EC_P384,
				      x->d, c->in, c->in_len, o->buf);
		o->len = 2 * (size_t)((c->bits + 7) / 8);
		break;
	default:
		return -1;
	}
	return ret ? -1 : 1;
}

const struct bench_path path_core = {
	.name = "core",
	.supports = core_supports,
	.open = core_open,
	.run = core_run,
	.close = core_close,
};
