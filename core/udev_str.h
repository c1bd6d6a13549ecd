/* The string rules scsi_id and sm apply to an id, byte for byte.
 *
 * scsi_id -u (and every ID_* value udev exports) is
 *   replace_chars(replace_whitespace(raw))
 * sm's SCSIid is Python's re.sub(r"\s+", "_", raw.strip()) on `scsi_id -g`.
 * The two differ for T10, vendor-specific and page-0x80 ids that contain
 * characters outside [0-9A-Za-z#+-.:=@_].
 *
 * All functions work on NUL-terminated C strings (scsi_id cannot print a NUL)
 * and use the C locale's isspace: " \t\n\v\f\r" (scsi_id never sets a
 * locale). */
#ifndef RELUN_SG_UDEV_STR_H
#define RELUN_SG_UDEV_STR_H

#include <stddef.h>
#include "sg_profile.h"

/* isspace() in the C locale. */
static inline int udevstr_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* util_replace_whitespace (219) / udev_replace_whitespace (v243+): strip
 * leading and trailing whitespace, turn each inner run into one '_'.  At most
 * `len` bytes of str are read; `to` needs len + 1 bytes.  The profiles differ
 * only in leading \v and \f: 219 strips them, later systemd turns them into
 * '_' (it skips only " \t\n\r" at the start).  Returns strlen(to). */
size_t udevstr_replace_whitespace(enum sg_profile p, const char *str, char *to, size_t len);

/* util_replace_chars(str, NULL), in place: keep [0-9A-Za-z#+-.:=@_], "\x"
 * (the backslash and the x; what follows is judged on its own) and valid
 * multi-byte UTF-8; every other byte becomes '_'.  Returns the count replaced. */
size_t udevstr_replace_chars(char *str);

/* Length of the valid UTF-8 character at s (1 for ASCII), or -1: systemd's
 * utf8_encoded_valid_unichar (no overlongs, surrogates, U+FDD0..U+FDEF,
 * U+xFFFE/U+xFFFF, or anything past U+10FFFF). */
int udevstr_utf8_char_len(const char *s);

/* encode_devnode_name (ID_VENDOR_ENC, ID_MODEL_ENC): unsafe bytes and '\'
 * become "\xNN", valid multi-byte UTF-8 is kept.  0, or -1 if enc (n bytes)
 * is too small. */
int udevstr_encode(const char *str, char *enc, size_t n);

/* scsi_id's ID_TYPE name for a peripheral device type. */
const char *udevstr_scsi_type(unsigned pdt);

/* sm's SCSIid_sanitise on the output of `scsi_id -g`, as Python 3 runs it
 * (XenServer 8 / XCP-ng 8.3 sm): the bytes are decoded as UTF-8 (strict; sm
 * fails on anything else), str.strip() and \s use Unicode whitespace, which
 * adds 0x1c-0x1f, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
 * U+202F, U+205F and U+3000 to the C set.  Returns the length written to out
 * (NUL-terminated, needs strlen(in) + 1 bytes), or -1 when `in` is not valid
 * UTF-8 (sm would raise UnicodeDecodeError and have no SCSIid). */
int sm_sanitise_scsiid(const char *in, char *out, size_t n);

/* The same under Python 2 (older sm): bytes, whitespace = C isspace. */
int sm_sanitise_scsiid_py2(const char *in, char *out, size_t n);

#endif
