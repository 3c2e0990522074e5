package org.spgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.spgate.core.config.ConfigProblem;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpMetadataLoader;
import org.spgate.core.metadata.remote.SignedMetadataCheck;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.devidp.MetadataSigner;

/**
 * Loading a federation aggregate as a refresh does: generates {@code --entities} entities (every
 * {@code --idpEvery}-th an IdP, the others SPs, each with a certificate and endpoints), signs the
 * whole with a federation key, then times the check (parse, root signature, validUntil) and the
 * reading of the IdPs, and prints the heap held by the result after GC (the DOM is gone by then).
 */
public final class MetadataAggregateLoad {

  private MetadataAggregateLoad() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int entities = Integer.parseInt(args.get("entities", "5000"));
    int idpEvery = Integer.parseInt(args.get("idpEvery", "4"));
    int runs = Integer.parseInt(args.get("runs", "5"));
    Clock clock = Clock.systemUTC();
    SpCredential federation = key("federation signer");
    List<String> certs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      certs.add(base64(key("entity " + i)));
    }
    byte[] signed = MetadataSigner.sign(aggregate(entities, idpEvery, certs), federation);
    SignedMetadataCheck check =
        new SignedMetadataCheck(
            new SignatureVerifier(new AlgorithmPolicy(false)),
            List.of(federation.certificate().getPublicKey()),
            clock);
    Path source = Path.of("aggregate.xml");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long[] millis = new long[runs];
    List<IdpDescriptor> idps = List.of();
    long before = 0;
    for (int r = -1; r < runs; r++) {
      idps = List.of();
      before = usedAfterGc(memory);
      long start = System.nanoTime();
      idps = load(check, signed, source, clock);
      if (r >= 0) {
        millis[r] = (System.nanoTime() - start) / 1_000_000;
      }
    }
    long after = usedAfterGc(memory);
    Arrays.sort(millis);
    System.out.printf(
        "entities=%d idps=%d bytes=%d load_ms_median=%d load_ms_min=%d retained_heap=%d"
            + " heap_after_gc=%d%n",
        entities, idps.size(), signed.length, millis[runs / 2], millis[0], after - before, after);
  }

  private static List<IdpDescriptor> load(
      SignedMetadataCheck check, byte[] signed, Path source, Clock clock) throws Exception {
    SignedMetadataCheck.Checked checked = check.check(signed, source);
    List<ConfigProblem> skipped = new ArrayList<>();
    List<IdpDescriptor> idps =
        IdpMetadataLoader.loadAggregate(checked.document(), source, clock, id -> true, skipped);
    if (!skipped.isEmpty()) {
      throw new IllegalStateException("entities left out: " + skipped.get(0));
    }
    return idps;
  }

  static byte[] aggregate(int entities, int idpEvery, List<String> certs) {
    StringBuilder xml =
        new StringBuilder(entities * 2200)
            .append("<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"")
            .append(" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"")
            .append(" xmlns:shibmd=\"urn:mace:shibboleth:metadata:1.0\"")
            .append(" Name=\"https://federation.example.org\" validUntil=\"")
            .append(Instant.now().plus(Duration.ofDays(10)))
            .append("\" cacheDuration=\"PT6H\">\n");
    for (int i = 0; i < entities; i++) {
      String cert = certs.get(i % certs.size());
      String host = "e" + i + ".example.org";
      boolean idp = i % idpEvery == 0;
      xml.append("<md:EntityDescriptor entityID=\"https://")
          .append(host)
          .append(idp ? "/idp/shibboleth" : "/shibboleth")
          .append("\">");
      if (idp) {
        xml.append("<md:IDPSSODescriptor protocolSupportEnumeration=")
            .append("\"urn:oasis:names:tc:SAML:2.0:protocol\">")
            .append("<md:Extensions><shibmd:Scope regexp=\"false\">")
            .append(host)
            .append("</shibmd:Scope></md:Extensions>");
      } else {
        xml.append("<md:SPSSODescriptor protocolSupportEnumeration=")
            .append("\"urn:oasis:names:tc:SAML:2.0:protocol\">");
      }
      xml.append("<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>")
          .append(cert)
          .append("</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>");
      if (idp) {
        xml.append("<md:SingleSignOnService Binding=")
            .append("\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://")
            .append(host)
            .append("/idp/profile/SAML2/Redirect/SSO\"/></md:IDPSSODescriptor>");
      } else {
        xml.append("<md:AssertionConsumerService index=\"0\" Binding=")
            .append("\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"https://")
            .append(host)
            .append("/Shibboleth.sso/SAML2/POST\"/></md:SPSSODescriptor>");
      }
      xml.append("<md:Organization><md:OrganizationName xml:lang=\"en\">Organisation ")
          .append(i)
          .append("</md:OrganizationName><md:OrganizationDisplayName xml:lang=\"en\">Org ")
          .append(i)
          .append("</md:OrganizationDisplayName><md:OrganizationURL xml:lang=\"en\">https://")
          .append(host)
          .append("/</md:OrganizationURL></md:Organization></md:EntityDescriptor>\n");
    }
    return xml.append("</md:EntitiesDescriptor>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static SpCredential key(String name) {
    return KeyPairs.selfSigned(
        name, 2048, Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(3650));
  }

  private static String base64(SpCredential credential) throws CertificateEncodingException {
    return Base64.getEncoder().encodeToString(credential.certificate().getEncoded());
  }

  private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
