package org.spgate.devidp.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A minimal browser for flows across spgate and the development IdP: follows no redirects, keeps no
 * cookie jar (tests pass the cookie by hand), reads hidden form fields out of HTML.
 */
public final class Browser {

  private static final Pattern INPUT =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** GET {@code url}, with {@code cookie} ("name=value") unless null. */
  public HttpResponse<String> get(String url, @Nullable String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs {@code form} urlencoded to {@code url}. */
  public HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
    return post(url, form, null);
  }

  /**
   * POSTs {@code form} urlencoded to {@code url}, with {@code cookie} ("name=value") unless null.
   */
  public HttpResponse<String> post(String url, Map<String, String> form, @Nullable String cookie)
      throws Exception {
    StringBuilder body = new StringBuilder();
    for (Map.Entry<String, String> e : form.entrySet()) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The hidden fields of the page's form, unescaped. */
  public static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = INPUT.matcher(html);
    while (m.find()) {
      fields.put(m.group(1), unescape(m.group(2)));
    }
    return fields;
  }

  /** The action of the page's POST form, unescaped and resolved against {@code pageUrl}. */
  public static String formAction(String pageUrl, String html) {
    Matcher m = ACTION.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no POST form in " + html);
    }
    return URI.create(pageUrl).resolve(unescape(m.group(1))).toString();
  }

  /**
   * The {@code name=value} of the cookie {@code name} that {@code response} sets, failing if it
   * sets none.
   */
  public static String setCookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name + " set by " + response.uri()));
  }

  /** The Location of a redirect, failing if there is none. */
  public static String location(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Location")
        .orElseThrow(
            () ->
                new AssertionError(
                    "no Location in " + response.statusCode() + " " + response.body()));
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
