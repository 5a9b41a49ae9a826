package io.ovt.ebs.crds.common;

/** The three values of a condition's status, spelled as Kubernetes spells them. */
public enum ConditionStatus {
  True,
  False,
  Unknown;

  /** Maps a boolean to True or False. */
  public static ConditionStatus of(boolean value) {
    return value ? True : False;
  }
}
