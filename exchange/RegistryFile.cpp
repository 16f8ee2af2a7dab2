// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange/RegistryFile.h"

#include "core/Tr.h"
#include "exchange/CertificateSerial.h"
#include "exchange/message/ExchangeGuid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

namespace dms::exchange {

namespace {

constexpr qsizetype s_maxFileBytes = 64 * 1024 * 1024;

Error bad(int index, const QString &why)
{
    return makeError(ErrorCode::InvalidInput, Tr::tr("The participant registry file is not valid."),
                     QStringLiteral("record %1: %2").arg(index + 1).arg(why));
}

} // namespace

Result<QList<ParticipantRecord>> RegistryFile::parse(const QByteArray &json)
{
    if (json.size() > s_maxFileBytes)
        return bad(-1, QStringLiteral("file too large"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The participant registry file is not valid."),
                         error.error != QJsonParseError::NoError ? error.errorString()
                                                                 : QStringLiteral("not an array"));
    static const QRegularExpression eik(QStringLiteral("^([0-9]{9}|[0-9]{10}|[0-9]{13})$"));
    QList<ParticipantRecord> records;
    const QJsonArray array = doc.array();
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        ParticipantRecord r;
        r.guid = ExchangeGuid::normalized(o.value(QLatin1String("guid")).toString());
        r.identifier = o.value(QLatin1String("identifier")).toString().trimmed();
        r.name = o.value(QLatin1String("name")).toString().trimmed();
        r.certificateSerialHex
            = CertificateSerial::normalizedHex(o.value(QLatin1String("certificateSN")).toString());
        r.endpointUri = o.value(QLatin1String("endpoint")).toString().trimmed();
        r.active = o.value(QLatin1String("active")).toBool(true);
        r.lastChange
            = QDateTime::fromString(o.value(QLatin1String("lastChange")).toString(), Qt::ISODateWithMs);
        if (r.guid.isEmpty())
            return bad(i, QStringLiteral("guid"));
        if (!eik.match(r.identifier).hasMatch())
            return bad(i, QStringLiteral("identifier"));
        if (r.name.isEmpty() || r.name.size() > 120)
            return bad(i, QStringLiteral("name"));
        if (r.certificateSerialHex.isEmpty())
            return bad(i, QStringLiteral("certificateSN"));
        const QUrl url(r.endpointUri, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
            return bad(i, QStringLiteral("endpoint"));
        records.append(r);
    }
    return records;
}

QByteArray RegistryFile::write(const QList<ParticipantRecord> &records)
{
    QJsonArray array;
    for (const ParticipantRecord &r : records) {
        QJsonObject o {{QStringLiteral("guid"), r.guid},
                       {QStringLiteral("identifier"), r.identifier},
                       {QStringLiteral("name"), r.name},
                       {QStringLiteral("certificateSN"), r.certificateSerialHex},
                       {QStringLiteral("endpoint"), r.endpointUri},
                       {QStringLiteral("active"), r.active}};
        if (r.lastChange.isValid())
            o.insert(QStringLiteral("lastChange"), r.lastChange.toUTC().toString(Qt::ISODateWithMs));
        array.append(o);
    }
    return QJsonDocument(array).toJson();
}

} // namespace dms::exchange
