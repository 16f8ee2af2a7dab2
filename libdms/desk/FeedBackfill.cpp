// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/FeedBackfill.h"

#include "access/Permission.h"
#include "core/Clock.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"
#include "sync/CaseCommands.h"
#include "sync/ChangeFeed.h"
#include "sync/SyncCommandApplier.h"

#include <QJsonDocument>
#include <QSet>

namespace dms {

namespace {

const QString kRegistration = QStringLiteral("registration");
const QString kCorrespondent = QStringLiteral("correspondent");
const QString kCaseFile = QStringLiteral("case_file");
const QString kResolution = QStringLiteral("resolution");

/** The published form of a correspondent, as SyncCommandApplier publishes it. */
Result<QJsonObject> correspondentData(const QSqlDatabase &db, const QString &id)
{
    auto row = Sql::exec(
        db, QStringLiteral("SELECT kind, name, eik, seos_guid FROM correspondent WHERE id = ?"), {id});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, QStringLiteral("no such correspondent"), id);
    return QJsonObject {{QStringLiteral("id"), id},
                        {QStringLiteral("kind"), row->value(0).toString()},
                        {QStringLiteral("name"), row->value(1).toString()},
                        {QStringLiteral("eik"), row->value(2).toString()},
                        {QStringLiteral("seos_guid"), row->value(3).toString()}};
}

/** The data of the entity's latest change in the feed; empty when never published. */
Result<QJsonObject> lastPublished(const QSqlDatabase &db, const QString &entity, const QString &id)
{
    auto row = Sql::exec(db,
                         QStringLiteral("SELECT data FROM sync_change WHERE entity = ? AND entity_id = ?"
                                        " ORDER BY seq DESC LIMIT 1"),
                         {entity, id});
    if (!row)
        return row.error();
    if (!row->next())
        return QJsonObject();
    return QJsonDocument::fromJson(row->value(0).toString().toUtf8()).object();
}

Status appendAll(Database &database, const Clock &clock, QList<SyncChange> &changes)
{
    if (changes.isEmpty())
        return {};
    auto tx = Transaction::begin(database);
    if (!tx)
        return tx.error();
    for (SyncChange &change : changes)
        change.changedAt = clock.now().toUTC();
    DMS_TRY(ChangeFeed::append(*tx, changes)); // last: see ChangeFeed
    return tx->commit();
}

} // namespace

FeedBackfill::FeedBackfill(ServiceContext &context)
    : m_context(context)
{ }

Result<int> FeedBackfill::publishUnpublished()
{
    auto reference = publishReferenceData();
    if (!reference)
        return reference.error();
    // Correspondents before the registrations that name them.
    auto correspondents
        = publishNew(kCorrespondent,
                     QStringLiteral("SELECT x.id FROM correspondent x WHERE NOT EXISTS (SELECT 1 FROM"
                                    " sync_change c WHERE c.entity = 'correspondent' AND c.entity_id = x.id)"
                                    " ORDER BY x.id LIMIT ?"));
    if (!correspondents)
        return correspondents.error();
    auto registrations
        = publishNew(kRegistration,
                     QStringLiteral("SELECT x.id FROM registration x WHERE NOT EXISTS (SELECT 1 FROM"
                                    " sync_change c WHERE c.entity = 'registration' AND c.entity_id = x.id)"
                                    " ORDER BY x.registered_at, x.id LIMIT ?"));
    if (!registrations)
        return registrations.error();
    auto annulled = publishAnnulled();
    if (!annulled)
        return annulled.error();
    auto cases = publishCases();
    if (!cases)
        return cases.error();
    return *reference + *correspondents + *registrations + *annulled + *cases;
}

Result<int> FeedBackfill::publishReferenceData()
{
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    QList<SyncChange> changes;
    auto registers = Sql::exec(*db,
                               QStringLiteral("SELECT g.id, g.registry_id, y.code, g.code, g.kind, g.name,"
                                              " g.active FROM register g JOIN registry y ON y.id ="
                                              " g.registry_id ORDER BY g.id"));
    if (!registers)
        return registers.error();
    QList<std::pair<QString, QJsonObject>> current;
    while (registers->next())
        current.append({QStringLiteral("register"),
                        QJsonObject {{QStringLiteral("id"), registers->value(0).toString()},
                                     {QStringLiteral("registry_id"), registers->value(1).toString()},
                                     {QStringLiteral("registry_code"), registers->value(2).toString()},
                                     {QStringLiteral("code"), registers->value(3).toString()},
                                     {QStringLiteral("kind"), registers->value(4).toString()},
                                     {QStringLiteral("name"), registers->value(5).toString()},
                                     {QStringLiteral("active"), registers->value(6).toInt() != 0}}});
    registers->finish();
    // Whom a desk may offer as the signer of a routed outgoing document (not the roles themselves).
    auto roles = Sql::exec(*db, QStringLiteral("SELECT user_id, role FROM user_role"));
    if (!roles)
        return roles.error();
    QSet<QString> signers;
    while (roles->next()) {
        const auto role = roleFromName(roles->value(1).toString());
        if (role && roleGrants(*role, Permission::SignOutgoing))
            signers.insert(roles->value(0).toString());
    }
    roles->finish();
    auto users
        = Sql::exec(*db, QStringLiteral("SELECT id, login, full_name, active FROM app_user ORDER BY id"));
    if (!users)
        return users.error();
    while (users->next())
        current.append(
            {QStringLiteral("user"),
             QJsonObject {{QStringLiteral("id"), users->value(0).toString()},
                          {QStringLiteral("login"), users->value(1).toString()},
                          {QStringLiteral("full_name"), users->value(2).toString()},
                          {QStringLiteral("active"), users->value(3).toInt() != 0},
                          {QStringLiteral("signs_outgoing"), signers.contains(users->value(0).toString())}}});
    users->finish();
    // Few rows: each is compared with what the feed last said about it.
    for (const auto &[entity, data] : std::as_const(current)) {
        const QString id = data.value(QStringLiteral("id")).toString();
        auto last = lastPublished(*db, entity, id);
        if (!last)
            return last.error();
        if (*last != data)
            changes.append({0, entity, id, QStringLiteral("internal"), data, {}});
    }
    DMS_TRY(appendAll(m_context.database, m_context.clock, changes));
    return int(changes.size());
}

Result<int> FeedBackfill::publishNew(const QString &entity, const QString &idsSql)
{
    int total = 0;
    for (;;) {
        auto db = m_context.database.connection();
        if (!db)
            return db.error();
        auto ids = Sql::exec(*db, idsSql, {kBatch});
        if (!ids)
            return ids.error();
        QStringList batch;
        while (ids->next())
            batch << ids->value(0).toString();
        ids->finish();
        if (batch.isEmpty())
            return total;
        QList<SyncChange> changes;
        for (const QString &id : std::as_const(batch)) {
            QString access = QStringLiteral("internal");
            auto data = entity == kRegistration ? SyncCommandApplier::registrationData(*db, id, &access)
                : entity == kCaseFile           ? CaseCommands::caseData(*db, id, &access)
                : entity == kResolution         ? CaseCommands::resolutionData(*db, id, &access)
                                                : correspondentData(*db, id);
            if (!data)
                return data.error();
            changes.append({0, entity, id, access, *data, {}});
        }
        DMS_TRY(appendAll(m_context.database, m_context.clock, changes));
        total += int(changes.size());
    }
}

Result<int> FeedBackfill::publishAnnulled()
{
    // Annulments made directly (few): published again when the feed still says active.
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto ids = Sql::exec(*db,
                         QStringLiteral("SELECT x.id FROM registration x WHERE x.status = 'annulled' AND"
                                        " EXISTS (SELECT 1 FROM sync_change c WHERE c.entity ="
                                        " 'registration' AND c.entity_id = x.id)"));
    if (!ids)
        return ids.error();
    QStringList annulled;
    while (ids->next())
        annulled << ids->value(0).toString();
    ids->finish();
    QList<SyncChange> changes;
    for (const QString &id : std::as_const(annulled)) {
        auto last = lastPublished(*db, kRegistration, id);
        if (!last)
            return last.error();
        if (last->value(QStringLiteral("status")).toString() == QLatin1String("annulled"))
            continue;
        QString access;
        auto data = SyncCommandApplier::registrationData(*db, id, &access);
        if (!data)
            return data.error();
        changes.append({0, kRegistration, id, access, *data, {}});
    }
    DMS_TRY(appendAll(m_context.database, m_context.clock, changes));
    return int(changes.size());
}

Result<int> FeedBackfill::publishCases()
{
    // After the registrations, so that a desk knows the entries a case file lists.
    int total = 0;
    for (const QString &entity : {kCaseFile, kResolution}) {
        const QString table
            = entity == kCaseFile ? QStringLiteral("case_file") : QStringLiteral("resolution");
        auto published = publishNew(
            entity,
            QStringLiteral("SELECT x.id FROM %1 x WHERE NOT EXISTS (SELECT 1 FROM sync_change c WHERE"
                           " c.entity = '%2' AND c.entity_id = x.id) ORDER BY x.id LIMIT ?")
                .arg(table, entity));
        if (!published)
            return published.error();
        total += *published;

        // Closed or completed directly (few): published again when the feed still says otherwise.
        auto db = m_context.database.connection();
        if (!db)
            return db.error();
        auto ids = Sql::exec(*db,
                             QStringLiteral("SELECT x.id, x.status FROM %1 x WHERE x.status <> 'open' AND"
                                            " EXISTS (SELECT 1 FROM sync_change c WHERE c.entity = '%2'"
                                            " AND c.entity_id = x.id)")
                                 .arg(table, entity));
        if (!ids)
            return ids.error();
        QList<std::pair<QString, QString>> done;
        while (ids->next())
            done.append({ids->value(0).toString(), ids->value(1).toString()});
        ids->finish();
        QList<SyncChange> changes;
        for (const auto &[id, status] : std::as_const(done)) {
            auto last = lastPublished(*db, entity, id);
            if (!last)
                return last.error();
            if (last->value(QStringLiteral("status")).toString() == status)
                continue;
            QString access;
            auto data = entity == kCaseFile ? CaseCommands::caseData(*db, id, &access)
                                            : CaseCommands::resolutionData(*db, id, &access);
            if (!data)
                return data.error();
            changes.append({0, entity, id, access, *data, {}});
        }
        DMS_TRY(appendAll(m_context.database, m_context.clock, changes));
        total += int(changes.size());
    }
    return total;
}

} // namespace dms
