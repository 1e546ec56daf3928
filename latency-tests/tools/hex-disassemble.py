#!/usr/bin/env python3
"""Disassembles the hex dump HotSpot prints for -XX:+PrintAssembly when no hsdis library is installed.

Usage: hex-disassemble.py LOG [N]

LOG is the output of a JVM run with
  -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,<class>::<method>
N picks the C2 compilation (0 = first, -1 = last, the default). Needs objdump (binutils). Prints the instructions
with HotSpot's own annotations (inlined methods, metadata, polls) in front of the instruction they belong to.
"""
import re
import subprocess
import sys
import tempfile

LINE = re.compile(r'\s*0x([0-9a-f]+): (.*)')


def fail(message):
    print('hex-disassemble: ' + message, file=sys.stderr)
    sys.exit(2)


def main(argv):
    if len(argv) not in (2, 3):
        fail('usage: hex-disassemble.py LOG [N]')
    try:
        lines = open(argv[1], encoding='utf-8', errors='replace').read().split('\n')
    except OSError as ex:
        fail('cannot read %s: %s' % (argv[1], ex.strerror))
    try:
        index = int(argv[2]) if len(argv) == 3 else -1
    except ValueError:
        fail('N must be an integer, not %r' % argv[2])
    starts = [i for i, line in enumerate(lines) if line.startswith('Compiled method (c2)')]
    if not starts:
        fail('no C2 compilation in %s (was the method compiled and printed?)' % argv[1])
    if not -len(starts) <= index < len(starts):
        fail('N is %d, but %s holds %d C2 compilations' % (index, argv[1], len(starts)))
    first = starts[index]
    following = [s for s in starts if s > first]
    section = lines[first:following[0] if following else len(lines)]
    code = bytearray()
    base = None
    notes = {}
    in_code = False
    for line in section:
        if line.startswith('[MachCode]'):
            in_code = True
            continue
        if line.startswith('[/MachCode]') or line.startswith('[Stub Code]'):
            break
        if not in_code:
            continue
        match = LINE.match(line)
        if match:
            address, rest = int(match.group(1), 16), match.group(2)
            if rest.startswith(';'):
                notes.setdefault(address, []).append(rest.strip())
                continue
            words = re.findall(r'\b[0-9a-f]{4}\b|\b[0-9a-f]{2}\b', rest.split(';')[0])
            if base is None:
                base = address
            if base + len(code) < address:
                code += b'\x90' * (address - base - len(code))
            code += bytes.fromhex(''.join(words))
        elif line.strip().startswith(';') and base is not None:
            notes.setdefault(base + len(code), []).append(line.strip())
    if base is None:
        fail('the compilation has no [MachCode] hex dump (is an hsdis library installed? then read the log itself)')
    print(section[0])
    with tempfile.NamedTemporaryFile(suffix='.bin') as blob:
        blob.write(code)
        blob.flush()
        try:
            dump = subprocess.run(
                ['objdump', '-D', '-b', 'binary', '-mi386:x86-64', '--adjust-vma=%d' % base, blob.name],
                capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError) as ex:
            fail('objdump failed: %s' % ex)
    for line in dump.split('\n'):
        match = re.match(r'\s*([0-9a-f]+):', line)
        if not match:
            continue
        for note in notes.pop(int(match.group(1), 16), []):
            if 'ImmutableOopMap' not in note and 'reexecute' not in note:
                print('                ' + note)
        print(line)


if __name__ == '__main__':
    main(sys.argv)
