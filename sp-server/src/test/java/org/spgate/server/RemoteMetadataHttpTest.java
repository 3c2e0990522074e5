package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.metadata.remote.MetadataRefresher;
import org.spgate.core.metadata.remote.RemoteMetadataSource;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.MetadataSigner;
import org.spgate.devidp.ResponseSpec;
import org.spgate.server.testing.MetadataServer;
import org.spgate.server.testing.TestSpGate;

/**
 * Federation metadata from a local HTTPS server (its CA made by the test): every refused refresh
 * keeps the IdP keys in use, and sits beside a refresh that is accepted.
 */
class RemoteMetadataHttpTest {

  static final String REMOTE_IDP = "https://remote.test.example/idp/shibboleth";
  static final String ROUTES = "  - {path: /app, backend: BACKEND}";

  @TempDir Path dir;
  final SpCredential federation = TestIdp.TestKeys.generate("federation signer");
  final SpCredential stranger = TestIdp.TestKeys.generate("not the federation");
  final TestIdp remote =
      new TestIdp(Clock.systemUTC(), REMOTE_IDP, TestIdp.TestKeys.generate("remote idp"));
  MetadataServer server;
  TestSpGate sp;
  Path cacheFile;

  @BeforeEach
  void start() throws Exception {
    server = new MetadataServer(dir.resolve("tls-ca.pem"));
    Files.writeString(dir.resolve("federation.pem"), PemFiles.toPem(federation.certificate()));
    Files.createDirectories(dir.resolve("state"));
    cacheFile = dir.resolve("state/federation.xml");
    server.serve(signed(aggregate(remote, Instant.now().plus(Duration.ofDays(7))), federation));
    sp = startSp(dir.resolve("node1"));
  }

  private TestSpGate startSp(Path nodeDir) throws Exception {
    Files.createDirectories(nodeDir);
    return new TestSpGate(
        nodeDir,
        ROUTES,
        "security: {allowUnsolicited: true}\n",
        ", entityId: '"
            + TestIdp.ENTITY_ID
            + "', remoteMetadata: [{url: '"
            + server.url()
            + "', signingCert: "
            + dir.resolve("federation.pem")
            + ", tlsCa: "
            + dir.resolve("tls-ca.pem")
            + ", cacheFile: "
            + cacheFile
            + "}]");
  }

  @AfterEach
  void stop() {
    if (sp != null) {
      sp.close();
    }
    server.close();
  }

  @Test
  void signedMetadataFromTheUrlIsTrustedAndShownInStatus() throws Exception {
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(Files.exists(cacheFile)).isTrue();
    HttpResponse<String> status = sp.get("/Shibboleth.sso/Status");
    assertThat(status.body())
        .contains("\"metadata\":[{\"url\":\"" + server.url() + "\"")
        .contains("\"origin\":\"url\"")
        .contains("\"idps\":1")
        .contains("\"lastError\":null");
    // Control of the refusal: an IdP the metadata does not list cannot sign in.
    TestIdp unknown = new TestIdp(Clock.systemUTC(), "https://other.test.example/idp", stranger);
    assertThat(signIn(unknown)).isEqualTo(403);
  }

  @Test
  void reSignedWithAnUnconfiguredKeyIsRefusedAndTheKeysInUseStay() throws Exception {
    TestIdp rotated = new TestIdp(Clock.systemUTC(), REMOTE_IDP, stranger);
    server.serve(signed(aggregate(rotated, Instant.now().plus(Duration.ofDays(7))), stranger));
    refresh();
    assertThat(source().status().lastError()).contains("signature refused");
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(signIn(rotated)).isEqualTo(403);
    // Control: the same document signed by the configured key is taken.
    server.serve(signed(aggregate(rotated, Instant.now().plus(Duration.ofDays(7))), federation));
    refresh();
    assertThat(source().status().lastError()).isNull();
    assertThat(signIn(rotated)).isEqualTo(303);
  }

  @Test
  void expiredMetadataIsRefusedAndTheKeysInUseStay() throws Exception {
    TestIdp rotated = new TestIdp(Clock.systemUTC(), REMOTE_IDP, stranger);
    server.serve(
        signed(aggregate(rotated, Instant.now().minus(Duration.ofMinutes(1))), federation));
    refresh();
    assertThat(source().status().lastError()).contains("expired");
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(signIn(rotated)).isEqualTo(403);
    server.serve(signed(aggregate(rotated, Instant.now().plus(Duration.ofMinutes(5))), federation));
    refresh();
    assertThat(source().status().lastError()).isNull();
    assertThat(signIn(rotated)).isEqualTo(303);
  }

  @Test
  void truncatedMetadataIsRefusedAndTheKeysInUseStay() throws Exception {
    TestIdp rotated = new TestIdp(Clock.systemUTC(), REMOTE_IDP, stranger);
    byte[] whole = signed(aggregate(rotated, Instant.now().plus(Duration.ofDays(7))), federation);
    server.serve(java.util.Arrays.copyOf(whole, whole.length / 2));
    refresh();
    assertThat(source().status().lastError()).contains("well-formed");
    assertThat(signIn(remote)).isEqualTo(303);
    assertThat(signIn(rotated)).isEqualTo(403);
    server.serve(whole);
    refresh();
    assertThat(signIn(rotated)).isEqualTo(303);
  }

  @Test
  void unreachableKeepsTheKeysAndARestartLoadsTheCachedCopy() throws Exception {
    server.close();
    refresh();
    assertThat(source().status().lastError()).contains("fetch failed");
    assertThat(signIn(remote)).isEqualTo(303);
    sp.close();
    sp = startSp(dir.resolve("node2"));
    assertThat(source().status().origin()).isEqualTo("cache");
    assertThat(source().status().lastError()).contains("fetch failed");
    assertThat(signIn(remote)).isEqualTo(303);
  }

  @Test
  void aRestartWithoutUrlOrCacheIsAConfigurationErrorNamingTheSource() throws Exception {
    server.close();
    sp.close();
    sp = null;
    Files.delete(cacheFile);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> startSp(dir.resolve("node3")))
        .hasMessageContaining("idp.remoteMetadata[0].url")
        .hasMessageContaining("no usable metadata");
  }

  @Test
  void aRotationSignedByTheConfiguredKeyReplacesTheIdpKey() throws Exception {
    TestIdp rotated =
        new TestIdp(Clock.systemUTC(), REMOTE_IDP, TestIdp.TestKeys.generate("remote idp 2"));
    assertThat(signIn(rotated)).isEqualTo(403);
    server.serve(signed(aggregate(rotated, Instant.now().plus(Duration.ofDays(7))), federation));
    refresh();
    assertThat(source().status().lastError()).isNull();
    assertThat(signIn(rotated)).isEqualTo(303);
    assertThat(signIn(remote)).isEqualTo(403);
  }

  private int signIn(TestIdp idp) throws Exception {
    ResponseSpec spec = idp.spec(sp.entityId(), sp.acsUrl());
    spec.inResponseTo = null;
    spec.attribute("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "alice@example.org");
    return sp.postAcs(idp.mint(spec), null).statusCode();
  }

  private MetadataRefresher refresher() {
    return java.util.Objects.requireNonNull(sp.runtime.remoteMetadata());
  }

  private RemoteMetadataSource source() {
    return refresher().sources().get(0);
  }

  private void refresh() {
    refresher().refresh(source());
  }

  static byte[] aggregate(TestIdp idp, Instant validUntil) {
    String entity =
        IdpMetadataWriter.write(idp.entityId(), TestIdp.SSO_URL, idp.key(), false)
            .replaceFirst("^<\\?xml[^>]*\\?>", "");
    return ("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
            + " validUntil=\""
            + validUntil
            + "\" cacheDuration=\"PT1H\">"
            + entity
            + "</md:EntitiesDescriptor>")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] signed(byte[] xml, SpCredential key) {
    return MetadataSigner.sign(xml, key);
  }
}
