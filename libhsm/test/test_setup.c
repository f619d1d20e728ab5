// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * hsm_open/hsm_close/hsm_info: error paths natively, and the handshake
 * against the real module when /dev/khsm exists (in the guest).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "hsm.h"

static void test_errors(void)
{
	struct hsm *h = (struct hsm *)1;
	struct khsm_info info;

	CHECK(hsm_open(NULL, NULL) == -EINVAL, "NULL out");
	CHECK(hsm_open("/nonexistent/khsm", &h) == -ENOENT && !h,
	      "missing device gives -ENOENT and no handle");
	CHECK(hsm_open("/dev/null", &h) == -ENOTTY && !h,
	      "a non-khsm device gives -ENOTTY");
	CHECK(hsm_info(NULL, &info) == -EINVAL, "hsm_info(NULL)");
	CHECK(strstr(hsm_strerror(-ENOENT), "module") != NULL,
	      "ENOENT explained as a missing module");
	CHECK(strcmp(hsm_strerror(-EIO), strerror(EIO)) == 0,
	      "other errors fall back to strerror");
	hsm_close(NULL);
}

static void test_device(void)
{
	struct khsm_info info;
	struct hsm *h;
	int ret;

	ret = hsm_open(NULL, &h);
	CHECK(ret == 0, "hsm_open: %s", hsm_strerror(ret));
	if (ret)
		return;
	CHECK(hsm_fd(h) >= 0, "descriptor");
	CHECK(hsm_info(h, &info) == 0, "info");
	CHECK(info.abi_version == KHSM_ABI_VERSION, "ABI version %u",
	      info.abi_version);
	CHECK(info.state == KHSM_STATE_OPERATIONAL, "state %u", info.state);
	CHECK(info.version[0] && memchr(info.version, 0, sizeof(info.version)),
	      "version string is set and terminated");
	CHECK(info.size == sizeof(info), "size left as given");
	hsm_close(h);
}

int main(void)
{
	test_errors();
	if (access(HSM_DEFAULT_DEVICE, F_OK) == 0)
		test_device();
	return check_report("libhsm-setup");
}
