// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/xml/XmlTree.h"

#include <cstring>

namespace dms::exchange {

namespace {

const char *chars(const xmlChar *text)
{
    return reinterpret_cast<const char *>(text);
}

const xmlChar *xml(const char *text)
{
    return reinterpret_cast<const xmlChar *>(text);
}

} // namespace

bool XmlTree::is(const xmlNode *node, const char *ns, const char *localName)
{
    if (!node || node->type != XML_ELEMENT_NODE || std::strcmp(chars(node->name), localName) != 0)
        return false;
    const char *nodeNs = node->ns && node->ns->href ? chars(node->ns->href) : "";
    return std::strcmp(nodeNs, ns ? ns : "") == 0;
}

QList<xmlNode *> XmlTree::elements(const xmlNode *node)
{
    QList<xmlNode *> result;
    for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE)
            result.append(child);
    }
    return result;
}

xmlNode *XmlTree::child(const xmlNode *node, const char *ns, const char *localName)
{
    for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
        if (is(child, ns, localName))
            return child;
    }
    return nullptr;
}

QList<xmlNode *> XmlTree::children(const xmlNode *node, const char *ns, const char *localName)
{
    QList<xmlNode *> result;
    for (xmlNode *child = node ? node->children : nullptr; child; child = child->next) {
        if (is(child, ns, localName))
            result.append(child);
    }
    return result;
}

QString XmlTree::text(const xmlNode *node)
{
    if (!node)
        return {};
    xmlChar *content = xmlNodeGetContent(node);
    const QString result = QString::fromUtf8(chars(content));
    xmlFree(content);
    return result;
}

QString XmlTree::childText(const xmlNode *node, const char *ns, const char *localName)
{
    return text(child(node, ns, localName));
}

int XmlTree::countDescendants(const xmlNode *node, const char *ns, const char *localName)
{
    if (!node)
        return 0;
    int count = is(node, ns, localName) ? 1 : 0;
    for (xmlNode *child = node->children; child; child = child->next)
        count += countDescendants(child, ns, localName);
    return count;
}

xmlNode *XmlTree::addText(xmlNode *parent, xmlNs *ns, const char *name, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    return xmlNewTextChild(parent, ns, xml(name), xml(utf8.constData()));
}

void XmlTree::addOptional(xmlNode *parent, xmlNs *ns, const char *name, const QString &text)
{
    if (!text.isEmpty())
        addText(parent, ns, name, text);
}

xmlNode *XmlTree::addElement(xmlNode *parent, xmlNs *ns, const char *name)
{
    return xmlNewChild(parent, ns, xml(name), nullptr);
}

} // namespace dms::exchange
