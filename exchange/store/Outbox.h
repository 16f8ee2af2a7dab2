// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/message/DocumentStatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace dms {
class Clock;
class Database;
class Transaction;
} // namespace dms

namespace dms::exchange {

/** One signed message waiting to go (or gone) to a peer. */
struct OutboxEntry
{
    enum class State { Pending, Sent, Failed };
    QString id;
    QString messageGuid;
    QString recipientGuid;
    QString messageType;
    QString documentGuid;
    /** The exact signed message; empty when it is kept in the blob store (messageBlob). */
    QByteArray content;
    /** The SHA-256 name of the blob holding a large signed message, or empty. */
    QString messageBlob;
    State state = State::Pending;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QString lastError;
};

/** The status of a document we sent, as the receiver reported it. */
struct SentDocument
{
    QString documentGuid;
    QString recipientGuid;
    QString documentId;
    /** "pending", "sent-failed" or a DS_* name. */
    QString status;
    QString receiverNumber;
    QDate receiverDate;
    QString rejectionReason;
};

/** The persistent outbox: signed messages are stored before the first attempt and
 *  resent unchanged (same MessageGUID) on the retry schedule; a delivery failure
 *  (network, timeout, SOAP fault) schedules a retry, an error or invalid reply stops.
 *  Each status of a sent document (queued, delivered, the receiver's answer,
 *  failed) publishes its registration again in the desks' change feed, in the
 *  same transaction, so desks show it (the "exchange" list of the registration). */
class Outbox
{
public:
    Outbox(Database &database, const Clock &clock);

    /** Stores a message; for a registration request also starts tracking its document. */
    Result<QString> enqueue(const OutboxEntry &entry, const QString &documentId = {});
    /** Pending entries due at the clock's now, oldest first. */
    Result<QList<OutboxEntry>> due();
    Result<QList<OutboxEntry>> list();
    Result<OutboxEntry> find(const QString &id);

    Status markSent(const QString &id);
    /** A delivery failure: schedules the next retry, or fails the entry after the last. */
    Status markAttemptFailed(const QString &id, const QString &error);
    /** A definitive failure (MSG_Error, invalid reply): no more retries. */
    Status markFailed(const QString &id, const QString &error);
    /** Puts a failed entry back to pending, due now (the clerk's "resend"). */
    Status resend(const QString &id);

    /** Records a status reported by the receiver of a document we sent. */
    Status recordStatus(const QString &documentGuid, const QString &recipientGuid, const QString &status,
                        const QString &number = {}, const QDate &date = {}, const QString &reason = {});
    Result<SentDocument> sentDocument(const QString &documentGuid, const QString &recipientGuid);

private:
    /** Appends the registrations of @p documentId to the change feed (last in the transaction). */
    static Status publishDocument(Transaction &transaction, const QString &documentId, const QDateTime &now);

    Database &m_database;
    const Clock &m_clock;
};

} // namespace dms::exchange
