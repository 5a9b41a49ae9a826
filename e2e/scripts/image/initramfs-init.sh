#!/bin/busybox sh
# /init of the busybox initramfs: load what the root disk needs, mount it, hand over to its init.
# The module list (deps first) is written by build-image.sh into /modules.order.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r module; do
  insmod "/lib/modules/$module" 2>/dev/null || echo "initramfs: cannot load $module"
done </modules.order

# The disk shows up shortly after virtio_blk binds; give it up to 20 s.
deadline=$(($(cut -d. -f1 /proc/uptime) + 20))
while [ ! -b /dev/vda ]; do
  if [ "$(cut -d. -f1 /proc/uptime)" -ge "$deadline" ]; then
    echo "initramfs: /dev/vda did not appear"
    exec sh
  fi
  usleep 20000
done

mkdir -p /newroot
if ! mount -t ext4 -o rw /dev/vda /newroot; then
  echo "initramfs: cannot mount /dev/vda"
  exec sh
fi
mount --move /dev /newroot/dev
umount /proc /sys
# tini as PID 1 reaps the orphans of detached daemons; ebs-init does the real setup.
exec switch_root /newroot /usr/bin/tini -s -- /sbin/ebs-init
