package io.ovt.ebs.nodeapi.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificate authorities and node certificates made for a test, written as PEM files. */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestCertificates(String name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new self-signed CA. */
  public static TestCertificates authority(String name) {
    KeyPair keys = rsa();
    return new TestCertificates(name, keys, sign(name, keys, null, keys, true, List.of(), 1));
  }

  /**
   * A server certificate issued by this CA naming the DNS names and IP addresses given.
   *
   * @param validDays negative for one that has already expired
   */
  public TestCertificates issue(String subject, List<String> names, int validDays) {
    KeyPair leaf = rsa();
    return new TestCertificates(
        subject, leaf, sign(subject, leaf, this, keys, false, names, validDays));
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes the certificate (PEM) to {@code dir/<file>}. */
  public Path writeCertificate(Path dir, String file) {
    return write(dir.resolve(file), certificate);
  }

  /** Writes the private key to {@code dir/<file>}, PKCS#1 as Helm writes it or PKCS#8. */
  public Path writeKey(Path dir, String file, boolean pkcs8) {
    try {
      Object pem = pkcs8 ? new JcaPKCS8Generator(keys.getPrivate(), null) : keys.getPrivate();
      return write(dir.resolve(file), pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, Object pem) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Files.writeString(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      String subject,
      KeyPair subjectKeys,
      TestCertificates issuer,
      KeyPair issuerKeys,
      boolean ca,
      List<String> names,
      int validDays) {
    Instant now = Instant.now();
    Instant from = validDays < 0 ? now.minus(Duration.ofDays(2 - validDays)) : now.minusSeconds(60);
    Instant until =
        validDays < 0 ? now.minus(Duration.ofDays(1)) : now.plus(Duration.ofDays(validDays));
    X500Name issuerName = new X500Name("CN=" + (issuer == null ? subject : issuer.name));
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from),
              Date.from(until),
              new X500Name("CN=" + subject),
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      }
      if (!names.isEmpty()) {
        GeneralName[] alternatives =
            names.stream()
                .map(
                    n ->
                        new GeneralName(
                            n.matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new);
        builder.addExtension(
            Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
