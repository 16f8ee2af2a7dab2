// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace dms {

class Transaction;

/** Writes a document's searchable words inside the caller's transaction:
 *  FTS5 on SQLite, a tsvector ('simple') on PostgreSQL. A tsvector is bounded
 *  (1 MB), so PostgreSQL gets each distinct word once, words of at most 200
 *  letters, and at most about 900 KB of them: beyond that, for texts of
 *  hundreds of thousands of distinct words, the engines may differ. */
class SearchIndex
{
public:
    /** Replaces the document's entry with the words of `parts` (subject, names, text…). */
    static Status put(Transaction &tx, const QString &documentId, const QStringList &parts);
    static Status remove(Transaction &tx, const QString &documentId);
};

} // namespace dms
