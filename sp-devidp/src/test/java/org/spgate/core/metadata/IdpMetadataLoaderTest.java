package org.spgate.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.config.ConfigException;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;

class IdpMetadataLoaderTest {

  static final SpCredential IDP_KEY = TestIdp.TestKeys.generate("idp.example.org");
  static final SpCredential OTHER_KEY = TestIdp.TestKeys.generate("sp.example.org");

  final MutableClock clock = MutableClock.atSystemTime();
  @TempDir Path dir;

  static String cert(SpCredential credential) throws Exception {
    return Base64.getEncoder().encodeToString(credential.certificate().getEncoded());
  }

  static String keyDescriptor(String use, SpCredential credential) throws Exception {
    return "<md:KeyDescriptor"
        + (use.isEmpty() ? "" : " use=\"" + use + "\"")
        + "><ds:KeyInfo>"
        + "<ds:X509Data><ds:X509Certificate>"
        + cert(credential)
        + "</ds:X509Certificate>"
        + "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>";
  }

  static String idp(String entityId, String keys, String validUntil) {
    return "<md:EntityDescriptor entityID=\""
        + entityId
        + "\""
        + validUntil
        + ">"
        + "<md:IDPSSODescriptor protocolSupportEnumeration="
        + "\"urn:oasis:names:tc:SAML:2.0:protocol\">"
        + keys
        + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
        + " Location=\"https://"
        + entityId.hashCode()
        + ".example.org/sso\"/>"
        + "</md:IDPSSODescriptor></md:EntityDescriptor>";
  }

  Path write(String body) throws Exception {
    Path file = dir.resolve("metadata.xml");
    Files.writeString(
        file,
        "<md:EntitiesDescriptor"
            + " xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
            + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n"
            + body
            + "\n</md:EntitiesDescriptor>");
    return file;
  }

  @Test
  void loadAllWhenAggregateHoldsIdpsAndSpsThenReturnsOnlyIdpsWithTheirRoleKeys() throws Exception {
    String sp =
        "<md:EntityDescriptor entityID=\"https://sp.example.org\">"
            + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
            + keyDescriptor("signing", OTHER_KEY)
            + "</md:SPSSODescriptor></md:EntityDescriptor>";
    Path file =
        write(
            idp("https://a.example.org", keyDescriptor("signing", IDP_KEY), "")
                + sp
                + idp(
                    "https://b.example.org",
                    keyDescriptor("", IDP_KEY) + keyDescriptor("encryption", OTHER_KEY),
                    ""));

    List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(file), clock);

    assertThat(idps)
        .extracting(IdpDescriptor::entityId)
        .containsExactly("https://a.example.org", "https://b.example.org");
    for (IdpDescriptor idp : idps) {
      assertThat(idp.signingKeys()).containsExactly(IDP_KEY.certificate().getPublicKey());
    }
  }

  @Test
  void loadAllWhenValidUntilPassedThenRefusesWithLine() throws Exception {
    Path file =
        write(
            idp(
                "https://a.example.org",
                keyDescriptor("signing", IDP_KEY),
                " validUntil=\"" + clock.instant().minusSeconds(1) + "\""));

    assertThatThrownBy(() -> IdpMetadataLoader.loadAll(List.of(file), clock))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metadata.xml:2")
        .hasMessageContaining("expired");
  }

  @Test
  void loadAllWhenValidUntilAheadThenAccepts() throws Exception {
    Path file =
        write(
            idp(
                "https://a.example.org",
                keyDescriptor("signing", IDP_KEY),
                " validUntil=\"" + clock.instant().plusSeconds(60) + "\""));

    assertThat(IdpMetadataLoader.loadAll(List.of(file), clock).get(0).validUntil())
        .isEqualTo(clock.instant().plusSeconds(60));
  }

  @Test
  void loadAllWhenIdpHasOnlyAnEncryptionKeyThenRefusesFailClosed() throws Exception {
    Path file = write(idp("https://a.example.org", keyDescriptor("encryption", IDP_KEY), ""));

    assertThatThrownBy(() -> IdpMetadataLoader.loadAll(List.of(file), clock))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has no signing key");
  }

  @Test
  void loadAllWhenSsoLocationIsJavascriptThenRefuses() throws Exception {
    Path file =
        write(
            idp("https://a.example.org", keyDescriptor("signing", IDP_KEY), "")
                .replace(
                    "https://" + "https://a.example.org".hashCode() + ".example.org/sso",
                    "javascript:alert(1)"));

    assertThatThrownBy(() -> IdpMetadataLoader.loadAll(List.of(file), clock))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be an http(s) URL");
  }
}
