// SPDX-License-Identifier: GPL-2.0
/*
 * Persistent tokens at the ABI: records pulled, acknowledged and loaded
 * back in memory (the file side is libhsm's, tested in the two-boot and
 * crash runs), and every refusal with its errno: a flipped byte, another
 * machine key, a record of another token, a rolled-back state, a missing
 * record, a second load, and a machine key planted outside the module's
 * keyring.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/keyctl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_util.h"
#include "kselftest_harness.h"

static const __u8 machine_key_a[KHSM_MACHINE_KEY_LEN] =
	"khsm selftest machine key A....";
static const __u8 machine_key_b[KHSM_MACHINE_KEY_LEN] =
	"khsm selftest machine key B....";
static const __u8 secret_value[16] = "0123456789abcdef";

static long add_key(const char *type, const char *desc, const void *data,
		    size_t len, int keyring)
{
	long ret = syscall(SYS_add_key, type, desc, data, len, keyring);

	return ret < 0 ? -errno : ret;
}

static long keyctl(int cmd, long a, long b)
{
	long ret = syscall(SYS_keyctl, cmd, a, b, 0, 0);

	return ret < 0 ? -errno : ret;
}

static int store_info(int fd, struct khsm_store_info *i)
{
	memset(i, 0, sizeof(*i));
	i->size = sizeof(*i);
	return khsm_ioctl(fd, KHSM_IOC_STORE_INFO, i);
}

static int keyring_of(int fd)
{
	struct khsm_store_info i;

	return store_info(fd, &i) ? -1 : i.keyring;
}

/* Remove every key from the module keyring. */
static long clear_machine_key(int fd)
{
	return keyctl(KEYCTL_CLEAR, keyring_of(fd), 0);
}

/*
 * Replace the machine key. Cleared first: a logon key only its possessor
 * may update, and nobody possesses a key in the module's keyring.
 */
static long set_machine_key(int fd, const __u8 *key)
{
	long ret = clear_machine_key(fd);

	return ret   ?:
		       add_key("logon", KHSM_MACHINE_KEY_DESC, key,
			       KHSM_MACHINE_KEY_LEN, keyring_of(fd));
}

/* A store in memory: the latest record per object, and the state. */
#define MAX_RECS 64
struct rec {
	__u8 *data;
	__u32 len;
	__u32 kind;
	__u64 id;
	__u64 version;
};

struct store {
	struct rec r[MAX_RECS];
	unsigned int n;
};

static void store_free(struct store *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		free(s->r[i].data);
	s->n = 0;
}

static void store_dup(struct store *dst, const struct store *src)
{
	unsigned int i;

	*dst = *src;
	for (i = 0; i < src->n; i++) {
		dst->r[i].data = malloc(src->r[i].len);
		memcpy(dst->r[i].data, src->r[i].data, src->r[i].len);
	}
}

static void store_drop(struct store *s, unsigned int i)
{
	free(s->r[i].data);
	s->r[i] = s->r[--s->n];
}

/* Put @r in place of the record of the same kind and id, if any. */
static void store_put(struct store *s, struct rec *r)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		if (s->r[i].id == r->id &&
		    (s->r[i].kind == KHSM_RECORD_STATE) ==
			    (r->kind == KHSM_RECORD_STATE)) {
			free(s->r[i].data);
			s->r[i] = *r;
			return;
		}
	}
	s->r[s->n++] = *r;
}

static int store_find(const struct store *s, __u32 kind)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (s->r[i].kind == kind)
			return i;
	return -1;
}

/* One pull round into @s and its acknowledgment; 0 or -errno. */
static int sync_token(int fd, unsigned int token, struct store *s)
{
	struct khsm_store_pull p;
	__u64 state = 0;
	unsigned int i;
	int ret, first = 1;
	struct rec r;

	for (;;) {
		memset(&p, 0, sizeof(p));
		p.size = sizeof(p);
		p.token = token;
		p.flags = first ? KHSM_STORE_PULL_BEGIN : 0;
		p.buf_len = 1 << 16;
		r.data = malloc(p.buf_len);
		p.buf = (__u64)(unsigned long)r.data;
		ret = khsm_ioctl(fd, KHSM_IOC_STORE_PULL, &p);
		first = 0;
		if (ret) {
			free(r.data);
			break;
		}
		r.len = p.buf_len;
		r.kind = p.kind;
		r.id = p.id;
		r.version = p.version;
		if (p.kind == KHSM_RECORD_DELETE) {
			for (i = 0; i < s->n; i++)
				if (s->r[i].id == p.id &&
				    s->r[i].kind != KHSM_RECORD_STATE)
					store_drop(s, i);
			free(r.data);
			continue;
		}
		if (p.kind == KHSM_RECORD_STATE)
			state = p.version;
		store_put(s, &r);
	}
	if (ret != -ENODATA)
		return ret;
	if (state) {
		struct khsm_store_ack a = { .size = sizeof(a),
					    .token = token,
					    .version = state };

		return khsm_ioctl(fd, KHSM_IOC_STORE_ACK, &a);
	}
	return 0;
}

static int load(int fd, const struct store *s, struct khsm_store_load *l,
		struct khsm_store_record *recs)
{
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		recs[i].data = (__u64)(unsigned long)s->r[i].data;
		recs[i].len = s->r[i].len;
		recs[i].status = 0;
	}
	memset(l, 0, sizeof(*l));
	l->size = sizeof(*l);
	l->records = (__u64)(unsigned long)recs;
	l->count = s->n;
	return khsm_ioctl(fd, KHSM_IOC_STORE_LOAD, l);
}

static int create_persistent(int fd, unsigned int *token)
{
	struct khsm_token_create r = { .size = sizeof(r),
				       .flags = KHSM_TOKEN_CREATE_PERSISTENT,
				       .mode = 0600 };
	int ret = khsm_ioctl(fd, KHSM_IOC_TOKEN_CREATE, &r);

	*token = r.token;
	return ret;
}

static int token_count(int fd)
{
	struct khsm_token_list r = { .size = sizeof(r) };

	return khsm_ioctl(fd, KHSM_IOC_TOKEN_LIST, &r) ?: (int)r.count;
}

FIXTURE(store)
{
	int fd;
	unsigned int token;
	__u32 pub;
	__u32 priv;
	struct store s;
};

/*
 * A persistent token with a public data object and a private AES key
 * (extractable, so its value can be compared after a restore), synced.
 */
FIXTURE_SETUP(store)
{
	struct tmpl t = { .n = 0 };
	int s;

	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_LT(0, set_machine_key(self->fd, machine_key_a));
	ASSERT_EQ(0, create_persistent(self->fd, &self->token));
	ASSERT_EQ(0, khsm_token_init(self->fd, self->token, TEST_SO_PIN));
	s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_init_pin(s, TEST_USER_PIN));
	ASSERT_EQ(0, khsm_logout(s));
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_DATA);
	tmpl_bool(&t, KHSM_ATTR_TOKEN, 1);
	tmpl_str(&t, KHSM_ATTR_LABEL, "public data");
	tmpl_str(&t, KHSM_ATTR_VALUE, "hello");
	ASSERT_EQ(0, khsm_create(s, &t, &self->pub));

	t.n = 0;
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bool(&t, KHSM_ATTR_TOKEN, 1);
	tmpl_bool(&t, KHSM_ATTR_PRIVATE, 1);
	tmpl_bool(&t, KHSM_ATTR_SENSITIVE, 0);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, secret_value, sizeof(secret_value));
	ASSERT_EQ(0, khsm_create(s, &t, &self->priv));
	close(s);
	memset(&self->s, 0, sizeof(self->s));
	ASSERT_EQ(0, sync_token(self->fd, self->token, &self->s));
}

FIXTURE_TEARDOWN(store)
{
	struct khsm_token_list r = { .size = sizeof(r) };
	unsigned int ids[KHSM_MAX_TOKENS], i;

	/* Every token the test made or loaded goes. */
	r.ids = (__u64)(unsigned long)ids;
	r.capacity = KHSM_MAX_TOKENS;
	if (!khsm_ioctl(self->fd, KHSM_IOC_TOKEN_LIST, &r))
		for (i = 0; i < r.count; i++)
			khsm_token_destroy(self->fd, ids[i]);
	set_machine_key(self->fd, machine_key_a);
	store_free(&self->s);
	close(self->fd);
}

/* Read CKA_VALUE of @h in session @s into @buf (16 bytes). */
static int value_of(int s, __u32 h, __u8 *buf)
{
	struct tmpl t = { .n = 0 };
	__u32 result;
	int ret;

	tmpl_bytes(&t, KHSM_ATTR_VALUE, buf, 16);
	ret = khsm_get_attrs(s, h, &t, &result);
	return ret ?: (int)result;
}

TEST_F(store, info_reports_the_keyring_and_the_key)
{
	struct khsm_store_info i;

	ASSERT_EQ(0, store_info(self->fd, &i));
	EXPECT_LT(0, i.keyring);
	EXPECT_EQ(0, i.machine_key);
	i.reserved[1] = 1;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_STORE_INFO, &i));
}

TEST_F(store, records_have_the_sealed_format)
{
	const struct khsm_record_header *h;
	int i = store_find(&self->s, KHSM_RECORD_STATE);

	ASSERT_LE(0, i);
	EXPECT_EQ(3, self->s.n);
	h = (const void *)self->s.r[i].data;
	EXPECT_EQ(0, memcmp(h->magic, KHSM_RECORD_MAGIC, 8));
	EXPECT_EQ(KHSM_RECORD_FORMAT, h->format);
	EXPECT_EQ(self->s.r[i].len, sizeof(*h) + h->len);
	/* Nothing of the private key's value is in the clear. */
	for (i = 0; i < (int)self->s.n; i++)
		EXPECT_EQ(NULL, memmem(self->s.r[i].data, self->s.r[i].len,
				       secret_value, 8));
	EXPECT_LE(0, store_find(&self->s, KHSM_RECORD_PRIVATE));
	EXPECT_LE(0, store_find(&self->s, KHSM_RECORD_OBJECT));
}

TEST_F(store, nothing_pending_after_ack)
{
	struct khsm_store_pull p = { .size = sizeof(p),
				     .flags = KHSM_STORE_PULL_PEEK,
				     .token = self->token };

	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_STORE_PULL, &p));
	EXPECT_EQ(0, p.pending);
	p.flags = KHSM_STORE_PULL_BEGIN;
	p.pending = 0;
	memset(p.uuid, 0, sizeof(p.uuid));
	EXPECT_EQ(-ENODATA, khsm_ioctl(self->fd, KHSM_IOC_STORE_PULL, &p));
}

TEST_F(store, ack_of_another_version_is_stale)
{
	struct khsm_store_ack a = { .size = sizeof(a),
				    .token = self->token,
				    .version = 12345 };

	EXPECT_EQ(-ESTALE, khsm_ioctl(self->fd, KHSM_IOC_STORE_ACK, &a));
}

TEST_F(store, restore_round_trip)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_token_info info;
	struct khsm_store_load l;
	struct tmpl t = { .n = 0 };
	__u8 value[16] = { 0 };
	char buf[8] = "";
	__u32 result;
	unsigned int i;
	int s;

	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	for (i = 0; i < self->s.n; i++)
		EXPECT_EQ(KHSM_STORE_RECORD_USED, recs[i].status);
	ASSERT_EQ(0, khsm_token_info(self->fd, l.token, &info));
	EXPECT_EQ(0, memcmp(info.label, TEST_LABEL, strlen(TEST_LABEL)));
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_USER_PIN_INITIALIZED);

	s = khsm_session(l.token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	/* Public objects before login; the private key only after. */
	tmpl_bytes(&t, KHSM_ATTR_VALUE, buf, sizeof(buf));
	ASSERT_EQ(0, khsm_get_attrs(s, self->pub, &t, &result));
	EXPECT_EQ(5, t.a[0].len);
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	EXPECT_EQ(-ENOENT, value_of(s, self->priv, value));
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, value_of(s, self->priv, value));
	EXPECT_EQ(0, memcmp(value, secret_value, sizeof(value)));
	close(s);
}

TEST_F(store, so_login_opens_private_objects_too)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	__u8 value[16];
	int s;

	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	s = khsm_session(l.token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_logout(s));
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, value_of(s, self->priv, value));
	EXPECT_EQ(0, memcmp(value, secret_value, sizeof(value)));
	close(s);
}

TEST_F(store, pin_failures_survive)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_token_info info;
	struct khsm_store_load l;
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "wrong-pin"));
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "wrong-pin"));
	close(s);
	ASSERT_EQ(0, sync_token(self->fd, self->token, &self->s));
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	ASSERT_EQ(0, khsm_token_info(self->fd, l.token, &info));
	EXPECT_EQ(2, info.user_pin_failures);
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_USER_PIN_FINAL_TRY);
}

TEST_F(store, changes_and_deletes_are_pulled)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	struct tmpl t = { .n = 0 };
	char buf[16] = "";
	__u32 result;
	int s = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	tmpl_str(&t, KHSM_ATTR_LABEL, "renamed");
	ASSERT_EQ(0, khsm_set_attrs(s, self->pub, &t));
	ASSERT_EQ(0, khsm_destroy(s, self->priv));
	close(s);
	ASSERT_EQ(0, sync_token(self->fd, self->token, &self->s));
	EXPECT_EQ(2, self->s.n);
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	s = khsm_session(l.token, 0);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	t.n = 0;
	tmpl_bytes(&t, KHSM_ATTR_LABEL, buf, sizeof(buf));
	ASSERT_EQ(0, khsm_get_attrs(s, self->pub, &t, &result));
	EXPECT_EQ(0, memcmp(buf, "renamed", 7));
	EXPECT_EQ(-ENOENT, value_of(s, self->priv, (__u8 *)buf));
	close(s);
}

TEST_F(store, flipped_byte_is_refused)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	int n = token_count(self->fd);
	int i = store_find(&self->s, KHSM_RECORD_OBJECT);

	ASSERT_LE(0, i);
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	self->s.r[i].data[self->s.r[i].len - 20] ^= 1;
	EXPECT_EQ(-EBADMSG, load(self->fd, &self->s, &l, recs));
	EXPECT_EQ(i, l.failed);
	EXPECT_EQ(n - 1, token_count(self->fd));
	/* A flipped byte in the header (the version) as well. */
	self->s.r[i].data[self->s.r[i].len - 20] ^= 1;
	((struct khsm_record_header *)self->s.r[i].data)->version ^= 1;
	EXPECT_EQ(-EBADMSG, load(self->fd, &self->s, &l, recs));
	EXPECT_EQ(i, l.failed);
	((struct khsm_record_header *)self->s.r[i].data)->version ^= 1;
	EXPECT_EQ(0, load(self->fd, &self->s, &l, recs));
}

TEST_F(store, wrong_machine_key_is_refused)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	int n = token_count(self->fd);

	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_LT(0, set_machine_key(self->fd, machine_key_b));
	EXPECT_EQ(-EKEYREJECTED, load(self->fd, &self->s, &l, recs));
	EXPECT_EQ(n - 1, token_count(self->fd));
	ASSERT_LT(0, set_machine_key(self->fd, machine_key_a));
	EXPECT_EQ(0, load(self->fd, &self->s, &l, recs));
}

TEST_F(store, no_machine_key_no_persistent_token)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	unsigned int token;

	ASSERT_EQ(0, clear_machine_key(self->fd));
	EXPECT_EQ(-ENOKEY, create_persistent(self->fd, &token));
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	EXPECT_EQ(-ENOKEY, load(self->fd, &self->s, &l, recs));
}

TEST_F(store, record_of_another_token_is_refused)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	struct store other = { .n = 0 };
	unsigned int token;
	int i = store_find(&self->s, KHSM_RECORD_OBJECT), j;

	ASSERT_EQ(0, create_persistent(self->fd, &token));
	ASSERT_EQ(0, khsm_token_init(self->fd, token, TEST_SO_PIN));
	ASSERT_EQ(0, sync_token(self->fd, token, &other));
	j = store_find(&other, KHSM_RECORD_STATE);
	ASSERT_LE(0, j);
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	/* The other token's state record in place of an object record. */
	free(self->s.r[i].data);
	self->s.r[i] = other.r[j];
	other.r[j].data = NULL;
	self->s.r[i].kind = KHSM_RECORD_OBJECT;
	EXPECT_EQ(-EINVAL, load(self->fd, &self->s, &l, recs));
	/* As the only state record: every object record is another's. */
	j = store_find(&self->s, KHSM_RECORD_STATE);
	store_drop(&self->s, j);
	EXPECT_EQ(-EXDEV, load(self->fd, &self->s, &l, recs));
	store_free(&other);
}

TEST_F(store, header_edited_to_another_token_fails_to_open)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	struct store other = { .n = 0 };
	const struct khsm_record_header *mine;
	struct khsm_record_header *h;
	unsigned int token;
	int i, j;

	ASSERT_EQ(0, create_persistent(self->fd, &token));
	ASSERT_EQ(0, khsm_token_init(self->fd, token, TEST_SO_PIN));
	ASSERT_EQ(0, sync_token(self->fd, token, &other));
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_EQ(0, khsm_token_destroy(self->fd, token));
	i = store_find(&self->s, KHSM_RECORD_STATE);
	j = store_find(&other, KHSM_RECORD_STATE);
	mine = (const void *)self->s.r[i].data;
	h = (void *)other.r[j].data;
	/* Same machine key, same kind: only the UUID binds it. */
	memcpy(h->uuid, mine->uuid, sizeof(h->uuid));
	memcpy(h->kcv, mine->kcv, sizeof(h->kcv));
	h->version = mine->version + 100;
	free(self->s.r[i].data);
	self->s.r[i] = other.r[j];
	other.r[j].data = NULL;
	EXPECT_EQ(-EBADMSG, load(self->fd, &self->s, &l, recs));
	store_free(&other);
}

TEST_F(store, rolled_back_state_is_refused)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	struct store old;
	int s;

	store_dup(&old, &self->s);
	s = khsm_session(self->token, 0);
	ASSERT_LE(0, s);
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "wrong-pin"));
	close(s);
	ASSERT_EQ(0, sync_token(self->fd, self->token, &self->s));
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	/* The older state is genuine, but the module saw a newer one. */
	EXPECT_EQ(-ESTALE, load(self->fd, &old, &l, recs));
	EXPECT_EQ(store_find(&old, KHSM_RECORD_STATE), (int)l.failed);
	EXPECT_EQ(0, load(self->fd, &self->s, &l, recs));
	store_free(&old);
}

TEST_F(store, loaded_twice_is_refused)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;

	EXPECT_EQ(-EEXIST, load(self->fd, &self->s, &l, recs));
}

TEST_F(store, missing_record_is_named)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	int i = store_find(&self->s, KHSM_RECORD_PRIVATE);

	ASSERT_LE(0, i);
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	store_drop(&self->s, i);
	EXPECT_EQ(-ENODATA, load(self->fd, &self->s, &l, recs));
	EXPECT_EQ(self->priv, l.failed_id);
}

TEST_F(store, superseded_record_is_reported_unused)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	struct tmpl t = { .n = 0 };
	struct store old;
	int i = store_find(&self->s, KHSM_RECORD_OBJECT);
	int s = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, s);
	store_dup(&old, &self->s);
	tmpl_str(&t, KHSM_ATTR_LABEL, "v2");
	ASSERT_EQ(0, khsm_set_attrs(s, self->pub, &t));
	close(s);
	ASSERT_EQ(0, sync_token(self->fd, self->token, &self->s));
	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	/* The old version of the object stays next to the new one. */
	self->s.r[self->s.n] = old.r[i];
	old.r[i].data = NULL;
	self->s.n++;
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	EXPECT_EQ(KHSM_STORE_RECORD_UNUSED, recs[self->s.n - 1].status);
	store_free(&old);
}

TEST_F(store, load_needs_cap_sys_admin)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	int status;
	pid_t pid;

	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534))
			_exit(2);
		_exit(load(self->fd, &self->s, &l, recs) == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

/*
 * A user plants a logon key named like the machine key in their own
 * keyring: the module never finds it, and the user cannot add it to the
 * module's keyring.
 */
TEST_F(store, planted_machine_key_is_not_used)
{
	static const __u8 planted[KHSM_MACHINE_KEY_LEN] =
		"planted by a user..............";
	int keyring = keyring_of(self->fd), status;
	unsigned int token;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setresuid(65534, 65534, 65534))
			_exit(2);
		if (keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0) < 0)
			_exit(3);
		if (add_key("logon", KHSM_MACHINE_KEY_DESC, planted,
			    sizeof(planted), KEY_SPEC_SESSION_KEYRING) < 0)
			_exit(4);
		_exit(add_key("logon", KHSM_MACHINE_KEY_DESC, planted,
			      sizeof(planted), keyring) == -EACCES ?
			      0 :
			      5);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));

	/* Root's own session keyring with a planted key, the module's empty. */
	ASSERT_LE(0, keyctl(KEYCTL_JOIN_SESSION_KEYRING, 0, 0));
	ASSERT_LT(0, add_key("logon", KHSM_MACHINE_KEY_DESC, planted,
			     sizeof(planted), KEY_SPEC_SESSION_KEYRING));
	ASSERT_EQ(0, clear_machine_key(self->fd));
	EXPECT_EQ(-ENOKEY, create_persistent(self->fd, &token));
	/* A key of another type under the name is not taken either. */
	ASSERT_LT(0, add_key("user", KHSM_MACHINE_KEY_DESC, planted,
			     sizeof(planted), keyring));
	EXPECT_EQ(-ENOKEY, create_persistent(self->fd, &token));
	ASSERT_EQ(0, clear_machine_key(self->fd));
	/* Nor a logon key of the wrong length. */
	ASSERT_LT(0, add_key("logon", KHSM_MACHINE_KEY_DESC, planted, 16,
			     keyring));
	EXPECT_EQ(-EKEYREJECTED, create_persistent(self->fd, &token));
}

TEST_F(store, pull_checks_its_fields)
{
	struct khsm_store_pull p = { .size = sizeof(p), .token = self->token };

	p.flags = 0x80;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_STORE_PULL, &p));
	p.flags = 0;
	p.reserved[0] = 1;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_STORE_PULL, &p));
	p.reserved[0] = 0;
	p.token = 4242;
	EXPECT_EQ(-ENXIO, khsm_ioctl(self->fd, KHSM_IOC_STORE_PULL, &p));
}

TEST_F(store, load_checks_its_fields)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;

	memset(&l, 0, sizeof(l));
	l.size = sizeof(l);
	l.records = (__u64)(unsigned long)recs;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_STORE_LOAD, &l));
	l.count = 1;
	l.pad = 1;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_STORE_LOAD, &l));
	l.pad = 0;
	recs[0].data = (__u64)(unsigned long)self->s.r[0].data;
	recs[0].len = 10;
	recs[0].status = 0;
	EXPECT_EQ(-EINVAL, khsm_ioctl(self->fd, KHSM_IOC_STORE_LOAD, &l));
	EXPECT_EQ(0, l.failed);
}

TEST_F(store, sealed_private_objects_stay_named_after_a_change)
{
	struct khsm_store_record recs[MAX_RECS];
	struct khsm_store_load l;
	__u8 value[16];
	int s;

	ASSERT_EQ(0, khsm_token_destroy(self->fd, self->token));
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	/* A change before any login: the private key is still sealed. */
	s = khsm_session(l.token, 0);
	ASSERT_LE(0, s);
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "wrong-pin"));
	close(s);
	ASSERT_EQ(0, sync_token(self->fd, l.token, &self->s));
	EXPECT_EQ(3, self->s.n);
	ASSERT_EQ(0, khsm_token_destroy(self->fd, l.token));
	ASSERT_EQ(0, load(self->fd, &self->s, &l, recs));
	s = khsm_session(l.token, 0);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, value_of(s, self->priv, value));
	EXPECT_EQ(0, memcmp(value, secret_value, sizeof(value)));
	close(s);
}

TEST_HARNESS_MAIN
