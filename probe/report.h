/* relun-probe's output: JSON (stable keys, see relun-probe(8)) and text,
 * one LUN at a time, so no more than one LUN's report is ever in memory. */
#ifndef RELUN_PROBE_REPORT_H
#define RELUN_PROBE_REPORT_H

#include <stdio.h>
#include "judge.h"

struct json_object;

/* The JSON document {"version":1,"luns":[...]}, streamed: the text is the
 * one json-c prints for the whole document built at once. */
struct report_json {
	FILE *f;
	unsigned n;                /* LUNs printed */
	char *pre, *sep, *post;    /* the document before, between and after LUNs */
	const char *indent;        /* what follows a newline at a LUN's depth */
	struct json_object *all;   /* NULL, or (out of memory for the above) the
				    * LUNs kept to print the document at once */
};

void report_json_begin(struct report_json *r, FILE *f);
void report_json_lun(struct report_json *r, const struct judge *j, unsigned i);
void report_json_end(struct report_json *r);
/* LUN i's JSON object alone (the caller puts it), for the table. */
struct json_object *report_json_lun_object(const struct judge *j, unsigned i);

/* LUN i as text, after an empty line unless it is the first. */
/* first: no blank line before it (the first LUN reported). */
void report_text_lun(const struct judge *j, unsigned i, int first, int verbose, FILE *f);
/* pvck --dump headers style dump of one LUN's label and mda headers. */
void report_headers(const struct plun *l, FILE *f);

#endif
