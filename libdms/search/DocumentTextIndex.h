// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QString>

namespace dms {

class Transaction;

/** What makes a registered document searchable, gathered in one place: its
 *  index, kind, subject and correspondent, its own text and the text extracted
 *  from the newest version of each of its files (document_file_text). Every
 *  change to any of these re-indexes through reindex(), inside the caller's
 *  transaction, so that no change drops the others' words. */
class DocumentTextIndex
{
public:
    /** Replaces the document's search entry with its current words. NotFound
     *  for an unknown document. */
    static Status reindex(Transaction &tx, const QString &documentId);

    /** Stores `text` as the text extracted from file version `fileId` (empty
     *  removes it), stamped `extractedAt`; the caller re-indexes the file's
     *  document. */
    static Status setFileText(Transaction &tx, const QString &fileId, const QString &text,
                              const QString &extractedAt);
};

} // namespace dms
