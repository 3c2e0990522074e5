package org.spgate.core.saml2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.testing.MutableClock;
import org.spgate.core.testing.TestIdp;

class AuthnRequestFactoryTest {

  static final SpCredential SP_KEY = TestIdp.TestKeys.generate("sp.test.example");
  static final String ACS = "https://sp.test.example/Shibboleth.sso/SAML2/POST";

  final MutableClock clock = MutableClock.atSystemTime();
  final TestIdp idp = new TestIdp(clock);
  final AuthnRequestFactory factory =
      new AuthnRequestFactory("https://sp.test.example/shibboleth", ACS, SP_KEY, clock);

  IdpDescriptor idp(Path dir, boolean wantSigned) throws Exception {
    Path file = dir.resolve("idp.xml");
    java.nio.file.Files.writeString(file, idp.metadataXml(wantSigned));
    return IdpMetadataLoader.loadAll(List.of(file), clock).get(0);
  }

  static Map<String, String> rawQuery(String url) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return query;
  }

  static String inflate(String base64) throws Exception {
    Inflater inflater = new Inflater(true);
    inflater.setInput(Base64.getDecoder().decode(base64));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!inflater.finished() && !inflater.needsInput()) {
      out.write(buffer, 0, inflater.inflate(buffer));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void createWhenIdpWantsSignedRequestsThenRedirectCarriesVerifiableSignature(@TempDir Path dir)
      throws Exception {
    LoginRequest request = factory.create(idp(dir, true), "_abc", "ss:mem:0123");
    Map<String, String> query = rawQuery(request.redirectUrl());

    assertThat(query.keySet()).containsExactly("SAMLRequest", "RelayState", "SigAlg", "Signature");
    String signed =
        "SAMLRequest="
            + query.get("SAMLRequest")
            + "&RelayState="
            + query.get("RelayState")
            + "&SigAlg="
            + query.get("SigAlg");
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(SP_KEY.certificate().getPublicKey());
    verifier.update(signed.getBytes(StandardCharsets.UTF_8));
    byte[] signature =
        Base64.getDecoder()
            .decode(URLDecoder.decode(query.get("Signature"), StandardCharsets.UTF_8));
    assertThat(verifier.verify(signature)).isTrue();

    String xml = inflate(URLDecoder.decode(query.get("SAMLRequest"), StandardCharsets.UTF_8));
    assertThat(xml)
        .contains("ID=\"_abc\"")
        .contains("AssertionConsumerServiceURL=\"" + ACS)
        .contains("Destination=\"" + TestIdp.SSO_URL);
  }

  @Test
  void createWhenIdpDoesNotAskForSignedRequestsThenRedirectIsUnsigned(@TempDir Path dir)
      throws Exception {
    LoginRequest request = factory.create(idp(dir, false), "_abc", "ss:mem:0123");

    assertThat(rawQuery(request.redirectUrl()).keySet())
        .containsExactly("SAMLRequest", "RelayState");
  }
}
