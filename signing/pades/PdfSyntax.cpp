// SPDX-License-Identifier: GPL-3.0-or-later
#include "signing/pades/PdfSyntax.h"

#include <QTimeZone>

namespace dms::pdf {

QByteArray textString(const QString &text)
{
    bool plain = true;
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('(') || c == QLatin1Char(')')
            || c == QLatin1Char('\\'))
            plain = false;
    }
    if (plain)
        return '(' + text.toLatin1() + ')';
    QByteArray utf16 = "\xfe\xff";
    for (QChar c : text) {
        utf16.append(static_cast<char>(c.unicode() >> 8));
        utf16.append(static_cast<char>(c.unicode() & 0xff));
    }
    return '<' + utf16.toHex().toUpper() + '>';
}

QByteArray dateString(const QDateTime &time)
{
    return "(D:" + time.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + "+00'00')";
}

QByteArray number(double value)
{
    QByteArray text = QByteArray::number(value, 'f', 3);
    while (text.contains('.') && (text.endsWith('0') || text.endsWith('.')))
        text.chop(1);
    return text == "-0" ? QByteArray("0") : text;
}

QByteArray dictionary(QPDFObjectHandle dict, const QMap<QByteArray, QByteArray> &replacements)
{
    QByteArray out = "<<";
    for (const std::string &key : dict.getKeys()) {
        const QByteArray name = QByteArray::fromStdString(key);
        if (replacements.contains(name))
            continue;
        out.append(' ' + QByteArray::fromStdString(QPDFObjectHandle::newName(key).unparse()) + ' '
                   + QByteArray::fromStdString(dict.getKey(key).unparse()));
    }
    for (auto it = replacements.cbegin(); it != replacements.cend(); ++it)
        out.append(' ' + it.key() + ' ' + it.value());
    out.append(" >>");
    return out;
}

} // namespace dms::pdf
