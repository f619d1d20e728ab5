// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The file side of persistent tokens. The kernel hands out sealed records
 * and never touches files; this code writes them, in the process that made
 * the change, before the call that made it returns.
 *
 * Layout: <store>/<token UUID in hex>/ holds "state" (the state record,
 * whose manifest names the object records and their versions) and one
 * "obj-<id>-<version>" file per object record. Every file is written
 * atomically (temporary file, fsync, rename, fsync of the directory);
 * object records go first and the state last, so a crash at any point
 * leaves a state whose every record is on disk. Records the state does
 * not name are leftovers: the next load reports them and they go.
 *
 * Writers of one token take an exclusive flock on its directory, so a
 * pull round (and the acknowledgment that ends it) is never interleaved.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hsm.h"
#include "internal.h"

#define STORE_DEFAULT "/var/lib/khsm"
#define STORE_CONF "/etc/khsm.conf"
#define STATE_NAME "state"
#define PULL_BUF_START 65536

/* "store_dir = PATH" in the configuration file, if any. */
static int conf_store_dir(char *out, size_t len)
{
	char line[4096], *p, *end;
	FILE *f = fopen(STORE_CONF, "re");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " \t");
		if (strncmp(p, "store_dir", 9))
			continue;
		p += 9 + strspn(p + 9, " \t");
		if (*p != '=')
			continue;
		p++;
		p += strspn(p, " \t");
		end = p + strcspn(p, " \t\r\n#");
		*end = '\0';
		if (*p && (size_t)(end - p) < len) {
			memcpy(out, p, end - p + 1);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

__hsm_public int hsm_store_dir(char *out, size_t len)
{
	const char *env = getenv("KHSM_STORE_DIR");

	if (!out || !len)
		return -EINVAL;
	if (env && *env) {
		if (strlen(env) >= len)
			return -ENAMETOOLONG;
		strcpy(out, env);
		return 0;
	}
	if (conf_store_dir(out, len))
		return 0;
	if (sizeof(STORE_DEFAULT) > len)
		return -ENAMETOOLONG;
	strcpy(out, STORE_DEFAULT);
	return 0;
}

static void uuid_hex(const uint8_t *uuid, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < KHSM_UUID_LEN; i++) {
		hex[2 * i] = digits[uuid[i] >> 4];
		hex[2 * i + 1] = digits[uuid[i] & 15];
	}
	hex[2 * KHSM_UUID_LEN] = '\0';
}

static int fsync_dir(int dfd)
{
	return fsync(dfd) ? -errno : 0;
}

/* Write @name in @dfd atomically: temporary file, fsync, rename. */
static int write_atomic(int dfd, const char *name, const void *data, size_t len)
{
	char tmp[64];
	const char *p = data;
	ssize_t n;
	int fd, ret = 0;

	snprintf(tmp, sizeof(tmp), ".tmp-%s", name);
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		p += n;
		len -= n;
	}
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && renameat(dfd, tmp, dfd, name))
		ret = -errno;
	if (ret)
		unlinkat(dfd, tmp, 0);
	return ret;
}

/*
 * Open (creating it if needed) the directory of the token with @uuid, and
 * lock it. A new directory gets the token owner's ids from the kernel's
 * token info, so the owner's processes can write it later.
 */
static int token_dir_open(struct hsm *h, uint32_t token, const uint8_t *uuid,
			  int *out)
{
	char base[4096], path[4096 + 40], hex[2 * KHSM_UUID_LEN + 1];
	struct khsm_token_info ti;
	int dfd, ret;

	ret = hsm_store_dir(base, sizeof(base));
	if (ret)
		return ret;
	uuid_hex(uuid, hex);
	snprintf(path, sizeof(path), "%s/%s", base, hex);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno == ENOENT) {
		if (mkdir(base, 0755) && errno != EEXIST)
			return -errno;
		if (mkdir(path, 0700) && errno != EEXIST)
			return -errno;
		dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			return -errno;
		ret = hsm_token_info(h, token, &ti);
		if (!ret && geteuid() == 0 && fchown(dfd, ti.uid, ti.gid))
			ret = -errno;
		/* The group may use the token: it may write its files. */
		if (!ret && (ti.mode & 060) == 060 && fchmod(dfd, 0770))
			ret = -errno;
		if (!ret) {
			int pfd =
				open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			ret = pfd < 0 ? -errno : fsync_dir(pfd);
			if (pfd >= 0)
				close(pfd);
		}
		if (ret) {
			close(dfd);
			return ret;
		}
	}
	if (dfd < 0)
		return -errno;
	while (flock(dfd, LOCK_EX)) {
		if (errno != EINTR) {
			ret = -errno;
			close(dfd);
			return ret;
		}
	}
	*out = dfd;
	return 0;
}

/* Parse "obj-<id>-<version>"; 0 if @name is not an object record. */
static int obj_name(const char *name, uint64_t *id, uint64_t *version)
{
	char tail;

	return sscanf(name, "obj-%" SCNx64 "-%" SCNx64 "%c", id, version,
		      &tail) == 2;
}

/*
 * Remove the files of object @id with a version below @below, or other
 * than @keep when @keep is not 0.
 */
static void obj_cleanup(int dfd, uint64_t id, uint64_t below, uint64_t keep)
{
	uint64_t fid, fver;
	struct dirent *de;
	DIR *d;
	int fd = dup(dfd);

	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		if (!obj_name(de->d_name, &fid, &fver) || fid != id)
			continue;
		if (keep ? fver != keep : fver < below)
			unlinkat(dfd, de->d_name, 0);
	}
	closedir(d);
}

struct pulled {
	uint32_t kind;
	uint64_t id;
	uint64_t version;
};

/*
 * An object changed again within the round comes again: only its last
 * record is the one the state names, so only that one decides what goes.
 */
static int superseded(const struct pulled *done, size_t n, size_t i)
{
	size_t j;

	for (j = i + 1; j < n; j++)
		if (done[j].id == done[i].id &&
		    done[j].kind != KHSM_RECORD_DELETE)
			return 1;
	return 0;
}

/* One pull round under the directory lock: write, acknowledge, clean. */
static int sync_round(struct hsm *h, uint32_t token, int dfd)
{
	struct khsm_store_pull p;
	struct pulled *done = NULL, *grown;
	size_t ndone = 0, cap = 0, i;
	uint32_t buf_len = PULL_BUF_START;
	uint64_t state = 0;
	uint8_t *buf;
	char name[64];
	int ret, first = 1, objects = 0;

	buf = malloc(buf_len);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		memset(&p, 0, sizeof(p));
		p.size = sizeof(p);
		p.token = token;
		p.flags = first ? KHSM_STORE_PULL_BEGIN : 0;
		p.buf = __hsm_ptr(buf);
		p.buf_len = buf_len;
		ret = __hsm_ioctl(h, KHSM_IOC_STORE_PULL, &p);
		if (ret == -ENOSPC) {
			/* The record is pulled again, into a buffer that fits. */
			free(buf);
			buf_len = p.buf_len;
			buf = malloc(buf_len);
			if (!buf) {
				ret = -ENOMEM;
				break;
			}
			continue;
		}
		if (ret)
			break;
		first = 0;
		if (p.kind == KHSM_RECORD_STATE) {
			/* Every object record before it is on disk. */
			if (objects)
				ret = fsync_dir(dfd);
			if (!ret)
				ret = write_atomic(dfd, STATE_NAME, buf,
						   p.buf_len);
			if (!ret)
				ret = fsync_dir(dfd);
			if (ret)
				break;
			state = p.version;
			continue;
		}
		if (p.kind == KHSM_RECORD_OBJECT ||
		    p.kind == KHSM_RECORD_PRIVATE) {
			snprintf(name, sizeof(name),
				 "obj-%08" PRIx64 "-%016" PRIx64,
				 (uint64_t)p.id, (uint64_t)p.version);
			ret = write_atomic(dfd, name, buf, p.buf_len);
			if (ret)
				break;
			objects = 1;
		}
		if (ndone == cap) {
			cap = cap ? 2 * cap : 16;
			grown = realloc(done, cap * sizeof(*done));
			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			done = grown;
		}
		done[ndone].kind = p.kind;
		done[ndone].id = p.id;
		done[ndone].version = p.version;
		ndone++;
	}
	if (ret == -ENODATA)
		ret = 0;
	if (!ret && state) {
		struct khsm_store_ack a = { .size = sizeof(a),
					    .token = token,
					    .version = state };

		ret = __hsm_ioctl(h, KHSM_IOC_STORE_ACK, &a);
		/* Durable now: older files of what changed may go. */
		for (i = 0; !ret && i < ndone; i++)
			if (!superseded(done, ndone, i))
				obj_cleanup(dfd, done[i].id, done[i].version,
					    done[i].kind == KHSM_RECORD_DELETE ?
						    0 :
						    done[i].version);
		if (!ret && ndone)
			fsync_dir(dfd);
	}
	free(done);
	if (buf) {
		explicit_bzero(buf, buf_len);
		free(buf);
	}
	return ret;
}

__hsm_public int hsm_store_sync(struct hsm *h, uint32_t token)
{
	struct khsm_store_pull p = { .size = sizeof(p),
				     .flags = KHSM_STORE_PULL_PEEK,
				     .token = token };
	int ret, dfd;

	if (!h)
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_STORE_PULL, &p);
	/* A module without persistence has nothing to write. */
	if (ret == -ENOTTY)
		return 0;
	if (ret || !p.pending)
		return ret;
	ret = token_dir_open(h, token, p.uuid, &dfd);
	if (ret)
		return ret;
	/* Another process may have written our change meanwhile: fine. */
	ret = sync_round(h, token, dfd);
	close(dfd);
	return ret;
}

/*
 * After a mutating request: make its changes durable. The request's own
 * error wins; otherwise a failure to write is the call's result, since
 * the change is not durable.
 */
int __hsm_sync_after(struct hsm *h, uint32_t token, int ret)
{
	int sret = hsm_store_sync(h, token);

	return ret ? ret : sret;
}

static int read_file(int dfd, const char *name, uint8_t **data, uint32_t *len)
{
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	size_t off = 0;
	int fd, ret = 0;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (st.st_size > KHSM_MAX_RECORD_LEN) {
		ret = -EFBIG;
		goto out;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, buf + off, st.st_size - off);
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			free(buf);
			goto out;
		}
		off += n;
	}
	*data = buf;
	*len = off;
out:
	close(fd);
	return ret;
}

struct load_file {
	char name[256];
	uint8_t *data;
	uint32_t len;
};

/* What a refused load means, in the store's terms. */
static const char *store_strerror(int ret)
{
	switch (-ret) {
	case EBADMSG:
		return "record does not authenticate (edited or corrupt)";
	case EKEYREJECTED:
		return "sealed under another machine key (another host?)";
	case EXDEV:
		return "record of another token";
	case ESTALE:
		return "older than a state this module has seen (rolled back)";
	case EEXIST:
		return "the token is loaded already";
	case ENODATA:
		return "missing: the state names it, or no state record";
	case EUCLEAN:
		return "record authenticates but its contents are invalid";
	case ENOKEY:
		return "no machine key loaded (khsm machine-key load)";
	default:
		return strerror(-ret);
	}
}

static void load_err(char *err, size_t errlen, const char *dir,
		     const char *what, int ret)
{
	if (err && errlen)
		snprintf(err, errlen, "%s%s%s: %s", dir, what ? "/" : "",
			 what ? what : "", store_strerror(ret));
}

__hsm_public int hsm_store_load(struct hsm *h, const char *dir, uint32_t *token,
				char *err, size_t errlen)
{
	struct khsm_store_record *recs = NULL;
	struct khsm_store_load l;
	struct load_file *files = NULL, *grown;
	size_t n = 0, cap = 0, i;
	uint64_t id, ver;
	struct dirent *de;
	char what[256];
	DIR *d;
	int dfd, ret = 0;

	if (!h || !dir || !token)
		return -EINVAL;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		ret = -errno;
		load_err(err, errlen, dir, NULL, ret);
		return ret;
	}
	/* No writer may change the directory while it is read. */
	if (flock(dfd, LOCK_EX)) {
		ret = -errno;
		close(dfd);
		return ret;
	}
	d = fdopendir(dup(dfd));
	if (!d) {
		ret = -errno;
		goto out;
	}
	while ((de = readdir(d))) {
		/* A write cut short leaves its temporary file: never named. */
		if (!strncmp(de->d_name, ".tmp-", 5)) {
			unlinkat(dfd, de->d_name, 0);
			continue;
		}
		if (strcmp(de->d_name, STATE_NAME) &&
		    !obj_name(de->d_name, &id, &ver))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(files, cap * sizeof(*files));
			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			files = grown;
		}
		/* d_name has at most 255 bytes. */
		strcpy(files[n].name, de->d_name);
		ret = read_file(dfd, de->d_name, &files[n].data, &files[n].len);
		if (ret) {
			load_err(err, errlen, dir, de->d_name, ret);
			break;
		}
		n++;
	}
	closedir(d);
	if (ret)
		goto out;
	if (!n) {
		ret = -ENODATA;
		load_err(err, errlen, dir, STATE_NAME, ret);
		goto out;
	}
	recs = calloc(n, sizeof(*recs));
	if (!recs) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		recs[i].data = __hsm_ptr(files[i].data);
		recs[i].len = files[i].len;
	}
	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.records = __hsm_ptr(recs);
	l.count = n;
	ret = __hsm_ioctl(h, KHSM_IOC_STORE_LOAD, &l);
	if (ret) {
		if (l.failed < n)
			snprintf(what, sizeof(what), "%s",
				 files[l.failed].name);
		else if (ret == -ENODATA && l.failed_id)
			snprintf(what, sizeof(what), "obj-%08" PRIx64 "-*",
				 (uint64_t)l.failed_id);
		else if (ret == -ENODATA)
			snprintf(what, sizeof(what), "%s", STATE_NAME);
		else
			what[0] = '\0';
		load_err(err, errlen, dir, what[0] ? what : NULL, ret);
		goto out;
	}
	*token = l.token;
	/* Leftovers of interrupted writes and superseded versions go. */
	for (i = 0; i < n; i++)
		if (recs[i].status == KHSM_STORE_RECORD_UNUSED)
			unlinkat(dfd, files[i].name, 0);
	fsync_dir(dfd);
out:
	for (i = 0; i < n; i++)
		free(files[i].data);
	free(files);
	free(recs);
	close(dfd);
	return ret;
}

__hsm_public int hsm_token_uuid(struct hsm *h, uint32_t token, uint8_t *uuid)
{
	struct khsm_store_pull p = { .size = sizeof(p),
				     .flags = KHSM_STORE_PULL_PEEK,
				     .token = token };
	static const uint8_t none[KHSM_UUID_LEN];
	int ret;

	if (!h || !uuid)
		return -EINVAL;
	ret = __hsm_ioctl(h, KHSM_IOC_STORE_PULL, &p);
	if (ret)
		return ret;
	memcpy(uuid, p.uuid, KHSM_UUID_LEN);
	/* The kernel leaves it zero for a token that is not persistent. */
	return memcmp(p.uuid, none, KHSM_UUID_LEN) ? 1 : 0;
}

__hsm_public int hsm_store_remove(const uint8_t *uuid)
{
	char base[4096], path[4096 + 40], hex[2 * KHSM_UUID_LEN + 1];
	uint64_t id, ver;
	struct dirent *de;
	DIR *d;
	int dfd, ret;

	if (!uuid)
		return -EINVAL;
	ret = hsm_store_dir(base, sizeof(base));
	if (ret)
		return ret;
	uuid_hex(uuid, hex);
	snprintf(path, sizeof(path), "%s/%s", base, hex);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (flock(dfd, LOCK_EX)) {
		ret = -errno;
		close(dfd);
		return ret;
	}
	/* The state first: a directory without one loads nothing. */
	if (unlinkat(dfd, STATE_NAME, 0) && errno != ENOENT)
		ret = -errno;
	if (!ret)
		ret = fsync_dir(dfd);
	d = ret ? NULL : fdopendir(dup(dfd));
	while (d && (de = readdir(d)))
		if (obj_name(de->d_name, &id, &ver) ||
		    !strncmp(de->d_name, ".tmp-", 5))
			unlinkat(dfd, de->d_name, 0);
	if (d)
		closedir(d);
	close(dfd);
	if (!ret && rmdir(path))
		ret = -errno;
	return ret;
}
