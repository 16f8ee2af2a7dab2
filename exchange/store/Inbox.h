// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "exchange/message/DocumentStatus.h"

#include <QByteArray>
#include <QDate>
#include <QList>

namespace dms {
class Clock;
class Database;
} // namespace dms

namespace dms::exchange {

/** A document received for registration. */
struct InboxEntry
{
    QString id;
    QString senderGuid;
    QString documentGuid;
    QString messageGuid;
    /** The exact signed message; empty when it is kept in the blob store (messageBlob). */
    QByteArray content;
    /** The SHA-256 name of the blob holding a large message, or empty. */
    QString messageBlob;
    DocumentStatus status = DocumentStatus::WaitRegistration;
    QString registrationId;
    QString receiverNumber;
    QDate receiverDate;
    QString rejectionReason;
};

/** The persistent exchange inbox. A registration request becomes one entry per
 *  sender and DocumentGUID (enforced by a unique key), so a retried or duplicated
 *  request can never give a second entry nor a second registration. Statuses move
 *  only as DocumentStatusMachine allows. */
class Inbox
{
public:
    Inbox(Database &database, const Clock &clock);

    /** The new entry, or AlreadyExists with the existing entry's id as detail. The
     *  message is @p content, or (for a large one) the blob @p messageBlob. */
    Result<InboxEntry> add(const QString &senderGuid, const QString &documentGuid, const QString &messageGuid,
                           const QByteArray &content, const QString &messageBlob = {});
    Result<InboxEntry> find(const QString &id);
    Result<InboxEntry> findByDocument(const QString &senderGuid, const QString &documentGuid);
    Result<QList<InboxEntry>> list();

    /** Marks the entry as being registered; InvalidState when someone else did. */
    Status claim(const QString &id);
    /** Releases a claim after a failed registration. */
    Status release(const QString &id);
    /** DS_REGISTERED with our registration; only from a claimed DS_WAIT_REGISTRATION entry. */
    Status markRegistered(const QString &id, const QString &registrationId, const QString &number,
                          const QDate &date);
    Status markRejected(const QString &id, const QString &reason);
    Status move(const QString &id, DocumentStatus status);

private:
    /** The one entry matching `where`; NotFound naming `key` when none does. */
    Result<InboxEntry> selectOne(const QString &where, const QVariantList &params, const QString &key);
    Status transition(const QString &id, DocumentStatus to, const QString &sql, const QVariantList &params);
    Database &m_database;
    const Clock &m_clock;
};

} // namespace dms::exchange
