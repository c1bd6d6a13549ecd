/* XenServer uuid text: the canonical lowercase 8-4-4-4-12 form.
 *
 * sm only accepts lowercase hex with dashes at 8/13/18/23 (util.match_uuid,
 * exactmatch_uuid) in VG names, LV names and MGT records, so every uuid relun
 * reads from or writes to an SR goes through these helpers.  Version and
 * variant nibbles are NOT checked: sm does not check them either, and SRs made
 * by other tools carry whatever uuidgen produced.  New uuids are random
 * (version 4), like sm's `uuidgen -r`: the bytes come from the caller
 * (core/rl_random.h rl_uuid_new), this file only formats them. */
#ifndef RELUN_XS_UUID_H
#define RELUN_XS_UUID_H

#include <stdint.h>
#include <stddef.h>

#define XS_UUID_LEN 36      /* characters, without the NUL */
#define XS_UUID_BUFSZ 37

/* 1 if s[0..35] is a canonical lowercase uuid (s need not be NUL-terminated
 * after 36 chars); 0 otherwise.  s must have at least n readable bytes. */
int xs_uuid_valid_n(const char *s, size_t n);
/* 1 if the NUL-terminated s is exactly a canonical lowercase uuid. */
int xs_uuid_valid(const char *s);
/* 16 random bytes -> a version 4 uuid (version and variant bits set) in
 * canonical lowercase form. */
void xs_uuid_from_random(const uint8_t rnd[16], char out[XS_UUID_BUFSZ]);
/* Canonical text -> 16 bytes (RFC-4122 byte order, as libuuid).  -1 if not
 * canonical (uppercase is refused: sm would refuse it too). */
int xs_uuid_parse(const char *s, uint8_t out[16]);
/* 16 bytes -> canonical lowercase text. */
void xs_uuid_format(const uint8_t in[16], char out[XS_UUID_BUFSZ]);
/* 1 if all 16 bytes are zero. */
int xs_uuid_is_null(const uint8_t in[16]);

#endif
