package io.ovt.ebs.daemon.real;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code tgtadm --lld iscsi --mode target --op show}. */
final class TgtShow {
  private static final Pattern TARGET = Pattern.compile("^Target (\\d+): (\\S+)\\s*$");
  private static final Pattern LUN = Pattern.compile("^\\s+LUN: (\\d+)\\s*$");
  private static final Pattern PATH = Pattern.compile("^\\s+Backing store path: (\\S+)\\s*$");
  private static final Pattern SIZE = Pattern.compile("^\\s+Size: (\\d+) MB,.*$");
  private static final Pattern SECTION = Pattern.compile("^ {4}\\S.*:\\s*$");
  private static final String OUTGOING = " (outgoing)";

  private TgtShow() {}

  /**
   * One tgt target.
   *
   * @param tid target id
   * @param iqn target name
   * @param luns data LUNs (LUN 0, tgt's controller, left out) and their devices
   * @param initiators initiator names bound to the target
   * @param accounts incoming CHAP accounts bound to the target (outgoing ones left out)
   */
  record Target(
      int tid, String iqn, List<Lun> luns, List<String> initiators, List<String> accounts) {}

  /**
   * A data LUN and its backing device.
   *
   * @param sizeMb the size tgt took from the device when it opened it, in decimal megabytes
   */
  record Lun(int number, String device, long sizeMb) {}

  static List<Target> parse(String text) {
    List<Target> targets = new ArrayList<>();
    Builder current = null;
    String section = "";
    Integer lun = null;
    long size = 0;
    for (String line : text.split("\n")) {
      Matcher target = TARGET.matcher(line);
      if (target.matches()) {
        if (current != null) {
          targets.add(current.build());
        }
        current = new Builder(Integer.parseInt(target.group(1)), target.group(2));
        section = "";
        continue;
      }
      if (current == null) {
        continue;
      }
      if (SECTION.matcher(line).matches()) {
        section = line.strip();
        continue;
      }
      Matcher lunLine = LUN.matcher(line);
      Matcher path = PATH.matcher(line);
      Matcher sizeLine = SIZE.matcher(line);
      if (section.startsWith("LUN information") && lunLine.matches()) {
        lun = Integer.parseInt(lunLine.group(1));
      } else if (section.startsWith("LUN information") && sizeLine.matches()) {
        size = Long.parseLong(sizeLine.group(1));
      } else if (section.startsWith("LUN information")
          && path.matches()
          && lun != null
          && lun > 0) {
        current.luns.add(new Lun(lun, path.group(1), size));
      } else if (section.startsWith("ACL information") && !line.isBlank()) {
        current.initiators.add(line.strip());
      } else if (section.startsWith("Account information")
          && !line.isBlank()
          && !line.strip().endsWith(OUTGOING)) {
        current.accounts.add(line.strip());
      }
    }
    if (current != null) {
      targets.add(current.build());
    }
    return targets;
  }

  /** Parses {@code tgtadm --lld iscsi --mode account --op show}: the host's CHAP user names. */
  static List<String> parseAccounts(String text) {
    List<String> accounts = new ArrayList<>();
    boolean inList = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("Account list:")) {
        inList = true;
      } else if (inList && !line.isBlank()) {
        accounts.add(line.strip());
      }
    }
    return accounts;
  }

  private static final class Builder {
    private final int tid;
    private final String iqn;
    private final List<Lun> luns = new ArrayList<>();
    private final List<String> initiators = new ArrayList<>();
    private final List<String> accounts = new ArrayList<>();

    Builder(int tid, String iqn) {
      this.tid = tid;
      this.iqn = iqn;
    }

    Target build() {
      return new Target(
          tid, iqn, List.copyOf(luns), List.copyOf(initiators), List.copyOf(accounts));
    }
  }
}
