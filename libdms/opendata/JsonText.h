// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

namespace dms {

/** Pieces of JSON text (RFC 8259) for writers that stream a document piece by
 *  piece instead of building it in memory. */
class JsonText
{
public:
    /** Appends `text` as a JSON string: in quotes, with '"', '\\' and control
     *  characters escaped, everything else as UTF-8. */
    static void appendString(QByteArray &out, QStringView text);
    /** The same for text that is UTF-8 already (the caller checked that it is
     *  well-formed); bytes from 0x80 up are copied as they are. */
    static void appendUtf8String(QByteArray &out, QByteArrayView utf8);
    static QByteArray string(QStringView text)
    {
        QByteArray out;
        appendString(out, text);
        return out;
    }
};

} // namespace dms
