// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The io_uring path: many KHSM_IOC_CRYPT requests in flight on one session.
 *
 * Each request lives in a slot of the batch (the kernel writes its output
 * length back into the slot's struct khsm_crypt), and the slot's index is
 * the SQE's user_data. A batch never has more requests in flight than
 * slots, and the completion queue is twice the submission queue, so the
 * CQ cannot overflow.
 */
#include <errno.h>
#include <liburing.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "hsm.h"
#include "hsm_batch.h"
#include "internal.h"

/**
 * struct hsm_batch_slot - one request's home while it is in flight
 * @req: the request the kernel reads and writes back
 * @tag: the caller's tag
 * @next_free: the next free slot, when this one is free
 */
struct hsm_batch_slot {
	struct khsm_crypt req;
	uint64_t tag;
	unsigned int next_free;
};

/**
 * struct hsm_batch - a ring over one session
 * @h: the session
 * @ring: the io_uring
 * @depth: slots
 * @sqe128: the ring has 128-byte SQEs
 * @inflight: slots in use
 * @queued: SQEs prepared and not yet submitted
 * @free_head: first free slot (@depth when none)
 * @evfd: eventfd registered with the ring, or -1 before hsm_batch_fd()
 * @slots: @depth slots
 */
struct hsm_batch {
	struct hsm *h;
	struct io_uring ring;
	unsigned int depth;
	int sqe128;
	unsigned int inflight;
	unsigned int queued;
	unsigned int free_head;
	int evfd;
	struct hsm_batch_slot *slots;
};

/* Debian's liburing 2.3 has no io_uring_prep_uring_cmd(). */
static void prep_uring_cmd(struct io_uring_sqe *sqe, int sqe128, int fd,
			   uint32_t cmd_op, const void *req)
{
	struct khsm_uring_cmd uc = { .req = __hsm_ptr(req) };

	memset(sqe, 0, sqe128 ? 2 * sizeof(*sqe) : sizeof(*sqe));
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	memcpy((char *)sqe + offsetof(struct io_uring_sqe, cmd), &uc,
	       sizeof(uc));
}

__hsm_public int hsm_batch_open_flags(struct hsm *h, unsigned int depth,
				      unsigned int flags,
				      struct hsm_batch **out)
{
	struct hsm_batch *b;
	unsigned int i;
	int ret;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!h || !depth || depth > HSM_BATCH_MAX_DEPTH ||
	    (flags & ~HSM_BATCH_SQE128))
		return -EINVAL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->slots = calloc(depth, sizeof(*b->slots));
	if (!b->slots) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = io_uring_queue_init(
		depth, &b->ring,
		(flags & HSM_BATCH_SQE128) ? IORING_SETUP_SQE128 : 0);
	if (ret)
		goto err_free;
	for (i = 0; i < depth; i++)
		b->slots[i].next_free = i + 1;
	b->h = h;
	b->depth = depth;
	b->sqe128 = !!(flags & HSM_BATCH_SQE128);
	b->evfd = -1;
	*out = b;
	return 0;

err_free:
	free(b->slots);
	free(b);
	return ret;
}

__hsm_public int hsm_batch_open(struct hsm *h, unsigned int depth,
				struct hsm_batch **out)
{
	return hsm_batch_open_flags(h, depth, 0, out);
}

__hsm_public int hsm_batch_flush(struct hsm_batch *b)
{
	int ret;

	if (!b)
		return -EINVAL;
	if (!b->queued)
		return 0;
	do
		ret = io_uring_submit(&b->ring);
	while (ret == -EINTR);
	if (ret < 0)
		return ret;
	b->queued -= (unsigned int)ret > b->queued ? b->queued :
						     (unsigned int)ret;
	return ret;
}

static int op_valid(const struct hsm_batch_op *o)
{
	if (o->op < KHSM_OP_ENCRYPT || o->op > KHSM_OP_VERIFY)
		return 0;
	if ((!o->in && o->in_len) || (!o->aad && o->aad_len) ||
	    (!o->sig && o->sig_len) || (!o->out && o->out_cap))
		return 0;
	if (o->op == KHSM_OP_VERIFY ? !!o->out : !!o->sig)
		return 0;
	return 1;
}

__hsm_public int hsm_batch_submit(struct hsm_batch *b,
				  const struct hsm_batch_op *o, uint64_t tag)
{
	struct khsm_crypt r = { .size = sizeof(r) };
	struct hsm_batch_slot *slot;
	struct io_uring_sqe *sqe;
	int ret;

	if (!b || !o || !op_valid(o))
		return -EINVAL;
	ret = __hsm_set_mech(&r, o->key, o->mech);
	if (ret)
		return ret;
	if (b->inflight == b->depth)
		return -EAGAIN;
	sqe = io_uring_get_sqe(&b->ring);
	if (!sqe) {
		ret = hsm_batch_flush(b);
		if (ret < 0)
			return ret;
		sqe = io_uring_get_sqe(&b->ring);
		if (!sqe)
			return -EAGAIN;
	}

	r.op = o->op;
	r.in = __hsm_ptr(o->in);
	r.in_len = o->in_len;
	r.aad = __hsm_ptr(o->aad);
	r.aad_len = o->aad_len;
	r.sig = __hsm_ptr(o->sig);
	r.sig_len = o->sig_len;
	r.out = __hsm_ptr(o->out);
	r.out_len = o->out_cap;

	slot = &b->slots[b->free_head];
	prep_uring_cmd(sqe, b->sqe128, hsm_fd(b->h), KHSM_IOC_CRYPT,
		       &slot->req);
	io_uring_sqe_set_data64(sqe, b->free_head);
	b->free_head = slot->next_free;
	slot->req = r;
	slot->tag = tag;
	b->inflight++;
	b->queued++;
	return 0;
}

__hsm_public int hsm_batch_submit_crypt(struct hsm_batch *b, uint32_t op,
					uint32_t key, const struct hsm_mech *m,
					const void *in, size_t in_len,
					void *out, size_t out_cap, uint64_t tag)
{
	struct hsm_batch_op o = {
		.op = op,
		.key = key,
		.mech = m,
		.in = in,
		.in_len = in_len,
		.out = out,
		.out_cap = out_cap,
	};

	if (op == KHSM_OP_VERIFY)
		return -EINVAL;
	return hsm_batch_submit(b, &o, tag);
}

__hsm_public int hsm_batch_submit_verify(struct hsm_batch *b, uint32_t key,
					 const struct hsm_mech *m,
					 const void *in, size_t in_len,
					 const void *sig, size_t sig_len,
					 uint64_t tag)
{
	struct hsm_batch_op o = {
		.op = KHSM_OP_VERIFY,
		.key = key,
		.mech = m,
		.in = in,
		.in_len = in_len,
		.sig = sig,
		.sig_len = sig_len,
	};

	return hsm_batch_submit(b, &o, tag);
}

/* One CQE into @c; its slot is free again. */
static void take(struct hsm_batch *b, struct io_uring_cqe *cqe,
		 struct hsm_completion *c)
{
	unsigned int i = (unsigned int)io_uring_cqe_get_data64(cqe);
	struct hsm_batch_slot *slot = &b->slots[i];

	c->tag = slot->tag;
	c->result = cqe->res;
	c->out_len = (!cqe->res || cqe->res == -ENOSPC) ? slot->req.out_len : 0;
	io_uring_cqe_seen(&b->ring, cqe);
	memset(&slot->req, 0, sizeof(slot->req));
	slot->next_free = b->free_head;
	b->free_head = i;
	b->inflight--;
}

__hsm_public int hsm_batch_reap(struct hsm_batch *b, struct hsm_completion *c,
				size_t max, int wait)
{
	struct io_uring_cqe *cqe;
	uint64_t events;
	size_t n = 0;
	int ret;

	if (!b || (!c && max))
		return -EINVAL;
	ret = hsm_batch_flush(b);
	if (ret < 0)
		return ret;
	/* Emptied before looking, so a later completion signals anew. */
	if (b->evfd >= 0 && read(b->evfd, &events, sizeof(events)) < 0 &&
	    errno != EAGAIN)
		return -errno;
	while (n < max) {
		ret = io_uring_peek_cqe(&b->ring, &cqe);
		if (ret == -EAGAIN) {
			if (n || !wait || !b->inflight)
				break;
			ret = io_uring_wait_cqe(&b->ring, &cqe);
			if (ret == -EINTR)
				continue;
		}
		if (ret)
			return n ? (int)n : ret;
		take(b, cqe, &c[n++]);
	}
	return (int)n;
}

__hsm_public int hsm_batch_fd(struct hsm_batch *b)
{
	int ret;

	if (!b)
		return -EINVAL;
	if (b->evfd >= 0)
		return b->evfd;
	b->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (b->evfd < 0)
		return -errno;
	ret = io_uring_register_eventfd(&b->ring, b->evfd);
	if (ret) {
		close(b->evfd);
		b->evfd = -1;
		return ret;
	}
	return b->evfd;
}

__hsm_public int hsm_batch_inflight(const struct hsm_batch *b)
{
	return b ? (int)b->inflight : -EINVAL;
}

__hsm_public void hsm_batch_close(struct hsm_batch *b)
{
	struct hsm_completion c;

	if (!b)
		return;
	/* The kernel writes into the slots until each request completes. */
	while (b->inflight && hsm_batch_reap(b, &c, 1, 1) >= 0)
		;
	io_uring_queue_exit(&b->ring);
	if (b->evfd >= 0)
		close(b->evfd);
	free(b->slots);
	free(b);
}

/* Wait a little when every request came back refused for lack of room. */
static void backoff(void)
{
	struct timespec ts = { .tv_nsec = 100000 };

	nanosleep(&ts, NULL);
}

__hsm_public int hsm_batch_sign(struct hsm_batch *b, uint32_t key,
				const struct hsm_mech *m,
				const void *const *digests, const size_t *lens,
				void **sigs, size_t *sig_lens, int *results,
				size_t n)
{
	struct hsm_completion c[64];
	size_t next = 0, done = 0, *retry, nretry = 0, i;
	int failed = 0, got, k, busy;

	if (!b || !m ||
	    (n && (!digests || !lens || !sigs || !sig_lens || !results)))
		return -EINVAL;
	if (b->inflight)
		return -EBUSY;
	retry = calloc(b->depth, sizeof(*retry));
	if (!retry)
		return -ENOMEM;

	while (done < n) {
		while (b->inflight < b->depth && (nretry || next < n)) {
			i = nretry ? retry[--nretry] : next++;
			got = hsm_batch_submit_crypt(b, KHSM_OP_SIGN, key, m,
						     digests[i], lens[i],
						     sigs[i], sig_lens[i], i);
			if (got) {
				results[i] = got;
				sig_lens[i] = 0;
				failed++;
				done++;
			}
		}
		if (done == n)
			break;
		got = hsm_batch_reap(b, c, sizeof(c) / sizeof(c[0]), 1);
		if (got < 0) {
			failed = got;
			break;
		}
		busy = 0;
		for (k = 0; k < got; k++) {
			i = c[k].tag;
			if (c[k].result == -EBUSY) {
				retry[nretry++] = i;
				busy++;
				continue;
			}
			results[i] = c[k].result;
			sig_lens[i] = c[k].out_len;
			failed += !!c[k].result;
			done++;
		}
		if (got && busy == got && !b->inflight)
			backoff();
	}
	free(retry);
	return failed;
}
