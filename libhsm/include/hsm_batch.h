/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libhsm batch API: many requests in flight on one session, through
 * io_uring IORING_OP_URING_CMD (struct khsm_uring_cmd in linux/khsm.h).
 *
 * A struct hsm_batch is one io_uring ring over the file of one struct hsm
 * (a session bound to a token, logged in as the keys need). The kernel
 * runs single-part crypt requests concurrently on all CPUs and completes
 * them in any order; each completion carries the tag given at submission.
 *
 * Two ways to use it:
 *  - hsm_batch_sign(): "sign these N digests"; blocks until all are done,
 *    keeping up to the batch's depth of requests in flight.
 *  - The asynchronous calls for event loops: hsm_batch_submit() (or the
 *    hsm_batch_submit_crypt()/hsm_batch_submit_verify() shorthands) queue a
 *    request, hsm_batch_flush() hands queued requests to the kernel,
 *    hsm_batch_fd() is an eventfd that becomes readable when completions
 *    are ready, and hsm_batch_reap() collects them.
 *
 * Like a liburing ring, a batch is for one thread at a time: use one batch
 * per thread (each may share the same struct hsm). Every buffer a request
 * names (input, output, mechanism parameter, signature) must stay valid
 * until its completion is reaped; struct hsm_mech itself is read at
 * submission. The struct hsm must outlive its batches.
 *
 * Return values follow hsm.h: 0 or a count on success, -errno on failure,
 * errno never set.
 */
#ifndef _HSM_BATCH_H
#define _HSM_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "hsm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags of hsm_batch_open_flags(). */
/* Use a ring of 128-byte SQEs (IORING_SETUP_SQE128) instead of 64-byte. */
#define HSM_BATCH_SQE128 0x1U

/* The largest depth a batch accepts. */
#define HSM_BATCH_MAX_DEPTH 4096U

struct hsm_batch;

/**
 * struct hsm_batch_op - one request for hsm_batch_submit()
 * @op: KHSM_OP_ENCRYPT, KHSM_OP_DECRYPT, KHSM_OP_SIGN or KHSM_OP_VERIFY
 * @key: handle of the key
 * @mech: the mechanism and its parameter (the parameter bytes must stay
 *	valid until completion)
 * @aad: GCM additional data or OAEP label, or NULL
 * @aad_len: its length
 * @in: the input (data, digest or message)
 * @in_len: its length
 * @sig: for KHSM_OP_VERIFY, the signature or MAC; else NULL
 * @sig_len: its length
 * @out: output buffer (not for KHSM_OP_VERIFY), or NULL to ask the length
 * @out_cap: its size
 */
struct hsm_batch_op {
	uint32_t op;
	uint32_t key;
	const struct hsm_mech *mech;
	const void *aad;
	size_t aad_len;
	const void *in;
	size_t in_len;
	const void *sig;
	size_t sig_len;
	void *out;
	size_t out_cap;
};

/**
 * struct hsm_completion - the outcome of one request
 * @tag: the tag given at submission
 * @result: 0, or -errno as hsm_crypt()/hsm_verify() would return it
 *	(-EBADMSG for a wrong signature, -ENOSPC with @out_len the size
 *	needed), or -EBUSY when the kernel had too many requests in flight
 *	(nothing was done: submit it again)
 * @out_len: bytes written to the output (or needed, for -ENOSPC)
 */
struct hsm_completion {
	uint64_t tag;
	int result;
	size_t out_len;
};

/**
 * hsm_batch_open() - a batch of 64-byte SQEs over a session
 * @h: the session (bound to a token; stays open while the batch exists)
 * @depth: most requests in flight at once, 1 to HSM_BATCH_MAX_DEPTH
 * @out: receives the batch
 *
 * Return: 0, -EINVAL, -ENOMEM, or the -errno of io_uring_queue_init()
 * (-ENOSYS or -EPERM where io_uring is not available).
 */
int hsm_batch_open(struct hsm *h, unsigned int depth, struct hsm_batch **out);

/**
 * hsm_batch_open_flags() - hsm_batch_open() with HSM_BATCH_* flags
 * @h: the session
 * @depth: most requests in flight at once, 1 to HSM_BATCH_MAX_DEPTH
 * @flags: HSM_BATCH_SQE128 or 0
 * @out: receives the batch
 *
 * Return: as hsm_batch_open(); -EINVAL for an unknown flag.
 */
int hsm_batch_open_flags(struct hsm *h, unsigned int depth, unsigned int flags,
			 struct hsm_batch **out);

/**
 * hsm_batch_close() - tear a batch down
 * @b: the batch, or NULL
 *
 * Waits for the requests still in flight (the kernel completes each in
 * bounded time), so their buffers may be freed once this returns.
 */
void hsm_batch_close(struct hsm_batch *b);

/**
 * hsm_batch_sign() - sign N digests (or messages) with one key
 * @b: the batch
 * @key: the private key
 * @m: the mechanism (e.g. KHSM_MECH_ECDSA, KHSM_MECH_RSA_PKCS)
 * @digests: the N inputs
 * @lens: their lengths
 * @sigs: the N output buffers
 * @sig_lens: in: each buffer's size; out: each signature's length (or the
 *	size needed, for -ENOSPC)
 * @results: receives each request's 0 or -errno
 * @n: how many
 *
 * Keeps the ring full until every request has a result; requests the
 * kernel refuses with -EBUSY are submitted again. Not to be mixed with
 * asynchronous requests in flight on the same batch.
 *
 * Return: the number of requests that failed (0 when all were signed), or
 * -errno when the batch itself failed (-EINVAL for bad arguments, -EBUSY
 * with asynchronous requests in flight, a ring error).
 */
int hsm_batch_sign(struct hsm_batch *b, uint32_t key, const struct hsm_mech *m,
		   const void *const *digests, const size_t *lens, void **sigs,
		   size_t *sig_lens, int *results, size_t n);

/**
 * hsm_batch_submit() - queue one request
 * @b: the batch
 * @o: the request (copied: it may be reused once this returns, the buffers
 *	it names may not)
 * @tag: comes back in the request's struct hsm_completion
 *
 * The request goes to the kernel at the next hsm_batch_flush() or
 * hsm_batch_reap(), or at once when the submission queue is full.
 *
 * Return: 0; -EINVAL for a malformed request; -EAGAIN when @depth
 * requests are in flight already (reap some first); a ring error.
 */
int hsm_batch_submit(struct hsm_batch *b, const struct hsm_batch_op *o,
		     uint64_t tag);

/**
 * hsm_batch_submit_crypt() - queue an encrypt, decrypt or sign request
 * @b: the batch
 * @op: KHSM_OP_ENCRYPT, KHSM_OP_DECRYPT or KHSM_OP_SIGN
 * @key: the key
 * @m: the mechanism
 * @in: the input
 * @in_len: its length
 * @out: the output buffer
 * @out_cap: its size
 * @tag: comes back in the completion
 *
 * Return: as hsm_batch_submit().
 */
int hsm_batch_submit_crypt(struct hsm_batch *b, uint32_t op, uint32_t key,
			   const struct hsm_mech *m, const void *in,
			   size_t in_len, void *out, size_t out_cap,
			   uint64_t tag);

/**
 * hsm_batch_submit_verify() - queue a verify request
 * @b: the batch
 * @key: the public key (or secret key, for a MAC)
 * @m: the mechanism
 * @in: the message or digest
 * @in_len: its length
 * @sig: the signature or MAC
 * @sig_len: its length
 * @tag: comes back in the completion (result 0 or -EBADMSG)
 *
 * Return: as hsm_batch_submit().
 */
int hsm_batch_submit_verify(struct hsm_batch *b, uint32_t key,
			    const struct hsm_mech *m, const void *in,
			    size_t in_len, const void *sig, size_t sig_len,
			    uint64_t tag);

/**
 * hsm_batch_flush() - hand every queued request to the kernel
 * @b: the batch
 *
 * Return: the number handed over, or -errno.
 */
int hsm_batch_flush(struct hsm_batch *b);

/**
 * hsm_batch_reap() - collect completions
 * @b: the batch
 * @c: receives them
 * @max: room in @c
 * @wait: non-zero to block until at least one completion is ready (unless
 *	none is in flight)
 *
 * Queued requests are flushed first. Reading completions also empties the
 * eventfd of hsm_batch_fd().
 *
 * Return: the number of completions written to @c (0 when none is ready,
 * or when @wait and nothing is in flight), or -errno.
 */
int hsm_batch_reap(struct hsm_batch *b, struct hsm_completion *c, size_t max,
		   int wait);

/**
 * hsm_batch_fd() - an eventfd for event loops
 * @b: the batch
 *
 * The descriptor (non-blocking, owned by the batch) becomes readable when
 * completions are ready; then call hsm_batch_reap() with @wait 0.
 *
 * Return: the descriptor, or -errno.
 */
int hsm_batch_fd(struct hsm_batch *b);

/**
 * hsm_batch_inflight() - requests submitted or queued and not yet reaped
 * @b: the batch
 *
 * Return: the count, or -EINVAL.
 */
int hsm_batch_inflight(const struct hsm_batch *b);

#ifdef __cplusplus
}
#endif

#endif /* _HSM_BATCH_H */
