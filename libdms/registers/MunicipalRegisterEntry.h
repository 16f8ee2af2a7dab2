// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace dms {

/** What an entry of a municipal register is linked to. */
struct MunicipalRegisterLink
{
    enum class Kind { Document, CaseFile };
    Kind kind = Kind::Document;
    QString targetId;
    QDateTime linkedAt;
    QString linkedBy; ///< user id
};

/** One entry of a municipal register: numbered 1, 2, … without gaps per register;
 *  its values keyed by field name (typed JSON, see MunicipalRegisterField), absent
 *  when the field has no value. ЕГН values are masked for sessions without
 *  Permission::ViewPersonalData. */
struct MunicipalRegisterEntry
{
    QString id;
    QString registerCode;
    qint64 number = 0;
    QJsonObject values;
    int version = 0; ///< 1 when created, +1 per change; the expected version of an update
    QDateTime createdAt;
    QString createdBy; ///< user id
    QDateTime modifiedAt;
    QString modifiedBy;
    QList<MunicipalRegisterLink> links;
};

/** One field changed by one version of an entry: who, when, old → new (null when
 *  there was, or is, no value). Version 1 is the entry's creation. */
struct MunicipalRegisterChange
{
    int version = 0;
    QDateTime at;
    QString actorId;
    QString actorLogin;
    QString field;
    QJsonValue oldValue;
    QJsonValue newValue;
};

} // namespace dms
