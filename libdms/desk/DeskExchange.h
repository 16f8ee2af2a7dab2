// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "sync/Outbox.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace dms {

class Database;
class SyncEngine;

/** A participant of the СЕОС registry as the office published it to desks
 *  (feed entity "exchange_participant"). */
struct DeskParticipant
{
    QString guid;
    QString identifier; ///< ЕИК/БУЛСТАТ
    QString name;
    bool active = true;
};

/** Where an entry was sent over СЕОС and what the recipient answered (the
 *  "exchange" list of the registration's feed data). */
struct DeskExchangeStatus
{
    QString recipientGuid;
    QString recipientName;
    /** "pending", "sent-failed" or a DS_* name (DS_WAIT_REGISTRATION, DS_REGISTERED, DS_REJECTED…). */
    QString status;
    QString receiverNumber;
    QDate receiverDate;
    QString rejectionReason;
    QDateTime updatedAt; ///< UTC
};

/** The desk's side of "Send by СЕОС": whether the office applies the
 *  "exchange.send" command (told at login), the participants it published, the
 *  statuses of an entry, and queueing the command. Reads the desk's replica
 *  (sync_replica); thread-safe. */
class DeskExchange
{
public:
    static inline const QString sendCommand = QStringLiteral("exchange.send");
    static inline const QString resendCommand = QStringLiteral("exchange.resend");

    explicit DeskExchange(Database &local);

    /** Does the office of this login (SyncEngine::lastLogin()) send by СЕОС? */
    static bool isAvailable(const QJsonObject &login);
    /** Does it also send again what failed ("exchange.resend")? */
    static bool isResendAvailable(const QJsonObject &login);
    /** Sending @p status failed for good, so it may be sent again. */
    static bool canResend(const DeskExchangeStatus &status);
    /** Active participants by name. */
    Result<QList<DeskParticipant>> participants();
    /** The statuses of an entry by registration id; empty when never sent. */
    Result<QList<DeskExchangeStatus>> statuses(const QString &registrationId);
    /** The statuses of the "exchange" list of a registration's feed data, oldest
     *  change first (as the office orders them). */
    static QList<DeskExchangeStatus> fromJson(const QJsonArray &exchange);
    /** A translated, one-line description of @p status, e.g. "Registered by the
     *  recipient as 12-34/05.12.2026". */
    static QString describe(const DeskExchangeStatus &status);
    /** The same in a few words for a list column, e.g. "Sent", "Rejected",
     *  "Registered by the recipient 12-34/05.12.2026". */
    static QString shortDescription(const DeskExchangeStatus &status);

    /** Queues "exchange.send" of a document (by id, or by the op_id of this
     *  desk's registration command when the entry has no number yet) to the
     *  participant @p recipientGuid. */
    static Result<OutboxEntry> send(SyncEngine &engine, const QString &documentId,
                                    const QString &registrationOpId, const QString &recipientGuid,
                                    const QString &comment = {});

    /** Queues "exchange.resend" of a document whose send to @p recipientGuid failed. */
    static Result<OutboxEntry> resend(SyncEngine &engine, const QString &documentId,
                                      const QString &recipientGuid);

private:
    Database &m_local;
};

} // namespace dms
