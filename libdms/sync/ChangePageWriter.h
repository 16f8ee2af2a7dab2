// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/ChangeFeed.h"

#include <QByteArray>

namespace dms {

/** Writes a pull page (docs/sync.md, "Pull") as compact UTF-8 JSON straight into
 *  a byte buffer: {"changes":[{"seq","entity","id","op":"upsert","data"}],
 *  "next_cursor","has_more"}. Each change's data is spliced in as the feed stored
 *  it (SyncChange::dataJson), so a page is neither parsed nor re-encoded on the
 *  server: the JSON of a change is written once, by ChangeFeed::append. */
class ChangePageWriter
{
public:
    static QByteArray write(const ChangePage &page);
    /** Appends `text` as a JSON string literal (quoted, escaped, UTF-8). */
    static void appendString(QByteArray &out, const QString &text);
};

} // namespace dms
