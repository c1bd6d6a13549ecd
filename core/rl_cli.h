/* The command line every relun tool shares: getopt_long over the tool's
 * own option table, --help and --version answered the same way, and option
 * errors said the same way (getopt's message, then "Try 'TOOL --help'.",
 * exit 2).  A tool's option is one entry in its struct option table and
 * one case in its switch. */
#ifndef RELUN_RL_CLI_H
#define RELUN_RL_CLI_H

#include <getopt.h>

struct rl_cli {
	const char *tool;                /* "relun-sg": messages, --version */
	const char *usage;               /* the --help text */
	const char *shortopts;           /* holds "hV" */
	const struct option *longopts;   /* holds help 'h' and version 'V' */
};

/* What rl_cli_next returns besides an option and -1 (the end). */
#define RL_CLI_EXIT_OK (-2)   /* --help or --version printed: exit 0 */
#define RL_CLI_BAD (-3)       /* an unknown option or a missing argument
			       * (said on stderr): rl_cli_fail() */

int rl_cli_next(const struct rl_cli *c, int argc, char **argv);

/* "Try 'TOOL --help'." on stderr; returns RL_EXIT_USAGE. */
int rl_cli_fail(const struct rl_cli *c);

/* "TOOL VERSION" */
void rl_cli_version(const struct rl_cli *c);

#endif
