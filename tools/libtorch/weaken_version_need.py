#!/usr/bin/env python3
"""Marks one symbol-version requirement of an ELF64 shared library weak (VER_FLG_WEAK in its Vernaux entry).

Usage: weaken_version_need.py LIBRARY FILE VERSION     e.g. libLibTorchSharp.so libstdc++.so.6 GLIBCXX_3.4.32

ld.so refuses to load a library whose .gnu.version_r names a version that the providing library lacks, unless
the requirement is weak; then it only warns under LD_DEBUG. patchelf has no option for this, so this edits the
two bytes in place. Idempotent: a requirement already weak is left alone. Exit 1 with one line if not found.
"""
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def fail(message):
    print(f"weaken_version_need: {message}", file=sys.stderr)
    sys.exit(1)


def section_headers(elf):
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        fail("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    for i in range(shnum):
        # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info
        yield struct.unpack_from("<IIQQQQII", elf, shoff + i * shentsize)


def c_string(elf, offset):
    return elf[offset:elf.index(b"\0", offset)].decode()


def weaken(elf, file_name, version):
    """Returns 'weakened' or 'already weak'; fails if no such requirement exists."""
    headers = list(section_headers(elf))
    for _, sh_type, _, _, offset, _, link, count in headers:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strings = headers[link][4]
        entry = offset
        for _ in range(count):
            _, aux_count, file_offset, aux, next_entry = struct.unpack_from("<HHIII", elf, entry)
            if c_string(elf, strings + file_offset) == file_name:
                vernaux = entry + aux
                for _ in range(aux_count):
                    _, flags, _, name, next_aux = struct.unpack_from("<IHHII", elf, vernaux)
                    if c_string(elf, strings + name) == version:
                        if flags & VER_FLG_WEAK:
                            return "already weak"
                        struct.pack_into("<H", elf, vernaux + 4, flags | VER_FLG_WEAK)
                        return "weakened"
                    vernaux += next_aux
            entry += next_entry
    fail(f"no requirement of {file_name} for {version}: is this the library the script expects?")


def main():
    if len(sys.argv) != 4:
        fail("usage: weaken_version_need.py LIBRARY FILE VERSION")
    path, file_name, version = sys.argv[1:]
    with open(path, "rb") as f:
        elf = bytearray(f.read())
    outcome = weaken(elf, file_name, version)
    if outcome == "weakened":
        with open(path, "r+b") as f:
            f.write(elf)
    print(f"{path}: {file_name} {version} {outcome}")


if __name__ == "__main__":
    main()
