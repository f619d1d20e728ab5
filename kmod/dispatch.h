/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_DISPATCH_H
#define _KHSM_DISPATCH_H

#include <linux/compiler_types.h>
#include <linux/fs.h>

#include "limits.h"

/*
 * A handler's way to say: copy the request back (it holds the size the
 * caller needs), then fail with -ENOSPC.
 */
#define KHSM_RET_SHORT_BUFFER 1

struct khsm_cmd;

/**
 * struct khsm_call - one request between its copy-in and its copy-out
 * @cmd: the command table row
 * @ureq: the request struct in user memory
 * @usize: its size, as the caller gave it
 * @req: the kernel copy handlers work on (the largest request fits)
 */
struct khsm_call {
	const struct khsm_cmd *cmd;
	void __user *ureq;
	u32 usize;
	u64 req[KHSM_MAX_REQUEST_SIZE / sizeof(u64)];
};

/**
 * struct khsm_async_ops - a command split so its work can run on a worker
 * @job_size: bytes of state the phases share
 * @wants: whether this request runs in phases (else: its handler, in the
 *	task)
 * @prepare: in the caller's task: check the request, copy its inputs in,
 *	take references into the job. Returns 0 to go on to @run, a positive
 *	value when the request is already answered (outputs are in the
 *	request; no @run), or -errno. @release follows in every case.
 * @run: on any CPU, in a worker: the work itself, on kernel memory only;
 *	never touches user memory and finishes in bounded time
 * @finish: in the caller's task: copy the outputs to user memory. Returns
 *	what the handler would have.
 * @release: drop the references and wipe the job
 */
struct khsm_async_ops {
	size_t job_size;
	bool (*wants)(const void *req);
	int (*prepare)(struct file *file, void *req, void *job);
	void (*run)(void *job);
	int (*finish)(void *req, void *job);
	void (*release)(void *job);
};

int khsm_dispatch_init(void);
long khsm_dispatch(struct file *file, unsigned int cmd, void __user *ureq);

int khsm_call_begin(struct file *file, unsigned int cmd, void __user *ureq,
		    struct khsm_call *call);
const struct khsm_async_ops *khsm_call_async(const struct khsm_call *call);
int khsm_call_run(struct file *file, struct khsm_call *call);
int khsm_call_end(struct khsm_call *call, int ret);

#endif /* _KHSM_DISPATCH_H */
