package io.durableentities.testfixtures;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made at test
 * time (no private key is committed): {@code keytool} from the running JDK generates the key pair
 * into a PKCS#12 store, and the certificate and key are written as PEM files, the key in PKCS#8
 * form. The certificate is its own CA, so clients trust it by its {@link #certificate()} file.
 *
 * <p>Used by the tests of the embedded scheduler's TLS, our client's and the JS SDK's connections.
 *
 * @param certificate the PEM certificate ({@code -----BEGIN CERTIFICATE-----})
 * @param privateKey the PEM private key ({@code -----BEGIN PRIVATE KEY-----})
 */
public record TestCertificates(Path certificate, Path privateKey) {

  private static final String PASSWORD = "test-only";

  /**
   * Generates a key pair and a certificate valid for two days into {@code dir}.
   *
   * @param dir a directory (e.g. a JUnit {@code @TempDir})
   * @return the PEM files
   * @throws IOException if keytool fails or the files cannot be written
   */
  public static TestCertificates generate(Path dir) throws IOException {
    Path store = dir.resolve("scheduler-test.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(
            keytool.toString(),
            "-genkeypair",
            "-alias",
            "scheduler",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            PASSWORD,
            "-keypass",
            PASSWORD);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, PASSWORD.toCharArray());
      Certificate certificate = keys.getCertificate("scheduler");
      PrivateKey key = (PrivateKey) keys.getKey("scheduler", PASSWORD.toCharArray());
      Path certificateFile = dir.resolve("scheduler-cert.pem");
      Path keyFile = dir.resolve("scheduler-key.pem");
      Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      return new TestCertificates(certificateFile, keyFile);
    } catch (GeneralSecurityException e) {
      throw new IOException("could not read the keystore keytool wrote", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
