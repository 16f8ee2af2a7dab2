// SPDX-License-Identifier: GPL-3.0-or-later
#include "registers/MunicipalRegisterDefinition.h"

#include "core/Tr.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace dms {

namespace {

const QString kCode = QStringLiteral("code");
const QString kTitle = QStringLiteral("title");
const QString kDescription = QStringLiteral("description");
const QString kLicense = QStringLiteral("license");
const QString kPublished = QStringLiteral("published");
const QString kFields = QStringLiteral("fields");

Error invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

} // namespace

bool MunicipalRegisterDefinition::isValidCode(const QString &code)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9-]{0,62}$"));
    return pattern.match(code).hasMatch();
}

const MunicipalRegisterField *MunicipalRegisterDefinition::field(const QString &name) const
{
    for (const MunicipalRegisterField &candidate : fields) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

QList<MunicipalRegisterField> MunicipalRegisterDefinition::exportedFields() const
{
    QList<MunicipalRegisterField> exported;
    for (const MunicipalRegisterField &candidate : fields) {
        if (candidate.isExported())
            exported << candidate;
    }
    return exported;
}

Status MunicipalRegisterDefinition::validate() const
{
    if (!isValidCode(code))
        return invalid(Tr::tr("A register code is a lower-case Latin letter or digit followed by at most 62 "
                              "letters, digits or hyphens, e.g. \"permits\"."));
    if (title.trimmed().isEmpty() || title.size() > kMaxTitleLength)
        return invalid(Tr::tr("A register needs a title of at most %1 characters.").arg(kMaxTitleLength));
    if (description.size() > kMaxDescriptionLength)
        return invalid(
            Tr::tr("The description is too long (at most %1 characters).").arg(kMaxDescriptionLength));
    const QUrl licenseUrl(license, QUrl::StrictMode);
    if (!licenseUrl.isValid()
        || (licenseUrl.scheme() != QLatin1String("https") && licenseUrl.scheme() != QLatin1String("http")))
        return invalid(Tr::tr("The licence is given as its http(s) address."));
    if (fields.isEmpty() || fields.size() > kMaxFields)
        return invalid(Tr::tr("A register needs between 1 and %1 fields.").arg(kMaxFields));
    QSet<QString> names;
    for (const MunicipalRegisterField &candidate : fields) {
        DMS_TRY(candidate.validateDefinition());
        if (names.contains(candidate.name))
            return invalid(Tr::tr("Two fields are named \"%1\".").arg(candidate.name));
        names.insert(candidate.name);
    }
    return {};
}

QJsonObject MunicipalRegisterDefinition::toJson() const
{
    QJsonArray fieldArray;
    for (const MunicipalRegisterField &candidate : fields)
        fieldArray.append(candidate.toJson());
    return {{kCode, code},       {kTitle, title},         {kDescription, description},
            {kLicense, license}, {kPublished, published}, {kFields, fieldArray}};
}

Result<MunicipalRegisterDefinition> MunicipalRegisterDefinition::fromJson(const QJsonObject &object)
{
    static const QSet<QString> known {kCode, kTitle, kDescription, kLicense, kPublished, kFields};
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return invalid(Tr::tr("Unknown property \"%1\" in a register definition.").arg(it.key()));
    }
    for (const QString &key : {kCode, kTitle, kDescription, kLicense}) {
        if (object.contains(key) && !object.value(key).isString())
            return invalid(Tr::tr("\"%1\" is a text.").arg(key));
    }
    if (object.contains(kPublished) && !object.value(kPublished).isBool())
        return invalid(Tr::tr("\"%1\" is true or false.").arg(kPublished));
    if (!object.value(kFields).isArray())
        return invalid(Tr::tr("A register definition needs a list of fields."));
    MunicipalRegisterDefinition definition;
    definition.code = object.value(kCode).toString();
    definition.title = object.value(kTitle).toString().trimmed();
    definition.description = object.value(kDescription).toString().trimmed();
    definition.license = object.value(kLicense).toString(defaultLicense());
    definition.published = object.value(kPublished).toBool(true);
    for (const QJsonValue &value : object.value(kFields).toArray()) {
        if (!value.isObject())
            return invalid(Tr::tr("Each field is a JSON object."));
        auto field = MunicipalRegisterField::fromJson(value.toObject());
        if (!field)
            return field.error();
        definition.fields << *field;
    }
    DMS_TRY(definition.validate());
    return definition;
}

} // namespace dms
