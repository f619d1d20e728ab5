// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring IORING_OP_URING_CMD: the same requests as ioctl(2), many in
 * flight.
 *
 * The command area of the SQE (struct khsm_uring_cmd) is read once, field
 * by field, and holds only the address of the request struct that ioctl(2)
 * takes; from there the request goes through the dispatch table's one path
 * (khsm_call_begin() ... khsm_call_end()). Requests whose command has
 * phases (single-part crypt) are prepared in the submitting task, run on
 * an unbound workqueue across all CPUs, and finished (outputs copied to
 * user memory) back in the submitting task through
 * io_uring_cmd_complete_in_task(). Everything else runs whole, as its
 * ioctl would, on an io_uring worker thread of the submitting process.
 *
 * Lifetimes: io_uring holds a reference to the file (hence to the session
 * and, through fops->owner, to the module) until each command completes,
 * so closing the file leaves the session alive until the last command is
 * done; a job holds its own reference to the key object, so destroying the
 * object is safe too. 6.1 cannot cancel a uring_cmd: every job completes
 * in bounded time, since it only computes on kernel memory, and the number
 * in flight is capped per file and per user (-EBUSY beyond).
 */
#include <linux/io_uring.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "dispatch.h"
#include "quota.h"
#include "session.h"
#include "uring.h"

static unsigned int max_uring_inflight_per_file = 256;
module_param(max_uring_inflight_per_file, uint, 0644);
MODULE_PARM_DESC(max_uring_inflight_per_file,
		 "io_uring crypt requests in flight on one file (default 256)");

static struct workqueue_struct *khsm_uring_wq;
static struct workqueue_struct *khsm_uring_local_wq;

/*
 * A 64-byte SQE has 16 bytes of command area, a 128-byte one 80: the 64
 * after struct khsm_uring_cmd are reserved, read as this many u64s.
 */
#define KHSM_URING_SQE128_RESERVED ((80 - 16) / sizeof(u64))

/* Room for the state of any command's phases (struct khsm_async_ops). */
#define KHSM_MAX_JOB_SIZE 512

/**
 * struct khsm_uring_job - one request that runs on the workqueue
 * @ioucmd: io_uring's command, completed exactly once
 * @file: the file it came on (io_uring holds the reference)
 * @ops: the command's phases
 * @work: the item on khsm_uring_wq
 * @call: the request, from khsm_call_begin()
 * @job: the phases' state, @ops->job_size bytes
 */
struct khsm_uring_job {
	struct io_uring_cmd *ioucmd;
	struct file *file;
	const struct khsm_async_ops *ops;
	struct work_struct work;
	struct khsm_call call;
	u64 job[];
};

/* The job pointer lives in the command's driver area. */
static struct khsm_uring_job **khsm_uring_pdu(struct io_uring_cmd *ioucmd)
{
	BUILD_BUG_ON(sizeof(struct khsm_uring_job *) > sizeof(ioucmd->pdu));
	return (struct khsm_uring_job **)ioucmd->pdu;
}

/* Charge one request in flight to the file and to its user. */
static int khsm_uring_charge(struct khsm_session *s)
{
	if (!atomic_add_unless(&s->uring_inflight, 1,
			       READ_ONCE(max_uring_inflight_per_file)))
		return -EBUSY;
	if (khsm_quota_charge(s->uid, KHSM_QUOTA_URING_INFLIGHT)) {
		atomic_dec(&s->uring_inflight);
		return -EBUSY;
	}
	return 0;
}

static void khsm_uring_uncharge(struct khsm_session *s)
{
	khsm_quota_uncharge(s->uid, KHSM_QUOTA_URING_INFLIGHT);
	atomic_dec(&s->uring_inflight);
}

static void khsm_uring_job_free(struct khsm_uring_job *uj)
{
	struct khsm_session *s = uj->file->private_data;

	uj->ops->release(uj->job);
	kfree_sensitive(uj);
	khsm_uring_uncharge(s);
}

/*
 * In the submitting task: the outputs go to user memory, then the CQE.
 * When the task is gone, io_uring runs this from a kworker instead: no
 * user memory then, and the request ends as cancelled.
 */
static void khsm_uring_complete(struct io_uring_cmd *ioucmd,
				unsigned int issue_flags)
{
	struct khsm_uring_job *uj = *khsm_uring_pdu(ioucmd);
	int ret;

	if ((current->flags & PF_KTHREAD) || !current->mm) {
		memzero_explicit(uj->call.req, sizeof(uj->call.req));
		ret = -ECANCELED;
	} else {
		ret = khsm_call_end(&uj->call,
				    uj->ops->finish(uj->call.req, uj->job));
	}
	khsm_uring_job_free(uj);
	io_uring_cmd_done(ioucmd, ret, 0, issue_flags);
}

static void khsm_uring_work(struct work_struct *work)
{
	struct khsm_uring_job *uj =
		container_of(work, struct khsm_uring_job, work);

	uj->ops->run(uj->job);
	io_uring_cmd_complete_in_task(uj->ioucmd, khsm_uring_complete);
}

/*
 * A request with phases: prepared here, in the submitting task, then
 * queued. Return: -EIOCBQUEUED, or the request's result when it is
 * answered without the workqueue (an error, or a length query).
 */
static int khsm_uring_queue(struct io_uring_cmd *ioucmd,
			    struct khsm_uring_job *uj)
{
	struct khsm_session *s = uj->file->private_data;
	int ret;

	ret = khsm_uring_charge(s);
	if (ret) {
		khsm_call_end(&uj->call, ret);
		kfree_sensitive(uj);
		return ret;
	}
	ret = uj->ops->prepare(uj->file, uj->call.req, uj->job);
	if (ret) {
		/* Answered already (a length query): the request succeeded. */
		ret = khsm_call_end(&uj->call, ret > 0 ? 0 : ret);
		khsm_uring_job_free(uj);
		return ret;
	}
	uj->ioucmd = ioucmd;
	*khsm_uring_pdu(ioucmd) = uj;
	INIT_WORK(&uj->work, khsm_uring_work);
	/*
	 * A lone request runs on this CPU, where the submitter is about to
	 * wait: waking another CPU for it costs more than it saves. With
	 * more in flight, any CPU.
	 */
	if (atomic_read(&s->uring_inflight) == 1)
		queue_work(khsm_uring_local_wq, &uj->work);
	else
		queue_work(khsm_uring_wq, &uj->work);
	return -EIOCBQUEUED;
}

/*
 * The command area, each field read once. Return: the request's address,
 * or -EINVAL for non-zero flags or reserved bytes.
 */
static int khsm_uring_read_cmd(const struct io_uring_cmd *ioucmd,
			       unsigned int issue_flags, u64 *req)
{
	const struct khsm_uring_cmd *uc = ioucmd->cmd;
	const u64 *rest = (const u64 *)(uc + 1);
	u32 flags, reserved;
	u64 extra = 0;
	unsigned int i;

	BUILD_BUG_ON(sizeof(*uc) != 16);
	*req = READ_ONCE(uc->req);
	flags = READ_ONCE(uc->flags);
	reserved = READ_ONCE(uc->reserved);
	/* Only a 128-byte SQE has more than 16 bytes of command area. */
	if (issue_flags & IO_URING_F_SQE128)
		for (i = 0; i < KHSM_URING_SQE128_RESERVED; i++)
			extra |= READ_ONCE(rest[i]);
	if (flags || reserved || extra)
		return -EINVAL;
	return 0;
}

/**
 * khsm_uring_cmd() - file_operations.uring_cmd of /dev/khsm
 * @ioucmd: the command: cmd_op is the KHSM_IOC_* number, the command area
 *	a struct khsm_uring_cmd
 * @issue_flags: IO_URING_F_*
 *
 * Context: the submitting task, an io_uring worker or SQPOLL thread of its
 * process; may sleep.
 * Return: -EIOCBQUEUED when the request was queued (io_uring_cmd_done()
 * follows); -EAGAIN to be issued again from an io_uring worker (which
 * blocks as long as the request needs); else the request's result, as
 * ioctl(2) returns it, plus -EINVAL for a bad command area, -EBUSY at the
 * in-flight limits, -ENOMEM.
 */
int khsm_uring_cmd(struct io_uring_cmd *ioucmd, unsigned int issue_flags)
{
	struct file *file = ioucmd->file;
	const struct khsm_async_ops *ops;
	struct khsm_uring_job *uj;
	u64 ureq;
	int ret;

	ret = khsm_uring_read_cmd(ioucmd, issue_flags, &ureq);
	if (ret)
		return ret;
	/* The largest job any command has; allocated before the copy-in. */
	uj = kmalloc(struct_size(uj, job,
				 DIV_ROUND_UP(KHSM_MAX_JOB_SIZE, sizeof(u64))),
		     GFP_KERNEL_ACCOUNT);
	if (!uj)
		return -ENOMEM;
	ret = khsm_call_begin(file, ioucmd->cmd_op, u64_to_user_ptr(ureq),
			      &uj->call);
	if (ret) {
		kfree(uj);
		return ret;
	}
	uj->file = file;
	ops = khsm_call_async(&uj->call);
	if (ops && !WARN_ON_ONCE(ops->job_size > KHSM_MAX_JOB_SIZE)) {
		uj->ops = ops;
		memset(uj->job, 0, ops->job_size);
		return khsm_uring_queue(ioucmd, uj);
	}

	/*
	 * Whole requests may block as long as their ioctl: not in the
	 * non-blocking issue, but on an io_uring worker, which issues again
	 * from io_uring's own copy of the command area.
	 */
	if (issue_flags & IO_URING_F_NONBLOCK)
		ret = khsm_call_end(&uj->call, -EAGAIN);
	else
		ret = khsm_call_end(&uj->call, khsm_call_run(file, &uj->call));
	kfree(uj);
	return ret;
}

/**
 * khsm_uring_init() - the workqueue io_uring requests run on
 *
 * Unbound, so the requests of one submitter spread over every CPU; at
 * most one running item per CPU, since each is pure computation.
 *
 * Return: 0 or -ENOMEM.
 */
int khsm_uring_init(void)
{
	khsm_uring_wq =
		alloc_workqueue("khsm_uring", WQ_UNBOUND, num_possible_cpus());
	if (!khsm_uring_wq)
		return -ENOMEM;
	khsm_uring_local_wq =
		alloc_workqueue("khsm_uring_local", WQ_CPU_INTENSIVE, 1);
	if (!khsm_uring_local_wq) {
		destroy_workqueue(khsm_uring_wq);
		return -ENOMEM;
	}
	return 0;
}

/**
 * khsm_uring_uninit() - wait for queued requests and free the workqueue
 *
 * Context: module exit, after /dev/khsm is gone (no file is open, so no
 * request can be queued).
 */
void khsm_uring_uninit(void)
{
	destroy_workqueue(khsm_uring_local_wq);
	destroy_workqueue(khsm_uring_wq);
}
