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

int rl_json_has(json_object *o, const char *k)
{
	return o && json_object_object_get_ex(o, k, NULL);
}

static json_object *member(json_object *o, const char *k, json_type t)
{
	json_object *v;

	if (!o || !json_object_object_get_ex(o, k, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

const char *rl_json_str(json_object *o, const char *k)
{
	json_object *v = member(o, k, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

json_object *rl_json_arr(json_object *o, const char *k)
{
	return member(o, k, json_type_array);
}

json_object *rl_json_obj(json_object *o, const char *k)
{
	return member(o, k, json_type_object);
}

int64_t rl_json_int(json_object *o, const char *k)
{
	json_object *v = member(o, k, json_type_int);

	return v ? json_object_get_int64(v) : 0;
}

int rl_json_bool(json_object *o, const char *k)
{
	json_object *v = member(o, k, json_type_boolean);

	return v ? json_object_get_boolean(v) : 0;
}
