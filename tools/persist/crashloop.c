// SPDX-License-Identifier: GPL-2.0
/*
 * crashloop: the guest side of the crash test.
 *
 *   crashloop setup          a persistent token labelled "crash-test"
 *   crashloop run LOG        make and destroy token objects until the
 *                            power is cut; each call that returned success
 *                            is appended to LOG and fdatasync()ed
 *   crashloop verify LOG     every object LOG says was made (and not then
 *                            destroyed) is there, every one it says was
 *                            destroyed is not
 *
 * Objects alternate between private AES keys made in the kernel and
 * public data objects, so both kinds of record are cut while written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hsm.h>

#define LABEL "crash-test"
#define SO_PIN "87654321"
#define USER_PIN "1234abcd"
#define MAX_N 1000000

static int fail(const char *what, int ret)
{
	fprintf(stderr, "crashloop: %s: %s\n", what, hsm_strerror(ret));
	return 1;
}

static int find_token(struct hsm *h, uint32_t *token)
{
	uint32_t ids[KHSM_MAX_TOKENS];
	struct khsm_token_info ti;
	int n, i;

	n = hsm_token_list(h, ids, KHSM_MAX_TOKENS);
	for (i = 0; i < n && i < KHSM_MAX_TOKENS; i++) {
		if (hsm_token_info(h, ids[i], &ti))
			continue;
		if (!memcmp(ti.label, LABEL, strlen(LABEL))) {
			*token = ids[i];
			return 0;
		}
	}
	return -ENXIO;
}

static int setup(void)
{
	struct hsm *h, *s;
	uint32_t token;
	int ret;

	ret = hsm_open(NULL, &h);
	if (ret)
		return fail("open", ret);
	ret = hsm_token_create_flags(
		h, 0, 0, 0600, KHSM_TOKEN_CREATE_PERSISTENT, 0, 0, &token);
	if (ret)
		return fail("token create", ret);
	ret = hsm_token_init(h, token, SO_PIN, strlen(SO_PIN), LABEL, 0,
			     KHSM_PBKDF2_MIN_ITER);
	if (ret)
		return fail("token init", ret);
	ret = hsm_open(NULL, &s);
	if (!ret)
		ret = hsm_session_open(s, token, KHSM_SESSION_RW);
	if (!ret)
		ret = hsm_login(s, KHSM_USER_SO, SO_PIN, strlen(SO_PIN));
	if (!ret)
		ret = hsm_init_pin(s, USER_PIN, strlen(USER_PIN));
	if (ret)
		return fail("init PIN", ret);
	hsm_close(s);
	hsm_close(h);
	return 0;
}

static struct hsm *user_session(void)
{
	struct hsm *h;
	uint32_t token;
	int ret;

	ret = hsm_open(NULL, &h);
	if (ret) {
		fail("open", ret);
		return NULL;
	}
	ret = find_token(h, &token);
	if (!ret)
		ret = hsm_session_open(h, token, KHSM_SESSION_RW);
	if (!ret)
		ret = hsm_login(h, KHSM_USER_USER, USER_PIN, strlen(USER_PIN));
	if (ret) {
		fail("session", ret);
		hsm_close(h);
		return NULL;
	}
	return h;
}

/* The handle of the object labelled k-@n, 0 if none, or -errno. */
static long find_label(struct hsm *h, long n)
{
	struct khsm_attr a;
	uint32_t handles[2];
	char label[32];
	int ret;

	snprintf(label, sizeof(label), "k-%ld", n);
	a.type = KHSM_ATTR_LABEL;
	a.value = (uint64_t)(uintptr_t)label;
	a.len = strlen(label);
	ret = hsm_find(h, &a, 1, handles, 2);
	if (ret < 0)
		return ret;
	if (ret > 1)
		return -EEXIST;
	return ret ? handles[0] : 0;
}

/* Per label: 0 never logged, 1 made, 2 destroyed, 3 being destroyed. */
static int read_log(const char *path, unsigned char *state, long *max)
{
	char op;
	long n;
	FILE *f = fopen(path, "re");

	*max = 0;
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fscanf(f, " %c %ld", &op, &n) == 2) {
		if (n <= 0 || n >= MAX_N)
			break;
		state[n] = op == 'd' ? 2 : op == 'x' ? 3 : 1;
		if (n > *max)
			*max = n;
	}
	fclose(f);
	return 0;
}

static int verify(const char *path)
{
	unsigned char *state = calloc(MAX_N, 1);
	long max, n, h, made = 0, gone = 0, bad = 0;
	struct hsm *s;

	if (!state || read_log(path, state, &max))
		return 1;
	s = user_session();
	if (!s)
		return 1;
	for (n = 1; n <= max; n++) {
		if (!state[n])
			continue;
		/* A destroy cut short may or may not have happened. */
		if (state[n] == 3)
			continue;
		h = find_label(s, n);
		if (h < 0) {
			fprintf(stderr, "crashloop: k-%ld: %s\n", n,
				hsm_strerror((int)h));
			bad++;
		} else if (state[n] == 1 && !h) {
			fprintf(stderr,
				"crashloop: acknowledged k-%ld is lost\n", n);
			bad++;
		} else if (state[n] == 2 && h) {
			fprintf(stderr, "crashloop: destroyed k-%ld is back\n",
				n);
			bad++;
		}
		made += state[n] == 1;
		gone += state[n] == 2;
	}
	printf("crashloop: %ld present, %ld destroyed, %ld wrong\n", made, gone,
	       bad);
	hsm_close(s);
	free(state);
	return bad ? 1 : 0;
}

/* Append "@op @n" to the log, durably, once the call returned success. */
static int log_op(int fd, char op, long n)
{
	char line[32];
	int len = snprintf(line, sizeof(line), "%c %ld\n", op, n);

	if (write(fd, line, len) != len || fdatasync(fd))
		return -errno;
	return 0;
}

static int make_object(struct hsm *h, long n)
{
	struct khsm_attr a[5];
	uint64_t class, len = 16;
	uint8_t yes = 1;
	uint32_t handle;
	char label[32];

	snprintf(label, sizeof(label), "k-%ld", n);
	a[0] = (struct khsm_attr){ KHSM_ATTR_LABEL, (uint64_t)(uintptr_t)label,
				   strlen(label) };
	a[1] = (struct khsm_attr){ KHSM_ATTR_TOKEN, (uint64_t)(uintptr_t)&yes,
				   1 };
	if (n % 2) {
		class = KHSM_CLASS_DATA;
		a[2] = (struct khsm_attr){ KHSM_ATTR_CLASS,
					   (uint64_t)(uintptr_t) & class,
					   sizeof(class) };
		a[3] = (struct khsm_attr){ KHSM_ATTR_VALUE,
					   (uint64_t)(uintptr_t)label,
					   strlen(label) };
		return hsm_object_create(h, a, 4, &handle);
	}
	a[2] = (struct khsm_attr){ KHSM_ATTR_VALUE_LEN,
				   (uint64_t)(uintptr_t)&len, sizeof(len) };
	return hsm_generate_key(h, KHSM_MECH_AES_KEY_GEN, a, 3, &handle);
}

static int run(const char *path)
{
	unsigned char *state = calloc(MAX_N, 1);
	long max, n, h;
	struct hsm *s;
	int fd, ret;

	if (!state || read_log(path, state, &max))
		return 1;
	s = user_session();
	if (!s)
		return 1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return 1;
	/* Past the last logged one: an unlogged call may have completed. */
	for (n = max + 2; n < MAX_N; n++) {
		ret = make_object(s, n);
		if (ret)
			return fail("make", ret);
		ret = log_op(fd, 'c', n);
		if (ret)
			return fail("log", ret);
		/* Now and then, destroy one made three steps ago. */
		if (n % 5 == 0 && n - 3 > max + 1) {
			h = find_label(s, n - 3);
			if (h <= 0)
				return fail("find", h ? (int)h : -ENOENT);
			ret = log_op(fd, 'x', n - 3);
			if (ret)
				return fail("log", ret);
			ret = hsm_object_destroy(s, (uint32_t)h);
			if (ret)
				return fail("destroy", ret);
			ret = log_op(fd, 'd', n - 3);
			if (ret)
				return fail("log", ret);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "setup"))
		return setup();
	if (argc == 3 && !strcmp(argv[1], "run"))
		return run(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "verify"))
		return verify(argv[2]);
	fprintf(stderr, "usage: crashloop setup | run LOG | verify LOG\n");
	return 2;
}
