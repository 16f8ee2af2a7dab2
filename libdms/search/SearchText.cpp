// SPDX-License-Identifier: GPL-3.0-or-later
#include "search/SearchText.h"

namespace dms {

QStringList SearchText::words(const QString &text)
{
    const QString folded = key(text);
    QStringList out;
    QString current;
    for (const QChar c : folded) {
        if (c.isLetterOrNumber() || c.category() == QChar::Mark_NonSpacing) {
            current += c;
        } else if (!current.isEmpty()) {
            out << current;
            current.clear();
        }
    }
    if (!current.isEmpty())
        out << current;
    return out;
}

QString SearchText::terms(const QString &text)
{
    return words(text).join(QLatin1Char(' '));
}

QString SearchText::key(const QString &text)
{
    return text.normalized(QString::NormalizationForm_C).toCaseFolded().simplified();
}

} // namespace dms
