// SPDX-License-Identifier: GPL-2.0
/*
 * khsm through libhsm, one ioctl per operation; also the token every khsm
 * path uses, and the cost of a request that does nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "hsm.h"
#include "khsm.h"
#include "tmpl.h"

uint32_t bench_khsm_token;
const char bench_so_pin[] = "bench-so-pin";
const char bench_user_pin[] = "bench-user-pin";

/* Holds the process's login on the token for the whole run. */
static struct hsm *admin;

int bench_khsm_token_setup(void)
{
	int ret;

	if (admin)
		return 0;
	ret = hsm_open(NULL, &admin);
	if (!ret)
		ret = hsm_token_create(admin, getuid(), getgid(), 0600,
				       &bench_khsm_token);
	if (!ret)
		ret = hsm_token_init(admin, bench_khsm_token, bench_so_pin,
				     strlen(bench_so_pin), "khsm-bench", 0,
				     1000);
	if (!ret)
		ret = hsm_session_open(admin, bench_khsm_token,
				       KHSM_SESSION_RW);
	if (!ret)
		ret = hsm_login(admin, KHSM_USER_SO, bench_so_pin,
				strlen(bench_so_pin));
	if (!ret)
		ret = hsm_init_pin(admin, bench_user_pin,
				   strlen(bench_user_pin));
	if (!ret)
		ret = hsm_logout(admin);
	if (!ret)
		ret = hsm_login(admin, KHSM_USER_USER, bench_user_pin,
				strlen(bench_user_pin));
	if (ret) {
		fprintf(stderr, "khsm token set-up: %s\n", hsm_strerror(ret));
		hsm_close(admin);
		admin = NULL;
		return -1;
	}
	return 0;
}

static void ioctl_teardown(void)
{
	struct hsm *h;

	if (!admin)
		return;
	hsm_close(admin);
	admin = NULL;
	/* Every session is closed now: the token can go. */
	if (!hsm_open(NULL, &h)) {
		hsm_token_destroy(h, bench_khsm_token);
		hsm_close(h);
	}
}

static bool ioctl_supports(const struct bench_case *c)
{
	(void)c;
	return true;
}

void khsm_ctx_close(void *p)
{
	struct khsm_ctx *x = p;

	hsm_close(x->h);
	free(x);
}

void *khsm_ctx_open(const struct bench_case *c, int thread)
{
	struct khsm_ctx *x = calloc(1, sizeof(*x));
	struct tmpl *t = NULL;
	int ret;

	x->thread = thread;
	ret = hsm_open(NULL, &x->h);
	if (!ret)
		ret = hsm_session_open(x->h, bench_khsm_token, 0);
	if (!ret) {
		ret = hsm_login(x->h, KHSM_USER_USER, bench_user_pin,
				strlen(bench_user_pin));
		if (ret == -EALREADY)
			ret = 0;
	}
	if (!ret) {
		t = tmpl_key(c);
		ret = t ? hsm_object_create(x->h, tmpl_attrs(t),
					    (uint32_t)tmpl_count(t), &x->key) :
			  -EINVAL;
		if (t)
			tmpl_free(t);
	}
	if (ret) {
		fprintf(stderr, "ioctl open %s: %s\n", c->name,
			hsm_strerror(ret));
		khsm_ctx_close(x);
		return NULL;
	}
	x->m.mech = tmpl_mech(c);
	if (c->kind == K_RSA_PSS) {
		x->pss = (struct khsm_pss_params){ KHSM_MECH_SHA256,
						   KHSM_MGF1_SHA256,
						   c->in_len };
		x->m.param = &x->pss;
		x->m.param_len = sizeof(x->pss);
	} else if (c->kind == K_GCM) {
		x->gcm.iv_len = BENCH_GCM_IV;
		x->gcm.tag_bits = 8 * BENCH_GCM_TAG;
		x->m.param = &x->gcm;
		x->m.param_len = sizeof(x->gcm);
	}
	if (c->kind != K_GCM)
		x->in_len = tmpl_sign_input(c, x->in);
	return x;
}

static int ioctl_run(void *p, const struct bench_case *c, struct bench_out *o)
{
	struct khsm_ctx *x = p;
	size_t len = sizeof(o->buf);
	int ret;

	if (c->kind == K_GCM) {
		bench_gcm_iv(x->gcm.iv, x->counter++, x->thread);
		memcpy(o->iv, x->gcm.iv, BENCH_GCM_IV);
		ret = hsm_crypt(x->h, KHSM_OP_ENCRYPT, x->key, &x->m, NULL, 0,
				c->in, c->in_len, o->buf, &len);
	} else {
		ret = hsm_crypt(x->h, KHSM_OP_SIGN, x->key, &x->m, NULL, 0,
				x->in, x->in_len, o->buf, &len);
	}
	if (ret)
		return -1;
	o->len = len;
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Nanoseconds per call of @fn over about @secs seconds. */
static double per_call(int (*fn)(int fd, void *arg), int fd, void *arg,
		       double secs)
{
	double t0 = now(), t;
	long n = 0;

	do {
		for (int i = 0; i < 256; i++)
			fn(fd, arg);
		n += 256;
	} while ((t = now()) - t0 < secs);
	return (t - t0) * 1e9 / n;
}

static int info_req(int fd, void *arg)
{
	struct khsm_info *info = arg;

	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, KHSM_IOC_INFO, info);
}

/* A command number no driver of these files answers: the VFS floor. */
static int enotty_req(int fd, void *arg)
{
	return ioctl(fd, _IOWR(KHSM_IOC_MAGIC, 0xff, struct khsm_info), arg);
}

int bench_null_request(double secs, double *khsm_ns, double *floor_ns,
		       double *enotty_ns)
{
	struct khsm_info info;
	int kfd, nfd, ret = -1;
	struct hsm *h;

	if (hsm_open(NULL, &h))
		return -1;
	kfd = hsm_fd(h);
	nfd = open("/dev/null", O_RDWR);
	if (nfd < 0)
		goto out;
	/* The request must work, and the floor must be refused. */
	if (hsm_info(h, &info) || info.abi_version == 0 ||
	    ioctl(nfd, KHSM_IOC_INFO, &info) == 0 || errno != ENOTTY)
		goto out_close;
	info_req(kfd, &info);
	*khsm_ns = per_call(info_req, kfd, &info, secs);
	*floor_ns = per_call(enotty_req, nfd, &info, secs);
	*enotty_ns = per_call(enotty_req, kfd, &info, secs);
	/* Once more in the other order: the guest's clock is noisy. */
	*floor_ns = (*floor_ns + per_call(enotty_req, nfd, &info, secs)) / 2;
	*khsm_ns = (*khsm_ns + per_call(info_req, kfd, &info, secs)) / 2;
	ret = 0;
out_close:
	close(nfd);
out:
	hsm_close(h);
	return ret;
}

static int ioctl_setup(void)
{
	return bench_khsm_token_setup();
}

const struct bench_path path_ioctl = {
	.name = "khsm ioctl",
	.setup = ioctl_setup,
	.supports = ioctl_supports,
	.open = khsm_ctx_open,
	.run = ioctl_run,
	.close = khsm_ctx_close,
	.teardown = ioctl_teardown,
};
