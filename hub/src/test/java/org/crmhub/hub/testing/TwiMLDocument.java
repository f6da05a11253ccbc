package org.crmhub.hub.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A TwiML answer read with the JDK's XML parser, as Twilio reads it, instead of by string matching. */
public final class TwiMLDocument {

  private final Element response;

  private TwiMLDocument(Element response) {
    this.response = response;
  }

  public static TwiMLDocument parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      Element root = document.getDocumentElement();
      if (!"Response".equals(root.getTagName())) {
        throw new IllegalArgumentException("TwiML must have <Response> as its root: " + xml);
      }
      return new TwiMLDocument(root);
    } catch (Exception e) {
      throw new IllegalArgumentException("not well-formed TwiML: " + xml, e);
    }
  }

  /** The verbs directly under {@code <Response>}, in order. */
  public List<String> verbs() {
    List<String> verbs = new ArrayList<>();
    NodeList children = response.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element verb) {
        verbs.add(verb.getTagName());
      }
    }
    return verbs;
  }

  /** The one element with this name anywhere in the answer; fails when there is none or several. */
  public Element only(String name) {
    NodeList found = response.getElementsByTagName(name);
    if (found.getLength() != 1) {
      throw new AssertionError("expected exactly one <" + name + "> but found " + found.getLength());
    }
    return (Element) found.item(0);
  }
}
