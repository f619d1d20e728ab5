// SPDX-License-Identifier: GPL-2.0
/*
 * khsm token: the administrator's side of tokens, which PKCS#11 has no
 * call for: creating one (with the user or group it serves), listing them
 * with their PIN state, and removing one.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hsm.h>

#include "cli.h"

static int token_usage(void)
{
	fprintf(stderr,
		"usage: khsm token create [--persistent] [--user NAME|UID] [--group NAME|GID]\n"
		"                         [--mode OCTAL] [--max-pin-failures N]\n"
		"                         [--pbkdf2-iterations N]\n"
		"       khsm token list\n"
		"       khsm token destroy [--unload] ID\n"
		"A persistent token's directory goes too, unless --unload: then\n"
		"the token only leaves the kernel and is restored at next boot.\n");
	return 2;
}

/* A user or group by name or number; -1 if there is none. */
static long id_of(const char *s, int group)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s && !*end && v >= 0)
		return v;
	if (group) {
		struct group *g = getgrnam(s);

		return g ? (long)g->gr_gid : -1;
	}
	{
		struct passwd *p = getpwnam(s);

		return p ? (long)p->pw_uid : -1;
	}
}

/* A number for an option, or -1: the kernel checks the range. */
static long num_of(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v >= 0 && v <= UINT32_MAX ? v : -1;
}

/*
 * The PIN policy options set what C_InitToken (pkcs11-tool --init-token)
 * gives the token when its caller names none: the lockout threshold and
 * the cost of the PIN verifiers.
 */
static int token_create(struct hsm *h, int argc, char **argv)
{
	long uid = 0, gid = 0, mode = 0600, failures = 0, iterations = 0;
	uint32_t token, flags = 0;
	char *end;
	int i, ret;

	for (i = 2; i < argc; i += 2) {
		if (!strcmp(argv[i], "--persistent")) {
			flags |= KHSM_TOKEN_CREATE_PERSISTENT;
			i--;
			continue;
		}
		if (i + 1 >= argc)
			return token_usage();
		if (!strcmp(argv[i], "--user"))
			uid = id_of(argv[i + 1], 0);
		else if (!strcmp(argv[i], "--group"))
			gid = id_of(argv[i + 1], 1);
		else if (!strcmp(argv[i], "--mode"))
			mode = strtol(argv[i + 1], &end, 8);
		else if (!strcmp(argv[i], "--max-pin-failures"))
			failures = num_of(argv[i + 1]);
		else if (!strcmp(argv[i], "--pbkdf2-iterations"))
			iterations = num_of(argv[i + 1]);
		else
			return token_usage();
		if (uid < 0 || gid < 0) {
			fprintf(stderr, "khsm: no such user or group: %s\n",
				argv[i + 1]);
			return 1;
		}
		if (failures < 0 || iterations < 0) {
			fprintf(stderr, "khsm: not a number: %s\n",
				argv[i + 1]);
			return 1;
		}
	}
	/* A persistent token's directory is written before this returns. */
	ret = hsm_token_create_flags(h, uid, gid, mode, flags, failures,
				     iterations, &token);
	if (ret) {
		fprintf(stderr, "khsm: token create: %s\n",
			ret == -ENOKEY && flags ?
				"no machine key loaded (khsm machine-key load)" :
				hsm_strerror(ret));
		return 1;
	}
	printf("%u\n", token);
	return 0;
}

static void pin_state(char *buf, size_t len, uint32_t f, int so)
{
	uint32_t low = so ? KHSM_TOKEN_SO_PIN_COUNT_LOW :
			    KHSM_TOKEN_USER_PIN_COUNT_LOW;
	uint32_t final = so ? KHSM_TOKEN_SO_PIN_FINAL_TRY :
			      KHSM_TOKEN_USER_PIN_FINAL_TRY;
	uint32_t locked = so ? KHSM_TOKEN_SO_PIN_LOCKED :
			       KHSM_TOKEN_USER_PIN_LOCKED;

	snprintf(buf, len, "%s",
		 (f & locked) ? "locked" :
		 (f & final)  ? "final try" :
		 (f & low)    ? "count low" :
				"ok");
}

static int token_list(struct hsm *h)
{
	uint32_t ids[KHSM_MAX_TOKENS];
	struct khsm_token_info ti;
	char user[16], so[16], owner[48];
	int n, i, ret;

	n = hsm_token_list(h, ids, KHSM_MAX_TOKENS);
	if (n < 0) {
		fprintf(stderr, "khsm: token list: %s\n", hsm_strerror(n));
		return 1;
	}
	printf("%-6s %-32s %-12s %-10s %-10s %-14s %s\n", "ID", "LABEL",
	       "STATE", "USER PIN", "SO PIN", "OWNER", "LOCKOUT/PBKDF2");
	for (i = 0; i < n && i < KHSM_MAX_TOKENS; i++) {
		ret = hsm_token_info(h, ids[i], &ti);
		if (ret)
			continue;
		pin_state(user, sizeof(user), ti.token_flags, 0);
		pin_state(so, sizeof(so), ti.token_flags, 1);
		snprintf(owner, sizeof(owner), "%u:%u %04o", ti.uid, ti.gid,
			 ti.mode);
		printf("%-6u %-32.32s %-12s %-10s %-10s %-14s %u/%u\n", ids[i],
		       (ti.token_flags & KHSM_TOKEN_INITIALIZED) ?
			       (const char *)ti.label :
			       "",
		       (ti.token_flags & KHSM_TOKEN_INITIALIZED) ?
			       "initialised" :
			       "new",
		       (ti.token_flags & KHSM_TOKEN_USER_PIN_INITIALIZED) ?
			       user :
			       "not set",
		       so, owner, ti.max_pin_failures, ti.pbkdf2_iterations);
	}
	return 0;
}

/* Remove a token; a persistent one from its store too, unless @unload. */
static int token_destroy(struct hsm *h, uint32_t token, int unload)
{
	uint8_t uuid[KHSM_UUID_LEN];
	int persistent, ret;

	persistent = hsm_token_uuid(h, token, uuid);
	if (persistent < 0) {
		fprintf(stderr, "khsm: token destroy: %s\n",
			hsm_strerror(persistent));
		return 1;
	}
	ret = hsm_token_destroy(h, token);
	if (ret) {
		fprintf(stderr, "khsm: token destroy: %s\n", hsm_strerror(ret));
		return 1;
	}
	if (persistent && !unload) {
		ret = hsm_store_remove(uuid);
		if (ret) {
			fprintf(stderr, "khsm: token destroy: store: %s\n",
				strerror(-ret));
			return 1;
		}
	}
	return 0;
}

int cmd_token(int argc, char **argv)
{
	struct hsm *h;
	int ret;

	if (argc < 2)
		return token_usage();
	ret = hsm_open(NULL, &h);
	if (ret) {
		fprintf(stderr, "khsm: %s\n", hsm_strerror(ret));
		return 1;
	}
	if (!strcmp(argv[1], "create")) {
		ret = token_create(h, argc, argv);
	} else if (!strcmp(argv[1], "list") && argc == 2) {
		ret = token_list(h);
	} else if (!strcmp(argv[1], "destroy") &&
		   (argc == 3 || (argc == 4 && !strcmp(argv[2], "--unload")))) {
		ret = token_destroy(h, strtoul(argv[argc - 1], NULL, 10),
				    argc == 4);
	} else {
		ret = token_usage();
	}
	hsm_close(h);
	return ret;
}
