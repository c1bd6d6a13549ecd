/* Exit codes shared by every relun tool; documented in relun(7) and each man page.
 * A script can tell "bad input" from "refused for safety" from "damage found". */
#ifndef RELUN_EXITCODES_H
#define RELUN_EXITCODES_H

enum rl_exit {
	RL_EXIT_OK = 0,
	RL_EXIT_FAIL = 1,        /* some LUN failed; see its per-LUN result */
	RL_EXIT_USAGE = 2,       /* bad options or arguments */
	RL_EXIT_NOTROOT = 3,     /* needs root */
	RL_EXIT_NODEV = 4,       /* device or file missing, unreadable, I/O error */
	RL_EXIT_BUSY = 5,        /* O_EXCL/flock failed, holders, active LVs */
	RL_EXIT_DAMAGED = 6,     /* CRC, magic, bounds, unparsable metadata */
	RL_EXIT_INCOMPLETE = 7,  /* not every PV given, VG exported or partial */
	RL_EXIT_INFLIGHT = 8,    /* LVs show an SR operation in flight */
	RL_EXIT_ORIGINAL = 9,    /* LUN looks like the original, or no evidence */
	RL_EXIT_JOURNAL = 10,    /* journal dir on the device, or a pending journal */
	RL_EXIT_VERIFY = 11,     /* verification after writing failed (rolled back) */
	RL_EXIT_MISMATCH = 12,   /* undo/recover: device is not the journal's */
	RL_EXIT_UNSUPPORTED = 13,/* valid layout relun does not handle */
	RL_EXIT_SCSI = 14,       /* a SCSI command failed (relun-sg) */
};

#endif
