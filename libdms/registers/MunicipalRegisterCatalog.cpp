// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterCatalog.h"

#include "core/Tr.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dms {

namespace {

const QString kSelect = QStringLiteral(
    "SELECT id, code, title, description, license, published, created_at, modified_at, last_number"
    " FROM municipal_register");

MunicipalRegisterDefinition definitionFrom(const SqlStatement &row)
{
    MunicipalRegisterDefinition definition;
    definition.id = row.value(0).toString();
    definition.code = row.value(1).toString();
    definition.title = row.value(2).toString();
    definition.description = row.value(3).toString();
    definition.license = row.value(4).toString();
    definition.published = row.value(5).toInt() != 0;
    definition.createdAt = Sql::toDateTime(row.value(6));
    definition.modifiedAt = Sql::toDateTime(row.value(7));
    // Entries are never deleted, so the last number is the count.
    definition.entryCount = row.value(8).toLongLong();
    return definition;
}

Status readFields(const QSqlDatabase &db, MunicipalRegisterDefinition &definition)
{
    auto rows
        = Sql::exec(db,
                    QStringLiteral("SELECT name, label, type, required, is_public, enum_values"
                                   " FROM municipal_register_field WHERE register_id = ? ORDER BY position"),
                    {definition.id});
    if (!rows)
        return rows.error();
    while (rows->next()) {
        MunicipalRegisterField field;
        field.name = rows->value(0).toString();
        field.label = rows->value(1).toString();
        const auto type = municipalFieldTypeFromName(rows->value(2).toString());
        if (!type)
            return makeError(
                ErrorCode::Corrupt, Tr::tr("A register definition in the database is damaged."),
                QStringLiteral("field %1 of %2 has an unknown type").arg(field.name, definition.code));
        field.type = *type;
        field.required = rows->value(3).toInt() != 0;
        field.isPublic = rows->value(4).toInt() != 0;
        if (!rows->isNull(5)) {
            for (const QJsonValue &value :
                 QJsonDocument::fromJson(rows->value(5).toString().toUtf8()).array())
                field.enumValues << value.toString();
        }
        definition.fields << field;
    }
    return {};
}

} // namespace

Result<MunicipalRegisterDefinition> MunicipalRegisterCatalog::load(const QSqlDatabase &db,
                                                                   const QString &code, bool publishedOnly)
{
    // A malformed code can match nothing; refusing it early keeps odd text out of the statement cache.
    if (!MunicipalRegisterDefinition::isValidCode(code))
        return makeError(ErrorCode::NotFound, Tr::tr("There is no register with this code."));
    auto row = Sql::exec(db, kSelect + QStringLiteral(" WHERE code = ?"), {code});
    if (!row)
        return row.error();
    if (!row->next() || (publishedOnly && row->value(5).toInt() == 0))
        return makeError(ErrorCode::NotFound, Tr::tr("There is no register with this code."), code);
    MunicipalRegisterDefinition definition = definitionFrom(*row);
    row->finish();
    DMS_TRY(readFields(db, definition));
    return definition;
}

Result<QList<MunicipalRegisterDefinition>> MunicipalRegisterCatalog::loadAll(const QSqlDatabase &db,
                                                                             bool publishedOnly)
{
    auto rows = Sql::exec(db, kSelect + QStringLiteral(" WHERE published >= ? ORDER BY code"),
                          {publishedOnly ? 1 : 0});
    if (!rows)
        return rows.error();
    QList<MunicipalRegisterDefinition> definitions;
    while (rows->next())
        definitions << definitionFrom(*rows);
    rows->finish();
    for (MunicipalRegisterDefinition &definition : definitions)
        DMS_TRY(readFields(db, definition));
    return definitions;
}

} // namespace dms
