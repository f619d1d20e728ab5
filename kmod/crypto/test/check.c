// SPDX-License-Identifier: GPL-2.0
#include "check.h"

unsigned long check_passed;
unsigned long check_failed;

int check_report(const char *suite)
{
	printf("%s: %lu passed, %lu failed\n", suite, check_passed,
	       check_failed);
	return check_failed ? 1 : 0;
}
