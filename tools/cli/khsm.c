// SPDX-License-Identifier: GPL-2.0
/*
 * khsm: the command line of the keystore. One row per command in
 * khsm_commands[]; the same table prints the help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct khsm_command khsm_commands[] = {
	{ cmd_info, "info", "", "show the module's version, ABI and state" },
	{ cmd_token, "token", "create|list|destroy",
	  "add (as root), list or remove tokens" },
	{ cmd_sign, "sign", "--key L FILE...",
	  "sign files (--batch: all at once through io_uring)" },
	{ cmd_machine_key, "machine-key", "create|load|status",
	  "make the host's machine key, or load it into the module" },
	{ cmd_store, "store", "load|sync",
	  "restore every persistent token (as root, at boot)" },
	{ NULL, NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	const struct khsm_command *c;

	fprintf(out, "usage: khsm <command> [args]\n\ncommands:\n");
	for (c = khsm_commands; c->name; c++)
		fprintf(out, "  %-12s %-20s %s\n", c->name, c->args, c->help);
}

int main(int argc, char **argv)
{
	const struct khsm_command *c;

	if (argc < 2 || !strcmp(argv[1], "help") ||
	    !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (c = khsm_commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->handler(argc - 1, argv + 1);
	fprintf(stderr, "khsm: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
