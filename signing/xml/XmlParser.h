// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <libxml/tree.h>
#include <memory>

namespace dms {

/** The one hardened libxml2 entry point of the signing module (internal header:
 *  libxml2 stays private to dms_signing). Signed and trust-list XML comes from
 *  outside, so any DOCTYPE is refused outright (no DTD, hence no entity
 *  declarations, no external subset, no billion laughs), entities are never
 *  substituted, the network is off, and the input size is capped. */
class XmlParser
{
public:
    struct DocFree
    {
        void operator()(xmlDoc *doc) const { xmlFreeDoc(doc); }
    };
    using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

    /** InvalidInput when @p xml is larger than @p maxBytes, has a DOCTYPE, or is
     *  not well-formed (detail: libxml2's message and line). */
    [[nodiscard]] static Result<DocPtr> parse(const QByteArray &xml, qsizetype maxBytes);

    /** libxml2 strings as QString (UTF-8). */
    static QString text(const xmlChar *text);
    /** The text content of @p node (concatenated descendants). */
    static QString content(const xmlNode *node);
    /** The value of the un-namespaced attribute @p name, or a null QString. */
    static QString attribute(const xmlNode *node, const char *name);
    /** Whether @p node is an element named @p localName in @p ns. */
    static bool isElement(const xmlNode *node, const char *ns, const char *localName);
    /** The first element child (any name), skipping text, comments and PIs. */
    static xmlNode *firstElement(xmlNode *parent);
    /** The next element sibling. */
    static xmlNode *nextElement(xmlNode *node);
    /** The first child element named @p localName in @p ns, or null. */
    static xmlNode *child(xmlNode *parent, const char *ns, const char *localName);
    /** Every element whose un-namespaced Id, ID or id attribute equals @p id, in
     *  document order (more than one means duplicate ids: a wrapping attempt). */
    static QList<xmlNode *> elementsWithId(xmlDoc *doc, const QString &id);
};

} // namespace dms
