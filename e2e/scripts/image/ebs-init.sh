#!/bin/sh
# Init of the e2e VMs (run by tini as PID 1; no systemd). Everything it needs to know comes from
# the kernel command line, so one image serves every VM:
#   ebs.hostname=NAME            host name (DRBD matches its configuration by it)
#   ebs.nic=NAME,MAC,ADDR/LEN    rename the NIC with that MAC to NAME and give it ADDR (repeatable)
#   ebs.iqn=IQN                  iSCSI initiator name written to /etc/iscsi/initiatorname.iscsi
#   ebs.iscsid=1                 start iscsid (the client VM)
#   ebs.modules=MOD,MOD...       kernel modules this VM's role needs (each modprobe costs under TCG)
# The host waits for qemu-ga to answer, so qemu-ga starts last: answering means "ready".
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C HOME=/root
umask 022

# Builtins where a command would do: every process costs ~0.1 s in a TCG guest.
log() {
  read -r up _ </proc/uptime
  echo "ebs-init: ${up}s $*"
}

mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /tmp
mkdir -p /run/lock /run/dbus /run/lvm /run/lock/iscsi
log "mounted"

hostname=localhost
iqn=
iscsid=0
nics=
modules=
for word in $(cat /proc/cmdline); do
  case "$word" in
    ebs.hostname=*) hostname=${word#ebs.hostname=} ;;
    ebs.nic=*) nics="$nics ${word#ebs.nic=}" ;;
    ebs.iqn=*) iqn=${word#ebs.iqn=} ;;
    ebs.iscsid=*) iscsid=${word#ebs.iscsid=} ;;
    ebs.modules=*)
      saved_ifs=$IFS
      IFS=,
      # shellcheck disable=SC2086 # split at the commas
      set -- ${word#ebs.modules=}
      IFS=$saved_ifs
      modules="$*"
      ;;
  esac
done

# configfs first: LIO (target_core_mod) lives in it. drbd is left to the tests and the daemon.
modprobe configfs
mount -t configfs configfs /sys/kernel/config
# shellcheck disable=SC2086 # one word per module
modprobe -a virtio_console virtio_net 9pnet_virtio 9p $modules || log "some modules did not load"
log "modules loaded"

hostname "$hostname"
echo "$hostname" >/etc/hostname
# Unanswerable DNS makes InetAddress.getLocalHost() hang the JVM: no resolver, name in /etc/hosts.
: >/etc/resolv.conf
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n' "$hostname" >/etc/hosts

dbus-uuidgen --ensure=/etc/machine-id
dbus-daemon --system --fork
/lib/systemd/systemd-udevd --daemon
# Only what the tests use: block devices (by-path links of iSCSI disks come from new events
# anyway) and the agent's port link. A full trigger costs ~4 s of a 12 s boot under TCG.
udevadm trigger --action=add --subsystem-match=block --subsystem-match=virtio-ports
udevadm settle --timeout=60 || log "udevadm settle timed out"
log "udev settled"

ip link set lo up
for nic in $nics; do
  name=${nic%%,*}
  rest=${nic#*,}
  mac=${rest%%,*}
  addr=${rest#*,}
  found=
  for dev in /sys/class/net/*; do
    read -r address <"$dev/address"
    if [ "$address" = "$mac" ]; then found=${dev##*/}; fi
  done
  if [ -z "$found" ]; then
    log "no NIC with MAC $mac for $name"
    continue
  fi
  [ "$found" = "$name" ] || ip link set "$found" name "$name"
  ip addr add "$addr" dev "$name"
  ip link set "$name" up
done
log "network: $(ip -br addr | tr '\n' ';')"

mkdir -p /mnt/share
if mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 share /mnt/share; then
  mkdir -p "/mnt/share/$hostname"
else
  log "no 9p share"
fi

if [ -n "$iqn" ]; then
  mkdir -p /etc/iscsi
  echo "InitiatorName=$iqn" >/etc/iscsi/initiatorname.iscsi
fi
if [ "$iscsid" = 1 ]; then
  iscsid || log "iscsid did not start"
fi

port=/dev/virtio-ports/org.qemu.guest_agent.0
[ -e "$port" ] || port=$(grep -l org.qemu.guest_agent.0 /sys/class/virtio-ports/*/name 2>/dev/null \
  | head -1 | sed 's|/sys/class/virtio-ports/\([^/]*\)/name|/dev/\1|')
mkdir -p /run/qemu-ga
qemu-ga -m virtio-serial -p "$port" -t /run/qemu-ga &
log "ready (qemu-ga on $port)"
exec sleep infinity
