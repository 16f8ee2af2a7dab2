// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace dms {

struct ServiceContext;
class ChangeNotifier;

/** A block of a register's numbers reserved for one desk. */
struct NumberLease
{
    QString id;
    QString registerId;
    int year = 0;
    QString deskId;
    qint64 firstNumber = 0;
    qint64 lastNumber = 0;
    QDateTime grantedAt;
    QString grantedBy;
    bool active = true;
    QDateTime returnedAt;
};

/** Leased number blocks for outages (docs/sync.md), administrator-only and journalled.
 *
 *  grant() advances the register's counter by the block size in the same
 *  transaction as the lease, so the block's numbers are never issued to anyone
 *  else; the desk then registers with them (RegistrationService's reserved
 *  number path), and the server accepts a number only inside an active lease of
 *  that desk (covers(), in the command's transaction). returnLease() ends the
 *  lease and writes each number the desk did not use as an annulled entry with
 *  the reason, so the register stays gap-free and the numbers are never reused;
 *  the entries reach the desks through the change feed. Thread-safe. */
class NumberLeases
{
public:
    /** `notifier` (optional) wakes long-polling desks after a return. */
    explicit NumberLeases(ServiceContext &context, ChangeNotifier *notifier = nullptr);

    static constexpr int kMaxBlockSize = 1000;

    /** Reserves the next `count` numbers of the register's current year for the desk. */
    Result<NumberLease> grant(const Session &session, const QString &registerId, const QString &deskId,
                              int count);
    /** Ends an active lease; returns how many unused numbers were annulled. */
    Result<int> returnLease(const Session &session, const QString &leaseId, const QString &reason);
    /** All leases (of one desk if `deskId` is given), newest first. */
    Result<QList<NumberLease>> list(const QString &deskId = {});

    /** Whether the desk holds an active lease covering the number, read on the
     *  caller's connection (inside its transaction). */
    static Status covers(const QSqlDatabase &db, const QString &deskId, const QString &registerId, int year,
                         qint64 number);

private:
    ServiceContext &m_context;
    ChangeNotifier *m_notifier;
};

} // namespace dms
