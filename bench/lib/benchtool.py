#!/usr/bin/env python3
"""Helpers for bench/run (benchmark only; nothing here is product code).

  benchtool.py slim PLAN IMAGE
      Make an SR image written by mksr/xsfill small on disk: in every VHD LV,
      punch holes (fallocate PUNCH_HOLE) in the data payload of each
      allocated block and in the tail of the BAT beyond the entries the
      virtual size uses.  What relun and LVM read stays: LVM label and
      metadata, MGT, each VHD's footer copies, header, the used BAT entries,
      block bitmaps, batmap and parent locators.  Prints bytes punched.
  benchtool.py restore SRC DST...
      make each DST (same size as SRC) identical to SRC again, in place.
  benchtool.py flush DEV...
      BLKFLSBUF on each block device: drop its page cache, so every timed
      run reads through to the backing file as the first one did.
  benchtool.py stats V...
      median min max of the numbers given.
  benchtool.py iosum PIDIO_BEFORE PIDIO_AFTER
      the difference of two /proc/PID/io snapshots, "key value" lines.
  benchtool.py strace-bytes LOG
      from `strace -f -y -e trace=pread64,pwrite64,read,write,preadv,pwritev`
      output: bytes read and written per class of file (loop devices,
      journal files, other), and number of calls.
  benchtool.py lvm-add-lvs BACKUP OUT LIST
      append linear LVs to an LVM text backup (vgcfgbackup output) so that
      one vgcfgrestore creates them all; LIST lines: NAME EXTENTS PERM(r|rw).
      Extents are allocated after the highest one in use on pv0.
  benchtool.py report RAW.TSV
      the results (markdown) from the raw rows bench/run collected.
"""
import ctypes
import fcntl
import math
import os
import random
import re
import statistics
import struct
import sys

BLKFLSBUF = 0x1261
FALLOC_FL_KEEP_SIZE = 1
FALLOC_FL_PUNCH_HOLE = 2
_libc = ctypes.CDLL(None, use_errno=True)
_libc.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]


def punch(fd, start, end):
    """Punch [start, end) rounded inward to 4 KiB; returns bytes punched."""
    s = (start + 4095) // 4096 * 4096
    e = end // 4096 * 4096
    if e <= s:
        return 0
    if _libc.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, s, e - s) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "fallocate punch %d+%d: %s" % (s, e - s, os.strerror(err)))
    return e - s


def unpct(s):
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), s)


def plan_lvs(plan):
    """name -> list of (lv_off, dev_off, len) from mksr's plan, and the VHD LV names."""
    lvs, vhds = {}, []
    for line in open(plan):
        t = line.rstrip("\n").split(" ")
        if t[0] == "lv":
            segs, lo = [], 0
            for s in t[4:]:
                if not s:
                    continue
                _dev, off, ln = s.rsplit(":", 2)
                segs.append((lo, int(off), int(ln)))
                lo += int(ln)
            lvs[unpct(t[1])] = segs
        elif t[0] == "vdi" and t[3] == "vhd":
            vhds.append(unpct(t[2]))
    return lvs, vhds


def lv_to_dev(segs, lo):
    for s_lo, s_dev, s_len in segs:
        if s_lo <= lo < s_lo + s_len:
            return s_dev + (lo - s_lo)
    raise ValueError("LV offset %d outside the LV" % lo)


def lv_punch(fd, segs, lo, hi):
    """punch LV range [lo, hi) segment by segment"""
    n = 0
    for s_lo, s_dev, s_len in segs:
        a, b = max(lo, s_lo), min(hi, s_lo + s_len)
        if a < b:
            n += punch(fd, s_dev + a - s_lo, s_dev + b - s_lo)
    return n


def slim(plan, image):
    lvs, vhds = plan_lvs(plan)
    fd = os.open(image, os.O_RDWR)
    total = 0
    try:
        for name in vhds:
            segs = lvs[name]
            foot = os.pread(fd, 512, lv_to_dev(segs, 0))
            if foot[:8] != b"conectix":
                raise SystemExit("slim: %s: no VHD footer copy" % name)
            virt = struct.unpack_from(">Q", foot, 48)[0]
            hoff = struct.unpack_from(">Q", foot, 16)[0]
            hdr = os.pread(fd, 1024, lv_to_dev(segs, hoff))
            if hdr[:8] != b"cxsparse":
                raise SystemExit("slim: %s: no VHD header" % name)
            table = struct.unpack_from(">Q", hdr, 16)[0]
            nmax = struct.unpack_from(">I", hdr, 28)[0]
            bsize = struct.unpack_from(">I", hdr, 32)[0]
            need = (virt + bsize - 1) // bsize
            bat = os.pread(fd, 4 * need, lv_to_dev(segs, table))
            bitmap = ((bsize // 512 + 7) // 8 + 511) // 512 * 512
            for i in range(need):
                sec = struct.unpack_from(">I", bat, 4 * i)[0]
                if sec != 0xFFFFFFFF:
                    d0 = sec * 512 + bitmap
                    total += lv_punch(fd, segs, d0, d0 + bsize)
            total += lv_punch(fd, segs, table + 4 * need, table + 4 * nmax)
    finally:
        os.close(fd)
    print(total)


def extents(fd, size):
    off = 0
    while off < size:
        try:
            d = os.lseek(fd, off, os.SEEK_DATA)
        except OSError:
            break
        h = os.lseek(fd, d, os.SEEK_HOLE)
        yield d, h
        off = h


def restore(src, dsts):
    """Make each DST byte-identical to SRC again, sparse, in place (the file
    stays the same inode, so a loop device on it stays attached): punch the
    whole file, then copy SRC's data extents.  Callers flush the loop
    device's page cache before and after."""
    sfd = os.open(src, os.O_RDONLY)
    size = os.fstat(sfd).st_size
    ext = list(extents(sfd, size))
    try:
        for dst in dsts:
            dfd = os.open(dst, os.O_RDWR)
            try:
                if os.fstat(dfd).st_size != size:
                    raise SystemExit("restore: %s is not %d bytes" % (dst, size))
                if _libc.fallocate(dfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, size):
                    raise OSError(ctypes.get_errno(), "punch %s" % dst)
                for a, b in ext:
                    at = a
                    while at < b:
                        n = os.copy_file_range(sfd, dfd, b - at, at, at)
                        if n <= 0:
                            raise OSError("copy_file_range %s at %d" % (dst, at))
                        at += n
            finally:
                os.close(dfd)
    finally:
        os.close(sfd)


def flush(devs):
    for d in devs:
        fd = os.open(d, os.O_RDONLY)
        try:
            fcntl.ioctl(fd, BLKFLSBUF, 0)
        finally:
            os.close(fd)


def stats(vals):
    v = [float(x) for x in vals]
    print("%.6f %.6f %.6f" % (statistics.median(v), min(v), max(v)))


def readio(path):
    d = {}
    for line in open(path):
        k, v = line.split(":")
        d[k.strip()] = int(v)
    return d


def iosum(a, b):
    x, y = readio(a), readio(b)
    for k in y:
        print(k, y[k] - x.get(k, 0))


def strace_bytes(log):
    # 1234  pwrite64(5</dev/loop7>, "..."..., 4096, 0) = 4096
    # with -f a call may be split: "pread64(3</dev/loop2>, <unfinished ...>"
    # then "<... pread64 resumed>"..."..., 11534336, 0) = 11534336"
    calls = r"(pread64|pwrite64|read|write|preadv|pwritev|preadv2|pwritev2)"
    whole = re.compile(r"^(\d+)\s+" + calls + r"\((\d+)<([^>]*)>.*\)\s+=\s+(-?\d+)")
    start = re.compile(r"^(\d+)\s+" + calls + r"\((\d+)<([^>]*)>.*<unfinished \.\.\.>\s*$")
    resumed = re.compile(r"^(\d+)\s+<\.\.\. " + calls + r" resumed>.*\)\s+=\s+(-?\d+)")
    pending, acc = {}, {}

    def add(call, path, ret):
        if ret <= 0:
            return
        if path.startswith("/dev/loop"):
            cls = "dev"
        elif path.endswith(".journal") or "/journal" in path or "/j/" in path:
            cls = "journal"
        else:
            cls = "other"
        k = (cls, "w" if "write" in call else "r")
        n, c = acc.get(k, (0, 0))
        acc[k] = (n + ret, c + 1)

    for line in open(log, errors="replace"):
        m = start.match(line)
        if m:
            pending[m.group(1)] = (m.group(2), m.group(4))
            continue
        m = resumed.match(line)
        if m:
            p = pending.pop(m.group(1), None)
            if p:
                add(p[0], p[1], int(m.group(3)))
            continue
        m = whole.match(line)
        if m:
            add(m.group(2), m.group(4), int(m.group(5)))
    for (cls, rw), (n, c) in sorted(acc.items()):
        print("%s_%s_bytes %d" % (cls, rw, n))
        print("%s_%s_calls %d" % (cls, rw, c))


LVM_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#"


def lvm_id():
    # the text form of a random 32-character LVM id: 6-4-4-4-4-4-6
    c = "".join(random.SystemRandom().choice(LVM_ID_CHARS[:62]) for _ in range(32))
    parts, at = [], 0
    for n in (6, 4, 4, 4, 4, 4, 6):
        parts.append(c[at:at + n])
        at += n
    return "-".join(parts)


def lvm_add_lvs(backup, out, listfile):
    text = open(backup).read()
    used = 0
    for m in re.finditer(r'stripes\s*=\s*\[\s*"pv0",\s*(\d+)\s*\]', text):
        start = int(m.group(1))
        seg = text[:m.start()]
        cnt = int(re.findall(r"extent_count\s*=\s*(\d+)", seg)[-1])
        used = max(used, start + cnt)
    pe_count = int(re.search(r"pe_count\s*=\s*(\d+)", text).group(1))
    body = []
    for line in open(listfile):
        name, ext, perm = line.split()
        ext = int(ext)
        if used + ext > pe_count:
            raise SystemExit("lvm-add-lvs: no room for %s (pe_count %d)" % (name, pe_count))
        status = '"READ", "WRITE", "VISIBLE"' if perm == "rw" else '"READ", "VISIBLE"'
        body.append("""
		%s {
			id = "%s"
			status = [%s]
			flags = []
			creation_time = 1700000000
			creation_host = "relun-bench"
			segment_count = 1

			segment1 {
				start_extent = 0
				extent_count = %d

				type = "striped"
				stripe_count = 1

				stripes = [
					"pv0", %d
				]
			}
		}
""" % (name, lvm_id(), status, ext, used))
        used += ext
    # insert before the closing brace of logical_volumes (the last "\t}\n" before the VG's "}")
    m = re.search(r"\tlogical_volumes \{\n", text)
    if not m:
        raise SystemExit("lvm-add-lvs: no logical_volumes section")
    depth, i = 1, m.end()
    while depth:
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
        i += 1
    close = text.rfind("\t}", 0, i)
    text = text[:close] + "".join(body) + text[close:]
    open(out, "w").write(text)


def human(n):
    n = float(n)
    for u in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or u == "GiB":
            return ("%.0f %s" % (n, u)) if u == "B" else ("%.1f %s" % (n, u))
        n /= 1024


TOOL_LABEL = {
    "relun-probe": "relun-probe",
    "relun-probe-journals": "relun-probe, batch journals in --journal-dir",
    "pvs": "pvs -o pv_uuid,vg_name,vg_uuid",
    "relun-resign": "relun-resign",
    "relun-resign-noverify": "relun-resign --no-verify",
    "relun-resign-one": "relun-resign, one call per clone",
    "vgimportclone-all": "vgimportclone each, all devices visible",
    "vgimportclone-own": "vgimportclone each, own device only",
}
ORDER = ["relun-probe", "relun-probe-journals", "pvs", "relun-resign", "relun-resign-noverify", "relun-resign-one", "vgimportclone-all",
         "vgimportclone-own"]
BASELINE = {"relun-probe": "pvs", "relun-resign": "vgimportclone-all",
            "relun-resign-noverify": "vgimportclone-all", "relun-resign-one": "vgimportclone-all"}


def load(raw):
    info, times, exact, changed, strace = [], {}, {}, {}, {}
    sectors = {}
    for line in open(raw):
        t = line.rstrip("\n").split("\t")
        if t[0] == "info":
            info.append(t[1:])
        elif t[0] == "time":
            g, n, tool, run, sec, rss, rc, ok, luns, r, w, j = t[1:13]
            note = t[13] if len(t) > 13 else ""
            d = times.setdefault((g, int(n), tool), {"t": [], "rss": [], "ok": True, "note": note,
                                                     "rc": set(), "r": [], "w": [], "j": []})
            d["t"].append(float(sec))
            d["rss"].append(int(rss) if rss.isdigit() else 0)
            d["ok"] &= ok == "1"
            d["rc"].add(rc)
            L = max(int(luns), 1)
            d["r"].append(int(r) / L)
            d["w"].append(int(w) / L)
            d["j"].append(int(j) / L)
            if ok != "1":
                d["note"] = note
        elif t[0] == "exact":
            g, n, tool, luns, r, w, j = t[1:8]
            L = max(int(luns), 1)
            exact[(g, int(n), tool)] = {"r": int(r) / L, "w": int(w) / L, "j": int(j) / L}
        elif t[0] == "changed":
            changed[(t[1], int(t[2]), t[3])] = int(t[4])
        elif t[0] == "sectors":
            sectors[(t[1], int(t[2]), t[3])] = int(t[4])
        elif t[0] == "strace":
            kv = " ".join(t[5:]).split()
            d = {kv[i]: int(kv[i + 1]) for i in range(0, len(kv) - 1, 2)}
            d["luns"] = int(t[4])
            strace[(t[1], int(t[2]), t[3])] = d
    return info, times, exact, changed, strace, sectors


def med(d, k="t"):
    return statistics.median(d[k])


def report(raw):
    info, times, exact, changed, strace, sectors = load(raw)
    out = []
    w = out.append
    w("# relun benchmark results")
    w("")
    w("Made by `bench/run` (method and caveats: bench/README.md). Times are wall-clock medians.")
    w("")
    for k in info:
        w("- %s: %s" % (k[0], " ".join(k[1:])))
    w("")
    for group, title, nname in (
            ("lun", "LUN-count series: the original + N clones of one 3-VDI SR", "N"),
            ("vdi", "VDIs per SR: the original + 1 clone of one SR with V VDIs", "V")):
        keys = sorted(k for k in times if k[0] == group)
        if not keys:
            continue
        w("## " + title)
        w("")
        w("ratio = baseline time / relun time (above 1: relun is faster); the baseline of "
          "relun-probe is pvs, of relun-resign vgimportclone with all devices visible, both one call per clone or a batch (in parentheses: "
          "vgimportclone confined to the clone against relun-resign; relun-probe with the "
          "batch's journals in its journal directory against relun-probe with an empty one). "
          "read/written = block-layer bytes per LUN, median of the "
          "runs, from /proc/PID/io of the whole process tree, page caches of the loop devices "
          "dropped before each run; relun-resign's journal is shown apart (its pages are "
          "subtracted from written). Peak RSS = largest single process (each relun-resign job is "
          "its own process).")
        w("")
        h = [nname, "tool", "runs", "median s", "min-max s", "ratio", "read/LUN",
             "written/LUN", "journal/LUN", "peak RSS", "note"]
        w("| " + " | ".join(h) + " |")
        w("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---|")
        ns = sorted({k[1] for k in keys})
        for n in ns:
            for tool in ORDER:
                k = (group, n, tool)
                if k not in times:
                    continue
                d = times[k]
                m = med(d)
                ratio = ""
                base = BASELINE.get(tool)
                if base and (group, n, base) in times and m > 0:
                    ratio = "%.2fx" % (med(times[(group, n, base)]) / m)
                if tool == "vgimportclone-own" and (group, n, "relun-resign") in times:
                    ratio = "(%.2fx)" % (m / med(times[(group, n, "relun-resign")]))
                if tool == "relun-probe-journals" and (group, n, "relun-probe") in times:
                    ratio = "(%.0fx slower)" % (m / med(times[(group, n, "relun-probe")]))
                note = d["note"]
                if not d["ok"]:
                    note = "**FAILED** (exit %s): %s" % ("/".join(sorted(d["rc"])), note)
                if k in changed:
                    note += "; %d B changed on one clone (cmp -l)" % changed[k]
                jj = med(d, "j")
                w("| %d | %s | %d | %.3f | %.3f-%.3f | %s | %s | %s | %s | %s | %s |" % (
                    n, TOOL_LABEL.get(tool, tool), len(d["t"]), m, min(d["t"]), max(d["t"]),
                    ratio, human(med(d, "r")), human(med(d, "w")), human(jj) if jj else "",
                    human(max(d["rss"]) * 1024), note))
        w("")
        unit = "LUN" if group == "lun" else "VDI"
        w("Growth: median time per %s at each %s, and the exponent b of t ~ %s^b between "
          "successive sizes (1 = linear, 2 = quadratic):" % (unit, nname, nname))
        w("")
        w("| tool | " + " | ".join("%s=%d" % (nname, n) for n in ns) + " | b |")
        w("|---|" + "|".join("---:" for _ in ns) + "|---|")
        for tool in ORDER:
            pts = [(n, med(times[(group, n, tool)])) for n in ns if (group, n, tool) in times]
            if not pts:
                continue
            cells = ["%.2f ms" % (1000 * med(times[(group, n, tool)]) / n)
                     if (group, n, tool) in times else "" for n in ns]
            ex = ["%.2f" % (math.log(t2 / t1) / math.log(n2 / n1))
                  for (n1, t1), (n2, t2) in zip(pts, pts[1:]) if t1 > 0 and t2 > 0 and n2 != n1]
            w("| %s | %s | %s |" % (TOOL_LABEL.get(tool, tool), " | ".join(cells), " ".join(ex)))
        w("")
        w("Peak RSS (largest process) at each %s:" % nname)
        w("")
        w("| tool | " + " | ".join("%s=%d" % (nname, n) for n in ns) + " |")
        w("|---|" + "|".join("---:" for _ in ns) + "|")
        for tool in ORDER:
            if not any((group, n, tool) in times for n in ns):
                continue
            w("| %s | %s |" % (TOOL_LABEL.get(tool, tool), " | ".join(
                human(max(times[(group, n, tool)]["rss"]) * 1024) if (group, n, tool) in times
                else "" for n in ns)))
        w("")
    if exact or strace:
        w("## Bytes per LUN against the bytes that change")
        w("")
        w("exact = block-layer bytes of one extra relun-resign run whose journal went to tmpfs "
          "(so written is the loop devices' alone); syscall = pread64/pwrite64 bytes on the loop "
          "devices and write bytes to the journal under strace -f -y; changed = `cmp -l` count "
          "of bytes that differ between the original image and one resigned clone.")
        w("")
        w("| set | tool | exact read | exact written | syscall read | syscall written | "
          "journal | changed | written/changed |")
        w("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for key in sorted(set(exact) | set(strace)):
            g, n, tool = key
            e = exact.get(key, {})
            st = strace.get(key)
            L = st["luns"] if st else 1
            ch = changed.get(key)
            cells = [
                "%s=%d" % ("N" if g == "lun" else "V", n), tool,
                human(e["r"]) if e else "", human(e["w"]) if e else "",
                human(st.get("dev_r_bytes", 0) / L) if st else "",
                human(st.get("dev_w_bytes", 0) / L) if st else "",
                human(e["j"]) if e else (human(st.get("journal_w_bytes", 0) / L) if st else ""),
                "%d B" % ch if ch else "",
                ("%.1fx" % (e["w"] / ch)) + (" (syscall %.1fx)" % (st.get("dev_w_bytes", 0) / L / ch)
                                             if st else "") if ch and e else ""]
            w("| " + " | ".join(cells) + " |")
        for key in sorted(strace):
            st = strace[key]
            if st.get("journal_r_bytes"):
                w("")
                w("Under strace, %s (%s=%d) also read %s of journal files per LUN (%d reads): the "
                  "pending-journal scan of the journal directory." % (
                      key[2], "N" if key[0] == "lun" else "V", key[1],
                      human(st["journal_r_bytes"] / st["luns"]), st.get("journal_r_calls", 0)))
        w("")
    w("## Targets of issue 6")
    w("")

    def t_(g, n, tool):
        k = (g, n, tool)
        return med(times[k]) if k in times and times[k]["ok"] else None
    lun_ns = sorted({k[1] for k in times if k[0] == "lun"})
    vdi_ns = sorted({k[1] for k in times if k[0] == "vdi"})
    if lun_ns:
        n = lun_ns[-1]
        a, b = t_("lun", n, "relun-probe"), t_("lun", n, "pvs")
        if a and b:
            w("- relun-probe of %d LUNs no slower than pvs over the same devices: %.3f s vs %.3f s: "
              "**%s**" % (n + 1, a, b, "met" if a <= b else "not met"))
        a, b = t_("lun", n, "relun-resign"), t_("lun", n, "vgimportclone-all")
        if a:
            w("- relun-resign of %d clones (scope full, 3 VDIs each) under 10 s: %.3f s: **%s**"
              % (n, a, "met" if a < 10 else "not met"))
            if b:
                w("- relun-resign at least 20x faster than vgimportclone over the same set: %.2fx: "
                  "**%s**" % (b / a, "met" if b / a >= 20 else "not met"))
        else:
            w("- relun-resign of %d clones: failed (see the table)" % n)
    if vdi_ns:
        v = vdi_ns[-1]
        a = t_("vdi", v, "relun-resign")
        if a:
            w("- an SR with %d VDIs resigned under 2 s: %.3f s: **%s**"
              % (v, a, "met" if a < 2 else "not met"))
    for key, e in sorted(exact.items()):
        ch = changed.get(key)
        if not ch:
            continue
        sec = sectors.get(key)
        w("- bytes written per LUN at most 3x the bytes that change, plus the journal (%s=%d): "
          "%s written for %d B changed = %.1fx, journal %s: **%s**%s" % (
              "N" if key[0] == "lun" else "V", key[1], human(e["w"]), ch, e["w"] / ch,
              human(e["j"]), "met" if e["w"] <= 3 * ch else "not met",
              ("; the sectors that hold those bytes (the plan's regions, the least a "
               "block device can write) are %d B: written = %.2fx of them" % (sec, e["w"] / sec))
              if sec else ""))
    w("")
    print("\n".join(out))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "slim" and len(a) == 2:
        slim(*a)
    elif cmd == "restore" and len(a) >= 2:
        restore(a[0], a[1:])
    elif cmd == "flush":
        flush(a)
    elif cmd == "stats" and a:
        stats(a)
    elif cmd == "iosum" and len(a) == 2:
        iosum(*a)
    elif cmd == "strace-bytes" and len(a) == 1:
        strace_bytes(a[0])
    elif cmd == "lvm-add-lvs" and len(a) == 3:
        lvm_add_lvs(*a)
    elif cmd == "human" and len(a) == 1:
        print(human(a[0]))
    elif cmd == "report" and len(a) == 1:
        report(a[0])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
