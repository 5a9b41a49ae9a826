#!/usr/bin/env bash
# Builds the VM image of the real-storage tests into e2e/images/<hash>/ and points
# e2e/images/current at it:
#   vmlinux            Debian's pinned kernel, uncompressed (QEMU boots it through PVH, 2x faster)
#   initramfs.cpio.gz  busybox + the modules needed to mount the root disk
#   root.qcow2         debootstrap minbase root with LVM, DRBD, LIO, open-iscsi, qemu-ga and a JRE
# The hash covers everything that decides the image's content (this script, image/*, the package
# and module lists, the kernel version), so a second run is a no-op and any change rebuilds.
# Run as root (debootstrap, mkfs -d with device nodes). Installs nothing on the host.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_DIR=$(dirname "$SCRIPT_DIR")
IMAGES_DIR=$(realpath -m "${EBS_E2E_IMAGES_DIR:-$E2E_DIR/images}")

SUITE=bookworm
# Pinned: the meta package linux-image-amd64 moves with every point release. When the mirror drops
# this version, bump both (apt-cache policy linux-image-amd64 shows the current one).
KERNEL_ABI=6.1.0-56-amd64
KERNEL_PKG_VERSION=6.1.192-2
PACKAGES=(
  lvm2 thin-provisioning-tools drbd-utils targetcli-fb python3-rtslib-fb open-iscsi kmod iproute2
  udev e2fsprogs procps dbus qemu-guest-agent openjdk-17-jre-headless fio util-linux coreutils
  tini iputils-ping tgt qemu-utils
)
# Loaded by the init or the tests; their dependencies are added from modules.dep.
MODULES=(
  drbd dm_mod dm_thin_pool dm_snapshot dm_bufio dm_persistent_data dm_bio_prison
  target_core_mod target_core_iblock target_core_file target_core_pscsi iscsi_target_mod
  iscsi_tcp libiscsi libiscsi_tcp scsi_transport_iscsi sd_mod configfs
  virtio virtio_ring virtio_pci virtio_blk virtio_net virtio_console
  9p 9pnet 9pnet_virtio ext4 crc32c_generic crc32c-intel
)
# Only what mounting /dev/vda needs goes into the initramfs.
INITRAMFS_MODULES=(virtio_pci virtio_blk crc32c_generic ext4)
ROOT_SIZE=2G

start_ns=$(date +%s%N)
stage_ns=$start_ns
stage() {
  local now
  now=$(date +%s%N)
  printf '[%6.1fs %+6.1fs] %s\n' "$(((now - start_ns) / 1000000))e-3" \
    "$(((now - stage_ns) / 1000000))e-3" "$*"
  stage_ns=$now
}

if [[ $EUID -ne 0 ]]; then
  echo "build-image.sh must run as root (debootstrap, device nodes in the root image)" >&2
  exit 1
fi

# command -> Debian package that provides it
declare -A TOOLS=(
  [qemu-system-x86_64]=qemu-system-x86 [qemu-img]=qemu-utils [debootstrap]=debootstrap
  [mkfs.ext4]=e2fsprogs [busybox]=busybox-static [python3]=python3 [cpio]=cpio
  [depmod]=kmod [dpkg-deb]=dpkg [apt-get]=apt [gzip]=gzip [sha256sum]=coreutils
  [flock]=util-linux
)
missing=()
for tool in "${!TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${TOOLS[$tool]}")
done
# A dynamically linked busybox cannot run alone in the initramfs.
if command -v busybox >/dev/null 2>&1 && ldd "$(command -v busybox)" >/dev/null 2>&1; then
  missing+=(busybox-static)
fi
if ((${#missing[@]})); then
  echo "missing host tools; install them with:" >&2
  echo "  apt-get install --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u | xargs)" >&2
  exit 1
fi

hash=$(
  {
    cat "$0" "$SCRIPT_DIR"/image/*
    echo "$SUITE $KERNEL_ABI $KERNEL_PKG_VERSION ${PACKAGES[*]} ${MODULES[*]} ${INITRAMFS_MODULES[*]}"
  } | sha256sum | cut -c1-16
)
out=$IMAGES_DIR/$hash
mkdir -p "$IMAGES_DIR"
# Two builds at once (two checkouts' tests, or a developer and a test) must not interleave.
exec 9>"$IMAGES_DIR/.lock"
flock 9

if [[ -f $out/.complete ]]; then
  ln -sfn "$hash" "$IMAGES_DIR/current"
  stage "image $hash is cached in $out"
  exit 0
fi

# The mirror this machine already uses (deb822 .sources or one-line .list), first with main.
mirror=$(
  python3 - <<'EOF'
import glob, re
files = sorted(glob.glob("/etc/apt/sources.list.d/*.sources")) + ["/etc/apt/sources.list"] \
    + sorted(glob.glob("/etc/apt/sources.list.d/*.list"))
for path in files:
    try:
        text = open(path).read()
    except OSError:
        continue
    if path.endswith(".sources"):
        for stanza in re.split(r"\n\s*\n", text):
            fields = dict(re.findall(r"^([A-Za-z-]+):\s*(.*)$", stanza, re.M))
            suites = fields.get("Suites", "").split()
            if "bookworm" in suites and "main" in fields.get("Components", "").split():
                print(fields["URIs"].split()[0]); raise SystemExit
    else:
        for line in text.splitlines():
            words = line.split()
            words = [w for w in words if not w.startswith("[")]
            if len(words) >= 4 and words[0] == "deb" and words[2] == "bookworm" and "main" in words[3:]:
                print(words[1]); raise SystemExit
raise SystemExit(1)
EOF
) || {
  echo "no bookworm main source in /etc/apt/sources.list*; set up apt first" >&2
  exit 1
}
stage "building image $hash from $mirror"

work=$IMAGES_DIR/.work-$hash
debs=$IMAGES_DIR/.debs
rm -rf "$work"
mkdir -p "$work" "$debs"
trap 'rm -rf "$work"' EXIT

# --- (a) kernel -------------------------------------------------------------------------------
kdeb=$debs/linux-image-${KERNEL_ABI}_${KERNEL_PKG_VERSION}_amd64.deb
if [[ ! -f $kdeb ]]; then
  (cd "$debs" && apt-get download -q "linux-image-$KERNEL_ABI=$KERNEL_PKG_VERSION" 2>&1 |
    grep -v 'unsandboxed' || true)
  [[ -f $kdeb ]] || {
    echo "cannot download linux-image-$KERNEL_ABI=$KERNEL_PKG_VERSION (run apt-get update?" \
      "or bump the pinned version in $0)" >&2
    exit 1
  }
fi
dpkg-deb -x "$kdeb" "$work/kernel"
python3 "$SCRIPT_DIR/image/kernel.py" vmlinux "$work/kernel/boot/vmlinuz-$KERNEL_ABI" "$work/vmlinux"
depmod -b "$work/kernel" "$KERNEL_ABI"
kmods=$work/kernel/lib/modules/$KERNEL_ABI
stage "kernel $KERNEL_ABI ($KERNEL_PKG_VERSION) unpacked, vmlinux $(du -m "$work/vmlinux" | cut -f1) MB"

# --- (b) root file system ----------------------------------------------------------------------
root=$work/root
include=$(IFS=,; echo "${PACKAGES[*]}")
debootstrap --variant=minbase --cache-dir="$debs" --include="$include" \
  "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -30 "$work/debootstrap.log" >&2
  exit 1
}
stage "debootstrap done ($(du -sm "$root" | cut -f1) MB)"

# Modules: the closure of MODULES only (~10 MB instead of ~400 MB).
mdest=$root/lib/modules/$KERNEL_ABI
mkdir -p "$mdest"
python3 "$SCRIPT_DIR/image/kernel.py" closure "$kmods" "${MODULES[@]}" >"$work/modules.list"
while read -r m; do
  mkdir -p "$mdest/$(dirname "$m")"
  cp "$kmods/$m" "$mdest/$m"
done <"$work/modules.list"
cp "$kmods"/modules.order "$kmods"/modules.builtin "$kmods"/modules.builtin.modinfo "$mdest/"
depmod -b "$root" "$KERNEL_ABI"

install -m 0755 "$SCRIPT_DIR/image/ebs-init.sh" "$root/sbin/ebs-init"
: >"$root/etc/resolv.conf"
echo "localhost" >"$root/etc/hostname"
rm -f "$root/etc/machine-id" "$root/var/lib/dbus/machine-id"
mkdir -p "$root/etc/target" # LIO's db_root; the kernel complains at module load without it
# No usage reports to the internet from drbdadm; 8.4 and 9 both read this form.
cat >"$root/etc/drbd.d/global_common.conf" <<'EOF'
global {
  usage-count no;
}
common {
}
EOF
# The tests log in with a fixed initiator name set by the init; no automatic logins at boot.
sed -i 's/^node.startup = automatic/node.startup = manual/' "$root/etc/iscsi/iscsid.conf"
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/info/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'C*' -exec rm -rf {} +
{
  echo "image $hash built $(date -u +%FT%TZ) from $mirror"
  echo "kernel linux-image-$KERNEL_ABI $KERNEL_PKG_VERSION"
  chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' "${PACKAGES[@]}"
} >"$work/manifest.txt"
stage "root configured ($(du -sm "$root" | cut -f1) MB)"

# --- (d) initramfs -----------------------------------------------------------------------------
ird=$work/initramfs
mkdir -p "$ird"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$(command -v busybox)" "$ird/bin/busybox"
install -m 0755 "$SCRIPT_DIR/image/initramfs-init.sh" "$ird/init"
python3 "$SCRIPT_DIR/image/kernel.py" closure "$kmods" "${INITRAMFS_MODULES[@]}" >"$ird/modules.order"
while read -r m; do
  mkdir -p "$ird/lib/modules/$(dirname "$m")"
  cp "$kmods/$m" "$ird/lib/modules/$m"
done <"$ird/modules.order"
(cd "$ird" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) >"$work/initramfs.cpio.gz"
stage "initramfs $(du -k "$work/initramfs.cpio.gz" | cut -f1) KB"

# --- (e) root disk -----------------------------------------------------------------------------
mkfs.ext4 -q -F -L ebs-root -d "$root" "$work/root.ext4" "$ROOT_SIZE" >/dev/null
# zstd: 5x faster than the default zlib here, and smaller
qemu-img convert -c -O qcow2 -o compression_type=zstd "$work/root.ext4" "$work/root.qcow2"
stage "root.qcow2 $(du -m "$work/root.qcow2" | cut -f1) MB"

mkdir -p "$out"
mv "$work/vmlinux" "$work/initramfs.cpio.gz" "$work/root.qcow2" "$work/manifest.txt" "$out/"
touch "$out/.complete"
ln -sfn "$hash" "$IMAGES_DIR/current"
# Older images are unreachable through 'current' and ~300 MB each.
for old in "$IMAGES_DIR"/*/; do
  old=${old%/}
  [[ -L $old ]] && continue
  [[ ${old##*/} == "$hash" || ! -f $old/.complete ]] || rm -rf "$old"
done
stage "image $hash ready in $out"
