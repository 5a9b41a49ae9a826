package io.ovt.ebs.nodeapi.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificates and keys as Kubernetes TLS Secrets hold them.
 *
 * <p>Bouncy Castle's parser reads every key encoding those Secrets carry (PKCS#8, PKCS#1 from
 * Helm's genSignedCert, SEC1 EC keys from openssl), which the JDK alone does not.
 */
public final class PemFiles {
  private PemFiles() {}

  /** The certificates of a PEM file, leaf first; at least one. */
  public static List<X509Certificate> certificates(Path file) throws TlsSetupException {
    try (InputStream in = Files.newInputStream(file)) {
      List<X509Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certs.isEmpty()) {
        throw new TlsSetupException(file + " holds no certificate");
      }
      return certs;
    } catch (IOException | CertificateException e) {
      throw new TlsSetupException("cannot read certificates from " + file + ": " + e.getMessage());
    }
  }

  /** The unencrypted private key of a PEM file. */
  public static PrivateKey privateKey(Path file) throws TlsSetupException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(in)) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new TlsSetupException(
          file + " holds no unencrypted private key (PKCS#8, PKCS#1 or EC PEM)");
    } catch (IOException e) {
      throw new TlsSetupException("cannot read the private key " + file + ": " + e.getMessage());
    }
  }

  /** Fails unless the key is the private half of the certificate's public key. */
  static void checkPair(PrivateKey key, X509Certificate cert, Path keyFile, Path certFile)
      throws TlsSetupException {
    String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    byte[] probe = "ebs-node-api".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      if (verify.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's lands here too
    }
    throw new TlsSetupException(keyFile + " is not the key of the certificate in " + certFile);
  }
}
