#!/usr/bin/env python3
"""Build MGT images the way XenServer's sm writes them, for the MGT codec tests.

This is an independent re-implementation (python3 stdlib only) of the writer
in sm's srmetadata.py (LVMMetadataHandler) and of the sequence of calls
LVHDSR makes, written from reading that code:

  SR create      writeMetadata(sr_info, {})            -> header length 2048
  VDI create     ensureSpaceIsAvailableForVdis(1)       (adds a dummy VDI at the
                 end and deletes it again), then addVdi(vdi_info)
  VDI snapshot   addVdi(snapshot), addVdi(base copy)
  VDI delete     deleteVdi(uuid): the record is re-read, 'deleted' set to '1'
                 and written back *with* the reader's extra 'offset' key; the
                 header length shrinks only if it was the last record.

Format rules reproduced here:
  - 512-byte sectors, everything space padded ("%-512s").
  - sector 0: "XSSM:" + "%-10s" % length + ":1:2".
  - sector 1: '<?xml version="1.0" ?>' + <uuid>..</uuid><allocation>..</allocation>.
  - sectors 2/3: <name_label>/<name_description>, xml.sax.saxutils.escape'd,
    cut (UTF-8 safe, on the escaped bytes) so the element fits 512 bytes.
  - VDI sector A: <vdi><name_label>..</name_label><name_description>..</name_description>
    escaped; if label+description (escaped, UTF-8 bytes) exceed 445, each one
    longer than 222 bytes is cut to at most 222 bytes on a character boundary.
  - VDI sector B: every other key as <k>v</k> in dict order, unescaped, + </vdi>.

Usage: mkmgt.py OUTDIR   writes mgt-sm.img and mgt-long-sr.img there.
"""
import sys
import os
import xml.dom.minidom
from xml.sax.saxutils import escape

SECTOR = 512
XMLHDR = b'<?xml version="1.0" ?>'
LABEL_DESC_MAX = SECTOR - 2 * len("name_label") - 2 * len("name_description") - len("vdi") - 12
assert LABEL_DESC_MAX == 445
VDI_SIZE = 2 * SECTOR
LV_SIZE = 4 << 20


def pad_sector(b):
    """%-512s: pad with spaces, never cut."""
    return b + b' ' * (SECTOR - len(b)) if len(b) < SECTOR else b


def pad_blocks(b):
    """what sm's file_write_wrapper appends: spaces up to a 512 multiple."""
    r = len(b) % SECTOR
    return b + b' ' * (SECTOR - r) if r else b


def chars_fitting(s, max_bytes):
    """number of leading characters of s whose UTF-8 form fits max_bytes."""
    used = 0
    for i, ch in enumerate(s):
        n = len(ch.encode('utf-8'))
        if used + n > max_bytes:
            return i
        used += n
    return len(s)


def header(length):
    return ("XSSM:" + ("%-10s" % length) + ":1:2").encode()


def elem(tag, value):
    return ("<%s>%s</%s>" % (tag, value, tag)).encode('utf-8')


def sr_text_sector(tag, value):
    value = escape(value)
    vb = value.encode('utf-8')
    e = elem(tag, value)
    if len(e) > SECTOR:
        limit = SECTOR - 2 * len(tag) - 5
        # byte length of the longest whole-character prefix
        keep = len(value[:chars_fitting(value, limit)].encode('utf-8'))
        e = b"<%s>%s</%s>" % (tag.encode(), vb[:keep], tag.encode())
    return pad_sector(e)


def sr_sectors(sr, which):
    out = b""
    if 0 in which:
        out += pad_sector(header(SECTOR))
    if 1 in which:
        out += pad_sector(XMLHDR + elem("uuid", sr["uuid"]) + elem("allocation", sr["allocation"]))
    if 2 in which:
        out += sr_text_sector("name_label", sr["name_label"])
    if 3 in which:
        out += sr_text_sector("name_description", sr["name_description"])
    return out


def vdi_sectors(d, which=(1, 2)):
    """d is modified like sm modifies its dict (escaped label stored back)."""
    out = b""
    if 1 in which:
        label = escape(str(d["name_label"]))
        desc = escape(str(d["name_description"]))
        if len(label.encode()) + len(desc.encode()) > LABEL_DESC_MAX:
            half = LABEL_DESC_MAX // 2
            if len(label.encode()) > half:
                label = label[:chars_fitting(label, half)]
            if len(desc.encode()) > half:
                desc = desc[:chars_fitting(desc, half)]
        d["name_label"] = label
        d["name_description"] = desc
        out += pad_sector(b"<vdi>" + elem("name_label", label) + elem("name_description", desc))
    if 2 in which:
        if "deleted" not in d:
            d["deleted"] = '0'
        b = b"".join(elem(k, d[k]) for k in d if k not in ("name_label", "name_description"))
        out += pad_sector(b + b"</vdi>")
    return out


class MGT:
    """the MGT LV as a byte array, operated on like sm operates on the file"""

    def __init__(self):
        self.lv = bytearray(LV_SIZE)

    def write(self, off, data):
        data = pad_blocks(data)
        self.lv[off:off + len(data)] = data

    def length(self):
        fields = bytes(self.lv[0:SECTOR]).strip().decode().split(":")
        assert len(fields) == 4 and fields[0] == "XSSM"
        return int(fields[1])

    def set_length(self, n):
        self.write(0, header(n))

    # -- reader (minidom, like metadata._parseXML + _walkXML) --
    @staticmethod
    def _walk(node):
        d = {}
        if not node.hasChildNodes() and node.nodeValue is None:
            return ''
        for c in node.childNodes:
            if c.nodeType != c.ELEMENT_NODE:
                continue
            texts = [t.nodeValue.strip() for t in c.childNodes
                     if t.nodeType == t.TEXT_NODE and t.nodeValue.strip()]
            d[c.nodeName] = ''.join(texts) if texts else MGT._walk(c)
        return d

    def _parse(self, frag):
        doc = xml.dom.minidom.parseString(XMLHDR + b"<SRMetadata>" + frag + b"</SRMetadata>")
        return self._walk(doc.getElementsByTagName("SRMetadata")[0])

    def read(self, include_deleted=False):
        n = self.length()
        raw = bytes(self.lv[:n])
        sr = self._parse(raw[SECTOR + len(XMLHDR):4 * SECTOR].replace(b"\0", b""))
        vdis = {}
        off = 4 * SECTOR
        while off < n:
            v = self._parse(raw[off:off + VDI_SIZE].replace(b"\0", b""))["vdi"]
            v["offset"] = off
            if include_deleted or v["deleted"] != '1':
                vdis[off] = v
            off += VDI_SIZE
        return sr, vdis

    # -- writer operations --
    def write_metadata(self, sr, vdis):
        md = sr_sectors(sr, range(4))
        for d in vdis:
            md += vdi_sectors(d)
        self.write(0, md)
        self.set_length(len(md))

    def add_vdi(self, d):
        d["deleted"] = '0'
        n = self.length()
        sr, vdis = self.read(include_deleted=True)
        slot = next((o for o in sorted(vdis) if vdis[o]["deleted"] == '1'), None)
        if slot is None:
            self.write(n, vdi_sectors(d))
            self.set_length(n + VDI_SIZE)
        else:
            # reuse: the old record's dict is updated with the new keys
            old = vdis[slot]
            for k in d:
                old[k] = d[k]
            self.write(slot, vdi_sectors(old))
            self.set_length(n)

    def delete_vdi(self, uuid):
        sr, vdis = self.read()
        off = next(o for o in vdis if vdis[o]["uuid"] == uuid)
        v = vdis[off]
        v["deleted"] = '1'
        self.write(off, vdi_sectors(v))
        n = self.length()
        if n - off == VDI_SIZE:
            self.set_length(n - VDI_SIZE)

    def ensure_space(self, dummy_uuid):
        self.add_vdi({"uuid": dummy_uuid, "name_label": "dummy vdi for space check",
                      "name_description": "dummy vdi for space check", "is_a_snapshot": 0,
                      "snapshot_of": '', "snapshot_time": '', "type": 'user',
                      "vdi_type": 'vhd', "read_only": 0, "managed": 0,
                      "metadata_of_pool": ''})
        self.delete_vdi(dummy_uuid)


def vdi(uuid, label, desc, snap=0, snap_of='', ro=0, managed=1):
    # key order of LVHDSR's VDI create / snapshot dicts
    return {"uuid": uuid, "name_label": label, "name_description": desc,
            "is_a_snapshot": snap, "snapshot_of": snap_of, "snapshot_time": '',
            "type": 'user', "vdi_type": 'vhd', "read_only": ro, "managed": managed,
            "metadata_of_pool": ''}


SR_UUID = "3f6b2a40-5c1e-4d2b-9a77-0c1d2e3f4a5b"
LEAF = "0b8e2c1a-7d44-4f0e-8a3b-5c6d7e8f9a01"
SCRATCH = "1c9f3d2b-8e55-4a1f-9b4c-6d7e8f9a0b12"
SNAP = "2da04e3c-9f66-4b20-8c5d-7e8f9a0b1c23"
BASE = "3eb15f4d-a077-4c31-9d6e-8f9a0b1c2d34"
DUMMY = "4fc26a5e-b188-4d42-8e7f-9a0b1c2d3e45"
# label: every XML-special character and multi-byte UTF-8
LEAF_LABEL = "Web <db> & \"app\" 'x' \u2014 Z\u00fcrich \u2603"
# description: long enough that label + description > 445, with 3-byte
# characters straddling the 222-byte cut
LEAF_DESC = "Disk of web VM " + "\u00e9t\u00e9 \u2603 " * 40


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    m = MGT()
    m.write_metadata({"allocation": "thick", "uuid": SR_UUID,
                      "name_label": "Clone <test> & 'SR' \"\u00e9\"",
                      "name_description": "LVM over iSCSI \u2192 array A"}, [])
    for u, lab, desc in ((LEAF, LEAF_LABEL, LEAF_DESC), (SCRATCH, "scratch", "")):
        m.ensure_space(DUMMY)
        m.add_vdi(vdi(u, lab, desc))
    m.ensure_space(DUMMY)
    m.add_vdi(vdi(SNAP, LEAF_LABEL, LEAF_DESC, snap=1, snap_of=LEAF, managed=1))
    m.ensure_space(DUMMY)
    m.add_vdi(vdi(BASE, "base copy", "", ro=1, managed=0))
    m.delete_vdi(SCRATCH)
    assert m.length() == 2048 + 4 * 1024
    with open(os.path.join(out, "mgt-sm.img"), "wb") as f:
        f.write(bytes(m.lv[:8192]))

    # SR label and description longer than a sector
    m = MGT()
    m.write_metadata({"allocation": "thin", "uuid": SR_UUID,
                      "name_label": "\u00c5" * 300,
                      "name_description": "\u00ab Description \u00bb " * 30}, [])
    with open(os.path.join(out, "mgt-long-sr.img"), "wb") as f:
        f.write(bytes(m.lv[:4096]))


if __name__ == "__main__":
    main()
