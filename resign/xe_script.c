#include "xe_script.h"

#include <stdlib.h>
#include <string.h>

#include "xs_uuid.h"

/* CHAP keys of an lvmoiscsi PBD (sm ISCSISR / BaseISCSI), copied from the
 * original SR's PBD at run time, never printed. */
static const char *const chap_keys[] = {
	"chapuser", "chappassword_secret", "chappassword",
	"incoming_chapuser", "incoming_chappassword_secret", "incoming_chappassword",
};

const char *rl_sr_type_name(enum rl_sr_type t)
{
	switch (t) {
	case RL_SR_LVMOISCSI: return "lvmoiscsi";
	case RL_SR_LVMOHBA: return "lvmohba";
	case RL_SR_LVM: return "lvm";
	}
	return "?";
}

int rl_sr_type_parse(const char *s, enum rl_sr_type *t)
{
	if (!strcmp(s, "lvmoiscsi"))
		*t = RL_SR_LVMOISCSI;
	else if (!strcmp(s, "lvmohba"))
		*t = RL_SR_LVMOHBA;
	else if (!strcmp(s, "lvm"))
		*t = RL_SR_LVM;
	else
		return -1;
	return 0;
}

char *rl_sh_quote(const char *s)
{
	size_t n = 2, i;
	char *out, *p;

	for (i = 0; s[i]; i++)
		n += s[i] == '\'' ? 4 : 1;
	out = malloc(n + 1);
	if (!out)
		return NULL;
	p = out;
	*p++ = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			memcpy(p, "'\\''", 4);
			p += 4;
		} else {
			*p++ = s[i];
		}
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

static int set(const char *s)
{
	return s && *s;
}

int rl_xe_input_check(const struct rl_xe_input *in, struct rl_err *e)
{
	size_t i;

	if (!in->sr_uuid || !xs_uuid_valid(in->sr_uuid))
		return rl_err_set(e, RL_E_INVAL, "xe script: SR uuid \"%s\" is not a canonical uuid",
				  in->sr_uuid ? in->sr_uuid : "");
	if (set(in->orig_sr_uuid) && !xs_uuid_valid(in->orig_sr_uuid))
		return rl_err_set(e, RL_E_INVAL, "xe script: original SR uuid is not canonical");
	if (!in->name_label)
		return rl_err_set(e, RL_E_INVAL, "xe script: no name label");
	switch (in->type) {
	case RL_SR_LVMOISCSI:
		if (!set(in->target) || !set(in->target_iqn) || !set(in->scsi_id))
			return rl_err_set(e, RL_E_INVAL,
					  "xe script: lvmoiscsi needs target, targetIQN and SCSIid");
		break;
	case RL_SR_LVMOHBA:
		if (!set(in->scsi_id))
			return rl_err_set(e, RL_E_INVAL, "xe script: lvmohba needs SCSIid");
		break;
	case RL_SR_LVM:
		if (!set(in->device))
			return rl_err_set(e, RL_E_INVAL, "xe script: lvm needs device");
		break;
	default:
		return rl_err_set(e, RL_E_INVAL, "xe script: unknown SR type %d", (int)in->type);
	}
	for (i = 0; i < in->n_vdis; i++)
		if (!xs_uuid_valid(in->vdis[i].old_uuid) || !xs_uuid_valid(in->vdis[i].new_uuid))
			return rl_err_set(e, RL_E_INVAL, "xe script: VDI map entry %zu not canonical", i);
	return 0;
}

/* A growable list of strings. */
struct strv {
	char **v;
	size_t n, cap;
	int oom;
};

static void sv_add_owned(struct strv *s, char *str)
{
	if (!str) {
		s->oom = 1;
		return;
	}
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		char **nv = realloc(s->v, nc * sizeof(*nv));

		if (!nv) {
			free(str);
			s->oom = 1;
			return;
		}
		s->v = nv;
		s->cap = nc;
	}
	s->v[s->n++] = str;
}

/* "key=" + value as one quoted word: 'device-config:target=10.0.0.1' */
static char *kv_word(const char *key, const char *val)
{
	size_t kl = strlen(key), vl = strlen(val);
	char *raw = malloc(kl + vl + 2), *q;

	if (!raw)
		return NULL;
	memcpy(raw, key, kl);
	raw[kl] = '=';
	memcpy(raw + kl + 1, val, vl + 1);
	q = rl_sh_quote(raw);
	free(raw);
	return q;
}

/* The device-config words for the SR type. */
static void dc_words(const struct rl_xe_input *in, struct strv *s)
{
	switch (in->type) {
	case RL_SR_LVMOISCSI:
		sv_add_owned(s, kv_word("device-config:target", in->target));
		if (set(in->port))
			sv_add_owned(s, kv_word("device-config:port", in->port));
		sv_add_owned(s, kv_word("device-config:targetIQN", in->target_iqn));
		sv_add_owned(s, kv_word("device-config:SCSIid", in->scsi_id));
		break;
	case RL_SR_LVMOHBA:
		sv_add_owned(s, kv_word("device-config:SCSIid", in->scsi_id));
		break;
	case RL_SR_LVM:
		sv_add_owned(s, kv_word("device-config:device", in->device));
		break;
	}
}

static void put_var(FILE *f, const char *name, const char *val)
{
	char *q = rl_sh_quote(val ? val : "");

	fprintf(f, "%s=%s\n", name, q ? q : "''");
	free(q);
}

static void put_comment_text(FILE *f, const char *prefix, const char *s)
{
	/* comments carry only safe characters: a newline in a label must not
	 * end the comment and start a command */
	fputs(prefix, f);
	for (; *s; s++)
		fputc((*s == '\n' || *s == '\r') ? ' ' : *s, f);
	fputc('\n', f);
}

/* The identifying device-config key of a PBD: an existing PBD is this
 * LUN's only when it carries the same value. */
static void id_key(const struct rl_xe_input *in, const char **key, const char **val)
{
	if (in->type == RL_SR_LVM) {
		*key = "device";
		*val = in->device;
	} else {
		*key = "SCSIid";
		*val = in->scsi_id;
	}
}

/* SR k (1-based) of the run as the function attach_k: its values as
 * assignments, the shared attach, then the pool-metadata hints. */
static int put_sr_function(FILE *f, const struct rl_xe_input *in, size_t k, int any_iscsi)
{
	struct strv dc = { 0 };
	const char *key, *val;
	size_t i;

	dc_words(in, &dc);
	if (dc.oom) {
		rl_xe_lines_free(dc.v, dc.n);
		return -1;
	}
	id_key(in, &key, &val);
	fprintf(f, "\n# SR %zu: %s (type %s)\nattach_%zu() {\n", k, in->sr_uuid,
		rl_sr_type_name(in->type), k);
	put_var(f, "SR_UUID", in->sr_uuid);
	put_var(f, "SR_TYPE", rl_sr_type_name(in->type));
	put_var(f, "NAME_LABEL", in->name_label);
	put_var(f, "NAME_DESCRIPTION", in->name_description);
	put_var(f, "SHARED", in->type == RL_SR_LVM ? "false" : "true");
	if (any_iscsi)
		put_var(f, "ORIGINAL_SR_UUID", set(in->orig_sr_uuid) ? in->orig_sr_uuid : "");
	put_var(f, "ID_KEY", key);
	put_var(f, "ID_VAL", val);
	fprintf(f, "DC=(");
	for (i = 0; i < dc.n; i++)
		fprintf(f, "\n\t%s", dc.v[i]);
	fprintf(f, "\n)\n");
	rl_xe_lines_free(dc.v, dc.n);
	fprintf(f, "begin_sr %zu\nattach_sr || return 1\n", k);
	if (in->pool_metadata && !in->n_vdis)
		fprintf(f, "# The SR holds a pool-metadata VDI; its VDI uuids were kept.\n"
			   "printf '%%s\\n' 'This SR holds a pool-metadata VDI (VDI uuids unchanged).' "
			   ">&2\n");
	if (in->pool_metadata && in->n_vdis) {
		fprintf(f, "# The SR holds a pool-metadata VDI.  VM metadata exported or recovered\n"
			   "# from it still names the old VDI uuids; import it with this map.\n"
			   "VDI_MAP=(");
		for (i = 0; i < in->n_vdis; i++)
			fprintf(f, "\n\t'vdi:%s=%s'", in->vdis[i].old_uuid, in->vdis[i].new_uuid);
		fprintf(f, "\n)\n"
			   "printf '%%s\\n' 'This SR holds a pool-metadata VDI. Import VM metadata with "
			   "the VDI map, e.g.:' >&2\n"
			   "printf '  xe vm-import filename=<VM metadata export> metadata=true "
			   "dry-run=true%%s\\n' \"$(printf ' %%s' \"${VDI_MAP[@]}\")\" >&2\n");
	}
	fprintf(f, "}\n");
	return 0;
}

int rl_xe_script_write_run(FILE *f, const struct rl_xe_input *in, size_t n, struct rl_err *e)
{
	int any_iscsi = 0, any_local = 0, any_shared = 0;
	size_t k, i;

	if (n == 0)
		return rl_err_set(e, RL_E_INVAL, "xe script: no SR to attach");
	for (k = 0; k < n; k++) {
		if (rl_xe_input_check(&in[k], e) < 0)
			return -1;
		any_iscsi |= in[k].type == RL_SR_LVMOISCSI;
		any_local |= in[k].type == RL_SR_LVM;
		any_shared |= in[k].type != RL_SR_LVM;
	}
	fprintf(f, "#!/bin/bash\n");
	fprintf(f, "# Attach %zu SR(s) to this pool, in the order their LUNs were given.\n", n);
	put_comment_text(f, "# Written by ", in[0].generator ? in[0].generator : "relun-resign");
	fprintf(f, "# Every value is single-quoted; review it, then run it on the pool master.\n"
		   "# Each step asks the pool first, so a rerun after a failure resumes.\n"
		   "#   --print      print every xe command instead of running it\n"
		   "#                (also RELUN_XE_DRY=1)\n"
		   "#   --rollback   on a failure, undo what the SR's attach made\n"
		   "#                (without it, the undo commands are printed)\n"
		   "#   RELUN_HOST_UUID=HOST  the host that sees a local (type lvm) SR's device\n");
	if (any_iscsi)
		fprintf(f, "#   RELUN_CHAPUSER, RELUN_CHAPPASSWORD_SECRET  CHAP when the original SR's\n"
			   "#                PBD is not in this pool (the secret's uuid, not the password)\n");
	fprintf(f, "set -euo pipefail\n\n");
	fputs(rl_xe_sh_helpers, f);
	fputc('\n', f);
	if (any_iscsi) {
		fputs(rl_xe_sh_chap_head, f);
		for (i = 0; i < sizeof(chap_keys) / sizeof(chap_keys[0]); i++)
			fprintf(f, "%s%s", i ? " " : "", chap_keys[i]);
		fputs(rl_xe_sh_chap_tail, f);
		fputc('\n', f);
	}
	fputs(rl_xe_sh_hosts_head, f);
	if (any_local)
		fputs(rl_xe_sh_hosts_local, f);
	if (any_shared)
		fputs(rl_xe_sh_hosts_shared, f);
	fputs(rl_xe_sh_attach_a, f);
	if (any_iscsi)
		fputs("\tif [ \"$SR_TYPE\" = lvmoiscsi ]; then\n\t\tchap || return 1\n\tfi\n", f);
	fputs(rl_xe_sh_attach_b, f);
	if (any_iscsi)
		fputs(" (if the target needs CHAP, set RELUN_CHAPUSER and RELUN_CHAPPASSWORD_SECRET)", f);
	fputs(rl_xe_sh_attach_c, f);
	for (k = 0; k < n; k++)
		if (put_sr_function(f, &in[k], k + 1, any_iscsi) < 0)
			return rl_err_set(e, RL_E_NOMEM, "out of memory");
	fprintf(f, "\nSRS=(");
	for (k = 0; k < n; k++)
		fprintf(f, "%sattach_%zu", k ? " " : "", k + 1);
	fprintf(f, ")\n");
	fputs(rl_xe_sh_main, f);
	if (ferror(f))
		return rl_err_set(e, RL_E_IO, "cannot write the xe script");
	return 0;
}

int rl_xe_script_write(FILE *f, const struct rl_xe_input *in, struct rl_err *e)
{
	return rl_xe_script_write_run(f, in, 1, e);
}

static char *join_words(const char *head, char *const *w, size_t n, const char *tail)
{
	size_t len = strlen(head) + strlen(tail) + 1, i;
	char *out, *p;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	p = out + sprintf(out, "%s", head);
	for (i = 0; i < n; i++)
		p += sprintf(p, " %s", w[i]);
	sprintf(p, "%s", tail);
	return out;
}

static char *fmt(const char *f, const char *a, const char *b)
{
	size_t n = strlen(f) + strlen(a) + (b ? strlen(b) : 0) + 1;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, f, a, b ? b : "");
	return out;
}

int rl_xe_lines(const struct rl_xe_input *in, char ***lines, size_t *n, struct rl_err *e)
{
	struct strv out = { 0 }, dc = { 0 };
	char *qsr, *qlabel, *qdesc, *head;
	int iscsi = in->type == RL_SR_LVMOISCSI;
	size_t i;

	if (rl_xe_input_check(in, e) < 0)
		return -1;
	dc_words(in, &dc);
	qsr = rl_sh_quote(in->sr_uuid);
	qlabel = rl_sh_quote(in->name_label);
	qdesc = rl_sh_quote(in->name_description ? in->name_description : "");
	if (dc.oom || !qsr || !qlabel || !qdesc) {
		out.oom = 1;
		goto done;
	}
	head = fmt("xe sr-probe type=%s", rl_sr_type_name(in->type), NULL);
	sv_add_owned(&out, head ? join_words(head, dc.v, dc.n, iscsi ? " [CHAP keys]" : "") : NULL);
	free(head);
	{
		size_t len = strlen(qsr) + strlen(qlabel) + strlen(qdesc) + 128;
		char *l = malloc(len);

		if (l)
			snprintf(l, len, "xe sr-introduce uuid=%s type=%s name-label=%s "
				 "name-description=%s shared=%s content-type=user", qsr,
				 rl_sr_type_name(in->type), qlabel, qdesc,
				 in->type == RL_SR_LVM ? "false" : "true");
		sv_add_owned(&out, l);
	}
	head = fmt("xe pbd-create host-uuid=<%s> sr-uuid=%s",
		   in->type == RL_SR_LVM ? "this host" : "each host, pool master first", qsr);
	sv_add_owned(&out, head ? join_words(head, dc.v, dc.n, iscsi ? " [CHAP keys]" : "") : NULL);
	free(head);
	sv_add_owned(&out, fmt("xe pbd-plug uuid=<each PBD created>", "", NULL));
	sv_add_owned(&out, fmt("xe sr-scan uuid=%s", qsr, NULL));
	if (in->pool_metadata && in->n_vdis) {
		char **maps = calloc(in->n_vdis ? in->n_vdis : 1, sizeof(*maps));

		if (!maps) {
			out.oom = 1;
			goto done;
		}
		for (i = 0; i < in->n_vdis; i++)
			maps[i] = fmt("vdi:%s=%s", in->vdis[i].old_uuid, in->vdis[i].new_uuid);
		for (i = 0; i < in->n_vdis; i++)
			if (!maps[i])
				out.oom = 1;
		if (!out.oom)
			sv_add_owned(&out, join_words("xe vm-import filename=<VM metadata export> "
						      "metadata=true dry-run=true", maps,
						      in->n_vdis, ""));
		rl_xe_lines_free(maps, in->n_vdis);
	}
done:
	free(qsr);
	free(qlabel);
	free(qdesc);
	rl_xe_lines_free(dc.v, dc.n);
	if (out.oom) {
		rl_xe_lines_free(out.v, out.n);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	*lines = out.v;
	*n = out.n;
	return 0;
}

void rl_xe_lines_free(char **lines, size_t n)
{
	size_t i;

	if (!lines)
		return;
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
