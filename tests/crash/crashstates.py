#!/usr/bin/env python3
"""The crash-state tier's engine (CrashMonkey/ALICE's idea on our own
transaction).  It reads what tests/crash/recorder.so logged while
relun-resign ran uninterrupted (every device write with its bytes, every
fsync, the journal's writes and its rename), builds the states a power cut
could leave, puts each one back on the loop devices, and checks it from
outside the tool:

  durable: every device write before that device's last completed flush,
  the journal body once its fsync completed, its name once the directory's
  fsync completed.  Of the rest (the volatile cache), every in-order prefix
  with the last write torn at each logical block (first blocks landed, or
  last ones), plus random subsets with random torn writes (fixed seed); the
  journal's unsynced body lost or landed, its rename lost or landed, its
  unsynced state word old or new.

Checks per state (each one a guarantee of a flush or fsync):
  journal   any device block differs from the run's start image only if a
            complete journal is durable under its name (journal fsync,
            directory fsync before the first device write)
  phases    a phase holds a new block only if every earlier phase is all
            new (the flush between phases); reverse order for a rollback
  back      --recover (or --undo for a done journal) gives the start image
            exactly, every byte of every device (cmp of the touched ranges,
            the whole file for sampled states)
  forward   --recover --roll-forward gives the uninterrupted run's image
  none      no valid journal: devices untouched, and --recover of the
            .partial journal exits 0 saying so
  end       after the run's exit: devices are the final image and the
            journal says done (the last flush and the state's fsync)
  vgck      LVM's vgck reads the recovered devices cleanly (sampled)
  probe     relun-probe: interrupted before, not after (sampled)

Usage: crashstates.py CONFIG.json  (written by tests/crash/lib.sh)
Prints one line of counts and the first failures; exit 1 on any failure.
"""
import hashlib
import json
import os
import random
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jtool  # noqa: E402

BLKFLSBUF = 0x1261


def read_log(path):
    ev = []
    b = open(path, 'rb').read()
    p = 0
    while p < len(b):
        t = b[p:p + 1]
        p += 1
        if t == b'W':
            (n,) = struct.unpack_from('<I', b, p)
            path_ = b[p + 4:p + 4 + n].decode()
            p += 4 + n
            off, ln = struct.unpack_from('<QI', b, p)
            p += 12
            ev.append(('W', path_, off, b[p:p + ln]))
            p += ln
        elif t == b'F':
            (n,) = struct.unpack_from('<I', b, p)
            ev.append(('F', b[p + 4:p + 4 + n].decode()))
            p += 4 + n
        elif t == b'R':
            (n,) = struct.unpack_from('<I', b, p)
            a = b[p + 4:p + 4 + n].decode()
            p += 4 + n
            (m,) = struct.unpack_from('<I', b, p)
            c = b[p + 4:p + 4 + m].decode()
            p += 4 + m
            ev.append(('R', a, c))
        else:
            raise SystemExit('bad log record at %d' % (p - 1))
    return ev


class Run:
    def __init__(self, cfg):
        self.cfg = cfg
        self.devs = cfg['devices']          # node -> backing file
        self.lbs = cfg.get('lbs', {})       # node -> logical block size
        self.jdir = os.path.realpath(cfg['journal_dir'])
        self.ev = read_log(cfg['log'])
        self.dev_ev = [e for e in self.ev if e[0] == 'W' and e[1] in self.devs]
        # every byte range any state can touch, per device
        self.ranges = {}
        for e in self.dev_ev:
            self.ranges.setdefault(e[1], []).append((e[2], len(e[3])))
        for jp in cfg['journals']:
            j = jtool.parse(jp)
            for r in j['regs']:
                self.ranges.setdefault(j['devs'][r['dev']]['path'], []).append((r['off'], r['len']))
        # start: before the recorded run; old: the original; new: resigned
        self.img = {k: {d: self.read_ranges(cfg[k][d], d) for d in self.devs}
                    for k in ('start', 'old', 'new')}
        self.sha = {k: cfg[k + '_sha'] for k in ('old', 'new')}
        self.fail = []
        self.n = {}

    def read_ranges(self, f, d):
        out = {}
        with open(f, 'rb') as fh:
            for off, ln in self.ranges.get(d, []):
                fh.seek(off)
                out[(off, ln)] = fh.read(ln)
        return out

    # ---- the states ----

    def journal_model(self, upto):
        """The journal files' possible states after events [0, upto):
        a list of dicts name -> bytes (or absent)."""
        files = {}   # final name -> dict(body, durable, renamed, rdur, state...)

        def jf(name):
            base = name[:-len('.partial')] if name.endswith('.partial') else name
            return files.setdefault(base, {'vol': bytearray(), 'dur': None,
                                           'renamed': False, 'rdur': False,
                                           'preexisting': False})
        # journals that existed before the run (an --undo's, a --recover's)
        for name, copy in self.cfg['journal_start'].items():
            f = jf(name)
            f['vol'] = bytearray(open(copy, 'rb').read())
            f['dur'] = bytes(f['vol'])
            f['renamed'] = f['rdur'] = True
        for e in self.ev[:upto]:
            if e[0] == 'W' and e[1].startswith(self.jdir + '/'):
                f = jf(e[1])
                v = f['vol']
                end = e[2] + len(e[3])
                if len(v) < end:
                    v.extend(b'\0' * (end - len(v)))
                v[e[2]:end] = e[3]
            elif e[0] == 'F' and e[1].startswith(self.jdir + '/'):
                f = jf(e[1])
                f['dur'] = bytes(f['vol'])
            elif e[0] == 'F' and e[1] == self.jdir:
                for f in files.values():
                    if f['renamed']:
                        f['rdur'] = True
            elif e[0] == 'R' and e[2].startswith(self.jdir + '/'):
                jf(e[2])['renamed'] = True
        variants = [{}]
        for name, f in files.items():
            opts = []
            names = [name] if f['rdur'] else ([name, name + '.partial'] if f['renamed']
                                               else [name + '.partial'])
            bodies = {bytes(f['vol'])}
            bodies.add(f['dur'] if f['dur'] is not None else b'')
            for nm in names:
                for body in bodies:
                    opts.append((nm, body))
            variants = [dict(v, **{name: o}) for v in variants for o in opts]
        return variants

    def device_states(self, upto, rnd, nrandom):
        """Per crash point: lists of (dev, off, bytes) applied over start."""
        durable, pending = [], []
        for e in self.ev[:upto]:
            if e[0] == 'W' and e[1] in self.devs:
                pending.append(e)
            elif e[0] == 'F' and e[1] in self.devs:
                durable += [w for w in pending if w[1] == e[1]]
                pending = [w for w in pending if w[1] != e[1]]
        base = [(w[1], w[2], w[3]) for w in durable]
        out = []

        def torn(w, blocks):
            u = self.lbs.get(w[1], 512)
            return [(w[1], w[2] + b * u, w[3][b * u:(b + 1) * u]) for b in blocks]
        for k in range(len(pending) + 1):
            pre = [(w[1], w[2], w[3]) for w in pending[:k]]
            out.append(('prefix %d/%d' % (k, len(pending)), base + pre))
            if k < len(pending):
                w = pending[k]
                nb = len(w[3]) // self.lbs.get(w[1], 512)
                for b in range(1, nb):
                    out.append(('prefix %d, write %d torn: first %d of %d blocks' % (k, k + 1, b, nb),
                                base + pre + torn(w, range(b))))
                    out.append(('prefix %d, write %d torn: last %d of %d blocks' % (k, k + 1, nb - b, nb),
                                base + pre + torn(w, range(b, nb))))
        for r in range(nrandom if len(pending) > 1 else 0):
            st = []
            for w in pending:
                if rnd.random() < 0.5:
                    nb = len(w[3]) // self.lbs.get(w[1], 512)
                    if nb > 1 and rnd.random() < 0.5:
                        st += torn(w, sorted(rnd.sample(range(nb), rnd.randint(1, nb - 1))))
                    else:
                        st.append((w[1], w[2], w[3]))
            out.append(('random subset %d' % r, base + st))
        return out

    def all_states(self, seed, nrandom):
        rnd = random.Random(seed)
        states = []
        for upto in range(len(self.ev) + 1):
            for jv in self.journal_model(upto):
                for desc, dv in self.device_states(upto, rnd, nrandom):
                    states.append(('cut after event %d/%d, %s' % (upto, len(self.ev), desc),
                                   upto, jv, dv))
        return states

    # ---- putting a state back ----

    def put(self, jv, dv):
        for d, f in self.devs.items():
            with open(f, 'r+b') as fh:
                for (off, ln), data in self.img['start'][d].items():
                    fh.seek(off)
                    fh.write(data)
                for dd, off, data in dv:
                    if dd == d:
                        fh.seek(off)
                        fh.write(data)
        for d in self.devs:
            fd = os.open(d, os.O_RDONLY)
            try:
                import fcntl
                fcntl.ioctl(fd, BLKFLSBUF, 0)
            finally:
                os.close(fd)
        for name in list(os.listdir(self.jdir)):
            os.unlink(os.path.join(self.jdir, name))
        for name, (nm, body) in jv.items():
            fd = os.open(nm, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.write(fd, body)
            os.close(fd)

    def image_is(self, want, whole):
        """Every device holds image want ('start', 'old', 'new'); whole:
        the whole file's sha256 too (not for 'start')."""
        for d, f in self.devs.items():
            w = want[d] if isinstance(want, dict) else want
            with open(f, 'rb') as fh:
                for (off, ln), data in self.img[w][d].items():
                    fh.seek(off)
                    if fh.read(ln) != data:
                        return False
            if whole and w != 'start':
                h = hashlib.sha256()
                with open(f, 'rb') as fh:
                    for blk in iter(lambda: fh.read(1 << 20), b''):
                        h.update(blk)
                if h.hexdigest() != self.sha[w][d]:
                    return False
        return True

    def tool(self, *args):
        p = subprocess.run([self.cfg['resign']] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        return p.returncode, p.stdout.decode(errors='replace')

    def probe_says(self):
        p = subprocess.run([self.cfg['probe'], '--no-xe', '--json', '--journal-dir', self.jdir]
                           + self.cfg['probe_devs'], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        return '"interrupted"' in p.stdout.decode(errors='replace')

    def probe_verdict(self):
        p = subprocess.run([self.cfg['probe'], '--no-xe', '--json', '--journal-dir', self.jdir]
                           + self.cfg['probe_devs'], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL)
        try:
            return ' '.join('%s=%s' % (x['device'], x['verdict'])
                            for x in json.loads(p.stdout)['luns'])
        except (ValueError, KeyError):
            return '?'

    def vgck(self):
        args = ['lvm', 'vgck', '--nohints']
        for d in self.cfg['lvm_devs']:
            args += ['--devices', d]
        return subprocess.run(args, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0

    # ---- the checks ----

    def bad(self, what, desc, detail=''):
        self.n['failed'] = self.n.get('failed', 0) + 1
        if len(self.fail) < 12:
            self.fail.append('%s: %s %s' % (what, desc, detail))

    def count(self, k):
        self.n[k] = self.n.get(k, 0) + 1

    def phases_ok(self, jpath, reverse):
        """A phase holds a new block only if every earlier one is all new."""
        j = jtool.parse(jpath)
        by_phase = {}
        for r in j['regs']:
            node = j['devs'][r['dev']]['path']
            with open(self.devs[node], 'rb') as fh:
                fh.seek(r['off'])
                cur = fh.read(r['len'])
            tgt, src = (r['old'], r['new']) if reverse else (r['new'], r['old'])
            anyn = any(cur[i:i + 512] == tgt[i:i + 512] and tgt[i:i + 512] != src[i:i + 512]
                       for i in range(0, r['len'], 512))
            alln = cur == tgt
            a, b = by_phase.get(r['phase'], (False, True))
            by_phase[r['phase']] = (a or anyn, b and alln)
        order = sorted(by_phase, reverse=reverse)
        seen_incomplete = False
        for ph in order:
            anyn, alln = by_phase[ph]
            if anyn and seen_incomplete:
                return False
            if not alln:
                seen_incomplete = True
        return True

    def check(self, i, desc, upto, jv, dv, full):
        """full: run the tool on this state too; else only the checks that
        read the disk (journal, phases, end), which every state gets."""
        mode = self.cfg['mode']  # noqa: F841
        whole = i % self.cfg.get('whole_every', 10) == 0
        sample = i % self.cfg.get('sample_every', 8) == 0
        self.put(jv, dv)
        valid = {}
        for name, (nm, body) in jv.items():
            if not nm.endswith('.partial'):
                try:
                    valid[nm] = jtool.parse(nm)
                except (SystemExit, struct.error, IndexError, UnicodeDecodeError):
                    pass
        changed = not self.image_is('start', False)
        if changed and not valid:
            self.bad('journal', desc, '(devices written, no valid journal durable)')
            return
        if upto == len(self.ev):
            if not self.image_is(self.cfg['end_image'], False):
                self.bad('end', desc, '(after exit the devices are not the final image)')
            if any(jj['state'] != self.cfg['end_state'] for jj in valid.values()):
                self.bad('end', desc, '(after exit the journal state is not final)')
        if not full:
            for jpath in valid:
                if self.cfg['phases'] and not self.phases_ok(jpath,
                                                             self.cfg['phases'] == 'reverse'):
                    self.bad('phases', desc)
            self.count('cheap')
            return
        if not valid:
            if changed:
                return
            for name, (nm, body) in jv.items():
                if nm.endswith('.partial'):
                    rc, out = self.tool('--recover', nm)
                    if rc != 0 or 'never became valid' not in out:
                        self.bad('none', desc, '(--recover %s: exit %d)' % (nm, rc))
                        return
            self.count('none')
            return
        for jpath in valid:
            if self.cfg['phases'] and not self.phases_ok(jpath, self.cfg['phases'] == 'reverse'):
                self.bad('phases', desc)
                return
        self.count('states')
        if sample and any(jj['state'] == 1 for jj in valid.values()):
            if not self.probe_says():
                self.bad('probe', desc, '(not interrupted before recovery: %s)' % self.probe_verdict())
        # to the old bytes: --recover, or --undo for a finished journal
        for jpath, jj in sorted(valid.items()):
            args = ['--undo', jpath] if jj['state'] in (2, 4) else ['--recover', jpath]
            rc, out = self.tool(*args)
            if rc != 0:
                self.bad('back', desc, '(%s: exit %d: %s)' % (args[0], rc, out.strip()[:300]))
                return
        if not self.image_is('old', whole):
            self.bad('back', desc, '(not the original image)')
            return
        self.count('back_exact')
        if sample:
            if self.probe_says():
                self.bad('probe', desc, '(still interrupted after --recover)')
            if self.vgck():
                self.count('vgck')
            else:
                self.bad('vgck', desc, '(after rollback)')
        # to the new bytes: --recover --roll-forward (an undone journal is
        # never rolled forward: by design)
        if any(jj['state'] == 4 for jj in valid.values()):
            return
        self.put(jv, dv)
        for jpath, jj in sorted(valid.items()):
            rc, out = self.tool('--recover', jpath, '--roll-forward')
            if rc != 0:
                self.bad('forward', desc, '(exit %d: %s)' % (rc, out.strip()[:300]))
                return
        # a device no valid journal covers yet (a batch cut before its
        # job's journal) stays the original
        mine = {j['devs'][k]['path'] for j in valid.values() for k in range(len(j['devs']))}
        if not self.image_is({d: 'new' if d in mine else 'old' for d in self.devs}, whole):
            self.bad('forward', desc, '(not the uninterrupted image)')
            return
        self.count('forward_exact')
        if sample:
            if self.vgck():
                self.count('vgck')
            else:
                self.bad('vgck', desc, '(after roll-forward)')


def main():
    cfg = json.load(open(sys.argv[1]))
    run = Run(cfg)
    states = run.all_states(cfg.get('seed', 1), cfg.get('random', 6))
    rnd = random.Random(cfg.get('seed', 1))
    gen = len(states)
    # every state gets the disk checks; a sample (fixed seed, the end
    # states always) the recoveries too
    full = set(range(len(states)))
    if len(states) > cfg['max']:
        last = [k for k, s in enumerate(states) if s[1] == len(run.ev)][:8]
        rest = [k for k, s in enumerate(states) if s[1] != len(run.ev)]
        full = set(rnd.sample(rest, cfg['max'] - len(last)) + last)
    for i, (desc, upto, jv, dv) in enumerate(states):
        run.check(i, desc, upto, jv, dv, i in full)
    states = [s for k, s in enumerate(states) if k in full]
    n = run.n
    print('%s: events %d (device writes %d), states %d (all checked on disk), %d recovered: '
          '%d with a journal (rolled back exactly %d, rolled forward exactly %d), %d without '
          'one (untouched), vgck clean %d, failed %d' %
          (cfg['name'], len(run.ev), len(run.dev_ev), gen, len(states), n.get('states', 0),
           n.get('back_exact', 0), n.get('forward_exact', 0), n.get('none', 0),
           n.get('vgck', 0), n.get('failed', 0)))
    for f in run.fail:
        print('  FAIL ' + f)
    sys.exit(1 if n.get('failed') else 0)


if __name__ == '__main__':
    main()
