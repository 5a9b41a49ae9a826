package io.ovt.ebs.nodeapi.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The operator's trust in a daemon: its chain must lead to the cluster's node-API CA (no public
 * CA), and the leaf must name either the address dialled or, when one is configured, the shared
 * server name every daemon's certificate carries.
 *
 * <p>Written by hand because the JDK's HTTP client always checks the dialled host, and a DaemonSet
 * sharing one Secret cannot have a certificate naming every host's address.
 */
public final class NodeIdentityTrustManager extends X509ExtendedTrustManager {
  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private final X509ExtendedTrustManager chainCheck;
  private final Optional<String> serverName;

  private NodeIdentityTrustManager(X509ExtendedTrustManager chainCheck, Optional<String> name) {
    this.chainCheck = chainCheck;
    this.serverName = name;
  }

  /** Trust in daemons whose certificates chain to one of the CAs given. */
  public static NodeIdentityTrustManager trusting(
      List<X509Certificate> authorities, Optional<String> serverName) throws TlsSetupException {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return new NodeIdentityTrustManager(extended, serverName);
        }
      }
      throw new TlsSetupException("the JDK offers no X.509 trust manager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsSetupException("cannot build the node-API trust store: " + e.getMessage());
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServer(chain, authType, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String host = socket == null ? null : socket.getInetAddress().getHostAddress();
    checkServer(chain, authType, host);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkServer(chain, authType, null);
  }

  private void checkServer(X509Certificate[] chain, String authType, String dialled)
      throws CertificateException {
    // The two-argument check validates the chain only; the name is checked below.
    chainCheck.checkServerTrusted(chain, authType);
    X509Certificate leaf = chain[0];
    if (serverName.isPresent() && names(leaf, serverName.get())) {
      return;
    }
    if (dialled != null && names(leaf, dialled)) {
      return;
    }
    throw new CertificateException(
        "the node's certificate "
            + leaf.getSubjectX500Principal().getName()
            + " names neither "
            + (dialled == null ? "the address dialled" : dialled)
            + serverName.map(n -> " nor " + n).orElse(""));
  }

  /** Whether a subject alternative name of the certificate is this DNS name or IP address. */
  static boolean names(X509Certificate cert, String hostOrAddress) throws CertificateException {
    Collection<List<?>> alternatives;
    try {
      alternatives = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new CertificateException("unreadable subject alternative names", e);
    }
    if (alternatives == null) {
      return false;
    }
    Optional<InetAddress> address = literalAddress(hostOrAddress);
    for (List<?> alternative : alternatives) {
      int type = (Integer) alternative.get(0);
      String value = String.valueOf(alternative.get(1));
      if (type == DNS_NAME && address.isEmpty()) {
        if (value.toLowerCase(Locale.ROOT).equals(hostOrAddress.toLowerCase(Locale.ROOT))) {
          return true;
        }
      } else if (type == IP_ADDRESS && address.isPresent()) {
        if (literalAddress(value).equals(address)) {
          return true;
        }
      }
    }
    return false;
  }

  // Only literals: a DNS name is never resolved here.
  private static Optional<InetAddress> literalAddress(String value) {
    String bare = value.startsWith("[") ? value.substring(1, value.length() - 1) : value;
    boolean literal = bare.contains(":") || bare.matches("[0-9.]+");
    if (!literal) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the operator accepts no client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the operator accepts no client certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the operator accepts no client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return chainCheck.getAcceptedIssuers();
  }
}
