// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QList>
#include <QStringList>

namespace dms {

/** Reads CSV as RFC 4180 describes it, from UTF-8 bytes: the counterpart of
 *  CsvWriter for files people make with a spreadsheet or by hand.
 *
 *  Rows end with CRLF or LF (a lone CR is data); a field in double quotes may hold
 *  commas, line breaks and doubled quotes; a byte-order mark at the start is
 *  skipped, and so are empty lines (a row of one empty field cannot be told
 *  from them). Refused with InvalidInput
 *  naming the line: bytes that are not UTF-8, a quote inside an unquoted field,
 *  text after a closing quote, a quoted field that is never closed, and more than
 *  maxRecords rows. The messages never quote the data, which may be personal. */
class CsvReader
{
public:
    /** One row: its fields and the line of the file it starts on (1 = first). */
    struct Record
    {
        QStringList fields;
        qsizetype line = 0;
    };

    static constexpr qsizetype kDefaultMaxRecords = 1'000'000;

    /** Every row of `utf8`; an empty list for an empty input. */
    static Result<QList<Record>> parse(QByteArrayView utf8, qsizetype maxRecords = kDefaultMaxRecords);
};

} // namespace dms
