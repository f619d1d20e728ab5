// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens, sessions and PINs: the PKCS#11 rules the kernel enforces, and
 * one error path per test with every other input valid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_util.h"
#include "kselftest_harness.h"

/* Run @body in a child; the test passes when the child exits 0. */
#define IN_CHILD(body)                                       \
	do {                                                 \
		int status_;                                 \
		pid_t pid_ = fork();                         \
		ASSERT_LE(0, pid_);                          \
		if (pid_ == 0) {                             \
			body;                                \
			_exit(0);                            \
		}                                            \
		ASSERT_EQ(pid_, waitpid(pid_, &status_, 0)); \
		ASSERT_TRUE(WIFEXITED(status_));             \
		EXPECT_EQ(0, WEXITSTATUS(status_));          \
	} while (0)

/* In a child: keep root's uid but lose CAP_SYS_ADMIN. */
static int drop_cap_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective &= ~(1U << CAP_SYS_ADMIN);
	return syscall(SYS_capset, &h, d);
}

FIXTURE(token)
{
	int fd;
	unsigned int token;
};

FIXTURE_SETUP(token)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_test_token(self->fd, &self->token));
}

FIXTURE_TEARDOWN(token)
{
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

TEST_F(token, info_after_init)
{
	struct khsm_token_info info;
	unsigned int i;

	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_EQ(KHSM_TOKEN_INITIALIZED | KHSM_TOKEN_USER_PIN_INITIALIZED,
		  info.token_flags);
	EXPECT_EQ(0, memcmp(info.label, TEST_LABEL, strlen(TEST_LABEL)));
	EXPECT_EQ(' ', info.label[KHSM_LABEL_LEN - 1]);
	for (i = 0; i < KHSM_SERIAL_LEN; i++)
		EXPECT_NE(NULL, strchr("0123456789abcdef", info.serial[i]));
	EXPECT_EQ(TEST_ITERATIONS, info.pbkdf2_iterations);
	EXPECT_EQ(TEST_MAX_FAILURES, info.max_pin_failures);
	EXPECT_EQ(0, info.session_count);
	EXPECT_EQ(0600, info.mode);
	EXPECT_EQ(0, info.uid);
}

TEST_F(token, list_contains_token)
{
	struct khsm_token_list l = { .size = sizeof(l) };
	__u32 ids[KHSM_MAX_TOKENS];
	unsigned int i, found = 0;

	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_TOKEN_LIST, &l));
	ASSERT_LE(1, l.count);
	l.ids = (__u64)(unsigned long)ids;
	l.capacity = KHSM_MAX_TOKENS;
	ASSERT_EQ(0, khsm_ioctl(self->fd, KHSM_IOC_TOKEN_LIST, &l));
	for (i = 0; i < l.count; i++)
		found += ids[i] == self->token;
	EXPECT_EQ(1, found);
}

TEST_F(token, list_short_buffer)
{
	unsigned int second;
	__u32 ids[1] = { 0xffffffff };
	struct khsm_token_list l = {
		.size = sizeof(l),
		.ids = (__u64)(unsigned long)ids,
		.capacity = 1,
	};

	ASSERT_EQ(0, khsm_token_create(self->fd, 0, 0, 0600, &second));
	EXPECT_EQ(-ENOSPC, khsm_ioctl(self->fd, KHSM_IOC_TOKEN_LIST, &l));
	EXPECT_LE(2, l.count);
	EXPECT_NE(0xffffffff, ids[0]);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, second));
}

/* A token made with a PIN policy; 0 or -errno. */
static int create_policy(int fd, __u32 failures, __u32 iterations,
			 unsigned int *token)
{
	struct khsm_token_create r = { .size = sizeof(r),
				       .mode = 0600,
				       .max_pin_failures = failures,
				       .pbkdf2_iterations = iterations };
	int ret = khsm_ioctl(fd, KHSM_IOC_TOKEN_CREATE, &r);

	*token = r.token;
	return ret;
}

/* C_InitToken with no policy of its own: 0 for both. */
static int init_default(int fd, unsigned int token, __u32 failures,
			__u32 iterations)
{
	struct khsm_token_init r = {
		.size = sizeof(r),
		.token = token,
		.pin_len = strlen(TEST_SO_PIN),
		.pin = (__u64)(unsigned long)TEST_SO_PIN,
		.max_pin_failures = failures,
		.pbkdf2_iterations = iterations,
	};

	memset(r.label, ' ', sizeof(r.label));
	return khsm_ioctl(fd, KHSM_IOC_TOKEN_INIT, &r);
}

TEST_F(token, create_sets_the_pin_policy_init_defaults_to)
{
	struct khsm_token_info ti;
	unsigned int t, plain;

	ASSERT_EQ(0, create_policy(self->fd, 4, 2000, &t));
	ASSERT_EQ(0, khsm_token_info(self->fd, t, &ti));
	EXPECT_EQ(4, ti.max_pin_failures);
	EXPECT_EQ(2000, ti.pbkdf2_iterations);
	/* An init that names no policy gets the creator's. */
	ASSERT_EQ(0, init_default(self->fd, t, 0, 0));
	ASSERT_EQ(0, khsm_token_info(self->fd, t, &ti));
	EXPECT_EQ(4, ti.max_pin_failures);
	EXPECT_EQ(2000, ti.pbkdf2_iterations);
	/* One that names it wins, and a later plain one goes back. */
	ASSERT_EQ(0, init_default(self->fd, t, 7, 3000));
	ASSERT_EQ(0, khsm_token_info(self->fd, t, &ti));
	EXPECT_EQ(7, ti.max_pin_failures);
	EXPECT_EQ(3000, ti.pbkdf2_iterations);
	ASSERT_EQ(0, init_default(self->fd, t, 0, 0));
	ASSERT_EQ(0, khsm_token_info(self->fd, t, &ti));
	EXPECT_EQ(4, ti.max_pin_failures);
	EXPECT_EQ(2000, ti.pbkdf2_iterations);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, t));

	/* Without one, the module's defaults. */
	ASSERT_EQ(0, create_policy(self->fd, 0, 0, &plain));
	ASSERT_EQ(0, init_default(self->fd, plain, 0, KHSM_PBKDF2_MIN_ITER));
	ASSERT_EQ(0, khsm_token_info(self->fd, plain, &ti));
	EXPECT_EQ(10, ti.max_pin_failures);
	EXPECT_EQ(0, khsm_token_destroy(self->fd, plain));
}

TEST_F(token, create_pin_policy_out_of_range)
{
	unsigned int t = 0;

	EXPECT_EQ(-EINVAL, create_policy(self->fd, 100 + 1, 0, &t));
	EXPECT_EQ(-EINVAL,
		  create_policy(self->fd, 0, KHSM_PBKDF2_MIN_ITER - 1, &t));
	EXPECT_EQ(-EINVAL,
		  create_policy(self->fd, 0, KHSM_PBKDF2_MAX_ITER + 1, &t));
	EXPECT_EQ(-EINVAL, create_policy(self->fd, ~0U, ~0U, &t));
	{
		struct khsm_token_create r = { .size = sizeof(r),
					       .mode = 0600,
					       .reserved = { 1 } };

		EXPECT_EQ(-EINVAL,
			  khsm_ioctl(self->fd, KHSM_IOC_TOKEN_CREATE, &r));
	}
	ASSERT_EQ(0, create_policy(self->fd, 100 /* the most */,
				   KHSM_PBKDF2_MAX_ITER, &t));
	EXPECT_EQ(0, khsm_token_destroy(self->fd, t));
}

TEST_F(token, create_needs_cap_sys_admin)
{
	int fd = self->fd;

	IN_CHILD({
		unsigned int t;

		if (drop_cap_sys_admin())
			_exit(2);
		_exit(khsm_token_create(fd, 0, 0, 0600, &t) == -EPERM ? 0 : 1);
	});
	IN_CHILD({
		if (drop_cap_sys_admin())
			_exit(2);
		_exit(khsm_token_destroy(fd, self->token) == -EPERM ? 0 : 1);
	});
}

TEST_F(token, create_bad_mode)
{
	unsigned int t;

	EXPECT_EQ(-EINVAL, khsm_token_create(self->fd, 0, 0, 01600, &t));
	EXPECT_EQ(-EINVAL,
		  khsm_token_create(self->fd, 0xffffffff, 0, 0600, &t));
}

TEST_F(token, unknown_token)
{
	struct khsm_token_info info;

	EXPECT_EQ(-ENXIO, khsm_token_info(self->fd, KHSM_MAX_TOKENS, &info));
	EXPECT_EQ(-ENXIO, khsm_session(0xfffffff0, 0));
}

TEST_F(token, session_on_uninitialised_token)
{
	unsigned int t;

	ASSERT_EQ(0, khsm_token_create(self->fd, 0, 0, 0600, &t));
	EXPECT_EQ(-ENODEV, khsm_session(t, 0));
	EXPECT_EQ(0, khsm_token_destroy(self->fd, t));
}

TEST_F(token, session_commands_need_binding)
{
	EXPECT_EQ(-EBADFD, khsm_session_state(self->fd));
	EXPECT_EQ(-EBADFD, khsm_login(self->fd, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(-EBADFD, khsm_logout(self->fd));
}

TEST_F(token, session_bind_once)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EEXIST, khsm_session_bind(s, self->token, 0));
	close(s);
}

TEST_F(token, session_bad_flags)
{
	int fd = khsm_open();

	EXPECT_EQ(-EINVAL, khsm_session_bind(fd, self->token, 1U << 31));
	EXPECT_EQ(-EBADFD, khsm_session_state(fd));
	close(fd);
}

TEST_F(token, session_states)
{
	int ro = khsm_session(self->token, 0);
	int rw = khsm_session(self->token, KHSM_SESSION_RW);
	struct khsm_token_info info;

	ASSERT_LE(0, ro);
	ASSERT_LE(0, rw);
	EXPECT_EQ(KHSM_SESSION_STATE_RO_PUBLIC, khsm_session_state(ro));
	EXPECT_EQ(KHSM_SESSION_STATE_RW_PUBLIC, khsm_session_state(rw));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_EQ(2, info.session_count);
	EXPECT_EQ(1, info.rw_session_count);

	/* One login serves every session of the process. */
	ASSERT_EQ(0, khsm_login(ro, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(KHSM_SESSION_STATE_RO_USER, khsm_session_state(ro));
	EXPECT_EQ(KHSM_SESSION_STATE_RW_USER, khsm_session_state(rw));
	EXPECT_EQ(0, khsm_logout(rw));
	EXPECT_EQ(KHSM_SESSION_STATE_RO_PUBLIC, khsm_session_state(ro));
	close(ro);
	close(rw);
}

TEST_F(token, last_close_logs_out)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	close(s);
	s = khsm_session(self->token, 0);
	ASSERT_LE(0, s);
	EXPECT_EQ(KHSM_SESSION_STATE_RO_PUBLIC, khsm_session_state(s));
	close(s);
}

TEST_F(token, login_is_per_process)
{
	int s = khsm_session(self->token, 0);
	unsigned int t = self->token;

	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	IN_CHILD({
		int c = khsm_session(t, 0);

		_exit(c >= 0 && khsm_session_state(c) ==
					      KHSM_SESSION_STATE_RO_PUBLIC ?
			      0 :
			      1);
	});
	close(s);
}

TEST_F(token, session_refused_in_other_process)
{
	int s = khsm_session(self->token, 0);
	int unbound = khsm_open();
	unsigned int t = self->token;

	ASSERT_LE(0, s);
	ASSERT_LE(0, unbound);
	IN_CHILD({
		if (khsm_session_state(s) != -ESRCH)
			_exit(1);
		if (khsm_login(s, KHSM_USER_USER, TEST_USER_PIN) != -ESRCH)
			_exit(2);
		/* Nor may an inherited file be bound by the child. */
		_exit(khsm_session_bind(unbound, t, 0) == -ESRCH ? 0 : 3);
	});
	EXPECT_EQ(KHSM_SESSION_STATE_RO_PUBLIC, khsm_session_state(s));
	close(s);
	close(unbound);
}

TEST_F(token, login_twice)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(-EALREADY, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(-EBUSY, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	close(s);
}

TEST_F(token, so_login_refused_with_ro_session)
{
	int ro = khsm_session(self->token, 0);
	int rw = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, ro);
	ASSERT_LE(0, rw);
	EXPECT_EQ(-EROFS, khsm_login(rw, KHSM_USER_SO, TEST_SO_PIN));
	close(ro);
	EXPECT_EQ(0, khsm_login(rw, KHSM_USER_SO, TEST_SO_PIN));
	EXPECT_EQ(KHSM_SESSION_STATE_RW_SO, khsm_session_state(rw));
	/* And no read-only session may open while the SO is in. */
	EXPECT_EQ(-EROFS, khsm_session(self->token, 0));
	close(rw);
}

TEST_F(token, logout_when_not_logged_in)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EPERM, khsm_logout(s));
	close(s);
}

TEST_F(token, login_bad_user_type)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EINVAL, khsm_login(s, 3, TEST_USER_PIN));
	EXPECT_EQ(-EINVAL, khsm_login(s, ~0U, TEST_USER_PIN));
	/* A context-specific login needs a user login first. */
	EXPECT_EQ(-EPERM, khsm_login(s, KHSM_USER_CONTEXT, TEST_USER_PIN));
	close(s);
}

TEST_F(token, pin_length_range)
{
	int s = khsm_session(self->token, 0);
	char long_pin[KHSM_PIN_MAX_LEN + 2];

	ASSERT_LE(0, s);
	memset(long_pin, 'x', sizeof(long_pin) - 1);
	long_pin[sizeof(long_pin) - 1] = 0;
	EXPECT_EQ(-ERANGE, khsm_login(s, KHSM_USER_USER, "123"));
	EXPECT_EQ(-ERANGE, khsm_login(s, KHSM_USER_USER, long_pin));
	close(s);
}

TEST_F(token, pin_bad_pointer)
{
	int s = khsm_session(self->token, 0);
	struct khsm_login r = {
		.size = sizeof(r),
		.user_type = KHSM_USER_USER,
		.pin_len = 8,
		.pin = 8,
	};

	ASSERT_LE(0, s);
	EXPECT_EQ(-EFAULT, khsm_ioctl(s, KHSM_IOC_LOGIN, &r));
	close(s);
}

TEST_F(token, wrong_pin_counted)
{
	int s = khsm_session(self->token, 0);
	struct khsm_token_info info;

	ASSERT_LE(0, s);
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "wrong-pin"));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_EQ(1, info.user_pin_failures);
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_USER_PIN_COUNT_LOW);
	EXPECT_EQ(KHSM_SESSION_STATE_RO_PUBLIC, khsm_session_state(s));

	/* A right PIN resets the count: one bad PIN never locks. */
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_EQ(0, info.user_pin_failures);
	EXPECT_FALSE(info.token_flags & KHSM_TOKEN_USER_PIN_COUNT_LOW);
	close(s);
}

TEST_F(token, user_pin_lockout_and_so_unlock)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);
	struct khsm_token_info info;
	int i;

	ASSERT_LE(0, s);
	for (i = 0; i < TEST_MAX_FAILURES - 1; i++)
		EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "bad!"));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_USER_PIN_FINAL_TRY);
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, "bad!"));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_USER_PIN_LOCKED);

	/* Locked: even the right PIN is refused. */
	EXPECT_EQ(-EKEYREVOKED, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));

	/* The SO sets the user PIN again, which unlocks it. */
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_init_pin(s, "fresh-pin"));
	ASSERT_EQ(0, khsm_logout(s));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_FALSE(info.token_flags & KHSM_TOKEN_USER_PIN_LOCKED);
	EXPECT_EQ(0, khsm_login(s, KHSM_USER_USER, "fresh-pin"));
	close(s);
}

/* Racing wrong PINs from many processes never get past the limit. */
TEST_F(token, lockout_holds_under_races)
{
	struct khsm_token_info info;
	unsigned int t = self->token;
	pid_t pids[8];
	int i, status;

	for (i = 0; i < 8; i++) {
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			int s = khsm_session(t, 0), j, r, ret = 0;

			for (j = 0; j < 4 && s >= 0; j++) {
				r = khsm_login(s, KHSM_USER_USER, "bad!");
				ret |= r != -EKEYREJECTED && r != -EKEYREVOKED;
			}
			_exit(s < 0 || ret);
		}
	}
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_EQ(TEST_MAX_FAILURES, info.user_pin_failures);
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_USER_PIN_LOCKED);
}

TEST_F(token, so_pin_lockout)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);
	struct khsm_token_info info;
	int i;

	ASSERT_LE(0, s);
	for (i = 0; i < TEST_MAX_FAILURES; i++)
		EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_SO, "bad!"));
	EXPECT_EQ(-EKEYREVOKED, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_TRUE(info.token_flags & KHSM_TOKEN_SO_PIN_LOCKED);
	close(s);
}

TEST_F(token, init_pin_needs_so)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EPERM, khsm_init_pin(s, "new-pin-0000"));
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(-EPERM, khsm_init_pin(s, "new-pin-0000"));
	close(s);
}

TEST_F(token, init_pin_needs_rw)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EROFS, khsm_init_pin(s, "new-pin-0000"));
	close(s);
}

TEST_F(token, set_user_pin)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EKEYREJECTED, khsm_set_pin(s, "not-the-pin", "new-pin-1"));
	ASSERT_EQ(0, khsm_set_pin(s, TEST_USER_PIN, "new-pin-1"));
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	EXPECT_EQ(0, khsm_login(s, KHSM_USER_USER, "new-pin-1"));
	close(s);
}

TEST_F(token, set_so_pin)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);

	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_set_pin(s, TEST_SO_PIN, "new-so-pin"));
	ASSERT_EQ(0, khsm_logout(s));
	EXPECT_EQ(-EKEYREJECTED, khsm_login(s, KHSM_USER_SO, TEST_SO_PIN));
	EXPECT_EQ(0, khsm_login(s, KHSM_USER_SO, "new-so-pin"));
	close(s);
}

TEST_F(token, set_pin_needs_rw)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EROFS, khsm_set_pin(s, TEST_USER_PIN, "new-pin-1"));
	close(s);
}

TEST_F(token, init_with_sessions_open)
{
	int s = khsm_session(self->token, 0);

	ASSERT_LE(0, s);
	EXPECT_EQ(-EBUSY, khsm_token_init(self->fd, self->token, TEST_SO_PIN));
	EXPECT_EQ(-EBUSY, khsm_token_destroy(self->fd, self->token));
	close(s);
}

TEST_F(token, reinit_needs_so_pin_and_wipes)
{
	struct khsm_token_info info;

	EXPECT_EQ(-EKEYREJECTED,
		  khsm_token_init(self->fd, self->token, "bad!"));
	ASSERT_EQ(0, khsm_token_init(self->fd, self->token, TEST_SO_PIN));
	ASSERT_EQ(0, khsm_token_info(self->fd, self->token, &info));
	EXPECT_EQ(KHSM_TOKEN_INITIALIZED, info.token_flags);
	EXPECT_EQ(0, info.so_pin_failures);
}

TEST_F(token, user_pin_not_initialised)
{
	int s;

	ASSERT_EQ(0, khsm_token_init(self->fd, self->token, TEST_SO_PIN));
	s = khsm_session(self->token, 0);
	ASSERT_LE(0, s);
	EXPECT_EQ(-ENOKEY, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	close(s);
}

TEST_F(token, reserved_fields)
{
	int s = khsm_session(self->token, KHSM_SESSION_RW);
	struct khsm_login login = {
		.size = sizeof(login),
		.user_type = KHSM_USER_USER,
		.pin_len = strlen(TEST_USER_PIN),
		.pin = (__u64)(unsigned long)TEST_USER_PIN,
		.reserved = { 0, 1 },
	};
	struct khsm_token_info info = { .size = sizeof(info),
					.token = self->token,
					.reserved = { 1 } };
	struct khsm_session_info sinfo = { .size = sizeof(sinfo), .flags = 1 };

	ASSERT_LE(0, s);
	EXPECT_EQ(-EINVAL, khsm_ioctl(s, KHSM_IOC_LOGIN, &login));
	EXPECT_EQ(-EINVAL, khsm_ioctl(s, KHSM_IOC_TOKEN_INFO, &info));
	EXPECT_EQ(-EINVAL, khsm_ioctl(s, KHSM_IOC_SESSION_INFO, &sinfo));
	EXPECT_EQ(KHSM_SESSION_STATE_RW_PUBLIC, khsm_session_state(s));
	close(s);
}

/* A token of uid 0, mode 0600, is invisible to others; one of theirs is not. */
TEST_F(token, per_token_access)
{
	unsigned int theirs, mine = self->token;
	struct stat st;

	ASSERT_EQ(0, stat("/dev/khsm", &st));
	ASSERT_EQ(0, khsm_token_create(self->fd, 65534, 65534, 0600, &theirs));
	ASSERT_EQ(0, khsm_token_init(self->fd, theirs, TEST_SO_PIN));
	ASSERT_EQ(0, chmod("/dev/khsm", 0666));
	IN_CHILD({
		struct khsm_token_info info;
		int fd;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		fd = khsm_open();
		if (fd < 0)
			_exit(3);
		if (khsm_token_info(fd, mine, &info) != -EACCES)
			_exit(4);
		if (khsm_session(mine, 0) != -EACCES)
			_exit(5);
		if (khsm_token_info(fd, theirs, &info) != 0)
			_exit(6);
		if (khsm_session(theirs, 0) < 0)
			_exit(7);
	});
	EXPECT_EQ(0, chmod("/dev/khsm", st.st_mode & 07777));
	EXPECT_EQ(0, khsm_token_destroy(self->fd, theirs));
}

TEST_HARNESS_MAIN
