package io.ovt.ebs.cindersync.app;

import io.ovt.ebs.cindersync.client.CinderAuth;
import io.ovt.ebs.cindersync.client.KeystonePasswordAuth;
import io.ovt.ebs.cindersync.client.NoAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How cinder-sync reaches Cinder: Keystone v3 password auth, or noauth for test clouds. */
public final class CinderAccess {
  @Option(
      names = "--os-auth-url",
      description =
          "Keystone v3 URL, e.g. https://keystone:5000/v3. With it the --os-* options log in.")
  URI authUrl;

  @Option(names = "--os-username", description = "Keystone user; it needs Cinder's admin role.")
  String userName;

  @Option(names = "--os-user-domain-name", description = "The user's domain (default: Default).")
  String userDomain = "Default";

  @Option(
      names = "--os-password-file",
      description = "File holding the password (a mounted Secret), read at start.")
  Path passwordFile;

  @Option(names = "--os-project-name", description = "Project the token is scoped to.")
  String projectName;

  @Option(
      names = "--os-project-domain-name",
      description = "The project's domain (default: Default).")
  String projectDomain = "Default";

  @Option(
      names = "--os-interface",
      description = "Catalog interface of Cinder's endpoint: public, internal (default) or admin.")
  String endpointInterface = "internal";

  @Option(
      names = "--cinder-url",
      description =
          "Cinder's address. With Keystone: overrides the catalog (e.g. http://cinder:8776/v3/"
              + "<project id>). With --noauth-project: the API root, e.g. http://cinder:8776.")
  URI cinderUrl;

  @Option(
      names = "--noauth-project",
      description = "Cinder runs with auth_strategy = noauth: the hex project id to act as.")
  String noauthProject;

  /** What is wrong with the options as given, or null when they can be used. */
  String problem() {
    if (authUrl == null) {
      if (noauthProject == null || cinderUrl == null) {
        return "give --os-auth-url with --os-username, --os-password-file and --os-project-name,"
            + " or --cinder-url with --noauth-project";
      }
      return noauthProject.matches("[0-9a-fA-F]+")
          ? null
          : "--noauth-project must be hex digits, as Cinder's noauth requires";
    }
    if (noauthProject != null) {
      return "--noauth-project and --os-auth-url exclude each other";
    }
    if (userName == null || passwordFile == null || projectName == null) {
      return "--os-auth-url needs --os-username, --os-password-file and --os-project-name";
    }
    if (!Files.isReadable(passwordFile)) {
      return "cannot read the password file " + passwordFile;
    }
    return null;
  }

  /** The authentication these options describe; {@link #problem()} must be null. */
  CinderAuth auth(HttpClient http, Clock clock, Duration timeout) throws IOException {
    if (authUrl == null) {
      return new NoAuth(cinderUrl, noauthProject);
    }
    String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    return new KeystonePasswordAuth(
        http,
        new KeystonePasswordAuth.Credentials(
            authUrl,
            userName,
            userDomain,
            password,
            projectName,
            projectDomain,
            endpointInterface,
            cinderUrl),
        clock,
        timeout);
  }
}
