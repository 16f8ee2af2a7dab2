// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

namespace dms {

/** The types a municipal register's field may have. */
enum class MunicipalFieldType {
    Text, ///< free text, one or more lines (no other control characters)
    Integer, ///< whole number within ±(2^53 − 1), exact in every JSON reader
    Decimal, ///< decimal number kept as canonical text ("12.50"), never rounded
    Date, ///< calendar date, ISO 8601 "YYYY-MM-DD"
    Boolean,
    Egn, ///< a citizen's ЕГН: personal data, never exported
    Eik, ///< a company's ЕИК / БУЛСТАТ
    Enum, ///< one of a fixed list of values
};

/** Stable names stored in the database and used in definitions: "text", "integer",
 *  "decimal", "date", "boolean", "egn", "eik", "enum". */
QString toName(MunicipalFieldType type);
std::optional<MunicipalFieldType> municipalFieldTypeFromName(const QString &name);

/** One field of a municipal register's definition, and the rules for its values.
 *
 *  Values are stored as typed JSON: strings for text, dates, ЕГН, ЕИК, enum values
 *  and decimals (canonical text, so nothing is rounded), numbers for integers and
 *  booleans for booleans. A field is exported as open data only when it is public
 *  and not an ЕГН (see isExported()). */
struct MunicipalRegisterField
{
    QString name; ///< machine name: a-z, then a-z, 0-9 or '_' (CSV header, JSON key)
    QString label; ///< shown to people, e.g. "Номер на разрешението"
    MunicipalFieldType type = MunicipalFieldType::Text;
    bool required = false;
    bool isPublic = true;
    QStringList enumValues; ///< the allowed values of an enum field, in display order

    static constexpr int kMaxTextLength = 4000;
    static constexpr qint64 kMaxInteger = (qint64(1) << 53) - 1;

    /** Whether the field's values may be published: public and not an ЕГН. */
    bool isExported() const { return isPublic && type != MunicipalFieldType::Egn; }

    /** Checks the field's own definition: its name, label and enum values.
     *  InvalidInput naming the field. */
    Status validateDefinition() const;

    /** The stored value of an input: a string is parsed by the field's type
     *  (dates as YYYY-MM-DD or DD.MM.YYYY, decimals with '.' or ',', booleans as
     *  true/false/1/0/да/не), a JSON number or boolean is checked against it. A
     *  null value or an empty string gives a null value (no value). InvalidInput
     *  with a message naming the field; for an ЕГН the detail never holds the
     *  number. */
    Result<QJsonValue> normalise(const QJsonValue &input) const;

    /** A stored value as text: what CSV cells and people see. Empty for null. */
    static QString valueText(const QJsonValue &value);

    /** {"name", "label", "type", "required", "public"[, "values"]}. */
    QJsonObject toJson() const;
    /** The field from its JSON form; InvalidInput for an unknown type or a
     *  missing name, label or type, and for unknown keys. */
    static Result<MunicipalRegisterField> fromJson(const QJsonObject &object);
};

} // namespace dms
