/* relun-probe's default screen: one line per LUN in the order judged (the
 * arguments' order), like pvs/lsblk (--output FIELD,..., --noheadings,
 * --separator), then a summary line ("21 LUNs: 1 original, 20 clones, 0
 * damaged").  Rows are built from the LUN's JSON object (the stable keys of
 * relun-probe(8)); only their short strings are kept until the end. */
#ifndef RELUN_PROBE_REPORT_TABLE_H
#define RELUN_PROBE_REPORT_TABLE_H

#include <stdio.h>

struct json_object;

#define PROBE_TABLE_MAX_FIELDS 16

struct probe_table {
	int fields[PROBE_TABLE_MAX_FIELDS];
	int n_fields;
	int noheadings;
	const char *separator;     /* NULL: aligned columns */
	char **cells;              /* rows x n_fields, row 0 the heading */
	size_t rows, cap;
	unsigned verdicts[16];     /* LUNs per verdict (index in the fixed order) */
};

/* "--output FIELD,..." ("+FIELD,..." adds to the default); NULL: the
 * default.  -1 with a message on stderr for an unknown field. */
int probe_table_init(struct probe_table *t, const char *spec);
const char *probe_table_field_list(void);
/* One LUN's row from its JSON object (not kept). */
void probe_table_lun(struct probe_table *t, struct json_object *lun);
/* Print the table (and, unless --noheadings/--separator, the summary). */
void probe_table_end(struct probe_table *t, FILE *f);
void probe_table_free(struct probe_table *t);

#endif
