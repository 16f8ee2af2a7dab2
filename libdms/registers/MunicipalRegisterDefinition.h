// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "registers/MunicipalRegisterField.h"

#include <QDateTime>
#include <QList>

namespace dms {

/** A municipal register (регистър на разрешителните, на търговските обекти …) as an
 *  administrator defines it: a code used in its open-data URLs, a title, the
 *  licence of its open data, whether it is published, and its fields in order.
 *  Not to be confused with the registration registers (Register, RegistryService). */
struct MunicipalRegisterDefinition
{
    QString id;
    QString code; ///< a-z or 0-9, then up to 62 of a-z, 0-9 and '-': safe in any URL and file name
    QString title;
    QString description;
    QString license = defaultLicense();
    bool published = true;
    QList<MunicipalRegisterField> fields;
    QDateTime createdAt;
    QDateTime modifiedAt; ///< the definition or any entry changed
    qint64 entryCount = 0; ///< filled when read from the database

    static constexpr int kMaxFields = 100;
    static constexpr int kMaxTitleLength = 300;
    static constexpr int kMaxDescriptionLength = 4000;

    /** CC BY 4.0, the licence the open-data regulation recommends. */
    static QString defaultLicense() { return QStringLiteral("https://creativecommons.org/licenses/by/4.0/"); }
    /** Whether `code` is a well-formed register code. */
    static bool isValidCode(const QString &code);

    /** The field with this name, or nullptr. */
    const MunicipalRegisterField *field(const QString &name) const;
    /** The fields that may be published (isExported()), in order. */
    QList<MunicipalRegisterField> exportedFields() const;

    /** Checks the code, title, licence and every field (distinct names, at least one field).
     *  InvalidInput with a message naming the problem. */
    Status validate() const;

    /** {"code", "title", "description", "license", "published", "fields": […]}. */
    QJsonObject toJson() const;
    /** The definition from its JSON form (as an administrator writes it); validated.
     *  InvalidInput for unknown properties and field types too. */
    static Result<MunicipalRegisterDefinition> fromJson(const QJsonObject &object);
};

} // namespace dms
