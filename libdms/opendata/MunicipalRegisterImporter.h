// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"

#include <QByteArrayView>

namespace dms {

struct ServiceContext;

/** Adds many entries to a municipal register from a CSV file (see CsvReader): the
 *  first row names the fields, each further row is one entry whose values are
 *  parsed as MunicipalRegisterEntryService::add parses form text (an empty cell is
 *  no value).
 *
 *  All rows or none: the entries are added in one transaction, so a refused row
 *  leaves the register, its numbering and the journal as they were. Refused with
 *  InvalidInput naming the row (the header is row 1) and the field: an empty,
 *  repeated or unknown column name, a required field without a column, a row with
 *  more or fewer cells than the header, a value the field does not accept, and
 *  CSV that is malformed or not UTF-8. No message or detail holds a value read from
 *  the file, so an ЕГН never reaches the console or a log. Needs
 *  Permission::EditRegisterEntries; NotFound for an unknown register. */
class MunicipalRegisterImporter
{
public:
    struct Imported
    {
        qint64 count = 0;
        qint64 firstNumber = 0; ///< 0 when there were no rows
        qint64 lastNumber = 0;
    };

    /** The largest file importCsv reads. */
    static constexpr qsizetype kMaxBytes = 512 * 1024 * 1024;

    explicit MunicipalRegisterImporter(ServiceContext &context);

    Result<Imported> importCsv(const Session &session, const QString &registerCode, QByteArrayView csv);

private:
    ServiceContext &m_context;
};

} // namespace dms
