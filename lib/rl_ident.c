#include "rl_ident.h"

#include <stdio.h>

int rl_ident_format(char *out, size_t n, const char *kind, const char *value)
{
	if (!value || !*value) {
		if (n)
			out[0] = '\0';
		return 0;
	}
	return snprintf(out, n, "%s:%s", kind ? kind : "", value);
}
