// SPDX-License-Identifier: GPL-2.0
/*
 * Constant-time check of key unwrapping under valgrind memcheck: the
 * wrapped input (hence everything the cipher produces from it, the
 * integrity value, the length indicator and the plaintext) is secret, for
 * valid and corrupted wrappings of KWP and KW. Any memcheck error fails.
 */
#include <stdio.h>
#include <string.h>

#include "ctgrind_util.h"
#include "kwp_util.h"

static int one(int pad, size_t len, int corrupt)
{
	u8 key[16] = { 7 }, msg[64], w[80], out[80];
	size_t wl = sizeof(w), ol = sizeof(out);
	struct khsm_block_cipher bc;
	struct aes_pair p;
	int ret;

	memset(msg, 0x3c, sizeof(msg));
	aes_setup(&p, &bc, key, sizeof(key));
	ret = pad ? khsm_kwp_wrap(&bc, msg, len, w, &wl) :
		    khsm_kw_wrap(&bc, msg, len, w, &wl);
	if (ret)
		return 1;
	w[wl - 1] ^= (u8)corrupt;
	SECRET(w, wl);
	ret = pad ? khsm_kwp_unwrap(&bc, w, wl, out, &ol) :
		    khsm_kw_unwrap(&bc, w, wl, out, &ol);
	PUBLIC(&ol, sizeof(ol));
	PUBLIC(out, sizeof(out));
	aes_free(&p);
	if (corrupt)
		return ret != -EBADMSG;
	return ret != 0 || ol != len || memcmp(out, msg, len);
}

int main(void)
{
	int fails = 0;

	fails += one(1, 5, 0) + one(1, 5, 1) + one(1, 8, 0) + one(1, 8, 4);
	fails += one(1, 37, 0) + one(1, 37, 2) + one(1, 64, 0);
	fails += one(0, 16, 0) + one(0, 16, 1) + one(0, 40, 0);
	printf("ctgrind kwp/kw unwrap: %s\n", fails ? "WRONG RESULTS" : "done");
	return fails != 0;
}
