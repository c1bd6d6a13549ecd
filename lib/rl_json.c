#include "config.h"
#include "rl_json.h"

int rl_json_fputs_noslash(const char *s, FILE *f)
{
	/* In json-c's text a backslash is always the start of a two-character
	 * escape (or of \uXXXX), so pairs are consumed whole: "\\/" stays. */
	for (; *s; s++) {
		if (*s == '\\' && s[1] == '/')
			continue;
		if (putc(*s, f) == EOF)
			return EOF;
		if (*s == '\\' && s[1]) {
			if (putc(*++s, f) == EOF)
				return EOF;
		}
	}
	return 0;
}

int rl_json_print(FILE *f, json_object *o, int flags, int noslash)
{
	const char *s;

#if HAVE_DECL_JSON_C_TO_STRING_NOSLASHESCAPE
	if (noslash) {
		flags |= JSON_C_TO_STRING_NOSLASHESCAPE;
		noslash = 0;
	}
#endif
	s = json_object_to_json_string_ext(o, flags);
	if (!s || (noslash ? rl_json_fputs_noslash(s, f) : fputs(s, f)) == EOF)
		return -1;
	return putc('\n', f) == EOF ? -1 : 0;
}
