/* relun-resign's default screen: one line per VG copy, in argument order,
 * like LVM's reports (pvs -o ..., --noheadings, --separator), then the
 * summary line and where the attach script is.  -v keeps the detailed view
 * (report.c). */
#ifndef RELUN_REPORT_TABLE_H
#define RELUN_REPORT_TABLE_H

#include <stdio.h>

#include "job_result.h"

#define RL_TABLE_MAX_FIELDS 16

struct rl_table_opts {
	int fields[RL_TABLE_MAX_FIELDS];
	int n_fields;
	int noheadings;
	const char *separator;   /* NULL: aligned columns */
};

/* Parse "-o FIELD,..." ("+FIELD,..." adds to the default fields); NULL
 * gives the default.  -1 with a message on stderr for an unknown field. */
int rl_table_parse_fields(const char *spec, struct rl_table_opts *t);

/* The field names, comma-separated, for --help and errors. */
const char *rl_table_field_list(void);

void rl_report_table(const struct rl_job_result *res, unsigned n, const struct rl_table_opts *t,
		     FILE *f);

#endif
