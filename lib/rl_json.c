#include "rl_json.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

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

char *rl_json_text(const void *obj, int flags)
{
	json_object *o = (json_object *)obj;
	const char *t;
	char *s;

#ifdef HAVE_JSON_OBJECT_TO_JSON_STRING_EXT
#ifdef JSON_C_TO_STRING_NOSLASHESCAPE
	flags |= JSON_C_TO_STRING_NOSLASHESCAPE;
#endif
	t = json_object_to_json_string_ext(o, flags);
#else
	(void)flags;
	t = json_object_to_json_string(o);
#endif
	s = strdup(t ? t : "null");
	if (s)
		rl_json_unescape_slashes(s); /* a no-op where json-c did it */
	return s;
}
