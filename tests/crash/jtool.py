#!/usr/bin/env python3
"""An independent reader of relun-resign's undo journal (the layout in
lib/journal_fmt.h), for tests: the expected bytes of a recovery come
from here and from the disk, never from the tool's own report.

  jtool.py regions J            one line per region: dev phase off len what
  jtool.py apply J old|new IMG [DEV]   write that image of every region of
                                plan device DEV (default 0) into IMG
  jtool.py applynode J old|new IMG NODE   the same for the plan device
                                whose recorded path is NODE
  jtool.py state J              the state word (number)
"""
import hashlib
import struct
import sys


def parse(path):
    b = open(path, 'rb').read()
    if b[:8] != b'RLJOURN1':
        raise SystemExit('%s: not a journal' % path)
    pos = 8
    version, incompat, state, nstate, ndevs, nids, nregs, created, flen, _ = \
        struct.unpack_from('<IIIIIIQQQQ', b, 8)
    pos = 64

    def u32():
        nonlocal pos
        v = struct.unpack_from('<I', b, pos)[0]
        pos += 4
        return v

    def blob(n):
        nonlocal pos
        v = b[pos:pos + n]
        pos += (n + 7) // 8 * 8
        return v

    def s():
        return blob(u32()).decode()

    j = {'version': version, 'state': state, 'devs': [], 'regs': []}
    j['subject'], j['scope'], j['tool'] = s(), s(), s()
    for _ in range(ndevs):
        size, rdev, hlen, align, _z = struct.unpack_from('<QQQII', b, pos)
        pos += 32 + 4 * 32
        # later versions may carry more per device: see dev_extra()
        d = {'size': size, 'rdev': rdev, 'hdr_len': hlen, 'align': align}
        d['path'], d['ident'] = s(), s()
        if version >= 2:
            d['name'] = s()
        j['devs'].append(d)
    for _ in range(nids):
        pos += 8
        s(); s(); s()
    for _ in range(nregs):
        dev, phase, off, ln, _z = struct.unpack_from('<IIQII', b, pos)
        pos += 24 + 64
        what = s()
        old = blob(ln)
        new = blob(ln)
        j['regs'].append({'dev': dev, 'phase': phase, 'off': off, 'len': ln,
                          'what': what, 'old': old, 'new': new})
    if b[pos:pos + 8] != b'RLJEND01':
        raise SystemExit('%s: trailer not found at %d' % (path, pos))
    return j


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    j = parse(path)
    if cmd == 'regions':
        for r in j['regs']:
            print(r['dev'], r['phase'], r['off'], r['len'], r['what'].replace(' ', '_'))
    elif cmd == 'state':
        print(j['state'])
    elif cmd == 'apply':
        which, img = sys.argv[3], sys.argv[4]
        dev = int(sys.argv[5]) if len(sys.argv) > 5 else 0
        with open(img, 'r+b') as f:
            for r in j['regs']:
                if r['dev'] == dev:
                    f.seek(r['off'])
                    f.write(r[which])
    elif cmd == 'applynode':
        # the regions of the plan device whose recorded path is NODE
        which, img, node = sys.argv[3], sys.argv[4], sys.argv[5]
        with open(img, 'r+b') as f:
            for r in j['regs']:
                if j['devs'][r['dev']]['path'] == node:
                    f.seek(r['off'])
                    f.write(r[which])
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main()
