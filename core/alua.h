/* ALUA and RDAC path states, decoded from response bytes (no I/O here).
 *
 *  - TPGS support: standard INQUIRY byte 5 bits 5:4 (0 none, 1 implicit,
 *    2 explicit, 3 both).
 *  - REPORT TARGET PORT GROUPS (A3h/0Ah): be32 length, optional extended
 *    header, then per group: PREF + asymmetric access state, supported-state
 *    bits, group id, status code, relative target port ids.
 *  - This path's group and relative port: page 0x83 designators of
 *    association 1 (target port), types 5 (TPG) and 4 (relative port).
 *  - RDAC (LSI/NetApp E-series, IBM DS, Dell MD): vendor page C9h "vac",
 *    read as the kernel's scsi_dh_rdac does (mode IOSHIP/AVT/RDAC, LUN owned
 *    by this controller, preferred path). */
#ifndef RELUN_SG_ALUA_H
#define RELUN_SG_ALUA_H

#include <stddef.h>
#include <stdint.h>
#include "rl_err.h"

#define ALUA_MAX_GROUPS 32
#define ALUA_MAX_PORTS 32

/* TPGS field of a standard INQUIRY (0 when too short). */
unsigned alua_tpgs(const uint8_t *std, size_t n);
const char *alua_tpgs_name(unsigned tpgs);
/* "active/optimized", ..., as sysfs access_state spells them. */
const char *alua_state_name(unsigned aas);

struct alua_group {
	unsigned id;
	int pref;
	unsigned aas;			/* asymmetric access state, 0..15 */
	unsigned supported;		/* byte 1: T O - LBD U S AN AO */
	unsigned status;		/* 0 none, 1 by SET TPG, 2 implicit */
	unsigned vendor;		/* vendor-specific status byte */
	unsigned n_ports;		/* as reported */
	unsigned ports[ALUA_MAX_PORTS];	/* relative target port ids (first ALUA_MAX_PORTS) */
};

struct alua_rtpg {
	int extended;			/* extended header present */
	unsigned transition_time;	/* seconds, extended header only */
	unsigned n_groups;
	struct alua_group groups[ALUA_MAX_GROUPS];
	int truncated;			/* the response was cut short */
};

/* Decode a REPORT TARGET PORT GROUPS response of n bytes.  extended: the
 * command asked for the extended header.  Returns 0; RL_E_CORRUPT for
 * fewer than 4 bytes or a descriptor that overruns the claimed length. */
int alua_parse_rtpg(const uint8_t *b, size_t n, int extended, struct alua_rtpg *r,
		    struct rl_err *e);

/* The group of relative port `relport` in r, or NULL. */
const struct alua_group *alua_group_of_port(const struct alua_rtpg *r, unsigned relport);
const struct alua_group *alua_group_by_id(const struct alua_rtpg *r, unsigned id);

/* From page 0x83 (n bytes, full 16-bit length honoured within n): target
 * port group id and relative target port of this path, -1 when absent. */
void alua_port_from_vpd83(const uint8_t *p83, size_t n, int *tpg, int *relport);

struct alua_rdac {
	int valid;
	const char *mode;		/* "IOSHIP", "AVT" or "RDAC" */
	int owned;			/* this controller owns the LUN */
	int preferred;			/* this is the preferred path */
	const char *access;		/* what the kernel makes of it */
};

/* Decode vendor page C9h; returns 0 or -1 if it is not one. */
int alua_parse_rdac_c9(const uint8_t *b, size_t n, struct alua_rdac *r);

#endif
