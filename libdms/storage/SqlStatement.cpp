// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SqlStatement.h"

namespace dms {

SqlStatement::SqlStatement(std::unique_ptr<QSqlQuery> owned)
    : m_owned(std::move(owned))
    , m_query(m_owned.get())
{ }

SqlStatement::SqlStatement(QSqlQuery *cached, bool *inUse)
    : m_query(cached)
    , m_inUse(inUse)
{ }

SqlStatement::SqlStatement(SqlStatement &&other) noexcept
    : m_owned(std::move(other.m_owned))
    , m_query(other.m_query)
    , m_inUse(other.m_inUse)
{
    other.m_query = nullptr;
    other.m_inUse = nullptr;
}

SqlStatement::~SqlStatement()
{
    if (m_query && m_inUse) {
        m_query->finish();
        *m_inUse = false;
    }
}

} // namespace dms
