/* A re-implementation of scsi_id's identifier search (systemd
 * src/udev/scsi_id/scsi_serial.c, 219 and v243+), modelled on the same
 * buffers so its quirks come out the same:
 *  - serial[256] and serial_short[256] are one 512-byte region, adjacent as
 *    in struct scsi_id_device, because an unterminated serial prints on into
 *    serial_short;
 *  - 219 builds "vendor+model" with strncpy/strncat into the serial buffer
 *    and a failed attempt leaves its bytes there, and scsi_id prints
 *    serial[] whenever serial[0] is set, even after a failure;
 *  - reads past the 254-byte INQUIRY buffers return zero (see scsi_id.h). */
#include "scsi_id.h"
#include "udev_str.h"

#include <stdio.h>
#include <string.h>

#define VENDOR_LEN 8
#define MODEL_LEN 16

/* Designator types and code sets as scsi_id names them. */
enum { T_VENDOR = 0, T_T10 = 1, T_EUI64 = 2, T_NAA = 3, T_RELPORT = 4, T_TGTGROUP = 5 };
enum { CS_BINARY = 1, CS_ASCII = 2 };
#define NAA_ANY 0xff

struct search {
	int type, naa, code_set;
};

/* scsi_id's id_search_list: the TPG entry only records ID_TARGET_PORT. */
static const struct search search_list[] = {
	{ T_TGTGROUP, NAA_ANY, CS_BINARY },
	{ T_NAA, 6, CS_BINARY },
	{ T_NAA, 6, CS_ASCII },
	{ T_NAA, 5, CS_BINARY },
	{ T_NAA, 5, CS_ASCII },
	{ T_NAA, NAA_ANY, CS_BINARY },
	{ T_NAA, NAA_ANY, CS_ASCII },
	{ T_EUI64, NAA_ANY, CS_BINARY },
	{ T_EUI64, NAA_ANY, CS_ASCII },
	{ T_T10, NAA_ANY, CS_BINARY },
	{ T_T10, NAA_ANY, CS_ASCII },
	{ T_VENDOR, NAA_ANY, CS_BINARY },
	{ T_VENDOR, NAA_ANY, CS_ASCII },
};

static const char hex_str[] = "0123456789abcdef";

#define SR_LEN (2 * SCSI_ID_MAX_SERIAL)
#define SHORT_OFF SCSI_ID_MAX_SERIAL

struct emu {
	enum sg_profile p;
	uint8_t std[SCSI_ID_BUF_LEN], p00[SCSI_ID_BUF_LEN], p80[SCSI_ID_BUF_LEN], p83[SCSI_ID_BUF_LEN];
	int have80;
	char vendor[VENDOR_LEN + 1], model[MODEL_LEN + 1];
	char sr[SR_LEN];		/* serial, then serial_short */
	char unit_serial[SCSI_ID_MAX_SERIAL];
	char wwn[17], wwn_ext[17], tgpt[8];
	unsigned flags;
	int src, dtype, dcs;
	int partial;			/* serial[0] set by a fill that failed */
};

static void load(uint8_t *dst, const struct scsi_id_page *pg)
{
	size_t n;

	memset(dst, 0, SCSI_ID_BUF_LEN);
	if (!pg->data)
		return;
	n = pg->len < SCSI_ID_BUF_LEN ? pg->len : SCSI_ID_BUF_LEN;
	memcpy(dst, pg->data, n);
}

/* A byte of a 254-byte buffer; past its end scsi_id reads stack garbage. */
static uint8_t at(struct emu *e, const uint8_t *buf, size_t i)
{
	if (i >= SCSI_ID_BUF_LEN) {
		e->flags |= SCSI_ID_F_UNDEFINED;
		return 0;
	}
	return buf[i];
}

static void sr_put(struct emu *e, size_t i, char c)
{
	if (i < SR_LEN)
		e->sr[i] = c;
	else
		e->flags |= SCSI_ID_F_UNDEFINED;
}

static size_t sr_strlen(const struct emu *e, size_t from)
{
	return from < SR_LEN ? strnlen(e->sr + from, SR_LEN - from) : 0;
}

/* Vendor and model after serial[0].  Returns 24 or -1. */
static int prepend_vendor_model(struct emu *e)
{
	size_t vl = strlen(e->vendor), ml = strlen(e->model), k, pos;

	if (e->p == SG_PROFILE_SYSTEMD) {
		/* append_vendor_model(): checks first, writes nothing on failure */
		if (vl != VENDOR_LEN || ml != MODEL_LEN)
			return -1;
		memcpy(e->sr + 1, e->vendor, VENDOR_LEN);
		memcpy(e->sr + 1 + VENDOR_LEN, e->model, MODEL_LEN);
		return VENDOR_LEN + MODEL_LEN;
	}
	/* 219: strncpy(serial + 1, vendor, 8); strncat(serial + 1, model, 16);
	 * strlen(serial + 1) must then be 24. */
	for (k = 0; k < VENDOR_LEN; k++)
		sr_put(e, 1 + k, k < vl ? e->vendor[k] : '\0');
	pos = 1 + sr_strlen(e, 1);
	for (k = 0; k < ml; k++)
		sr_put(e, pos + k, e->model[k]);
	sr_put(e, pos + ml, '\0');
	return sr_strlen(e, 1) == VENDOR_LEN + MODEL_LEN ? VENDOR_LEN + MODEL_LEN : -1;
}

/* check_fill_0x83_id for the descriptor at p83[d].  0 = id filled. */
static int check_fill(struct emu *e, size_t d, const struct search *s)
{
	uint8_t b0 = at(e, e->p83, d), b1 = at(e, e->p83, d + 1);
	uint8_t dlen = at(e, e->p83, d + 3);
	size_t len, i, j, start, k;

	if ((b1 & 0x30) == 0x10) {
		if (s->type != T_TGTGROUP)
			return 1;
	} else if ((b1 & 0x30) != 0) {
		return 1;
	}
	if ((b1 & 0x0f) != s->type)
		return 1;
	if (s->naa != NAA_ANY && s->naa != (at(e, e->p83, d + 4) & 0xf0) >> 4)
		return 1;
	if ((b0 & 0x0f) != s->code_set)
		return 1;
	len = dlen;
	if ((b0 & 0x0f) != CS_ASCII)
		len *= 2;
	len += 2;
	if (s->type == T_VENDOR)
		len += VENDOR_LEN + MODEL_LEN;
	if (len > SCSI_ID_MAX_SERIAL)
		return 1;

	if (s->type == T_TGTGROUP) {
		unsigned group = ((unsigned)at(e, e->p83, d + 6) << 8) | at(e, e->p83, d + 7);

		snprintf(e->tgpt, sizeof(e->tgpt), "%x", group);
		return 1;
	}

	e->sr[0] = hex_str[s->type];
	if (s->type == T_VENDOR && prepend_vendor_model(e) < 0) {
		e->partial = 1;
		return 1;
	}
	e->partial = 0;
	start = j = sr_strlen(e, 0);
	if ((b0 & 0x0f) == CS_ASCII) {
		for (i = 4; i < 4 + (size_t)dlen; i++)
			sr_put(e, j++, (char)at(e, e->p83, d + i));
	} else {
		for (i = 4; i < 4 + (size_t)dlen; i++) {
			uint8_t c = at(e, e->p83, d + i);

			sr_put(e, j++, hex_str[c >> 4]);
			sr_put(e, j++, hex_str[c & 0x0f]);
		}
	}
	/* strcpy(serial_short, serial + s) */
	for (k = 0; start + k < SHORT_OFF && e->sr[start + k]; k++)
		e->sr[SHORT_OFF + k] = e->sr[start + k];
	e->sr[SHORT_OFF + k] = '\0';

	if (s->type == T_NAA) {
		/* strncpy(wwn, serial + s, 16); strncpy(ext, serial + s + 16, 16) */
		memset(e->wwn, 0, sizeof(e->wwn));
		memset(e->wwn_ext, 0, sizeof(e->wwn_ext));
		for (k = 0; k < 16 && start + k < SR_LEN && e->sr[start + k]; k++)
			e->wwn[k] = e->sr[start + k];
		for (k = 0; k < 16 && start + 16 + k < SR_LEN && e->sr[start + 16 + k]; k++)
			e->wwn_ext[k] = e->sr[start + 16 + k];
	}
	e->src = SCSI_ID_SRC_VPD83;
	e->dtype = s->type;
	e->dcs = s->code_set;
	return 0;
}

/* check_fill_0x83_prespc3: the page body is the id, no descriptors. */
static int fill_prespc3(struct emu *e)
{
	size_t i, j, k;
	uint8_t n = at(e, e->p83, 3);

	/* 219 uses hex_str[id_search_list[0].id_type], the TPG entry: '5' */
	e->sr[0] = e->p == SG_PROFILE_XS219 ? hex_str[T_TGTGROUP] : hex_str[T_NAA];
	j = sr_strlen(e, 0);
	for (i = 0; i < n && j < SCSI_ID_MAX_SERIAL - 3; i++) {
		uint8_t c = at(e, e->p83, 4 + i);

		sr_put(e, j++, hex_str[c >> 4]);
		sr_put(e, j++, hex_str[c & 0x0f]);
	}
	e->sr[SCSI_ID_MAX_SERIAL - 1] = '\0';
	/* strncpy(serial_short, serial, 255) */
	for (k = 0; k < SCSI_ID_MAX_SERIAL - 1 && e->sr[k]; k++)
		e->sr[SHORT_OFF + k] = e->sr[k];
	for (; k < SCSI_ID_MAX_SERIAL - 1; k++)
		e->sr[SHORT_OFF + k] = '\0';
	e->partial = 0;
	e->src = SCSI_ID_SRC_PRESPC3;
	return 0;
}

/* do_scsi_page80_inquiry.  want_serial: fill serial (else only *short_dst). */
static int page80(struct emu *e, int want_serial, char *short_dst)
{
	uint8_t n;
	size_t i, idx;

	if (!e->have80 || e->p80[1] != 0x80)
		return 1;
	n = e->p80[3];
	if (1 + VENDOR_LEN + MODEL_LEN + (size_t)n > SCSI_ID_MAX_SERIAL)
		return 1;
	if (want_serial) {
		e->sr[0] = 'S';
		if (prepend_vendor_model(e) < 0) {
			e->partial = 1;
			return 1;
		}
		e->partial = 0;
		idx = 1 + VENDOR_LEN + MODEL_LEN;
		for (i = 4; i < 4 + (size_t)n; i++)
			sr_put(e, idx++, (char)e->p80[i]);
		e->src = SCSI_ID_SRC_VPD80;
	}
	if (short_dst) {
		memcpy(short_dst, e->p80 + 4, n);
		short_dst[n] = '\0';
	}
	return 0;
}

/* do_scsi_page83_inquiry */
static int page83(struct emu *e)
{
	size_t id, j, last;

	page80(e, 0, e->unit_serial);
	if (e->p83[1] != 0x83)
		return 1;
	if (e->p83[6] != 0)
		return fill_prespc3(e);

	if (e->p == SG_PROFILE_XS219)
		last = (size_t)e->p83[3] + 3;
	else
		last = ((size_t)e->p83[2] << 8) + e->p83[3] + 3;
	for (id = 0; id < sizeof(search_list) / sizeof(search_list[0]); id++)
		for (j = 4; j <= last; j += (size_t)at(e, e->p83, j + 3) + 4)
			if (check_fill(e, j, &search_list[id]) == 0)
				return 0;
	return 1;
}

/* do_scsi_page0_inquiry's sanity checks. */
static int page0_ok(struct emu *e)
{
	if (e->p00[1] != 0)
		return 0;
	if (e->p00[3] > SCSI_ID_BUF_LEN)
		return 0;
	/* Some devices answer page 0 with the standard INQUIRY: strneq(). */
	if (e->p00[3] > MODEL_LEN && strncmp((const char *)e->p00 + VENDOR_LEN, e->vendor, VENDOR_LEN) == 0)
		return 0;
	return 1;
}

/* scsi_get_serial(), default page code */
static void get_serial(struct emu *e)
{
	size_t ind, last;

	if (!page0_ok(e))
		return;
	last = (size_t)e->p00[3] + 3;
	for (ind = 4; ind <= last; ind++)
		if (at(e, e->p00, ind) == 0x83 && page83(e) == 0)
			return;
	for (ind = 4; ind <= last; ind++)
		if (at(e, e->p00, ind) == 0x80 && page80(e, 1, e->sr + SHORT_OFF) == 0)
			return;
}

static void cut_copy(char *dst, const uint8_t *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* util_replace_whitespace + util_replace_chars with scsi_id's buffer size. */
static void udev_form(enum sg_profile p, const char *src, size_t buflen, char *dst)
{
	udevstr_replace_whitespace(p, src, dst, p == SG_PROFILE_XS219 ? buflen : buflen - 1);
	udevstr_replace_chars(dst);
}

int scsi_id_run(const struct scsi_id_in *in, enum sg_profile p, struct scsi_id_out *out)
{
	static struct emu zero_emu;
	struct emu e = zero_emu;
	uint16_t p83len;
	char tmp[sizeof(out->sm)];
	int n;

	memset(out, 0, sizeof(*out));
	out->profile = p;
	out->desig_type = -1;
	out->desig_code_set = -1;
	out->id_type = "";
	e.p = p;
	e.dtype = -1;
	e.dcs = -1;
	if (!in->std.data) {
		out->flags = SCSI_ID_F_NO_STD;
		return 1;
	}
	load(e.std, &in->std);
	load(e.p00, &in->p00);
	load(e.p80, &in->p80);
	load(e.p83, &in->p83);
	e.have80 = in->p80.data != NULL;
	cut_copy(e.vendor, e.std + 8, VENDOR_LEN);
	cut_copy(e.model, e.std + 16, MODEL_LEN);
	cut_copy(out->revision, e.std + 32, 4);
	memcpy(out->vendor, e.vendor, sizeof(out->vendor));
	memcpy(out->model, e.model, sizeof(out->model));
	out->pdt = e.std[0] & 0x1f;

	if (in->p83.data && in->p83.len >= 4) {
		p83len = (uint16_t)((in->p83.data[2] << 8) | in->p83.data[3]);
		if ((size_t)p83len + 4 > SCSI_ID_BUF_LEN)
			out->flags |= SCSI_ID_F_P83_TRUNC;
		if (p == SG_PROFILE_XS219 && in->p83.data[2])
			out->flags |= SCSI_ID_F_P83_LOWBYTE;
	}

	get_serial(&e);

	out->flags |= e.flags;
	out->found = e.sr[0] != '\0';
	out->source = out->found ? (enum scsi_id_source)e.src : SCSI_ID_SRC_NONE;
	if (out->found && e.partial) {
		out->flags |= SCSI_ID_F_PARTIAL;
		out->source = SCSI_ID_SRC_NONE;
	}
	if (out->source == SCSI_ID_SRC_VPD83) {
		out->desig_type = e.dtype;
		out->desig_code_set = e.dcs;
	}
	/* printf("%s\n", serial): an unterminated serial runs into serial_short */
	n = (int)strnlen(e.sr, SR_LEN - 1);
	if (n >= SCSI_ID_MAX_SERIAL)
		out->flags |= SCSI_ID_F_UNDEFINED;
	memcpy(out->g, e.sr, (size_t)n);
	out->g[n] = '\0';

	/* --export values (scsi_id.c set_inq_values and scsi_id()) */
	udev_form(p, e.vendor, sizeof(out->id_vendor), out->id_vendor);
	udevstr_encode(e.vendor, out->id_vendor_enc, sizeof(out->id_vendor_enc));
	udev_form(p, e.model, sizeof(out->id_model), out->id_model);
	udevstr_encode(e.model, out->id_model_enc, sizeof(out->id_model_enc));
	udev_form(p, out->revision, sizeof(out->id_revision), out->id_revision);
	out->id_type = udevstr_scsi_type(out->pdt);

	if (!out->found)
		return 1;
	udev_form(p, e.sr, SCSI_ID_MAX_SERIAL, out->u);
	memcpy(out->id_serial, out->u, sizeof(out->id_serial));
	udev_form(p, e.sr + SHORT_OFF, SCSI_ID_MAX_SERIAL, out->id_serial_short);
	memcpy(out->id_wwn, e.wwn, sizeof(e.wwn));
	memcpy(out->id_wwn_vendor_extension, e.wwn_ext, sizeof(e.wwn_ext));
	memcpy(out->id_target_port, e.tgpt, sizeof(e.tgpt));
	memcpy(out->id_scsi_serial, e.unit_serial, sizeof(e.unit_serial));

	if (sm_sanitise_scsiid(out->g, out->sm, sizeof(out->sm)) < 0) {
		out->sm[0] = '\0';
		out->flags |= SCSI_ID_F_SM_UNDECODABLE;
	} else {
		if (sm_sanitise_scsiid_py2(out->g, tmp, sizeof(tmp)) < 0 || strcmp(tmp, out->sm))
			out->flags |= SCSI_ID_F_PY2_DIFFERS;
		if (strcmp(out->sm, out->u))
			out->flags |= SCSI_ID_F_FORMS_DIFFER;
	}
	return 0;
}

int scsi_id_export_text(const struct scsi_id_out *o, char *buf, size_t n)
{
	size_t off = 0;
	int r;

#define EMIT(...) do { \
		r = snprintf(buf + off, n - off, __VA_ARGS__); \
		if (r < 0 || (size_t)r >= n - off) \
			return -1; \
		off += (size_t)r; \
	} while (0)

	if (n == 0)
		return -1;
	buf[0] = '\0';
	if (o->flags & SCSI_ID_F_NO_STD)
		return 0;
	EMIT("ID_SCSI=1\n");
	EMIT("ID_VENDOR=%s\n", o->id_vendor);
	EMIT("ID_VENDOR_ENC=%s\n", o->id_vendor_enc);
	EMIT("ID_MODEL=%s\n", o->id_model);
	EMIT("ID_MODEL_ENC=%s\n", o->id_model_enc);
	EMIT("ID_REVISION=%s\n", o->id_revision);
	EMIT("ID_TYPE=%s\n", o->id_type);
	if (o->found) {
		EMIT("ID_SERIAL=%s\n", o->id_serial);
		EMIT("ID_SERIAL_SHORT=%s\n", o->id_serial_short);
	}
	if (o->id_wwn[0]) {
		EMIT("ID_WWN=0x%s\n", o->id_wwn);
		if (o->id_wwn_vendor_extension[0]) {
			EMIT("ID_WWN_VENDOR_EXTENSION=0x%s\n", o->id_wwn_vendor_extension);
			EMIT("ID_WWN_WITH_EXTENSION=0x%s%s\n", o->id_wwn, o->id_wwn_vendor_extension);
		} else {
			EMIT("ID_WWN_WITH_EXTENSION=0x%s\n", o->id_wwn);
		}
	}
	if (o->id_target_port[0])
		EMIT("ID_TARGET_PORT=%s\n", o->id_target_port);
	if (o->id_scsi_serial[0])
		EMIT("ID_SCSI_SERIAL=%s\n", o->id_scsi_serial);
#undef EMIT
	return (int)off;
}

const char *scsi_id_source_name(enum scsi_id_source s)
{
	switch (s) {
	case SCSI_ID_SRC_VPD83: return "vpd83";
	case SCSI_ID_SRC_PRESPC3: return "vpd83-pre-spc3";
	case SCSI_ID_SRC_VPD80: return "vpd80";
	case SCSI_ID_SRC_NONE: break;
	}
	return "none";
}

const char *scsi_id_desig_type_name(int type)
{
	switch (type) {
	case 0: return "vendor-specific";
	case 1: return "t10";
	case 2: return "eui64";
	case 3: return "naa";
	case 4: return "relative-port";
	case 5: return "target-port-group";
	case 6: return "lu-group";
	case 7: return "md5";
	case 8: return "scsi-name";
	case 9: return "protocol-specific";
	case 0xa: return "uuid";
	}
	return "none";
}
