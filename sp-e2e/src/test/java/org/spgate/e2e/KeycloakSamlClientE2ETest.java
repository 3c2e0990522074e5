package org.spgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The realm's SAML client as spgate will meet it: Keycloak accepts AuthnRequests from spgate's
 * entityID and ACS URL only, and releases signed assertions with a persistent NameID and the
 * attributes the attribute map expects.
 */
@ExtendWith({E2EPrerequisites.class, SharedKeycloak.class})
class KeycloakSamlClientE2ETest {

  private static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
  private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
  private static final String URI_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
  private static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";

  private static KeycloakServer keycloak;
  private static SpEndpoints sp;

  @BeforeAll
  static void keycloak(KeycloakServer server, SpEndpoints endpoints) {
    keycloak = server;
    sp = endpoints;
  }

  @Test
  void ssoWhenAuthnRequestFromSpgateThenShowsLoginForm() throws Exception {
    HttpResponse<String> page = new SamlLogin(keycloak).authnRequest(sp.entityId(), sp.acsUrl());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"kc-form-login\"");
  }

  @Test
  void ssoWhenAuthnRequestFromUnknownSpThenRejects() throws Exception {
    HttpResponse<String> page =
        new SamlLogin(keycloak).authnRequest("http://127.0.0.1:1/other-sp", sp.acsUrl());

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).doesNotContain("id=\"kc-form-login\"");
  }

  @Test
  void ssoWhenAcsUrlOutsideSpgateThenRejects() throws Exception {
    HttpResponse<String> page =
        new SamlLogin(keycloak)
            .authnRequest(sp.entityId(), "http://127.0.0.1:1/Shibboleth.sso/SAML2/POST");

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).doesNotContain("id=\"kc-form-login\"");
  }

  @Test
  void loginWhenAliceThenSignedAssertionWithPersistentNameIdAndAttributes() throws Exception {
    Document response =
        new SamlLogin(keycloak).login(sp.entityId(), sp.acsUrl(), "alice", "alice-password");

    Element root = response.getDocumentElement();
    assertThat(root.getAttribute("Destination")).isEqualTo(sp.acsUrl());
    Element assertion = single(response, "Assertion");
    assertThat(children(assertion, DSIG, "Signature")).hasSize(1);
    Element nameId = single(response, "NameID");
    assertThat(nameId.getAttribute("Format"))
        .isEqualTo("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
    assertThat(nameId.getTextContent()).isNotBlank().doesNotContain("alice");
    assertThat(single(response, "Audience").getTextContent()).isEqualTo(sp.entityId());
    assertThat(values(response, "urn:oid:0.9.2342.19200300.100.1.3"))
        .containsExactly("alice@example.org");
    assertThat(values(response, "urn:oid:0.9.2342.19200300.100.1.1")).containsExactly("alice");
    assertThat(values(response, "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"))
        .containsExactly("alice@example.org");
    assertThat(values(response, "urn:oid:2.5.4.42")).containsExactly("Alice");
    assertThat(values(response, "urn:oid:2.5.4.4")).containsExactly("Liddell");
    assertThat(values(response, ENTITLEMENT)).containsExactlyInAnyOrder("staff", "library-users");
  }

  @Test
  void loginWhenGraceThenOneEntitlementAttributeWith150ValuesAndNonAsciiNames() throws Exception {
    Document response =
        new SamlLogin(keycloak).login(sp.entityId(), sp.acsUrl(), "grace", "grace-password");

    assertThat(attributes(response, ENTITLEMENT)).hasSize(1);
    assertThat(values(response, ENTITLEMENT))
        .hasSize(150)
        .containsAll(
            IntStream.rangeClosed(1, 150)
                .mapToObj(i -> String.format("research-group-%03d-analytics", i))
                .toList());
    assertThat(values(response, "urn:oid:2.5.4.42")).containsExactly("Grâce");
    assertThat(values(response, "urn:oid:2.5.4.4")).containsExactly("Hopper-Ünal");
  }

  @Test
  void loginWhenBobThenGroupNameWithSemicolonIsOneValue() throws Exception {
    Document response =
        new SamlLogin(keycloak).login(sp.entityId(), sp.acsUrl(), "bob", "bob-password");

    assertThat(values(response, ENTITLEMENT)).containsExactlyInAnyOrder("staff", "r&d;lab");
  }

  @Test
  void loginWhenPasswordWrongThenNoSamlResponse() throws Exception {
    SamlLogin saml = new SamlLogin(keycloak);
    HttpResponse<String> page =
        saml.submit(saml.authnRequest(sp.entityId(), sp.acsUrl()), "alice", "wrong-password");

    assertThat(page.body()).contains("id=\"kc-form-login\"").doesNotContain("SAMLResponse");
  }

  private static List<Element> attributes(Document response, String name) {
    List<Element> found = new ArrayList<>();
    NodeList all = response.getElementsByTagNameNS(SAML, "Attribute");
    for (int i = 0; i < all.getLength(); i++) {
      Element attribute = (Element) all.item(i);
      if (attribute.getAttribute("Name").equals(name)) {
        assertThat(attribute.getAttribute("NameFormat")).as(name).isEqualTo(URI_FORMAT);
        found.add(attribute);
      }
    }
    return found;
  }

  private static List<String> values(Document response, String name) {
    List<String> values = new ArrayList<>();
    for (Element attribute : attributes(response, name)) {
      for (Element value : children(attribute, SAML, "AttributeValue")) {
        values.add(value.getTextContent());
      }
    }
    return values;
  }

  private static Element single(Document response, String localName) {
    NodeList nodes = response.getElementsByTagNameNS(SAML, localName);
    assertThat(nodes.getLength()).as(localName).isEqualTo(1);
    return (Element) nodes.item(0);
  }

  private static List<Element> children(Element parent, String ns, String localName) {
    List<Element> found = new ArrayList<>();
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && ns.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }
}
