// SPDX-License-Identifier: GPL-2.0
/*
 * The committed fixed-base tables are exactly what gen_ec_table.c computes
 * with OpenSSL today. Run from kmod/crypto/test, as `make check` does.
 */
#define GEN_EC_TABLE_NO_MAIN
#include "gen_ec_table.c"

#include <stdlib.h>

#include "check.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(gen_ec_specs) / sizeof(gen_ec_specs[0]); i++) {
		char path[64], *want = NULL, *have;
		size_t want_len = 0, have_len = 0;
		FILE *mem = open_memstream(&want, &want_len);
		int ok = mem && gen_ec_table(mem, &gen_ec_specs[i]);

		if (mem)
			fclose(mem);
		snprintf(path, sizeof(path), "../ec_table_%s.h",
			 gen_ec_specs[i].name);
		have = slurp(path, &have_len);
		CHECK(ok && have && want_len == have_len &&
			      !memcmp(want, have, want_len),
		      "%s differs from what gen_ec_table.c generates", path);
		free(want);
		free(have);
	}
	return check_report("crypto-ec-table");
}
