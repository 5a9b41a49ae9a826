package io.ovt.ebs.nodeapi;

/**
 * DRBD connection state to the peer, normalised to DRBD 9's words (8.4's WFConnection is
 * Connecting; its sync states are Connected with a {@link ReplicationState}).
 */
public enum ConnectionState {
  StandAlone,
  Disconnecting,
  Unconnected,
  Timeout,
  BrokenPipe,
  NetworkFailure,
  ProtocolError,
  TearDown,
  Connecting,
  Connected
}
