// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMap>

namespace dms {

/** The bytes of one PDF incremental update (ISO 32000-1 §7.5.6): new and
 *  redefined objects, a cross-reference section for exactly those objects (a
 *  classic table, or an uncompressed cross-reference stream when the file uses
 *  them) pointing back with /Prev, the trailer and %%EOF. Nothing of the original
 *  file is rewritten; the update is appended after it. Plain value type. */
class PdfIncrementalUpdate
{
public:
    enum class XrefStyle { Table, Stream };

    /** @p originalSize: length of the file the update is appended to; @p previousXref:
     *  its last startxref offset; @p nextObjectNumber: its trailer /Size. */
    PdfIncrementalUpdate(qint64 originalSize, qint64 previousXref, XrefStyle style, int nextObjectNumber);

    /** Starts the update with an end of line (the original does not end with one). */
    void setLeadingNewline(bool newline) { m_leadingNewline = newline; }

    /** A fresh object number for a new object. */
    int allocateObject() { return m_nextObject++; }

    /** Defines (or redefines) object @p number with the serialised @p body (without
     *  "n g obj"/"endobj"). */
    void setObject(int number, int generation, const QByteArray &body);

    /** Entries copied into the trailer (or the xref stream dictionary), e.g.
     *  "/Root 1 0 R /Info 2 0 R /ID [<..> <..>]"; /Size and /Prev are added here. */
    void setTrailerEntries(const QByteArray &entries) { m_trailerEntries = entries; }

    /** The complete update; offsets inside it are relative to the end of the original. */
    QByteArray build() const;

private:
    struct Entry
    {
        int generation = 0;
        QByteArray body;
    };

    qint64 m_originalSize;
    qint64 m_previousXref;
    XrefStyle m_style;
    int m_nextObject;
    bool m_leadingNewline = false;
    QMap<int, Entry> m_objects;
    QByteArray m_trailerEntries;
};

} // namespace dms
