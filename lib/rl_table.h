/* The tools' tables, printed like LVM's reports: columns aligned (the last
 * one not padded) or joined by a separator, with or without the heading
 * row.  Cells are one line each: control characters escaped. */
#ifndef RELUN_RL_TABLE_H
#define RELUN_RL_TABLE_H

#include <stddef.h>
#include <stdio.h>

/* s (NULL: "") with control characters as \n, \t, \xHH; malloc'd. */
char *rl_table_cell(const char *s);

/* cells: rows x nc strings (row 0 the heading; NULL prints as ""). */
void rl_table_print(FILE *f, char *const *cells, size_t rows, size_t nc, int noheadings,
		    const char *separator);

#endif
