// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QStringView>

class QIODevice;

namespace dms {

/** Writes CSV as RFC 4180 describes it, in UTF-8 without a byte-order mark: rows
 *  end with CRLF, a field containing a comma, a double quote, CR or LF is put in
 *  double quotes with its quotes doubled. Output is buffered and written to the
 *  device in blocks, so a whole file is never held in memory. Not thread-safe. */
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice &device);
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    /** Appends one field to the current row. */
    void addField(QStringView text);
    /** The same for text that is UTF-8 already (copied byte for byte). */
    void addUtf8Field(QByteArrayView utf8);
    /** Ends the current row (CRLF). */
    void endRow();
    /** Writes what is buffered; Storage when the device refused any write. */
    Status finish();

    /** One field as it appears in a row (quoted when needed). */
    static QByteArray field(QStringView text);

private:
    void flushIfFull();

    QIODevice &m_device;
    QByteArray m_buffer;
    bool m_rowStarted = false;
    bool m_failed = false;
};

} // namespace dms
