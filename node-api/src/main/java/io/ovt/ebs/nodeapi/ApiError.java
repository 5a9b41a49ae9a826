package io.ovt.ebs.nodeapi;

import java.util.List;

/**
 * The body of every error answer of the node API.
 *
 * @param code the typed error
 * @param message what went wrong, for a person
 * @param command the storage command that failed, as its argument list, when one did
 * @param stderr what that command wrote to stderr
 */
public record ApiError(ErrorCode code, String message, List<String> command, String stderr) {

  public ApiError {
    command = command == null ? List.of() : List.copyOf(command);
  }

  /** An error not caused by a command. */
  public static ApiError of(ErrorCode code, String message) {
    return new ApiError(code, message, List.of(), null);
  }
}
