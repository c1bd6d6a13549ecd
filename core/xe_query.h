/* The pool's record of where an SR lives, asked of `xe` when it is on the host
 * (a XenServer/XCP-ng dom0).  Without xe there is no such evidence. */
#ifndef RELUN_PROBE_XE_QUERY_H
#define RELUN_PROBE_XE_QUERY_H

#include <stddef.h>

/* SCSIid the pool records for SR sr_uuid (sm-config:devserial "scsi-<id>").
 * Returns 1 found, 0 unknown to the pool / no xe, -1 on error. */
int xe_sr_scsiid(const char *sr_uuid, char *out, size_t n);
/* Run argv (no shell) and capture stdout; returns exit status or -1. */
int run_capture(char *const argv[], char *out, size_t n);

#endif
