package org.spgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;
import org.spgate.devidp.ResponseSpec;

/**
 * The data every benchmark uses: the bench IdP's identity, the attribute sets of a "small" and a
 * "large" login, and sessions of a given identity size. Keys are generated per run, never stored.
 */
final class BenchFixtures {

  static final String IDP_ENTITY_ID = "https://idp.bench.example/idp/shibboleth";
  static final String IDP_SSO_URL = "https://idp.bench.example/idp/profile/SAML2/Redirect/SSO";

  static final String EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6";
  static final String MAIL = "urn:oid:0.9.2342.19200300.100.1.3";
  static final String ENTITLEMENT = "urn:oid:1.3.6.1.4.1.5923.1.1.1.7";
  static final String MEMBER = "urn:oid:1.3.6.1.4.1.5923.1.5.1.1";

  private BenchFixtures() {}

  /** A new IdP signing key (RSA 2048) valid from yesterday for ten years. */
  static SpCredential newIdpKey() {
    return KeyPairs.selfSigned(
        "idp.bench.example", 2048, Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(3650));
  }

  /**
   * Sets the attributes of {@code size} on {@code spec}: "small" is eppn and mail; "large" adds 200
   * entitlement values; "32k" adds member values worth about 32 KiB of identity headers.
   */
  static ResponseSpec attributes(ResponseSpec spec, String size, int n) {
    spec.nameId = "user-" + n + "-persistent-id";
    spec.attribute(EPPN, "user" + n + "@example.org");
    spec.attribute(MAIL, "user" + n + "@example.org");
    switch (size) {
      case "small" -> {}
      case "large" ->
          spec.attributes.put(ENTITLEMENT, values("urn:mace:example.org:entitlement:", 200));
      case "32k" -> spec.attributes.put(MEMBER, values32k());
      default -> throw new IllegalArgumentException("size is small, large or 32k: " + size);
    }
    return spec;
  }

  private static List<String> values(String prefix, int count) {
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(prefix + "resource-" + i);
    }
    return values;
  }

  /** Group values of 64 characters each, 512 of them: 32 KiB plus separators. */
  private static List<String> values32k() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 512; i++) {
      String v = "cn=group-" + i + ",ou=groups,dc=example,dc=org";
      values.add((v + "x".repeat(64)).substring(0, 64));
    }
    return values;
  }

  /** A session with {@code attributeCount} attributes of about {@code valueBytes} value bytes. */
  static Session session(int attributeCount, int valueBytes) {
    Map<String, List<String>> mapped = new LinkedHashMap<>();
    String[] ids = {
      "eppn",
      "mail",
      "cn",
      "sn",
      "givenName",
      "displayName",
      "uid",
      "affiliation",
      "entitlement",
      "subject-id"
    };
    int perAttribute = Math.max(1, valueBytes / attributeCount);
    for (int i = 0; i < attributeCount; i++) {
      String id = i < ids.length ? ids[i] : "attr" + i;
      List<String> values = new ArrayList<>();
      int made = 0;
      while (made < perAttribute) {
        String one = id + "-value-" + values.size() + "-" + RandomIds.hex128().substring(0, 8);
        values.add(one);
        made += one.length() + 1;
      }
      mapped.put(id, values);
    }
    long now = Instant.now().getEpochSecond();
    return new Session(
        RandomIds.hex128(),
        IDP_ENTITY_ID,
        Protocol.SAML2,
        new NameIdValue(
            RandomIds.hex128(),
            ResponseSpec.PERSISTENT,
            IDP_ENTITY_ID,
            "https://sp.bench.example/shibboleth"),
        "_session-" + RandomIds.hex128(),
        Instant.now().toString(),
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
        now,
        now + 28_800,
        SessionAttributes.of(mapped),
        null);
  }

  /** The shipped attribute-map.xml, copied out of the jar into a temporary file. */
  static Path attributeMap() {
    try (InputStream in = BenchFixtures.class.getResourceAsStream("attribute-map.xml")) {
      if (in == null) {
        throw new IllegalStateException("attribute-map.xml is not on the class path");
      }
      Path file = Files.createTempFile("spgate-bench-attribute-map", ".xml");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
