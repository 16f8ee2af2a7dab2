// SPDX-License-Identifier: GPL-3.0-or-later
#include "opendata/MunicipalRegisterExporter.h"

#include "core/Tr.h"
#include "opendata/CsvWriter.h"
#include "opendata/JsonText.h"
#include "opendata/RegisterEntryRows.h"
#include "opendata/StoredEntryValues.h"
#include "registers/MunicipalRegisterCatalog.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <charconv>
#include <cmath>
#include <optional>

namespace dms {

namespace {

constexpr qsizetype kBlockSize = 1024 * 1024;
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

/** A decimal as MunicipalRegisterField keeps it, which is also a JSON number:
 *  -?(0|[1-9][0-9]*)(.[0-9]+)? */
bool isDecimalText(QByteArrayView text)
{
    qsizetype i = 0;
    const qsizetype size = text.size();
    if (i < size && text[i] == '-')
        ++i;
    const qsizetype whole = i;
    while (i < size && text[i] >= '0' && text[i] <= '9')
        ++i;
    if (i == whole || (text[whole] == '0' && i - whole > 1))
        return false;
    if (i == size)
        return true;
    if (text[i] != '.' || ++i == size)
        return false;
    while (i < size && text[i] >= '0' && text[i] <= '9')
        ++i;
    return i == size;
}

/** Appends `value` in decimal without allocating. */
void appendInteger(QByteArray &out, qint64 value)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.append(digits, end - digits);
}

/** An integer field's stored JSON number: exact integers within ±(2^53 − 1),
 *  also when written with a fraction or an exponent ("12.0", "1e3"). */
std::optional<qint64> storedInteger(QByteArrayView number)
{
    qint64 integer = 0;
    const char *end = number.data() + number.size();
    auto parsed = std::from_chars(number.data(), end, integer);
    if (parsed.ec != std::errc() || parsed.ptr != end) {
        double real = 0;
        auto realParsed = std::from_chars(number.data(), end, real);
        if (realParsed.ec != std::errc() || realParsed.ptr != end || real != std::trunc(real)
            || std::fabs(real) > double(MunicipalRegisterField::kMaxInteger))
            return std::nullopt;
        integer = qint64(real);
    }
    if (integer > MunicipalRegisterField::kMaxInteger || integer < -MunicipalRegisterField::kMaxInteger)
        return std::nullopt;
    return integer;
}

using Kind = StoredEntryValues::Kind;

/** A field's stored value (neither missing nor null) as it is written: the
 *  digits of an integer (formatted into `digits`), a decimal's text, "true" or
 *  "false", a string's UTF-8; nullopt when the value does not fit the type. */
std::optional<QByteArrayView> valueText(MunicipalFieldType type, const StoredEntryValues::Value &value,
                                        std::array<char, 24> &digits)
{
    switch (type) {
    case MunicipalFieldType::Integer: {
        if (value.kind != Kind::Number)
            return std::nullopt;
        const auto integer = storedInteger(value.text);
        if (!integer)
            return std::nullopt;
        const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), *integer).ptr;
        return QByteArrayView(digits.data(), end - digits.data());
    }
    case MunicipalFieldType::Decimal:
        // Kept as text so that no digit is lost; written as a JSON number.
        if (value.kind != Kind::String || !isDecimalText(value.text))
            return std::nullopt;
        return value.text;
    case MunicipalFieldType::Boolean:
        if (value.kind == Kind::True)
            return QByteArrayView("true");
        if (value.kind == Kind::False)
            return QByteArrayView("false");
        return std::nullopt;
    case MunicipalFieldType::Egn:
        return std::nullopt; // never exported: reaching here is a mistake
    default:
        if (value.kind != Kind::String)
            return std::nullopt;
        return value.text;
    }
}

/** Whether the type's values are JSON strings (the others are numbers or booleans). */
bool isJsonString(MunicipalFieldType type)
{
    return type != MunicipalFieldType::Integer && type != MunicipalFieldType::Decimal
        && type != MunicipalFieldType::Boolean;
}

Status flush(QIODevice &out, QByteArray &buffer)
{
    if (out.write(buffer) != buffer.size())
        return makeError(ErrorCode::Storage, Tr::tr("The export could not be written."), out.errorString());
    buffer.resize(0); // keeps the capacity for the next block
    return {};
}

QStringList fieldNames(const QList<MunicipalRegisterField> &fields)
{
    QStringList names;
    for (const MunicipalRegisterField &field : fields)
        names << field.name;
    return names;
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
                                               StoredEntryValues &values, const std::atomic_bool *cancel,
                                               RowWriter &&write)
{
    // One statement over one snapshot: the export is consistent even while clerks add entries.
    auto tx = Transaction::begin(m_database, Transaction::Mode::Read);
    if (!tx)
        return tx.error();
    {
        auto rows = RegisterEntryRows::open(*tx, definition.id);
        if (!rows)
            return rows.error();
        int sinceCheck = 0;
        while ((*rows)->next()) {
            if (++sinceCheck == kCancelCheckRows) {
                sinceCheck = 0;
                if (cancel && cancel->load(std::memory_order_relaxed))
                    return cancelled();
            }
            const qint64 number = (*rows)->number();
            if (!values.parse((*rows)->values()))
                return corrupt(definition, number);
            DMS_TRY(write(number));
        }
        DMS_TRY((*rows)->status());
    }
    return tx->commit();
}

Status MunicipalRegisterExporter::writeCsv(const MunicipalRegisterDefinition &definition, QIODevice &out,
                                           const std::atomic_bool *cancel)
{
    const QList<MunicipalRegisterField> fields = definition.exportedFields();
    StoredEntryValues values(fieldNames(fields));
    CsvWriter csv(out);
    csv.addField(u"number");
    for (const MunicipalRegisterField &field : fields)
        csv.addField(field.name);
    csv.endRow();
    std::array<char, 24> digits;
    DMS_TRY(forEachEntry(definition, values, cancel, [&](qint64 number) -> Status {
        const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
        csv.addUtf8Field(QByteArrayView(digits.data(), end - digits.data()));
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const StoredEntryValues::Value &value = values.value(i);
            if (value.kind == Kind::Missing || value.kind == Kind::Null) {
                csv.addUtf8Field({});
                continue;
            }
            const auto text = valueText(fields.at(i).type, value, digits);
            if (!text)
                return corrupt(definition, number);
            csv.addUtf8Field(*text);
        }
        csv.endRow();
        return {};
    }));
    return csv.finish();
}

Status MunicipalRegisterExporter::writeJson(const MunicipalRegisterDefinition &definition, QIODevice &out,
                                            const std::atomic_bool *cancel)
{
    const QList<MunicipalRegisterField> fields = definition.exportedFields();
    StoredEntryValues values(fieldNames(fields));
    QList<QByteArray> keys;
    for (const MunicipalRegisterField &field : fields)
        keys << ",\"" + field.name.toLatin1() + "\":"; // names are [a-z0-9_]: nothing to escape
    QByteArray buffer;
    buffer.reserve(kBlockSize + 64 * 1024);
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
    std::array<char, 24> digits;
    DMS_TRY(forEachEntry(definition, values, cancel, [&](qint64 number) -> Status {
        buffer += first ? "\n{\"number\":" : ",\n{\"number\":";
        first = false;
        appendInteger(buffer, number);
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const StoredEntryValues::Value &value = values.value(i);
            if (value.kind == Kind::Missing || value.kind == Kind::Null)
                continue;
            const auto text = valueText(fields.at(i).type, value, digits);
            if (!text)
                return corrupt(definition, number);
            buffer += keys.at(i);
            if (isJsonString(fields.at(i).type))
                JsonText::appendUtf8String(buffer, *text);
            else
                buffer.append(text->data(), text->size());
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
