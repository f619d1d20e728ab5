// SPDX-License-Identifier: GPL-2.0
/*
 * Any PKCS#11 module, driven the way an application drives one: a session
 * per thread, the key imported with C_CreateObject, and per operation
 * C_SignInit + C_Sign (or C_EncryptInit + C_Encrypt). The same code runs
 * khsm-pkcs11.so and SoftHSM2, so the two columns differ only in the
 * module.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <p11-kit/pkcs11.h>

#include "tmpl.h"

/**
 * struct p11_inst - one loaded module
 * @f: its function list
 * @slot: the benchmark's token
 * @keep: a logged-in session held for the whole run
 * @ok: set up
 */
struct p11_inst {
	CK_FUNCTION_LIST *f;
	CK_SLOT_ID slot;
	CK_SESSION_HANDLE keep;
	bool ok;
};

static struct p11_inst inst[2]; /* khsm, SoftHSM2 */

static CK_RV load(struct p11_inst *p, const char *module)
{
	CK_C_INITIALIZE_ARGS args = { .flags = CKF_OS_LOCKING_OK };
	CK_C_GetFunctionList get;
	void *dl = dlopen(module, RTLD_NOW | RTLD_LOCAL);

	if (!dl) {
		fprintf(stderr, "%s\n", dlerror());
		return CKR_GENERAL_ERROR;
	}
	get = (CK_C_GetFunctionList)dlsym(dl, "C_GetFunctionList");
	if (!get || get(&p->f) != CKR_OK)
		return CKR_GENERAL_ERROR;
	return p->f->C_Initialize(&args);
}

static void pad_label(CK_UTF8CHAR *out, const char *s)
{
	memset(out, ' ', 32);
	memcpy(out, s, strlen(s));
}

static CK_RV login_user(struct p11_inst *p, CK_SESSION_HANDLE s)
{
	CK_RV rv = p->f->C_Login(s, CKU_USER, (CK_UTF8CHAR *)bench_user_pin,
				 strlen(bench_user_pin));

	return rv == CKR_USER_ALREADY_LOGGED_IN ? CKR_OK : rv;
}

/* SoftHSM2 in its own directory: a fresh token, its PINs set here. */
static CK_RV softhsm_token(struct p11_inst *p)
{
	CK_SLOT_ID slots[64];
	CK_ULONG n = 64;
	CK_TOKEN_INFO ti;
	CK_UTF8CHAR label[32];
	CK_SESSION_HANDLE s;
	char path[4096];
	CK_RV rv;
	FILE *f;

	snprintf(path, sizeof(path), "%s/softhsm-tokens", bench_tmpdir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/softhsm2.conf", bench_tmpdir);
	f = fopen(path, "w");
	if (!f)
		return CKR_GENERAL_ERROR;
	fprintf(f,
		"directories.tokendir = %s/softhsm-tokens\n"
		"objectstore.backend = file\nlog.level = ERROR\n"
		"slots.removable = false\n",
		bench_tmpdir);
	fclose(f);
	setenv("SOFTHSM2_CONF", path, 1);

	rv = load(p, bench_softhsm_module);
	if (rv == CKR_OK)
		rv = p->f->C_GetSlotList(CK_FALSE, slots, &n);
	if (rv != CKR_OK || !n)
		return rv ?: CKR_GENERAL_ERROR;
	pad_label(label, "khsm-bench");
	rv = p->f->C_InitToken(slots[0], (CK_UTF8CHAR *)bench_so_pin,
			       strlen(bench_so_pin), label);
	if (rv != CKR_OK)
		return rv;
	/* SoftHSM2 gives an initialised token a new slot id. */
	n = 64;
	rv = p->f->C_GetSlotList(CK_TRUE, slots, &n);
	for (CK_ULONG i = 0; rv == CKR_OK && i < n; i++) {
		if (p->f->C_GetTokenInfo(slots[i], &ti) == CKR_OK &&
		    !memcmp(ti.label, label, 32)) {
			p->slot = slots[i];
			break;
		}
	}
	rv = p->f->C_OpenSession(p->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
				 NULL, NULL, &s);
	if (rv == CKR_OK)
		rv = p->f->C_Login(s, CKU_SO, (CK_UTF8CHAR *)bench_so_pin,
				   strlen(bench_so_pin));
	if (rv == CKR_OK)
		rv = p->f->C_InitPIN(s, (CK_UTF8CHAR *)bench_user_pin,
				     strlen(bench_user_pin));
	if (rv == CKR_OK)
		rv = p->f->C_Logout(s);
	if (rv == CKR_OK)
		p->f->C_CloseSession(s);
	return rv;
}

static int p11_setup(struct p11_inst *p, bool khsm)
{
	CK_RV rv;

	if (khsm) {
		if (bench_khsm_token_setup())
			return -1;
		rv = load(p, bench_p11_khsm_module);
		p->slot = bench_khsm_token;
	} else {
		rv = softhsm_token(p);
	}
	if (rv == CKR_OK)
		rv = p->f->C_OpenSession(p->slot,
					 CKF_SERIAL_SESSION | CKF_RW_SESSION,
					 NULL, NULL, &p->keep);
	if (rv == CKR_OK)
		rv = login_user(p, p->keep);
	if (rv != CKR_OK) {
		fprintf(stderr, "PKCS#11 %s set-up: CKR 0x%lx\n",
			khsm ? "khsm" : "SoftHSM2", rv);
		return -1;
	}
	p->ok = true;
	return 0;
}

static int setup_khsm(void)
{
	return p11_setup(&inst[0], true);
}

static int setup_softhsm(void)
{
	return p11_setup(&inst[1], false);
}

static void p11_teardown(struct p11_inst *p)
{
	if (!p->ok)
		return;
	p->f->C_CloseAllSessions(p->slot);
	p->f->C_Finalize(NULL);
	p->ok = false;
}

static void teardown_khsm(void)
{
	p11_teardown(&inst[0]);
}

static void teardown_softhsm(void)
{
	char cmd[4200];

	p11_teardown(&inst[1]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", bench_tmpdir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", bench_tmpdir);
}

struct p11_ctx {
	struct p11_inst *p;
	CK_SESSION_HANDLE s;
	CK_OBJECT_HANDLE key;
	CK_MECHANISM m;
	CK_RSA_PKCS_PSS_PARAMS pss;
	CK_GCM_PARAMS gcm;
	uint8_t iv[BENCH_GCM_IV];
	uint8_t in[512];
	CK_ULONG in_len;
	uint64_t counter;
	int thread;
};

static bool p11_supports(const struct bench_case *c)
{
	(void)c;
	return true;
}

static void p11_close(void *arg)
{
	struct p11_ctx *x = arg;

	if (x->key)
		x->p->f->C_DestroyObject(x->s, x->key);
	if (x->s)
		x->p->f->C_CloseSession(x->s);
	free(x);
}

static void *p11_open(struct p11_inst *p, const struct bench_case *c,
		      int thread)
{
	struct p11_ctx *x = calloc(1, sizeof(*x));
	struct tmpl *t;
	CK_RV rv;

	x->p = p;
	x->thread = thread;
	rv = p->f->C_OpenSession(p->slot, CKF_SERIAL_SESSION, NULL, NULL,
				 &x->s);
	if (rv == CKR_OK) {
		t = tmpl_key(c);
		rv = t ? p->f->C_CreateObject(x->s, tmpl_attrs(t),
					      tmpl_count(t), &x->key) :
			 CKR_GENERAL_ERROR;
		if (t)
			tmpl_free(t);
	}
	if (rv != CKR_OK) {
		fprintf(stderr, "PKCS#11 open %s: CKR 0x%lx\n", c->name, rv);
		x->key = 0;
		p11_close(x);
		return NULL;
	}
	x->m.mechanism = tmpl_mech(c);
	if (c->kind == K_RSA_PSS) {
		x->pss = (CK_RSA_PKCS_PSS_PARAMS){ CKM_SHA256, CKG_MGF1_SHA256,
						   c->in_len };
		x->m.pParameter = &x->pss;
		x->m.ulParameterLen = sizeof(x->pss);
	} else if (c->kind == K_GCM) {
		x->gcm.pIv = x->iv;
		x->gcm.ulIvLen = BENCH_GCM_IV;
		x->gcm.ulIvBits = 8 * BENCH_GCM_IV;
		x->gcm.ulTagBits = 8 * BENCH_GCM_TAG;
		x->m.pParameter = &x->gcm;
		x->m.ulParameterLen = sizeof(x->gcm);
	}
	if (c->kind != K_GCM)
		x->in_len = tmpl_sign_input(c, x->in);
	return x;
}

static void *open_khsm(const struct bench_case *c, int thread)
{
	return p11_open(&inst[0], c, thread);
}

static void *open_softhsm(const struct bench_case *c, int thread)
{
	return p11_open(&inst[1], c, thread);
}

static int p11_run(void *arg, const struct bench_case *c, struct bench_out *o)
{
	struct p11_ctx *x = arg;
	CK_FUNCTION_LIST *f = x->p->f;
	CK_ULONG len = sizeof(o->buf);
	CK_RV rv;

	if (c->kind == K_GCM) {
		bench_gcm_iv(x->iv, x->counter++, x->thread);
		memcpy(o->iv, x->iv, BENCH_GCM_IV);
		rv = f->C_EncryptInit(x->s, &x->m, x->key);
		if (rv == CKR_OK)
			rv = f->C_Encrypt(x->s, (CK_BYTE *)c->in, c->in_len,
					  o->buf, &len);
	} else {
		rv = f->C_SignInit(x->s, &x->m, x->key);
		if (rv == CKR_OK)
			rv = f->C_Sign(x->s, x->in, x->in_len, o->buf, &len);
	}
	if (rv != CKR_OK)
		return -1;
	o->len = len;
	return 1;
}

/*
 * C_FindObjects by CKA_LABEL among 1,000 token objects: the time of one
 * whole search (Init, FindObjects, Final), averaged.
 */
int bench_p11_find_1000(const char *module, bool khsm, double *secs, int *found)
{
	struct p11_inst *p = &inst[khsm ? 0 : 1];
	CK_OBJECT_CLASS data = CKO_DATA;
	CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
	char label[32];
	CK_ATTRIBUTE a[] = {
		{ CKA_CLASS, &data, sizeof(data) },
		{ CKA_TOKEN, &yes, sizeof(yes) },
		{ CKA_PRIVATE, &no, sizeof(no) },
		{ CKA_LABEL, label, 0 },
	};
	CK_OBJECT_HANDLE h[16];
	CK_SESSION_HANDLE s;
	struct timespec t0, t1;
	CK_ULONG n = 0;
	int rounds = 20;
	CK_RV rv;

	(void)module;
	if (!p->ok)
		return -1;
	rv = p->f->C_OpenSession(p->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
				 NULL, NULL, &s);
	for (int i = 0; rv == CKR_OK && i < 1000; i++) {
		a[3].ulValueLen = snprintf(label, sizeof(label), "obj-%d", i);
		rv = p->f->C_CreateObject(s, a, 4, h);
	}
	if (rv != CKR_OK) {
		fprintf(stderr, "C_CreateObject: CKR 0x%lx\n", rv);
		return -1;
	}
	a[3].ulValueLen = snprintf(label, sizeof(label), "obj-%d", 777);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int r = 0; r < rounds && rv == CKR_OK; r++) {
		rv = p->f->C_FindObjectsInit(s, &a[3], 1);
		if (rv == CKR_OK)
			rv = p->f->C_FindObjects(s, h, 16, &n);
		if (rv == CKR_OK)
			rv = p->f->C_FindObjectsFinal(s);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	p->f->C_CloseSession(s);
	if (rv != CKR_OK)
		return -1;
	*secs = ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9) /
		rounds;
	*found = (int)n;
	return 0;
}

const struct bench_path path_p11_khsm = {
	.name = "khsm PKCS#11",
	.setup = setup_khsm,
	.supports = p11_supports,
	.open = open_khsm,
	.run = p11_run,
	.close = p11_close,
	.teardown = teardown_khsm,
};

const struct bench_path path_p11_softhsm = {
	.name = "SoftHSM2",
	.setup = setup_softhsm,
	.supports = p11_supports,
	.open = open_softhsm,
	.run = p11_run,
	.close = p11_close,
	.teardown = teardown_softhsm,
};
