// SPDX-License-Identifier: GPL-2.0
/*
 * Objects and attributes: the PKCS#11 rules as the kernel enforces them,
 * every read path on sensitive and unextractable keys, and secret key
 * generation inside the kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_util.h"
#include "kselftest_harness.h"

#define CKA_APPLICATION 0x10
#define CKA_CERTIFICATE_TYPE 0x80

static const __u8 aes_key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae,
				  0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88,
				  0x09, 0xcf, 0x4f, 0x3c };

FIXTURE(obj)
{
	int fd;
	int s; /* read/write session, logged in as user */
	unsigned int token;
};

FIXTURE_SETUP(obj)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
	self->s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, self->s);
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
}

FIXTURE_TEARDOWN(obj)
{
	close(self->s);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

static void data_template(struct tmpl *t, const char *label)
{
	t->n = 0;
	tmpl_ulong(t, KHSM_ATTR_CLASS, KHSM_CLASS_DATA);
	tmpl_str(t, KHSM_ATTR_LABEL, label);
}

/* An AES key imported with @value; sensitivity as given (-1: default). */
static int import_aes(int s, const __u8 *value, int sensitive, int extractable,
		      __u32 *h)
{
	struct tmpl t = { .n = 0 };

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, value, 16);
	tmpl_str(&t, KHSM_ATTR_LABEL, "imported aes");
	if (sensitive >= 0)
		tmpl_bool(&t, KHSM_ATTR_SENSITIVE, sensitive);
	if (extractable >= 0)
		tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, extractable);
	return khsm_create(s, &t, h);
}

/* Read CKA_VALUE into @buf: 0, or the KHSM_GET_* result bits. */
static int read_value(int s, __u32 h, __u8 *buf, __u64 *len)
{
	struct tmpl t = { .n = 0 };
	__u32 result;
	int ret;

	tmpl_bytes(&t, KHSM_ATTR_VALUE, buf, *len);
	ret = khsm_get_attrs(s, h, &t, &result);
	*len = t.a[0].len;
	return ret ? ret : (int)result;
}

TEST_F(obj, data_object_round_trip)
{
	struct tmpl t = { .n = 0 }, g = { .n = 0 };
	char label[32] = "", app[32] = "";
	__u8 value[8] = { 0 };
	__u64 class = 99;
	__u32 h, result;

	data_template(&t, "my data");
	tmpl_str(&t, CKA_APPLICATION, "khsm test");
	tmpl_bytes(&t, KHSM_ATTR_VALUE, "\x01\x02\x03", 3);
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	EXPECT_NE(0, h);

	tmpl_bytes(&g, KHSM_ATTR_CLASS, &class, sizeof(class));
	tmpl_bytes(&g, KHSM_ATTR_LABEL, label, sizeof(label));
	tmpl_bytes(&g, CKA_APPLICATION, app, sizeof(app));
	tmpl_bytes(&g, KHSM_ATTR_VALUE, value, sizeof(value));
	ASSERT_EQ(0, khsm_get_attrs(self->s, h, &g, &result));
	EXPECT_EQ(0, result);
	EXPECT_EQ(KHSM_CLASS_DATA, class);
	EXPECT_EQ(7, g.a[1].len);
	EXPECT_EQ(0, memcmp(label, "my data", 7));
	EXPECT_EQ(0, memcmp(app, "khsm test", 9));
	EXPECT_EQ(3, g.a[3].len);
	EXPECT_EQ(0, memcmp(value, "\x01\x02\x03", 3));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_TOKEN));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_PRIVATE));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_MODIFIABLE));
}

TEST_F(obj, template_errors)
{
	struct tmpl t = { .n = 0 };
	__u32 h;

	tmpl_str(&t, KHSM_ATTR_LABEL, "no class");
	EXPECT_EQ(-ENODATA, khsm_create(self->s, &t, &h));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, 7);
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));

	data_template(&t, "sensitive data?");
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 1);
	EXPECT_EQ(-EPROTONOSUPPORT, khsm_create(self->s, &t, &h));

	data_template(&t, "bad bool");
	tmpl_bytes(&t, KHSM_ATTR_TOKEN, "\x02", 1);
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));

	data_template(&t, "bad ulong");
	t.a[0].len = 4;
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));

	data_template(&t, "twice");
	tmpl_str(&t, KHSM_ATTR_LABEL, "again");
	EXPECT_EQ(-EILSEQ, khsm_create(self->s, &t, &h));

	/* Only the kernel says a key was made inside it. */
	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, aes_key, 16);
	tmpl_bool(&t, KHSM_ATTR_LOCAL, 1);
	EXPECT_EQ(-EACCES, khsm_create(self->s, &t, &h));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_CERTIFICATE);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, "der", 3);
	EXPECT_EQ(-ENODATA, khsm_create(self->s, &t, &h));
	tmpl_ulong(&t, CKA_CERTIFICATE_TYPE, 0);
	EXPECT_EQ(0, khsm_create(self->s, &t, &h));
}

TEST_F(obj, template_bad_pointers)
{
	struct khsm_object_create r = { .size = sizeof(r),
					.attrs = 16,
					.count = 1 };
	struct tmpl t = { .n = 0 };
	__u32 h;

	EXPECT_EQ(-EFAULT, khsm_ioctl(self->s, KHSM_IOC_OBJECT_CREATE, &r));
	r.count = KHSM_MAX_ATTRS + 1;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->s, KHSM_IOC_OBJECT_CREATE, &r));

	data_template(&t, "value pointer");
	tmpl_bytes(&t, KHSM_ATTR_VALUE, (void *)16, 4);
	EXPECT_EQ(-EFAULT, khsm_create(self->s, &t, &h));
	t.a[t.n - 1].value = 0;
	EXPECT_EQ(-EINVAL, khsm_create(self->s, &t, &h));
	t.a[t.n - 1].value = (__u64)(unsigned long)"x";
	t.a[t.n - 1].len = KHSM_MAX_ATTR_LEN + 1;
	EXPECT_EQ(-EINVAL, khsm_create(self->s, &t, &h));
}

TEST_F(obj, imported_key_is_sensitive_by_default)
{
	struct tmpl g = { .n = 0 };
	__u8 value[16] = { 0 };
	char label[32];
	__u64 key_type = 0;
	__u32 h, result;

	ASSERT_EQ(0, import_aes(self->s, aes_key, -1, -1, &h));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_SENSITIVE));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_PRIVATE));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_ALWAYS_SENSITIVE));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_LOCAL));

	/* The value is refused; the other attributes still come back. */
	tmpl_bytes(&g, KHSM_ATTR_LABEL, label, sizeof(label));
	tmpl_bytes(&g, KHSM_ATTR_VALUE, value, sizeof(value));
	tmpl_bytes(&g, KHSM_ATTR_KEY_TYPE, &key_type, sizeof(key_type));
	ASSERT_EQ(0, khsm_get_attrs(self->s, h, &g, &result));
	EXPECT_EQ(KHSM_GET_SENSITIVE, result);
	EXPECT_EQ(KHSM_ATTR_UNAVAILABLE, g.a[1].len);
	EXPECT_EQ(12, g.a[0].len);
	EXPECT_EQ(KHSM_KEY_AES, key_type);
	EXPECT_EQ(0, memcmp(value, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16));
}

TEST_F(obj, readable_only_if_extractable_and_not_sensitive)
{
	__u8 value[32];
	__u64 len = sizeof(value);
	__u32 open_key, locked_key;

	ASSERT_EQ(0, import_aes(self->s, aes_key, 0, 1, &open_key));
	ASSERT_EQ(0, read_value(self->s, open_key, value, &len));
	EXPECT_EQ(16, len);
	EXPECT_EQ(0, memcmp(value, aes_key, 16));

	ASSERT_EQ(0, import_aes(self->s, aes_key, 0, 0, &locked_key));
	len = sizeof(value);
	EXPECT_EQ(KHSM_GET_SENSITIVE,
		  read_value(self->s, locked_key, value, &len));
	EXPECT_EQ(KHSM_ATTR_UNAVAILABLE, len);
}

TEST_F(obj, sensitive_only_becomes_true)
{
	struct tmpl t = { .n = 0 };
	__u8 value[16];
	__u64 len = sizeof(value);
	__u32 h;

	ASSERT_EQ(0, import_aes(self->s, aes_key, 0, 1, &h));
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 1);
	ASSERT_EQ(0, khsm_set_attrs(self->s, h, &t));
	EXPECT_EQ(KHSM_GET_SENSITIVE, read_value(self->s, h, value, &len));
	t.bools[0] = 0;
	EXPECT_EQ(-EACCES, khsm_set_attrs(self->s, h, &t));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_SENSITIVE));
}

TEST_F(obj, extractable_only_becomes_false)
{
	struct tmpl t = { .n = 0 };
	__u32 h;

	ASSERT_EQ(0, import_aes(self->s, aes_key, 1, 0, &h));
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 1);
	EXPECT_EQ(-EACCES, khsm_set_attrs(self->s, h, &t));
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_EXTRACTABLE));
}

TEST_F(obj, secret_key_checks)
{
	struct tmpl t = { .n = 0 };
	__u32 h;

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	EXPECT_EQ(-ENODATA, khsm_create(self->s, &t, &h));
	tmpl_bytes(&t, KHSM_ATTR_VALUE, aes_key, 15);
	EXPECT_EQ(-EDOM, khsm_create(self->s, &t, &h));
	t.a[2].len = 16;
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 32);
	EXPECT_EQ(-EILSEQ, khsm_create(self->s, &t, &h));
	t.ulongs[3] = 16;
	EXPECT_EQ(0, khsm_create(self->s, &t, &h));
}

TEST_F(obj, generate_aes_key)
{
	struct tmpl t = { .n = 0 };
	__u8 v1[32], v2[32];
	__u64 len = sizeof(v1), mech = 0;
	struct tmpl g = { .n = 0 };
	__u32 h1, h2, result;

	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 32);
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 0);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 1);
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h1));
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h2));
	EXPECT_EQ(1, khsm_get_bool(self->s, h1, KHSM_ATTR_LOCAL));
	EXPECT_EQ(0, khsm_get_bool(self->s, h1, KHSM_ATTR_ALWAYS_SENSITIVE));
	EXPECT_EQ(0, khsm_get_bool(self->s, h1, KHSM_ATTR_NEVER_EXTRACTABLE));
	tmpl_bytes(&g, KHSM_ATTR_KEY_GEN_MECHANISM, &mech, sizeof(mech));
	ASSERT_EQ(0, khsm_get_attrs(self->s, h1, &g, &result));
	EXPECT_EQ(KHSM_MECH_AES_KEY_GEN, mech);

	ASSERT_EQ(0, read_value(self->s, h1, v1, &len));
	EXPECT_EQ(32, len);
	ASSERT_EQ(0, read_value(self->s, h2, v2, &len));
	EXPECT_NE(0, memcmp(v1, v2, 32));
}

TEST_F(obj, generated_key_flags)
{
	struct tmpl t = { .n = 0 };
	__u8 v[32];
	__u64 len = sizeof(v);
	__u32 h;

	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 16);
	tmpl_bool(&t, KHSM_ATTR_EXTRACTABLE, 0);
	ASSERT_EQ(0, khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_ALWAYS_SENSITIVE));
	EXPECT_EQ(1, khsm_get_bool(self->s, h, KHSM_ATTR_NEVER_EXTRACTABLE));
	EXPECT_EQ(KHSM_GET_SENSITIVE, read_value(self->s, h, v, &len));
}

TEST_F(obj, generate_errors)
{
	struct tmpl t = { .n = 0 };
	__u32 h;

	EXPECT_EQ(-ENODATA,
		  khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	tmpl_ulong(&t, KHSM_ATTR_VALUE_LEN, 20);
	EXPECT_EQ(-ERANGE,
		  khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	EXPECT_EQ(0, khsm_generate(self->s, KHSM_MECH_GENERIC_SECRET_KEY_GEN,
				   &t, &h));
	EXPECT_EQ(-EOPNOTSUPP, khsm_generate(self->s, 0x1234, &t, &h));
	t.ulongs[0] = 16;
	tmpl_bytes(&t, KHSM_ATTR_VALUE, aes_key, 16);
	EXPECT_EQ(-EILSEQ,
		  khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
	t.n = 1;
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_GENERIC_SECRET);
	EXPECT_EQ(-EILSEQ,
		  khsm_generate(self->s, KHSM_MECH_AES_KEY_GEN, &t, &h));
}

TEST_F(obj, find_by_template)
{
	struct tmpl t = { .n = 0 };
	__u32 h[3], found[8], one[1];
	int i;

	for (i = 0; i < 3; i++) {
		data_template(&t, i == 1 ? "needle" : "hay");
		ASSERT_EQ(0, khsm_create(self->s, &t, &h[i]));
	}
	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "needle");
	ASSERT_EQ(1, khsm_find(self->s, &t, found, 8));
	EXPECT_EQ(h[1], found[0]);

	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "hay");
	ASSERT_EQ(2, khsm_find(self->s, &t, found, 8));
	EXPECT_EQ(h[0], found[0]);
	EXPECT_EQ(h[2], found[1]);

	/* The two-call convention: the count comes back with -ENOSPC. */
	EXPECT_EQ(-ENOSPC, khsm_find(self->s, &t, one, 1));
	t.n = 0;
	EXPECT_EQ(3, khsm_find(self->s, &t, NULL, 0));
}

TEST_F(obj, find_cannot_probe_sensitive_value)
{
	struct tmpl t = { .n = 0 };
	__u32 secret, open, found[4];

	ASSERT_EQ(0, import_aes(self->s, aes_key, 1, 1, &secret));
	ASSERT_EQ(0, import_aes(self->s, aes_key, 0, 1, &open));
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, aes_key, 16);
	ASSERT_EQ(1, khsm_find(self->s, &t, found, 4));
	EXPECT_EQ(open, found[0]);
}

TEST_F(obj, private_objects_need_login)
{
	struct tmpl t = { .n = 0 };
	__u32 h, found[4];

	data_template(&t, "private");
	tmpl_bool(&t, KHSM_ATTR_PRIVATE, 1);
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	ASSERT_EQ(0, khsm_logout(self->s));
	EXPECT_EQ(-ENOENT, khsm_get_bool(self->s, h, KHSM_ATTR_TOKEN));
	EXPECT_EQ(-ENOENT, khsm_destroy(self->s, h));
	EXPECT_EQ(-EPERM, khsm_create(self->s, &t, &h));
	t.n = 0;
	EXPECT_EQ(0, khsm_find(self->s, &t, found, 4));
	ASSERT_EQ(0, khsm_login(self->s, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(1, khsm_find(self->s, &t, found, 4));
}

TEST_F(obj, token_objects_need_rw_session)
{
	int ro = khsm_session(self->token, 0);
	struct tmpl t = { .n = 0 };
	__u32 h, mine;

	ASSERT_LE(0, ro);
	data_template(&t, "token object");
	tmpl_bool(&t, KHSM_ATTR_TOKEN, 1);
	EXPECT_EQ(-EROFS, khsm_create(ro, &t, &h));
	ASSERT_EQ(0, khsm_create(self->s, &t, &mine));
	EXPECT_EQ(-EROFS, khsm_destroy(ro, mine));
	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "renamed");
	EXPECT_EQ(-EROFS, khsm_set_attrs(ro, mine, &t));
	EXPECT_EQ(0, khsm_destroy(self->s, mine));
	close(ro);
}

TEST_F(obj, session_object_lifetime)
{
	int other = khsm_session(self->token, 0);
	struct tmpl t = { .n = 0 };
	__u32 h;

	ASSERT_LE(0, other);
	data_template(&t, "session object");
	ASSERT_EQ(0, khsm_create(other, &t, &h));
	/* Seen by every session of the process ... */
	EXPECT_EQ(0, khsm_get_bool(self->s, h, KHSM_ATTR_TOKEN));
	/* ... and gone with the session that made it. */
	close(other);
	EXPECT_EQ(-ENOENT, khsm_get_bool(self->s, h, KHSM_ATTR_TOKEN));
}

TEST_F(obj, session_objects_stay_in_process)
{
	struct tmpl t = { .n = 0 };
	unsigned int token = self->token;
	__u32 session_obj, token_obj;

	data_template(&t, "mine");
	ASSERT_EQ(0, khsm_create(self->s, &t, &session_obj));
	tmpl_bool(&t, KHSM_ATTR_TOKEN, 1);
	ASSERT_EQ(0, khsm_create(self->s, &t, &token_obj));
	{
		int status;
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			int c = khsm_session(token, 0);

			if (c < 0)
				_exit(2);
			if (khsm_get_bool(c, session_obj, KHSM_ATTR_TOKEN) !=
			    -ENOENT)
				_exit(3);
			/* Another process sees a token object at once. */
			_exit(khsm_get_bool(c, token_obj, KHSM_ATTR_TOKEN) ==
					      1 ?
				      0 :
				      4);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
}

TEST_F(obj, destroy)
{
	struct tmpl t = { .n = 0 };
	__u32 h, fixed;

	data_template(&t, "doomed");
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	EXPECT_EQ(0, khsm_destroy(self->s, h));
	EXPECT_EQ(-ENOENT, khsm_destroy(self->s, h));
	EXPECT_EQ(-ENOENT, khsm_destroy(self->s, 0));

	tmpl_bool(&t, KHSM_ATTR_DESTROYABLE, 0);
	ASSERT_EQ(0, khsm_create(self->s, &t, &fixed));
	EXPECT_EQ(-EACCES, khsm_destroy(self->s, fixed));
}

TEST_F(obj, copy_object)
{
	struct tmpl t = { .n = 0 }, c = { .n = 0 };
	__u32 key, copy, nocopy;

	ASSERT_EQ(0, import_aes(self->s, aes_key, 1, 1, &key));
	tmpl_bool(&c, KHSM_ATTR_TOKEN, 1);
	tmpl_str(&c, KHSM_ATTR_ID, "alias");
	ASSERT_EQ(0, khsm_copy(self->s, key, &c, &copy));
	EXPECT_NE(key, copy);
	EXPECT_EQ(1, khsm_get_bool(self->s, copy, KHSM_ATTR_TOKEN));
	EXPECT_EQ(1, khsm_get_bool(self->s, copy, KHSM_ATTR_SENSITIVE));

	/* A copy cannot undo one-way attributes or visibility. */
	c.n = 0;
	tmpl_bool(&c, KHSM_ATTR_SENSITIVE, 0);
	EXPECT_EQ(-EACCES, khsm_copy(self->s, key, &c, &copy));
	c.n = 0;
	tmpl_bool(&c, KHSM_ATTR_PRIVATE, 0);
	EXPECT_EQ(-EACCES, khsm_copy(self->s, key, &c, &copy));
	c.n = 0;
	tmpl_ulong(&c, KHSM_ATTR_KEY_TYPE, KHSM_KEY_GENERIC_SECRET);
	EXPECT_EQ(-EACCES, khsm_copy(self->s, key, &c, &copy));

	data_template(&t, "not copyable");
	tmpl_bool(&t, KHSM_ATTR_COPYABLE, 0);
	ASSERT_EQ(0, khsm_create(self->s, &t, &nocopy));
	c.n = 0;
	EXPECT_EQ(-EACCES, khsm_copy(self->s, nocopy, &c, &copy));
}

TEST_F(obj, set_attributes)
{
	struct tmpl t = { .n = 0 }, g = { .n = 0 };
	char label[16];
	__u32 h, fixed, result;

	data_template(&t, "before");
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "after");
	ASSERT_EQ(0, khsm_set_attrs(self->s, h, &t));
	tmpl_bytes(&g, KHSM_ATTR_LABEL, label, sizeof(label));
	ASSERT_EQ(0, khsm_get_attrs(self->s, h, &g, &result));
	EXPECT_EQ(5, g.a[0].len);
	EXPECT_EQ(0, memcmp(label, "after", 5));

	/* All or nothing: a bad second attribute keeps the first unset. */
	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "never");
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_DATA);
	EXPECT_EQ(-EACCES, khsm_set_attrs(self->s, h, &t));
	g.a[0].len = sizeof(label);
	ASSERT_EQ(0, khsm_get_attrs(self->s, h, &g, &result));
	EXPECT_EQ(0, memcmp(label, "after", 5));

	data_template(&t, "fixed");
	tmpl_bool(&t, KHSM_ATTR_MODIFIABLE, 0);
	ASSERT_EQ(0, khsm_create(self->s, &t, &fixed));
	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "changed");
	EXPECT_EQ(-EACCES, khsm_set_attrs(self->s, fixed, &t));
}

TEST_F(obj, get_unknown_and_short_buffer)
{
	struct tmpl t = { .n = 0 }, g = { .n = 0 };
	char small[2], label[16];
	__u32 h, result;

	data_template(&t, "label of 16 char");
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));

	tmpl_bytes(&g, KHSM_ATTR_KEY_TYPE, label, 8);
	tmpl_bytes(&g, KHSM_ATTR_LABEL, small, sizeof(small));
	ASSERT_EQ(0, khsm_get_attrs(self->s, h, &g, &result));
	EXPECT_EQ(KHSM_GET_TYPE_INVALID | KHSM_GET_BUFFER_TOO_SMALL, result);
	EXPECT_EQ(KHSM_ATTR_UNAVAILABLE, g.a[0].len);
	EXPECT_EQ(KHSM_ATTR_UNAVAILABLE, g.a[1].len);

	/* A NULL value asks for the length. */
	g.n = 0;
	tmpl_bytes(&g, KHSM_ATTR_LABEL, NULL, 0);
	ASSERT_EQ(0, khsm_get_attrs(self->s, h, &g, &result));
	EXPECT_EQ(0, result);
	EXPECT_EQ(16, g.a[0].len);
}

TEST_F(obj, reinit_wipes_objects)
{
	struct tmpl t = { .n = 0 };
	__u32 h, found[4];
	int s;

	data_template(&t, "token object");
	tmpl_bool(&t, KHSM_ATTR_TOKEN, 1);
	ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	close(self->s);
	ASSERT_EQ(0, khsm_token_init(self->fd, self->token, TEST_SO_PIN));
	s = khsm_session(self->token, 0);
	ASSERT_LE(0, s);
	t.n = 0;
	EXPECT_EQ(0, khsm_find(s, &t, found, 4));
	self->s = s;
}

TEST_F(obj, many_objects)
{
	struct tmpl t = { .n = 0 };
	static __u32 found[1100];
	__u32 h;
	int i;

	data_template(&t, "bulk");
	for (i = 0; i < 1000; i++)
		ASSERT_EQ(0, khsm_create(self->s, &t, &h));
	t.n = 0;
	tmpl_str(&t, KHSM_ATTR_LABEL, "bulk");
	EXPECT_EQ(1000, khsm_find(self->s, &t, found, 1100));
}

TEST_HARNESS_MAIN
