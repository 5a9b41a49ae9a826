package io.ovt.ebs.operator.export;

import io.fabric8.kubernetes.api.model.Secret;
import io.ovt.ebs.nodeapi.DesiredExport;
import io.ovt.ebs.nodeapi.NodeApiValidation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The CHAP credentials a VolumeExport names: the keys {@code username} and {@code password} of a
 * Secret in its namespace, checked against what the node daemon accepts. Pure; messages never quote
 * the password.
 */
public final class ChapCredentials {
  /** The Secret keys read. */
  public static final String USERNAME = "username";

  public static final String PASSWORD = "password";

  /** What resolving an export's CHAP Secret gave. */
  public sealed interface Result {
    /** The credentials to send, or null when the export uses no CHAP. */
    default DesiredExport.Chap chap() {
      return null;
    }
  }

  /** The export names no Secret: no CHAP. */
  public record None() implements Result {}

  /** Valid credentials from the named Secret. */
  public record Valid(String secret, DesiredExport.Chap chap) implements Result {}

  /** The named Secret does not exist. */
  public record Missing(String message) implements Result {}

  /** The named Secret exists but its keys are missing or malformed. */
  public record Invalid(String message) implements Result {}

  private ChapCredentials() {}

  /**
   * Reads the Secret an export names.
   *
   * @param secretName the export's {@code spec.chapSecret}, or null
   * @param secrets looks a Secret of the export's namespace up by name
   */
  public static Result of(String secretName, Function<String, Optional<Secret>> secrets) {
    if (secretName == null) {
      return new None();
    }
    Optional<Secret> secret = secrets.apply(secretName);
    if (secret.isEmpty()) {
      return new Missing(
          "Secret "
              + secretName
              + " does not exist in this namespace; create it with the keys username and password");
    }
    Optional<String> username = value(secret.get(), USERNAME);
    Optional<String> password = value(secret.get(), PASSWORD);
    if (username.isEmpty() || password.isEmpty()) {
      return new Invalid(
          "Secret " + secretName + " needs the keys username and password (as data or stringData)");
    }
    if (!NodeApiValidation.CHAP_USERNAME.matcher(username.get()).matches()
        || username.get().startsWith("NULL")) {
      return new Invalid(
          "Secret "
              + secretName
              + ": username must be 1-64 characters of A-Z a-z 0-9 . _ @ : + - (not starting"
              + " with NULL)");
    }
    if (!NodeApiValidation.CHAP_SECRET.matcher(password.get()).matches()) {
      return new Invalid(
          "Secret "
              + secretName
              + ": password must be 12-64 characters of A-Z a-z 0-9 . _ ~ + -"
              + " (12 at least, as RFC 3720 advises)");
    }
    return new Valid(secretName, new DesiredExport.Chap(username.get(), password.get()));
  }

  /** A key's value: from data (base64) or, as a server without admission leaves it, stringData. */
  private static Optional<String> value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      try {
        return Optional.of(
            new String(Base64.getDecoder().decode(data.get(key).strip()), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    Map<String, String> stringData = secret.getStringData();
    return Optional.ofNullable(stringData == null ? null : stringData.get(key));
  }
}
