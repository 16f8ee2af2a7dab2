// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QStringList>

#include <libxml/tree.h>

namespace dms {

/** Canonical XML of a document subset with libxml2's xmlC14NExecute (internal to
 *  dms_signing): the subtree of an apex element (or the whole document), optionally
 *  minus one excluded subtree (the enveloped-signature transform). */
class XmlCanonicalizer
{
public:
    enum class Method { Inclusive, InclusiveWithComments, Exclusive, ExclusiveWithComments };

    /** The method for an algorithm URI; false when the URI is not a C14N 1.0 / exc-C14N one. */
    static bool methodFor(const QString &uri, Method &method);

    /** Canonicalises @p apex and its descendants (the whole document when @p apex is
     *  null), leaving out @p excluded and its descendants (may be null). @p
     *  inclusivePrefixes: the exclusive method's InclusiveNamespaces PrefixList. */
    [[nodiscard]] static Result<QByteArray> canonicalize(xmlDoc *doc, xmlNode *apex, xmlNode *excluded,
                                                         Method method,
                                                         const QStringList &inclusivePrefixes = {});
};

} // namespace dms
