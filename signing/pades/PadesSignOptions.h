// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRectF>
#include <QString>
#include <QStringList>

namespace dms {

/** What goes into a PAdES signature besides the CMS: the signature dictionary's
 *  optional texts, the space reserved for the CMS, and an optional visible stamp.
 *  Plain value type. */
struct PadesSignOptions
{
    /** /Reason, /Location; left out when empty. */
    QString reason;
    QString location;
    /** /Name; the signer certificate's common name when empty. */
    QString signerName;
    /** The field name (/T); "SignatureN" (first free N) when empty. */
    QString fieldName;
    /** Bytes reserved for the DER CMS in /Contents (written as twice as many hex
     *  digits). 16 KiB holds an RSA-2048 B-T signature with its chain and time-stamp. */
    int contentsSize = 16384;

    /** The page (0-based) the signature widget is put on. */
    int page = 0;
    /** A visible stamp in @ref stampRect (PDF user space, points from the page's
     *  lower left corner) showing @ref stampLines; invisible when stampRect is empty. */
    QRectF stampRect;
    /** The stamp's text lines, e.g. signer, date, registration index (any script). */
    QStringList stampLines;
    /** The TrueType font embedded for the stamp's text (Debian: fonts-dejavu-core). */
    QString stampFontPath = QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
};

} // namespace dms
