package io.ovt.ebs.daemon.sim;

/** Operations of the simulated host a test can make fail. */
public enum SimOperation {
  LV_CREATE,
  LV_EXTEND,
  LV_REMOVE,
  DRBD_CREATE_MD,
  DRBD_UP,
  DRBD_ADJUST,
  DRBD_DOWN,
  DRBD_PRIMARY,
  DRBD_SECONDARY,
  DRBD_NEW_UUID,
  DRBD_RESIZE,
  DRBD_SUSPEND_IO,
  DRBD_RESUME_IO,
  DRBD_DETACH,
  DRBD_ATTACH,
  DRBD_DISCONNECT,
  DRBD_CONNECT,
  LV_SNAPSHOT,
  BLOCK_COPY,
  IMAGE_CONVERT,
  TARGET_ENSURE,
  TARGET_REMOVE
}
