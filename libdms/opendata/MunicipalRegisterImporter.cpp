// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/MunicipalRegisterImporter.h"

#include "core/Tr.h"
#include "opendata/CsvReader.h"
#include "registers/MunicipalRegisterCatalog.h"
#include "registers/MunicipalRegisterEntryService.h"
#include "services/ServiceContext.h"
#include "storage/Transaction.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace dms {

namespace {

Error inRow(qsizetype row, qsizetype line, const Error &error)
{
    // The message of a refused value names the field, never the value (see MunicipalRegisterField).
    QString detail = QStringLiteral("row %1, line %2").arg(row).arg(line);
    if (!error.detail.isEmpty())
        detail += QStringLiteral(", ") + error.detail;
    return makeError(error.code, Tr::tr("Row %1: %2").arg(row).arg(error.message), detail);
}

Error headerError(const QString &message, const QString &detail = {})
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("Row 1: %1").arg(message),
                     detail.isEmpty() ? QStringLiteral("row 1") : QStringLiteral("row 1, ") + detail);
}

/** Whether `name` has the shape of a field name (a Latin letter first: never an ЕГН). */
bool looksLikeFieldName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z][a-z0-9_]{0,62}$"));
    return pattern.match(name).hasMatch();
}

/** The header's column names, checked against the definition. */
Result<QStringList> columns(const MunicipalRegisterDefinition &definition, const QStringList &header)
{
    QStringList names;
    QSet<QString> seen;
    for (qsizetype i = 0; i < header.size(); ++i) {
        const QString name = header.at(i).trimmed();
        if (name.isEmpty())
            return headerError(Tr::tr("column %1 has no field name.").arg(i + 1));
        // Names are short Latin identifiers; anything else is shown only by position.
        if (!definition.field(name))
            return looksLikeFieldName(name)
                ? headerError(Tr::tr("the register has no field \"%1\" (column %2).").arg(name).arg(i + 1),
                              QStringLiteral("column %1").arg(i + 1))
                : headerError(Tr::tr("the name of column %1 is not a field of the register.").arg(i + 1),
                              QStringLiteral("column %1").arg(i + 1));
        if (seen.contains(name))
            return headerError(Tr::tr("the field \"%1\" has two columns.").arg(name),
                               QStringLiteral("field '%1'").arg(name));
        seen.insert(name);
        names << name;
    }
    for (const MunicipalRegisterField &field : definition.fields) {
        if (field.required && !seen.contains(field.name))
            return headerError(Tr::tr("the required field \"%1\" has no column.").arg(field.name),
                               QStringLiteral("field '%1'").arg(field.name));
    }
    return names;
}

} // namespace

MunicipalRegisterImporter::MunicipalRegisterImporter(ServiceContext &context)
    : m_context(context)
{ }

Result<MunicipalRegisterImporter::Imported>
MunicipalRegisterImporter::importCsv(const Session &session, const QString &registerCode, QByteArrayView csv)
{
    DMS_TRY(session.require(Permission::EditRegisterEntries));
    if (csv.size() > kMaxBytes)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file is too large (at most %1 MiB).").arg(kMaxBytes / (1024 * 1024)));
    auto records = CsvReader::parse(csv);
    if (!records)
        return records.error();
    if (records->isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The file is empty: its first row must name the fields."));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto definition = MunicipalRegisterCatalog::load(tx->connection(), registerCode);
    if (!definition)
        return definition.error();
    auto names = columns(*definition, records->constFirst().fields);
    if (!names)
        return names.error();

    MunicipalRegisterEntryService entries(m_context);
    Imported imported;
    for (qsizetype i = 1; i < records->size(); ++i) {
        const CsvReader::Record &record = records->at(i);
        const qsizetype row = i + 1;
        if (record.fields.size() != names->size())
            return inRow(row, record.line,
                         makeError(ErrorCode::InvalidInput,
                                   Tr::tr("the row has %1 cells, the header %2.")
                                       .arg(record.fields.size())
                                       .arg(names->size())));
        QJsonObject values;
        for (qsizetype column = 0; column < names->size(); ++column)
            values.insert(names->at(column), record.fields.at(column));
        // A nested transaction (savepoint) inside ours: nothing is kept unless every row is.
        auto entry = entries.add(session, definition->code, values);
        if (!entry)
            return inRow(row, record.line, entry.error());
        if (imported.count == 0)
            imported.firstNumber = entry->number;
        imported.lastNumber = entry->number;
        ++imported.count;
    }
    DMS_TRY(tx->commit());
    return imported;
}

} // namespace dms
