#!/usr/bin/env python3
"""Kernel helpers for build-image.sh, kept in Python because bash has no XZ stream or graph code.

  kernel.py vmlinux VMLINUZ OUT          decompress the XZ payload of a bzImage into an ELF vmlinux
  kernel.py closure MODULES_DIR NAME...  print the module files (relative paths) NAME needs, deps first
"""
import lzma
import sys
from pathlib import Path


def vmlinux(vmlinuz: str, out: str) -> None:
    data = Path(vmlinuz).read_bytes()
    magic = b"\xfd7zXZ\x00"
    start = data.find(magic)
    while start >= 0:
        try:
            decompressor = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
            payload = decompressor.decompress(data[start:])
            if payload[:4] == b"\x7fELF":
                Path(out).write_bytes(payload)
                return
        except lzma.LZMAError:
            pass
        start = data.find(magic, start + 1)
    sys.exit(f"no XZ-compressed ELF payload found in {vmlinuz}")


def closure(modules_dir: str, names: list) -> None:
    deps = {}
    by_name = {}
    for line in Path(modules_dir, "modules.dep").read_text().splitlines():
        module, _, rest = line.partition(":")
        deps[module] = rest.split()
        # modprobe treats '-' and '_' alike in module names
        by_name[Path(module).name.split(".ko")[0].replace("-", "_")] = module
    builtin = {
        Path(line).name.split(".ko")[0].replace("-", "_")
        for line in Path(modules_dir, "modules.builtin").read_text().splitlines()
    }
    ordered = []
    seen = set()

    def visit(module: str) -> None:
        if module in seen:
            return
        seen.add(module)
        # modules.dep lists the dependencies a module needs; load each before the module itself
        for dep in reversed(deps[module]):
            visit(dep)
        ordered.append(module)

    for name in names:
        key = name.replace("-", "_")
        if key in by_name:
            visit(by_name[key])
        elif key not in builtin:
            sys.exit(f"kernel module {name} is neither a module nor built in")
    print("\n".join(ordered))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "vmlinux":
        vmlinux(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "closure":
        closure(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
