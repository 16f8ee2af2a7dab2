// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

#include <libxml/tree.h>

namespace dms::exchange {

/** Small read/write helpers over libxml2 trees, namespace-aware. */
class XmlTree
{
public:
    static bool is(const xmlNode *node, const char *ns, const char *localName);
    /** The element children of node, in order. */
    static QList<xmlNode *> elements(const xmlNode *node);
    /** The first element child with this name, or nullptr. */
    static xmlNode *child(const xmlNode *node, const char *ns, const char *localName);
    static QList<xmlNode *> children(const xmlNode *node, const char *ns, const char *localName);
    /** The text content of node (empty for nullptr). */
    static QString text(const xmlNode *node);
    /** The text of the named child, or empty. */
    static QString childText(const xmlNode *node, const char *ns, const char *localName);
    /** Every element in the subtree (node included) with this name. */
    static int countDescendants(const xmlNode *node, const char *ns, const char *localName);

    /** Appends an element in namespace ns carrying text (escaped on output). */
    static xmlNode *addText(xmlNode *parent, xmlNs *ns, const char *name, const QString &text);
    /** Appends the element only when text is not empty. */
    static void addOptional(xmlNode *parent, xmlNs *ns, const char *name, const QString &text);
    static xmlNode *addElement(xmlNode *parent, xmlNs *ns, const char *name);
};

} // namespace dms::exchange
