// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test_pkcs11: a black-box test of khsm-pkcs11.so, run in the guest as
 * root. It loads the module with dlopen(), makes a fresh token with the
 * one request PKCS#11 has no function for (KHSM_IOC_TOKEN_CREATE), and
 * then goes through every function group with PKCS#11 calls only,
 * checking the outcomes with OpenSSL as the independent implementation:
 * signatures made by the module verify with OpenSSL from the exported
 * public keys, ciphertexts decrypt with OpenSSL, MACs and ECDH secrets
 * equal OpenSSL's. Error paths are checked for their exact CKR.
 *
 * usage: test_pkcs11 [module.so]   (default build/khsm-pkcs11.so)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <linux/khsm.h>
#include <p11-kit/pkcs11.h>

#include "check.h"

#define SO_PIN "so-pin-1234"
#define USER_PIN "user-pin-5678"
#define LABEL "khsm pkcs11 test"
#define SUITE "pkcs11"

#ifndef CKM_AES_KEY_WRAP_KWP
#define CKM_AES_KEY_WRAP_KWP 0x210bUL
#endif

static CK_FUNCTION_LIST *f;
static void *dl;
static CK_SLOT_ID slot;
static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;

/* Check that @call returns @want, naming both on failure. */
#define RV(want, call)                                                    \
	do {                                                              \
		CK_RV rv_ = (call);                                       \
		CHECK(rv_ == (CK_RV)(want), "%s: 0x%lx, want 0x%lx (%s)", \
		      #call, rv_, (CK_RV)(want), #want);                  \
	} while (0)

#define OK(call) RV(CKR_OK, call)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static int kioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/* A new kernel token for the test: the one step outside PKCS#11. */
static int make_token(uint32_t *token)
{
	struct khsm_token_create r = { .size = sizeof(r), .mode = 0600 };
	int fd = open("/dev/khsm", O_RDWR | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = kioctl(fd, KHSM_IOC_TOKEN_CREATE, &r);
	close(fd);
	*token = r.token;
	return ret;
}

static int drop_token(uint32_t token)
{
	struct khsm_token_ref r = { .size = sizeof(r), .token = token };
	int fd = open("/dev/khsm", O_RDWR | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = kioctl(fd, KHSM_IOC_TOKEN_DESTROY, &r);
	close(fd);
	return ret;
}

static CK_SESSION_HANDLE open_rw(void)
{
	CK_SESSION_HANDLE s = CK_INVALID_HANDLE;

	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL,
			    NULL, &s));
	return s;
}

static CK_SESSION_HANDLE user_session(void)
{
	CK_SESSION_HANDLE s = open_rw();
	CK_RV rv = f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN,
			      strlen(USER_PIN));

	CHECK(rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN, "login 0x%lx",
	      rv);
	return s;
}

static bool has_mech(CK_MECHANISM_TYPE m)
{
	CK_MECHANISM_INFO info;

	return f->C_GetMechanismInfo(slot, m, &info) == CKR_OK;
}

/* Does the module offer @flag (CKF_WRAP ...) with @m? */
static bool has_flag(CK_MECHANISM_TYPE m, CK_FLAGS flag)
{
	CK_MECHANISM_INFO info;

	return f->C_GetMechanismInfo(slot, m, &info) == CKR_OK &&
	       (info.flags & flag);
}

/* General-purpose functions ---------------------------------------------- */

static void test_general(void)
{
	CK_C_INITIALIZE_ARGS args = { 0 };
	CK_INFO info;
	CK_RV (*get_list)(void *, CK_ULONG *);
	CK_RV (*get_iface)(CK_UTF8CHAR *, CK_VERSION *, void **, CK_FLAGS);
	struct {
		CK_UTF8CHAR *name;
		void *list;
		CK_FLAGS flags;
	} ifaces[4], *ifp;
	CK_VERSION v240 = { 2, 40 };
	CK_ULONG n = 0;

	RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_GetInfo(&info));
	RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_Finalize(NULL));
	args.pReserved = &args;
	RV(CKR_ARGUMENTS_BAD, f->C_Initialize(&args));
	args.pReserved = NULL;
	args.CreateMutex = (CK_CREATEMUTEX)1;
	RV(CKR_ARGUMENTS_BAD, f->C_Initialize(&args));
	args.CreateMutex = NULL;
	args.flags = CKF_OS_LOCKING_OK;
	OK(f->C_Initialize(&args));
	RV(CKR_CRYPTOKI_ALREADY_INITIALIZED, f->C_Initialize(NULL));
	OK(f->C_GetInfo(&info));
	CHECK(info.cryptokiVersion.major == 2 &&
		      info.cryptokiVersion.minor == 40,
	      "Cryptoki 2.40");
	CHECK(!memcmp(info.manufacturerID, "khsm ", 5), "manufacturer");
	RV(CKR_ARGUMENTS_BAD, f->C_GetInfo(NULL));
	CHECK(f->version.major == 2 && f->version.minor == 40, "list 2.40");

	get_list = dlsym(dl, "C_GetInterfaceList");
	get_iface = dlsym(dl, "C_GetInterface");
	CHECK(get_list && get_iface, "3.0 entry points exported");
	CHECK(dlsym(dl, "C_Initialize") == NULL, "only the entry points");
	if (!get_list || !get_iface)
		return;
	OK(get_list(NULL, &n));
	CHECK(n == 2, "two interfaces, %lu", n);
	n = 1;
	RV(CKR_BUFFER_TOO_SMALL, get_list(ifaces, &n));
	n = N(ifaces);
	OK(get_list(ifaces, &n));
	CHECK(!strcmp((char *)ifaces[0].name, "PKCS 11") &&
		      ((CK_VERSION *)ifaces[0].list)->major == 3 &&
		      ((CK_VERSION *)ifaces[1].list)->major == 2,
	      "PKCS 11 3.0 then 2.40");
	OK(get_iface(NULL, NULL, (void **)&ifp, 0));
	CHECK(((CK_VERSION *)ifp->list)->major == 3, "default is 3.0");
	OK(get_iface((CK_UTF8CHAR *)"PKCS 11", &v240, (void **)&ifp, 0));
	CHECK(ifp->list == (void *)f, "2.40 is C_GetFunctionList's list");
	RV(CKR_ARGUMENTS_BAD,
	   get_iface((CK_UTF8CHAR *)"Vendor X", NULL, (void **)&ifp, 0));
}

/* Slots and tokens -------------------------------------------------------- */

static void test_slots(uint32_t token)
{
	CK_SLOT_ID slots[KHSM_MAX_TOKENS];
	CK_SESSION_HANDLE s;
	CK_TOKEN_INFO ti;
	CK_SLOT_INFO si;
	CK_ULONG n = 0, i;
	bool seen = false;
	char label[32];

	OK(f->C_GetSlotList(CK_TRUE, NULL, &n));
	CHECK(n >= 1, "slots %lu", n);
	if (n > 1) {
		CK_ULONG small = 0;

		RV(CKR_BUFFER_TOO_SMALL,
		   f->C_GetSlotList(CK_TRUE, slots, &small));
		CHECK(small == n, "count given back");
	}
	n = N(slots);
	OK(f->C_GetSlotList(CK_FALSE, slots, &n));
	for (i = 0; i < n; i++)
		seen |= slots[i] == token;
	CHECK(seen, "the new token is a slot");
	slot = token;
	RV(CKR_ARGUMENTS_BAD, f->C_GetSlotList(CK_TRUE, NULL, NULL));

	OK(f->C_GetSlotInfo(slot, &si));
	CHECK(si.flags & CKF_TOKEN_PRESENT, "token present");
	RV(CKR_SLOT_ID_INVALID, f->C_GetSlotInfo(0xfffff, &si));
	RV(CKR_SLOT_ID_INVALID, f->C_GetTokenInfo(0xfffff, &ti));
	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(!(ti.flags & CKF_TOKEN_INITIALIZED), "not initialised yet");
	RV(CKR_TOKEN_NOT_RECOGNIZED,
	   f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s));
	RV(CKR_SESSION_PARALLEL_NOT_SUPPORTED,
	   f->C_OpenSession(slot, 0, NULL, NULL, &s));
	RV(CKR_NO_EVENT,
	   f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slots[0], NULL));

	memset(label, ' ', sizeof(label));
	memcpy(label, LABEL, strlen(LABEL));
	RV(CKR_PIN_LEN_RANGE,
	   f->C_InitToken(slot, (CK_UTF8CHAR *)"123", 3, (CK_UTF8CHAR *)label));
	OK(f->C_InitToken(slot, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN),
			  (CK_UTF8CHAR *)label));
	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(ti.flags & CKF_TOKEN_INITIALIZED, "initialised");
	CHECK(!(ti.flags & CKF_USER_PIN_INITIALIZED), "no user PIN yet");
	CHECK(ti.flags & CKF_RNG, "RNG");
	CHECK(!memcmp(ti.label, label, 32), "label");
	CHECK(ti.ulMinPinLen == KHSM_PIN_MIN_LEN, "min PIN length");
	/* Re-initialising needs the SO PIN and no open session. */
	s = open_rw();
	RV(CKR_SESSION_EXISTS,
	   f->C_InitToken(slot, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN),
			  (CK_UTF8CHAR *)label));
	OK(f->C_CloseSession(s));
	RV(CKR_PIN_INCORRECT,
	   f->C_InitToken(slot, (CK_UTF8CHAR *)"wrong-so-pin", 12,
			  (CK_UTF8CHAR *)label));
	OK(f->C_InitToken(slot, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN),
			  (CK_UTF8CHAR *)label));
}

/* Sessions and PINs ------------------------------------------------------- */

static void test_sessions(void)
{
	CK_SESSION_HANDLE rw, ro, s2;
	CK_SESSION_INFO info;
	CK_TOKEN_INFO ti;

	rw = open_rw();
	OK(f->C_GetSessionInfo(rw, &info));
	CHECK(info.state == CKS_RW_PUBLIC_SESSION && info.slotID == slot &&
		      (info.flags & CKF_RW_SESSION),
	      "R/W public session");
	RV(CKR_SESSION_HANDLE_INVALID, f->C_GetSessionInfo(rw + 1000, &info));
	RV(CKR_ARGUMENTS_BAD, f->C_GetSessionInfo(rw, NULL));
	RV(CKR_FUNCTION_NOT_PARALLEL, f->C_GetFunctionStatus(rw));
	RV(CKR_FUNCTION_NOT_PARALLEL, f->C_CancelFunction(rw));

	/* The user PIN is not set yet. */
	RV(CKR_USER_PIN_NOT_INITIALIZED,
	   f->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	RV(CKR_USER_NOT_LOGGED_IN,
	   f->C_InitPIN(rw, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	RV(CKR_USER_TYPE_INVALID,
	   f->C_Login(rw, 7, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN)));
	RV(CKR_PIN_INCORRECT,
	   f->C_Login(rw, CKU_SO, (CK_UTF8CHAR *)"not-the-pin", 11));
	OK(f->C_Login(rw, CKU_SO, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN)));
	OK(f->C_GetSessionInfo(rw, &info));
	CHECK(info.state == CKS_RW_SO_FUNCTIONS, "SO session");
	OK(f->C_InitPIN(rw, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	RV(CKR_SESSION_READ_WRITE_SO_EXISTS,
	   f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro));
	OK(f->C_Logout(rw));
	RV(CKR_USER_NOT_LOGGED_IN, f->C_Logout(rw));

	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(ti.flags & CKF_USER_PIN_INITIALIZED, "user PIN set");

	/* A read-only session forbids SO login. */
	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &ro));
	RV(CKR_SESSION_READ_ONLY_EXISTS,
	   f->C_Login(rw, CKU_SO, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN)));
	RV(CKR_PIN_INCORRECT,
	   f->C_Login(ro, CKU_USER, (CK_UTF8CHAR *)"bad-pin-0", 9));
	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(!(ti.flags & CKF_USER_PIN_LOCKED), "one bad PIN does not lock");
	OK(f->C_Login(ro, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	/* Login state is per process and token: every session sees it. */
	OK(f->C_GetSessionInfo(rw, &info));
	CHECK(info.state == CKS_RW_USER_FUNCTIONS, "R/W user via other login");
	OK(f->C_GetSessionInfo(ro, &info));
	CHECK(info.state == CKS_RO_USER_FUNCTIONS, "R/O user");
	RV(CKR_USER_ALREADY_LOGGED_IN,
	   f->C_Login(rw, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	RV(CKR_USER_ANOTHER_ALREADY_LOGGED_IN,
	   f->C_Login(rw, CKU_SO, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN)));

	/* C_SetPIN: read-only refused, wrong old PIN, change and back. */
	RV(CKR_SESSION_READ_ONLY,
	   f->C_SetPIN(ro, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN),
		       (CK_UTF8CHAR *)"new-pin-1", 9));
	RV(CKR_PIN_INCORRECT, f->C_SetPIN(rw, (CK_UTF8CHAR *)"wrong-pin", 9,
					  (CK_UTF8CHAR *)"new-pin-1", 9));
	OK(f->C_SetPIN(rw, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN),
		       (CK_UTF8CHAR *)"new-pin-1", 9));
	OK(f->C_SetPIN(rw, (CK_UTF8CHAR *)"new-pin-1", 9,
		       (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));

	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s2));
	OK(f->C_CloseSession(s2));
	RV(CKR_SESSION_HANDLE_INVALID, f->C_CloseSession(s2));
	OK(f->C_CloseAllSessions(slot));
	RV(CKR_SESSION_HANDLE_INVALID, f->C_GetSessionInfo(rw, &info));
	RV(CKR_SLOT_ID_INVALID, f->C_CloseAllSessions(0xfffff));
	/* The last session closed: the login ended with it. */
	rw = open_rw();
	OK(f->C_GetSessionInfo(rw, &info));
	CHECK(info.state == CKS_RW_PUBLIC_SESSION, "logged out at last close");
	OK(f->C_CloseSession(rw));
}

/* Objects and attributes ------------------------------------------------- */

static const unsigned char aes_value[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae,
					     0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88,
					     0x09, 0xcf, 0x4f, 0x3c };

/* An AES key with a known value, for checks with OpenSSL. */
static CK_OBJECT_HANDLE import_aes(CK_SESSION_HANDLE s, CK_BBOOL sensitive,
				   CK_BBOOL extractable)
{
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_AES;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_VALUE, (void *)aes_value, sizeof(aes_value) },
		{ CKA_ENCRYPT, &yes, 1 },
		{ CKA_DECRYPT, &yes, 1 },
		{ CKA_SIGN, &yes, 1 },
		{ CKA_VERIFY, &yes, 1 },
		{ CKA_WRAP, &yes, 1 },
		{ CKA_UNWRAP, &yes, 1 },
		{ CKA_SENSITIVE, &sensitive, 1 },
		{ CKA_EXTRACTABLE, &extractable, 1 },
	};
	CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;

	OK(f->C_CreateObject(s, t, N(t), &h));
	return h;
}

static void test_objects(void)
{
	CK_SESSION_HANDLE s = user_session(), pub;
	CK_OBJECT_CLASS cls = CKO_DATA, got_cls = 0;
	CK_ULONG bad_ul = 5, n, size;
	char label[64], app[8];
	unsigned char value[32];
	CK_ATTRIBUTE data[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_LABEL, "find me", 7 },
		{ CKA_APPLICATION, "test", 4 },
		{ CKA_VALUE, "\x01\x02\x03", 3 },
		{ CKA_TOKEN, &yes, 1 },
		{ CKA_PRIVATE, &no, 1 },
	};
	CK_ATTRIBUTE get[] = {
		{ CKA_CLASS, &got_cls, sizeof(got_cls) },
		{ CKA_LABEL, label, sizeof(label) },
		{ CKA_VALUE, NULL, 0 },
	};
	CK_ATTRIBUTE find = { CKA_LABEL, "find me", 7 };
	CK_ATTRIBUTE relabel = { CKA_LABEL, "found it", 8 };
	CK_ATTRIBUTE bad[2];
	CK_OBJECT_HANDLE h, copy, key, found[8];

	OK(f->C_CreateObject(s, data, N(data), &h));
	OK(f->C_GetAttributeValue(s, h, get, N(get)));
	CHECK(got_cls == CKO_DATA && get[1].ulValueLen == 7 &&
		      !memcmp(label, "find me", 7) && get[2].ulValueLen == 3,
	      "get values; a NULL value gives the length");
	get[1].ulValueLen = 2;
	RV(CKR_BUFFER_TOO_SMALL, f->C_GetAttributeValue(s, h, get, 2));
	CHECK(get[1].ulValueLen == CK_UNAVAILABLE_INFORMATION &&
		      got_cls == CKO_DATA,
	      "too small: that one unavailable, the rest returned");
	bad[0] = (CK_ATTRIBUTE){ CKA_MODULUS, value, sizeof(value) };
	bad[1] = (CK_ATTRIBUTE){ CKA_APPLICATION, app, sizeof(app) };
	RV(CKR_ATTRIBUTE_TYPE_INVALID, f->C_GetAttributeValue(s, h, bad, 2));
	CHECK(bad[0].ulValueLen == CK_UNAVAILABLE_INFORMATION &&
		      bad[1].ulValueLen == 4,
	      "type invalid per attribute");
	RV(CKR_OBJECT_HANDLE_INVALID,
	   f->C_GetAttributeValue(s, 0x7ffffff, get, 1));
	OK(f->C_GetObjectSize(s, h, &size));

	/* Searches are exact, and live across processes' creations. */
	OK(f->C_FindObjectsInit(s, &find, 1));
	RV(CKR_OPERATION_ACTIVE, f->C_FindObjectsInit(s, &find, 1));
	OK(f->C_FindObjects(s, found, N(found), &n));
	CHECK(n == 1 && found[0] == h, "found exactly one");
	OK(f->C_FindObjects(s, found, N(found), &n));
	CHECK(n == 0, "then none");
	OK(f->C_FindObjectsFinal(s));
	RV(CKR_OPERATION_NOT_INITIALIZED, f->C_FindObjects(s, found, 1, &n));
	RV(CKR_OPERATION_NOT_INITIALIZED, f->C_FindObjectsFinal(s));
	bad[0] = (CK_ATTRIBUTE){ 0x8badf00dUL, value, 1 };
	OK(f->C_FindObjectsInit(s, bad, 1));
	OK(f->C_FindObjects(s, found, N(found), &n));
	CHECK(n == 0, "an unknown attribute matches nothing");
	OK(f->C_FindObjectsFinal(s));

	OK(f->C_SetAttributeValue(s, h, &relabel, 1));
	OK(f->C_CopyObject(s, h, &find, 1, &copy));
	OK(f->C_FindObjectsInit(s, &relabel, 1));
	OK(f->C_FindObjects(s, found, N(found), &n));
	CHECK(n == 1 && found[0] == h, "relabelled");
	OK(f->C_FindObjectsFinal(s));
	OK(f->C_DestroyObject(s, copy));
	RV(CKR_OBJECT_HANDLE_INVALID, f->C_DestroyObject(s, copy));

	/* Templates checked before and by the kernel. */
	bad[0] = (CK_ATTRIBUTE){ CKA_CLASS, &cls, sizeof(cls) };
	bad[1] = (CK_ATTRIBUTE){ 0x8badf00dUL, value, 1 };
	RV(CKR_ATTRIBUTE_TYPE_INVALID, f->C_CreateObject(s, bad, 2, &copy));
	bad[1] = (CK_ATTRIBUTE){ CKA_TOKEN, &bad_ul, sizeof(bad_ul) };
	RV(CKR_ATTRIBUTE_VALUE_INVALID, f->C_CreateObject(s, bad, 2, &copy));
	bad[1] = (CK_ATTRIBUTE){ CKA_CLASS, &cls, sizeof(cls) };
	RV(CKR_TEMPLATE_INCONSISTENT, f->C_CreateObject(s, bad, 2, &copy));
	RV(CKR_TEMPLATE_INCOMPLETE, f->C_CreateObject(s, &find, 1, &copy));
	RV(CKR_ARGUMENTS_BAD, f->C_CreateObject(s, NULL, 1, &copy));
	bad[0] = (CK_ATTRIBUTE){ CKA_CLASS, &cls, sizeof(cls) };
	bad[1] = (CK_ATTRIBUTE){ CKA_MODULUS_BITS, &bad_ul, sizeof(bad_ul) };
	RV(CKR_ATTRIBUTE_TYPE_INVALID, f->C_CreateObject(s, bad, 2, &copy));

	/* Sensitive and unextractable keys. */
	key = import_aes(s, CK_TRUE, CK_FALSE);
	get[0] = (CK_ATTRIBUTE){ CKA_VALUE, value, sizeof(value) };
	get[1] = (CK_ATTRIBUTE){ CKA_LABEL, label, sizeof(label) };
	RV(CKR_ATTRIBUTE_SENSITIVE, f->C_GetAttributeValue(s, key, get, 2));
	CHECK(get[0].ulValueLen == CK_UNAVAILABLE_INFORMATION,
	      "sensitive value unavailable");
	CHECK(get[1].ulValueLen == 0, "other attributes still returned");
	bad[0] = (CK_ATTRIBUTE){ CKA_SENSITIVE, &no, 1 };
	RV(CKR_ATTRIBUTE_READ_ONLY, f->C_SetAttributeValue(s, key, bad, 1));
	bad[0] = (CK_ATTRIBUTE){ CKA_EXTRACTABLE, &yes, 1 };
	RV(CKR_ATTRIBUTE_READ_ONLY, f->C_SetAttributeValue(s, key, bad, 1));

	/* A public session sees public token objects, not private ones. */
	OK(f->C_Logout(s));
	OK(f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &pub));
	RV(CKR_OBJECT_HANDLE_INVALID, f->C_GetAttributeValue(pub, key, get, 1));
	get[0] = (CK_ATTRIBUTE){ CKA_CLASS, &got_cls, sizeof(got_cls) };
	OK(f->C_GetAttributeValue(pub, h, get, 1));
	RV(CKR_SESSION_READ_ONLY, f->C_DestroyObject(pub, h));
	OK(f->C_DestroyObject(s, h));
	OK(f->C_CloseSession(pub));
	OK(f->C_CloseSession(s));
}

/* Symmetric mechanisms, checked with OpenSSL ------------------------------ */

static const unsigned char iv16[16] = "0123456789abcdef";

/* OpenSSL's encryption of @in with aes_value; GCM appends the tag. */
static int ossl_aes(CK_MECHANISM_TYPE m, const unsigned char *in, int in_len,
		    const unsigned char *aad, int aad_len, unsigned char *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	const EVP_CIPHER *cipher = NULL;
	int len = 0, fin = 0, ok;

	switch (m) {
	case CKM_AES_ECB:
		cipher = EVP_aes_128_ecb();
		break;
	case CKM_AES_CBC:
	case CKM_AES_CBC_PAD:
		cipher = EVP_aes_128_cbc();
		break;
	case CKM_AES_CTR:
		cipher = EVP_aes_128_ctr();
		break;
	case CKM_AES_GCM:
		cipher = EVP_aes_128_gcm();
		break;
	case CKM_AES_KEY_WRAP:
		cipher = EVP_aes_128_wrap();
		break;
	case CKM_AES_KEY_WRAP_KWP:
		cipher = EVP_aes_128_wrap_pad();
		break;
	}
	EVP_CIPHER_CTX_set_flags(c, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	ok = EVP_EncryptInit_ex(c, cipher, NULL, NULL, NULL);
	if (m == CKM_AES_GCM)
		EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, 12, NULL);
	ok = ok &&
	     EVP_EncryptInit_ex(c, NULL, NULL, aes_value,
				m == CKM_AES_ECB || m == CKM_AES_KEY_WRAP ||
						m == CKM_AES_KEY_WRAP_KWP ?
					NULL :
					iv16);
	if (m == CKM_AES_ECB || m == CKM_AES_CBC)
		EVP_CIPHER_CTX_set_padding(c, 0);
	if (aad_len)
		ok = ok && EVP_EncryptUpdate(c, NULL, &len, aad, aad_len);
	ok = ok && EVP_EncryptUpdate(c, out, &len, in, in_len);
	ok = ok && EVP_EncryptFinal_ex(c, out + len, &fin);
	len += fin;
	if (m == CKM_AES_GCM) {
		ok = ok && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16,
					       out + len);
		len += 16;
	}
	EVP_CIPHER_CTX_free(c);
	return ok ? len : -1;
}

/* The mechanism of each AES cipher test, with its parameter. */
struct aes_case {
	CK_MECHANISM mech;
	CK_GCM_PARAMS gcm;
	CK_AES_CTR_PARAMS ctr;
};

static void aes_case(struct aes_case *c, CK_MECHANISM_TYPE m)
{
	static unsigned char aad[] = "header";

	memset(c, 0, sizeof(*c));
	c->mech.mechanism = m;
	switch (m) {
	case CKM_AES_CBC:
	case CKM_AES_CBC_PAD:
		c->mech.pParameter = (void *)iv16;
		c->mech.ulParameterLen = 16;
		break;
	case CKM_AES_CTR:
		c->ctr.ulCounterBits = 128;
		memcpy(c->ctr.cb, iv16, 16);
		c->mech.pParameter = &c->ctr;
		c->mech.ulParameterLen = sizeof(c->ctr);
		break;
	case CKM_AES_GCM:
		/* The caller's IV, IV bits left 0 as PyKCS11 does. */
		c->gcm.pIv = (unsigned char *)iv16;
		c->gcm.ulIvLen = 12;
		c->gcm.pAAD = aad;
		c->gcm.ulAADLen = 6;
		c->gcm.ulTagBits = 128;
		c->mech.pParameter = &c->gcm;
		c->mech.ulParameterLen = sizeof(c->gcm);
		break;
	}
}

/* Encrypt and decrypt @m single- and multi-part against OpenSSL. */
static void check_aes_cipher(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key,
			     CK_MECHANISM_TYPE m)
{
	unsigned char pt[64], ct[128], ref[128], back[128];
	CK_ULONG len, part, total;
	struct aes_case c;
	int ref_len;

	memset(pt, 0xa5, sizeof(pt));
	for (len = 0; len < sizeof(pt); len++)
		pt[len] ^= (unsigned char)len;
	ref_len = ossl_aes(m, pt, 48, (unsigned char *)"header",
			   m == CKM_AES_GCM ? 6 : 0, ref);
	CHECK(ref_len > 0, "OpenSSL 0x%lx", m);

	aes_case(&c, m);
	OK(f->C_EncryptInit(s, &c.mech, key));
	RV(CKR_OPERATION_ACTIVE, f->C_EncryptInit(s, &c.mech, key));
	OK(f->C_Encrypt(s, pt, 48, NULL, &len));
	CHECK(len >= (CK_ULONG)ref_len, "length query 0x%lx: %lu", m, len);
	len = 4;
	RV(CKR_BUFFER_TOO_SMALL, f->C_Encrypt(s, pt, 48, ct, &len));
	CHECK(len >= (CK_ULONG)ref_len, "needed length given");
	len = sizeof(ct);
	OK(f->C_Encrypt(s, pt, 48, ct, &len));
	CHECK(len == (CK_ULONG)ref_len && !memcmp(ct, ref, len),
	      "0x%lx ciphertext equals OpenSSL's", m);
	RV(CKR_OPERATION_NOT_INITIALIZED, f->C_Encrypt(s, pt, 48, ct, &len));

	/* Multi-part, in uneven parts. */
	OK(f->C_EncryptInit(s, &c.mech, key));
	total = 0;
	for (part = 0; part < 48; part += 16) {
		CK_ULONG plen = part == 0 ? 5 : part == 16 ? 27 : 16;
		CK_ULONG off = part == 0 ? 0 : part == 16 ? 5 : 32;

		len = sizeof(ct) - total;
		OK(f->C_EncryptUpdate(s, pt + off, plen, ct + total, &len));
		total += len;
	}
	len = sizeof(ct) - total;
	OK(f->C_EncryptFinal(s, ct + total, &len));
	total += len;
	CHECK(total == (CK_ULONG)ref_len && !memcmp(ct, ref, total),
	      "0x%lx multi-part equals single-part", m);

	OK(f->C_DecryptInit(s, &c.mech, key));
	len = sizeof(back);
	OK(f->C_Decrypt(s, ref, ref_len, back, &len));
	CHECK(len == 48 && !memcmp(back, pt, 48), "0x%lx decrypts", m);
	OK(f->C_DecryptInit(s, &c.mech, key));
	len = sizeof(back);
	OK(f->C_DecryptUpdate(s, ref, 20, back, &len));
	total = len;
	len = sizeof(back) - total;
	OK(f->C_DecryptUpdate(s, ref + 20, ref_len - 20, back + total, &len));
	total += len;
	len = sizeof(back) - total;
	OK(f->C_DecryptFinal(s, back + total, &len));
	total += len;
	CHECK(total == 48 && !memcmp(back, pt, 48), "0x%lx multi-part decrypt",
	      m);
	if (m == CKM_AES_GCM || m == CKM_AES_CBC_PAD) {
		ref[ref_len - 1] ^= 1;
		OK(f->C_DecryptInit(s, &c.mech, key));
		len = sizeof(back);
		RV(m == CKM_AES_GCM ? CKR_ENCRYPTED_DATA_INVALID :
				      CKR_ENCRYPTED_DATA_INVALID,
		   f->C_Decrypt(s, ref, ref_len, back, &len));
	}
	if (m == CKM_AES_ECB || m == CKM_AES_CBC) {
		OK(f->C_EncryptInit(s, &c.mech, key));
		len = sizeof(ct);
		RV(CKR_DATA_LEN_RANGE, f->C_Encrypt(s, pt, 15, ct, &len));
	}
}

static void check_mac(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key,
		      CK_MECHANISM_TYPE m, const unsigned char *kv, size_t klen)
{
	CK_MECHANISM mech = { m, NULL, 0 };
	unsigned char msg[100], mac[64], ref[64];
	size_t ref_len = sizeof(ref);
	unsigned int hl = 0;
	CK_ULONG len;

	memset(msg, 'm', sizeof(msg));
	if (m == CKM_AES_CMAC) {
		EVP_MAC *e = EVP_MAC_fetch(NULL, "CMAC", NULL);
		EVP_MAC_CTX *c = EVP_MAC_CTX_new(e);
		OSSL_PARAM p[] = {
			OSSL_PARAM_construct_utf8_string("cipher",
							 "AES-128-CBC", 0),
			OSSL_PARAM_construct_end(),
		};

		EVP_MAC_init(c, kv, klen, p);
		EVP_MAC_update(c, msg, sizeof(msg));
		EVP_MAC_final(c, ref, &ref_len, sizeof(ref));
		EVP_MAC_CTX_free(c);
		EVP_MAC_free(e);
	} else {
		HMAC(m == CKM_SHA256_HMAC ? EVP_sha256() :
		     m == CKM_SHA384_HMAC ? EVP_sha384() :
					    EVP_sha512(),
		     kv, (int)klen, msg, sizeof(msg), ref, &hl);
		ref_len = hl;
	}
	OK(f->C_SignInit(s, &mech, key));
	len = sizeof(mac);
	OK(f->C_Sign(s, msg, sizeof(msg), mac, &len));
	CHECK(len == ref_len && !memcmp(mac, ref, len),
	      "0x%lx MAC equals OpenSSL's", m);
	OK(f->C_SignInit(s, &mech, key));
	OK(f->C_SignUpdate(s, msg, 33));
	OK(f->C_SignUpdate(s, msg + 33, sizeof(msg) - 33));
	len = sizeof(mac);
	OK(f->C_SignFinal(s, mac, &len));
	CHECK(len == ref_len && !memcmp(mac, ref, len), "0x%lx multi-part MAC",
	      m);
	OK(f->C_VerifyInit(s, &mech, key));
	OK(f->C_Verify(s, msg, sizeof(msg), ref, ref_len));
	OK(f->C_VerifyInit(s, &mech, key));
	OK(f->C_VerifyUpdate(s, msg, 50));
	OK(f->C_VerifyUpdate(s, msg + 50, 50));
	OK(f->C_VerifyFinal(s, ref, ref_len));
	ref[0] ^= 1;
	OK(f->C_VerifyInit(s, &mech, key));
	RV(CKR_SIGNATURE_INVALID,
	   f->C_Verify(s, msg, sizeof(msg), ref, ref_len));
	OK(f->C_VerifyInit(s, &mech, key));
	RV(CKR_SIGNATURE_LEN_RANGE, f->C_Verify(s, msg, sizeof(msg), ref, 3));
}

static CK_OBJECT_HANDLE import_hmac(CK_SESSION_HANDLE s, const void *v,
				    size_t len)
{
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_VALUE, (void *)v, len },
		{ CKA_SIGN, &yes, 1 },
		{ CKA_VERIFY, &yes, 1 },
	};
	CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;

	OK(f->C_CreateObject(s, t, N(t), &h));
	return h;
}

static void test_symmetric(void)
{
	static const CK_MECHANISM_TYPE ciphers[] = {
		CKM_AES_ECB, CKM_AES_CBC, CKM_AES_CBC_PAD,
		CKM_AES_CTR, CKM_AES_GCM,
	};
	static const unsigned char hk[32] = "an HMAC key of thirty-two bytes";
	CK_SESSION_HANDLE s = user_session();
	CK_OBJECT_HANDLE key, enc_only, hmac;
	CK_MECHANISM ecb = { CKM_AES_ECB, NULL, 0 };
	CK_MECHANISM cbc_bad = { CKM_AES_CBC, (void *)iv16, 8 };
	CK_MECHANISM hmac_m = { CKM_SHA256_HMAC, NULL, 0 };
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_AES;
	CK_ULONG vlen = 16;
	CK_ATTRIBUTE gen[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_VALUE_LEN, &vlen, sizeof(vlen) },
		{ CKA_ENCRYPT, &yes, 1 },
		{ CKA_DECRYPT, &no, 1 },
	};
	CK_MECHANISM kg = { CKM_AES_KEY_GEN, NULL, 0 };
	unsigned char buf[64];
	CK_ULONG len;
	size_t i;

	key = import_aes(s, CK_FALSE, CK_TRUE);
	for (i = 0; i < N(ciphers); i++)
		if (has_mech(ciphers[i]))
			check_aes_cipher(s, key, ciphers[i]);
		else
			CHECK(0, "AES mechanism 0x%lx not offered", ciphers[i]);

	RV(CKR_MECHANISM_PARAM_INVALID, f->C_EncryptInit(s, &cbc_bad, key));
	RV(CKR_KEY_HANDLE_INVALID, f->C_EncryptInit(s, &ecb, 0x7ffffff));
	RV(CKR_ARGUMENTS_BAD, f->C_EncryptInit(s, NULL, key));
	ecb.mechanism = CKM_DES3_ECB;
	RV(CKR_MECHANISM_INVALID, f->C_EncryptInit(s, &ecb, key));
	ecb.mechanism = CKM_AES_ECB;
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_EncryptUpdate(s, buf, 16, buf, &len));
	RV(CKR_OPERATION_NOT_INITIALIZED, f->C_DecryptFinal(s, buf, &len));

	/* Generated keys: usage flags and key types are enforced. */
	OK(f->C_GenerateKey(s, &kg, gen, N(gen), &enc_only));
	OK(f->C_EncryptInit(s, &ecb, enc_only));
	len = sizeof(buf);
	OK(f->C_Encrypt(s, buf, 16, buf, &len));
	RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f->C_DecryptInit(s, &ecb, enc_only));
	RV(CKR_KEY_TYPE_INCONSISTENT, f->C_SignInit(s, &hmac_m, enc_only));
	vlen = 17;
	RV(CKR_KEY_SIZE_RANGE,
	   f->C_GenerateKey(s, &kg, gen, N(gen), &enc_only));

	if (has_mech(CKM_AES_CMAC))
		check_mac(s, key, CKM_AES_CMAC, aes_value, sizeof(aes_value));
	hmac = import_hmac(s, hk, sizeof(hk));
	check_mac(s, hmac, CKM_SHA256_HMAC, hk, sizeof(hk));
	check_mac(s, hmac, CKM_SHA384_HMAC, hk, sizeof(hk));
	check_mac(s, hmac, CKM_SHA512_HMAC, hk, sizeof(hk));
	OK(f->C_CloseSession(s));
}

/* Key wrapping ------------------------------------------------------------ */

static void test_wrap(void)
{
	CK_SESSION_HANDLE s = user_session();
	CK_OBJECT_HANDLE kek, target, locked, back;
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
	unsigned char secret[24] = "a secret of 24 bytes...";
	unsigned char wrapped[64], ref[64], value[32];
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_VALUE, secret, sizeof(secret) },
		{ CKA_EXTRACTABLE, &yes, 1 },
		{ CKA_SENSITIVE, &no, 1 },
		{ CKA_SIGN, &yes, 1 },
	};
	CK_ATTRIBUTE ut[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_SENSITIVE, &no, 1 },
		{ CKA_EXTRACTABLE, &yes, 1 },
	};
	CK_ATTRIBUTE get = { CKA_VALUE, value, sizeof(value) };
	static const CK_MECHANISM_TYPE mechs[] = { CKM_AES_KEY_WRAP,
						   CKM_AES_KEY_WRAP_KWP };
	CK_MECHANISM m = { 0, NULL, 0 };
	CK_ULONG len;
	int ref_len;
	size_t i;

	kek = import_aes(s, CK_TRUE, CK_FALSE);
	OK(f->C_CreateObject(s, t, N(t), &target));
	t[3].pValue = &no;
	OK(f->C_CreateObject(s, t, N(t), &locked));
	for (i = 0; i < N(mechs); i++) {
		m.mechanism = mechs[i];
		if (!has_flag(m.mechanism, CKF_WRAP)) {
			printf(SUITE ": C_WrapKey 0x%lx not in this kernel, "
				     "skipped\n",
			       mechs[i]);
			continue;
		}
		ref_len = ossl_aes(m.mechanism, secret, sizeof(secret), NULL, 0,
				   ref);
		OK(f->C_WrapKey(s, &m, kek, target, NULL, &len));
		CHECK(len >= (CK_ULONG)ref_len, "wrap length query");
		len = 3;
		RV(CKR_BUFFER_TOO_SMALL,
		   f->C_WrapKey(s, &m, kek, target, wrapped, &len));
		len = sizeof(wrapped);
		OK(f->C_WrapKey(s, &m, kek, target, wrapped, &len));
		CHECK(len == (CK_ULONG)ref_len && !memcmp(wrapped, ref, len),
		      "0x%lx wrapped key equals OpenSSL's", mechs[i]);
		len = sizeof(wrapped);
		RV(CKR_KEY_UNEXTRACTABLE,
		   f->C_WrapKey(s, &m, kek, locked, wrapped, &len));
		OK(f->C_UnwrapKey(s, &m, kek, ref, ref_len, ut, N(ut), &back));
		get.ulValueLen = sizeof(value);
		OK(f->C_GetAttributeValue(s, back, &get, 1));
		CHECK(get.ulValueLen == sizeof(secret) &&
			      !memcmp(value, secret, sizeof(secret)),
		      "0x%lx unwrapped key has the value", mechs[i]);
		ref[3] ^= 0x40;
		RV(CKR_WRAPPED_KEY_INVALID,
		   f->C_UnwrapKey(s, &m, kek, ref, ref_len, ut, N(ut), &back));
	}
	if (has_flag(m.mechanism, CKF_WRAP))
		RV(CKR_WRAPPING_KEY_HANDLE_INVALID,
		   f->C_WrapKey(s, &m, 0, target, wrapped, &len));
	OK(f->C_CloseSession(s));
}

/* RSA, checked with OpenSSL from the exported public key ------------------- */

static EVP_PKEY *rsa_public(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE pub)
{
	unsigned char n[512], e[8];
	CK_ATTRIBUTE t[] = { { CKA_MODULUS, n, sizeof(n) },
			     { CKA_PUBLIC_EXPONENT, e, sizeof(e) } };
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	BIGNUM *bn = NULL, *be = NULL;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pk = NULL;
	OSSL_PARAM *p;

	OK(f->C_GetAttributeValue(s, pub, t, 2));
	bn = BN_bin2bn(n, (int)t[0].ulValueLen, NULL);
	be = BN_bin2bn(e, (int)t[1].ulValueLen, NULL);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, bn);
	OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, be);
	p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(c);
	EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	BN_free(bn);
	BN_free(be);
	EVP_PKEY_CTX_free(c);
	CHECK(pk != NULL, "RSA public key into OpenSSL");
	return pk;
}

/* The digest of a hash-and-sign mechanism, or NULL for raw ones. */
static const EVP_MD *sig_md(CK_MECHANISM_TYPE m)
{
	switch (m) {
	case CKM_SHA1_RSA_PKCS:
	case CKM_SHA1_RSA_PKCS_PSS:
	case CKM_ECDSA_SHA1:
		return EVP_sha1();
	case CKM_SHA224_RSA_PKCS:
	case CKM_SHA224_RSA_PKCS_PSS:
	case CKM_ECDSA_SHA224:
		return EVP_sha224();
	case CKM_SHA256_RSA_PKCS:
	case CKM_SHA256_RSA_PKCS_PSS:
	case CKM_ECDSA_SHA256:
		return EVP_sha256();
	case CKM_SHA384_RSA_PKCS:
	case CKM_SHA384_RSA_PKCS_PSS:
	case CKM_ECDSA_SHA384:
		return EVP_sha384();
	case CKM_SHA512_RSA_PKCS:
	case CKM_SHA512_RSA_PKCS_PSS:
	case CKM_ECDSA_SHA512:
		return EVP_sha512();
	}
	return NULL;
}

static bool is_pss(CK_MECHANISM_TYPE m)
{
	return m == CKM_RSA_PKCS_PSS || m == CKM_SHA1_RSA_PKCS_PSS ||
	       m == CKM_SHA224_RSA_PKCS_PSS || m == CKM_SHA256_RSA_PKCS_PSS ||
	       m == CKM_SHA384_RSA_PKCS_PSS || m == CKM_SHA512_RSA_PKCS_PSS;
}

static bool is_ecdsa(CK_MECHANISM_TYPE m)
{
	return m >= CKM_ECDSA && m <= CKM_ECDSA_SHA512;
}

/* PSS parameters matching the mechanism's hash (SHA-256 for raw PSS). */
static void pss_params(CK_MECHANISM_TYPE m, CK_RSA_PKCS_PSS_PARAMS *p)
{
	const EVP_MD *md = sig_md(m) ? sig_md(m) : EVP_sha256();

	switch (EVP_MD_get_type(md)) {
	case NID_sha1:
		*p = (CK_RSA_PKCS_PSS_PARAMS){ CKM_SHA_1, CKG_MGF1_SHA1, 20 };
		break;
	case NID_sha224:
		*p = (CK_RSA_PKCS_PSS_PARAMS){ CKM_SHA224, CKG_MGF1_SHA224,
					       28 };
		break;
	case NID_sha384:
		*p = (CK_RSA_PKCS_PSS_PARAMS){ CKM_SHA384, CKG_MGF1_SHA384,
					       48 };
		break;
	case NID_sha512:
		*p = (CK_RSA_PKCS_PSS_PARAMS){ CKM_SHA512, CKG_MGF1_SHA512,
					       64 };
		break;
	default:
		*p = (CK_RSA_PKCS_PSS_PARAMS){ CKM_SHA256, CKG_MGF1_SHA256,
					       32 };
	}
}

/* Raw r||s of PKCS#11 as the DER OpenSSL verifies. */
static int ecdsa_der(const unsigned char *sig, size_t len, unsigned char *der)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	unsigned char *p = der;
	int n;

	ECDSA_SIG_set0(es, BN_bin2bn(sig, (int)len / 2, NULL),
		       BN_bin2bn(sig + len / 2, (int)len / 2, NULL));
	n = i2d_ECDSA_SIG(es, &p);
	ECDSA_SIG_free(es);
	return n;
}

/*
 * Sign @msg with @m through the module (single- and multi-part), verify
 * with OpenSSL and with the module; returns whether OpenSSL agreed.
 */
static bool check_sign(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE m,
		       CK_OBJECT_HANDLE priv, CK_OBJECT_HANDLE pub,
		       EVP_PKEY *pk)
{
	unsigned char msg[300], data[64], sig[1024], sig2[1024], der[200];
	const EVP_MD *md = sig_md(m);
	CK_RSA_PKCS_PSS_PARAMS pss;
	CK_MECHANISM mech = { m, NULL, 0 };
	EVP_PKEY_CTX *c = NULL;
	const unsigned char *in = msg, *vsig = sig;
	size_t in_len = sizeof(msg), vlen;
	CK_ULONG len, len2;
	bool ok;

	memset(msg, 'z', sizeof(msg));
	if (is_pss(m)) {
		pss_params(m, &pss);
		mech.pParameter = &pss;
		mech.ulParameterLen = sizeof(pss);
	}
	/* Raw mechanisms sign a digest made here. */
	if (!md) {
		const EVP_MD *h = is_pss(m) ? (pss.hashAlg == CKM_SHA256 ?
						       EVP_sha256() :
						       EVP_sha1()) :
					      EVP_sha256();
		unsigned int hl;

		EVP_Digest(msg, sizeof(msg), data, &hl, h, NULL);
		in = data;
		in_len = hl;
	}
	OK(f->C_SignInit(s, &mech, priv));
	OK(f->C_Sign(s, (CK_BYTE *)in, in_len, NULL, &len));
	len2 = 1;
	RV(CKR_BUFFER_TOO_SMALL,
	   f->C_Sign(s, (CK_BYTE *)in, in_len, sig, &len2));
	len = sizeof(sig);
	OK(f->C_Sign(s, (CK_BYTE *)in, in_len, sig, &len));
	vlen = len;

	if (is_ecdsa(m)) {
		vlen = (size_t)ecdsa_der(sig, len, der);
		vsig = der;
	}
	if (md) {
		EVP_MD_CTX *mc = EVP_MD_CTX_new();

		EVP_DigestVerifyInit(mc, &c, md, NULL, pk);
		if (is_pss(m)) {
			EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING);
			EVP_PKEY_CTX_set_rsa_pss_saltlen(c, (int)pss.sLen);
		}
		ok = EVP_DigestVerify(mc, vsig, vlen, msg, sizeof(msg)) == 1;
		EVP_MD_CTX_free(mc);
	} else {
		c = EVP_PKEY_CTX_new(pk, NULL);
		EVP_PKEY_verify_init(c);
		if (m == CKM_RSA_PKCS)
			EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
		if (is_pss(m)) {
			EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING);
			EVP_PKEY_CTX_set_signature_md(c, EVP_sha256());
			EVP_PKEY_CTX_set_rsa_pss_saltlen(c, (int)pss.sLen);
		}
		if (m == CKM_RSA_X_509) {
			/* Raw RSA: OpenSSL recovers the padded input. */
			unsigned char rec[512];
			size_t rl = sizeof(rec);

			EVP_PKEY_verify_recover_init(c);
			EVP_PKEY_CTX_set_rsa_padding(c, RSA_NO_PADDING);
			ok = EVP_PKEY_verify_recover(c, rec, &rl, sig, len) ==
				     1 &&
			     !memcmp(rec + rl - in_len, in, in_len);
		} else {
			ok = EVP_PKEY_verify(c, vsig, vlen, in, in_len) == 1;
		}
		EVP_PKEY_CTX_free(c);
	}
	CHECK(ok, "0x%lx signature verifies with OpenSSL", m);

	/* Multi-part equals single-part for deterministic schemes. */
	if (md) {
		OK(f->C_SignInit(s, &mech, priv));
		OK(f->C_SignUpdate(s, msg, 100));
		OK(f->C_SignUpdate(s, msg + 100, sizeof(msg) - 100));
		len2 = 1;
		RV(CKR_BUFFER_TOO_SMALL, f->C_SignFinal(s, sig2, &len2));
		len2 = sizeof(sig2);
		OK(f->C_SignFinal(s, sig2, &len2));
		CHECK(len2 == len, "multi-part signature length");
		if (!is_pss(m) && !is_ecdsa(m))
			CHECK(!memcmp(sig, sig2, len),
			      "0x%lx multi-part equals single-part", m);
		OK(f->C_VerifyInit(s, &mech, pub));
		OK(f->C_VerifyUpdate(s, msg, 10));
		OK(f->C_VerifyUpdate(s, msg + 10, sizeof(msg) - 10));
		OK(f->C_VerifyFinal(s, sig2, len2));
	}
	OK(f->C_VerifyInit(s, &mech, pub));
	OK(f->C_Verify(s, (CK_BYTE *)in, in_len, sig, len));
	sig[len / 2] ^= 1;
	OK(f->C_VerifyInit(s, &mech, pub));
	RV(CKR_SIGNATURE_INVALID,
	   f->C_Verify(s, (CK_BYTE *)in, in_len, sig, len));
	return ok;
}

static CK_RV gen_rsa(CK_SESSION_HANDLE s, CK_ULONG bits, const char *id,
		     CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = { CKM_RSA_PKCS_KEY_PAIR_GEN, NULL, 0 };
	unsigned char e[] = { 1, 0, 1 };
	CK_ATTRIBUTE pt[] = {
		{ CKA_MODULUS_BITS, &bits, sizeof(bits) },
		{ CKA_PUBLIC_EXPONENT, e, sizeof(e) },
		{ CKA_VERIFY, &yes, 1 },
		{ CKA_ENCRYPT, &yes, 1 },
		{ CKA_WRAP, &yes, 1 },
		{ CKA_TOKEN, &yes, 1 },
		{ CKA_ID, (void *)id, strlen(id) },
	};
	CK_ATTRIBUTE kt[] = {
		{ CKA_SIGN, &yes, 1 },	 { CKA_DECRYPT, &yes, 1 },
		{ CKA_UNWRAP, &yes, 1 }, { CKA_PRIVATE, &yes, 1 },
		{ CKA_TOKEN, &yes, 1 },	 { CKA_ID, (void *)id, strlen(id) },
	};

	return f->C_GenerateKeyPair(s, &m, pt, N(pt), kt, N(kt), pub, priv);
}

static void check_rsa_decrypt(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv,
			      CK_OBJECT_HANDLE pub, EVP_PKEY *pk, bool oaep,
			      bool label)
{
	CK_RSA_PKCS_OAEP_PARAMS op = { CKM_SHA256, CKG_MGF1_SHA256,
				       CKZ_DATA_SPECIFIED, NULL, 0 };
	CK_MECHANISM m = { CKM_RSA_PKCS, NULL, 0 };
	unsigned char pt[] = "secret message", ct[512], back[512];
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
	size_t ct_len = sizeof(ct);
	CK_ULONG len;

	EVP_PKEY_encrypt_init(c);
	if (oaep) {
		m.mechanism = CKM_RSA_PKCS_OAEP;
		m.pParameter = &op;
		m.ulParameterLen = sizeof(op);
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_OAEP_PADDING);
		EVP_PKEY_CTX_set_rsa_oaep_md(c, EVP_sha256());
		EVP_PKEY_CTX_set_rsa_mgf1_md(c, EVP_sha256());
		if (label) {
			op.pSourceData = "lbl";
			op.ulSourceDataLen = 3;
			EVP_PKEY_CTX_set0_rsa_oaep_label(
				c, OPENSSL_strdup("lbl"), 3);
		} else {
			/* pkcs11-tool's form: source 0, no label. */
			op.source = 0;
		}
	} else {
		EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING);
	}
	CHECK(EVP_PKEY_encrypt(c, ct, &ct_len, pt, sizeof(pt)) == 1,
	      "OpenSSL encrypts");
	EVP_PKEY_CTX_free(c);
	OK(f->C_DecryptInit(s, &m, priv));
	len = sizeof(back);
	OK(f->C_Decrypt(s, ct, ct_len, back, &len));
	CHECK(len == sizeof(pt) && !memcmp(back, pt, len),
	      "module decrypts OpenSSL's %s%s", oaep ? "OAEP" : "PKCS#1",
	      label ? " with a label" : "");
	OK(f->C_EncryptInit(s, &m, pub));
	len = sizeof(ct);
	OK(f->C_Encrypt(s, pt, sizeof(pt), ct, &len));
	OK(f->C_DecryptInit(s, &m, priv));
	ct_len = len;
	len = sizeof(back);
	OK(f->C_Decrypt(s, ct, ct_len, back, &len));
	CHECK(len == sizeof(pt) && !memcmp(back, pt, len), "round trip");
	ct[10] ^= 1;
	OK(f->C_DecryptInit(s, &m, priv));
	len = sizeof(back);
	RV(CKR_ENCRYPTED_DATA_INVALID, f->C_Decrypt(s, ct, ct_len, back, &len));
}

static CK_OBJECT_HANDLE rsa_pub, rsa_priv;
static EVP_PKEY *rsa_pk;

/* A message beyond one request's limit, signed in parts: streamed. */
static void check_big_sign(CK_SESSION_HANDLE s)
{
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	size_t big = 3 * KHSM_MAX_DATA_LEN + 123, off, n;
	unsigned char *msg = malloc(big), sig[512];
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	CK_ULONG len = sizeof(sig);

	memset(msg, 'b', big);
	OK(f->C_SignInit(s, &m, rsa_priv));
	for (off = 0; off < big; off += n) {
		n = big - off < 10000 ? big - off : 10000;
		OK(f->C_SignUpdate(s, msg + off, n));
	}
	OK(f->C_SignFinal(s, sig, &len));
	EVP_DigestVerifyInit(mc, NULL, EVP_sha256(), NULL, rsa_pk);
	CHECK(EVP_DigestVerify(mc, sig, len, msg, big) == 1,
	      "a %zu-byte message signed in parts verifies with OpenSSL", big);
	OK(f->C_VerifyInit(s, &m, rsa_pub));
	for (off = 0; off < big; off += n) {
		n = big - off < 30000 ? big - off : 30000;
		OK(f->C_VerifyUpdate(s, msg + off, n));
	}
	OK(f->C_VerifyFinal(s, sig, len));
	EVP_MD_CTX_free(mc);
	free(msg);
}

static void test_rsa(void)
{
	CK_SESSION_HANDLE s = user_session();
	unsigned char buf[600];
	CK_ATTRIBUTE sens = { CKA_PRIVATE_EXPONENT, buf, sizeof(buf) };
	CK_ATTRIBUTE bad = { CKA_MODULUS_BITS, buf, 1 };
	CK_MECHANISM_TYPE list[128];
	CK_ULONG n = N(list), i;
	CK_RV rv;

	if (!has_mech(CKM_RSA_PKCS_KEY_PAIR_GEN)) {
		printf(SUITE ": RSA not in this kernel, skipped\n");
		return;
	}
	rv = gen_rsa(s, 2048, "rsa-1", &rsa_pub, &rsa_priv);
	CHECK(rv == CKR_OK, "RSA-2048 key pair: 0x%lx", rv);
	if (rv != CKR_OK)
		return;
	RV(CKR_ATTRIBUTE_SENSITIVE,
	   f->C_GetAttributeValue(s, rsa_priv, &sens, 1));
	rsa_pk = rsa_public(s, rsa_pub);
	OK(f->C_GetMechanismList(slot, list, &n));
	for (i = 0; i < n; i++) {
		CK_MECHANISM_INFO info;

		OK(f->C_GetMechanismInfo(slot, list[i], &info));
		if (info.flags & CKF_SIGN && !(info.flags & CKF_EC_F_P) &&
		    list[i] < CKM_SHA_1)
			check_sign(s, list[i], rsa_priv, rsa_pub, rsa_pk);
	}
	check_big_sign(s);
	check_rsa_decrypt(s, rsa_priv, rsa_pub, rsa_pk, false, false);
	check_rsa_decrypt(s, rsa_priv, rsa_pub, rsa_pk, true, false);
	check_rsa_decrypt(s, rsa_priv, rsa_pub, rsa_pk, true, true);
	RV(CKR_ATTRIBUTE_VALUE_INVALID,
	   f->C_GenerateKeyPair(s, &(CK_MECHANISM){ CKM_RSA_PKCS_KEY_PAIR_GEN },
				&bad, 1, NULL, 0, &rsa_pub, &rsa_priv));
	OK(f->C_CloseSession(s));
}

/* Elliptic curves --------------------------------------------------------- */

/* DER of the named curves' OIDs (CKA_EC_PARAMS). */
static const unsigned char p256_oid[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
					  0xce, 0x3d, 0x03, 0x01, 0x07 };
static const unsigned char p384_oid[] = { 0x06, 0x05, 0x2b, 0x81,
					  0x04, 0x00, 0x22 };

static CK_OBJECT_HANDLE ec_pub, ec_priv;
static EVP_PKEY *ec_pk;

static CK_RV gen_ec(CK_SESSION_HANDLE s, bool p384, const char *id,
		    CK_OBJECT_HANDLE *pub, CK_OBJECT_HANDLE *priv)
{
	CK_MECHANISM m = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_ATTRIBUTE pt[] = {
		{ CKA_EC_PARAMS, (void *)(p384 ? p384_oid : p256_oid),
		  p384 ? sizeof(p384_oid) : sizeof(p256_oid) },
		{ CKA_VERIFY, &yes, 1 },
		{ CKA_TOKEN, &yes, 1 },
		{ CKA_ID, (void *)id, strlen(id) },
	};
	CK_ATTRIBUTE kt[] = {
		{ CKA_SIGN, &yes, 1 },
		{ CKA_DERIVE, &yes, 1 },
		{ CKA_TOKEN, &yes, 1 },
		{ CKA_ID, (void *)id, strlen(id) },
	};

	return f->C_GenerateKeyPair(s, &m, pt, N(pt), kt, N(kt), pub, priv);
}

/* The public key into OpenSSL; CKA_EC_POINT must be a DER OCTET STRING. */
static EVP_PKEY *ec_public(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE pub,
			   const char *group)
{
	unsigned char pt[200];
	CK_ATTRIBUTE a = { CKA_EC_POINT, pt, sizeof(pt) };
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *pk = NULL;
	OSSL_PARAM *p;

	OK(f->C_GetAttributeValue(s, pub, &a, 1));
	CHECK(a.ulValueLen > 2 && pt[0] == 0x04 && pt[1] == a.ulValueLen - 2 &&
		      pt[2] == 0x04,
	      "CKA_EC_POINT is an OCTET STRING around an uncompressed point");
	OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, group,
					0);
	OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pt + 2,
					 a.ulValueLen - 2);
	p = OSSL_PARAM_BLD_to_param(b);
	EVP_PKEY_fromdata_init(c);
	EVP_PKEY_fromdata(c, &pk, EVP_PKEY_PUBLIC_KEY, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(c);
	CHECK(pk != NULL, "EC public key into OpenSSL");
	return pk;
}

static void check_ecdh(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv, EVP_PKEY *pk,
		       CK_ULONG kdf)
{
	EVP_PKEY *peer = EVP_EC_gen("P-256");
	unsigned char pub[100], ref[64], value[64];
	size_t pub_len = 0, ref_len = sizeof(ref);
	CK_ECDH1_DERIVE_PARAMS p = { kdf, 0, NULL, 0, NULL };
	CK_MECHANISM m = { CKM_ECDH1_DERIVE, &p, sizeof(p) };
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
	CK_ULONG vlen = 32;
	CK_ATTRIBUTE t[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_VALUE_LEN, &vlen, sizeof(vlen) },
		{ CKA_SENSITIVE, &no, 1 },
		{ CKA_EXTRACTABLE, &yes, 1 },
	};
	CK_ATTRIBUTE get = { CKA_VALUE, value, sizeof(value) };
	CK_OBJECT_HANDLE h;
	EVP_PKEY_CTX *c;

	EVP_PKEY_get_octet_string_param(peer,
					OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub,
					sizeof(pub), &pub_len);
	c = EVP_PKEY_CTX_new(peer, NULL);
	EVP_PKEY_derive_init(c);
	EVP_PKEY_derive_set_peer(c, pk);
	EVP_PKEY_derive(c, ref, &ref_len);
	EVP_PKEY_CTX_free(c);
	if (kdf == CKD_SHA256_KDF) {
		/* ANSI X9.63 with no shared info: SHA-256(Z || 00000001). */
		unsigned char z[36];
		unsigned int hl;

		memcpy(z, ref, 32);
		memcpy(z + 32, "\0\0\0\1", 4);
		EVP_Digest(z, 36, ref, &hl, EVP_sha256(), NULL);
	}
	p.pPublicData = pub;
	p.ulPublicDataLen = pub_len;
	OK(f->C_DeriveKey(s, &m, priv, t, N(t), &h));
	OK(f->C_GetAttributeValue(s, h, &get, 1));
	CHECK(get.ulValueLen == 32 && !memcmp(value, ref, 32),
	      "ECDH (kdf %lu) equals OpenSSL's", kdf);
	p.ulPublicDataLen = 10;
	RV(CKR_MECHANISM_PARAM_INVALID,
	   f->C_DeriveKey(s, &m, priv, t, N(t), &h));
	EVP_PKEY_free(peer);
}

static void test_ec(void)
{
	CK_SESSION_HANDLE s = user_session();
	CK_OBJECT_HANDLE pub384, priv384;
	EVP_PKEY *pk384;
	CK_RV rv;

	if (!has_mech(CKM_EC_KEY_PAIR_GEN)) {
		printf(SUITE ": EC not in this kernel, skipped\n");
		return;
	}
	rv = gen_ec(s, false, "ec-256", &ec_pub, &ec_priv);
	CHECK(rv == CKR_OK, "P-256 key pair: 0x%lx", rv);
	if (rv != CKR_OK)
		return;
	ec_pk = ec_public(s, ec_pub, "P-256");
	check_sign(s, CKM_ECDSA, ec_priv, ec_pub, ec_pk);
	check_sign(s, CKM_ECDSA_SHA256, ec_priv, ec_pub, ec_pk);
	OK(gen_ec(s, true, "ec-384", &pub384, &priv384));
	pk384 = ec_public(s, pub384, "P-384");
	check_sign(s, CKM_ECDSA_SHA384, priv384, pub384, pk384);
	EVP_PKEY_free(pk384);
	if (has_mech(CKM_ECDH1_DERIVE)) {
		check_ecdh(s, ec_priv, ec_pk, CKD_NULL);
		check_ecdh(s, ec_priv, ec_pk, CKD_SHA256_KDF);
	}
	OK(f->C_CloseSession(s));
}

/* What real clients do (see CLIENTS.md) ----------------------------------- */

/* Java keytool: EC pair as session objects, copied to the token. */
static void java_copy_to_token(CK_SESSION_HANDLE s)
{
	CK_MECHANISM m = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_ATTRIBUTE pt[] = { { CKA_EC_PARAMS, (void *)p256_oid,
				sizeof(p256_oid) } };
	CK_ATTRIBUTE kt[] = { { CKA_SIGN, &yes, 1 } };
	CK_ATTRIBUTE cp[] = { { CKA_TOKEN, &yes, 1 }, { CKA_ID, "alias", 5 } };
	CK_BBOOL tok = CK_FALSE, sens = CK_FALSE;
	CK_ATTRIBUTE g[] = { { CKA_TOKEN, &tok, 1 },
			     { CKA_SENSITIVE, &sens, 1 } };
	CK_OBJECT_HANDLE pub, priv, copy;
	EVP_PKEY *pk;

	OK(f->C_GenerateKeyPair(s, &m, pt, N(pt), kt, N(kt), &pub, &priv));
	OK(f->C_CopyObject(s, priv, cp, N(cp), &copy));
	OK(f->C_GetAttributeValue(s, copy, g, N(g)));
	CHECK(tok && sens, "copy is a token object, and sensitive by policy");
	pk = ec_public(s, pub, "P-256");
	check_sign(s, CKM_ECDSA_SHA256, copy, pub, pk);
	EVP_PKEY_free(pk);
	OK(f->C_DestroyObject(s, copy));
}

/* NSS certutil: a pair without CKA_ID, which it then sets on both. */
static void nss_set_id(CK_SESSION_HANDLE s)
{
	CK_MECHANISM m = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_ATTRIBUTE pt[] = { { CKA_EC_PARAMS, (void *)p256_oid,
				sizeof(p256_oid) } };
	CK_ATTRIBUTE id = { CKA_ID, "nss-id", 6 };
	CK_OBJECT_HANDLE pub, priv, found[4];
	CK_ULONG n = 0;

	OK(f->C_GenerateKeyPair(s, &m, pt, N(pt), NULL, 0, &pub, &priv));
	OK(f->C_SetAttributeValue(s, pub, &id, 1));
	OK(f->C_SetAttributeValue(s, priv, &id, 1));
	OK(f->C_FindObjectsInit(s, &id, 1));
	OK(f->C_FindObjects(s, found, N(found), &n));
	OK(f->C_FindObjectsFinal(s));
	CHECK(n == 2, "both halves found by the new CKA_ID");
}

static int bn_attr(const EVP_PKEY *pk, const char *name, unsigned char *buf,
		   size_t len)
{
	BIGNUM *bn = NULL;
	int n;

	if (!EVP_PKEY_get_bn_param(pk, name, &bn))
		return 0;
	n = BN_bn2bin(bn, buf);
	BN_free(bn);
	return n > (int)len ? 0 : n;
}

/* Java's default RSA path: a software key imported, CKA_SENSITIVE unsaid. */
static void java_import_rsa(CK_SESSION_HANDLE s)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_N,	       OSSL_PKEY_PARAM_RSA_E,
		OSSL_PKEY_PARAM_RSA_D,	       OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,   OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
	};
	static const CK_ATTRIBUTE_TYPE types[] = {
		CKA_MODULUS,	CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT,
		CKA_PRIME_1,	CKA_PRIME_2,	     CKA_EXPONENT_1,
		CKA_EXPONENT_2, CKA_COEFFICIENT,
	};
	EVP_PKEY *pk = EVP_RSA_gen(2048);
	unsigned char parts[8][256], buf[256];
	CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
	CK_KEY_TYPE kt = CKK_RSA;
	CK_ATTRIBUTE t[12] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_SIGN, &yes, 1 },
		{ CKA_TOKEN, &no, 1 },
	};
	CK_BBOOL sens = CK_FALSE;
	CK_ATTRIBUTE g[] = { { CKA_SENSITIVE, &sens, 1 },
			     { CKA_PRIVATE_EXPONENT, buf, sizeof(buf) } };
	CK_MECHANISM m = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	unsigned char sig[256];
	CK_ULONG len = sizeof(sig);
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	CK_OBJECT_HANDLE h;
	size_t i;

	for (i = 0; i < N(names); i++) {
		t[4 + i].type = types[i];
		t[4 + i].pValue = parts[i];
		t[4 + i].ulValueLen = (CK_ULONG)bn_attr(pk, names[i], parts[i],
							sizeof(parts[i]));
	}
	OK(f->C_CreateObject(s, t, N(t), &h));
	RV(CKR_ATTRIBUTE_SENSITIVE, f->C_GetAttributeValue(s, h, g, N(g)));
	CHECK(sens && g[1].ulValueLen == CK_UNAVAILABLE_INFORMATION,
	      "an imported private key is sensitive unless it says otherwise");
	OK(f->C_SignInit(s, &m, h));
	OK(f->C_Sign(s, (CK_BYTE *)"imported", 8, sig, &len));
	EVP_DigestVerifyInit(mc, NULL, EVP_sha256(), NULL, pk);
	CHECK(EVP_DigestVerify(mc, sig, len, (unsigned char *)"imported", 8) ==
		      1,
	      "the imported key signs; OpenSSL verifies with its own key");
	EVP_MD_CTX_free(mc);
	EVP_PKEY_free(pk);
	OK(f->C_DestroyObject(s, h));
}

/* The 3.0 functions, through C_GetInterface's list. */
typedef CK_RV (*login_user_fn)(CK_SESSION_HANDLE, CK_USER_TYPE, CK_UTF8CHAR *,
			       CK_ULONG, CK_UTF8CHAR *, CK_ULONG);

static void test_v3(CK_SESSION_HANDLE s)
{
	CK_RV (*get_iface)(CK_UTF8CHAR *, CK_VERSION *, void **, CK_FLAGS);
	login_user_fn login_user;
	CK_RV (*cancel)(CK_SESSION_HANDLE, CK_FLAGS);
	CK_RV (*msg_init)(CK_SESSION_HANDLE, CK_MECHANISM *, CK_OBJECT_HANDLE);
	CK_MECHANISM sha = { CKM_SHA256, NULL, 0 };
	struct {
		CK_UTF8CHAR *name;
		void *list;
		CK_FLAGS flags;
	} * ifp;
	void **fl;

	get_iface = dlsym(dl, "C_GetInterface");
	if (!get_iface || get_iface(NULL, NULL, (void **)&ifp, 0) != CKR_OK)
		return;
	/* The 2.40 list, then C_GetInterfaceList, C_GetInterface,
	 * C_LoginUser, C_SessionCancel, C_MessageEncryptInit ... */
	fl = (void **)((char *)ifp->list + sizeof(CK_FUNCTION_LIST));
	login_user = (typeof(login_user))fl[2];
	cancel = (typeof(cancel))fl[3];
	msg_init = (typeof(msg_init))fl[4];
	RV(CKR_USER_ALREADY_LOGGED_IN,
	   login_user(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN),
		      NULL, 0));
	RV(CKR_ARGUMENTS_BAD,
	   login_user(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN),
		      (CK_UTF8CHAR *)"bob", 3));
	OK(f->C_DigestInit(s, &sha));
	OK(cancel(s, CKF_DIGEST));
	OK(f->C_DigestInit(s, &sha));
	OK(cancel(s, CKF_DIGEST));
	RV(CKR_FUNCTION_NOT_SUPPORTED, msg_init(s, &sha, 1));
}

/* NSS: vendor trust objects are refused cleanly. */
static void nss_trust(CK_SESSION_HANDLE s)
{
	CK_OBJECT_CLASS cls = 0xce534353UL; /* CKO_NSS_TRUST */
	CK_ULONG trust = 0xce534351UL;
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) },
			     { CKA_TOKEN, &yes, 1 },
			     { 0xce536358UL, &trust, sizeof(trust) } };
	CK_OBJECT_HANDLE h;

	RV(CKR_ATTRIBUTE_VALUE_INVALID, f->C_CreateObject(s, t, N(t), &h));
}

static void test_clients(void)
{
	CK_SESSION_HANDLE s = user_session();

	nss_trust(s);

	if (ec_pk) {
		java_copy_to_token(s);
		nss_set_id(s);
	}
	if (rsa_pk)
		java_import_rsa(s);
	test_v3(s);
	OK(f->C_CloseSession(s));
}

/* Digests and random numbers --------------------------------------------- */

static void test_digest_random(void)
{
	CK_SESSION_HANDLE s = user_session();
	CK_MECHANISM m = { CKM_SHA256, NULL, 0 };
	unsigned char msg[1000], d[64], ref[64], r1[32], r2[32];
	unsigned int rl;
	CK_ULONG len;

	memset(msg, 'd', sizeof(msg));
	EVP_Digest(msg, sizeof(msg), ref, &rl, EVP_sha256(), NULL);
	OK(f->C_DigestInit(s, &m));
	RV(CKR_OPERATION_ACTIVE, f->C_DigestInit(s, &m));
	OK(f->C_Digest(s, msg, sizeof(msg), NULL, &len));
	CHECK(len == 32, "digest length");
	len = 31;
	RV(CKR_BUFFER_TOO_SMALL, f->C_Digest(s, msg, sizeof(msg), d, &len));
	len = sizeof(d);
	OK(f->C_Digest(s, msg, sizeof(msg), d, &len));
	CHECK(len == 32 && !memcmp(d, ref, 32), "SHA-256 equals OpenSSL's");
	OK(f->C_DigestInit(s, &m));
	OK(f->C_DigestUpdate(s, msg, 1));
	OK(f->C_DigestUpdate(s, msg + 1, sizeof(msg) - 1));
	len = sizeof(d);
	OK(f->C_DigestFinal(s, d, &len));
	CHECK(len == 32 && !memcmp(d, ref, 32), "multi-part digest");
	RV(CKR_OPERATION_NOT_INITIALIZED, f->C_DigestUpdate(s, msg, 1));
	m.mechanism = CKM_AES_ECB;
	RV(CKR_MECHANISM_INVALID, f->C_DigestInit(s, &m));

	OK(f->C_GenerateRandom(s, r1, 0));
	OK(f->C_GenerateRandom(s, r1, sizeof(r1)));
	OK(f->C_GenerateRandom(s, r2, sizeof(r2)));
	CHECK(memcmp(r1, r2, sizeof(r1)), "random differs");
	RV(CKR_RANDOM_SEED_NOT_SUPPORTED, f->C_SeedRandom(s, r1, 8));
	RV(CKR_SESSION_HANDLE_INVALID, f->C_GenerateRandom(0, r1, 8));
	/* Nothing active: nothing to save or to compose. */
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_GetOperationState(s, NULL, &len));
	RV(CKR_MECHANISM_INVALID, f->C_SignRecoverInit(s, &m, 1));
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_DigestEncryptUpdate(s, msg, 1, d, &len));
	OK(f->C_CloseSession(s));
}

/* Dual-function updates and operation state -------------------------------- */

/* Plaintext of test_dual, and its SHA-256 and HMAC-SHA256 by OpenSSL. */
static unsigned char dual_pt[100];
static unsigned char dual_sha[32], dual_mac[32];
static const unsigned char dual_hk[20] = "HMAC key for duals";

/* Decrypt @ct in two parts with @other's update composed; @pt receives. */
static void decrypt_dual(CK_SESSION_HANDLE s, bool verify,
			 const unsigned char *ct, CK_ULONG ct_len,
			 unsigned char *pt, CK_ULONG *pt_len)
{
	CK_ULONG n = 0, len, half = 48;
	/* Both have the same type. */
	CK_C_DecryptDigestUpdate fn = verify ? f->C_DecryptVerifyUpdate :
					       f->C_DecryptDigestUpdate;

	len = 0;
	OK(fn(s, (CK_BYTE *)ct, half, NULL, &len));
	CHECK(len >= half - 16, "dual length query %lu", len);
	len = *pt_len;
	OK(fn(s, (CK_BYTE *)ct, half, pt, &len));
	n += len;
	len = *pt_len - n;
	OK(fn(s, (CK_BYTE *)ct + half, ct_len - half, pt + n, &len));
	n += len;
	len = *pt_len - n;
	OK(f->C_DecryptFinal(s, pt + n, &len));
	/* C_DecryptFinal's part is the application's to digest or verify. */
	if (verify)
		OK(f->C_VerifyUpdate(s, pt + n, len));
	else
		OK(f->C_DigestUpdate(s, pt + n, len));
	*pt_len = n + len;
}

static void test_dual(void)
{
	CK_SESSION_HANDLE s = user_session();
	CK_MECHANISM cbc = { CKM_AES_CBC_PAD, (void *)iv16, sizeof(iv16) };
	CK_MECHANISM sha = { CKM_SHA256, NULL, 0 };
	CK_MECHANISM hmac = { CKM_SHA256_HMAC, NULL, 0 };
	CK_OBJECT_HANDLE aes = import_aes(s, CK_FALSE, CK_TRUE);
	CK_OBJECT_HANDLE hk = import_hmac(s, dual_hk, sizeof(dual_hk));
	unsigned char ref[160], ct[160], pt[160], d[64], state[64];
	CK_ULONG len, n, st_len = sizeof(state);
	unsigned int hl;
	int ref_len;

	memset(dual_pt, 'p', sizeof(dual_pt));
	dual_pt[7] = 'x';
	ref_len = ossl_aes(CKM_AES_CBC_PAD, dual_pt, sizeof(dual_pt), NULL, 0,
			   ref);
	EVP_Digest(dual_pt, sizeof(dual_pt), dual_sha, &hl, EVP_sha256(), NULL);
	HMAC(EVP_sha256(), dual_hk, sizeof(dual_hk), dual_pt, sizeof(dual_pt),
	     dual_mac, &hl);

	/* Both must be active. */
	OK(f->C_EncryptInit(s, &cbc, aes));
	len = sizeof(ct);
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_DigestEncryptUpdate(s, dual_pt, 10, ct, &len));
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_SignEncryptUpdate(s, dual_pt, 10, ct, &len));
	/* Kernel-held operations cannot be saved. */
	RV(CKR_STATE_UNSAVEABLE, f->C_GetOperationState(s, NULL, &st_len));
	RV(CKR_STATE_UNSAVEABLE, f->C_GetOperationState(s, state, &st_len));
	RV(CKR_ARGUMENTS_BAD, f->C_GetOperationState(s, state, NULL));
	RV(CKR_SAVED_STATE_INVALID,
	   f->C_SetOperationState(s, state, sizeof(state), aes, 0));
	RV(CKR_ARGUMENTS_BAD, f->C_SetOperationState(s, NULL, 0, 0, 0));

	/* C_DigestEncryptUpdate: the digest sees the plaintext. */
	OK(f->C_DigestInit(s, &sha));
	RV(CKR_STATE_UNSAVEABLE, f->C_GetOperationState(s, NULL, &st_len));
	len = 0;
	OK(f->C_DigestEncryptUpdate(s, dual_pt, 30, NULL, &len));
	CHECK(len >= 30, "dual length query %lu", len);
	len = sizeof(ct);
	OK(f->C_DigestEncryptUpdate(s, dual_pt, 30, ct, &len));
	n = len;
	len = sizeof(ct) - n;
	OK(f->C_DigestEncryptUpdate(s, dual_pt + 30, sizeof(dual_pt) - 30,
				    ct + n, &len));
	n += len;
	len = sizeof(ct) - n;
	OK(f->C_EncryptFinal(s, ct + n, &len));
	n += len;
	CHECK((int)n == ref_len && !memcmp(ct, ref, n),
	      "C_DigestEncryptUpdate ciphertext equals OpenSSL's");
	len = sizeof(d);
	OK(f->C_DigestFinal(s, d, &len));
	CHECK(len == 32 && !memcmp(d, dual_sha, 32),
	      "C_DigestEncryptUpdate digest equals OpenSSL's");

	/* C_DecryptDigestUpdate, back again. */
	OK(f->C_DecryptInit(s, &cbc, aes));
	OK(f->C_DigestInit(s, &sha));
	len = sizeof(pt);
	decrypt_dual(s, false, ct, n, pt, &len);
	CHECK(len == sizeof(dual_pt) && !memcmp(pt, dual_pt, len),
	      "C_DecryptDigestUpdate plaintext");
	len = sizeof(d);
	OK(f->C_DigestFinal(s, d, &len));
	CHECK(len == 32 && !memcmp(d, dual_sha, 32),
	      "C_DecryptDigestUpdate digest equals OpenSSL's");

	/* C_SignEncryptUpdate with an HMAC. */
	OK(f->C_EncryptInit(s, &cbc, aes));
	OK(f->C_SignInit(s, &hmac, hk));
	len = sizeof(ct);
	OK(f->C_SignEncryptUpdate(s, dual_pt, 64, ct, &len));
	n = len;
	len = sizeof(ct) - n;
	OK(f->C_SignEncryptUpdate(s, dual_pt + 64, sizeof(dual_pt) - 64, ct + n,
				  &len));
	n += len;
	len = sizeof(ct) - n;
	OK(f->C_EncryptFinal(s, ct + n, &len));
	n += len;
	CHECK((int)n == ref_len && !memcmp(ct, ref, n),
	      "C_SignEncryptUpdate ciphertext equals OpenSSL's");
	len = sizeof(d);
	OK(f->C_SignFinal(s, d, &len));
	CHECK(len == 32 && !memcmp(d, dual_mac, 32),
	      "C_SignEncryptUpdate MAC equals OpenSSL's");

	/* C_DecryptVerifyUpdate: right MAC, then a wrong one. */
	OK(f->C_DecryptInit(s, &cbc, aes));
	OK(f->C_VerifyInit(s, &hmac, hk));
	len = sizeof(pt);
	decrypt_dual(s, true, ct, n, pt, &len);
	CHECK(len == sizeof(dual_pt) && !memcmp(pt, dual_pt, len),
	      "C_DecryptVerifyUpdate plaintext");
	OK(f->C_VerifyFinal(s, dual_mac, 32));
	OK(f->C_DecryptInit(s, &cbc, aes));
	OK(f->C_VerifyInit(s, &hmac, hk));
	len = sizeof(pt);
	decrypt_dual(s, true, ct, n, pt, &len);
	d[0] ^= 1;
	RV(CKR_SIGNATURE_INVALID, f->C_VerifyFinal(s, d, 32));
	/* Only decryption active: the verify half is missing. */
	OK(f->C_DecryptInit(s, &cbc, aes));
	len = sizeof(pt);
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_DecryptVerifyUpdate(s, ct, 16, pt, &len));
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_DecryptDigestUpdate(s, ct, 16, pt, &len));
	OK(f->C_CloseSession(s));
}

/* Signatures with message recovery ---------------------------------------- */

/* OpenSSL's verify-recover (what `openssl pkeyutl -verifyrecover` runs). */
static long ossl_recover(EVP_PKEY *pk, int padding, const unsigned char *sig,
			 size_t sig_len, unsigned char *out, size_t cap)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
	size_t len = cap;
	int ok;

	ok = c && EVP_PKEY_verify_recover_init(c) > 0 &&
	     EVP_PKEY_CTX_set_rsa_padding(c, padding) > 0 &&
	     EVP_PKEY_verify_recover(c, out, &len, sig, sig_len) > 0;
	EVP_PKEY_CTX_free(c);
	return ok ? (long)len : -1;
}

static void test_recover(void)
{
	static const unsigned char data[] = "recovered from the signature";
	CK_SESSION_HANDLE s = user_session();
	CK_MECHANISM pkcs = { CKM_RSA_PKCS, NULL, 0 };
	CK_MECHANISM x509 = { CKM_RSA_X_509, NULL, 0 };
	CK_MECHANISM sha = { CKM_SHA256_RSA_PKCS, NULL, 0 };
	CK_ATTRIBUTE off = { CKA_SIGN_RECOVER, &no, 1 };
	CK_ATTRIBUTE on = { CKA_SIGN_RECOVER, &yes, 1 };
	unsigned char sig[256], back[256], big[256];
	CK_ULONG len;
	long n;

	if (!rsa_pk) {
		printf(SUITE ": no RSA key, recovery skipped\n");
		OK(f->C_CloseSession(s));
		return;
	}
	CHECK(has_flag(CKM_RSA_PKCS, CKF_SIGN_RECOVER) &&
		      has_flag(CKM_RSA_PKCS, CKF_VERIFY_RECOVER) &&
		      has_flag(CKM_RSA_X_509, CKF_SIGN_RECOVER),
	      "RSA_PKCS and RSA_X_509 report recovery");
	CHECK(!has_flag(CKM_SHA256_RSA_PKCS, CKF_SIGN_RECOVER) &&
		      !has_flag(CKM_ECDSA, CKF_VERIFY_RECOVER),
	      "hashing and EC mechanisms do not");

	OK(f->C_SignRecoverInit(s, &pkcs, rsa_priv));
	RV(CKR_OPERATION_ACTIVE, f->C_SignRecoverInit(s, &pkcs, rsa_priv));
	RV(CKR_OPERATION_ACTIVE, f->C_SignInit(s, &pkcs, rsa_priv));
	OK(f->C_SignRecover(s, (CK_BYTE *)data, sizeof(data), NULL, &len));
	CHECK(len == 256, "sign-recover length %lu", len);
	len = 100;
	RV(CKR_BUFFER_TOO_SMALL,
	   f->C_SignRecover(s, (CK_BYTE *)data, sizeof(data), sig, &len));
	CHECK(len == 256, "length after a short buffer %lu", len);
	len = sizeof(sig);
	OK(f->C_SignRecover(s, (CK_BYTE *)data, sizeof(data), sig, &len));
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_SignRecover(s, (CK_BYTE *)data, sizeof(data), sig, &len));
	n = ossl_recover(rsa_pk, RSA_PKCS1_PADDING, sig, 256, back,
			 sizeof(back));
	CHECK(n == sizeof(data) && !memcmp(back, data, sizeof(data)),
	      "OpenSSL recovers what C_SignRecover signed");

	OK(f->C_VerifyRecoverInit(s, &pkcs, rsa_pub));
	OK(f->C_VerifyRecover(s, sig, 256, NULL, &len));
	CHECK(len >= sizeof(data), "verify-recover length bound %lu", len);
	len = 3;
	RV(CKR_BUFFER_TOO_SMALL, f->C_VerifyRecover(s, sig, 256, back, &len));
	CHECK(len == sizeof(data), "exact length after a short buffer");
	memset(back, 0, sizeof(back));
	len = sizeof(back);
	OK(f->C_VerifyRecover(s, sig, 256, back, &len));
	CHECK(len == sizeof(data) && !memcmp(back, data, len),
	      "C_VerifyRecover recovers the data");
	sig[40] ^= 4;
	OK(f->C_VerifyRecoverInit(s, &pkcs, rsa_pub));
	len = sizeof(back);
	RV(CKR_SIGNATURE_INVALID, f->C_VerifyRecover(s, sig, 256, back, &len));
	OK(f->C_VerifyRecoverInit(s, &pkcs, rsa_pub));
	len = sizeof(back);
	RV(CKR_SIGNATURE_LEN_RANGE,
	   f->C_VerifyRecover(s, sig, 255, back, &len));

	/* Raw RSA: OpenSSL recovers the whole block. */
	memset(big, 0x3c, sizeof(big));
	big[0] = 0;
	OK(f->C_SignRecoverInit(s, &x509, rsa_priv));
	len = sizeof(sig);
	OK(f->C_SignRecover(s, big, sizeof(big), sig, &len));
	n = ossl_recover(rsa_pk, RSA_NO_PADDING, sig, len, back, sizeof(back));
	CHECK(n == 256 && !memcmp(back, big, 256),
	      "OpenSSL recovers the raw block");
	OK(f->C_VerifyRecoverInit(s, &x509, rsa_pub));
	len = sizeof(back);
	OK(f->C_VerifyRecover(s, sig, 256, back, &len));
	CHECK(len == 256 && !memcmp(back, big, 256), "raw verify-recover");

	/* Errors at Init and with the data. */
	RV(CKR_MECHANISM_INVALID, f->C_SignRecoverInit(s, &sha, rsa_priv));
	RV(CKR_KEY_TYPE_INCONSISTENT,
	   f->C_SignRecoverInit(s, &pkcs, ec_priv ? ec_priv : rsa_pub));
	OK(f->C_SignRecoverInit(s, &pkcs, rsa_priv));
	len = sizeof(sig);
	RV(CKR_DATA_LEN_RANGE, f->C_SignRecover(s, big, 246, sig, &len));
	OK(f->C_SetAttributeValue(s, rsa_priv, &off, 1));
	RV(CKR_KEY_FUNCTION_NOT_PERMITTED,
	   f->C_SignRecoverInit(s, &pkcs, rsa_priv));
	OK(f->C_SetAttributeValue(s, rsa_priv, &on, 1));
	OK(f->C_SignRecoverInit(s, &pkcs, rsa_priv));
	RV(CKR_ARGUMENTS_BAD, f->C_SignRecover(s, big, 10, sig, NULL));
	len = sizeof(sig);
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_SignRecover(s, big, 10, sig, &len));
	OK(f->C_CloseSession(s));
}

/* CKA_ALWAYS_AUTHENTICATE ------------------------------------------------- */

static void test_always_auth(void)
{
	static const unsigned char digest[32] =
		"a digest to sign, 32 bytes long";
	CK_SESSION_HANDLE s = user_session();
	CK_MECHANISM m = { CKM_EC_KEY_PAIR_GEN, NULL, 0 };
	CK_MECHANISM ecdsa = { CKM_ECDSA, NULL, 0 };
	CK_ATTRIBUTE pt[] = {
		{ CKA_EC_PARAMS, (void *)p256_oid, sizeof(p256_oid) },
		{ CKA_VERIFY, &yes, 1 },
	};
	CK_ATTRIBUTE kt[] = {
		{ CKA_SIGN, &yes, 1 },
		{ CKA_ALWAYS_AUTHENTICATE, &yes, 1 },
	};
	CK_BBOOL aa = CK_FALSE;
	CK_ATTRIBUTE get = { CKA_ALWAYS_AUTHENTICATE, &aa, 1 };
	CK_OBJECT_HANDLE pub, priv;
	unsigned char sig[64], der[80];
	CK_TOKEN_INFO ti;
	EVP_PKEY *pk;
	CK_ULONG len;
	int dlen;

	if (!has_mech(CKM_EC_KEY_PAIR_GEN)) {
		printf(SUITE ": EC not in this kernel, skipped\n");
		OK(f->C_CloseSession(s));
		return;
	}
	OK(f->C_GenerateKeyPair(s, &m, pt, N(pt), kt, N(kt), &pub, &priv));
	OK(f->C_GetAttributeValue(s, priv, &get, 1));
	CHECK(aa == CK_TRUE, "CKA_ALWAYS_AUTHENTICATE stored");
	pk = ec_public(s, pub, "P-256");

	/* No operation to authenticate for. */
	RV(CKR_OPERATION_NOT_INITIALIZED,
	   f->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR *)USER_PIN,
		      strlen(USER_PIN)));
	/* Without the context login the key does not sign. */
	OK(f->C_SignInit(s, &ecdsa, priv));
	len = sizeof(sig);
	RV(CKR_USER_NOT_LOGGED_IN,
	   f->C_Sign(s, (CK_BYTE *)digest, 32, sig, &len));

	/* A wrong PIN counts against the user PIN; the right one allows one. */
	OK(f->C_SignInit(s, &ecdsa, priv));
	RV(CKR_PIN_INCORRECT,
	   f->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR *)"wrong-pin", 9));
	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(ti.flags & CKF_USER_PIN_COUNT_LOW,
	      "a wrong context PIN is counted");
	RV(CKR_ARGUMENTS_BAD, f->C_Login(s, CKU_CONTEXT_SPECIFIC, NULL, 0));
	OK(f->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR *)USER_PIN,
		      strlen(USER_PIN)));
	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(!(ti.flags & CKF_USER_PIN_COUNT_LOW), "the count is reset");
	OK(f->C_Sign(s, (CK_BYTE *)digest, 32, NULL, &len));
	CHECK(len == 64, "length query keeps the login");
	len = sizeof(sig);
	OK(f->C_Sign(s, (CK_BYTE *)digest, 32, sig, &len));
	dlen = ecdsa_der(sig, len, der);
	{
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);

		CHECK(c && EVP_PKEY_verify_init(c) > 0 &&
			      EVP_PKEY_verify(c, der, dlen, digest, 32) == 1,
		      "OpenSSL verifies the always-authenticate signature");
		EVP_PKEY_CTX_free(c);
	}
	/* One use per login. */
	OK(f->C_SignInit(s, &ecdsa, priv));
	len = sizeof(sig);
	RV(CKR_USER_NOT_LOGGED_IN,
	   f->C_Sign(s, (CK_BYTE *)digest, 32, sig, &len));
	/* Multi-part: the login covers the whole operation. */
	OK(f->C_SignInit(s, &(CK_MECHANISM){ CKM_ECDSA_SHA256, NULL, 0 },
			 priv));
	OK(f->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR *)USER_PIN,
		      strlen(USER_PIN)));
	OK(f->C_SignUpdate(s, (CK_BYTE *)digest, 10));
	OK(f->C_SignUpdate(s, (CK_BYTE *)digest + 10, 22));
	len = sizeof(sig);
	OK(f->C_SignFinal(s, sig, &len));
	CHECK(len == 64, "multi-part always-authenticate signature");
	EVP_PKEY_free(pk);
	OK(f->C_CloseSession(s));
}

/* Every advertised mechanism, exercised ---------------------------------- */

struct rsa_aes_params {
	CK_ULONG bits;
	CK_RSA_PKCS_OAEP_PARAMS *oaep;
};

static void check_rsa_aes_wrap(CK_SESSION_HANDLE s)
{
	CK_RSA_PKCS_OAEP_PARAMS op = { CKM_SHA256, CKG_MGF1_SHA256,
				       CKZ_DATA_SPECIFIED, NULL, 0 };
	struct rsa_aes_params p = { 256, &op };
	CK_MECHANISM m = { CKM_RSA_AES_KEY_WRAP, &p, sizeof(p) };
	CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
	CK_KEY_TYPE kt = CKK_AES;
	CK_ATTRIBUTE ut[] = {
		{ CKA_CLASS, &cls, sizeof(cls) },
		{ CKA_KEY_TYPE, &kt, sizeof(kt) },
		{ CKA_SENSITIVE, &no, 1 },
	};
	unsigned char wrapped[1024], value[32];
	CK_ATTRIBUTE get = { CKA_VALUE, value, sizeof(value) };
	CK_OBJECT_HANDLE key = import_aes(s, CK_FALSE, CK_TRUE), back;
	CK_ULONG len = sizeof(wrapped);

	OK(f->C_WrapKey(s, &m, rsa_pub, key, wrapped, &len));
	OK(f->C_UnwrapKey(s, &m, rsa_priv, wrapped, len, ut, N(ut), &back));
	OK(f->C_GetAttributeValue(s, back, &get, 1));
	CHECK(get.ulValueLen == 16 && !memcmp(value, aes_value, 16),
	      "RSA-AES wrap round trip");
}

static void check_aes_wrap_cipher(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key,
				  CK_MECHANISM_TYPE m)
{
	CK_MECHANISM mech = { m, NULL, 0 };
	unsigned char in[24] = "twenty-four bytes input", out[64], ref[64];
	int ref_len = ossl_aes(m, in, sizeof(in), NULL, 0, ref);
	CK_ULONG len = sizeof(out);

	OK(f->C_EncryptInit(s, &mech, key));
	OK(f->C_Encrypt(s, in, sizeof(in), out, &len));
	CHECK(len == (CK_ULONG)ref_len && !memcmp(out, ref, len),
	      "0x%lx encrypt equals OpenSSL's", m);
}

static void check_keygen(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE m)
{
	CK_MECHANISM mech = { m, NULL, 0 };
	CK_ULONG vlen = m == CKM_AES_KEY_GEN ? 32 : 40, got = 0;
	CK_ATTRIBUTE t[] = { { CKA_VALUE_LEN, &vlen, sizeof(vlen) },
			     { CKA_SIGN, &yes, 1 } };
	CK_ATTRIBUTE g = { CKA_VALUE_LEN, &got, sizeof(got) };
	CK_OBJECT_HANDLE h;

	OK(f->C_GenerateKey(s, &mech, t, m == CKM_AES_KEY_GEN ? 1 : 2, &h));
	OK(f->C_GetAttributeValue(s, h, &g, 1));
	CHECK(got == vlen, "0x%lx made a key of %lu bytes", m, vlen);
	OK(f->C_DestroyObject(s, h));
}

static void test_every_mechanism(void)
{
	static const unsigned char hk[20] = "HMAC key for a loop";
	CK_SESSION_HANDLE s = user_session();
	CK_MECHANISM_TYPE list[128];
	CK_MECHANISM_INFO info;
	CK_OBJECT_HANDLE aes = import_aes(s, CK_FALSE, CK_TRUE);
	CK_OBJECT_HANDLE hmac = import_hmac(s, hk, sizeof(hk));
	CK_ULONG n = 0, i, done = 0;
	bool rsa = rsa_pk != NULL, ec = ec_pk != NULL;

	OK(f->C_GetMechanismList(slot, NULL, &n));
	CHECK(n > 0 && n <= N(list), "mechanism count %lu", n);
	n = 1;
	RV(CKR_BUFFER_TOO_SMALL, f->C_GetMechanismList(slot, list, &n));
	n = N(list);
	OK(f->C_GetMechanismList(slot, list, &n));
	RV(CKR_MECHANISM_INVALID,
	   f->C_GetMechanismInfo(slot, CKM_DES_ECB, &info));
	for (i = 0; i < n; i++) {
		CK_MECHANISM_TYPE m = list[i];
		bool ok = true;

		OK(f->C_GetMechanismInfo(slot, m, &info));
		CHECK(info.flags, "0x%lx has flags", m);
		switch (m) {
		case CKM_SHA_1:
		case CKM_SHA224:
		case CKM_SHA256:
		case CKM_SHA384:
		case CKM_SHA512: {
			const EVP_MD *md = m == CKM_SHA_1  ? EVP_sha1() :
					   m == CKM_SHA224 ? EVP_sha224() :
					   m == CKM_SHA256 ? EVP_sha256() :
					   m == CKM_SHA384 ? EVP_sha384() :
							     EVP_sha512();
			CK_MECHANISM mech = { m, NULL, 0 };
			unsigned char d[64], ref[64];
			unsigned int rl;
			CK_ULONG len = sizeof(d);

			EVP_Digest("abc", 3, ref, &rl, md, NULL);
			OK(f->C_DigestInit(s, &mech));
			OK(f->C_Digest(s, (CK_BYTE *)"abc", 3, d, &len));
			CHECK(len == rl && !memcmp(d, ref, rl),
			      "digest 0x%lx equals OpenSSL's", m);
			CHECK(!(info.flags & CKF_HW), "digests are software");
			break;
		}
		case CKM_AES_ECB:
		case CKM_AES_CBC:
		case CKM_AES_CBC_PAD:
		case CKM_AES_CTR:
		case CKM_AES_GCM:
			check_aes_cipher(s, aes, m);
			break;
		case CKM_AES_KEY_WRAP:
		case CKM_AES_KEY_WRAP_KWP:
			check_aes_wrap_cipher(s, aes, m);
			break;
		case CKM_AES_CMAC:
			check_mac(s, aes, m, aes_value, sizeof(aes_value));
			break;
		case CKM_SHA256_HMAC:
		case CKM_SHA384_HMAC:
		case CKM_SHA512_HMAC:
			check_mac(s, hmac, m, hk, sizeof(hk));
			break;
		case CKM_AES_KEY_GEN:
		case CKM_GENERIC_SECRET_KEY_GEN:
			check_keygen(s, m);
			break;
		case CKM_RSA_PKCS_KEY_PAIR_GEN:
			ok = rsa;
			break;
		case CKM_EC_KEY_PAIR_GEN:
			ok = ec;
			break;
		case CKM_RSA_PKCS_OAEP:
			ok = rsa;
			if (ok)
				check_rsa_decrypt(s, rsa_priv, rsa_pub, rsa_pk,
						  true, true);
			break;
		case CKM_RSA_AES_KEY_WRAP:
			ok = rsa && (info.flags & CKF_WRAP);
			if (ok)
				check_rsa_aes_wrap(s);
			break;
		case CKM_ECDH1_DERIVE:
			ok = ec;
			if (ok)
				check_ecdh(s, ec_priv, ec_pk, CKD_NULL);
			break;
		default:
			if (is_ecdsa(m)) {
				ok = ec &&
				     check_sign(s, m, ec_priv, ec_pub, ec_pk);
			} else if (m < CKM_SHA_1 && (info.flags & CKF_SIGN)) {
				ok = rsa && check_sign(s, m, rsa_priv, rsa_pub,
						       rsa_pk);
				if (ok && m == CKM_RSA_PKCS)
					check_rsa_decrypt(s, rsa_priv, rsa_pub,
							  rsa_pk, false, false);
			} else {
				ok = false;
			}
		}
		CHECK(ok, "advertised mechanism 0x%lx exercised", m);
		done += ok;
	}
	printf(SUITE ": %lu of %lu advertised mechanisms exercised\n", done, n);
	OK(f->C_CloseSession(s));
}

/* PIN lockout ------------------------------------------------------------- */

static void test_pin_lock(void)
{
	CK_SESSION_HANDLE s = open_rw();
	CK_TOKEN_INFO ti;
	CK_RV rv = CKR_OK;
	int i;

	for (i = 0; i < 3; i++) {
		rv = f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)"wrong-pin", 9);
		CHECK(rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED,
		      "wrong PIN %d: 0x%lx", i, rv);
	}
	RV(CKR_PIN_LOCKED,
	   f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	OK(f->C_GetTokenInfo(slot, &ti));
	CHECK(ti.flags & CKF_USER_PIN_LOCKED, "token says locked");
	OK(f->C_Login(s, CKU_SO, (CK_UTF8CHAR *)SO_PIN, strlen(SO_PIN)));
	OK(f->C_InitPIN(s, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	OK(f->C_Logout(s));
	OK(f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)));
	OK(f->C_CloseSession(s));
}

/* Fork and threads -------------------------------------------------------- */

static int child(int rfd)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) },
			     { CKA_LABEL, "from parent", 11 } };
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE h[4];
	CK_INFO info;
	CK_ULONG n = 0;
	char c;

	if (f->C_GetInfo(&info) != CKR_CRYPTOKI_NOT_INITIALIZED ||
	    f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s) !=
		    CKR_CRYPTOKI_NOT_INITIALIZED)
		return 1;
	if (f->C_Initialize(NULL) != CKR_OK)
		return 2;
	if (f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &s))
		return 3;
	/* Wait until the parent, already running, has made an object. */
	if (read(rfd, &c, 1) != 1)
		return 4;
	if (f->C_FindObjectsInit(s, t, 2) || f->C_FindObjects(s, h, 4, &n) ||
	    n != 1 || f->C_FindObjectsFinal(s))
		return 5;
	if (f->C_Finalize(NULL))
		return 6;
	return 0;
}

/* Processes at once on one token: every call succeeds, none waits. */
static int worker_process(int id)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	char label[32];
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) },
			     { CKA_LABEL, label, 0 },
			     { CKA_TOKEN, &yes, 1 },
			     { CKA_PRIVATE, &yes, 1 } };
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE h, found[2];
	CK_ULONG n;
	int i;

	if (f->C_Initialize(NULL) ||
	    f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL,
			     NULL, &s) ||
	    f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)USER_PIN, strlen(USER_PIN)))
		return 1;
	for (i = 0; i < 15; i++) {
		snprintf(label, sizeof(label), "proc %d obj %d", id, i);
		t[1].ulValueLen = strlen(label);
		if (f->C_CreateObject(s, t, N(t), &h) ||
		    f->C_FindObjectsInit(s, &t[1], 1) ||
		    f->C_FindObjects(s, found, 2, &n) ||
		    f->C_FindObjectsFinal(s) || n != 1 || found[0] != h ||
		    f->C_DestroyObject(s, h))
			return 2;
	}
	return f->C_Finalize(NULL) ? 3 : 0;
}

static void test_processes(void)
{
	pid_t pids[3];
	int i, status, bad = 0;

	for (i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(worker_process(i));
	}
	for (i = 0; i < 3; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	CHECK(bad == 0,
	      "3 processes, each logged in, creating and finding "
	      "token objects at once: %d failed",
	      bad);
}

static void test_fork(void)
{
	CK_OBJECT_CLASS cls = CKO_DATA;
	CK_ATTRIBUTE t[] = { { CKA_CLASS, &cls, sizeof(cls) },
			     { CKA_LABEL, "from parent", 11 },
			     { CKA_TOKEN, &yes, 1 } };
	CK_SESSION_HANDLE s = open_rw();
	CK_OBJECT_HANDLE h;
	int p[2], status = -1;
	pid_t pid;

	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		_exit(child(p[0]));
	}
	close(p[0]);
	OK(f->C_CreateObject(s, t, N(t), &h));
	CHECK(write(p[1], "x", 1) == 1, "signal the child");
	close(p[1]);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child: not initialised after fork, then its own session sees "
	      "the parent's new object (status %d)",
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	OK(f->C_DestroyObject(s, h));
	OK(f->C_CloseSession(s));
}

static CK_OBJECT_HANDLE thread_key;
static int thread_failures;

static void *worker(void *arg)
{
	CK_MECHANISM m = { CKM_AES_ECB, NULL, 0 };
	unsigned char buf[32] = { 0 };
	CK_SLOT_ID slots[KHSM_MAX_TOKENS];
	CK_SESSION_HANDLE s;
	CK_ULONG len, n;
	int i, bad = 0;

	(void)arg;
	for (i = 0; i < 20; i++) {
		n = N(slots);
		bad += f->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK;
		if (f->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL,
				     &s) != CKR_OK) {
			bad++;
			continue;
		}
		len = sizeof(buf);
		bad += f->C_EncryptInit(s, &m, thread_key) != CKR_OK;
		bad += f->C_Encrypt(s, buf, 32, buf, &len) != CKR_OK;
		bad += f->C_CloseSession(s) != CKR_OK;
	}
	__atomic_add_fetch(&thread_failures, bad, __ATOMIC_RELAXED);
	return NULL;
}

static void test_threads(void)
{
	CK_SESSION_HANDLE s = user_session();
	pthread_t t[4];
	size_t i;

	thread_key = import_aes(s, CK_TRUE, CK_FALSE);
	for (i = 0; i < N(t); i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (i = 0; i < N(t); i++)
		pthread_join(t[i], NULL);
	CHECK(thread_failures == 0, "4 threads x 20 sessions: %d failures",
	      thread_failures);
	OK(f->C_CloseSession(s));
}

/* The application's mutex callbacks, counted. */
static int mutexes, locks;

static CK_RV cb_create(void **m)
{
	*m = calloc(1, sizeof(pthread_mutex_t));
	mutexes++;
	return *m ? CKR_OK : CKR_HOST_MEMORY;
}

static CK_RV cb_destroy(void *m)
{
	free(m);
	mutexes--;
	return CKR_OK;
}

static CK_RV cb_lock(void *m)
{
	locks++;
	return pthread_mutex_lock(m) ? CKR_GENERAL_ERROR : CKR_OK;
}

static CK_RV cb_unlock(void *m)
{
	return pthread_mutex_unlock(m) ? CKR_GENERAL_ERROR : CKR_OK;
}

static void test_finalize(void)
{
	CK_C_INITIALIZE_ARGS args = { cb_create, cb_destroy, cb_lock,
				      cb_unlock, 0,	     NULL };
	CK_SESSION_HANDLE s;
	CK_INFO info;

	s = open_rw();
	OK(f->C_Finalize(NULL));
	RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_GetInfo(&info));
	RV(CKR_CRYPTOKI_NOT_INITIALIZED, f->C_CloseSession(s));
	OK(f->C_Initialize(&args));
	s = open_rw();
	CHECK(mutexes >= 2 && locks > 0, "the application's mutexes are used");
	OK(f->C_CloseSession(s));
	OK(f->C_Finalize(NULL));
	CHECK(mutexes == 0, "and all destroyed");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/khsm-pkcs11.so";
	CK_RV (*get)(CK_FUNCTION_LIST **);
	uint32_t token = 0;
	int ret;

	/* Cheap PIN verifiers in an emulated guest; a low lockout limit. */
	setenv("KHSM_PKCS11_PBKDF2_ITERATIONS", "1000", 1);
	setenv("KHSM_PKCS11_MAX_PIN_FAILURES", "3", 1);
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	CHECK(dl != NULL, "dlopen %s: %s", path, dlerror());
	if (!dl)
		return check_report(SUITE);
	get = (CK_RV(*)(CK_FUNCTION_LIST **))dlsym(dl, "C_GetFunctionList");
	CHECK(get && get(&f) == CKR_OK && f, "C_GetFunctionList");
	if (!f)
		return check_report(SUITE);
	ret = make_token(&token);
	CHECK(ret == 0, "token for the test: %s", strerror(-ret));
	if (ret)
		return check_report(SUITE);

	test_general();
	test_slots(token);
	test_sessions();
	test_objects();
	test_symmetric();
	test_wrap();
	test_rsa();
	test_ec();
	test_clients();
	test_digest_random();
	test_dual();
	test_recover();
	test_always_auth();
	test_every_mechanism();
	test_pin_lock();
	test_fork();
	test_processes();
	test_threads();
	test_finalize();

	EVP_PKEY_free(rsa_pk);
	EVP_PKEY_free(ec_pk);
	CHECK(drop_token(token) == 0, "token removed");
	return check_report(SUITE);
}
