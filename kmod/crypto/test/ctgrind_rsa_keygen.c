// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time check of RSA key generation under valgrind memcheck: all
 * DRBG output (prime candidates, Miller-Rabin bases, blinding) is secret.
 * Rejected candidates are declassified by the core only through explicit
 * verdicts; everything applied to the accepted primes (GCD, lambda, d, the
 * CRT values, the exponentiations of the consistency test) must not branch
 * on or index memory by them. Any memcheck error fails.
 */
#include <stdio.h>

#include "ctgrind_util.h"
#include "rsa.h"
#include "shim_user.h"

int main(void)
{
	struct khsm_rsa_key *key = khsm_rsa_key_alloc();
	int ret;

	khsm_test_set_random(secret_random);
	ret = khsm_rsa_generate(key, 2048);
	khsm_test_set_random(NULL);
	printf("ctgrind rsa-2048 key generation: %d\n", ret);
	khsm_rsa_key_free(key);
	return ret != 0;
}
