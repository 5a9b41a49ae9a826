package io.ovt.ebs.nodeapi.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** The TLS contexts of the node API: the daemon's (serving) and the operator's (verifying). */
public final class NodeApiTls {
  private NodeApiTls() {}

  /** A daemon's context serving the PEM certificate chain and key, reloaded when they change. */
  public static SSLContext server(Path certFile, Path keyFile) throws TlsSetupException {
    return context(new KeyManager[] {new ReloadingKeyManager(certFile, keyFile)}, null);
  }

  /**
   * The operator's context: daemons must present a certificate from the CA in {@code caFile} naming
   * the address dialled or {@code serverName}.
   */
  public static SSLContext client(Path caFile, Optional<String> serverName)
      throws TlsSetupException {
    TrustManager trust =
        NodeIdentityTrustManager.trusting(PemFiles.certificates(caFile), serverName);
    return context(null, new TrustManager[] {trust});
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust)
      throws TlsSetupException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new TlsSetupException("cannot set up TLS: " + e.getMessage());
    }
  }
}
