/* relun-probe's output: JSON (stable keys, see relun-probe(8)) and text. */
#ifndef RELUN_PROBE_REPORT_H
#define RELUN_PROBE_REPORT_H

#include <stdio.h>
#include "judge.h"

void report_json(const struct judge *j, FILE *f);
void report_text(const struct judge *j, int verbose, FILE *f);
/* pvck --dump headers style dump of one LUN's label and mda headers. */
void report_headers(const struct plun *l, FILE *f);

#endif
