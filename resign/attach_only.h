/* The DR branch: relun-resign --attach-only DEV... writes the attach script
 * for LUNs that keep their identity (a DR site: the originals are not on
 * this host) and writes nothing to any LUN.  A LUN whose identity is seen
 * twice on this host needs a resign, not an attach: refused, exit 9. */
#ifndef RELUN_ATTACH_ONLY_H
#define RELUN_ATTACH_ONLY_H

#include "job.h"

/* NULL when every device of the copy may be attached as it is; else the
 * job's refused result (a json-c object, "exit_code" RL_EXIT_ORIGINAL) and
 * *code set. */
void *rl_attach_only_refusal(const char *const *paths, unsigned n,
			     const struct rl_job_verdict *v, int *code);

#endif
