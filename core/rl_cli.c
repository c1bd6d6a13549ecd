#include "config.h"
#include "rl_cli.h"

#include <stdio.h>

#include "exitcodes.h"

void rl_cli_version(const struct rl_cli *c)
{
	printf("%s %s\n", c->tool, PACKAGE_VERSION);
}

int rl_cli_fail(const struct rl_cli *c)
{
	fprintf(stderr, "Try '%s --help'.\n", c->tool);
	return RL_EXIT_USAGE;
}

int rl_cli_next(const struct rl_cli *c, int argc, char **argv)
{
	int o = getopt_long(argc, argv, c->shortopts, c->longopts, NULL);

	switch (o) {
	case 'h':
		fputs(c->usage, stdout);
		return RL_CLI_EXIT_OK;
	case 'V':
		rl_cli_version(c);
		return RL_CLI_EXIT_OK;
	case '?':
	case ':':
		return RL_CLI_BAD;
	default:
		return o;
	}
}
