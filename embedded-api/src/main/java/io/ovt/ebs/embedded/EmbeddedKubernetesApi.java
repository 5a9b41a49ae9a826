package io.ovt.ebs.embedded;

import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process Kubernetes API (Fabric8's mock server in CRUD mode) with every EBS CRD registered,
 * discovery and server-side tables, so both Fabric8 clients and real kubectl can use it.
 */
public final class EmbeddedKubernetesApi implements AutoCloseable {

  /** The namespace clients and the kubeconfig default to; it exists from the start. */
  public static final String NAMESPACE = "default";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKubernetesApi.class);
  private static final String NAME = "ebs-embedded";

  private final KubernetesMockServer server;
  private final EmbeddedDispatcher dispatcher;
  private final String url;
  // the mock web server logs every request at INFO through java.util.logging; JUL keeps loggers
  // weakly, so the quietened one is held here (and left quiet: other instances may be running)
  private final java.util.logging.Logger quietened;

  private EmbeddedKubernetesApi(
      KubernetesMockServer server,
      EmbeddedDispatcher dispatcher,
      String url,
      java.util.logging.Logger quietened) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.url = url;
    this.quietened = quietened;
  }

  /**
   * Starts the API on 127.0.0.1 and registers the EBS CRDs.
   *
   * @param port the port to listen on, or 0 for any free port
   */
  public static EmbeddedKubernetesApi start(int port) {
    java.util.logging.Logger webLog =
        java.util.logging.Logger.getLogger(MockWebServer.class.getName());
    webLog.setLevel(Level.WARNING);
    KubernetesSerialization serialization = new KubernetesSerialization();
    MockWebServer web = new MockWebServer();
    KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher(List.of());
    EmbeddedDispatcher dispatcher =
        new EmbeddedDispatcher(crud, web, serialization, Clock.systemUTC());
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), web, new HashMap<>(), dispatcher, false);
    try {
      server.start(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      server.destroy(); // else the Vert.x threads of the failed server linger
      throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, e);
    }
    EmbeddedKubernetesApi api =
        new EmbeddedKubernetesApi(
            server, dispatcher, "http://127.0.0.1:" + server.getPort(), webLog);
    try (KubernetesClient client = api.newClient()) {
      // through the API, so the mock learns each CRD's status subresource as a cluster would
      for (CustomResourceDefinition crd : CrdRegistry.ebsDefinitions(serialization)) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    LOG.info("Embedded Kubernetes API at {}", api.url());
    return api;
  }

  /** A new client for this API, in namespace {@value #NAMESPACE}; the caller closes it. */
  public KubernetesClient newClient() {
    return newClient(null);
  }

  /**
   * A new client that sends {@code userAgent}, so that {@link #accessesBy} tells its calls apart
   * (e.g. the operator's from a test's); the client's default agent when null.
   */
  public KubernetesClient newClient(String userAgent) {
    ConfigBuilder config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withNamespace(NAMESPACE)
            .withHttp2Disable(true);
    if (userAgent != null) {
      config.withUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  /**
   * Every kind of call (group, resource, verb) made so far by clients sending {@code userAgent}.
   */
  public Set<ApiAccess> accessesBy(String userAgent) {
    return dispatcher.accessesBy(userAgent);
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return url;
  }

  /** The port the API listens on. */
  public int port() {
    return server.getPort();
  }

  /**
   * Writes a kubeconfig for this API (mode 0600 where supported, as helm warns otherwise).
   *
   * @return {@code file}
   */
  public Path writeKubeconfig(Path file) {
    io.fabric8.kubernetes.api.model.Config kubeconfig =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addToClusters(
                new NamedClusterBuilder()
                    .withName(NAME)
                    .withNewCluster()
                    .withServer(url)
                    .endCluster()
                    .build())
            .addToUsers(
                new NamedAuthInfoBuilder()
                    .withName(NAME)
                    .withNewUser()
                    .withToken(NAME)
                    .endUser()
                    .build())
            .addToContexts(
                new NamedContextBuilder()
                    .withName(NAME)
                    .withNewContext()
                    .withCluster(NAME)
                    .withUser(NAME)
                    .withNamespace(NAMESPACE)
                    .endContext()
                    .build())
            .withCurrentContext(NAME)
            .build();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, new KubernetesSerialization().asYaml(kubeconfig));
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("writing kubeconfig " + file, e);
    }
  }

  /** Stops the server; clients made by {@link #newClient()} stop working. */
  @Override
  public void close() {
    server.destroy();
    LOG.info("Embedded Kubernetes API at {} stopped", url);
  }
}
