// SPDX-License-Identifier: GPL-2.0
/*
 * Per-user quotas: a user at their object or session limit gets -EDQUOT,
 * another user is not affected, and what is given back can be used again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "khsm_sysfs.h"
#include "khsm_util.h"
#include "kselftest_harness.h"

static int data_object(int s, __u32 *h)
{
	struct tmpl t = { .n = 0 };

	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_DATA);
	tmpl_str(&t, KHSM_ATTR_LABEL, "quota");
	return khsm_create(s, &t, h);
}

FIXTURE(quota)
{
	int fd;
	unsigned int token;
};

FIXTURE_SETUP(quota)
{
	self->fd = khsm_open();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, khsm_token_create(self->fd, 0, 0, 0666, &self->token));
	ASSERT_EQ(0, khsm_token_init(self->fd, self->token, TEST_SO_PIN));
}

FIXTURE_TEARDOWN(quota)
{
	EXPECT_EQ(0, khsm_param_write("max_objects_per_user", 20000));
	EXPECT_EQ(0, khsm_param_write("max_sessions_per_user", 1024));
	EXPECT_EQ(0, khsm_token_destroy(self->fd, self->token));
	close(self->fd);
}

TEST_F(quota, objects_per_user)
{
	__u32 h[8], extra;
	int s, i, status;
	pid_t pid;

	s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_param_write("max_objects_per_user", 8));
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, data_object(s, &h[i]));
	EXPECT_EQ(-EDQUOT, data_object(s, &extra));
	/* Another user has a quota of their own. */
	ASSERT_EQ(0, chmod("/dev/khsm", 0666));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int cs;

		if (setresuid(4242, 4242, 4242))
			_exit(2);
		cs = khsm_session(self->token, KHSM_SESSION_RW);
		if (cs < 0)
			_exit(3);
		_exit(data_object(cs, &extra) ? 1 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, chmod("/dev/khsm", 0660));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* A destroyed object gives its place back. */
	ASSERT_EQ(0, khsm_destroy(s, h[3]));
	EXPECT_EQ(0, data_object(s, &h[3]));
	EXPECT_EQ(-EDQUOT, data_object(s, &extra));
	close(s);
	/* Closing the session ended its session objects: room again. */
	s = khsm_session(self->token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	EXPECT_EQ(0, data_object(s, &extra));
	close(s);
}

TEST_F(quota, sessions_per_user)
{
	int s[3], more;

	ASSERT_EQ(0, khsm_param_write("max_sessions_per_user", 3));
	s[0] = khsm_session(self->token, 0);
	s[1] = khsm_session(self->token, 0);
	s[2] = khsm_session(self->token, 0);
	ASSERT_LE(0, s[0]);
	ASSERT_LE(0, s[1]);
	ASSERT_LE(0, s[2]);
	EXPECT_EQ(-EDQUOT, khsm_session(self->token, 0));
	close(s[1]);
	more = khsm_session(self->token, 0);
	EXPECT_LE(0, more);
	close(more);
	close(s[0]);
	close(s[2]);
}

TEST_HARNESS_MAIN
