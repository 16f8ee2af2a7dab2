// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterField.h"

#include "core/Tr.h"
#include "domain/Egn.h"
#include "domain/Eik.h"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace dms {

namespace {

const QString kName = QStringLiteral("name");
const QString kLabel = QStringLiteral("label");
const QString kType = QStringLiteral("type");
const QString kRequired = QStringLiteral("required");
const QString kPublic = QStringLiteral("public");
const QString kValues = QStringLiteral("values");

constexpr int kMaxLabelLength = 200;
constexpr int kMaxEnumValues = 200;

Error invalid(const MunicipalRegisterField &field, const QString &message, const QString &detail = {})
{
    return makeError(ErrorCode::InvalidInput,
                     Tr::tr("%1: %2").arg(field.label.isEmpty() ? field.name : field.label, message),
                     detail.isEmpty() ? QStringLiteral("field '%1'").arg(field.name) : detail);
}

bool hasForbiddenControl(const QString &text)
{
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0x7f)
            return true;
    }
    return false;
}

/** "+007,50" → "7.50": sign only when negative, no leading zeros, '.' as separator. */
std::optional<QString> canonicalDecimal(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^([+-]?)([0-9]{1,30})(?:[.,]([0-9]{1,12}))?$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    QString whole = match.captured(2);
    while (whole.size() > 1 && whole.startsWith(QLatin1Char('0')))
        whole.remove(0, 1);
    const QString fraction = match.captured(3);
    QString result = whole;
    if (!fraction.isEmpty())
        result += QLatin1Char('.') + fraction;
    const bool zero
        = whole == QLatin1String("0") && !fraction.contains(QRegularExpression(QStringLiteral("[1-9]")));
    if (match.captured(1) == QLatin1String("-") && !zero)
        result.prepend(QLatin1Char('-'));
    return result;
}

std::optional<bool> booleanFrom(const QString &text)
{
    const QString lower = text.toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("1") || lower == QStringLiteral("да"))
        return true;
    if (lower == QLatin1String("false") || lower == QLatin1String("0") || lower == QStringLiteral("не"))
        return false;
    return std::nullopt;
}

} // namespace

QString toName(MunicipalFieldType type)
{
    switch (type) {
    case MunicipalFieldType::Text:
        return QStringLiteral("text");
    case MunicipalFieldType::Integer:
        return QStringLiteral("integer");
    case MunicipalFieldType::Decimal:
        return QStringLiteral("decimal");
    case MunicipalFieldType::Date:
        return QStringLiteral("date");
    case MunicipalFieldType::Boolean:
        return QStringLiteral("boolean");
    case MunicipalFieldType::Egn:
        return QStringLiteral("egn");
    case MunicipalFieldType::Eik:
        return QStringLiteral("eik");
    case MunicipalFieldType::Enum:
        return QStringLiteral("enum");
    }
    return {};
}

std::optional<MunicipalFieldType> municipalFieldTypeFromName(const QString &name)
{
    for (auto type : {MunicipalFieldType::Text, MunicipalFieldType::Integer, MunicipalFieldType::Decimal,
                      MunicipalFieldType::Date, MunicipalFieldType::Boolean, MunicipalFieldType::Egn,
                      MunicipalFieldType::Eik, MunicipalFieldType::Enum}) {
        if (toName(type) == name)
            return type;
    }
    return std::nullopt;
}

Status MunicipalRegisterField::validateDefinition() const
{
    static const QRegularExpression namePattern(QStringLiteral("^[a-z][a-z0-9_]{0,62}$"));
    if (!namePattern.match(name).hasMatch())
        return invalid(*this,
                       Tr::tr("a field name is a lower-case Latin letter followed by at most 62 letters, "
                              "digits or underscores."));
    // "number" is the entry number, the first column of every export.
    if (name == QLatin1String("number"))
        return invalid(*this, Tr::tr("the field name \"number\" is reserved for the entry number."));
    if (label.trimmed().isEmpty() || label.size() > kMaxLabelLength || hasForbiddenControl(label))
        return invalid(*this, Tr::tr("a field needs a label of at most %1 characters.").arg(kMaxLabelLength));
    if (type == MunicipalFieldType::Enum) {
        if (enumValues.isEmpty() || enumValues.size() > kMaxEnumValues)
            return invalid(*this,
                           Tr::tr("an enumeration needs between 1 and %1 values.").arg(kMaxEnumValues));
        QSet<QString> seen;
        for (const QString &value : enumValues) {
            if (value.trimmed() != value || value.isEmpty() || value.size() > kMaxLabelLength
                || hasForbiddenControl(value) || seen.contains(value))
                return invalid(*this,
                               Tr::tr("the values of an enumeration must be distinct, non-empty and "
                                      "without surrounding spaces."));
            seen.insert(value);
        }
    } else if (!enumValues.isEmpty()) {
        return invalid(*this, Tr::tr("only an enumeration has a list of values."));
    }
    if (type == MunicipalFieldType::Egn && isPublic)
        return invalid(*this, Tr::tr("an ЕГН field cannot be public."));
    return {};
}

Result<QJsonValue> MunicipalRegisterField::normalise(const QJsonValue &input) const
{
    if (input.isNull() || input.isUndefined())
        return QJsonValue(QJsonValue::Null);
    if (input.isArray() || input.isObject())
        return invalid(*this, Tr::tr("a single value is expected."));
    const QString text = input.isString() ? input.toString().trimmed() : QString();
    if (input.isString() && text.isEmpty())
        return QJsonValue(QJsonValue::Null);

    switch (type) {
    case MunicipalFieldType::Text: {
        if (!input.isString())
            return invalid(*this, Tr::tr("text is expected."));
        if (text.size() > kMaxTextLength)
            return invalid(*this,
                           Tr::tr("the text is too long (at most %1 characters).").arg(kMaxTextLength));
        if (hasForbiddenControl(text))
            return invalid(*this, Tr::tr("the text contains control characters."));
        return QJsonValue(text);
    }
    case MunicipalFieldType::Integer: {
        qint64 number = 0;
        if (input.isDouble()) {
            const double value = input.toDouble();
            if (value != double(qint64(value)) || std::abs(value) > double(kMaxInteger))
                return invalid(*this, Tr::tr("a whole number is expected."));
            number = qint64(value);
        } else if (input.isString()) {
            static const QRegularExpression pattern(QStringLiteral("^[+-]?[0-9]{1,16}$"));
            if (!pattern.match(text).hasMatch())
                return invalid(*this, Tr::tr("a whole number is expected."));
            number = text.toLongLong();
        } else {
            return invalid(*this, Tr::tr("a whole number is expected."));
        }
        if (number > kMaxInteger || number < -kMaxInteger)
            return invalid(*this, Tr::tr("the number is too large."));
        return QJsonValue(number);
    }
    case MunicipalFieldType::Decimal: {
        QString source = text;
        if (input.isDouble()) {
            const double value = input.toDouble();
            source = value == double(qint64(value)) && std::abs(value) <= double(kMaxInteger)
                ? QString::number(qint64(value))
                : QString::number(value, 'g', 15);
        } else if (!input.isString()) {
            return invalid(*this, Tr::tr("a decimal number is expected."));
        }
        const auto canonical = canonicalDecimal(source);
        if (!canonical)
            return invalid(*this, Tr::tr("a decimal number such as 12.50 is expected."));
        return QJsonValue(*canonical);
    }
    case MunicipalFieldType::Date: {
        QDate date;
        if (input.isString()) {
            date = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
            if (!date.isValid())
                date = QDate::fromString(text, QStringLiteral("dd.MM.yyyy"));
        }
        if (!date.isValid() || date.year() < 1000 || date.year() > 9999)
            return invalid(*this, Tr::tr("a date such as 2026-12-04 is expected."));
        return QJsonValue(date.toString(Qt::ISODate));
    }
    case MunicipalFieldType::Boolean: {
        if (input.isBool())
            return input;
        const auto value = input.isString() ? booleanFrom(text) : std::nullopt;
        if (!value)
            return invalid(*this, Tr::tr("yes or no (true or false) is expected."));
        return QJsonValue(*value);
    }
    case MunicipalFieldType::Egn: {
        if (!input.isString())
            return invalid(*this, Tr::tr("an ЕГН of ten digits is expected."));
        const Status valid = Egn::validate(text);
        if (!valid)
            // The rule that failed, with the field's name (Egn's detail never holds the number).
            return invalid(*this, valid.error().message,
                           QStringLiteral("field '%1', %2").arg(name, valid.error().detail));
        return QJsonValue(text);
    }
    case MunicipalFieldType::Eik: {
        const Status valid = input.isString()
            ? Eik::validate(text)
            : Status(makeError(ErrorCode::InvalidInput, Tr::tr("an ЕИК of 9 or 13 digits is expected.")));
        if (!valid)
            return invalid(*this, valid.error().message);
        return QJsonValue(text);
    }
    case MunicipalFieldType::Enum: {
        if (!input.isString() || !enumValues.contains(text))
            return invalid(
                *this,
                Tr::tr("one of these values is expected: %1.").arg(enumValues.join(QStringLiteral(", "))));
        return QJsonValue(text);
    }
    }
    return invalid(*this, Tr::tr("unknown field type."));
}

QString MunicipalRegisterField::valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toInteger());
    default:
        return {};
    }
}

QJsonObject MunicipalRegisterField::toJson() const
{
    QJsonObject object {
        {kName, name}, {kLabel, label}, {kType, toName(type)}, {kRequired, required}, {kPublic, isPublic}};
    if (type == MunicipalFieldType::Enum)
        object.insert(kValues, QJsonArray::fromStringList(enumValues));
    return object;
}

Result<MunicipalRegisterField> MunicipalRegisterField::fromJson(const QJsonObject &object)
{
    MunicipalRegisterField field;
    field.name = object.value(kName).toString();
    field.label = object.value(kLabel).toString();
    static const QSet<QString> known {kName, kLabel, kType, kRequired, kPublic, kValues};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return invalid(field, Tr::tr("unknown property \"%1\" in a field definition.").arg(it.key()));
    }
    if (!object.value(kType).isString())
        return invalid(field, Tr::tr("a field needs a type."));
    const auto type = municipalFieldTypeFromName(object.value(kType).toString());
    if (!type)
        return invalid(field,
                       Tr::tr("unknown field type \"%1\" (text, integer, decimal, date, boolean, egn, eik or "
                              "enum).")
                           .arg(object.value(kType).toString()));
    field.type = *type;
    for (const QString &key : {kRequired, kPublic}) {
        if (object.contains(key) && !object.value(key).isBool())
            return invalid(field, Tr::tr("\"%1\" is true or false.").arg(key));
    }
    field.required = object.value(kRequired).toBool(false);
    // ЕГН fields are private unless said otherwise (and then refused by validateDefinition).
    field.isPublic = object.value(kPublic).toBool(field.type != MunicipalFieldType::Egn);
    if (object.contains(kValues)) {
        if (!object.value(kValues).isArray())
            return invalid(field, Tr::tr("\"values\" is a list of texts."));
        for (const QJsonValue &value : object.value(kValues).toArray()) {
            if (!value.isString())
                return invalid(field, Tr::tr("\"values\" is a list of texts."));
            field.enumValues << value.toString();
        }
    }
    DMS_TRY(field.validateDefinition());
    return field;
}

} // namespace dms
