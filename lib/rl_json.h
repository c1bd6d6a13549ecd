/* JSON text for every tool, in one place: json-c's serialisation without
 * "\/" escapes (so grep and shell tools see paths as they are).  json-c
 * 0.12+ has JSON_C_TO_STRING_NOSLASHESCAPE; older json-c (CentOS 7's 0.11)
 * gets the same text by un-escaping "\/" afterwards. */
#ifndef RELUN_RL_JSON_H
#define RELUN_RL_JSON_H

/* obj (a json_object *) as text with json-c flags (JSON_C_TO_STRING_PRETTY
 * ...; ignored where json-c has no _ext), malloc'd; NULL if out of memory. */
char *rl_json_text(const void *obj, int flags);

/* Drop the backslash of every "\/" escape in JSON text s, in place (a "\\"
 * escape is kept whole, so "\\/" stays). */
void rl_json_unescape_slashes(char *s);

#endif
