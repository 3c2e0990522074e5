package org.spgate.devidp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.spgate.core.credential.SpCredential;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs a metadata document the way federations do: an enveloped RSA-SHA256 signature as the first
 * child of the root, one Reference to the root's {@code ID}. For tests and benchmarks of remote
 * metadata (a federation operator's job, never spgate's).
 */
public final class MetadataSigner {

  private MetadataSigner() {}

  /** {@code xml} (an EntitiesDescriptor or EntityDescriptor) signed with {@code key}. */
  public static byte[] sign(byte[] xml, SpCredential key) {
    try {
      Init.init();
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      Element root = document.getDocumentElement();
      String id = "_md" + java.util.UUID.randomUUID().toString().replace("-", "");
      root.setAttributeNS(null, "ID", id);
      root.setIdAttributeNS(null, "ID", true);
      XMLSignature signature =
          new XMLSignature(
              document,
              "",
              XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
              Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
      root.insertBefore(signature.getElement(), root.getFirstChild());
      Transforms transforms = new Transforms(document);
      transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
      transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
      signature.addDocument("#" + id, transforms, "http://www.w3.org/2001/04/xmlenc#sha256");
      signature.sign(key.privateKey());
      ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length + 4096);
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign metadata", e);
    }
  }
}
