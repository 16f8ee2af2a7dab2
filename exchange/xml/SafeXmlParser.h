// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/xml/XmlPointers.h"

#include <QByteArray>

namespace dms::exchange {

/** Parses untrusted XML with libxml2 safely: no network (XML_PARSE_NONET), no DTD
 *  loading, no entity substitution, and any DOCTYPE refused outright (protocol
 *  messages never carry one, so XXE and entity expansion cannot start). Input
 *  larger than the limit is refused before parsing; text nodes over 10 MB (large
 *  base64 attachments) are allowed only when the limit needs them. */
class SafeXmlParser
{
public:
    explicit SafeXmlParser(qint64 maxBytes)
        : m_maxBytes(maxBytes)
    { }

    Result<XmlDocPtr> parse(const QByteArray &bytes) const;

private:
    qint64 m_maxBytes;
};

} // namespace dms::exchange
