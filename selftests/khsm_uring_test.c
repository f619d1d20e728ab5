// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring IORING_OP_URING_CMD on /dev/khsm: every test runs on a ring of
 * 64-byte SQEs and on one of 128-byte SQEs. Signatures are checked by
 * OpenSSL; errors are checked per request, with the exact errno; requests
 * in flight meet a closed file, a destroyed key, a torn-down ring and a
 * dying process; the in-flight limits answer -EBUSY.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <liburing.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_asym_util.h"
#include "khsm_sysfs.h"
#include "kselftest_harness.h"

#define NREQ 32
#define MSG_LEN 48

/* One request and everything it points at. */
struct job {
	struct khsm_crypt r;
	__u8 msg[MSG_LEN];
	__u8 sig[512];
};

static void fill_sign(struct job *j, __u32 key, __u64 mech, unsigned int i)
{
	memset(j, 0, sizeof(*j));
	memset(j->msg, 'a' + i % 26, sizeof(j->msg));
	j->msg[0] = i;
	j->r.size = sizeof(j->r);
	j->r.op = KHSM_OP_SIGN;
	j->r.key = key;
	j->r.mech = mech;
	j->r.in = (__u64)(unsigned long)j->msg;
	j->r.in_len = sizeof(j->msg);
	j->r.out = (__u64)(unsigned long)j->sig;
	j->r.out_len = sizeof(j->sig);
}

/* A uring_cmd SQE whose command area points at @req. */
static int queue_cmd(struct io_uring *ring, int sqe128, int fd, __u32 cmd_op,
		     const void *req, __u64 data)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	struct khsm_uring_cmd uc = { .req = (__u64)(unsigned long)req };
	__u8 *cmd;

	if (!sqe)
		return -EBUSY;
	memset(sqe, 0, sqe128 ? 128 : 64);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = cmd_op;
	cmd = (__u8 *)sqe + offsetof(struct io_uring_sqe, cmd);
	memcpy(cmd, &uc, sizeof(uc));
	io_uring_sqe_set_data64(sqe, data);
	return 0;
}

/* Reap @n CQEs: res[user_data] = result. Returns 0 or -errno. */
static int reap(struct io_uring *ring, int *res, unsigned int n)
{
	struct io_uring_cqe *cqe;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = io_uring_wait_cqe(ring, &cqe);
		if (ret)
			return ret;
		res[io_uring_cqe_get_data64(cqe)] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
	}
	return 0;
}

/* One request through the ring, its CQE result. */
static int uring_one(struct io_uring *ring, int sqe128, int fd, __u32 cmd_op,
		     void *req)
{
	int res = -1, ret;

	ret = queue_cmd(ring, sqe128, fd, cmd_op, req, 0);
	if (!ret && io_uring_submit(ring) != 1)
		ret = -EIO;
	if (!ret)
		ret = reap(ring, &res, 1);
	return ret ? ret : res;
}

/* Does OpenSSL accept @j's ECDSA-SHA256 signature under @pkey. */
static int ec_sig_ok(EVP_PKEY *pkey, const struct job *j)
{
	__u8 *der;
	int len, ok;

	if (j->r.out_len != 64)
		return 0;
	len = raw_to_der(j->sig, j->r.out_len, &der);
	ok = ossl_verify(pkey, EVP_sha256(), 0, 0, j->msg, sizeof(j->msg), der,
			 len);
	OPENSSL_free(der);
	return ok;
}

FIXTURE(uring)
{
	int fd;
	int s;
	unsigned int token;
	__u32 ec_pub, ec_priv;
	EVP_PKEY *ec_pkey;
	struct io_uring ring;
	struct job jobs[NREQ];
	int res[NREQ];
};

FIXTURE_VARIANT(uring)
{
	int sqe128;
};

FIXTURE_VARIANT_ADD(uring, sqe64){
	.sqe128 = 0,
};

FIXTURE_VARIANT_ADD(uring, sqe128){
	.sqe128 = 1,
};

FIXTURE_SETUP(uring)
{
	__u8 pt[97];
	long plen;

	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
	self->s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, self->s);
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, ec_pair(self->s, p256_oid, sizeof(p256_oid), &self->ec_pub,
			     &self->ec_priv));
	plen = ec_point_of(self->s, self->ec_pub, pt);
	ASSERT_EQ(65, plen);
	self->ec_pkey = ossl_ec_pub("P-256", pt, plen);
	ASSERT_NE(NULL, self->ec_pkey);
	ASSERT_EQ(0, io_uring_queue_init(4 * NREQ, &self->ring,
					 variant->sqe128 ? IORING_SETUP_SQE128 :
							   0));
}

FIXTURE_TEARDOWN(uring)
{
	int i, ret;

	if (self->ring.ring_fd >= 0)
		io_uring_queue_exit(&self->ring);
	EVP_PKEY_free(self->ec_pkey);
	if (self->s >= 0)
		close(self->s);
	/* A dead child's session closes once its last request is done. */
	for (i = 0; i < 100 && self->token; i++) {
		ret = khsm_token_destroy(self->fd, self->token);
		if (ret != -EBUSY)
			break;
		usleep(50000);
	}
	if (self->token)
		EXPECT_EQ(0, ret);
	close(self->fd);
}

/* Queue NREQ ECDSA-SHA256 signs of distinct messages and submit them. */
static int submit_signs(struct __test_metadata *_metadata,
			FIXTURE_DATA(uring) * self, int sqe128, __u32 key)
{
	unsigned int i;

	for (i = 0; i < NREQ; i++) {
		fill_sign(&self->jobs[i], key, KHSM_MECH_ECDSA_SHA256, i);
		EXPECT_EQ(0, queue_cmd(&self->ring, sqe128, self->s,
				       KHSM_IOC_CRYPT, &self->jobs[i].r, i));
		self->res[i] = 1;
	}
	return io_uring_submit(&self->ring);
}

TEST_F(uring, ecdsa_signatures_verify_with_openssl)
{
	unsigned int i;

	ASSERT_EQ(NREQ, submit_signs(_metadata, self, variant->sqe128,
				     self->ec_priv));
	ASSERT_EQ(0, reap(&self->ring, self->res, NREQ));
	for (i = 0; i < NREQ; i++) {
		EXPECT_EQ(0, self->res[i]);
		EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[i]));
	}
	/* ECDSA is randomised: two signatures of one message differ. */
	fill_sign(&self->jobs[1], self->ec_priv, KHSM_MECH_ECDSA_SHA256, 0);
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_CRYPT, &self->jobs[1].r));
	EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[1]));
	EXPECT_NE(0, memcmp(self->jobs[0].sig, self->jobs[1].sig, 64));
}

TEST_F_TIMEOUT(uring, rsa_pkcs_and_pss_verify_with_openssl, 300)
{
	struct khsm_pss_params pp = {
		.hash_mech = KHSM_MECH_SHA256,
		.mgf = KHSM_MGF1_SHA256,
		.salt_len = 32,
	};
	__u32 hpub, hpriv;
	EVP_PKEY *pkey;
	unsigned int i;

	ASSERT_EQ(0, rsa_pair(self->s, 2048, false, &hpub, &hpriv));
	pkey = rsa_public_of(self->s, hpub);
	ASSERT_NE(NULL, pkey);
	for (i = 0; i < 8; i++) {
		fill_sign(&self->jobs[i], hpriv,
			  i % 2 ? KHSM_MECH_SHA256_RSA_PKCS_PSS :
				  KHSM_MECH_SHA256_RSA_PKCS,
			  i);
		if (i % 2) {
			self->jobs[i].r.param = (__u64)(unsigned long)&pp;
			self->jobs[i].r.param_len = sizeof(pp);
		}
		ASSERT_EQ(0, queue_cmd(&self->ring, variant->sqe128, self->s,
				       KHSM_IOC_CRYPT, &self->jobs[i].r, i));
	}
	ASSERT_EQ(8, io_uring_submit(&self->ring));
	ASSERT_EQ(0, reap(&self->ring, self->res, 8));
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(0, self->res[i]);
		EXPECT_EQ(256, self->jobs[i].r.out_len);
		EXPECT_TRUE(ossl_verify(
			pkey, EVP_sha256(),
			i % 2 ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING, 32,
			self->jobs[i].msg, MSG_LEN, self->jobs[i].sig,
			self->jobs[i].r.out_len));
	}
	EVP_PKEY_free(pkey);
}

TEST_F(uring, verify_through_the_ring)
{
	struct job *j = &self->jobs[0];

	fill_sign(j, self->ec_priv, KHSM_MECH_ECDSA_SHA256, 7);
	ASSERT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_CRYPT, &j->r));
	j->r.op = KHSM_OP_VERIFY;
	j->r.key = self->ec_pub;
	j->r.sig = j->r.out;
	j->r.sig_len = j->r.out_len;
	j->r.out = 0;
	j->r.out_len = 0;
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_CRYPT, &j->r));
	j->sig[5] ^= 1;
	EXPECT_EQ(-EBADMSG, uring_one(&self->ring, variant->sqe128, self->s,
				      KHSM_IOC_CRYPT, &j->r));
}

TEST_F(uring, output_length_query_and_short_buffer)
{
	struct job *j = &self->jobs[0];

	fill_sign(j, self->ec_priv, KHSM_MECH_ECDSA_SHA256, 1);
	j->r.out = 0;
	j->r.out_len = 0;
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_CRYPT, &j->r));
	EXPECT_EQ(64, j->r.out_len);
	fill_sign(j, self->ec_priv, KHSM_MECH_ECDSA_SHA256, 1);
	j->r.out_len = 63;
	EXPECT_EQ(-ENOSPC, uring_one(&self->ring, variant->sqe128, self->s,
				     KHSM_IOC_CRYPT, &j->r));
	EXPECT_EQ(64, j->r.out_len);
}

/*
 * One submission mixing good and bad requests: each gets its own result,
 * the exact errno, and the good ones are not disturbed.
 */
TEST_F(uring, errors_per_request)
{
	struct khsm_crypt *r[NREQ];
	__u32 bad_cmd = _IOWR(KHSM_IOC_MAGIC, 0x7f, struct khsm_crypt);
	unsigned int i, n = 0;
	int expect[NREQ];

	for (i = 0; i < 12; i++) {
		fill_sign(&self->jobs[i], self->ec_priv, KHSM_MECH_ECDSA_SHA256,
			  i);
		r[i] = &self->jobs[i].r;
	}
	/* 0, 1: good. */
	expect[n++] = 0;
	expect[n++] = 0;
	/* 2: no such key. */
	r[2]->key = 0xdead;
	expect[n++] = -ENOENT;
	/* 3: size below VER0. */
	r[3]->size = KHSM_CRYPT_SIZE_VER0 - 8;
	expect[n++] = -EINVAL;
	/* 4: a reserved field of the request. */
	r[4]->reserved[1] = 1;
	expect[n++] = -EINVAL;
	/* 5: padding of the request. */
	r[5]->pad = 1;
	expect[n++] = -EINVAL;
	/* 6: unknown command number. */
	expect[n++] = -ENOTTY;
	/* 7: output buffer not writable: the kernel writes it at the end. */
	r[7]->out = (__u64)(unsigned long)fill_sign;
	expect[n++] = -EFAULT;
	/* 8: input not readable. */
	r[8]->in = 8;
	expect[n++] = -EFAULT;
	/* 9: a public key cannot sign. */
	r[9]->key = self->ec_pub;
	expect[n++] = -ENOEXEC;
	/* 10: bytes past the struct the kernel knows must be zero. */
	r[10]->size = sizeof(struct khsm_crypt) + 8;
	expect[n++] = -E2BIG;
	/* 11: unknown mechanism. */
	r[11]->mech = 0xffffffff;
	expect[n++] = -EOPNOTSUPP;

	for (i = 0; i < n; i++)
		ASSERT_EQ(0, queue_cmd(&self->ring, variant->sqe128, self->s,
				       i == 6 ? bad_cmd : KHSM_IOC_CRYPT, r[i],
				       i));
	ASSERT_EQ(n, io_uring_submit(&self->ring));
	ASSERT_EQ(0, reap(&self->ring, self->res, n));
	for (i = 0; i < n; i++) {
		TH_LOG("request %u: %d", i, self->res[i]);
		EXPECT_EQ(expect[i], self->res[i]);
	}
	EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[0]));
	EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[1]));
}

/* One SQE whose command area is @area (80 bytes, as much as fits). */
static int area_one(struct io_uring *ring, int sqe128, int fd, const void *area)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	int res = -1, ret;

	if (!sqe)
		return -EBUSY;
	memset(sqe, 0, sqe128 ? 128 : 64);
	sqe->opcode = IORING_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = KHSM_IOC_CRYPT;
	memcpy((__u8 *)sqe + offsetof(struct io_uring_sqe, cmd), area,
	       sqe128 ? 80 : 16);
	ret = io_uring_submit(ring) == 1 ? 0 : -EIO;
	if (!ret)
		ret = reap(ring, &res, 1);
	return ret ? ret : res;
}

/* The command area: flags, reserved, the SQE128 tail, the address. */
TEST_F(uring, command_area_is_checked)
{
	struct job *j = &self->jobs[0];
	struct {
		struct khsm_uring_cmd uc;
		__u8 tail[64];
	} area;
	unsigned int i;

	fill_sign(j, self->ec_priv, KHSM_MECH_ECDSA_SHA256, 3);
	memset(&area, 0, sizeof(area));
	area.uc.req = (__u64)(unsigned long)&j->r;
	EXPECT_EQ(0, area_one(&self->ring, variant->sqe128, self->s, &area));
	EXPECT_TRUE(ec_sig_ok(self->ec_pkey, j));

	area.uc.flags = 1;
	EXPECT_EQ(-EINVAL,
		  area_one(&self->ring, variant->sqe128, self->s, &area));
	area.uc.flags = 0;
	area.uc.reserved = 0x80000000;
	EXPECT_EQ(-EINVAL,
		  area_one(&self->ring, variant->sqe128, self->s, &area));
	area.uc.reserved = 0;

	/* Each byte of a 128-byte SQE's tail is reserved. */
	if (variant->sqe128) {
		for (i = 0; i < sizeof(area.tail); i += 9) {
			area.tail[i] = 1;
			EXPECT_EQ(-EINVAL,
				  area_one(&self->ring, 1, self->s, &area));
			area.tail[i] = 0;
		}
	}

	/* No request at all; one in unmapped memory. */
	area.uc.req = 0;
	EXPECT_EQ(-EFAULT,
		  area_one(&self->ring, variant->sqe128, self->s, &area));
	area.uc.req = 4096;
	EXPECT_EQ(-EFAULT,
		  area_one(&self->ring, variant->sqe128, self->s, &area));

	/* A file that is not bound to a token. */
	area.uc.req = (__u64)(unsigned long)&j->r;
	EXPECT_EQ(-EBADFD,
		  area_one(&self->ring, variant->sqe128, self->fd, &area));
}

/* Issued from io_uring's worker (IOSQE_ASYNC): the same results. */
TEST_F(uring, issued_from_io_worker)
{
	unsigned int i;
	unsigned int head, n = 0;

	for (i = 0; i < NREQ; i++) {
		fill_sign(&self->jobs[i], self->ec_priv, KHSM_MECH_ECDSA_SHA256,
			  i);
		ASSERT_EQ(0, queue_cmd(&self->ring, variant->sqe128, self->s,
				       KHSM_IOC_CRYPT, &self->jobs[i].r, i));
	}
	/* Every queued SQE gets IOSQE_ASYNC. */
	head = self->ring.sq.sqe_head;
	for (i = head; i != self->ring.sq.sqe_tail; i++, n++) {
		unsigned int idx = i & *self->ring.sq.kring_mask;
		struct io_uring_sqe *sqe =
			(struct io_uring_sqe *)((char *)self->ring.sq.sqes +
						(idx << variant->sqe128) *
							sizeof(*sqe));

		sqe->flags |= IOSQE_ASYNC;
	}
	ASSERT_EQ(NREQ, n);
	ASSERT_EQ(NREQ, io_uring_submit(&self->ring));
	ASSERT_EQ(0, reap(&self->ring, self->res, NREQ));
	for (i = 0; i < NREQ; i++) {
		EXPECT_EQ(0, self->res[i]);
		EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[i]));
	}
}

/* A multi-part sign as linked SQEs: BEGIN, two UPDATEs, FINAL. */
TEST_F(uring, multi_part_linked)
{
	struct khsm_crypt r[4];
	struct job *j = &self->jobs[0];
	struct io_uring_sqe *sqe;
	int res[4] = { 1, 1, 1, 1 };
	unsigned int i;

	fill_sign(j, self->ec_priv, KHSM_MECH_ECDSA_SHA256, 9);
	memset(r, 0, sizeof(r));
	for (i = 0; i < 4; i++) {
		r[i].size = sizeof(r[i]);
		r[i].op = KHSM_OP_SIGN;
	}
	r[0].flags = KHSM_CRYPT_BEGIN;
	r[0].key = self->ec_priv;
	r[0].mech = KHSM_MECH_ECDSA_SHA256;
	r[1].flags = KHSM_CRYPT_UPDATE;
	r[1].in = (__u64)(unsigned long)j->msg;
	r[1].in_len = 20;
	r[2].flags = KHSM_CRYPT_UPDATE;
	r[2].in = (__u64)(unsigned long)(j->msg + 20);
	r[2].in_len = MSG_LEN - 20;
	r[3].flags = KHSM_CRYPT_FINAL;
	r[3].out = (__u64)(unsigned long)j->sig;
	r[3].out_len = sizeof(j->sig);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, queue_cmd(&self->ring, variant->sqe128, self->s,
				       KHSM_IOC_CRYPT, &r[i], i));
		sqe = &self->ring.sq.sqes[((self->ring.sq.sqe_tail - 1) &
					   *self->ring.sq.kring_mask)
					  << variant->sqe128];
		if (i < 3)
			sqe->flags |= IOSQE_IO_LINK;
	}
	ASSERT_EQ(4, io_uring_submit(&self->ring));
	ASSERT_EQ(0, reap(&self->ring, res, 4));
	for (i = 0; i < 4; i++)
		EXPECT_EQ(0, res[i]);
	j->r.out_len = r[3].out_len;
	EXPECT_TRUE(ec_sig_ok(self->ec_pkey, j));
}

/* Commands other than crypt go through the same table. */
TEST_F(uring, other_commands)
{
	struct khsm_info info = { .size = sizeof(info) };
	struct khsm_session_info si = { .size = sizeof(si) };
	struct khsm_random rnd = { .size = sizeof(rnd) };
	__u8 buf[32] = { 0 }, zero[32] = { 0 };
	struct khsm_crypt begin = {
		.size = sizeof(begin),
		.flags = KHSM_CRYPT_BEGIN,
		.op = KHSM_OP_SIGN,
		.key = self->ec_priv,
		.mech = KHSM_MECH_ECDSA_SHA256,
	};
	struct khsm_crypt cancel = {
		.size = sizeof(cancel),
		.flags = KHSM_CRYPT_CANCEL,
		.op = KHSM_OP_SIGN,
	};

	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_INFO, &info));
	EXPECT_EQ(KHSM_ABI_VERSION, info.abi_version);
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_SESSION_INFO, &si));
	EXPECT_EQ(self->token, si.token);
	rnd.out = (__u64)(unsigned long)buf;
	rnd.len = sizeof(buf);
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_RANDOM, &rnd));
	EXPECT_NE(0, memcmp(buf, zero, sizeof(buf)));
	/* A multi-part operation, step by step. */
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_CRYPT, &begin));
	EXPECT_EQ(-EBUSY, uring_one(&self->ring, variant->sqe128, self->s,
				    KHSM_IOC_CRYPT, &begin));
	EXPECT_EQ(0, uring_one(&self->ring, variant->sqe128, self->s,
			       KHSM_IOC_CRYPT, &cancel));
	EXPECT_EQ(-ENOMSG, uring_one(&self->ring, variant->sqe128, self->s,
				     KHSM_IOC_CRYPT, &cancel));
}

struct thread_arg {
	int fd;
	int sqe128;
	__u32 key;
	EVP_PKEY *pkey;
	int good;
};

/* One ring per thread, all on the same file. */
static void *signer(void *p)
{
	struct thread_arg *a = p;
	struct io_uring ring;
	struct job *jobs;
	int res[64], round, i;

	jobs = calloc(64, sizeof(*jobs));
	if (!jobs ||
	    io_uring_queue_init(64, &ring, a->sqe128 ? IORING_SETUP_SQE128 : 0))
		return NULL;
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 64; i++) {
			fill_sign(&jobs[i], a->key, KHSM_MECH_ECDSA_SHA256,
				  i + round);
			if (queue_cmd(&ring, a->sqe128, a->fd, KHSM_IOC_CRYPT,
				      &jobs[i].r, i))
				goto out;
		}
		if (io_uring_submit(&ring) != 64 || reap(&ring, res, 64))
			goto out;
		for (i = 0; i < 64; i++)
			a->good += !res[i] && ec_sig_ok(a->pkey, &jobs[i]);
	}
out:
	io_uring_queue_exit(&ring);
	free(jobs);
	return NULL;
}

TEST_F_TIMEOUT(uring, many_in_flight_from_threads, 300)
{
	struct thread_arg a[4];
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++) {
		a[i] = (struct thread_arg){ .fd = self->s,
					    .sqe128 = variant->sqe128,
					    .key = self->ec_priv,
					    .pkey = self->ec_pkey };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, signer, &a[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(128, a[i].good);
	}
}

/* At the per-file and per-user limits, requests fail with -EBUSY. */
static void back_pressure(struct __test_metadata *_metadata,
			  FIXTURE_DATA(uring) * self, int sqe128,
			  const char *param)
{
	long old = khsm_param_read(param);
	unsigned int i, busy = 0, ok = 0;

	ASSERT_LT(0, old);
	ASSERT_EQ(0, khsm_param_write(param, 2));
	EXPECT_EQ(NREQ, submit_signs(_metadata, self, sqe128, self->ec_priv));
	EXPECT_EQ(0, reap(&self->ring, self->res, NREQ));
	ASSERT_EQ(0, khsm_param_write(param, old));
	for (i = 0; i < NREQ; i++) {
		if (self->res[i] == -EBUSY) {
			busy++;
		} else {
			EXPECT_EQ(0, self->res[i]);
			EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[i]));
			ok++;
		}
	}
	TH_LOG("%s=2: %u done, %u refused", param, ok, busy);
	EXPECT_LE(2, ok);
	EXPECT_LT(0, busy);
	/* Room again: all of them go. */
	EXPECT_EQ(NREQ, submit_signs(_metadata, self, sqe128, self->ec_priv));
	EXPECT_EQ(0, reap(&self->ring, self->res, NREQ));
	for (i = 0; i < NREQ; i++)
		EXPECT_EQ(0, self->res[i]);
}

TEST_F(uring, back_pressure_per_file)
{
	back_pressure(_metadata, self, variant->sqe128,
		      "max_uring_inflight_per_file");
}

TEST_F(uring, back_pressure_per_user)
{
	back_pressure(_metadata, self, variant->sqe128,
		      "max_uring_inflight_per_user");
}

/* Closing the session's file with requests in flight: they all finish. */
TEST_F(uring, close_file_in_flight)
{
	unsigned int i;

	ASSERT_EQ(NREQ, submit_signs(_metadata, self, variant->sqe128,
				     self->ec_priv));
	ASSERT_EQ(0, close(self->s));
	self->s = -1;
	ASSERT_EQ(0, reap(&self->ring, self->res, NREQ));
	for (i = 0; i < NREQ; i++) {
		EXPECT_EQ(0, self->res[i]);
		EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[i]));
	}
}

/* Destroying the key with requests in flight: they hold it. */
TEST_F(uring, destroy_key_in_flight)
{
	unsigned int i;

	ASSERT_EQ(NREQ, submit_signs(_metadata, self, variant->sqe128,
				     self->ec_priv));
	EXPECT_EQ(0, khsm_destroy(self->s, self->ec_priv));
	ASSERT_EQ(0, reap(&self->ring, self->res, NREQ));
	for (i = 0; i < NREQ; i++) {
		EXPECT_EQ(0, self->res[i]);
		EXPECT_TRUE(ec_sig_ok(self->ec_pkey, &self->jobs[i]));
	}
	fill_sign(&self->jobs[0], self->ec_priv, KHSM_MECH_ECDSA_SHA256, 0);
	EXPECT_EQ(-ENOENT, uring_one(&self->ring, variant->sqe128, self->s,
				     KHSM_IOC_CRYPT, &self->jobs[0].r));
}

/* Tearing the ring down with requests in flight, the buffers still live. */
TEST_F(uring, ring_exit_in_flight)
{
	int s2;

	ASSERT_EQ(NREQ, submit_signs(_metadata, self, variant->sqe128,
				     self->ec_priv));
	io_uring_queue_exit(&self->ring);
	self->ring.ring_fd = -1;
	/* The results land in our memory as we go on: it stays valid. */
	usleep(200000);
	s2 = khsm_session(self->token, 0);
	ASSERT_LE(0, s2);
	close(s2);
}

/* A process that dies (exits, or is killed) with requests in flight. */
static void die_in_flight(struct __test_metadata *_metadata, unsigned int token,
			  __u32 key, int sqe128, int kill)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct io_uring ring;
		struct job *jobs = calloc(NREQ, sizeof(*jobs));
		int s, i;

		/* The session serves its opener only: a child opens its own. */
		s = khsm_session(token, 0);
		if (!jobs || s < 0 ||
		    io_uring_queue_init(NREQ, &ring,
					sqe128 ? IORING_SETUP_SQE128 : 0))
			_exit(2);
		for (i = 0; i < NREQ; i++) {
			fill_sign(&jobs[i], key, KHSM_MECH_ECDSA_SHA256, i);
			queue_cmd(&ring, sqe128, s, KHSM_IOC_CRYPT, &jobs[i].r,
				  i);
		}
		if (io_uring_submit(&ring) != NREQ)
			_exit(3);
		if (kill)
			raise(SIGKILL);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (kill) {
		EXPECT_TRUE(WIFSIGNALED(status));
	} else {
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
}

TEST_F(uring, process_exits_in_flight)
{
	die_in_flight(_metadata, self->token, self->ec_priv, variant->sqe128,
		      0);
}

TEST_F(uring, process_killed_in_flight)
{
	die_in_flight(_metadata, self->token, self->ec_priv, variant->sqe128,
		      1);
}

/* Another process may not use the session, even through a ring. */
TEST_F(uring, other_process_refused)
{
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct io_uring ring;
		struct job j;

		if (io_uring_queue_init(4, &ring,
					variant->sqe128 ? IORING_SETUP_SQE128 :
							  0))
			_exit(2);
		fill_sign(&j, self->ec_priv, KHSM_MECH_ECDSA_SHA256, 0);
		_exit(uring_one(&ring, variant->sqe128, self->s, KHSM_IOC_CRYPT,
				&j.r) == -ESRCH ?
			      0 :
			      1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * Requests abandoned every way (ring torn down, process killed, file
 * closed) leave nothing behind: once their token is gone, the secret
 * caches hold exactly what they held before it existed.
 */
TEST_F_TIMEOUT(uring, no_secret_left_behind, 120)
{
	long before = khsm_secret_objects(), after = -1;
	unsigned int token;
	__u32 pub, priv;
	struct io_uring ring;
	int s, i, ret;

	if (before < 0)
		SKIP(return,
			   "khsm_secret_* caches not readable alone (merged)");
	ASSERT_EQ(0, khsm_test_token(self->fd, &token));
	s = khsm_session(token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, ec_pair(s, p256_oid, sizeof(p256_oid), &pub, &priv));

	die_in_flight(_metadata, token, priv, variant->sqe128, 1);
	die_in_flight(_metadata, token, priv, variant->sqe128, 0);
	ASSERT_EQ(0, io_uring_queue_init(NREQ, &ring,
					 variant->sqe128 ? IORING_SETUP_SQE128 :
							   0));
	for (i = 0; i < NREQ; i++) {
		fill_sign(&self->jobs[i], priv, KHSM_MECH_ECDSA_SHA256, i);
		ASSERT_EQ(0, queue_cmd(&ring, variant->sqe128, s,
				       KHSM_IOC_CRYPT, &self->jobs[i].r, i));
	}
	ASSERT_EQ(NREQ, io_uring_submit(&ring));
	EXPECT_EQ(0, close(s));
	io_uring_queue_exit(&ring);
	usleep(200000);

	for (i = 0; i < 100; i++) {
		ret = khsm_token_destroy(self->fd, token);
		if (ret != -EBUSY)
			break;
		usleep(50000);
	}
	ASSERT_EQ(0, ret);
	for (i = 0; i < 20; i++) {
		after = khsm_secret_objects();
		if (after == before)
			break;
		usleep(100000);
	}
	EXPECT_EQ(before, after);
}

TEST_HARNESS_MAIN
