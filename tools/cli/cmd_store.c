// SPDX-License-Identifier: GPL-2.0
/*
 * khsm machine-key and khsm store: the administrator's side of persistent
 * tokens. The machine key lives in a root-only file by default; at boot it
 * goes into the module's keyring, then every token directory of the store
 * is restored, each all or nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hsm.h>

#include "cli.h"

#define MACHINE_KEY_FILE "/etc/khsm/machine.key"

static int machine_key_usage(void)
{
	fprintf(stderr, "usage: khsm machine-key create [--file PATH]\n"
			"       khsm machine-key load [--file PATH]\n"
			"       khsm machine-key status\n"
			"The default file is " MACHINE_KEY_FILE ".\n");
	return 2;
}

/* The key file: 32 random bytes, root's alone, never overwritten. */
static int machine_key_create(const char *path)
{
	unsigned char key[KHSM_MACHINE_KEY_LEN];
	char dir[4096], *slash;
	int fd, ret = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST) {
			fprintf(stderr, "khsm: %s: %s\n", dir, strerror(errno));
			return 1;
		}
	}
	if (getrandom(key, sizeof(key), 0) != sizeof(key)) {
		fprintf(stderr, "khsm: getrandom: %s\n", strerror(errno));
		return 1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0400);
	if (fd < 0) {
		fprintf(stderr, "khsm: %s: %s\n", path, strerror(errno));
		explicit_bzero(key, sizeof(key));
		return 1;
	}
	if (write(fd, key, sizeof(key)) != sizeof(key) || fsync(fd))
		ret = -errno;
	close(fd);
	explicit_bzero(key, sizeof(key));
	if (ret) {
		fprintf(stderr, "khsm: %s: %s\n", path, strerror(-ret));
		unlink(path);
		return 1;
	}
	printf("machine key written to %s\n", path);
	return 0;
}

static int machine_key_load(struct hsm *h, const char *path)
{
	unsigned char key[KHSM_MACHINE_KEY_LEN + 1];
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "khsm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	n = read(fd, key, sizeof(key));
	close(fd);
	if (n != KHSM_MACHINE_KEY_LEN) {
		fprintf(stderr, "khsm: %s: not a %d-byte machine key\n", path,
			KHSM_MACHINE_KEY_LEN);
		explicit_bzero(key, sizeof(key));
		return 1;
	}
	ret = hsm_machine_key_load(h, key, KHSM_MACHINE_KEY_LEN);
	explicit_bzero(key, sizeof(key));
	if (ret) {
		fprintf(stderr, "khsm: machine-key load: %s\n", strerror(-ret));
		return 1;
	}
	return 0;
}

int cmd_machine_key(int argc, char **argv)
{
	const char *path = MACHINE_KEY_FILE;
	int32_t keyring = 0;
	struct hsm *h;
	int ret;

	if (argc == 4 && !strcmp(argv[2], "--file"))
		path = argv[3];
	else if (argc != 2)
		return machine_key_usage();
	if (!strcmp(argv[1], "create"))
		return machine_key_create(path);
	ret = hsm_open(NULL, &h);
	if (ret) {
		fprintf(stderr, "khsm: %s\n", hsm_strerror(ret));
		return 1;
	}
	if (!strcmp(argv[1], "load")) {
		ret = machine_key_load(h, path);
	} else if (!strcmp(argv[1], "status") && argc == 2) {
		ret = hsm_machine_key_status(h, &keyring);
		printf("keyring: %d\nmachine key: %s\n", keyring,
		       ret ? strerror(-ret) : "loaded");
		ret = ret ? 1 : 0;
	} else {
		ret = machine_key_usage();
	}
	hsm_close(h);
	return ret;
}

static int store_usage(void)
{
	fprintf(stderr, "usage: khsm store load [--dir STORE]\n"
			"       khsm store sync TOKEN\n");
	return 2;
}

/* Every token directory of the store; each one all or nothing. */
static int store_load(struct hsm *h, const char *base)
{
	char path[4096 + 256], err[8192];
	struct dirent *de;
	uint32_t token;
	int ret, failed = 0, loaded = 0;
	DIR *d = opendir(base);

	if (!d) {
		if (errno == ENOENT) {
			printf("store %s: no tokens\n", base);
			return 0;
		}
		fprintf(stderr, "khsm: %s: %s\n", base, strerror(errno));
		return 1;
	}
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 2 * KHSM_UUID_LEN ||
		    strspn(de->d_name, "0123456789abcdef") != 2 * KHSM_UUID_LEN)
			continue;
		snprintf(path, sizeof(path), "%s/%s", base, de->d_name);
		ret = hsm_store_load(h, path, &token, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "khsm: store load: %s\n", err);
			failed++;
			continue;
		}
		printf("token %u: %s\n", token, de->d_name);
		loaded++;
	}
	closedir(d);
	printf("store %s: %d loaded, %d refused\n", base, loaded, failed);
	return failed ? 1 : 0;
}

int cmd_store(int argc, char **argv)
{
	char base[4096];
	struct hsm *h;
	int ret;

	if (argc < 2)
		return store_usage();
	ret = hsm_store_dir(base, sizeof(base));
	if (ret) {
		fprintf(stderr, "khsm: store: %s\n", strerror(-ret));
		return 1;
	}
	ret = hsm_open(NULL, &h);
	if (ret) {
		fprintf(stderr, "khsm: %s\n", hsm_strerror(ret));
		return 1;
	}
	if (!strcmp(argv[1], "load") && (argc == 2 || argc == 4)) {
		if (argc == 4 && strcmp(argv[2], "--dir")) {
			ret = store_usage();
		} else {
			ret = store_load(h, argc == 4 ? argv[3] : base);
		}
	} else if (!strcmp(argv[1], "sync") && argc == 3) {
		ret = hsm_store_sync(h, strtoul(argv[2], NULL, 10));
		if (ret)
			fprintf(stderr, "khsm: store sync: %s\n",
				strerror(-ret));
		ret = ret ? 1 : 0;
	} else {
		ret = store_usage();
	}
	hsm_close(h);
	return ret;
}
