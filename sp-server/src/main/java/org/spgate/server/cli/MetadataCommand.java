package org.spgate.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.ConfigException;
import org.spgate.core.config.CredentialConfig;
import org.spgate.core.config.SpConfig;
import org.spgate.core.credential.PemFiles;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.XmlSigner;
import org.spgate.server.SpRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code spgate metadata}: the SP metadata to register at the IdP, optionally signed. */
@Command(
    name = "metadata",
    mixinStandardHelpOptions = true,
    description = "Print or write the SP metadata for your IdP or federation.")
final class MetadataCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Mixin ConfigFile config;

  @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout")
  @Nullable Path out;

  @Option(
      names = "--sign",
      description =
          "sign the EntityDescriptor with the first key of 'credentials' (RSA-SHA256, or"
              + " ECDSA-SHA256 for an EC key); federations that require signed SP metadata")
  boolean sign;

  @Override
  public Integer call() throws ConfigException, IOException, Rejection {
    SpConfig loaded = config.load();
    String xml = SpRuntime.create(loaded).spMetadata();
    if (sign) {
      xml = signed(xml, firstCredential(loaded));
    }
    if (out == null) {
      main.out.print(xml);
    } else {
      Files.writeString(out, xml, StandardCharsets.UTF_8);
      main.out.println("wrote " + (sign ? "signed " : "") + "SP metadata to " + out);
    }
    return Main.OK;
  }

  private static SpCredential firstCredential(SpConfig config) throws ConfigException {
    if (config.credentials().isEmpty()) {
      throw new Main.UsageException("--sign needs a key under 'credentials' in the configuration");
    }
    CredentialConfig first = config.credentials().get(0);
    return PemFiles.load(first.cert(), first.key());
  }

  static String signed(String xml, SpCredential credential) throws Rejection {
    OpenSaml.init();
    SignableSAMLObject descriptor =
        (SignableSAMLObject)
            OpenSaml.unmarshal(
                OpenSaml.xml().parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement());
    boolean ec = "EC".equals(credential.privateKey().getAlgorithm());
    XmlSigner.sign(
        descriptor,
        credential.toOpenSaml(),
        ec
            ? SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256
            : SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
        SignatureConstants.ALGO_ID_DIGEST_SHA256);
    return OpenSaml.toXml(descriptor);
  }
}
