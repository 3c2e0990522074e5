package org.spgate.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * A scripted SAML 2.0 SP for checking the realm without spgate: sends an unsigned HTTP-Redirect
 * AuthnRequest, posts Keycloak's login form and extracts the SAMLResponse Keycloak would POST to
 * the ACS.
 *
 * <p>It verifies nothing about the response (no signature check): the tests only read what the
 * realm releases.
 */
final class SamlLogin {

  private static final Pattern FORM_ACTION =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
  private static final Pattern SAML_RESPONSE =
      Pattern.compile("name=\"SAMLResponse\"\\s+value=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new LoopbackSecureCookies())
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final KeycloakServer keycloak;

  SamlLogin(KeycloakServer keycloak) {
    this.keycloak = keycloak;
  }

  /** GETs the SSO endpoint with an AuthnRequest from {@code issuer} asking for {@code acs}. */
  HttpResponse<String> authnRequest(String issuer, String acs)
      throws IOException, InterruptedException {
    String xml =
        "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
            + " ID=\"_"
            + UUID.randomUUID()
            + "\" Version=\"2.0\""
            + " IssueInstant=\""
            + Instant.now()
            + "\""
            + " Destination=\""
            + keycloak.ssoUrl()
            + "\""
            + " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
            + " AssertionConsumerServiceURL=\""
            + acs
            + "\">"
            + "<saml:Issuer>"
            + issuer
            + "</saml:Issuer>"
            + "<samlp:NameIDPolicy AllowCreate=\"true\""
            + " Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\"/>"
            + "</samlp:AuthnRequest>";
    URI url = URI.create(keycloak.ssoUrl() + "?SAMLRequest=" + encode(deflate(xml)));
    return http.send(HttpRequest.newBuilder(url).build(), utf8());
  }

  /** Posts the login form of {@code loginPage}; the answer is the POST-binding page or an error. */
  HttpResponse<String> submit(HttpResponse<String> loginPage, String username, String password)
      throws IOException, InterruptedException {
    Matcher action = FORM_ACTION.matcher(loginPage.body());
    if (!action.find()) {
      throw new IllegalStateException("no Keycloak login form in:\n" + loginPage.body());
    }
    String form = "username=" + encode(username) + "&password=" + encode(password);
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return http.send(post, utf8());
  }

  /** Logs in and returns the parsed, namespace-aware SAML Response Keycloak posts to the ACS. */
  Document login(String issuer, String acs, String username, String password)
      throws IOException, InterruptedException {
    HttpResponse<String> posted = submit(authnRequest(issuer, acs), username, password);
    Matcher m = SAML_RESPONSE.matcher(posted.body());
    if (!m.find()) {
      throw new IllegalStateException("no SAMLResponse in:\n" + posted.body());
    }
    return parse(Base64.getMimeDecoder().decode(m.group(1)));
  }

  /**
   * Sends Secure cookies back over plain http to loopback, as browsers do (127.0.0.1 is a secure
   * context); Keycloak marks its login-session cookies Secure even on http.
   */
  private static final class LoopbackSecureCookies extends CookieManager {
    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders)
        throws IOException {
      if (!"http".equals(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
        return super.get(uri, requestHeaders);
      }
      try {
        URI secure =
            new URI("https", null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        return super.get(secure, requestHeaders);
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
    }
  }

  private static Document parse(byte[] xml) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("unparseable SAMLResponse", e);
    }
  }

  private static String deflate(String xml) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DeflaterOutputStream out =
        new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
      out.write(xml.getBytes(StandardCharsets.UTF_8));
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse.BodyHandler<String> utf8() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }
}
