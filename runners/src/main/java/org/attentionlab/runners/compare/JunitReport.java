package org.attentionlab.runners.compare;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code compare --junit FILE}: one JUnit test case per cell and metric checked (class = the cell, name =
 * the metric), so that a CI server lists every check; a regression is a failure whose message carries the
 * numbers. Written with the JDK's StAX writer, which escapes what the cells' labels and errors hold.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static String render(RunComparison comparison, String suiteName) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "attnlab compare " + suiteName);
            xml.writeAttribute("tests", Integer.toString(comparison.checks().size()));
            xml.writeAttribute("failures", Long.toString(comparison.regressions()));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", "0");
            xml.writeCharacters("\n");
            xml.writeStartElement("properties");
            property(xml, "rule", comparison.settings().describe());
            property(xml, "bootstrapSeed", Long.toString(comparison.settings().bootstrapSeed()));
            for (String w : comparison.warnings()) {
                property(xml, "warning", w);
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            for (Movement m : comparison.checks()) {
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", m.cell());
                xml.writeAttribute("name", m.metric());
                xml.writeAttribute("time", "0");
                if (m.verdict().regression()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("type", m.verdict().name());
                    xml.writeAttribute("message", m.cell() + " " + m.metric() + ": " + m.verdict().text() + ": " + m.numbers());
                    xml.writeCharacters(m.numbers());
                    xml.writeEndElement();
                } else {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(m.verdict().text() + (m.numbers().isEmpty() ? "" : ": " + m.numbers()));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text.toString();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }
}
