// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/SearchIndex.h"

#include "search/SearchText.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QSet>

namespace dms {

namespace {
constexpr qsizetype kMaxWordLength = 200; // PostgreSQL does not index longer words
constexpr qsizetype kMaxVectorBytes = 900 * 1024;
} // namespace

Status SearchIndex::put(Transaction &tx, const QString &documentId, const QStringList &parts)
{
    QStringList words;
    for (const QString &part : parts)
        words << SearchText::words(part);
    const QString terms = words.join(QLatin1Char(' '));
    const QSqlDatabase &db = tx.connection();
    if (tx.isSqlite()) {
        auto existing = Sql::exec(db, QStringLiteral("SELECT rowid FROM search_entry WHERE document_id = ?"),
                                  {documentId});
        if (!existing)
            return existing.error();
        if (existing->next()) {
            const qint64 rowid = existing->value(0).toLongLong();
            existing->finish();
            auto updated = Sql::exec(db, QStringLiteral("UPDATE search_fts SET terms = ? WHERE rowid = ?"),
                                     {terms, rowid});
            if (!updated)
                return updated.error();
            return {};
        }
        existing->finish();
        auto entry = Sql::exec(
            db, QStringLiteral("INSERT INTO search_entry (document_id) VALUES (?) RETURNING rowid"),
            {documentId});
        if (!entry)
            return entry.error();
        entry->next();
        const qint64 rowid = entry->value(0).toLongLong();
        entry->finish();
        auto inserted = Sql::exec(db, QStringLiteral("INSERT INTO search_fts (rowid, terms) VALUES (?, ?)"),
                                  {rowid, terms});
        if (!inserted)
            return inserted.error();
        return {};
    }
    // A tsvector holds at most 1 MB and queries use no word positions, so
    // PostgreSQL gets each word once, within that bound.
    QStringList unique;
    QSet<QString> seen;
    qsizetype bytes = 0;
    for (const QString &word : std::as_const(words)) {
        if (word.size() > kMaxWordLength || seen.contains(word))
            continue;
        bytes += word.toUtf8().size() + 16;
        if (bytes > kMaxVectorBytes)
            break;
        seen.insert(word);
        unique << word;
    }
    auto upserted
        = Sql::exec(db,
                    QStringLiteral("INSERT INTO search_entry (document_id, terms)"
                                   " VALUES (?, to_tsvector('simple', ?))"
                                   " ON CONFLICT (document_id) DO UPDATE SET terms = EXCLUDED.terms"),
                    {documentId, unique.join(QLatin1Char(' '))});
    if (!upserted)
        return upserted.error();
    return {};
}

Status SearchIndex::remove(Transaction &tx, const QString &documentId)
{
    const QSqlDatabase &db = tx.connection();
    if (tx.isSqlite()) {
        auto removed = Sql::exec(db,
                                 QStringLiteral("DELETE FROM search_fts WHERE rowid IN"
                                                " (SELECT rowid FROM search_entry WHERE document_id = ?)"),
                                 {documentId});
        if (!removed)
            return removed.error();
    }
    auto removed
        = Sql::exec(db, QStringLiteral("DELETE FROM search_entry WHERE document_id = ?"), {documentId});
    if (!removed)
        return removed.error();
    return {};
}

} // namespace dms
