// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "access/Session.h"
#include "core/Result.h"
#include "desk/DeskExchange.h"
#include "domain/Correspondent.h"
#include "domain/Registration.h"
#include "domain/Registry.h"
#include "search/SearchService.h"
#include "sync/Outbox.h"

#include <QHash>
#include <QList>

namespace dms {

class Database;

/** A registration as a desk knows it, for the detail pane. */
struct DeskEntry
{
    DocumentSummary summary;
    /** Made on this desk and not yet numbered by the server: summary.index is
     *  the provisional number and summary.registrationId the command's op_id. */
    bool pending = false;
    QString registeredBy; ///< user id
    QString annulReason;
    QDateTime annulledAt;
    QString annulledBy; ///< user id
    QString provisionalNumber; ///< the desk's number before the server's, if any
    QDateTime receivedAtLocal;
};

/** A file of an entry as a desk knows it: from the feed (on the office) or
 *  attached on this desk and still in the outbox. */
struct DeskFile
{
    QString name;
    int version = 0; ///< 0 while only on this desk
    QString sha256; ///< the blob's name (the desk's copy or fetched by it)
    QString mediaType;
    qint64 size = 0;
    QDateTime addedAt; ///< UTC
    bool pending = false; ///< not yet on the office
};

/** Where a page of the register list continues: after the last row shown. */
struct DeskPageStart
{
    QString registeredAt; ///< the stored text, compared as stored
    QString id;
};

/** A page of the register list: the entries (as page() gives them) and, for
 *  each, where it was sent over СЕОС (DeskExchange::statuses(), oldest change
 *  first; empty when never sent). */
struct DeskListPage
{
    SearchResult entries;
    QList<QList<DeskExchangeStatus>> exchange; ///< parallel to entries.hits
};

/** The read half of a desk's read side (DeskReplica writes it): registers, the
 *  register list with its filters, details, correspondents by name, users and
 *  the commands the server refused. Every list is one indexed query of the
 *  desk's local SQLite database; pages continue after the last row (keyset), so
 *  scrolling far costs the same as the first page. Thread-safe (one connection
 *  per thread). */
class DeskReader
{
public:
    explicit DeskReader(Database &local);

    Result<QList<Register>> registers();
    /** Registry id → its code (the index prefix). */
    Result<QHash<QString, QString>> registryCodes();
    /** A user's name "Full Name (login)" by id or login; the argument when unknown. */
    QString userName(const QString &idOrLogin);
    /** Correspondents whose name starts with `prefix` (case-insensitive), by name. */
    Result<QList<Correspondent>> correspondentsByName(const QString &prefix, int limit);

    /** Up to `limit` entries matching `query` (its text, registerId,
     *  registerKind, status; offset ignored), newest first, after `start` when
     *  given. Restricted entries only for sessions that may read them; the same
     *  refusals as SearchService (PermissionDenied, InvalidInput). */
    Result<SearchResult> page(const Session &session, const SearchQuery &query,
                              const std::optional<DeskPageStart> &start, int limit);
    /** page() with the СЕОС statuses of each entry, read by the same query. */
    Result<DeskListPage> listPage(const Session &session, const SearchQuery &query,
                                  const std::optional<DeskPageStart> &start, int limit);
    /** Up to `limit` numbered entries of the register `registerId` registered
     *  in [fromUtc, toUtc), oldest first, after `after` when given (the last
     *  row of the previous page): a register's period in order, for exports.
     *  Entries still awaiting their number are left out; restricted ones as in
     *  page(). */
    Result<SearchResult> periodPage(const Session &session, const QString &registerId,
                                    const QDateTime &fromUtc, const QDateTime &toUtc,
                                    const std::optional<DeskPageStart> &after, int limit);
    /** How many entries periodPage() walks through. */
    Result<qint64> periodCount(const Session &session, const QString &registerId, const QDateTime &fromUtc,
                               const QDateTime &toUtc);
    /** How many entries match; with `cap` > 0 counting stops after cap + 1
     *  (a status bar needs "more than cap", not a scan of a million rows). */
    Result<qint64> count(const Session &session, const SearchQuery &query, qint64 cap = 0);
    /** NotFound when the desk does not have it. */
    Result<DeskEntry> find(const QString &registrationId);
    /** The files of an entry (by registration id or, for a pending entry, the
     *  op_id of its command): the office's versions the feed announced, by name
     *  and version, then those queued on this desk, oldest first. */
    Result<QList<DeskFile>> files(const QString &registrationId);
    /** The commands the server refused, newest first. */
    Result<QList<OutboxEntry>> conflicts(int limit);

private:
    struct Filter
    {
        QString where;
        QVariantList params;
    };
    Result<Filter> filter(const Session &session, const SearchQuery &query);
    /** The SQL and parameters of page() and listPage(), up to "LIMIT ?". */
    Result<std::pair<QString, QVariantList>> pageQuery(const Session &session, const SearchQuery &query,
                                                       const std::optional<DeskPageStart> &start,
                                                       const QString &columns);
    Result<Filter> periodFilter(const Session &session, const QString &registerId, const QDateTime &fromUtc,
                                const QDateTime &toUtc);

    Database &m_local;
};

} // namespace dms
