/* The relun-resign undo journal: on-disk format (codec only, no I/O).
 *
 * One file per transaction, written completely and fsync'd before the first
 * device write (e2undo's idea, our own format).  It carries everything needed
 * to put every changed byte back, or forward, without the tool that wrote it:
 * the devices' identities, and per region the old and the new bytes.
 *
 * Layout (all integers little-endian; "str" = u32 length + bytes, zero
 * padded to a multiple of 8; "blob" = bytes padded the same way):
 *
 *   0   magic "RLJOURN1"
 *   8   u32 version (2; version 1 files are still read)
 *   12  u32 incompat flags (0; a parser refuses bits it does not know)
 *   16  u32 state          \ rewritten in place (one 8-byte write + fsync,
 *   20  u32 state check   /  inside one sector, so a power cut leaves the old
 *                             or the new word) and left out of the file
 *                             checksum.  The check is the first 4 bytes of
 *                             sha256("RLJSTATE" state file-checksum): an
 *                             edited state is detected (version 1: ~state)
 *   24  u32 ndevs, 28 u32 nids, 32 u64 nregs, 40 u64 created (unix seconds),
 *   48  u64 file length, 56 u64 reserved (0)
 *   64  str subject, str scope, str tool
 *   per device: u64 size, u64 rdev, u64 header_len, u32 align, u32 0,
 *       sha256 header region as it was, sha256 header region with every
 *       planned region zeroed (the same before, during and after: the
 *       device's fingerprint), sha256 of all its regions' old bytes in plan
 *       order, the same for the new bytes; str path, str ident,
 *       (version 2) str name: a stable name of the LUN when it has one
 *       (/dev/disk/by-id/..., /dev/mapper/<wwid>), "" otherwise
 *   per identity: u32 kind, u32 0, str old, str new, str where
 *   per region: u32 device, u32 phase, u64 offset, u32 length, u32 0,
 *       sha256 old bytes, sha256 new bytes, str what, blob old, blob new
 *   trailer: "RLJEND01", sha256 of the whole file except bytes 16..23 and
 *       these 32 bytes.
 *
 * Regions appear in write order (plan order). */
#ifndef RELUN_JOURNAL_FMT_H
#define RELUN_JOURNAL_FMT_H

#include <stdint.h>
#include <stddef.h>

#include "plan.h"
#include "rl_err.h"
#include "sha256.h"

#define RL_JOURNAL_MAGIC "RLJOURN1"
#define RL_JOURNAL_END "RLJEND01"
#define RL_JOURNAL_VERSION 2u
#define RL_JOURNAL_VERSION_MIN 1u
#define RL_JOURNAL_HDR_LEN 64u
#define RL_JOURNAL_TRAILER_LEN 40u
#define RL_JOURNAL_STATE_OFF 16u

enum rl_jstate {
	RL_JSTATE_PREPARED = 1,    /* written; device writes may have started */
	RL_JSTATE_DONE = 2,        /* every region holds the new bytes, verified */
	RL_JSTATE_ROLLED_BACK = 3, /* recovered to the old bytes */
	RL_JSTATE_UNDONE = 4,      /* a completed resign was undone */
};

/* Per device: its fingerprints, and the stable name it had (version 2). */
struct rl_journal_fp {
	char name[256];
	uint8_t hdr_sha[RL_SHA256_LEN];
	uint8_t hdr_masked_sha[RL_SHA256_LEN];
	uint8_t before_sha[RL_SHA256_LEN];
	uint8_t after_sha[RL_SHA256_LEN];
};

struct rl_journal {
	uint32_t version;
	enum rl_jstate state;
	uint64_t created;
	char tool[64];
	struct rl_plan plan;        /* subject, scope, devices, ids, regions */
	struct rl_journal_fp *fp;   /* one per plan.devs */
};

/* The fixed header, bytes 0..63, as stored. */
struct rl_journal_hdr {
	uint32_t version;
	uint32_t incompat;
	uint32_t state;
	uint32_t state_check;
	uint32_t ndevs;
	uint32_t nids;
	uint64_t nregs;
	uint64_t created;
	uint64_t file_len;
	uint64_t reserved;
};

/* Decode the first RL_JOURNAL_HDR_LEN bytes of b: 0, or -1 when the magic
 * is not a journal's. */
int rl_journal_hdr_decode(const uint8_t *b, struct rl_journal_hdr *h);
/* The checks of the full parser that need no more than the header, the
 * file's last RL_JOURNAL_TRAILER_LEN bytes (trailer) and its size: a
 * version this code reads, no unknown features, the length and reserved
 * field, the trailer magic, and the state word with its check.  1 sound. */
int rl_journal_hdr_sound(const struct rl_journal_hdr *h, const uint8_t *trailer,
			 uint64_t file_len);

const char *rl_jstate_name(enum rl_jstate s); /* "prepared", "done", ... */
int rl_jstate_valid(uint32_t s);              /* one of the states above */
/* The word stored after the state (bytes 20..23) for a journal of that
 * version whose file checksum (the trailer's last 32 bytes) is file_sha. */
uint32_t rl_jstate_check(uint32_t version, uint32_t state, const uint8_t file_sha[RL_SHA256_LEN]);

/* Empty journal (state prepared) holding a deep copy of a finalized plan;
 * fingerprints zeroed, before/after hashes computed from the plan. */
int rl_journal_init_from_plan(struct rl_journal *j, const struct rl_plan *p, uint64_t created,
			      const char *tool, struct rl_err *e);
void rl_journal_free(struct rl_journal *j);

/* The two header fingerprints of device d from its header region bytes
 * (exactly plan.devs[d].hdr_len of them, read from offset 0). */
void rl_journal_hdr_hashes(const struct rl_plan *p, uint32_t d, const uint8_t *hdr,
			   uint8_t whole[RL_SHA256_LEN], uint8_t masked[RL_SHA256_LEN]);
/* sha256 of the old (which = 0) or new (which = 1) bytes of device d's
 * regions, concatenated in plan order. */
void rl_journal_image_sha(const struct rl_plan *p, uint32_t d, int which,
			  uint8_t out[RL_SHA256_LEN]);

/* Serialize: *out is malloc'd, *len its size. */
int rl_journal_serialize(const struct rl_journal *j, uint8_t **out, size_t *len,
			 struct rl_err *e);
/* Parse a whole file image.  Every count, length and offset is checked
 * against the buffer; a truncated, corrupt or foreign file is refused with a
 * message naming the file offset.  e should name the journal file. */
/* The file checksum: sha256 of [0, body_end) with the 8-byte state word
 * skipped, so a state update needs no new checksum. */
void rl_journal_file_sha(const uint8_t *b, size_t body_end, uint8_t out[RL_SHA256_LEN]);
int rl_journal_parse(const uint8_t *buf, size_t len, struct rl_journal *j, struct rl_err *e);

#endif
