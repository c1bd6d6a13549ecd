#include "config.h"
#include "rl_json.h"

#include <stdlib.h>
#include <string.h>

void rl_json_unescape_slashes(char *s)
{
	char *w = s;

	while (*s) {
		if (s[0] == '\\' && s[1] == '/') {
			*w++ = '/';
			s += 2;
		} else if (s[0] == '\\' && s[1]) {
			*w++ = *s++;
			*w++ = *s++;
		} else {
			*w++ = *s++;
		}
	}
	*w = '\0';
}

static char *text(json_object *o, int flags, int noslash)
{
	const char *t;
	char *s;

#if HAVE_DECL_JSON_C_TO_STRING_NOSLASHESCAPE
	if (noslash) {
		flags |= JSON_C_TO_STRING_NOSLASHESCAPE;
		noslash = 0;
	}
#endif
	t = json_object_to_json_string_ext(o, flags);
	s = strdup(t ? t : "null");
	if (s && noslash)
		rl_json_unescape_slashes(s);
	return s;
}

char *rl_json_text(json_object *o, int flags)
{
	return text(o, flags, 1);
}

int rl_json_print(FILE *f, json_object *o, int flags, int noslash)
{
	char *s = text(o, flags, noslash);
	int r = -1;

	if (s && fputs(s, f) != EOF && putc('\n', f) != EOF)
		r = 0;
	free(s);
	return r;
}
