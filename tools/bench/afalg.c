// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's AF_ALG "aead" socket with gcm(aes): the key set once per
 * thread, then per operation a sendmsg (operation, IV, data) and a read
 * of ciphertext||tag, as an application of AF_ALG does it.
 */
#include <linux/if_alg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

struct af_ctx {
	int tfm, op;
	uint64_t counter;
	int thread;
};

static bool af_supports(const struct bench_case *c)
{
	return c->kind == K_GCM;
}

static void af_close(void *p)
{
	struct af_ctx *x = p;

	if (x->op >= 0)
		close(x->op);
	if (x->tfm >= 0)
		close(x->tfm);
	free(x);
}

static void *af_open(const struct bench_case *c, int thread)
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG,
				   .salg_type = "aead",
				   .salg_name = "gcm(aes)" };
	struct af_ctx *x = calloc(1, sizeof(*x));

	x->thread = thread;
	x->op = -1;
	x->tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (x->tfm < 0 || bind(x->tfm, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(x->tfm, SOL_ALG, ALG_SET_KEY, c->aes, sizeof(c->aes)) ||
	    setsockopt(x->tfm, SOL_ALG, ALG_SET_AEAD_AUTHSIZE, NULL,
		       BENCH_GCM_TAG)) {
		perror("AF_ALG gcm(aes)");
		af_close(x);
		return NULL;
	}
	x->op = accept(x->tfm, NULL, 0);
	if (x->op < 0) {
		perror("AF_ALG accept");
		af_close(x);
		return NULL;
	}
	return x;
}

static int af_run(void *p, const struct bench_case *c, struct bench_out *o)
{
	struct af_ctx *x = p;
	char cbuf[CMSG_SPACE(sizeof(uint32_t)) +
		  CMSG_SPACE(sizeof(struct af_alg_iv) + BENCH_GCM_IV) +
		  CMSG_SPACE(sizeof(uint32_t))] = {};
	struct iovec iov = { .iov_base = (void *)c->in, .iov_len = c->in_len };
	struct msghdr msg = { .msg_control = cbuf,
			      .msg_controllen = sizeof(cbuf),
			      .msg_iov = &iov,
			      .msg_iovlen = 1 };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	struct af_alg_iv *iv;
	ssize_t n;

	cm->cmsg_level = SOL_ALG;
	cm->cmsg_type = ALG_SET_OP;
	cm->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(cm) = ALG_OP_ENCRYPT;
	cm = CMSG_NXTHDR(&msg, cm);
	cm->cmsg_level = SOL_ALG;
	cm->cmsg_type = ALG_SET_IV;
	cm->cmsg_len = CMSG_LEN(sizeof(*iv) + BENCH_GCM_IV);
	iv = (void *)CMSG_DATA(cm);
	iv->ivlen = BENCH_GCM_IV;
	bench_gcm_iv(o->iv, x->counter++, x->thread);
	memcpy(iv->iv, o->iv, BENCH_GCM_IV);
	cm = CMSG_NXTHDR(&msg, cm);
	cm->cmsg_level = SOL_ALG;
	cm->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
	cm->cmsg_len = CMSG_LEN(sizeof(uint32_t));
	*(uint32_t *)CMSG_DATA(cm) = 0;

	if (sendmsg(x->op, &msg, 0) != (ssize_t)c->in_len)
		return -1;
	n = read(x->op, o->buf, c->in_len + BENCH_GCM_TAG);
	if (n != (ssize_t)(c->in_len + BENCH_GCM_TAG))
		return -1;
	o->len = (size_t)n;
	return 1;
}

const struct bench_path path_afalg = {
	.name = "AF_ALG",
	.supports = af_supports,
	.open = af_open,
	.run = af_run,
	.close = af_close,
};
