// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The batch API (io_uring): argument checks natively; against the real
 * module when /dev/khsm exists (in the guest, as root): hsm_batch_sign()
 * on 64- and 128-byte SQE rings with every signature checked by OpenSSL,
 * the asynchronous calls with tags and the eventfd, AES-GCM through the
 * ring, the retry of requests the kernel refuses for lack of room, and
 * closing a batch with requests in flight.
 */
#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "hsm.h"
#include "hsm_batch.h"

#define SO_PIN "so-pin-1234"
#define USER_PIN "user-pin-5678"
#define N 100
#define PARAM "/sys/module/khsm/parameters/max_uring_inflight_per_file"

static const uint8_t p256_oid[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
				    0xce, 0x3d, 0x03, 0x01, 0x07 };

static void test_args(void)
{
	struct hsm_mech m = { .mech = KHSM_MECH_ECDSA };
	struct hsm_batch *b = (struct hsm_batch *)1;
	struct hsm_completion c;

	CHECK(hsm_batch_open(NULL, 8, &b) == -EINVAL && !b, "open NULL");
	CHECK(hsm_batch_open_flags(NULL, 8, 0x80, &b) == -EINVAL, "flags");
	CHECK(hsm_batch_open(NULL, 8, NULL) == -EINVAL, "open no out");
	CHECK(hsm_batch_sign(NULL, 1, &m, NULL, NULL, NULL, NULL, NULL, 0) ==
		      -EINVAL,
	      "sign NULL");
	CHECK(hsm_batch_submit_crypt(NULL, KHSM_OP_SIGN, 1, &m, NULL, 0, NULL,
				     0, 0) == -EINVAL,
	      "submit NULL");
	CHECK(hsm_batch_reap(NULL, &c, 1, 0) == -EINVAL, "reap NULL");
	CHECK(hsm_batch_fd(NULL) == -EINVAL, "fd NULL");
	CHECK(hsm_batch_inflight(NULL) == -EINVAL, "inflight NULL");
	CHECK(hsm_batch_flush(NULL) == -EINVAL, "flush NULL");
	hsm_batch_close(NULL);
}

/* A fresh token, a logged-in user session on it, and a P-256 key pair. */
static int setup(struct hsm *ctl, uint32_t *token, struct hsm **s,
		 uint32_t *pub, uint32_t *priv)
{
	uint8_t yes = 1;
	struct khsm_attr pt[] = {
		{ KHSM_ATTR_EC_PARAMS, (uintptr_t)p256_oid, sizeof(p256_oid) },
		{ KHSM_ATTR_VERIFY, (uintptr_t)&yes, 1 },
	};
	struct khsm_attr vt[] = {
		{ KHSM_ATTR_SIGN, (uintptr_t)&yes, 1 },
	};
	int ret;

	ret = hsm_token_create(ctl, 0, 0, 0600, token);
	if (!ret)
		ret = hsm_token_init(ctl, *token, SO_PIN, strlen(SO_PIN),
				     "batch test", 3, KHSM_PBKDF2_MIN_ITER);
	if (!ret)
		ret = hsm_open(NULL, s);
	if (!ret)
		ret = hsm_session_open(*s, *token, KHSM_SESSION_RW);
	if (!ret)
		ret = hsm_login(*s, KHSM_USER_SO, SO_PIN, strlen(SO_PIN));
	if (!ret)
		ret = hsm_init_pin(*s, USER_PIN, strlen(USER_PIN));
	if (!ret)
		ret = hsm_logout(*s);
	if (!ret)
		ret = hsm_login(*s, KHSM_USER_USER, USER_PIN, strlen(USER_PIN));
	if (!ret)
		ret = hsm_generate_key_pair(*s, KHSM_MECH_EC_KEY_PAIR_GEN, pt,
					    2, vt, 1, pub, priv);
	CHECK(ret == 0, "setup: %s", hsm_strerror(ret));
	return ret;
}

/* OpenSSL's view of the public key (EC_POINT is a DER OCTET STRING). */
static EVP_PKEY *public_key(struct hsm *s, uint32_t pub)
{
	uint8_t der[80];
	struct khsm_attr a = { KHSM_ATTR_EC_POINT, (uintptr_t)der,
			       sizeof(der) };
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pkey = NULL;
	uint32_t result;

	if (hsm_attr_get(s, pub, &a, 1, &result) || result || a.len != 67)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
						     (char *)"P-256", 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
						      der + 2, 65);
	params[2] = OSSL_PARAM_construct_end();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* Does OpenSSL accept r||s over @digest. */
static int ossl_ok(EVP_PKEY *pkey, const uint8_t *digest, const uint8_t *sig,
		   size_t len)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	unsigned char *der = NULL;
	EVP_PKEY_CTX *ctx;
	int n, ok;

	if (len != 64)
		return 0;
	ECDSA_SIG_set0(es, BN_bin2bn(sig, 32, NULL),
		       BN_bin2bn(sig + 32, 32, NULL));
	n = i2d_ECDSA_SIG(es, &der);
	ECDSA_SIG_free(es);
	ctx = EVP_PKEY_CTX_new(pkey, NULL);
	ok = ctx && EVP_PKEY_verify_init(ctx) > 0 &&
	     EVP_PKEY_verify(ctx, der, n, digest, 32) == 1;
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_free(der);
	return ok;
}

static uint8_t digests[N][32], sigs[N][512];
static const void *dptr[N];
static void *sptr[N];
static size_t lens[N], slens[N];
static int results[N];

static void fill(size_t cap)
{
	int i;

	for (i = 0; i < N; i++) {
		memset(digests[i], i + 1, sizeof(digests[i]));
		dptr[i] = digests[i];
		sptr[i] = sigs[i];
		lens[i] = sizeof(digests[i]);
		slens[i] = cap;
		results[i] = 1;
	}
}

static void test_sign(struct hsm *s, uint32_t priv, EVP_PKEY *pkey,
		      unsigned int flags)
{
	struct hsm_mech m = { .mech = KHSM_MECH_ECDSA };
	struct hsm_batch *b;
	int ret, i, good = 0;

	ret = hsm_batch_open_flags(s, 16, flags, &b);
	CHECK(ret == 0, "open (flags %u): %s", flags, hsm_strerror(ret));
	if (ret)
		return;
	fill(sizeof(sigs[0]));
	ret = hsm_batch_sign(b, priv, &m, dptr, lens, sptr, slens, results, N);
	CHECK(ret == 0, "batch sign: %d", ret);
	for (i = 0; i < N; i++)
		good += !results[i] &&
			ossl_ok(pkey, digests[i], sigs[i], slens[i]);
	CHECK(good == N, "%d of %d signatures verify with OpenSSL", good, N);

	/* Too small a buffer: each request says so, and how much it needs. */
	fill(63);
	ret = hsm_batch_sign(b, priv, &m, dptr, lens, sptr, slens, results, 5);
	CHECK(ret == 5, "short buffers: %d failed", ret);
	CHECK(results[0] == -ENOSPC && slens[0] == 64, "-ENOSPC, 64 needed");
	/* A wrong key fails each request, not the batch. */
	fill(sizeof(sigs[0]));
	ret = hsm_batch_sign(b, 0xbad, &m, dptr, lens, sptr, slens, results, 3);
	CHECK(ret == 3 && results[2] == -ENOENT, "no such key: %d", ret);
	CHECK(hsm_batch_sign(b, priv, &m, dptr, lens, sptr, slens, results,
			     0) == 0,
	      "nothing to sign");
	hsm_batch_close(b);
}

/* The event-loop calls: tags, the eventfd, verify and its failures. */
static void test_async(struct hsm *s, uint32_t pub, uint32_t priv,
		       EVP_PKEY *pkey)
{
	struct hsm_mech m = { .mech = KHSM_MECH_ECDSA };
	struct hsm_completion c[8];
	struct hsm_batch *b;
	struct pollfd pfd;
	int ret, i, k, got = 0, seen = 0, fd;

	ret = hsm_batch_open(s, 4, &b);
	CHECK(ret == 0, "open: %s", hsm_strerror(ret));
	if (ret)
		return;
	fd = hsm_batch_fd(b);
	CHECK(fd >= 0 && hsm_batch_fd(b) == fd, "eventfd");
	fill(sizeof(sigs[0]));
	for (i = 0; i < 4; i++)
		CHECK(hsm_batch_submit_crypt(b, KHSM_OP_SIGN, priv, &m, dptr[i],
					     32, sptr[i], 72, 100 + i) == 0,
		      "submit %d", i);
	CHECK(hsm_batch_submit_crypt(b, KHSM_OP_SIGN, priv, &m, dptr[4], 32,
				     sptr[4], 72, 104) == -EAGAIN,
	      "full batch: -EAGAIN");
	CHECK(hsm_batch_inflight(b) == 4, "4 in flight");
	CHECK(hsm_batch_flush(b) == 4, "flush hands 4 over");
	while (got < 4) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 10000) != 1)
			break;
		ret = hsm_batch_reap(b, c, 8, 0);
		CHECK(ret >= 0, "reap: %d", ret);
		if (ret < 0)
			break;
		for (k = 0; k < ret; k++) {
			i = (int)c[k].tag - 100;
			CHECK(i >= 0 && i < 4 && !(seen & (1 << i)), "tag %llu",
			      (unsigned long long)c[k].tag);
			if (i < 0 || i >= 4)
				continue;
			seen |= 1 << i;
			CHECK(c[k].result == 0 && c[k].out_len == 64 &&
				      ossl_ok(pkey, digests[i], sigs[i], 64),
			      "async signature %d", i);
		}
		got += ret;
	}
	CHECK(got == 4 && seen == 15, "every tag came back once");
	CHECK(hsm_batch_inflight(b) == 0, "none in flight");
	CHECK(hsm_batch_reap(b, c, 8, 1) == 0, "nothing to wait for");

	/* Verify: a good signature, a bad one, a public key that cannot sign. */
	CHECK(hsm_batch_submit_verify(b, pub, &m, dptr[0], 32, sptr[0], 64,
				      1) == 0,
	      "submit verify");
	sigs[1][10] ^= 1;
	CHECK(hsm_batch_submit_verify(b, pub, &m, dptr[1], 32, sptr[1], 64,
				      2) == 0,
	      "submit bad verify");
	CHECK(hsm_batch_submit_crypt(b, KHSM_OP_SIGN, pub, &m, dptr[2], 32,
				     sptr[2], 72, 3) == 0,
	      "submit sign with public key");
	CHECK(hsm_batch_submit_crypt(b, KHSM_OP_VERIFY, pub, &m, dptr[2], 32,
				     sptr[2], 72, 4) == -EINVAL,
	      "verify is not a crypt");
	for (got = 0; got < 3;) {
		ret = hsm_batch_reap(b, c + got, 3 - got, 1);
		if (ret <= 0)
			break;
		got += ret;
	}
	CHECK(got == 3, "3 completions");
	for (k = 0; k < got; k++) {
		if (c[k].tag == 1)
			CHECK(c[k].result == 0, "good signature verifies");
		else if (c[k].tag == 2)
			CHECK(c[k].result == -EBADMSG, "bad one: %d",
			      c[k].result);
		else
			CHECK(c[k].result == -ENOEXEC, "public key: %d",
			      c[k].result);
	}
	hsm_batch_close(b);
}

/* AES-256-GCM through the ring; the ioctl path decrypts. */
static void test_gcm(struct hsm *s)
{
	uint64_t skc = KHSM_CLASS_SECRET_KEY, kt = KHSM_KEY_AES, vlen = 32;
	uint8_t yes = 1, pt[64], ct[8][80], back[64];
	struct khsm_attr kg[] = {
		{ KHSM_ATTR_CLASS, (uintptr_t)&skc, sizeof(skc) },
		{ KHSM_ATTR_KEY_TYPE, (uintptr_t)&kt, sizeof(kt) },
		{ KHSM_ATTR_VALUE_LEN, (uintptr_t)&vlen, sizeof(vlen) },
		{ KHSM_ATTR_ENCRYPT, (uintptr_t)&yes, 1 },
		{ KHSM_ATTR_DECRYPT, (uintptr_t)&yes, 1 },
	};
	struct khsm_gcm_params gp[8];
	struct hsm_mech m[8];
	struct hsm_completion c[8];
	struct hsm_batch *b;
	uint32_t key;
	size_t len;
	int ret, i, good = 0, got = 0;

	ret = hsm_generate_key(s, KHSM_MECH_AES_KEY_GEN, kg, 5, &key);
	CHECK(ret == 0, "AES key: %s", hsm_strerror(ret));
	if (ret || hsm_batch_open_flags(s, 8, HSM_BATCH_SQE128, &b))
		return;
	memset(pt, 0x42, sizeof(pt));
	for (i = 0; i < 8; i++) {
		memset(&gp[i], 0, sizeof(gp[i]));
		gp[i].iv_len = 12;
		gp[i].tag_bits = 128;
		gp[i].iv[0] = i;
		m[i] = (struct hsm_mech){ KHSM_MECH_AES_GCM, &gp[i],
					  sizeof(gp[i]) };
		CHECK(hsm_batch_submit_crypt(b, KHSM_OP_ENCRYPT, key, &m[i], pt,
					     sizeof(pt), ct[i], sizeof(ct[i]),
					     i) == 0,
		      "submit gcm %d", i);
	}
	while (got < 8) {
		ret = hsm_batch_reap(b, c, 8, 1);
		if (ret <= 0)
			break;
		for (i = 0; i < ret; i++) {
			int t = (int)c[i].tag;

			len = sizeof(back);
			good += !c[i].result && c[i].out_len == 80 &&
				!hsm_crypt(s, KHSM_OP_DECRYPT, key, &m[t], NULL,
					   0, ct[t], 80, back, &len) &&
				len == 64 && !memcmp(back, pt, 64);
		}
		got += ret;
	}
	CHECK(good == 8, "%d of 8 GCM ciphertexts decrypt", good);
	hsm_batch_close(b);
}

static int write_param(long v)
{
	FILE *f = fopen(PARAM, "w");
	int ok;

	if (!f)
		return -errno;
	ok = fprintf(f, "%ld", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

static long read_param(void)
{
	FILE *f = fopen(PARAM, "r");
	long v = -1;

	if (!f)
		return -errno;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Requests the kernel refuses for lack of room are sent again. */
static void test_busy_retry(struct hsm *s, uint32_t priv, EVP_PKEY *pkey)
{
	struct hsm_mech m = { .mech = KHSM_MECH_ECDSA };
	long old = read_param();
	struct hsm_batch *b;
	int ret, i, good = 0;

	CHECK(old > 0, "read " PARAM);
	if (old <= 0 || hsm_batch_open(s, 32, &b))
		return;
	CHECK(write_param(2) == 0, "limit 2");
	fill(sizeof(sigs[0]));
	ret = hsm_batch_sign(b, priv, &m, dptr, lens, sptr, slens, results, N);
	CHECK(write_param(old) == 0, "limit restored");
	CHECK(ret == 0, "batch sign at limit 2: %d failed", ret);
	for (i = 0; i < N; i++)
		good += !results[i] &&
			ossl_ok(pkey, digests[i], sigs[i], slens[i]);
	CHECK(good == N, "%d of %d verify", good, N);
	hsm_batch_close(b);
}

/* Closing a batch waits for its requests: then the buffers may go. */
static void test_close_in_flight(struct hsm *s, uint32_t priv)
{
	struct hsm_mech m = { .mech = KHSM_MECH_ECDSA };
	struct hsm_batch *b;
	uint8_t *bufs;
	int i, ok = 1;

	bufs = calloc(16, 72);
	if (!bufs || hsm_batch_open(s, 16, &b)) {
		free(bufs);
		return;
	}
	for (i = 0; i < 16; i++)
		ok &= hsm_batch_submit_crypt(b, KHSM_OP_SIGN, priv, &m,
					     digests[0], 32, bufs + 72 * i, 72,
					     i) == 0;
	CHECK(ok && hsm_batch_flush(b) == 16, "16 submitted");
	hsm_batch_close(b);
	free(bufs);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Measured, not checked: one thread signing @n digests with a loop of
 * ioctls, then through batches of depth 1 (one request at a time: the
 * transport alone) and 64 (the kernel spreads them over the CPUs).
 */
static void speed(struct hsm *s, uint32_t key, uint64_t mech, const char *name,
		  int n)
{
	static const unsigned int depths[] = { 1, 64 };
	struct hsm_mech m = { .mech = mech };
	struct hsm_batch *b;
	double t, loop;
	size_t len;
	int i, k, bad = 0;

	if (n > N)
		n = N;
	fill(sizeof(sigs[0]));
	t = now();
	for (i = 0; i < n; i++) {
		len = sizeof(sigs[0]);
		bad += !!hsm_crypt(s, KHSM_OP_SIGN, key, &m, NULL, 0, dptr[i],
				   lens[i], sptr[i], &len);
	}
	loop = now() - t;
	printf("# speed %s: ioctl loop %.1f sign/s", name, n / loop);
	for (k = 0; k < 2; k++) {
		if (hsm_batch_open(s, depths[k], &b))
			break;
		fill(sizeof(sigs[0]));
		t = now();
		bad += !!hsm_batch_sign(b, key, &m, dptr, lens, sptr, slens,
					results, n);
		t = now() - t;
		hsm_batch_close(b);
		printf(", batch depth %u %.1f sign/s (%.2fx)", depths[k], n / t,
		       loop / t);
	}
	printf(" [%d signs each, 1 submitting thread, %ld CPUs]\n", n,
	       sysconf(_SC_NPROCESSORS_ONLN));
	CHECK(!bad, "%s: every timed signature made", name);
}

/* An RSA-2048 pair for the timing; 0 or -errno. */
static int rsa_key(struct hsm *s, uint32_t *priv)
{
	static const uint8_t f4[] = { 1, 0, 1 };
	uint64_t bits = 2048;
	struct khsm_attr pt[] = {
		{ KHSM_ATTR_MODULUS_BITS, (uintptr_t)&bits, sizeof(bits) },
		{ KHSM_ATTR_PUBLIC_EXPONENT, (uintptr_t)f4, sizeof(f4) },
	};
	uint32_t pub;

	return hsm_generate_key_pair(s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, pt, 2,
				     NULL, 0, &pub, priv);
}

static void test_device(void)
{
	struct hsm *ctl, *s = NULL;
	uint32_t token, pub, priv, rsa;
	EVP_PKEY *pkey;
	int ret;

	ret = hsm_open(NULL, &ctl);
	CHECK(ret == 0, "open: %s", hsm_strerror(ret));
	if (ret)
		return;
	if (setup(ctl, &token, &s, &pub, &priv))
		goto out;
	pkey = public_key(s, pub);
	CHECK(pkey != NULL, "public key for OpenSSL");
	if (pkey) {
		test_sign(s, priv, pkey, 0);
		test_sign(s, priv, pkey, HSM_BATCH_SQE128);
		test_async(s, pub, priv, pkey);
		test_busy_retry(s, priv, pkey);
	}
	test_gcm(s);
	test_close_in_flight(s, priv);
	speed(s, priv, KHSM_MECH_ECDSA, "ECDSA P-256", 100);
	ret = rsa_key(s, &rsa);
	CHECK(ret == 0, "RSA-2048 key: %s", hsm_strerror(ret));
	/* PKCS#1 v1.5 signs any short input: the digests do. */
	if (!ret)
		speed(s, rsa, KHSM_MECH_RSA_PKCS, "RSA-2048 PKCS#1", 40);
	EVP_PKEY_free(pkey);
out:
	hsm_close(s);
	ret = hsm_token_destroy(ctl, token);
	CHECK(ret == 0, "token destroy: %s", hsm_strerror(ret));
	hsm_close(ctl);
}

int main(void)
{
	test_args();
	if (access(HSM_DEFAULT_DEVICE, F_OK) == 0 && geteuid() == 0)
		test_device();
	return check_report("libhsm-batch");
}
