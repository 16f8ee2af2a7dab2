// SPDX-License-Identifier: GPL-3.0-or-later
#include "RegisterModel.h"

#include "services/ServiceContext.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace dms {

RegisterModel::RegisterModel(ServiceContext &context, QObject *parent)
    : QAbstractTableModel(parent)
    , m_context(context)
    , m_search(context)
    , m_lastError {ErrorCode::Internal, {}, {}}
{ }

RegisterModel::~RegisterModel() = default;

void RegisterModel::setSession(const Session &session)
{
    m_session = session;
    reload();
}

void RegisterModel::setQuery(const SearchQuery &query)
{
    m_query = query;
    reload();
}

Result<SearchResult> RegisterModel::page(int offset)
{
    SearchQuery query = m_query;
    query.offset = offset;
    query.limit = kPageSize;
    return m_search.search(m_session, query);
}

QList<DocumentSummary> RegisterModel::unseen(const QList<DocumentSummary> &hits)
{
    QList<DocumentSummary> fresh;
    for (const DocumentSummary &hit : hits) {
        if (!m_ids.contains(hit.registrationId)) {
            m_ids.insert(hit.registrationId);
            fresh.append(hit);
        }
    }
    return fresh;
}

void RegisterModel::fail(const Error &error)
{
    m_lastError = error;
    Q_EMIT loadFailed(error);
}

void RegisterModel::reload()
{
    Result<SearchResult> first = m_session.isValid() ? page(0) : Result<SearchResult>(SearchResult {});
    m_changing = true;
    beginResetModel();
    m_rows.clear();
    m_ids.clear();
    m_offset = 0;
    m_hasMore = false;
    if (first) {
        m_offset = int(first->hits.size());
        m_hasMore = first->hasMore;
        m_rows = unseen(first->hits);
    }
    endResetModel();
    m_changing = false;
    if (first)
        m_lastError = Error {ErrorCode::Internal, {}, {}};
    else
        fail(first.error());
    Q_EMIT reloaded();
}

int RegisterModel::rowOfRegistration(const QString &registrationId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).registrationId == registrationId)
            return row;
    }
    return -1;
}

int RegisterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RegisterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RegisterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DocumentSummary &row = m_rows.at(index.row());
    const bool annulled = row.status == RegistrationStatus::Annulled;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IndexColumn:
            return row.index;
        case DateColumn:
            return row.registeredAt.toTimeZone(m_context.timeZone)
                .toString(QStringLiteral("dd.MM.yyyy HH:mm"));
        case KindColumn:
            return row.kind;
        case SubjectColumn:
            return row.subject;
        case CorrespondentColumn:
            return row.correspondentName;
        case StatusColumn:
            return displayName(row.status);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SubjectColumn)
            return row.subject;
        if (index.column() == StatusColumn || index.column() == IndexColumn)
            return tr("%1; access: %2").arg(displayName(row.status), displayName(row.accessLevel));
        return {};
    case Qt::FontRole:
        if (annulled) {
            QFont font;
            font.setStrikeOut(index.column() == IndexColumn);
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (annulled)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case RegistrationIdRole:
        return row.registrationId;
    case DocumentIdRole:
        return row.documentId;
    case AnnulledRole:
        return annulled;
    }
    return {};
}

QVariant RegisterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn:
        return tr("Index");
    case DateColumn:
        return tr("Registered");
    case KindColumn:
        return tr("Kind");
    case SubjectColumn:
        return tr("Subject");
    case CorrespondentColumn:
        return tr("Correspondent");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

bool RegisterModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore;
}

void RegisterModel::fetchMore(const QModelIndex &parent)
{
    // Not while the rows change: a slot of ours signals (model testers do that) must
    // not start another change in the middle of one.
    if (parent.isValid() || !m_hasMore || m_changing)
        return;
    auto next = page(m_offset);
    if (!next) {
        // Stop asking: a view would otherwise retry on every scroll.
        m_hasMore = false;
        fail(next.error());
        return;
    }
    m_offset += int(next->hits.size());
    m_hasMore = next->hasMore && !next->hits.isEmpty();
    const QList<DocumentSummary> fresh = unseen(next->hits);
    if (fresh.isEmpty())
        return;
    m_changing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size()) - 1);
    m_rows.append(fresh);
    endInsertRows();
    m_changing = false;
}

} // namespace dms
