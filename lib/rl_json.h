/* Printing json-c objects the same way on every json-c a user has.
 *
 * json-c escapes '/' as "\/" unless told JSON_C_TO_STRING_NOSLASHESCAPE,
 * which only 0.13 and later know (configure checks); a XenServer 8 dom0 has
 * 0.11 or 0.12.  The fallback removes exactly those escapes while printing,
 * so device paths read "/dev/sdb" from either library. */
#ifndef RELUN_RL_JSON_H
#define RELUN_RL_JSON_H

#include <stdio.h>
#include <json.h>

/* fputs(s) with every "\/" escape written as "/"; other escapes untouched. */
int rl_json_fputs_noslash(const char *s, FILE *f);
/* o as json-c's text with flags (JSON_C_TO_STRING_*), without slash
 * escapes when noslash is set, then a newline. */
int rl_json_print(FILE *f, json_object *o, int flags, int noslash);

#endif
