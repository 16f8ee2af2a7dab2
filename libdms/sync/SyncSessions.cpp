// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SyncSessions.h"

#include "audit/AuditJournal.h"
#include "core/Clock.h"
#include "core/Tr.h"
#include "services/ServiceContext.h"
#include "services/UserService.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/DeskDirectory.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace dms {

namespace {

QString tokenHash(const QString &token)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(token.toLatin1(), QCryptographicHash::Sha256).toHex());
}

Error refused()
{
    return makeError(ErrorCode::PermissionDenied,
                     Tr::tr("Log in on this desk first (the session is unknown or "
                            "has expired)."));
}

} // namespace

SyncSessions::SyncSessions(ServiceContext &context, std::chrono::seconds lifetime)
    : m_context(context)
    , m_lifetime(lifetime)
{ }

Result<SyncLogin> SyncSessions::login(const Desk &desk, const QString &userLogin)
{
    UserService users(m_context);
    auto session = users.sessionFor(userLogin.trimmed());
    if (!session)
        return session.error().code == ErrorCode::Storage
            ? session.error()
            : makeError(ErrorCode::PermissionDenied, Tr::tr("No active user with this login."));

    quint32 random[8];
    QRandomGenerator::system()->fillRange(random);
    SyncLogin login;
    login.token
        = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(random), sizeof random).toHex());
    const QDateTime now = m_context.clock.now().toUTC();
    login.expiresAt = now.addSecs(m_lifetime.count());
    login.session = *session;

    auto tx = Transaction::begin(m_context.database);
    if (!tx)
        return tx.error();
    // Expired sessions are cleared here rather than by a timer.
    DMS_TRY(Sql::exec(tx->connection(), QStringLiteral("DELETE FROM sync_session WHERE expires_at < ?"),
                      {Sql::toText(now)}));
    DMS_TRY(Sql::exec(
        tx->connection(),
        QStringLiteral("INSERT INTO sync_session (token_sha256, desk_id, user_id, created_at,"
                       " expires_at) VALUES (?, ?, ?, ?, ?)"),
        {tokenHash(login.token), desk.id, session->userId, Sql::toText(now), Sql::toText(login.expiresAt)}));
    DMS_TRY(AuditJournal::append(*tx, session->login, now,
                                 AuditEvent {QStringLiteral("sync.login"),
                                             QStringLiteral("sync_desk"),
                                             desk.id,
                                             {{QStringLiteral("desk"), desk.name}}}));
    DMS_TRY(tx->commit());
    return login;
}

Result<Session> SyncSessions::authenticate(const Desk &desk, const QString &token)
{
    if (token.size() != 64)
        return refused();
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto row = Sql::exec(*db,
                         QStringLiteral("SELECT s.desk_id, s.expires_at, u.login FROM sync_session s"
                                        " JOIN app_user u ON u.id = s.user_id WHERE s.token_sha256 = ?"),
                         {tokenHash(token)});
    if (!row)
        return row.error();
    if (!row->next() || row->value(0).toString() != desk.id
        || Sql::toDateTime(row->value(1)) <= m_context.clock.now().toUTC())
        return refused();
    const QString userLogin = row->value(2).toString();
    row->finish();
    UserService users(m_context);
    auto session = users.sessionFor(userLogin);
    if (!session)
        return session.error().code == ErrorCode::Storage ? session.error() : refused();
    return *session;
}

Status SyncSessions::logout(const Desk &desk, const QString &token)
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    DMS_TRY(Sql::exec(*db, QStringLiteral("DELETE FROM sync_session WHERE token_sha256 = ? AND desk_id = ?"),
                      {tokenHash(token), desk.id}));
    return {};
}

} // namespace dms
