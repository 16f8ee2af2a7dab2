// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk/DeskReader.h"

#include "core/Tr.h"
#include "search/SearchText.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace dms {

namespace {

const QString kSelect = QStringLiteral(
    "SELECT r.id, COALESCE(r.document_id, ''), r.reg_index, r.registered_at, r.register_id,"
    " COALESCE(g.code, ''), r.kind, r.subject, COALESCE(c.name, ''), r.channel, r.access_level, r.status,"
    " r.page_count, COALESCE(r.case_id, ''), r.pending, r.registered_by, r.annul_reason, r.annulled_at,"
    " r.annulled_by, r.provisional_number, r.received_at_local");
const QString kFrom
    = QStringLiteral(" FROM desk_registration r LEFT JOIN desk_register g ON g.id = r.register_id"
                     " LEFT JOIN desk_correspondent c ON c.id = r.correspondent_id ");
const QString kColumns = kSelect + kFrom;
/** kColumns and the "exchange" list of the entry's feed data (column 21): one
 *  primary-key lookup per row shown, only the list leaves SQLite. */
const QString kListColumns = kSelect + QStringLiteral(", json_extract(x.data, '$.exchange')") + kFrom
    + QStringLiteral("LEFT JOIN sync_replica x ON x.entity = 'registration' AND x.entity_id = r.id ");
constexpr int kExchangeColumn = 21;

bool hasLetterOrNumber(const QString &word)
{
    return std::any_of(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); });
}

DeskEntry entryFrom(const SqlStatement &row)
{
    DeskEntry entry;
    DocumentSummary &s = entry.summary;
    s.registrationId = row.value(0).toString();
    s.documentId = row.value(1).toString();
    s.index = row.value(2).toString();
    s.registeredAt = Sql::toDateTime(row.value(3));
    s.registerId = row.value(4).toString();
    s.registerCode = row.value(5).toString();
    s.kind = row.value(6).toString();
    s.subject = row.value(7).toString();
    s.correspondentName = row.value(8).toString();
    s.channel = channelFromName(row.value(9).toString()).value_or(Channel::Counter);
    s.accessLevel = accessLevelFromName(row.value(10).toString()).value_or(AccessLevel::Internal);
    s.status = row.value(11).toString() == QLatin1String("annulled") ? RegistrationStatus::Annulled
                                                                     : RegistrationStatus::Active;
    s.pageCount = row.value(12).toInt();
    s.caseId = row.value(13).toString();
    entry.pending = row.value(14).toInt() != 0;
    entry.registeredBy = row.value(15).toString();
    entry.annulReason = row.value(16).toString();
    entry.annulledAt = Sql::toDateTime(row.value(17));
    entry.annulledBy = row.value(18).toString();
    entry.provisionalNumber = row.value(19).toString();
    entry.receivedAtLocal = Sql::toDateTime(row.value(20));
    return entry;
}

/** Runs `sql` (ending in "LIMIT ?") for up to `limit` entries: one more row is
 *  asked for, so that hasMore is known without counting. With @p exchange, the
 *  rows have kListColumns and it receives each entry's СЕОС statuses. */
Result<SearchResult> pageOfEntries(const QSqlDatabase &db, const QString &sql, QVariantList params, int limit,
                                   QList<QList<DeskExchangeStatus>> *exchange = nullptr)
{
    limit = std::clamp(limit, 1, SearchService::kMaxLimit);
    params << limit + 1;
    auto rows = Sql::exec(db, sql, params);
    if (!rows)
        return rows.error();
    SearchResult result;
    while (rows->next()) {
        if (result.hits.size() == limit) {
            result.hasMore = true;
            break;
        }
        result.hits.append(entryFrom(*rows).summary);
        if (exchange) {
            const QString list = rows->value(kExchangeColumn).toString();
            exchange->append(list.isEmpty()
                                 ? QList<DeskExchangeStatus>()
                                 : DeskExchange::fromJson(QJsonDocument::fromJson(list.toUtf8()).array()));
        }
    }
    return result;
}

} // namespace

DeskReader::DeskReader(Database &local)
    : m_local(local)
{ }

Result<QList<Register>> DeskReader::registers()
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT id, registry_id, code, kind, name, active FROM desk_register"
                                         " ORDER BY code"));
    if (!rows)
        return rows.error();
    QList<Register> out;
    while (rows->next()) {
        Register reg;
        reg.id = rows->value(0).toString();
        reg.registryId = rows->value(1).toString();
        reg.code = rows->value(2).toString();
        reg.kind = registerKindFromName(rows->value(3).toString()).value_or(RegisterKind::Incoming);
        reg.name = rows->value(4).toString();
        reg.active = rows->value(5).toInt() != 0;
        out.append(reg);
    }
    return out;
}

Result<QHash<QString, QString>> DeskReader::registryCodes()
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db, QStringLiteral("SELECT DISTINCT registry_id, registry_code FROM desk_register"));
    if (!rows)
        return rows.error();
    QHash<QString, QString> out;
    while (rows->next())
        out.insert(rows->value(0).toString(), rows->value(1).toString());
    return out;
}

QString DeskReader::userName(const QString &idOrLogin)
{
    auto db = m_local.connection();
    if (!db || idOrLogin.isEmpty())
        return idOrLogin;
    auto rows
        = Sql::exec(*db, QStringLiteral("SELECT full_name, login FROM desk_user WHERE id = ? OR login = ?"),
                    {idOrLogin, idOrLogin});
    if (!rows || !rows->next())
        return idOrLogin;
    return QStringLiteral("%1 (%2)").arg(rows->value(0).toString(), rows->value(1).toString());
}

Result<QList<Correspondent>> DeskReader::correspondentsByName(const QString &prefix, int limit)
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    QString key = SearchText::key(prefix.trimmed());
    key.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('%'), QLatin1String("\\%"))
        .replace(QLatin1Char('_'), QLatin1String("\\_"));
    auto rows
        = Sql::exec(*db,
                    QStringLiteral("SELECT id, kind, name, eik, seos_guid FROM desk_correspondent"
                                   " WHERE name_folded LIKE ? ESCAPE '\\' ORDER BY name_folded LIMIT ?"),
                    {QString(key + QLatin1Char('%')), std::max(1, limit)});
    if (!rows)
        return rows.error();
    QList<Correspondent> out;
    while (rows->next()) {
        Correspondent c;
        c.id = rows->value(0).toString();
        c.kind = correspondentKindFromName(rows->value(1).toString()).value_or(CorrespondentKind::Citizen);
        c.name = rows->value(2).toString();
        c.eik = rows->value(3).toString();
        c.seosGuid = rows->value(4).toString();
        out.append(c);
    }
    return out;
}

Result<DeskReader::Filter> DeskReader::filter(const Session &session, const SearchQuery &query)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    if (query.text.size() > SearchService::kMaxTextLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The search text is too long (at most %1 characters).")
                             .arg(SearchService::kMaxTextLength));
    Filter f;
    QStringList conditions;
    if (!session.can(Permission::ReadRestricted))
        conditions << QStringLiteral("r.access_level <> 'restricted'");
    if (!query.registerId.isEmpty()) {
        conditions << QStringLiteral("r.register_id = ?");
        f.params << query.registerId;
    }
    if (query.registerKind) {
        conditions << QStringLiteral("r.register_id IN (SELECT id FROM desk_register WHERE kind = ?)");
        f.params << toName(*query.registerKind);
    }
    if (query.status) {
        conditions << QStringLiteral("r.status = ?");
        f.params << toName(*query.status);
    }
    QList<SearchWord> words;
    for (const SearchWord &word : SearchService::queryWords(query.text)) {
        if (!hasLetterOrNumber(word.word))
            continue;
        if (word.word.size() > SearchService::kMaxWordLength)
            return makeError(ErrorCode::InvalidInput,
                             Tr::tr("A search word is too long (at most %1 characters).")
                                 .arg(SearchService::kMaxWordLength));
        if (!words.contains(word))
            words << word;
    }
    if (words.size() > SearchService::kMaxWords)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("Too many search words (at most %1).").arg(SearchService::kMaxWords));
    // Words are letters and digits only (SearchText), so LIKE sees no metacharacters.
    for (const SearchWord &word : std::as_const(words)) {
        conditions << QStringLiteral("r.search_text LIKE ?");
        f.params << QString(QStringLiteral("% ") + word.word
                            + (word.prefix ? QStringLiteral("%") : QStringLiteral(" %")));
    }
    if (!conditions.isEmpty())
        f.where = QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND "));
    return f;
}

Result<std::pair<QString, QVariantList>> DeskReader::pageQuery(const Session &session,
                                                               const SearchQuery &query,
                                                               const std::optional<DeskPageStart> &start,
                                                               const QString &columns)
{
    auto f = filter(session, query);
    if (!f)
        return f.error();
    QString sql = columns + f->where;
    QVariantList params = f->params;
    if (start) {
        sql += (f->where.isEmpty() ? QStringLiteral("WHERE ") : QStringLiteral(" AND "))
            + QStringLiteral("(r.registered_at < ? OR (r.registered_at = ? AND r.id < ?))");
        params << start->registeredAt << start->registeredAt << start->id;
    }
    sql += QStringLiteral(" ORDER BY r.registered_at DESC, r.id DESC LIMIT ?");
    return std::pair {sql, params};
}

Result<SearchResult> DeskReader::page(const Session &session, const SearchQuery &query,
                                      const std::optional<DeskPageStart> &start, int limit)
{
    auto sql = pageQuery(session, query, start, kColumns);
    if (!sql)
        return sql.error();
    auto db = m_local.connection();
    if (!db)
        return db.error();
    return pageOfEntries(*db, sql->first, sql->second, limit);
}

Result<DeskListPage> DeskReader::listPage(const Session &session, const SearchQuery &query,
                                          const std::optional<DeskPageStart> &start, int limit)
{
    auto sql = pageQuery(session, query, start, kListColumns);
    if (!sql)
        return sql.error();
    auto db = m_local.connection();
    if (!db)
        return db.error();
    DeskListPage page;
    auto entries = pageOfEntries(*db, sql->first, sql->second, limit, &page.exchange);
    if (!entries)
        return entries.error();
    page.entries = *entries;
    return page;
}

Result<qint64> DeskReader::count(const Session &session, const SearchQuery &query, qint64 cap)
{
    auto f = filter(session, query);
    if (!f)
        return f.error();
    auto db = m_local.connection();
    if (!db)
        return db.error();
    QString sql = QStringLiteral("SELECT COUNT(*) FROM desk_registration r ") + f->where;
    QVariantList params = f->params;
    if (cap > 0) {
        sql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM desk_registration r ") + f->where
            + QStringLiteral(" LIMIT ?) capped");
        params << cap + 1;
    }
    auto rows = Sql::exec(*db, sql, params);
    if (!rows)
        return rows.error();
    return rows->next() ? rows->value(0).toLongLong() : qint64(0);
}

Result<DeskReader::Filter> DeskReader::periodFilter(const Session &session, const QString &registerId,
                                                    const QDateTime &fromUtc, const QDateTime &toUtc)
{
    SearchQuery query;
    query.registerId = registerId;
    auto f = filter(session, query);
    if (!f)
        return f.error();
    // Stored times are Sql::toText() (UTC, fixed width), so text order is time order.
    f->where += (f->where.isEmpty() ? QStringLiteral("WHERE ") : QStringLiteral(" AND "))
        + QStringLiteral("r.pending = 0 AND r.registered_at >= ? AND r.registered_at < ?");
    f->params << Sql::toText(fromUtc) << Sql::toText(toUtc);
    return f;
}

Result<SearchResult> DeskReader::periodPage(const Session &session, const QString &registerId,
                                            const QDateTime &fromUtc, const QDateTime &toUtc,
                                            const std::optional<DeskPageStart> &after, int limit)
{
    auto f = periodFilter(session, registerId, fromUtc, toUtc);
    if (!f)
        return f.error();
    auto db = m_local.connection();
    if (!db)
        return db.error();
    QString sql = kColumns + f->where;
    QVariantList params = f->params;
    if (after) {
        sql += QStringLiteral(" AND (r.registered_at > ? OR (r.registered_at = ? AND r.id > ?))");
        params << after->registeredAt << after->registeredAt << after->id;
    }
    sql += QStringLiteral(" ORDER BY r.registered_at, r.id LIMIT ?");
    return pageOfEntries(*db, sql, params, limit);
}

Result<qint64> DeskReader::periodCount(const Session &session, const QString &registerId,
                                       const QDateTime &fromUtc, const QDateTime &toUtc)
{
    auto f = periodFilter(session, registerId, fromUtc, toUtc);
    if (!f)
        return f.error();
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows
        = Sql::exec(*db, QStringLiteral("SELECT COUNT(*) FROM desk_registration r ") + f->where, f->params);
    if (!rows)
        return rows.error();
    return rows->next() ? rows->value(0).toLongLong() : qint64(0);
}

Result<DeskEntry> DeskReader::find(const QString &registrationId)
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db, kColumns + QStringLiteral("WHERE r.id = ?"), {registrationId});
    if (!rows)
        return rows.error();
    if (!rows->next())
        return makeError(ErrorCode::NotFound, Tr::tr("This desk does not have the entry yet."),
                         registrationId);
    return entryFrom(*rows);
}

Result<QList<DeskFile>> DeskReader::files(const QString &registrationId)
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    QList<DeskFile> out;
    QString documentId;
    auto data = Sql::exec(
        *db, QStringLiteral("SELECT data FROM sync_replica WHERE entity = 'registration' AND entity_id = ?"),
        {registrationId});
    if (!data)
        return data.error();
    if (data->next()) {
        const QJsonObject entry = QJsonDocument::fromJson(data->value(0).toString().toUtf8()).object();
        documentId = entry.value(QStringLiteral("document_id")).toString();
        for (const QJsonValue &value : entry.value(QStringLiteral("files")).toArray()) {
            const QJsonObject file = value.toObject();
            out.append(
                {file.value(QStringLiteral("name")).toString(), file.value(QStringLiteral("version")).toInt(),
                 file.value(QStringLiteral("sha256")).toString(),
                 file.value(QStringLiteral("media_type")).toString(),
                 file.value(QStringLiteral("size")).toInteger(),
                 QDateTime::fromString(file.value(QStringLiteral("added_at")).toString(), Qt::ISODateWithMs),
                 false});
        }
    }
    data->finish();
    // Attached here, not yet applied: to the entry's document, or to its registration command
    // (whose op_id is the entry's id while pending, and whose answer names the entry after).
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT f.payload, f.created_at, r.result FROM sync_outbox f"
                                         " LEFT JOIN sync_outbox r ON r.op_id = json_extract(f.payload,"
                                         " '$.registration_op_id') WHERE f.kind = 'document.attach_file'"
                                         " AND f.state = 'pending' ORDER BY f.position"));
    if (!rows)
        return rows.error();
    while (rows->next()) {
        const QJsonObject payload = QJsonDocument::fromJson(rows->value(0).toString().toUtf8()).object();
        const QString registrationOf = QJsonDocument::fromJson(rows->value(2).toString().toUtf8())
                                           .object()
                                           .value(QStringLiteral("result"))
                                           .toObject()
                                           .value(QStringLiteral("registration_id"))
                                           .toString();
        const bool mine = payload.value(QStringLiteral("registration_op_id")).toString() == registrationId
            || (!registrationOf.isEmpty() && registrationOf == registrationId)
            || (!documentId.isEmpty()
                && payload.value(QStringLiteral("document_id")).toString() == documentId);
        if (!mine)
            continue;
        out.append({payload.value(QStringLiteral("name")).toString(), 0,
                    payload.value(QStringLiteral("sha256")).toString(),
                    payload.value(QStringLiteral("media_type")).toString(),
                    payload.value(QStringLiteral("size")).toInteger(), Sql::toDateTime(rows->value(1)),
                    true});
    }
    return out;
}

Result<QList<OutboxEntry>> DeskReader::conflicts(int limit)
{
    auto db = m_local.connection();
    if (!db)
        return db.error();
    auto rows = Sql::exec(*db,
                          QStringLiteral("SELECT op_id, created_at, kind, payload, result FROM sync_outbox"
                                         " WHERE state = 'rejected' ORDER BY position DESC LIMIT ?"),
                          {std::max(1, limit)});
    if (!rows)
        return rows.error();
    QList<OutboxEntry> out;
    while (rows->next()) {
        OutboxEntry entry;
        entry.opId = rows->value(0).toString();
        entry.createdAt = Sql::toDateTime(rows->value(1));
        entry.kind = rows->value(2).toString();
        entry.payload = QJsonDocument::fromJson(rows->value(3).toString().toUtf8()).object();
        entry.state = QStringLiteral("rejected");
        entry.result = QJsonDocument::fromJson(rows->value(4).toString().toUtf8()).object();
        out.append(entry);
    }
    return out;
}

} // namespace dms
