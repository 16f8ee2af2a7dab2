// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/NumberLeases.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "services/RegistrationService.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/ChangeFeed.h"
#include "sync/ChangeNotifier.h"
#include "sync/SyncCommandApplier.h"

#include <QSet>

namespace dms {

namespace {

const QString kSelect
    = QStringLiteral("SELECT id, register_id, year, desk_id, first_number, last_number, granted_at,"
                     " granted_by, state, returned_at FROM number_lease ");

NumberLease leaseFrom(const QSqlQuery &row)
{
    NumberLease lease;
    lease.id = row.value(0).toString();
    lease.registerId = row.value(1).toString();
    lease.year = row.value(2).toInt();
    lease.deskId = row.value(3).toString();
    lease.firstNumber = row.value(4).toLongLong();
    lease.lastNumber = row.value(5).toLongLong();
    lease.grantedAt = QDateTime::fromString(row.value(6).toString(), Qt::ISODateWithMs);
    lease.grantedBy = row.value(7).toString();
    lease.active = row.value(8).toString() == QLatin1String("active");
    if (!row.value(9).isNull())
        lease.returnedAt = QDateTime::fromString(row.value(9).toString(), Qt::ISODateWithMs);
    return lease;
}

/** The published form of a lease (entity "number_lease" of the feed): every desk
 *  receives it, the desk it names uses it. */
SyncChange leaseChange(const NumberLease &lease, const QDateTime &now)
{
    return {0,
            QStringLiteral("number_lease"),
            lease.id,
            QStringLiteral("internal"),
            {{QStringLiteral("id"), lease.id},
             {QStringLiteral("desk_id"), lease.deskId},
             {QStringLiteral("register_id"), lease.registerId},
             {QStringLiteral("year"), lease.year},
             {QStringLiteral("first_number"), lease.firstNumber},
             {QStringLiteral("last_number"), lease.lastNumber},
             {QStringLiteral("state"), lease.active ? QStringLiteral("active") : QStringLiteral("returned")}},
            now};
}

} // namespace

NumberLeases::NumberLeases(ServiceContext &context, ChangeNotifier *notifier)
    : m_context(context)
    , m_notifier(notifier)
{ }

Result<NumberLease> NumberLeases::grant(const Session &session, const QString &registerId,
                                        const QString &deskId, int count)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    if (count < 1 || count > kMaxBlockSize)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("A leased block holds 1 to %1 numbers.").arg(kMaxBlockSize));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    auto active = Sql::scalar(db, QStringLiteral("SELECT active FROM register WHERE id = ?"), {registerId});
    if (!active)
        return active.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, Tr::tr("No such register."), registerId)
            : active.error();
    if (active->toInt() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("This register is closed."), registerId);
    auto desk = Sql::scalar(db, QStringLiteral("SELECT active FROM sync_desk WHERE id = ?"), {deskId});
    if (!desk)
        return desk.error().code == ErrorCode::NotFound
            ? makeError(ErrorCode::NotFound, Tr::tr("No such desk."), deskId)
            : desk.error();
    if (desk->toInt() != 1)
        return makeError(ErrorCode::InvalidState, Tr::tr("This desk is disabled."), deskId);

    const QDateTime now = m_context.clock.now().toUTC();
    NumberLease lease;
    lease.id = Ids::create(now);
    lease.registerId = registerId;
    lease.year = now.toTimeZone(m_context.timeZone).date().year();
    lease.deskId = deskId;
    lease.grantedAt = now;
    lease.grantedBy = session.userId;
    // The same counter row as RegistrationService: the UPDATE holds it locked until commit.
    DMS_TRY(Sql::exec(db,
                      QStringLiteral("INSERT INTO register_counter (register_id, year, last_number)"
                                     " VALUES (?, ?, 0) ON CONFLICT DO NOTHING"),
                      {registerId, lease.year}));
    auto bumped = Sql::exec(db,
                            QStringLiteral("UPDATE register_counter SET last_number = last_number + ?"
                                           " WHERE register_id = ? AND year = ? RETURNING last_number"),
                            {count, registerId, lease.year});
    if (!bumped)
        return bumped.error();
    if (!bumped->next())
        return makeError(ErrorCode::Internal, Tr::tr("Could not reserve the numbers."));
    lease.lastNumber = bumped->value(0).toLongLong();
    lease.firstNumber = lease.lastNumber - count + 1;
    bumped->finish();
    DMS_TRY(Sql::exec(db,
                      QStringLiteral("INSERT INTO number_lease (id, register_id, year, desk_id, first_number,"
                                     " last_number, granted_at, granted_by, state)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')"),
                      {lease.id, registerId, lease.year, deskId, lease.firstNumber, lease.lastNumber,
                       Sql::toText(now), session.userId}));
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("number-lease.grant"),
                                             QStringLiteral("number-lease"),
                                             lease.id,
                                             {{QStringLiteral("registerId"), registerId},
                                              {QStringLiteral("deskId"), deskId},
                                              {QStringLiteral("year"), lease.year},
                                              {QStringLiteral("first"), lease.firstNumber},
                                              {QStringLiteral("last"), lease.lastNumber}}}));
    QList<SyncChange> changes {leaseChange(lease, now)};
    DMS_TRY(ChangeFeed::append(*tx, changes)); // last: see ChangeFeed
    DMS_TRY(tx->commit());
    if (m_notifier)
        m_notifier->published(changes.constLast().seq);
    return lease;
}

Result<int> NumberLeases::returnLease(const Session &session, const QString &leaseId, const QString &reason)
{
    DMS_TRY(session.require(Permission::ManageRegistries));
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return makeError(ErrorCode::InvalidInput, Tr::tr("Give the reason for the annulment."));
    if (why.size() > RegistrationService::kMaxReasonLength)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The reason is too long."));

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QSqlDatabase &db = tx->connection();
    // Marking the lease returned first locks its row: a concurrent return waits,
    // and a registration with a number of this lease committed after this point
    // finds the number's annulled entry and is refused by the unique key.
    const QDateTime now = m_context.clock.now().toUTC();
    auto ended = Sql::exec(db,
                           QStringLiteral("UPDATE number_lease SET state = 'returned', returned_at = ?,"
                                          " returned_by = ? WHERE id = ? AND state = 'active'"),
                           {Sql::toText(now), session.userId, leaseId});
    if (!ended)
        return ended.error();
    if (ended->numRowsAffected() != 1) {
        auto known
            = Sql::scalar(db, QStringLiteral("SELECT state FROM number_lease WHERE id = ?"), {leaseId});
        if (known)
            return makeError(ErrorCode::InvalidState, Tr::tr("This lease was already returned."), leaseId);
        return makeError(ErrorCode::NotFound, Tr::tr("No such lease."), leaseId);
    }
    ended->finish();
    auto row = Sql::exec(db, kSelect + QStringLiteral("WHERE id = ?"), {leaseId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such lease."), leaseId);
    const NumberLease lease = leaseFrom(*row);
    row->finish();

    QSet<qint64> used;
    auto taken = Sql::exec(db,
                           QStringLiteral("SELECT number FROM registration WHERE register_id = ? AND year = ?"
                                          " AND sub_number = 0 AND number BETWEEN ? AND ?"),
                           {lease.registerId, lease.year, lease.firstNumber, lease.lastNumber});
    if (!taken)
        return taken.error();
    while (taken->next())
        used.insert(taken->value(0).toLongLong());
    taken->finish();

    RegistrationService registrations(m_context);
    QList<SyncChange> changes;
    int annulled = 0;
    for (qint64 number = lease.firstNumber; number <= lease.lastNumber; ++number) {
        if (used.contains(number))
            continue;
        NewRegistration placeholder;
        placeholder.registerId = lease.registerId;
        placeholder.reservedNumber = number;
        placeholder.reservedYear = lease.year;
        placeholder.document.kind = Tr::tr("Unused leased number");
        placeholder.document.subject = why;
        placeholder.document.channel = Channel::Internal;
        auto entry = registrations.registerDocument(session, placeholder);
        if (!entry)
            return entry.error();
        DMS_TRY(registrations.annul(session, entry->id, why));
        QString access;
        auto data = SyncCommandApplier::registrationData(db, entry->id, &access);
        if (!data)
            return data.error();
        changes.append({0, QStringLiteral("registration"), entry->id, access, *data, now});
        ++annulled;
    }
    DMS_TRY(AuditJournal::append(*tx, session.login, now,
                                 AuditEvent {QStringLiteral("number-lease.return"),
                                             QStringLiteral("number-lease"),
                                             lease.id,
                                             {{QStringLiteral("reason"), why},
                                              {QStringLiteral("annulled"), annulled},
                                              {QStringLiteral("used"), int(used.size())}}}));
    changes.append(leaseChange(lease, now));
    DMS_TRY(ChangeFeed::append(*tx, changes)); // last: see ChangeFeed
    DMS_TRY(tx->commit());
    if (m_notifier)
        m_notifier->published(changes.constLast().seq);
    return annulled;
}

Result<QList<NumberLease>> NumberLeases::list(const QString &deskId)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows = deskId.isEmpty()
        ? Sql::exec(*db, kSelect + QStringLiteral("ORDER BY granted_at DESC, id DESC"))
        : Sql::exec(*db, kSelect + QStringLiteral("WHERE desk_id = ? ORDER BY granted_at DESC, id DESC"),
                    {deskId});
    if (!rows)
        return rows.error();
    QList<NumberLease> leases;
    while (rows->next())
        leases.append(leaseFrom(*rows));
    return leases;
}

Status NumberLeases::covers(const QSqlDatabase &db, const QString &deskId, const QString &registerId,
                            int year, qint64 number)
{
    auto row = Sql::exec(db,
                         QStringLiteral("SELECT 1 FROM number_lease WHERE desk_id = ? AND register_id = ?"
                                        " AND year = ? AND state = 'active' AND first_number <= ?"
                                        " AND last_number >= ?"),
                         {deskId, registerId, year, number, number});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::PermissionDenied, Tr::tr("This number is not in a lease of this desk."),
                         QString::number(number));
    return {};
}

} // namespace dms
