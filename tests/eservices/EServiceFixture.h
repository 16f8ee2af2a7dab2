// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Egn.h"
#include "domain/Eik.h"
#include "eservices/AdministrativeService.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace dms::test {

/** A valid ЕГН and ЕИК made from their check-digit rules. */
inline QString validEgn()
{
    const QString nine = QStringLiteral("750101001");
    return nine + QString::number(Egn::checkDigit(nine));
}

inline QString validEik()
{
    const QString eight = QStringLiteral("12345678");
    return eight + QString::number(Eik::checkDigit(eight));
}

/** Service 2079 (14 working days) needing a sketch, in register `registerId`. */
inline AdministrativeService sketchService(const QString &registerId)
{
    AdministrativeService service;
    service.iisdaNumber = QStringLiteral("2079");
    service.name = QStringLiteral("Издаване на скица на поземлен имот");
    service.deadlineWorkingDays = 14;
    service.feeCents = 2000;
    service.requiredAttachments = {{QStringLiteral("sketch"), QStringLiteral("Скица")}};
    service.responsibleUnit = QStringLiteral("Дирекция УТ");
    service.registerId = registerId;
    return service;
}

/** A valid application for sketchService() as the portal sends it. */
inline QJsonObject applicationJson(const QString &reference, const QByteArray &sketch = "sketch bytes")
{
    return QJsonObject {
        {QStringLiteral("clientReference"), reference},
        {QStringLiteral("service"), QStringLiteral("2079")},
        {QStringLiteral("subject"), QStringLiteral("УПИ III-45, кв. 12")},
        {QStringLiteral("applicant"),
         QJsonObject {{QStringLiteral("kind"), QStringLiteral("citizen")},
                      {QStringLiteral("egn"), validEgn()},
                      {QStringLiteral("name"), QStringLiteral("Иван Петров Иванов")},
                      {QStringLiteral("email"), QStringLiteral("ivan@example.org")}}},
        {QStringLiteral("attachments"),
         QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("sketch")},
                                  {QStringLiteral("name"), QStringLiteral("skica.pdf")},
                                  {QStringLiteral("mediaType"), QStringLiteral("application/pdf")},
                                  {QStringLiteral("content"), QString::fromLatin1(sketch.toBase64())}}}}};
}

} // namespace dms::test
