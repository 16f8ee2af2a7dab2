// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskSigningReader.h"

#include "core/Tr.h"
#include "storage/Database.h"
#include "storage/Sql.h"

namespace dms {

namespace {

const QString kColumns = QStringLiteral(
    "SELECT s.id, s.title, s.note, s.register_id, s.document_kind, s.access_level, s.recipient_guid,"
    " s.file_name, s.draft_sha256, s.author_id, COALESCE(NULLIF(a.full_name, ''), a.login, s.author_id),"
    " s.signer_id, COALESCE(NULLIF(g.full_name, ''), g.login, s.signer_id), s.status, s.reason,"
    " s.signed_sha256, s.registration_id, s.registration_index, s.send_status, s.send_note,"
    " s.created_at, s.decided_at FROM desk_signing_route s"
    " LEFT JOIN desk_user a ON a.id = s.author_id LEFT JOIN desk_user g ON g.id = s.signer_id ");

SigningRoute routeFrom(const QSqlQuery &row)
{
    SigningRoute r;
    r.id = row.value(0).toString();
    r.title = row.value(1).toString();
    r.note = row.value(2).toString();
    r.registerId = row.value(3).toString();
    r.kind = row.value(4).toString();
    r.accessLevel = row.value(5).toString();
    r.recipientGuid = row.value(6).toString();
    r.fileName = row.value(7).toString();
    r.draftSha256 = row.value(8).toString();
    r.authorId = row.value(9).toString();
    r.authorName = row.value(10).toString();
    r.signerId = row.value(11).toString();
    r.signerName = row.value(12).toString();
    r.status = row.value(13).toString();
    r.reason = row.value(14).toString();
    r.signedSha256 = row.value(15).toString();
    r.registrationId = row.value(16).toString();
    r.registrationIndex = row.value(17).toString();
    r.sendStatus = row.value(18).toString();
    r.sendNote = row.value(19).toString();
    r.createdAt = Sql::toDateTime(row.value(20));
    r.decidedAt = Sql::toDateTime(row.value(21));
    return r;
}

} // namespace

DeskSigningReader::DeskSigningReader(Database &local)
    : m_local(local)
{ }

Result<QList<SigningRoute>> DeskSigningReader::select(const Session &session, const QString &condition,
                                                      const QVariantList &params, const QString &order)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    auto db = m_local.connection();
    if (!db)
        return db.error();
    QString sql = kColumns + QStringLiteral("WHERE ") + condition;
    if (!session.can(Permission::ReadRestricted))
        sql += QStringLiteral(" AND s.access_level <> 'restricted'");
    auto rows = Sql::exec(*db, sql + QStringLiteral(" ORDER BY ") + order, params);
    if (!rows)
        return rows.error();
    QList<SigningRoute> routes;
    while (rows->next())
        routes.append(routeFrom(*rows));
    return routes;
}

Result<QList<SigningRoute>> DeskSigningReader::awaitingSignature(const Session &session)
{
    return select(session, QStringLiteral("s.signer_id = ? AND s.status = 'awaiting'"), {session.userId},
                  QStringLiteral("s.created_at, s.id"));
}

Result<QList<SigningRoute>> DeskSigningReader::routedBy(const Session &session, int limit)
{
    return select(session, QStringLiteral("s.author_id = ?"), {session.userId},
                  QStringLiteral("s.created_at DESC, s.id DESC LIMIT %1").arg(std::max(1, limit)));
}

Result<SigningRoute> DeskSigningReader::route(const Session &session, const QString &routeId)
{
    auto found = select(session, QStringLiteral("s.id = ? AND (s.author_id = ? OR s.signer_id = ?)"),
                        {routeId, session.userId, session.userId}, QStringLiteral("s.id"));
    if (!found)
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, Tr::tr("No such document routed for signature."), routeId);
    return found->first();
}

Result<QList<DeskUser>> DeskSigningReader::signers()
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT id, login, full_name FROM desk_user WHERE active = 1"
                                         " AND signs_outgoing = 1 ORDER BY full_name, login"));
    if (!rows)
        return rows.error();
    QList<DeskUser> users;
    while (rows->next())
        users.append({rows->value(0).toString(), rows->value(1).toString(), rows->value(2).toString()});
    return users;
}

} // namespace dms
