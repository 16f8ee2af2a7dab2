// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QTextStream>

namespace dms::cli {

/** Standard output and error as UTF-8 text, whatever the locale, with the
 *  formats delovodctl prints: plain lines, aligned tables and JSON. */
class Console
{
public:
    Console();
    ~Console();
    Console(const Console &) = delete;
    Console &operator=(const Console &) = delete;

    QTextStream &out() { return m_out; }
    /** Writes one line to standard output. */
    void line(const QString &text = {});
    /** Writes an indented JSON document to standard output. */
    void json(const QJsonValue &value);
    /** Writes rows under a header, columns padded to the widest cell; the last
     *  column is not padded. Nothing but the header for no rows. */
    void table(const QStringList &header, const QList<QStringList> &rows);

    /** "delovodctl: message" on standard error. */
    void error(const QString &message);
    /** An Error as "delovodctl: message (detail)" on standard error. */
    void error(const Error &error);
    /** A line on standard error without the program prefix. */
    void errorLine(const QString &text);

private:
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace dms::cli
