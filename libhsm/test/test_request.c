// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The typed requests: argument checks natively, and one pass over every
 * request against the real module when /dev/khsm exists (in the guest, as
 * root). Requests whose kernel handler has not landed yet (-ENOTTY) are
 * counted as skipped, not passed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "hsm.h"

#define SO_PIN "so-pin-1234"
#define USER_PIN "user-pin-5678"

static void test_args(void)
{
	struct hsm *h = NULL;
	struct hsm_mech m = { .mech = KHSM_MECH_AES_ECB };
	struct khsm_token_info ti;
	uint32_t u32, *list;
	size_t len = 0;

	CHECK(hsm_token_create(NULL, 0, 0, 0600, &u32) == -EINVAL, "create");
	CHECK(hsm_token_create_pin_policy(NULL, 0, 0, 0600, 5, 2000, &u32) ==
		      -EINVAL,
	      "create with a PIN policy");
	CHECK(hsm_token_list(NULL, NULL, 0) == -EINVAL, "list");
	CHECK(hsm_token_list(h, NULL, 4) == -EINVAL, "list NULL ids");
	CHECK(hsm_token_info(NULL, 0, &ti) == -EINVAL, "token info");
	CHECK(hsm_token_init(NULL, 0, "x", 1, "l", 0, 0) == -EINVAL, "init");
	CHECK(hsm_session_open(NULL, 0, 0) == -EINVAL, "session open");
	CHECK(hsm_login(NULL, KHSM_USER_USER, "1234", 4) == -EINVAL, "login");
	CHECK(hsm_logout(NULL) == -EINVAL, "logout");
	CHECK(hsm_object_create(NULL, NULL, 0, &u32) == -EINVAL, "create obj");
	CHECK(hsm_attr_get(NULL, 1, NULL, 0, &u32) == -EINVAL, "attr get");
	CHECK(hsm_find_alloc(NULL, NULL, 0, &list) == -EINVAL && !list,
	      "find_alloc");
	CHECK(hsm_crypt(NULL, KHSM_OP_ENCRYPT, 1, &m, NULL, 0, NULL, 0, NULL,
			&len) == -EINVAL,
	      "crypt");
	CHECK(hsm_crypt_begin(NULL, 99, 1, &m, NULL, 0) == -EINVAL, "begin");
	CHECK(hsm_wrap_key(NULL, &m, 1, 2, NULL, &len) == -EINVAL, "wrap");
	CHECK(strstr(hsm_strerror(-EKEYREVOKED), "locked") != NULL,
	      "EKEYREVOKED explained");
}

/* A fresh token with both PINs set, and a R/W user session on it. */
static int setup(struct hsm *ctl, uint32_t *token, struct hsm **s)
{
	int ret;

	ret = hsm_token_create(ctl, 0, 0, 0600, token);
	CHECK(ret == 0, "token create: %s", hsm_strerror(ret));
	if (ret)
		return ret;
	ret = hsm_token_init(ctl, *token, SO_PIN, strlen(SO_PIN), "libhsm test",
			     3, KHSM_PBKDF2_MIN_ITER);
	CHECK(ret == 0, "token init: %s", hsm_strerror(ret));
	ret = hsm_open(NULL, s);
	if (ret)
		return ret;
	ret = hsm_session_open(*s, *token, KHSM_SESSION_RW);
	CHECK(ret == 0, "session open: %s", hsm_strerror(ret));
	ret = hsm_login(*s, KHSM_USER_SO, SO_PIN, strlen(SO_PIN));
	CHECK(ret == 0, "SO login: %s", hsm_strerror(ret));
	ret = hsm_init_pin(*s, USER_PIN, strlen(USER_PIN));
	CHECK(ret == 0, "init pin: %s", hsm_strerror(ret));
	CHECK(hsm_logout(*s) == 0, "logout");
	CHECK(hsm_logout(*s) == -EPERM, "second logout");
	CHECK(hsm_login(*s, KHSM_USER_USER, "wrong-pin", 9) == -EKEYREJECTED,
	      "wrong PIN rejected");
	ret = hsm_login(*s, KHSM_USER_USER, USER_PIN, strlen(USER_PIN));
	CHECK(ret == 0, "user login: %s", hsm_strerror(ret));
	return ret;
}

static void test_random(struct hsm *ctl)
{
	static uint8_t a[KHSM_MAX_DATA_LEN + 100], b[32];
	int ret;

	ret = hsm_random(ctl, a, sizeof(a));
	if (ret == -ENOTTY)
		return;
	CHECK(ret == 0, "random: %s", hsm_strerror(ret));
	CHECK(hsm_random(ctl, b, sizeof(b)) == 0 && memcmp(a, b, sizeof(b)),
	      "random differs");
	CHECK(hsm_random(ctl, NULL, 0) == 0, "no bytes");
	CHECK(hsm_random(ctl, NULL, 1) == -EINVAL, "NULL buffer");
}

static void test_tokens(struct hsm *ctl, uint32_t token)
{
	struct khsm_token_info ti;
	uint32_t ids[KHSM_MAX_TOKENS];
	int n, i, seen = 0;

	n = hsm_token_list(ctl, NULL, 0);
	CHECK(n >= 1, "token count %d", n);
	n = hsm_token_list(ctl, ids, KHSM_MAX_TOKENS);
	for (i = 0; i < n; i++)
		seen |= ids[i] == token;
	CHECK(seen, "token listed");
	CHECK(hsm_token_info(ctl, token, &ti) == 0, "token info");
	CHECK(ti.token_flags & KHSM_TOKEN_USER_PIN_INITIALIZED, "user PIN set");
	CHECK(memcmp(ti.label, "libhsm test ", 12) == 0, "label blank padded");
	{
		uint32_t t2 = 0;
		int ret = hsm_token_create_pin_policy(ctl, 0, 0, 0600, 5, 2000,
						      &t2);

		CHECK(ret == 0, "create with a PIN policy: %s",
		      hsm_strerror(ret));
		CHECK(hsm_token_info(ctl, t2, &ti) == 0 &&
			      ti.max_pin_failures == 5 &&
			      ti.pbkdf2_iterations == 2000,
		      "the policy is the token's");
		CHECK(hsm_token_destroy(ctl, t2) == 0, "destroy it");
		CHECK(hsm_token_create_pin_policy(ctl, 0, 0, 0600, 101, 0,
						  &t2) == -EINVAL,
		      "a policy out of range");
	}
}

static void test_objects(struct hsm *s)
{
	uint64_t cls = KHSM_CLASS_DATA, vlen = 32, kt = KHSM_KEY_AES;
	uint64_t skc = KHSM_CLASS_SECRET_KEY;
	uint8_t yes = 1, val[4] = { 1, 2, 3, 4 }, buf[16];
	struct khsm_attr t[] = {
		{ KHSM_ATTR_CLASS, (uintptr_t)&cls, sizeof(cls) },
		{ KHSM_ATTR_LABEL, (uintptr_t) "obj", 3 },
		{ KHSM_ATTR_VALUE, (uintptr_t)val, sizeof(val) },
	};
	struct khsm_attr g = { KHSM_ATTR_VALUE, (uintptr_t)buf, sizeof(buf) };
	struct khsm_attr set = { KHSM_ATTR_LABEL, (uintptr_t) "new", 3 };
	struct khsm_attr kg[] = {
		{ KHSM_ATTR_CLASS, (uintptr_t)&skc, sizeof(skc) },
		{ KHSM_ATTR_KEY_TYPE, (uintptr_t)&kt, sizeof(kt) },
		{ KHSM_ATTR_VALUE_LEN, (uintptr_t)&vlen, sizeof(vlen) },
		{ KHSM_ATTR_ENCRYPT, (uintptr_t)&yes, 1 },
		{ KHSM_ATTR_DECRYPT, (uintptr_t)&yes, 1 },
		{ KHSM_ATTR_SENSITIVE, (uintptr_t)&yes, 1 },
	};
	uint8_t iv[16] = { 0 }, pt[32], ct[48], back[48];
	struct hsm_mech cbc = { KHSM_MECH_AES_CBC_PAD, iv, sizeof(iv) };
	uint32_t h, h2, key, result, *found;
	size_t len;
	int ret, n;

	ret = hsm_object_create(s, t, 3, &h);
	CHECK(ret == 0, "create: %s", hsm_strerror(ret));
	CHECK(hsm_attr_get(s, h, &g, 1, &result) == 0 && !result &&
		      g.len == 4 && !memcmp(buf, val, 4),
	      "get value");
	CHECK(hsm_attr_set(s, h, &set, 1) == 0, "set label");
	CHECK(hsm_object_copy(s, h, NULL, 0, &h2) == 0 && h2 != h, "copy");
	n = hsm_find_alloc(s, &set, 1, &found);
	CHECK(n == 2, "find %d", n);
	free(found);
	CHECK(hsm_find(s, &set, 1, &h, 1) == 2, "find beyond capacity");
	CHECK(hsm_object_destroy(s, h2) == 0, "destroy");
	CHECK(hsm_object_destroy(s, h2) == -ENOENT, "destroy twice");

	ret = hsm_generate_key(s, KHSM_MECH_AES_KEY_GEN, kg, 6, &key);
	CHECK(ret == 0, "generate AES key: %s", hsm_strerror(ret));
	g.len = sizeof(buf);
	CHECK(hsm_attr_get(s, key, &g, 1, &result) == 0 &&
		      (result & KHSM_GET_SENSITIVE) &&
		      g.len == KHSM_ATTR_UNAVAILABLE,
	      "sensitive value withheld");
	memset(pt, 0x5a, sizeof(pt));
	len = 0;
	ret = hsm_crypt(s, KHSM_OP_ENCRYPT, key, &cbc, NULL, 0, pt, sizeof(pt),
			NULL, &len);
	CHECK(ret == 0 && len >= 48, "length query %zu", len);
	len = 8;
	ret = hsm_crypt(s, KHSM_OP_ENCRYPT, key, &cbc, NULL, 0, pt, sizeof(pt),
			ct, &len);
	CHECK(ret == -ENOSPC && len == 48, "short buffer %d %zu", ret, len);
	len = sizeof(ct);
	ret = hsm_crypt(s, KHSM_OP_ENCRYPT, key, &cbc, NULL, 0, pt, sizeof(pt),
			ct, &len);
	CHECK(ret == 0 && len == 48, "encrypt");
	len = sizeof(back);
	ret = hsm_crypt(s, KHSM_OP_DECRYPT, key, &cbc, NULL, 0, ct, 48, back,
			&len);
	CHECK(ret == 0 && len == 32 && !memcmp(back, pt, 32), "decrypt");

	/* Multi-part: only once the kernel has it. */
	ret = hsm_crypt_begin(s, KHSM_OP_ENCRYPT, key, &cbc, NULL, 0);
	if (ret == -EINVAL) {
		printf("libhsm-request: multi-part not in this kernel, skipped\n");
		return;
	}
	CHECK(ret == 0, "begin: %s", hsm_strerror(ret));
	CHECK(hsm_crypt_begin(s, KHSM_OP_ENCRYPT, key, &cbc, NULL, 0) == -EBUSY,
	      "second begin");
	/* Output may come with each update or all at the end. */
	len = sizeof(back);
	ret = hsm_crypt_update(s, KHSM_OP_ENCRYPT, pt, 20, back, &len);
	CHECK(ret == 0 && len <= 16, "update: %s %zu", hsm_strerror(ret), len);
	n = (int)len;
	len = sizeof(back) - n;
	ret = hsm_crypt_update(s, KHSM_OP_ENCRYPT, pt + 20, 12, back + n, &len);
	CHECK(ret == 0, "update 2: %s", hsm_strerror(ret));
	n += (int)len;
	len = 0;
	ret = hsm_crypt_final(s, KHSM_OP_ENCRYPT, NULL, &len);
	CHECK(ret == 0 && n + len >= 48, "final length query %zu", len);
	len = sizeof(back) - n;
	ret = hsm_crypt_final(s, KHSM_OP_ENCRYPT, back + n, &len);
	CHECK(ret == 0 && n + len == 48 && !memcmp(back, ct, 48),
	      "multi-part equals single-part");
	CHECK(hsm_crypt_cancel(s, KHSM_OP_ENCRYPT) == -ENOMSG,
	      "nothing active");
}

/* Sign-recover and verify-recover, and a CKA_ALWAYS_AUTHENTICATE key. */
static void test_recover(struct hsm *s)
{
	static const uint8_t f4[] = { 1, 0, 1 };
	static const uint8_t p256[] = { 0x06, 0x08, 0x2a, 0x86, 0x48,
					0xce, 0x3d, 0x03, 0x01, 0x07 };
	uint64_t bits = 2048;
	uint8_t yes = 1, data[20] = "recover me, libhsm", sig[256], back[256];
	struct khsm_attr rpub[] = {
		{ KHSM_ATTR_MODULUS_BITS, (uintptr_t)&bits, sizeof(bits) },
		{ KHSM_ATTR_PUBLIC_EXPONENT, (uintptr_t)f4, sizeof(f4) },
	};
	struct khsm_attr epub = { KHSM_ATTR_EC_PARAMS, (uintptr_t)p256,
				  sizeof(p256) };
	struct khsm_attr epriv = { 0x202 /* CKA_ALWAYS_AUTHENTICATE */,
				   (uintptr_t)&yes, 1 };
	struct hsm_mech pkcs = { KHSM_MECH_RSA_PKCS, NULL, 0 };
	struct hsm_mech ecdsa = { KHSM_MECH_ECDSA, NULL, 0 };
	uint32_t pub, priv;
	size_t len;
	int ret;

	ret = hsm_generate_key_pair(s, KHSM_MECH_RSA_PKCS_KEY_PAIR_GEN, rpub, 2,
				    NULL, 0, &pub, &priv);
	CHECK(ret == 0, "RSA key pair: %s", hsm_strerror(ret));
	len = sizeof(sig);
	ret = hsm_crypt(s, KHSM_OP_SIGN_RECOVER, priv, &pkcs, NULL, 0, data,
			sizeof(data), sig, &len);
	CHECK(ret == 0 && len == 256, "sign-recover: %s", hsm_strerror(ret));
	len = 0;
	ret = hsm_crypt(s, KHSM_OP_VERIFY_RECOVER, pub, &pkcs, NULL, 0, sig,
			256, NULL, &len);
	CHECK(ret == 0 && len >= sizeof(data), "verify-recover length");
	len = sizeof(back);
	ret = hsm_crypt(s, KHSM_OP_VERIFY_RECOVER, pub, &pkcs, NULL, 0, sig,
			256, back, &len);
	CHECK(ret == 0 && len == sizeof(data) && !memcmp(back, data, len),
	      "verify-recover gives the data back: %s", hsm_strerror(ret));
	sig[0] ^= 0x80;
	len = sizeof(back);
	ret = hsm_crypt(s, KHSM_OP_VERIFY_RECOVER, pub, &pkcs, NULL, 0, sig,
			256, back, &len);
	CHECK(ret == -EBADMSG, "bad signature: %s", hsm_strerror(ret));
	CHECK(hsm_crypt_begin(s, KHSM_OP_SIGN_RECOVER, priv, &pkcs, NULL, 0) ==
		      -EOPNOTSUPP,
	      "recovery is single-part");

	ret = hsm_generate_key_pair(s, KHSM_MECH_EC_KEY_PAIR_GEN, &epub, 1,
				    &epriv, 1, &pub, &priv);
	CHECK(ret == 0, "EC key pair: %s", hsm_strerror(ret));
	len = sizeof(sig);
	ret = hsm_crypt(s, KHSM_OP_SIGN, priv, &ecdsa, NULL, 0, data, 20, sig,
			&len);
	CHECK(ret == -EKEYEXPIRED, "needs a context login: %s",
	      hsm_strerror(ret));
	CHECK(hsm_login(s, KHSM_USER_CONTEXT, "wrong-pin", 9) == -EKEYREJECTED,
	      "wrong context PIN");
	ret = hsm_login(s, KHSM_USER_CONTEXT, USER_PIN, strlen(USER_PIN));
	CHECK(ret == 0, "context login: %s", hsm_strerror(ret));
	len = sizeof(sig);
	ret = hsm_crypt(s, KHSM_OP_SIGN, priv, &ecdsa, NULL, 0, data, 20, sig,
			&len);
	CHECK(ret == 0 && len == 64, "signs once: %s", hsm_strerror(ret));
	len = sizeof(sig);
	ret = hsm_crypt(s, KHSM_OP_SIGN, priv, &ecdsa, NULL, 0, data, 20, sig,
			&len);
	CHECK(ret == -EKEYEXPIRED, "not twice: %s", hsm_strerror(ret));
}

static void test_device(void)
{
	struct hsm *ctl, *s = NULL;
	uint32_t token;
	int ret;

	ret = hsm_open(NULL, &ctl);
	CHECK(ret == 0, "open: %s", hsm_strerror(ret));
	if (ret)
		return;
	test_random(ctl);
	if (setup(ctl, &token, &s) == 0) {
		test_tokens(ctl, token);
		test_objects(s);
		test_recover(s);
	}
	CHECK(hsm_token_destroy(ctl, token) == -EBUSY, "busy while in use");
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
	return check_report("libhsm-request");
}
