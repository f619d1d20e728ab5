/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KHSM_CLI_H
#define _KHSM_CLI_H

/**
 * struct khsm_command - one command of the khsm tool
 * @handler: runs it with argv[0] the command name; returns the exit status
 * @name: what the user types
 * @args: its arguments, for the help
 * @help: one line of help
 */
struct khsm_command {
	int (*handler)(int argc, char **argv);
	const char *name;
	const char *args;
	const char *help;
};

int cmd_info(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_machine_key(int argc, char **argv);
int cmd_store(int argc, char **argv);

#endif /* _KHSM_CLI_H */
