package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.server.testing.TestSpGate;
import org.xmlunit.builder.Input;
import org.xmlunit.validation.Languages;
import org.xmlunit.validation.ValidationResult;
import org.xmlunit.validation.Validator;

/** The SP endpoints under /Shibboleth.sso and the backend-down page. */
class EndpointsHttpTest {

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    int closed = TestSpGate.freePort(); // not bind(0): see freePort on self-connects
    sp =
        new TestSpGate(
            dir,
            "  - {path: /down, backend: \"http://127.0.0.1:"
                + closed
                + "\", auth: required}\n"
                + "  - {path: /, backend: \"BACKEND\", auth: required}",
            "");
  }

  @BeforeEach
  void clearBackend() {
    sp.backend.clear();
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  private static Source schema(String name) {
    URL url = EndpointsHttpTest.class.getResource("/schema/" + name);
    assertThat(url).as(name).isNotNull();
    return new StreamSource(url.toExternalForm());
  }

  @Test
  void metadataWhenFetchedThenValidAgainstSamlMetadataSchema() throws Exception {
    HttpResponse<String> response = sp.get("/Shibboleth.sso/Metadata");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/samlmetadata+xml");
    Validator validator = Validator.forLanguage(Languages.W3C_XML_SCHEMA_NS_URI);
    validator.setSchemaSources(
        schema("xml.xsd"),
        schema("xmldsig-core-schema.xsd"),
        schema("xenc-schema.xsd"),
        schema("saml-schema-assertion-2.0.xsd"),
        schema("saml-schema-metadata-2.0.xsd"));
    ValidationResult result = validator.validateInstance(Input.fromString(response.body()).build());
    List<String> problems = new ArrayList<>();
    result.getProblems().forEach(p -> problems.add(p.toString()));
    assertThat(problems).isEmpty();
    assertThat(result.isValid()).isTrue();

    String xml = response.body();
    assertThat(xml).contains("entityID=\"" + sp.entityId() + "\"");
    assertThat(xml)
        .containsPattern(
            "AssertionConsumerService[^>]*Binding=\"urn:oasis:names:tc:"
                + "SAML:2.0:bindings:HTTP-POST\"[^>]*Location=\""
                + java.util.regex.Pattern.quote(sp.acsUrl())
                + "\"|AssertionConsumerService[^>]*Location=\""
                + java.util.regex.Pattern.quote(sp.acsUrl())
                + "\"[^>]*Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"");
    assertThat(xml).containsPattern("KeyDescriptor[^>]*use=\"signing\"");
    assertThat(xml).containsPattern("KeyDescriptor[^>]*use=\"encryption\"");
  }

  @Test
  void metadataWhenBrokenThenValidatorReportsIt() throws Exception {
    // Control: the validator does reject a document that breaks the schema.
    Validator validator = Validator.forLanguage(Languages.W3C_XML_SCHEMA_NS_URI);
    validator.setSchemaSources(
        schema("xml.xsd"),
        schema("xmldsig-core-schema.xsd"),
        schema("xenc-schema.xsd"),
        schema("saml-schema-assertion-2.0.xsd"),
        schema("saml-schema-metadata-2.0.xsd"));
    String broken =
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
            + " entityID=\"x\"><md:Nope/></md:EntityDescriptor>";
    assertThat(validator.validateInstance(Input.fromString(broken).build()).isValid()).isFalse();
  }

  @Test
  void sessionWhenValueIsMarkupThenHtmlEscapedAndJsonOnRequest() throws Exception {
    String cookie =
        sp.login(
            "/",
            s -> s.attribute("urn:oid:2.16.840.1.113730.3.1.241", "<script>alert(1)</script>"));
    HttpResponse<String> html = sp.get("/Shibboleth.sso/Session", "Cookie", cookie);
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(html.body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert")
        .contains("alice@example.org");

    HttpResponse<String> json =
        sp.get("/Shibboleth.sso/Session", "Cookie", cookie, "Accept", "application/json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json.body())
        .startsWith("{\"session\":{")
        .contains("\"eppn\":[\"alice@example.org\"]")
        .contains(sp.idp.minter().idpEntityId());
  }

  @Test
  void sessionWhenNoCookieThenSaysNoSession() throws Exception {
    assertThat(sp.get("/Shibboleth.sso/Session").body()).contains("No session.");
    assertThat(sp.get("/Shibboleth.sso/Session", "Accept", "application/json").body())
        .isEqualTo("{\"session\":null}\n");
  }

  @Test
  void statusWhenFetchedThenOkJson() throws Exception {
    HttpResponse<String> response = sp.get("/Shibboleth.sso/Status");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).startsWith("{\"status\":\"ok\"");
  }

  @Test
  void handlerWhenEndpointUnknownThenNotFoundPage() throws Exception {
    HttpResponse<String> response = sp.get("/Shibboleth.sso/Nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("SPG-44").contains("Correlation id");
    assertThat(sp.backend.isEmpty()).isTrue();
  }

  @Test
  void proxyWhenBackendDownThen502PageAndSessionStillWorks() throws Exception {
    String cookie = sp.login("/", s -> {});
    HttpResponse<String> down = sp.get("/down/x", "Cookie", cookie);
    assertThat(down.statusCode()).isEqualTo(502);
    assertThat(down.body()).contains("SPG-50").contains("Correlation id");
    assertThat(down.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");

    HttpResponse<String> live = sp.get("/app", "Cookie", cookie);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(sp.backend.take().get("eppn")).isEqualTo("alice@example.org");
  }
}
