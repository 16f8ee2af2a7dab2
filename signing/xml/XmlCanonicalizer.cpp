// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/xml/XmlCanonicalizer.h"

#include "core/Tr.h"
#include "signing/xml/XmlDsigNames.h"

#include <libxml/c14n.h>
#include <libxml/xmlIO.h>
#include <vector>

namespace dms {

namespace {

struct Subset
{
    xmlNode *apex = nullptr;
    xmlNode *excluded = nullptr;
};

bool isWithin(const xmlNode *node, const xmlNode *ancestor)
{
    for (; node; node = node->parent)
        if (node == ancestor)
            return true;
    return false;
}

/** A node is visible when it lies in the apex subtree and outside the excluded one.
 *  Namespace nodes have no parent pointer: libxml2 passes their element as @p parent. */
int isVisible(void *userData, xmlNode *node, xmlNode *parent)
{
    const auto *subset = static_cast<const Subset *>(userData);
    const xmlNode *element = node && node->type != XML_NAMESPACE_DECL ? node : parent;
    if (!element)
        return subset->apex == nullptr;
    if (element->type == XML_DOCUMENT_NODE)
        return subset->apex == nullptr;
    if (subset->apex && !isWithin(element, subset->apex))
        return 0;
    if (subset->excluded && isWithin(element, subset->excluded))
        return 0;
    return 1;
}

int appendToByteArray(void *context, const char *buffer, int length)
{
    static_cast<QByteArray *>(context)->append(buffer, length);
    return length;
}

} // namespace

bool XmlCanonicalizer::methodFor(const QString &uri, Method &method)
{
    if (uri == QLatin1String(XmlDsigNames::c14n))
        method = Method::Inclusive;
    else if (uri == QLatin1String(XmlDsigNames::c14nWithComments))
        method = Method::InclusiveWithComments;
    else if (uri == QLatin1String(XmlDsigNames::excC14n))
        method = Method::Exclusive;
    else if (uri == QLatin1String(XmlDsigNames::excC14nWithComments))
        method = Method::ExclusiveWithComments;
    else
        return false;
    return true;
}

Result<QByteArray> XmlCanonicalizer::canonicalize(xmlDoc *doc, xmlNode *apex, xmlNode *excluded,
                                                  Method method, const QStringList &inclusivePrefixes)
{
    QByteArray output;
    xmlOutputBuffer *buffer = xmlOutputBufferCreateIO(appendToByteArray, nullptr, &output, nullptr);
    if (!buffer)
        return makeError(ErrorCode::Internal, Tr::tr("The XML could not be canonicalised."),
                         QStringLiteral("xmlOutputBufferCreateIO"));
    const bool exclusive = method == Method::Exclusive || method == Method::ExclusiveWithComments;
    const bool comments = method == Method::InclusiveWithComments || method == Method::ExclusiveWithComments;
    std::vector<QByteArray> prefixStorage;
    std::vector<xmlChar *> prefixes;
    if (exclusive) {
        for (const QString &prefix : inclusivePrefixes)
            prefixStorage.push_back(prefix.toUtf8());
        for (QByteArray &prefix : prefixStorage)
            prefixes.push_back(reinterpret_cast<xmlChar *>(prefix.data()));
        prefixes.push_back(nullptr);
    }
    Subset subset {apex, excluded};
    const int written = xmlC14NExecute(
        doc, isVisible, &subset, exclusive ? XML_C14N_EXCLUSIVE_1_0 : XML_C14N_1_0,
        exclusive && prefixes.size() > 1 ? prefixes.data() : nullptr, comments ? 1 : 0, buffer);
    const int closed = xmlOutputBufferClose(buffer);
    if (written < 0 || closed < 0)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The XML could not be canonicalised."),
                         QStringLiteral("xmlC14NExecute failed"));
    return output;
}

} // namespace dms
