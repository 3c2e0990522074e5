package org.spgate.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp.TestKeys;

/**
 * Loads the shipped AD FS metadata examples ({@code metadata/} at the repository root) with test
 * certificates in place of the placeholders.
 */
class AdfsMetadataTest {

  static final Path EXAMPLES = Path.of("..", "metadata");
  static final String ENTITY_ID = "http://adfs.example.org/adfs/services/trust";
  static final String PASSIVE = "https://adfs.example.org/adfs/ls/";

  static final SpCredential TOKEN_SIGNING = TestKeys.generate("adfs token signing");
  static final SpCredential APPLICATION = TestKeys.generate("adfs application service");
  static final SpCredential DECRYPTING = TestKeys.generate("adfs token decrypting");
  static final SpCredential METADATA = TestKeys.generate("adfs metadata signing");

  final MutableClock clock = MutableClock.atSystemTime();

  @Test
  void loadWhenAdfsFederationMetadataThenTrustsOnlyTheTokenSigningKey(@TempDir Path dir)
      throws Exception {
    IdpDescriptor idp = load(dir, "adfs-FederationMetadata.example.xml");

    assertThat(idp.entityId()).isEqualTo(ENTITY_ID);
    assertThat(idp.signingKeys()).isNotEmpty().containsOnly(key(TOKEN_SIGNING));
    assertThat(idp.signingKeys()).doesNotContain(key(APPLICATION), key(DECRYPTING), key(METADATA));
  }

  @Test
  void loadWhenAdfsFederationMetadataThenFindsStsPassiveEndpointAndSaml2Sso(@TempDir Path dir)
      throws Exception {
    IdpDescriptor idp = load(dir, "adfs-FederationMetadata.example.xml");

    // Not the ApplicationServiceType's endpoint, which comes first in the file.
    assertThat(idp.passiveRequestorEndpoint()).isEqualTo(PASSIVE);
    assertThat(idp.ssoService(IdpDescriptor.POST_BINDING))
        .map(Endpoint::location)
        .contains(PASSIVE);
  }

  @Test
  void loadWhenAdfsMetadataHasOnlyTheStsRoleThenTrustsItsKeyAndPassiveEndpoint(@TempDir Path dir)
      throws Exception {
    String xml =
        Files.readString(EXAMPLES.resolve("adfs-FederationMetadata.example.xml"))
            .replaceAll("(?s)<IDPSSODescriptor.*</IDPSSODescriptor>", "");
    Path file = dir.resolve("sts-only.xml");
    Files.writeString(file, substitute(xml));

    IdpDescriptor idp = IdpMetadataLoader.loadAll(List.of(file), clock).get(0);

    // The xsi:type QName prefix is declared on the RoleDescriptor itself, as AD FS writes it.
    assertThat(idp.signingKeys()).containsExactly(key(TOKEN_SIGNING));
    assertThat(idp.passiveRequestorEndpoint()).isEqualTo(PASSIVE);
    assertThat(idp.singleSignOnServices()).isEmpty();
  }

  @Test
  void loadWhenOnlyApplicationServiceRoleHasKeysThenFailsClosed(@TempDir Path dir)
      throws Exception {
    String xml = Files.readString(EXAMPLES.resolve("adfs-FederationMetadata.example.xml"));
    // Drop the STS and IdP roles: what is left (the RP-side roles) must not make an IdP.
    xml =
        xml.replaceAll(
                "(?s)<RoleDescriptor xsi:type=\"fed:SecurityTokenServiceType\".*?"
                    + "</RoleDescriptor>",
                "")
            .replaceAll("(?s)<IDPSSODescriptor.*</IDPSSODescriptor>", "");
    Path file = dir.resolve("rp-only.xml");
    Files.writeString(file, substitute(xml));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> IdpMetadataLoader.loadAll(List.of(file), clock))
        .isInstanceOf(org.spgate.core.config.ConfigException.class)
        .hasMessageContaining("no IdP found");
  }

  @Test
  void loadWhenShibbolethStyleAdfsMetadataThenFindsKeyAndPassiveEndpoint(@TempDir Path dir)
      throws Exception {
    IdpDescriptor idp = load(dir, "adfs-shibboleth-style.example.xml");

    assertThat(idp.entityId()).isEqualTo(ENTITY_ID);
    assertThat(idp.signingKeys()).containsExactly(key(TOKEN_SIGNING));
    assertThat(idp.passiveRequestorEndpoint()).isEqualTo(PASSIVE);
  }

  @Test
  void loadWhenProtocolListMerelyContainsSaml2UriAsPrefixThenRoleIsNotAnIdp(@TempDir Path dir)
      throws Exception {
    String xml =
        Files.readString(EXAMPLES.resolve("adfs-shibboleth-style.example.xml"))
            .replace(
                "http://schemas.xmlsoap.org/ws/2003/07/secext urn:oasis:names:tc:SAML:1.1:protocol",
                "urn:oasis:names:tc:SAML:2.0:protocolX");
    Path file = dir.resolve("prefix.xml");
    Files.writeString(file, substitute(xml));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> IdpMetadataLoader.loadAll(List.of(file), clock))
        .isInstanceOf(org.spgate.core.config.ConfigException.class);
  }

  IdpDescriptor load(Path dir, String example) throws Exception {
    Path copy = dir.resolve(example);
    Files.writeString(copy, substitute(Files.readString(EXAMPLES.resolve(example))));
    List<IdpDescriptor> idps = IdpMetadataLoader.loadAll(List.of(copy), clock);
    assertThat(idps).hasSize(1);
    return idps.get(0);
  }

  static String substitute(String xml) throws Exception {
    return xml.replace("PLACEHOLDER-TOKEN-SIGNING-CERTIFICATE", base64(TOKEN_SIGNING))
        .replace("PLACEHOLDER-APPLICATION-SERVICE-CERTIFICATE", base64(APPLICATION))
        .replace("PLACEHOLDER-TOKEN-DECRYPTING-CERTIFICATE", base64(DECRYPTING))
        .replace("PLACEHOLDER-METADATA-SIGNING-CERTIFICATE", base64(METADATA));
  }

  static String base64(SpCredential credential) throws Exception {
    return Base64.getEncoder().encodeToString(credential.certificate().getEncoded());
  }

  static PublicKey key(SpCredential credential) {
    return credential.certificate().getPublicKey();
  }
}
