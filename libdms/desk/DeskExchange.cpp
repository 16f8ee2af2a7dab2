// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskExchange.h"

#include "core/Tr.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "sync/SyncEngine.h"

#include <QCollator>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace dms {

DeskExchange::DeskExchange(Database &local)
    : m_local(local)
{ }

bool DeskExchange::isAvailable(const QJsonObject &login)
{
    return login.value(QStringLiteral("commands")).toArray().contains(sendCommand);
}

bool DeskExchange::isResendAvailable(const QJsonObject &login)
{
    return login.value(QStringLiteral("commands")).toArray().contains(resendCommand);
}

bool DeskExchange::canResend(const DeskExchangeStatus &status)
{
    return status.status == QLatin1String("sent-failed");
}

Result<QList<DeskParticipant>> DeskExchange::participants()
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(
        *db, QStringLiteral("SELECT data FROM sync_replica WHERE entity = 'exchange_participant'"));
    if (!rows)
        return rows.error();
    QList<DeskParticipant> list;
    while (rows->next()) {
        const QJsonObject data = QJsonDocument::fromJson(rows->value(0).toString().toUtf8()).object();
        DeskParticipant p {data.value(QStringLiteral("guid")).toString(),
                           data.value(QStringLiteral("identifier")).toString(),
                           data.value(QStringLiteral("name")).toString(),
                           data.value(QStringLiteral("active")).toBool()};
        if (p.active && !p.guid.isEmpty())
            list.append(p);
    }
    QCollator collator;
    std::sort(list.begin(), list.end(), [&collator](const DeskParticipant &a, const DeskParticipant &b) {
        return collator.compare(a.name, b.name) < 0;
    });
    return list;
}

Result<QList<DeskExchangeStatus>> DeskExchange::statuses(const QString &registrationId)
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto value = Sql::scalar(
        *db, QStringLiteral("SELECT data FROM sync_replica WHERE entity = 'registration' AND entity_id = ?"),
        {registrationId});
    if (!value)
        return value.error().code == ErrorCode::NotFound
            ? Result<QList<DeskExchangeStatus>>(QList<DeskExchangeStatus>())
            : Result<QList<DeskExchangeStatus>>(value.error());
    const QJsonObject data = QJsonDocument::fromJson(value->toString().toUtf8()).object();
    return fromJson(data.value(QStringLiteral("exchange")).toArray());
}

QList<DeskExchangeStatus> DeskExchange::fromJson(const QJsonArray &exchange)
{
    QList<DeskExchangeStatus> list;
    for (const QJsonValue &item : exchange) {
        const QJsonObject o = item.toObject();
        list.append(
            {o.value(QStringLiteral("recipient_guid")).toString(),
             o.value(QStringLiteral("recipient_name")).toString(),
             o.value(QStringLiteral("status")).toString(),
             o.value(QStringLiteral("receiver_number")).toString(),
             QDate::fromString(o.value(QStringLiteral("receiver_date")).toString(), Qt::ISODate),
             o.value(QStringLiteral("rejection_reason")).toString(),
             QDateTime::fromString(o.value(QStringLiteral("updated_at")).toString(), Qt::ISODateWithMs)});
    }
    return list;
}

QString DeskExchange::shortDescription(const DeskExchangeStatus &status)
{
    const QString &s = status.status;
    if (s == QLatin1String("pending"))
        return Tr::tr("Queued");
    if (s == QLatin1String("sent-failed"))
        return Tr::tr("Send failed");
    if (s == QLatin1String("DS_WAIT_REGISTRATION"))
        return Tr::tr("Sent");
    if (s == QLatin1String("DS_REGISTERED"))
        return status.receiverNumber.isEmpty()
            ? Tr::tr("Registered by the recipient")
            : Tr::tr("Registered by the recipient %1/%2")
                  .arg(status.receiverNumber, status.receiverDate.toString(QStringLiteral("dd.MM.yyyy")));
    if (s == QLatin1String("DS_REJECTED"))
        return Tr::tr("Rejected");
    if (s == QLatin1String("DS_ALREADY_RECEIVED"))
        return Tr::tr("Already received");
    if (s == QLatin1String("DS_CLOSED"))
        return Tr::tr("Closed by the recipient");
    if (s == QLatin1String("DS_STOPPED"))
        return Tr::tr("Stopped by the recipient");
    if (s == QLatin1String("DS_NOT_FOUND"))
        return Tr::tr("Not found at the recipient");
    return s;
}

QString DeskExchange::describe(const DeskExchangeStatus &status)
{
    const QString &s = status.status;
    if (s == QLatin1String("pending"))
        return Tr::tr("Queued for sending");
    if (s == QLatin1String("sent-failed"))
        return Tr::tr("Sending failed");
    if (s == QLatin1String("DS_WAIT_REGISTRATION"))
        return Tr::tr("Delivered, awaiting registration");
    if (s == QLatin1String("DS_REGISTERED"))
        return status.receiverNumber.isEmpty()
            ? Tr::tr("Registered by the recipient")
            : Tr::tr("Registered by the recipient as %1/%2")
                  .arg(status.receiverNumber, status.receiverDate.toString(QStringLiteral("dd.MM.yyyy")));
    if (s == QLatin1String("DS_REJECTED"))
        return Tr::tr("Rejected by the recipient: %1").arg(status.rejectionReason);
    if (s == QLatin1String("DS_ALREADY_RECEIVED"))
        return Tr::tr("Already received by the recipient");
    if (s == QLatin1String("DS_CLOSED"))
        return Tr::tr("Closed by the recipient");
    if (s == QLatin1String("DS_STOPPED"))
        return Tr::tr("Stopped by the recipient");
    if (s == QLatin1String("DS_NOT_FOUND"))
        return Tr::tr("Not found at the recipient");
    return s;
}

Result<OutboxEntry> DeskExchange::send(SyncEngine &engine, const QString &documentId,
                                       const QString &registrationOpId, const QString &recipientGuid,
                                       const QString &comment)
{
    if (recipientGuid.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Choose the administration to send to."));
    QJsonObject payload {{QStringLiteral("recipient_guid"), recipientGuid}};
    if (!documentId.isEmpty())
        payload.insert(QStringLiteral("document_id"), documentId);
    else if (!registrationOpId.isEmpty())
        payload.insert(QStringLiteral("registration_op_id"), registrationOpId);
    else
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document to send is not known."));
    if (!comment.trimmed().isEmpty())
        payload.insert(QStringLiteral("comment"), comment.trimmed());
    return engine.submit(sendCommand, payload);
}

Result<OutboxEntry> DeskExchange::resend(SyncEngine &engine, const QString &documentId,
                                         const QString &recipientGuid)
{
    if (documentId.isEmpty() || recipientGuid.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("The document to send is not known."));
    return engine.submit(
        resendCommand,
        {{QStringLiteral("document_id"), documentId}, {QStringLiteral("recipient_guid"), recipientGuid}});
}

} // namespace dms
