/* libFuzzer harness: INQUIRY pages -> scsi_id identifier (both profiles).
 * Input: byte 0 says which responses exist (bit 0 standard INQUIRY, 1 page
 * 0x00, 2 page 0x80, 3 page 0x83); bytes 1..3 are the lengths of the
 * standard INQUIRY, page 0x00 and page 0x80; page 0x83 gets the rest.  Each
 * response lands in a buffer of exactly its size so ASan sees any read past
 * what a device returned.  The result must be self-consistent: -u holds
 * only udev-safe bytes, sm only when -g decodes as UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scsi_id.h"
#include "udev_str.h"

static uint8_t *chunk(const uint8_t **d, size_t *n, size_t want, size_t *got)
{
	uint8_t *b;

	if (want > *n)
		want = *n;
	b = malloc(want ? want : 1);
	if (!b)
		abort();
	memcpy(b, *d, want);
	*d += want;
	*n -= want;
	*got = want;
	return b;
}

static void check(const struct scsi_id_out *o)
{
	char txt[8192], copy[sizeof(o->u)];

	if (o->found && !o->g[0])
		abort();
	/* -u is a fixed point of replace_chars */
	memcpy(copy, o->u, sizeof(copy));
	if (udevstr_replace_chars(copy) != 0)
		abort();
	if (!(o->flags & SCSI_ID_F_SM_UNDECODABLE) && o->found && strlen(o->sm) > strlen(o->g))
		abort();
	if (scsi_id_export_text(o, txt, sizeof(txt)) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct scsi_id_in in;
	static struct scsi_id_out o;
	uint8_t *std, *p00, *p80, *p83, flags;
	size_t l0, l1, l2;

	if (n < 4)
		return 0;
	flags = d[0];
	l0 = d[1];
	l1 = d[2];
	l2 = d[3];
	d += 4;
	n -= 4;
	memset(&in, 0, sizeof(in));
	std = chunk(&d, &n, l0, &in.std.len);
	p00 = chunk(&d, &n, l1, &in.p00.len);
	p80 = chunk(&d, &n, l2, &in.p80.len);
	p83 = chunk(&d, &n, n, &in.p83.len);
	in.std.data = (flags & 1) ? std : NULL;
	in.p00.data = (flags & 2) ? p00 : NULL;
	in.p80.data = (flags & 4) ? p80 : NULL;
	in.p83.data = (flags & 8) ? p83 : NULL;
	scsi_id_run(&in, SG_PROFILE_XS219, &o);
	check(&o);
	scsi_id_run(&in, SG_PROFILE_SYSTEMD, &o);
	check(&o);
	free(std);
	free(p00);
	free(p80);
	free(p83);
	return 0;
}
