// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "../shim.h"
#include "check.h"

int main(void)
{
	struct khsm_buf part = { (const u8 *)"abc", 3 };
	u8 out[32];

	CHECK(khsm_crypto_hash(KHSM_HASH_SHA256, &part, 1, out) == 0, "hash");
	CHECK(out[0] == 0xba && out[31] == 0xad, "sha256(abc)");
	return check_report("crypto-shim");
}
