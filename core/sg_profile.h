/* Which scsi_id to reproduce.
 *
 * XenServer 7.x/8.x and XCP-ng 8.x ship systemd 219 (RHEL 7.2-7.6 code).  Its
 * scsi_id bounds the page 0x83 walk by the LOW byte of the page length only
 * and prefixes pre-SPC-3 (old EMC Symmetrix) ids with '5'.  systemd v243 and
 * later (systemd PR #12554; Debian 12 ships 252) use the full 16-bit length
 * and the prefix '3'.  sm stores the result of `scsi_id -g` as SCSIid, so a
 * SCSIid computed with the wrong profile does not match the pool's records. */
#ifndef RELUN_SG_PROFILE_H
#define RELUN_SG_PROFILE_H

#include <string.h>

enum sg_profile {
	SG_PROFILE_XS219 = 0,	/* default: systemd 219 as in XenServer/XCP-ng */
	SG_PROFILE_SYSTEMD,	/* systemd v243..v25x (before the 2026 changes) */
};

static inline const char *sg_profile_name(enum sg_profile p)
{
	return p == SG_PROFILE_SYSTEMD ? "systemd" : "xs219";
}

/* 0 and *p set, or -1 for an unknown name. */
static inline int sg_profile_parse(const char *s, enum sg_profile *p)
{
	if (!strcmp(s, "xs219")) {
		*p = SG_PROFILE_XS219;
		return 0;
	}
	if (!strcmp(s, "systemd")) {
		*p = SG_PROFILE_SYSTEMD;
		return 0;
	}
	return -1;
}

#endif
