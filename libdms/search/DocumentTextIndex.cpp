// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/DocumentTextIndex.h"

#include "core/Tr.h"
#include "search/SearchIndex.h"
#include "storage/Sql.h"
#include "storage/Transaction.h"

#include <QStringList>

namespace dms {

Status DocumentTextIndex::reindex(Transaction &tx, const QString &documentId)
{
    const QSqlDatabase &db = tx.connection();
    auto row = Sql::exec(
        db,
        QStringLiteral("SELECT d.kind, d.subject, c.name, r.reg_index, d.full_text FROM document d"
                       " LEFT JOIN correspondent c ON c.id = d.correspondent_id"
                       " LEFT JOIN registration r ON r.document_id = d.id WHERE d.id = ?"),
        {documentId});
    if (!row)
        return row.error();
    if (!row->next())
        return makeError(ErrorCode::NotFound, Tr::tr("No such document."), documentId.left(80));
    // The same parts, in the same order, as at registration; then the files' texts.
    QStringList parts {row->value(3).toString(), row->value(0).toString(), row->value(1).toString(),
                       row->value(2).toString(), row->value(4).toString()};
    row->finish();

    // Only the newest version of each file: replaced scans no longer match.
    auto texts = Sql::exec(db,
                           QStringLiteral("SELECT t.text FROM document_file f"
                                          " JOIN document_file_text t ON t.file_id = f.id"
                                          " WHERE f.document_id = ? AND f.version = (SELECT MAX(n.version)"
                                          " FROM document_file n WHERE n.document_id = f.document_id"
                                          " AND n.name = f.name) ORDER BY f.name"),
                           {documentId});
    if (!texts)
        return texts.error();
    while (texts->next())
        parts.append(texts->value(0).toString());
    texts->finish();
    return SearchIndex::put(tx, documentId, parts);
}

Status DocumentTextIndex::setFileText(Transaction &tx, const QString &fileId, const QString &text,
                                      const QString &extractedAt)
{
    const QSqlDatabase &db = tx.connection();
    auto removed
        = Sql::exec(db, QStringLiteral("DELETE FROM document_file_text WHERE file_id = ?"), {fileId});
    if (!removed)
        return removed.error();
    if (text.isEmpty())
        return {};
    auto inserted = Sql::exec(
        db, QStringLiteral("INSERT INTO document_file_text (file_id, text, extracted_at) VALUES (?, ?, ?)"),
        {fileId, text, extractedAt});
    if (!inserted)
        return inserted.error();
    return {};
}

} // namespace dms
