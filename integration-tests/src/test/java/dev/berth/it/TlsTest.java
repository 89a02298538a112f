package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.RunningRegistry;
import dev.berth.it.support.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Berth's jar serving HTTPS from a Spring Boot PEM SSL bundle with a self-signed certificate made
 * here by the JDK's keytool; crane and skopeo verify it when given the certificate as their CA, and
 * refuse the connection without it.
 */
class TlsTest {
    static Path certificate;
    static Path certDir;
    @RegisterExtension
    static final RunningRegistry REGISTRY = new RunningRegistry(TlsTest::start);

    @TempDir
    Path work;

    private static RegistryProcess start() throws Exception {
        Path dir = Files.createTempDirectory("berth-tls");
        certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSignedCertificate(dir, certificate, key);
        certDir = Files.createDirectories(dir.resolve("certs.d"));
        Files.copy(certificate, certDir.resolve("ca.crt")); // skopeo's --cert-dir takes *.crt as CAs
        return RegistryProcess.berth("tls", List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + dir.resolve("data"),
                "--server.ssl.bundle=berth",
                "--spring.ssl.bundle.pem.berth.keystore.certificate=file:" + certificate,
                "--spring.ssl.bundle.pem.berth.keystore.private-key=file:" + key));
    }

    @Test
    void craneVerifiesTheCertificateItIsGivenAndRefusesWithoutIt() throws IOException {
        String image = REGISTRY.get().host() + "/tls/app:1";
        Map<String, String> trusting = Map.of("SSL_CERT_FILE", certificate.toString());
        Tools.tool(trusting, "crane", work, "append", "-f", Tools.tarOfOneFile(work, "tls.txt", "over TLS\n").toString(), "-t", image);
        assertTrue(Tools.tool(trusting, "crane", work, "digest", image).strip().startsWith("sha256:"));

        Tools.Result refused = Tools.tryTool(Map.of(), "crane", work, "digest", image);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("certificate signed by unknown authority"), refused.stderr());
    }

    @Test
    void skopeoCopiesWithTheCertificateAsCaAndRefusesWithoutIt() throws IOException {
        String source = REGISTRY.get().host() + "/tls/skopeo-source:1";
        Tools.tool(Map.of("SSL_CERT_FILE", certificate.toString()), "crane", work, "append", "-f",
                Tools.tarOfOneFile(work, "skopeo.txt", "for skopeo\n").toString(), "-t", source);
        String copy = "docker://" + REGISTRY.get().host() + "/tls/skopeo-copy:1";

        Tools.Result copied = Tools.tryTool(Map.of(), "skopeo", work, "copy", "--src-cert-dir", certDir.toString(), "--dest-cert-dir", certDir.toString(),
                "docker://" + source, copy);
        assertEquals(0, copied.exitCode(), copied.stderr());
        Tools.Result inspected = Tools.tryTool(Map.of(), "skopeo", work, "inspect", "--cert-dir", certDir.toString(), copy);
        assertEquals(0, inspected.exitCode(), inspected.stderr());

        Tools.Result refused = Tools.tryTool(Map.of(), "skopeo", work, "inspect", copy);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("certificate signed by unknown authority"), refused.stderr());
    }

    /** A self-signed EC certificate for 127.0.0.1 and localhost, written as PEM with its PKCS#8 key. */
    private static void selfSignedCertificate(Path dir, Path certificate, Path key) throws IOException, GeneralSecurityException {
        Path store = dir.resolve("keystore.p12");
        char[] password = "changeit".toCharArray();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Tools.run(List.of(keytool.toString(), "-genkeypair", "-alias", "berth", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"),
                dir, Duration.ofMinutes(1));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, password);
        }
        Files.writeString(certificate, pem("CERTIFICATE", keyStore.getCertificate("berth").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keyStore.getKey("berth", password).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }



}
