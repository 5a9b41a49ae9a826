package io.ovt.ebs.nodeapi.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's certificate and key, read again when their files change, so a rotated Secret (a
 * cert-manager renewal, say) is served without restarting the daemon.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
  private static final String ALIAS = "ebs-node-api";

  private final Path certFile;
  private final Path keyFile;
  private volatile Loaded loaded;

  private record Loaded(List<X509Certificate> chain, PrivateKey key, Object version) {}

  /** Reads both files now; bad material fails here, at start, rather than at the first client. */
  public ReloadingKeyManager(Path certFile, Path keyFile) throws TlsSetupException {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.loaded = load(version());
  }

  /** The certificate chain served now, leaf first. */
  public List<X509Certificate> chain() {
    return current().chain();
  }

  private Loaded load(Object version) throws TlsSetupException {
    List<X509Certificate> chain = PemFiles.certificates(certFile);
    PrivateKey key = PemFiles.privateKey(keyFile);
    PemFiles.checkPair(key, chain.get(0), keyFile, certFile);
    return new Loaded(chain, key, version);
  }

  // Modification time and file identity of both files: a Secret volume swaps a symlink, so the
  // new file may keep the old one's time but never its inode.
  private Object version() {
    try {
      BasicFileAttributes cert = Files.readAttributes(certFile, BasicFileAttributes.class);
      BasicFileAttributes key = Files.readAttributes(keyFile, BasicFileAttributes.class);
      return List.of(
          cert.lastModifiedTime(),
          Objects.toString(cert.fileKey()),
          key.lastModifiedTime(),
          Objects.toString(key.fileKey()));
    } catch (IOException e) {
      return List.of();
    }
  }

  private Loaded current() {
    Loaded now = loaded;
    Object version = version();
    if (version.equals(now.version()) || version.equals(List.of())) {
      return now;
    }
    synchronized (this) {
      if (!version.equals(loaded.version())) {
        try {
          loaded = load(version);
          LOG.info("node API certificate reloaded from {}", certFile);
        } catch (TlsSetupException e) {
          // A half-written pair: keep serving the old one and try again at the next handshake.
          LOG.warn("keeping the previous node API certificate: {}", e.getMessage());
        }
      }
      return loaded;
    }
  }

  private String aliasFor(String keyType) {
    String algorithm = current().key().getAlgorithm();
    boolean fits =
        algorithm.equals(keyType)
            || ("RSA".equals(algorithm) && keyType.startsWith("RSA"))
            || ("EC".equals(algorithm) && keyType.startsWith("EC"));
    return fits ? ALIAS : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? current().chain().toArray(X509Certificate[]::new) : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? current().key() : null;
  }

  // The daemon never presents a client certificate.
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
