package org.spgate.core.metadata.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.junit.jupiter.api.Test;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.testing.TestIdp;
import org.spgate.devidp.IdpMetadataWriter;
import org.spgate.devidp.MetadataSigner;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SignedMetadataCheckTest {

  static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  static final SpCredential SIGNER = TestIdp.TestKeys.generate("federation");
  static final Path SOURCE = Path.of("federation.xml");

  final Clock clock = Clock.systemUTC();
  final SignedMetadataCheck check =
      new SignedMetadataCheck(
          new SignatureVerifier(new AlgorithmPolicy(false)),
          List.of(SIGNER.certificate().getPublicKey()),
          clock);

  @Test
  void aRootSignatureWithTheConfiguredKeyPassesAndCacheDurationIsRead() throws Exception {
    byte[] signed = MetadataSigner.sign(aggregate("idp1", "idp2"), SIGNER);
    SignedMetadataCheck.Checked checked = check.check(signed, SOURCE);
    assertThat(checked.cacheDuration()).isEqualTo(Duration.ofHours(6));
    assertThat(checked.validUntil()).isNotNull();
  }

  @Test
  void anUnsignedDocumentIsRefused() {
    assertThatThrownBy(() -> check.check(aggregate("idp1"), SOURCE))
        .isInstanceOf(MetadataRefused.class)
        .hasMessageContaining("unsigned");
  }

  @Test
  void aSignatureWhoseReferenceCoversOnlyANestedEntityIsRefused() throws Exception {
    // A validly signed EntityDescriptor moved into an unsigned aggregate, its signature lifted to
    // the aggregate's root: the digest still matches the entity, but the root is not covered.
    byte[] entity =
        MetadataSigner.sign(
            entity("https://idp1.example.org/idp").getBytes(StandardCharsets.UTF_8), SIGNER);
    Document inner = parse(entity);
    Document outer = parse(aggregate());
    Element moved = (Element) outer.importNode(inner.getDocumentElement(), true);
    Element signature =
        (Element)
            moved.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0);
    moved.removeChild(signature);
    outer.getDocumentElement().appendChild(moved);
    outer.getDocumentElement().insertBefore(signature, outer.getDocumentElement().getFirstChild());
    assertThatThrownBy(() -> check.check(serialize(outer), SOURCE))
        .isInstanceOf(MetadataRefused.class)
        .hasMessageContaining("does not cover the root");
  }

  @Test
  void aDocumentSignedByAnotherKeyIsRefused() {
    byte[] signed = MetadataSigner.sign(aggregate("idp1"), TestIdp.TestKeys.generate("other"));
    assertThatThrownBy(() -> check.check(signed, SOURCE))
        .isInstanceOf(MetadataRefused.class)
        .hasMessageContaining("SPG-13");
  }

  @Test
  void theAllowListKeepsOnlyNamedIdpsAndABrokenEntityIsLeftOutNotTheWholeAggregate()
      throws Exception {
    String broken =
        "<md:EntityDescriptor entityID=\"https://broken.example.org/idp\">"
            + "<md:IDPSSODescriptor protocolSupportEnumeration="
            + "\"urn:oasis:names:tc:SAML:2.0:protocol\"/></md:EntityDescriptor>";
    String xml =
        new String(aggregate("idp1", "idp2"), StandardCharsets.UTF_8)
            .replace("</md:EntitiesDescriptor>", broken + "</md:EntitiesDescriptor>");
    byte[] signed = MetadataSigner.sign(xml.getBytes(StandardCharsets.UTF_8), SIGNER);
    Document document = check.check(signed, SOURCE).document();
    List<ConfigProblem> skipped = new ArrayList<>();
    List<IdpDescriptor> all =
        IdpMetadataLoader.loadAggregate(document, SOURCE, clock, id -> true, skipped);
    assertThat(all)
        .extracting(IdpDescriptor::entityId)
        .containsExactly("https://idp1.example.org/idp", "https://idp2.example.org/idp");
    assertThat(skipped).singleElement().asString().contains("has no signing key");
    Set<String> wanted = Set.of("https://idp2.example.org/idp");
    List<IdpDescriptor> some =
        IdpMetadataLoader.loadAggregate(
            check.check(signed, SOURCE).document(), SOURCE, clock, wanted::contains, skipped);
    assertThat(some).extracting(IdpDescriptor::entityId).containsExactly(wanted.iterator().next());
  }

  @Test
  void withMaxValidityAValidUntilFurtherAheadIsRefusedAndOneWithinItPasses() throws Exception {
    byte[] signed = MetadataSigner.sign(aggregate("idp1"), SIGNER); // validUntil in 7 days
    SignedMetadataCheck eightDays = bounded(Duration.ofDays(8));
    assertThat(eightDays.check(signed, SOURCE).validUntil()).isNotNull();
    assertThatThrownBy(() -> bounded(Duration.ofDays(6)).check(signed, SOURCE))
        .isInstanceOf(MetadataRefused.class)
        .hasMessageContaining("further ahead than maxValidity");
  }

  @Test
  void withMaxValidityADocumentWithoutValidUntilIsRefused() throws Exception {
    String without =
        new String(aggregate("idp1"), StandardCharsets.UTF_8)
            .replaceFirst(" validUntil=\"[^\"]*\"", "");
    byte[] signed = MetadataSigner.sign(without.getBytes(StandardCharsets.UTF_8), SIGNER);
    // Control: without maxValidity the same document passes.
    assertThat(check.check(signed, SOURCE).validUntil()).isNull();
    assertThatThrownBy(() -> bounded(Duration.ofDays(28)).check(signed, SOURCE))
        .isInstanceOf(MetadataRefused.class)
        .hasMessageContaining("no validUntil");
  }

  private SignedMetadataCheck bounded(Duration maxValidity) {
    return new SignedMetadataCheck(
        new SignatureVerifier(new AlgorithmPolicy(false)),
        List.of(SIGNER.certificate().getPublicKey()),
        clock,
        maxValidity);
  }

  static byte[] aggregate(String... idps) {
    StringBuilder xml =
        new StringBuilder(
            "<md:EntitiesDescriptor xmlns:md=\""
                + MD
                + "\" validUntil=\""
                + Instant.now().plus(Duration.ofDays(7))
                + "\" cacheDuration=\"PT6H\">");
    for (String idp : idps) {
      xml.append(entity("https://" + idp + ".example.org/idp"));
    }
    return xml.append("</md:EntitiesDescriptor>").toString().getBytes(StandardCharsets.UTF_8);
  }

  static String entity(String entityId) {
    return IdpMetadataWriter.write(entityId, TestIdp.SSO_URL, SIGNER, false)
        .replaceFirst("^<\\?xml[^>]*\\?>", "");
  }

  static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  static byte[] serialize(Document document) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TransformerFactory.newInstance()
        .newTransformer()
        .transform(new DOMSource(document), new StreamResult(out));
    return out.toByteArray();
  }
}
