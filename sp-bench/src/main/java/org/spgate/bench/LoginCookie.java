package org.spgate.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import org.spgate.devidp.ResponseSpec;

/**
 * Performs one real SP-initiated login against a running spgate (GET a protected path, read the
 * AuthnRequest ID from the redirect, mint the answering Response, POST it to the ACS) and prints
 * the session cookie {@code name=value} for wrk.
 *
 * <pre>
 * LoginCookie --idp DIR --url http://127.0.0.1:PORT [--size small|32k]
 * </pre>
 */
public final class LoginCookie {

  private LoginCookie() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    BenchIdp idp = BenchIdp.load(Path.of(args.get("idp")));
    String base = args.get("url");
    String entityId = args.get("entity-id", base + "/shibboleth");
    String acs = args.get("acs", base + "/Shibboleth.sso/SAML2/POST");
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> redirect =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    String location =
        redirect
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () -> new IllegalStateException("no login redirect: " + redirect.statusCode()));
    Map<String, String> query = query(location);
    ResponseSpec spec = idp.spec(entityId, acs, args.get("size", "small"), 0);
    spec.inResponseTo = requestId(query.get("SAMLRequest"));
    String body =
        "SAMLResponse="
            + URLEncoder.encode(idp.mint(spec), StandardCharsets.UTF_8)
            + "&RelayState="
            + URLEncoder.encode(query.get("RelayState"), StandardCharsets.UTF_8);
    HttpResponse<String> acsResponse =
        client.send(
            HttpRequest.newBuilder(URI.create(acs))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (acsResponse.statusCode() != 303) {
      throw new IllegalStateException(
          "login failed: " + acsResponse.statusCode() + " " + acsResponse.body());
    }
    String cookie = acsResponse.headers().firstValue("Set-Cookie").orElseThrow();
    System.out.println(cookie.substring(0, cookie.indexOf(';')));
  }

  private static Map<String, String> query(String location) {
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(location).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  private static String requestId(String samlRequest) throws Exception {
    Inflater inflater = new Inflater(true);
    inflater.setInput(Base64.getDecoder().decode(samlRequest));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      if (n == 0 && inflater.needsInput()) {
        break;
      }
      out.write(buffer, 0, n);
    }
    Matcher id = Pattern.compile("ID=\"([^\"]+)\"").matcher(out.toString(StandardCharsets.UTF_8));
    if (!id.find()) {
      throw new IllegalStateException("no ID in the AuthnRequest");
    }
    return id.group(1);
  }
}
