// SPDX-License-Identifier: GPL-2.0
/*
 * Hibernation would write the secret caches to swap in the clear: while
 * a key is loaded, the module must veto it before anything is frozen.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "khsm_util.h"
#include "kselftest_harness.h"

static bool hibernation_offered(void)
{
	char states[128] = "";
	int fd = open("/sys/power/state", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, states, sizeof(states) - 1);
	close(fd);
	return n > 0 && strstr(states, "disk");
}

TEST(hibernation_refused_while_keys_loaded)
{
	static const __u8 key[16] = "hibernation test";
	struct tmpl t = { .n = 0 };
	unsigned int token;
	int fd, s, ps, err;
	__u32 h;

	if (!hibernation_offered())
		SKIP(return, "this kernel offers no hibernation");
	fd = khsm_open();
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, khsm_test_token(fd, &token));
	s = khsm_session(token, KHSM_SESSION_RW);
	ASSERT_LE(0, s);
	ASSERT_EQ(0, khsm_login(s, KHSM_USER_USER, TEST_USER_PIN));
	tmpl_ulong(&t, KHSM_ATTR_CLASS, KHSM_CLASS_SECRET_KEY);
	tmpl_ulong(&t, KHSM_ATTR_KEY_TYPE, KHSM_KEY_AES);
	tmpl_bytes(&t, KHSM_ATTR_VALUE, key, sizeof(key));
	ASSERT_EQ(0, khsm_create(s, &t, &h));

	ps = open("/sys/power/state", O_WRONLY);
	ASSERT_LE(0, ps);
	err = write(ps, "disk", 4) < 0 ? errno : 0;
	close(ps);
	EXPECT_EQ(EBUSY, err);

	close(s);
	EXPECT_EQ(0, khsm_token_destroy(fd, token));
	close(fd);
}

TEST_HARNESS_MAIN
