package org.spgate.server.shibimport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A {@code <MetadataProvider>} that fetches: {@code type="XML"} with an https {@code url} becomes
 * an {@code idp.remoteMetadata} entry ({@code backingFilePath} → {@code cacheFile}, the {@code
 * Signature} filter's {@code certificate} → {@code signingCert}, {@code RequireValidUntil
 * maxValidityInterval} → {@code maxValidity}, {@code minRefreshDelay} / {@code maxRefreshDelay} or
 * {@code reloadInterval} → {@code minRefresh} / {@code maxRefresh}); {@code type="MDQ"} with its
 * {@code baseUrl} an {@code mdq} entry. Without a Signature certificate the entry names a
 * placeholder certificate file: spgate checks every remote document, so {@code check-config} fails
 * until the signer's certificate is there.
 */
final class RemoteSources {

  /** The placeholder written when the provider has no Signature filter with a certificate. */
  static final String PLACEHOLDER_SIGNER = "metadata-signer.pem";

  private final Path baseDir;
  private final XmlAccessControl.Report report;
  private final List<Map<String, String>> entries = new ArrayList<>();
  private boolean mdq;

  RemoteSources(Path baseDir, XmlAccessControl.Report report) {
    this.baseDir = baseDir;
    this.report = report;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether an {@code mdq} entry was written (spgate then needs {@code idp.entityId}). */
  boolean hasMdq() {
    return mdq;
  }

  /** Translates an XML provider with an https URL. */
  void url(Element provider, String url) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("url", url);
    String backing = provider.getAttribute("backingFilePath");
    if (backing.isEmpty()) {
      backing = "remote-metadata-" + (entries.size() + 1) + ".xml";
      report.untranslated(
          provider,
          "no backingFilePath: spgate keeps the last good copy in cacheFile",
          "cacheFile is "
              + backing
              + " beside the configuration; move it to spgate's state"
              + " directory");
    }
    filters(provider, entry);
    entry.put("cacheFile", resolve(backing));
    refresh(provider, entry);
    entries.add(entry);
  }

  /** Translates a {@code type="MDQ"} provider. */
  void mdq(Element provider) {
    String base = provider.getAttribute("baseUrl");
    if (!base.startsWith("https://")) {
      report.untranslated(
          provider,
          "MDQ baseUrl \"" + base + "\": spgate asks a Metadata Query responder over https only",
          "use the responder's https URL as idp.remoteMetadata[].mdq");
      return;
    }
    if (mdq) {
      report.untranslated(
          provider,
          "a second MDQ provider: spgate asks one responder",
          "keep the federation's responder");
      return;
    }
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("mdq", base);
    filters(provider, entry);
    if (!provider.getAttribute("cacheDirectory").isEmpty()) {
      report.untranslated(
          provider,
          "cacheDirectory: spgate keeps MDQ answers in memory only (bounded, per entity)",
          "nothing to do; maxEntities and notFoundTtl bound the cache");
    }
    mdq = true;
    entries.add(entry);
  }

  private void filters(Element provider, Map<String, String> entry) {
    for (Element filter : children(provider, "MetadataFilter")) {
      String type = filter.getAttribute("type");
      switch (type) {
        case "Signature" -> {
          String cert = filter.getAttribute("certificate");
          if (cert.isEmpty()) {
            report.untranslated(
                filter,
                "a Signature filter without certificate (a trust engine or KeyInfo)",
                "export the signer's certificate as PEM and set signingCert");
          } else {
            entry.put("signingCert", resolve(cert));
          }
        }
        case "RequireValidUntil" -> {
          String max = filter.getAttribute("maxValidityInterval");
          entry.put("maxValidity", max.matches("\\d{1,9}") ? seconds(max) : seconds("1209600"));
        }
        default ->
            report.untranslated(
                filter,
                "metadata filter " + type + " has no spgate equivalent",
                type.equals("Whitelist") || type.equals("Include")
                    ? "list the wanted IdPs under entities"
                    : "spgate reads only IdP entities; check the filter is not needed");
      }
    }
    if (!entry.containsKey("signingCert")) {
      report.untranslated(
          provider,
          "no Signature filter with a certificate: spgate trusts remote metadata only when its"
              + " signature verifies",
          "put the signer's certificate at " + resolve(PLACEHOLDER_SIGNER) + " (PLACEHOLDER)");
      entry.put("signingCert", resolve(PLACEHOLDER_SIGNER));
    }
  }

  private void refresh(Element provider, Map<String, String> entry) {
    String min = provider.getAttribute("minRefreshDelay");
    String max = provider.getAttribute("maxRefreshDelay");
    if (max.isEmpty()) {
      max = provider.getAttribute("reloadInterval");
    }
    long minSeconds = min.matches("\\d{1,9}") ? Long.parseLong(min) : -1;
    long maxSeconds = max.matches("\\d{1,9}") ? Long.parseLong(max) : -1;
    if (minSeconds >= 10 && minSeconds <= 86_400) {
      entry.put("minRefresh", minSeconds + "s");
    }
    if (maxSeconds >= 60 && maxSeconds <= 30L * 86_400) {
      entry.put("maxRefresh", maxSeconds + "s");
      if (minSeconds < 10 && maxSeconds < 300) {
        // spgate's default minRefresh (5 minutes) would exceed this maxRefresh.
        entry.put("minRefresh", maxSeconds + "s");
      }
    }
  }

  /** The {@code remoteMetadata:} block (indented for the {@code idp} mapping). */
  String yaml() {
    StringBuilder out = new StringBuilder("  remoteMetadata:\n");
    for (Map<String, String> entry : entries) {
      String prefix = "    - ";
      for (Map.Entry<String, String> key : entry.entrySet()) {
        String value = key.getValue();
        boolean plain = value.matches("\\d+s");
        out.append(prefix)
            .append(key.getKey())
            .append(": ")
            .append(plain ? value : Yaml.quote(value))
            .append('\n');
        prefix = "      ";
      }
    }
    return out.toString();
  }

  private static String seconds(String value) {
    return value + "s";
  }

  private String resolve(String file) {
    return baseDir.resolve(file).normalize().toString();
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> result = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element
          && localName.equals(
              element.getLocalName() == null ? element.getNodeName() : element.getLocalName())) {
        result.add(element);
      }
    }
    return result;
  }
}
