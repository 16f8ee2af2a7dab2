// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace dms {

/** One version of a file attached to a document (a scan, the signed original,
 *  an attachment). Adding a file under a name already used makes a new
 *  version; earlier versions stay. The bytes are in the BlobStore under sha256. */
struct DocumentFile
{
    QString id;
    QString documentId;
    QString name; ///< e.g. "scan.pdf"; no path separators
    int version = 1; ///< 1, 2, … per document and name
    QString sha256; ///< the content's name in the BlobStore
    QString mediaType; ///< e.g. "application/pdf"
    qint64 size = 0; ///< bytes
    QDateTime addedAt; ///< UTC
    QString addedBy; ///< user id
};

} // namespace dms
