// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/DeskDirectory.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QRegularExpression>

namespace dms {

DeskDirectory::DeskDirectory(ServiceContext &context)
    : m_context(context)
{ }

bool DeskDirectory::isValidFingerprint(const QString &certSha256)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(certSha256).hasMatch();
}

Result<Desk> DeskDirectory::add(const Session &session, const QString &name, const QString &certSha256)
{
    DMS_TRY(session.require(Permission::ManageUsers));
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 100)
        return makeError(ErrorCode::InvalidInput, Tr::tr("Give the desk a name of at most 100 characters."));
    if (!isValidFingerprint(certSha256))
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The certificate fingerprint must be 64 lower-case hexadecimal digits."));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    const QDateTime now = m_context.clock.now().toUTC();
    Desk desk {Ids::create(now), trimmed, certSha256, true};
    auto inserted = Sql::exec(
        tx->connection(),
        QStringLiteral(
            "INSERT INTO sync_desk (id, name, cert_sha256, active, created_at) VALUES (?, ?, ?, 1, ?)"),
        {desk.id, desk.name, desk.certSha256, Sql::toText(now)});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::AlreadyExists)
            return makeError(ErrorCode::AlreadyExists,
                             Tr::tr("A desk with this name or certificate is already registered."));
        return inserted.error();
    }
    DMS_TRY(AuditJournal::append(
        *tx, session.login, now,
        AuditEvent {QStringLiteral("sync.desk.add"),
                    QStringLiteral("sync_desk"),
                    desk.id,
                    {{QStringLiteral("name"), desk.name}, {QStringLiteral("certSha256"), desk.certSha256}}}));
    DMS_TRY(tx->commit());
    return desk;
}

Status DeskDirectory::remove(const Session &session, const QString &deskId)
{
    DMS_TRY(session.require(Permission::ManageUsers));
    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    auto updated
        = Sql::exec(tx->connection(),
                    QStringLiteral("UPDATE sync_desk SET active = 0 WHERE id = ? AND active = 1"), {deskId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::NotFound, Tr::tr("No such active desk."), deskId);
    updated->finish();
    DMS_TRY(
        Sql::exec(tx->connection(), QStringLiteral("DELETE FROM sync_session WHERE desk_id = ?"), {deskId}));
    DMS_TRY(AuditJournal::append(
        *tx, session.login, m_context.clock.now().toUTC(),
        AuditEvent {QStringLiteral("sync.desk.remove"), QStringLiteral("sync_desk"), deskId, {}}));
    return tx->commit();
}

Result<QList<Desk>> DeskDirectory::list()
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db, QStringLiteral("SELECT id, name, cert_sha256, active FROM sync_desk ORDER BY name"));
    if (!rows)
        return rows.error();
    QList<Desk> desks;
    while (rows->next())
        desks.append({rows->value(0).toString(), rows->value(1).toString(), rows->value(2).toString(),
                      rows->value(3).toInt() == 1});
    return desks;
}

Result<Desk> DeskDirectory::findByCertificate(const QString &certSha256)
{
    auto refused = makeError(ErrorCode::PermissionDenied,
                             Tr::tr("This workstation's certificate is not registered as a desk."));
    if (!isValidFingerprint(certSha256))
        return refused;
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db, QStringLiteral("SELECT id, name, active FROM sync_desk WHERE cert_sha256 = ?"),
                         {certSha256});
    if (!row)
        return row.error();
    if (!row->next() || row->value(2).toInt() != 1)
        return refused;
    return Desk {row->value(0).toString(), row->value(1).toString(), certSha256, true};
}

} // namespace dms
