package org.spgate.server.cli.decode;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.spgate.server.cli.decode.CapturedMessage.Protocol;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds the sign-in message in what an operator captured: the raw XML, its base64, a whole form
 * body ({@code SAMLResponse=…&RelayState=…} or {@code wa=…&wresult=…&wctx=…}) or a HAR file saved
 * from the browser's developer tools, in which the POST to this SP's ACS or ADFS endpoint is taken.
 */
public final class CapturedMessages {

  private static final String WSFED_TRUST = "http://schemas.xmlsoap.org/ws/2005/02/trust";
  private static final String WSTRUST_13 = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";

  private static final String EXPECTED =
      "expected raw XML, base64 of XML, a form body (SAMLResponse=… or wresult=…) or a HAR file";

  private CapturedMessages() {}

  /** Input that holds no sign-in message; the text says what was expected. */
  public static final class UnreadableInput extends Exception {
    public UnreadableInput(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads {@code text}.
   *
   * @param acsUrl this SP's SAML 2.0 ACS URL, preferred among the POSTs of a HAR file
   * @param adfsUrl this SP's WS-Fed endpoint URL, likewise
   */
  public static CapturedMessage read(String text, String acsUrl, String adfsUrl)
      throws UnreadableInput {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new UnreadableInput("the input is empty");
    }
    if (trimmed.startsWith("{")) {
      return fromHar(trimmed, acsUrl, adfsUrl);
    }
    if (trimmed.startsWith("<")) {
      return fromXml(trimmed, null, "raw XML");
    }
    if (trimmed.contains("=")
        && (trimmed.contains("SAMLResponse=") || trimmed.contains("wresult="))) {
      return fromForm(formFields(trimmed), "form body");
    }
    return fromBase64(trimmed);
  }

  private static CapturedMessage fromBase64(String value) throws UnreadableInput {
    byte[] decoded;
    try {
      decoded = Base64.getMimeDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new UnreadableInput(EXPECTED);
    }
    String xml = new String(decoded, StandardCharsets.UTF_8).strip();
    if (!xml.startsWith("<")) {
      throw new UnreadableInput(EXPECTED + " (it decodes as base64, but not to XML)");
    }
    // The base64 as captured goes to the consumer: its decoding is one of the checks.
    return isWsFed(xml)
        ? new CapturedMessage(Protocol.WSFED, xml, "wsignin1.0", null, "base64 of a wresult")
        : new CapturedMessage(Protocol.SAML2, value, "", null, "base64 SAMLResponse");
  }

  private static CapturedMessage fromXml(String xml, @Nullable String context, String source) {
    if (isWsFed(xml)) {
      return new CapturedMessage(Protocol.WSFED, xml, "wsignin1.0", context, source);
    }
    String base64 = Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    return new CapturedMessage(Protocol.SAML2, base64, "", context, source);
  }

  private static boolean isWsFed(String xml) {
    return xml.contains("RequestSecurityTokenResponse")
        && (xml.contains(WSFED_TRUST) || xml.contains(WSTRUST_13));
  }

  private static CapturedMessage fromForm(Map<String, String> fields, String source)
      throws UnreadableInput {
    String saml = fields.get("SAMLResponse");
    if (saml != null) {
      return new CapturedMessage(
          Protocol.SAML2, saml, "", fields.get("RelayState"), source + ", field SAMLResponse");
    }
    String wresult = fields.get("wresult");
    if (wresult != null) {
      return new CapturedMessage(
          Protocol.WSFED,
          wresult,
          fields.getOrDefault("wa", "wsignin1.0"),
          fields.get("wctx"),
          source + ", field wresult");
    }
    throw new UnreadableInput("the form has neither a SAMLResponse nor a wresult field");
  }

  static Map<String, String> formFields(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1).strip()));
      }
    }
    return fields;
  }

  private static String decode(String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return value;
    }
  }

  /** A POST of the HAR file that carries a sign-in message. */
  private record Post(int index, String url, Map<String, String> fields) {}

  private static CapturedMessage fromHar(String json, String acsUrl, String adfsUrl)
      throws UnreadableInput {
    List<Post> posts = new ArrayList<>();
    for (Map<?, ?> entry : harEntries(json)) {
      Map<?, ?> request = map(entry.get("request"));
      if (!"POST".equalsIgnoreCase(string(request.get("method")))) {
        continue;
      }
      Map<String, String> fields = postFields(map(request.get("postData")));
      if (fields.containsKey("SAMLResponse") || fields.containsKey("wresult")) {
        posts.add(new Post(posts.size() + 1, string(request.get("url")), fields));
      }
    }
    if (posts.isEmpty()) {
      throw new UnreadableInput("the HAR file has no POST with a SAMLResponse or wresult field");
    }
    Post chosen =
        posts.stream()
            .filter(post -> samePath(post.url(), acsUrl) || samePath(post.url(), adfsUrl))
            .findFirst()
            .orElse(posts.get(0));
    return fromForm(
        chosen.fields(),
        "HAR: POST "
            + chosen.url()
            + " ("
            + chosen.index()
            + " of "
            + posts.size()
            + " sign-in POSTs)");
  }

  private static List<Map<?, ?>> harEntries(String json) throws UnreadableInput {
    Object root;
    try {
      // JSON is YAML; SafeConstructor builds maps, lists and strings only.
      LoaderOptions options = new LoaderOptions();
      options.setCodePointLimit(256 * 1024 * 1024);
      root = new Yaml(new SafeConstructor(options)).load(json);
    } catch (YAMLException e) {
      throw new UnreadableInput("not a readable HAR (JSON) file: " + e.getMessage());
    }
    Object entries = map(map(root).get("log")).get("entries");
    if (!(entries instanceof List<?> list)) {
      throw new UnreadableInput("not a HAR file: no log.entries");
    }
    List<Map<?, ?>> result = new ArrayList<>();
    for (Object entry : list) {
      if (entry instanceof Map<?, ?> m) {
        result.add(m);
      }
    }
    return result;
  }

  private static Map<String, String> postFields(Map<?, ?> postData) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (postData.get("params") instanceof List<?> params) {
      for (Object param : params) {
        Map<?, ?> p = map(param);
        String name = string(p.get("name"));
        // Browsers store params URL-encoded as sent.
        fields.putIfAbsent(decode(name), decode(string(p.get("value"))));
      }
    }
    String text = string(postData.get("text"));
    if (fields.isEmpty() && !text.isEmpty()) {
      fields.putAll(formFields(text));
    }
    return fields;
  }

  private static boolean samePath(String url, String endpoint) {
    return path(url).flatMap(a -> path(endpoint).map(a::equals)).orElse(false);
  }

  private static Optional<String> path(String url) {
    try {
      return Optional.ofNullable(URI.create(url).getPath());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Map<?, ?> map(@Nullable Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }

  private static String string(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }
}
