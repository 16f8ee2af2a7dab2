// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QString>
#include <qpdf/QPDFObjectHandle.hh>

/** Serialisation of PDF values for the incremental-update writer (ISO 32000-1 §7.3). */
namespace dms::pdf {

/** A text string: PDFDocEncoding-safe ASCII as a literal, anything else as
 *  UTF-16BE with a byte order mark, in hex. */
QByteArray textString(const QString &text);

/** A date string "(D:YYYYMMDDHHmmSS+00'00')" of @p time in UTC. */
QByteArray dateString(const QDateTime &time);

/** A real number with at most 3 decimals, no exponent. */
QByteArray number(double value);

/** The dictionary @p dict (direct or indirect) serialised with @p replacements
 *  (key such as "/Annots" → serialised value) put in or replacing its entries. */
QByteArray dictionary(QPDFObjectHandle dict, const QMap<QByteArray, QByteArray> &replacements);

} // namespace dms::pdf
