// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wycheproof.h"

json_t *wp_load(const char *file)
{
	const char *dir = getenv("KHSM_VECTORS");
	json_error_t err;
	char path[4096];
	json_t *root;

	if (!dir)
		dir = "../shared/vectors/wycheproof";
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	root = json_load_file(path, 0, &err);
	if (!root)
		fprintf(stderr, "cannot load %s: %s (line %d)\n", path,
			err.text, err.line);
	return root;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long wp_hex(const char *hex, uint8_t **out)
{
	size_t n = strlen(hex), i;
	uint8_t *buf;

	if (n % 2)
		return -1;
	buf = malloc(n / 2 + 1);
	if (!buf)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(buf);
			return -1;
		}
		buf[i] = (uint8_t)(hi << 4 | lo);
	}
	*out = buf;
	return (long)(n / 2);
}

long wp_hex_field(json_t *obj, const char *key, uint8_t **out)
{
	const char *s = json_string_value(json_object_get(obj, key));

	if (!s)
		return -1;
	return wp_hex(s, out);
}

int wp_result(json_t *test)
{
	const char *r = json_string_value(json_object_get(test, "result"));

	if (r && !strcmp(r, "valid"))
		return 1;
	if (r && !strcmp(r, "acceptable"))
		return 2;
	return 0;
}

int wp_has_flag(json_t *test, const char *flag)
{
	json_t *flags = json_object_get(test, "flags"), *f;
	size_t i;

	json_array_foreach(flags, i,
			   f) if (json_string_value(f) &&
				  !strcmp(json_string_value(f), flag)) return 1;
	return 0;
}
