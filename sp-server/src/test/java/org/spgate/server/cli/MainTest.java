package org.spgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;

/** The command line: exit codes, every configuration problem with its location, files written. */
class MainTest {

  @TempDir Path dir;
  final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private int run(String... args) {
    return Main.run(args, out, err);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private Path goodConfig() throws Exception {
    Path metadata = new TestIdp(MutableClock.atSystemTime()).writeMetadata(dir);
    Path map =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("attribute-maps/attribute-map.xml");
    Path file = dir.resolve("good.yaml");
    Files.writeString(
        file,
        "listen: 127.0.0.1:0\n"
            + "publicUrl: https://sp.example.org\n"
            + "entityId: https://sp.example.org/shibboleth\n"
            + "idp: {metadata: ["
            + metadata
            + "]}\n"
            + "attributeMap: "
            + map
            + "\n"
            + "routes:\n"
            + "  - {path: /, backend: \"http://127.0.0.1:8081\", auth: required}\n");
    return file;
  }

  @Test
  void checkConfigWhenConfigIsGoodThenReturnsZero() throws Exception {
    Path file = goodConfig();
    assertThat(run("check-config", "--config", file.toString())).as(err()).isZero();
    assertThat(out()).contains("configuration OK");
  }

  @Test
  void checkConfigWhenConfigHasSeveralMistakesThenReturnsTwoAndListsEachWithLine()
      throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file,
        "listen: not-an-address\n"
            + "publicUrl: ftp://sp.example.org\n"
            + "entityId: https://sp.example.org/shibboleth\n"
            + "cookie: {sameSite: Sometimes}\n"
            + "proxy: {maxRequestBody: 1.5MiB}\n"
            + "routes:\n"
            + "  - {path: /, auth: maybe}\n");
    int code = run("check-config", "--config", file.toString());
    String err = err();
    assertThat(code).as(err).isEqualTo(2);
    String name = file.toString();
    assertThat(err)
        .contains(name + ":1:")
        .contains(name + ":2:")
        .contains(name + ":4:")
        .contains(name + ":5:")
        .contains(name + ":7:");
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void serveWhenConfigIsBrokenThenReturnsTwoWithoutStackTrace() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "listen: 127.0.0.1:0\nunknownKey: 1\n");
    assertThat(run("--config", file.toString())).isEqualTo(2);
    assertThat(err()).contains(file + ":2:").doesNotContain("\tat ");
  }

  @Test
  void metadataWhenOutGivenThenWritesMetadataFile() throws Exception {
    Path file = goodConfig();
    Path target = dir.resolve("sp-metadata.xml");
    assertThat(run("metadata", "--config", file.toString(), "--out", target.toString()))
        .as(err())
        .isZero();
    assertThat(Files.readString(target))
        .contains("EntityDescriptor")
        .contains("entityID=\"https://sp.example.org/shibboleth\"")
        .contains("https://sp.example.org/Shibboleth.sso/SAML2/POST");
  }

  @Test
  void keygenWhenFilesAbsentThenWritesPemAndWhenPresentThenRefuses() throws Exception {
    assertThat(run("keygen", "--cn", "sp.example.org", "--out-dir", dir.toString()))
        .as(err())
        .isZero();
    String cert = Files.readString(dir.resolve("sp-cert.pem"));
    String key = Files.readString(dir.resolve("sp-key.pem"));
    assertThat(cert).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(key).contains("-----BEGIN").contains("PRIVATE KEY-----");

    assertThat(run("keygen", "--cn", "sp.example.org", "--out-dir", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("refusing to overwrite");
    assertThat(Files.readString(dir.resolve("sp-key.pem"))).isEqualTo(key);
  }

  @Test
  void keygenWhenOutDirIsMissingThenCreatesItAndWritesPem() throws Exception {
    Path missing = dir.resolve("etc/spgate");
    assertThat(run("keygen", "--cn", "sp.example.org", "--out-dir", missing.toString()))
        .as(err())
        .isZero();
    assertThat(out()).contains("created directory " + missing);
    assertThat(Files.readString(missing.resolve("sp-cert.pem")))
        .startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Files.readString(missing.resolve("sp-key.pem"))).contains("PRIVATE KEY-----");
  }

  @Test
  void keygenWhenOutDirIsAFileThenReturnsTwoAndSaysSo() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThat(run("keygen", "--cn", "sp.example.org", "--out-dir", file.toString())).isEqualTo(2);
    assertThat(err()).contains("--out-dir " + file + " is a file; expected a directory");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void selfTestWhenConfigIsGoodThenServesStatusMetadataAndLoginAndReturnsZero() throws Exception {
    Path file = goodConfig();
    assertThat(run("self-test", "--config", file.toString())).as(err()).isZero();
    assertThat(out())
        .contains("self-test OK")
        .contains("GET /Shibboleth.sso/Status 200")
        .contains("GET /Shibboleth.sso/Metadata 200")
        .contains("GET /Shibboleth.sso/Login 302");
  }

  @Test
  void selfTestWhenConfigIsBrokenThenReturnsTwoAndStartsNothing() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "listen: 127.0.0.1:0\npublicUrl: ftp://sp.example.org\n");
    assertThat(run("self-test", "--config", file.toString())).isEqualTo(2);
    assertThat(out()).doesNotContain("self-test");
    assertThat(err()).contains("publicUrl");
  }

  @Test
  void helpOfEveryCommandDescribesItAndReturnsZero() {
    for (String command : Main.commandLine(out, err).getSubcommands().keySet()) {
      outBytes.reset();
      assertThat(run(command, "--help")).as(command).isZero();
      assertThat(out()).as(command).contains("Usage: spgate " + command).contains("--help");
    }
    outBytes.reset();
    assertThat(run("--help")).isZero();
    assertThat(out())
        .contains("Exit codes:")
        .contains("2   usage or configuration error")
        .contains("decode")
        .contains("check-config")
        .contains("completion");
  }

  @Test
  void helpOfDecodeDocumentsTheInputsAndTheAtOption() {
    assertThat(run("decode", "--help")).isZero();
    assertThat(out())
        .contains("--at=INSTANT")
        .contains("a HAR\nfile saved from the browser")
        .contains("--config=FILE");
  }

  @Test
  void unknownCommandOrMissingRequiredOptionReturnsTwoAndNamesIt() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err()).contains("frobnicate");
    errBytes.reset();
    assertThat(run("keygen")).isEqualTo(2);
    assertThat(err()).contains("--cn");
    errBytes.reset();
    assertThat(run()).isEqualTo(2);
    assertThat(err()).contains("--config FILE is required");
  }

  @Test
  void versionPrintsSpgateAndJavaVersions() {
    assertThat(run("version")).isZero();
    assertThat(out()).contains("spgate ").contains("Java " + Runtime.version().feature());
    outBytes.reset();
    assertThat(run("--version")).isZero();
    assertThat(out()).contains("spgate ");
  }

  @Test
  void completionPrintsABashScriptThatCompletesEveryCommand() {
    assertThat(run("completion")).isZero();
    assertThat(out())
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F")
        .contains("decode")
        .contains("check-config");
  }

  @Test
  void keygenWithEcTypeWritesAP256KeyAndDefaultIsRsa3072() throws Exception {
    Path ec = dir.resolve("ec");
    assertThat(
            run("keygen", "--cn", "sp.example.org", "--type", "EC256", "--out-dir", ec.toString()))
        .as(err())
        .isZero();
    SpCredential loaded = PemFiles.load(ec.resolve("sp-cert.pem"), ec.resolve("sp-key.pem"));
    assertThat(loaded.privateKey().getAlgorithm()).isEqualTo("EC");
    assertThat(
            ((ECPublicKey) loaded.certificate().getPublicKey())
                .getParams()
                .getCurve()
                .getField()
                .getFieldSize())
        .isEqualTo(256);
    Path rsa = dir.resolve("rsa");
    assertThat(run("keygen", "--cn", "sp.example.org", "--out-dir", rsa.toString())).isZero();
    SpCredential rsaKey = PemFiles.load(rsa.resolve("sp-cert.pem"), rsa.resolve("sp-key.pem"));
    assertThat(((RSAPublicKey) rsaKey.certificate().getPublicKey()).getModulus().bitLength())
        .isEqualTo(3072);
    assertThat(
            run("keygen", "--cn", "x", "--type", "DSA", "--out-dir", dir.resolve("d").toString()))
        .isEqualTo(2);
  }

  @Test
  void metadataSignWritesASignatureThatVerifiesWithTheConfiguredKeyAndBreaksWhenAltered()
      throws Exception {
    Path keys = dir.resolve("keys");
    assertThat(run("keygen", "--cn", "sp.example.org", "--out-dir", keys.toString())).isZero();
    Path file = goodConfig();
    Files.writeString(
        file,
        Files.readString(file)
            + "credentials:\n  - {cert: "
            + keys.resolve("sp-cert.pem")
            + ", key: "
            + keys.resolve("sp-key.pem")
            + "}\n");
    Path target = dir.resolve("signed.xml");
    assertThat(run("metadata", "--sign", "--config", file.toString(), "--out", target.toString()))
        .as(err())
        .isZero();
    assertThat(out()).contains("wrote signed SP metadata");
    String xml = Files.readString(target);
    SpCredential key = PemFiles.load(keys.resolve("sp-cert.pem"), keys.resolve("sp-key.pem"));
    assertThat(verifies(xml, key)).isTrue();
    assertThat(verifies(xml.replace("sp.example.org/shibboleth", "evil.example.org/x"), key))
        .isFalse();
  }

  private static boolean verifies(String xml, SpCredential key) throws Exception {
    SignableSAMLObject parsed =
        (SignableSAMLObject)
            OpenSaml.unmarshal(
                OpenSaml.xml().parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement());
    try {
      SignatureValidator.validate(parsed.getSignature(), key.toOpenSaml());
      return true;
    } catch (SignatureException e) {
      return false;
    }
  }
}
