/* The summary of a run: how many LUNs ended in each status, in a fixed
 * order ("resigned", "planned", "not-needed", "refused", "rolled-back",
 * "failed"; any other status counts as failed), as a JSON object
 * {"luns": N, "resigned": n, ...} and as one line: "20 LUNs: 19 resigned,
 * 1 refused, 0 failed". */
#ifndef RELUN_SUMMARY_H
#define RELUN_SUMMARY_H

#include <stdio.h>

/* res: n json-c job results.  Returns a json-c object. */
void *rl_summary_json(void *const *res, unsigned n);
void rl_summary_text(const void *summary, FILE *f);

#endif
