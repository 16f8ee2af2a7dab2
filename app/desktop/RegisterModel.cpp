// SPDX-License-Identifier: GPL-3.0-or-later
#include "RegisterModel.h"

#include "storage/Sql.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace dms {

namespace {

/** The status changed last; of equal times the later in the list (the office
 *  lists them oldest change first). `sent` is not empty. */
const DeskExchangeStatus &latest(const QList<DeskExchangeStatus> &sent)
{
    const DeskExchangeStatus *newest = &sent.constFirst();
    for (const DeskExchangeStatus &status : sent) {
        if (status.updatedAt >= newest->updatedAt)
            newest = &status;
    }
    return *newest;
}

/** Every recipient with the full description, one a line. */
QString exchangeToolTip(const QList<DeskExchangeStatus> &sent)
{
    QStringList lines;
    for (const DeskExchangeStatus &status : sent)
        lines << (status.recipientName.isEmpty()
                      ? DeskExchange::describe(status)
                      : QStringLiteral("%1: %2").arg(status.recipientName, DeskExchange::describe(status)));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

RegisterModel::RegisterModel(DeskReader &reader, const QTimeZone &timeZone, QObject *parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
    , m_timeZone(timeZone)
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

Result<DeskListPage> RegisterModel::page(const std::optional<DeskPageStart> &start)
{
    return m_reader.listPage(m_session, m_query, start, kPageSize);
}

void RegisterModel::fail(const Error &error)
{
    m_lastError = error;
    Q_EMIT loadFailed(error);
}

void RegisterModel::reload()
{
    Result<DeskListPage> first
        = m_session.isValid() ? page(std::nullopt) : Result<DeskListPage>(DeskListPage {});
    m_changing = true;
    beginResetModel();
    m_rows.clear();
    m_exchange.clear();
    m_hasMore = false;
    if (first) {
        m_hasMore = first->entries.hasMore;
        m_rows = first->entries.hits;
        m_exchange = first->exchange;
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
    const bool pending = isPending(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IndexColumn:
            return row.index;
        case DateColumn:
            return row.registeredAt.toTimeZone(m_timeZone).toString(QStringLiteral("dd.MM.yyyy HH:mm"));
        case KindColumn:
            return row.kind;
        case SubjectColumn:
            return row.subject;
        case CorrespondentColumn:
            return row.correspondentName;
        case StatusColumn:
            return pending ? tr("Awaiting number") : displayName(row.status);
        case ExchangeColumn: {
            const QList<DeskExchangeStatus> &sent = m_exchange.at(index.row());
            return sent.isEmpty() ? QString() : DeskExchange::shortDescription(latest(sent));
        }
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SubjectColumn)
            return row.subject;
        if (index.column() == ExchangeColumn)
            return exchangeToolTip(m_exchange.at(index.row()));
        if (pending && (index.column() == StatusColumn || index.column() == IndexColumn))
            return tr(
                "A provisional number of this desk; the server gives the official one when it is reached.");
        if (index.column() == StatusColumn || index.column() == IndexColumn)
            return tr("%1; access: %2").arg(displayName(row.status), displayName(row.accessLevel));
        return {};
    case Qt::FontRole:
        if (annulled || pending) {
            QFont font;
            font.setStrikeOut(annulled && index.column() == IndexColumn);
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (annulled || pending)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case RegistrationIdRole:
        return row.registrationId;
    case DocumentIdRole:
        return row.documentId;
    case AnnulledRole:
        return annulled;
    case PendingRole:
        return pending;
    case ExchangeStatusRole: {
        const QList<DeskExchangeStatus> &sent = m_exchange.at(index.row());
        return sent.isEmpty() ? QString() : latest(sent).status;
    }
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
    case ExchangeColumn:
        return tr("СЕОС");
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
    if (parent.isValid() || !m_hasMore || m_changing || m_rows.isEmpty())
        return;
    const DocumentSummary &last = m_rows.constLast();
    auto next = page(DeskPageStart {Sql::toText(last.registeredAt), last.registrationId});
    if (!next) {
        // Stop asking: a view would otherwise retry on every scroll.
        m_hasMore = false;
        fail(next.error());
        return;
    }
    m_hasMore = next->entries.hasMore && !next->entries.hits.isEmpty();
    if (next->entries.hits.isEmpty())
        return;
    m_changing = true;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + next->entries.hits.size()) - 1);
    m_rows.append(next->entries.hits);
    m_exchange.append(next->exchange);
    endInsertRows();
    m_changing = false;
}

} // namespace dms
