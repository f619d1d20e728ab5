// SPDX-License-Identifier: GPL-2.0
/*
 * khsm sign: sign files with a private key of a token, each signature in a
 * file of its own, in the form `openssl dgst -verify` reads (DER for
 * ECDSA, the raw block for RSA). The files are hashed here (SHA-256); the
 * kernel signs the digests. With --batch, every digest goes to the kernel
 * at once through io_uring (libhsm's hsm_batch_sign()), which runs them on
 * all CPUs; without it, one ioctl per file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hsm.h>
#include <hsm_batch.h>

#include "cli.h"

#define SIG_MAX 512

/* DER DigestInfo of SHA-256 (RFC 8017 9.2 note 1), for RSA PKCS#1 v1.5. */
static const uint8_t sha256_info[] = { 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
				       0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
				       0x01, 0x05, 0x00, 0x04, 0x20 };

/**
 * struct sign_opts - what the command line asked
 * @token: token id
 * @label: the private key's CKA_LABEL
 * @pin_file: file holding the user PIN, or NULL for $KHSM_PIN
 * @suffix: appended to each input's name for its signature
 * @pss: RSA-PSS (salt 32) instead of PKCS#1 v1.5
 * @batch: all files through one io_uring batch
 * @depth: the batch's depth
 */
struct sign_opts {
	unsigned long token;
	const char *label;
	const char *pin_file;
	const char *suffix;
	int pss;
	int batch;
	unsigned int depth;
};

static int sign_usage(void)
{
	fprintf(stderr,
		"usage: khsm sign --token ID --key LABEL [--pin-file FILE] [--pss]\n"
		"                 [--batch [--depth N]] [--suffix .sig] FILE...\n"
		"The user PIN comes from --pin-file or $KHSM_PIN. Each FILE gets\n"
		"FILE.sig, which `openssl dgst -sha256 -verify PUB -signature\n"
		"FILE.sig FILE` accepts.\n");
	return 2;
}

/* The PIN, without a trailing newline; NULL on error. */
static char *read_pin(const char *path)
{
	char buf[256], *pin;
	size_t n;
	FILE *f;

	if (!path) {
		pin = getenv("KHSM_PIN");
		return pin ? strdup(pin) : NULL;
	}
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = 0;
	pin = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return pin;
}

static int sha256_file(const char *path, uint8_t *out)
{
	unsigned char buf[65536];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int fd, ok;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !ctx) {
		EVP_MD_CTX_free(ctx);
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	while (ok && (n = read(fd, buf, sizeof(buf))) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n) == 1;
	ok = ok && n == 0 && EVP_DigestFinal_ex(ctx, out, NULL) == 1;
	close(fd);
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

/* One DER INTEGER of an unsigned big-endian number; its length. */
static size_t der_int(uint8_t *out, const uint8_t *v, size_t len)
{
	size_t i = 0, n;

	while (i + 1 < len && !v[i])
		i++;
	n = len - i;
	out[0] = 0x02;
	if (v[i] & 0x80) {
		out[1] = n + 1;
		out[2] = 0;
		memcpy(out + 3, v + i, n);
		return n + 3;
	}
	out[1] = n;
	memcpy(out + 2, v + i, n);
	return n + 2;
}

/* r||s as the DER ECDSA-Sig-Value OpenSSL verifies (curves up to P-521). */
static size_t ecdsa_der(uint8_t *out, const uint8_t *raw, size_t len)
{
	uint8_t body[2 * (3 + 66)];
	size_t n;

	if (len > 2 * 66)
		return 0;
	n = der_int(body, raw, len / 2);
	n += der_int(body + n, raw + len / 2, len / 2);
	out[0] = 0x30;
	if (n < 128) {
		out[1] = n;
		memcpy(out + 2, body, n);
		return n + 2;
	}
	out[1] = 0x81;
	out[2] = n;
	memcpy(out + 3, body, n);
	return n + 3;
}

static int find_key(struct hsm *h, const char *label, uint32_t *key,
		    uint64_t *type)
{
	uint64_t cls = KHSM_CLASS_PRIVATE_KEY;
	struct khsm_attr t[] = {
		{ KHSM_ATTR_CLASS, (uintptr_t)&cls, sizeof(cls) },
		{ KHSM_ATTR_LABEL, (uintptr_t)label, strlen(label) },
	};
	struct khsm_attr kt = { KHSM_ATTR_KEY_TYPE, (uintptr_t)type,
				sizeof(*type) };
	uint32_t result;
	int n;

	n = hsm_find(h, t, 2, key, 1);
	if (n < 0)
		return n;
	if (n != 1)
		return n ? -ENOTUNIQ : -ENOENT;
	n = hsm_attr_get(h, *key, &kt, 1, &result);
	return n ? n : result ? -EIO : 0;
}

/* Each input's digest, in the form the mechanism signs. */
struct input {
	uint8_t in[sizeof(sha256_info) + 32];
	size_t in_len;
	uint8_t sig[SIG_MAX];
	size_t sig_len;
	int result;
};

static int write_sig(const char *path, const char *suffix, const uint8_t *sig,
		     size_t len, uint64_t type)
{
	uint8_t der[SIG_MAX + 16];
	char *name;
	FILE *f;
	int ok;

	if (type == KHSM_KEY_EC) {
		len = ecdsa_der(der, sig, len);
		if (!len)
			return -EINVAL;
		sig = der;
	}
	if (asprintf(&name, "%s%s", path, suffix) < 0)
		return -ENOMEM;
	f = fopen(name, "w");
	free(name);
	if (!f)
		return -errno;
	ok = fwrite(sig, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

static int sign_all(struct hsm *h, const struct sign_opts *o, uint32_t key,
		    const struct hsm_mech *m, struct input *v, size_t n)
{
	const void **ins;
	void **sigs;
	size_t *lens, *sig_lens, i;
	int *results, ret = -ENOMEM;
	struct hsm_batch *b = NULL;

	if (!o->batch) {
		for (i = 0; i < n; i++) {
			v[i].sig_len = SIG_MAX;
			v[i].result = hsm_crypt(h, KHSM_OP_SIGN, key, m, NULL,
						0, v[i].in, v[i].in_len,
						v[i].sig, &v[i].sig_len);
		}
		return 0;
	}
	ins = calloc(n, sizeof(*ins));
	sigs = calloc(n, sizeof(*sigs));
	lens = calloc(n, sizeof(*lens));
	sig_lens = calloc(n, sizeof(*sig_lens));
	results = calloc(n, sizeof(*results));
	if (!ins || !sigs || !lens || !sig_lens || !results)
		goto out;
	for (i = 0; i < n; i++) {
		ins[i] = v[i].in;
		lens[i] = v[i].in_len;
		sigs[i] = v[i].sig;
		sig_lens[i] = SIG_MAX;
	}
	ret = hsm_batch_open(h, o->depth, &b);
	if (ret)
		goto out;
	ret = hsm_batch_sign(b, key, m, ins, lens, sigs, sig_lens, results, n);
	hsm_batch_close(b);
	if (ret >= 0) {
		for (i = 0; i < n; i++) {
			v[i].result = results[i];
			v[i].sig_len = sig_lens[i];
		}
		ret = 0;
	}
out:
	free(ins);
	free(sigs);
	free(lens);
	free(sig_lens);
	free(results);
	return ret;
}

static int parse(int argc, char **argv, struct sign_opts *o, int *first)
{
	char *end;
	int i;

	for (i = 1; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--batch")) {
			o->batch = 1;
		} else if (!strcmp(argv[i], "--pss")) {
			o->pss = 1;
		} else if (i + 1 >= argc) {
			return -EINVAL;
		} else if (!strcmp(argv[i], "--token")) {
			o->token = strtoul(argv[++i], &end, 10);
			if (*end)
				return -EINVAL;
		} else if (!strcmp(argv[i], "--key")) {
			o->label = argv[++i];
		} else if (!strcmp(argv[i], "--pin-file")) {
			o->pin_file = argv[++i];
		} else if (!strcmp(argv[i], "--suffix")) {
			o->suffix = argv[++i];
		} else if (!strcmp(argv[i], "--depth")) {
			o->depth = strtoul(argv[++i], &end, 10);
			if (*end || !o->depth || o->depth > HSM_BATCH_MAX_DEPTH)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	*first = i;
	return o->label && i < argc && o->token != (unsigned long)-1 ? 0 :
								       -EINVAL;
}

int cmd_sign(int argc, char **argv)
{
	struct sign_opts o = { .token = (unsigned long)-1,
			       .suffix = ".sig",
			       .depth = 64 };
	struct khsm_pss_params pss = { .hash_mech = KHSM_MECH_SHA256,
				       .mgf = KHSM_MGF1_SHA256,
				       .salt_len = 32 };
	struct hsm_mech m = { 0 };
	struct input *v = NULL;
	struct hsm *h = NULL;
	uint64_t type = 0;
	uint8_t digest[32];
	int first, ret, i, failed = 0;
	uint32_t key;
	char *pin;
	size_t n;

	if (parse(argc, argv, &o, &first))
		return sign_usage();
	pin = read_pin(o.pin_file);
	if (!pin) {
		fprintf(stderr, "khsm sign: no PIN (--pin-file or KHSM_PIN)\n");
		return 1;
	}
	ret = hsm_open(NULL, &h);
	if (!ret)
		ret = hsm_session_open(h, o.token, 0);
	if (!ret)
		ret = hsm_login(h, KHSM_USER_USER, pin, strlen(pin));
	explicit_bzero(pin, strlen(pin));
	free(pin);
	if (!ret)
		ret = find_key(h, o.label, &key, &type);
	if (ret) {
		fprintf(stderr, "khsm sign: %s\n", hsm_strerror(ret));
		goto out;
	}
	if (type == KHSM_KEY_EC) {
		m.mech = KHSM_MECH_ECDSA;
	} else if (o.pss) {
		m.mech = KHSM_MECH_RSA_PKCS_PSS;
		m.param = &pss;
		m.param_len = sizeof(pss);
	} else {
		m.mech = KHSM_MECH_RSA_PKCS;
	}

	n = argc - first;
	v = calloc(n, sizeof(*v));
	ret = v ? 0 : -ENOMEM;
	for (i = 0; !ret && i < (int)n; i++) {
		ret = sha256_file(argv[first + i], digest);
		if (ret) {
			fprintf(stderr, "khsm sign: %s: %s\n", argv[first + i],
				strerror(-ret));
			break;
		}
		/* PKCS#1 v1.5 signs the DigestInfo; ECDSA and PSS the hash. */
		if (m.mech == KHSM_MECH_RSA_PKCS) {
			memcpy(v[i].in, sha256_info, sizeof(sha256_info));
			v[i].in_len = sizeof(sha256_info);
		}
		memcpy(v[i].in + v[i].in_len, digest, sizeof(digest));
		v[i].in_len += sizeof(digest);
	}
	if (!ret)
		ret = sign_all(h, &o, key, &m, v, n);
	if (ret) {
		fprintf(stderr, "khsm sign: %s\n", hsm_strerror(ret));
		goto out;
	}
	for (i = 0; i < (int)n; i++) {
		ret = v[i].result;
		if (!ret)
			ret = write_sig(argv[first + i], o.suffix, v[i].sig,
					v[i].sig_len, type);
		if (ret) {
			fprintf(stderr, "khsm sign: %s: %s\n", argv[first + i],
				hsm_strerror(ret));
			failed++;
		}
	}
	ret = failed ? -EIO : 0;
out:
	free(v);
	hsm_close(h);
	return ret ? 1 : 0;
}
