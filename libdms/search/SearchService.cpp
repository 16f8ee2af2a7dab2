// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/SearchService.h"

#include "core/Tr.h"
#include "search/SearchText.h"
#include "services/ServiceContext.h"
#include "storage/Database.h"
#include "storage/Sql.h"

#include <QCoreApplication>

#include <algorithm>
#include <optional>

namespace dms {

namespace {

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing;
}

bool hasLetterOrNumber(const QString &word)
{
    return std::any_of(word.cbegin(), word.cend(), [](QChar c) { return c.isLetterOrNumber(); });
}

/** The FTS5 expression: every word a quoted string (so nothing the user typed is
 *  read as FTS syntax), '*' after the quotes for a prefix; spaces mean AND. */
QString ftsExpression(const QList<SearchWord> &words)
{
    QStringList parts;
    for (const SearchWord &word : words) {
        QString part = QLatin1Char('"') + QString(word.word).replace(QLatin1Char('"'), QLatin1String("\"\""))
            + QLatin1Char('"');
        if (word.prefix)
            part += QLatin1Char('*');
        parts << part;
    }
    return parts.join(QLatin1Char(' '));
}

/** The to_tsquery() input: quoted lexemes of word characters only, ':*' for a
 *  prefix, joined with '&'. */
QString tsQueryExpression(const QList<SearchWord> &words)
{
    QStringList parts;
    for (const SearchWord &word : words) {
        QString lexeme;
        for (const QChar c : word.word) {
            if (isWordCharacter(c))
                lexeme += c;
        }
        if (lexeme.isEmpty())
            continue;
        // Nothing but word characters is left; escaping still keeps a quote or
        // backslash from ever ending the lexeme should the filter above change.
        lexeme.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('\''), QLatin1String("''"));
        QString part = QLatin1Char('\'') + lexeme + QLatin1Char('\'');
        if (word.prefix)
            part += QLatin1String(":*");
        parts << part;
    }
    return parts.join(QLatin1String(" & "));
}

QString utcStartOf(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), Qt::UTC).toString(Qt::ISODateWithMs);
}

/** The WHERE terms of the metadata filters; the aliases are r (registration),
 *  d (document), g (register) and cd (case_document). */
struct Filters
{
    QStringList conditions;
    QVariantList params;

    void add(const QString &condition, const QVariantList &values)
    {
        conditions << condition;
        params << values;
    }
};

/** The first string after every string that starts with `prefix` (code point
 *  order, which is SQLite's binary order of UTF-8): the prefix with its last
 *  character incremented; empty when there is none. */
QString prefixUpperBound(const QString &prefix)
{
    QList<uint> points = prefix.toUcs4();
    while (!points.isEmpty() && points.last() >= 0x10FFFF)
        points.removeLast();
    if (points.isEmpty())
        return {};
    uint &last = points.last();
    last = last + 1 == 0xD800 ? 0xE000 : last + 1;
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(points.constData()), points.size());
}

Filters filtersFor(const Session &session, const SearchQuery &query, bool indexRange)
{
    Filters f;
    if (!query.registerId.isEmpty())
        f.add(QStringLiteral("r.register_id = ?"), {query.registerId});
    if (!query.registryId.isEmpty())
        f.add(QStringLiteral("g.registry_id = ?"), {query.registryId});
    if (query.registerKind)
        f.add(QStringLiteral("g.kind = ?"), {toName(*query.registerKind)});
    if (!query.documentKind.trimmed().isEmpty())
        f.add(QStringLiteral("d.kind = ?"), {query.documentKind.trimmed()});
    if (query.channel)
        f.add(QStringLiteral("d.channel = ?"), {toName(*query.channel)});
    if (!query.correspondentId.isEmpty())
        f.add(QStringLiteral("d.correspondent_id = ?"), {query.correspondentId});
    if (!query.caseId.isEmpty())
        f.add(QStringLiteral("cd.case_id = ?"), {query.caseId});
    // A literal from the vocabulary, not user text: only then may SQLite use the
    // partial index of annulled entries.
    if (query.status)
        f.conditions << QStringLiteral("r.status = '%1'").arg(toName(*query.status));
    const QString prefix = query.indexPrefix.trimmed();
    if (!prefix.isEmpty()) {
        // substr() counts characters on both engines; LIKE would differ in case rules.
        f.add(QStringLiteral("substr(r.reg_index, 1, ?) = ?"), {int(prefix.toUcs4().size()), prefix});
        // The same set as a range, so that SQLite can use the index of reg_index
        // (PostgreSQL's collation may not order text by code points).
        if (indexRange)
            f.add(QStringLiteral("r.reg_index >= ? AND r.reg_index < ?"), {prefix, prefixUpperBound(prefix)});
    }
    // registered_on is the local date; the registered_at bounds, a day wider than
    // any time zone needs, only let the time index narrow the scan.
    if (query.from.isValid()) {
        f.add(QStringLiteral("r.registered_at >= ?"), {utcStartOf(query.from.addDays(-1))});
        f.add(QStringLiteral("r.registered_on >= ?"), {query.from.toString(Qt::ISODate)});
    }
    if (query.to.isValid()) {
        f.add(QStringLiteral("r.registered_at < ?"), {utcStartOf(query.to.addDays(2))});
        f.add(QStringLiteral("r.registered_on <= ?"), {query.to.toString(Qt::ISODate)});
    }
    if (query.year != 0)
        f.add(QStringLiteral("r.year = ?"), {query.year});
    if (!session.can(Permission::ReadRestricted))
        f.conditions << QStringLiteral("d.access_level <> 'restricted'");
    return f;
}

const QString kColumns = QStringLiteral(
    "SELECT d.id, r.id, r.reg_index, r.registered_at, r.registered_on, r.register_id, g.code, d.kind,"
    " d.subject, c.name, d.channel, d.access_level, r.status, d.page_count, cd.case_id");

const QString kJoins = QStringLiteral(" JOIN register g ON g.id = r.register_id"
                                      " LEFT JOIN correspondent c ON c.id = d.correspondent_id"
                                      " LEFT JOIN case_document cd ON cd.document_id = d.id");

/** A statement with its parameters. */
struct Statement
{
    QString sql;
    QVariantList params;
};

QString whereClause(const QStringList &conditions)
{
    return conditions.isEmpty() ? QString()
                                : QStringLiteral(" WHERE ") + conditions.join(QLatin1String(" AND "));
}

/** Which search_fts rowids can hold the answer, for SQLite's text path. */
struct RowidRange
{
    std::optional<qint64> low;
    std::optional<qint64> high;
    bool empty = false; ///< nothing can match
};

/** SQLite with words: FTS5 drives the join, newest first by its rowid, which
 *  follows registration order (the entry is written in the registration's
 *  transaction and SQLite serialises writers). CROSS JOIN pins that loop order
 *  so that a page costs as many lookups as it has rows, not a sort of all matches. */
Statement sqliteText(const QString &match, const Filters &filters, const RowidRange &range,
                     const QString &select)
{
    Statement s;
    s.sql = select
        + QStringLiteral(" FROM search_fts CROSS JOIN search_entry s ON s.rowid = search_fts.rowid"
                         " CROSS JOIN registration r ON r.document_id = s.document_id"
                         " CROSS JOIN document d ON d.id = r.document_id")
        + kJoins;
    QStringList conditions {QStringLiteral("search_fts MATCH ?")};
    s.params << match;
    if (range.low) {
        conditions << QStringLiteral("search_fts.rowid >= ?");
        s.params << *range.low;
    }
    if (range.high) {
        conditions << QStringLiteral("search_fts.rowid <= ?");
        s.params << *range.high;
    }
    conditions << filters.conditions;
    s.sql += whereClause(conditions);
    s.params << filters.params;
    return s;
}

/** Ordered by the registration time: metadata only, PostgreSQL with words, or
 *  SQLite with words and a narrow filter (each candidate then probes FTS5 by
 *  rowid). `pinOrder` makes SQLite walk the time index newest first instead of
 *  sorting what another index finds. */
Statement byTime(bool sqlite, const QString &textQuery, const Filters &filters, const QString &select,
                 bool pinOrder)
{
    Statement s;
    s.sql = select + QStringLiteral(" FROM registration r ")
        + (pinOrder ? QStringLiteral("CROSS JOIN") : QStringLiteral("JOIN"))
        + QStringLiteral(" document d ON d.id = r.document_id") + kJoins;
    QStringList conditions;
    if (!textQuery.isEmpty() && sqlite) {
        s.sql += QStringLiteral(" CROSS JOIN search_entry s ON s.document_id = r.document_id"
                                " CROSS JOIN search_fts ON search_fts.rowid = s.rowid");
        conditions << QStringLiteral("search_fts MATCH ?");
        s.params << textQuery;
    } else if (!textQuery.isEmpty()) {
        s.sql += QStringLiteral(" JOIN search_entry s ON s.document_id = r.document_id");
        conditions << QStringLiteral("s.terms @@ to_tsquery('simple', ?)");
        s.params << textQuery;
    }
    conditions << filters.conditions;
    s.sql += whereClause(conditions);
    s.params << filters.params;
    return s;
}

/** Whether a narrow filter (correspondent, case file, index prefix) leaves
 *  fewer entries than the narrow limit. SQLite then starts from that filter's
 *  index and sorts the few entries it finds, rather than walking newest first. */
struct Narrowness
{
    bool any = false;
    bool indexPrefix = false;
};

/** How many rows `select` yields, counting no further than `limit`. */
Result<int> countUpTo(const QSqlDatabase &db, int limit, const QString &select, const QVariantList &params)
{
    auto n = Sql::exec(db, QStringLiteral("SELECT count(*) FROM (%1 LIMIT ?) AS candidates").arg(select),
                       QVariantList(params) << limit);
    if (!n)
        return n.error();
    return n->next() ? n->value(0).toInt() : 0;
}

Result<Narrowness> narrowness(const QSqlDatabase &db, const SearchQuery &query, int limit)
{
    Narrowness result;
    if (!query.correspondentId.isEmpty()) {
        auto n = countUpTo(db, limit, QStringLiteral("SELECT 1 FROM document WHERE correspondent_id = ?"),
                           {query.correspondentId});
        if (!n)
            return n.error();
        result.any = result.any || *n < limit;
    }
    if (!query.caseId.isEmpty()) {
        auto n = countUpTo(db, limit, QStringLiteral("SELECT 1 FROM case_document WHERE case_id = ?"),
                           {query.caseId});
        if (!n)
            return n.error();
        result.any = result.any || *n < limit;
    }
    const QString prefix = query.indexPrefix.trimmed();
    if (!prefix.isEmpty() && !prefixUpperBound(prefix).isEmpty()) {
        auto n = countUpTo(
            db, limit, QStringLiteral("SELECT 1 FROM registration WHERE reg_index >= ? AND reg_index < ?"),
            {prefix, prefixUpperBound(prefix)});
        if (!n)
            return n.error();
        result.indexPrefix = *n < limit;
        result.any = result.any || result.indexPrefix;
    }
    return result;
}

/** The search_fts rowid of the first registration at or after `time` (or the
 *  last one before it). */
Result<std::optional<qint64>> rowidNear(const QSqlDatabase &db, const QString &time, bool after)
{
    const QString sql = after ? QStringLiteral("SELECT s.rowid FROM registration r CROSS JOIN search_entry s"
                                               " ON s.document_id = r.document_id WHERE r.registered_at >= ?"
                                               " ORDER BY r.registered_at LIMIT 1")
                              : QStringLiteral("SELECT s.rowid FROM registration r CROSS JOIN search_entry s"
                                               " ON s.document_id = r.document_id WHERE r.registered_at < ?"
                                               " ORDER BY r.registered_at DESC LIMIT 1");
    auto row = Sql::exec(db, sql, {time});
    if (!row)
        return row.error();
    if (!row->next())
        return std::optional<qint64>();
    return std::optional<qint64>(row->value(0).toLongLong());
}

/** Narrows SQLite's text path by the time filters: entries registered in a
 *  span hold a span of rowids, so FTS5 skips the newer and older matches
 *  instead of walking through them. The span is widened by a day each way
 *  beyond the filters' own margin, so that an entry written while the clock
 *  was set back a little is still inside. */
Result<RowidRange> rowidRange(const QSqlDatabase &db, const SearchQuery &query)
{
    RowidRange range;
    QDateTime lower;
    QDateTime upper;
    if (query.from.isValid())
        lower = QDateTime(query.from.addDays(-2), QTime(0, 0), Qt::UTC);
    if (query.to.isValid())
        upper = QDateTime(query.to.addDays(3), QTime(0, 0), Qt::UTC);
    if (query.year != 0) {
        // An entry of a numbering year is registered in that year or, as a
        // follow-up, later; the newest one bounds the other side.
        const QDateTime yearStart(QDate(query.year, 1, 1).addDays(-2), QTime(0, 0), Qt::UTC);
        if (!lower.isValid() || yearStart > lower)
            lower = yearStart;
        auto newest = Sql::scalar(
            db, QStringLiteral("SELECT max(registered_at) FROM registration WHERE year = ?"), {query.year});
        if (!newest)
            return newest.error();
        if (newest->isNull()) {
            range.empty = true;
            return range;
        }
        const QDateTime yearEnd
            = QDateTime::fromString(newest->toString(), Qt::ISODateWithMs).toUTC().addDays(1);
        if (!upper.isValid() || yearEnd < upper)
            upper = yearEnd;
    }
    if (lower.isValid() && upper.isValid() && lower >= upper) {
        range.empty = true;
        return range;
    }
    if (lower.isValid()) {
        auto low = rowidNear(db, lower.toString(Qt::ISODateWithMs), true);
        if (!low)
            return low.error();
        range.low = *low;
        range.empty = !range.low;
    }
    if (upper.isValid() && !range.empty) {
        auto high = rowidNear(db, upper.toString(Qt::ISODateWithMs), false);
        if (!high)
            return high.error();
        range.high = *high;
        range.empty = !range.high;
    }
    return range;
}

/** A result row with the raw sort key. */
struct Row
{
    QString registeredAt;
    DocumentSummary summary;
};

Row rowFrom(const QSqlQuery &q)
{
    Row row;
    DocumentSummary &s = row.summary;
    s.documentId = q.value(0).toString();
    s.registrationId = q.value(1).toString();
    s.index = q.value(2).toString();
    row.registeredAt = q.value(3).toString();
    s.registeredAt = QDateTime::fromString(row.registeredAt, Qt::ISODateWithMs);
    s.registeredOn = QDate::fromString(q.value(4).toString(), Qt::ISODate);
    s.registerId = q.value(5).toString();
    s.registerCode = q.value(6).toString();
    s.kind = q.value(7).toString();
    s.subject = q.value(8).toString();
    s.correspondentName = q.value(9).toString();
    s.channel = channelFromName(q.value(10).toString()).value_or(Channel::Counter);
    s.accessLevel = accessLevelFromName(q.value(11).toString()).value_or(AccessLevel::Restricted);
    s.status = registrationStatusFromName(q.value(12).toString()).value_or(RegistrationStatus::Active);
    s.pageCount = q.value(13).toInt();
    s.caseId = q.value(14).toString();
    return row;
}

/** The checked words of a query, or why they are refused. */
Result<QList<SearchWord>> checkedWords(const SearchQuery &query)
{
    if (query.text.size() > SearchService::kMaxTextLength)
        return makeError(ErrorCode::InvalidInput,
                         Tr::tr("The search text is too long (at most %1 characters).")
                             .arg(SearchService::kMaxTextLength));
    QList<SearchWord> words;
    for (const SearchWord &word : SearchService::queryWords(query.text)) {
        // A word of marks alone has no token on either engine: it cannot narrow anything.
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
    return words;
}

Status checkQuery(const SearchQuery &query)
{
    for (const QDate &date : {query.from, query.to}) {
        if (!date.isNull() && (!date.isValid() || date.year() < 1 || date.year() > 9999))
            return makeError(ErrorCode::InvalidInput, Tr::tr("The date is not valid."));
    }
    if (query.year < 0 || query.year > 9999)
        return makeError(ErrorCode::InvalidInput, Tr::tr("The year is not valid."));
    return {};
}

/** How a search runs. */
struct Plan
{
    Statement statement;
    bool none = false; ///< no entry can match: nothing to run
    bool ftsOrder = false; ///< rows come newest first by search_fts rowid, without ORDER BY
    QString orderBy; ///< otherwise newest first by time and id
};

/** The statement of a search with `select` as its columns. */
Result<Plan> planFor(const QSqlDatabase &db, bool sqlite, int narrowLimit, const Session &session,
                     const SearchQuery &query, const QList<SearchWord> &words, const QString &select)
{
    Plan plan;
    if (!sqlite) {
        plan.statement = byTime(false, words.isEmpty() ? QString() : tsQueryExpression(words),
                                filtersFor(session, query, false), select, false);
        // Ids compared as bytes, as SQLite does, whatever the database's collation.
        plan.orderBy = QStringLiteral(" ORDER BY r.registered_at DESC, r.id COLLATE \"C\" DESC");
        return plan;
    }
    auto narrow = narrowness(db, query, narrowLimit);
    if (!narrow)
        return narrow.error();
    const Filters filters = filtersFor(session, query, narrow->indexPrefix);
    if (words.isEmpty() || narrow->any) {
        plan.statement
            = byTime(true, words.isEmpty() ? QString() : ftsExpression(words), filters, select, !narrow->any);
        // With a narrow filter the unary plus keeps SQLite from walking the time
        // index (its guess without statistics) instead of the narrow filter's index.
        plan.orderBy = narrow->any ? QStringLiteral(" ORDER BY +r.registered_at DESC, r.id DESC")
                                   : QStringLiteral(" ORDER BY r.registered_at DESC, r.id DESC");
        return plan;
    }
    auto range = rowidRange(db, query);
    if (!range)
        return range.error();
    plan.none = range->empty;
    plan.ftsOrder = true;
    plan.statement = sqliteText(ftsExpression(words), filters, *range, select);
    return plan;
}

} // namespace

SearchService::SearchService(ServiceContext &context)
    : m_context(context)
{ }

void SearchService::setNarrowLimit(int entries)
{
    m_narrowLimit = std::max(0, entries);
}

QList<SearchWord> SearchService::queryWords(const QString &text)
{
    QList<SearchWord> out;
    const QStringList segments = text.split(QLatin1Char('*'));
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &segment = segments.at(i);
        const QStringList words = SearchText::words(segment);
        for (const QString &word : words)
            out.append(SearchWord {word, false});
        const bool starFollows = i + 1 < segments.size();
        if (starFollows && !words.isEmpty() && !segment.isEmpty() && isWordCharacter(segment.back()))
            out.last().prefix = true;
    }
    return out;
}

Result<SearchResult> SearchService::search(const Session &session, const SearchQuery &query)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    DMS_TRY(checkQuery(query));
    auto words = checkedWords(query);
    if (!words)
        return words.error();
    const qint64 offset = std::max(0, query.offset);
    const qint64 limit = std::clamp(query.limit, 1, kMaxLimit);
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto plan = planFor(*db, m_context.database.isSqlite(), m_narrowLimit, session, query, *words, kColumns);
    if (!plan)
        return plan.error();
    SearchResult result;
    if (plan->none)
        return result;

    if (plan->ftsOrder) {
        auto rows = Sql::exec(*db, plan->statement.sql + QStringLiteral(" ORDER BY search_fts.rowid DESC"),
                              plan->statement.params);
        if (!rows)
            return rows.error();
        // Rows arrive newest first; entries of the same millisecond are put in id
        // order here, a group at a time, so that both engines agree on ties.
        QList<Row> group;
        qint64 position = 0;
        const auto flush = [&]() {
            std::sort(group.begin(), group.end(), [](const Row &a, const Row &b) {
                return a.summary.registrationId > b.summary.registrationId;
            });
            for (const Row &row : std::as_const(group)) {
                if (position++ < offset)
                    continue;
                if (result.hits.size() < limit) {
                    result.hits.append(row.summary);
                } else {
                    result.hasMore = true;
                    break;
                }
            }
            group.clear();
        };
        while (!result.hasMore && rows->next()) {
            Row row = rowFrom(*rows);
            if (!group.isEmpty() && row.registeredAt != group.constFirst().registeredAt)
                flush();
            group.append(std::move(row));
        }
        if (!result.hasMore)
            flush();
        rows->finish();
        return result;
    }

    Statement &page = plan->statement;
    page.sql += plan->orderBy + QStringLiteral(" LIMIT ? OFFSET ?");
    page.params << limit + 1 << offset;
    auto rows = Sql::exec(*db, page.sql, page.params);
    if (!rows)
        return rows.error();
    while (rows->next()) {
        if (result.hits.size() == limit) {
            result.hasMore = true;
            break;
        }
        result.hits.append(rowFrom(*rows).summary);
    }
    rows->finish();
    return result;
}

Result<qint64> SearchService::count(const Session &session, const SearchQuery &query)
{
    DMS_TRY(session.require(Permission::ReadDocuments));
    DMS_TRY(checkQuery(query));
    auto words = checkedWords(query);
    if (!words)
        return words.error();
    auto db = m_context.database.connection();
    if (!db)
        return db.error();
    auto plan = planFor(*db, m_context.database.isSqlite(), m_narrowLimit, session, query, *words,
                        QStringLiteral("SELECT count(*)"));
    if (!plan)
        return plan.error();
    if (plan->none)
        return qint64(0);
    auto rows = Sql::exec(*db, plan->statement.sql, plan->statement.params);
    if (!rows)
        return rows.error();
    if (!rows->next())
        return makeError(ErrorCode::Internal, Tr::tr("The search failed."), plan->statement.sql);
    const qint64 n = rows->value(0).toLongLong();
    rows->finish();
    return n;
}

} // namespace dms
