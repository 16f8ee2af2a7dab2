// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace dms {

/** How ScanPdfWriter encodes pages and what it writes into the document's
 *  metadata (both the Info dictionary and the PDF/A XMP packet). */
struct ScanPdfOptions
{
    /** JPEG quality 1..100 for gray and colour pages; bitonal pages are lossless G4. */
    int jpegQuality = 75;
    /** Document title (dc:title, /Title); left out when empty. */
    QString title;
    /** The application that made the document (xmp:CreatorTool, /Creator). */
    QString creator = QStringLiteral("Delovod");
    /** The library that wrote the PDF (pdf:Producer, /Producer). */
    QString producer = QStringLiteral("Delovod ScanPdfWriter");
    /** Creation and modification time; the time of open() when invalid. Stored in UTC. */
    QDateTime created;
};

} // namespace dms
