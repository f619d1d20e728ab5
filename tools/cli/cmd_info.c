// SPDX-License-Identifier: GPL-2.0
/*
 * khsm info: what the loaded module is and whether it may be trusted.
 */
#include <stdio.h>

#include <hsm.h>

#include "cli.h"

static const char *const state_names[] = {
	[KHSM_STATE_OPERATIONAL] = "operational",
	[KHSM_STATE_ERROR] = "ERROR (a self-test failed; crypto refused)",
};

static const char *const lockdown_names[] = {
	[KHSM_LOCKDOWN_NONE] = "none (root can read kernel memory)",
	[KHSM_LOCKDOWN_INTEGRITY] = "integrity",
	[KHSM_LOCKDOWN_CONFIDENTIALITY] = "confidentiality",
};

int cmd_info(int argc, char **argv)
{
	struct khsm_info info;
	struct hsm *h;
	int ret;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: khsm info\n");
		return 2;
	}
	ret = hsm_open(NULL, &h);
	if (ret) {
		fprintf(stderr, "khsm: %s\n", hsm_strerror(ret));
		return 1;
	}
	ret = hsm_info(h, &info);
	hsm_close(h);
	if (ret) {
		fprintf(stderr, "khsm: info: %s\n", hsm_strerror(ret));
		return 1;
	}
	printf("module version:  %s\n", (char *)info.version);
	printf("ABI version:     %u\n", info.abi_version);
	printf("state:           %s\n", info.state <= KHSM_STATE_ERROR ?
						state_names[info.state] :
						"unknown");
	printf("kernel lockdown: %s\n",
	       info.lockdown <= KHSM_LOCKDOWN_CONFIDENTIALITY ?
		       lockdown_names[info.lockdown] :
		       "unknown");
	printf("max request:     %u bytes\n", info.max_request_size);
	return 0;
}
