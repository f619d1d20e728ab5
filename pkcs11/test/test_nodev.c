// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The module where there is no khsm device (natively, under ASan and
 * UBSan): it initialises, offers no slot, refuses sessions, checks its
 * arguments, knows a forked child is not initialised, and uses the
 * application's mutex callbacks.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "p11.h"

CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list);

static CK_FUNCTION_LIST *f;
static int created, destroyed, locked, unlocked;

static CK_RV cb_create(void **m)
{
	created++;
	*m = malloc(1);
	return *m ? CKR_OK : CKR_HOST_MEMORY;
}

static CK_RV cb_destroy(void *m)
{
	destroyed++;
	free(m);
	return CKR_OK;
}

static CK_RV cb_lock(void *m)
{
	(void)m;
	locked++;
	return CKR_OK;
}

static CK_RV cb_unlock(void *m)
{
	(void)m;
	unlocked++;
	return CKR_OK;
}

static void test_no_device(void)
{
	CK_SLOT_ID slots[4];
	CK_SESSION_HANDLE s;
	CK_TOKEN_INFO ti;
	CK_ULONG n = 4;
	CK_INFO info;
	int status = -1;
	pid_t pid;

	CHECK(f->C_Initialize(NULL) == CKR_OK, "initialise without a device");
	CHECK(f->C_GetInfo(&info) == CKR_OK, "info");
	CHECK(f->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK && n == 0,
	      "no slots");
	CHECK(f->C_GetTokenInfo(0, &ti) == CKR_SLOT_ID_INVALID, "no token 0");
	CHECK(f->C_OpenSession(0, CKF_SERIAL_SESSION, NULL, NULL, &s) ==
		      CKR_SLOT_ID_INVALID,
	      "no session");
	CHECK(f->C_CloseSession(1) == CKR_SESSION_HANDLE_INVALID, "handle");
	CHECK(f->C_Login(1, CKU_USER, (CK_UTF8CHAR *)"1234", 4) ==
		      CKR_SESSION_HANDLE_INVALID,
	      "login needs a session");
	CHECK(f->C_GetSlotList(CK_TRUE, NULL, NULL) == CKR_ARGUMENTS_BAD,
	      "NULL count");
	pid = fork();
	if (pid == 0)
		_exit(f->C_GetInfo(&info) == CKR_CRYPTOKI_NOT_INITIALIZED &&
				      f->C_Initialize(NULL) == CKR_OK &&
				      f->C_Finalize(NULL) == CKR_OK ?
			      0 :
			      1);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a forked child initialises afresh");
	CHECK(f->C_Finalize(NULL) == CKR_OK, "finalise");
	CHECK(f->C_Finalize(NULL) == CKR_CRYPTOKI_NOT_INITIALIZED, "twice");
}

static void test_callbacks(void)
{
	CK_C_INITIALIZE_ARGS a = { cb_create, cb_destroy, cb_lock,
				   cb_unlock, 0,	  NULL };
	CK_SLOT_ID slots[4];
	CK_ULONG n = 4;

	CHECK(f->C_Initialize(&a) == CKR_OK, "initialise with callbacks");
	CHECK(f->C_GetSlotList(CK_TRUE, slots, &n) == CKR_OK, "slots");
	CHECK(created >= 1 && locked >= 1 && locked == unlocked,
	      "callbacks used, balanced: %d %d %d", created, locked, unlocked);
	CHECK(f->C_Finalize(NULL) == CKR_OK, "finalise");
	CHECK(created == destroyed, "every mutex destroyed");
	a.flags = CKF_OS_LOCKING_OK;
	created = 0;
	CHECK(f->C_Initialize(&a) == CKR_OK && created == 0,
	      "CKF_OS_LOCKING_OK: the module's own locks");
	CHECK(f->C_Finalize(NULL) == CKR_OK, "finalise");
}

int main(void)
{
	setenv("KHSM_DEVICE", "/nonexistent/khsm", 1);
	CHECK(C_GetFunctionList(&f) == CKR_OK && f, "function list");
	CHECK(C_GetFunctionList(NULL) == CKR_ARGUMENTS_BAD, "NULL list");
	test_no_device();
	test_callbacks();
	return check_report("pkcs11-nodev");
}
