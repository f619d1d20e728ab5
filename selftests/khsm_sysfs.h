/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the selftests read and set in sysfs: the module's parameters, and
 * the object counts of its secret slab caches (to prove nothing leaked).
 */
#ifndef _KHSM_SYSFS_H
#define _KHSM_SYSFS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KHSM_PARAM_DIR "/sys/module/khsm/parameters/"

static inline int khsm_param_write(const char *name, unsigned int v)
{
	char path[128], buf[16];
	int fd, n, ok;

	snprintf(path, sizeof(path), KHSM_PARAM_DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%u", v);
	ok = write(fd, buf, n) == n;
	close(fd);
	return ok ? 0 : -EIO;
}

static inline long khsm_param_read(const char *name)
{
	char path[128], buf[16];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), KHSM_PARAM_DIR "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/* Objects in use in the khsm_secret_* slab caches, or -1. */
static inline long khsm_secret_objects(void)
{
	char path[512], buf[64];
	struct dirent *e;
	long total = 0;
	struct stat st;
	ssize_t n;
	DIR *dir;
	int fd;

	dir = opendir("/sys/kernel/slab");
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "khsm_secret_", 12))
			continue;
		/* A merged cache is a symlink: its count is not ours alone. */
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s", e->d_name);
		if (lstat(path, &st) || S_ISLNK(st.st_mode)) {
			total = -1;
			break;
		}
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink",
			 e->d_name);
		fd = open(path, O_WRONLY);
		if (fd >= 0) {
			n = write(fd, "1", 1);
			(void)n;
			close(fd);
		}
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/objects",
			 e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			total = -1;
			break;
		}
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0) {
			total = -1;
			break;
		}
		buf[n] = 0;
		total += strtol(buf, NULL, 10);
	}
	closedir(dir);
	return total;
}

#endif /* _KHSM_SYSFS_H */
