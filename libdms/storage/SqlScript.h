// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace dms {

/** Splits an SQL script into statements for drivers that run one at a time.
 *  Semicolons inside quotes, comments, PostgreSQL dollar quotes and the body of
 *  a CREATE TRIGGER … BEGIN … END do not end a statement. */
class SqlScript
{
public:
    static QStringList split(const QString &script);
};

} // namespace dms
