/* JSON text for every tool, in one place: json-c's serialisation without
 * "\/" escapes, so grep and shell tools see device paths as they are.
 *
 * json-c escapes '/' as "\/" unless told JSON_C_TO_STRING_NOSLASHESCAPE,
 * which only 0.13 and later know (configure checks); a XenServer 8 dom0 has
 * 0.11 or 0.12.  The fallback removes exactly those escapes afterwards, so
 * the text is the same from either library. */
#ifndef RELUN_RL_JSON_H
#define RELUN_RL_JSON_H

#include <stdint.h>
#include <stdio.h>
#include <json.h>

/* Drop the backslash of every "\/" escape in JSON text s, in place.  Escapes
 * are read in pairs, so an escaped backslash before a slash ("\\/") stays. */
void rl_json_unescape_slashes(char *s);

/* o as text with json-c flags (JSON_C_TO_STRING_PRETTY ...), without slash
 * escapes, malloc'd; NULL if out of memory. */
char *rl_json_text(json_object *o, int flags);

/* o as json-c's text with flags, without slash escapes when noslash is
 * set, then a newline.  -1 on a write error. */
int rl_json_print(FILE *f, json_object *o, int flags, int noslash);

/* Reading back JSON relun wrote: the member k of object o as a string
 * (NULL when absent or not a string), an array (NULL), an integer or a
 * boolean (0 when absent: rl_json_has tells). */
int rl_json_has(json_object *o, const char *k);
const char *rl_json_str(json_object *o, const char *k);
json_object *rl_json_arr(json_object *o, const char *k);
json_object *rl_json_obj(json_object *o, const char *k);
int64_t rl_json_int(json_object *o, const char *k);
int rl_json_bool(json_object *o, const char *k);

#endif
