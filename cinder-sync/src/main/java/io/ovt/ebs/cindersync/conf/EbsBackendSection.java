package io.ovt.ebs.cindersync.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code [EBS]}-style section of the original driver's {@code cinder.conf}, its options as the
 * seed documents them.
 *
 * @param peer the {@code replication_device} (keys {@code backend_id}, {@code ip}, {@code port},
 *     {@code volume_group}), or empty
 */
public record EbsBackendSection(
    String section,
    String backendId,
    String backendIp,
    int backendPort,
    String volumeGroup,
    String replicationMode,
    String resyncRate,
    Integer startingPort,
    String targetHelper,
    List<String> targetIps,
    Map<String, String> peer) {

  /** The original driver's class: a section naming it is an EBS backend. */
  public static final String DRIVER = "cinder.volume.drivers.ovt.ebs.EBSVolumeDriver";

  /** The EBS sections of a file: those whose {@code volume_driver} is the EBS driver. */
  public static List<EbsBackendSection> of(CinderConf conf) {
    List<EbsBackendSection> out = new ArrayList<>();
    conf.sections()
        .forEach(
            (name, options) -> {
              if (DRIVER.equals(options.get("volume_driver"))) {
                out.add(read(name, options));
              }
            });
    return out;
  }

  private static EbsBackendSection read(String section, Map<String, String> o) {
    List<String> ips = new ArrayList<>();
    if (o.containsKey("target_ip_address")) {
      ips.add(o.get("target_ip_address"));
    }
    for (String ip : o.getOrDefault("target_secondary_ip_addresses", "").split(",")) {
      if (!ip.isBlank()) {
        ips.add(ip.strip());
      }
    }
    return new EbsBackendSection(
        section,
        required(section, o, "backend_id"),
        required(section, o, "backend_ip"),
        Integer.parseInt(o.getOrDefault("backend_port", "7000")),
        required(section, o, "volume_group"),
        o.getOrDefault("replication_mode", "full-sync"),
        o.get("replication_resync_rate"),
        o.containsKey("replication_starting_port")
            ? Integer.valueOf(o.get("replication_starting_port"))
            : null,
        o.getOrDefault("target_helper", "lioadm"),
        List.copyOf(ips),
        device(o.get("replication_device")));
  }

  // backend_id:hci-0002@EBS,ip:10.0.10.22,port:7000,volume_group:volumes
  private static Map<String, String> device(String text) {
    Map<String, String> d = new LinkedHashMap<>();
    if (text == null) {
      return d;
    }
    for (String part : text.split(",")) {
      int colon = part.indexOf(':');
      if (colon > 0) {
        d.put(part.substring(0, colon).strip(), part.substring(colon + 1).strip());
      }
    }
    return d;
  }

  private static String required(String section, Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("[" + section + "] has no " + key);
    }
    return v;
  }
}
