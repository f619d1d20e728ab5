// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bench_find_objects: how long C_FindObjectsInit / C_FindObjects /
 * C_FindObjectsFinal take on a token holding 10,000 objects, through the
 * PKCS#11 module as an application calls it. Not a test: it prints what
 * it measured, on which kernel, and the ratio of the two searches taken
 * side by side in one run.
 *
 * usage (as root, khsm loaded): bench_find_objects [module.so] [objects]
 *
 * The token is made for the run and removed at the end. Its objects are
 * token data objects (CKA_TOKEN true) with distinct labels; one search
 * matches one of them by label, the other all of them by class.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/khsm.h>
#include <p11-kit/pkcs11.h>

#define SO_PIN "so-pin-1234"
#define USER_PIN "user-pin-5678"
#define ROUNDS 15 /* each search, median reported */
#define BATCH 100 /* handles per C_FindObjects, as clients ask */

static CK_FUNCTION_LIST *f;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* The one step outside PKCS#11: a token for the run, or its removal. */
static int token_ioctl(unsigned long cmd, void *req)
{
	int fd = open("/dev/khsm", O_RDWR | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = ioctl(fd, cmd, req) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static void die(const char *what, CK_RV rv)
{
	fprintf(stderr, "bench_find_objects: %s: 0x%lx\n", what, rv);
	exit(1);
}

#define CALL(what, call)                \
	do {                            \
		CK_RV rv_ = (call);     \
		if (rv_ != CKR_OK)      \
			die(what, rv_); \
	} while (0)

/* The phases of one search. */
struct timing {
	double init[ROUNDS];
	double find[ROUNDS];
	double final[ROUNDS];
};

static void search(CK_SESSION_HANDLE s, CK_ATTRIBUTE *t, CK_ULONG n,
		   CK_ULONG want, struct timing *tm, int round)
{
	CK_OBJECT_HANDLE h[BATCH];
	CK_ULONG got, total = 0;
	double t0, t1, t2, t3;

	t0 = now_us();
	CALL("C_FindObjectsInit", f->C_FindObjectsInit(s, t, n));
	t1 = now_us();
	do {
		CALL("C_FindObjects", f->C_FindObjects(s, h, BATCH, &got));
		total += got;
	} while (got);
	t2 = now_us();
	CALL("C_FindObjectsFinal", f->C_FindObjectsFinal(s));
	t3 = now_us();
	if (total != want) {
		fprintf(stderr, "bench_find_objects: found %lu, want %lu\n",
			total, want);
		exit(1);
	}
	tm->init[round] = t1 - t0;
	tm->find[round] = t2 - t1;
	tm->final[round] = t3 - t2;
}

static double report(const char *name, CK_ULONG matches, struct timing *tm)
{
	double i = median(tm->init, ROUNDS), fo = median(tm->find, ROUNDS);
	double fi = median(tm->final, ROUNDS);

	printf("%-10s %6lu matches: Init %9.1f us  FindObjects %8.1f us  "
	       "Final %6.1f us  total %9.1f us\n",
	       name, matches, i, fo, fi, i + fo + fi);
	return i + fo + fi;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/khsm-pkcs11.so";
	CK_ULONG count = argc > 2 ? strtoul(argv[2], NULL, 0) : 10000, i;
	struct khsm_token_create tc = { .size = sizeof(tc), .mode = 0600 };
	struct khsm_token_ref tr = { .size = sizeof(tr) };
	CK_RV (*get)(CK_FUNCTION_LIST **);
	CK_OBJECT_CLASS data = CKO_DATA;
	CK_BBOOL yes = CK_TRUE;
	CK_SESSION_HANDLE s;
	struct timing one, all;
	unsigned char label[32];
	char app[] = "khsm-bench";
	struct utsname u;
	double t0, made, t_one, t_all;
	void *dl;
	int ret, r;

	if (!count || count > KHSM_MAX_OBJECTS) {
		fprintf(stderr, "bench_find_objects: 1 to %d objects\n",
			KHSM_MAX_OBJECTS);
		return 2;
	}
	/* Cheap PIN verifiers: the run measures searching, not logging in. */
	setenv("KHSM_PKCS11_PBKDF2_ITERATIONS", "1000", 1);
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		fprintf(stderr, "bench_find_objects: %s\n", dlerror());
		return 1;
	}
	get = (CK_RV(*)(CK_FUNCTION_LIST **))dlsym(dl, "C_GetFunctionList");
	if (!get || get(&f) != CKR_OK)
		die("C_GetFunctionList", CKR_GENERAL_ERROR);
	ret = token_ioctl(KHSM_IOC_TOKEN_CREATE, &tc);
	if (ret) {
		fprintf(stderr, "bench_find_objects: token: %s\n",
			strerror(-ret));
		return 1;
	}

	CALL("C_Initialize", f->C_Initialize(NULL));
	memset(label, ' ', sizeof(label));
	memcpy(label, "find bench", 10);
	CALL("C_InitToken", f->C_InitToken(tc.token, (CK_UTF8CHAR *)SO_PIN,
					   strlen(SO_PIN), label));
	CALL("C_OpenSession",
	     f->C_OpenSession(tc.token, CKF_SERIAL_SESSION | CKF_RW_SESSION,
			      NULL, NULL, &s));
	CALL("C_Login SO",
	     f->C_Login(s, CKU_SO, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN)));
	CALL("C_InitPIN",
	     f->C_InitPIN(s, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	CALL("C_Logout", f->C_Logout(s));
	CALL("C_Login", f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN,
				   strlen(USER_PIN)));

	t0 = now_us();
	for (i = 0; i < count; i++) {
		CK_ATTRIBUTE t[] = {
			{ CKA_CLASS, &data, sizeof(data) },
			{ CKA_TOKEN, &yes, 1 },
			{ CKA_LABEL, label, 0 },
			{ CKA_APPLICATION, app, sizeof(app) - 1 },
			{ CKA_VALUE, label, 16 },
		};
		CK_OBJECT_HANDLE h;

		t[2].ulValueLen =
			snprintf((char *)label, sizeof(label), "obj-%06lu", i);
		CALL("C_CreateObject", f->C_CreateObject(s, t, 5, &h));
	}
	made = now_us() - t0;

	/* Side by side, round after round, so both see the same machine. */
	for (r = 0; r < ROUNDS; r++) {
		CK_ATTRIBUTE by_label = { CKA_LABEL, label, 0 };
		CK_ATTRIBUTE by_class = { CKA_CLASS, &data, sizeof(data) };

		by_label.ulValueLen = snprintf((char *)label, sizeof(label),
					       "obj-%06lu", count / 2);
		search(s, &by_label, 1, 1, &one, r);
		search(s, &by_class, 1, count, &all, r);
	}

	uname(&u);
	printf("C_FindObjects on a token of %lu objects, khsm-pkcs11 "
	       "(%s), kernel %s %s\n",
	       count, path, u.release, u.machine);
	printf("created %lu token objects in %.2f s (%.1f us each)\n", count,
	       made / 1e6, made / count);
	printf("median of %d rounds, C_FindObjects in batches of %d:\n", ROUNDS,
	       BATCH);
	t_one = report("match-one", 1, &one);
	t_all = report("match-all", count, &all);
	printf("match-all / match-one: %.2f\n", t_all / t_one);

	CALL("C_CloseSession", f->C_CloseSession(s));
	CALL("C_Finalize", f->C_Finalize(NULL));
	tr.token = tc.token;
	ret = token_ioctl(KHSM_IOC_TOKEN_DESTROY, &tr);
	if (ret)
		fprintf(stderr, "bench_find_objects: token removal: %s\n",
			strerror(-ret));
	dlclose(dl);
	return ret ? 1 : 0;
}
