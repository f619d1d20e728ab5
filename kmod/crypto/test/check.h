/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Outcome counting for the native core tests. Every CHECK is one outcome;
 * check_report() prints "<suite>: N passed, N failed" for `make check` to
 * add up, and gives the exit status.
 */
#ifndef _KHSM_CRYPTO_CHECK_H
#define _KHSM_CRYPTO_CHECK_H

#include <stdio.h>

extern unsigned long check_passed;
extern unsigned long check_failed;

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (cond) {                                                  \
			check_passed++;                                      \
		} else {                                                     \
			check_failed++;                                      \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                        \
			fputc('\n', stderr);                                 \
		}                                                            \
	} while (0)

/* Print the suite's totals; return the process exit status. */
int check_report(const char *suite);

#endif
