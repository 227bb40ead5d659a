package io.jcacheredis;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for the TLS tests, made at run time (nothing is checked in): a CA, server certificates it signs for
 * given names, PEM files for redis-server, and a PKCS12 trust store holding the CA for the client.
 */
final class TlsTestCertificates {

  static final String TRUSTSTORE_PASSWORD = "trust-pass";
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  private TlsTestCertificates(Path dir, KeyPair caKeys, X509Certificate ca) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.ca = ca;
  }

  /** A new CA whose certificate is written to {@code dir/ca.pem} and {@code dir/truststore.p12}. */
  static TlsTestCertificates create(Path dir) throws IOException, GeneralSecurityException {
    KeyPair keys = newKeys();
    X500Name name = new X500Name("CN=jcache-redis test CA");
    X509v3CertificateBuilder builder = builder(name, name, keys)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate ca = sign(builder, keys);
    TlsTestCertificates certificates = new TlsTestCertificates(dir, keys, ca);
    writePem(dir.resolve("ca.pem"), ca);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    try (OutputStream out = Files.newOutputStream(certificates.truststore())) {
      trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
    }
    return certificates;
  }

  Path truststore() {
    return dir.resolve("truststore.p12");
  }

  Path caPem() {
    return dir.resolve("ca.pem");
  }

  /**
   * A server certificate signed by the CA for the given DNS names and IP addresses; returns {@code [cert, key]} PEM
   * paths named after {@code id}.
   */
  Path[] server(String id, String[] dnsNames, String[] ipAddresses) throws IOException, GeneralSecurityException {
    KeyPair keys = newKeys();
    GeneralName[] names = new GeneralName[dnsNames.length + ipAddresses.length];
    for (int i = 0; i < dnsNames.length; i++) {
      names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
    }
    for (int i = 0; i < ipAddresses.length; i++) {
      names[dnsNames.length + i] = new GeneralName(GeneralName.iPAddress, ipAddresses[i]);
    }
    X500Name subject = new X500Name("CN=" + (dnsNames.length > 0 ? dnsNames[0] : ipAddresses[0]));
    X509v3CertificateBuilder builder = builder(new X500Name(ca.getSubjectX500Principal().getName()), subject, keys)
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
        .addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    Path cert = dir.resolve(id + "-cert.pem");
    Path key = dir.resolve(id + "-key.pem");
    writePem(cert, sign(builder, caKeys));
    writePem(key, keys.getPrivate());
    return new Path[] {cert, key};
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static void writePem(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
    writePem(file, "CERTIFICATE", certificate.getEncoded());
  }

  /** A private key as unencrypted PKCS#8 PEM, which OpenSSL (redis-server) reads for any key type. */
  private static void writePem(Path file, PrivateKey key) throws IOException {
    writePem(file, "PRIVATE KEY", key.getEncoded());
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n");
  }
}
