package io.ovt.ebs.daemon.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovt.ebs.daemon.host.DrbdResourceStatus;
import io.ovt.ebs.nodeapi.ConnectionState;
import io.ovt.ebs.nodeapi.DiskState;
import io.ovt.ebs.nodeapi.ReplicationState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses DRBD 9's {@code drbdsetup status --json} (one volume per resource, one peer). Sizes are
 * KiB in that output.
 */
final class DrbdStatusJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DrbdStatusJson() {}

  static List<DrbdResourceStatus> parse(String json) throws IOException {
    List<DrbdResourceStatus> all = new ArrayList<>();
    for (JsonNode resource : JSON.readTree(json)) {
      JsonNode device = resource.path("devices").path(0);
      JsonNode connection = resource.path("connections").path(0);
      JsonNode peerDevice = connection.path("peer_devices").path(0);
      boolean connected = !connection.isMissingNode();
      ConnectionState cs =
          connected
              ? enumOf(
                  ConnectionState.class,
                  connection.path("connection-state").asText(),
                  ConnectionState.Connecting)
              : ConnectionState.StandAlone;
      ReplicationState replication =
          enumOf(
              ReplicationState.class,
              peerDevice.path("replication-state").asText(),
              ReplicationState.Off);
      Double percent =
          replication.isSyncing() && peerDevice.has("percent-in-sync")
              ? peerDevice.path("percent-in-sync").asDouble()
              : null;
      all.add(
          new DrbdResourceStatus(
              resource.path("name").asText(),
              device.path("minor").asInt(),
              ProcDrbd.role(resource.path("role").asText()),
              enumOf(DiskState.class, device.path("disk-state").asText(), DiskState.DUnknown),
              cs,
              replication,
              ProcDrbd.role(connection.path("peer-role").asText()),
              enumOf(
                  DiskState.class, peerDevice.path("peer-disk-state").asText(), DiskState.DUnknown),
              percent,
              device.path("open").asBoolean(false),
              device.path("size").asLong() * 1024,
              null,
              resource.path("suspended").asBoolean(false),
              inFlight(device, peerDevice)));
    }
    return all;
  }

  /** The statistics {@code --statistics} adds; null when they are missing. */
  private static DrbdResourceStatus.InFlight inFlight(JsonNode device, JsonNode peerDevice) {
    if (!device.has("upper-pending")) {
      return null;
    }
    return new DrbdResourceStatus.InFlight(
        device.path("upper-pending").asLong(),
        peerDevice.path("pending").asLong(),
        peerDevice.path("unacked").asLong(),
        device.path("lower-pending").asLong());
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String name, E fallback) {
    for (E value : type.getEnumConstants()) {
      if (value.name().equals(name)) {
        return value;
      }
    }
    return fallback;
  }
}
