// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own asymmetric keys: the PKCS#8 key added as an
 * "asymmetric" key (pkcs8_key_parser) and keyctl pkey_sign. Linux 6.1
 * signs with RSA PKCS#1 v1.5 only: no PSS, no ECDSA.
 */
#include <keyutils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

struct kc_ctx {
	key_serial_t key;
};

static bool kc_supports(const struct bench_case *c)
{
	return c->kind == K_RSA_PKCS;
}

static void *kc_open(const struct bench_case *c, int thread)
{
	struct kc_ctx *x = calloc(1, sizeof(*x));
	char desc[64];

	snprintf(desc, sizeof(desc), "khsm-bench-%d-%d", c->bits, thread);
	x->key = add_key("asymmetric", desc, c->pkcs8, c->pkcs8_len,
			 KEY_SPEC_PROCESS_KEYRING);
	if (x->key < 0) {
		perror("add_key asymmetric (is pkcs8_key_parser loaded?)");
		free(x);
		return NULL;
	}
	return x;
}

/* The kernel refuses an output buffer larger than the signature. */
static int kc_run(void *p, const struct bench_case *c, struct bench_out *o)
{
	struct kc_ctx *x = p;
	long n = keyctl_pkey_sign(x->key, "enc=pkcs1 hash=sha256", c->in,
				  c->in_len, o->buf, (size_t)c->bits / 8);

	if (n <= 0)
		return -1;
	o->len = (size_t)n;
	return 1;
}

static void kc_close(void *p)
{
	struct kc_ctx *x = p;

	keyctl_invalidate(x->key);
	free(x);
}

const struct bench_path path_keyctl = {
	.name = "keyctl",
	.supports = kc_supports,
	.open = kc_open,
	.run = kc_run,
	.close = kc_close,
};
