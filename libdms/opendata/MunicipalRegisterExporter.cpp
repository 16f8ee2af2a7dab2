// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/MunicipalRegisterExporter.h"

#include "core/Tr.h"
#include "opendata/CsvWriter.h"
#include "opendata/JsonText.h"
#include "registers/MunicipalRegisterCatalog.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

namespace dms {

namespace {

constexpr qsizetype kBlockSize = 256 * 1024;
constexpr int kCancelCheckRows = 1024;

Error cancelled()
{
    return makeError(ErrorCode::Cancelled, Tr::tr("The export was cancelled."));
}

Error corrupt(const MunicipalRegisterDefinition &definition, qint64 number)
{
    return makeError(ErrorCode::Corrupt, Tr::tr("An entry of the register is damaged."),
                     QStringLiteral("%1 #%2").arg(definition.code).arg(number));
}

bool isDecimalText(const QString &text)
{
    if (text.isEmpty())
        return false;
    for (QChar c : text) {
        if (!(c.isDigit() && c.unicode() < 0x80) && c != u'.' && c != u'-')
            return false;
    }
    return true;
}

/** Appends the field's value as JSON; false when the stored value does not fit the type. */
bool appendJsonValue(QByteArray &out, const MunicipalRegisterField &field, const QJsonValue &value)
{
    switch (field.type) {
    case MunicipalFieldType::Integer:
        if (!value.isDouble())
            return false;
        out += QByteArray::number(value.toInteger());
        return true;
    case MunicipalFieldType::Decimal:
        // Kept as text so that no digit is lost; written as a JSON number.
        if (!value.isString() || !isDecimalText(value.toString()))
            return false;
        out += value.toString().toLatin1();
        return true;
    case MunicipalFieldType::Boolean:
        if (!value.isBool())
            return false;
        out += value.toBool() ? "true" : "false";
        return true;
    default:
        if (!value.isString())
            return false;
        JsonText::appendString(out, value.toString());
        return true;
    }
}

Status flush(QIODevice &out, QByteArray &buffer)
{
    if (out.write(buffer) != buffer.size())
        return makeError(ErrorCode::Storage, Tr::tr("The export could not be written."), out.errorString());
    buffer.clear();
    return {};
}

QJsonObject fieldSchema(const MunicipalRegisterField &field)
{
    QJsonObject schema {{QStringLiteral("title"), field.label}};
    switch (field.type) {
    case MunicipalFieldType::Text:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(QStringLiteral("maxLength"), MunicipalRegisterField::kMaxTextLength);
        break;
    case MunicipalFieldType::Integer:
        schema.insert(QStringLiteral("type"), QStringLiteral("integer"));
        schema.insert(QStringLiteral("minimum"), -MunicipalRegisterField::kMaxInteger);
        schema.insert(QStringLiteral("maximum"), MunicipalRegisterField::kMaxInteger);
        break;
    case MunicipalFieldType::Decimal:
        schema.insert(QStringLiteral("type"), QStringLiteral("number"));
        break;
    case MunicipalFieldType::Date:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(QStringLiteral("format"), QStringLiteral("date"));
        schema.insert(QStringLiteral("pattern"), QStringLiteral("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
        break;
    case MunicipalFieldType::Boolean:
        schema.insert(QStringLiteral("type"), QStringLiteral("boolean"));
        break;
    case MunicipalFieldType::Eik:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(QStringLiteral("pattern"), QStringLiteral("^[0-9]{9}([0-9]{4})?$"));
        break;
    case MunicipalFieldType::Enum:
        schema.insert(QStringLiteral("type"), QStringLiteral("string"));
        schema.insert(QStringLiteral("enum"), QJsonArray::fromStringList(field.enumValues));
        break;
    case MunicipalFieldType::Egn:
        // Never exported; a schema for it would be a mistake elsewhere.
        schema.insert(QStringLiteral("not"), QJsonObject {});
        break;
    }
    return schema;
}

} // namespace

MunicipalRegisterExporter::MunicipalRegisterExporter(Database &database)
    : m_database(database)
{ }

Result<MunicipalRegisterDefinition> MunicipalRegisterExporter::definition(const QString &code,
                                                                          bool includeUnpublished)
{
    auto db = m_database.connection();
    if (!db)
        return db.error();
    return MunicipalRegisterCatalog::load(*db, code, !includeUnpublished);
}

template<class RowWriter>
Status MunicipalRegisterExporter::forEachEntry(const MunicipalRegisterDefinition &definition,
                                               const std::atomic_bool *cancel, RowWriter &&write)
{
    // One statement over one snapshot: the export is consistent even while clerks add entries.
    auto tx = Transaction::begin(m_database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    auto rows = Sql::exec(tx->connection(),
                          QStringLiteral("SELECT number, field_values FROM municipal_register_entry"
                                         " WHERE register_id = ? ORDER BY number"),
                          {definition.id});
    if (!rows)
        return rows.error();
    int sinceCheck = 0;
    while (rows->next()) {
        if (++sinceCheck == kCancelCheckRows) {
            sinceCheck = 0;
            if (cancel && cancel->load(std::memory_order_relaxed))
                return cancelled();
        }
        const qint64 number = rows->value(0).toLongLong();
        const QJsonObject values = QJsonDocument::fromJson(rows->value(1).toString().toUtf8()).object();
        DMS_TRY(write(number, values));
    }
    rows->finish();
    return tx->commit();
}

Status MunicipalRegisterExporter::writeCsv(const MunicipalRegisterDefinition &definition, QIODevice &out,
                                           const std::atomic_bool *cancel)
{
    const QList<MunicipalRegisterField> fields = definition.exportedFields();
    CsvWriter csv(out);
    csv.addField(u"number");
    for (const MunicipalRegisterField &field : fields)
        csv.addField(field.name);
    csv.endRow();
    QString number;
    DMS_TRY(forEachEntry(definition, cancel, [&](qint64 entryNumber, const QJsonObject &values) -> Status {
        number.setNum(entryNumber);
        csv.addField(number);
        for (const MunicipalRegisterField &field : fields)
            csv.addField(MunicipalRegisterField::valueText(values.value(field.name)));
        csv.endRow();
        return {};
    }));
    return csv.finish();
}

Status MunicipalRegisterExporter::writeJson(const MunicipalRegisterDefinition &definition, QIODevice &out,
                                            const std::atomic_bool *cancel)
{
    const QList<MunicipalRegisterField> fields = definition.exportedFields();
    QList<QByteArray> keys;
    for (const MunicipalRegisterField &field : fields)
        keys << ",\"" + field.name.toLatin1() + "\":"; // names are [a-z0-9_]: nothing to escape
    QByteArray buffer;
    buffer.reserve(kBlockSize + 4096);
    buffer += "{\"register\":";
    JsonText::appendString(buffer, definition.code);
    buffer += ",\"title\":";
    JsonText::appendString(buffer, definition.title);
    buffer += ",\"license\":";
    JsonText::appendString(buffer, definition.license);
    buffer += ",\"modified\":";
    JsonText::appendString(buffer, Sql::toText(definition.modifiedAt));
    buffer += ",\"entries\":[";
    bool first = true;
    DMS_TRY(forEachEntry(definition, cancel, [&](qint64 number, const QJsonObject &values) -> Status {
        buffer += first ? "\n{\"number\":" : ",\n{\"number\":";
        first = false;
        buffer += QByteArray::number(number);
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const QJsonValue value = values.value(fields.at(i).name);
            if (value.isUndefined() || value.isNull())
                continue;
            buffer += keys.at(i);
            if (!appendJsonValue(buffer, fields.at(i), value))
                return corrupt(definition, number);
        }
        buffer += '}';
        if (buffer.size() >= kBlockSize)
            return flush(out, buffer);
        return {};
    }));
    buffer += "\n]}\n";
    return flush(out, buffer);
}

QJsonObject MunicipalRegisterExporter::jsonSchema(const MunicipalRegisterDefinition &definition,
                                                  const QString &schemaId)
{
    QJsonObject entryProperties {{QStringLiteral("number"),
                                  QJsonObject {{QStringLiteral("title"), Tr::tr("Entry number")},
                                               {QStringLiteral("type"), QStringLiteral("integer")},
                                               {QStringLiteral("minimum"), 1}}}};
    QJsonArray required {QStringLiteral("number")};
    for (const MunicipalRegisterField &field : definition.exportedFields()) {
        entryProperties.insert(field.name, fieldSchema(field));
        if (field.required)
            required.append(field.name);
    }
    const QJsonObject entry {{QStringLiteral("type"), QStringLiteral("object")},
                             {QStringLiteral("properties"), entryProperties},
                             {QStringLiteral("required"), required},
                             {QStringLiteral("additionalProperties"), false}};
    const QJsonObject properties {
        {QStringLiteral("register"), QJsonObject {{QStringLiteral("const"), definition.code}}},
        {QStringLiteral("title"), QJsonObject {{QStringLiteral("type"), QStringLiteral("string")}}},
        {QStringLiteral("license"),
         QJsonObject {{QStringLiteral("type"), QStringLiteral("string")},
                      {QStringLiteral("format"), QStringLiteral("uri")}}},
        {QStringLiteral("modified"),
         QJsonObject {{QStringLiteral("type"), QStringLiteral("string")},
                      {QStringLiteral("format"), QStringLiteral("date-time")}}},
        {QStringLiteral("entries"),
         QJsonObject {{QStringLiteral("type"), QStringLiteral("array")},
                      {QStringLiteral("items"),
                       QJsonObject {{QStringLiteral("$ref"), QStringLiteral("#/$defs/entry")}}}}}};
    return {{QStringLiteral("$schema"), QStringLiteral("https://json-schema.org/draft/2020-12/schema")},
            {QStringLiteral("$id"), schemaId},
            {QStringLiteral("title"), definition.title},
            {QStringLiteral("description"), definition.description},
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("required"),
             QJsonArray {QStringLiteral("register"), QStringLiteral("title"), QStringLiteral("license"),
                         QStringLiteral("modified"), QStringLiteral("entries")}},
            {QStringLiteral("additionalProperties"), false},
            {QStringLiteral("$defs"), QJsonObject {{QStringLiteral("entry"), entry}}}};
}

} // namespace dms
